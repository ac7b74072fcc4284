//! The stored records of one organization and period that an import is
//! compared with, read once (one query per kind of record).

use std::collections::HashMap;

use crate::domain::evaluation::Evaluation;
use crate::domain::indicator::Indicator;
use crate::domain::input::Input;
use crate::domain::month::MonthCell;
use crate::domain::objective::Objective;
use crate::domain::organization::Organization;
use crate::domain::plan::Plan;
use crate::domain::risk::{Risk, Treatment};
use crate::store::{ObjectiveFilter, ObjectiveLinks, ObjectiveSort, Store, StoreError, StoreResult};

#[derive(Debug, Clone)]
pub struct Current {
    pub org: Organization,
    pub has_risks: bool,
    pub objectives: Vec<Objective>,
    pub links: ObjectiveLinks,
    /// The plans of objectives and of treatments.
    pub plans: Vec<Plan>,
    pub months: HashMap<i64, Vec<MonthCell>>,
    pub stamps: HashMap<i64, i64>,
    pub inputs: Vec<Input>,
    pub indicators: Vec<Indicator>,
    pub evaluations: Vec<Evaluation>,
    pub risks: Vec<Risk>,
    pub treatments: Vec<Treatment>,
}

impl Current {
    pub async fn load(store: &Store, org: i64, period: i32) -> StoreResult<Current> {
        let organization = store.organization(org).await?.ok_or(StoreError::NotFound)?;
        let mut plans = store.plans_of_period(org, period).await?;
        plans.extend(store.treatment_plans_of_period(org, period).await?);
        Ok(Current {
            org: organization,
            has_risks: store.has_risks(org).await?,
            objectives: store.objectives(org, period, &ObjectiveFilter::default(), ObjectiveSort::Code).await?,
            links: store.objective_links_of_period(org, period).await?,
            plans,
            months: store.months_of_period(org, period).await?,
            stamps: store.months_stamps_of_period(org, period).await?,
            inputs: store.inputs_of_period(org, period).await?,
            indicators: store.indicators_of_period(org, period).await?,
            evaluations: store.evaluations_of_period(org, period).await?,
            risks: store.risks(org, period).await?,
            treatments: store.treatments_of_period(org, period).await?,
        })
    }

    /// Whether the period holds any record yet.
    pub fn is_empty(&self) -> bool {
        self.objectives.is_empty() && self.risks.is_empty()
    }
}
