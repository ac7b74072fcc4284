//! The objective page: every item of 6.2 a–j at a glance, then the plans in
//! the management table's layout (a plan row and a result row per plan).

use askama::Template;
use axum::response::Response;

use super::charts::{GanttLegend, GanttRow, gantt};
use super::extract::{Ctx, Id};
use super::history::{HistoryRow, history};
use super::page::{Chrome, ok};
use super::sheet::{Sheet, position_in_period};
use crate::domain::communication::{self, Communication};
use crate::domain::evaluation::Evaluation;
use crate::domain::indicator::Indicator;
use crate::domain::input::Input;
use crate::domain::objective::Objective;
use crate::domain::policy::PolicyStatement;
use crate::domain::progress::{Progress, objective_percent};
use crate::domain::requirement::Requirement;
use crate::domain::review::{self, Review};
use crate::error::{AppError, AppResult};
use crate::i18n::Tr;

#[derive(Template)]
#[template(path = "objective_show.html")]
struct ShowView {
    t: Tr,
    chrome: Option<Chrome>,
    org_id: i64,
    objective: Objective,
    statements: Vec<PolicyStatement>,
    indicators: Vec<Indicator>,
    inputs: Vec<Input>,
    requirements: Vec<Requirement>,
    communications: Vec<Communication>,
    reviews: Vec<Review>,
    sheet: Sheet,
    /// The Gantt-style timeline (SVG, escaped when built).
    gantt: String,
    /// Share of the planned months done, over the objective's plans.
    percent: u8,
    period_label: String,
    /// The risks it takes into account (6.2 c).
    risks: Vec<crate::domain::risk::Risk>,
    can_edit: bool,
    /// Evaluation may happen after the period ended, by the secretariat.
    can_evaluate: bool,
    evaluation: Option<Evaluation>,
    /// The objective this one continues (id, code, period), and where it was carried to.
    carried_from: Option<(i64, String, i32)>,
    carried_into: Option<(i64, i32)>,
    history: Vec<HistoryRow>,
}

impl ShowView {
    /// The organization's URL prefix, for links.
    fn base(&self) -> String {
        format!("/orgs/{}", self.org_id)
    }

    fn active_indicators(&self) -> impl Iterator<Item = &Indicator> {
        self.indicators.iter().filter(|i| !i.archived)
    }

    fn has_active_indicators(&self) -> bool {
        self.active_indicators().next().is_some()
    }

    fn latest_communication(&self) -> Option<&Communication> {
        communication::latest(&self.communications)
    }

    fn latest_review(&self) -> Option<&Review> {
        review::latest(&self.reviews)
    }
}

pub async fn show(ctx: Ctx, Id(id): Id) -> AppResult<Response> {
    let org = ctx.org.id;
    let store = &ctx.store;
    let objective = store.objective(org, id).await?.ok_or(AppError::NotFound)?;
    let indicators = store.indicators(org, id).await?;
    let months = store.months_of_objective(org, id).await?;
    let plans = store.plans(org, id).await?;
    let sheet =
        ctx.sheet(objective.period, std::slice::from_ref(&objective), plans, months, &indicators, false).await?;
    let percent = objective_percent(&sheet.blocks.iter().map(|b| b.progress.clone()).collect::<Vec<_>>());
    let gantt = timeline(&ctx, &objective, &sheet);
    let t = ctx.t;
    let statements = store.linked_statements(org, id).await?;
    let inputs = store.inputs(org, id).await?;
    let requirements = store.requirements(org, id).await?;
    let communications = store.communications(org, id).await?;
    let reviews = store.reviews(org, id).await?;
    // The objective's own history and that of what stands behind it.
    let mut records = vec![("objective", id, t.ta1("objective-label", "code", &objective.code))];
    records.extend(indicators.iter().map(|i| ("indicator", i.id, format!("{}: {}", t.t("indicator-name"), i.name))));
    records.extend(inputs.iter().map(|i| ("input", i.id, format!("{}: {}", t.t("inputs"), t.t(i.kind.label_key())))));
    records.extend(
        requirements
            .iter()
            .map(|r| ("requirement", r.id, format!("{}: {}", t.t("requirements"), t.t(r.kind.label_key())))),
    );
    records.extend(communications.iter().map(|c| {
        ("communication", c.id, format!("{}: {} {}", t.t("communications"), t.date(&c.communicated_on), c.audience))
    }));
    records.extend(reviews.iter().map(|r| ("review", r.id, format!("{}: {}", t.t("reviews"), t.date(&r.reviewed_on)))));
    records.push(("objective_evaluation", id, t.t("evaluation-result")));
    let history = history(store, &t, org, &records).await?;
    let carried_from = match objective.carried_from_id {
        Some(from) => store.objective(org, from).await?.map(|o| (o.id, o.code.to_string(), o.period)),
        None => None,
    };
    let view = ShowView {
        t,
        chrome: Some(ctx.chrome(objective.period, "objectives").await?),
        org_id: org,
        statements,
        inputs,
        requirements,
        communications,
        reviews,
        can_edit: ctx.role().edits_everything() && !ctx.is_closed(objective.period),
        can_evaluate: ctx.role().edits_everything(),
        risks: store.objective_risks(org, id).await?,
        evaluation: store.evaluation(org, "objective", id).await?,
        carried_from,
        carried_into: store.carried_into(org, id).await?,
        history,
        indicators,
        sheet,
        gantt,
        percent,
        period_label: t.fiscal_year(&objective.period),
        objective,
    };
    ok(&view)
}

/// The objective's plans on a timeline: planned months, months with results,
/// deadlines and today.
fn timeline(ctx: &Ctx, objective: &Objective, sheet: &Sheet) -> String {
    let t = &ctx.t;
    let period = ctx.org.period(objective.period);
    let rows: Vec<GanttRow> = sheet
        .blocks
        .iter()
        .map(|b| GanttRow {
            label: format!("{} {}", b.number, b.plan.actions.as_deref().unwrap_or("")),
            planned: b.cells.iter().map(|c| c.planned.is_some()).collect(),
            done: b.cells.iter().map(|c| c.result.as_ref().map(|_| c.state)).collect(),
            deadline_index: b.plan.deadline.and_then(|d| position_in_period(&period, d)),
            late: b.progress.status == Progress::Delayed,
        })
        .collect();
    let legend = GanttLegend {
        planned: t.t("gantt-planned"),
        done: t.t("month-state-done"),
        partial: t.t("month-state-partial"),
        not_done: t.t("month-state-not_done"),
        skipped: t.t("month-state-skipped"),
        deadline: t.t("plan-deadline"),
        today: t.t("gantt-today"),
        late: t.t("plan-status-delayed"),
    };
    let title = t.ta1("gantt-title", "code", &objective.code);
    gantt(&title, &sheet.month_labels, &rows, position_in_period(&period, ctx.today), &legend)
}
