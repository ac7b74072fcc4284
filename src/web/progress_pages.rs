//! "This month" (every plan's task for the current month, and whether its
//! result is in) and "late" (every delayed plan, and why).

use askama::Template;
use axum::extract::RawQuery;
use axum::response::Response;

use super::extract::Ctx;
use std::collections::HashMap;

use super::holder::{Holder, period_plan_refs};
use super::page::{Chrome, ok};
use crate::domain::month::{MonthCell, full_year};
use crate::domain::plan::{Plan, PlanParent, PlanStatus};
use crate::domain::progress::{MonthTask, Progress, plan_progress, this_month};
use crate::domain::readiness::Facts;
use crate::error::AppResult;
use crate::i18n::Tr;

/// A plan with the objective it serves, as both pages list it.
pub struct PlanLine {
    pub plan_id: i64,
    pub number: String,
    /// What the plan serves (an objective or a risk treatment) and its page.
    pub objective: String,
    pub url: String,
    pub responsible: String,
    pub deadline: String,
}

pub struct TaskLine {
    pub line: PlanLine,
    pub task: MonthTask,
}

pub struct LateLine {
    pub line: PlanLine,
    pub reasons: Vec<String>,
}

#[derive(Template)]
#[template(path = "this_month.html")]
struct ThisMonthView {
    t: Tr,
    chrome: Option<Chrome>,
    org_id: i64,
    month_label: String,
    tasks: Vec<TaskLine>,
    reported: usize,
}

#[derive(Template)]
#[template(path = "late.html")]
struct LateView {
    t: Tr,
    chrome: Option<Chrome>,
    org_id: i64,
    period: i32,
    late: Vec<LateLine>,
}

fn line(t: &Tr, holder: &Holder, plan: &Plan) -> PlanLine {
    PlanLine {
        plan_id: plan.id,
        number: holder.number(plan),
        objective: holder.label(),
        url: holder.url.clone(),
        responsible: plan.responsible_name.clone().unwrap_or_else(|| t.t("not-set")),
        deadline: t.plan_deadline(plan).unwrap_or_else(|| t.t("not-set")),
    }
}

/// The period's live plans (objectives' first, then risk treatments') in
/// the sheet's order, each with what it serves and its cells, as `keep`
/// makes them into lines (or leaves them out).
fn plan_lines<T>(
    ctx: &Ctx,
    period: i32,
    facts: &Facts,
    keep: impl Fn(&Holder, &Plan, &[MonthCell]) -> Option<T>,
) -> Vec<T> {
    let (holders, plans) = period_plan_refs(ctx.org.id, facts);
    let holders: HashMap<PlanParent, &Holder> = holders.iter().map(|h| (h.parent, h)).collect();
    let fiscal = ctx.org.period(period);
    plans
        .into_iter()
        .filter(|p| p.status != PlanStatus::Cancelled)
        .filter_map(|p| {
            let holder = holders.get(&p.parent)?;
            let cells = full_year(&fiscal, facts.months.get(&p.id).map(Vec::as_slice).unwrap_or_default());
            keep(holder, p, &cells)
        })
        .collect()
}

pub async fn this_month_page(ctx: Ctx) -> AppResult<Response> {
    let today = ctx.today;
    let period = ctx.current_period();
    let t = ctx.t;
    let snapshot = ctx.snapshot(period).await?;
    let tasks: Vec<TaskLine> = plan_lines(&ctx, period, &snapshot.facts, |o, p, cells| {
        this_month(p, cells, today).map(|task| TaskLine { line: line(&t, o, p), task })
    });
    let month = crate::domain::year_month::YearMonth::from_date(today).map(|m| t.month(&m)).unwrap_or_default();
    let view = ThisMonthView {
        t,
        chrome: Some(ctx.chrome_of(&snapshot, period, "this-month").await?),
        org_id: ctx.org.id,
        month_label: month,
        reported: tasks.iter().filter(|l| l.task.reported).count(),
        tasks,
    };
    ok(&view)
}

pub async fn late_page(ctx: Ctx, RawQuery(raw): RawQuery) -> AppResult<Response> {
    let period = ctx.period_param(raw.as_deref().and_then(|q| q.strip_prefix("period=")));
    let t = ctx.t;
    let snapshot = ctx.snapshot(period).await?;
    let late = plan_lines(&ctx, period, &snapshot.facts, |o, p, cells| {
        let progress = plan_progress(p, cells, ctx.today);
        (progress.status == Progress::Delayed).then(|| LateLine {
            line: line(&t, o, p),
            reasons: progress
                .reasons
                .iter()
                .map(|r| {
                    let (key, args) = r.sentence(|m| format!("{} ({m})", t.month(m)), |d| t.date(d));
                    t.ta(key, &args)
                })
                .collect(),
        })
    });
    let chrome = Some(ctx.chrome_of(&snapshot, period, "late").await?);
    let view = LateView { t, chrome, org_id: ctx.org.id, period, late };
    ok(&view)
}
