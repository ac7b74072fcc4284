//! Deadlines in Japanese: `年度末`, `上期末`, `第3四半期末`, `令和7年度末`,
//! `9月末`, `10月上旬`, `12月19日`, `2026年3月`, `R8.3`, `3/31`.

use super::{How, Part, WrittenDeadline, day_of, in_period, month_in, quarter, resolve};
use crate::domain::deadline::Deadline;
use crate::domain::era::Era;
use crate::domain::period::Period;
use crate::domain::written_month::{self, month_number};
use chrono::Datelike;

/// How a phrase about the period began.
#[derive(Clone, Copy, PartialEq)]
enum Named {
    /// Nothing before `上期末`, `第1四半期`.
    No,
    /// `年度`, `期`, `今期`, `本年度`: the period itself, said as a word.
    Word,
    /// `2025年度`, `令和7年度`, `FY2025`: a fiscal year by its number.
    Year,
}

/// `s` is compact, lower case and without decorations (`まで`, `予定`).
pub(super) fn read(s: &str, period: Period) -> Option<WrittenDeadline> {
    if let Some((fy, rest, named)) = fiscal_year(s, period)
        && let Some(found) = part_of_year(rest, named).and_then(|p| p.end(fy))
    {
        return Some(found);
    }
    if let Some(found) = part_of_year(s, Named::No).and_then(|p| p.end(period)) {
        return Some(found);
    }
    // 年末 is the calendar year's end: the December of the period.
    if matches!(s, "年末" | "年内") {
        return in_period(month_in(period, 12)?.last_day(), How::MonthEnd);
    }
    month_and_day(s, period)
}

/// Splits a leading fiscal year off `s`: `2025年度`, `令和7年度`, or a word for
/// this period (`年度`, `期`, `今期`…).
fn fiscal_year(s: &str, period: Period) -> Option<(Period, &str, Named)> {
    let numbered = |year: i32, rest| Some((Period::new(year, period.start_month()).ok()?, rest, Named::Year));
    if let Some((y, rest)) = s.split_once("年度")
        && y.len() == 4
        && y.bytes().all(|b| b.is_ascii_digit())
    {
        return numbered(y.parse().ok()?, rest);
    }
    if let Some((era, after)) = Era::strip_prefix(s)
        && let Some((n, rest)) = after.split_once("年度")
    {
        let n = if n == "元" { 1 } else { n.parse::<i32>().ok().filter(|n| (1..=99).contains(n))? };
        return numbered(era.gregorian_year(n), rest);
    }
    const WORDS: &[&str] = &["本年度", "今年度", "当年度", "年度", "本期", "今期", "当期", "通期", "期"];
    WORDS.iter().find_map(|w| s.strip_prefix(w)).map(|rest| (period, rest, Named::Word))
}

/// `末`, `上期末`, `下半期`, `第3四半期末`, `2Q末`… after what `named` says came before.
fn part_of_year(s: &str, named: Named) -> Option<Part> {
    let body = ["末日", "末", "内", "中"].iter().find_map(|e| s.strip_suffix(e)).unwrap_or(s);
    match body {
        "" if named == Named::Year || (named == Named::Word && !s.is_empty()) => Some(Part::Whole),
        "上期" | "上半期" => Some(Part::FirstHalf),
        "下期" | "下半期" => Some(Part::Whole),
        _ => quarter(body).map(Part::Quarter),
    }
}

/// `9月末`, `3月`, `1月中`, `10月上旬`, `12月19日`, `2026年3月`, `R8.3`, `3/31`.
fn month_and_day(s: &str, period: Period) -> Option<WrittenDeadline> {
    let Some(i) = s.rfind('月') else {
        if let Some(m) = written_month::read(s) {
            return in_period(resolve(m, period)?.last_day(), How::MonthEnd);
        }
        // `3/31`: a month and day without a year.
        let (m, d) = s.split_once('/')?;
        let ym = month_in(period, month_number(m)?)?;
        return in_period(day_of(ym, d)?, How::Day);
    };
    let (head, tail) = s.split_at(i + '月'.len_utf8());
    let written = written_month::read(head)?;
    let ym = resolve(written, period)?;
    let tail = tail.strip_prefix('度').unwrap_or(tail);
    match tail {
        "" | "末" | "末日" | "中" | "内" => in_period(ym.last_day(), How::MonthEnd),
        "上旬" => in_period(ym.first_day().with_day0(9)?, How::PartOfMonth),
        "中旬" => in_period(ym.first_day().with_day0(19)?, How::PartOfMonth),
        "下旬" => in_period(ym.last_day(), How::PartOfMonth),
        day => {
            let date = day_of(ym, day.strip_suffix('日').unwrap_or(day))?;
            match written.year {
                Some(_) => Deadline::new(date).ok().map(WrittenDeadline::Date),
                None => in_period(date, How::Day),
            }
        }
    }
}
