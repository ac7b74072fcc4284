//! The period's end: each objective and plan with its evaluation, and what
//! is unfinished carried into the next period, linked back to its origin.

use askama::Template;
use axum::extract::RawQuery;
use axum::response::Response;
use serde::Deserialize;

use super::extract::{Ctx, HtmlForm};
use super::page::{Chrome, ok, saved};
use crate::domain::evaluation::Evaluation;
use crate::domain::objective::{Objective, ObjectiveStatus};
use crate::domain::plan::Plan;
use crate::error::{AppError, AppResult};
use crate::i18n::Tr;
use crate::store::{ObjectiveFilter, ObjectiveSort};

pub struct PlanEnd {
    pub plan: Plan,
    pub number: String,
    pub evaluation: Option<Evaluation>,
}

pub struct ObjectiveEnd {
    pub objective: Objective,
    pub evaluation: Option<Evaluation>,
    pub plans: Vec<PlanEnd>,
    /// Where it was carried to, if it was: (objective id, period).
    pub carried_into: Option<(i64, i32)>,
    /// Not achieved and not withdrawn: worth carrying over.
    pub unfinished: bool,
}

#[derive(Template)]
#[template(path = "period_end.html")]
struct PeriodEndView {
    t: Tr,
    chrome: Option<Chrome>,
    org_id: i64,
    period: i32,
    next_period: i32,
    objectives: Vec<ObjectiveEnd>,
    can_edit: bool,
}

pub async fn show(ctx: Ctx, RawQuery(raw): RawQuery) -> AppResult<Response> {
    let period = ctx.period_param(raw.as_deref().and_then(|q| q.strip_prefix("period=")));
    let org = ctx.org.id;
    let objectives = ctx.store.objectives(org, period, &ObjectiveFilter::default(), ObjectiveSort::Code).await?;
    let evaluations = ctx.store.evaluations_of_period(org, period).await?;
    let plans = ctx.store.plans_of_period(org, period).await?;
    let find = |kind: &str, id: i64| evaluations.iter().find(|e| e.record_type == kind && e.record_id == id).cloned();
    let mut rows = Vec::with_capacity(objectives.len());
    for objective in objectives {
        let plan_ends = plans
            .iter()
            .filter(|p| p.objective_id() == Some(objective.id))
            .map(|p| PlanEnd {
                number: p.number(objective.code.as_str()),
                evaluation: find("plan", p.id),
                plan: p.clone(),
            })
            .collect();
        rows.push(ObjectiveEnd {
            evaluation: find("objective", objective.id),
            carried_into: ctx.store.carried_into(org, objective.id).await?,
            unfinished: !matches!(objective.status, ObjectiveStatus::Achieved | ObjectiveStatus::Withdrawn),
            plans: plan_ends,
            objective,
        });
    }
    let view = PeriodEndView {
        t: ctx.t,
        chrome: Some(ctx.chrome(period, "period-end").await?),
        org_id: org,
        period,
        next_period: period + 1,
        objectives: rows,
        can_edit: ctx.role().edits_everything(),
    };
    ok(&view)
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct CarryForm {
    period: String,
    objectives: Vec<String>,
}

/// Carries the chosen objectives of a period into the next one.
pub async fn carry_over(ctx: Ctx, HtmlForm(form): HtmlForm<CarryForm>) -> AppResult<Response> {
    let org = ctx.org.id;
    let period = ctx.period_param(Some(&form.period));
    for raw in &form.objectives {
        let id = raw.trim().parse::<i64>().map_err(|_| AppError::BadRequest)?;
        // Only this organization's objectives of that period.
        let objective = ctx.objective(id).await?;
        if objective.period != period {
            return Err(AppError::NotFound);
        }
        ctx.store.carry_over(org, id, &ctx.actor()).await?;
    }
    saved(format!("/orgs/{org}/objectives?period={}", period + 1))
}
