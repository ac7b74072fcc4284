//! The plan page: items f–j, the twelve months (plan row and result row),
//! and the plan's history.

use askama::Template;
use axum::response::Response;

use super::extract::{Ctx, Id};
use super::history::{HistoryRow, history};
use super::holder::Holder;
use super::page::{Chrome, ok};
use crate::domain::month::{MonthCell, full_year};
use crate::domain::plan::Plan;
use crate::error::{AppError, AppResult};
use crate::i18n::Tr;

#[derive(Template)]
#[template(path = "plan_show.html")]
struct PlanView {
    t: Tr,
    chrome: Option<Chrome>,
    org_id: i64,
    holder: Holder,
    plan: Plan,
    number: String,
    cells: Vec<MonthCell>,
    month_labels: Vec<String>,
    can_update: bool,
    can_evaluate: bool,
    evaluation: Option<crate::domain::evaluation::Evaluation>,
    history: Vec<HistoryRow>,
    /// The responsible person has left the organization (shown marked).
    responsible_left: bool,
}

pub async fn show(ctx: Ctx, Id(id): Id) -> AppResult<Response> {
    let org = ctx.org.id;
    let plan = ctx.store.plan(org, id).await?.ok_or(AppError::NotFound)?;
    let holder = ctx.holder_of(plan.parent).await?;
    let period = ctx.org.period(holder.period);
    let t = ctx.t;
    let number = holder.number(&plan);
    let label = t.ta1("plan-label", "number", &number);
    let records = [("plan", id, label.clone()), ("plan_months", id, label.clone()), ("plan_evaluation", id, label)];
    let history = history(&ctx.store, &t, org, &records).await?;
    let can_update = !ctx.is_closed(holder.period) && ctx.may_update_plan(&plan);
    let view = PlanView {
        t,
        chrome: Some(ctx.chrome(holder.period, "objectives").await?),
        org_id: org,
        cells: full_year(&period, &ctx.store.months(org, id).await?),
        month_labels: period.months().iter().map(|m| t.month(m)).collect(),
        number,
        can_update,
        can_evaluate: ctx.role().edits_everything(),
        evaluation: ctx.store.evaluation(org, "plan", id).await?,
        history,
        responsible_left: match plan.responsible_user_id {
            Some(u) => ctx.store.former_members(org).await?.contains(&u),
            None => false,
        },
        holder,
        plan,
    };
    ok(&view)
}
