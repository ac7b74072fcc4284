//! How an organization scores its risks (6.1.2) and which scores need a
//! treatment (6.1.3): the method, the scale, the acceptance criterion.
//!
//! Two methods are in use in Japan:
//!
//! - likelihood (発生可能性) × impact (影響度), each 1..=levels (3, 4 or 5);
//! - asset value (資産価値) × threat (脅威) × vulnerability (脆弱性), each 1..=3,
//!   scores 1..=27. Asset value is typed directly or derived as
//!   max(confidentiality, integrity, availability) (機密性・完全性・可用性).
//!
//! In both methods a risk sits on a heat map whose cell is `(x, y)` with
//! `score = x × y`: x says how likely (likelihood, or threat × vulnerability),
//! y says how bad (impact, or asset value).

use serde::{Deserialize, Serialize};

use super::form::FieldErrors;
use super::invalid::Invalid;
use super::text;
use super::text_enum;

text_enum!(
    /// How a risk score is computed.
    RiskMethod, "risk-method", {
        LikelihoodImpact => "likelihood_x_impact",
        AssetThreatVulnerability => "asset_threat_vulnerability",
    }
);

text_enum!(
    /// How a score is compared with the acceptance criterion. Stored as
    /// identifiers (not `>=` / `>`): the stored name is also part of a Fluent
    /// message id (`comparison-at_or_above`) and of URLs.
    Comparison, "comparison", {
        AtOrAbove => "at_or_above",
        Above => "above",
    }
);

impl Comparison {
    /// The operator as people write it in the rules: `>=` or `>`.
    pub fn symbol(self) -> &'static str {
        match self {
            Comparison::AtOrAbove => ">=",
            Comparison::Above => ">",
        }
    }
}

/// The scale of threat, vulnerability, asset value and C/I/A.
pub const ATV_SCALE: u8 = 3;
/// The scales allowed for likelihood and impact.
pub const LEVELS: [u8; 3] = [3, 4, 5];

/// The organization's risk assessment rules (リスクアセスメント規程), as far as scoring goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct RiskSettings {
    pub method: RiskMethod,
    /// The scale of likelihood and impact: 3, 4 or 5. Asset value, threat and
    /// vulnerability are always 1..=3, whatever this says.
    pub levels: u8,
    /// The risk acceptance criterion (リスク受容基準), a score.
    pub criterion: u32,
    pub comparison: Comparison,
}

/// Asset value × threat × vulnerability, criterion 12, `>=`: the usual
/// Japanese setting, and the sample workbook's.
impl Default for RiskSettings {
    fn default() -> Self {
        RiskSettings {
            method: RiskMethod::AssetThreatVulnerability,
            levels: 3,
            criterion: 12,
            comparison: Comparison::AtOrAbove,
        }
    }
}

impl RiskSettings {
    /// The scale of a likelihood or impact value under these settings.
    fn li_scale(&self) -> u8 {
        self.levels.max(1)
    }
}

/// The settings as typed in a form.
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(default)]
pub struct RiskSettingsForm {
    pub method: String,
    pub levels: String,
    pub criterion: String,
    pub comparison: String,
}

impl RiskSettingsForm {
    pub fn from_settings(s: &RiskSettings) -> Self {
        RiskSettingsForm {
            method: s.method.as_str().into(),
            levels: s.levels.to_string(),
            criterion: s.criterion.to_string(),
            comparison: s.comparison.as_str().into(),
        }
    }
}

