//! Risk levels written as words — 高・中・低, 大・中・小, H/M/L, ◎○△ — as many
//! Japanese risk assessment sheets write them, and whether an organization
//! shows its levels as numbers or as words.
//!
//! A word names a level only on a given scale: 「中」 is 2 of 3 and of 4
//! levels, but 3 of 5. So the words come in series, each writing one whole
//! scale from its highest level down, and a word is read against the scale of
//! the value it stands for (asset value, C/I/A, threat and vulnerability: 3
//! levels; likelihood and impact: the organization's 3, 4 or 5).

use super::invalid::Invalid;
use super::risk_inputs::{RiskInputs, small_number};
use super::risk_method::{ATV_SCALE, RiskMethod, RiskSettings, asset_value};
use super::text;
use super::text_enum;

text_enum!(
    /// How the risk pages show levels and the export writes them.
    LevelStyle, "risk-level-style", {
        Numbers => "numbers",
        Words => "words",
    }
);

/// One way of writing a whole scale: the spellings of each level, highest
/// level first. The first spelling is the one messages name.
type Series = &'static [&'static [&'static str]];

/// Every series people write, by scale (the number of levels is the series' length).
const SERIES: &[Series] = &[
    // 3 levels.
    &[&["高", "高い"], &["中", "中程度"], &["低", "低い"]],
    &[&["大"], &["中"], &["小"]],
    &[&["H"], &["M"], &["L"]],
    &[&["High"], &["Medium", "Mid", "Moderate"], &["Low"]],
    // 〇 (the kanji zero) and ◯ are what IMEs offer for ○ as often as ○ itself.
    &[&["◎"], &["○", "〇", "◯"], &["△"]],
    // 4 levels.
    &[&["極大"], &["大"], &["中"], &["小"]],
    &[&["非常に高い", "非常に高", "極めて高い"], &["高い", "高"], &["中", "中程度"], &["低い", "低"]],
    &[&["VH"], &["H"], &["M"], &["L"]],
    &[&["Very high"], &["High"], &["Medium", "Mid", "Moderate"], &["Low"]],
    // 5 levels.
    &[&["極大"], &["大"], &["中"], &["小"], &["極小"]],
    &[
        &["非常に高い", "非常に高", "極めて高い"],
        &["高い", "高"],
        &["中", "中程度"],
        &["低い", "低"],
        &["非常に低い", "非常に低", "極めて低い"],
    ],
    &[&["VH"], &["H"], &["M"], &["L"], &["VL"]],
    &[&["Very high"], &["High"], &["Medium", "Mid", "Moderate"], &["Low"], &["Very low"]],
];

/// What a spelling is compared by: full-width folded, lower case, without
/// blanks or hyphens (`Ｖｅｒｙ ｈｉｇｈ`, `very-high` and `VeryHigh` alike).
fn fold(word: &str) -> String {
    text::normalize(word).to_lowercase().chars().filter(|c| !c.is_whitespace() && !matches!(c, '-' | '_')).collect()
}

fn series_of(scale: u8) -> impl Iterator<Item = Series> {
    SERIES.iter().copied().filter(move |s| s.len() == usize::from(scale))
}

/// The level a word names on a scale of `scale` levels.
pub fn level_of_word(word: &str, scale: u8) -> Option<u8> {
    let key = fold(word);
    series_of(scale).find_map(|series| {
        let i = series.iter().position(|spellings| spellings.iter().any(|s| fold(s) == key))?;
        Some(scale - i as u8)
    })
}

/// The scales on which a word names a level, smallest first.
fn scales_of_word(word: &str) -> Vec<u8> {
    [3, 4, 5].into_iter().filter(|&scale| level_of_word(word, scale).is_some()).collect()
}

/// The series of a scale as messages list them: `高/中/低, 大/中/小, H/M/L, …`.
pub fn words_of_scale(scale: u8) -> String {
    series_of(scale)
        .map(|s| s.iter().map(|spellings| spellings[0]).collect::<Vec<_>>().join("/"))
        .collect::<Vec<_>>()
        .join(", ")
}

/// The catalog key of the word a level is shown as (`risk-level-3-of-5`).
pub fn word_key(level: u8, scale: u8) -> Option<String> {
    (1..=scale).contains(&level).then(|| format!("risk-level-{level}-of-{scale}"))
}

/// One level a risk is scored from, as its pages and the sheet show it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ShownLevel {
    /// The risk form's field (`threat_level`).
    pub field: &'static str,
    /// The catalog key of its label (`risk-threat-level`).
    pub label_key: &'static str,
    pub value: Option<u8>,
    /// The scale it is on: 3 for asset value, C/I/A, threat and vulnerability.
    pub scale: u8,
}

