//! Recognizes what people wrote in a hand-edited management table: which
//! sheet is which, which header cell names which column, which cells are
//! month headers, and which rows are plan, result or totals rows.
//!
//! Labels are compared by [`label_key`], so that the variants people produce
//! when they edit the sheet by hand (stray and full-width spaces, a line break
//! inside a header cell, `実施事項（目標）`, English labels in any case) all
//! meet the same key. Nothing here knows about positions: a column may be
//! anywhere, and extra columns are simply not recognized.

use std::collections::{HashMap, HashSet};
use std::sync::LazyLock;

use chrono::{Datelike, NaiveDate};

use crate::domain::deadline::Deadline;
use crate::domain::text;
use crate::domain::written_month;
use crate::xlsx::export::IDS_SHEET;
use crate::xlsx::read::{CellValue, RawSheet};

/// The columns the importer understands, over all three sheets.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Column {
    No,
    Input,
    Objective,
    Indicator,
    Actions,
    Resources,
    Responsible,
    Deadline,
    EvaluationMethod,
    RowKind,
    Evaluation,
    Notes,
    RiskId,
    Asset,
    Threat,
    Vulnerability,
    Score,
    Option,
    Controls,
    Residual,
    Approval,
    AssetOwner,
    Confidentiality,
    Integrity,
    Availability,
    AssetValue,
    ExistingControls,
    ThreatLevel,
    VulnerabilityLevel,
    Likelihood,
    Impact,
    Criterion,
    NeedsTreatment,
}

/// The three sheets of the management table.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum SheetKind {
    Objectives,
    Treatments,
    Assessment,
}

/// For comparing labels: NFKC (with whitespace folding), then all whitespace removed (including line
/// breaks inside a header cell), lowercased, and trailing notes dropped: a bracketed note
/// ("実施事項（目標）" -> "実施事項", "Deadline (date)" -> "deadline") and the marks people add to
/// labels (`*` for required, `※`, a colon).
pub fn label_key(raw: &str) -> String {
    let normalized = text::normalize(raw);
    let mut key: String = normalized.chars().filter(|c| !c.is_whitespace()).flat_map(char::to_lowercase).collect();
    loop {
        let trimmed = key.trim_end_matches(['*', '※', ':']);
        let trimmed = strip_trailing_note(trimmed).unwrap_or(trimmed);
        if trimmed.len() == key.len() {
            return key;
        }
        key = trimmed.to_string();
    }
}

/// `key` without a trailing bracketed note, if it has one and something
/// precedes it (a label that is all brackets is kept as it is). Nested
/// brackets of the same kind are matched: `a(b(c))` -> `a`.
fn strip_trailing_note(key: &str) -> Option<&str> {
    // After NFKC, full-width （） and ［］ are ASCII; 【】 and 〔〕 have no
    // ASCII form and stay as they are.
    let close = key.chars().next_back()?;
    let open = match close {
        ')' => '(',
        ']' => '[',
        '】' => '【',
        '〕' => '〔',
        _ => return None,
    };
    let mut depth = 0usize;
    for (i, ch) in key.char_indices().rev() {
        if ch == close {
            depth += 1;
        } else if ch == open {
            depth -= 1;
            if depth == 0 {
                return (i > 0).then(|| &key[..i]);
            }
        }
    }
    None
}

