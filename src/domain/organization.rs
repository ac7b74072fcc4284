//! The organization: the unit whose ISMS ismo keeps, and its settings.

use serde::{Deserialize, Serialize};

use super::form::FieldErrors;
use super::invalid::Invalid;
use super::period::Period;
use super::risk_method::RiskSettings;
use super::text;

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Organization {
    pub id: i64,
    pub name: String,
    /// The month the fiscal year starts in (1..=12); April in most of Japan.
    pub fiscal_start_month: u32,
    /// How often objectives must be reviewed at least (rule 6.2-e).
    pub review_interval_months: u32,
    /// The risk assessment method and acceptance criterion (6.1.2).
    pub risk: RiskSettings,
    pub version: i64,
}

impl Organization {
    /// The period that contains `today`.
    pub fn current_period(&self, today: chrono::NaiveDate) -> Period {
        Period::containing(today, self.fiscal_start_month)
    }

    /// The period named by the year it starts in.
    pub fn period(&self, start_year: i32) -> Period {
        Period::new(start_year, self.fiscal_start_month).expect("the store only keeps valid start months")
    }
}

/// An organization as entered, before it is kept.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OrganizationDraft {
    pub name: String,
    pub fiscal_start_month: u32,
    pub review_interval_months: u32,
}

#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(default)]
pub struct OrganizationForm {
    pub name: String,
    pub fiscal_start_month: String,
    pub review_interval_months: String,
}

impl OrganizationDraft {
    /// An organization with the usual Japanese settings: April start, yearly review.
    pub fn with_defaults(name: &str) -> Result<Self, Invalid> {
        Ok(OrganizationDraft { name: text::required(name, 200)?, fiscal_start_month: 4, review_interval_months: 12 })
    }

    pub fn parse(form: &OrganizationForm) -> Result<Self, FieldErrors> {
        let mut e = FieldErrors::default();
        let name = e.take("name", text::required(&form.name, 200));
        let fiscal_start_month = e.take(
            "fiscal_start_month",
            parse_in_range(&form.fiscal_start_month, 4, 1, 12, "invalid-fiscal-start-month"),
        );
        let review_interval_months = e.take(
            "review_interval_months",
            parse_in_range(&form.review_interval_months, 12, 1, 60, "invalid-review-interval"),
        );
        e.finish(OrganizationDraft { name, fiscal_start_month, review_interval_months })
    }
}

/// A whole number within bounds; blank means the default.
fn parse_in_range(raw: &str, default: u32, min: u32, max: u32, key: &'static str) -> Result<u32, Invalid> {
    let raw = text::normalize(raw);
    if raw.is_empty() {
        return Ok(default);
    }
    match raw.parse::<u32>() {
        Ok(v) if (min..=max).contains(&v) => Ok(v),
        _ => Err(Invalid::new(key).with("value", raw)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::NaiveDate;

    fn form(name: &str, start: &str, interval: &str) -> OrganizationForm {
        OrganizationForm {
            name: name.into(),
            fiscal_start_month: start.into(),
            review_interval_months: interval.into(),
        }
    }

    #[test]
    fn blank_settings_take_the_japanese_defaults() {
        let d = OrganizationDraft::parse(&form("株式会社サンプル", "", "")).unwrap();
        assert_eq!((d.fiscal_start_month, d.review_interval_months), (4, 12));
    }

    #[test]
    fn out_of_range_settings_are_refused_per_field() {
        let e = OrganizationDraft::parse(&form("", "13", "0")).unwrap_err();
        assert_eq!(e.get("name").unwrap().key, "invalid-required");
        assert_eq!(e.get("fiscal_start_month").unwrap().key, "invalid-fiscal-start-month");
        assert_eq!(e.get("review_interval_months").unwrap().key, "invalid-review-interval");
    }

    #[test]
    fn current_period_follows_the_start_month() {
        let org = Organization {
            id: 1,
            name: "x".into(),
            fiscal_start_month: 4,
            review_interval_months: 12,
            risk: RiskSettings::default(),
            version: 1,
        };
        let nov = NaiveDate::from_ymd_opt(2026, 11, 27).unwrap();
        let feb = NaiveDate::from_ymd_opt(2027, 2, 1).unwrap();
        assert_eq!(org.current_period(nov).start_year(), 2026);
        assert_eq!(org.current_period(feb).start_year(), 2026);
        let jan_org = Organization { fiscal_start_month: 1, ..org };
        assert_eq!(jan_org.current_period(feb).start_year(), 2027);
    }
}
