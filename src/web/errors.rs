//! Error pages in the user's language, filled in after the handler ran.

use askama::Template;
use axum::body::Body;
use axum::extract::Request;
use axum::http::header::{CONTENT_LENGTH, CONTENT_TYPE};
use axum::http::{HeaderValue, StatusCode};
use axum::middleware::Next;
use axum::response::Response;

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
    let status = response.status();
    let key = match response.extensions().get::<ErrorPage>() {
        Some(ErrorPage(key)) => format!("error-{key}"),
        // The body-size layer answers by itself, without our marker.
        None if status == StatusCode::PAYLOAD_TOO_LARGE => "error-too-large".to_string(),
        None => return response,
    };
    let view = ErrorView { t, chrome: None, title: t.t(&format!("{key}-title")), message: t.t(&format!("{key}-body")) };
    // Keep the original headers (security headers, cookies); replace the body.
    let (mut parts, _) = response.into_parts();
    match view.render() {
        Ok(body) => {
            parts.headers.remove(CONTENT_LENGTH);
            parts.headers.insert(CONTENT_TYPE, HeaderValue::from_static("text/html; charset=utf-8"));
            Response::from_parts(parts, Body::from(body))
        }
        Err(_) => Response::from_parts(parts, Body::empty()),
    }
}
