//! The workbook read into the sheet's own terms — objectives with their plan
//! blocks, treatments, risks, the `ismo` sheet — each value with the cell it
//! came from. Nothing here knows the stored records; `diff` compares.

use super::blocks::{Block, Cell, Group, Grouping, Table, groups};
use super::error::{ImportError, Problems};
use super::ids::IdsSheet;
use crate::domain::invalid::Invalid;
use crate::domain::period::Period;
use crate::domain::risk_method::{RiskInputsForm, RiskMethod};
use crate::domain::text;
use crate::domain::written_deadline::WrittenDeadline;
use crate::xlsx::labels::{Column, SheetKind, find_header, sheet_kind};
use crate::xlsx::read::{RawSheet, cell_ref};

/// The longest planned or result text of a month, as the grid's form allows.
const MONTH_TEXT: usize = 500;

/// A plan block as the sheet shows it.
#[derive(Debug, Clone, PartialEq)]
pub struct SheetPlan {
    /// The sheet's 1-based row of the plan row (for the `ismo` sheet).
    pub row: u32,
    pub number: Cell,
    pub actions: Cell,
    pub resources: Cell,
    pub responsible: Cell,
    /// The deadline as read, with the date it stands for.
    pub deadline: Option<WrittenDeadline>,
    /// The deadline cell's words and where they are, for the preview and errors.
    pub deadline_cell: Cell,
    pub evaluation_method: Cell,
    /// (planned, result) for each month of the period, blank where the sheet has none.
    pub months: Vec<(String, String)>,
    /// Where each month's result was read (`M6`), blank where the block has no result row.
    pub result_at: Vec<String>,
    pub evaluation: Cell,
}

