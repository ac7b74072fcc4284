//! Recording and editing a review of an objective (見直し, 6.2 e): its trigger
//! and the decision to keep, change or close it.

use axum::response::Response;

use super::extract::{Ctx, HtmlForm, Id};
use super::form_view::{
    Conflict, Fields, FormPage, Kind, Refused, form_version, respond, respond_update, store_refusal,
};
use super::page::options;
use crate::domain::form::FieldErrors;
use crate::domain::objective::Objective;
use crate::domain::review::{Review, ReviewDecision, ReviewDraft, ReviewForm};
use crate::error::{AppError, AppResult};

async fn page(
    ctx: &Ctx,
    objective: &Objective,
    existing: Option<&Review>,
    form: ReviewForm,
    errors: FieldErrors,
) -> AppResult<FormPage> {
    let t = &ctx.t;
    let org = ctx.org.id;
    let decisions = options(t, ReviewDecision::ALL, ReviewDecision::as_str, ReviewDecision::label_key);
    let fields = Fields::new(t, &errors)
        .add("reviewed_on", "review-date", &form.reviewed_on, Kind::Date)
        .required()
        .hint("date-hint")
        .add("reviewer", "review-reviewer", &form.reviewer, Kind::Text)
        .required()
        .add("trigger", "review-trigger", &form.trigger, Kind::TextArea)
        .required()
        .hint("review-trigger-hint")
        .add("decision", "review-decision", &form.decision, Kind::Select(decisions))
        .required()
        .add("notes", "review-notes", &form.notes, Kind::TextArea)
        .hint("review-notes-hint")
        .add("archived", "archived", &form.archived, Kind::Check)
        .hint("archived-hint")
        .list;
    let (heading, action) = match existing {
        Some(r) => (t.t("review-edit"), format!("/orgs/{org}/reviews/{}", r.id)),
        None => (t.t("review-new"), format!("/orgs/{org}/objectives/{}/reviews", objective.id)),
    };
    FormPage::for_objective(ctx, objective, heading, action, fields, &form.version, !errors.is_empty()).await
}

pub async fn new(ctx: Ctx, Id(objective_id): Id) -> AppResult<Response> {
    let objective = ctx.objective(objective_id).await?;
    let form = ReviewForm {
        reviewed_on: ctx.today.to_string(),
        reviewer: ctx.viewer.user.display_name.clone(),
        decision: ReviewDecision::Keep.as_str().into(),
        ..Default::default()
    };
    page(&ctx, &objective, None, form, FieldErrors::default()).await?.show()
}

pub async fn create(ctx: Ctx, Id(objective_id): Id, HtmlForm(form): HtmlForm<ReviewForm>) -> AppResult<Response> {
    let org = ctx.org.id;
    let objective = ctx.objective(objective_id).await?;
    let outcome = async {
        let draft = ReviewDraft::parse(&form)?;
        ctx.store.create_review(org, objective.id, &draft, &ctx.actor()).await.map_err(store_refusal("trigger"))?;
        Ok::<_, Refused>(format!("/orgs/{org}/objectives/{}#reviews-title", objective.id))
    }
    .await;
    respond(outcome, |errors| page(&ctx, &objective, None, form, errors)).await
}

pub async fn edit(ctx: Ctx, Id(id): Id) -> AppResult<Response> {
    let review = ctx.store.review(ctx.org.id, id).await?.ok_or(AppError::NotFound)?;
    let objective = ctx.objective(review.objective_id).await?;
    page(&ctx, &objective, Some(&review), ReviewForm::from_review(&review), FieldErrors::default()).await?.show()
}

pub async fn update(ctx: Ctx, Id(id): Id, HtmlForm(form): HtmlForm<ReviewForm>) -> AppResult<Response> {
    let org = ctx.org.id;
    let review = ctx.store.review(org, id).await?.ok_or(AppError::NotFound)?;
    let objective = ctx.objective(review.objective_id).await?;
    let outcome = async {
        let draft = ReviewDraft::parse(&form)?;
        let version = form_version(&form.version);
        ctx.store.update_review(org, id, version, &draft, &ctx.actor()).await.map_err(store_refusal("trigger"))?;
        Ok::<_, Refused>(format!("/orgs/{org}/objectives/{}#reviews-title", objective.id))
    }
    .await;
    let reload = || async {
        let saved = ctx.store.review(org, id).await?.ok_or(AppError::NotFound)?;
        let history = ctx.store.history(org, "review", id).await?;
        Ok(Conflict::of(&ReviewForm::from_review(&saved), saved.version, &history))
    };
    respond_update(outcome, |errors| page(&ctx, &objective, Some(&review), form, errors), reload).await
}
