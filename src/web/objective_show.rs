//! The objective page: every item of 6.2 a–j at a glance, then the plans in
//! the management table's layout (a plan row and a result row per plan).

use askama::Template;
use axum::response::Response;

use super::extract::{Ctx, Id};
use super::history::{HistoryRow, history};
use super::page::{Chrome, ok};
use crate::domain::indicator::Indicator;
use crate::domain::input::Input;
use crate::domain::month::{MonthCell, full_year};
use crate::domain::objective::Objective;
use crate::domain::plan::Plan;
use crate::domain::policy::PolicyStatement;
use crate::domain::requirement::Requirement;
use crate::error::{AppError, AppResult};
use crate::i18n::Tr;

/// A plan with its number in the sheet and its twelve months.
pub struct PlanBlock {
    pub plan: Plan,
    pub number: String,
    pub cells: Vec<MonthCell>,
    pub indicator_name: Option<String>,
}

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
    blocks: Vec<PlanBlock>,
    month_labels: Vec<String>,
    period_label: String,
    can_edit: bool,
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
}

pub async fn show(ctx: Ctx, Id(id): Id) -> AppResult<Response> {
    let org = ctx.org.id;
    let store = &ctx.store;
    let objective = store.objective(org, id).await?.ok_or(AppError::NotFound)?;
    let period = ctx.org.period(objective.period);
    let indicators = store.indicators(org, id).await?;
    let mut months = store.months_of_objective(org, id).await?;
    let blocks = store
        .plans(org, id)
        .await?
        .into_iter()
        .map(|plan| PlanBlock {
            number: plan.number(objective.code.as_str()),
            cells: full_year(&period, &months.remove(&plan.id).unwrap_or_default()),
            indicator_name: plan
                .indicator_id
                .and_then(|i| indicators.iter().find(|x| x.id == i))
                .map(|i| i.name.clone()),
            plan,
        })
        .collect();
    let t = ctx.t;
    let statements = store.linked_statements(org, id).await?;
    let inputs = store.inputs(org, id).await?;
    let requirements = store.requirements(org, id).await?;
    // The objective's own history and that of what stands behind it.
    let mut records = vec![("objective", id, t.ta1("objective-label", "code", &objective.code))];
    records.extend(indicators.iter().map(|i| ("indicator", i.id, format!("{}: {}", t.t("indicator-name"), i.name))));
    records.extend(inputs.iter().map(|i| ("input", i.id, format!("{}: {}", t.t("inputs"), t.t(i.kind.label_key())))));
    records.extend(
        requirements
            .iter()
            .map(|r| ("requirement", r.id, format!("{}: {}", t.t("requirements"), t.t(r.kind.label_key())))),
    );
    let history = history(store, &t, org, &records).await?;
    let view = ShowView {
        t,
        chrome: Some(ctx.chrome(objective.period, "objectives").await?),
        org_id: org,
        statements,
        inputs,
        requirements,
        can_edit: ctx.role().edits_everything(),
        history,
        indicators,
        blocks,
        month_labels: period.months().iter().map(|m| t.month(m)).collect(),
        period_label: t.fiscal_year(&objective.period),
        objective,
    };
    ok(&view)
}
