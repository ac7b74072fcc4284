//! Communication records (伝達, 6.2 d): to whom an objective was
//! communicated, how, when, by whom, and how understanding was confirmed.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::form::FieldErrors;
use super::measurement::required_date;
use super::text;

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Communication {
    pub id: i64,
    pub objective_id: i64,
    pub communicated_on: NaiveDate,
    pub audience: String,
    pub method: String,
    pub communicated_by: String,
    pub acknowledgement: Option<String>,
    pub archived: bool,
    pub version: i64,
}

/// The latest communication that is not archived.
pub fn latest(all: &[Communication]) -> Option<&Communication> {
    all.iter().filter(|c| !c.archived).max_by_key(|c| (c.communicated_on, c.id))
}

#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(default)]
pub struct CommunicationForm {
    pub communicated_on: String,
    pub audience: String,
    pub method: String,
    pub communicated_by: String,
    pub acknowledgement: String,
    pub archived: String,
    pub version: String,
}

impl CommunicationForm {
    pub fn from_communication(c: &Communication) -> Self {
        CommunicationForm {
            communicated_on: c.communicated_on.to_string(),
            audience: c.audience.clone(),
            method: c.method.clone(),
            communicated_by: c.communicated_by.clone(),
            acknowledgement: c.acknowledgement.clone().unwrap_or_default(),
            archived: if c.archived { "on".into() } else { String::new() },
            version: c.version.to_string(),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CommunicationDraft {
    pub communicated_on: NaiveDate,
    pub audience: String,
    pub method: String,
    pub communicated_by: String,
    pub acknowledgement: Option<String>,
    pub archived: bool,
}

impl CommunicationDraft {
    pub fn parse(form: &CommunicationForm) -> Result<Self, FieldErrors> {
        let mut e = FieldErrors::default();
        let communicated_on = e.take("communicated_on", required_date(&form.communicated_on));
        let audience = e.take("audience", text::required(&form.audience, 200));
        let method = e.take("method", text::required(&form.method, 500));
        let communicated_by = e.take("communicated_by", text::required(&form.communicated_by, 200));
        let acknowledgement = e.take("acknowledgement", text::optional(&form.acknowledgement, 1000));
        e.finish(CommunicationDraft {
            communicated_on,
            audience,
            method,
            communicated_by,
            acknowledgement,
            archived: !form.archived.is_empty(),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_communication_names_date_audience_method_and_sender() {
        let e = CommunicationDraft::parse(&CommunicationForm::default()).unwrap_err();
        for field in ["communicated_on", "audience", "method", "communicated_by"] {
            assert_eq!(e.get(field).unwrap().key, "invalid-required", "{field}");
        }
        assert!(e.get("acknowledgement").is_none());
        let ok = CommunicationDraft::parse(&CommunicationForm {
            communicated_on: "2026年4月7日".into(),
            audience: "全従業員".into(),
            method: "全社朝礼".into(),
            communicated_by: "山田 太郎（ISMS事務局長）".into(),
            ..Default::default()
        })
        .unwrap();
        assert_eq!(ok.communicated_on, NaiveDate::from_ymd_opt(2026, 4, 7).unwrap());
        assert_eq!(ok.communicated_by, "山田 太郎（ISMS事務局長）");
    }
}
