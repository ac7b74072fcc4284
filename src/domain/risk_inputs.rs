//! The values a risk is scored from (see [`super::risk_method`]), as typed in
//! a form or read from a sheet's cells, and their parsing.

use serde::{Deserialize, Serialize};

use super::form::FieldErrors;
use super::invalid::Invalid;
use super::risk_level_words::read_level;
use super::risk_method::{ATV_SCALE, RiskMethod, RiskSettings};
use super::text;

/// The values a risk is scored from; which ones matter depends on the method.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize)]
pub struct RiskInputs {
    pub likelihood: Option<u8>,
    pub impact: Option<u8>,
    pub asset_value: Option<u8>,
    pub confidentiality: Option<u8>,
    pub integrity: Option<u8>,
    pub availability: Option<u8>,
    pub threat: Option<u8>,
    pub vulnerability: Option<u8>,
}

/// The inputs as typed in a form, or read from a sheet's cells.
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(default)]
pub struct RiskInputsForm {
    pub likelihood: String,
    pub impact: String,
    pub asset_value: String,
    pub confidentiality: String,
    pub integrity: String,
    pub availability: String,
    /// 脅威の値; named `threat_level` because a risk's form also has the
    /// threat itself (脅威, a text) under `threat`.
    pub threat_level: String,
    /// 脆弱性の値, see `threat_level`.
    pub vulnerability_level: String,
}

impl RiskInputsForm {
    /// The same as [`RiskInputs::parse`].
    pub fn parse(&self, settings: &RiskSettings) -> Result<RiskInputs, FieldErrors> {
        RiskInputs::parse(settings, self)
    }

    /// The text of a field, by the form's name (`threat_level`); blank for another name.
    pub fn get(&self, field: &str) -> &str {
        match field {
            "likelihood" => &self.likelihood,
            "impact" => &self.impact,
            "asset_value" => &self.asset_value,
            "confidentiality" => &self.confidentiality,
            "integrity" => &self.integrity,
            "availability" => &self.availability,
            "threat_level" => &self.threat_level,
            "vulnerability_level" => &self.vulnerability_level,
            _ => "",
        }
    }

    /// The inputs as numbers.
    pub fn from_inputs(i: &RiskInputs) -> Self {
        Self::written(i, &RiskSettings::default(), |level, _| level.to_string())
    }

    /// The inputs with each level written by `write(level, scale)`, the
    /// scale being the one the level is on under `settings` (a word such as
    /// 「中」 depends on it).
    pub fn written(i: &RiskInputs, settings: &RiskSettings, write: impl Fn(u8, u8) -> String) -> Self {
        let s = |v: Option<u8>, scale: u8| v.map(|v| write(v, scale)).unwrap_or_default();
        let li = settings.li_scale();
        RiskInputsForm {
            likelihood: s(i.likelihood, li),
            impact: s(i.impact, li),
            asset_value: s(i.asset_value, ATV_SCALE),
            confidentiality: s(i.confidentiality, ATV_SCALE),
            integrity: s(i.integrity, ATV_SCALE),
            availability: s(i.availability, ATV_SCALE),
            threat_level: s(i.threat, ATV_SCALE),
            vulnerability_level: s(i.vulnerability, ATV_SCALE),
        }
    }
}

