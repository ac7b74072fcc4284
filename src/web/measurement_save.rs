//! Recording a measurement of an indicator (9.1), and correcting one. A
//! correction is a new measurement that supersedes the old one: nothing is
//! ever changed, both stay visible.

use axum::response::Response;

use super::extract::{Ctx, HtmlForm, Id};
use super::form_view::{Fields, FormPage, Kind, Refused, respond, store_refusal};
use super::page::saved;
use crate::domain::access::Role;
use crate::domain::form::FieldErrors;
use crate::domain::indicator::{Indicator, format_number};
use crate::domain::invalid::Invalid;
use crate::domain::measurement::{Measurement, MeasurementDraft, MeasurementForm};
use crate::error::{AppError, AppResult};
use crate::store::StoreError;

/// Whether the viewer may record measurements of `indicator`: the secretariat
/// always, an owner when a plan of the indicator's objective names them.
pub async fn may_record(ctx: &Ctx, indicator: &Indicator) -> AppResult<bool> {
    if ctx.role().edits_everything() {
        return Ok(true);
    }
    if ctx.role() != Role::Owner {
        return Ok(false);
    }
    let me = Some(ctx.viewer.user.id);
    Ok(ctx.store.plans(ctx.org.id, indicator.objective_id).await?.iter().any(|p| p.responsible_user_id == me))
}

/// The indicator of the URL, if the viewer may record its measurements.
async fn recordable_indicator(ctx: &Ctx, id: i64) -> AppResult<Indicator> {
    let indicator = ctx.store.indicator(ctx.org.id, id).await?.ok_or(AppError::NotFound)?;
    if may_record(ctx, &indicator).await? { Ok(indicator) } else { Err(AppError::Forbidden) }
}

async fn page(
    ctx: &Ctx,
    indicator: &Indicator,
    corrects: Option<&Measurement>,
    form: MeasurementForm,
    errors: FieldErrors,
) -> AppResult<FormPage> {
    let t = &ctx.t;
    let org = ctx.org.id;
    let objective = ctx.objective(indicator.objective_id).await?;
    let fields = Fields::new(t, &errors)
        .add("measured_on", "measurement-date", &form.measured_on, Kind::Date)
        .required()
        .hint("date-hint")
        .add("value", "measurement-value", &form.value, Kind::Number)
        .required()
        .hint("measurement-value-hint")
        .add("note", "measurement-note", &form.note, Kind::TextArea)
        .hint("measurement-note-hint")
        .list;
    let (heading, action) = match corrects {
        Some(m) => (t.t("measurement-correct"), format!("/orgs/{org}/measurements/{}/correct", m.id)),
        None => (t.t("measurement-new"), format!("/orgs/{org}/indicators/{}/measurements/new", indicator.id)),
    };
    let mut page = FormPage::for_objective(ctx, &objective, heading, action, fields, "", !errors.is_empty()).await?;
    let unit = indicator.unit.as_deref().unwrap_or("—");
    let mut context = format!(
        "{} {} · {}: {} ({}: {unit})",
        objective.code,
        objective.title,
        t.t("indicator-name"),
        indicator.name,
        t.t("indicator-unit")
    );
    if let Some(m) = corrects {
        let was = t.ta2("measurement-corrects", "date", t.date(&m.measured_on), "value", m.value_text(Some(unit)));
        context = format!("{context} · {was}");
    }
    page.context = Some(context);
    page.cancel = format!("/orgs/{org}/indicators/{}", indicator.id);
    page.hidden.clear();
    Ok(page)
}

/// A correction of a measurement that was corrected already is refused on the value.
fn refusal(e: StoreError) -> Refused {
    if matches!(e, StoreError::Duplicate) {
        let mut errors = FieldErrors::default();
        errors.add("value", Invalid::new("invalid-measurement-corrected"));
        return Refused::Form(errors);
    }
    store_refusal("value")(e)
}

pub async fn new(ctx: Ctx, Id(indicator_id): Id) -> AppResult<Response> {
    let indicator = recordable_indicator(&ctx, indicator_id).await?;
    let form = MeasurementForm { measured_on: ctx.today.to_string(), ..Default::default() };
    page(&ctx, &indicator, None, form, FieldErrors::default()).await?.show()
}

pub async fn create(ctx: Ctx, Id(indicator_id): Id, HtmlForm(form): HtmlForm<MeasurementForm>) -> AppResult<Response> {
    let org = ctx.org.id;
    let indicator = recordable_indicator(&ctx, indicator_id).await?;
    let outcome = async {
        let draft = MeasurementDraft::parse(&form)?;
        ctx.store.record_measurement(org, indicator.id, None, &draft, &ctx.actor()).await.map_err(refusal)?;
        Ok::<_, Refused>(format!("/orgs/{org}/indicators/{}", indicator.id))
    }
    .await;
    respond(outcome, |errors| page(&ctx, &indicator, None, form, errors)).await
}

/// The measurement of the URL and its indicator, if the viewer may record it.
async fn correctable(ctx: &Ctx, id: i64) -> AppResult<(Measurement, Indicator)> {
    let measurement = ctx.store.measurement(ctx.org.id, id).await?.ok_or(AppError::NotFound)?;
    let indicator = recordable_indicator(ctx, measurement.indicator_id).await?;
    Ok((measurement, indicator))
}

pub async fn correct_form(ctx: Ctx, Id(id): Id) -> AppResult<Response> {
    let (measurement, indicator) = correctable(&ctx, id).await?;
    // Corrected already: what is left to correct is the correction.
    if let Some(newer) = ctx.store.superseded_by(ctx.org.id, id).await? {
        return saved(format!("/orgs/{}/measurements/{newer}/correct", ctx.org.id));
    }
    let form = MeasurementForm {
        measured_on: measurement.measured_on.to_string(),
        value: format_number(measurement.value),
        note: measurement.note.clone().unwrap_or_default(),
    };
    page(&ctx, &indicator, Some(&measurement), form, FieldErrors::default()).await?.show()
}

pub async fn correct(ctx: Ctx, Id(id): Id, HtmlForm(form): HtmlForm<MeasurementForm>) -> AppResult<Response> {
    let org = ctx.org.id;
    let (measurement, indicator) = correctable(&ctx, id).await?;
    let outcome = async {
        let draft = MeasurementDraft::parse(&form)?;
        ctx.store.record_measurement(org, indicator.id, Some(id), &draft, &ctx.actor()).await.map_err(refusal)?;
        Ok::<_, Refused>(format!("/orgs/{org}/indicators/{}", indicator.id))
    }
    .await;
    respond(outcome, |errors| page(&ctx, &indicator, Some(&measurement), form, errors)).await
}
