//! Plans to achieve an objective (6.2 f–j): one row of the management table.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::deadline::Deadline;
use super::form::{FieldErrors, optional_id};
use super::invalid::Invalid;
use super::money::Money;
use super::period::Period;
use super::text;
use super::text_enum;
use super::written_deadline::WrittenDeadline;

text_enum!(
    /// The stored status; "delayed" is derived from the months and the deadline.
    PlanStatus, "plan-status", {
        NotStarted => "not_started",
        OnTrack => "on_track",
        Done => "done",
        Cancelled => "cancelled",
    }
);

/// A plan: one row of the management table.
/// What a plan serves: an objective (6.2) or a risk treatment (6.1.3).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum PlanParent {
    Objective(i64),
    Treatment(i64),
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Plan {
    pub id: i64,
    pub parent: PlanParent,
    /// Position among its parent's plans; gives the sheet's `1`, `1-2`, ….
    pub position: i64,
    pub actions: Option<String>,
    pub resources: Option<String>,
    pub budget: Option<Money>,
    /// The account of the responsible person, when they are a user here;
    /// owners may update exactly the plans that name them.
    pub responsible_user_id: Option<i64>,
    /// The responsible person's name as shown (the user's name at the time
    /// of saving, or a person who has no account).
    pub responsible_name: Option<String>,
    /// The date that counts for delay and reminders.
    pub deadline: Option<NaiveDate>,
    /// The deadline as written when its words name no date (`通年`, `随時`);
    /// `deadline` is then the period's last day.
    pub deadline_text: Option<String>,
    pub evaluation_method: Option<String>,
    /// The indicator whose target judges this plan (j), if any.
    pub indicator_id: Option<i64>,
    pub status: PlanStatus,
    /// The plan of the previous period this one was carried over from.
    pub carried_from_id: Option<i64>,
    pub version: i64,
}

impl Plan {
    /// The objective this plan serves, if it serves one.
    pub fn objective_id(&self) -> Option<i64> {
        match self.parent {
            PlanParent::Objective(id) => Some(id),
            PlanParent::Treatment(_) => None,
        }
    }

    /// The sheet's number: the objective's code for its first plan, then `code-2`, `code-3`….
    pub fn number(&self, objective_code: &str) -> String {
        if self.position <= 1 { objective_code.to_string() } else { format!("{objective_code}-{}", self.position) }
    }
}

#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(default)]
pub struct PlanForm {
    pub actions: String,
    pub resources: String,
    pub budget_amount: String,
    pub budget_currency: String,
    pub responsible_user_id: String,
    pub responsible_name: String,
    pub deadline: String,
    pub evaluation_method: String,
    pub indicator_id: String,
    pub status: String,
    pub version: String,
}

impl PlanForm {
    pub fn from_plan(p: &Plan) -> Self {
        PlanForm {
            actions: p.actions.clone().unwrap_or_default(),
            resources: p.resources.clone().unwrap_or_default(),
            budget_amount: p.budget.as_ref().map(|m| m.to_string()).unwrap_or_default(),
            budget_currency: p.budget.as_ref().map(|m| m.currency().to_string()).unwrap_or_default(),
            responsible_user_id: p.responsible_user_id.map(|i| i.to_string()).unwrap_or_default(),
            // A user's name is shown by the user select, not typed again.
            responsible_name: if p.responsible_user_id.is_some() {
                String::new()
            } else {
                p.responsible_name.clone().unwrap_or_default()
            },
            // Words are shown as written, so saving the form keeps them.
            deadline: p.deadline_text.clone().or_else(|| p.deadline.map(|d| d.to_string())).unwrap_or_default(),
            evaluation_method: p.evaluation_method.clone().unwrap_or_default(),
            indicator_id: p.indicator_id.map(|i| i.to_string()).unwrap_or_default(),
            status: p.status.as_str().into(),
            version: p.version.to_string(),
        }
    }
}

/// A plan that passed validation. Items f–j may still be blank: a plan is
/// often written down before it is complete, and the audit check reports the gaps.
#[derive(Debug, Clone, PartialEq)]
pub struct PlanDraft {
    pub actions: Option<String>,
    pub resources: Option<String>,
    pub budget: Option<Money>,
    /// A user of the organization; the store checks membership and takes their name.
    pub responsible_user_id: Option<i64>,
    pub responsible_name: Option<String>,
    pub deadline: Option<NaiveDate>,
    /// See [`Plan::deadline_text`].
    pub deadline_text: Option<String>,
    pub evaluation_method: Option<String>,
    pub indicator_id: Option<i64>,
    pub status: PlanStatus,
}

/// A deadline field read: the date that counts, and the words when they name no date.
type ReadDeadline = (Option<NaiveDate>, Option<String>);

impl PlanDraft {
    /// A plan whose deadline is a date in full (`2026/3/31`, `令和8年3月31日`),
    /// for callers that know no period (demo data, tests).
    pub fn parse(form: &PlanForm) -> Result<Self, FieldErrors> {
        Self::parse_with(form, |raw| Ok((Some(Deadline::parse(raw)?.date()), None)))
    }

    /// A plan of `period`, whose deadline may also be written as people
    /// write it in the management table: `年度末`, `9月末`, `通年`.
    pub fn parse_in(form: &PlanForm, period: Period) -> Result<Self, FieldErrors> {
        Self::parse_with(form, |raw| {
            let read = WrittenDeadline::read(raw, period)?;
            Ok((Some(read.date().date()), read.words().map(str::to_string)))
        })
    }

