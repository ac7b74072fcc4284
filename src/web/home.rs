//! `/`: the objectives of the first organization for the current period.

use askama::Template;
use axum::extract::State;
use axum::response::Response;

use super::AppState;
use super::extract::Ctx;
use super::page::{Chrome, ok, saved};
use crate::error::AppResult;
use crate::i18n::Tr;

/// Shown while the database holds no organization yet.
#[derive(Template)]
#[template(path = "welcome.html")]
struct WelcomeView {
    t: Tr,
    chrome: Option<Chrome>,
}

pub async fn show(State(state): State<AppState>, t: Tr) -> AppResult<Response> {
    match state.store.organizations().await?.first() {
        Some(org) => saved(format!("/orgs/{}/objectives", org.id)),
        None => ok(&WelcomeView { t, chrome: None }),
    }
}

pub async fn organization(ctx: Ctx) -> AppResult<Response> {
    saved(format!("/orgs/{}/objectives", ctx.org.id))
}
