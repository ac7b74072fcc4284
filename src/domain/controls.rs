//! Controls chosen for a risk treatment (6.1.3 b–d), by reference: an Annex A
//! control of ISO/IEC 27001:2022 (JIS Q 27001:2023) such as `A.8.24`, or one
//! of the organization's own controls.
//!
//! The sheet's column 管理策 holds them as typed by people: `A.5.17, A.8.5`,
//! `a.8.24、A８．２４`, one per line. Parsing folds all of that into canonical
//! ids, and refuses Annex A-looking ids that do not exist in the 2022 edition,
//! the usual case being the 2013 numbering (`A.9.1`, `A.12.3.1`).

use serde::{Serialize, Serializer};
use std::fmt;

use super::invalid::Invalid;
use super::text;

/// The longest id of an organization's own control.
pub const MAX_OWN_CHARS: usize = 30;

/// The 93 controls of Annex A (ISO/IEC 27001:2022), in the standard's order.
const ANNEX_A: [&str; 93] = [
    // Organizational controls (37).
    "A.5.1", "A.5.2", "A.5.3", "A.5.4", "A.5.5", "A.5.6", "A.5.7", "A.5.8", "A.5.9", "A.5.10", "A.5.11", "A.5.12",
    "A.5.13", "A.5.14", "A.5.15", "A.5.16", "A.5.17", "A.5.18", "A.5.19", "A.5.20", "A.5.21", "A.5.22", "A.5.23",
    "A.5.24", "A.5.25", "A.5.26", "A.5.27", "A.5.28", "A.5.29", "A.5.30", "A.5.31", "A.5.32", "A.5.33", "A.5.34",
    "A.5.35", "A.5.36", "A.5.37", // People controls (8).
    "A.6.1", "A.6.2", "A.6.3", "A.6.4", "A.6.5", "A.6.6", "A.6.7", "A.6.8", // Physical controls (14).
    "A.7.1", "A.7.2", "A.7.3", "A.7.4", "A.7.5", "A.7.6", "A.7.7", "A.7.8", "A.7.9", "A.7.10", "A.7.11", "A.7.12",
    "A.7.13", "A.7.14", // Technological controls (34).
    "A.8.1", "A.8.2", "A.8.3", "A.8.4", "A.8.5", "A.8.6", "A.8.7", "A.8.8", "A.8.9", "A.8.10", "A.8.11", "A.8.12",
    "A.8.13", "A.8.14", "A.8.15", "A.8.16", "A.8.17", "A.8.18", "A.8.19", "A.8.20", "A.8.21", "A.8.22", "A.8.23",
    "A.8.24", "A.8.25", "A.8.26", "A.8.27", "A.8.28", "A.8.29", "A.8.30", "A.8.31", "A.8.32", "A.8.33", "A.8.34",
];

/// One control chosen for a treatment.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum ControlRef {
    /// A canonical Annex A id, e.g. `A.8.24`.
    AnnexA(String),
    /// The organization's own control id, as typed (case kept).
    Own(String),
}

impl ControlRef {
    /// Parses one id; see [`parse_controls`].
    pub fn parse(raw: &str) -> Result<Self, Invalid> {
        let token = text::unify_dashes(&text::normalize(raw));
        classify(token.trim())
    }

    pub fn as_str(&self) -> &str {
        match self {
            ControlRef::AnnexA(s) | ControlRef::Own(s) => s,
        }
    }

    /// The id, as stored and shown: the same as [`Self::as_str`].
    pub fn id(&self) -> &str {
        self.as_str()
    }

    pub fn is_annex_a(&self) -> bool {
        matches!(self, ControlRef::AnnexA(_))
    }
}

