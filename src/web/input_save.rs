//! Creating and editing an input (インプット) of an objective.

use axum::response::Response;

use super::extract::{Ctx, HtmlForm, Id};
use super::form_view::{
    Conflict, Fields, FormPage, Kind, Refused, form_version, respond, respond_update, store_refusal,
};
use super::page::options;
use crate::domain::form::FieldErrors;
use crate::domain::input::{Input, InputDraft, InputForm, InputKind};
use crate::domain::objective::Objective;
use crate::error::{AppError, AppResult};

async fn page(
    ctx: &Ctx,
    objective: &Objective,
    existing: Option<&Input>,
    form: InputForm,
    errors: FieldErrors,
) -> AppResult<FormPage> {
    let t = &ctx.t;
    let org = ctx.org.id;
    // First, "tell from the reference": the reference pasted from the sheet (`MR（2025年3月）`) names its kind.
    let mut kinds = vec![(String::new(), t.t("input-kind-from-reference"))];
    kinds.extend(options(t, InputKind::ALL, InputKind::as_str, InputKind::label_key));
    let fields = Fields::new(t, &errors)
        .add("kind", "input-kind", &form.kind, Kind::Select(kinds))
        .hint("input-kind-from-reference-hint")
        .add("occurred_on", "input-date", &form.occurred_on, Kind::Date)
        .hint("date-hint")
        .add("reference", "input-reference", &form.reference, Kind::TextArea)
        .required()
        .hint("input-reference-hint")
        .add("archived", "archived", &form.archived, Kind::Check)
        .hint("archived-hint")
        .list;
    let (heading, action) = match existing {
        Some(i) => (t.t("input-edit"), format!("/orgs/{org}/inputs/{}", i.id)),
        None => (t.t("input-new"), format!("/orgs/{org}/objectives/{}/inputs", objective.id)),
    };
    FormPage::for_objective(ctx, objective, heading, action, fields, &form.version, !errors.is_empty()).await
}

pub async fn new(ctx: Ctx, Id(objective_id): Id) -> AppResult<Response> {
    let objective = ctx.objective_to_change(objective_id).await?;
    let form = InputForm::default();
    page(&ctx, &objective, None, form, FieldErrors::default()).await?.show()
}

pub async fn create(ctx: Ctx, Id(objective_id): Id, HtmlForm(form): HtmlForm<InputForm>) -> AppResult<Response> {
    let org = ctx.org.id;
    let objective = ctx.objective_to_change(objective_id).await?;
    let outcome = async {
        let draft = InputDraft::parse(&form)?;
        ctx.store.create_input(org, objective.id, &draft, &ctx.actor()).await.map_err(store_refusal("reference"))?;
        Ok::<_, Refused>(format!("/orgs/{org}/objectives/{}", objective.id))
    }
    .await;
    respond(outcome, |errors| page(&ctx, &objective, None, form, errors)).await
}

pub async fn edit(ctx: Ctx, Id(id): Id) -> AppResult<Response> {
    let input = ctx.store.input(ctx.org.id, id).await?.ok_or(AppError::NotFound)?;
    let objective = ctx.objective_to_change(input.objective_id).await?;
    page(&ctx, &objective, Some(&input), InputForm::from_input(&input), FieldErrors::default()).await?.show()
}

pub async fn update(ctx: Ctx, Id(id): Id, HtmlForm(form): HtmlForm<InputForm>) -> AppResult<Response> {
    let org = ctx.org.id;
    let input = ctx.store.input(org, id).await?.ok_or(AppError::NotFound)?;
    let objective = ctx.objective_to_change(input.objective_id).await?;
    let outcome = async {
        let draft = InputDraft::parse(&form)?;
        let version = form_version(&form.version);
        ctx.store.update_input(org, id, version, &draft, &ctx.actor()).await.map_err(store_refusal("reference"))?;
        Ok::<_, Refused>(format!("/orgs/{org}/objectives/{}", objective.id))
    }
    .await;
    let reload = || async {
        let saved = ctx.store.input(org, id).await?.ok_or(AppError::NotFound)?;
        let history = ctx.store.history(org, "input", id).await?;
        Ok(Conflict::of(&InputForm::from_input(&saved), saved.version, &history))
    };
    respond_update(outcome, |errors| page(&ctx, &objective, Some(&input), form, errors), reload).await
}
