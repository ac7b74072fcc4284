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
use crate::domain::plan::PlanParent;
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
    let snapshot = ctx.snapshot(period).await?;
    let facts = &snapshot.facts;
    let risks: Vec<Risk> = facts.risks.iter().filter(|r| !r.archived).cloned().collect();
    let mut treatments = facts.treatments.clone();
    treatments.sort_by_key(|tr| risks.iter().position(|r| r.id == tr.risk_id));
    // The period's plans and cells from the snapshot, and one sheet for all
    // treatments: the statements do not grow with the number of treatments.
    let treatment_plans = facts.plans.iter().filter(|p| matches!(p.parent, PlanParent::Treatment(_)));
    let all_months = treatment_plans.clone().filter_map(|p| Some((p.id, facts.months.get(&p.id)?.clone()))).collect();
    let order: HashMap<i64, usize> = treatments.iter().enumerate().map(|(i, tr)| (tr.id, i)).collect();
    let mut plans: Vec<_> = treatment_plans.cloned().collect();
    // Stable: each treatment's plans stay in their order.
    plans.sort_by_key(|p| match p.parent {
        PlanParent::Treatment(t) => order.get(&t).copied().unwrap_or(usize::MAX),
        PlanParent::Objective(_) => usize::MAX,
    });
    let holders: Vec<Holder> = treatments
        .iter()
        .filter_map(|tr| risks.iter().find(|r| r.id == tr.risk_id).map(|risk| Holder::of_treatment(org, risk, tr.id)))
        .collect();
    let sheet = ctx.sheet_of(period, &holders, plans, all_months, &[], false).await?;
    let month_labels = sheet.month_labels;
    let mut blocks = Vec::new();
    for block in sheet.blocks {
        let PlanParent::Treatment(t) = block.plan.parent else { continue };
        let Some(treatment) = treatments.iter().find(|tr| tr.id == t) else { continue };
        let Some(risk) = risks.iter().find(|r| r.id == treatment.risk_id) else { continue };
        blocks.push(RtpBlock { risk: risk.clone(), treatment: treatment.clone(), block });
    }
    let treated: Vec<i64> = blocks.iter().map(|b| b.risk.id).collect();
    let view = RtpView {
        t: ctx.t,
        chrome: Some(ctx.chrome_of(&snapshot, period, "risks").await?),
        org_id: org,
        period,
        month_labels,
        untreated: risks.into_iter().filter(|r| r.needs_treatment && !treated.contains(&r.id)).collect(),
        blocks,
    };
    ok(&view)
}
