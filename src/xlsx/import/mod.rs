//! Import of the management table from `.xlsx`: read every sheet into cell
//! grids (`read`), recognize the layout and read it in the sheet's terms
//! (`parse`), compare with the stored records (`diff`), and let the store
//! apply the result in one transaction. Anything unreadable is reported with
//! its sheet and cell, and then nothing is written.

mod blocks;
mod current;
mod deadline_reading;
mod diff;
mod error;
mod ids;
mod parse;
mod readings;

pub use current::Current;
pub use diff::Importer;
pub use error::ImportError;
pub use parse::SheetWorkbook;

use crate::domain::actor::Actor;
use crate::domain::import::ImportChanges;
use crate::domain::invalid::Invalid;
use crate::store::{Store, StoreError};
use crate::xlsx::read::read_workbook;

/// Why an import did not happen.
#[derive(Debug, thiserror::Error)]
pub enum ImportFailure {
    /// The workbook has problems; each says where and why.
    #[error("the workbook has {} problem(s)", .0.len())]
    Problems(Vec<ImportError>),
    #[error(transparent)]
    Store(#[from] StoreError),
}

/// Reads a workbook for an organization whose year starts in `start_month`,
/// for the period starting in `year` (or the one the workbook names).
pub fn read(bytes: &[u8], start_month: u32, year: Option<i32>) -> Result<SheetWorkbook, Vec<ImportError>> {
    let (book, problems) = read_with_problems(bytes, start_month, year)?;
    problems.finish(book)
}

/// The workbook and the problems of its cells found while reading it.
fn read_with_problems(
    bytes: &[u8],
    start_month: u32,
    year: Option<i32>,
) -> Result<(SheetWorkbook, error::Problems), Vec<ImportError>> {
    let sheets = read_workbook(bytes).map_err(|e| {
        vec![ImportError::workbook(Invalid::new("invalid-xlsx-unreadable").with("reason", e.to_string()))]
    })?;
    parse::parse(&sheets, start_month, year)
}

/// What importing `bytes` into `org` would change (the preview).
pub async fn prepare(
    store: &Store,
    org: i64,
    bytes: &[u8],
    year: Option<i32>,
    who: &Importer<'_>,
) -> Result<ImportChanges, ImportFailure> {
    let organization = store.organization(org).await?.ok_or(StoreError::NotFound)?;
    let (book, found) =
        read_with_problems(bytes, organization.fiscal_start_month, year).map_err(ImportFailure::Problems)?;
    let current = Current::load(store, org, book.period.start_year()).await?;
    diff::plan(&book, found, &current, who).map_err(ImportFailure::Problems)
}

/// Imports `bytes` into `org`: everything or, on any problem, nothing.
pub async fn import(
    store: &Store,
    org: i64,
    bytes: &[u8],
    year: Option<i32>,
    who: &Importer<'_>,
    actor: &Actor,
) -> Result<ImportChanges, ImportFailure> {
    let changes = prepare(store, org, bytes, year, who).await?;
    if !changes.is_empty() {
        store.apply_import(org, &changes, actor).await?;
    }
    Ok(changes)
}
