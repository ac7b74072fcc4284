//! Logging in and out. Sessions live in the database; the cookie holds a
//! random token whose hash is the session's key. A new session is issued at
//! every login (rotation). Attempts are throttled as `domain::throttle`
//! describes, and every sign-in and failed sign-in is an audit entry.

use askama::Template;
use axum::extract::{RawQuery, State};
use axum::http::header::{LOCATION, RETRY_AFTER, SET_COOKIE};
use axum::http::{HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use chrono::Utc;
use serde::Deserialize;

use super::AppState;
use super::auth::cookie;
use super::extract::{ClientAddr, HtmlForm};
use super::lang::safe_back;
use super::page::{Chrome, render};
use crate::domain::account::Email;
use crate::domain::password::{dummy_verify, verify_password};
use crate::domain::throttle::seconds_until;
use crate::error::{AppError, AppResult};
use crate::i18n::Tr;
use crate::store::Admission;

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct LoginForm {
    email: String,
    password: String,
    next: String,
}

#[derive(Template)]
#[template(path = "login.html")]
struct LoginView {
    t: Tr,
    chrome: Option<Chrome>,
    email: String,
    next: String,
    error: Option<String>,
    /// On a database without users: how to create the first admin.
    first_admin_hint: bool,
}

async fn page(
    state: &AppState,
    t: Tr,
    email: String,
    next: String,
    error: Option<String>,
    status: StatusCode,
) -> AppResult<Response> {
    let first_admin_hint = state.store.user_count().await? == 0;
    render(status, &LoginView { t, chrome: None, email, next, error, first_admin_hint })
}

pub async fn show(State(state): State<AppState>, t: Tr, RawQuery(raw): RawQuery) -> AppResult<Response> {
    #[derive(Deserialize, Default)]
    #[serde(default)]
    struct Next {
        next: String,
    }
    let next: Next = serde_html_form::from_str(raw.as_deref().unwrap_or("")).unwrap_or_default();
    page(&state, t, String::new(), next.next, None, StatusCode::OK).await
}

pub async fn submit(
    State(state): State<AppState>,
    t: Tr,
    client: ClientAddr,
    headers: HeaderMap,
    HtmlForm(mut form): HtmlForm<LoginForm>,
) -> AppResult<Response> {
    let store = &state.store;
    // Cleaned as accounts are (case, full-width letters typed with an IME).
    let email =
        Email::parse(&form.email).map(|e| e.as_str().to_string()).unwrap_or_else(|_| form.email.trim().to_lowercase());
    let address = client.shown();
    let now = Utc::now();
    let attempt = match store.admit_sign_in(&email, &client.throttle_key(), now).await? {
        Admission::Admitted(attempt) => attempt,
        Admission::Wait(until) => {
            tracing::info!(client = %address, "sign-in refused: too many failures");
            return wait_page(&state, t, email, form.next, seconds_until(until, now)).await;
        }
    };
    // Every path takes as long as a real check, so timing does not tell
    // which accounts exist, have a password, or are disabled. The check
    // runs on the blocking pool: argon2 takes tens of milliseconds of CPU,
    // which would stall every other request on this worker thread.
    let account = store.user_by_email(&email).await?;
    let typed = std::mem::take(&mut form.password);
    let (user_id, hash) = match &account {
        Some((user, hash)) => (Some(user.id), hash.clone()),
        None => (None, None),
    };
    let matches = tokio::task::spawn_blocking(move || match hash {
        Some(hash) => verify_password(&typed, &hash),
        None => {
            dummy_verify();
            false
        }
    })
    .await
    .map_err(|e| AppError::Internal(format!("verifying: {e}")))?;
    let user = account.map(|(user, _)| user).filter(|user| matches && !user.disabled);
    let Some(user) = user else {
        store.sign_in_failed(attempt, user_id, &address).await?;
        tracing::info!(client = %address, "failed sign-in");
        let message = t.t("login-failed");
        return page(&state, t, email, form.next, Some(message), StatusCode::UNAUTHORIZED).await;
    };
    let session = &state.session;
    // Rotation: whatever session the browser had is ended, a new one begins.
    let replaced = cookie(&headers, session.cookie_name());
    let token = store.sign_in(attempt, &user, &address, replaced, now, session.idle, session.absolute).await?;
    let mut response = StatusCode::SEE_OTHER.into_response();
    response.headers_mut().insert(SET_COOKIE, HeaderValue::from_str(&session.set_cookie(&token)).expect("hex token"));
    let to = if form.next.is_empty() { "/" } else { safe_back(&form.next) };
    response.headers_mut().insert(LOCATION, HeaderValue::from_str(to).unwrap_or(HeaderValue::from_static("/")));
    Ok(response)
}

/// 429 with `Retry-After`, and the form again saying how long to wait.
/// How long a throttled person waits, in the largest unit that reads well.
pub(super) fn wait_message(t: &Tr, seconds: i64) -> String {
    if seconds < 60 {
        t.ta1("login-wait-seconds", "seconds", seconds)
    } else {
        t.ta1("login-wait-minutes", "minutes", (seconds + 59) / 60)
    }
}

async fn wait_page(state: &AppState, t: Tr, email: String, next: String, seconds: i64) -> AppResult<Response> {
    let message = wait_message(&t, seconds);
    let mut response = page(state, t, email, next, Some(message), StatusCode::TOO_MANY_REQUESTS).await?;
    response.headers_mut().insert(RETRY_AFTER, HeaderValue::from(seconds));
    Ok(response)
}

pub async fn logout(State(state): State<AppState>, headers: HeaderMap) -> AppResult<Response> {
    if let Some(token) = cookie(&headers, state.session.cookie_name()) {
        state.store.delete_session(token).await?;
    }
    let mut response = StatusCode::SEE_OTHER.into_response();
    let clear = state.session.clear_cookie();
    response.headers_mut().insert(SET_COOKIE, HeaderValue::from_str(&clear).expect("ascii"));
    response.headers_mut().insert(LOCATION, HeaderValue::from_static("/login"));
    Ok(response)
}
