//! Logging in and out. Sessions live in the database; the cookie holds a
//! random token whose hash is the session's key. A new session is issued at
//! every login (rotation), and failed logins are throttled per account and
//! per client address.

use askama::Template;
use axum::extract::{RawQuery, State};
use axum::http::header::{LOCATION, SET_COOKIE};
use axum::http::{HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use chrono::{Duration, Utc};
use serde::Deserialize;

use super::AppState;
use super::auth::{SESSION_COOKIE, cookie};
use super::extract::{ClientAddr, HtmlForm};
use super::lang::safe_back;
use super::page::{Chrome, render};
use crate::domain::account::Email;
use crate::domain::password::{dummy_verify, verify_password};
use crate::domain::throttle::{WINDOW, locked_until};
use crate::error::AppResult;
use crate::i18n::Tr;

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
    ClientAddr(client): ClientAddr,
    headers: HeaderMap,
    HtmlForm(form): HtmlForm<LoginForm>,
) -> AppResult<Response> {
    let store = &state.store;
    // Cleaned as accounts are (case, full-width letters typed with an IME).
    let email =
        Email::parse(&form.email).map(|e| e.as_str().to_string()).unwrap_or_else(|_| form.email.trim().to_lowercase());
    let now = Utc::now();
    let (by_account, by_client) = store.login_failures_since(&email, &client, now - WINDOW).await?;
    if let Some(until) = locked_until(&by_account, &by_client, now) {
        let minutes = (until - now).num_minutes() + 1;
        let message = t.ta1("login-locked", "minutes", minutes);
        return page(&state, t, email, form.next, Some(message), StatusCode::TOO_MANY_REQUESTS).await;
    }
    // Every path takes as long as a real check, so timing does not tell
    // which accounts exist, have a password, or are disabled.
    let user = match store.user_by_email(&email).await? {
        Some((user, Some(hash))) => {
            let matches = verify_password(&form.password, &hash);
            (matches && !user.disabled).then_some(user)
        }
        _ => {
            dummy_verify();
            None
        }
    };
    let Some(user) = user else {
        store.record_login_failure(&email, &client, now).await?;
        tracing::info!(client = %client, "failed login");
        let message = t.t("login-failed");
        return page(&state, t, email, form.next, Some(message), StatusCode::UNAUTHORIZED).await;
    };
    store.clear_login_failures(&email).await?;
    store.note_sign_in(user.id, now).await?;
    // Rotation: whatever session the browser had is ended, a new one begins.
    if let Some(old) = cookie(&headers, SESSION_COOKIE) {
        store.delete_session(old).await?;
    }
    let token = store.create_session(user.id, now, state.session.idle, state.session.absolute).await?;
    let secure = if state.session.secure_cookies { "; Secure" } else { "" };
    let set = format!("{SESSION_COOKIE}={token}; Path=/; HttpOnly; SameSite=Lax{secure}");
    let mut response = StatusCode::SEE_OTHER.into_response();
    response.headers_mut().insert(SET_COOKIE, HeaderValue::from_str(&set).expect("hex token"));
    let to = if form.next.is_empty() { "/" } else { safe_back(&form.next) };
    response.headers_mut().insert(LOCATION, HeaderValue::from_str(to).unwrap_or(HeaderValue::from_static("/")));
    Ok(response)
}

pub async fn logout(State(state): State<AppState>, headers: HeaderMap) -> AppResult<Response> {
    if let Some(token) = cookie(&headers, SESSION_COOKIE) {
        state.store.delete_session(token).await?;
    }
    let mut response = StatusCode::SEE_OTHER.into_response();
    let clear = format!("{SESSION_COOKIE}=; Path=/; HttpOnly; SameSite=Lax; Max-Age=0");
    response.headers_mut().insert(SET_COOKIE, HeaderValue::from_str(&clear).expect("ascii"));
    response.headers_mut().insert(LOCATION, HeaderValue::from_static("/login"));
    Ok(response)
}

/// How long sessions last, and whether cookies are marked `Secure`.
#[derive(Debug, Clone, Copy)]
pub struct SessionSettings {
    pub idle: Duration,
    pub absolute: Duration,
    /// Set when ismo is served over https (directly or behind a proxy).
    pub secure_cookies: bool,
}

impl Default for SessionSettings {
    fn default() -> Self {
        SessionSettings { idle: Duration::hours(8), absolute: Duration::days(7), secure_cookies: false }
    }
}
