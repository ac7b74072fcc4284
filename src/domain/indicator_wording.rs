//! The 指標・目標値 cell read as people write it, and written back the same way.
//!
//! A line such as 「インシデント件数 前年度比50%削減（4件以下）」 holds an
//! indicator's name, its target, unit and direction, and sometimes a baseline,
//! a frequency or a date. People write these lines in many ways, in Japanese
//! and English, with full-width digits; [`read`] takes each apart, and a line
//! it cannot take apart is kept whole as the indicator's name, with no target
//! (the readiness check then asks a person to look at it).
//!
//! [`render`] writes an indicator as a line that [`read`] gives back exactly,
//! so that export → import → export is stable.

use chrono::{Datelike, NaiveDate};

use super::deadline::Deadline;
use super::indicator::{Direction, Frequency, format_number};
use super::indicator_words::*;
use super::text;
use super::year_month::YearMonth;

/// An indicator as its line reads.
#[derive(Debug, Clone, PartialEq)]
pub struct TargetReading {
    pub name: String,
    /// `None`: the line names no target that can be judged (kept as text).
    pub target: Option<f64>,
    pub unit: Option<String>,
    pub direction: Direction,
    pub baseline: Option<f64>,
    /// `None` where the line does not say how often.
    pub frequency: Option<Frequency>,
    /// A milestone's day.
    pub target_date: Option<NaiveDate>,
}

/// The language a line is written in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Wording {
    Ja,
    En,
}

/// How often a measurement is taken when the line does not say.
pub fn default_frequency(direction: Direction) -> Frequency {
    if direction == Direction::Milestone { Frequency::Once } else { Frequency::Annual }
}

/// The longest line read for a target: an indicator's name is at most 200 characters.
const MAX_LINE: usize = 300;
/// The longest date a milestone names (`令和8年12月31日までに`, `by end of September 2026`).
const MAX_DATE: usize = 30;

/// The longest unit kept: longer "units" are words of the name.
const MAX_UNIT: usize = 12;

// ---------------------------------------------------------------------------
// Reading.

/// The line as written, and folded for matching one char for one char
/// (full-width ASCII to ASCII, the ideographic space to a blank, lower
/// case), so that a position in one is the same in the other: the name keeps
/// the writer's `（）`, while `１００％` matches as `100%`.
struct Line {
    /// As written, for the name and the unit.
    chars: Vec<char>,
    /// Folded, for matching words and reading numbers.
    low: Vec<char>,
}

impl Line {
    fn new(s: &str) -> Self {
        let chars: Vec<char> = text::tidy(s).chars().map(|c| if c == '\n' { ' ' } else { c }).collect();
        let low = chars.iter().map(|c| fold(*c)).collect();
        Line { chars, low }
    }

    fn len(&self) -> usize {
        self.chars.len()
    }

    fn text(&self, from: usize, to: usize) -> String {
        self.chars[from..to].iter().collect()
    }

    /// Whether `word` (lower-case) is at `at`.
    fn is_at(&self, at: usize, word: &str) -> bool {
        let w: Vec<char> = word.chars().collect();
        at + w.len() <= self.low.len() && self.low[at..at + w.len()] == w[..]
    }

    /// Every position of `word`, first to last.
    fn find_all(&self, word: &str) -> Vec<usize> {
        (0..self.len()).filter(|&i| self.is_at(i, word)).collect()
    }

    /// Blanks `from..to` out (kept as spaces so neighbours do not join).
    fn cut(&mut self, from: usize, to: usize) {
        for i in from..to.min(self.len()) {
            self.chars[i] = ' ';
            self.low[i] = ' ';
        }
    }

    fn skip_spaces(&self, mut at: usize) -> usize {
        while at < self.len() && self.low[at] == ' ' {
            at += 1;
        }
        at
    }

    fn skip_spaces_back(&self, mut at: usize) -> usize {
        while at > 0 && self.low[at - 1] == ' ' {
            at -= 1;
        }
        at
    }

