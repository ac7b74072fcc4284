//! Saving one cell of the grid in place (`grid.js`): the planned task, the
//! result or the state of one month of one plan. Answers JSON: the month as
//! now saved, or why it was not.

use axum::Json;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde::Deserialize;
use serde_json::json;

use super::extract::{Ctx, HtmlForm, Id};
use crate::domain::month::{MonthCell, field, parse_cells};
use crate::domain::year_month::YearMonth;
use crate::error::{AppError, AppResult};
use crate::store::StoreError;

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct CellForm {
    month: String,
    /// `planned`, `result` or `state`.
    field: String,
    value: String,
    /// The value the page showed before the edit: if the saved value differs,
    /// someone else changed the cell meanwhile and nothing is overwritten.
    was: String,
}

fn refusal(status: StatusCode, message: String) -> Response {
    (status, Json(json!({ "error": message }))).into_response()
}

fn current_value(cell: &MonthCell, name: &str) -> String {
    match name {
        "planned" => cell.planned.clone().unwrap_or_default(),
        "result" => cell.result.clone().unwrap_or_default(),
        _ => cell.state.as_str().to_string(),
    }
}

pub async fn save(ctx: Ctx, Id(id): Id, HtmlForm(form): HtmlForm<CellForm>) -> AppResult<Response> {
    let org = ctx.org.id;
    let (_, holder) = super::plan_save::updatable_plan(&ctx, id).await?;
    let period = ctx.org.period(holder.period);
    let t = &ctx.t;
    let Some(month) = YearMonth::parse(&form.month).ok().filter(|m| period.index_of(*m).is_some()) else {
        return Ok(refusal(StatusCode::UNPROCESSABLE_ENTITY, t.ta1("grid-month-outside", "month", &form.month)));
    };
    if !matches!(form.field.as_str(), "planned" | "result" | "state") {
        return Err(AppError::BadRequest);
    }
    let stamp = ctx.store.months_stamp(org, id).await?;
    let stored = ctx.store.months(org, id).await?;
    let current = stored.iter().find(|c| c.month == month).cloned().unwrap_or_else(|| MonthCell::empty(month));
    if current_value(&current, &form.field).trim() != form.was.trim() {
        let saved = current_value(&current, &form.field);
        return Ok(refusal(StatusCode::CONFLICT, t.ta1("grid-conflict", "value", saved)));
    }
    // The month as it will be: the stored fields with this one replaced, read
    // by the same parser as the form, so the rules are the same.
    let mut pairs: Vec<(String, String)> =
        ["planned", "result", "state"].iter().map(|k| (field(k, month), current_value(&current, k))).collect();
    if form.field == "result" && current.state.as_str() == "done" && form.value.trim().is_empty() {
        // Clearing a result takes the month back to planned rather than "done" with nothing.
        pairs[2].1 = "planned".into();
    }
    for pair in pairs.iter_mut() {
        if pair.0 == field(&form.field, month) {
            pair.1 = form.value.clone();
        }
    }
    let cells = match parse_cells(&period, &pairs) {
        Ok(cells) => cells,
        Err(errors) => {
            let why =
                errors.get(&field(&form.field, month)).or_else(|| errors.fields().next().and_then(|f| errors.get(f)));
            return Ok(refusal(StatusCode::UNPROCESSABLE_ENTITY, why.map(|e| t.invalid(e)).unwrap_or_default()));
        }
    };
    match ctx.store.save_months(org, id, Some(stamp), &cells, &ctx.actor()).await {
        Ok(()) => {}
        Err(StoreError::Conflict) => return Ok(refusal(StatusCode::CONFLICT, t.t("grid-conflict-retry"))),
        Err(e) => return Err(e.into()),
    }
    let saved = &cells[0];
    Ok(Json(json!({
        "planned": saved.planned.clone().unwrap_or_default(),
        "result": saved.result.clone().unwrap_or_default(),
        "state": saved.state.as_str(),
    }))
    .into_response())
}
