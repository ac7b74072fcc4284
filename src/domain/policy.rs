//! The information security policy: versions, each with numbered statements
//! that objectives link to (6.2 a).

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::deadline::Deadline;
use super::form::FieldErrors;
use super::invalid::Invalid;
use super::text;

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PolicyVersion {
    pub id: i64,
    pub version_no: i64,
    pub title: String,
    pub approved_on: Option<NaiveDate>,
    /// Only the newest version is current; older ones stay for the record.
    pub is_current: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PolicyStatement {
    pub id: i64,
    pub policy_version_id: i64,
    pub version_no: i64,
    pub number: i64,
    pub text: String,
    pub archived: bool,
    pub version: i64,
}

impl PolicyStatement {
    /// How people cite it: `v2-3` is statement 3 of policy version 2.
    pub fn reference(&self) -> String {
        format!("v{}-{}", self.version_no, self.number)
    }
}

#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(default)]
pub struct PolicyVersionForm {
    pub title: String,
    pub approved_on: String,
    /// Carry the current version's statements into the new one.
    pub copy_statements: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PolicyVersionDraft {
    pub title: String,
    pub approved_on: Option<NaiveDate>,
    pub copy_statements: bool,
}

impl PolicyVersionDraft {
    pub fn parse(form: &PolicyVersionForm) -> Result<Self, FieldErrors> {
        let mut e = FieldErrors::default();
        let title = e.take("title", text::required(&form.title, 200));
        let approved_on = e.take("approved_on", optional_date(&form.approved_on));
        e.finish(PolicyVersionDraft { title, approved_on, copy_statements: !form.copy_statements.is_empty() })
    }
}

#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(default)]
pub struct StatementForm {
    pub number: String,
    pub text: String,
    pub archived: String,
    pub version: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StatementDraft {
    pub number: i64,
    pub text: String,
    pub archived: bool,
}

impl StatementDraft {
    pub fn parse(form: &StatementForm) -> Result<Self, FieldErrors> {
        let mut e = FieldErrors::default();
        let number = e.take("number", parse_number(&form.number));
        let text = e.take("text", text::required(&form.text, 2000));
        e.finish(StatementDraft { number, text, archived: !form.archived.is_empty() })
    }
}

fn parse_number(raw: &str) -> Result<i64, Invalid> {
    let raw = text::normalize(raw);
    match raw.parse::<i64>() {
        Ok(n) if (1..=999).contains(&n) => Ok(n),
        _ if raw.is_empty() => Err(Invalid::new("invalid-required")),
        _ => Err(Invalid::new("invalid-statement-number").with("value", raw)),
    }
}

/// A date that may be left blank.
pub fn optional_date(raw: &str) -> Result<Option<NaiveDate>, Invalid> {
    if text::normalize(raw).is_empty() {
        return Ok(None);
    }
    Deadline::parse(raw).map(|d| Some(d.date()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn statement_numbers_are_positive_whole_numbers() {
        let ok =
            StatementDraft::parse(&StatementForm { number: "３".into(), text: "守る".into(), ..Default::default() });
        assert_eq!(ok.unwrap().number, 3);
        for bad in ["0", "-1", "1.5", "x"] {
            let e =
                StatementDraft::parse(&StatementForm { number: bad.into(), text: "t".into(), ..Default::default() });
            assert_eq!(e.unwrap_err().get("number").unwrap().key, "invalid-statement-number", "{bad}");
        }
    }

    #[test]
    fn version_dates_accept_japanese_forms() {
        let d = PolicyVersionDraft::parse(&PolicyVersionForm {
            title: "情報セキュリティ基本方針".into(),
            approved_on: "令和7年4月1日".into(),
            copy_statements: "on".into(),
        })
        .unwrap();
        assert_eq!(d.approved_on, NaiveDate::from_ymd_opt(2025, 4, 1));
        assert!(d.copy_statements);
    }
}
