//! The management table (情報セキュリティ目的管理表・リスク対応計画) as an
//! Excel workbook, in the layout of `shared/spec/management-table.md`.
//! `model` gathers what the sheets show; `export` writes it. For import,
//! `read` turns an uploaded workbook into plain cell grids and `labels`
//! recognizes its sheets, header labels, month headers and row kinds.

pub mod cells;
pub mod export;
pub mod forge;
pub mod import;
pub mod labels;
mod layout;
pub mod model;
pub mod read;
pub mod screen;
pub mod zip_write;
