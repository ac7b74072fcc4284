//! Deadlines in English: "end of FY", "FY end", "end of fiscal year 2025",
//! "end of H1", "end of Q3", "end of March", "by Sep 2025", "March 31",
//! "31 Mar 2026", "Dec-25".

use super::{How, Part, WrittenDeadline, day_of, in_period, quarter, resolve};
use crate::domain::deadline::Deadline;
use crate::domain::period::Period;
use crate::domain::text;
use crate::domain::written_month::{self, WrittenMonth, month_of_name};

/// Reads the words of a cell as it was typed (`raw`).
pub(super) fn read(raw: &str, period: Period) -> Option<WrittenDeadline> {
    english(&english_words(raw), period)
}

/// English words: folded like any text, in lower case, commas as spaces,
/// one space between words.
fn english_words(raw: &str) -> String {
    let folded = text::unify_dashes(&text::normalize(raw)).to_lowercase().replace(',', " ");
    folded.split_whitespace().collect::<Vec<_>>().join(" ").trim_end_matches('.').to_string()
}

/// "end of FY", "FY end", "end of fiscal year 2025", "end of H1", "end of Q3",
/// "end of March", "by Sep 2025", "March 31", "31 Mar 2026", "Dec-25".
fn english(s: &str, period: Period) -> Option<WrittenDeadline> {
    let mut s = s;
    const LEADING: &[&str] = &["by ", "until ", "till ", "due by ", "due ", "no later than ", "not later than "];
    while let Some(rest) = LEADING.iter().find_map(|p| s.strip_prefix(p)) {
        s = rest;
    }
    for p in ["the end of ", "end of ", "the "] {
        s = s.strip_prefix(p).unwrap_or(s);
    }
    for p in [" end", "-end"] {
        s = s.strip_suffix(p).unwrap_or(s);
    }
    if let Some((fy, part)) = english_year(s, period) {
        return part.end(fy);
    }
    if let Some(m) = written_month::read(s) {
        return in_period(resolve(m, period)?.last_day(), How::MonthEnd);
    }
    month_day_words(s, period)
}

/// "fy", "fiscal year", "the period", "year", optionally with a number
/// ("fy2025", "fiscal year 2025"), or a part of one: "h1", "first half", "q3".
fn english_year(s: &str, period: Period) -> Option<(Period, Part)> {
    let part = match s {
        "h1" | "1h" | "first half" | "1st half" => Some(Part::FirstHalf),
        "h2" | "2h" | "second half" | "2nd half" => Some(Part::Whole),
        _ => quarter(s).map(Part::Quarter),
    };
    if let Some(part) = part {
        return Some((period, part));
    }
    const NAMES: &[&str] =
        &["this fiscal year", "this fy", "current fiscal year", "fiscal year", "financial year", "fiscal", "fy"];
    if matches!(s, "year" | "period" | "this period" | "this year") {
        return Some((period, Part::Whole));
    }
    let rest = NAMES.iter().find_map(|n| s.strip_prefix(n))?.trim_start_matches([' ', '-']);
    if rest.is_empty() {
        return Some((period, Part::Whole));
    }
    let year: i32 = match rest.len() {
        4 if rest.bytes().all(|b| b.is_ascii_digit()) => rest.parse().ok()?,
        2 if rest.bytes().all(|b| b.is_ascii_digit()) => 2000 + rest.parse::<i32>().ok()?,
        _ => return None,
    };
    Some((Period::new(year, period.start_month()).ok()?, Part::Whole))
}

/// "march 31", "march 31 2026", "31 march", "31st mar 2026".
fn month_day_words(s: &str, period: Period) -> Option<WrittenDeadline> {
    let words: Vec<&str> = s.split(' ').collect();
    let name = |w: &str| month_of_name(w.trim_end_matches('.'));
    let (month, d, year) = match words.as_slice() {
        [m, d] | [d, m] if name(m).is_some() && day(d).is_some() => (name(m)?, day(d)?, None),
        [m, d, y] | [d, m, y] if name(m).is_some() && day(d).is_some() && y.len() == 4 => {
            (name(m)?, day(d)?, Some(y.parse::<i32>().ok()?))
        }
        _ => return None,
    };
    let ym = resolve(WrittenMonth { month, year }, period)?;
    let date = day_of(ym, d)?;
    match year {
        Some(_) => Deadline::new(date).ok().map(WrittenDeadline::Date),
        None => in_period(date, How::Day),
    }
}

/// A day number as English writes it: `31`, `31st`, `2nd`.
fn day(w: &str) -> Option<&str> {
    let digits = w.trim_end_matches(|c: char| c.is_ascii_alphabetic());
    let suffix = &w[digits.len()..];
    (matches!(suffix, "" | "st" | "nd" | "rd" | "th") && !digits.is_empty()).then_some(digits)
}
