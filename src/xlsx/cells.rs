//! How records are written into the sheet's free-text cells, and read back.
//!
//! Export and import share these, so a cell that still reads as the stored
//! record renders it is known to be unedited, and a cell ismo wrote reads back
//! as the same text (render ∘ parse is the identity on rendered lines).

use chrono::NaiveDate;

use crate::domain::deadline::Deadline;
use crate::domain::evaluation::{Evaluation, EvaluationResult};
use crate::domain::indicator::Indicator;
use crate::domain::indicator_wording::{Wording, render};
use crate::domain::input::{Input, InputKind};
use crate::domain::month::{MonthCell, MonthState};
use crate::domain::month_result;
use crate::domain::risk::{Approval, TreatmentOption};
use crate::domain::text;
use crate::domain::vocabulary::{EVALUATION_RESULTS, INPUT_KINDS, TREATMENT_OPTIONS, only_a_note};
use crate::i18n::{Lang, Tr};

/// An input's line: its reference when that already reads as its kind
/// (`MR（2025年3月）` for a management review, `取引先の要請` for "other"),
/// else `kind reference`, so that the line always reads back as its kind.
pub fn input_line(i: &Input, t: &Tr) -> String {
    if input_kind(&i.reference) == i.kind {
        i.reference.clone()
    } else {
        format!("{} {}", t.t(i.kind.label_key()), i.reference)
    }
}

/// The kind a line names by its first words (see [`INPUT_KINDS`]), "other"
/// when none; the line itself is the reference.
pub fn input_kind(line: &str) -> InputKind {
    INPUT_KINDS.at_start(line).map_or(InputKind::Other, |n| n.value)
}

/// An indicator's line, in the sheet's wording: `教育受講率 100%以上`.
pub fn indicator_line(i: &Indicator, t: &Tr) -> String {
    render(&i.reading(), if t.is_ja() { Wording::Ja } else { Wording::En })
}

/// A month's result cell: the result as written when its words read as the
/// month's state, else the state's name in 【】 before it, so that the state
/// comes back on import (`【一部実施】実施済`, `【未実施】`).
pub fn month_result_text(c: &MonthCell, t: &Tr) -> String {
    let reads_as = c.result.as_deref().map(|r| month_result::read(r).state);
    match (&c.result, c.state) {
        (None, MonthState::Planned) => String::new(),
        (Some(r), state) if reads_as == Some(state) => r.clone(),
        (r, state) => format!("【{}】{}", t.t(state.label_key()), r.as_deref().unwrap_or_default()),
    }
}

/// A result cell read back: the result, and the state it reports with
/// whether its words left that in doubt (`None` for an empty cell).
pub fn month_result_parts(cell: &str) -> (Option<String>, Option<(MonthState, bool)>) {
    let cell = cell.trim();
    if cell.is_empty() {
        return (None, None);
    }
    if let Some(rest) = cell.strip_prefix('【')
        && let Some((label, result)) = rest.split_once('】')
        && let Some(state) =
            MonthState::ALL.iter().copied().find(|s| Lang::ALL.iter().any(|l| Tr::new(*l).t(s.label_key()) == label))
    {
        let result = result.trim();
        return ((!result.is_empty()).then(|| result.to_string()), Some((state, false)));
    }
    let read = month_result::read(cell);
    (Some(cell.to_string()), Some((read.state, read.doubtful)))
}

/// `達成 (96)`: the result in words with the measured value.
pub fn evaluation_text(e: &Evaluation, t: &Tr) -> String {
    match &e.measured_value {
        Some(v) => format!("{} ({v})", t.t(e.result.label_key())),
        None => t.t(e.result.label_key()),
    }
}

/// The result and measured value of an evaluation cell, in either language
/// and as the sheet's marks (see [`EVALUATION_RESULTS`]); `None` when it does
/// not start with a result.
pub fn evaluation_parts(cell: &str) -> Option<(EvaluationResult, Option<String>)> {
    let named = EVALUATION_RESULTS.at_start(cell)?;
    let (result, rest) = (named.value, named.rest);
    let rest = rest.trim_start_matches([':', '：']).trim();
    // One pair of brackets around the value, as the export writes it; brackets inside are the value's own.
    let rest = [('(', ')'), ('（', '）')]
        .iter()
        .find_map(|(open, close)| rest.strip_prefix(*open).and_then(|r| r.strip_suffix(*close)))
        .unwrap_or(rest)
        .trim();
    Some((result, (!rest.is_empty()).then(|| rest.to_string())))
}

/// The treatment option a cell names (`低減`, `軽減`, `Mitigate`, `移転・共有`,
/// `低減（技術的対策）`…, see [`TREATMENT_OPTIONS`]) or its stored name
/// (`reduce`). The flag says whether anything but a note follows the word
/// (`低減・移転`): then the reading is the first word's, and doubtful.
pub fn treatment_option(cell: &str) -> Option<(TreatmentOption, bool)> {
    if let Ok(o) = TreatmentOption::parse(&text::normalize(cell).to_lowercase()) {
        return Some((o, false));
    }
    let named = TREATMENT_OPTIONS.at_start(cell)?;
    Some((named.value, !only_a_note(&named.rest)))
}

