//! What an auditor would find missing (the audit readiness check) in a
//! period as of today: findings grouped by rule, each with the record it
//! concerns, what to do, and — for those who may — a link to the form that
//! fixes it.

use askama::Template;
use axum::extract::RawQuery;
use axum::response::Response;
use serde::Deserialize;

use std::collections::{HashMap, HashSet};
use std::ops::Range;

use super::extract::Ctx;
use super::page::{Chrome, ok};
use super::paging::{LIST, Pages, page_index, pages, uniform_ranges};
use crate::domain::access::Role;
use crate::domain::indicator::Indicator;
use crate::domain::objective::Objective;
use crate::domain::plan::Plan;
use crate::domain::readiness::{Facts, Finding, Rule, Severity, Subject};
use crate::domain::risk::Risk;
use crate::error::AppResult;
use crate::i18n::Tr;

#[derive(Deserialize, Default)]
#[serde(default)]
struct FindingsQuery {
    period: Option<String>,
    /// `nonconformity` or `observation`; anything else shows both.
    severity: String,
    /// A rule id or its slug (`6.1.3-treat`, `6-1-3-treat`).
    rule: String,
    /// Which page of the findings, from 1.
    page: String,
}

/// Findings on one page: enough for any organization that keeps its
/// records, few enough that a neglected 10,000-plan one still gets a page
/// in well under a second.
pub const PER_PAGE: usize = 500;

/// A link to a form that fixes a finding.
pub struct Fix {
    pub label: String,
    pub url: String,
}

/// One finding as the page lists it.
pub struct Line {
    /// What kind of record (目的, 計画, リスク…).
    pub kind: String,
    /// The record as people name it (`1`, `2-2`, `R-004`).
    pub record: String,
    /// Its title, to recognise it (the objective's title, the plan's actions…).
    pub title: String,
    pub url: String,
    pub message: String,
    pub fixes: Vec<Fix>,
}

/// The findings of one rule.
pub struct Group {
    pub rule: Rule,
    pub title: String,
    /// The rule's findings under the filters, on all pages.
    pub count: usize,
    pub lines: Vec<Line>,
}

#[derive(Template)]
#[template(path = "findings.html")]
struct FindingsView {
    t: Tr,
    chrome: Option<Chrome>,
    org_id: i64,
    period: i32,
    as_of: String,
    groups: Vec<Group>,
    /// Counts of the whole check, before filtering.
    total: usize,
    nonconformities: usize,
    observations: usize,
    /// The filters in force: `""` for all.
    severity: &'static str,
    rule: Option<Rule>,
    pages: Option<Pages>,
}

/// What the viewer may change, to offer only the forms they may open.
struct Rights {
    org: i64,
    /// The secretariat, in a period still open.
    edit: bool,
    open: bool,
    role: Role,
    me: i64,
}

impl Rights {
    fn fix(&self, label: String, url: String) -> Fix {
        Fix { label, url: format!("/orgs/{}{url}", self.org) }
    }
}

/// The records findings name, by id: a period may hold thousands of
/// findings, and finding each record by scanning them all took seconds.
struct Lookup<'a> {
    objectives: HashMap<i64, &'a Objective>,
    plans: HashMap<i64, &'a Plan>,
    risks: HashMap<i64, &'a Risk>,
    indicators: HashMap<i64, &'a Indicator>,
    /// Objectives with a plan the viewer is responsible for.
    mine: HashSet<i64>,
}