/// Every label a column is known by, in Japanese and English, as people
/// write them. Compared by [`label_key`], so case, spacing and width do not
/// matter here.
const COLUMN_LABELS: &[(Column, &[&str])] = &[
    (Column::No, &["No.", "No", "番号", "#", "Number", "項番", "通番"]),
    (Column::Input, &["インプット", "Input", "Inputs", "入力", "インプット情報", "Source"]),
    (
        Column::Objective,
        &[
            "情報セキュリティ目的",
            "目的",
            "Objective",
            "Objectives",
            "Information security objective",
            "Information security objectives",
            "セキュリティ目的",
            "情報セキュリティ目標",
        ],
    ),
    (
        Column::Indicator,
        &[
            "指標・目標値",
            "指標/目標値",
            "指標、目標値",
            "指標",
            "目標値",
            "KPI",
            "Indicator / target",
            "Indicator",
            "Target",
            "Indicators",
            "評価指標",
        ],
    ),
    (Column::Actions, &["実施事項", "Actions", "Action", "取組", "取組内容", "取り組み", "取組み", "実施内容"]),
    (Column::Resources, &["必要な資源", "資源", "Resources", "Resource", "Required resources"]),
    (Column::Responsible, &["責任者", "担当者", "担当", "Responsible", "Owner", "Responsible person"]),
    (Column::Deadline, &["達成期限", "期限", "Deadline", "Due date", "Due", "期日", "完了期限", "完了予定日"]),
    (Column::EvaluationMethod, &["結果の評価方法", "評価方法", "Evaluation method", "評価の方法"]),
    (Column::RowKind, &["区分", "Row", "種別", "計画/実績", "計画・実績", "Plan / result", "Row type"]),
    (Column::Evaluation, &["評価結果", "評価", "Evaluation result", "Evaluation", "達成状況"]),
    (Column::Notes, &["備考", "Notes", "Remarks", "Note", "Remark", "Comments", "Comment", "コメント", "メモ"]),
    (Column::RiskId, &["リスクID", "リスク番号", "Risk ID", "ID", "リスクNo.", "リスクNo", "Risk No."]),
    (Column::Asset, &["情報資産", "資産", "Asset", "Information asset", "資産名", "情報資産名"]),
    (Column::Threat, &["脅威", "Threat"]),
    (Column::Vulnerability, &["脆弱性", "Vulnerability"]),
    (Column::Score, &["リスク値", "Risk score", "Score", "リスク", "Risk", "Risk value", "リスクレベル", "Risk level"]),
    (Column::Option, &["対応方針", "Treatment option", "Option", "対応", "リスク対応", "リスク対応方針", "Treatment"]),
    (Column::Controls, &["管理策", "Controls", "Control", "適用する管理策", "適用管理策", "Applied controls"]),
    (
        Column::Residual,
        &["残留リスク値", "残留リスク", "Target residual score", "Residual risk", "Residual", "Residual score"],
    ),
    (Column::Approval, &["リスク所有者承認", "承認", "Approval", "Risk owner approval", "リスクオーナー承認"]),
    (
        Column::AssetOwner,
        &["Asset owner", "資産の管理責任者", "資産管理責任者", "管理責任者", "資産所有者", "資産オーナー"],
    ),
    (Column::Confidentiality, &["機密性", "C", "Confidentiality"]),
    (Column::Integrity, &["完全性", "I", "Integrity"]),
    (Column::Availability, &["可用性", "A", "Availability"]),
    (Column::AssetValue, &["資産価値", "Asset value"]),
    (Column::ExistingControls, &["既存の管理策", "既存管理策", "Existing controls"]),
    (Column::ThreatLevel, &["脅威の値", "脅威レベル", "脅威値", "Threat level"]),
    (Column::VulnerabilityLevel, &["脆弱性の値", "脆弱性レベル", "脆弱性値", "Vulnerability level"]),
    (Column::Likelihood, &["発生可能性", "Likelihood"]),
    (Column::Impact, &["影響度", "Impact", "影響"]),
    (Column::Criterion, &["受容基準", "Acceptance criterion", "Criterion", "リスク受容基準"]),
    (Column::NeedsTreatment, &["要対応", "Needs treatment", "対応要否"]),
];

static COLUMNS_BY_KEY: LazyLock<HashMap<String, Column>> = LazyLock::new(|| {
    COLUMN_LABELS.iter().flat_map(|&(column, labels)| labels.iter().map(move |l| (label_key(l), column))).collect()
});

/// Which column a header cell names, compared by [`label_key`]; None for a label we do not know
/// (the caller ignores extra columns). "Owner" alone is the responsible person; the asset owner
/// needs "Asset owner" / "資産の管理責任者" / "管理責任者".
pub fn column_of(raw: &str) -> Option<Column> {
    COLUMNS_BY_KEY.get(&label_key(raw)).copied()
}

/// A month column header: the month 1..=12, and the year if the header gives one.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct MonthHeader {
    pub month: u32,
    pub year: Option<i32>,
}

/// Excel serial numbers accepted as month headers: 1954-10-04..=2119-01-10.
/// Far wider than any plan period, yet small numbers (a `4` typed for April
/// is too ambiguous to guess) and amounts stay out.
const SERIAL_DATES: std::ops::RangeInclusive<f64> = 20_000.0..=80_000.0;

/// A month column header: any month [`written_month::read`] reads ("4月", "4月度", "2025年4月",
/// "令和7年4月", "R7.4", "2025/04", "Apr", "April 2025", "Apr-25", full-width "４月"), with or
/// without 予定/実績 beside it ("4月 予定", "4月（実績）", "予定/実績 4月"); a date typed as
/// text ("2025/4/1"), a Date cell (any day of the month), or an Excel date serial number in
/// 20000..=80000 (a date header formatted as General). Returns the month, and the year where the
/// header gives one.
pub fn month_header(cell: &CellValue) -> Option<MonthHeader> {
    let of_date = |d: NaiveDate| MonthHeader { month: d.month(), year: Some(d.year()) };
    match cell {
        CellValue::Date(d) => Some(of_date(*d)),
        CellValue::Number(n) if SERIAL_DATES.contains(n) => {
            Deadline::from_excel_serial(*n).ok().map(|d| of_date(d.date()))
        }
        CellValue::Text(s) => month_of_text(s),
        _ => None,
    }
}

