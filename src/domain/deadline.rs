//! A due date (期限) of an objective or plan, typed in any of the ways Japanese
//! offices write dates, or pasted from Excel as a serial number.

use super::era::{self, Era};
use super::invalid::Invalid;
use super::text;
use super::year_month::{MAX_YEAR, MIN_YEAR, YearMonth};
use chrono::{Datelike, Days, NaiveDate};
use serde::{Deserialize, Serialize};
use std::fmt;
use std::str::FromStr;

/// A calendar date within `MIN_YEAR..=MAX_YEAR`; serde uses ISO `2026-03-31`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(try_from = "NaiveDate", into = "NaiveDate")]
pub struct Deadline(NaiveDate);

/// What follows the month: a day number, or `末` (end of month).
enum Day<'a> {
    Num(&'a str),
    End,
}

impl Deadline {
    pub fn new(date: NaiveDate) -> Result<Self, Invalid> {
        if (MIN_YEAR..=MAX_YEAR).contains(&date.year()) {
            Ok(Self(date))
        } else {
            Err(Invalid::new("invalid-date").with("value", date))
        }
    }

    /// Accepts `2026-03-31`, `2026/3/31`, `2026.3.31`, `2026年3月31日`,
    /// `2026年3月末`, `令和8年3月31日`, `令和元年5月1日`, `R8.3.31`, `R8/3/31`,
    /// `H31.4.30` and full-width variants. An era date outside its era
    /// (`H31.5.1`) and impossible dates (`2026-02-30`) are refused.
    pub fn parse(s: &str) -> Result<Self, Invalid> {
        let err = || Invalid::new("invalid-date").with("value", s.trim());
        let c = text::compact(s);
        let (era, rest) = match Era::strip_prefix(&c) {
            Some((e, r)) => (Some(e), r),
            None => (None, c.as_str()),
        };
        let (y, m, day) = split_ymd(rest).ok_or_else(err)?;
        let year = match era {
            None if y.len() == 4 => number(y, 4).ok_or_else(err)? as i32,
            None => return Err(err()),
            Some(_) if y == "元" => 1,
            Some(_) => number(y, 3).filter(|n| *n > 0).ok_or_else(err)? as i32,
        };
        let year = era.map_or(year, |e| e.gregorian_year(year));
        let month = number(m, 2).ok_or_else(err)?;
        let date = match day {
            Day::Num(d) => NaiveDate::from_ymd_opt(year, month, number(d, 2).ok_or_else(err)?),
            Day::End => YearMonth::new(year, month).ok().map(YearMonth::last_day),
        }
        .ok_or_else(err)?;
        if era.is_some_and(|e| !e.contains(date)) {
            return Err(err());
        }
        Self::new(date).map_err(|_| err())
    }

    /// Excel's 1900 date system: serial 1 is 1900-01-01. Excel inherited
    /// Lotus 1-2-3's fictitious 1900-02-29 as serial 60, so that serial is
    /// refused and later serials are off by one from a plain day count.
    /// A fractional part (time of day) is ignored.
    pub fn from_excel_serial(serial: f64) -> Result<Self, Invalid> {
        let err = || Invalid::new("invalid-date").with("value", serial);
        if !serial.is_finite() || serial < 1.0 || serial.floor() == 60.0 {
            return Err(err());
        }
        let day = serial.floor() as u64; // saturates for huge values; caught below
        let epoch = if day < 60 { (1899, 12, 31) } else { (1899, 12, 30) };
        NaiveDate::from_ymd_opt(epoch.0, epoch.1, epoch.2)
            .and_then(|e| e.checked_add_days(Days::new(day)))
            .ok_or_else(err)
            .and_then(|d| Self::new(d).map_err(|_| err()))
    }

    /// Inverse of `from_excel_serial`, for spreadsheet export.
    pub fn to_excel_serial(self) -> i64 {
        let epoch = NaiveDate::from_ymd_opt(1899, 12, 30).expect("constant date");
        let n = (self.0 - epoch).num_days();
        if n <= 60 { n - 1 } else { n }
    }

    pub fn date(self) -> NaiveDate {
        self.0
    }

