//! What stands behind an objective: indicators (b), inputs and requirements (c).

use super::{NOW, Store, StoreError, StoreResult, rows};
use crate::domain::indicator::{Indicator, IndicatorDraft};
use crate::domain::input::{Input, InputDraft};
use crate::domain::requirement::{Requirement, RequirementDraft};

const INDICATOR: &str = "SELECT id, objective_id, name, unit, direction, baseline, target, frequency, archived, version FROM indicators";
const INPUT: &str =
    "SELECT id, objective_id, kind, occurred_on, reference, archived, version FROM inputs";
const REQUIREMENT: &str =
    "SELECT id, objective_id, kind, text, archived, version FROM requirements";

/// Fails with NotFound unless the UPDATE touched a row of this organization.
fn touched(done: sqlx::sqlite::SqliteQueryResult) -> StoreResult<()> {
    if done.rows_affected() == 0 {
        Err(StoreError::NotFound)
    } else {
        Ok(())
    }
}

impl Store {
    pub async fn indicators(&self, org: i64, objective: i64) -> StoreResult<Vec<Indicator>> {
        let sql =
            format!("{INDICATOR} WHERE org_id = ? AND objective_id = ? ORDER BY archived, id");
        let rows = sqlx::query(&sql)
            .bind(org)
            .bind(objective)
            .fetch_all(self.pool())
            .await?;
        rows.iter().map(rows::indicator).collect()
    }

    pub async fn indicator(&self, org: i64, id: i64) -> StoreResult<Option<Indicator>> {
        let sql = format!("{INDICATOR} WHERE org_id = ? AND id = ?");
        let row = sqlx::query(&sql)
            .bind(org)
            .bind(id)
            .fetch_optional(self.pool())
            .await?;
        row.as_ref().map(rows::indicator).transpose()
    }

    pub async fn create_indicator(
        &self,
        org: i64,
        objective: i64,
        d: &IndicatorDraft,
    ) -> StoreResult<i64> {
        Ok(sqlx::query_scalar(
            "INSERT INTO indicators (org_id, objective_id, name, unit, direction, baseline, target, frequency, archived)
             VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
        )
        .bind(org)
        .bind(objective)
        .bind(&d.name)
        .bind(&d.unit)
        .bind(d.direction.as_str())
        .bind(d.baseline)
        .bind(d.target)
        .bind(d.frequency.as_str())
        .bind(d.archived)
        .fetch_one(self.pool())
        .await?)
    }

    pub async fn update_indicator(&self, org: i64, id: i64, d: &IndicatorDraft) -> StoreResult<()> {
        let sql = format!(
            "UPDATE indicators SET name = ?, unit = ?, direction = ?, baseline = ?, target = ?, frequency = ?,
                 archived = ?, version = version + 1, updated_at = {NOW} WHERE org_id = ? AND id = ?"
        );
        touched(
            sqlx::query(&sql)
                .bind(&d.name)
                .bind(&d.unit)
                .bind(d.direction.as_str())
                .bind(d.baseline)
                .bind(d.target)
                .bind(d.frequency.as_str())
                .bind(d.archived)
                .bind(org)
                .bind(id)
                .execute(self.pool())
                .await?,
        )
    }

    pub async fn inputs(&self, org: i64, objective: i64) -> StoreResult<Vec<Input>> {
        let sql = format!(
            "{INPUT} WHERE org_id = ? AND objective_id = ? ORDER BY archived, occurred_on, id"
        );
        let rows = sqlx::query(&sql)
            .bind(org)
            .bind(objective)
            .fetch_all(self.pool())
            .await?;
        rows.iter().map(rows::input).collect()
    }

    pub async fn input(&self, org: i64, id: i64) -> StoreResult<Option<Input>> {
        let sql = format!("{INPUT} WHERE org_id = ? AND id = ?");
        let row = sqlx::query(&sql)
            .bind(org)
            .bind(id)
            .fetch_optional(self.pool())
            .await?;
        row.as_ref().map(rows::input).transpose()
    }

    pub async fn create_input(&self, org: i64, objective: i64, d: &InputDraft) -> StoreResult<i64> {
        Ok(sqlx::query_scalar(
            "INSERT INTO inputs (org_id, objective_id, kind, occurred_on, reference, archived)
             VALUES (?, ?, ?, ?, ?, ?) RETURNING id",
        )
        .bind(org)
        .bind(objective)
        .bind(d.kind.as_str())
        .bind(d.occurred_on.map(|x| x.to_string()))
        .bind(&d.reference)
        .bind(d.archived)
        .fetch_one(self.pool())
        .await?)
    }

    pub async fn update_input(&self, org: i64, id: i64, d: &InputDraft) -> StoreResult<()> {
        let sql = format!(
            "UPDATE inputs SET kind = ?, occurred_on = ?, reference = ?, archived = ?, version = version + 1,
                 updated_at = {NOW} WHERE org_id = ? AND id = ?"
        );
        touched(
            sqlx::query(&sql)
                .bind(d.kind.as_str())
                .bind(d.occurred_on.map(|x| x.to_string()))
                .bind(&d.reference)
                .bind(d.archived)
                .bind(org)
                .bind(id)
                .execute(self.pool())
                .await?,
        )
    }

    pub async fn requirements(&self, org: i64, objective: i64) -> StoreResult<Vec<Requirement>> {
        let sql =
            format!("{REQUIREMENT} WHERE org_id = ? AND objective_id = ? ORDER BY archived, id");
        let rows = sqlx::query(&sql)
            .bind(org)
            .bind(objective)
            .fetch_all(self.pool())
            .await?;
        rows.iter().map(rows::requirement).collect()
    }

    pub async fn requirement(&self, org: i64, id: i64) -> StoreResult<Option<Requirement>> {
        let sql = format!("{REQUIREMENT} WHERE org_id = ? AND id = ?");
        let row = sqlx::query(&sql)
            .bind(org)
            .bind(id)
            .fetch_optional(self.pool())
            .await?;
        row.as_ref().map(rows::requirement).transpose()
    }

    pub async fn create_requirement(
        &self,
        org: i64,
        objective: i64,
        d: &RequirementDraft,
    ) -> StoreResult<i64> {
        Ok(sqlx::query_scalar(
            "INSERT INTO requirements (org_id, objective_id, kind, text, archived) VALUES (?, ?, ?, ?, ?) RETURNING id",
        )
        .bind(org)
        .bind(objective)
        .bind(d.kind.as_str())
        .bind(&d.text)
        .bind(d.archived)
        .fetch_one(self.pool())
        .await?)
    }

    pub async fn update_requirement(
        &self,
        org: i64,
        id: i64,
        d: &RequirementDraft,
    ) -> StoreResult<()> {
        let sql = format!(
            "UPDATE requirements SET kind = ?, text = ?, archived = ?, version = version + 1, updated_at = {NOW}
             WHERE org_id = ? AND id = ?"
        );
        touched(
            sqlx::query(&sql)
                .bind(d.kind.as_str())
                .bind(&d.text)
                .bind(d.archived)
                .bind(org)
                .bind(id)
                .execute(self.pool())
                .await?,
        )
    }
}
