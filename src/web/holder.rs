//! What a plan serves — an objective or a risk treatment — as the plan's
//! pages need it: the code its number starts with, a title, the period (which
//! decides whether it may still change) and where to go back to.

use std::collections::HashMap;

use super::extract::Ctx;
use crate::domain::plan::{Plan, PlanParent};
use crate::domain::readiness::Facts;
use crate::domain::risk::Risk;
use crate::error::{AppError, AppResult};

#[derive(Debug, Clone)]
pub struct Holder {
    pub parent: PlanParent,
    /// The objective's number or the risk's id (`3`, `R-001`).
    pub code: String,
    pub title: String,
    pub period: i32,
    /// The objective's page or the risk's page.
    pub url: String,
}

impl Holder {
    /// The plan's number in the sheet: `3`, `3-2`, `R-001`, `R-001-2`.
    pub fn number(&self, plan: &Plan) -> String {
        plan.number(&self.code)
    }

    /// "3 情報セキュリティインシデントを削減する", shown above plan forms.
    pub fn label(&self) -> String {
        format!("{} {}", self.code, self.title)
    }
}

impl Holder {
    pub fn of_objective(org: i64, o: &crate::domain::objective::Objective) -> Holder {
        Holder {
            parent: PlanParent::Objective(o.id),
            code: o.code.to_string(),
            title: o.title.clone(),
            period: o.period,
            url: format!("/orgs/{org}/objectives/{}", o.id),
        }
    }

    pub fn of_treatment(org: i64, risk: &crate::domain::risk::Risk, treatment: i64) -> Holder {
        Holder {
            parent: PlanParent::Treatment(treatment),
            code: risk.code.clone(),
            title: format!("{} / {}", risk.asset, risk.threat),
            period: risk.period,
            url: format!("/orgs/{org}/risks/{}", risk.id),
        }
    }
}

impl Ctx {
    /// The objective or treatment a plan of this organization serves.
    pub async fn holder_of(&self, parent: PlanParent) -> AppResult<Holder> {
        let org = self.org.id;
        match parent {
            PlanParent::Objective(id) => Ok(Holder::of_objective(org, &self.objective(id).await?)),
            PlanParent::Treatment(id) => {
                let (risk, _) = self.store.treatment_with_risk(org, id).await?.ok_or(AppError::NotFound)?;
                Ok(Holder::of_treatment(org, &risk, id))
            }
        }
    }

    /// The holder of a plan whose records may still change (open period).
    pub async fn holder_to_change(&self, parent: PlanParent) -> AppResult<Holder> {
        let holder = self.holder_of(parent).await?;
        self.require_open(holder.period)?;
        Ok(holder)
    }
}

/// Everything plans serve in a period — objectives (by number), then risk
/// treatments (by risk id) — and all their plans in that order.
pub fn period_plan_refs(org: i64, facts: &Facts) -> (Vec<Holder>, Vec<&Plan>) {
    let risks: HashMap<i64, &Risk> = facts.risks.iter().map(|r| (r.id, r)).collect();
    let holders: Vec<Holder> = facts
        .objectives
        .iter()
        .map(|o| Holder::of_objective(org, o))
        .chain(
            facts
                .treatments
                .iter()
                .filter_map(|tr| risks.get(&tr.risk_id).map(|risk| Holder::of_treatment(org, risk, tr.id))),
        )
        .collect();
    let order: HashMap<PlanParent, usize> = holders.iter().enumerate().map(|(i, h)| (h.parent, i)).collect();
    let mut plans: Vec<&Plan> = facts.plans.iter().collect();
    plans.sort_by_key(|p| (order.get(&p.parent).copied(), p.position));
    (holders, plans)
}
