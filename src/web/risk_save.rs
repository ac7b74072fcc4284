//! Creating and editing a risk of the register. The inputs asked for follow
//! the organization's method; the score and the flag are computed, not typed.

use axum::extract::RawQuery;
use axum::response::Response;

use super::extract::{Ctx, HtmlForm, Id};
use super::form_view::{
    Conflict, Fields, FormPage, Kind, Refused, form_version, respond, respond_update, store_refusal,
};
use crate::domain::access::Role;
use crate::domain::form::FieldErrors;
use crate::domain::risk::{Risk, RiskDraft, RiskForm};
use crate::domain::risk_level_words::{LevelStyle, words_of_scale};
use crate::domain::risk_method::{ATV_SCALE, RiskInputsForm, RiskMethod};
use crate::error::{AppError, AppResult};
use crate::i18n::Tr;

async fn page(
    ctx: &Ctx,
    period: i32,
    existing: Option<&Risk>,
    form: RiskForm,
    errors: FieldErrors,
) -> AppResult<FormPage> {
    let t = &ctx.t;
    let org = ctx.org.id;
    let current = existing.and_then(|r| r.risk_owner_user_id.map(|id| (id, r.risk_owner.as_deref())));
    let people = super::people::people_options(ctx, current).await?;
    let i = &form.inputs;
    let mut fields = Fields::new(t, &errors)
        .add("code", "risk-code", &form.code, Kind::Text)
        .required()
        .hint("risk-code-hint")
        .add("asset", "risk-asset", &form.asset, Kind::Text)
        .required()
        .add("asset_owner", "risk-asset-owner", &form.asset_owner, Kind::Text)
        .add("threat", "risk-threat", &form.threat, Kind::Text)
        .required()
        .add("vulnerability", "risk-vulnerability", &form.vulnerability, Kind::Text)
        .required()
        .add("existing_controls", "risk-existing-controls", &form.existing_controls, Kind::TextArea);
    let settings = ctx.org.risk;
    let li = settings.levels;
    fields = match settings.method {
        RiskMethod::LikelihoodImpact => {
            let f = level_field(fields, t, "likelihood", "risk-likelihood", &i.likelihood, li).required();
            level_field(f, t, "impact", "risk-impact", &i.impact, li).required()
        }
        RiskMethod::AssetThreatVulnerability => {
            let f = level_field(fields, t, "confidentiality", "risk-confidentiality", &i.confidentiality, ATV_SCALE);
            let f = level_field(f, t, "integrity", "risk-integrity", &i.integrity, ATV_SCALE);
            let f = level_field(f, t, "availability", "risk-availability", &i.availability, ATV_SCALE);
            let f = level_field(f, t, "asset_value", "risk-asset-value", &i.asset_value, ATV_SCALE)
                .hint("risk-asset-value-hint");
            let f = level_field(f, t, "threat_level", "risk-threat-level", &i.threat_level, ATV_SCALE).required();
            level_field(f, t, "vulnerability_level", "risk-vulnerability-level", &i.vulnerability_level, ATV_SCALE)
                .required()
        }
    };
    let fields = fields
        .add("risk_owner_user_id", "risk-owner", &form.risk_owner_user_id, Kind::Select(people))
        .hint("risk-owner-hint")
        .add("risk_owner", "risk-owner-name", &form.risk_owner, Kind::Text)
        .add("assessed_on", "risk-assessed-on", &form.assessed_on, Kind::Date)
        .hint("date-hint")
        .add("archived", "archived", &form.archived, Kind::Check)
        .hint("archived-hint")
        .list;
    let (heading, action, cancel) = match existing {
        Some(r) => {
            let url = format!("/orgs/{org}/risks/{}", r.id);
            (t.ta1("risk-edit", "code", &r.code), url.clone(), url)
        }
        None => (t.t("risk-new"), format!("/orgs/{org}/risks"), format!("/orgs/{org}/risks?period={period}")),
    };
    Ok(FormPage {
        t: *t,
        chrome: Some(ctx.chrome(period, "risks").await?),
        heading,
        context: Some(t.ta1("risk-method-line", "method", t.t(ctx.org.risk.method.label_key()))),
        action,
        cancel,
        fields,
        hidden: vec![("period".into(), period.to_string()), ("version".into(), form.version.clone())],
        has_errors: !errors.is_empty(),
        conflict: None,
    })
}

