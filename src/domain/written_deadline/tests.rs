//! Deadlines as the management tables people send us write them, each with
//! the date it means in a period starting in April and in one starting in January.

use super::*;

fn p(start_month: u32) -> Period {
    Period::new(2025, start_month).unwrap()
}

fn read(raw: &str, period: Period) -> Result<WrittenDeadline, Invalid> {
    WrittenDeadline::read(raw, period)
}

/// (wording, date in FY2025 from April, date in FY2025 from January).
#[rustfmt::skip]
const WORDINGS: &[(&str, &str, &str)] = &[
    // The period and its parts.
    ("年度末", "2026-03-31", "2025-12-31"),
    ("期末", "2026-03-31", "2025-12-31"),
    ("本年度末", "2026-03-31", "2025-12-31"),
    ("今期末", "2026-03-31", "2025-12-31"),
    ("年度内", "2026-03-31", "2025-12-31"),
    ("年度末まで", "2026-03-31", "2025-12-31"),
    ("上期末", "2025-09-30", "2025-06-30"),
    ("上半期末", "2025-09-30", "2025-06-30"),
    ("上期中", "2025-09-30", "2025-06-30"),
    ("下期末", "2026-03-31", "2025-12-31"),
    ("下半期", "2026-03-31", "2025-12-31"),
    ("第1四半期末", "2025-06-30", "2025-03-31"),
    ("第三四半期", "2025-12-31", "2025-09-30"),
    ("2Q末", "2025-09-30", "2025-06-30"),
    ("年末", "2025-12-31", "2025-12-31"),
    // A month of the period.
    ("9月末", "2025-09-30", "2025-09-30"),
    ("3月末", "2026-03-31", "2025-03-31"),
    ("3月", "2026-03-31", "2025-03-31"),
    ("３月末", "2026-03-31", "2025-03-31"),
    ("12月末日", "2025-12-31", "2025-12-31"),
    ("1月中", "2026-01-31", "2025-01-31"),
    ("2月末", "2026-02-28", "2025-02-28"),
    ("4月度末", "2025-04-30", "2025-04-30"),
    ("10月上旬", "2025-10-10", "2025-10-10"),
    ("10月中旬", "2025-10-20", "2025-10-20"),
    ("11月下旬", "2025-11-30", "2025-11-30"),
    ("12月19日", "2025-12-19", "2025-12-19"),
    ("3/31", "2026-03-31", "2025-03-31"),
    ("～9月末", "2025-09-30", "2025-09-30"),
    ("3月末までに完了予定", "2026-03-31", "2025-03-31"),
    ("9月末（予定）", "2025-09-30", "2025-09-30"),
    ("6月末目途", "2025-06-30", "2025-06-30"),
    // A month with its year, and fiscal years by number.
    ("2026年3月", "2026-03-31", "2026-03-31"),
    ("2026/3", "2026-03-31", "2026-03-31"),
    ("2025-12", "2025-12-31", "2025-12-31"),
    ("令和8年3月", "2026-03-31", "2026-03-31"),
    ("R8.3", "2026-03-31", "2026-03-31"),
    ("令和7年度末", "2026-03-31", "2025-12-31"),
    ("R7年度末", "2026-03-31", "2025-12-31"),
    ("2025年度末", "2026-03-31", "2025-12-31"),
    ("2025年度上期末", "2025-09-30", "2025-06-30"),
    ("令和8年度末", "2027-03-31", "2026-12-31"),
    // English.
    ("end of FY", "2026-03-31", "2025-12-31"),
    ("End of fiscal year", "2026-03-31", "2025-12-31"),
    ("FY end", "2026-03-31", "2025-12-31"),
    ("year-end", "2026-03-31", "2025-12-31"),
    ("end of FY2025", "2026-03-31", "2025-12-31"),
    ("end of H1", "2025-09-30", "2025-06-30"),
    ("end of Q3", "2025-12-31", "2025-09-30"),
    ("end of March", "2026-03-31", "2025-03-31"),
    ("by the end of September", "2025-09-30", "2025-09-30"),
    ("by Sep 2025", "2025-09-30", "2025-09-30"),
    ("Dec-25", "2025-12-31", "2025-12-31"),
    ("September 30", "2025-09-30", "2025-09-30"),
    ("31st Mar 2026", "2026-03-31", "2026-03-31"),
    // Dates in full read as before.
    ("2026/3/31", "2026-03-31", "2026-03-31"),
    ("2026年2月末", "2026-02-28", "2026-02-28"),
    ("令和8年3月31日まで", "2026-03-31", "2026-03-31"),
];