    /// The word of `list` (longest first) at `at`.
    fn word_at<T: Copy>(&self, at: usize, list: &[(&str, T)]) -> Option<(usize, T)> {
        let mut best: Option<(usize, T)> = None;
        for (word, v) in list {
            let n = word.chars().count();
            if self.is_at(at, word)
                && best.is_none_or(|(m, _)| n > m)
                && (!is_ascii_word(word) || self.word_ends(at + n))
            {
                best = Some((n, *v));
            }
        }
        best
    }

    /// The word of `list` (longest first) that ends at `end`.
    fn word_before<T: Copy>(&self, end: usize, list: &[(&str, T)]) -> Option<(usize, T)> {
        let mut best: Option<(usize, T)> = None;
        for (word, v) in list {
            let n = word.chars().count();
            if n <= end
                && self.is_at(end - n, word)
                && best.is_none_or(|(m, _)| n > m)
                && (!is_ascii_word(word) || end - n == 0 || !self.low[end - n - 1].is_ascii_alphabetic())
            {
                best = Some((n, *v));
            }
        }
        best
    }

    /// Whether an English word may end at `at` (not in the middle of a longer word).
    fn word_ends(&self, at: usize) -> bool {
        at >= self.len() || !self.low[at].is_ascii_alphabetic()
    }

    /// A number at `at`: digits with thousands commas and a decimal part.
    /// Numbers glued to letters or other digits (`ISO27001`, `A.8.24`) are not targets.
    fn number_at(&self, at: usize) -> Option<(usize, f64)> {
        let c = &self.low;
        if at >= c.len() || !c[at].is_ascii_digit() {
            return None;
        }
        if at > 0 && (c[at - 1].is_ascii_alphanumeric() || c[at - 1] == '.' || c[at - 1] == ',') {
            return None;
        }
        let mut end = at;
        let mut digits = String::new();
        while end < c.len() {
            let ch = c[end];
            if ch.is_ascii_digit() {
                digits.push(ch);
                end += 1;
            } else if ch == ',' && end + 3 < c.len() + 1 && c[end + 1..].iter().take(3).all(char::is_ascii_digit) {
                end += 1;
            } else if ch == '.' && !digits.contains('.') && c.get(end + 1).is_some_and(char::is_ascii_digit) {
                digits.push('.');
                end += 1;
            } else {
                break;
            }
        }
        if end < c.len() && (c[end].is_ascii_alphabetic() && c[end] != 'x' || c[end] == '.' && end + 1 < c.len()) {
            // `3rd`, `1.2.3`: part of a word or a code.
            if !(c[end] == '.' && c.get(end + 1) == Some(&' ')) {
                return None;
            }
        }
        digits.parse::<f64>().ok().filter(|n| n.is_finite()).map(|n| (end, n))
    }

    /// The unit after a number at `at`: `%`, `点`, `件`, ` points`. Stops at a
    /// comparator, a keep-word, a bracket or a blank. Returns its end.
    fn unit_at(&self, at: usize) -> (usize, Option<String>) {
        let c = &self.low;
        let stops = |i: usize| {
            self.word_at(i, AFTER).is_some()
                || KEEP.iter().any(|w| self.is_at(i, w))
                || self.word_at(i, CHANGE).is_some() && !c[i].is_ascii_alphabetic()
        };
        // `100 %`, `95 points`: a unit after one blank.
        let mut start = at;
        if c.get(at) == Some(&' ') && c.get(at + 1).is_some_and(|ch| *ch == '%' || ch.is_ascii_alphabetic()) {
            start = at + 1;
        }
        let mut end = start;
        while end < c.len() && end - start < MAX_UNIT {
            let ch = c[end];
            if ch == ' ' || "()[]「」『』,、:;/".contains(ch) || ch.is_ascii_digit() || stops(end) {
                break;
            }
            end += 1;
        }
        let unit = text::normalize(&self.text(start, end));
        let english_stop =
            ["or", "and", "by", "per", "a", "each", "every", "in", "of"].contains(&unit.to_lowercase().as_str());
        if unit.is_empty() || english_stop || end - start >= MAX_UNIT { (at, None) } else { (end, Some(unit)) }
    }

    fn is_blank(&self, from: usize, to: usize) -> bool {
        self.low[from..to].iter().all(|c| c.is_whitespace() || "()[]（）".contains(*c))
    }
}

