//! Writes a [`ManagementTable`] as the workbook of `shared/spec/management-table.md`:
//! the objectives sheet, the risk treatment plan, the risk assessment and a
//! hidden `ismo` sheet of ids for a round trip.
//!
//! Cells are first laid out on a [`Grid`] (value, row span, style), so that
//! column widths and row heights can be measured from every text before
//! anything is written: `autofit()` under-sizes Japanese text.

use rust_xlsxwriter::{ColNum, RowNum, Workbook, Worksheet, XlsxError};

use super::layout::{Formats, Grid, Value};
use super::model::{ManagementTable, PlanBlock};
use crate::domain::risk_level_words::LevelStyle;
use crate::domain::risk_method::{ATV_SCALE, RiskMethod};
use crate::domain::year_month::YearMonth;
use crate::i18n::Tr;

#[derive(Debug, thiserror::Error)]
pub enum ExportError {
    #[error("the workbook could not be written: {0}")]
    Xlsx(#[from] XlsxError),
}

/// The name of the machine-readable sheet, the same in every language.
pub const IDS_SHEET: &str = "ismo";

/// Paper size 8 is A3 in Excel's page set-up.
const A3: u8 = 8;

/// The workbook as `.xlsx` bytes.
pub fn write(table: &ManagementTable, t: &Tr) -> Result<Vec<u8>, ExportError> {
    let formats = Formats::new();
    let mut ids = Ids::default();
    let mut workbook = Workbook::new();
    // The default deflate: the fastest level saved 0.35 s of a 10,000-plan
    // export but nearly doubled the file (2.3 → 4.3 MB) people mail to auditors.
    // One sheet's grid at a time: each is dropped once its worksheet is made.
    workbook.push_worksheet(objectives_sheet(table, t, &mut ids).worksheet(&formats)?);
    workbook.push_worksheet(treatments_sheet(table, t, &mut ids).worksheet(&formats)?);
    workbook.push_worksheet(assessment_sheet(table, t, &mut ids).worksheet(&formats)?);
    workbook.push_worksheet(ids_sheet(table, &ids)?);
    Ok(workbook.save_to_buffer()?)
}

/// The management table's sheets, by the name a CSV download asks for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CsvSheet {
    Objectives,
    Treatments,
    Assessment,
}

impl CsvSheet {
    pub fn parse(raw: &str) -> Option<CsvSheet> {
        match raw {
            "objectives" => Some(CsvSheet::Objectives),
            "treatments" => Some(CsvSheet::Treatments),
            "assessment" => Some(CsvSheet::Assessment),
            _ => None,
        }
    }
}

/// One sheet as CSV (UTF-8 with a byte-order mark, so Japanese Excel opens
/// it right): the same rows as the workbook, merged cells repeated on each
/// of their rows.
pub fn csv(table: &ManagementTable, t: &Tr, which: CsvSheet) -> Vec<u8> {
    let mut ids = Ids::default();
    let sheet = match which {
        CsvSheet::Objectives => objectives_sheet(table, t, &mut ids),
        CsvSheet::Treatments => treatments_sheet(table, t, &mut ids),
        CsvSheet::Assessment => assessment_sheet(table, t, &mut ids),
    };
    sheet.grid.to_csv()
}

/// A sheet laid out in memory: its name, its cells, and where its panes freeze
/// (header row, first body row, first scrolling column).
struct SheetGrid {
    name: String,
    grid: Grid,
    freeze: (RowNum, RowNum, ColNum),
}

impl SheetGrid {
    fn worksheet(&self, f: &Formats) -> Result<Worksheet, ExportError> {
        let mut ws = Worksheet::new();
        ws.set_name(&self.name)?;
        self.grid.render(&mut ws, f)?;
        let (header, row, col) = self.freeze;
        page_setup(&mut ws, header, row, col)?;
        Ok(ws)
    }
}

