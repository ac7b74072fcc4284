//! Result wordings from real management tables, with the state each must get.

use super::*;
use MonthState::{Done, NotDone, Partial, Skipped};

#[test]
fn result_wordings_read_as_their_writers_meant() {
    #[rustfmt::skip]
    let clear = [
        // Done, in words and symbols, with and without a note.
        ("実施済", Done), ("実施済み", Done), ("済", Done), ("完了", Done), ("実施", Done),
        ("e ラーニング実施済（受講率92%）", Done), ("○", Done), ("〇", Done), ("◎", Done),
        ("Done", Done), ("completed", Done), ("Training held on 10/15", Done),
        // A figure or a fact: a result recorded.
        ("受講率92%", Done), ("1件", Done), ("規程改訂版を発行", Done), ("ＥＤＲ導入 ５０台", Done),
        // Partly done or under way.
        ("一部実施", Partial), ("一部完了（残り2部署）", Partial), ("途中", Partial), ("実施中", Partial),
        ("対応中", Partial), ("△", Partial), ("▲（半数）", Partial), ("Partially done", Partial),
        ("in progress", Partial), ("Ongoing", Partial),
        // Not done.
        ("未実施", NotDone), ("未着手", NotDone), ("未完", NotDone), ("未完了（担当者不在）", NotDone),
        ("×", NotDone), ("✕", NotDone), ("Not done", NotDone), ("not started", NotDone), ("遅延", NotDone),
        ("実施予定", NotDone), ("（未実施）", NotDone),
        // Cancelled or moved.
        ("中止", Skipped), ("延期（10月へ）", Skipped), ("延期(10月へ)", Skipped), ("見送り", Skipped),
        ("ー", Skipped), ("－", Skipped), ("-", Skipped), ("skipped", Skipped), ("Postponed to November", Skipped),
        ("対象外", Skipped),
    ];
    assert!(clear.len() >= 40, "{}", clear.len());
    for (words, state) in clear {
        assert_eq!(read(words), ResultReading { state, doubtful: false }, "{words}");
    }
}

#[test]
fn mixed_words_take_the_cautious_state_and_ask_for_a_look() {
    #[rustfmt::skip]
    let mixed = [
        // Partly done and behind: the delay is shown.
        ("一部遅れ（規程2件未完）", NotDone),
        ("一部遅れ", NotDone),
        ("実施済、一部未完", NotDone),
        ("○ 一部", Partial),
        ("done, partially", Partial),
        ("延期して実施", Skipped),
    ];
    for (words, state) in mixed {
        assert_eq!(read(words), ResultReading { state, doubtful: true }, "{words}");
    }
    // Brackets hold a reason: 「完了（一部未実施）」 is read by 「完了」 alone.
    assert_eq!(read("完了（一部未実施）"), ResultReading { state: Done, doubtful: false });
}

#[test]
fn a_done_word_inside_another_word_is_not_read() {
    assert_eq!(read("未実施").state, NotDone, "未実施 holds 実施");
    assert_eq!(read("incomplete").state, NotDone, "incomplete holds complete");
    assert_eq!(read("undone tasks remain").state, Done, "a fact without a state word");
    assert_eq!(read("レビュー済").state, Done, "ー inside a word is not a dash");
}
