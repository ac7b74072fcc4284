//! The grid of a whole period, or of one responsible person ("my plans"):
//! every plan in the management table's block layout, edited in place.

use askama::Template;
use axum::extract::RawQuery;
use axum::response::Response;
use serde::Deserialize;

use super::extract::Ctx;
use super::holder::period_plan_refs;
use super::page::{Chrome, ok, saved};
use super::paging::{GRID, PAGE_PLANS, Pages, page_index, page_ranges, pages};
use super::sheet::Sheet;
use crate::domain::plan::Plan;
use crate::error::AppResult;
use crate::i18n::Tr;

#[derive(Deserialize, Default)]
#[serde(default)]
struct GridQuery {
    period: Option<String>,
    /// A user id: that person's plans only.
    person: String,
    /// Which page of a grid of more than `PAGE_PLANS` plans, from 1.
    page: String,
}

#[derive(Template)]
#[template(path = "grid.html")]
struct GridView {
    t: Tr,
    chrome: Option<Chrome>,
    org_id: i64,
    period: i32,
    heading: String,
    sheet: Sheet,
    people: Vec<(i64, String)>,
    person: Option<i64>,
    /// The links to the other pages, when the grid has several.
    pages: Option<Pages>,
}

impl GridView {
    fn is_person(&self, id: &i64) -> bool {
        self.person == Some(*id)
    }
}

pub async fn show(ctx: Ctx, RawQuery(raw): RawQuery) -> AppResult<Response> {
    let query: GridQuery = serde_html_form::from_str(raw.as_deref().unwrap_or("")).unwrap_or_default();
    let period = ctx.period_param(query.period.as_deref());
    let person = query.person.trim().parse::<i64>().ok();
    let org = ctx.org.id;
    // Objectives' plans first, then the risk treatments' plans: the whole period.
    let snapshot = ctx.snapshot(period).await?;
    let (holders, plans) = period_plan_refs(org, &snapshot.facts);
    let plans: Vec<_> = plans.into_iter().filter(|p| person.is_none() || p.responsible_user_id == person).collect();
    let (plans, pages) = one_page(&ctx.t, org, period, person, &query.page, plans);
    let plans: Vec<Plan> = plans.into_iter().cloned().collect();
    // Only the cells of the plans on this page.
    let months = plans.iter().filter_map(|p| Some((p.id, snapshot.facts.months.get(&p.id)?.clone()))).collect();
    let sheet = ctx.sheet_of(period, &holders, plans, months, &[], true).await?;
    let members = ctx.store.members(org).await?;
    let t = ctx.t;
    let heading = match person.and_then(|id| members.iter().find(|(u, _)| u.id == id)) {
        Some((user, _)) if user.id == ctx.viewer.user.id => t.t("grid-mine"),
        Some((user, _)) => t.ta1("grid-of-person", "name", &user.display_name),
        None => t.t("grid-title"),
    };
    let view = GridView {
        t,
        chrome: Some(
            ctx.chrome_of(&snapshot, period, if person == Some(ctx.viewer.user.id) { "mine" } else { "grid" }).await?,
        ),
        org_id: org,
        period,
        heading,
        sheet,
        people: members.into_iter().map(|(u, _)| (u.id, u.display_name)).collect(),
        person,
        pages,
    };
    ok(&view)
}

/// The plans of the page asked for, and the links to the pages when there
/// are several: at most about `PAGE_PLANS` plans, an objective's or a
/// treatment's plans together.
fn one_page<'a>(
    t: &Tr,
    org: i64,
    period: i32,
    person: Option<i64>,
    asked: &str,
    mut plans: Vec<&'a Plan>,
) -> (Vec<&'a Plan>, Option<Pages>) {
    let parents: Vec<_> = plans.iter().map(|p| p.parent).collect();
    let ranges = page_ranges(&parents, PAGE_PLANS);
    let index = page_index(asked, ranges.len());
    let person = person.map(|p| format!("person={p}&")).unwrap_or_default();
    let pages = pages(t, &GRID, &format!("/orgs/{org}/grid?period={period}&{person}"), &ranges, index);
    let range = ranges[index].clone();
    plans.truncate(range.end);
    plans.drain(..range.start);
    (plans, pages)
}

/// "My plans": the grid of the plans that name the viewer.
pub async fn mine(ctx: Ctx) -> AppResult<Response> {
    saved(format!("/orgs/{}/grid?person={}", ctx.org.id, ctx.viewer.user.id))
}
