//! What an import could not read: the sheet, the cell and why, in the
//! catalog's words so it is shown in the reader's language.

use crate::domain::form::FieldErrors;
use crate::domain::invalid::Invalid;
use crate::i18n::Tr;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImportError {
    /// The sheet's name as the workbook has it; empty for the workbook as a whole.
    pub sheet: String,
    /// `H14`, or empty when the problem is not one cell's.
    pub cell: String,
    pub why: Invalid,
}

impl ImportError {
    pub fn at(sheet: &str, cell: &str, why: Invalid) -> Self {
        ImportError { sheet: sheet.to_string(), cell: cell.to_string(), why }
    }

    pub fn workbook(why: Invalid) -> Self {
        ImportError { sheet: String::new(), cell: String::new(), why }
    }

    /// `情報セキュリティ目的!H14: 日付は…`, the reason in the reader's language.
    pub fn message(&self, t: &Tr) -> String {
        let why = t.invalid(&self.why);
        match (self.sheet.is_empty(), self.cell.is_empty()) {
            (true, _) => why,
            (false, true) => format!("{}: {why}", self.sheet),
            (false, false) => format!("{}!{}: {why}", self.sheet, self.cell),
        }
    }
}

/// The errors found so far; reading goes on after one, so a person sees every
/// problem of the workbook at once.
#[derive(Debug, Default)]
pub struct Problems(pub Vec<ImportError>);

impl Problems {
    pub fn add(&mut self, sheet: &str, cell: &str, why: Invalid) {
        self.0.push(ImportError::at(sheet, cell, why));
    }

    /// A form's field errors, each at the cell its field was read from.
    pub fn fields(&mut self, sheet: &str, errors: &FieldErrors, cell_of: impl Fn(&str) -> String) {
        for field in errors.fields() {
            if let Some(why) = errors.get(field) {
                self.add(sheet, &cell_of(field), why.clone());
            }
        }
    }

    /// Ok with `value` when nothing went wrong.
    pub fn finish<T>(self, value: T) -> Result<T, Vec<ImportError>> {
        if self.0.is_empty() { Ok(value) } else { Err(self.0) }
    }
}
