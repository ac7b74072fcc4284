//! Plans to achieve an objective (6.2 f–j): one row of the management table.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::deadline::Deadline;
use super::form::{FieldErrors, optional_id};
use super::invalid::Invalid;
use super::money::Money;
use super::text;
use super::text_enum;

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
    pub deadline: Option<NaiveDate>,
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
            deadline: p.deadline.map(|d| d.to_string()).unwrap_or_default(),
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
    pub evaluation_method: Option<String>,
    pub indicator_id: Option<i64>,
    pub status: PlanStatus,
}

impl PlanDraft {
    pub fn parse(form: &PlanForm) -> Result<Self, FieldErrors> {
        let mut e = FieldErrors::default();
        let actions = e.take("actions", text::optional(&form.actions, 4000));
        let resources = e.take("resources", text::optional(&form.resources, 2000));
        let budget = e.take("budget_amount", parse_budget(&form.budget_amount, &form.budget_currency));
        let responsible_user_id = e.take("responsible_user_id", optional_id(&form.responsible_user_id));
        let responsible_name = e.take("responsible_name", text::optional(&form.responsible_name, 200));
        let deadline = e.take("deadline", optional_deadline(&form.deadline));
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

fn optional_deadline(raw: &str) -> Result<Option<NaiveDate>, Invalid> {
    if text::normalize(raw).is_empty() {
        return Ok(None);
    }
    Deadline::parse(raw).map(|d| Some(d.date()))
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
