//! `GET /ical/{token}.ics`: a calendar feed behind a secret URL (no login:
//! calendar apps cannot log in). The deadlines and monthly planned tasks of
//! the plans a person is responsible for, or — for an admin or manager — of
//! their whole organization, as all-day events. Any unknown, revoked or no
//! longer permitted token answers 404, like a page that does not exist.

use axum::extract::{RawPathParams, State};
use axum::http::header::{CACHE_CONTROL, CONTENT_DISPOSITION, CONTENT_TYPE};
use axum::http::{HeaderMap, HeaderValue};
use axum::response::{IntoResponse, Response};

use super::AppState;
use super::extract::lang_of;
use crate::domain::ical::{Event, calendar, deadline_uid, month_uid};
use crate::domain::month::MonthState;
use crate::domain::organization::Organization;
use crate::error::{AppError, AppResult};
use crate::i18n::Tr;
use crate::store::{HeldPlan, Store};

/// The address people reach ismo at, from the request: `https://` when
/// ismo was started with `--https`, the `Host` the browser (or calendar) used.
pub fn site_base(headers: &HeaderMap, https: bool) -> String {
    let host = headers
        .get(axum::http::header::HOST)
        .and_then(|v| v.to_str().ok())
        .filter(|h| !h.is_empty() && h.chars().all(|c| c.is_ascii_alphanumeric() || ".-:[]".contains(c)))
        .unwrap_or("localhost");
    format!("{}://{host}", if https { "https" } else { "http" })
}

/// The periods a feed shows: the previous, the current and the next one.
fn periods(org: &Organization, today: chrono::NaiveDate) -> std::ops::RangeInclusive<i32> {
    let current = org.current_period(today).start_year();
    (current - 1)..=(current + 1)
}

/// The events of one organization's plans.
fn events(t: &Tr, base: &str, org: &Organization, plans: &[HeldPlan], store_cells: &mut CellsByPlan) -> Vec<Event> {
    let mut out = Vec::new();
    for h in plans {
        let p = &h.plan;
        let number = h.number();
        let actions = p.actions.as_deref().map(|a| a.replace(['\r', '\n'], " ")).unwrap_or_default();
        let holder_key = if p.objective_id().is_some() { "remind-for-objective" } else { "remind-for-risk" };
        let holder = t.ta2(holder_key, "org", &org.name, "holder", format!("{} {}", h.holder_code, h.holder_title));
        let responsible =
            t.ta1("ical-responsible", "name", p.responsible_name.clone().unwrap_or_else(|| t.t("not-set")));
        let url = format!("{base}/orgs/{}/plans/{}", org.id, p.id);
        if let Some(deadline) = p.deadline {
            out.push(Event {
                uid: deadline_uid(p.id),
                date: deadline,
                summary: t.ta2("ical-deadline-summary", "number", &number, "actions", &actions),
                description: Some(format!("{holder}\n{responsible}")),
                url: Some(url.clone()),
            });
        }
        for cell in store_cells.remove(&p.id).unwrap_or_default() {
            let Some(task) = cell.planned.as_deref().map(str::trim).filter(|s| !s.is_empty()) else {
                continue;
            };
            if cell.state == MonthState::Skipped {
                continue;
            }
            let mut description = vec![holder.clone(), responsible.clone()];
            if !actions.is_empty() {
                description.insert(0, t.ta2("ical-plan", "number", &number, "actions", &actions));
            }
            if let Some(result) = cell.result.as_deref() {
                description.push(t.ta1("ical-result", "result", result));
            }
            out.push(Event {
                uid: month_uid(p.id, &cell.month.to_string()),
                date: cell.month.first_day(),
                summary: t.ta2("ical-task-summary", "number", &number, "task", task),
                description: Some(description.join("\n")),
                url: Some(url.clone()),
            });
        }
    }
    out
}

type CellsByPlan = std::collections::HashMap<i64, Vec<crate::domain::month::MonthCell>>;

/// The plans of `org` in the feed's periods (those of `responsible` only,
/// when given) and their events.
async fn org_events(
    store: &Store,
    t: &Tr,
    base: &str,
    org: &Organization,
    today: chrono::NaiveDate,
    responsible: Option<i64>,
) -> AppResult<Vec<Event>> {
    let plans = store.held_plans(org.id, periods(org, today), responsible).await?;
    let ids: Vec<i64> = plans.iter().map(|h| h.plan.id).collect();
    let mut cells = store.months_of_plans(org.id, &ids).await?;
    Ok(events(t, base, org, &plans, &mut cells))
}

pub async fn serve(State(state): State<AppState>, params: RawPathParams, headers: HeaderMap) -> AppResult<Response> {
    let raw = params.iter().find(|(k, _)| *k == "token").map(|(_, v)| v).ok_or(AppError::NotFound)?;
    let token = raw.strip_suffix(".ics").ok_or(AppError::NotFound)?;
    let store = &state.store;
    let feed = store.feed_by_token(token).await?.ok_or(AppError::NotFound)?;
    let user = store.user(feed.user_id).await?.ok_or(AppError::NotFound)?;
    let t = Tr::new(lang_of(&headers));
    let today = state.today();
    let base = site_base(&headers, state.session.secure_cookies);
    let (name, events) = match feed.org_id {
        Some(org_id) => {
            // The whole organization only while the person may see all of it as its secretariat.
            let role = store.membership(org_id, user.id).await?;
            if !role.is_some_and(|r| r.edits_everything()) {
                return Err(AppError::NotFound);
            }
            let org = store.organization(org_id).await?.ok_or(AppError::NotFound)?;
            let events = org_events(store, &t, &base, &org, today, None).await?;
            (t.ta1("ical-org-name", "org", &org.name), events)
        }
        None => {
            let mut events = Vec::new();
            for m in store.memberships(user.id).await? {
                let Some(org) = store.organization(m.org_id).await? else { continue };
                events.extend(org_events(store, &t, &base, &org, today, Some(user.id)).await?);
            }
            (t.ta1("ical-my-name", "name", &user.display_name), events)
        }
    };
    let body = calendar(&name, chrono::Utc::now(), &events);
    let mut response = body.into_response();
    let h = response.headers_mut();
    h.insert(CONTENT_TYPE, HeaderValue::from_static("text/calendar; charset=utf-8"));
    h.insert(CACHE_CONTROL, HeaderValue::from_static("private"));
    h.insert(CONTENT_DISPOSITION, HeaderValue::from_static("inline; filename=\"ismo.ics\""));
    Ok(response)
}