fn month_of_text(raw: &str) -> Option<MonthHeader> {
    let key = text::compact(raw).to_lowercase();
    let key = without_plan_or_result(&key);
    if let Some(m) = written_month::read(key) {
        return Some(MonthHeader { month: m.month, year: m.year });
    }
    // A full date typed as text: "2025/4/1", "2025年4月1日", "R7.4.1".
    Deadline::parse(key).ok().map(|d| MonthHeader { month: d.date().month(), year: Some(d.date().year()) })
}

/// Words that say a month column holds the plan, the result or both; a
/// heading may carry them beside the month. Longest first.
const PLAN_OR_RESULT: &[&str] = &[
    "予定/実績",
    "予定・実績",
    "計画/実績",
    "計画・実績",
    "予定実績",
    "計画実績",
    "予実",
    "予定",
    "実績",
    "計画",
    "結果",
    "plan/actual",
    "plan/result",
    "planned",
    "plan",
    "actual",
    "result",
];

/// `key` (compact, lower case) without 予定/実績 before or after it, bare or
/// in brackets, and the marks that separate them (`4月:予定`, `4月-実績`).
fn without_plan_or_result(key: &str) -> &str {
    const SEPARATORS: &[char] = &['/', '・', ':', '-', '_', '|'];
    let mut k = key;
    loop {
        let before = k.len();
        if let Some(open) = k.strip_suffix(')').and_then(|r| r.rfind('('))
            && open > 0
            && PLAN_OR_RESULT.contains(&&k[open + 1..k.len() - 1])
        {
            k = &k[..open];
        }
        if let Some(rest) = PLAN_OR_RESULT.iter().find_map(|m| k.strip_suffix(m)).filter(|r| !r.is_empty()) {
            k = rest.trim_end_matches(SEPARATORS);
        }
        if let Some(rest) = PLAN_OR_RESULT.iter().find_map(|m| k.strip_prefix(m)).filter(|r| !r.is_empty()) {
            k = rest.trim_start_matches(SEPARATORS);
        }
        if k.len() == before {
            return k;
        }
    }
}

/// The header of a sheet: the row it ends on (data starts below it), where each known column is (the
/// first occurrence wins), and the month columns in column order.
#[derive(Debug, Clone, PartialEq)]
pub struct Header {
    pub row: usize,
    pub columns: HashMap<Column, usize>,
    pub months: Vec<(usize, MonthHeader)>,
}

impl Header {
    /// The 0-based column index of `c`, if the header has it.
    pub fn col(&self, c: Column) -> Option<usize> {
        self.columns.get(&c).copied()
    }

    fn has(&self, c: Column) -> bool {
        self.columns.contains_key(&c)
    }

    /// Whether the labels found make this the header of `kind`; months are checked separately.
    fn names(&self, kind: SheetKind) -> bool {
        match kind {
            SheetKind::Objectives => self.has(Column::Objective) && self.has(Column::Actions),
            SheetKind::Treatments => self.has(Column::RiskId) && self.has(Column::Actions),
            // The treatment plan also has risk id, threat and score columns;
            // what sets the register apart is that nothing is planned in it.
            SheetKind::Assessment => {
                self.has(Column::RiskId)
                    && self.has(Column::Threat)
                    && (self.has(Column::Score) || self.has(Column::ThreatLevel) || self.has(Column::Likelihood))
                    && !self.has(Column::Actions)
            }
        }
    }
}

/// How far down a header is looked for: the title and period rows, some
/// blank rows and notes people add above the table.
const HEADER_SCAN_ROWS: usize = 30;

/// The header of `kind`: the first row among the first 30 whose labels name the required columns.
/// Objectives need Objective and Actions, Treatments RiskId and Actions, both with at least one
/// month column; Assessment needs RiskId, Threat and Score (or ThreatLevel or Likelihood) and no
/// Actions column.
///
/// A header over two rows reads too: with merged label cells every cell of the lower row carries
/// its label, and months may sit on the row below the labels (under a "schedule" group label); in
/// both cases [`Header::row`] is the lower row.
pub fn find_header(sheet: &RawSheet, kind: SheetKind) -> Option<Header> {
    let needs_months = kind != SheetKind::Assessment;
    for row in 0..sheet.height().min(HEADER_SCAN_ROWS) {
        let mut header = header_row(sheet, row);
        if !header.names(kind) {
            continue;
        }
        if needs_months && header.months.is_empty() {
            // Months on the row below count only where the labels row has no
            // known column: a data row's deadline date must not pass for a month.
            let below: Vec<_> = header_row(sheet, row + 1)
                .months
                .into_iter()
                .filter(|(col, _)| !header.columns.values().any(|c| c == col))
                .collect();
            if below.len() < 2 {
                continue;
            }
            header.row = row + 1;
            header.months = below;
        }
        return Some(header);
    }
    None
}

/// Reads one row as header cells: known labels and month headers.
fn header_row(sheet: &RawSheet, row: usize) -> Header {
    let mut header = Header { row, columns: HashMap::new(), months: Vec::new() };
    for col in 0..sheet.width() {
        let cell = sheet.get(row, col);
        if cell.is_blank() {
            continue;
        }
        if let CellValue::Text(s) = cell
            && let Some(column) = column_of(s)
        {
            header.columns.entry(column).or_insert(col);
        } else if let Some(month) = month_header(cell) {
            header.months.push((col, month));
        }
    }
    header
}

