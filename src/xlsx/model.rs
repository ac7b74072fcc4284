//! What the workbook shows, gathered from the store for one organization and
//! period, in the sheet's words (already formatted in the chosen language).

use std::collections::HashMap;

use chrono::NaiveDate;

use super::cells;
use crate::domain::month::full_year;
use crate::domain::period::Period;
use crate::domain::plan::{Plan, PlanParent};
use crate::domain::risk::{Risk, Treatment};
use crate::domain::risk_method::{RiskSettings, asset_value};
use crate::i18n::Tr;
use crate::store::{ObjectiveFilter, ObjectiveSort, Store, StoreResult};

/// One plan: a block of a plan row and a result row.
#[derive(Debug, Clone, PartialEq)]
pub struct PlanBlock {
    pub id: i64,
    /// `1`, `1-2`, `R-001`.
    pub number: String,
    pub actions: String,
    pub resources: String,
    pub responsible: String,
    pub deadline: Option<NaiveDate>,
    /// A deadline written in words (`通年`): written back as its words.
    pub deadline_text: Option<String>,
    pub evaluation_method: String,
    /// (planned, result) for each month of the period, from its start month.
    pub months: Vec<(String, String)>,
    /// The evaluation result in words, with the measured value.
    pub evaluation: String,
}

/// An objective with its plans (the objective's cells span all its blocks).
#[derive(Debug, Clone, PartialEq)]
pub struct ObjectiveBlock {
    pub id: i64,
    pub code: String,
    /// Kinds and references of its inputs, one per line.
    pub input: String,
    pub title: String,
    /// Indicators with their targets, one per line.
    pub indicators: String,
    pub plans: Vec<PlanBlock>,
}

/// A treated risk with its treatment and plans.
#[derive(Debug, Clone, PartialEq)]
pub struct TreatmentBlock {
    pub risk: Risk,
    pub treatment: Treatment,
    pub option: String,
    pub plans: Vec<PlanBlock>,
    /// "鈴木 一郎 2026/07/01" when approved.
    pub approval: String,
}

/// A risk of the assessment sheet, with the values the sheet shows.
#[derive(Debug, Clone, PartialEq)]
pub struct RiskLine {
    pub risk: Risk,
    pub asset_value: Option<u8>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct ManagementTable {
    pub org_name: String,
    pub period: Period,
    pub settings: RiskSettings,
    /// Month column headers (`4月` / `Apr`).
    pub month_labels: Vec<String>,
    pub objectives: Vec<ObjectiveBlock>,
    pub treatments: Vec<TreatmentBlock>,
    pub risks: Vec<RiskLine>,
}

/// `items` by the record they belong to (those without one left out), in their order.
fn by_key<T>(items: &[T], key: impl Fn(&T) -> Option<i64>) -> HashMap<i64, Vec<&T>> {
    let mut map: HashMap<i64, Vec<&T>> = HashMap::new();
    for item in items {
        if let Some(k) = key(item) {
            map.entry(k).or_default().push(item);
        }
    }
    map
}

fn text(v: &Option<String>) -> String {
    v.clone().unwrap_or_default()
}

impl ManagementTable {
    /// Gathers the table of `org` for the fiscal year starting in `year`.
    pub async fn load(store: &Store, org: i64, year: i32, t: &Tr) -> StoreResult<Option<ManagementTable>> {
        let Some(organization) = store.organization(org).await? else { return Ok(None) };
        let period = organization.period(year);
        let mut months = store.months_of_period(org, year).await?;
        let evaluations = store.evaluations_of_period(org, year).await?;
        // By record, made once: a period holds thousands of plans, and
        // scanning every record for each of them took seconds.
        let mut plan_evaluations = HashMap::new();
        for e in evaluations.iter().filter(|e| e.record_type == "plan") {
            plan_evaluations.entry(e.record_id).or_insert(e);
        }
        let evaluation_of =
            |plan: i64| plan_evaluations.get(&plan).map(|e| cells::evaluation_text(e, t)).unwrap_or_default();
        let mut block = |plan: &Plan, code: &str| PlanBlock {
            id: plan.id,
            number: plan.number(code),
            actions: text(&plan.actions),
            resources: text(&plan.resources),
            responsible: text(&plan.responsible_name),
            deadline: plan.deadline,
            deadline_text: plan.deadline_text.clone(),
            evaluation_method: text(&plan.evaluation_method),
            months: full_year(&period, &months.remove(&plan.id).unwrap_or_default())
                .into_iter()
                .map(|c| (text(&c.planned), cells::month_result_text(&c, t)))
                .collect(),
            evaluation: evaluation_of(plan.id),
        };
        let mut objectives = Vec::new();
        let all_plans = store.plans_of_period(org, year).await?;
        let filter = ObjectiveFilter::default();
        // One query per kind of record for the whole period, not one per objective.
        let all_inputs = store.inputs_of_period(org, year).await?;
        let all_indicators = store.indicators_of_period(org, year).await?;
        let inputs_of = by_key(&all_inputs, |i| Some(i.objective_id));
        let indicators_of = by_key(&all_indicators, |i| Some(i.objective_id));
        let plans_of = by_key(&all_plans, |p| p.objective_id());
        let treatment_plans = store.treatment_plans_of_period(org, year).await?;
        let treatment_plans_of = by_key(&treatment_plans, |p| match p.parent {
            PlanParent::Treatment(id) => Some(id),
            PlanParent::Objective(_) => None,
        });
        for o in store.objectives(org, year, &filter, ObjectiveSort::Code).await? {
            let inputs = inputs_of.get(&o.id).map(Vec::as_slice).unwrap_or_default();
            let indicators = indicators_of.get(&o.id).map(Vec::as_slice).unwrap_or_default();
            let plans = plans_of.get(&o.id).into_iter().flatten().map(|p| block(p, o.code.as_str())).collect();
            objectives.push(ObjectiveBlock {
                id: o.id,
                code: o.code.to_string(),
                input: inputs
                    .iter()
                    .filter(|i| !i.archived)
                    .map(|i| cells::input_line(i, t))
                    .collect::<Vec<_>>()
                    .join("\n"),
                title: o.title.clone(),
                indicators: indicators
                    .iter()
                    .filter(|i| !i.archived)
                    .map(|i| cells::indicator_line(i, t))
                    .collect::<Vec<_>>()
                    .join("\n"),
                plans,
            });
        }
        let mut risks: Vec<Risk> = store.risks(org, year).await?.into_iter().filter(|r| !r.archived).collect();
        risks.sort_by(|a, b| a.code.cmp(&b.code));
        let mut treatments = Vec::new();
        for tr in store.treatments_of_period(org, year).await? {
            let Some(risk) = risks.iter().find(|r| r.id == tr.risk_id).cloned() else { continue };
            let plans = treatment_plans_of.get(&tr.id).into_iter().flatten().map(|p| block(p, &risk.code)).collect();
            let approval = tr.plan_approval.as_ref().map(|a| cells::approval_text(a, t)).unwrap_or_default();
            treatments.push(TreatmentBlock {
                option: t.t(tr.option.label_key()),
                treatment: tr,
                risk,
                plans,
                approval,
            });
        }
        treatments.sort_by(|a, b| a.risk.code.cmp(&b.risk.code));
        Ok(Some(ManagementTable {
            org_name: organization.name.clone(),
            period,
            settings: organization.risk,
            month_labels: period.months().iter().map(|m| t.month(m)).collect(),
            objectives,
            treatments,
            risks: risks.into_iter().map(|r| RiskLine { asset_value: asset_value(&r.inputs), risk: r }).collect(),
        }))
    }
}
