//! Creating and editing a plan (f–j) of an objective or of a risk treatment:
//! the same plan entity, form and rules for both.

use axum::response::Response;

use super::extract::{Ctx, HtmlForm, Id};
use super::form_view::{
    Conflict, Fields, FormPage, Kind, Refused, form_version, respond, respond_update, store_refusal,
};
use super::holder::Holder;
use super::page::options;
use crate::domain::access::Role;
use crate::domain::form::FieldErrors;
use crate::domain::plan::{Plan, PlanDraft, PlanForm, PlanParent, PlanStatus};
use crate::error::{AppError, AppResult};

async fn page(
    ctx: &Ctx,
    holder: &Holder,
    existing: Option<&Plan>,
    form: PlanForm,
    errors: FieldErrors,
) -> AppResult<FormPage> {
    let t = &ctx.t;
    let org = ctx.org.id;
    let statuses = options(t, PlanStatus::ALL, PlanStatus::as_str, PlanStatus::label_key);
    let current = existing.and_then(|p| p.responsible_user_id.map(|id| (id, p.responsible_name.as_deref())));
    let people = super::people::people_options(ctx, current).await?;
    let mut fields = Fields::new(t, &errors)
        .add("actions", "plan-actions", &form.actions, Kind::TextArea)
        .hint("plan-actions-hint")
        .add("resources", "plan-resources", &form.resources, Kind::TextArea)
        .add("budget_amount", "plan-budget-amount", &form.budget_amount, Kind::Text)
        .hint("plan-budget-hint")
        .add("budget_currency", "plan-budget-currency", &form.budget_currency, Kind::Text)
        .hint("plan-currency-hint")
        .add("responsible_user_id", "plan-responsible", &form.responsible_user_id, Kind::Select(people))
        .hint("plan-responsible-hint")
        .add("responsible_name", "plan-responsible-name", &form.responsible_name, Kind::Text)
        .add("deadline", "plan-deadline", &form.deadline, Kind::Date)
        .hint("plan-deadline-hint")
        .add("evaluation_method", "plan-evaluation-method", &form.evaluation_method, Kind::TextArea);
    // Only an objective has indicators to judge its plans by.
    if let PlanParent::Objective(objective) = holder.parent {
        let mut indicators = vec![(String::new(), t.t("choose-none"))];
        for i in ctx.store.indicators(org, objective).await? {
            if !i.archived || form.indicator_id == i.id.to_string() {
                indicators.push((i.id.to_string(), i.name));
            }
        }
        fields = fields.add("indicator_id", "plan-indicator", &form.indicator_id, Kind::Select(indicators));
    }
    let fields = fields.add("status", "plan-status", &form.status, Kind::Select(statuses)).list;
    let (heading, action) = match existing {
        Some(p) => (t.ta1("plan-edit", "number", holder.number(p)), format!("/orgs/{org}/plans/{}", p.id)),
        None => (t.t("plan-new"), format!("{}/plans", holder.url)),
    };
    FormPage::for_holder(ctx, holder, heading, action, fields, &form.version, !errors.is_empty()).await
}

async fn new(ctx: Ctx, parent: PlanParent) -> AppResult<Response> {
    let holder = ctx.holder_to_change(parent).await?;
    let form = PlanForm { status: PlanStatus::NotStarted.as_str().into(), ..Default::default() };
    page(&ctx, &holder, None, form, FieldErrors::default()).await?.show()
}

async fn create(ctx: Ctx, parent: PlanParent, form: PlanForm) -> AppResult<Response> {
    let org = ctx.org.id;
    let holder = ctx.holder_to_change(parent).await?;
    let outcome = async {
        let draft = PlanDraft::parse_in(&form, ctx.org.period(holder.period))?;
        ctx.store.create_plan(org, parent, &draft, &ctx.actor()).await.map_err(store_refusal("actions"))?;
        Ok::<_, Refused>(holder.url.clone())
    }
    .await;
    respond(outcome, |errors| page(&ctx, &holder, None, form, errors)).await
}

pub async fn new_for_objective(ctx: Ctx, Id(id): Id) -> AppResult<Response> {
    new(ctx, PlanParent::Objective(id)).await
}

pub async fn create_for_objective(ctx: Ctx, Id(id): Id, HtmlForm(form): HtmlForm<PlanForm>) -> AppResult<Response> {
    create(ctx, PlanParent::Objective(id), form).await
}

/// A risk's treatment plans are reached through the risk (`/risks/{id}/plans`).
async fn treatment_of(ctx: &Ctx, risk: i64) -> AppResult<PlanParent> {
    let treatment = ctx.store.treatment(ctx.org.id, risk).await?.ok_or(AppError::NotFound)?;
    Ok(PlanParent::Treatment(treatment.id))
}

pub async fn new_for_risk(ctx: Ctx, Id(id): Id) -> AppResult<Response> {
    let parent = treatment_of(&ctx, id).await?;
    new(ctx, parent).await
}

pub async fn create_for_risk(ctx: Ctx, Id(id): Id, HtmlForm(form): HtmlForm<PlanForm>) -> AppResult<Response> {
    let parent = treatment_of(&ctx, id).await?;
    create(ctx, parent, form).await
}

/// The plan of the URL with what it serves, if the viewer may update it: the
/// secretariat every plan of an open period, an owner only the plans that name them.
pub async fn updatable_plan(ctx: &Ctx, id: i64) -> AppResult<(Plan, Holder)> {
    let plan = ctx.store.plan(ctx.org.id, id).await?.ok_or(AppError::NotFound)?;
    let own = ctx.role() == Role::Owner && plan.responsible_user_id == Some(ctx.viewer.user.id);
    if !(ctx.role().edits_everything() || own) {
        return Err(AppError::Forbidden);
    }
    let holder = ctx.holder_to_change(plan.parent).await?;
    Ok((plan, holder))
}

pub async fn edit(ctx: Ctx, Id(id): Id) -> AppResult<Response> {
    let (plan, holder) = updatable_plan(&ctx, id).await?;
    page(&ctx, &holder, Some(&plan), PlanForm::from_plan(&plan), FieldErrors::default()).await?.show()
}

pub async fn update(ctx: Ctx, Id(id): Id, HtmlForm(form): HtmlForm<PlanForm>) -> AppResult<Response> {
    let org = ctx.org.id;
    let (plan, holder) = updatable_plan(&ctx, id).await?;
    let outcome = async {
        let mut draft = PlanDraft::parse_in(&form, ctx.org.period(holder.period))?;
        if !ctx.role().edits_everything() {
            // An owner updates their plan but cannot hand it to someone else.
            draft.responsible_user_id = plan.responsible_user_id;
            draft.responsible_name = plan.responsible_name.clone();
        }
        let version = form_version(&form.version);
        ctx.store.update_plan(org, id, version, &draft, &ctx.actor()).await.map_err(store_refusal("actions"))?;
        Ok::<_, Refused>(format!("/orgs/{org}/plans/{id}"))
    }
    .await;
    let reload = || async {
        let saved = ctx.store.plan(org, id).await?.ok_or(AppError::NotFound)?;
        let history = ctx.store.history(org, "plan", id).await?;
        Ok(Conflict::of(&PlanForm::from_plan(&saved), saved.version, &history))
    };
    respond_update(outcome, |errors| page(&ctx, &holder, Some(&plan), form, errors), reload).await
}
