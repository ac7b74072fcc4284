//! Gathers what the audit readiness check looks at, one query per kind of record.

use chrono::NaiveDate;

use super::{ObjectiveFilter, ObjectiveSort, Store, StoreError, StoreResult};
use crate::domain::readiness::Facts;

impl Store {
    /// The facts of `org` for the period starting in `year`.
    pub async fn readiness_facts(&self, org: i64, year: i32) -> StoreResult<Facts> {
        let organization = self.organization(org).await?.ok_or(StoreError::NotFound)?;
        let period = organization.period(year);
        let links = self.objective_links_of_period(org, year).await?;
        let changed: Vec<(i64, String)> =
            sqlx::query_as("SELECT id, updated_at FROM objectives WHERE org_id = ? AND period = ?")
                .bind(org)
                .bind(year)
                .fetch_all(self.pool())
                .await?;
        let changed_on = changed
            .into_iter()
            .filter_map(|(id, at)| at.get(..10).and_then(|d| d.parse::<NaiveDate>().ok()).map(|d| (id, d)))
            .collect();
        let mut plans = self.plans_of_period(org, year).await?;
        plans.extend(self.treatment_plans_of_period(org, year).await?);
        Ok(Facts {
            period: Some(period),
            objectives: self.objectives(org, year, &ObjectiveFilter::default(), ObjectiveSort::Code).await?,
            changed_on,
            statement_links: links.statements,
            risk_links: links.risks,
            inputs: self.inputs_of_period(org, year).await?,
            requirements: self.requirements_of_period(org, year).await?,
            indicators: self.indicators_of_period(org, year).await?,
            measurements: self.measurements_of_period(org, year).await?,
            communications: self.communications_of_period(org, year).await?,
            reviews: self.reviews_of_period(org, year).await?,
            plans,
            months: self.months_of_period(org, year).await?,
            risks: self.risks(org, year).await?,
            treatments: self.treatments_of_period(org, year).await?,
            org: organization,
        })
    }
}
