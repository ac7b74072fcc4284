//! `/`: the objectives of the viewer's first organization for the current period.

use askama::Template;
use axum::extract::State;
use axum::response::Response;

use super::AppState;
use super::auth::Viewer;
use super::extract::Ctx;
use super::page::{Chrome, ok, saved};
use crate::error::AppResult;
use crate::i18n::Tr;

/// Shown to a logged-in user who belongs to no organization yet.
#[derive(Template)]
#[template(path = "no_organization.html")]
struct NoOrganizationView {
    t: Tr,
    chrome: Option<Chrome>,
    user_name: String,
}

pub async fn show(State(state): State<AppState>, t: Tr, viewer: Viewer) -> AppResult<Response> {
    match state.store.memberships(viewer.user.id).await?.first() {
        Some(m) => saved(format!("/orgs/{}/objectives", m.org_id)),
        None => ok(&NoOrganizationView { t, chrome: None, user_name: viewer.user.display_name }),
    }
}

/// An organization's home: its dashboard.
pub async fn organization(ctx: Ctx) -> AppResult<Response> {
    saved(format!("/orgs/{}/dashboard", ctx.org.id))
}
