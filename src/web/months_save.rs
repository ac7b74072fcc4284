//! The monthly cells of one plan as a plain form: for every month of the
//! period, the planned task, the result and the state. Works without JavaScript.

use askama::Template;
use axum::response::Response;

use super::extract::{Ctx, HtmlForm, Id};
use super::page::{Chrome, Options, ok, options, saved, unprocessable};
use crate::domain::form::FieldErrors;
use crate::domain::month::{MonthCell, MonthState, field, full_year, parse_cells};
use crate::domain::objective::Objective;
use crate::domain::plan::Plan;
use crate::error::{AppError, AppResult};
use crate::i18n::Tr;

/// One month's row of the form.
pub struct MonthRow {
    pub label: String,
    pub planned_field: String,
    pub result_field: String,
    pub state_field: String,
    pub planned: String,
    pub result: String,
    pub state: String,
    pub error: Option<String>,
}

#[derive(Template)]
#[template(path = "months_form.html")]
struct MonthsView {
    t: Tr,
    chrome: Option<Chrome>,
    heading: String,
    context: String,
    action: String,
    cancel: String,
    rows: Vec<MonthRow>,
    states: Options,
    has_errors: bool,
}

fn rows(t: &Tr, cells: &[MonthCell], errors: &FieldErrors) -> Vec<MonthRow> {
    cells
        .iter()
        .map(|c| {
            let names = ["planned", "result", "state"].map(|k| field(k, c.month));
            let error = names
                .iter()
                .find_map(|n| errors.get(n))
                .map(|e| t.invalid(e));
            let [planned_field, result_field, state_field] = names;
            MonthRow {
                label: format!("{} ({})", t.month(&c.month), c.month),
                planned_field,
                result_field,
                state_field,
                planned: c.planned.clone().unwrap_or_default(),
                result: c.result.clone().unwrap_or_default(),
                state: c.state.as_str().to_string(),
                error,
            }
        })
        .collect()
}

async fn view(
    ctx: &Ctx,
    objective: &Objective,
    plan: &Plan,
    cells: &[MonthCell],
    errors: &FieldErrors,
) -> AppResult<MonthsView> {
    let t = ctx.t;
    let org = ctx.org.id;
    let number = plan.number(objective.code.as_str());
    Ok(MonthsView {
        t,
        chrome: Some(ctx.chrome(objective.period, "objectives").await?),
        heading: t.ta("months-edit", &[("number", number)]),
        context: format!(
            "{} {} — {}",
            objective.code,
            objective.title,
            plan.actions.as_deref().unwrap_or("")
        ),
        action: format!("/orgs/{org}/plans/{}/months", plan.id),
        cancel: format!("/orgs/{org}/objectives/{}", objective.id),
        rows: rows(&t, cells, errors),
        states: options(
            &t,
            MonthState::ALL,
            MonthState::as_str,
            MonthState::label_key,
        ),
        has_errors: !errors.is_empty(),
    })
}

async fn plan_and_objective(ctx: &Ctx, id: i64) -> AppResult<(Plan, Objective)> {
    let plan = ctx
        .store
        .plan(ctx.org.id, id)
        .await?
        .ok_or(AppError::NotFound)?;
    let objective = ctx.objective(plan.objective_id).await?;
    Ok((plan, objective))
}

pub async fn edit(ctx: Ctx, Id(id): Id) -> AppResult<Response> {
    let (plan, objective) = plan_and_objective(&ctx, id).await?;
    let period = ctx.org.period(objective.period);
    let cells = full_year(&period, &ctx.store.months(ctx.org.id, id).await?);
    ok(&view(&ctx, &objective, &plan, &cells, &FieldErrors::default()).await?)
}

pub async fn update(
    ctx: Ctx,
    Id(id): Id,
    HtmlForm(pairs): HtmlForm<Vec<(String, String)>>,
) -> AppResult<Response> {
    let (plan, objective) = plan_and_objective(&ctx, id).await?;
    let period = ctx.org.period(objective.period);
    match parse_cells(&period, &pairs) {
        Ok(cells) => {
            ctx.store.save_months(ctx.org.id, id, &cells).await?;
            saved(format!(
                "/orgs/{}/objectives/{}#plan-{}",
                ctx.org.id, objective.id, plan.id
            ))
        }
        Err(errors) => {
            // Show what was typed, so nothing is lost while the error is fixed.
            let typed: Vec<MonthCell> = period
                .months()
                .iter()
                .map(|m| {
                    let get = |k: &str| {
                        let name = field(k, *m);
                        pairs
                            .iter()
                            .find(|(n, _)| *n == name)
                            .map(|(_, v)| v.clone())
                            .filter(|v| !v.is_empty())
                    };
                    MonthCell {
                        month: *m,
                        planned: get("planned"),
                        result: get("result"),
                        state: get("state")
                            .and_then(|s| MonthState::parse(&s).ok())
                            .unwrap_or_default(),
                    }
                })
                .collect();
            unprocessable(&view(&ctx, &objective, &plan, &typed, &errors).await?)
        }
    }
}
