//! A risk's treatment (6.1.3): option, controls, input, target residual
//! score; and the risk owner's approval of the plan and of the residual risk.

use axum::response::Response;
use serde::Deserialize;

use super::extract::{Ctx, HtmlForm, Id};
use super::form_view::{Conflict, Fields, FormPage, Kind, Refused, respond_update, store_refusal};
use super::page::{options, saved};
use crate::domain::access::Role;
use crate::domain::controls::annex_a_ids;
use crate::domain::form::FieldErrors;
use crate::domain::risk::{Risk, TreatmentDraft, TreatmentForm, TreatmentOption};
use crate::error::{AppError, AppResult};

async fn page(ctx: &Ctx, risk: &Risk, form: TreatmentForm, errors: FieldErrors) -> AppResult<FormPage> {
    let t = &ctx.t;
    let org = ctx.org.id;
    let choices = options(t, TreatmentOption::ALL, TreatmentOption::as_str, TreatmentOption::label_key);
    let fields = Fields::new(t, &errors)
        .add("option", "treatment-option", &form.option, Kind::Select(choices))
        .required()
        .add("controls", "treatment-controls", &form.controls, Kind::Suggest(annex_a_ids()))
        .hint("treatment-controls-hint")
        .add("input", "treatment-input", &form.input, Kind::Text)
        .add("target_residual", "treatment-target-residual", &form.target_residual, Kind::Number)
        .list;
    let url = format!("/orgs/{org}/risks/{}", risk.id);
    Ok(FormPage {
        t: *t,
        chrome: Some(ctx.chrome(risk.period, "risks").await?),
        heading: t.ta1("treatment-of", "code", &risk.code),
        context: Some(format!(
            "{} {} / {} ({} {})",
            risk.code,
            risk.asset,
            risk.threat,
            t.t("risk-score"),
            risk.score.unwrap_or(0)
        )),
        action: format!("{url}/treatment"),
        cancel: url,
        fields,
        hidden: vec![("version".into(), form.version.clone())],
        has_errors: !errors.is_empty(),
        conflict: None,
    })
}

async fn risk_to_treat(ctx: &Ctx, id: i64) -> AppResult<Risk> {
    let risk = ctx.store.risk(ctx.org.id, id).await?.ok_or(AppError::NotFound)?;
    ctx.require_open(risk.period)?;
    Ok(risk)
}

pub async fn edit(ctx: Ctx, Id(id): Id) -> AppResult<Response> {
    let risk = risk_to_treat(&ctx, id).await?;
    let form = match ctx.store.treatment(ctx.org.id, id).await? {
        Some(tr) => TreatmentForm::from_treatment(&tr),
        None => TreatmentForm { option: TreatmentOption::Reduce.as_str().into(), ..Default::default() },
    };
    page(&ctx, &risk, form, FieldErrors::default()).await?.show()
}

pub async fn save(ctx: Ctx, Id(id): Id, HtmlForm(form): HtmlForm<TreatmentForm>) -> AppResult<Response> {
    let org = ctx.org.id;
    let risk = risk_to_treat(&ctx, id).await?;
    let outcome = async {
        let draft = TreatmentDraft::parse(&form, &ctx.org.risk)?;
        // A first treatment carries no version; a revision the one it was opened on.
        let expected =
            if form.version.trim().is_empty() { None } else { Some(super::form_view::form_version(&form.version)) };
        ctx.store.save_treatment(org, id, expected, &draft, &ctx.actor()).await.map_err(store_refusal("option"))?;
        Ok::<_, Refused>(format!("/orgs/{org}/risks/{id}"))
    }
    .await;
    let reload = || async {
        let saved = ctx.store.treatment(org, id).await?;
        let version = saved.as_ref().map(|t| t.version).unwrap_or(0);
        let history = match &saved {
            Some(tr) => ctx.store.history(org, "treatment", tr.id).await?,
            None => Vec::new(),
        };
        Ok(Conflict::of(&saved.as_ref().map(TreatmentForm::from_treatment).unwrap_or_default(), version, &history))
    };
    respond_update(outcome, |errors| page(&ctx, &risk, form, errors), reload).await
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct ApproveForm {
    plan: String,
    residual: String,
}

/// The risk owner (or the secretariat) approves the treatment plan and/or the residual risk.
pub async fn approve(ctx: Ctx, Id(id): Id, HtmlForm(form): HtmlForm<ApproveForm>) -> AppResult<Response> {
    let org = ctx.org.id;
    let risk = risk_to_treat(&ctx, id).await?;
    let owner = ctx.role() == Role::Owner && risk.risk_owner_user_id == Some(ctx.viewer.user.id);
    if !(ctx.role().edits_everything() || owner) {
        return Err(AppError::Forbidden);
    }
    let (plan, residual) = (!form.plan.is_empty(), !form.residual.is_empty());
    if !(plan || residual) {
        return saved(format!("/orgs/{org}/risks/{id}"));
    }
    ctx.store.approve_treatment(org, id, plan, residual, &ctx.viewer.user.display_name, &ctx.actor()).await?;
    saved(format!("/orgs/{org}/risks/{id}"))
}