    /// Same month and day `n` years later; Feb 29 becomes Feb 28 in a common
    /// year. `None` when the result leaves the supported year range.
    pub fn shift_years(self, n: i32) -> Option<Self> {
        let year = self.0.year().checked_add(n)?;
        let date = NaiveDate::from_ymd_opt(year, self.0.month(), self.0.day())
            .or_else(|| NaiveDate::from_ymd_opt(year, self.0.month(), self.0.day() - 1))?;
        Self::new(date).ok()
    }

    /// `2026/03/31`, the usual Japanese business notation.
    pub fn format_ja(self) -> String {
        self.0.format("%Y/%m/%d").to_string()
    }

    /// `2026-03-31` (ISO 8601, unambiguous for every English locale).
    pub fn format_en(self) -> String {
        self.to_string()
    }

    /// `令和8年3月31日`; dates before Heisei fall back to `1988年1月7日`.
    pub fn format_ja_era(self) -> String {
        era::format_kanji(self.0).unwrap_or_else(|| {
            let d = self.0;
            format!("{}年{}月{}日", d.year(), d.month(), d.day())
        })
    }
}

/// Splits `Y年M月D日` / `Y年M月末` or `Y<sep>M<sep>D` (one of `-` `/` `.`, the same twice).
fn split_ymd(s: &str) -> Option<(&str, &str, Day<'_>)> {
    if let Some((y, rest)) = s.split_once('年') {
        let (m, rest) = rest.split_once('月')?;
        let day = match rest {
            "末" => Day::End,
            d => Day::Num(d.strip_suffix('日').unwrap_or(d)),
        };
        return Some((y, m, day));
    }
    let sep = s.chars().find(|c| !c.is_ascii_digit() && *c != '元')?;
    if !matches!(sep, '-' | '/' | '.') {
        return None;
    }
    let mut parts = s.split(sep);
    let (y, m, d) = (parts.next()?, parts.next()?, parts.next()?);
    parts.next().is_none().then_some((y, m, Day::Num(d)))
}

/// 1..=`max_len` ASCII digits (so signs and blanks are refused).
fn number(s: &str, max_len: usize) -> Option<u32> {
    let ok = (1..=max_len).contains(&s.len()) && s.bytes().all(|b| b.is_ascii_digit());
    ok.then(|| s.parse().ok()).flatten()
}

impl fmt::Display for Deadline {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.0.format("%Y-%m-%d"))
    }
}

impl FromStr for Deadline {
    type Err = Invalid;
    fn from_str(s: &str) -> Result<Self, Invalid> {
        Self::parse(s)
    }
}

impl TryFrom<NaiveDate> for Deadline {
    type Error = Invalid;
    fn try_from(d: NaiveDate) -> Result<Self, Invalid> {
        Self::new(d)
    }
}

