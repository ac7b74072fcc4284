//! Creating and editing an objective.

use axum::extract::RawQuery;
use axum::response::Response;

use super::extract::{Ctx, HtmlForm, Id};
use super::form_view::{
    Conflict, Fields, FormPage, Kind, Refused, form_version, respond, respond_update, store_refusal,
};
use super::page::options;
use crate::domain::form::FieldErrors;
use crate::domain::objective::{Objective, ObjectiveDraft, ObjectiveForm, ObjectiveStatus};
use crate::error::{AppError, AppResult};

/// The statements an objective can link to: the current policy's, plus any
/// older ones it already links to (so editing does not silently drop them).
async fn statement_options(ctx: &Ctx, linked: &[String]) -> AppResult<Vec<(String, String)>> {
    let current = ctx.store.current_policy(ctx.org.id).await?;
    let all = ctx.store.statements(ctx.org.id, None).await?;
    Ok(all
        .into_iter()
        .filter(|s| {
            let in_current = current.as_ref().is_some_and(|c| c.id == s.policy_version_id) && !s.archived;
            in_current || linked.contains(&s.id.to_string())
        })
        .map(|s| (s.id.to_string(), format!("{} {}", s.reference(), s.text)))
        .collect())
}

/// The form page; `existing` is the objective being edited, if any.
async fn page(
    ctx: &Ctx,
    existing: Option<&Objective>,
    form: ObjectiveForm,
    errors: FieldErrors,
) -> AppResult<FormPage> {
    let t = &ctx.t;
    let org = ctx.org.id;
    let period = existing.map(|o| o.period).unwrap_or_else(|| ctx.period_param(Some(&form.period)));
    let statements = statement_options(ctx, &form.statements).await?;
    let risks: Vec<(String, String)> = ctx
        .store
        .risks(org, period)
        .await?
        .into_iter()
        .filter(|r| !r.archived || form.risks.contains(&r.id.to_string()))
        .map(|r| (r.id.to_string(), format!("{} {} / {}", r.code, r.asset, r.threat)))
        .collect();
    let statuses = options(t, ObjectiveStatus::ALL, ObjectiveStatus::as_str, ObjectiveStatus::label_key);
    let fields = Fields::new(t, &errors)
        .add("code", "objective-code", &form.code, Kind::Text)
        .required()
        .hint("objective-code-hint")
        .add("title", "objective-title", &form.title, Kind::TextArea)
        .required()
        .add("description", "objective-description", &form.description, Kind::TextArea)
        .add("department", "objective-department", &form.department, Kind::Text)
        .add("level", "objective-level", &form.level, Kind::Text)
        .hint("objective-level-hint")
        .add("status", "objective-status", &form.status, Kind::Select(statuses))
        .add("statements", "objective-statements", "", Kind::Checks(statements, form.statements.clone()))
        .hint("objective-statements-hint")
        .add("risks", "objective-risks", "", Kind::Checks(risks, form.risks.clone()))
        .hint("objective-risks-hint")
        .add("unmeasurable_reason", "objective-unmeasurable-reason", &form.unmeasurable_reason, Kind::TextArea)
        .hint("objective-unmeasurable-hint")
        .add("qualitative_method", "objective-qualitative-method", &form.qualitative_method, Kind::TextArea)
        .list;
    let (heading, action, cancel) = match existing {
        Some(o) => {
            let url = format!("/orgs/{org}/objectives/{}", o.id);
            (t.ta("objective-edit", &[("code", o.code.to_string())]), url.clone(), url)
        }
        None => {
            (t.t("objective-new"), format!("/orgs/{org}/objectives"), format!("/orgs/{org}/objectives?period={period}"))
        }
    };
    Ok(FormPage {
        t: *t,
        chrome: Some(ctx.chrome(period, "objectives").await?),
        heading,
        context: Some(t.fiscal_year(&period)),
        action,
        cancel,
        fields,
        hidden: vec![("period".into(), period.to_string()), ("version".into(), form.version.clone())],
        has_errors: !errors.is_empty(),
        conflict: None,
    })
}

pub async fn new(ctx: Ctx, RawQuery(raw): RawQuery) -> AppResult<Response> {
    let period = ctx.period_param(raw.as_deref().and_then(|q| q.strip_prefix("period=")));
    ctx.require_open(period)?;
    let form = ObjectiveForm { period: period.to_string(), status: "draft".into(), ..Default::default() };
    page(&ctx, None, form, FieldErrors::default()).await?.show()
}

pub async fn create(ctx: Ctx, HtmlForm(form): HtmlForm<ObjectiveForm>) -> AppResult<Response> {
    let org = ctx.org.id;
    let period = ctx.period_param(Some(&form.period));
    ctx.require_open(period)?;
    let outcome = async {
        let draft = ObjectiveDraft::parse(&form)?;
        let id = ctx.store.create_objective(org, period, &draft, &ctx.actor()).await.map_err(store_refusal("code"))?;
        Ok::<_, Refused>(format!("/orgs/{org}/objectives/{id}"))
    }
    .await;
    respond(outcome, |errors| page(&ctx, None, form, errors)).await
}

pub async fn edit(ctx: Ctx, Id(id): Id) -> AppResult<Response> {
    let objective = ctx.objective_to_change(id).await?;
    let links = ctx.store.objective_statement_ids(ctx.org.id, id).await?;
    let risks = ctx.store.objective_risk_ids(ctx.org.id, id).await?;
    let form = ObjectiveForm::from_objective(&objective, &links, &risks);
    page(&ctx, Some(&objective), form, FieldErrors::default()).await?.show()
}

pub async fn update(ctx: Ctx, Id(id): Id, HtmlForm(form): HtmlForm<ObjectiveForm>) -> AppResult<Response> {
    let org = ctx.org.id;
    let objective = ctx.objective_to_change(id).await?;
    let outcome = async {
        let draft = ObjectiveDraft::parse(&form)?;
        let version = form_version(&form.version);
        ctx.store.update_objective(org, id, version, &draft, &ctx.actor()).await.map_err(store_refusal("code"))?;
        Ok::<_, Refused>(format!("/orgs/{org}/objectives/{id}"))
    }
    .await;
    let reload = || async {
        let saved = ctx.store.objective(org, id).await?.ok_or(AppError::NotFound)?;
        let links = ctx.store.objective_statement_ids(org, id).await?;
        let risks = ctx.store.objective_risk_ids(org, id).await?;
        let history = ctx.store.history(org, "objective", id).await?;
        Ok(Conflict::of(&ObjectiveForm::from_objective(&saved, &links, &risks), saved.version, &history))
    };
    respond_update(outcome, |errors| page(&ctx, Some(&objective), form, errors), reload).await
}
