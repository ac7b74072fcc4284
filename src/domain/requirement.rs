//! Requirements an objective takes into account (6.2 c): legal and
//! regulatory, contractual, and those of interested parties.

use serde::{Deserialize, Serialize};

use super::form::FieldErrors;
use super::text;
use super::text_enum;

text_enum!(
    RequirementKind, "requirement-kind", {
        Legal => "legal",
        Contractual => "contractual",
        InterestedParty => "interested_party",
    }
);

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Requirement {
    pub id: i64,
    pub objective_id: i64,
    pub kind: RequirementKind,
    pub text: String,
    pub archived: bool,
    pub version: i64,
}

#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(default)]
pub struct RequirementForm {
    pub kind: String,
    pub text: String,
    pub archived: String,
    pub version: String,
}

impl RequirementForm {
    pub fn from_requirement(r: &Requirement) -> Self {
        RequirementForm {
            kind: r.kind.as_str().into(),
            text: r.text.clone(),
            archived: if r.archived { "on".into() } else { String::new() },
            version: r.version.to_string(),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RequirementDraft {
    pub kind: RequirementKind,
    pub text: String,
    pub archived: bool,
}

impl RequirementDraft {
    pub fn parse(form: &RequirementForm) -> Result<Self, FieldErrors> {
        let mut e = FieldErrors::default();
        let kind = e.take("kind", RequirementKind::parse(&form.kind));
        let text = e.take("text", text::required(&form.text, 1000));
        e.finish(RequirementDraft { kind, text, archived: !form.archived.is_empty() })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_requirement_needs_kind_and_text() {
        let e = RequirementDraft::parse(&RequirementForm::default()).unwrap_err();
        assert_eq!(e.fields().collect::<Vec<_>>(), ["kind", "text"]);
        let ok = RequirementDraft::parse(&RequirementForm {
            kind: "legal".into(),
            text: "個人情報保護法".into(),
            ..Default::default()
        });
        assert_eq!(ok.unwrap().kind, RequirementKind::Legal);
    }
}