/// One char folded for matching: `１` → `1`, `％` → `%`, `Ａ` → `a`, U+3000 → ` `.
fn fold(c: char) -> char {
    let c = match c {
        '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
        c if c.is_whitespace() => ' ',
        c => c,
    };
    c.to_ascii_lowercase()
}

fn is_ascii_word(w: &str) -> bool {
    w.chars().all(|c| c.is_ascii_alphabetic() || c == ' ' || c == '.' || c == '-')
}

/// The number of a target, with where it was written.
struct Found {
    from: usize,
    to: usize,
    target: f64,
    unit: Option<String>,
    direction: Option<Direction>,
    frequency: Option<Frequency>,
}

/// Reads one line of the 指標・目標値 cell.
pub fn read(line: &str) -> TargetReading {
    let whole = text::tidy(line);
    let mut l = Line::new(line);
    let mut r = TargetReading {
        name: whole.clone(),
        target: None,
        unit: None,
        direction: Direction::Higher,
        baseline: None,
        frequency: None,
        target_date: None,
    };
    // Longer than any indicator's name may be: kept as words (and refused as
    // too long), without spending time on a line nobody wrote by hand.
    if l.len() > MAX_LINE {
        return r;
    }
    if let Some((from, to, date)) = milestone(&l) {
        l.cut(from, to);
        r.frequency = frequency(&mut l);
        r.target_date = Some(date);
        r.target = Some(1.0);
        r.direction = Direction::Milestone;
        r.name = name_of(&l).unwrap_or(whole);
        return r;
    }
    let bracketed = bracketed_frequency(&mut l);
    let relative = relative(&l);
    if let Some(rel) = &relative {
        l.cut(rel.from, rel.to);
    }
    let baseline = baseline(&mut l);
    let mut measured = None;
    let found = per_period(&l).or_else(|| compared(&l)).or_else(|| zero(&l)).or_else(|| bare(&l));
    match (found, relative) {
        (Some(f), rel) => {
            l.cut(f.from, f.to);
            let direction =
                f.direction.or(rel.as_ref().map(|r| r.direction)).unwrap_or_else(|| default_direction(&l, f.target));
            r.target = Some(f.target);
            r.unit = f.unit;
            r.direction = direction;
            r.frequency = f.frequency;
            // `前年度比50%削減（4件以下）`: the year compared with had 8.
            r.baseline = baseline.or_else(|| rel.and_then(|rel| rel.baseline_for(f.target)));
        }
        (None, Some(rel)) => {
            // `前年度比50%削減` alone: the reduction itself is what is measured.
            r.target = Some(rel.percent);
            r.unit = Some("%".into());
            r.direction = Direction::Higher;
            r.baseline = baseline;
            measured = Some(rel.measured);
        }
        (None, None) => return r,
    }
    if r.frequency.is_none() {
        r.frequency = bracketed.or_else(|| frequency(&mut l));
    }
    r.name = name_of(&l).unwrap_or(whole);
    if let Some(m) = measured {
        r.name.push_str(&m);
    }
    r
}

/// `2026年2月までに`, `2026/2/28までに`, `by Feb 2026`, `by 2026-02-28`.
fn milestone(l: &Line) -> Option<(usize, usize, NaiveDate)> {
    for word in ["までに", "迄に", "まで"] {
        for at in l.find_all(word) {
            let end = l.skip_spaces_back(at);
            // The date is the longest run before the word that reads as one.
            let first = end.saturating_sub(MAX_DATE);
            if let Some((start, date)) = (first..end).find_map(|s| date_of(&l.text(s, end)).map(|d| (s, d))) {
                return Some((start, at + word.chars().count(), date));
            }
        }
    }
    for at in l.find_all("by ") {
        if at > 0 && l.low[at - 1].is_ascii_alphabetic() {
            continue;
        }
        let from = l.skip_spaces(at + 3);
        let from = if l.is_at(from, "end of ") { from + 7 } else { from };
        // The longest run after `by` that reads as a date.
        let last = l.len().min(from + MAX_DATE);
        if let Some((end, date)) = (from + 1..=last).rev().find_map(|e| date_of(&l.text(from, e)).map(|d| (e, d))) {
            return Some((at, end, date));
        }
    }
    None
}

