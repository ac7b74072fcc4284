//! The day an input (6.2 c) refers to, when its text names one:
//! 「マネジメントレビュー（2025年3月）」 is March 2025, 「2024年度 8件」 the
//! fiscal year 2024, 「内部監査 R7.2.14」 that day. A month or a fiscal year
//! stands for its first day.

use chrono::NaiveDate;

use super::deadline::Deadline;
use super::era::Era;
use super::text;
use super::year_month::YearMonth;

/// The longest run of a date read (`令和10年12月31日`).
const MAX_RUN: usize = 16;

/// The first date the text names, for an organization whose year starts in `start_month`.
pub fn date_in_text(s: &str, start_month: u32) -> Option<NaiveDate> {
    let chars: Vec<char> = text::normalize(s).chars().collect();
    (0..chars.len()).find_map(|at| {
        let starts = chars[at].is_ascii_digit() && (at == 0 || !chars[at - 1].is_ascii_digit()) || era_at(&chars[at..]);
        if !starts {
            return None;
        }
        let run: String = chars[at..]
            .iter()
            .take(MAX_RUN)
            .take_while(|c| c.is_ascii_digit() || "年月日度/.-元令和平成RrHh".contains(**c))
            .collect();
        // The longest prefix of the run that reads as a date.
        let ends: Vec<usize> = run.char_indices().map(|(i, c)| i + c.len_utf8()).collect();
        ends.into_iter().rev().find_map(|end| read(&run[..end], start_month))
    })
}

fn era_at(chars: &[char]) -> bool {
    let rest: String = chars.iter().take(3).collect();
    Era::strip_prefix(&rest).is_some_and(|(_, r)| r.starts_with(|c: char| c.is_ascii_digit() || c == '元'))
}

/// One candidate: a day, a month (`2025年3月`, `2025/3`) or a fiscal year (`2024年度`).
fn read(s: &str, start_month: u32) -> Option<NaiveDate> {
    if let Ok(d) = Deadline::parse(s) {
        return Some(d.date());
    }
    if let Some(year) = s.strip_suffix("年度") {
        let year = gregorian(year)?;
        return NaiveDate::from_ymd_opt(year, start_month, 1);
    }
    if let Some(month) = s.strip_suffix('月')
        && let Some((year, month)) = month.split_once('年')
    {
        return YearMonth::new(gregorian(year)?, month.parse().ok()?).ok().map(|m| m.first_day());
    }
    let (year, month) = s.split_once(['/', '-', '.'])?;
    let (year, month) = (gregorian(year)?, month.parse().ok()?);
    (year >= 1900).then(|| YearMonth::new(year, month).ok().map(|m| m.first_day())).flatten()
}

/// `2025`, `令和7`, `R7`, `令和元` as a Gregorian year.
fn gregorian(s: &str) -> Option<i32> {
    match Era::strip_prefix(s) {
        Some((era, "元")) => Some(era.gregorian_year(1)),
        Some((era, n)) => n.parse().ok().filter(|n| *n > 0 && *n < 100).map(|n| era.gregorian_year(n)),
        None if s.len() == 4 => s.parse().ok(),
        None => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> Option<NaiveDate> {
        NaiveDate::from_ymd_opt(y, m, day)
    }

    #[test]
    fn dates_named_in_an_inputs_text() {
        let cases = [
            ("マネジメントレビュー（2025年3月）", d(2025, 3, 1)),
            ("インシデント報告（2024年度 8件）", d(2024, 4, 1)),
            ("内部監査指摘（令和6年度）", d(2024, 4, 1)),
            ("内部監査 R7.2.14 指摘3件", d(2025, 2, 14)),
            ("経営者の指示 2025/6", d(2025, 6, 1)),
            ("顧客要求 2025-07-01 受領", d(2025, 7, 1)),
            ("ＭＲ（２０２５年３月１４日）", d(2025, 3, 14)),
            ("取引先の要請", None),
            ("ISO27001 附属書A", None),
            ("8件", None),
        ];
        for (text, want) in cases {
            assert_eq!(date_in_text(text, 4), want, "{text}");
        }
        assert_eq!(date_in_text("2024年度 8件", 1), d(2024, 1, 1), "the organization's own year");
        assert_eq!(date_in_text(&"2025年".repeat(10_000), 4), None);
    }
}
