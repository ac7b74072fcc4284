//! Text cleanup applied to every user-typed string before validation.
//!
//! People paste from Excel, Word and Japanese IMEs, so the same value arrives
//! with full-width digits, ideographic spaces, CRLF and stray blanks. We fold
//! all of that here once, so comparisons and length limits see what the user
//! meant rather than how it was typed.

use std::borrow::Cow;

use super::invalid::Invalid;
use unicode_normalization::{IsNormalized, UnicodeNormalization, is_nfkc_quick};

/// NFKC-normalizes, unifies line breaks to `\n`, trims each line and collapses
/// whitespace runs inside a line to one space. Line breaks are kept because
/// multi-line fields (descriptions, notes) need them; leading and trailing
/// blank lines are dropped.
pub fn normalize(s: &str) -> String {
    // NFKC maps `１２` to `12` and U+3000 to a plain space. Most cells are
    // already NFKC: the quick check spares them a copy (an import normalizes
    // every cell it compares, hundreds of thousands).
    let nfkc: Cow<str> = match is_nfkc_quick(s.chars()) {
        IsNormalized::Yes => Cow::Borrowed(s),
        _ => Cow::Owned(s.nfkc().collect()),
    };
    let unified: Cow<str> =
        if nfkc.contains('\r') { Cow::Owned(nfkc.replace("\r\n", "\n").replace('\r', "\n")) } else { nfkc };
    // Built in one buffer: lines with their blank runs collapsed, joined by `\n`.
    let mut out = String::with_capacity(unified.len());
    for (i, line) in unified.split('\n').enumerate() {
        if i > 0 {
            out.push('\n');
        }
        for (j, word) in line.split_whitespace().enumerate() {
            if j > 0 {
                out.push(' ');
            }
            out.push_str(word);
        }
    }
    let trimmed = out.trim_matches('\n');
    if trimmed.len() == out.len() { out } else { trimmed.to_string() }
}

/// Gentle cleanup for free text written by people: line breaks unified to
/// `\n`, blanks trimmed at the ends of each line and of the whole. Unlike
/// [`normalize`], the characters themselves are kept: Japanese prose uses
/// full-width brackets and spaces on purpose (`山田 太郎（ISMS事務局長）`), and
/// a round trip through ismo must give back what was typed.
pub fn tidy(s: &str) -> String {
    // Built in one buffer: the importer tidies every cell it reads.
    let unified: Cow<str> =
        if s.contains('\r') { Cow::Owned(s.replace("\r\n", "\n").replace('\r', "\n")) } else { Cow::Borrowed(s) };
    let mut out = String::with_capacity(unified.len());
    for (i, line) in unified.split('\n').enumerate() {
        if i > 0 {
            out.push('\n');
        }
        out.push_str(line.trim_end());
    }
    let trimmed = out.trim();
    if trimmed.len() == out.len() { out } else { trimmed.to_string() }
}

/// A mandatory free-text field: tidied, non-empty and at most `max_chars` characters.
pub fn required(s: &str, max_chars: usize) -> Result<String, Invalid> {
    optional(s, max_chars)?.ok_or_else(|| Invalid::new("invalid-required"))
}

/// An optional free-text field: empty (after tidying) becomes `None`.
pub fn optional(s: &str, max_chars: usize) -> Result<Option<String>, Invalid> {
    let n = tidy(s);
    if n.is_empty() {
        return Ok(None);
    }
    // Count characters, not bytes: a Japanese character is 3 bytes in UTF-8.
    if n.chars().count() > max_chars {
        return Err(Invalid::new("invalid-too-long").with("max", max_chars));
    }
    Ok(Some(n))
}

/// Maps dash look-alikes to `-`. NFKC leaves the minus sign, en dash and the
/// katakana prolonged sound mark alone, yet IME users type them in dates and codes.
pub(crate) fn unify_dashes(s: &str) -> String {
    s.chars()
        .map(|c| match c {
            '\u{2010}'..='\u{2015}' | '\u{2212}' | '\u{30FC}' | '\u{FF70}' => '-',
            c => c,
        })
        .collect()
}

/// `normalize` + `unify_dashes` + all whitespace removed: for short structured
/// values (dates, amounts) where a blank is never meaningful.
pub(crate) fn compact(s: &str) -> String {
    unify_dashes(&normalize(s)).chars().filter(|c| !c.is_whitespace()).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folds_full_width() {
        assert_eq!(normalize("１２ＡＢ"), "12AB");
        assert_eq!(normalize("　情報　　資産　"), "情報 資産");
    }

    #[test]
    fn keeps_line_breaks_but_trims_lines() {
        assert_eq!(normalize("  a  b \r\n  c\t\td  \r\n"), "a b\nc d");
        assert_eq!(normalize("a\r\rb"), "a\n\nb");
        assert_eq!(normalize("\n\n a \n\n"), "a");
    }

    #[test]
    fn free_text_keeps_what_was_typed() {
        assert_eq!(tidy("　山田 太郎（ISMS事務局長）　\r\n"), "山田 太郎（ISMS事務局長）");
        assert_eq!(tidy("株式会社サンプル　　対象期間"), "株式会社サンプル　　対象期間");
        assert_eq!(tidy("a  \r\n  b"), "a\n  b");
        assert_eq!(required("ＩＳＭＳ", 10).unwrap(), "ＩＳＭＳ");
    }

    #[test]
    fn required_and_optional() {
        assert_eq!(required(" x ", 5).unwrap(), "x");
        assert_eq!(required(" 　\n", 5).unwrap_err().key, "invalid-required");
        let e = required("abcdef", 5).unwrap_err();
        assert_eq!(e.key, "invalid-too-long");
        assert_eq!(e.arg("max"), Some("5"));
        // Characters, not bytes.
        assert_eq!(required("情報資産", 4).unwrap(), "情報資産");
        assert_eq!(optional("  ", 5).unwrap(), None);
        assert_eq!(optional("ab", 5).unwrap(), Some("ab".into()));
        assert_eq!(optional("abcdef", 5).unwrap_err().key, "invalid-too-long");
    }

    #[test]
    fn compact_unifies_dashes() {
        assert_eq!(compact(" R − 004 "), "R-004");
        assert_eq!(compact("2026ー03ー31"), "2026-03-31");
    }
}
