//! `/orgs/{org}/members`: an admin's page of who belongs to the organization
//! — role, state, last sign-in — where people are added by e-mail, given
//! another role, or removed. Removing ends the person's sessions and their
//! feed of this organization (the store does both in one transaction). A
//! new account's link to set its password is shown here once.

use askama::Template;
use axum::extract::State;
use axum::http::header::CACHE_CONTROL;
use axum::http::{HeaderMap, HeaderValue, StatusCode};
use axum::response::Response;
use chrono::Utc;
use lettre::message::Mailbox;
use serde::Deserialize;

use super::AppState;
use super::extract::{Ctx, HtmlForm, Id};
use super::ical_feed::site_base;
use super::page::{Chrome, Options, options, render, saved};
use crate::domain::access::Role;
use crate::domain::account::{DisplayName, Email, User};
use crate::domain::membership::{MemberState, PASSWORD_LINK_VALID};
use crate::error::{AppError, AppResult};
use crate::i18n::Tr;
use crate::mail::{Invitation, compose_invitation};
use crate::store::{MemberLine, StoreError};

/// One person as the page lists them.
pub struct MemberRow {
    pub user_id: i64,
    pub name: String,
    pub email: String,
    pub role: String,
    pub role_key: &'static str,
    pub state: MemberState,
    pub last_sign_in: String,
    /// The viewer themself: they cannot remove themselves here.
    pub is_me: bool,
}

/// A link to set a password, made by this request and shown once.
pub struct NewLink {
    pub email: String,
    pub url: String,
}

#[derive(Template)]
#[template(path = "members.html")]
struct MembersView {
    t: Tr,
    chrome: Option<Chrome>,
    org_id: i64,
    current: Vec<MemberRow>,
    former: Vec<MemberRow>,
    roles: Options,
    link: Option<NewLink>,
    link_hours: i64,
    /// A sentence saying why the last request was refused.
    error: Option<String>,
    /// A sentence saying what the last request did.
    notice: Option<String>,
    form: AddForm,
}

