//! The information security policy: the current version's statements first,
//! older versions below, kept for the record.

use askama::Template;
use axum::response::Response;

use super::extract::Ctx;
use super::page::{Chrome, ok};
use crate::domain::policy::{PolicyStatement, PolicyVersion};
use crate::error::AppResult;
use crate::i18n::Tr;

pub struct VersionBlock {
    pub version: PolicyVersion,
    pub statements: Vec<PolicyStatement>,
}

#[derive(Template)]
#[template(path = "policy.html")]
struct PolicyView {
    t: Tr,
    chrome: Option<Chrome>,
    org_id: i64,
    versions: Vec<VersionBlock>,
    can_edit: bool,
}

pub async fn show(ctx: Ctx) -> AppResult<Response> {
    let org = ctx.org.id;
    let mut statements = ctx.store.statements(org, None).await?;
    let versions = ctx
        .store
        .policy_versions(org)
        .await?
        .into_iter()
        .map(|version| {
            let (mine, rest) = statements.drain(..).partition(|s| s.policy_version_id == version.id);
            statements = rest;
            VersionBlock { version, statements: mine }
        })
        .collect();
    let view = PolicyView {
        t: ctx.t,
        chrome: Some(ctx.chrome(ctx.current_period(), "policy").await?),
        org_id: org,
        versions,
        can_edit: ctx.role().edits_everything(),
    };
    ok(&view)
}