/// The levels the method scores from, in the sheet's order: C, I, A, asset
/// value (max of C/I/A when all three are known), threat, vulnerability; or
/// likelihood and impact.
pub fn shown_levels(settings: &RiskSettings, inputs: &RiskInputs) -> Vec<ShownLevel> {
    let at = |field, label_key, value, scale| ShownLevel { field, label_key, value, scale };
    match settings.method {
        RiskMethod::AssetThreatVulnerability => vec![
            at("confidentiality", "risk-confidentiality", inputs.confidentiality, ATV_SCALE),
            at("integrity", "risk-integrity", inputs.integrity, ATV_SCALE),
            at("availability", "risk-availability", inputs.availability, ATV_SCALE),
            at("asset_value", "risk-asset-value", asset_value(inputs), ATV_SCALE),
            at("threat_level", "risk-threat-level", inputs.threat, ATV_SCALE),
            at("vulnerability_level", "risk-vulnerability-level", inputs.vulnerability, ATV_SCALE),
        ],
        RiskMethod::LikelihoodImpact => vec![
            at("likelihood", "risk-likelihood", inputs.likelihood, settings.li_scale()),
            at("impact", "risk-impact", inputs.impact, settings.li_scale()),
        ],
    }
}

/// The levels the score is the product of: asset value, threat and
/// vulnerability (C/I/A stand behind the asset value), or likelihood and impact.
pub fn score_factors(settings: &RiskSettings, inputs: &RiskInputs) -> Vec<ShownLevel> {
    let behind_asset_value = ["confidentiality", "integrity", "availability"];
    shown_levels(settings, inputs).into_iter().filter(|l| !behind_asset_value.contains(&l.field)).collect()
}

/// An optional level on a 1..=`scale` scale, as a person or a sheet writes it:
/// a number (full-width too, `3.0` as spreadsheets hand it over), a word of
/// the scale, or either with a note in brackets after it (`高（要注意）`,
/// `3（高）`). A note that names another level makes the value unclear, and
/// it is refused.
pub fn read_level(raw: &str, scale: u8) -> Result<Option<u8>, Invalid> {
    let normalized = text::normalize(raw);
    if normalized.is_empty() {
        return Ok(None);
    }
    // NFKC made full-width brackets plain.
    let (main, note) = match normalized.strip_suffix(')').and_then(|s| s.split_once('(')) {
        Some((main, note)) if !main.trim().is_empty() => (main.trim(), Some(note.trim())),
        _ => (normalized.as_str(), None),
    };
    let level = one_level(main, scale).map_err(|why| why.unwrap_or_else(|| refused(raw, scale)))?;
    if let Some(note) = note
        && let Ok(other) = one_level(note, scale)
        && other != level
    {
        return Err(refused(raw, scale));
    }
    Ok(Some(level))
}

/// A number or a word alone. `Err(None)`: neither; `Err(Some(why))`: a word
/// of another scale.
fn one_level(s: &str, scale: u8) -> Result<u8, Option<Invalid>> {
    if let Ok(Some(v)) = small_number(s) {
        return u8::try_from(v).ok().filter(|v| (1..=scale).contains(v)).ok_or(None);
    }
    if let Some(v) = level_of_word(s, scale) {
        return Ok(v);
    }
    let others = scales_of_word(s);
    if others.is_empty() {
        return Err(None);
    }
    let scales = others.iter().map(u8::to_string).collect::<Vec<_>>().join("/");
    Err(Some(
        Invalid::new("invalid-risk-level-scale")
            .with("value", s)
            .with("scales", scales)
            .with("max", scale)
            .with("words", words_of_scale(scale)),
    ))
}

