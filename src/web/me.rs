//! `/me`: the logged-in person's own page — name, e-mail, organizations and
//! roles — and their calendar feeds: one for the plans they are responsible
//! for, and one per organization where they are an admin or manager. A
//! feed's URL holds a secret token that is kept only as a hash, so it is
//! shown once, right after it is made; making a new one revokes the old.

use askama::Template;
use axum::extract::State;
use axum::http::header::{CACHE_CONTROL, RETRY_AFTER};
use axum::http::{HeaderMap, HeaderValue, StatusCode};
use axum::response::Response;
use chrono::Utc;
use serde::Deserialize;

use super::AppState;
use super::auth::{Viewer, cookie};
use super::extract::{ClientAddr, HtmlForm, Id};
use super::ical_feed::site_base;
use super::login;
use super::page::{Chrome, ok, saved};
use crate::domain::password::{check_new_password, hash_password, verify_password};
use crate::domain::throttle::seconds_until;
use crate::error::{AppError, AppResult};
use crate::i18n::Tr;
use crate::store::{Admission, Feed};

/// An organization and the person's role there.
pub struct OrgLine {
    pub id: i64,
    pub name: String,
    pub role_key: &'static str,
}

/// One kind of feed the person may have.
pub struct FeedLine {
    /// The form's `org` value: empty for their own plans, else the organization's id.
    pub org_field: String,
    pub label: String,
    /// The working feed of this kind: (id, when it was made).
    pub active: Option<(i64, String)>,
    /// An organization feed that stopped working because the role there changed.
    pub suspended: bool,
    /// The address of a feed made by this request (shown once).
    pub new_url: Option<String>,
}

#[derive(Template)]
#[template(path = "me.html")]
struct MeView {
    t: Tr,
    chrome: Option<Chrome>,
    name: String,
    email: String,
    orgs: Vec<OrgLine>,
    feeds: Vec<FeedLine>,
    /// Why the password was not changed, or what changing it did.
    password_errors: Vec<String>,
    password_notice: Option<String>,
}

/// "Change my password": the current one, and the new one twice.
#[derive(Deserialize, Default)]
#[serde(default)]
pub struct PasswordForm {
    current: String,
    password: String,
    password_again: String,
}

/// What the page says about the password form.
#[derive(Default)]
struct PasswordSaid {
    errors: Vec<String>,
    notice: Option<String>,
}

/// The form of "make a new URL": which kind of feed.
#[derive(Deserialize, Default)]
#[serde(default)]
pub struct NewFeedForm {
    org: String,
}

/// The page, with `new` = (feed's org, URL) when a feed was just made.
async fn page(state: &AppState, t: Tr, viewer: &Viewer, new: Option<(Option<i64>, String)>) -> AppResult<Response> {
    page_saying(state, t, viewer, new, PasswordSaid::default()).await
}

async fn page_saying(
    state: &AppState,
    t: Tr,
    viewer: &Viewer,
    new: Option<(Option<i64>, String)>,
    said: PasswordSaid,
) -> AppResult<Response> {
    let memberships = state.store.memberships(viewer.user.id).await?;
    let feeds: Vec<Feed> = state.store.feeds(viewer.user.id).await?;
    let active = |org: Option<i64>| feeds.iter().find(|f| f.org_id == org).map(|f| (f.id, t.timestamp(&f.created_at)));
    let new_url = |org: Option<i64>| new.as_ref().filter(|(o, _)| *o == org).map(|(_, url)| url.clone());
    let mut lines = vec![FeedLine {
        org_field: String::new(),
        label: t.t("me-feed-mine"),
        active: active(None),
        suspended: false,
        new_url: new_url(None),
    }];
    for m in memberships.iter().filter(|m| m.role.edits_everything()) {
        lines.push(FeedLine {
            org_field: m.org_id.to_string(),
            label: t.ta1("me-feed-org", "org", &m.org_name),
            active: active(Some(m.org_id)),
            suspended: false,
            new_url: new_url(Some(m.org_id)),
        });
    }
    // Feeds of organizations where the person is no longer secretariat: they
    // answer nothing, and can still be revoked for good.
    for f in &feeds {
        let Some(org) = f.org_id else { continue };
        if lines.iter().any(|l| l.org_field == org.to_string()) {
            continue;
        }
        let name = match state.store.organization(org).await? {
            Some(o) => o.name,
            None => org.to_string(),
        };
        lines.push(FeedLine {
            org_field: org.to_string(),
            label: t.ta1("me-feed-org", "org", name),
            active: Some((f.id, t.timestamp(&f.created_at))),
            suspended: true,
            new_url: None,
        });
    }
    let orgs = memberships
        .into_iter()
        .map(|m| OrgLine { id: m.org_id, name: m.org_name, role_key: m.role.label_key() })
        .collect();
    ok(&MeView {
        t,
        chrome: None,
        name: viewer.user.display_name.clone(),
        email: viewer.user.email.as_str().to_string(),
        orgs,
        feeds: lines,
        password_errors: said.errors,
        password_notice: said.notice,
    })
}