impl RiskInputs {
    /// Parses the fields the method uses; the others are ignored and come back
    /// `None` (a form shows only the method's fields). Errors are reported
    /// under the form's field names: `likelihood`, `impact`, `asset_value`,
    /// `confidentiality`, `integrity`, `availability`, `threat_level`,
    /// `vulnerability_level`.
    ///
    /// - likelihood × impact: both required, each 1..=levels;
    /// - asset × threat × vulnerability: threat and vulnerability required,
    ///   each 1..=3, and the asset value either typed directly or derived from
    ///   C/I/A. When all three of C/I/A are given, the asset value is their
    ///   maximum and is stored so; a typed asset value that differs is refused
    ///   with `invalid-asset-value-mismatch` (the sheet's columns must agree).
    ///   When only some of C/I/A are given, a typed asset value is required and
    ///   may not be below any of them (it is their maximum, once all are known).
    ///
    /// Full-width digits are accepted, and the words of each value's scale
    /// (see [`super::risk_level_words`]).
    pub fn parse(settings: &RiskSettings, form: &RiskInputsForm) -> Result<Self, FieldErrors> {
        let mut e = FieldErrors::default();
        let mut out = RiskInputs::default();
        match settings.method {
            RiskMethod::LikelihoodImpact => {
                let max = settings.li_scale();
                out.likelihood = Some(e.take("likelihood", required_level(&form.likelihood, max)));
                out.impact = Some(e.take("impact", required_level(&form.impact, max)));
            }
            RiskMethod::AssetThreatVulnerability => {
                out.threat = Some(e.take("threat_level", required_level(&form.threat_level, ATV_SCALE)));
                out.vulnerability =
                    Some(e.take("vulnerability_level", required_level(&form.vulnerability_level, ATV_SCALE)));
                let direct = e.take("asset_value", level(&form.asset_value, ATV_SCALE));
                let cia = [
                    ("confidentiality", &form.confidentiality),
                    ("integrity", &form.integrity),
                    ("availability", &form.availability),
                ]
                .map(|(field, raw)| (field, e.take(field, level(raw, ATV_SCALE))));
                let cia_typed = [&form.confidentiality, &form.integrity, &form.availability]
                    .iter()
                    .filter(|raw| !text::normalize(raw).is_empty())
                    .count();
                let given: Vec<u8> = cia.iter().filter_map(|(_, v)| *v).collect();
                let highest = given.iter().copied().max();
                let all_given = cia_typed == 3;
                let blank_asset = text::normalize(&form.asset_value).is_empty();
                if all_given {
                    if let (Some(d), Some(h)) = (direct, highest)
                        && given.len() == 3
                        && d != h
                    {
                        e.add("asset_value", mismatch(&form.asset_value, h));
                    }
                    out.asset_value = highest.filter(|_| given.len() == 3);
                } else if blank_asset {
                    if cia_typed == 0 {
                        e.add("asset_value", Invalid::new("invalid-required"));
                    } else {
                        for (field, raw) in [
                            ("confidentiality", &form.confidentiality),
                            ("integrity", &form.integrity),
                            ("availability", &form.availability),
                        ] {
                            if text::normalize(raw).is_empty() {
                                e.add(field, Invalid::new("invalid-required"));
                            }
                        }
                    }
                } else {
                    if let (Some(d), Some(h)) = (direct, highest)
                        && d < h
                    {
                        e.add("asset_value", mismatch(&form.asset_value, h));
                    }
                    out.asset_value = direct;
                }
                out.confidentiality = cia[0].1;
                out.integrity = cia[1].1;
                out.availability = cia[2].1;
            }
        }
        e.finish(out)
    }
}

fn mismatch(raw: &str, expected: u8) -> Invalid {
    Invalid::new("invalid-asset-value-mismatch").with("value", raw.trim()).with("expected", expected)
}

/// A whole number typed by a person: blank is `None`; full-width digits and
/// stray blanks are accepted; anything else is `invalid-number`.
pub(crate) fn small_number(raw: &str) -> Result<Option<u32>, Invalid> {
    let c = text::compact(raw);
    if c.is_empty() {
        return Ok(None);
    }
    // `3.0` comes from spreadsheets that store every number as a float.
    let c = c.strip_suffix(".0").unwrap_or(&c);
    if !c.bytes().all(|b| b.is_ascii_digit()) || c.len() > 9 {
        return Err(Invalid::new("invalid-number").with("value", raw.trim()));
    }
    Ok(Some(c.parse().expect("nine digits at most")))
}

/// An optional level on a 1..=max scale, as a number or a word (高・中・低…).
fn level(raw: &str, max: u8) -> Result<Option<u8>, Invalid> {
    read_level(raw, max)
}

