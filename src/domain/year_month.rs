//! A calendar month (`2025-04`), the grain of monthly progress records.

use super::invalid::Invalid;
use super::text;
use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};
use std::fmt;
use std::str::FromStr;

/// Earliest and latest year any domain date may have. A bounded range turns
/// typos such as `0226` or `20266` into errors instead of silent nonsense.
pub const MIN_YEAR: i32 = 1900;
pub const MAX_YEAR: i32 = 2999;

/// A month of a year; `Ord` is chronological (year first, then month).
///
/// Invariant: `MIN_YEAR <= year <= MAX_YEAR`, `1 <= month <= 12`; fields are
/// private so no value can break it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct YearMonth {
    year: i32,
    month: u32,
}

impl YearMonth {
    pub fn new(year: i32, month: u32) -> Result<Self, Invalid> {
        if (MIN_YEAR..=MAX_YEAR).contains(&year) && (1..=12).contains(&month) {
            Ok(Self { year, month })
        } else {
            Err(Invalid::new("invalid-year-month").with("value", format!("{year}-{month:02}")))
        }
    }

    /// Accepts `2025-04`, `2025/4`, `2025.4`, `2025年4月` and their full-width forms.
    pub fn parse(s: &str) -> Result<Self, Invalid> {
        let err = || Invalid::new("invalid-year-month").with("value", s.trim());
        let c = text::compact(s);
        let (y, m) = if let Some(rest) = c.strip_suffix('月') {
            rest.split_once('年').ok_or_else(err)?
        } else {
            ['-', '/', '.'].iter().find_map(|sep| c.split_once(*sep)).ok_or_else(err)?
        };
        let digits = |p: &str, lens: std::ops::RangeInclusive<usize>| {
            lens.contains(&p.len()) && p.bytes().all(|b| b.is_ascii_digit())
        };
        if !digits(y, 4..=4) || !digits(m, 1..=2) {
            return Err(err());
        }
        let (year, month) = (y.parse().map_err(|_| err())?, m.parse().map_err(|_| err())?);
        Self::new(year, month).map_err(|_| err())
    }

    /// The month a date falls in; refused outside `MIN_YEAR..=MAX_YEAR`.
    pub fn from_date(d: NaiveDate) -> Result<Self, Invalid> {
        Self::new(d.year(), d.month())
    }

    pub fn year(self) -> i32 {
        self.year
    }

    pub fn month(self) -> u32 {
        self.month
    }

    pub fn first_day(self) -> NaiveDate {
        NaiveDate::from_ymd_opt(self.year, self.month, 1).expect("invariant: valid month")
    }

    pub fn last_day(self) -> NaiveDate {
        // The day before the first of the next month; December rolls to January.
        let (y, m) = if self.month == 12 { (self.year + 1, 1) } else { (self.year, self.month + 1) };
        NaiveDate::from_ymd_opt(y, m, 1)
            .and_then(|d| d.pred_opt())
            .expect("invariant: years are far from chrono's limits")
    }

    /// Months since year 0, so month arithmetic is plain integer arithmetic.
    fn index(self) -> i64 {
        i64::from(self.year) * 12 + i64::from(self.month) - 1
    }

    /// `None` when the result leaves `MIN_YEAR..=MAX_YEAR` (like `checked_add`).
    pub fn add_months(self, n: i32) -> Option<Self> {
        let i = self.index() + i64::from(n);
        let year = i32::try_from(i.div_euclid(12)).ok()?;
        let month = u32::try_from(i.rem_euclid(12)).ok()? + 1;
        Self::new(year, month).ok()
    }

    /// How many months from `self` to `other`: `a.add_months(a.months_until(b)) == Some(b)`.
    pub fn months_until(self, other: Self) -> i32 {
        // The year range bounds the difference to a few tens of thousands.
        (other.index() - self.index()) as i32
    }
}

impl fmt::Display for YearMonth {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}", self.year, self.month)
    }
}

