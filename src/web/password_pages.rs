//! The pages behind one-time links, for people who cannot sign in yet:
//! `/setup` creates the first admin and organization of a new database (its
//! link is printed by `ismo serve`), `/password` sets the password of an
//! invited member (its link is shown to the admin who invited them). The
//! token travels in the query and the form, never in a path that is logged.

use askama::Template;
use axum::extract::{RawQuery, State};
use axum::http::header::CACHE_CONTROL;
use axum::http::{HeaderValue, StatusCode};
use axum::response::Response;
use chrono::Utc;
use serde::Deserialize;

use super::AppState;
use super::extract::HtmlForm;
use super::page::{Chrome, render, saved};
use crate::domain::account::{DisplayName, Email};
use crate::domain::invalid::Invalid;
use crate::domain::organization::OrganizationDraft;
use crate::domain::password::{check_new_password, hash_password};
use crate::error::{AppError, AppResult};
use crate::i18n::Tr;

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct TokenQuery {
    token: String,
}

/// The first admin and organization, as typed.
#[derive(Deserialize, Default)]
#[serde(default)]
pub struct SetupForm {
    token: String,
    org: String,
    name: String,
    email: String,
    password: String,
    password_again: String,
}

/// A new password, twice.
#[derive(Deserialize, Default)]
#[serde(default)]
pub struct LinkForm {
    token: String,
    password: String,
    password_again: String,
}

#[derive(Template)]
#[template(path = "setup.html")]
struct SetupView {
    t: Tr,
    chrome: Option<Chrome>,
    /// `false`: the link does not work; the page says what to do instead.
    works: bool,
    token: String,
    org: String,
    name: String,
    email: String,
    errors: Vec<String>,
}

#[derive(Template)]
#[template(path = "password_link.html")]
struct LinkView {
    t: Tr,
    chrome: Option<Chrome>,
    /// The account whose password is set; `None`: the link does not work.
    email: Option<String>,
    token: String,
    errors: Vec<String>,
}

fn token_of(raw: Option<&str>) -> String {
    serde_html_form::from_str::<TokenQuery>(raw.unwrap_or("")).map(|q| q.token).unwrap_or_default()
}

/// Pages that carry a secret token are never cached.
fn private(status: StatusCode, view: &impl Template) -> AppResult<Response> {
    let mut response = render(status, view)?;
    response.headers_mut().insert(CACHE_CONTROL, HeaderValue::from_static("no-store"));
    Ok(response)
}

/// Both passwords typed the same and following the rules; the hash is made
/// on the blocking pool (argon2 takes tens of milliseconds of CPU).
async fn new_hash(t: &Tr, password: &str, again: &str, errors: &mut Vec<String>) -> AppResult<Option<String>> {
    if let Err(why) = check_new_password(password) {
        errors.push(t.invalid(&why));
        return Ok(None);
    }
    if password != again {
        errors.push(t.t("password-mismatch"));
        return Ok(None);
    }
    if !errors.is_empty() {
        return Ok(None);
    }
    let password = password.to_string();
    let hash = tokio::task::spawn_blocking(move || hash_password(&password))
        .await
        .map_err(|e| AppError::Internal(format!("hashing: {e}")))?;
    Ok(Some(hash))
}

pub async fn setup_form(State(state): State<AppState>, t: Tr, RawQuery(raw): RawQuery) -> AppResult<Response> {
    let token = token_of(raw.as_deref());
    let works = state.store.password_link(&token, "setup", Utc::now()).await?.is_some();
    let status = if works { StatusCode::OK } else { StatusCode::GONE };
    let view = SetupView {
        t,
        chrome: None,
        works,
        token,
        org: String::new(),
        name: String::new(),
        email: String::new(),
        errors: Vec::new(),
    };
    private(status, &view)
}

pub async fn setup(State(state): State<AppState>, t: Tr, HtmlForm(form): HtmlForm<SetupForm>) -> AppResult<Response> {
    let store = &state.store;
    if store.password_link(&form.token, "setup", Utc::now()).await?.is_none() {
        return refused_setup(t, form, Vec::new(), false);
    }
    let mut errors = Vec::new();
    let org = valid(&t, &mut errors, OrganizationDraft::with_defaults(&form.org));
    let name = valid(&t, &mut errors, DisplayName::parse(&form.name));
    let email = valid(&t, &mut errors, Email::parse(&form.email));
    let hash = new_hash(&t, &form.password, &form.password_again, &mut errors).await?;
    let (Some(org), Some(name), Some(email), Some(hash)) = (org, name, email, hash) else {
        return refused_setup(t, form, errors, true);
    };
    match store.set_up_first_admin(&form.token, &email, &name, &hash, &org, Utc::now()).await? {
        None => refused_setup(t, form, Vec::new(), false),
        Some((user, org)) => {
            tracing::info!(user = user.id, org = org.id, "first admin set up");
            saved(format!("/login?next=/orgs/{}/members", org.id))
        }
    }
}

/// The value, or `None` with the reason added to `errors`.
fn valid<T>(t: &Tr, errors: &mut Vec<String>, parsed: Result<T, Invalid>) -> Option<T> {
    parsed.map_err(|why| errors.push(t.invalid(&why))).ok()
}

fn refused_setup(t: Tr, form: SetupForm, errors: Vec<String>, works: bool) -> AppResult<Response> {
    let status = if works { StatusCode::UNPROCESSABLE_ENTITY } else { StatusCode::GONE };
    let view = SetupView {
        t,
        chrome: None,
        works,
        token: form.token,
        org: form.org,
        name: form.name,
        email: form.email,
        errors,
    };
    private(status, &view)
}

pub async fn link_form(State(state): State<AppState>, t: Tr, RawQuery(raw): RawQuery) -> AppResult<Response> {
    let token = token_of(raw.as_deref());
    let link = state.store.password_link(&token, "invite", Utc::now()).await?;
    let email = link.and_then(|l| l.user).map(|u| u.email.as_str().to_string());
    let status = if email.is_some() { StatusCode::OK } else { StatusCode::GONE };
    private(status, &LinkView { t, chrome: None, email, token, errors: Vec::new() })
}

pub async fn set_by_link(
    State(state): State<AppState>,
    t: Tr,
    HtmlForm(form): HtmlForm<LinkForm>,
) -> AppResult<Response> {
    let store = &state.store;
    let gone = |t| {
        private(StatusCode::GONE, &LinkView { t, chrome: None, email: None, token: String::new(), errors: Vec::new() })
    };
    let Some(user) = store.password_link(&form.token, "invite", Utc::now()).await?.and_then(|l| l.user) else {
        return gone(t);
    };
    let mut errors = Vec::new();
    let Some(hash) = new_hash(&t, &form.password, &form.password_again, &mut errors).await? else {
        let view =
            LinkView { t, chrome: None, email: Some(user.email.as_str().to_string()), token: form.token, errors };
        return private(StatusCode::UNPROCESSABLE_ENTITY, &view);
    };
    match store.accept_invitation(&form.token, &hash, Utc::now()).await? {
        None => gone(t),
        Some(user) => {
            tracing::info!(user = user.id, "password set by invitation");
            let next: String = serde_html_form::to_string([("next", "/")]).unwrap_or_default();
            saved(format!("/login?{next}"))
        }
    }
}