const SHEET_NAMES: &[(SheetKind, &[&str])] = &[
    (
        SheetKind::Objectives,
        &[
            "情報セキュリティ目的",
            "目的",
            "Objectives",
            "Objective",
            "情報セキュリティ目的管理表",
            "目的管理表",
            "Information security objectives",
        ],
    ),
    (
        SheetKind::Treatments,
        &[
            "リスク対応計画",
            "Risk treatment plan",
            "リスク対応",
            "リスク対応計画書",
            "リスク対応計画表",
            "Risk treatment",
        ],
    ),
    (
        SheetKind::Assessment,
        &[
            "リスクアセスメント",
            "Risk assessment",
            "リスクアセスメント表",
            "リスク評価",
            "リスク評価表",
            "リスクアセスメント結果",
            "Risk register",
            "リスク台帳",
        ],
    ),
];

/// Which kind a sheet is: by its name (compared by [`label_key`], so "リスク対応計画（2025年度）" is the
/// treatment plan), else by which header it has, the treatment plan tried before the objectives since
/// it has an Actions column too. The `ismo` sheet of ids is never one of them.
pub fn sheet_kind(sheet: &RawSheet) -> Option<SheetKind> {
    if sheet.name == IDS_SHEET {
        return None;
    }
    let key = label_key(&sheet.name);
    if let Some(&(kind, _)) = SHEET_NAMES.iter().find(|(_, names)| names.iter().any(|n| label_key(n) == key)) {
        return Some(kind);
    }
    [SheetKind::Treatments, SheetKind::Objectives, SheetKind::Assessment]
        .into_iter()
        .find(|&kind| find_header(sheet, kind).is_some())
}

/// The first and second row of a plan block.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RowKind {
    Plan,
    Result,
}

const PLAN_LABELS: &[&str] = &["計画", "予定", "Plan", "Planned", "Plans"];
const RESULT_LABELS: &[&str] = &["実施結果", "結果", "実績", "Result", "Results", "Done", "Actual", "Actuals"];

/// The kind of row the row-kind column names: "計画" / "Plan" -> Plan, "実施結果" / "実績" / "Result" ->
/// Result (compared by [`label_key`]).
pub fn row_kind(raw: &str) -> Option<RowKind> {
    // Every body row is asked: the labels' keys are made once.
    static ROW_KINDS: LazyLock<HashMap<String, RowKind>> = LazyLock::new(|| {
        // Plan first, so that a label on both lists would read as a plan, as before.
        let result = RESULT_LABELS.iter().map(|l| (label_key(l), RowKind::Result));
        result.chain(PLAN_LABELS.iter().map(|l| (label_key(l), RowKind::Plan))).collect()
    });
    ROW_KINDS.get(&label_key(raw)).copied()
}

const TOTALS_LABELS: &[&str] = &["合計", "計", "小計", "総計", "Total", "Sum", "Totals", "Subtotal", "Grand total"];

