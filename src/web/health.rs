//! `GET /healthz`: 200 when the database answers.

use axum::extract::State;
use axum::http::StatusCode;

use super::AppState;

pub async fn check(State(state): State<AppState>) -> (StatusCode, &'static str) {
    if state.store.ping().await {
        (StatusCode::OK, "ok")
    } else {
        (StatusCode::SERVICE_UNAVAILABLE, "database unavailable")
    }
}