/// A day or a month (its last day) as a milestone names it.
fn date_of(s: &str) -> Option<NaiveDate> {
    let s = &text::normalize(s);
    if s.is_empty() || !s.chars().any(|c| c.is_ascii_digit()) {
        return None;
    }
    if let Ok(d) = Deadline::parse(s) {
        return Some(d.date());
    }
    // `2026年2月`, `令和8年2月`: the month's end.
    if s.ends_with('月')
        && let Ok(d) = Deadline::parse(&format!("{s}末"))
    {
        return Some(d.date());
    }
    // `2026/2`, `2026-02`.
    if let Some((y, m)) = s.split_once(['/', '-'])
        && y.len() == 4
        && let (Ok(y), Ok(m)) = (y.parse::<i32>(), m.parse::<u32>())
    {
        return YearMonth::new(y, m).ok().map(YearMonth::last_day);
    }
    // `Feb 2026`, `February 2026`, `28 Feb 2026`.
    let words: Vec<String> = s.to_lowercase().split([' ', ',']).filter(|w| !w.is_empty()).map(String::from).collect();
    let month_of = |w: &str| MONTHS_EN.iter().position(|m| w.starts_with(m) && w.len() >= 3).map(|i| i as u32 + 1);
    match words.as_slice() {
        [m, y] => {
            let (m, y) = (month_of(m)?, y.parse::<i32>().ok().filter(|_| y.len() == 4)?);
            YearMonth::new(y, m).ok().map(YearMonth::last_day)
        }
        [d, m, y] => NaiveDate::from_ymd_opt(y.parse().ok()?, month_of(m)?, d.parse().ok()?),
        _ => None,
    }
}

/// A change relative to an earlier year: `前年度比50%削減`, `50% fewer than last year`.
struct Relative {
    from: usize,
    to: usize,
    percent: f64,
    direction: Direction,
    /// What is measured when the change is the only target.
    measured: String,
}

impl Relative {
    /// The earlier year's value, when the change and an absolute target are both written.
    fn baseline_for(&self, target: f64) -> Option<f64> {
        let factor = match self.direction {
            Direction::Lower => 1.0 - self.percent / 100.0,
            _ => 1.0 + self.percent / 100.0,
        };
        let b = target / factor;
        (factor > 0.0 && b.is_finite() && b > 0.0).then(|| (b * 1e6).round() / 1e6)
    }
}

fn relative(l: &Line) -> Option<Relative> {
    // 半減: half of last year's.
    if let Some(at) = l.find_all("半減").first() {
        return Some(Relative {
            from: *at,
            to: at + 2,
            percent: 50.0,
            direction: Direction::Lower,
            measured: "（削減率）".into(),
        });
    }
    for at in 0..l.len() {
        let Some((end, percent)) = l.number_at(at) else { continue };
        let pct = l.skip_spaces(end);
        if l.low.get(pct) != Some(&'%') {
            continue;
        }
        let after = l.skip_spaces(pct + 1);
        let before = l.skip_spaces_back(at);
        let (direction, to, english) = if let Some((n, d)) = l.word_at(after, CHANGE) {
            (d, after + n, l.low[after].is_ascii_alphabetic())
        } else if let Some((n, d)) = l.word_before(before, CHANGE_BEFORE) {
            let _ = n;
            (d, pct + 1, true)
        } else {
            continue;
        };
        let mut from = l.word_before(before, CHANGE_BEFORE).map_or(at, |(n, _)| before - n);
        let mut to = to;
        // The year compared with, before (前年度比) or after (than last year).
        if let Some((n, _)) = l.word_before(l.skip_spaces_back(from), COMPARED_WITH) {
            from = l.skip_spaces_back(from) - n;
        }
        let next = l.skip_spaces(to);
        if let Some((n, _)) = l.word_at(next, COMPARED_WITH) {
            to = next + n;
        }
        // A Japanese change needs the year compared with, or % right before it:
        // `50%削減` is a change, `4件以下` is not (and never reaches here).
        let measured = match (english, direction) {
            (true, Direction::Lower) => " (reduction)",
            (true, _) => " (increase)",
            (false, Direction::Lower) => "（削減率）",
            (false, _) => "（向上率）",
        };
        return Some(Relative { from, to, percent, direction, measured: measured.into() });
    }
    None
}

