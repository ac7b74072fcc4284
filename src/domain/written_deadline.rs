//! A deadline (達成期限) as people write it in the management table: a date
//! (`2026/3/31`), a place in the period (`年度末`, `上期末`, `9月末`, "end of
//! FY"), a month (`2026年3月`, `R8.3`, "by Sep 2025"), or words that name no
//! date at all (`通年`, `随時`, "ongoing").
//!
//! ismo knows the period a deadline belongs to, so `年度末` is as exact as
//! `2026/03/31`: refusing it would make the first import fail for most
//! people. Words that name no date are kept as written; the period's end
//! stands in for them wherever a date is needed (delay, reminders), and the
//! readiness check asks for a date (rule `6.2-i-date`).

use chrono::{Datelike, NaiveDate};

use super::deadline::Deadline;
use super::era::Era;
use super::invalid::Invalid;
use super::period::Period;
use super::text;
use super::written_month::{self, WrittenMonth, month_number, month_of_name};
use super::year_month::YearMonth;

/// The longest wording kept as a deadline's text.
pub const WORDS_MAX: usize = 100;

/// How a deadline was written, and the date it stands for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum WrittenDeadline {
    /// A date written in full: `2026/3/31`, `令和8年3月31日`, `2026年3月末`.
    Date(Deadline),
    /// A date named by its place in the period or by its month.
    InPeriod(Deadline, How),
    /// Words that name no date, as written; the date is the period's last day.
    Words(String, Deadline),
}

/// How a date was found from words: shown in the import preview, so a
/// person can check `上期末` became the end of September.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum How {
    /// 年度末, 期末, 下期末, 令和7年度末, "end of FY".
    PeriodEnd,
    /// 上期末, "end of H1": the sixth month's last day.
    FirstHalfEnd,
    /// 第1四半期末, 2Q末, "end of Q3".
    QuarterEnd,
    /// 9月末, 3月, 2026年3月, R8.3, "end of March", "by Sep 2025".
    MonthEnd,
    /// 上旬, 中旬, 下旬: the 10th, the 20th, the last day.
    PartOfMonth,
    /// 12月19日, 3/31, "March 31": that day in the period.
    Day,
}

impl How {
    /// The catalog key that says how the date was found.
    pub fn key(self) -> &'static str {
        match self {
            How::PeriodEnd => "deadline-how-period-end",
            How::FirstHalfEnd => "deadline-how-first-half-end",
            How::QuarterEnd => "deadline-how-quarter-end",
            How::MonthEnd => "deadline-how-month-end",
            How::PartOfMonth => "deadline-how-part-of-month",
            How::Day => "deadline-how-day",
        }
    }
}

impl WrittenDeadline {
    /// Reads a deadline of `period`. Refused with `invalid-deadline`, whose
    /// message names the forms that are read.
    pub fn read(raw: &str, period: Period) -> Result<Self, Invalid> {
        let err = || Invalid::new("invalid-deadline").with("value", raw.trim());
        if let Ok(d) = Deadline::parse(raw) {
            return Ok(Self::Date(d));
        }
        let key = text::compact(raw).to_lowercase();
        if names_no_date(&key) {
            let words = text::optional(raw, WORDS_MAX)?.ok_or_else(err)?;
            return Ok(Self::Words(words, last_day(period).ok_or_else(err)?));
        }
        let core = undecorated(&key);
        if let Ok(d) = Deadline::parse(core) {
            return Ok(Self::Date(d));
        }
        japanese(core, period).or_else(|| english(&english_words(raw), period)).ok_or_else(err)
    }

    /// The date that counts for delay and reminders.
    pub fn date(&self) -> Deadline {
        match self {
            Self::Date(d) | Self::InPeriod(d, _) | Self::Words(_, d) => *d,
        }
    }

    /// The words kept as the deadline's text, when they name no date.
    pub fn words(&self) -> Option<&str> {
        match self {
            Self::Words(w, _) => Some(w),
            _ => None,
        }
    }
}

fn last_day(period: Period) -> Option<Deadline> {
    Deadline::new(period.last_day()).ok()
}

fn in_period(date: NaiveDate, how: How) -> Option<WrittenDeadline> {
    Deadline::new(date).ok().map(|d| WrittenDeadline::InPeriod(d, how))
}

