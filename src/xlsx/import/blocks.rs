//! The blocks of the objectives and risk treatment sheets: each plan is a plan
//! row and (usually) a result row; consecutive blocks of one objective (or one
//! risk) form a group. Merged cells were already copied into every row they
//! cover, so merged and repeated layouts read alike.

use super::error::Problems;
use crate::domain::deadline::Deadline;
use crate::domain::invalid::Invalid;
use crate::domain::period::Period;
use crate::domain::text;
use crate::domain::written_deadline::WrittenDeadline;
use crate::xlsx::labels::{Column, Header, RowKind, is_totals_label, row_kind};
use crate::xlsx::read::{CellValue, RawSheet, cell_ref};

/// A cell's text (tidied, as free text is kept) and where it was read.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Cell {
    pub text: String,
    pub at: String,
}

impl Cell {
    pub fn opt(&self) -> Option<String> {
        (!self.text.is_empty()).then(|| self.text.clone())
    }
}

/// A sheet with its header: cells by column kind.
pub struct Table<'a> {
    pub sheet: &'a RawSheet,
    pub header: Header,
}

impl<'a> Table<'a> {
    pub fn name(&self) -> &str {
        &self.sheet.name
    }

    pub fn cell(&self, row: usize, column: Column) -> Cell {
        match self.header.col(column) {
            Some(col) => Cell { text: text::tidy(&self.sheet.get(row, col).as_text()), at: cell_ref(row, col) },
            None => Cell::default(),
        }
    }

    /// The raw value, for dates and numbers.
    pub fn value(&self, row: usize, column: Column) -> (&CellValue, String) {
        match self.header.col(column) {
            Some(col) => (self.sheet.get(row, col), cell_ref(row, col)),
            None => (&CellValue::Empty, String::new()),
        }
    }

    /// Whether every column the importer reads is blank on this row.
    fn blank(&self, row: usize) -> bool {
        let known = self.header.columns.values().chain(self.header.months.iter().map(|(c, _)| c));
        known.into_iter().all(|c| self.sheet.get(row, *c).is_blank())
    }

    /// A totals row: its first non-blank cell says 合計 / Total.
    fn totals(&self, row: usize) -> bool {
        (0..self.sheet.width())
            .map(|c| self.sheet.get(row, c))
            .find(|v| !v.is_blank())
            .is_some_and(|v| is_totals_label(&v.as_text()))
    }

    /// A deadline cell: a real date, an Excel serial, or any way people write
    /// one in `period` (`2026年3月末`, `令和8年3月31日`, `年度末`, `9月末`,
    /// `通年`); a cell that says none of these is reported.
    pub fn deadline(
        &self,
        row: usize,
        column: Column,
        period: Period,
        problems: &mut Problems,
    ) -> Option<WrittenDeadline> {
        let (value, at) = self.value(row, column);
        let read = match value {
            CellValue::Date(d) => Deadline::new(*d).map(WrittenDeadline::Date),
            CellValue::Number(n) => Deadline::from_excel_serial(*n).map(WrittenDeadline::Date),
            v if v.is_blank() => return None,
            v => WrittenDeadline::read(&v.as_text(), period),
        };
        read.map_err(|why| problems.add(self.name(), &at, why)).ok()
    }
}

/// One plan: its plan row and its result row, when there is one.
#[derive(Debug, Clone, PartialEq)]
pub struct Block {
    pub plan_row: usize,
    pub result_row: Option<usize>,
}

/// The blocks of one objective or one risk.
#[derive(Debug, Clone, PartialEq)]
pub struct Group {
    /// The objective's code or the risk's id, as the group's first block has it.
    pub key: Cell,
    pub blocks: Vec<Block>,
}

/// How a row says which group it belongs to.
pub enum Grouping {
    /// By the objective number in No.: `1`, then `1-2` or blank for its next plans.
    ObjectiveNumber,
    /// By the risk id: the same id (or blank) continues the risk.
    RiskId,
}

