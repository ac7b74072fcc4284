//! Downloading the management table as .xlsx (auditors may export too).

use axum::extract::RawQuery;
use axum::http::header::{CONTENT_DISPOSITION, CONTENT_TYPE};
use axum::response::{IntoResponse, Response};
use serde::Deserialize;

use super::extract::Ctx;
use crate::error::{AppError, AppResult};
use crate::i18n::{Lang, Tr};
use crate::xlsx::export::CsvSheet;
use crate::xlsx::model::ManagementTable;

#[derive(Deserialize, Default)]
#[serde(default)]
struct ExportQuery {
    period: Option<String>,
    /// The labels' language; the page's language when absent.
    lang: String,
    /// For CSV: `objectives`, `treatments` or `assessment`.
    sheet: String,
}

pub async fn xlsx(ctx: Ctx, RawQuery(raw): RawQuery) -> AppResult<Response> {
    let query: ExportQuery = serde_html_form::from_str(raw.as_deref().unwrap_or("")).unwrap_or_default();
    let year = ctx.period_param(query.period.as_deref());
    let t = Lang::parse(&query.lang).map(Tr::new).unwrap_or(ctx.t);
    let table = ManagementTable::load(&ctx.store, ctx.org.id, year, &t).await?.ok_or(AppError::NotFound)?;
    let bytes = crate::xlsx::export::write(&table, &t).map_err(|e| AppError::Internal(e.to_string()))?;
    // An ASCII file name, and the Japanese one for browsers that read RFC 5987.
    let disposition = format!(
        "attachment; filename=\"ismo-FY{year}.xlsx\"; filename*=UTF-8''{}",
        percent(&format!("{}_FY{year}.xlsx", t.t("export-file-name")))
    );
    Ok((
        [
            (CONTENT_TYPE, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet".to_string()),
            (CONTENT_DISPOSITION, disposition),
        ],
        bytes,
    )
        .into_response())
}

/// Percent-encodes everything but unreserved ASCII (RFC 3986).
fn percent(s: &str) -> String {
    s.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' => (b as char).to_string(),
            _ => format!("%{b:02X}"),
        })
        .collect()
}

/// One sheet of the management table as CSV (UTF-8 with BOM).
pub async fn csv(ctx: Ctx, RawQuery(raw): RawQuery) -> AppResult<Response> {
    let query: ExportQuery = serde_html_form::from_str(raw.as_deref().unwrap_or("")).unwrap_or_default();
    // Without a choice, the first sheet; an unknown one does not exist.
    let name = if query.sheet.is_empty() { "objectives" } else { query.sheet.as_str() };
    let which = CsvSheet::parse(name).ok_or(AppError::NotFound)?;
    let year = ctx.period_param(query.period.as_deref());
    let t = Lang::parse(&query.lang).map(Tr::new).unwrap_or(ctx.t);
    let table = ManagementTable::load(&ctx.store, ctx.org.id, year, &t).await?.ok_or(AppError::NotFound)?;
    let disposition = format!("attachment; filename=\"ismo-FY{year}-{name}.csv\"");
    Ok((
        [(CONTENT_TYPE, "text/csv; charset=utf-8".to_string()), (CONTENT_DISPOSITION, disposition)],
        crate::xlsx::export::csv(&table, &t, which),
    )
        .into_response())
}
