//! The risk treatment plan (リスク対応計画) of a period in the management
//! table's block layout: per plan of a treatment, the risk, its score, the
//! option, controls, input, f–j, target residual score, the months (plan and
//! result rows) and the risk owner's approval. Printable.

use std::collections::HashMap;

use askama::Template;
use axum::extract::RawQuery;
use axum::response::Response;

use super::extract::Ctx;
use super::holder::Holder;
use super::page::{Chrome, ok};
use super::sheet::SheetBlock;
use crate::domain::risk::{Risk, Treatment};
use crate::error::AppResult;
use crate::i18n::Tr;

/// One plan of a treatment, with the risk and treatment it belongs to.
pub struct RtpBlock {
    pub risk: Risk,
    pub treatment: Treatment,
    pub block: SheetBlock,
}

#[derive(Template)]
#[template(path = "treatment_plan.html")]
struct RtpView {
    t: Tr,
    chrome: Option<Chrome>,
    org_id: i64,
    period: i32,
    month_labels: Vec<String>,
    blocks: Vec<RtpBlock>,
    /// Risks that need treatment and have none: shown so the gap is seen.
    untreated: Vec<Risk>,
}

pub async fn show(ctx: Ctx, RawQuery(raw): RawQuery) -> AppResult<Response> {
    let period = ctx.period_param(raw.as_deref().and_then(|q| q.strip_prefix("period=")));
    let org = ctx.org.id;
    let risks: Vec<Risk> = ctx.store.risks(org, period).await?.into_iter().filter(|r| !r.archived).collect();
    let mut treatments = ctx.store.treatments_of_period(org, period).await?;
    treatments.sort_by_key(|tr| risks.iter().position(|r| r.id == tr.risk_id));
    // Every cell of the period in one query, not one per plan.
    let mut all_months = ctx.store.months_of_period(org, period).await?;
    let mut blocks = Vec::new();
    let mut month_labels = Vec::new();
    for tr in treatments {
        let Some(risk) = risks.iter().find(|r| r.id == tr.risk_id).cloned() else { continue };
        let plans = ctx.store.treatment_plans(org, tr.id).await?;
        let months: HashMap<_, _> =
            plans.iter().filter_map(|p| all_months.remove(&p.id).map(|cells| (p.id, cells))).collect();
        let holders = [Holder::of_treatment(org, &risk, tr.id)];
        let sheet = ctx.sheet_of(period, &holders, plans, months, &[], false).await?;
        month_labels = sheet.month_labels;
        for block in sheet.blocks {
            blocks.push(RtpBlock { risk: risk.clone(), treatment: tr.clone(), block });
        }
    }
    if month_labels.is_empty() {
        month_labels = ctx.org.period(period).months().iter().map(|m| ctx.t.month(m)).collect();
    }
    let treated: Vec<i64> = blocks.iter().map(|b| b.risk.id).collect();
    let view = RtpView {
        t: ctx.t,
        chrome: Some(ctx.chrome(period, "risks").await?),
        org_id: org,
        period,
        month_labels,
        untreated: risks.into_iter().filter(|r| r.needs_treatment && !treated.contains(&r.id)).collect(),
        blocks,
    };
    ok(&view)
}
