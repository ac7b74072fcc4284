//! Creating and editing an indicator (6.2 b) of an objective.

use axum::response::Response;

use super::extract::{Ctx, HtmlForm, Id};
use super::form_view::{
    Conflict, Fields, FormPage, Kind, Refused, form_version, respond, respond_update, store_refusal,
};
use super::page::options;
use crate::domain::form::FieldErrors;
use crate::domain::indicator::{Direction, Frequency, Indicator, IndicatorDraft, IndicatorForm};
use crate::domain::objective::Objective;
use crate::error::{AppError, AppResult};

async fn page(
    ctx: &Ctx,
    objective: &Objective,
    existing: Option<&Indicator>,
    form: IndicatorForm,
    errors: FieldErrors,
) -> AppResult<FormPage> {
    let t = &ctx.t;
    let org = ctx.org.id;
    let fields = Fields::new(t, &errors)
        .add("wording", "indicator-wording", &form.wording, Kind::Text)
        .hint("indicator-wording-hint")
        .add("name", "indicator-name", &form.name, Kind::Text)
        .add("unit", "indicator-unit", &form.unit, Kind::Text)
        .hint("indicator-unit-hint")
        .add(
            "direction",
            "indicator-direction",
            &form.direction,
            Kind::Select(options(t, Direction::ALL, Direction::as_str, Direction::label_key)),
        )
        .add("baseline", "indicator-baseline", &form.baseline, Kind::Number)
        .add("target", "indicator-target", &form.target, Kind::Number)
        .add("target_date", "indicator-target-date", &form.target_date, Kind::Date)
        .hint("indicator-target-date-hint")
        .add(
            "frequency",
            "indicator-frequency",
            &form.frequency,
            Kind::Select(options(t, Frequency::ALL, Frequency::as_str, Frequency::label_key)),
        )
        .add("archived", "archived", &form.archived, Kind::Check)
        .hint("archived-hint")
        .list;
    let objective_url = format!("/orgs/{org}/objectives/{}", objective.id);
    let (heading, action) = match existing {
        Some(i) => (t.t("indicator-edit"), format!("/orgs/{org}/indicators/{}", i.id)),
        None => (t.t("indicator-new"), format!("{objective_url}/indicators")),
    };
    FormPage::for_objective(ctx, objective, heading, action, fields, &form.version, !errors.is_empty()).await
}

pub async fn new(ctx: Ctx, Id(objective_id): Id) -> AppResult<Response> {
    let objective = ctx.objective_to_change(objective_id).await?;
    let form = IndicatorForm {
        direction: Direction::Higher.as_str().into(),
        frequency: Frequency::Monthly.as_str().into(),
        ..Default::default()
    };
    page(&ctx, &objective, None, form, FieldErrors::default()).await?.show()
}

pub async fn create(ctx: Ctx, Id(objective_id): Id, HtmlForm(form): HtmlForm<IndicatorForm>) -> AppResult<Response> {
    let org = ctx.org.id;
    let objective = ctx.objective_to_change(objective_id).await?;
    let outcome = async {
        let draft = IndicatorDraft::parse(&form)?;
        ctx.store.create_indicator(org, objective.id, &draft, &ctx.actor()).await.map_err(store_refusal("name"))?;
        Ok::<_, Refused>(format!("/orgs/{org}/objectives/{}", objective.id))
    }
    .await;
    respond(outcome, |errors| page(&ctx, &objective, None, form, errors)).await
}

pub async fn edit(ctx: Ctx, Id(id): Id) -> AppResult<Response> {
    let indicator = ctx.store.indicator(ctx.org.id, id).await?.ok_or(AppError::NotFound)?;
    let objective = ctx.objective_to_change(indicator.objective_id).await?;
    let form = IndicatorForm::from_indicator(&indicator);
    page(&ctx, &objective, Some(&indicator), form, FieldErrors::default()).await?.show()
}

pub async fn update(ctx: Ctx, Id(id): Id, HtmlForm(form): HtmlForm<IndicatorForm>) -> AppResult<Response> {
    let org = ctx.org.id;
    let indicator = ctx.store.indicator(org, id).await?.ok_or(AppError::NotFound)?;
    let objective = ctx.objective_to_change(indicator.objective_id).await?;
    let outcome = async {
        let draft = IndicatorDraft::parse(&form)?;
        let version = form_version(&form.version);
        ctx.store.update_indicator(org, id, version, &draft, &ctx.actor()).await.map_err(store_refusal("name"))?;
        Ok::<_, Refused>(format!("/orgs/{org}/objectives/{}", objective.id))
    }
    .await;
    let reload = || async {
        let saved = ctx.store.indicator(org, id).await?.ok_or(AppError::NotFound)?;
        let history = ctx.store.history(org, "indicator", id).await?;
        Ok(Conflict::of(&IndicatorForm::from_indicator(&saved), saved.version, &history))
    };
    respond_update(outcome, |errors| page(&ctx, &objective, Some(&indicator), form, errors), reload).await
}
