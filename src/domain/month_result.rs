//! The 実施結果 row read as people write it: 「実施済」 is done, 「未実施」 is
//! not, 「一部遅れ（規程2件未完）」 is partly done and behind, 「延期（10月へ）」
//! was moved. A result that reports a figure or a fact without such a word
//! (「受講率92%」) is a result recorded: done.
//!
//! Where the words say more than one thing, the cautious state is taken (a
//! delay is shown rather than hidden) and the reading is marked doubtful, so
//! the import preview lists it for a person to check.

use super::month::MonthState;
use super::text;

/// What a result cell says about its month.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ResultReading {
    pub state: MonthState,
    /// The words said more than one thing, and the cautious state was taken.
    pub doubtful: bool,
}

/// The words of each state, as these sheets write them. A word that another
/// starts with loses to the longer one (`未実施` is not `実施`).
const WORDS: &[(&str, MonthState)] = &[
    // Done.
    ("実施済み", MonthState::Done),
    ("実施済", MonthState::Done),
    ("実施した", MonthState::Done),
    ("実施", MonthState::Done),
    ("済み", MonthState::Done),
    ("済", MonthState::Done),
    ("完了", MonthState::Done),
    ("終了", MonthState::Done),
    ("達成", MonthState::Done),
    ("開催", MonthState::Done),
    ("done", MonthState::Done),
    ("completed", MonthState::Done),
    ("complete", MonthState::Done),
    ("finished", MonthState::Done),
    ("implemented", MonthState::Done),
    ("held", MonthState::Done),
    ("conducted", MonthState::Done),
    ("○", MonthState::Done),
    ("〇", MonthState::Done),
    ("◯", MonthState::Done),
    ("◎", MonthState::Done),
    ("✓", MonthState::Done),
    ("✔", MonthState::Done),
    // Partly done, or under way.
    ("一部実施", MonthState::Partial),
    ("一部完了", MonthState::Partial),
    ("一部済", MonthState::Partial),
    ("一部", MonthState::Partial),
    ("部分的", MonthState::Partial),
    ("途中", MonthState::Partial),
    ("実施中", MonthState::Partial),
    ("対応中", MonthState::Partial),
    ("進行中", MonthState::Partial),
    ("継続中", MonthState::Partial),
    ("作業中", MonthState::Partial),
    ("準備中", MonthState::Partial),
    ("partially done", MonthState::Partial),
    ("partially completed", MonthState::Partial),
    ("partly done", MonthState::Partial),
    ("partially", MonthState::Partial),
    ("partial", MonthState::Partial),
    ("partly", MonthState::Partial),
    ("in progress", MonthState::Partial),
    ("ongoing", MonthState::Partial),
    ("under way", MonthState::Partial),
    ("underway", MonthState::Partial),
    ("△", MonthState::Partial),
    ("▲", MonthState::Partial),
    // Not done.
    ("未実施", MonthState::NotDone),
    ("未着手", MonthState::NotDone),
    ("未完了", MonthState::NotDone),
    ("未完", MonthState::NotDone),
    ("未対応", MonthState::NotDone),
    ("未提出", MonthState::NotDone),
    ("未受講", MonthState::NotDone),
    ("未開催", MonthState::NotDone),
    ("未達", MonthState::NotDone),
    ("未了", MonthState::NotDone),
    ("未", MonthState::NotDone),
    ("遅れ", MonthState::NotDone),
    ("遅延", MonthState::NotDone),
    ("できず", MonthState::NotDone),
    ("出来ず", MonthState::NotDone),
    ("できなかった", MonthState::NotDone),
    ("実施予定", MonthState::NotDone),
    ("完了予定", MonthState::NotDone),
    ("予定", MonthState::NotDone),
    ("not done", MonthState::NotDone),
    ("not started", MonthState::NotDone),
    ("not yet", MonthState::NotDone),
    ("not completed", MonthState::NotDone),
    ("incomplete", MonthState::NotDone),
    ("missed", MonthState::NotDone),
    ("delayed", MonthState::NotDone),
    ("overdue", MonthState::NotDone),
    ("behind", MonthState::NotDone),
    ("failed", MonthState::NotDone),
    ("×", MonthState::NotDone),
    ("✕", MonthState::NotDone),
    ("✗", MonthState::NotDone),
    ("╳", MonthState::NotDone),
    // Cancelled or moved.
    ("中止", MonthState::Skipped),
    ("延期", MonthState::Skipped),
    ("見送り", MonthState::Skipped),
    ("取りやめ", MonthState::Skipped),
    ("取止め", MonthState::Skipped),
    ("スキップ", MonthState::Skipped),
    ("対象外", MonthState::Skipped),
    ("該当なし", MonthState::Skipped),
    ("不要", MonthState::Skipped),
    ("skipped", MonthState::Skipped),
    ("cancelled", MonthState::Skipped),
    ("canceled", MonthState::Skipped),
    ("postponed", MonthState::Skipped),
    ("deferred", MonthState::Skipped),
    ("n/a", MonthState::Skipped),
];