/// The ids behind each block's first row: (sheet, 1-based row, kind, id, key),
/// the key being the number or code the row shows, so an importer can tell
/// when rows were moved since the export.
#[derive(Default)]
struct Ids(Vec<(String, u32, &'static str, i64, String)>);

impl Ids {
    fn add(&mut self, sheet: &str, row: RowNum, kind: &'static str, id: i64, key: &str) {
        self.0.push((sheet.to_string(), row + 1, kind, id, key.to_string()));
    }
}

fn objectives_sheet(table: &ManagementTable, t: &Tr, ids: &mut Ids) -> SheetGrid {
    let name = t.t("xlsx-sheet-objectives");
    let mut labels: Vec<String> = [
        "xlsx-col-no",
        "xlsx-col-input",
        "xlsx-col-objective",
        "xlsx-col-indicator",
        "xlsx-col-actions",
        "xlsx-col-resources",
        "xlsx-col-responsible",
        "xlsx-col-deadline",
        "xlsx-col-evaluation-method",
        "xlsx-col-row",
    ]
    .iter()
    .map(|k| t.t(k))
    .collect();
    labels.extend(table.month_labels.iter().cloned());
    labels.extend([t.t("xlsx-col-evaluation"), t.t("xlsx-col-notes")]);
    let mut g = Grid::new(labels.len(), 10);
    g.title(0, t.t("xlsx-objectives-title"));
    g.plain(1, heading(table, t));
    g.header(3, labels);
    let mut row: RowNum = 4;
    for o in &table.objectives {
        let blocks = blocks(&o.plans);
        let last = row + 2 * blocks.len() as RowNum - 1;
        ids.add(&name, row, "objective", o.id, &o.code);
        g.span(row, last, 1, Value::text(&o.input));
        g.span(row, last, 2, Value::text(&o.title));
        g.span(row, last, 3, Value::text(&o.indicators));
        for (i, plan) in blocks.iter().enumerate() {
            let r = row + 2 * i as RowNum;
            let number = plan.map_or(o.code.as_str(), |p| p.number.as_str());
            if let Some(p) = plan {
                ids.add(&name, r, "plan", p.id, number);
            }
            g.span(r, r + 1, 0, Value::text(number));
            plan_block(&mut g, t, r, *plan, 4, 9);
            g.span(r, r + 1, 23, Value::blank());
        }
        row = last + 1;
    }
    SheetGrid { name, grid: g, freeze: (3, 4, 10) }
}

fn treatments_sheet(table: &ManagementTable, t: &Tr, ids: &mut Ids) -> SheetGrid {
    let name = t.t("xlsx-sheet-treatments");
    let mut labels: Vec<String> = [
        "xlsx-col-no",
        "xlsx-col-risk-id",
        "xlsx-col-asset",
        "xlsx-col-threat",
        "xlsx-col-vulnerability",
        "xlsx-col-score",
        "xlsx-col-option",
        "xlsx-col-controls",
        "xlsx-col-input",
        "xlsx-col-actions",
        "xlsx-col-resources",
        "xlsx-col-responsible",
        "xlsx-col-deadline",
        "xlsx-col-evaluation-method",
        "xlsx-col-residual",
        "xlsx-col-row",
    ]
    .iter()
    .map(|k| t.t(k))
    .collect();
    labels.extend(table.month_labels.iter().cloned());
    labels.extend([t.t("xlsx-col-evaluation"), t.t("xlsx-col-approval")]);
    let mut g = Grid::new(labels.len(), 16);
    g.title(0, t.t("xlsx-treatments-title"));
    let criterion = t.ta("xlsx-criterion", &[("criterion", table.settings.criterion.to_string())]);
    g.plain(1, t.ta("xlsx-heading-more", &[("heading", heading(table, t)), ("more", criterion)]));
    g.header(3, labels);
    let mut row: RowNum = 4;
    for (n, tb) in table.treatments.iter().enumerate() {
        let blocks = blocks(&tb.plans);
        let last = row + 2 * blocks.len() as RowNum - 1;
        ids.add(&name, row, "treatment", tb.treatment.id, &tb.risk.code);
        ids.add(&name, row, "risk", tb.risk.id, &tb.risk.code);
        let risk = &tb.risk;
        g.span(row, last, 1, Value::text(&risk.code));
        g.span(row, last, 2, Value::text(&risk.asset));
        g.span(row, last, 3, Value::text(&risk.threat));
        g.span(row, last, 4, Value::text(&risk.vulnerability));
        g.span(row, last, 5, Value::number(risk.score));
        g.span(row, last, 6, Value::text(&tb.option));
        g.span(row, last, 7, Value::text(&tb.treatment.controls.join(", ")));
        g.span(row, last, 8, Value::text(tb.treatment.input.as_deref().unwrap_or_default()));
        g.span(row, last, 14, Value::number(tb.treatment.target_residual));
        g.span(row, last, 29, Value::text(&tb.approval));
        for (i, plan) in blocks.iter().enumerate() {
            let r = row + 2 * i as RowNum;
            let number = if i == 0 { (n + 1).to_string() } else { format!("{}-{}", n + 1, i + 1) };
            if let Some(p) = plan {
                ids.add(&name, r, "plan", p.id, &number);
            }
            g.span(r, r + 1, 0, Value::Text(number));
            plan_block(&mut g, t, r, *plan, 9, 15);
        }
        row = last + 1;
    }
    SheetGrid { name, grid: g, freeze: (3, 4, 16) }
}

fn assessment_sheet(table: &ManagementTable, t: &Tr, ids: &mut Ids) -> SheetGrid {
    let name = t.t("xlsx-sheet-assessment");
    let atv = table.settings.method == RiskMethod::AssetThreatVulnerability;
    let keys: &[&str] = if atv {
        &[
            "xlsx-col-risk-id",
            "xlsx-col-asset",
            "xlsx-col-asset-owner",
            "xlsx-col-confidentiality",
            "xlsx-col-integrity",
            "xlsx-col-availability",
            "xlsx-col-asset-value",
            "xlsx-col-threat",
            "xlsx-col-vulnerability",
            "xlsx-col-existing-controls",
            "xlsx-col-threat-level",
            "xlsx-col-vulnerability-level",
            "xlsx-col-score",
            "xlsx-col-criterion",
            "xlsx-col-needs-treatment",
        ]
    } else {
        &[
            "xlsx-col-risk-id",
            "xlsx-col-asset",
            "xlsx-col-asset-owner",
            "xlsx-col-threat",
            "xlsx-col-vulnerability",
            "xlsx-col-existing-controls",
            "xlsx-col-likelihood",
            "xlsx-col-impact",
            "xlsx-col-score",
            "xlsx-col-criterion",
            "xlsx-col-needs-treatment",
        ]
    };
    let mut g = Grid::new(keys.len(), keys.len());
    let method = t.t(table.settings.method.label_key());
    g.title(0, t.ta("xlsx-assessment-title", &[("method", method)]));
    g.header(2, keys.iter().map(|k| t.t(k)).collect());
    let needs = t.t("xlsx-needs-treatment-yes");
    let style = table.settings.level_style;
    // A level as the organization writes it: a number, or its word as text.
    let level = |v: Option<u8>, scale: u8| match style {
        LevelStyle::Numbers => Value::number(v),
        LevelStyle::Words => Value::Text(t.level(style, v, scale)),
    };
    let li = table.settings.levels;
    for (i, line) in table.risks.iter().enumerate() {
        let r = 3 + i as RowNum;
        let risk = &line.risk;
        ids.add(&name, r, "risk", risk.id, &risk.code);
        let inputs = &risk.inputs;
        let mut values = vec![
            Value::text(&risk.code),
            Value::text(&risk.asset),
            Value::text(risk.asset_owner.as_deref().unwrap_or_default()),
        ];
        if atv {
            values.extend([
                level(inputs.confidentiality, ATV_SCALE),
                level(inputs.integrity, ATV_SCALE),
                level(inputs.availability, ATV_SCALE),
                level(line.asset_value, ATV_SCALE),
            ]);
        }
        values.extend([
            Value::text(&risk.threat),
            Value::text(&risk.vulnerability),
            Value::text(risk.existing_controls.as_deref().unwrap_or_default()),
        ]);
        if atv {
            values.extend([level(inputs.threat, ATV_SCALE), level(inputs.vulnerability, ATV_SCALE)]);
        } else {
            values.extend([level(inputs.likelihood, li), level(inputs.impact, li)]);
        }
        values.extend([
            Value::number(risk.score),
            Value::number(Some(table.settings.criterion)),
            Value::text(if risk.needs_treatment { needs.as_str() } else { "" }),
        ]);
        for (c, v) in values.into_iter().enumerate() {
            g.span(r, r, c as ColNum, v);
        }
    }
    SheetGrid { name, grid: g, freeze: (2, 3, 2) }
}

/// `sheet, row, kind, id`, then the period, the organization and the risk
/// settings: what makes a round trip exact. Hidden; people ignore it.
fn ids_sheet(table: &ManagementTable, ids: &Ids) -> Result<Worksheet, ExportError> {
    let mut ws = Worksheet::new();
    ws.set_name(IDS_SHEET)?;
    for (c, label) in ["sheet", "row", "kind", "id", "key"].iter().enumerate() {
        ws.write_string(0, c as ColNum, *label)?;
    }
    let mut r: RowNum = 1;
    for (sheet, row, kind, id, key) in &ids.0 {
        ws.write_string(r, 0, sheet)?;
        ws.write_number(r, 1, *row)?;
        ws.write_string(r, 2, *kind)?;
        ws.write_number(r, 3, *id as f64)?;
        ws.write_string(r, 4, key)?;
        r += 1;
    }
    let first = table.period.months()[0];
    let s = &table.settings;
    let settings = [
        ("period", format!("{:04}-{:02}", first.year(), first.month())),
        ("org", table.org_name.clone()),
        ("risk_method", s.method.as_str().to_string()),
        ("risk_levels", s.levels.to_string()),
        ("risk_criterion", s.criterion.to_string()),
        ("risk_comparison", s.comparison.as_str().to_string()),
    ];
    for (kind, value) in settings {
        ws.write_string(r, 2, kind)?;
        ws.write_string(r, 3, value)?;
        r += 1;
    }
    ws.set_column_width(0, 24)?;
    ws.set_column_width(3, 24)?;
    ws.set_hidden(true);
    Ok(ws)
}

/// One block per plan; an owner without plans still gets one, empty.
fn blocks(plans: &[PlanBlock]) -> Vec<Option<&PlanBlock>> {
    if plans.is_empty() { vec![None] } else { plans.iter().map(Some).collect() }
}

/// A plan's cells from row `r`: actions, resources, responsible, deadline and
/// evaluation method from column `first`, merged over the two rows; the row
/// kind in `kind`, the twelve months after it and the evaluation after those.
fn plan_block(g: &mut Grid, t: &Tr, r: RowNum, p: Option<&PlanBlock>, first: ColNum, kind: ColNum) {
    let text = |get: fn(&PlanBlock) -> &str| Value::text(p.map(get).unwrap_or_default());
    g.span(r, r + 1, first, text(|p| &p.actions));
    g.span(r, r + 1, first + 1, text(|p| &p.resources));
    g.span(r, r + 1, first + 2, text(|p| &p.responsible));
    // A date goes out as a date; words that name none go back as written.
    let deadline = match p {
        Some(PlanBlock { deadline_text: Some(words), .. }) => Value::text(words),
        Some(PlanBlock { deadline: Some(d), .. }) => Value::Date(*d),
        _ => Value::blank(),
    };
    g.span(r, r + 1, first + 3, deadline);
    g.span(r, r + 1, first + 4, text(|p| &p.evaluation_method));
    g.span(r, r, kind, Value::Text(t.t("xlsx-row-plan")));
    g.span(r + 1, r + 1, kind, Value::Text(t.t("xlsx-row-result")));
    for m in 0..12 {
        let (planned, result) = p.and_then(|p| p.months.get(m)).map_or(("", ""), |(a, b)| (a.as_str(), b.as_str()));
        g.span(r, r, kind + 1 + m as ColNum, Value::text(planned));
        g.span(r + 1, r + 1, kind + 1 + m as ColNum, Value::text(result));
    }
    g.span(r, r + 1, kind + 13, text(|p| &p.evaluation));
}

/// `株式会社サンプル　　対象期間: 2025年4月～2026年3月`.
fn heading(table: &ManagementTable, t: &Tr) -> String {
    let months = table.period.months();
    let ym = |m: &YearMonth| t.ta("xlsx-year-month", &[("year", m.year().to_string()), ("month", t.month(m))]);
    let period = t.ta("xlsx-period", &[("from", ym(&months[0])), ("to", ym(&months[11]))]);
    t.ta("xlsx-heading-more", &[("heading", table.org_name.clone()), ("more", period)])
}

/// A3 landscape, one page wide, the rows down to the header repeated, and
/// panes frozen below the header and left of `freeze_col`.
fn page_setup(ws: &mut Worksheet, header_row: RowNum, freeze_row: RowNum, freeze_col: ColNum) -> Result<(), XlsxError> {
    ws.set_paper_size(A3).set_landscape().set_print_fit_to_pages(1, 0);
    ws.set_repeat_rows(0, header_row)?;
    ws.set_freeze_panes(freeze_row, freeze_col)?;
    Ok(())
}