fn required_level(raw: &str, max: u8) -> Result<u8, Invalid> {
    level(raw, max)?.ok_or_else(|| Invalid::new("invalid-required"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::risk_method::{
        Comparison, axes, cell_needs_treatment, cell_of, grid_counts, needs_treatment, score,
    };

    fn li(levels: u8, criterion: u32) -> RiskSettings {
        RiskSettings { method: RiskMethod::LikelihoodImpact, levels, criterion, ..RiskSettings::default() }
    }

    /// One row of the sample's risk assessment sheet: C, I, A, asset value, threat, vulnerability.
    fn atv_form(c: &str, i: &str, a: &str, asset: &str, t: &str, v: &str) -> RiskInputsForm {
        RiskInputsForm {
            confidentiality: c.into(),
            integrity: i.into(),
            availability: a.into(),
            asset_value: asset.into(),
            threat_level: t.into(),
            vulnerability_level: v.into(),
            ..Default::default()
        }
    }

    fn field_key(e: &FieldErrors, field: &str) -> Option<&'static str> {
        e.get(field).map(|i| i.key)
    }

    #[test]
    fn likelihood_times_impact() {
        let s = li(4, 8);
        let form = RiskInputsForm {
            likelihood: "３".into(),
            impact: " 4 ".into(),
            threat_level: "junk is ignored".into(),
            ..Default::default()
        };
        let i = RiskInputs::parse(&s, &form).unwrap();
        assert_eq!(i, RiskInputs { likelihood: Some(3), impact: Some(4), ..Default::default() });
        assert_eq!(score(&s, &i), Some(12));
        assert_eq!(cell_of(&s, &i), Some((3, 4)));
        assert!(needs_treatment(&s, 12) && needs_treatment(&s, 8) && !needs_treatment(&s, 7));
        assert_eq!(axes(&s), (vec![1, 2, 3, 4], vec![1, 2, 3, 4]));
        assert_eq!(RiskInputs::parse(&s, &RiskInputsForm::from_inputs(&i)).unwrap(), i);

        let e = RiskInputs::parse(&s, &RiskInputsForm { likelihood: "5".into(), ..Default::default() }).unwrap_err();
        let why = e.get("likelihood").unwrap();
        assert_eq!((why.key, why.arg("max"), why.arg("value")), ("invalid-risk-level", Some("4"), Some("5")));
        assert_eq!(field_key(&e, "impact"), Some("invalid-required"));
        let e =
            RiskInputs::parse(&s, &RiskInputsForm { likelihood: "0".into(), impact: "x".into(), ..Default::default() })
                .unwrap_err();
        assert_eq!(field_key(&e, "likelihood"), Some("invalid-risk-level"));
        assert_eq!(field_key(&e, "impact"), Some("invalid-risk-level"));
        // Inputs of the other method do not score.
        let atv = RiskInputs { asset_value: Some(3), threat: Some(3), vulnerability: Some(3), ..Default::default() };
        assert_eq!(score(&s, &atv), None);
    }

    /// The sample workbook's risk assessment sheet: criterion 12, `>=`.
    #[test]
    fn the_samples_seven_risks() {
        let s = RiskSettings::default();
        let rows = [
            ("R-001", atv_form("3", "3", "2", "3", "2", "3"), 18, (6, 3), true),
            ("R-002", atv_form("3", "2", "2", "3", "3", "2"), 18, (6, 3), true),
            ("R-003", atv_form("2", "2", "2", "2", "2", "3"), 12, (6, 2), true),
            ("R-004", atv_form("2", "3", "3", "3", "2", "2"), 12, (4, 3), true),
            ("R-005", atv_form("3", "2", "1", "3", "1", "3"), 9, (3, 3), false),
            ("R-006", atv_form("1", "2", "2", "2", "2", "2"), 8, (4, 2), false),
            ("R-007", atv_form("2", "1", "1", "2", "1", "1"), 2, (1, 2), false),
        ];
        let mut parsed = Vec::new();
        for (id, form, expected, cell, treat) in rows {
            let i = RiskInputs::parse(&s, &form).unwrap_or_else(|e| panic!("{id}: {e:?}"));
            let got = score(&s, &i).unwrap();
            assert_eq!(got, expected, "{id}");
            assert_eq!(cell_of(&s, &i), Some(cell), "{id}");
            assert_eq!(needs_treatment(&s, got), treat, "{id}");
            parsed.push(i);
        }
        // C3 I3 A2 → asset value 3, even without the typed value.
        let r1 = RiskInputs::parse(&s, &atv_form("3", "3", "2", "", "2", "3")).unwrap();
        assert_eq!((r1.asset_value, score(&s, &r1)), (Some(3), Some(18)));
        // R-004 sits on the criterion: treated with `>=`, not with `>`.
        let above = RiskSettings { comparison: Comparison::Above, ..s };
        assert!(needs_treatment(&s, 12) && !needs_treatment(&above, 12));
        assert!(cell_needs_treatment(&s, 4, 3) && !cell_needs_treatment(&above, 4, 3));
        // Four risks need a treatment with `>=` (R-001..R-004), two with `>`.
        assert_eq!(parsed.iter().filter(|i| needs_treatment(&s, score(&s, i).unwrap())).count(), 4);
        assert_eq!(parsed.iter().filter(|i| needs_treatment(&above, score(&above, i).unwrap())).count(), 2);

        let (xs, ys) = axes(&s);
        assert_eq!((xs, ys), (vec![1, 2, 3, 4, 6, 9], vec![1, 2, 3]));
        let grid = grid_counts(&s, &parsed);
        assert_eq!(
            grid,
            vec![
                vec![0, 0, 0, 0, 0, 0],
                vec![1, 0, 0, 1, 1, 0], // asset value 2: R-007 (1), R-006 (4), R-003 (6)
                vec![0, 0, 1, 1, 2, 0], // asset value 3: R-005 (3), R-004 (4), R-001 and R-002 (6)
            ]
        );
    }

    /// The sample's risks written in words score as they do in numbers.
    #[test]
    fn levels_in_words_score_as_numbers() {
        let s = RiskSettings::default();
        let rows = [
            (atv_form("高", "高", "中", "高", "中", "高"), 18),
            (atv_form("H", "M", "M", "H", "H", "M"), 18),
            (atv_form("中", "中", "中", "中", "中", "高"), 12),
            (atv_form("○", "◎", "◎", "◎", "○", "○"), 12),
            (atv_form("大", "中", "小", "大", "小", "大"), 9),
            (atv_form("Low", "Medium", "Medium", "Medium", "Medium", "Medium"), 8),
            (atv_form("中", "低", "低", "", "低", "低"), 2),
        ];
        for (form, expected) in rows {
            let i = RiskInputs::parse(&s, &form).unwrap_or_else(|e| panic!("{form:?}: {e:?}"));
            assert_eq!(score(&s, &i), Some(expected), "{form:?}");
        }
        let five = li(5, 10);
        let form = RiskInputsForm { likelihood: "非常に高い".into(), impact: "中".into(), ..Default::default() };
        let i = RiskInputs::parse(&five, &form).unwrap();
        assert_eq!((i.likelihood, i.impact, score(&five, &i)), (Some(5), Some(3), Some(15)));
        // A word of another scale is refused on its field, with the words that fit.
        let e = RiskInputs::parse(&s, &atv_form("", "", "", "極大", "中", "中")).unwrap_err();
        let why = e.get("asset_value").unwrap();
        assert_eq!((why.key, why.arg("max")), ("invalid-risk-level-scale", Some("3")));
        // Written back in words, the inputs read as they were.
        let words = RiskInputsForm::written(&i, &five, |v, scale| {
            ["", "VL", "L", "M", "H", "VH"][usize::from(v)].repeat(usize::from(scale == 5))
        });
        assert_eq!((words.likelihood.as_str(), words.impact.as_str()), ("VH", "M"));
        assert_eq!(RiskInputs::parse(&five, &words).unwrap(), i);
    }

    #[test]
    fn asset_value_from_cia_or_typed() {
        let s = RiskSettings::default();
        // Typed directly, no C/I/A.
        let i = RiskInputs::parse(&s, &atv_form("", "", "", "２", "3", "3")).unwrap();
        assert_eq!((i.asset_value, score(&s, &i)), (Some(2), Some(18)));
        // Typed, with some of C/I/A: kept, as long as it is not below them.
        let i = RiskInputs::parse(&s, &atv_form("2", "", "", "3", "1", "1")).unwrap();
        assert_eq!((i.asset_value, i.confidentiality, score(&s, &i)), (Some(3), Some(2), Some(3)));
        let e = RiskInputs::parse(&s, &atv_form("3", "", "", "2", "1", "1")).unwrap_err();
        let why = e.get("asset_value").unwrap();
        assert_eq!(
            (why.key, why.arg("value"), why.arg("expected")),
            ("invalid-asset-value-mismatch", Some("2"), Some("3"))
        );
        // All of C/I/A and a typed value that disagrees.
        let e = RiskInputs::parse(&s, &atv_form("1", "2", "1", "3", "1", "1")).unwrap_err();
        assert_eq!(e.get("asset_value").unwrap().arg("expected"), Some("2"));
        // Neither: the asset value is required; some of C/I/A: the rest are.
        let e = RiskInputs::parse(&s, &atv_form("", "", "", "", "", "")).unwrap_err();
        for f in ["asset_value", "threat_level", "vulnerability_level"] {
            assert_eq!(field_key(&e, f), Some("invalid-required"), "{f}");
        }
        let e = RiskInputs::parse(&s, &atv_form("2", "", "3", "", "1", "1")).unwrap_err();
        assert_eq!(field_key(&e, "integrity"), Some("invalid-required"));
        assert_eq!(field_key(&e, "asset_value"), None);
        // Off the 1..=3 scale, whatever the levels say.
        let five = RiskSettings { levels: 5, ..s };
        let e = RiskInputs::parse(&five, &atv_form("4", "1", "1", "", "0", "3")).unwrap_err();
        assert_eq!(e.get("confidentiality").unwrap().arg("max"), Some("3"));
        assert_eq!(field_key(&e, "threat_level"), Some("invalid-risk-level"));
        assert_eq!(field_key(&e, "asset_value"), None, "no second error for a bad C/I/A");
        // Spreadsheets hand over `3.0`.
        let i = RiskInputs::parse(&s, &atv_form("", "", "", "3.0", "1", "1")).unwrap();
        assert_eq!(i.asset_value, Some(3));
        // Hand-built inputs: C/I/A win, as in parse; off-scale values do not score.
        let hand = RiskInputs {
            asset_value: Some(1),
            confidentiality: Some(3),
            integrity: Some(1),
            availability: Some(1),
            threat: Some(1),
            vulnerability: Some(1),
            ..Default::default()
        };
        assert_eq!(score(&s, &hand), Some(3));
        assert_eq!(score(&s, &RiskInputs { threat: Some(4), ..hand }), None);
        assert_eq!(score(&s, &RiskInputs { threat: Some(0), ..hand }), None);
    }
}
