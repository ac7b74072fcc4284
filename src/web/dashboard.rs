//! The organization's dashboard for a period: objectives by status, plans by
//! progress, this month's tasks, deadlines passed and coming, indicators
//! against their targets, the risk heat map and treatment, findings by rule.
//! One read of the period (the readiness check's facts); pictures are SVG
//! drawn here, every number also written out.

use askama::Template;
use axum::extract::RawQuery;
use axum::response::Response;
use serde::Deserialize;

use super::charts::{Bar, bars};
use super::extract::Ctx;
use super::heatmap::risk_heatmap;
use super::page::{Chrome, ok};
use crate::domain::dashboard::{DeadlineItem, UPCOMING_DAYS};
use crate::domain::indicator::format_number;
use crate::domain::objective::ObjectiveStatus;
use crate::domain::plan::PlanParent;
use crate::domain::progress::Progress;
use crate::domain::readiness::{Facts, Index, Severity};
use crate::domain::risk_method::grid_counts;
use crate::error::AppResult;
use crate::i18n::Tr;

#[derive(Deserialize, Default)]
#[serde(default)]
struct DashboardQuery {
    period: Option<String>,
}

/// A plan's deadline as the lists show it.
pub struct DeadlineLine {
    pub plan_id: i64,
    pub number: String,
    pub actions: String,
    /// What the plan serves and its page.
    pub holder: String,
    pub holder_url: String,
    pub responsible: String,
    pub date: String,
    /// "あと3日", "本日", "5日超過".
    pub when: String,
}

/// An indicator's latest value against its target.
pub struct IndicatorLine {
    pub indicator_id: i64,
    pub objective_id: i64,
    pub objective_code: String,
    pub name: String,
    pub latest: Option<String>,
    pub target: Option<String>,
    /// Catalog key and CSS class of the judgement, when there is a value.
    pub achievement: Option<(&'static str, &'static str)>,
    pub progress: Option<u8>,
}

#[derive(Template)]
#[template(path = "dashboard.html")]
struct DashboardView {
    t: Tr,
    chrome: Option<Chrome>,
    org_id: i64,
    period: i32,
    as_of: String,
    objectives_total: usize,
    objectives_chart: String,
    plans_total: usize,
    delayed: usize,
    plans_chart: String,
    month_label: String,
    month_tasks: usize,
    month_reported: usize,
    overdue: Vec<DeadlineLine>,
    upcoming: Vec<DeadlineLine>,
    upcoming_days: i64,
    indicators: Vec<IndicatorLine>,
    heatmap: String,
    criterion: String,
    risks: usize,
    needing: usize,
    treated: usize,
    treatment_chart: String,
    findings_total: usize,
    nonconformities: usize,
    observations: usize,
    findings_chart: String,
}

const GREY: &str = "#9aa5b1";
const BLUE: &str = "#3f6fb5";
const GREEN: &str = "#2e7d32";
const AMBER: &str = "#e0a100";
const RED: &str = "#c62828";
const SLATE: &str = "#7b8794";

fn objective_color(s: ObjectiveStatus) -> &'static str {
    match s {
        ObjectiveStatus::Draft => GREY,
        ObjectiveStatus::Active => BLUE,
        ObjectiveStatus::Achieved => GREEN,
        ObjectiveStatus::PartiallyAchieved => AMBER,
        ObjectiveStatus::NotAchieved => RED,
        ObjectiveStatus::Withdrawn => SLATE,
    }
}

fn progress_color(p: Progress) -> &'static str {
    match p {
        Progress::NotStarted => GREY,
        Progress::OnTrack => BLUE,
        Progress::Delayed => RED,
        Progress::Done => GREEN,
        Progress::Cancelled => SLATE,
    }
}

/// What a plan serves, and its page.
fn holder(facts: &Facts, parent: PlanParent) -> (String, String) {
    let org = facts.org.id;
    match parent {
        PlanParent::Objective(id) => facts
            .objectives
            .iter()
            .find(|o| o.id == id)
            .map(|o| (format!("{} {}", o.code, o.title), format!("/orgs/{org}/objectives/{id}")))
            .unwrap_or_default(),
        PlanParent::Treatment(id) => facts
            .treatments
            .iter()
            .find(|t| t.id == id)
            .and_then(|t| facts.risks.iter().find(|r| r.id == t.risk_id))
            .map(|r| (format!("{} {} / {}", r.code, r.asset, r.threat), format!("/orgs/{org}/risks/{}", r.id)))
            .unwrap_or_default(),
    }
}

fn deadline_line(t: &Tr, facts: &Facts, index: &Index, item: &DeadlineItem) -> DeadlineLine {
    let (holder, holder_url) = holder(facts, item.plan.parent);
    let when = match item.days {
        0 => t.t("dashboard-due-today"),
        d if d > 0 => t.ta1("dashboard-days-left", "n", d),
        d => t.ta1("dashboard-days-over", "n", -d),
    };
    DeadlineLine {
        plan_id: item.plan.id,
        number: index.plan_number(&item.plan),
        actions: item.plan.actions.clone().unwrap_or_default(),
        holder,
        holder_url,
        responsible: item.plan.responsible_name.clone().unwrap_or_else(|| t.t("not-set")),
        date: t.date(&item.deadline),
        when,
    }
}

