//! Reviews (見直し, 6.2 e) of an objective: when, by whom, what prompted it,
//! and the decision to keep, change or close it.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::form::FieldErrors;
use super::measurement::required_date;
use super::text;
use super::text_enum;

text_enum!(
    /// 判断: continue the objective as it is, change it, or close it.
    ReviewDecision, "review-decision", {
        Keep => "keep",
        Change => "change",
        Close => "close",
    }
);

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Review {
    pub id: i64,
    pub objective_id: i64,
    pub reviewed_on: NaiveDate,
    pub reviewer: String,
    pub trigger: String,
    pub decision: ReviewDecision,
    pub notes: Option<String>,
    pub archived: bool,
    pub version: i64,
}

/// The latest review that is not archived.
pub fn latest(all: &[Review]) -> Option<&Review> {
    all.iter().filter(|r| !r.archived).max_by_key(|r| (r.reviewed_on, r.id))
}

#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(default)]
pub struct ReviewForm {
    pub reviewed_on: String,
    pub reviewer: String,
    pub trigger: String,
    pub decision: String,
    pub notes: String,
    pub archived: String,
    pub version: String,
}

impl ReviewForm {
    pub fn from_review(r: &Review) -> Self {
        ReviewForm {
            reviewed_on: r.reviewed_on.to_string(),
            reviewer: r.reviewer.clone(),
            trigger: r.trigger.clone(),
            decision: r.decision.as_str().into(),
            notes: r.notes.clone().unwrap_or_default(),
            archived: if r.archived { "on".into() } else { String::new() },
            version: r.version.to_string(),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReviewDraft {
    pub reviewed_on: NaiveDate,
    pub reviewer: String,
    pub trigger: String,
    pub decision: ReviewDecision,
    pub notes: Option<String>,
    pub archived: bool,
}

impl ReviewDraft {
    pub fn parse(form: &ReviewForm) -> Result<Self, FieldErrors> {
        let mut e = FieldErrors::default();
        let reviewed_on = e.take("reviewed_on", required_date(&form.reviewed_on));
        let reviewer = e.take("reviewer", text::required(&form.reviewer, 200));
        let trigger = e.take("trigger", text::required(&form.trigger, 500));
        let decision = e.take("decision", ReviewDecision::parse(&form.decision));
        let notes = e.take("notes", text::optional(&form.notes, 2000));
        e.finish(ReviewDraft { reviewed_on, reviewer, trigger, decision, notes, archived: !form.archived.is_empty() })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_review_needs_its_trigger_and_a_known_decision() {
        let e = ReviewDraft::parse(&ReviewForm { decision: "maybe".into(), ..Default::default() }).unwrap_err();
        assert_eq!(e.get("decision").unwrap().key, "invalid-choice");
        assert_eq!(e.get("trigger").unwrap().key, "invalid-required");
        assert_eq!(e.get("reviewed_on").unwrap().key, "invalid-required");
        let ok = ReviewDraft::parse(&ReviewForm {
            reviewed_on: "R8.10.15".into(),
            reviewer: "ISMS委員会".into(),
            trigger: "上期の実績確認".into(),
            decision: "change".into(),
            ..Default::default()
        })
        .unwrap();
        assert_eq!(ok.decision, ReviewDecision::Change);
        assert_eq!(ok.reviewed_on, NaiveDate::from_ymd_opt(2026, 10, 15).unwrap());
    }
}
