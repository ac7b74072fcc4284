//! A fiscal year (年度): the twelve months objectives are planned and reviewed in.

use super::invalid::Invalid;
use super::year_month::{MAX_YEAR, MIN_YEAR, YearMonth};
use chrono::{Datelike, NaiveDate};
use std::fmt;

/// A fiscal year named by the calendar year it starts in, as Japanese
/// organisations do: with start month 4, `Period::new(2025, 4)` is
/// April 2025 – March 2026 ("2025年度"); with start month 1 it is Jan–Dec 2025.
///
/// Invariant: `1 <= start_month <= 12` and all twelve months lie within
/// `MIN_YEAR..=MAX_YEAR`, so `months()` can never fail.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Period {
    start_year: i32,
    start_month: u32,
}

impl Period {
    /// Refuses a start month outside 1..=12 (`invalid-fiscal-start-month`) and a
    /// year whose months would leave the supported range (`invalid-fiscal-year`).
    pub fn new(start_year: i32, start_month: u32) -> Result<Self, Invalid> {
        if !(1..=12).contains(&start_month) {
            return Err(Invalid::new("invalid-fiscal-start-month").with("value", start_month));
        }
        // A year that starts after January ends in the following calendar year.
        let last_start = if start_month == 1 { MAX_YEAR } else { MAX_YEAR - 1 };
        if !(MIN_YEAR..=last_start).contains(&start_year) {
            return Err(Invalid::new("invalid-fiscal-year").with("year", start_year));
        }
        Ok(Self { start_year, start_month })
    }

    /// The fiscal year a date falls in, e.g. 2026-02-10 with start 4 → 2025.
    ///
    /// # Panics
    /// If `start_month` is not 1..=12 or the fiscal year leaves the supported
    /// range (dates before April 1900 or after 2998). Meant for trusted input
    /// such as today's date and a stored organization; use `try_containing` otherwise.
    pub fn containing(date: NaiveDate, start_month: u32) -> Self {
        Self::try_containing(date, start_month)
            .unwrap_or_else(|e| panic!("Period::containing({date}, {start_month}): {e}"))
    }

    /// Like `containing`, but refuses instead of panicking.
    pub fn try_containing(date: NaiveDate, start_month: u32) -> Result<Self, Invalid> {
        let year = if date.month() >= start_month { date.year() } else { date.year() - 1 };
        Self::new(year, start_month)
    }

    pub fn start_year(self) -> i32 {
        self.start_year
    }

    pub fn start_month(self) -> u32 {
        self.start_month
    }

    fn first_month(self) -> YearMonth {
        YearMonth::new(self.start_year, self.start_month).expect("invariant: checked in new")
    }

    /// The twelve months in order, starting with the start month.
    pub fn months(self) -> [YearMonth; 12] {
        let first = self.first_month();
        std::array::from_fn(|i| first.add_months(i as i32).expect("invariant: checked in new"))
    }

    pub fn first_day(self) -> NaiveDate {
        self.first_month().first_day()
    }

    pub fn last_day(self) -> NaiveDate {
        self.months()[11].last_day()
    }

    pub fn contains(self, date: NaiveDate) -> bool {
        (self.first_day()..=self.last_day()).contains(&date)
    }

    /// Position 0..12 of a month within this fiscal year (column of a progress table).
    pub fn index_of(self, ym: YearMonth) -> Option<usize> {
        usize::try_from(self.first_month().months_until(ym)).ok().filter(|i| *i < 12)
    }

    /// `None` at the edge of the supported year range, like `checked_add`.
    pub fn next(self) -> Option<Self> {
        self.shift_years(1)
    }

    pub fn prev(self) -> Option<Self> {
        self.shift_years(-1)
    }

    pub fn shift_years(self, n: i32) -> Option<Self> {
        Self::new(self.start_year.checked_add(n)?, self.start_month).ok()
    }
}