/// `（基準値 8件）`, `baseline 80%`, `80%→95%`: the value the target starts from.
fn baseline(l: &mut Line) -> Option<f64> {
    for word in BASELINE {
        for at in l.find_all(word) {
            if is_ascii_word(word) && (at > 0 && l.low[at - 1].is_ascii_alphabetic()) {
                continue;
            }
            let mut n = l.skip_spaces(at + word.chars().count());
            if matches!(l.low.get(n), Some(':' | '=')) {
                n = l.skip_spaces(n + 1);
            }
            let Some((end, value)) = l.number_at(n) else { continue };
            let (end, _) = l.unit_at(end);
            l.cut(at, end);
            return Some(value);
        }
    }
    // `80%→95%`, `80 -> 95`.
    for arrow in ["→", "->", "⇒", "から"] {
        for at in l.find_all(arrow) {
            let before = l.skip_spaces_back(at);
            let found = (before.saturating_sub(MAX_UNIT + 20)..before)
                .find_map(|s| l.number_at(s).filter(|(e, _)| l.unit_at(*e).0 == before).map(|(_, v)| (s, v)));
            if let Some((start, value)) = found {
                l.cut(start, at + arrow.chars().count());
                return Some(value);
            }
        }
    }
    None
}

/// `月1回以上`, `年2回`, `twice a year`, `3 times per quarter`: a count in a window.
fn per_period(l: &Line) -> Option<Found> {
    for at in 0..l.len() {
        let Some((end, n)) = l.number_at(at) else { continue };
        if l.low.get(end) == Some(&'回') {
            // The window before the number, with or without に: `月1回`, `月に1回`, `年間2回`.
            let stem = if at > 0 && l.low[at - 1] == 'に' { at - 1 } else { at };
            let Some((w, window)) = l.word_before(stem, PER) else { continue };
            let from = stem - w;
            let mut to = end + 1;
            let direction = l.word_at(to, AFTER).map(|(w, d)| {
                to += w;
                d
            });
            return Some(Found {
                from,
                to,
                target: n,
                unit: Some("回".into()),
                direction: direction.or(Some(Direction::Higher)),
                frequency: Some(window),
            });
        }
    }
    // English: once / twice / N times, a / per / each / every month.
    let counts = [("once", 1.0), ("twice", 2.0)];
    for at in 0..l.len() {
        let (n, after) = if let Some((w, v)) = counts.iter().find(|(w, _)| l.is_at(at, w)).map(|(w, v)| (w.len(), *v)) {
            if at > 0 && l.low[at - 1].is_ascii_alphabetic() {
                continue;
            }
            (v, at + w)
        } else if let Some((end, v)) = l.number_at(at) {
            let t = l.skip_spaces(end);
            if !l.is_at(t, "times") {
                continue;
            }
            (v, t + 5)
        } else {
            continue;
        };
        let a = l.skip_spaces(after);
        let Some(p) = ["a ", "per ", "each ", "every "].iter().find(|p| l.is_at(a, p)) else { continue };
        let w = l.skip_spaces(a + p.len());
        let Some((len, window)) = l.word_at(w, PER_EN) else { continue };
        let mut from = at;
        let before = l.skip_spaces_back(at);
        let direction = l.word_before(before, BEFORE).map(|(len, d)| {
            from = before - len;
            d
        });
        return Some(Found {
            from,
            to: w + len,
            target: n,
            unit: Some("times".into()),
            direction: direction.or(Some(Direction::Higher)),
            frequency: Some(window),
        });
    }
    None
}

