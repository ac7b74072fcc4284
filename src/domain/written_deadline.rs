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

use chrono::NaiveDate;

use super::deadline::Deadline;
use super::invalid::Invalid;
use super::period::Period;
use super::text;
use super::written_month::WrittenMonth;
use super::year_month::YearMonth;

mod english;
mod japanese;

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
        japanese::read(core, period).or_else(|| english::read(raw, period)).ok_or_else(err)
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

/// `key` without those additions, repeatedly: `3月末までに完了予定` → `3月末`.
fn undecorated(key: &str) -> &str {
    let mut s = key.trim_start_matches(['~', '〜']);
    loop {
        let before = s.len();
        if let Some(open) = s.strip_suffix(')').and_then(|r| r.rfind('(')) {
            let (head, note) = (&s[..open], &s[open + 1..s.len() - 1]);
            if !head.is_empty() && DECORATIONS.contains(&note) {
                s = head;
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

/// Day `d` (one or two digits) of month `ym`.
fn day_of(ym: YearMonth, d: &str) -> Option<NaiveDate> {
    if !(1..=2).contains(&d.len()) || !d.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    NaiveDate::from_ymd_opt(ym.year(), ym.month(), d.parse().ok()?)
}

#[cfg(test)]
mod tests;
