//! Application errors and how they reach people: a page in their language on
//! the web, a sentence on the command line. Never a stack trace or raw SQL.

use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};

use crate::store::StoreError;

#[derive(Debug, thiserror::Error)]
pub enum AppError {
    /// Unknown id, another organization's id, or an unknown URL: all look the same.
    #[error("not found")]
    NotFound,
    /// A request no form of ours would send (unreadable body, wrong encoding).
    #[error("bad request")]
    BadRequest,
    /// Logged in and a member, but the role does not allow this.
    #[error("forbidden")]
    Forbidden,
    /// A change to a record of a period that has ended (read-only).
    #[error("the period is read-only")]
    ReadOnlyPeriod,
    /// A state-changing request sent from another site.
    #[error("cross-site request refused")]
    CrossSite,
    /// A body larger than any form of ours.
    #[error("payload too large")]
    TooLarge,
    /// Something failed on our side; the detail goes to the log only.
    #[error("internal error: {0}")]
    Internal(String),
}

impl From<StoreError> for AppError {
    fn from(e: StoreError) -> Self {
        match e {
            StoreError::NotFound => AppError::NotFound,
            other => AppError::Internal(other.to_string()),
        }
    }
}

impl From<askama::Error> for AppError {
    fn from(e: askama::Error) -> Self {
        AppError::Internal(format!("template: {e}"))
    }
}

/// Marks a response whose body the error-page layer fills in the user's
/// language; the key names the message (`error-{key}-title`, `-body`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ErrorPage(pub &'static str);

impl AppError {
    pub fn status(&self) -> StatusCode {
        match self {
            AppError::NotFound => StatusCode::NOT_FOUND,
            AppError::BadRequest => StatusCode::BAD_REQUEST,
            AppError::TooLarge => StatusCode::PAYLOAD_TOO_LARGE,
            AppError::Forbidden | AppError::CrossSite | AppError::ReadOnlyPeriod => StatusCode::FORBIDDEN,
            AppError::Internal(_) => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }
}

impl IntoResponse for AppError {
    fn into_response(self) -> Response {
        if let AppError::Internal(detail) = &self {
            tracing::error!(%detail, "request failed");
        }
        let key = match &self {
            AppError::NotFound => "not-found",
            AppError::BadRequest => "bad-request",
            AppError::TooLarge => "too-large",
            AppError::Forbidden => "forbidden",
            AppError::CrossSite => "cross-site",
            AppError::ReadOnlyPeriod => "read-only-period",
            AppError::Internal(_) => "internal",
        };
        let mut response = self.status().into_response();
        response.extensions_mut().insert(ErrorPage(key));
        response
    }
}

pub type AppResult<T> = Result<T, AppError>;