/// A number with a comparator before or after it: `95点以上`, `at least 95`, `≤ 4`.
fn compared(l: &Line) -> Option<Found> {
    for at in 0..l.len() {
        let Some((end, target)) = l.number_at(at) else { continue };
        let (unit_end, unit) = l.unit_at(end);
        let before = l.skip_spaces_back(at);
        let prefix = l.word_before(before, BEFORE);
        let after =
            if unit.is_some() || l.low.get(unit_end) != Some(&' ') { unit_end } else { l.skip_spaces(unit_end) };
        let suffix = l.word_at(after, AFTER).or_else(|| l.word_at(l.skip_spaces(unit_end), AFTER));
        if prefix.is_none() && suffix.is_none() {
            continue;
        }
        if unit.as_deref().is_some_and(is_date_unit) {
            continue;
        }
        let from = prefix.map_or(at, |(n, _)| before - n);
        let to = match suffix {
            Some((n, _)) => {
                let s = if l.word_at(after, AFTER).is_some() { after } else { l.skip_spaces(unit_end) };
                s + n
            }
            None => unit_end,
        };
        // `≥ 95 %` then `or more` would say it twice; the first word decides.
        let direction = prefix.or(suffix).map(|(_, d)| d);
        return Some(Found { from, to, target, unit, direction, frequency: None });
    }
    None
}

/// `ゼロ`, `zero incidents`, `0件`: nothing is the target.
fn zero(l: &Line) -> Option<Found> {
    for word in ["ゼロ", "zero"] {
        if let Some(&at) = l.find_all(word).first() {
            if word == "zero" && (at > 0 && l.low[at - 1].is_ascii_alphabetic() || !l.word_ends(at + 4)) {
                continue;
            }
            let to = at + word.chars().count();
            let (to, unit) = if l.low.get(to) == Some(&'件') { (to + 1, Some("件".into())) } else { (to, None) };
            return Some(Found { from: at, to, target: 0.0, unit, direction: Some(Direction::Lower), frequency: None });
        }
    }
    None
}

/// The last number of the line with only its unit (and a keep-word) after
/// it: `教育受講率 100%`, `稼働率 99.9%維持`.
fn bare(l: &Line) -> Option<Found> {
    let mut found = None;
    for at in 0..l.len() {
        let Some((end, target)) = l.number_at(at) else { continue };
        let (unit_end, unit) = l.unit_at(end);
        if unit.as_deref().is_some_and(is_date_unit) {
            continue;
        }
        let mut to = unit_end;
        if let Some(w) = KEEP.iter().find(|w| l.is_at(to, w)) {
            to += w.chars().count();
        }
        if l.is_blank(to, l.len()) {
            found = Some(Found { from: at, to, target, unit, direction: None, frequency: None });
        }
    }
    found
}

/// `2025年`, `4月`, `年度`: a number that is a date, not a target.
fn is_date_unit(unit: &str) -> bool {
    ["年", "月", "日", "年度", "月度", "期"].iter().any(|u| unit.starts_with(u))
}

/// A bare target: 0 and counts of bad things are "at most", the rest "at least".
fn default_direction(l: &Line, target: f64) -> Direction {
    let name: String = l.low.iter().collect();
    if target == 0.0 || FEWER_IS_BETTER.iter().any(|w| name.contains(w)) { Direction::Lower } else { Direction::Higher }
}

/// `（毎月）`, `(quarterly)`: a frequency in brackets of its own, cut out
/// before the target is looked for (it would hide a bare target before it).
fn bracketed_frequency(l: &mut Line) -> Option<Frequency> {
    for open in l.find_all("(") {
        let Some(close) = (open + 1..l.len()).find(|&i| l.low[i] == ')') else { continue };
        let from = l.skip_spaces(open + 1);
        if let Some((n, f)) = l.word_at(from, FREQUENCY)
            && l.skip_spaces(from + n) == close
        {
            l.cut(open, close + 1);
            return Some(f);
        }
    }
    None
}

/// A frequency word left in the line, standing alone, cut out.
fn frequency(l: &mut Line) -> Option<Frequency> {
    for at in 0..l.len() {
        if let Some((n, f)) = l.word_at(at, FREQUENCY) {
            // `月次報告書の提出率`: a frequency word inside a longer word is the name's.
            let ascii = l.low[at].is_ascii_alphabetic();
            let alone_before = at == 0 || " ()".contains(l.low[at - 1]) || ascii;
            let alone_after = at + n >= l.len() || " ()".contains(l.low[at + n]) || ascii;
            if alone_before && alone_after {
                l.cut(at, at + n);
                return Some(f);
            }
        }
    }
    None
}

