//! Inputs (インプット): the grounds from which an objective was decided.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::form::FieldErrors;
use super::invalid::Invalid;
use super::policy::optional_date;
use super::text;
use super::text_enum;
use super::vocabulary::INPUT_KINDS;

text_enum!(
    /// The kinds of source named in domain.md.
    InputKind, "input-kind", {
        ManagementReview => "management_review",
        TopManagement => "top_management",
        RiskAssessment => "risk_assessment",
        InternalAudit => "internal_audit",
        ExternalAudit => "external_audit",
        Incident => "incident",
        Legal => "legal",
        Contract => "contract",
        InterestedParties => "interested_parties",
        Other => "other",
    }
);

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Input {
    pub id: i64,
    pub objective_id: i64,
    pub kind: InputKind,
    pub occurred_on: Option<NaiveDate>,
    pub reference: String,
    pub archived: bool,
    pub version: i64,
}

#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(default)]
pub struct InputForm {
    pub kind: String,
    pub occurred_on: String,
    pub reference: String,
    pub archived: String,
    pub version: String,
}

impl InputForm {
    pub fn from_input(i: &Input) -> Self {
        InputForm {
            kind: i.kind.as_str().into(),
            occurred_on: i.occurred_on.map(|d| d.to_string()).unwrap_or_default(),
            reference: i.reference.clone(),
            archived: if i.archived { "on".into() } else { String::new() },
            version: i.version.to_string(),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InputDraft {
    pub kind: InputKind,
    pub occurred_on: Option<NaiveDate>,
    pub reference: String,
    pub archived: bool,
}

impl InputDraft {
    pub fn parse(form: &InputForm) -> Result<Self, FieldErrors> {
        let mut e = FieldErrors::default();
        let kind = e.take("kind", kind_of(form));
        let occurred_on = e.take("occurred_on", optional_date(&form.occurred_on));
        let reference = e.take("reference", text::required(&form.reference, 500));
        e.finish(InputDraft { kind, occurred_on, reference, archived: !form.archived.is_empty() })
    }
}

/// The kind chosen, or typed as the sheet writes it (`MR`, `社長指示`); left
/// blank, the kind the reference's first words name (`MR（2025年3月）`), or
/// "other" when they name none.
fn kind_of(form: &InputForm) -> Result<InputKind, Invalid> {
    if text::normalize(&form.kind).is_empty() {
        return Ok(INPUT_KINDS.at_start(&form.reference).map_or(InputKind::Other, |n| n.value));
    }
    InputKind::parse(&form.kind).or_else(|why| INPUT_KINDS.whole(&form.kind).ok_or(why))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_input_needs_a_known_kind_and_a_reference() {
        let e = InputDraft::parse(&InputForm { kind: "rumour".into(), ..Default::default() }).unwrap_err();
        assert_eq!(e.get("kind").unwrap().key, "invalid-choice");
        assert_eq!(e.get("reference").unwrap().key, "invalid-required");
        let ok = InputDraft::parse(&InputForm {
            kind: "management_review".into(),
            occurred_on: "2025/3/14".into(),
            reference: "2025年3月 マネジメントレビュー議事録 4項".into(),
            ..Default::default()
        })
        .unwrap();
        assert_eq!(ok.occurred_on, NaiveDate::from_ymd_opt(2025, 3, 14));
    }

    #[test]
    fn the_kind_can_be_typed_as_the_sheet_writes_it_or_told_from_the_reference() {
        let parse = |kind: &str, reference: &str| {
            InputDraft::parse(&InputForm { kind: kind.into(), reference: reference.into(), ..Default::default() })
                .map(|d| d.kind)
        };
        assert_eq!(parse("", "MR（2025年3月）"), Ok(InputKind::ManagementReview));
        assert_eq!(parse("　", "社長指示 2025/4"), Ok(InputKind::TopManagement));
        assert_eq!(parse("", "取引先の要請"), Ok(InputKind::Other));
        assert_eq!(parse("ＲＡ", "2025年6月の結果"), Ok(InputKind::RiskAssessment));
        assert_eq!(parse("顧客要求", "A社との契約書 5条"), Ok(InputKind::Contract));
        assert_eq!(parse("internal_audit", "MR"), Ok(InputKind::InternalAudit), "a chosen kind wins");
        assert_eq!(parse("噂", "x").unwrap_err().get("kind").unwrap().key, "invalid-choice");
    }
}