impl<'a> Lookup<'a> {
    fn new(facts: &'a Facts, me: i64) -> Lookup<'a> {
        Lookup {
            objectives: facts.objectives.iter().map(|o| (o.id, o)).collect(),
            plans: facts.plans.iter().map(|p| (p.id, p)).collect(),
            risks: facts.risks.iter().map(|r| (r.id, r)).collect(),
            indicators: facts.indicators.iter().map(|i| (i.id, i)).collect(),
            mine: facts
                .plans
                .iter()
                .filter(|p| p.responsible_user_id == Some(me))
                .filter_map(|p| p.objective_id())
                .collect(),
        }
    }
}

/// The record of a finding: kind, name, title and page.
fn record(t: &Tr, facts: &Facts, by_id: &Lookup, period: i32, f: &Finding) -> (String, String, String, String) {
    let org = facts.org.id;
    match f.subject {
        Subject::Organization => (
            t.t("findings-kind-organization"),
            f.record.clone(),
            t.fiscal_year(&period),
            format!("/orgs/{org}/objectives?period={period}"),
        ),
        Subject::Objective(id) => (
            t.t("findings-kind-objective"),
            f.record.clone(),
            by_id.objectives.get(&id).map(|o| o.title.clone()).unwrap_or_default(),
            format!("/orgs/{org}/objectives/{id}"),
        ),
        Subject::Plan(id) => (
            t.t("findings-kind-plan"),
            f.record.clone(),
            by_id.plans.get(&id).and_then(|p| p.actions.clone()).unwrap_or_default(),
            format!("/orgs/{org}/plans/{id}"),
        ),
        Subject::Risk(id) => (
            t.t("findings-kind-risk"),
            f.record.clone(),
            by_id.risks.get(&id).map(|r| format!("{} / {}", r.asset, r.threat)).unwrap_or_default(),
            format!("/orgs/{org}/risks/{id}"),
        ),
        Subject::Indicator(id) => (
            t.t("findings-kind-indicator"),
            f.record.clone(),
            by_id.indicators.get(&id).map(|i| i.name.clone()).unwrap_or_default(),
            format!("/orgs/{org}/indicators/{id}"),
        ),
    }
}

/// The forms that fix `f`, among those the viewer may open.
fn fixes(t: &Tr, by_id: &Lookup, rights: &Rights, period: i32, f: &Finding) -> Vec<Fix> {
    let mut out = Vec::new();
    match f.subject {
        Subject::Organization if rights.edit => {
            out.push(rights.fix(t.t("findings-fix-new-objective"), format!("/objectives/new?period={period}")));
        }
        Subject::Objective(id) if rights.edit => {
            let o = format!("/objectives/{id}");
            match f.rule {
                Rule::PolicyLink => out.push(rights.fix(t.t("findings-fix-edit-objective"), format!("{o}/edit"))),
                Rule::Measurable => {
                    out.push(rights.fix(t.t("findings-fix-add-indicator"), format!("{o}/indicators/new")));
                    out.push(rights.fix(t.t("findings-fix-unmeasurable"), format!("{o}/edit")));
                }
                Rule::Grounds => {
                    out.push(rights.fix(t.t("findings-fix-add-input"), format!("{o}/inputs/new")));
                    out.push(rights.fix(t.t("findings-fix-add-requirement"), format!("{o}/requirements/new")));
                    out.push(rights.fix(t.t("findings-fix-link-risk"), format!("{o}/edit")));
                }
                Rule::Communicated => {
                    out.push(rights.fix(t.t("findings-fix-add-communication"), format!("{o}/communications/new")));
                }
                Rule::Reviewed => out.push(rights.fix(t.t("findings-fix-add-review"), format!("{o}/reviews/new"))),
                _ => out.push(rights.fix(t.t("findings-fix-edit-objective"), format!("{o}/edit"))),
            }
        }
        Subject::Plan(id) => {
            let own = rights.role == Role::Owner
                && by_id.plans.get(&id).is_some_and(|p| p.responsible_user_id == Some(rights.me));
            if rights.open && (rights.edit || own) {
                let p = format!("/plans/{id}");
                if f.rule == Rule::Late && f.message == "finding-progress-late-month" {
                    out.push(rights.fix(t.t("findings-fix-months"), format!("{p}/months")));
                } else {
                    out.push(rights.fix(t.t("findings-fix-edit-plan"), format!("{p}/edit")));
                }
            }
        }
        Subject::Risk(id) => {
            let r = format!("/risks/{id}");
            match f.rule {
                Rule::Treat if rights.edit => {
                    out.push(rights.fix(t.t("findings-fix-treatment"), format!("{r}/treatment")))
                }
                Rule::Approve => {
                    let owner = rights.role == Role::Owner
                        && by_id.risks.get(&id).is_some_and(|x| x.risk_owner_user_id == Some(rights.me));
                    if rights.open && (rights.edit || owner) {
                        out.push(rights.fix(t.t("findings-fix-approve"), format!("{r}#treatment-title")));
                    }
                }
                _ => {}
            }
        }
        Subject::Indicator(id) if f.rule == Rule::TargetWording && rights.edit => {
            out.push(rights.fix(t.t("findings-fix-edit-indicator"), format!("/indicators/{id}/edit")));
        }
        Subject::Indicator(_) if f.rule == Rule::TargetWording => {}
        Subject::Indicator(id) => {
            // As the measurement form decides: the secretariat, or an owner of
            // a plan of the indicator's objective.
            let objective = by_id.indicators.get(&id).map(|i| i.objective_id);
            let own = rights.role == Role::Owner && objective.is_some_and(|o| by_id.mine.contains(&o));
            if rights.role.edits_everything() || own {
                out.push(rights.fix(t.t("findings-fix-measurement"), format!("/indicators/{id}/measurements/new")));
            }
        }
        _ => {}
    }
    out
}

/// The findings of `facts` on the page (`shown[range]`) as the page shows
/// them, grouped by rule in the table's order.
fn groups(t: &Tr, facts: &Facts, rights: &Rights, period: i32, shown: &[&Finding], range: Range<usize>) -> Vec<Group> {
    let by_id = Lookup::new(facts, rights.me);
    let on_page = &shown[range];
    Rule::ALL
        .iter()
        .filter_map(|rule| {
            let lines: Vec<Line> = on_page
                .iter()
                .filter(|f| f.rule == *rule)
                .map(|f| {
                    let (kind, record, title, url) = record(t, facts, &by_id, period, f);
                    Line { kind, record, title, url, message: t.finding(f), fixes: fixes(t, &by_id, rights, period, f) }
                })
                .collect();
            let count = shown.iter().filter(|f| f.rule == *rule).count();
            (!lines.is_empty()).then(|| Group { rule: *rule, title: t.t(&rule.title_key()), count, lines })
        })
        .collect()
}

pub async fn show(ctx: Ctx, RawQuery(raw): RawQuery) -> AppResult<Response> {
    let query: FindingsQuery = serde_html_form::from_str(raw.as_deref().unwrap_or("")).unwrap_or_default();
    let period = ctx.period_param(query.period.as_deref());
    let snapshot = ctx.snapshot(period).await?;
    let (facts, found) = (&snapshot.facts, &snapshot.findings);
    let severity = match query.severity.as_str() {
        "nonconformity" => Some(Severity::Nonconformity),
        "observation" => Some(Severity::Observation),
        _ => None,
    };
    let rule = Rule::parse(query.rule.trim());
    let shown: Vec<&Finding> = found
        .iter()
        .filter(|f| severity.is_none_or(|s| f.severity == s))
        .filter(|f| rule.is_none_or(|r| f.rule == r))
        .collect();
    let open = !ctx.is_closed(period);
    let rights = Rights {
        org: ctx.org.id,
        edit: open && ctx.role().edits_everything(),
        open,
        role: ctx.role(),
        me: ctx.viewer.user.id,
    };
    let t = ctx.t;
    let nonconformities = found.iter().filter(|f| f.severity == Severity::Nonconformity).count();
    // Findings are sorted by rule, so one page holds whole rules or parts of
    // neighbouring ones; the base repeats the filters in force.
    let mut base = format!("/orgs/{}/findings?period={period}&", ctx.org.id);
    if let Some(s) = severity {
        base.push_str(&format!("severity={}&", s.as_str()));
    }
    if let Some(r) = rule {
        base.push_str(&format!("rule={}&", r.slug()));
    }
    let ranges = uniform_ranges(shown.len(), PER_PAGE);
    let index = page_index(&query.page, ranges.len());
    let on_page = ranges[index].clone();
    let view = FindingsView {
        t,
        chrome: Some(ctx.chrome_of(&snapshot, period, "findings").await?),
        org_id: ctx.org.id,
        period,
        as_of: t.date(&ctx.today),
        groups: groups(&t, facts, &rights, period, &shown, on_page),
        total: found.len(),
        nonconformities,
        observations: found.len() - nonconformities,
        severity: severity.map(Severity::as_str).unwrap_or(""),
        rule,
        pages: pages(&t, &LIST, &base, &ranges, index),
    };
    ok(&view)
}
