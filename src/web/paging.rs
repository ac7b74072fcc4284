//! Long lists in pages, so that no page grows with the organization: a
//! period of 10,000 plans has tens of thousands of findings, and one page
//! holding them all took seconds to make and megabytes to send.

use std::ops::Range;

use crate::i18n::Tr;

/// Where a list is, of how many pages.
#[derive(Debug, Clone)]
pub struct Pager {
    /// The page shown, from 1.
    pub page: usize,
    pub pages: usize,
    /// The items shown, as indexes into the whole list.
    range: Range<usize>,
    /// "1–500 / 10,000" in the reader's language.
    pub summary: String,
    /// The list's address up to the page number (`…&page=`).
    base: String,
}

impl Pager {
    /// Page `requested` (as the query gave it; anything unreadable or out of
    /// range means the nearest page) of `total` items, `per_page` at a time.
    /// `base` is the list's address with its other parameters, ending in `?` or `&`.
    pub fn new(t: &Tr, total: usize, per_page: usize, requested: &str, base: String) -> Pager {
        let per_page = per_page.max(1);
        let pages = total.div_ceil(per_page).max(1);
        let page = requested.trim().parse::<usize>().unwrap_or(1).clamp(1, pages);
        let range = ((page - 1) * per_page).min(total)..(page * per_page).min(total);
        let summary = t.ta(
            "pager-summary",
            &[
                ("first", (range.start + 1).min(total).to_string()),
                ("last", range.end.to_string()),
                ("total", total.to_string()),
            ],
        );
        Pager { page, pages, range, summary, base: format!("{base}page=") }
    }

    /// The indexes of the items on this page.
    pub fn range(&self) -> Range<usize> {
        self.range.clone()
    }

    pub fn is_paged(&self) -> bool {
        self.pages > 1
    }

    pub fn url(&self, page: &usize) -> String {
        format!("{}{page}", self.base)
    }

    pub fn previous(&self) -> Option<usize> {
        (self.page > 1).then(|| self.page - 1)
    }

    pub fn next(&self) -> Option<usize> {
        (self.page < self.pages).then(|| self.page + 1)
    }

    /// The page numbers to offer: the first, the last, and two either side
    /// of this one; `None` stands for the numbers left out between.
    pub fn numbers(&self) -> Vec<Option<usize>> {
        let mut out = Vec::new();
        for n in 1..=self.pages {
            if n == 1 || n == self.pages || n.abs_diff(self.page) <= 2 {
                out.push(Some(n));
            } else if out.last() != Some(&None) {
                out.push(None);
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::Lang;

    fn pager(total: usize, requested: &str) -> Pager {
        Pager::new(&Tr::new(Lang::En), total, 500, requested, "/x?period=2025&".into())
    }

    #[test]
    fn pages_cover_every_item_once() {
        let p = pager(1_234, "1");
        assert_eq!((p.page, p.pages, p.range()), (1, 3, 0..500));
        assert_eq!(pager(1_234, "3").range(), 1_000..1_234);
        assert_eq!(p.url(&2), "/x?period=2025&page=2");
        assert_eq!(p.summary, "1–500 of 1234");
    }

    #[test]
    fn an_unreadable_or_impossible_page_is_the_nearest_one() {
        for (asked, page) in [("0", 1), ("-3", 1), ("abc", 1), ("", 1), ("99999999999999999999999", 1), ("7", 3)] {
            assert_eq!(pager(1_234, asked).page, page, "{asked:?}");
        }
        let empty = pager(0, "5");
        assert_eq!((empty.page, empty.pages, empty.range()), (1, 1, 0..0));
        assert!(!empty.is_paged());
    }

    #[test]
    fn far_pages_are_left_out_between_the_ends() {
        let p = Pager::new(&Tr::new(Lang::En), 10_000, 100, "50", "/x?".into());
        assert_eq!(
            p.numbers(),
            [Some(1), None, Some(48), Some(49), Some(50), Some(51), Some(52), None, Some(100)]
        );
        assert_eq!((p.previous(), p.next()), (Some(49), Some(51)));
    }
}
