//! Evaluating an objective or a plan at its deadline or the period's end.
//! Allowed on ended periods too: evaluation comes after the year is over.

use axum::response::Response;

use super::extract::{Ctx, HtmlForm, Id};
use super::form_view::{Conflict, Fields, FormPage, Kind, Refused, respond_update, store_refusal};
use super::holder::Holder;
use super::page::options;
use crate::domain::evaluation::{EvaluationDraft, EvaluationForm, EvaluationResult};
use crate::domain::form::FieldErrors;
use crate::error::AppResult;

/// What is being evaluated: the record kind, its id, what it belongs to (the
/// objective, or what a plan serves), and how people name it.
struct Subject {
    kind: &'static str,
    id: i64,
    holder: Holder,
    name: String,
    back: String,
}

async fn objective_subject(ctx: &Ctx, id: i64) -> AppResult<Subject> {
    let objective = ctx.objective(id).await?;
    Ok(Subject {
        kind: "objective",
        id,
        name: ctx.t.ta1("objective-label", "code", &objective.code),
        back: format!("/orgs/{}/objectives/{id}", ctx.org.id),
        holder: Holder::of_objective(ctx.org.id, &objective),
    })
}

/// A plan of an objective or of a risk treatment: both are evaluated alike.
async fn plan_subject(ctx: &Ctx, id: i64) -> AppResult<Subject> {
    let plan = ctx.store.plan(ctx.org.id, id).await?.ok_or(crate::error::AppError::NotFound)?;
    let holder = ctx.holder_of(plan.parent).await?;
    Ok(Subject {
        kind: "plan",
        id,
        name: ctx.t.ta1("plan-label", "number", holder.number(&plan)),
        back: format!("/orgs/{}/plans/{id}", ctx.org.id),
        holder,
    })
}

async fn page(ctx: &Ctx, s: &Subject, form: EvaluationForm, errors: FieldErrors) -> AppResult<FormPage> {
    let t = &ctx.t;
    let results = options(t, EvaluationResult::ALL, EvaluationResult::as_str, EvaluationResult::label_key);
    let fields = Fields::new(t, &errors)
        .add("result", "evaluation-result", &form.result, Kind::Select(results))
        .required()
        .add("measured_value", "evaluation-measured-value", &form.measured_value, Kind::Text)
        .hint("evaluation-measured-value-hint")
        .add("evidence", "evaluation-evidence", &form.evidence, Kind::TextArea)
        .hint("evaluation-evidence-hint")
        .add("evaluator", "evaluation-evaluator", &form.evaluator, Kind::Text)
        .required()
        .add("evaluated_on", "evaluation-date", &form.evaluated_on, Kind::Date)
        .required()
        .hint("date-hint")
        .add("next_action", "evaluation-next-action", &form.next_action, Kind::TextArea)
        .list;
    let heading = t.ta1("evaluation-of", "name", &s.name);
    let action = format!("{}/evaluation", s.back);
    let mut page =
        FormPage::for_holder(ctx, &s.holder, heading, action, fields, &form.version, !errors.is_empty()).await?;
    page.cancel = s.back.clone();
    Ok(page)
}

async fn show(ctx: Ctx, s: Subject) -> AppResult<Response> {
    let form = match ctx.store.evaluation(ctx.org.id, s.kind, s.id).await? {
        Some(e) => EvaluationForm::from_evaluation(&e),
        None => EvaluationForm {
            evaluator: ctx.viewer.user.display_name.clone(),
            evaluated_on: ctx.today.to_string(),
            version: String::new(),
            ..Default::default()
        },
    };
    page(&ctx, &s, form, FieldErrors::default()).await?.show()
}

async fn save(ctx: Ctx, s: Subject, form: EvaluationForm) -> AppResult<Response> {
    let org = ctx.org.id;
    let outcome = async {
        let draft = EvaluationDraft::parse(&form)?;
        // A first evaluation carries no version; a revision carries the one it was opened on.
        let expected =
            if form.version.trim().is_empty() { None } else { Some(super::form_view::form_version(&form.version)) };
        ctx.store
            .save_evaluation(org, s.kind, s.id, expected, &draft, &ctx.actor())
            .await
            .map_err(store_refusal("result"))?;
        Ok::<_, Refused>(s.back.clone())
    }
    .await;
    let reload = || async {
        let saved = ctx.store.evaluation(org, s.kind, s.id).await?;
        let history = ctx.store.history(org, &format!("{}_evaluation", s.kind), s.id).await?;
        let version = saved.as_ref().map(|e| e.version).unwrap_or(0);
        let form = saved.as_ref().map(EvaluationForm::from_evaluation).unwrap_or_default();
        Ok(Conflict::of(&form, version, &history))
    };
    respond_update(outcome, |errors| page(&ctx, &s, form, errors), reload).await
}

pub async fn objective_form(ctx: Ctx, Id(id): Id) -> AppResult<Response> {
    let s = objective_subject(&ctx, id).await?;
    show(ctx, s).await
}

pub async fn objective_save(ctx: Ctx, Id(id): Id, HtmlForm(form): HtmlForm<EvaluationForm>) -> AppResult<Response> {
    let s = objective_subject(&ctx, id).await?;
    save(ctx, s, form).await
}

pub async fn plan_form(ctx: Ctx, Id(id): Id) -> AppResult<Response> {
    let s = plan_subject(&ctx, id).await?;
    show(ctx, s).await
}

pub async fn plan_save(ctx: Ctx, Id(id): Id, HtmlForm(form): HtmlForm<EvaluationForm>) -> AppResult<Response> {
    let s = plan_subject(&ctx, id).await?;
    save(ctx, s, form).await
}
