//! Information security objectives (6.2): what the organization wants to reach
//! in a period, and the grounds on which it can be judged.

use serde::{Deserialize, Serialize};

use super::code::Code;
use super::form::FieldErrors;
use super::invalid::Invalid;
use super::text;
use super::text_enum;

text_enum!(
    /// draft → active → achieved | partially achieved | not achieved | withdrawn.
    ObjectiveStatus, "objective-status", {
        Draft => "draft",
        Active => "active",
        Achieved => "achieved",
        PartiallyAchieved => "partially_achieved",
        NotAchieved => "not_achieved",
        Withdrawn => "withdrawn",
    }
);

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Objective {
    pub id: i64,
    pub org_id: i64,
    /// The fiscal year, named by the year it starts in.
    pub period: i32,
    pub code: Code,
    pub title: String,
    pub description: Option<String>,
    pub department: Option<String>,
    pub level: Option<String>,
    pub status: ObjectiveStatus,
    /// 6.2 b where no number fits: why, and how it is judged instead.
    pub unmeasurable_reason: Option<String>,
    pub qualitative_method: Option<String>,
    /// The objective of the previous period this one was carried over from.
    pub carried_from_id: Option<i64>,
    pub version: i64,
}

/// The objective form as submitted: raw text, nothing trusted yet.
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(default)]
pub struct ObjectiveForm {
    pub code: String,
    pub title: String,
    pub description: String,
    pub department: String,
    pub level: String,
    pub status: String,
    pub unmeasurable_reason: String,
    pub qualitative_method: String,
    /// Ids of the linked policy statements (checkboxes).
    pub statements: Vec<String>,
    /// Ids of the risks it takes into account (6.2 c).
    pub risks: Vec<String>,
    /// The period a new objective goes into (a hidden field; ignored on edit).
    pub period: String,
    pub version: String,
}

impl ObjectiveForm {
    pub fn from_objective(o: &Objective, statement_ids: &[i64], risk_ids: &[i64]) -> Self {
        ObjectiveForm {
            code: o.code.to_string(),
            title: o.title.clone(),
            description: o.description.clone().unwrap_or_default(),
            department: o.department.clone().unwrap_or_default(),
            level: o.level.clone().unwrap_or_default(),
            status: o.status.as_str().into(),
            unmeasurable_reason: o.unmeasurable_reason.clone().unwrap_or_default(),
            qualitative_method: o.qualitative_method.clone().unwrap_or_default(),
            statements: statement_ids.iter().map(i64::to_string).collect(),
            risks: risk_ids.iter().map(i64::to_string).collect(),
            period: o.period.to_string(),
            version: o.version.to_string(),
        }
    }
}

/// An objective that passed validation, ready to keep.
#[derive(Debug, Clone, PartialEq)]
pub struct ObjectiveDraft {
    pub code: Code,
    pub title: String,
    pub description: Option<String>,
    pub department: Option<String>,
    pub level: Option<String>,
    pub status: ObjectiveStatus,
    pub unmeasurable_reason: Option<String>,
    pub qualitative_method: Option<String>,
    pub statement_ids: Vec<i64>,
    pub risk_ids: Vec<i64>,
}

impl ObjectiveDraft {
    pub fn parse(form: &ObjectiveForm) -> Result<Self, FieldErrors> {
        let mut e = FieldErrors::default();
        let code = e.take("code", Code::parse(&form.code).map(Some));
        let title = e.take("title", text::required(&form.title, 300));
        let description = e.take("description", text::optional(&form.description, 4000));
        let department = e.take("department", text::optional(&form.department, 100));
        let level = e.take("level", text::optional(&form.level, 100));
        let status = if form.status.trim().is_empty() {
            ObjectiveStatus::Draft
        } else {
            e.take("status", ObjectiveStatus::parse(&form.status))
        };
        let reason = e.take("unmeasurable_reason", text::optional(&form.unmeasurable_reason, 2000));
        let method = e.take("qualitative_method", text::optional(&form.qualitative_method, 2000));
        // 6.2 b: a reason without a method (or the reverse) leaves the objective unjudgeable.
        match (&reason, &method) {
            (Some(_), None) => e.add("qualitative_method", Invalid::new("invalid-qualitative-method-needed")),
            (None, Some(_)) => e.add("unmeasurable_reason", Invalid::new("invalid-unmeasurable-reason-needed")),
            _ => {}
        }
        let mut statement_ids = Vec::new();
        for raw in &form.statements {
            match raw.trim().parse::<i64>() {
                Ok(id) if !statement_ids.contains(&id) => statement_ids.push(id),
                Ok(_) => {}
                Err(_) => e.add("statements", Invalid::new("invalid-choice").with("value", raw.trim())),
            }
        }
        // A refused code has already been recorded in `e`.
        let Some(code) = code else { return Err(e) };
        let risk_ids = e.take("risks", ids(&form.risks));
        e.finish(ObjectiveDraft {
            code,
            title,
            description,
            department,
            level,
            status,
            unmeasurable_reason: reason,
            qualitative_method: method,
            statement_ids,
            risk_ids,
        })
    }
}

/// Ids chosen with checkboxes, without repeats; anything but a number is forged.
fn ids(raw: &[String]) -> Result<Vec<i64>, Invalid> {
    let mut out = Vec::new();
    for r in raw {
        let id = r.trim().parse::<i64>().map_err(|_| Invalid::new("invalid-choice").with("value", r.trim()))?;
        if !out.contains(&id) {
            out.push(id);
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn form() -> ObjectiveForm {
        ObjectiveForm { code: "1".into(), title: "ISMS認証を取得する".into(), ..Default::default() }
    }

    #[test]
    fn a_minimal_objective_is_a_draft() {
        let d = ObjectiveDraft::parse(&form()).unwrap();
        assert_eq!(d.status, ObjectiveStatus::Draft);
        assert_eq!(d.code.as_str(), "1");
        assert_eq!(d.description, None);
    }

    #[test]
    fn every_bad_field_is_reported_at_once() {
        let f = ObjectiveForm {
            code: "no spaces allowed".into(),
            title: "  ".into(),
            status: "finished".into(),
            statements: vec!["x".into()],
            ..Default::default()
        };
        let e = ObjectiveDraft::parse(&f).unwrap_err();
        let fields: Vec<&str> = e.fields().collect();
        assert_eq!(fields, ["code", "title", "status", "statements"]);
    }

    #[test]
    fn unmeasurable_needs_both_reason_and_method() {
        let f = ObjectiveForm { unmeasurable_reason: "数値化できない".into(), ..form() };
        let e = ObjectiveDraft::parse(&f).unwrap_err();
        assert_eq!(e.get("qualitative_method").unwrap().key, "invalid-qualitative-method-needed");
        let f = ObjectiveForm { qualitative_method: "月次ヒアリング".into(), ..f };
        assert!(ObjectiveDraft::parse(&f).is_ok());
    }

    #[test]
    fn statement_links_are_deduplicated() {
        let f = ObjectiveForm { statements: vec!["3".into(), "3".into(), "5".into()], ..form() };
        assert_eq!(ObjectiveDraft::parse(&f).unwrap().statement_ids, vec![3, 5]);
    }

    #[test]
    fn every_status_round_trips_through_its_stored_name() {
        for s in ObjectiveStatus::ALL {
            assert_eq!(ObjectiveStatus::parse(s.as_str()), Ok(*s));
            assert!(s.label_key().starts_with("objective-status-"));
        }
    }
}
