//! Evaluation (評価) at the deadline or the period's end: achieved, partially
//! or not, with the measured value, evidence, evaluator, date and next action.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::form::FieldErrors;
use super::objective::ObjectiveStatus;
use super::policy::optional_date;
use super::text;
use super::text_enum;

text_enum!(
    EvaluationResult, "evaluation-result", {
        Achieved => "achieved",
        PartiallyAchieved => "partially_achieved",
        NotAchieved => "not_achieved",
    }
);

impl EvaluationResult {
    /// The objective status an evaluation settles.
    pub fn objective_status(self) -> ObjectiveStatus {
        match self {
            EvaluationResult::Achieved => ObjectiveStatus::Achieved,
            EvaluationResult::PartiallyAchieved => ObjectiveStatus::PartiallyAchieved,
            EvaluationResult::NotAchieved => ObjectiveStatus::NotAchieved,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Evaluation {
    pub id: i64,
    pub record_type: String,
    pub record_id: i64,
    pub result: EvaluationResult,
    pub measured_value: Option<String>,
    pub evidence: Option<String>,
    pub evaluator: String,
    pub evaluated_on: NaiveDate,
    pub next_action: Option<String>,
    pub version: i64,
}

#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(default)]
pub struct EvaluationForm {
    pub result: String,
    pub measured_value: String,
    pub evidence: String,
    pub evaluator: String,
    pub evaluated_on: String,
    pub next_action: String,
    pub version: String,
}

impl EvaluationForm {
    pub fn from_evaluation(e: &Evaluation) -> Self {
        EvaluationForm {
            result: e.result.as_str().into(),
            measured_value: e.measured_value.clone().unwrap_or_default(),
            evidence: e.evidence.clone().unwrap_or_default(),
            evaluator: e.evaluator.clone(),
            evaluated_on: e.evaluated_on.to_string(),
            next_action: e.next_action.clone().unwrap_or_default(),
            version: e.version.to_string(),
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct EvaluationDraft {
    pub result: EvaluationResult,
    pub measured_value: Option<String>,
    pub evidence: Option<String>,
    pub evaluator: String,
    pub evaluated_on: NaiveDate,
    pub next_action: Option<String>,
}

impl EvaluationDraft {
    pub fn parse(form: &EvaluationForm) -> Result<Self, FieldErrors> {
        let mut e = FieldErrors::default();
        let result = e.take("result", EvaluationResult::parse(&form.result));
        let measured_value = e.take("measured_value", text::optional(&form.measured_value, 200));
        let evidence = e.take("evidence", text::optional(&form.evidence, 2000));
        let evaluator = e.take("evaluator", text::required(&form.evaluator, 200));
        let evaluated_on = e.take("evaluated_on", optional_date(&form.evaluated_on));
        if evaluated_on.is_none() && e.get("evaluated_on").is_none() {
            e.add("evaluated_on", super::invalid::Invalid::new("invalid-required"));
        }
        let next_action = e.take("next_action", text::optional(&form.next_action, 2000));
        let Some(evaluated_on) = evaluated_on else { return Err(e) };
        e.finish(EvaluationDraft { result, measured_value, evidence, evaluator, evaluated_on, next_action })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_evaluation_needs_result_evaluator_and_date() {
        let e = EvaluationDraft::parse(&EvaluationForm::default()).unwrap_err();
        assert_eq!(e.fields().collect::<Vec<_>>(), ["result", "evaluator", "evaluated_on"]);
        let ok = EvaluationDraft::parse(&EvaluationForm {
            result: "partially_achieved".into(),
            evaluator: "山田 太郎".into(),
            evaluated_on: "令和8年3月31日".into(),
            measured_value: "95点以上 78%".into(),
            ..Default::default()
        })
        .unwrap();
        assert_eq!(ok.result.objective_status(), ObjectiveStatus::PartiallyAchieved);
        assert_eq!(ok.evaluated_on, NaiveDate::from_ymd_opt(2026, 3, 31).unwrap());
    }
}