impl SheetPlan {
    /// A block with nothing in it: what the export writes for an objective
    /// (or treatment) that has no plan yet.
    pub fn is_blank(&self) -> bool {
        [&self.actions, &self.resources, &self.responsible, &self.evaluation_method, &self.evaluation]
            .iter()
            .all(|c| c.text.is_empty())
            && self.deadline.is_none()
            && self.months.iter().all(|(a, b)| a.is_empty() && b.is_empty())
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct SheetObjective {
    pub row: u32,
    pub code: Cell,
    pub input: Cell,
    pub title: Cell,
    pub indicators: Cell,
    pub plans: Vec<SheetPlan>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct SheetTreatment {
    pub row: u32,
    pub risk_code: Cell,
    pub asset: Cell,
    pub threat: Cell,
    pub vulnerability: Cell,
    pub option: Cell,
    pub controls: Cell,
    pub input: Cell,
    pub residual: Cell,
    pub approval: Cell,
    pub plans: Vec<SheetPlan>,
}

/// A row of the risk assessment, with the levels as typed.
#[derive(Debug, Clone)]
pub struct SheetRisk {
    pub row: u32,
    pub code: Cell,
    pub asset: Cell,
    pub asset_owner: Cell,
    pub threat: Cell,
    pub vulnerability: Cell,
    pub existing_controls: Cell,
    pub levels: RiskInputsForm,
    /// Where each level was read, by the form's field name.
    pub level_cells: Vec<(&'static str, String)>,
}

/// The workbook in the sheet's terms.
#[derive(Debug, Clone)]
pub struct SheetWorkbook {
    pub period: Period,
    pub objectives_sheet: String,
    pub treatments_sheet: String,
    pub assessment_sheet: String,
    pub objectives: Vec<SheetObjective>,
    pub treatments: Vec<SheetTreatment>,
    pub risks: Vec<SheetRisk>,
    /// The method the assessment's columns show, and its criterion column's value.
    pub method: Option<RiskMethod>,
    pub criterion: Option<u32>,
    /// The cell that states the criterion (its column's heading when no row does).
    pub criterion_at: String,
    pub ids: IdsSheet,
}

/// Reads the sheets of a workbook for the period starting in `start_month`
/// of `year` (or of the year the workbook names when `year` is `None`).
///
/// The workbook comes back with the problems found in its cells, so that the
/// comparison can add its own and a person sees them all at once; only a
/// workbook that cannot be read at all is an error.
pub fn parse(
    sheets: &[RawSheet],
    start_month: u32,
    year: Option<i32>,
) -> Result<(SheetWorkbook, Problems), Vec<ImportError>> {
    let ids = sheets.iter().find(|s| s.name == crate::xlsx::export::IDS_SHEET).map(IdsSheet::read).unwrap_or_default();
    let mut p = Problems::default();
    let find = |kind: SheetKind| {
        sheets.iter().filter(|s| s.name != crate::xlsx::export::IDS_SHEET).find(|s| sheet_kind(s) == Some(kind))
    };
    let (objectives, treatments, assessment) =
        (find(SheetKind::Objectives), find(SheetKind::Treatments), find(SheetKind::Assessment));
    if objectives.is_none() && treatments.is_none() && assessment.is_none() {
        return Err(vec![ImportError::workbook(Invalid::new("invalid-xlsx-no-sheets"))]);
    }
    let tables: Vec<(SheetKind, Table)> = [objectives, treatments, assessment]
        .into_iter()
        .zip([SheetKind::Objectives, SheetKind::Treatments, SheetKind::Assessment])
        .filter_map(|(sheet, kind)| {
            let sheet = sheet?;
            match find_header(sheet, kind) {
                Some(header) => Some((kind, Table { sheet, header })),
                None => {
                    p.add(&sheet.name, "", Invalid::new("invalid-xlsx-no-header"));
                    None
                }
            }
        })
        .collect();
    let year = year.or(ids.period_year(start_month)).or_else(|| {
        tables
            .iter()
            .find_map(|(_, t)| year_in_heading(t.sheet, t.header.row).or_else(|| year_of_months(t, start_month)))
    });
    let Some(year) = year else {
        p.0.push(ImportError::workbook(Invalid::new("invalid-xlsx-period-unknown")));
        return Err(p.0);
    };
    let period = match Period::new(year, start_month) {
        Ok(period) => period,
        Err(why) => return Err(vec![ImportError::workbook(why)]),
    };
    let mut book = SheetWorkbook {
        period,
        objectives_sheet: objectives.map(|s| s.name.clone()).unwrap_or_default(),
        treatments_sheet: treatments.map(|s| s.name.clone()).unwrap_or_default(),
        assessment_sheet: assessment.map(|s| s.name.clone()).unwrap_or_default(),
        objectives: Vec::new(),
        treatments: Vec::new(),
        risks: Vec::new(),
        method: None,
        criterion: None,
        criterion_at: String::new(),
        ids,
    };
    for (kind, table) in &tables {
        match kind {
            SheetKind::Objectives => book.objectives = read_objectives(table, &period, &mut p),
            SheetKind::Treatments => book.treatments = read_treatments(table, &period, &mut p),
            SheetKind::Assessment => {
                book.method = method_of(table);
                (book.criterion, book.criterion_at) = criterion_of(table);
                book.risks = read_risks(table);
            }
        }
    }
    Ok((book, p))
}

/// The year after `期間` / `Period` in the title rows: `対象期間: 2025年4月～2026年3月`.
fn year_in_heading(sheet: &RawSheet, header_row: usize) -> Option<i32> {
    for row in 0..header_row.min(5) {
        for col in 0..sheet.width().min(30) {
            let lower = text::normalize(&sheet.get(row, col).as_text()).to_lowercase();
            let Some(after) = ["期間", "period"].iter().find_map(|label| lower.find(label).map(|i| &lower[i..]))
            else {
                continue;
            };
            let digits: String =
                after.chars().skip_while(|c| !c.is_ascii_digit()).take_while(char::is_ascii_digit).collect();
            if digits.len() == 4 {
                return digits.parse().ok();
            }
        }
    }
    None
}

/// The start year from month headers that carry a year (`2025年4月`, a date).
fn year_of_months(table: &Table, start_month: u32) -> Option<i32> {
    let (_, first) = table.header.months.first()?;
    let year = first.year?;
    Some(if first.month >= start_month { year } else { year - 1 })
}

/// Which month of the period each month column holds; a month outside the
/// period, or twice, is reported at its header cell.
fn month_columns(table: &Table, period: &Period, p: &mut Problems) -> Vec<(usize, usize)> {
    let months = period.months();
    let mut out: Vec<(usize, usize)> = Vec::new();
    for (col, header) in &table.header.months {
        let index = months.iter().position(|m| m.month() == header.month && header.year.is_none_or(|y| y == m.year()));
        let at = cell_ref(table.header.row, *col);
        match index {
            Some(i) if out.iter().all(|(_, j)| *j != i) => out.push((*col, i)),
            Some(_) => p.add(table.name(), &at, Invalid::new("invalid-xlsx-month-twice")),
            None => {
                p.add(table.name(), &at, Invalid::new("invalid-xlsx-month-outside").with("period", period.start_year()))
            }
        }
    }
    out
}

fn plan_of(
    table: &Table,
    block: &Block,
    period: Period,
    months: &[(usize, usize)],
    number: Cell,
    p: &mut Problems,
) -> SheetPlan {
    let r = block.plan_row;
    let mut cells = vec![(String::new(), String::new()); 12];
    let mut result_at = vec![String::new(); 12];
    // A month's text as the grid takes it (at most MONTH_TEXT characters), else reported at its cell.
    let mut month_text = |row: usize, col: usize| match text::optional(&table.sheet.get(row, col).as_text(), MONTH_TEXT)
    {
        Ok(t) => t.unwrap_or_default(),
        Err(why) => {
            p.add(table.name(), &cell_ref(row, col), why);
            String::new()
        }
    };
    for (col, i) in months {
        cells[*i].0 = month_text(r, *col);
        if let Some(result) = block.result_row {
            cells[*i].1 = month_text(result, *col);
            result_at[*i] = cell_ref(result, *col);
        }
    }
    SheetPlan {
        row: r as u32 + 1,
        number,
        actions: table.cell(r, Column::Actions),
        resources: table.cell(r, Column::Resources),
        responsible: table.cell(r, Column::Responsible),
        deadline: table.deadline(r, Column::Deadline, period, p),
        deadline_cell: table.cell(r, Column::Deadline),
        evaluation_method: table.cell(r, Column::EvaluationMethod),
        months: cells,
        result_at,
        evaluation: table.cell(r, Column::Evaluation),
    }
}

fn read_objectives(table: &Table, period: &Period, p: &mut Problems) -> Vec<SheetObjective> {
    read_groups(table, period, Grouping::ObjectiveNumber, p, |first, code, plans| SheetObjective {
        row: first as u32 + 1,
        code,
        input: table.cell(first, Column::Input),
        title: table.cell(first, Column::Objective),
        indicators: table.cell(first, Column::Indicator),
        plans,
    })
}

fn read_treatments(table: &Table, period: &Period, p: &mut Problems) -> Vec<SheetTreatment> {
    read_groups(table, period, Grouping::RiskId, p, |first, risk_code, plans| SheetTreatment {
        row: first as u32 + 1,
        risk_code,
        asset: table.cell(first, Column::Asset),
        threat: table.cell(first, Column::Threat),
        vulnerability: table.cell(first, Column::Vulnerability),
        option: table.cell(first, Column::Option),
        controls: table.cell(first, Column::Controls),
        input: table.cell(first, Column::Input),
        residual: table.cell(first, Column::Residual),
        approval: table.cell(first, Column::Approval),
        plans,
    })
}

/// The groups of plan blocks of an objectives or treatments sheet, each made
/// into a record by `make` from its first row, its key and its plans.
fn read_groups<T>(
    table: &Table,
    period: &Period,
    grouping: Grouping,
    p: &mut Problems,
    make: impl Fn(usize, Cell, Vec<SheetPlan>) -> T,
) -> Vec<T> {
    let months = month_columns(table, period, p);
    let groups: Vec<Group> = groups(table, grouping, p);
    groups
        .iter()
        .map(|g| {
            let first = g.blocks[0].plan_row;
            let plans = g
                .blocks
                .iter()
                .map(|b| plan_of(table, b, *period, &months, table.cell(b.plan_row, Column::No), p))
                .filter(|plan| !plan.is_blank())
                .collect();
            make(first, Cell { text: text::normalize(&g.key.text), at: g.key.at.clone() }, plans)
        })
        .collect()
}

fn method_of(table: &Table) -> Option<RiskMethod> {
    let has = |c: Column| table.header.col(c).is_some();
    if has(Column::ThreatLevel) && (has(Column::Confidentiality) || has(Column::AssetValue)) {
        Some(RiskMethod::AssetThreatVulnerability)
    } else if has(Column::Likelihood) && has(Column::Impact) {
        Some(RiskMethod::LikelihoodImpact)
    } else {
        None
    }
}

/// The acceptance criterion the sheet states (the first number in its
/// column), and the cell it is in (the heading's when no row has one).
fn criterion_of(table: &Table) -> (Option<u32>, String) {
    let Some(col) = table.header.col(Column::Criterion) else { return (None, String::new()) };
    let stated = (table.header.row + 1..table.sheet.height())
        .map(|r| (r, text::normalize(&table.sheet.get(r, col).as_text())))
        .find(|(_, v)| !v.is_empty());
    match stated {
        Some((r, v)) => (v.parse().ok(), cell_ref(r, col)),
        None => (None, cell_ref(table.header.row, col)),
    }
}

fn read_risks(table: &Table) -> Vec<SheetRisk> {
    let level_columns: [(&'static str, Column); 8] = [
        ("confidentiality", Column::Confidentiality),
        ("integrity", Column::Integrity),
        ("availability", Column::Availability),
        ("asset_value", Column::AssetValue),
        ("threat_level", Column::ThreatLevel),
        ("vulnerability_level", Column::VulnerabilityLevel),
        ("likelihood", Column::Likelihood),
        ("impact", Column::Impact),
    ];
    let mut risks = Vec::new();
    for row in table.header.row + 1..table.sheet.height() {
        let code = table.cell(row, Column::RiskId);
        let asset = table.cell(row, Column::Asset);
        let threat = table.cell(row, Column::Threat);
        if code.text.is_empty() && asset.text.is_empty() && threat.text.is_empty() {
            continue;
        }
        if crate::xlsx::labels::is_totals_label(&code.text) {
            continue;
        }
        let level = |c: Column| text::normalize(&table.cell(row, c).text);
        let levels = RiskInputsForm {
            likelihood: level(Column::Likelihood),
            impact: level(Column::Impact),
            asset_value: level(Column::AssetValue),
            confidentiality: level(Column::Confidentiality),
            integrity: level(Column::Integrity),
            availability: level(Column::Availability),
            threat_level: level(Column::ThreatLevel),
            vulnerability_level: level(Column::VulnerabilityLevel),
        };
        let level_cells = level_columns.iter().map(|(field, c)| (*field, table.cell(row, *c).at)).collect();
        risks.push(SheetRisk {
            row: row as u32 + 1,
            code: Cell { text: text::normalize(&code.text), at: code.at },
            asset,
            asset_owner: table.cell(row, Column::AssetOwner),
            threat,
            vulnerability: table.cell(row, Column::Vulnerability),
            existing_controls: table.cell(row, Column::ExistingControls),
            levels,
            level_cells,
        });
    }
    risks
}
