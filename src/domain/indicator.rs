//! Indicators (KPI) that make an objective measurable (6.2 b).

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::deadline::Deadline;
use super::form::{FieldErrors, optional_number};
use super::indicator_wording::{TargetReading, Wording, read, target_words};
use super::invalid::Invalid;
use super::text;
use super::text_enum;

text_enum!(
    /// How a value meets the target: at least (以上), at most (以下), exactly,
    /// more than (超), less than (未満), or a milestone done by a date
    /// (`2026年2月までに認証登録`: 1 is done, 0 is not).
    Direction, "direction", {
        Higher => "higher",
        Lower => "lower",
        Target => "target",
        Above => "above",
        Below => "below",
        Milestone => "milestone",
    }
);

text_enum!(
    /// How often a measurement is expected.
    Frequency, "frequency", {
        Monthly => "monthly",
        Quarterly => "quarterly",
        Semiannual => "semiannual",
        Annual => "annual",
        Once => "once",
    }
);

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Indicator {
    pub id: i64,
    pub objective_id: i64,
    pub name: String,
    pub unit: Option<String>,
    pub direction: Direction,
    pub baseline: Option<f64>,
    pub target: Option<f64>,
    pub frequency: Frequency,
    /// The day a milestone is due (`Direction::Milestone`).
    pub target_date: Option<NaiveDate>,
    pub archived: bool,
    pub version: i64,
}

/// Formats a number without a useless `.0`, as people write them in the sheet.
pub fn format_number(v: f64) -> String {
    if v.fract() == 0.0 && v.abs() < 1e15 { format!("{}", v as i64) } else { format!("{v}") }
}

impl Indicator {
    /// The indicator as its line in the sheet reads.
    pub fn reading(&self) -> TargetReading {
        TargetReading {
            name: self.name.clone(),
            target: self.target,
            unit: self.unit.clone(),
            direction: self.direction,
            baseline: self.baseline,
            frequency: Some(self.frequency),
            target_date: self.target_date,
        }
    }

    /// The target as people word it: `95点以上`, `at most 4`, `2026年2月までに`.
    pub fn target_in(&self, ja: bool) -> Option<String> {
        target_words(&self.reading(), if ja { Wording::Ja } else { Wording::En })
    }

    pub fn baseline_text(&self) -> Option<String> {
        self.baseline.map(|b| with_unit(b, &self.unit))
    }
}

fn with_unit(v: f64, unit: &Option<String>) -> String {
    match unit {
        Some(u) => format!("{} {u}", format_number(v)),
        None => format_number(v),
    }
}

#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(default)]
pub struct IndicatorForm {
    pub name: String,
    pub unit: String,
    pub direction: String,
    pub baseline: String,
    pub target: String,
    pub frequency: String,
    /// A milestone's day (`2026/2/28`).
    pub target_date: String,
    /// The target as the sheet words it (`95点以上`, `4件以下`,
    /// `2026年2月までに認証登録`): when given, it fills the fields above.
    pub wording: String,
    pub archived: String,
    pub version: String,
}