/// `FY2025` (for logs; the UI renders "2025年度" from `start_year`).
impl fmt::Display for Period {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "FY{}", self.start_year)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }
    fn ym(y: i32, m: u32) -> YearMonth {
        YearMonth::new(y, m).unwrap()
    }

    #[test]
    fn april_start() {
        let p = Period::new(2025, 4).unwrap();
        assert_eq!(p.first_day(), d(2025, 4, 1));
        assert_eq!(p.last_day(), d(2026, 3, 31));
        assert_eq!(p.months()[0], ym(2025, 4));
        assert_eq!(p.months()[8], ym(2025, 12));
        assert_eq!(p.months()[11], ym(2026, 3));
        assert!(p.contains(d(2026, 3, 31)) && !p.contains(d(2026, 4, 1)));
        assert_eq!(p.index_of(ym(2026, 1)), Some(9));
        assert_eq!(p.index_of(ym(2025, 3)), None);
        assert_eq!(p.index_of(ym(2026, 4)), None);
        assert_eq!(p.to_string(), "FY2025");
    }

    #[test]
    fn january_start() {
        let p = Period::new(2025, 1).unwrap();
        assert_eq!((p.first_day(), p.last_day()), (d(2025, 1, 1), d(2025, 12, 31)));
        assert_eq!(Period::containing(d(2025, 12, 31), 1), p);
    }

    #[test]
    fn containing_examples() {
        let p = |y| Period::new(y, 4).unwrap();
        assert_eq!(Period::containing(d(2026, 2, 10), 4), p(2025));
        assert_eq!(Period::containing(d(2026, 11, 27), 4), p(2026));
        assert_eq!(Period::try_containing(d(2026, 4, 1), 4), Ok(p(2026)));
    }

    #[test]
    #[should_panic(expected = "Period::containing")]
    fn containing_panics_on_a_bad_start_month() {
        Period::containing(d(2026, 2, 1), 13);
    }

    #[test]
    fn navigation() {
        let p = Period::new(2025, 4).unwrap();
        assert_eq!(p.next(), Some(Period::new(2026, 4).unwrap()));
        assert_eq!(p.prev(), Some(Period::new(2024, 4).unwrap()));
        assert_eq!(p.shift_years(-5), Some(Period::new(2020, 4).unwrap()));
        assert_eq!(Period::new(2998, 4).unwrap().next(), None);
        assert_eq!(Period::new(2998, 1).unwrap().next(), Period::new(2999, 1).ok());
        assert_eq!(Period::new(1900, 4).unwrap().prev(), None);
    }

    #[test]
    fn refusals() {
        for m in [0, 13] {
            let e = Period::new(2025, m).unwrap_err();
            assert_eq!(e.key, "invalid-fiscal-start-month");
            assert_eq!(e.arg("value"), Some(m.to_string().as_str()));
        }
        assert_eq!(Period::new(2999, 4).unwrap_err().key, "invalid-fiscal-year");
        assert_eq!(Period::new(1899, 4).unwrap_err().key, "invalid-fiscal-year");
        assert!(Period::try_containing(d(2026, 2, 1), 0).is_err());
        assert!(Period::try_containing(d(1900, 2, 1), 4).is_err());
    }

    fn any_period() -> impl Strategy<Value = Period> {
        (MIN_YEAR..MAX_YEAR, 1u32..=12).prop_map(|(y, m)| Period::new(y, m).unwrap())
    }

    proptest! {
        #[test]
        fn months_are_twelve_consecutive(p in any_period()) {
            let ms = p.months();
            prop_assert_eq!(ms[0].month(), p.start_month());
            for (i, w) in ms.windows(2).enumerate() {
                prop_assert_eq!(w[0].add_months(1), Some(w[1]));
                prop_assert_eq!(p.index_of(w[0]), Some(i));
            }
            prop_assert_eq!(p.last_day().succ_opt().map(|d| p.next().is_none_or(|n| n.first_day() == d)), Some(true));
        }

        #[test]
        fn containing_contains(days in 0u64..=401_036, start in 1u32..=12) {
            // Any date from 1901-01-01 to 2998-12-31 (earlier dates can fall in fiscal 1899).
            let date = d(1901, 1, 1) + chrono::Days::new(days);
            let p = Period::containing(date, start);
            prop_assert!(p.contains(date));
            prop_assert!(p.months().contains(&YearMonth::from_date(date).unwrap()));
            prop_assert!(!p.prev().is_some_and(|q| q.contains(date)));
        }
    }
}
