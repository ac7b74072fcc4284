//! How the sheet's words for closed lists and risk levels were read, for the
//! import preview: listed where reading took interpreting — a word other than
//! the label ismo writes (`軽減` for 低減, `MR（3月）`, `高`) — and marked
//! doubtful where the words could not be told for sure (an input of no known
//! kind, two options in one cell).

use super::blocks::Cell;
use super::parse::SheetRisk;
use crate::domain::import::Reading;
use crate::domain::input::InputKind;
use crate::domain::risk_inputs::small_number;
use crate::domain::risk_level_words::{read_level, shown_levels};
use crate::domain::risk_method::{RiskInputs, RiskSettings};
use crate::domain::text;
use crate::domain::vocabulary::{EVALUATION_RESULTS, INPUT_KINDS};
use crate::i18n::{Lang, Tr};
use crate::xlsx::cells;

/// Whether `words` are exactly the label ismo writes for `key`, in either language.
fn own_label(words: &str, key: &str) -> bool {
    let words = text::normalize(words).to_lowercase();
    Lang::ALL.iter().any(|l| text::normalize(&Tr::new(*l).t(key)).to_lowercase() == words)
}

/// Whether `words` are one of the parts of ismo's label for `key`: the sheet
/// writes 移転 for 移転・共有, Accept for "Accept or retain".
fn part_of_own_label(words: &str, key: &str) -> bool {
    let words = text::normalize(words).to_lowercase();
    Lang::ALL.iter().any(|l| {
        let label = text::normalize(&Tr::new(*l).t(key)).to_lowercase();
        label.split(['・', '/']).flat_map(|p| p.split(" or ")).any(|part| part.trim() == words)
    })
}

/// The treatment option cell, unless it is the option's own label, a part
/// of it (`移転` of 移転・共有) or its stored name.
pub fn option(sheet: &str, cell: &Cell) -> Option<Reading> {
    let (option, doubtful) = cells::treatment_option(&cell.text)?;
    let stored_name = text::normalize(&cell.text).to_lowercase() == option.as_str();
    if own_label(&cell.text, option.label_key()) || part_of_own_label(&cell.text, option.label_key()) || stored_name {
        return None;
    }
    let r =
        Reading::new(sheet, &cell.at, &cell.text, "treatment-option").part_key("treatment-option", option.label_key());
    Some(if doubtful { r.doubtful() } else { r })
}

/// A new input line: its kind when read from a word other than the kind's
/// label; "other", doubtful, when no word told it.
pub fn input(sheet: &str, at: &str, line: &str) -> Option<Reading> {
    let named = INPUT_KINDS.at_start(line);
    let kind = named.as_ref().map_or(InputKind::Other, |n| n.value);
    if named.as_ref().is_some_and(|n| own_label(n.word, kind.label_key()) || kind == InputKind::Other) {
        return None;
    }
    let r = Reading::new(sheet, at, line, "inputs").part_key("input-kind", kind.label_key());
    Some(if named.is_none() { r.doubtful() } else { r })
}

/// An evaluation cell whose result was read from a word other than its label (`○`, `未達`).
pub fn evaluation(sheet: &str, cell: &Cell) -> Option<Reading> {
    let named = EVALUATION_RESULTS.at_start(&cell.text)?;
    if own_label(named.word, named.value.label_key()) {
        return None;
    }
    let (result, measured) = cells::evaluation_parts(&cell.text)?;
    let r = Reading::new(sheet, &cell.at, &cell.text, "evaluation-result")
        .part_key("evaluation-result", result.label_key());
    Some(match measured {
        Some(m) => r.part("evaluation-measured-value", m),
        None => r,
    })
}

/// The levels of a risk row written otherwise than as a plain number (`高`, `Ｈ`, `3（高）`).
pub fn levels(sheet: &str, risk: &SheetRisk, settings: &RiskSettings) -> Vec<Reading> {
    let mut out = Vec::new();
    for level in shown_levels(settings, &RiskInputs::default()) {
        let words = risk.levels.get(level.field);
        if words.is_empty() || matches!(small_number(words), Ok(Some(_))) {
            continue;
        }
        let Some(at) = risk.level_cells.iter().find(|(f, _)| *f == level.field).map(|(_, at)| at) else { continue };
        if let Ok(Some(v)) = read_level(words, level.scale) {
            let r = Reading::new(sheet, at, words, level.label_key)
                .part("reading-risk-level", format!("{v} / {}", level.scale));
            out.push(r);
        }
    }
    out
}
