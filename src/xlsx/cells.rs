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
use crate::domain::risk::{Approval, TreatmentOption};
use crate::domain::text;
use crate::i18n::{Lang, Tr};

/// The labels of a value in both languages, longest first so that a longer
/// label wins over a label it starts with.
fn labels<T: Copy>(all: &[T], key: impl Fn(T) -> &'static str) -> Vec<(String, T)> {
    let mut out: Vec<(String, T)> = Vec::new();
    for lang in [Lang::Ja, Lang::En] {
        let t = Tr::new(lang);
        for v in all {
            out.push((t.t(key(*v)), *v));
        }
    }
    out.sort_by_key(|(label, _)| std::cmp::Reverse(label.chars().count()));
    out
}

fn starts_with_label(line: &str, label: &str) -> bool {
    let line = line.to_lowercase();
    let label = label.to_lowercase();
    !label.is_empty() && text::normalize(&line).starts_with(&text::normalize(&label))
}

/// An input's line: its reference when that already names the kind (or the
/// kind is "other"), else `kind reference`.
pub fn input_line(i: &Input, t: &Tr) -> String {
    let named = labels(InputKind::ALL, |k| k.label_key())
        .iter()
        .any(|(label, k)| *k == i.kind && starts_with_label(&i.reference, label));
    if i.kind == InputKind::Other || named {
        i.reference.clone()
    } else {
        format!("{} {}", t.t(i.kind.label_key()), i.reference)
    }
}

/// The kind a line names by its first words; the line itself is the reference.
pub fn input_kind(line: &str) -> InputKind {
    labels(InputKind::ALL, |k| k.label_key())
        .into_iter()
        .find(|(label, _)| starts_with_label(line, label))
        .map_or(InputKind::Other, |(_, k)| k)
}

/// An indicator's line, in the sheet's wording: `教育受講率 100%以上`.
pub fn indicator_line(i: &Indicator, t: &Tr) -> String {
    render(&i.reading(), if t.is_ja() { Wording::Ja } else { Wording::En })
}

/// `達成 (96)`: the result in words with the measured value.
pub fn evaluation_text(e: &Evaluation, t: &Tr) -> String {
    match &e.measured_value {
        Some(v) => format!("{} ({v})", t.t(e.result.label_key())),
        None => t.t(e.result.label_key()),
    }
}

/// The result and measured value of an evaluation cell, in either language;
/// `None` when it does not start with a result.
pub fn evaluation_parts(cell: &str) -> Option<(EvaluationResult, Option<String>)> {
    let cell = cell.trim();
    let (label, result) =
        labels(EvaluationResult::ALL, |r| r.label_key()).into_iter().find(|(l, _)| starts_with_label(cell, l))?;
    let rest = cell.chars().skip(label.chars().count()).collect::<String>();
    let rest = rest.trim().trim_start_matches([':', '：']).trim();
    // One pair of brackets around the value, as the export writes it; brackets inside are the value's own.
    let rest = [('(', ')'), ('（', '）')]
        .iter()
        .find_map(|(open, close)| rest.strip_prefix(*open).and_then(|r| r.strip_suffix(*close)))
        .unwrap_or(rest)
        .trim();
    Some((result, (!rest.is_empty()).then(|| rest.to_string())))
}

/// The treatment option a cell names (`低減`, `Reduce`, `移転`, `共有`…).
pub fn treatment_option(cell: &str) -> Option<TreatmentOption> {
    let key = text::normalize(cell).to_lowercase();
    if key.is_empty() {
        return None;
    }
    let found = labels(TreatmentOption::ALL, |o| o.label_key()).into_iter().find(|(label, _)| {
        let label = text::normalize(label).to_lowercase();
        label == key || label.split(['・', '/']).any(|part| part.trim() == key)
    });
    found.map(|(_, o)| o).or_else(|| TreatmentOption::parse(&key).ok())
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
        assert_eq!(treatment_option("低減"), Some(TreatmentOption::Reduce));
        assert_eq!(treatment_option("移転"), Some(TreatmentOption::Transfer));
        assert_eq!(treatment_option("移転・共有"), Some(TreatmentOption::Transfer));
        assert_eq!(treatment_option("Accept"), Some(TreatmentOption::Accept));
        assert_eq!(treatment_option("放置"), None);
        let (by, on) = approval_parts("鈴木 一郎 2025/7/1").unwrap();
        assert_eq!((by.as_str(), on), ("鈴木 一郎", NaiveDate::from_ymd_opt(2025, 7, 1).unwrap()));
        let a = Approval { by: "鈴木 一郎".into(), at: "2025-07-01T00:00:00Z".into() };
        let t = Tr::new(Lang::Ja);
        assert_eq!(approval_parts(&approval_text(&a, &t)), Some((by, on)));
        assert_eq!(approval_parts("鈴木"), None);
    }
}