pub async fn show(State(state): State<AppState>, t: Tr, viewer: Viewer) -> AppResult<Response> {
    page(&state, t, &viewer, None).await
}

/// Makes a feed (replacing the previous one of its kind) and shows its URL.
pub async fn create(
    State(state): State<AppState>,
    t: Tr,
    viewer: Viewer,
    headers: HeaderMap,
    HtmlForm(form): HtmlForm<NewFeedForm>,
) -> AppResult<Response> {
    let org = match form.org.trim() {
        "" => None,
        raw => {
            let id = raw.parse::<i64>().map_err(|_| AppError::NotFound)?;
            // Not a member: as if the organization did not exist. A member
            // who is not its secretariat may not subscribe to all of it.
            let role = state.store.membership(id, viewer.user.id).await?.ok_or(AppError::NotFound)?;
            if !role.edits_everything() {
                return Err(AppError::Forbidden);
            }
            Some(id)
        }
    };
    let (id, token) = state.store.create_feed(viewer.user.id, org, &viewer.actor()).await?;
    tracing::info!(user = viewer.user.id, feed = id, "calendar feed made");
    let url = format!("{}/ical/{token}.ics", site_base(&headers, state.session.secure_cookies));
    let mut response = page(&state, t, &viewer, Some((org, url))).await?;
    // The page holds the secret URL: no copy of it is kept anywhere.
    response.headers_mut().insert(CACHE_CONTROL, HeaderValue::from_static("no-store"));
    Ok(response)
}

/// Revokes one of the person's own feeds; anyone else's is not found.
pub async fn revoke(State(state): State<AppState>, viewer: Viewer, Id(id): Id) -> AppResult<Response> {
    if !state.store.revoke_feed(viewer.user.id, id, &viewer.actor()).await? {
        return Err(AppError::NotFound);
    }
    tracing::info!(user = viewer.user.id, feed = id, "calendar feed revoked");
    saved("/me".to_string())
}

/// Changes the person's own password: the current one is required (a
/// session left open must not be enough), and their other sessions end.
pub async fn change_password(
    State(state): State<AppState>,
    t: Tr,
    viewer: Viewer,
    headers: HeaderMap,
    client: ClientAddr,
    HtmlForm(form): HtmlForm<PasswordForm>,
) -> AppResult<Response> {
    let store = &state.store;
    let mut errors = Vec::new();
    // Guessing the current password from an open session is throttled as
    // signing in is: a stolen session must not become a way to learn it.
    let now = Utc::now();
    let attempt = match store.admit_sign_in(viewer.user.email.as_str(), &client.throttle_key(), now).await? {
        Admission::Admitted(attempt) => attempt,
        Admission::Wait(until) => {
            let seconds = seconds_until(until, now);
            let said = PasswordSaid { errors: vec![login::wait_message(&t, seconds)], notice: None };
            let mut response = page_saying(&state, t, &viewer, None, said).await?;
            *response.status_mut() = StatusCode::TOO_MANY_REQUESTS;
            response.headers_mut().insert(RETRY_AFTER, HeaderValue::from(seconds));
            return Ok(response);
        }
    };
    let hash = store.user_by_email(viewer.user.email.as_str()).await?.and_then(|(_, hash)| hash);
    let current = form.current.clone();
    let matches = tokio::task::spawn_blocking(move || hash.is_some_and(|h| verify_password(&current, &h)))
        .await
        .map_err(|e| AppError::Internal(format!("verifying: {e}")))?;
    if matches {
        store.password_confirmed(attempt).await?;
    } else {
        store.sign_in_failed(attempt, Some(viewer.user.id), &client.shown()).await?;
    }
    if !matches {
        errors.push(t.t("password-current-wrong"));
    } else if let Err(why) = check_new_password(&form.password) {
        errors.push(t.invalid(&why));
    } else if form.password != form.password_again {
        errors.push(t.t("password-mismatch"));
    }
    if !errors.is_empty() {
        let mut response = page_saying(&state, t, &viewer, None, PasswordSaid { errors, notice: None }).await?;
        *response.status_mut() = StatusCode::UNPROCESSABLE_ENTITY;
        return Ok(response);
    }
    let password = form.password.clone();
    let new_hash = tokio::task::spawn_blocking(move || hash_password(&password))
        .await
        .map_err(|e| AppError::Internal(format!("hashing: {e}")))?;
    let keep = cookie(&headers, state.session.cookie_name()).unwrap_or_default();
    let ended = store.change_own_password(viewer.user.id, &new_hash, keep).await?;
    tracing::info!(user = viewer.user.id, ended, "password changed");
    let notice = Some(t.ta1("password-changed", "n", ended));
    page_saying(&state, t, &viewer, None, PasswordSaid { errors: Vec::new(), notice }).await
}