/// `鈴木 一郎 2025/07/01`: who approved, and the day.
pub fn approval_text(a: &Approval, t: &Tr) -> String {
    let day = a.at.get(..10).and_then(|d| d.parse::<NaiveDate>().ok());
    match day {
        Some(d) => format!("{} {}", a.by, t.date(&d)),
        None => a.by.clone(),
    }
}

/// The name and the day of an approval cell; the day is its last word.
pub fn approval_parts(cell: &str) -> Option<(String, NaiveDate)> {
    let cell = cell.trim();
    let (by, day) = cell.rsplit_once([' ', '\u{3000}'])?;
    let day = Deadline::parse(day).ok()?.date();
    let by = by.trim();
    (!by.is_empty()).then(|| (by.to_string(), day))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn input(kind: InputKind, reference: &str) -> Input {
        Input {
            id: 1,
            objective_id: 1,
            kind,
            occurred_on: None,
            reference: reference.into(),
            archived: false,
            version: 1,
        }
    }

    #[test]
    fn an_input_line_names_its_kind_once() {
        let t = Tr::new(Lang::Ja);
        assert_eq!(input_line(&input(InputKind::Incident, "2024年度 8件"), &t), "インシデント 2024年度 8件");
        assert_eq!(input_line(&input(InputKind::Incident, "インシデント報告（8件）"), &t), "インシデント報告（8件）");
        assert_eq!(input_line(&input(InputKind::Other, "取引先の要請"), &t), "取引先の要請");
    }

    #[test]
    fn an_input_line_reads_back_as_written() {
        let t = Tr::new(Lang::Ja);
        for line in [
            "マネジメントレビュー（2025年3月）",
            "経営者の指示",
            "内部監査指摘（2024年度）",
            "取引先の要請",
            "Incident report",
        ] {
            let kind = input_kind(line);
            assert_eq!(input_line(&input(kind, line), &t), line, "{line}");
        }
        assert_eq!(input_kind("マネジメントレビュー（2025年3月）"), InputKind::ManagementReview);
        assert_eq!(input_kind("経営者の指示"), InputKind::TopManagement);
        assert_eq!(input_kind("リスクアセスメント結果（2025年6月）"), InputKind::RiskAssessment);
        assert_eq!(input_kind("Internal audit 2024"), InputKind::InternalAudit);
        assert_eq!(input_kind("取引先の要請"), InputKind::Other);
    }

    #[test]
    fn an_evaluation_cell_reads_in_either_language() {
        assert_eq!(
            evaluation_parts("一部達成 (88点)"),
            Some((EvaluationResult::PartiallyAchieved, Some("88点".into())))
        );
        assert_eq!(evaluation_parts("達成（平均96点）"), Some((EvaluationResult::Achieved, Some("平均96点".into()))));
        assert_eq!(evaluation_parts("未達成"), Some((EvaluationResult::NotAchieved, None)));
        assert_eq!(evaluation_parts("達成 (（年2回）)"), Some((EvaluationResult::Achieved, Some("（年2回）".into()))));
        assert_eq!(evaluation_parts("Partially achieved (3)").map(|p| p.0), Some(EvaluationResult::PartiallyAchieved));
        assert_eq!(evaluation_parts("まあまあ"), None);
    }

    #[test]
    fn options_and_approvals_read_as_people_write_them() {
        assert_eq!(treatment_option("低減"), Some((TreatmentOption::Reduce, false)));
        assert_eq!(treatment_option("移転"), Some((TreatmentOption::Transfer, false)));
        assert_eq!(treatment_option("移転・共有"), Some((TreatmentOption::Transfer, false)));
        assert_eq!(treatment_option("Accept"), Some((TreatmentOption::Accept, false)));
        assert_eq!(treatment_option("accept"), Some((TreatmentOption::Accept, false)));
        assert_eq!(treatment_option("放置"), None);
        // The cells: a synonym, a note after the word, English.
        assert_eq!(treatment_option("軽減"), Some((TreatmentOption::Reduce, false)));
        assert_eq!(treatment_option("低減（技術的対策）"), Some((TreatmentOption::Reduce, false)));
        assert_eq!(treatment_option("転嫁：保険"), Some((TreatmentOption::Transfer, false)));
        assert_eq!(treatment_option("Mitigate"), Some((TreatmentOption::Reduce, false)));
        // Two options in one cell: the first, and a person should look.
        assert_eq!(treatment_option("低減・移転"), Some((TreatmentOption::Reduce, true)));
        let (by, on) = approval_parts("鈴木 一郎 2025/7/1").unwrap();
        assert_eq!((by.as_str(), on), ("鈴木 一郎", NaiveDate::from_ymd_opt(2025, 7, 1).unwrap()));
        let a = Approval { by: "鈴木 一郎".into(), at: "2025-07-01T00:00:00Z".into() };
        let t = Tr::new(Lang::Ja);
        assert_eq!(approval_parts(&approval_text(&a, &t)), Some((by, on)));
        assert_eq!(approval_parts("鈴木"), None);
    }
}