fn refused(raw: &str, scale: u8) -> Invalid {
    Invalid::new("invalid-risk-level").with("value", raw.trim()).with("max", scale).with("words", words_of_scale(scale))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every word of the issue, on every scale it belongs to, with its level.
    const WORDS: &[(u8, &[(&str, u8)])] = &[
        (
            3,
            &[
                ("高", 3),
                ("中", 2),
                ("低", 1),
                ("大", 3),
                ("小", 1),
                ("H", 3),
                ("M", 2),
                ("L", 1),
                ("High", 3),
                ("Medium", 2),
                ("Low", 1),
                ("◎", 3),
                ("○", 2),
                ("〇", 2),
                ("△", 1),
                ("高い", 3),
                ("低い", 1),
            ],
        ),
        (
            4,
            &[
                ("極大", 4),
                ("大", 3),
                ("中", 2),
                ("小", 1),
                ("非常に高い", 4),
                ("高い", 3),
                ("低い", 1),
                ("VH", 4),
                ("H", 3),
                ("M", 2),
                ("L", 1),
                ("Very high", 4),
                ("High", 3),
                ("Medium", 2),
                ("Low", 1),
            ],
        ),
        (
            5,
            &[
                ("極大", 5),
                ("大", 4),
                ("中", 3),
                ("小", 2),
                ("極小", 1),
                ("非常に高い", 5),
                ("高い", 4),
                ("低い", 2),
                ("非常に低い", 1),
                ("VH", 5),
                ("H", 4),
                ("M", 3),
                ("L", 2),
                ("VL", 1),
                ("Very high", 5),
                ("High", 4),
                ("Medium", 3),
                ("Low", 2),
                ("Very low", 1),
            ],
        ),
    ];

    /// The full-width form of a word: ASCII letters and blanks shifted to
    /// their full-width code points (Japanese and symbols have none).
    fn full_width(word: &str) -> String {
        word.chars()
            .map(|c| match c {
                ' ' => '\u{3000}',
                '!'..='~' => char::from_u32(c as u32 - 0x21 + 0xFF01).unwrap(),
                c => c,
            })
            .collect()
    }

    #[test]
    fn every_word_reads_on_each_scale_it_belongs_to_half_and_full_width() {
        for (scale, words) in WORDS {
            for (word, level) in *words {
                for form in [word.to_string(), full_width(word), word.to_lowercase(), format!(" {word}　")] {
                    assert_eq!(read_level(&form, *scale), Ok(Some(*level)), "{form:?} on {scale} levels");
                }
            }
        }
        assert_eq!(full_width("Very high"), "Ｖｅｒｙ\u{3000}ｈｉｇｈ");
    }

    #[test]
    fn a_word_means_one_level_per_scale() {
        for scale in [3u8, 4, 5] {
            let mut seen: Vec<(String, u8)> = Vec::new();
            for series in series_of(scale) {
                for (i, spellings) in series.iter().enumerate() {
                    for s in *spellings {
                        let level = scale - i as u8;
                        if let Some((_, other)) = seen.iter().find(|(w, _)| *w == fold(s)) {
                            assert_eq!(*other, level, "{s} on {scale} levels");
                        }
                        seen.push((fold(s), level));
                    }
                }
            }
        }
    }

    #[test]
    fn a_word_of_another_scale_is_refused_with_the_words_of_this_one() {
        let why = read_level("極大", 3).unwrap_err();
        assert_eq!(why.key, "invalid-risk-level-scale");
        assert_eq!((why.arg("value"), why.arg("scales"), why.arg("max")), (Some("極大"), Some("4/5"), Some("3")));
        assert_eq!(why.arg("words"), Some("高/中/低, 大/中/小, H/M/L, High/Medium/Low, ◎/○/△"));
        let why = read_level("Very low", 4).unwrap_err();
        assert_eq!((why.key, why.arg("scales")), ("invalid-risk-level-scale", Some("5")));
        assert_eq!(
            why.arg("words"),
            Some("極大/大/中/小, 非常に高い/高い/中/低い, VH/H/M/L, Very high/High/Medium/Low")
        );
        assert_eq!(read_level("◎", 5).unwrap_err().arg("scales"), Some("3"));
    }

    #[test]
    fn numbers_notes_and_refusals() {
        assert_eq!(read_level("３", 3), Ok(Some(3)));
        assert_eq!(read_level("2.0", 3), Ok(Some(2)));
        assert_eq!(read_level("　", 3), Ok(None));
        assert_eq!(read_level("高（要注意）", 3), Ok(Some(3)));
        assert_eq!(read_level("3（高）", 3), Ok(Some(3)));
        assert_eq!(read_level("中 (2)", 5), Err(refused("中 (2)", 5)), "中 is 3 of 5, not 2");
        assert_eq!(read_level("3(低)", 3).unwrap_err().key, "invalid-risk-level");
        for bad in ["4", "0", "とても", "x", "(高)", "高高"] {
            let why = read_level(bad, 3).unwrap_err();
            assert_eq!((why.key, why.arg("max")), ("invalid-risk-level", Some("3")), "{bad}");
            assert_eq!(why.arg("words"), Some(words_of_scale(3).as_str()));
        }
    }

    #[test]
    fn the_levels_shown_follow_the_method() {
        let inputs = RiskInputs {
            confidentiality: Some(3),
            integrity: Some(1),
            availability: Some(2),
            asset_value: Some(3),
            threat: Some(2),
            vulnerability: Some(1),
            likelihood: Some(4),
            ..RiskInputs::default()
        };
        let atv = shown_levels(&RiskSettings::default(), &inputs);
        let keys: Vec<_> = atv.iter().map(|l| (l.label_key, l.value, l.scale)).collect();
        assert_eq!(keys[3], ("risk-asset-value", Some(3), 3));
        assert_eq!(keys.len(), 6);
        let factors: Vec<_> = score_factors(&RiskSettings::default(), &inputs).iter().map(|l| l.field).collect();
        assert_eq!(factors, ["asset_value", "threat_level", "vulnerability_level"]);
        let li = RiskSettings { method: RiskMethod::LikelihoodImpact, levels: 5, criterion: 10, ..Default::default() };
        let shown: Vec<_> = shown_levels(&li, &inputs).iter().map(|l| (l.label_key, l.value, l.scale)).collect();
        assert_eq!(shown, [("risk-likelihood", Some(4), 5), ("risk-impact", None, 5)]);
    }

    /// What the pages and the export write reads back as the same level, in
    /// both languages: the round trip through a sheet in words is stable.
    #[test]
    fn the_words_shown_read_back_as_their_level() {
        use crate::i18n::{Lang, Tr};
        for lang in Lang::ALL {
            let t = Tr::new(lang);
            for scale in [3u8, 4, 5] {
                for level in 1..=scale {
                    let word = t.level(LevelStyle::Words, Some(level), scale);
                    assert_ne!(word, level.to_string(), "{lang:?} has a word for {level} of {scale}");
                    assert_eq!(read_level(&word, scale), Ok(Some(level)), "{lang:?} {word} on {scale}");
                }
            }
            assert_eq!(t.level(LevelStyle::Numbers, Some(2), 3), "2");
            assert_eq!(t.level(LevelStyle::Words, None, 3), "");
        }
    }

    #[test]
    fn word_keys_name_a_level_of_its_scale() {
        assert_eq!(word_key(3, 5).as_deref(), Some("risk-level-3-of-5"));
        assert_eq!(word_key(0, 3), None);
        assert_eq!(word_key(4, 3), None);
    }
}
