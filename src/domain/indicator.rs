//! Indicators (KPI) that make an objective measurable (6.2 b).

use serde::{Deserialize, Serialize};

use super::form::{FieldErrors, optional_number};
use super::text;
use super::text_enum;

text_enum!(
    /// Which way is better, or whether a value is to be hit exactly.
    Direction, "direction", {
        Higher => "higher",
        Lower => "lower",
        Target => "target",
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
    pub archived: bool,
    pub version: i64,
}

/// Formats a number without a useless `.0`, as people write them in the sheet.
pub fn format_number(v: f64) -> String {
    if v.fract() == 0.0 && v.abs() < 1e15 { format!("{}", v as i64) } else { format!("{v}") }
}

impl Indicator {
    pub fn target_text(&self) -> Option<String> {
        self.target.map(|t| with_unit(t, &self.unit))
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
    pub archived: bool,
}

impl IndicatorDraft {
    pub fn parse(form: &IndicatorForm) -> Result<Self, FieldErrors> {
        let mut e = FieldErrors::default();
        let name = e.take("name", text::required(&form.name, 200));
        let unit = e.take("unit", text::optional(&form.unit, 30));
        let direction = e.take("direction", Direction::parse(&form.direction));
        let baseline = e.take("baseline", optional_number(&form.baseline));
        let target = e.take("target", optional_number(&form.target));
        let frequency = e.take("frequency", Frequency::parse(&form.frequency));
        e.finish(IndicatorDraft {
            name,
            unit,
            direction,
            baseline,
            target,
            frequency,
            archived: !form.archived.is_empty(),
        })
    }
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
