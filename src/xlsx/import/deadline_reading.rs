//! How the import read a deadline that was not written as a date, for the
//! preview: `年度末 → 2026/03/31 (the last day of the period)`, and `通年`
//! kept as words, to be checked.

use super::parse::SheetPlan;
use crate::domain::import::Reading;
use crate::domain::written_deadline::WrittenDeadline;

/// The reading of `plan`'s deadline, when it took interpreting; a date
/// written in full needs none.
pub fn deadline_reading(sheet: &str, plan: &SheetPlan) -> Option<Reading> {
    let cell = &plan.deadline_cell;
    match plan.deadline.as_ref()? {
        WrittenDeadline::Date(_) => None,
        WrittenDeadline::InPeriod(date, how) => Some(
            Reading::new(sheet, &cell.at, &cell.text, "reading-deadline")
                .part("reading-deadline-date", date.format_ja())
                .part_key("reading-deadline-how", how.key()),
        ),
        // Words are not a date: kept, yet a person should see what counts instead.
        WrittenDeadline::Words(_, date) => Some(
            Reading::new(sheet, &cell.at, &cell.text, "reading-deadline-words")
                .part("reading-deadline-stands-for", date.format_ja())
                .part_key("reading-deadline-how", "deadline-how-words")
                .doubtful(),
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::period::Period;
    use crate::i18n::{Lang, Tr};
    use crate::xlsx::import::blocks::Cell;

    fn plan(words: &str) -> SheetPlan {
        let blank = Cell::default;
        SheetPlan {
            row: 7,
            number: Cell { text: "2".into(), at: "A7".into() },
            actions: blank(),
            resources: blank(),
            responsible: blank(),
            deadline: WrittenDeadline::read(words, Period::new(2025, 4).unwrap()).ok(),
            deadline_cell: Cell { text: words.into(), at: "H7".into() },
            evaluation_method: blank(),
            months: Vec::new(),
            result_at: Vec::new(),
            evaluation: blank(),
        }
    }

    #[test]
    fn each_reading_is_said_in_both_languages() {
        let ja = Tr::new(Lang::Ja);
        let r = deadline_reading("目的", &plan("年度末")).unwrap();
        assert_eq!((r.cell.as_str(), r.text.as_str(), r.doubtful), ("H7", "年度末", false));
        assert_eq!(ja.reading(&r), "日付: 2026/03/31 · 読み方: 期（年度）の末日");
        let r = deadline_reading("目的", &plan("通年")).unwrap();
        assert!(r.doubtful, "words are for a person to check");
        assert_eq!(ja.reading(&r), "遅れと通知に使う日付: 2026/03/31 · 読み方: 日付ではないため、書かれたまま残します");
        assert_eq!(deadline_reading("目的", &plan("2026/3/31")), None, "a date in full needs no reading");
        // Every way of finding a date has its words in both catalogs.
        for words in ["年度末", "上期末", "Q3", "9月末", "10月上旬", "3/31", "通年"] {
            let r = deadline_reading("目的", &plan(words)).unwrap();
            for lang in [Lang::Ja, Lang::En] {
                let said = Tr::new(lang).reading(&r);
                assert!(!said.contains("deadline-") && !said.contains("reading-"), "{words}: {said}");
            }
        }
    }
}
