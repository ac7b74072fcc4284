//! A month as people write it in a sheet: a month column's heading or the
//! month a deadline names. `4月`, `4月度`, `2025年4月`, `2025/04`, `令和7年4月`,
//! `R7.4`, `Apr`, `April 2025`, `Apr-25` all name a month, with or without its year.

use super::era::Era;
use super::text;
use super::year_month::YearMonth;

/// A month 1..=12, and its year when the words give one.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct WrittenMonth {
    pub month: u32,
    pub year: Option<i32>,
}

impl WrittenMonth {
    fn of(ym: YearMonth) -> Self {
        WrittenMonth { month: ym.month(), year: Some(ym.year()) }
    }
}

/// Reads `raw` as a month, or `None` when it names none. A full date
/// (`2025/4/1`) is not a month here: the caller decides what a day means.
///
/// Read: `4月` and `4月度` (the month of the business calendar, 月度);
/// `2025年4月(度)`, `2025/4`, `2025-04`, `2025.4`; the era forms `令和7年4月(度)`,
/// `R7年4月`, `R7.4`, `R7/4`; English month names, alone or with a year:
/// `Apr`, `April`, `apr.`, `April 2025`, `Apr-2025`, and `Apr-25` / `Apr '25`
/// (Excel's `mmm-yy`). A two-digit year needs the dash or apostrophe: `Apr 25`
/// could as well be the 25th.
pub fn read(raw: &str) -> Option<WrittenMonth> {
    // `Apr 25` becomes `apr25`, which the two-digit rule below refuses.
    let key = text::compact(raw).to_lowercase().replace('’', "'");
    let key = key.trim_end_matches('.');
    if key.is_empty() {
        return None;
    }
    // `4月度`, `2025年4月度`: 度 names the month as a business month.
    let key = key.strip_suffix('度').filter(|k| k.ends_with('月')).unwrap_or(key);
    if let Some(m) = key.strip_suffix('月')
        && let Some(month) = month_number(m)
    {
        return Some(WrittenMonth { month, year: None });
    }
    if let Ok(ym) = YearMonth::parse(key) {
        return Some(WrittenMonth::of(ym));
    }
    era_year_month(key).or_else(|| month_name_and_year(key))
}

/// 1..=12 written with one or two digits.
pub(crate) fn month_number(s: &str) -> Option<u32> {
    if s.is_empty() || s.len() > 2 || !s.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    s.parse().ok().filter(|m| (1..=12).contains(m))
}

/// `令和7年4月`, `令和元年5月`, `R7年4月`, `R7.4`, `R7/4`, `H31-4`; refused when
/// the month lies wholly outside the era (`R1.4`: April 2019 was still Heisei).
fn era_year_month(key: &str) -> Option<WrittenMonth> {
    let (era, rest) = Era::strip_prefix(key)?;
    let (year, month) = match rest.strip_suffix('月') {
        Some(r) => r.split_once('年')?,
        None => ['.', '/', '-'].iter().find_map(|sep| rest.split_once(*sep))?,
    };
    let year = if year == "元" {
        1
    } else if !year.is_empty() && year.len() <= 2 && year.bytes().all(|b| b.is_ascii_digit()) {
        year.parse().ok().filter(|&n: &i32| n > 0)?
    } else {
        return None;
    };
    let ym = YearMonth::new(era.gregorian_year(year), month_number(month)?).ok()?;
    let overlaps = ym.last_day() >= era.first_day() && era.last_day().is_none_or(|last| ym.first_day() <= last);
    overlaps.then(|| WrittenMonth::of(ym))
}

const MONTH_NAMES: [&[&str]; 12] = [
    &["jan", "january"],
    &["feb", "february"],
    &["mar", "march"],
    &["apr", "april"],
    &["may"],
    &["jun", "june"],
    &["jul", "july"],
    &["aug", "august"],
    &["sep", "sept", "september"],
    &["oct", "october"],
    &["nov", "november"],
    &["dec", "december"],
];

/// The month 1..=12 an English name (`apr`, `april`) stands for.
pub(crate) fn month_of_name(name: &str) -> Option<u32> {
    MONTH_NAMES.iter().position(|names| names.contains(&name)).map(|i| i as u32 + 1)
}

/// `apr`, `april`, and the same followed by a year: four digits after any
/// mark or none (`apr2025`, `apr-2025`, `april,2025`), two digits only after
/// a dash or apostrophe (`apr-25`, `apr'25`).
fn month_name_and_year(key: &str) -> Option<WrittenMonth> {
    let name_end = key.find(|c: char| !c.is_ascii_lowercase()).unwrap_or(key.len());
    let (name, rest) = key.split_at(name_end);
    let month = month_of_name(name)?;
    if rest.is_empty() {
        return Some(WrittenMonth { month, year: None });
    }
    let digits = rest.trim_start_matches(['.', '-', '/', ',', '\'']);
    if !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let mark = &rest[..rest.len() - digits.len()];
    let year: i32 = match digits.len() {
        4 => digits.parse().ok()?,
        2 if mark.ends_with(['-', '\'']) => 2000 + digits.parse::<i32>().ok()?,
        _ => return None,
    };
    YearMonth::new(year, month).ok().map(WrittenMonth::of)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn m(month: u32, year: Option<i32>) -> Option<WrittenMonth> {
        Some(WrittenMonth { month, year })
    }

    #[test]
    fn every_form_names_its_month() {
        let cases: &[(&str, Option<WrittenMonth>)] = &[
            ("4月", m(4, None)),
            ("04月", m(4, None)),
            ("４月", m(4, None)),
            ("4月度", m(4, None)),
            (" 12 月度 ", m(12, None)),
            ("2025年4月", m(4, Some(2025))),
            ("2025年4月度", m(4, Some(2025))),
            ("2025/04", m(4, Some(2025))),
            ("2025-4", m(4, Some(2025))),
            ("2025.4", m(4, Some(2025))),
            ("令和7年4月", m(4, Some(2025))),
            ("令和7年4月度", m(4, Some(2025))),
            ("令和元年5月", m(5, Some(2019))),
            ("R7.4", m(4, Some(2025))),
            ("r7/4", m(4, Some(2025))),
            ("Ｒ８．１", m(1, Some(2026))),
            ("R8年1月", m(1, Some(2026))),
            ("H31.4", m(4, Some(2019))),
            ("Apr", m(4, None)),
            ("April", m(4, None)),
            ("apr.", m(4, None)),
            ("Sept", m(9, None)),
            ("April 2025", m(4, Some(2025))),
            ("Apr-2025", m(4, Some(2025))),
            ("March, 2026", m(3, Some(2026))),
            ("Apr-25", m(4, Some(2025))),
            ("Apr '25", m(4, Some(2025))),
            ("Dec’25", m(12, Some(2025))),
        ];
        for &(raw, expected) in cases {
            assert_eq!(read(raw), expected, "{raw:?}");
        }
    }

    #[test]
    fn what_names_no_month() {
        #[rustfmt::skip]
        let cases = [
            "", "13月", "0月", "月", "4", "4度", "度", "Apr 25", "Apr25", "Aprilx", "2025年13月", "2025", "R1.4",
            "H31.5", "R0.4", "R123.4", "令和7年", "2025/4/1", "昭和60年4月", "実施済", "区分", "Apr-5",
        ];
        for raw in cases {
            assert_eq!(read(raw), None, "{raw:?}");
        }
    }
}