/// Words that say when work happens but name no day. Compared without
/// spaces, in lower case.
const NO_DATE: &[&str] = &[
    "通年",
    "年間",
    "年間を通じて",
    "通期",
    "期間中",
    "随時",
    "常時",
    "適宜",
    "都度",
    "その都度",
    "必要に応じて",
    "必要時",
    "毎月",
    "毎週",
    "毎日",
    "毎年",
    "毎期",
    "月次",
    "週次",
    "四半期毎",
    "四半期ごと",
    "半期毎",
    "半期ごと",
    "定期",
    "定期的",
    "継続",
    "継続的",
    "恒常的",
    "未定",
    "ongoing",
    "continuous",
    "continuously",
    "continual",
    "asneeded",
    "asrequired",
    "whenneeded",
    "regularly",
    "periodically",
    "monthly",
    "weekly",
    "quarterly",
    "everymonth",
    "everyweek",
    "throughouttheyear",
    "allyear",
    "allyearround",
    "year-round",
    "yearround",
    "tbd",
    "tobedecided",
    "tobedetermined",
];

/// What may follow such words: `毎月実施`, `随時対応`, `継続的に実施`, `継続中`.
const NO_DATE_TAILS: &[&str] = &["", "実施", "で実施", "に実施", "的に実施", "対応", "で対応", "中"];

/// Whether `key` (compact, lower case) is words that name no date, with or
/// without a note in brackets after them (`通年（毎月報告）`).
fn names_no_date(key: &str) -> bool {
    let key = without_note(key).unwrap_or(key);
    NO_DATE.iter().any(|w| key.strip_prefix(w).is_some_and(|tail| NO_DATE_TAILS.contains(&tail)))
}

/// `key` without a trailing note in round brackets, if it has one.
fn without_note(key: &str) -> Option<&str> {
    let open = key.strip_suffix(')')?.rfind('(')?;
    (open > 0).then(|| &key[..open])
}

/// What people add around a deadline that does not change it: `～`, `まで`,
/// `頃`, `目途`, `予定`, `完了`, `（予定）`.
const DECORATIONS: &[&str] = &[
    "までに",
    "まで",
    "迄に",
    "迄",
    "頃",
    "ごろ",
    "を目途",
    "目途",
    "を目処",
    "目処",
    "めど",
    "予定",
    "完了",
    "見込み",
    "見込",
];

fn undecorated(key: &str) -> &str {
    let mut s = key.trim_start_matches(['~', '〜']);
    loop {
        let before = s.len();
        if let Some(open) = s.strip_suffix(')').and_then(|r| r.rfind('(')) {
            let (before, note) = (&s[..open], &s[open + 1..s.len() - 1]);
            if !before.is_empty() && DECORATIONS.contains(&note) {
                s = before;
            }
        }
        if let Some(rest) = DECORATIONS.iter().find_map(|d| s.strip_suffix(d)).filter(|r| !r.is_empty()) {
            s = rest;
        }
        if s.len() == before {
            return s;
        }
    }
}

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

/// The part of a fiscal year a phrase names.
#[derive(Clone, Copy)]
enum Part {
    Whole,
    FirstHalf,
    Quarter(usize),
}

impl Part {
    fn end(self, fy: Period) -> Option<WrittenDeadline> {
        let (month, how) = match self {
            Part::Whole => (11, How::PeriodEnd),
            Part::FirstHalf => (5, How::FirstHalfEnd),
            Part::Quarter(n) => (3 * n - 1, How::QuarterEnd),
        };
        in_period(fy.months()[month].last_day(), how)
    }
}

fn japanese(s: &str, period: Period) -> Option<WrittenDeadline> {
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

/// `第1四半期`, `第一四半期`, `1Q`, `Q1` (lower case by now).
fn quarter(s: &str) -> Option<usize> {
    let n = s
        .strip_prefix('第')
        .and_then(|r| r.strip_suffix("四半期"))
        .or_else(|| s.strip_suffix('q'))
        .or_else(|| s.strip_prefix('q'))?;
    let n = match n {
        "1" | "一" => 1,
        "2" | "二" => 2,
        "3" | "三" => 3,
        "4" | "四" => 4,
        _ => return None,
    };
    Some(n)
}

/// The month numbered `month` within the period.
fn month_in(period: Period, month: u32) -> Option<YearMonth> {
    period.months().into_iter().find(|m| m.month() == month)
}

/// The month a written month names: its own year, or the period's.
fn resolve(m: WrittenMonth, period: Period) -> Option<YearMonth> {
    match m.year {
        Some(y) => YearMonth::new(y, m.month).ok(),
        None => month_in(period, m.month),
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

/// Day `d` (one or two digits) of month `ym`.
fn day_of(ym: YearMonth, d: &str) -> Option<NaiveDate> {
    if !(1..=2).contains(&d.len()) || !d.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    NaiveDate::from_ymd_opt(ym.year(), ym.month(), d.parse().ok()?)
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

#[cfg(test)]
#[path = "written_deadline_tests.rs"]
mod tests;