impl IndicatorForm {
    pub fn from_indicator(i: &Indicator) -> Self {
        IndicatorForm {
            name: i.name.clone(),
            unit: i.unit.clone().unwrap_or_default(),
            direction: i.direction.as_str().into(),
            baseline: i.baseline.map(format_number).unwrap_or_default(),
            target: i.target.map(format_number).unwrap_or_default(),
            frequency: i.frequency.as_str().into(),
            target_date: i.target_date.map(|d| d.to_string()).unwrap_or_default(),
            wording: String::new(),
            archived: if i.archived { "on".into() } else { String::new() },
            version: i.version.to_string(),
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct IndicatorDraft {
    pub name: String,
    pub unit: Option<String>,
    pub direction: Direction,
    pub baseline: Option<f64>,
    pub target: Option<f64>,
    pub frequency: Frequency,
    pub target_date: Option<NaiveDate>,
    pub archived: bool,
}

impl IndicatorDraft {
    pub fn parse(form: &IndicatorForm) -> Result<Self, FieldErrors> {
        if !form.wording.trim().is_empty() {
            return Self::parse_worded(form);
        }
        let mut e = FieldErrors::default();
        let name = e.take("name", text::required(&form.name, 200));
        let unit = e.take("unit", text::optional(&form.unit, 30));
        let direction = e.take("direction", Direction::parse(&form.direction));
        let baseline = e.take("baseline", optional_number(&form.baseline));
        let target = e.take("target", optional_number(&form.target));
        let frequency = e.take("frequency", Frequency::parse(&form.frequency));
        let target_date = e.take("target_date", optional_date(&form.target_date));
        if direction == Direction::Milestone && target_date.is_none() && e.get("target_date").is_none() {
            e.add("target_date", Invalid::new("invalid-milestone-date"));
        }
        e.finish(IndicatorDraft {
            name,
            unit,
            direction,
            baseline,
            target: if direction == Direction::Milestone { Some(1.0) } else { target },
            frequency,
            target_date: target_date.filter(|_| direction == Direction::Milestone),
            archived: !form.archived.is_empty(),
        })
    }

    /// The quick entry: the target as the sheet words it. The name field, when
    /// filled, names the indicator; the frequency field counts unless the
    /// words say how often.
    fn parse_worded(form: &IndicatorForm) -> Result<Self, FieldErrors> {
        let reading = read(&form.wording);
        let mut e = FieldErrors::default();
        if reading.target.is_none() {
            e.add("wording", Invalid::new("invalid-indicator-wording").with("value", form.wording.trim()));
            return Err(e);
        }
        let typed = e.take("name", text::optional(&form.name, 200));
        let name = typed.or_else(|| (reading.name != text::normalize(&form.wording)).then(|| reading.name.clone()));
        let name = e.take("name", text::required(name.as_deref().unwrap_or_default(), 200));
        let unit = e.take("unit", text::optional(reading.unit.as_deref().unwrap_or_default(), 30));
        let frequency = match reading.frequency {
            Some(f) => f,
            None => e.take("frequency", Frequency::parse(&form.frequency)),
        };
        e.finish(IndicatorDraft {
            name,
            unit,
            direction: reading.direction,
            baseline: reading.baseline,
            target: reading.target,
            frequency,
            target_date: reading.target_date,
            archived: !form.archived.is_empty(),
        })
    }
}

/// A date typed in any of the ways `Deadline` reads; blank is `None`.
fn optional_date(raw: &str) -> Result<Option<NaiveDate>, Invalid> {
    if raw.trim().is_empty() {
        return Ok(None);
    }
    Deadline::parse(raw).map(|d| Some(d.date()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_indicator_keeps_numbers_and_unit() {
        let d = IndicatorDraft::parse(&IndicatorForm {
            name: "情報セキュリティテスト平均".into(),
            unit: "点".into(),
            direction: "higher".into(),
            baseline: "８８".into(),
            target: "95".into(),
            frequency: "semiannual".into(),
            ..Default::default()
        })
        .unwrap();
        assert_eq!((d.baseline, d.target), (Some(88.0), Some(95.0)));
        assert_eq!(d.direction, Direction::Higher);
    }

    #[test]
    fn a_forged_direction_is_refused() {
        let e = IndicatorDraft::parse(&IndicatorForm {
            name: "x".into(),
            direction: "sideways".into(),
            frequency: "monthly".into(),
            target: "many".into(),
            ..Default::default()
        })
        .unwrap_err();
        assert_eq!(e.get("direction").unwrap().key, "invalid-choice");
        assert_eq!(e.get("target").unwrap().key, "invalid-number");
    }

    #[test]
    fn numbers_print_like_the_sheet() {
        assert_eq!(format_number(95.0), "95");
        assert_eq!(format_number(12.5), "12.5");
    }
}