impl FromStr for YearMonth {
    type Err = Invalid;
    fn from_str(s: &str) -> Result<Self, Invalid> {
        Self::parse(s)
    }
}

impl TryFrom<String> for YearMonth {
    type Error = Invalid;
    fn try_from(s: String) -> Result<Self, Invalid> {
        Self::parse(&s)
    }
}

impl From<YearMonth> for String {
    fn from(ym: YearMonth) -> String {
        ym.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn ym(y: i32, m: u32) -> YearMonth {
        YearMonth::new(y, m).unwrap()
    }

    #[test]
    fn accepted_forms() {
        #[rustfmt::skip]
        let cases = [
            "2025-04", "2025-4", "2025/4", "2025/04", "2025.4", "2025年4月", "2025年04月", "２０２５－０４",
            "２０２５年４月", " 2025 年 4 月 ", "2025ー04",
        ];
        for s in cases {
            assert_eq!(YearMonth::parse(s), Ok(ym(2025, 4)), "{s}");
        }
        assert_eq!(ym(2025, 4).to_string(), "2025-04");
        assert_eq!("1900-01".parse::<YearMonth>(), Ok(ym(1900, 1)));
        assert_eq!(YearMonth::parse("2999/12"), Ok(ym(2999, 12)));
    }

    #[test]
    fn refusals() {
        #[rustfmt::skip]
        let cases = [
            "", "2025", "2025-13", "2025-0", "2025-004", "25-04", "1899-12", "3000-01", "2025年4",
            "2025-4月", "2025-04-01", "2025/4/", "abcd-ef", "+2025-04",
        ];
        for s in cases {
            let e = YearMonth::parse(s).unwrap_err();
            assert_eq!(e.key, "invalid-year-month", "{s}");
            assert_eq!(e.arg("value"), Some(s.trim()));
        }
        assert!(YearMonth::new(2025, 0).is_err());
    }

    #[test]
    fn days_and_arithmetic() {
        let d = |y, m, d| NaiveDate::from_ymd_opt(y, m, d).unwrap();
        assert_eq!(ym(2024, 2).last_day(), d(2024, 2, 29));
        assert_eq!(ym(2025, 12).last_day(), d(2025, 12, 31));
        assert_eq!(ym(2025, 4).first_day(), d(2025, 4, 1));
        assert_eq!(YearMonth::from_date(d(2026, 3, 31)), Ok(ym(2026, 3)));
        assert_eq!(ym(2025, 11).add_months(3), Some(ym(2026, 2)));
        assert_eq!(ym(2025, 1).add_months(-1), Some(ym(2024, 12)));
        assert_eq!(ym(2999, 12).add_months(1), None);
        assert_eq!(ym(1900, 1).add_months(-1), None);
        assert_eq!(ym(2025, 4).months_until(ym(2026, 3)), 11);
        assert!(ym(2025, 12) < ym(2026, 1));
    }

    #[test]
    fn serde_as_string() {
        let j = serde_json::to_string(&ym(2025, 4)).unwrap();
        assert_eq!(j, r#""2025-04""#);
        assert_eq!(serde_json::from_str::<YearMonth>(&j).unwrap(), ym(2025, 4));
        assert!(serde_json::from_str::<YearMonth>(r#""2025-13""#).is_err());
    }

    pub(crate) fn any_ym() -> impl Strategy<Value = YearMonth> {
        (MIN_YEAR..=MAX_YEAR, 1u32..=12).prop_map(|(y, m)| ym(y, m))
    }

    proptest! {
        #[test]
        fn display_parse_round_trip(a in any_ym()) {
            prop_assert_eq!(YearMonth::parse(&a.to_string()), Ok(a));
        }

        #[test]
        fn add_months_inverts_months_until(a in any_ym(), b in any_ym()) {
            let n = a.months_until(b);
            prop_assert_eq!(a.add_months(n), Some(b));
            prop_assert_eq!(b.add_months(-n), Some(a));
            prop_assert_eq!(n.signum(), (b.cmp(&a) as i32).signum());
        }
    }
}
