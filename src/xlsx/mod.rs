//! The management table (情報セキュリティ目的管理表・リスク対応計画) as an
//! Excel workbook, in the layout of `shared/spec/management-table.md`.
//! `model` gathers what the sheets show; `export` writes it.

pub mod export;
mod layout;
pub mod model;
