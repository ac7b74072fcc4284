//! Measurements (測定) of an indicator, for monitoring and measurement (9.1).
//!
//! A measurement is evidence and is never changed: a mistaken value is
//! corrected by a new measurement that supersedes it, and both are kept.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::deadline::Deadline;
use super::form::{FieldErrors, optional_number};
use super::indicator::format_number;
use super::invalid::Invalid;
use super::text;

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Measurement {
    pub id: i64,
    pub indicator_id: i64,
    pub measured_on: NaiveDate,
    pub value: f64,
    pub note: Option<String>,
    /// The account that recorded it (the audit entry names it too).
    #[serde(skip_serializing)]
    pub recorded_by_user_id: Option<i64>,
    /// Who recorded it, as shown then: an e-mail address, `cli` or `demo`.
    pub recorded_by: String,
    /// The measurement this one corrects.
    pub supersedes_id: Option<i64>,
}

impl Measurement {
    /// The value with the indicator's unit, as people write it.
    pub fn value_text(&self, unit: Option<&str>) -> String {
        match unit {
            Some(u) => format!("{} {u}", format_number(self.value)),
            None => format_number(self.value),
        }
    }
}

/// Whether `id` has been corrected by another measurement of `all`.
pub fn is_superseded(all: &[Measurement], id: i64) -> bool {
    all.iter().any(|m| m.supersedes_id == Some(id))
}

/// The indicator's current value: the latest measurement (by date, then by
/// entry) that no correction has superseded.
pub fn current(all: &[Measurement]) -> Option<&Measurement> {
    all.iter().filter(|m| !is_superseded(all, m.id)).max_by_key(|m| (m.measured_on, m.id))
}

/// A date that must be given, in any form [`Deadline::parse`] accepts.
pub fn required_date(raw: &str) -> Result<NaiveDate, Invalid> {
    if text::normalize(raw).is_empty() {
        return Err(Invalid::new("invalid-required"));
    }
    Deadline::parse(raw).map(Deadline::date)
}

#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(default)]
pub struct MeasurementForm {
    pub measured_on: String,
    pub value: String,
    pub note: String,
}

#[derive(Debug, Clone, PartialEq)]
pub struct MeasurementDraft {
    pub measured_on: NaiveDate,
    pub value: f64,
    pub note: Option<String>,
}

impl MeasurementDraft {
    pub fn parse(form: &MeasurementForm) -> Result<Self, FieldErrors> {
        let mut e = FieldErrors::default();
        let measured_on = e.take("measured_on", required_date(&form.measured_on));
        let value = e.take(
            "value",
            optional_number(&form.value).and_then(|v| v.ok_or_else(|| Invalid::new("invalid-required"))),
        );
        let note = e.take("note", text::optional(&form.note, 1000));
        e.finish(MeasurementDraft { measured_on, value, note })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn form(date: &str, value: &str) -> MeasurementForm {
        MeasurementForm { measured_on: date.into(), value: value.into(), ..Default::default() }
    }

    #[test]
    fn a_measurement_needs_a_date_and_a_number() {
        let e = MeasurementDraft::parse(&form("", "")).unwrap_err();
        assert_eq!(e.get("measured_on").unwrap().key, "invalid-required");
        assert_eq!(e.get("value").unwrap().key, "invalid-required");
        let e = MeasurementDraft::parse(&form("2026-02-30", "many")).unwrap_err();
        assert_eq!(e.get("measured_on").unwrap().key, "invalid-date");
        assert_eq!(e.get("value").unwrap().key, "invalid-number");
        let ok = MeasurementDraft::parse(&form("令和8年6月30日", "９２%")).unwrap();
        assert_eq!((ok.measured_on, ok.value, ok.note), (NaiveDate::from_ymd_opt(2026, 6, 30).unwrap(), 92.0, None));
    }

    fn m(id: i64, day: u32, value: f64, supersedes: Option<i64>) -> Measurement {
        Measurement {
            id,
            indicator_id: 1,
            measured_on: NaiveDate::from_ymd_opt(2026, 6, day).unwrap(),
            value,
            note: None,
            recorded_by_user_id: None,
            recorded_by: "demo".into(),
            supersedes_id: supersedes,
        }
    }

    #[test]
    fn the_current_value_skips_what_was_corrected() {
        assert!(current(&[]).is_none());
        let list = [m(1, 10, 1.0, None), m(2, 20, 9.0, None), m(3, 20, 2.0, Some(2))];
        assert!(is_superseded(&list, 2) && !is_superseded(&list, 3));
        assert_eq!(current(&list).map(|m| m.id), Some(3));
        // A correction of an older value does not become the current one.
        let list = [m(1, 10, 1.0, None), m(2, 20, 9.0, None), m(3, 10, 2.0, Some(1))];
        assert_eq!(current(&list).map(|m| m.id), Some(2));
        assert_eq!(list[0].value_text(Some("%")), "1 %");
    }
}