/// What is left of the line once the target's words are cut: the name.
fn name_of(l: &Line) -> Option<String> {
    let s: String = l.chars.iter().collect();
    // Brackets emptied by the cuts go, and so do the separators at the ends.
    let mut s = s.split_whitespace().collect::<Vec<_>>().join(" ");
    loop {
        let before = s.clone();
        for empty in ["()", "( )", "[]", "（）", "（ ）", "(）", "（)", "「」", "【】"] {
            s = s.replace(empty, "");
        }
        s = s.split_whitespace().collect::<Vec<_>>().join(" ");
        if s == before {
            break;
        }
    }
    let trimmed = s.trim_matches(|c: char| c.is_whitespace() || ":：、,，-/=を".contains(c)).to_string();
    (!trimmed.is_empty()).then_some(trimmed)
}

// ---------------------------------------------------------------------------
// Writing.

/// An indicator's line in `wording`, which [`read`] reads back as the same
/// indicator. `frequency` is written only when it is not the default.
pub fn render(r: &TargetReading, wording: Wording) -> String {
    let ja = wording == Wording::Ja;
    let Some(target) = target_words(r, wording) else { return r.name.clone() };
    let mut line = match (r.direction, ja) {
        (Direction::Milestone, true) => format!("{target}{}", r.name),
        _ => format!("{} {target}", r.name),
    };
    if let Some(b) = r.baseline {
        let b = with_unit(b, &r.unit);
        line.push_str(&if ja { format!("（基準値 {b}）") } else { format!(" (baseline {b})") });
    }
    if let Some(f) = r.frequency.filter(|f| *f != default_frequency(r.direction)) {
        let word = frequency_word(f, ja);
        line.push_str(&if ja { format!("（{word}）") } else { format!(" ({word})") });
    }
    line
}

/// The target alone, as the line words it: `95点以上`, `at most 4`,
/// `2026年2月までに`, `by 2026-02-15`. `None` without a target.
pub fn target_words(r: &TargetReading, wording: Wording) -> Option<String> {
    let ja = wording == Wording::Ja;
    let target = r.target?;
    if r.direction == Direction::Milestone
        && let Some(date) = r.target_date
    {
        let last = YearMonth::from_date(date).is_ok_and(|m| m.last_day() == date);
        return Some(match (ja, last) {
            (true, true) => format!("{}年{}月までに", date.year(), date.month()),
            (true, false) => format!("{}年{}月{}日までに", date.year(), date.month(), date.day()),
            (false, _) => format!("by {date}"),
        });
    }
    let value = with_unit(target, &r.unit);
    Some(if ja {
        let word = match r.direction {
            Direction::Higher | Direction::Milestone => "以上",
            Direction::Lower => "以下",
            Direction::Above => "超",
            Direction::Below => "未満",
            Direction::Target => "ちょうど",
        };
        format!("{value}{word}")
    } else {
        let word = match r.direction {
            Direction::Higher | Direction::Milestone => "at least",
            Direction::Lower => "at most",
            Direction::Above => "more than",
            Direction::Below => "less than",
            Direction::Target => "exactly",
        };
        format!("{word} {value}")
    })
}

/// `95点`, `100%`, but `95 points`: a word unit after a blank.
fn with_unit(v: f64, unit: &Option<String>) -> String {
    match unit.as_deref() {
        None => format_number(v),
        Some(u) if u.starts_with(|c: char| c.is_ascii_alphabetic()) => format!("{} {u}", format_number(v)),
        Some(u) => format!("{}{u}", format_number(v)),
    }
}

fn frequency_word(f: Frequency, ja: bool) -> &'static str {
    match (f, ja) {
        (Frequency::Monthly, true) => "毎月",
        (Frequency::Quarterly, true) => "四半期ごと",
        (Frequency::Semiannual, true) => "半年ごと",
        (Frequency::Annual, true) => "毎年",
        (Frequency::Once, true) => "1回のみ",
        (Frequency::Monthly, false) => "monthly",
        (Frequency::Quarterly, false) => "quarterly",
        (Frequency::Semiannual, false) => "every six months",
        (Frequency::Annual, false) => "yearly",
        (Frequency::Once, false) => "once",
    }
}

#[cfg(test)]
#[path = "indicator_wording_tests.rs"]
mod tests;
