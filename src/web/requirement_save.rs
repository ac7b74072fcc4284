//! Creating and editing a requirement (6.2 c) an objective takes into account.

use axum::response::Response;

use super::extract::{Ctx, HtmlForm, Id};
use super::form_view::{
    Conflict, Fields, FormPage, Kind, Refused, form_version, respond, respond_update, store_refusal,
};
use super::page::options;
use crate::domain::form::FieldErrors;
use crate::domain::objective::Objective;
use crate::domain::requirement::{Requirement, RequirementDraft, RequirementForm, RequirementKind};
use crate::error::{AppError, AppResult};

async fn page(
    ctx: &Ctx,
    objective: &Objective,
    existing: Option<&Requirement>,
    form: RequirementForm,
    errors: FieldErrors,
) -> AppResult<FormPage> {
    let t = &ctx.t;
    let org = ctx.org.id;
    let kinds = options(t, RequirementKind::ALL, RequirementKind::as_str, RequirementKind::label_key);
    let fields = Fields::new(t, &errors)
        .add("kind", "requirement-kind", &form.kind, Kind::Select(kinds))
        .required()
        .add("text", "requirement-text", &form.text, Kind::TextArea)
        .required()
        .hint("requirement-text-hint")
        .add("archived", "archived", &form.archived, Kind::Check)
        .hint("archived-hint")
        .list;
    let (heading, action) = match existing {
        Some(r) => (t.t("requirement-edit"), format!("/orgs/{org}/requirements/{}", r.id)),
        None => (t.t("requirement-new"), format!("/orgs/{org}/objectives/{}/requirements", objective.id)),
    };
    FormPage::for_objective(ctx, objective, heading, action, fields, &form.version, !errors.is_empty()).await
}

pub async fn new(ctx: Ctx, Id(objective_id): Id) -> AppResult<Response> {
    let objective = ctx.objective_to_change(objective_id).await?;
    let form = RequirementForm { kind: RequirementKind::Legal.as_str().into(), ..Default::default() };
    page(&ctx, &objective, None, form, FieldErrors::default()).await?.show()
}

pub async fn create(ctx: Ctx, Id(objective_id): Id, HtmlForm(form): HtmlForm<RequirementForm>) -> AppResult<Response> {
    let org = ctx.org.id;
    let objective = ctx.objective_to_change(objective_id).await?;
    let outcome = async {
        let draft = RequirementDraft::parse(&form)?;
        ctx.store.create_requirement(org, objective.id, &draft, &ctx.actor()).await.map_err(store_refusal("text"))?;
        Ok::<_, Refused>(format!("/orgs/{org}/objectives/{}", objective.id))
    }
    .await;
    respond(outcome, |errors| page(&ctx, &objective, None, form, errors)).await
}

pub async fn edit(ctx: Ctx, Id(id): Id) -> AppResult<Response> {
    let requirement = ctx.store.requirement(ctx.org.id, id).await?.ok_or(AppError::NotFound)?;
    let objective = ctx.objective_to_change(requirement.objective_id).await?;
    let form = RequirementForm::from_requirement(&requirement);
    page(&ctx, &objective, Some(&requirement), form, FieldErrors::default()).await?.show()
}

pub async fn update(ctx: Ctx, Id(id): Id, HtmlForm(form): HtmlForm<RequirementForm>) -> AppResult<Response> {
    let org = ctx.org.id;
    let requirement = ctx.store.requirement(org, id).await?.ok_or(AppError::NotFound)?;
    let objective = ctx.objective_to_change(requirement.objective_id).await?;
    let outcome = async {
        let draft = RequirementDraft::parse(&form)?;
        let version = form_version(&form.version);
        ctx.store.update_requirement(org, id, version, &draft, &ctx.actor()).await.map_err(store_refusal("text"))?;
        Ok::<_, Refused>(format!("/orgs/{org}/objectives/{}", objective.id))
    }
    .await;
    let reload = || async {
        let saved = ctx.store.requirement(org, id).await?.ok_or(AppError::NotFound)?;
        let history = ctx.store.history(org, "requirement", id).await?;
        Ok(Conflict::of(&RequirementForm::from_requirement(&saved), saved.version, &history))
    };
    respond_update(outcome, |errors| page(&ctx, &objective, Some(&requirement), form, errors), reload).await
}