impl RiskSettings {
    /// Levels must be 3, 4 or 5 (blank means 3 under asset × threat ×
    /// vulnerability, where levels do not matter); the criterion must lie in
    /// 1..=[`max_score`] of the method. Comparison blank means `>=`.
    pub fn parse(form: &RiskSettingsForm) -> Result<Self, FieldErrors> {
        let mut e = FieldErrors::default();
        let method = RiskMethod::parse(&form.method);
        let method_ok = method.is_ok();
        let method = e.take("method", method);
        let levels = match small_number(&form.levels) {
            Ok(None) if method == RiskMethod::AssetThreatVulnerability => Ok(3),
            Ok(None) => Err(Invalid::new("invalid-required")),
            Ok(Some(v)) if LEVELS.iter().any(|l| u32::from(*l) == v) => Ok(v as u8),
            Ok(Some(_)) => Err(Invalid::new("invalid-risk-levels").with("value", form.levels.trim())),
            Err(why) => Err(why),
        };
        let levels_ok = levels.is_ok();
        let levels = e.take("levels", levels);
        let comparison = if form.comparison.trim().is_empty() {
            Ok(Comparison::AtOrAbove)
        } else {
            Comparison::parse(&form.comparison)
        };
        let comparison = e.take("comparison", comparison);
        let mut settings = RiskSettings { method, levels, criterion: 0, comparison };
        let criterion = match small_number(&form.criterion) {
            Ok(None) => Err(Invalid::new("invalid-required")),
            Err(why) => Err(why),
            // The range depends on the method: only check it against a real one.
            Ok(Some(v)) if !(method_ok && levels_ok) => Ok(v),
            Ok(Some(v)) => {
                let max = max_score(&settings);
                if (1..=max).contains(&v) {
                    Ok(v)
                } else {
                    Err(Invalid::new("invalid-risk-criterion").with("value", form.criterion.trim()).with("max", max))
                }
            }
        };
        settings.criterion = e.take("criterion", criterion);
        e.finish(settings)
    }
}

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

    pub fn from_inputs(i: &RiskInputs) -> Self {
        let s = |v: Option<u8>| v.map(|v| v.to_string()).unwrap_or_default();
        RiskInputsForm {
            likelihood: s(i.likelihood),
            impact: s(i.impact),
            asset_value: s(i.asset_value),
            confidentiality: s(i.confidentiality),
            integrity: s(i.integrity),
            availability: s(i.availability),
            threat_level: s(i.threat),
            vulnerability_level: s(i.vulnerability),
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
    /// Full-width digits are accepted.
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
fn small_number(raw: &str) -> Result<Option<u32>, Invalid> {
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

/// An optional level on a 1..=max scale.
fn level(raw: &str, max: u8) -> Result<Option<u8>, Invalid> {
    match small_number(raw) {
        Ok(None) => Ok(None),
        Ok(Some(v)) if (1..=u32::from(max)).contains(&v) => Ok(Some(v as u8)),
        Ok(Some(_)) | Err(_) => Err(Invalid::new("invalid-risk-level").with("value", raw.trim()).with("max", max)),
    }
}

fn required_level(raw: &str, max: u8) -> Result<u8, Invalid> {
    level(raw, max)?.ok_or_else(|| Invalid::new("invalid-required"))
}

fn in_scale(v: Option<u8>, max: u8) -> Option<u32> {
    v.filter(|v| (1..=max).contains(v)).map(u32::from)
}

/// The asset value used for scoring: max(C, I, A) when all three are known
/// (they win over a typed value, as in [`RiskInputs::parse`]), else the typed one.
pub fn asset_value(inputs: &RiskInputs) -> Option<u8> {
    match (inputs.confidentiality, inputs.integrity, inputs.availability) {
        (Some(c), Some(i), Some(a)) => Some(c.max(i).max(a)),
        _ => inputs.asset_value,
    }
}

/// The risk score (リスク値), or `None` when an input the method needs is
/// missing or off its scale.
pub fn score(settings: &RiskSettings, inputs: &RiskInputs) -> Option<u32> {
    cell_of(settings, inputs).map(|(x, y)| x * y)
}

/// Whether a risk with this score needs a treatment: at or above the
/// criterion (`>=`), or above it (`>`).
pub fn needs_treatment(settings: &RiskSettings, score: u32) -> bool {
    match settings.comparison {
        Comparison::AtOrAbove => score >= settings.criterion,
        Comparison::Above => score > settings.criterion,
    }
}

/// The highest score the method can give: levels² or 27.
pub fn max_score(settings: &RiskSettings) -> u32 {
    match settings.method {
        RiskMethod::LikelihoodImpact => u32::from(settings.li_scale()).pow(2),
        RiskMethod::AssetThreatVulnerability => u32::from(ATV_SCALE).pow(3),
    }
}

/// The heat map's axes, ascending, as `(xs, ys)`:
///
/// - likelihood × impact: x = likelihood 1..=levels, y = impact 1..=levels;
/// - asset × threat × vulnerability: x = threat × vulnerability, the distinct
///   products `1, 2, 3, 4, 6, 9`; y = asset value 1..=3.
///
/// A cell's score is always `x × y`.
pub fn axes(settings: &RiskSettings) -> (Vec<u32>, Vec<u32>) {
    match settings.method {
        RiskMethod::LikelihoodImpact => {
            let l = u32::from(settings.li_scale());
            ((1..=l).collect(), (1..=l).collect())
        }
        RiskMethod::AssetThreatVulnerability => {
            let s = u32::from(ATV_SCALE);
            let mut xs: Vec<u32> = (1..=s).flat_map(|t| (1..=s).map(move |v| t * v)).collect();
            xs.sort_unstable();
            xs.dedup();
            (xs, (1..=s).collect())
        }
    }
}

/// Where a risk sits on the heat map: `(x, y)` values of [`axes`], or `None`
/// when it cannot be scored.
pub fn cell_of(settings: &RiskSettings, inputs: &RiskInputs) -> Option<(u32, u32)> {
    match settings.method {
        RiskMethod::LikelihoodImpact => {
            let max = settings.li_scale();
            Some((in_scale(inputs.likelihood, max)?, in_scale(inputs.impact, max)?))
        }
        RiskMethod::AssetThreatVulnerability => {
            let a = in_scale(asset_value(inputs), ATV_SCALE)?;
            let t = in_scale(inputs.threat, ATV_SCALE)?;
            let v = in_scale(inputs.vulnerability, ATV_SCALE)?;
            Some((t * v, a))
        }
    }
}

/// Whether the heat map cell `(x, y)` needs a treatment; for the heat map's
/// `needs_treatment` argument.
pub fn cell_needs_treatment(settings: &RiskSettings, x: u32, y: u32) -> bool {
    needs_treatment(settings, x * y)
}

/// How many risks fall in each heat map cell, indexed `[y][x]` by position in
/// [`axes`]; risks that cannot be scored are left out.
pub fn grid_counts<'a>(settings: &RiskSettings, risks: impl IntoIterator<Item = &'a RiskInputs>) -> Vec<Vec<u32>> {
    let (xs, ys) = axes(settings);
    let mut counts = vec![vec![0u32; xs.len()]; ys.len()];
    for r in risks {
        if let Some((x, y)) = cell_of(settings, r)
            && let (Some(xi), Some(yi)) = (xs.iter().position(|v| *v == x), ys.iter().position(|v| *v == y))
        {
            counts[yi][xi] += 1;
        }
    }
    counts
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn li(levels: u8, criterion: u32) -> RiskSettings {
        RiskSettings { method: RiskMethod::LikelihoodImpact, levels, criterion, comparison: Comparison::AtOrAbove }
    }

    fn settings_form(method: &str, levels: &str, criterion: &str, comparison: &str) -> RiskSettingsForm {
        RiskSettingsForm {
            method: method.into(),
            levels: levels.into(),
            criterion: criterion.into(),
            comparison: comparison.into(),
        }
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
    fn enums_and_default() {
        assert_eq!(RiskMethod::parse("likelihood_x_impact"), Ok(RiskMethod::LikelihoodImpact));
        assert_eq!(RiskMethod::AssetThreatVulnerability.label_key(), "risk-method-asset_threat_vulnerability");
        assert_eq!(Comparison::parse(" above "), Ok(Comparison::Above));
        assert_eq!(Comparison::AtOrAbove.label_key(), "comparison-at_or_above");
        assert_eq!((Comparison::AtOrAbove.symbol(), Comparison::Above.symbol()), (">=", ">"));
        assert_eq!(Comparison::parse(">=").unwrap_err().key, "invalid-choice");
        let d = RiskSettings::default();
        assert_eq!(
            (d.method, d.levels, d.criterion, d.comparison),
            (RiskMethod::AssetThreatVulnerability, 3, 12, Comparison::AtOrAbove)
        );
        assert_eq!(max_score(&d), 27);
    }

    #[test]
    fn settings_parse() {
        let s = RiskSettings::parse(&settings_form("likelihood_x_impact", "５", "１０", "above")).unwrap();
        assert_eq!(s, RiskSettings { comparison: Comparison::Above, ..li(5, 10) });
        assert_eq!(max_score(&s), 25);
        // Blank levels are fine where levels do not matter; blank comparison is `>=`.
        let s = RiskSettings::parse(&settings_form("asset_threat_vulnerability", "", "12", "")).unwrap();
        assert_eq!(s, RiskSettings::default());
        let round = RiskSettings::parse(&RiskSettingsForm::from_settings(&s)).unwrap();
        assert_eq!(round, s);
        // The criterion's range follows the method.
        assert!(RiskSettings::parse(&settings_form("asset_threat_vulnerability", "3", "27", ">")).is_err());
        assert!(RiskSettings::parse(&settings_form("asset_threat_vulnerability", "3", "27", "at_or_above")).is_ok());
        let e = RiskSettings::parse(&settings_form("likelihood_x_impact", "3", "12", "")).unwrap_err();
        let why = e.get("criterion").unwrap();
        assert_eq!((why.key, why.arg("max"), why.arg("value")), ("invalid-risk-criterion", Some("9"), Some("12")));
        let e = RiskSettings::parse(&settings_form("likelihood_x_impact", "", "0", "")).unwrap_err();
        assert_eq!(field_key(&e, "levels"), Some("invalid-required"));
        assert_eq!(field_key(&e, "criterion"), None, "no range check against an unknown scale");
        let e = RiskSettings::parse(&settings_form("x", "6", "", "≧")).unwrap_err();
        assert_eq!(field_key(&e, "method"), Some("invalid-choice"));
        assert_eq!(field_key(&e, "levels"), Some("invalid-risk-levels"));
        assert_eq!(field_key(&e, "criterion"), Some("invalid-required"));
        assert_eq!(field_key(&e, "comparison"), Some("invalid-choice"));
        let e = RiskSettings::parse(&settings_form("likelihood_x_impact", "three", "-1", "")).unwrap_err();
        assert_eq!(field_key(&e, "levels"), Some("invalid-number"));
        assert_eq!(field_key(&e, "criterion"), Some("invalid-number"));
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

    fn settings() -> impl Strategy<Value = RiskSettings> {
        (
            prop_oneof![Just(RiskMethod::LikelihoodImpact), Just(RiskMethod::AssetThreatVulnerability)],
            3u8..=5,
            1u32..=27,
        )
            .prop_map(|(method, levels, criterion)| RiskSettings {
                method,
                levels,
                criterion,
                comparison: Comparison::AtOrAbove,
            })
    }

    fn inputs() -> impl Strategy<Value = RiskInputs> {
        let v = || proptest::option::weighted(0.9, 1u8..=5);
        (v(), v(), v(), v(), v(), v(), v(), v()).prop_map(|(l, i, a, c, ig, av, t, vu)| RiskInputs {
            likelihood: l,
            impact: i,
            asset_value: a,
            confidentiality: c,
            integrity: ig,
            availability: av,
            threat: t,
            vulnerability: vu,
        })
    }

    /// Every way of raising one input by one.
    fn raised(i: &RiskInputs) -> Vec<RiskInputs> {
        let up = |v: Option<u8>| v.map(|v| v + 1);
        vec![
            RiskInputs { likelihood: up(i.likelihood), ..*i },
            RiskInputs { impact: up(i.impact), ..*i },
            RiskInputs { asset_value: up(i.asset_value), ..*i },
            RiskInputs { confidentiality: up(i.confidentiality), ..*i },
            RiskInputs { integrity: up(i.integrity), ..*i },
            RiskInputs { availability: up(i.availability), ..*i },
            RiskInputs { threat: up(i.threat), ..*i },
            RiskInputs { vulnerability: up(i.vulnerability), ..*i },
        ]
    }

    proptest! {
        #[test]
        fn score_is_bounded_and_monotonic(s in settings(), i in inputs()) {
            if let Some(sc) = score(&s, &i) {
                prop_assert!((1..=max_score(&s)).contains(&sc));
                let (x, y) = cell_of(&s, &i).unwrap();
                let (xs, ys) = axes(&s);
                prop_assert!(xs.contains(&x) && ys.contains(&y));
                prop_assert_eq!(x * y, sc);
                prop_assert_eq!(cell_needs_treatment(&s, x, y), needs_treatment(&s, sc));
                for r in raised(&i) {
                    // Raising an input never lowers the score; off the scale, it stops scoring.
                    if let Some(higher) = score(&s, &r) {
                        prop_assert!(higher >= sc, "{r:?}");
                    }
                }
            }
            // What parses, scores.
            if let Ok(p) = RiskInputs::parse(&s, &RiskInputsForm::from_inputs(&i)) {
                prop_assert!(score(&s, &p).is_some());
            }
        }

        #[test]
        fn the_comparison_decides_only_at_the_criterion(s in settings(), sc in 1u32..=27) {
            let above = RiskSettings { comparison: Comparison::Above, ..s };
            prop_assert_eq!(needs_treatment(&s, sc) != needs_treatment(&above, sc), sc == s.criterion);
        }
    }
}
