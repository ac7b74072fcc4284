//! Starting a new version of the information security policy.

use axum::response::Response;

use super::extract::{Ctx, HtmlForm};
use super::form_view::{Fields, FormPage, Kind, Refused, respond, store_refusal};
use crate::domain::form::FieldErrors;
use crate::domain::policy::{PolicyVersionDraft, PolicyVersionForm};
use crate::error::AppResult;

async fn page(ctx: &Ctx, form: PolicyVersionForm, errors: FieldErrors) -> AppResult<FormPage> {
    let t = &ctx.t;
    let org = ctx.org.id;
    let fields = Fields::new(t, &errors)
        .add("title", "policy-title", &form.title, Kind::Text)
        .required()
        .add("approved_on", "policy-approved-on", &form.approved_on, Kind::Date)
        .hint("date-hint")
        .add("copy_statements", "policy-copy-statements", &form.copy_statements, Kind::Check)
        .hint("policy-copy-statements-hint")
        .list;
    Ok(FormPage {
        t: *t,
        chrome: Some(ctx.chrome(ctx.current_period(), "policy").await?),
        heading: t.t("policy-version-new"),
        context: None,
        action: format!("/orgs/{org}/policy/versions"),
        cancel: format!("/orgs/{org}/policy"),
        fields,
        hidden: Vec::new(),
        has_errors: !errors.is_empty(),
        conflict: None,
    })
}

pub async fn new(ctx: Ctx) -> AppResult<Response> {
    let title = match ctx.store.current_policy(ctx.org.id).await? {
        Some(current) => current.title,
        None => ctx.t.t("policy-default-title"),
    };
    let form = PolicyVersionForm { title, copy_statements: "on".into(), ..Default::default() };
    page(&ctx, form, FieldErrors::default()).await?.show()
}

pub async fn create(ctx: Ctx, HtmlForm(form): HtmlForm<PolicyVersionForm>) -> AppResult<Response> {
    let org = ctx.org.id;
    let outcome = async {
        let draft = PolicyVersionDraft::parse(&form)?;
        ctx.store.create_policy_version(org, &draft, &ctx.actor()).await.map_err(store_refusal("title"))?;
        Ok::<_, Refused>(format!("/orgs/{org}/policy"))
    }
    .await;
    respond(outcome, |errors| page(&ctx, form, errors)).await
}