pub async fn show(ctx: Ctx, RawQuery(raw): RawQuery) -> AppResult<Response> {
    let query: DashboardQuery = serde_html_form::from_str(raw.as_deref().unwrap_or("")).unwrap_or_default();
    let period = ctx.period_param(query.period.as_deref());
    let org = ctx.org.id;
    let today = ctx.today;
    let snapshot = ctx.snapshot(period).await?;
    let (facts, found) = (&snapshot.facts, &snapshot.findings);
    let d = snapshot.dashboard();
    let index = Index::new(facts);
    let t = ctx.t;

    let objectives_chart = bars(
        &t.t("dashboard-objectives"),
        &d.objectives
            .iter()
            .map(|(s, n)| Bar {
                label: t.t(s.label_key()),
                count: *n,
                color: objective_color(*s),
                href: Some(format!("/orgs/{org}/objectives?period={period}&status={}", s.as_str())),
            })
            .collect::<Vec<_>>(),
    );
    let plans_chart = bars(
        &t.t("dashboard-plans"),
        &d.plans
            .iter()
            .map(|(p, n)| Bar {
                label: t.t(p.label_key()),
                count: *n,
                color: progress_color(*p),
                href: Some(if *p == Progress::Delayed {
                    format!("/orgs/{org}/late?period={period}")
                } else {
                    format!("/orgs/{org}/grid?period={period}")
                }),
            })
            .collect::<Vec<_>>(),
    );
    let tr = d.treatment;
    let findings_url = |rule: &str| format!("/orgs/{org}/findings?period={period}&rule={rule}");
    let treatment_chart = bars(
        &t.t("dashboard-treatment"),
        &[
            Bar {
                label: t.t("dashboard-treatment-approved"),
                count: tr.approved,
                color: GREEN,
                href: Some(format!("/orgs/{org}/risk-treatment-plan?period={period}")),
            },
            Bar {
                label: t.t("dashboard-treatment-awaiting"),
                count: tr.awaiting_approval,
                color: AMBER,
                href: Some(findings_url("6-1-3-approve")),
            },
            Bar {
                label: t.t("dashboard-treatment-untreated"),
                count: tr.untreated,
                color: RED,
                href: Some(findings_url("6-1-3-treat")),
            },
        ],
    );
    let findings_chart = bars(
        &t.t("findings-title"),
        &d.findings
            .iter()
            .map(|c| Bar {
                label: t.t(&c.rule.title_key()),
                count: c.count,
                color: if c.severity == Severity::Nonconformity { RED } else { AMBER },
                href: Some(findings_url(&c.rule.slug())),
            })
            .collect::<Vec<_>>(),
    );

    let settings = facts.org.risk;
    let live_risks: Vec<_> = facts.risks.iter().filter(|r| !r.archived).collect();
    let counts = grid_counts(&settings, live_risks.iter().map(|r| &r.inputs));
    let title = t.ta1("heatmap-title", "year", t.fiscal_year(&period));
    let map = risk_heatmap(&t, &title, org, period, &settings, &counts);

    let indicators = d
        .indicators
        .iter()
        .map(|i| {
            let with_unit = |v: f64| match &i.unit {
                Some(u) => format!("{} {u}", format_number(v)),
                None => format_number(v),
            };
            IndicatorLine {
                indicator_id: i.indicator_id,
                objective_id: i.objective_id,
                objective_code: facts
                    .objectives
                    .iter()
                    .find(|o| o.id == i.objective_id)
                    .map(|o| o.code.to_string())
                    .unwrap_or_default(),
                name: i.name.clone(),
                latest: i.latest.map(|(on, v)| format!("{} ({})", with_unit(v), t.date(&on))),
                target: i.target.map(with_unit),
                achievement: i.achievement.map(|a| (a.label_key(), a.as_str())),
                progress: i.progress,
            }
        })
        .collect();

    let month = crate::domain::year_month::YearMonth::from_date(today).map(|m| t.month(&m)).unwrap_or_default();
    let view = DashboardView {
        chrome: Some(ctx.chrome_of(&snapshot, period, "dashboard").await?),
        org_id: org,
        period,
        as_of: t.date(&today),
        objectives_total: facts.objectives.len(),
        objectives_chart,
        plans_total: d.plans.iter().map(|(_, n)| n).sum(),
        delayed: d.plans.iter().filter(|(p, _)| *p == Progress::Delayed).map(|(_, n)| n).sum(),
        plans_chart,
        month_label: month,
        month_tasks: d.month_tasks,
        month_reported: d.month_reported,
        overdue: d.overdue.iter().map(|i| deadline_line(&t, facts, &index, i)).collect(),
        upcoming: d.upcoming.iter().map(|i| deadline_line(&t, facts, &index, i)).collect(),
        upcoming_days: UPCOMING_DAYS,
        indicators,
        heatmap: map,
        criterion: format!("{} {}", settings.criterion, t.t(settings.comparison.label_key())),
        risks: tr.risks,
        needing: tr.needing,
        treated: tr.treated,
        treatment_chart,
        findings_total: found.len(),
        nonconformities: d.nonconformities,
        observations: d.observations,
        findings_chart,
        t,
    };
    ok(&view)
}
