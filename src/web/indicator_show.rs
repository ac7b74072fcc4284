//! The page of one indicator (9.1): what it measures, its measurements with
//! their corrections, the current value against the target, and the trend.

use askama::Template;
use axum::response::Response;
use chrono::{Datelike, NaiveDate};

use super::charts::{TrendLegend, TrendPoint, trend};
use super::extract::{Ctx, Id};
use super::history::{HistoryRow, history};
use super::measurement_save::may_record;
use super::page::{Chrome, ok};
use crate::domain::achievement::{achievement, progress_toward};
use crate::domain::indicator::Indicator;
use crate::domain::measurement::{Measurement, current, is_superseded};
use crate::domain::objective::Objective;
use crate::domain::period::Period;
use crate::domain::year_month::YearMonth;
use crate::error::{AppError, AppResult};
use crate::i18n::Tr;

/// One measurement as the table shows it.
pub struct Row {
    pub m: Measurement,
    pub date: String,
    pub value: String,
    pub superseded: bool,
    /// For a correction: the date and value it replaced, in words.
    pub corrects: Option<String>,
}

#[derive(Template)]
#[template(path = "indicator_show.html")]
struct ShowView {
    t: Tr,
    chrome: Option<Chrome>,
    org_id: i64,
    objective: Objective,
    indicator: Indicator,
    rows: Vec<Row>,
    /// The current value with its unit and date.
    current: Option<String>,
    achievement_key: Option<&'static str>,
    progress: Option<u8>,
    chart: String,
    can_record: bool,
    can_edit: bool,
    history: Vec<HistoryRow>,
}

impl ShowView {
    fn base(&self) -> String {
        format!("/orgs/{}", self.org_id)
    }
}

/// Where a date falls in the period, in months (0.0..12.0), mid-day of its month.
fn position(period: Period, d: NaiveDate) -> Option<f32> {
    let ym = YearMonth::from_date(d).ok()?;
    let index = period.index_of(ym)?;
    let days = ym.last_day().day() as f32;
    Some(index as f32 + (d.day() as f32 - 0.5) / days)
}

pub async fn show(ctx: Ctx, Id(id): Id) -> AppResult<Response> {
    let org = ctx.org.id;
    let t = ctx.t;
    let store = &ctx.store;
    let indicator = store.indicator(org, id).await?.ok_or(AppError::NotFound)?;
    let objective = ctx.objective(indicator.objective_id).await?;
    let all = store.measurements(org, id).await?;
    let unit = indicator.unit.as_deref();
    let rows = all
        .iter()
        .map(|m| Row {
            m: m.clone(),
            date: t.date(&m.measured_on),
            value: m.value_text(unit),
            superseded: is_superseded(&all, m.id),
            corrects: m.supersedes_id.and_then(|old| all.iter().find(|o| o.id == old)).map(|old| {
                t.ta2("measurement-corrects", "date", t.date(&old.measured_on), "value", old.value_text(unit))
            }),
        })
        .collect();
    let now = current(&all);
    let period = ctx.org.period(objective.period);
    let points: Vec<TrendPoint> = all
        .iter()
        .filter_map(|m| {
            let x = position(period, m.measured_on)?;
            Some(TrendPoint { x, value: m.value, superseded: is_superseded(&all, m.id) })
        })
        .collect();
    let legend = TrendLegend {
        value: t.t("measurement-chart-value"),
        superseded: t.t("measurement-superseded"),
        target: match indicator.target_in(t.is_ja()) {
            Some(words) => format!("{} {words}", t.t("indicator-target")),
            None => t.t("indicator-target"),
        },
        baseline: t.t("indicator-baseline"),
    };
    let month_labels: Vec<String> = period.months().iter().map(|m| t.month(m)).collect();
    let chart = trend(&indicator.name, &month_labels, unit, &points, indicator.target, indicator.baseline, &legend);
    let mut records = vec![("indicator", id, format!("{}: {}", t.t("indicator-name"), indicator.name))];
    records.extend(
        all.iter().map(|m| ("measurement", m.id, format!("{} {}", t.t("measurement"), t.date(&m.measured_on)))),
    );
    let history = history(store, &t, org, &records).await?;
    let view = ShowView {
        chrome: Some(ctx.chrome(objective.period, "objectives").await?),
        org_id: org,
        current: now.map(|m| format!("{} ({})", m.value_text(unit), t.date(&m.measured_on))),
        achievement_key: now.map(|m| achievement(indicator.direction, indicator.target, m.value).label_key()),
        progress: now.and_then(|m| progress_toward(indicator.direction, indicator.baseline, indicator.target, m.value)),
        rows,
        chart,
        can_record: may_record(&ctx, &indicator).await?,
        can_edit: ctx.role().edits_everything(),
        history,
        objective,
        indicator,
        t,
    };
    ok(&view)
}