impl fmt::Display for ControlRef {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// As its id: the id parses back to the same value.
impl Serialize for ControlRef {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

/// Whether `id` is an Annex A control of the 2022 edition, once normalized
/// (`a.8.24` and `Ａ．８．２４` are).
pub fn is_annex_a(id: &str) -> bool {
    matches!(ControlRef::parse(id), Ok(ControlRef::AnnexA(_)))
}

/// The 93 Annex A ids, `A.5.1` … `A.8.34`, in the standard's order.
pub fn annex_a_ids() -> Vec<String> {
    ANNEX_A.iter().map(|s| s.to_string()).collect()
}

/// Parses a list of controls as people type it: separated by commas (`,`
/// `、` `，`), semicolons, `・`, blanks or line breaks; full-width characters
/// and case folded for Annex A ids (`a.8.24`, `A８．２４` → `A.8.24`; `A8.24`
/// too). Duplicates are dropped, keeping the first. Blank input is an empty list.
///
/// Refusals, for the first id that fails:
/// - `invalid-control` (arg `value`): looks like an Annex A id (`A.` and a
///   digit) but is not one of the 2022 edition: `A.8.99`, `A.9.1`, `A.8`;
/// - `invalid-control-own` (args `value`, `max`): an own id that is not 1..=30
///   ASCII letters, digits, `-`, `_`, `.`.
pub fn parse_controls(raw: &str) -> Result<Vec<ControlRef>, Invalid> {
    let normalized = text::unify_dashes(&text::normalize(raw));
    let mut out: Vec<ControlRef> = Vec::new();
    for token in normalized.split(|c: char| c.is_whitespace() || matches!(c, ',' | '、' | ';' | '・')) {
        if token.is_empty() {
            continue;
        }
        let control = classify(token)?;
        if !out.contains(&control) {
            out.push(control);
        }
    }
    Ok(out)
}

/// The list as the sheet's column 管理策 shows it: `A.5.17, A.8.5`.
pub fn format_controls(controls: &[ControlRef]) -> String {
    controls.iter().map(ControlRef::as_str).collect::<Vec<_>>().join(", ")
}

/// Annex A ids starting with `prefix` (normalized; `8.2` and `a8.2` mean
/// `A.8.2`), for a `<datalist>`. A blank prefix gives all 93.
pub fn suggest(prefix: &str) -> Vec<&'static str> {
    let p: String = text::normalize(prefix).chars().filter(|c| !c.is_whitespace()).collect::<String>().to_uppercase();
    let p = if p.starts_with(|c: char| c.is_ascii_digit()) {
        format!("A.{p}")
    } else if p.len() > 1 && p.starts_with('A') && p[1..].starts_with(|c: char| c.is_ascii_digit()) {
        format!("A.{}", &p[1..])
    } else {
        p
    };
    ANNEX_A.iter().copied().filter(|id| id.starts_with(&p)).collect()
}

/// One normalized token (no blanks, no separators).
fn classify(token: &str) -> Result<ControlRef, Invalid> {
    if let Some(numbers) = annex_like(token) {
        return canonical(numbers)
            .filter(|id| ANNEX_A.contains(&id.as_str()))
            .map(ControlRef::AnnexA)
            .ok_or_else(|| Invalid::new("invalid-control").with("value", token));
    }
    let ok = (1..=MAX_OWN_CHARS).contains(&token.chars().count())
        && token.bytes().all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.'));
    if ok {
        Ok(ControlRef::Own(token.to_string()))
    } else {
        Err(Invalid::new("invalid-control-own").with("value", token).with("max", MAX_OWN_CHARS))
    }
}

/// The part after `A.` when the token claims to be an Annex A id: `A.` (or
/// `a.`) and a digit, or `A` and digits and a dot (`A8.24`, a dot forgotten).
fn annex_like(token: &str) -> Option<&str> {
    let rest = token.strip_prefix(['A', 'a'])?;
    if let Some(after_dot) = rest.strip_prefix('.') {
        return after_dot.starts_with(|c: char| c.is_ascii_digit()).then_some(after_dot);
    }
    let digits = rest.bytes().take_while(u8::is_ascii_digit).count();
    (digits > 0 && rest[digits..].starts_with('.')).then_some(rest)
}

/// `8.24` → `A.8.24`, leading zeros dropped; `None` unless two runs of digits.
fn canonical(numbers: &str) -> Option<String> {
    let parts: Vec<&str> = numbers.split('.').collect();
    let ok =
        parts.len() == 2 && parts.iter().all(|p| (1..=3).contains(&p.len()) && p.bytes().all(|b| b.is_ascii_digit()));
    if !ok {
        return None;
    }
    Some(format!("A.{}.{}", parts[0].parse::<u32>().ok()?, parts[1].parse::<u32>().ok()?))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn annex(s: &str) -> ControlRef {
        ControlRef::AnnexA(s.into())
    }

    fn own(s: &str) -> ControlRef {
        ControlRef::Own(s.into())
    }

    #[test]
    fn the_annex_has_93_controls_in_order() {
        let ids = annex_a_ids();
        assert_eq!(ids.len(), 93);
        assert_eq!((ids[0].as_str(), ids[92].as_str()), ("A.5.1", "A.8.34"));
        for (section, count) in [(5, 37), (6, 8), (7, 14), (8, 34)] {
            let mine: Vec<&String> = ids.iter().filter(|id| id.starts_with(&format!("A.{section}."))).collect();
            assert_eq!(mine.len(), count, "A.{section}");
            let expected: Vec<String> = (1..=count).map(|n| format!("A.{section}.{n}")).collect();
            assert_eq!(mine.into_iter().cloned().collect::<Vec<_>>(), expected);
        }
        assert!(is_annex_a("A.8.24") && is_annex_a("a.8.24") && is_annex_a("Ａ．８．２４") && is_annex_a("A.5.37"));
        assert!(
            !is_annex_a("A.5.38")
                && !is_annex_a("A.9.1")
                && !is_annex_a("A.8")
                && !is_annex_a("P-01")
                && !is_annex_a("")
        );
    }

    #[test]
    fn lists_as_people_type_them() {
        assert_eq!(parse_controls("A.5.17, A.8.5").unwrap(), [annex("A.5.17"), annex("A.8.5")]);
        assert_eq!(
            parse_controls(" a.8.24、A８．２４，A.05.01\r\nP-01 ; 社内規程・A.7.4").unwrap_err().key,
            "invalid-control-own",
        );
        assert_eq!(
            parse_controls(" a.8.24、A８．２４，A.05.01\r\nP-01 ; isms_rule.3・A.7.4　A8.1").unwrap(),
            [annex("A.8.24"), annex("A.5.1"), own("P-01"), own("isms_rule.3"), annex("A.7.4"), annex("A.8.1")]
        );
        assert_eq!(parse_controls("").unwrap(), []);
        assert_eq!(parse_controls(" 、, \n").unwrap(), []);
        // Own ids keep their case; full-width is folded.
        assert_eq!(
            parse_controls("ｐ－０１ Abc A1 A-1 B.8.24").unwrap(),
            [own("p-01"), own("Abc"), own("A1"), own("A-1"), own("B.8.24")]
        );
        let controls = parse_controls("A.8.5,A.5.17,P-1").unwrap();
        assert_eq!(format_controls(&controls), "A.8.5, A.5.17, P-1");
        assert_eq!(parse_controls(&format_controls(&controls)).unwrap(), controls);
        assert_eq!(ControlRef::parse(" a.8.24 ").unwrap(), annex("A.8.24"));
        assert!(annex("A.8.24").is_annex_a() && !own("P").is_annex_a());
        assert_eq!(serde_json::to_string(&controls).unwrap(), r#"["A.8.5","A.5.17","P-1"]"#);
    }

    #[test]
    fn refusals() {
        // Annex A-looking but not in the 2022 edition.
        for (raw, value) in [
            ("A.8.99", "A.8.99"),
            ("A.9.1", "A.9.1"),
            ("A.12.3.1", "A.12.3.1"),
            ("A.8", "A.8"),
            ("A.8.", "A.8."),
            ("A.8.24.1", "A.8.24.1"),
            ("A.8.24a", "A.8.24a"),
            ("A.5.0", "A.5.0"),
            ("A.4.1", "A.4.1"),
            ("ａ．９．１", "a.9.1"),
            ("A9.1", "A9.1"),
            ("A.8.0000024", "A.8.0000024"),
        ] {
            let e = parse_controls(&format!("A.5.1, {raw}")).unwrap_err();
            assert_eq!((e.key, e.arg("value")), ("invalid-control", Some(value)), "{raw}");
        }
        // Own ids: ASCII letters, digits and `-_.`, at most 30.
        for raw in ["社内規程", "P/01", "P#1", &"x".repeat(31)] {
            let e = parse_controls(raw).unwrap_err();
            assert_eq!((e.key, e.arg("value"), e.arg("max")), ("invalid-control-own", Some(raw), Some("30")), "{raw}");
        }
        assert!(parse_controls(&"x".repeat(30)).is_ok());
        // `A.` without a digit is not an Annex A claim.
        assert_eq!(parse_controls("A.x").unwrap(), [own("A.x")]);
    }

    #[test]
    fn suggestions() {
        assert_eq!(suggest("").len(), 93);
        assert_eq!(
            suggest("A.8.2"),
            [
                "A.8.2", "A.8.20", "A.8.21", "A.8.22", "A.8.23", "A.8.24", "A.8.25", "A.8.26", "A.8.27", "A.8.28",
                "A.8.29"
            ]
        );
        assert_eq!(suggest("ａ．８．２４"), ["A.8.24"]);
        assert_eq!(suggest("8.24"), ["A.8.24"]);
        assert_eq!(suggest("a6"), suggest("A.6"));
        assert_eq!(suggest("A.6").len(), 8);
        assert_eq!(suggest("A.7.").len(), 14);
        assert!(suggest("A.9").is_empty() && suggest("P-").is_empty());
    }
}
