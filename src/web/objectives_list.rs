//! The objectives of a period, with their plans' owners and deadlines;
//! filtered by status, department and responsible person, and sorted.

use askama::Template;
use axum::extract::RawQuery;
use axum::response::Response;
use serde::Deserialize;

use std::collections::HashMap;

use super::extract::Ctx;
use super::page::{Chrome, Options, ok, options};
use super::paging::{LIST, Pages, page_index, pages, uniform_ranges};
use crate::domain::access::Access;
use crate::domain::objective::{Objective, ObjectiveStatus};
use crate::domain::objective_list::{ObjectiveFilter, ObjectiveSort, departments, responsible_names, select};
use crate::domain::plan::Plan;
use crate::error::AppResult;
use crate::i18n::Tr;

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct ListQuery {
    period: Option<String>,
    status: String,
    department: String,
    responsible: String,
    sort: String,
    /// Set by the import's redirect, to say it is done.
    imported: String,
    /// Which page of the list, from 1.
    page: String,
}

/// Objectives on one page: more than almost any organization sets in a
/// year, few enough that a consultancy's largest client lists quickly.
pub const PER_PAGE: usize = 200;

/// One objective with the lines of its plans.
pub struct Row {
    pub objective: Objective,
    pub plans: Vec<PlanLine>,
}

pub struct PlanLine {
    pub number: String,
    pub responsible: String,
    pub deadline: String,
    pub status_key: &'static str,
}

#[derive(Template)]
#[template(path = "objectives_list.html")]
struct ListView {
    t: Tr,
    chrome: Option<Chrome>,
    org_id: i64,
    period: i32,
    rows: Vec<Row>,
    query: ListQuery,
    statuses: Options,
    departments: Vec<String>,
    responsibles: Vec<String>,
    sorts: Options,
    filtered: bool,
    can_edit: bool,
    /// Import is for the roles that edit everything, in any period (the
    /// importer itself refuses changes to an ended period's records).
    can_import: bool,
    imported: bool,
    pages: Option<Pages>,
}

fn blank_to_none(s: &str) -> Option<String> {
    let s = s.trim();
    (!s.is_empty()).then(|| s.to_string())
}

pub async fn show(ctx: Ctx, RawQuery(raw): RawQuery) -> AppResult<Response> {
    // A hand-edited query string never fails the list: unknown values are ignored.
    let query: ListQuery = serde_html_form::from_str(raw.as_deref().unwrap_or("")).unwrap_or_default();
    let period = ctx.period_param(query.period.as_deref());
    let org = ctx.org.id;
    let filter = ObjectiveFilter {
        status: ObjectiveStatus::parse(&query.status).ok(),
        department: blank_to_none(&query.department),
        responsible: blank_to_none(&query.responsible),
    };
    let sort = ObjectiveSort::parse(&query.sort);
    let snapshot = ctx.snapshot(period).await?;
    let facts = &snapshot.facts;
    let objective_plans: Vec<&Plan> = facts.plans.iter().filter(|p| p.objective_id().is_some()).collect();
    let mut plans_of: HashMap<i64, Vec<&Plan>> = HashMap::new();
    for p in objective_plans.iter().copied() {
        plans_of.entry(p.objective_id().unwrap_or_default()).or_default().push(p);
    }
    let t = ctx.t;
    let selected = select(&facts.objectives, &objective_plans, &filter, sort);
    // The page links keep the filters and order in force.
    let period_text = period.to_string();
    let kept: Vec<(&str, &str)> = [
        ("period", period_text.as_str()),
        ("status", query.status.trim()),
        ("department", query.department.trim()),
        ("responsible", query.responsible.trim()),
        ("sort", if sort == ObjectiveSort::Code { "" } else { sort.as_str() }),
    ]
    .into_iter()
    .filter(|(_, v)| !v.is_empty())
    .collect();
    let base = format!("/orgs/{org}/objectives?{}&", serde_html_form::to_string(&kept).unwrap_or_default());
    let ranges = uniform_ranges(selected.len(), PER_PAGE);
    let index = page_index(&query.page, ranges.len());
    let rows = selected[ranges[index].clone()]
        .iter()
        .map(|o| {
            let plans = plans_of.get(&o.id).into_iter().flatten().map(|p| plan_line(&t, o, p)).collect();
            Row { objective: (*o).clone(), plans }
        })
        .collect();
    let sorts =
        ObjectiveSort::ALL.iter().map(|s| (s.as_str().to_string(), t.t(&format!("sort-{}", s.as_str())))).collect();
    let view = ListView {
        t,
        chrome: Some(ctx.chrome_of(&snapshot, period, "objectives").await?),
        org_id: org,
        period,
        rows,
        statuses: options(&t, ObjectiveStatus::ALL, ObjectiveStatus::as_str, ObjectiveStatus::label_key),
        departments: departments(&facts.objectives),
        responsibles: responsible_names(&objective_plans),
        sorts,
        filtered: filter != ObjectiveFilter::default(),
        can_edit: ctx.role().edits_everything() && !ctx.is_closed(period),
        can_import: ctx.role().allows(Access::Edit),
        imported: !query.imported.is_empty(),
        pages: pages(&t, &LIST, &base, &ranges, index),
        query,
    };
    ok(&view)
}

fn plan_line(t: &Tr, o: &Objective, p: &Plan) -> PlanLine {
    PlanLine {
        number: p.number(o.code.as_str()),
        responsible: p.responsible_name.clone().unwrap_or_else(|| t.t("not-set")),
        deadline: t.plan_deadline(p).unwrap_or_else(|| t.t("not-set")),
        status_key: p.status.label_key(),
    }
}