/// "Add a person": e-mail, name (for a new account), role.
#[derive(Deserialize, Default, Clone)]
#[serde(default)]
pub struct AddForm {
    email: String,
    name: String,
    role: String,
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct RoleForm {
    role: String,
}

/// What the page says besides the list.
#[derive(Default)]
struct Said {
    link: Option<NewLink>,
    error: Option<String>,
    notice: Option<String>,
    form: AddForm,
}

fn row(t: &Tr, line: MemberLine, me: i64) -> MemberRow {
    MemberRow {
        user_id: line.user.id,
        name: line.user.display_name,
        email: line.user.email.as_str().to_string(),
        role: line.role.as_str().to_string(),
        role_key: line.role.label_key(),
        state: line.state,
        last_sign_in: line.last_sign_in_at.map(|at| t.timestamp(&at)).unwrap_or_else(|| t.t("members-never")),
        is_me: line.user.id == me,
    }
}

async fn page(ctx: &Ctx, status: StatusCode, said: Said) -> AppResult<Response> {
    let t = ctx.t;
    let me = ctx.viewer.user.id;
    let (mut current, mut former) = (Vec::new(), Vec::new());
    for line in ctx.store.member_lines(ctx.org.id).await? {
        let removed = line.state == MemberState::Removed;
        let shown = row(&t, line, me);
        if removed { former.push(shown) } else { current.push(shown) }
    }
    let has_link = said.link.is_some();
    let view = MembersView {
        t,
        chrome: Some(ctx.chrome(ctx.current_period(), "members").await?),
        org_id: ctx.org.id,
        current,
        former,
        roles: options(&t, Role::ALL, Role::as_str, Role::label_key),
        link: said.link,
        link_hours: PASSWORD_LINK_VALID.num_hours(),
        error: said.error,
        notice: said.notice,
        form: said.form,
    };
    let mut response = render(status, &view)?;
    if has_link {
        // The page holds a secret link: no copy of it is kept anywhere.
        response.headers_mut().insert(CACHE_CONTROL, HeaderValue::from_static("no-store"));
    }
    Ok(response)
}

pub async fn show(ctx: Ctx) -> AppResult<Response> {
    page(
        &ctx,
        StatusCode::OK,
        Said { form: AddForm { role: "owner".into(), ..Default::default() }, ..Default::default() },
    )
    .await
}

/// The link as the person will open it: under `--base-url` when set, else
/// under the address the admin reached ismo by.
fn link_url(app: &AppState, headers: &HeaderMap, ctx_secure: bool, token: &str) -> String {
    let base = match &app.base_url {
        Some(base) => base.trim_end_matches('/').to_string(),
        None => site_base(headers, ctx_secure),
    };
    format!("{base}/password?token={token}")
}

/// Mails the link when mail is configured; says on the page whether it went.
/// The link is shown either way, so a mail that fails loses nothing.
async fn mail_link(app: &AppState, ctx: &Ctx, user: &User, role: Role, link: &NewLink) -> Option<String> {
    let outbox = app.outbox.as_ref()?;
    let t = &ctx.t;
    let until = (Utc::now() + PASSWORD_LINK_VALID).format("%Y-%m-%dT%H:%M:%SZ").to_string();
    let mail = compose_invitation(
        t,
        &Invitation {
            name: &user.display_name,
            org: &ctx.org.name,
            inviter: &ctx.viewer.user.display_name,
            role: &t.t(role.label_key()),
            link: &link.url,
            valid_until: &t.timestamp(&until),
        },
    );
    let to = user.email.as_str().parse().map(|address| Mailbox::new(Some(user.display_name.clone()), address));
    let sent = match to {
        Ok(to) => outbox.mailer.send(&outbox.from, &to, &mail).await,
        Err(e) => Err(e.into()),
    };
    Some(match sent {
        Ok(()) => t.ta1("members-link-mailed", "email", user.email.as_str()),
        Err(e) => {
            // The error may name the server; never the link, which is a secret.
            tracing::warn!(org = ctx.org.id, user = user.id, error = %e, "invitation mail not sent");
            t.ta1("members-link-mail-failed", "email", user.email.as_str())
        }
    })
}

/// Adds a person by e-mail: an existing account is given the role, a new
/// one is made and its link to set a password shown once.
pub async fn add(
    State(app): State<AppState>,
    ctx: Ctx,
    headers: HeaderMap,
    HtmlForm(form): HtmlForm<AddForm>,
) -> AppResult<Response> {
    let t = ctx.t;
    let refuse = |error: String, form: AddForm| Said { error: Some(error), form, ..Default::default() };
    let email = match Email::parse(&form.email) {
        Ok(email) => email,
        Err(why) => return page(&ctx, StatusCode::UNPROCESSABLE_ENTITY, refuse(t.invalid(&why), form)).await,
    };
    let Ok(role) = Role::parse(form.role.trim()) else { return Err(AppError::BadRequest) };
    let typed = form.name.trim();
    let name = match DisplayName::parse(if typed.is_empty() { email.local_part() } else { typed }) {
        Ok(name) => name,
        Err(why) => return page(&ctx, StatusCode::UNPROCESSABLE_ENTITY, refuse(t.invalid(&why), form)).await,
    };
    let invited = match ctx.store.invite_member(ctx.org.id, &email, &name, role, &ctx.actor(), Utc::now()).await {
        Err(StoreError::LastAdmin) => {
            return page(&ctx, StatusCode::CONFLICT, refuse(t.t("members-last-admin"), form)).await;
        }
        other => other?,
    };
    tracing::info!(org = ctx.org.id, user = invited.user.id, created = invited.created, "member added");
    let shown_name = invited.user.display_name.clone();
    let mut notice = if invited.created {
        t.ta2("members-added-new", "name", &shown_name, "role", t.t(role.label_key()))
    } else {
        t.ta2("members-added", "name", &shown_name, "role", t.t(role.label_key()))
    };
    let link = invited.link_token.map(|token| NewLink {
        email: invited.user.email.as_str().to_string(),
        url: link_url(&app, &headers, ctx.https, &token),
    });
    if let Some(link) = &link
        && let Some(mailed) = mail_link(&app, &ctx, &invited.user, role, link).await
    {
        notice = format!("{notice} {mailed}");
    }
    let notice = Some(notice);
    let form = AddForm { role: role.as_str().into(), ..Default::default() };
    page(&ctx, StatusCode::OK, Said { link, notice, form, ..Default::default() }).await
}

/// Gives a member another role; the last admin keeps theirs.
pub async fn change_role(ctx: Ctx, Id(user_id): Id, HtmlForm(form): HtmlForm<RoleForm>) -> AppResult<Response> {
    // Someone not in this organization is not found, whatever the form says.
    if ctx.store.membership(ctx.org.id, user_id).await?.is_none() {
        return Err(AppError::NotFound);
    }
    let Ok(role) = Role::parse(form.role.trim()) else { return Err(AppError::BadRequest) };
    match ctx.store.add_member(ctx.org.id, user_id, role, &ctx.actor()).await {
        Err(StoreError::LastAdmin) => {
            let said = Said { error: Some(ctx.t.t("members-last-admin")), ..Default::default() };
            page(&ctx, StatusCode::CONFLICT, said).await
        }
        Err(e) => Err(e.into()),
        Ok(_) => saved(format!("/orgs/{}/members", ctx.org.id)),
    }
}

/// Removes a member: their sessions end and their feed of this organization stops.
pub async fn remove(ctx: Ctx, Id(user_id): Id) -> AppResult<Response> {
    match ctx.store.remove_member(ctx.org.id, user_id, &ctx.actor()).await {
        Err(StoreError::LastAdmin) => {
            let said = Said { error: Some(ctx.t.t("members-last-admin")), ..Default::default() };
            page(&ctx, StatusCode::CONFLICT, said).await
        }
        Err(e) => Err(e.into()),
        Ok(ended) => {
            tracing::info!(
                org = ctx.org.id,
                user = user_id,
                sessions = ended.sessions,
                feeds = ended.feeds,
                "member removed"
            );
            saved(format!("/orgs/{}/members", ctx.org.id))
        }
    }
}

/// A new link for a member who has not set a password yet.
pub async fn renew_link(
    State(app): State<AppState>,
    ctx: Ctx,
    headers: HeaderMap,
    Id(user_id): Id,
) -> AppResult<Response> {
    let t = ctx.t;
    let Some(role) = ctx.store.membership(ctx.org.id, user_id).await? else { return Err(AppError::NotFound) };
    let said = match ctx.store.renew_invitation(ctx.org.id, user_id, &ctx.actor(), Utc::now()).await? {
        None => Said { error: Some(t.t("members-link-not-allowed")), ..Default::default() },
        Some(token) => {
            let user = ctx.store.user(user_id).await?.ok_or(AppError::NotFound)?;
            let link =
                NewLink { email: user.email.as_str().to_string(), url: link_url(&app, &headers, ctx.https, &token) };
            let notice = mail_link(&app, &ctx, &user, role, &link).await;
            Said { link: Some(link), notice, ..Default::default() }
        }
    };
    let status = if said.error.is_some() { StatusCode::CONFLICT } else { StatusCode::OK };
    page(&ctx, status, Said { form: AddForm { role: "owner".into(), ..Default::default() }, ..said }).await
}
