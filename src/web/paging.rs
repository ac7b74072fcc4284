//! Long lists a page at a time (issue 14), so that no page grows with the
//! organization: a 10,000-plan organization's grid was 120 MiB and its
//! findings 14 MiB. The grid shows at most about [`PAGE_PLANS`] plans per
//! page (an objective's plans together), the findings and the objectives
//! list pages of a fixed size; each links to the others.

use std::ops::Range;

use crate::i18n::Tr;

/// The most plans on one page of the grid (unless one objective or
/// treatment alone has more).
pub const PAGE_PLANS: usize = 500;

/// How many page numbers to either side of the current page are linked
/// (besides the first and the last), so the links stay few.
const NEAR: usize = 2;

/// Splits plans, given in order by what each belongs to (`parents`), into
/// pages of at most `size`: an objective's or a treatment's plans stay on one
/// page, unless they alone are more than `size`. Never empty: no plans are
/// one empty page.
pub fn page_ranges<T: PartialEq>(parents: &[T], size: usize) -> Vec<Range<usize>> {
    let size = size.max(1);
    let mut pages = Vec::new();
    let mut start = 0;
    let mut group = 0;
    while group < parents.len() {
        let end = group + parents[group..].iter().take_while(|p| **p == parents[group]).count();
        // The group does not fit beside what the page holds: a new page.
        if group > start && end - start > size {
            pages.push(start..group);
            start = group;
        }
        // A group larger than a page fills pages of its own.
        while end - start > size {
            pages.push(start..start + size);
            start += size;
        }
        group = end;
    }
    if start < parents.len() || pages.is_empty() {
        pages.push(start..parents.len());
    }
    pages
}

/// The page asked for (`?page=`, from 1) as an index into `pages` pages: a
/// missing or unreadable value is the first page, one past the end (or too
/// large to read) the last.
pub fn page_index(asked: &str, pages: usize) -> usize {
    let asked = asked.trim();
    let last = pages.saturating_sub(1);
    match asked.parse::<i64>() {
        Ok(n) if n >= 1 => usize::try_from(n - 1).unwrap_or(last).min(last),
        Ok(_) => 0,
        Err(_) if !asked.is_empty() && asked.bytes().all(|b| b.is_ascii_digit()) => last,
        Err(_) => 0,
    }
}

/// `total` items in pages of `size` (one empty page when there are none).
pub fn uniform_ranges(total: usize, size: usize) -> Vec<Range<usize>> {
    let size = size.max(1);
    let mut ranges: Vec<Range<usize>> =
        (0..total).step_by(size).map(|start| start..(start + size).min(total)).collect();
    if ranges.is_empty() {
        ranges.push(0..0);
    }
    ranges
}

/// One link of the page list; `None` numbers are gaps ("…").
pub struct PageLink {
    pub number: Option<usize>,
    pub href: String,
    pub current: bool,
}

/// The links to the pages of a list with more than one page.
pub struct Pages {
    /// What the links are, for screen readers ("Pages of the grid").
    pub label: String,
    /// "Plans 1–500 of 10,200".
    pub range: String,
    pub previous: Option<String>,
    pub next: Option<String>,
    pub links: Vec<PageLink>,
}

/// What a list's page links are called and how they say which items are shown.
pub struct Wording {
    /// The catalog key of the links' accessible name.
    pub label: &'static str,
    /// The catalog key of "1–500 of 10,200" (with `first`, `last`, `total`).
    pub range: &'static str,
}

pub const GRID: Wording = Wording { label: "grid-pages", range: "grid-page-range" };
pub const LIST: Wording = Wording { label: "list-pages", range: "list-page-range" };

