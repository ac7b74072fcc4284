//! Static files, embedded in the binary: one file to deploy, nothing from a CDN.

use axum::extract::Path;
use axum::http::header::{CACHE_CONTROL, CONTENT_TYPE};
use axum::response::{IntoResponse, Response};

use crate::error::AppError;

const FILES: &[(&str, &str, &str)] = &[
    ("app.css", "text/css; charset=utf-8", include_str!("../../static/app.css")),
    ("app.js", "text/javascript; charset=utf-8", include_str!("../../static/app.js")),
    ("report.css", "text/css; charset=utf-8", include_str!("../../static/report.css")),
    ("grid.js", "text/javascript; charset=utf-8", include_str!("../../static/grid.js")),
    // htmx 2.0.x from the npm registry (package htmx.org), vendored unchanged.
    ("htmx.min.js", "text/javascript; charset=utf-8", include_str!("../../static/htmx.min.js")),
];

pub async fn serve(Path(file): Path<String>) -> Result<Response, AppError> {
    let (_, content_type, body) = FILES.iter().find(|(name, _, _)| *name == file).ok_or(AppError::NotFound)?;
    Ok(([(CONTENT_TYPE, *content_type), (CACHE_CONTROL, "public, max-age=3600")], *body).into_response())
}