/// A level typed as a number or a word of its scale; the browser offers both.
fn level_field<'a>(fields: Fields<'a>, t: &Tr, name: &str, label: &str, value: &str, scale: u8) -> Fields<'a> {
    let mut offered: Vec<String> = (1..=scale).rev().map(|v| v.to_string()).collect();
    offered.extend((1..=scale).rev().map(|v| t.level(LevelStyle::Words, Some(v), scale)));
    let hint = t.ta2("risk-level-hint", "max", scale, "words", words_of_scale(scale));
    fields.add(name, label, value, Kind::Suggest(offered)).hint_text(hint)
}

/// The form of a stored risk, its levels written as the organization shows them.
fn form_of(ctx: &Ctx, r: &Risk) -> RiskForm {
    let settings = ctx.org.risk;
    let mut form = RiskForm::from_risk(r);
    let write = |level, scale| ctx.t.level(settings.level_style, Some(level), scale);
    form.inputs = RiskInputsForm::written(&r.inputs, &settings, write);
    form
}

/// The risk owner's name shown for a chosen user, as for plans.
/// A former member stays the owner of the risks they owned (`existing`)
/// until someone else is chosen.
async fn with_owner_name(ctx: &Ctx, mut draft: RiskDraft, existing: Option<&Risk>) -> AppResult<RiskDraft> {
    if let Some(user) = draft.risk_owner_user_id {
        let kept = existing.and_then(|r| r.risk_owner_user_id.map(|id| (id, r.risk_owner.as_deref())));
        let Some(name) = super::people::chosen_name(ctx, user, kept).await? else { return Err(AppError::BadRequest) };
        draft.risk_owner = Some(name);
    }
    Ok(draft)
}

/// A risk the viewer may change: the secretariat any of an open period, an
/// owner the risks they own.
pub async fn updatable_risk(ctx: &Ctx, id: i64) -> AppResult<Risk> {
    let risk = ctx.store.risk(ctx.org.id, id).await?.ok_or(AppError::NotFound)?;
    let own = ctx.role() == Role::Owner && risk.risk_owner_user_id == Some(ctx.viewer.user.id);
    if !(ctx.role().edits_everything() || own) {
        return Err(AppError::Forbidden);
    }
    ctx.require_open(risk.period)?;
    Ok(risk)
}

pub async fn new(ctx: Ctx, RawQuery(raw): RawQuery) -> AppResult<Response> {
    let period = ctx.period_param(raw.as_deref().and_then(|q| q.strip_prefix("period=")));
    ctx.require_open(period)?;
    page(&ctx, period, None, RiskForm::default(), FieldErrors::default()).await?.show()
}

pub async fn create(ctx: Ctx, HtmlForm(form): HtmlForm<RiskForm>) -> AppResult<Response> {
    let org = ctx.org.id;
    let period = ctx.period_param(Some(&form.period));
    ctx.require_open(period)?;
    let outcome = async {
        let draft = with_owner_name(&ctx, RiskDraft::parse(&form, &ctx.org.risk)?, None).await?;
        let id = ctx.store.create_risk(org, period, &draft, &ctx.actor()).await.map_err(store_refusal("code"))?;
        Ok::<_, Refused>(format!("/orgs/{org}/risks/{id}"))
    }
    .await;
    respond(outcome, |errors| page(&ctx, period, None, form, errors)).await
}

pub async fn edit(ctx: Ctx, Id(id): Id) -> AppResult<Response> {
    let risk = updatable_risk(&ctx, id).await?;
    page(&ctx, risk.period, Some(&risk), form_of(&ctx, &risk), FieldErrors::default()).await?.show()
}

pub async fn update(ctx: Ctx, Id(id): Id, HtmlForm(form): HtmlForm<RiskForm>) -> AppResult<Response> {
    let org = ctx.org.id;
    let risk = updatable_risk(&ctx, id).await?;
    let outcome = async {
        let mut draft = with_owner_name(&ctx, RiskDraft::parse(&form, &ctx.org.risk)?, Some(&risk)).await?;
        if !ctx.role().edits_everything() {
            // A risk owner cannot hand the risk to someone else.
            draft.risk_owner_user_id = risk.risk_owner_user_id;
            draft.risk_owner = risk.risk_owner.clone();
        }
        let version = form_version(&form.version);
        ctx.store.update_risk(org, id, version, &draft, &ctx.actor()).await.map_err(store_refusal("code"))?;
        Ok::<_, Refused>(format!("/orgs/{org}/risks/{id}"))
    }
    .await;
    let reload = || async {
        let saved = ctx.store.risk(org, id).await?.ok_or(AppError::NotFound)?;
        let history = ctx.store.history(org, "risk", id).await?;
        Ok(Conflict::of(&form_of(&ctx, &saved), saved.version, &history))
    };
    respond_update(outcome, |errors| page(&ctx, risk.period, Some(&risk), form, errors), reload).await
}
