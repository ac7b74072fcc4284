//! Adding and editing the numbered statements of a policy version.

use axum::response::Response;

use super::extract::{Ctx, HtmlForm, Id};
use super::form_view::{
    Conflict, Fields, FormPage, Kind, Refused, form_version, respond, respond_update, store_refusal,
};
use crate::domain::form::FieldErrors;
use crate::domain::policy::{PolicyStatement, PolicyVersion, StatementDraft, StatementForm};
use crate::error::{AppError, AppResult};

async fn page(
    ctx: &Ctx,
    version: &PolicyVersion,
    existing: Option<&PolicyStatement>,
    form: StatementForm,
    errors: FieldErrors,
) -> AppResult<FormPage> {
    let t = &ctx.t;
    let org = ctx.org.id;
    let fields = Fields::new(t, &errors)
        .add("number", "statement-number", &form.number, Kind::Number)
        .required()
        .add("text", "statement-text", &form.text, Kind::TextArea)
        .required()
        .add("archived", "archived", &form.archived, Kind::Check)
        .hint("archived-hint")
        .list;
    let (heading, action) = match existing {
        Some(s) => {
            (t.ta("statement-edit", &[("reference", s.reference())]), format!("/orgs/{org}/statements/{}", s.id))
        }
        None => (t.t("statement-new"), format!("/orgs/{org}/policy/versions/{}/statements", version.id)),
    };
    Ok(FormPage {
        t: *t,
        chrome: Some(ctx.chrome(ctx.current_period(), "policy").await?),
        heading,
        context: Some(t.ta(
            "policy-version-label",
            &[("number", version.version_no.to_string()), ("title", version.title.clone())],
        )),
        action,
        cancel: format!("/orgs/{org}/policy"),
        fields,
        hidden: vec![("version".into(), form.version.clone())],
        has_errors: !errors.is_empty(),
        conflict: None,
    })
}

async fn version_of(ctx: &Ctx, id: i64) -> AppResult<PolicyVersion> {
    let versions = ctx.store.policy_versions(ctx.org.id).await?;
    versions.into_iter().find(|v| v.id == id).ok_or(AppError::NotFound)
}

pub async fn new(ctx: Ctx, Id(version_id): Id) -> AppResult<Response> {
    let version = version_of(&ctx, version_id).await?;
    let next =
        ctx.store.statements(ctx.org.id, Some(version.id)).await?.iter().map(|s| s.number).max().unwrap_or(0) + 1;
    let form = StatementForm { number: next.to_string(), ..Default::default() };
    page(&ctx, &version, None, form, FieldErrors::default()).await?.show()
}

pub async fn create(ctx: Ctx, Id(version_id): Id, HtmlForm(form): HtmlForm<StatementForm>) -> AppResult<Response> {
    let org = ctx.org.id;
    let version = version_of(&ctx, version_id).await?;
    let outcome = async {
        let draft = StatementDraft::parse(&form)?;
        ctx.store.create_statement(org, version.id, &draft, &ctx.actor()).await.map_err(store_refusal("number"))?;
        Ok::<_, Refused>(format!("/orgs/{org}/policy"))
    }
    .await;
    respond(outcome, |errors| page(&ctx, &version, None, form, errors)).await
}

pub async fn edit(ctx: Ctx, Id(id): Id) -> AppResult<Response> {
    let statement = ctx.store.statement(ctx.org.id, id).await?.ok_or(AppError::NotFound)?;
    let version = version_of(&ctx, statement.policy_version_id).await?;
    page(&ctx, &version, Some(&statement), statement_form(&statement), FieldErrors::default()).await?.show()
}

pub async fn update(ctx: Ctx, Id(id): Id, HtmlForm(form): HtmlForm<StatementForm>) -> AppResult<Response> {
    let org = ctx.org.id;
    let statement = ctx.store.statement(org, id).await?.ok_or(AppError::NotFound)?;
    let version = version_of(&ctx, statement.policy_version_id).await?;
    let outcome = async {
        let draft = StatementDraft::parse(&form)?;
        let expected = form_version(&form.version);
        ctx.store.update_statement(org, id, expected, &draft, &ctx.actor()).await.map_err(store_refusal("number"))?;
        Ok::<_, Refused>(format!("/orgs/{org}/policy"))
    }
    .await;
    let reload = || async {
        let saved = ctx.store.statement(org, id).await?.ok_or(AppError::NotFound)?;
        let history = ctx.store.history(org, "statement", id).await?;
        Ok(Conflict::of(&statement_form(&saved), saved.version, &history))
    };
    respond_update(outcome, |errors| page(&ctx, &version, Some(&statement), form, errors), reload).await
}

fn statement_form(s: &PolicyStatement) -> StatementForm {
    StatementForm {
        number: s.number.to_string(),
        text: s.text.clone(),
        archived: if s.archived { "on".into() } else { String::new() },
        version: s.version.to_string(),
    }
}