/// Whether a row's first non-blank cell marks a trailing totals row ("合計", "計", "Total"…), which the
/// importer skips (compared by [`label_key`]).
pub fn is_totals_label(raw: &str) -> bool {
    // Every body row is asked: the labels' keys are made once.
    static TOTALS_KEYS: LazyLock<HashSet<String>> =
        LazyLock::new(|| TOTALS_LABELS.iter().map(|l| label_key(l)).collect());
    TOTALS_KEYS.contains(&label_key(raw))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::xlsx::read::read_workbook;
    use std::collections::HashSet;

    const SAMPLE: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/management-table.xlsx");

    fn sample() -> Vec<RawSheet> {
        read_workbook(&std::fs::read(SAMPLE).unwrap()).unwrap()
    }

    fn t(s: &str) -> CellValue {
        CellValue::Text(s.to_string())
    }

    fn row(cells: &[&str]) -> Vec<CellValue> {
        cells.iter().map(|s| if s.is_empty() { CellValue::Empty } else { t(s) }).collect()
    }

    fn m(month: u32, year: Option<i32>) -> Option<MonthHeader> {
        Some(MonthHeader { month, year })
    }

    #[test]
    fn keys_fold_what_people_type() {
        assert_eq!(label_key("実施事項（目標）"), "実施事項");
        assert_eq!(label_key("Deadline (date)"), "deadline");
        assert_eq!(label_key("  達成\n期限 "), "達成期限");
        assert_eq!(label_key("達　成　期　限"), "達成期限");
        assert_eq!(label_key("ＮＯ．"), "no.");
        assert_eq!(label_key("Risk  ID"), "riskid");
        assert_eq!(label_key("目的 *"), "目的");
        assert_eq!(label_key("備考："), "備考");
        assert_eq!(label_key("実施事項【必須】"), "実施事項");
        assert_eq!(label_key("期限 (date (yyyy/mm/dd))"), "期限");
        assert_eq!(label_key("実施事項（目標）（任意）"), "実施事項");
        // All brackets: nothing before the note, kept.
        assert_eq!(label_key("（備考）"), "(備考)");
        assert_eq!(label_key("a)"), "a)");
        assert_eq!(label_key(""), "");
    }

    #[test]
    fn no_label_names_two_columns() {
        let mut seen: HashMap<String, Column> = HashMap::new();
        for &(column, labels) in COLUMN_LABELS {
            for label in labels {
                if let Some(other) = seen.insert(label_key(label), column) {
                    assert_eq!(other, column, "{label} names {other:?} and {column:?}");
                }
            }
        }
    }

    #[test]
    fn columns_by_label() {
        use Column::*;
        let cases: &[(&str, Column)] = &[
            ("情報セキュリティ目的", Objective),
            ("目的", Objective),
            ("Objective", Objective),
            ("Information security objective", Objective),
            ("達成期限", Deadline),
            ("期限", Deadline),
            ("Deadline", Deadline),
            ("Due date", Deadline),
            ("期日", Deadline),
            ("責任者", Responsible),
            ("担当者", Responsible),
            ("Responsible", Responsible),
            ("Owner", Responsible),
            ("Asset owner", AssetOwner),
            ("資産の管理責任者", AssetOwner),
            ("資産管理責任者", AssetOwner),
            ("管理責任者", AssetOwner),
            ("リスク所有者承認", Approval),
            ("承認", Approval),
            ("Approval", Approval),
            ("Risk owner approval", Approval),
            ("結果の評価方法", EvaluationMethod),
            ("評価方法", EvaluationMethod),
            ("Evaluation method", EvaluationMethod),
            ("評価結果", Evaluation),
            ("評価", Evaluation),
            ("Evaluation result", Evaluation),
            ("Evaluation", Evaluation),
            ("区分", RowKind),
            ("Row", RowKind),
            ("種別", RowKind),
            ("計画/実績", RowKind),
            ("No.", No),
            ("No", No),
            ("番号", No),
            ("#", No),
            ("インプット", Input),
            ("Input", Input),
            ("入力", Input),
            ("指標・目標値", Indicator),
            ("指標", Indicator),
            ("目標値", Indicator),
            ("KPI", Indicator),
            ("Indicator / target", Indicator),
            ("Indicator", Indicator),
            ("Target", Indicator),
            ("実施事項", Actions),
            ("Actions", Actions),
            ("Action", Actions),
            ("取組", Actions),
            ("取組内容", Actions),
            ("必要な資源", Resources),
            ("資源", Resources),
            ("Resources", Resources),
            ("備考", Notes),
            ("Notes", Notes),
            ("Remarks", Notes),
            ("Note", Notes),
            ("リスクID", RiskId),
            ("リスク番号", RiskId),
            ("Risk ID", RiskId),
            ("ID", RiskId),
            ("情報資産", Asset),
            ("資産", Asset),
            ("Asset", Asset),
            ("脅威", Threat),
            ("Threat", Threat),
            ("脆弱性", Vulnerability),
            ("Vulnerability", Vulnerability),
            ("リスク値", Score),
            ("Risk score", Score),
            ("Score", Score),
            ("リスク", Score),
            ("対応方針", Option),
            ("Treatment option", Option),
            ("Option", Option),
            ("対応", Option),
            ("管理策", Controls),
            ("Controls", Controls),
            ("Control", Controls),
            ("適用する管理策", Controls),
            ("残留リスク値", Residual),
            ("残留リスク", Residual),
            ("Target residual score", Residual),
            ("Residual risk", Residual),
            ("Residual", Residual),
            ("機密性", Confidentiality),
            ("C", Confidentiality),
            ("Confidentiality", Confidentiality),
            ("完全性", Integrity),
            ("I", Integrity),
            ("Integrity", Integrity),
            ("可用性", Availability),
            ("A", Availability),
            ("Availability", Availability),
            ("資産価値", AssetValue),
            ("Asset value", AssetValue),
            ("既存の管理策", ExistingControls),
            ("Existing controls", ExistingControls),
            ("脅威の値", ThreatLevel),
            ("脅威レベル", ThreatLevel),
            ("Threat level", ThreatLevel),
            ("脆弱性の値", VulnerabilityLevel),
            ("脆弱性レベル", VulnerabilityLevel),
            ("Vulnerability level", VulnerabilityLevel),
            ("発生可能性", Likelihood),
            ("Likelihood", Likelihood),
            ("影響度", Impact),
            ("Impact", Impact),
            ("受容基準", Criterion),
            ("Acceptance criterion", Criterion),
            ("Criterion", Criterion),
            ("要対応", NeedsTreatment),
            ("Needs treatment", NeedsTreatment),
        ];
        for &(label, column) in cases {
            assert_eq!(column_of(label), Some(column), "{label}");
        }
    }

    #[test]
    fn column_variants_people_type() {
        assert_eq!(column_of("実施事項（目標）"), Some(Column::Actions));
        assert_eq!(column_of(" 達成\n期限 "), Some(Column::Deadline));
        assert_eq!(column_of("情報セキュリティ\r\n目的"), Some(Column::Objective));
        assert_eq!(column_of("ｒｉｓｋ　ｉｄ"), Some(Column::RiskId));
        assert_eq!(column_of("ＮＯ．"), Some(Column::No));
        assert_eq!(column_of("DEADLINE (date)"), Some(Column::Deadline));
        assert_eq!(column_of("指標･目標値"), Some(Column::Indicator));
        assert_eq!(column_of("4月"), None);
        assert_eq!(column_of("担当部署"), None);
        assert_eq!(column_of(""), None);
        assert_eq!(column_of("情報セキュリティ目的管理表"), None);
    }

    #[test]
    fn month_headers_in_every_form() {
        let cases: &[(&str, Option<MonthHeader>)] = &[
            ("4月", m(4, None)),
            ("04月", m(4, None)),
            ("１２月", m(12, None)),
            ("４月", m(4, None)),
            (" 4 月 ", m(4, None)),
            ("2025年4月", m(4, Some(2025))),
            ("２０２５年４月", m(4, Some(2025))),
            ("令和7年4月", m(4, Some(2025))),
            ("令和元年5月", m(5, Some(2019))),
            ("R8年1月", m(1, Some(2026))),
            ("2025/04", m(4, Some(2025))),
            ("2025/4", m(4, Some(2025))),
            ("2025-04", m(4, Some(2025))),
            ("2025−04", m(4, Some(2025))),
            ("2025.4", m(4, Some(2025))),
            ("2026/1/1", m(1, Some(2026))),
            ("2025年4月1日", m(4, Some(2025))),
            ("Apr", m(4, None)),
            ("April", m(4, None)),
            ("apr.", m(4, None)),
            ("APR", m(4, None)),
            ("Sept", m(9, None)),
            ("Ｍａｙ", m(5, None)),
            ("Apr 2025", m(4, Some(2025))),
            ("March, 2026", m(3, Some(2026))),
            ("Dec-2025", m(12, Some(2025))),
            ("Apr-25", m(4, Some(2025))),
            ("4月度", m(4, None)),
            ("2025年4月度", m(4, Some(2025))),
            ("R7.4", m(4, Some(2025))),
            ("令和7年4月度", m(4, Some(2025))),
            ("4月 予定", m(4, None)),
            ("4月\n予定/実績", m(4, None)),
            ("4月（実績）", m(4, None)),
            ("予定・実績 R7.5", m(5, Some(2025))),
            ("Apr-25 (plan)", m(4, Some(2025))),
            ("April 2025 actual", m(4, Some(2025))),
            // Not months.
            ("13月", None),
            ("0月", None),
            ("月", None),
            ("4", None),
            ("Apr 25", None),
            ("予定", None),
            ("実績", None),
            ("4月実施", None),
            ("Aprilx", None),
            ("2025年13月", None),
            ("2025", None),
            ("区分", None),
            ("", None),
            ("実施済", None),
        ];
        for &(raw, expected) in cases {
            assert_eq!(month_header(&t(raw)), expected, "{raw:?}");
        }
    }

    #[test]
    fn month_headers_from_dates_and_serials() {
        let date = NaiveDate::from_ymd_opt(2025, 4, 17).unwrap();
        assert_eq!(month_header(&CellValue::Date(date)), m(4, Some(2025)));
        assert_eq!(month_header(&CellValue::Number(45748.0)), m(4, Some(2025)));
        assert_eq!(month_header(&CellValue::Number(45777.5)), m(4, Some(2025)));
        assert_eq!(month_header(&CellValue::Number(20_000.0)), m(10, Some(1954)));
        assert_eq!(month_header(&CellValue::Number(80_000.0)), m(1, Some(2119)));
        assert_eq!(month_header(&CellValue::Number(4.0)), None);
        assert_eq!(month_header(&CellValue::Number(19_999.0)), None);
        assert_eq!(month_header(&CellValue::Number(80_001.0)), None);
        assert_eq!(month_header(&CellValue::Bool(true)), None);
        assert_eq!(month_header(&CellValue::Empty), None);
    }

    #[test]
    fn sample_headers() {
        let sheets = sample();
        let o = find_header(&sheets[0], SheetKind::Objectives).expect("objectives header");
        assert_eq!(o.row, 3);
        assert_eq!(o.col(Column::No), Some(0));
        assert_eq!(o.col(Column::Objective), Some(2));
        assert_eq!(o.col(Column::Actions), Some(4));
        assert_eq!(o.col(Column::Deadline), Some(7));
        assert_eq!(o.col(Column::RowKind), Some(9));
        assert_eq!(o.col(Column::Evaluation), Some(22));
        assert_eq!(o.col(Column::Notes), Some(23));
        assert_eq!(o.col(Column::RiskId), None);
        let cols: Vec<usize> = o.months.iter().map(|&(c, _)| c).collect();
        assert_eq!(cols, (10..=21).collect::<Vec<_>>());
        let months: Vec<u32> = o.months.iter().map(|(_, h)| h.month).collect();
        assert_eq!(months, [4, 5, 6, 7, 8, 9, 10, 11, 12, 1, 2, 3]);
        assert!(o.months.iter().all(|(_, h)| h.year.is_none()));
        assert_eq!(o.columns.len(), 12);

        let t = find_header(&sheets[1], SheetKind::Treatments).expect("treatments header");
        assert_eq!(t.row, 3);
        assert_eq!(t.col(Column::No), Some(0));
        assert_eq!(t.col(Column::RiskId), Some(1));
        assert_eq!(t.col(Column::Score), Some(5));
        assert_eq!(t.col(Column::Residual), Some(14));
        assert_eq!(t.col(Column::RowKind), Some(15));
        assert_eq!(t.col(Column::Approval), Some(29));
        assert_eq!(t.months.first().map(|&(c, h)| (c, h.month)), Some((16, 4)));
        assert_eq!(t.months.last().map(|&(c, h)| (c, h.month)), Some((27, 3)));
        assert_eq!(t.months.len(), 12);

        let a = find_header(&sheets[2], SheetKind::Assessment).expect("assessment header");
        assert_eq!(a.row, 2);
        assert_eq!(a.col(Column::RiskId), Some(0));
        assert_eq!(a.col(Column::AssetOwner), Some(2));
        assert_eq!(a.col(Column::ThreatLevel), Some(10));
        assert_eq!(a.col(Column::NeedsTreatment), Some(14));
        assert!(a.months.is_empty());

        // Each sheet has only its own header.
        assert_eq!(find_header(&sheets[0], SheetKind::Treatments), None);
        assert_eq!(find_header(&sheets[1], SheetKind::Assessment), None);
        assert_eq!(find_header(&sheets[2], SheetKind::Objectives), None);
        assert_eq!(find_header(&sheets[2], SheetKind::Treatments), None);
    }

    #[test]
    fn sample_sheet_kinds() {
        let kinds: Vec<_> = sample().iter().map(sheet_kind).collect();
        assert_eq!(kinds, [Some(SheetKind::Objectives), Some(SheetKind::Treatments), Some(SheetKind::Assessment)]);
    }

    #[test]
    fn header_in_another_order_with_an_extra_column() {
        let sheet = RawSheet::new(
            "Sheet1",
            vec![
                row(&["Objectives 2025"]),
                row(&[]),
                row(&[
                    "",
                    "Deadline (date)",
                    "担当部署",
                    "Apr 2025",
                    "May 2025",
                    "目的",
                    "実施事項（目標）",
                    "担当者",
                    "Plan / result",
                    "Jun 2025",
                    "目的",
                ]),
                row(&["", "2025/6/30", "総務部", "a", "b", "x", "y", "z", "計画"]),
            ],
        );
        let h = find_header(&sheet, SheetKind::Objectives).unwrap();
        assert_eq!(h.row, 2);
        assert_eq!(h.col(Column::Deadline), Some(1));
        // First occurrence wins.
        assert_eq!(h.col(Column::Objective), Some(5));
        assert_eq!(h.col(Column::Actions), Some(6));
        assert_eq!(h.col(Column::Responsible), Some(7));
        assert_eq!(h.col(Column::RowKind), Some(8));
        assert_eq!(h.columns.len(), 5);
        assert_eq!(
            h.months,
            [(3, m(4, Some(2025)).unwrap()), (4, m(5, Some(2025)).unwrap()), (9, m(6, Some(2025)).unwrap())]
        );
        assert_eq!(sheet_kind(&sheet), Some(SheetKind::Objectives));
    }

    #[test]
    fn a_header_needs_its_columns_and_months() {
        let no_months = RawSheet::new("s", vec![row(&["目的", "実施事項", "期限"]), row(&["a", "b", "c"])]);
        assert_eq!(find_header(&no_months, SheetKind::Objectives), None);
        let no_actions = RawSheet::new("s", vec![row(&["目的", "期限", "4月", "5月"])]);
        assert_eq!(find_header(&no_actions, SheetKind::Objectives), None);
        // Past the first 30 rows.
        let mut rows = vec![row(&[]); 30];
        rows.push(row(&["目的", "実施事項", "4月"]));
        assert_eq!(find_header(&RawSheet::new("s", rows.clone()), SheetKind::Objectives), None);
        rows.remove(0);
        assert_eq!(find_header(&RawSheet::new("s", rows), SheetKind::Objectives).map(|h| h.row), Some(29));
    }

    #[test]
    fn months_on_the_row_below_the_labels() {
        let sheet = RawSheet::new(
            "s",
            vec![
                row(&["No.", "目的", "実施事項", "期限", "区分", "スケジュール", "", ""]),
                row(&["", "", "", "", "", "4月", "5月", "6月"]),
                row(&["1", "x", "y", "2025/6/30", "計画", "a", "", ""]),
            ],
        );
        let h = find_header(&sheet, SheetKind::Objectives).unwrap();
        assert_eq!(h.row, 1);
        assert_eq!(h.col(Column::Objective), Some(1));
        assert_eq!(h.months.iter().map(|&(c, h)| (c, h.month)).collect::<Vec<_>>(), [(5, 4), (6, 5), (7, 6)]);

        // A data row's date under the deadline column is not a month.
        let mut cells = vec![row(&["目的", "実施事項", "期限"]), row(&["x", "y", ""])];
        cells[1][2] = CellValue::Date(NaiveDate::from_ymd_opt(2025, 6, 30).unwrap());
        cells[1].push(CellValue::Date(NaiveDate::from_ymd_opt(2025, 7, 31).unwrap()));
        assert_eq!(find_header(&RawSheet::new("s", cells), SheetKind::Objectives), None);
    }

    #[test]
    fn treatments_and_assessment_headers() {
        let treatments = RawSheet::new(
            "Sheet2",
            vec![row(&["Risk ID", "Asset", "Threat", "Risk score", "Actions", "Row", "Apr", "May", "Jun"])],
        );
        assert_eq!(sheet_kind(&treatments), Some(SheetKind::Treatments));
        assert_eq!(find_header(&treatments, SheetKind::Assessment), None);
        let assessment = RawSheet::new(
            "Sheet3",
            vec![row(&["ID", "Asset", "Threat", "Vulnerability", "Likelihood", "Impact"]), row(&["R-1"])],
        );
        assert_eq!(sheet_kind(&assessment), Some(SheetKind::Assessment));
        let no_score = RawSheet::new("Sheet3", vec![row(&["ID", "Asset", "Threat", "Vulnerability"])]);
        assert_eq!(sheet_kind(&no_score), None);
    }

    #[test]
    fn sheet_kinds_by_name() {
        let named = |name: &str| sheet_kind(&RawSheet::new(name, vec![]));
        assert_eq!(named("情報セキュリティ目的"), Some(SheetKind::Objectives));
        assert_eq!(named("目的"), Some(SheetKind::Objectives));
        assert_eq!(named("Objectives"), Some(SheetKind::Objectives));
        assert_eq!(named("情報セキュリティ目的管理表"), Some(SheetKind::Objectives));
        assert_eq!(named("リスク対応計画"), Some(SheetKind::Treatments));
        assert_eq!(named("Risk treatment plan"), Some(SheetKind::Treatments));
        assert_eq!(named("リスク対応"), Some(SheetKind::Treatments));
        assert_eq!(named("リスク対応計画（2025年度）"), Some(SheetKind::Treatments));
        assert_eq!(named("リスクアセスメント"), Some(SheetKind::Assessment));
        assert_eq!(named("RISK ASSESSMENT"), Some(SheetKind::Assessment));
        assert_eq!(named("リスクアセスメント表"), Some(SheetKind::Assessment));
        assert_eq!(named("リスク評価"), Some(SheetKind::Assessment));
        assert_eq!(named("Sheet1"), None);
        assert_eq!(named("ismo"), None);
        // The ids sheet is never a kind, whatever it holds.
        let ids = RawSheet::new("ismo", vec![row(&["目的", "実施事項", "4月"])]);
        assert_eq!(sheet_kind(&ids), None);
        let same_cells = RawSheet::new("x", vec![row(&["目的", "実施事項", "4月"])]);
        assert_eq!(sheet_kind(&same_cells), Some(SheetKind::Objectives));
    }

    #[test]
    fn row_kinds() {
        for raw in ["計画", "予定", "Plan", "Planned", " 計 画 ", "PLAN"] {
            assert_eq!(row_kind(raw), Some(RowKind::Plan), "{raw}");
        }
        for raw in ["実施結果", "結果", "実績", "Result", "Results", "Done", "Actual", "実施\n結果"] {
            assert_eq!(row_kind(raw), Some(RowKind::Result), "{raw}");
        }
        for raw in ["", "計画中", "備考", "1"] {
            assert_eq!(row_kind(raw), None, "{raw}");
        }
    }

    #[test]
    fn totals_labels() {
        for raw in ["合計", "計", "小計", "総計", "Total", "Sum", "TOTAL", " 合　計 ", "合計："] {
            assert!(is_totals_label(raw), "{raw}");
        }
        for raw in ["", "計画", "1", "合計点", "R-001"] {
            assert!(!is_totals_label(raw), "{raw}");
        }
        let used: HashSet<String> = TOTALS_LABELS.iter().map(|l| label_key(l)).collect();
        assert!(!used.iter().any(|k| row_kind(k).is_some()));
    }
}
