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
use super::risk_inputs::small_number;
use super::risk_level_words::LevelStyle;
use super::text_enum;

pub use super::risk_heatmap::{axes, cell_needs_treatment, cell_of, grid_counts};
pub use super::risk_inputs::{RiskInputs, RiskInputsForm};

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
    /// Whether the risk pages and the export show levels as numbers or as
    /// words (高・中・低); levels are read in either form whatever it says.
    pub level_style: LevelStyle,
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
            level_style: LevelStyle::Numbers,
        }
    }
}

impl RiskSettings {
    /// The scale of a likelihood or impact value under these settings.
    pub(super) fn li_scale(&self) -> u8 {
        self.levels.max(1)
    }

    /// Whether two settings score alike (the way levels are shown aside).
    pub fn scores_like(&self, other: &RiskSettings) -> bool {
        RiskSettings { level_style: other.level_style, ..*self } == *other
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
    pub level_style: String,
}

impl RiskSettingsForm {
    pub fn from_settings(s: &RiskSettings) -> Self {
        RiskSettingsForm {
            method: s.method.as_str().into(),
            levels: s.levels.to_string(),
            criterion: s.criterion.to_string(),
            comparison: s.comparison.as_str().into(),
            level_style: s.level_style.as_str().into(),
        }
    }
}

impl RiskSettings {
    /// Levels must be 3, 4 or 5 (blank means 3 under asset × threat ×
    /// vulnerability, where levels do not matter); the criterion must lie in
    /// 1..=[`max_score`] of the method. Comparison blank means `>=`; the
    /// level style blank means numbers.
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
        let level_style = if form.level_style.trim().is_empty() {
            Ok(LevelStyle::Numbers)
        } else {
            LevelStyle::parse(&form.level_style)
        };
        let level_style = e.take("level_style", level_style);
        let mut settings = RiskSettings { method, levels, criterion: 0, comparison, level_style };
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

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn li(levels: u8, criterion: u32) -> RiskSettings {
        RiskSettings { method: RiskMethod::LikelihoodImpact, levels, criterion, ..RiskSettings::default() }
    }

    fn settings_form(method: &str, levels: &str, criterion: &str, comparison: &str) -> RiskSettingsForm {
        RiskSettingsForm {
            method: method.into(),
            levels: levels.into(),
            criterion: criterion.into(),
            comparison: comparison.into(),
            level_style: String::new(),
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
        // Levels shown as words: kept, and scoring the same as numbers.
        let words = RiskSettingsForm { level_style: "words".into(), ..RiskSettingsForm::from_settings(&s) };
        let w = RiskSettings::parse(&words).unwrap();
        assert_eq!(w.level_style, LevelStyle::Words);
        assert!(w.scores_like(&s) && w != s);
        assert!(!w.scores_like(&RiskSettings { criterion: 9, ..s }));
        let odd = RiskSettingsForm { level_style: "kanji".into(), ..words };
        assert_eq!(RiskSettings::parse(&odd).unwrap_err().get("level_style").unwrap().key, "invalid-choice");
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
                ..RiskSettings::default()
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