    fn parse_with(
        form: &PlanForm,
        read_deadline: impl Fn(&str) -> Result<ReadDeadline, Invalid>,
    ) -> Result<Self, FieldErrors> {
        let mut e = FieldErrors::default();
        let actions = e.take("actions", text::optional(&form.actions, 4000));
        let resources = e.take("resources", text::optional(&form.resources, 2000));
        let budget = e.take("budget_amount", parse_budget(&form.budget_amount, &form.budget_currency));
        let responsible_user_id = e.take("responsible_user_id", optional_id(&form.responsible_user_id));
        let responsible_name = e.take("responsible_name", text::optional(&form.responsible_name, 200));
        let blank = text::normalize(&form.deadline).is_empty();
        let read = if blank { Ok((None, None)) } else { read_deadline(&form.deadline) };
        let (deadline, deadline_text) = e.take("deadline", read);
        let evaluation_method = e.take("evaluation_method", text::optional(&form.evaluation_method, 2000));
        let indicator_id = e.take("indicator_id", optional_id(&form.indicator_id));
        let status = if form.status.trim().is_empty() {
            PlanStatus::NotStarted
        } else {
            e.take("status", PlanStatus::parse(&form.status))
        };
        e.finish(PlanDraft {
            actions,
            resources,
            budget,
            responsible_user_id,
            responsible_name,
            deadline,
            deadline_text,
            evaluation_method,
            indicator_id,
            status,
        })
    }
}

/// A budget is optional; its currency defaults to yen.
fn parse_budget(amount: &str, currency: &str) -> Result<Option<Money>, Invalid> {
    if text::normalize(amount).is_empty() {
        return Ok(None);
    }
    let currency = if text::normalize(currency).is_empty() { "JPY" } else { currency };
    Money::parse(amount, currency).map(Some)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_blank_plan_is_kept_as_not_started() {
        let d = PlanDraft::parse(&PlanForm::default()).unwrap();
        assert_eq!(d.status, PlanStatus::NotStarted);
        assert_eq!(d.budget, None);
    }

    #[test]
    fn deadline_and_budget_accept_the_sheet_forms() {
        let d = PlanDraft::parse(&PlanForm {
            deadline: "2026年3月末".into(),
            budget_amount: "150万円".into(),
            ..Default::default()
        })
        .unwrap();
        assert_eq!(d.deadline, NaiveDate::from_ymd_opt(2026, 3, 31));
        assert_eq!(d.budget.unwrap().minor(), 1_500_000);
    }

    #[test]
    fn in_its_period_a_deadline_may_be_written_as_in_the_sheet() {
        let period = Period::new(2025, 4).unwrap();
        let form = |deadline: &str| PlanForm { deadline: deadline.into(), ..Default::default() };
        let d = PlanDraft::parse_in(&form("上期末"), period).unwrap();
        assert_eq!((d.deadline, d.deadline_text), (NaiveDate::from_ymd_opt(2025, 9, 30), None));
        let d = PlanDraft::parse_in(&form("通年"), period).unwrap();
        assert_eq!((d.deadline, d.deadline_text.as_deref()), (NaiveDate::from_ymd_opt(2026, 3, 31), Some("通年")));
        let e = PlanDraft::parse_in(&form("来年のどこか"), period).unwrap_err();
        assert_eq!(e.get("deadline").map(|e| e.key), Some("invalid-deadline"));
        // Without a period only a date in full is a deadline.
        assert!(PlanDraft::parse(&form("通年")).is_err());
    }

    #[test]
    fn words_come_back_to_the_form_as_written() {
        let period = Period::new(2025, 4).unwrap();
        let draft = PlanDraft::parse_in(&PlanForm { deadline: "随時".into(), ..Default::default() }, period).unwrap();
        let plan = Plan {
            deadline: draft.deadline,
            deadline_text: draft.deadline_text,
            ..crate::domain::test_records::plan(1, PlanParent::Objective(1), "実施")
        };
        assert_eq!(PlanForm::from_plan(&plan).deadline, "随時");
        let dated = Plan { deadline_text: None, ..plan };
        assert_eq!(PlanForm::from_plan(&dated).deadline, "2026-03-31");
    }

    #[test]
    fn bad_fields_are_named() {
        let e = PlanDraft::parse(&PlanForm {
            deadline: "2026-02-30".into(),
            budget_amount: "-5".into(),
            status: "delayed".into(),
            indicator_id: "x".into(),
            ..Default::default()
        })
        .unwrap_err();
        assert_eq!(e.fields().collect::<Vec<_>>(), ["budget_amount", "deadline", "indicator_id", "status"]);
    }

    #[test]
    fn numbers_follow_the_sheet() {
        let mut p = Plan {
            id: 1,
            parent: PlanParent::Objective(1),
            position: 1,
            actions: None,
            resources: None,
            budget: None,
            responsible_user_id: None,
            responsible_name: None,
            deadline: None,
            deadline_text: None,
            evaluation_method: None,
            indicator_id: None,
            status: PlanStatus::NotStarted,
            carried_from_id: None,
            version: 1,
        };
        assert_eq!(p.number("2"), "2");
        p.position = 2;
        assert_eq!(p.number("2"), "2-2");
    }
}