/// A cell that is only a dash or a slash: nothing was due (ー, －, ―, -, /).
const NOTHING_DUE: &[&str] = &["ー", "-", "―", "—", "–", "/", "／", "なし"];

/// The more cautious of the states a cell's words name: the one that shows
/// a delay first, then the one that claims the least progress.
fn caution(s: MonthState) -> u8 {
    match s {
        MonthState::NotDone => 4,
        MonthState::Partial => 3,
        MonthState::Skipped => 2,
        MonthState::Planned => 1,
        MonthState::Done => 0,
    }
}

/// Reads a non-empty result cell. The reason in brackets after the words
/// (「延期（10月へ）」) does not decide the state; the words before it do.
pub fn read(result: &str) -> ResultReading {
    let folded = text::normalize(result).to_lowercase();
    let main = outside_brackets(&folded);
    let main = if main.trim().is_empty() { folded.clone() } else { main };
    let main = main.trim();
    if NOTHING_DUE.contains(&main) {
        return ResultReading { state: MonthState::Skipped, doubtful: false };
    }
    let found = states_named(main);
    match found.as_slice() {
        [] => ResultReading { state: MonthState::Done, doubtful: false },
        [one] => ResultReading { state: *one, doubtful: false },
        many => {
            let state = many.iter().copied().max_by_key(|s| caution(*s)).unwrap_or(MonthState::NotDone);
            ResultReading { state, doubtful: true }
        }
    }
}

/// The text outside brackets: `一部遅れ（規程2件未完）` → `一部遅れ`.
fn outside_brackets(s: &str) -> String {
    let mut depth = 0usize;
    let mut out = String::new();
    for c in s.chars() {
        match c {
            '(' | '[' | '【' | '「' | '〔' => depth += 1,
            ')' | ']' | '】' | '」' | '〕' => depth = depth.saturating_sub(1),
            c if depth == 0 => out.push(c),
            _ => {}
        }
    }
    out
}

/// The distinct states the words of `s` name, scanning left to right and
/// taking the longest word at each place. Compared in place, byte by byte:
/// an import reads every result cell of the year (120,000 for 10,000 plans).
fn states_named(s: &str) -> Vec<MonthState> {
    let mut found: Vec<MonthState> = Vec::new();
    // A byte offset, always on a character boundary.
    let mut at = 0;
    while at < s.len() {
        let best = WORDS.iter().filter(|(w, _)| matches_at(s, at, w)).max_by_key(|(w, _)| w.chars().count());
        match best {
            Some((w, state)) => {
                if !found.contains(state) {
                    found.push(*state);
                }
                at += w.len();
            }
            None => at += s[at..].chars().next().map_or(1, char::len_utf8),
        }
    }
    found
}

/// Whether `word` is at byte `at` of `s`; an English word only as a whole word.
fn matches_at(s: &str, at: usize, word: &str) -> bool {
    if !s[at..].starts_with(word) {
        return false;
    }
    if !word.is_ascii() {
        return true;
    }
    // A byte that is an ASCII letter is a whole character: every byte of a
    // multi-byte UTF-8 character is above 0x7F.
    let letter = |i: usize| s.as_bytes().get(i).is_some_and(u8::is_ascii_alphabetic);
    let before = at > 0 && letter(at - 1);
    !before && !letter(at + word.len())
}

#[cfg(test)]
#[path = "month_result_tests.rs"]
mod tests;
