//! Japanese era names (和暦) for the dates people type from paper forms.
//!
//! Only Heisei and Reiwa are supported: records of an ISMS register start
//! long after 1989, and an unsupported era is refused rather than guessed.

use chrono::{Datelike, NaiveDate};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Era {
    /// 平成, 1989-01-08 – 2019-04-30.
    Heisei,
    /// 令和, from 2019-05-01.
    Reiwa,
}

impl Era {
    /// Newest first, so `of` finds the current era before older ones.
    const ALL: [Era; 2] = [Era::Reiwa, Era::Heisei];

    pub fn kanji(self) -> &'static str {
        match self {
            Era::Heisei => "平成",
            Era::Reiwa => "令和",
        }
    }

    /// The romaji initial used in short forms such as `R8.3.31`.
    pub fn letter(self) -> char {
        match self {
            Era::Heisei => 'H',
            Era::Reiwa => 'R',
        }
    }

    pub fn first_day(self) -> NaiveDate {
        match self {
            Era::Heisei => ymd(1989, 1, 8),
            Era::Reiwa => ymd(2019, 5, 1),
        }
    }

    /// `None` for the current era.
    pub fn last_day(self) -> Option<NaiveDate> {
        match self {
            Era::Heisei => Some(ymd(2019, 4, 30)),
            Era::Reiwa => None,
        }
    }

    pub fn contains(self, date: NaiveDate) -> bool {
        date >= self.first_day() && self.last_day().is_none_or(|last| date <= last)
    }

    /// Gregorian year of era year `n` (元年 is 1): Reiwa 8 → 2026.
    pub fn gregorian_year(self, n: i32) -> i32 {
        self.first_day().year() - 1 + n
    }

    /// The era and era year of a date, `None` before Heisei.
    pub fn of(date: NaiveDate) -> Option<(Era, i32)> {
        Self::ALL.into_iter().find(|e| e.contains(date)).map(|e| (e, date.year() - e.first_day().year() + 1))
    }

    /// Splits a leading era name (`令和`, `平成`, `R`, `H`, lower case too) off `s`.
    /// NFKC has already turned the square signs `㋿` / `㍻` into `令和` / `平成`.
    pub fn strip_prefix(s: &str) -> Option<(Era, &str)> {
        Self::ALL.into_iter().find_map(|e| {
            let letter = e.letter();
            s.strip_prefix(e.kanji())
                .or_else(|| s.strip_prefix(letter))
                .or_else(|| s.strip_prefix(letter.to_ascii_lowercase()))
                .map(|rest| (e, rest))
        })
    }
}

/// `令和8年3月31日`, `令和元年5月1日`; `None` before Heisei.
pub fn format_kanji(date: NaiveDate) -> Option<String> {
    Era::of(date).map(|(era, n)| {
        let year = if n == 1 { "元".to_string() } else { n.to_string() };
        format!("{}{}年{}月{}日", era.kanji(), year, date.month(), date.day())
    })
}

fn ymd(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).expect("constant date")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn boundaries() {
        assert_eq!(Era::of(ymd(2019, 5, 1)), Some((Era::Reiwa, 1)));
        assert_eq!(Era::of(ymd(2019, 4, 30)), Some((Era::Heisei, 31)));
        assert_eq!(Era::of(ymd(1989, 1, 8)), Some((Era::Heisei, 1)));
        assert_eq!(Era::of(ymd(1989, 1, 7)), None);
        assert_eq!(Era::Reiwa.gregorian_year(8), 2026);
        assert_eq!(Era::Heisei.gregorian_year(31), 2019);
    }

    #[test]
    fn formats_and_prefixes() {
        assert_eq!(format_kanji(ymd(2026, 3, 31)).unwrap(), "令和8年3月31日");
        assert_eq!(format_kanji(ymd(2019, 5, 1)).unwrap(), "令和元年5月1日");
        assert_eq!(format_kanji(ymd(1989, 1, 7)), None);
        assert_eq!(Era::strip_prefix("令和8年"), Some((Era::Reiwa, "8年")));
        assert_eq!(Era::strip_prefix("h31.4.30"), Some((Era::Heisei, "31.4.30")));
        assert_eq!(Era::strip_prefix("2026"), None);
        assert_eq!(Era::strip_prefix("昭和60年"), None);
    }
}
