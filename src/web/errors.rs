//! Error pages in the user's language, filled in after the handler ran.

use askama::Template;
use axum::extract::Request;
use axum::http::StatusCode;
use axum::middleware::Next;
use axum::response::{Html, IntoResponse, Response};

use super::extract::lang_of;
use super::page::Chrome;
use crate::error::{AppError, ErrorPage};
use crate::i18n::Tr;

#[derive(Template)]
#[template(path = "error.html")]
struct ErrorView {
    t: Tr,
    chrome: Option<Chrome>,
    title: String,
    message: String,
}

/// Unknown URLs.
pub async fn not_found() -> AppError {
    AppError::NotFound
}

/// Replaces the empty body of an error response with a page that says what
/// happened and what to do.
pub async fn render_error_pages(req: Request, next: Next) -> Response {
    let t = Tr::new(lang_of(req.headers()));
    let response = next.run(req).await;
    let status = match response.extensions().get::<ErrorPage>() {
        Some(ErrorPage(status)) => *status,
        // The body-size layer answers by itself, without our marker.
        None if response.status() == StatusCode::PAYLOAD_TOO_LARGE => StatusCode::PAYLOAD_TOO_LARGE,
        None => return response,
    };
    let key = match status {
        StatusCode::NOT_FOUND => "error-not-found",
        StatusCode::BAD_REQUEST => "error-bad-request",
        StatusCode::PAYLOAD_TOO_LARGE => "error-too-large",
        _ => "error-internal",
    };
    let view = ErrorView {
        t,
        chrome: None,
        title: t.t(&format!("{key}-title")),
        message: t.t(&format!("{key}-body")),
    };
    match view.render() {
        Ok(body) => (status, Html(body)).into_response(),
        Err(_) => status.into_response(),
    }
}
