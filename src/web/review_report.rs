//! The management-review input report (9.3.2): the state of the objectives
//! and their plans, indicator results, risk treatment, and the audit
//! readiness findings of a period as of today, on one printable page.

use askama::Template;
use axum::extract::RawQuery;
use axum::response::Response;
use chrono::NaiveDate;
use serde::Deserialize;

use super::extract::Ctx;
use super::heatmap::risk_heatmap;
use super::page::{Chrome, ok};
use crate::domain::indicator::format_number;
use crate::domain::readiness::Finding;
use crate::domain::review_input::{Delay, ReviewInput, gather_checked};
use crate::domain::risk_method::grid_counts;
use crate::error::AppResult;
use crate::i18n::{Lang, Tr};

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct ReportQuery {
    pub period: Option<String>,
    /// The report's language; the page's language when absent.
    pub lang: String,
}

/// What the page and the PDF show.
pub struct Report {
    pub t: Tr,
    pub org_name: String,
    pub period: i32,
    pub first_day: NaiveDate,
    pub last_day: NaiveDate,
    pub input: ReviewInput,
    pub criterion: String,
    /// Risks per cell of the method's grid, for the heat map.
    pub heat_counts: Vec<Vec<u32>>,
}

impl Report {
    /// The report of the period `?period=` names (the current one by default) as of today.
    pub async fn load(ctx: &Ctx, raw: Option<&str>) -> AppResult<Report> {
        let query: ReportQuery = serde_html_form::from_str(raw.unwrap_or("")).unwrap_or_default();
        let period = ctx.period_param(query.period.as_deref());
        let t = Lang::parse(&query.lang).map(Tr::new).unwrap_or(ctx.t);
        let org = ctx.org.id;
        let snapshot = ctx.snapshot(period).await?;
        let facts = &snapshot.facts;
        let evaluations = ctx.store.evaluations_of_period(org, period).await?;
        let span = ctx.org.period(period);
        let settings = ctx.org.risk;
        Ok(Report {
            t,
            org_name: ctx.org.name.clone(),
            period,
            first_day: span.first_day(),
            last_day: span.last_day(),
            input: gather_checked(facts, &snapshot.findings, &evaluations, ctx.today),
            criterion: format!("{} {}", settings.criterion, t.t(settings.comparison.label_key())),
            heat_counts: grid_counts(&settings, facts.risks.iter().filter(|r| !r.archived).map(|r| &r.inputs)),
        })
    }

    /// Why a plan is late, in the reader's language, with the month's task.
    pub fn delay_text(&self, d: &Delay) -> String {
        let t = &self.t;
        let (key, args) = d.reason.sentence(|m| t.year_month(m), |day| t.date(day));
        let sentence = t.ta(key, &args);
        match &d.task {
            Some(task) => t.ta2("report-delay-with-task", "reason", sentence, "task", task),
            None => sentence,
        }
    }

    /// `2025年度（2025/04/01～2026/03/31）` / `FY2025 (2025-04-01 – 2026-03-31)`.
    pub fn period_span(&self) -> String {
        let t = &self.t;
        t.ta(
            "report-period-span",
            &[("year", t.fiscal_year(&self.period)), ("from", t.date(&self.first_day)), ("to", t.date(&self.last_day))],
        )
    }

    pub fn finding_text(&self, f: &Finding) -> String {
        self.t.finding(f)
    }

    /// A number as the sheet writes it, with its unit.
    pub fn number(&self, v: &f64, unit: &Option<String>) -> String {
        match unit {
            Some(u) => format!("{} {u}", format_number(*v)),
            None => format_number(*v),
        }
    }
}

#[derive(Template)]
#[template(path = "review_report.html")]
struct ReportView {
    t: Tr,
    chrome: Option<Chrome>,
    org_id: i64,
    r: Report,
    heatmap: String,
}

pub async fn show(ctx: Ctx, RawQuery(raw): RawQuery) -> AppResult<Response> {
    let report = Report::load(&ctx, raw.as_deref()).await?;
    let t = report.t;
    let period = report.period;
    let org = ctx.org.id;
    let settings = ctx.org.risk;
    let title = t.ta1("report-heatmap-title", "year", t.fiscal_year(&period));
    let map = risk_heatmap(&t, &title, org, period, &settings, &report.heat_counts);
    let mut chrome = ctx.chrome(period, "review-report").await?;
    // The language switch returns here without the `lang` that would override it.
    chrome.here = format!("/orgs/{org}/review-report?period={period}");
    ok(&ReportView { t, chrome: Some(chrome), org_id: org, r: report, heatmap: map })
}
