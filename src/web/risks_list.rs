//! The risk register of a period: the heat map of the method's matrix with
//! counts (a cell links to its risks), and the list, highest score first.

use askama::Template;
use axum::extract::RawQuery;
use axum::response::Response;
use serde::Deserialize;

use super::extract::Ctx;
use super::heatmap::risk_heatmap;
use super::page::{Chrome, ok};
use crate::domain::risk::{Risk, Treatment};
use crate::domain::risk_level_words::score_factors;
use crate::domain::risk_method::{RiskSettings, cell_of, grid_counts};
use crate::error::AppResult;
use crate::i18n::Tr;

#[derive(Deserialize, Default)]
#[serde(default)]
struct RiskQuery {
    period: Option<String>,
    /// `1`: only risks that need treatment.
    needs: String,
    /// A heat map cell.
    x: String,
    y: String,
    /// `code`: by risk id; otherwise by score, highest first.
    sort: String,
}

pub struct RiskRow {
    pub risk: Risk,
    pub treatment: Option<Treatment>,
    /// The levels the score is the product of, as the organization shows
    /// them: `高×中×高` or `3×2×3` (asset value × threat × vulnerability).
    pub levels: String,
}

#[derive(Template)]
#[template(path = "risks.html")]
struct RisksView {
    t: Tr,
    chrome: Option<Chrome>,
    org_id: i64,
    period: i32,
    rows: Vec<RiskRow>,
    heatmap: String,
    /// The method, which names what the levels column multiplies.
    method_key: &'static str,
    criterion: String,
    filtered: bool,
    by_code: bool,
    can_edit: bool,
    is_admin: bool,
}

pub async fn show(ctx: Ctx, RawQuery(raw): RawQuery) -> AppResult<Response> {
    let query: RiskQuery = serde_html_form::from_str(raw.as_deref().unwrap_or("")).unwrap_or_default();
    let period = ctx.period_param(query.period.as_deref());
    let org = ctx.org.id;
    let settings = ctx.org.risk;
    let all: Vec<Risk> = ctx.store.risks(org, period).await?.into_iter().filter(|r| !r.archived).collect();
    let treatments = ctx.store.treatments_of_period(org, period).await?;
    let t = ctx.t;
    let counts = grid_counts(&settings, all.iter().map(|r| &r.inputs));
    let title = t.ta1("heatmap-title", "year", t.fiscal_year(&period));
    let map = risk_heatmap(&t, &title, org, period, &settings, &counts);
    let cell = query.x.parse::<u32>().ok().zip(query.y.parse::<u32>().ok());
    let needs = query.needs == "1";
    let mut all = all;
    if query.sort == "code" {
        all.sort_by(|a, b| a.code.cmp(&b.code));
    }
    let rows = all
        .into_iter()
        .filter(|r| !needs || r.needs_treatment)
        .filter(|r| cell.is_none() || cell_of(&settings, &r.inputs) == cell)
        .map(|risk| RiskRow {
            treatment: treatments.iter().find(|tr| tr.risk_id == risk.id).cloned(),
            levels: factors(&t, &settings, &risk),
            risk,
        })
        .collect();
    let view = RisksView {
        t,
        chrome: Some(ctx.chrome(period, "risks").await?),
        org_id: org,
        period,
        rows,
        heatmap: map,
        method_key: settings.method.label_key(),
        criterion: format!("{} {}", settings.criterion, t.t(settings.comparison.label_key())),
        filtered: needs || cell.is_some(),
        by_code: query.sort == "code",
        can_edit: ctx.role().edits_everything() && !ctx.is_closed(period),
        is_admin: ctx.role() == crate::domain::access::Role::Admin,
    };
    ok(&view)
}

/// The factors of the score as the organization writes levels (`高×中×高`);
/// a missing level shows as `—`.
fn factors(t: &Tr, settings: &RiskSettings, risk: &Risk) -> String {
    score_factors(settings, &risk.inputs)
        .iter()
        .map(|l| match l.value {
            Some(_) => t.level(settings.level_style, l.value, l.scale),
            None => "—".to_string(),
        })
        .collect::<Vec<_>>()
        .join("×")
}