impl From<Deadline> for NaiveDate {
    fn from(d: Deadline) -> NaiveDate {
        d.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn d(y: i32, m: u32, day: u32) -> Deadline {
        Deadline::new(NaiveDate::from_ymd_opt(y, m, day).unwrap()).unwrap()
    }

    #[test]
    fn accepted_forms() {
        let end = d(2026, 3, 31);
        #[rustfmt::skip]
        let cases = [
            "2026-03-31", "2026-3-31", "2026/3/31", "2026/03/31", "2026.3.31", "2026年3月31日",
            "2026年3月31", "2026年3月末", "令和8年3月31日", "令和8年3月末", "R8.3.31", "R8/3/31", "r8-3-31",
            "２０２６／３／３１", " 2026 年 3 月 31 日 ", "㋿8年3月31日", "2026ー03ー31",
        ];
        for s in cases {
            assert_eq!(Deadline::parse(s), Ok(end), "{s}");
        }
        assert_eq!(Deadline::parse("令和元年5月1日"), Ok(d(2019, 5, 1)));
        assert_eq!(Deadline::parse("R元.5.1"), Ok(d(2019, 5, 1)));
        assert_eq!(Deadline::parse("H31.4.30"), Ok(d(2019, 4, 30)));
        assert_eq!(Deadline::parse("平成元年1月8日"), Ok(d(1989, 1, 8)));
        assert_eq!(Deadline::parse("2024年2月末"), Ok(d(2024, 2, 29)));
    }

    #[test]
    fn refusals() {
        #[rustfmt::skip]
        let cases = [
            "", "2026-02-30", "2026-13-01", "2026/3", "2026年3月", "26/3/31", "2026-3/31",
            "2026-03-31-1", "H31.5.1", "R1.4.30", "平成元年1月7日", "R0.1.1", "元年5月1日", "R1234.1.1",
            "R982.1.1", "昭和60年1月1日", "1899-12-31", "3000-01-01", "2026年3月末日", "+2026-3-31",
            "2026-03-031", "next friday",
        ];
        for s in cases {
            let e = Deadline::parse(s).unwrap_err();
            assert_eq!((e.key, e.arg("value")), ("invalid-date", Some(s.trim())), "{s}");
        }
    }

    #[test]
    fn excel_serials() {
        let x = Deadline::from_excel_serial;
        assert_eq!(x(1.0), Ok(d(1900, 1, 1)));
        assert_eq!(x(59.0), Ok(d(1900, 2, 28)));
        assert_eq!(x(61.0), Ok(d(1900, 3, 1)));
        assert_eq!(x(45747.0), Ok(d(2025, 3, 31)));
        assert_eq!(x(45747.75), Ok(d(2025, 3, 31)));
        for bad in [60.0, 0.0, -1.0, f64::NAN, f64::INFINITY, 1e300, 2_958_465.0] {
            assert_eq!(x(bad).unwrap_err().key, "invalid-date", "{bad}");
        }
        assert_eq!(d(2025, 3, 31).to_excel_serial(), 45747);
        assert_eq!(d(1900, 2, 28).to_excel_serial(), 59);
    }

    #[test]
    fn shifting_and_formats() {
        assert_eq!(d(2024, 2, 29).shift_years(1), Some(d(2025, 2, 28)));
        assert_eq!(d(2024, 2, 29).shift_years(4), Some(d(2028, 2, 29)));
        assert_eq!(d(2026, 3, 31).shift_years(-1), Some(d(2025, 3, 31)));
        assert_eq!(d(2999, 1, 1).shift_years(1), None);
        let x = d(2026, 3, 31);
        assert_eq!((x.to_string(), x.format_en()), ("2026-03-31".into(), "2026-03-31".into()));
        assert_eq!(x.format_ja(), "2026/03/31");
        assert_eq!(x.format_ja_era(), "令和8年3月31日");
        assert_eq!(d(1988, 1, 7).format_ja_era(), "1988年1月7日");
        assert_eq!(serde_json::to_string(&x).unwrap(), r#""2026-03-31""#);
        assert_eq!(serde_json::from_str::<Deadline>(r#""2026-03-31""#).unwrap(), x);
        assert!(serde_json::from_str::<Deadline>(r#""3000-01-01""#).is_err());
    }

    proptest! {
        #[test]
        fn every_form_parses_back(days in 0u64..=401_766) {
            let x = Deadline::new(NaiveDate::from_ymd_opt(1900, 1, 1).unwrap() + Days::new(days)).unwrap();
            let (y, m, dd) = (x.date().year(), x.date().month(), x.date().day());
            let mut forms = vec![
                x.to_string(), x.format_ja(), x.format_ja_era(), format!("{y}/{m}/{dd}"),
                format!("{y}.{m}.{dd}"), format!("{y}年{m}月{dd}日"),
                x.to_string().chars().map(|c| char::from_u32(c as u32 + 0xFEE0).unwrap()).collect(),
            ];
            if let Some((era, n)) = Era::of(x.date()) {
                forms.push(format!("{}{n}.{m}.{dd}", era.letter()));
                forms.push(format!("{}{n}/{m}/{dd}", era.letter()));
                forms.push(format!("{}{n}年{m}月{dd}日", era.kanji()));
            }
            if x.date() == YearMonth::from_date(x.date()).unwrap().last_day() {
                forms.push(format!("{y}年{m}月末"));
            }
            for f in forms {
                prop_assert_eq!(Deadline::parse(&f), Ok(x), "{}", f);
            }
            prop_assert_eq!(Deadline::from_excel_serial(x.to_excel_serial() as f64), Ok(x));
        }
    }
}