/// The page links of `ranges` at `current`, each `href` of `base` (the list's
/// address with its other parameters, ending with `?` or `&`); `None` when
/// everything fits on one page.
pub fn pages(t: &Tr, words: &Wording, base: &str, ranges: &[Range<usize>], current: usize) -> Option<Pages> {
    if ranges.len() < 2 {
        return None;
    }
    let href = |index: usize| format!("{base}page={}", index + 1);
    let total = ranges.last().map_or(0, |r| r.end);
    let shown = &ranges[current];
    let mut links = Vec::new();
    for index in 0..ranges.len() {
        let near = index.abs_diff(current) <= NEAR || index == 0 || index + 1 == ranges.len();
        if near {
            links.push(PageLink { number: Some(index + 1), href: href(index), current: index == current });
        } else if links.last().is_some_and(|l: &PageLink| l.number.is_some()) {
            links.push(PageLink { number: None, href: String::new(), current: false });
        }
    }
    Some(Pages {
        label: t.t(words.label),
        range: t.ta(
            words.range,
            &[("first", thousands(shown.start + 1)), ("last", thousands(shown.end)), ("total", thousands(total))],
        ),
        previous: (current > 0).then(|| href(current - 1)),
        next: (current + 1 < ranges.len()).then(|| href(current + 1)),
        links,
    })
}

/// 10200 as "10,200" (as both languages write counts).
fn thousands(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sizes(ranges: &[Range<usize>]) -> Vec<usize> {
        ranges.iter().map(|r| r.len()).collect()
    }

    #[test]
    fn holders_stay_on_one_page() {
        // Holders of 3 plans: 500 is no multiple of 3, so each page ends
        // before the holder that would cross its end.
        let parents: Vec<usize> = (0..1000).map(|i| i / 3).collect();
        let ranges = page_ranges(&parents, 500);
        assert_eq!(sizes(&ranges), vec![498, 498, 4]);
        for r in &ranges {
            assert!(r.start == 0 || parents[r.start] != parents[r.start - 1], "{r:?} splits a holder");
        }
        assert_eq!(ranges.iter().map(|r| r.len()).sum::<usize>(), 1000);
    }

    #[test]
    fn a_holder_larger_than_a_page_is_split() {
        let mut parents = vec![1; 3];
        parents.extend(vec![2; 1200]);
        parents.extend(vec![3; 10]);
        let ranges = page_ranges(&parents, 500);
        assert_eq!(sizes(&ranges), vec![3, 500, 500, 210]);
    }

    #[test]
    fn small_grids_are_one_page() {
        assert_eq!(page_ranges::<i32>(&[], 500), vec![0..0]);
        assert_eq!(page_ranges(&[1, 1, 2], 500), vec![0..3]);
        assert_eq!(page_ranges(&vec![7; 500], 500), vec![0..500]);
    }

    #[test]
    fn any_page_asked_is_a_page() {
        for (asked, index) in [
            ("", 0),
            ("1", 0),
            ("2", 1),
            (" 3 ", 2),
            ("4", 2),
            ("0", 0),
            ("-5", 0),
            ("abc", 0),
            ("2.5", 0),
            ("99999999999999999999999", 2),
            ("9223372036854775807", 2),
        ] {
            assert_eq!(page_index(asked, 3), index, "{asked:?}");
        }
        assert_eq!(page_index("5", 1), 0);
    }

    #[test]
    fn links_are_few_with_gaps() {
        let t = Tr::new(crate::i18n::Lang::En);
        let ranges: Vec<Range<usize>> = (0..20).map(|i| i * 500..(i + 1) * 500 + usize::from(i == 19) * 200).collect();
        let pages = pages(&t, &GRID, "/g?period=2025&", &ranges, 9).unwrap();
        let numbers: Vec<Option<usize>> = pages.links.iter().map(|l| l.number).collect();
        assert_eq!(numbers, vec![Some(1), None, Some(8), Some(9), Some(10), Some(11), Some(12), None, Some(20)]);
        assert!(pages.links.iter().any(|l| l.current && l.href == "/g?period=2025&page=10"));
        assert_eq!(pages.previous.as_deref(), Some("/g?period=2025&page=9"));
        assert_eq!(pages.next.as_deref(), Some("/g?period=2025&page=11"));
        assert_eq!(pages.range, "Plans 4,501–5,000 of 10,200");
        let one_page = page_ranges(&[1, 1, 2], 500);
        assert!(super::pages(&t, &GRID, "/g?", &one_page, 0).is_none());
        assert_eq!(uniform_ranges(1_234, 500), vec![0..500, 500..1_000, 1_000..1_234]);
        assert_eq!(uniform_ranges(0, 500), vec![0..0]);
    }
}
