//! The monthly cells of one plan as a plain form: for every month of the
//! period, the planned task, the result and the state. Works without JavaScript.

use askama::Template;
use axum::http::StatusCode;
use axum::response::Response;

use super::extract::{Ctx, HtmlForm, Id};
use super::holder::Holder;
use super::page::{Chrome, Options, options, render, saved};
use super::plan_save::updatable_plan;
use crate::domain::form::FieldErrors;
use crate::domain::month::{MonthCell, MonthState, field, full_year, parse_cells};
use crate::domain::period::Period;
use crate::domain::plan::Plan;
use crate::error::AppResult;
use crate::i18n::Tr;
use crate::store::StoreError;

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
    /// After a conflict: the month as saved by someone else, when it differs.
    pub saved: Option<String>,
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
    /// The cells' change counter when the form was filled (lost-update check).
    stamp: i64,
    conflict: Option<String>,
}

/// How a saved cell reads in one line.
fn describe(t: &Tr, c: &MonthCell) -> String {
    let planned = c.planned.as_deref().unwrap_or("—");
    let result = c.result.as_deref().unwrap_or("—");
    format!("{}: {planned} / {}: {result} ({})", t.t("row-plan"), t.t("row-result"), t.t(c.state.label_key()))
}

fn rows(t: &Tr, cells: &[MonthCell], errors: &FieldErrors, saved: Option<&[MonthCell]>) -> Vec<MonthRow> {
    cells
        .iter()
        .map(|c| {
            let names = ["planned", "result", "state"].map(|k| field(k, c.month));
            let error = names.iter().find_map(|n| errors.get(n)).map(|e| t.invalid(e));
            let saved =
                saved.and_then(|s| s.iter().find(|x| x.month == c.month)).filter(|x| *x != c).map(|x| describe(t, x));
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
                saved,
            }
        })
        .collect()
}

struct Shown<'a> {
    cells: &'a [MonthCell],
    errors: &'a FieldErrors,
    stamp: i64,
    /// Set after a conflict: the cells as saved now, and who saved them.
    saved: Option<(&'a [MonthCell], String)>,
}

async fn view(ctx: &Ctx, holder: &Holder, plan: &Plan, shown: Shown<'_>) -> AppResult<MonthsView> {
    let t = ctx.t;
    let org = ctx.org.id;
    let number = holder.number(plan);
    Ok(MonthsView {
        t,
        chrome: Some(ctx.chrome(holder.period, "objectives").await?),
        heading: t.ta("months-edit", &[("number", number)]),
        context: format!("{} — {}", holder.label(), plan.actions.as_deref().unwrap_or("")),
        action: format!("/orgs/{org}/plans/{}/months", plan.id),
        cancel: format!("/orgs/{org}/plans/{}", plan.id),
        rows: rows(&t, shown.cells, shown.errors, shown.saved.as_ref().map(|(c, _)| *c)),
        states: options(&t, MonthState::ALL, MonthState::as_str, MonthState::label_key),
        has_errors: !shown.errors.is_empty() || shown.saved.is_some(),
        stamp: shown.stamp,
        conflict: shown.saved.map(|(_, who)| who),
    })
}

pub async fn edit(ctx: Ctx, Id(id): Id) -> AppResult<Response> {
    let (plan, holder) = updatable_plan(&ctx, id).await?;
    let period = ctx.org.period(holder.period);
    let cells = full_year(&period, &ctx.store.months(ctx.org.id, id).await?);
    let stamp = ctx.store.months_stamp(ctx.org.id, id).await?;
    let shown = Shown { cells: &cells, errors: &FieldErrors::default(), stamp, saved: None };
    render(StatusCode::OK, &view(&ctx, &holder, &plan, shown).await?)
}

/// What was typed, so nothing is lost while an error or a conflict is resolved.
fn typed(period: &Period, pairs: &[(String, String)]) -> Vec<MonthCell> {
    period
        .months()
        .iter()
        .map(|m| {
            let get = |k: &str| {
                let name = field(k, *m);
                pairs.iter().find(|(n, _)| *n == name).map(|(_, v)| v.trim().to_string()).filter(|v| !v.is_empty())
            };
            MonthCell {
                month: *m,
                planned: get("planned"),
                result: get("result"),
                state: get("state").and_then(|s| MonthState::parse(&s).ok()).unwrap_or_default(),
            }
        })
        .collect()
}

pub async fn update(ctx: Ctx, Id(id): Id, HtmlForm(pairs): HtmlForm<Vec<(String, String)>>) -> AppResult<Response> {
    let (plan, holder) = updatable_plan(&ctx, id).await?;
    let org = ctx.org.id;
    let period = ctx.org.period(holder.period);
    let stamp = pairs.iter().find(|(k, _)| k == "stamp").and_then(|(_, v)| v.trim().parse::<i64>().ok()).unwrap_or(-1);
    let errors = match parse_cells(&period, &pairs) {
        Ok(cells) => match ctx.store.save_months(org, id, Some(stamp), &cells, &ctx.actor()).await {
            Ok(()) => return saved(format!("/orgs/{org}/plans/{id}")),
            Err(StoreError::Conflict) => {
                let current = full_year(&period, &ctx.store.months(org, id).await?);
                let history = ctx.store.history(org, "plan_months", id).await?;
                let who = match history.last() {
                    Some(e) => {
                        ctx.t.ta2("conflict-by", "who", &e.actor, "when", e.at.replace('T', " ").replace('Z', " UTC"))
                    }
                    None => ctx.t.t("conflict"),
                };
                let new_stamp = ctx.store.months_stamp(org, id).await?;
                let mine = typed(&period, &pairs);
                let shown = Shown {
                    cells: &mine,
                    errors: &FieldErrors::default(),
                    stamp: new_stamp,
                    saved: Some((&current, who)),
                };
                return render(StatusCode::CONFLICT, &view(&ctx, &holder, &plan, shown).await?);
            }
            Err(e) => return Err(e.into()),
        },
        Err(errors) => errors,
    };
    let mine = typed(&period, &pairs);
    let shown = Shown { cells: &mine, errors: &errors, stamp, saved: None };
    render(StatusCode::UNPROCESSABLE_ENTITY, &view(&ctx, &holder, &plan, shown).await?)
}