/// Reads the body below the header into groups of blocks. Blank rows and a
/// trailing totals row are skipped; a row whose 区分 says neither plan nor
/// result is reported.
pub fn groups(table: &Table, grouping: Grouping, problems: &mut Problems) -> Vec<Group> {
    let key_column = match grouping {
        Grouping::ObjectiveNumber => Column::No,
        Grouping::RiskId => Column::RiskId,
    };
    let mut groups: Vec<Group> = Vec::new();
    // The block whose result row may come next.
    let mut open: Option<usize> = None;
    for row in table.header.row + 1..table.sheet.height() {
        if table.blank(row) || table.totals(row) {
            continue;
        }
        let key = table.cell(row, key_column);
        let kind_cell = table.cell(row, Column::RowKind);
        let kind = if kind_cell.text.is_empty() {
            // No 区分: a row right after a plan row, with the same or no number, is its result.
            let same = groups.last().is_some_and(|g| key.text.is_empty() || text::normalize(&key.text) == last_key(g));
            if open.is_some() && same { RowKind::Result } else { RowKind::Plan }
        } else {
            match row_kind(&kind_cell.text) {
                Some(kind) => kind,
                None => {
                    // Read on as a plan row, so the rows after it are not misread too.
                    problems.add(table.name(), &kind_cell.at, Invalid::new("invalid-xlsx-row-kind"));
                    RowKind::Plan
                }
            }
        };
        match kind {
            RowKind::Result => match open.take() {
                Some(g) => {
                    if let Some(b) = groups[g].blocks.last_mut() {
                        b.result_row = Some(row);
                    }
                }
                None => {
                    let at = if kind_cell.at.is_empty() { cell_ref(row, 0) } else { kind_cell.at.clone() };
                    problems.add(table.name(), &at, Invalid::new("invalid-xlsx-result-without-plan"));
                }
            },
            RowKind::Plan => {
                let block = Block { plan_row: row, result_row: None };
                let continues = groups.last().is_some_and(|g| match grouping {
                    Grouping::ObjectiveNumber => continues_objective(&key.text, &g.key.text),
                    Grouping::RiskId => key.text.is_empty() || text::normalize(&key.text) == last_key(g),
                });
                if continues {
                    groups.last_mut().expect("checked above").blocks.push(block);
                } else if key.text.is_empty() {
                    let at = if key.at.is_empty() { cell_ref(row, 0) } else { key.at.clone() };
                    problems.add(table.name(), &at, Invalid::new("invalid-xlsx-key-missing"));
                    continue;
                } else {
                    groups.push(Group { key, blocks: vec![block] });
                }
                open = Some(groups.len() - 1);
            }
        }
    }
    groups
}

fn last_key(g: &Group) -> String {
    text::normalize(&g.key.text)
}

/// Whether a plan row numbered `number` is a further plan of the objective
/// numbered `current`: blank, the same number (No. merged over the whole
/// objective), or `current-2`, `current-3`….
fn continues_objective(number: &str, current: &str) -> bool {
    let number = text::normalize(number);
    let current = text::normalize(current);
    if number.is_empty() || number == current {
        return true;
    }
    number
        .strip_prefix(&current)
        .and_then(|rest| rest.strip_prefix('-'))
        .is_some_and(|n| !n.is_empty() && n.chars().all(|c| c.is_ascii_digit()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn further_plans_continue_their_objective() {
        assert!(continues_objective("1-2", "1"));
        assert!(continues_objective("１-３", "1"));
        assert!(continues_objective("", "1"));
        assert!(continues_objective("1", "1"));
        assert!(!continues_objective("2", "1"));
        assert!(!continues_objective("12", "1"));
        assert!(!continues_objective("1-x", "1"));
        assert!(continues_objective("OBJ-1-2", "OBJ-1"));
    }
}