#[test]
fn every_wording_means_its_date_in_an_april_and_a_january_period() {
    assert!(WORDINGS.len() >= 40);
    for &(raw, april, january) in WORDINGS {
        for (start, expected) in [(4, april), (1, january)] {
            let read = read(raw, p(start)).unwrap_or_else(|e| panic!("{raw:?} from month {start}: {e}"));
            assert_eq!(read.date().to_string(), expected, "{raw:?} from month {start}");
            assert_eq!(read.words(), None, "{raw:?} is a date");
        }
    }
}

#[test]
fn halves_and_quarters_follow_any_start_month() {
    let october = p(10);
    let at = |raw| read(raw, october).unwrap().date().to_string();
    assert_eq!(at("上期末"), "2026-03-31");
    assert_eq!(at("年度末"), "2026-09-30");
    assert_eq!(at("第1四半期末"), "2025-12-31");
    assert_eq!(at("3月末"), "2026-03-31");
    assert_eq!(at("10月末"), "2025-10-31");
}

#[test]
fn how_each_date_was_found_is_kept() {
    let april = p(4);
    let how = |raw| match read(raw, april).unwrap() {
        WrittenDeadline::InPeriod(_, how) => Some(how),
        _ => None,
    };
    assert_eq!(how("年度末"), Some(How::PeriodEnd));
    assert_eq!(how("上期末"), Some(How::FirstHalfEnd));
    assert_eq!(how("Q2"), Some(How::QuarterEnd));
    assert_eq!(how("9月末"), Some(How::MonthEnd));
    assert_eq!(how("R8.3"), Some(How::MonthEnd));
    assert_eq!(how("10月中旬"), Some(How::PartOfMonth));
    assert_eq!(how("3/31"), Some(How::Day));
    assert_eq!(how("2026/3/31"), None, "a date in full needs no explaining");
}

#[test]
fn words_that_name_no_date_are_kept_and_stand_for_the_periods_end() {
    #[rustfmt::skip]
    let words = [
        "通年", "随時", "毎月", "ongoing", "Ongoing", "継続", "継続的に実施", "適宜", "As needed", "未定", "毎月実施",
        "通年（毎月報告）", "year-round",
    ];
    for (start, end) in [(4, "2026-03-31"), (1, "2025-12-31")] {
        for w in words {
            let read = read(w, p(start)).unwrap_or_else(|e| panic!("{w:?}: {e}"));
            assert_eq!(read.words(), Some(w), "kept as written");
            assert_eq!(read.date().to_string(), end, "{w:?}");
        }
    }
    assert_eq!(read(" 通年　", p(4)).unwrap().words(), Some("通年"), "trimmed, nothing else");
}

#[test]
fn what_cannot_be_read_is_refused_with_its_words() {
    #[rustfmt::skip]
    let refused = [
        "", "来年のどこか", "13月末", "2月30日", "2026/02/30", "next friday", "第5四半期", "3月末日日", "末", "期",
        "年度", "R1.4", "foo", "12/32", "0/1", "Apr 32", "2025年度第5四半期", "通年以外",
    ];
    for raw in refused {
        let e = read(raw, p(4)).unwrap_err();
        assert_eq!((e.key, e.arg("value")), ("invalid-deadline", Some(raw.trim())), "{raw:?}");
    }
}
