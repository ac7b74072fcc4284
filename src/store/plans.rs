//! Plans (6.2 f–j) and their monthly cells.

use std::collections::HashMap;

use super::{NOW, Store, StoreError, StoreResult, rows};
use crate::domain::month::MonthCell;
use crate::domain::plan::{Plan, PlanDraft};

const COLUMNS: &str = "p.id, p.objective_id, p.position, p.actions, p.resources, p.budget_minor, p.budget_currency, \
                       p.responsible_name, p.deadline, p.evaluation_method, p.indicator_id, p.status, p.version";

impl Store {
    pub async fn plans(&self, org: i64, objective: i64) -> StoreResult<Vec<Plan>> {
        let sql = format!(
            "SELECT {COLUMNS} FROM plans p WHERE p.org_id = ? AND p.objective_id = ? ORDER BY p.position"
        );
        let rows = sqlx::query(&sql)
            .bind(org)
            .bind(objective)
            .fetch_all(self.pool())
            .await?;
        rows.iter().map(rows::plan).collect()
    }

    /// Every plan of a period's objectives in one query, for list pages.
    pub async fn plans_of_period(&self, org: i64, period: i32) -> StoreResult<Vec<Plan>> {
        let sql = format!(
            "SELECT {COLUMNS} FROM plans p JOIN objectives o ON o.id = p.objective_id
             WHERE p.org_id = ? AND o.period = ? ORDER BY p.objective_id, p.position"
        );
        let rows = sqlx::query(&sql)
            .bind(org)
            .bind(period)
            .fetch_all(self.pool())
            .await?;
        rows.iter().map(rows::plan).collect()
    }

    pub async fn plan(&self, org: i64, id: i64) -> StoreResult<Option<Plan>> {
        let sql = format!("SELECT {COLUMNS} FROM plans p WHERE p.org_id = ? AND p.id = ?");
        let row = sqlx::query(&sql)
            .bind(org)
            .bind(id)
            .fetch_optional(self.pool())
            .await?;
        row.as_ref().map(rows::plan).transpose()
    }

    /// Adds a plan after the objective's last one.
    pub async fn create_plan(&self, org: i64, objective: i64, d: &PlanDraft) -> StoreResult<i64> {
        let mut tx = self.pool().begin().await?;
        check_indicator(&mut tx, org, objective, d.indicator_id).await?;
        let id = sqlx::query_scalar(
            "INSERT INTO plans (org_id, objective_id, position, actions, resources, budget_minor, budget_currency,
                                responsible_name, deadline, evaluation_method, indicator_id, status)
             VALUES (?, ?, (SELECT COALESCE(MAX(position), 0) + 1 FROM plans WHERE objective_id = ?),
                     ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
        )
        .bind(org)
        .bind(objective)
        .bind(objective)
        .bind(&d.actions)
        .bind(&d.resources)
        .bind(d.budget.as_ref().map(|m| m.minor()))
        .bind(d.budget.as_ref().map(|m| m.currency().to_string()))
        .bind(&d.responsible_name)
        .bind(d.deadline.map(|x| x.to_string()))
        .bind(&d.evaluation_method)
        .bind(d.indicator_id)
        .bind(d.status.as_str())
        .fetch_one(&mut *tx)
        .await?;
        tx.commit().await?;
        Ok(id)
    }

    pub async fn update_plan(&self, org: i64, id: i64, d: &PlanDraft) -> StoreResult<()> {
        let mut tx = self.pool().begin().await?;
        let objective: i64 =
            sqlx::query_scalar("SELECT objective_id FROM plans WHERE org_id = ? AND id = ?")
                .bind(org)
                .bind(id)
                .fetch_optional(&mut *tx)
                .await?
                .ok_or(StoreError::NotFound)?;
        check_indicator(&mut tx, org, objective, d.indicator_id).await?;
        let sql = format!(
            "UPDATE plans SET actions = ?, resources = ?, budget_minor = ?, budget_currency = ?, responsible_name = ?,
                 deadline = ?, evaluation_method = ?, indicator_id = ?, status = ?, version = version + 1,
                 updated_at = {NOW}
             WHERE org_id = ? AND id = ?"
        );
        sqlx::query(&sql)
            .bind(&d.actions)
            .bind(&d.resources)
            .bind(d.budget.as_ref().map(|m| m.minor()))
            .bind(d.budget.as_ref().map(|m| m.currency().to_string()))
            .bind(&d.responsible_name)
            .bind(d.deadline.map(|x| x.to_string()))
            .bind(&d.evaluation_method)
            .bind(d.indicator_id)
            .bind(d.status.as_str())
            .bind(org)
            .bind(id)
            .execute(&mut *tx)
            .await?;
        tx.commit().await?;
        Ok(())
    }

    /// The stored cells of one plan, in month order.
    pub async fn months(&self, org: i64, plan: i64) -> StoreResult<Vec<MonthCell>> {
        let rows = sqlx::query(
            "SELECT month, planned, result, state FROM plan_months WHERE org_id = ? AND plan_id = ? ORDER BY month",
        )
        .bind(org)
        .bind(plan)
        .fetch_all(self.pool())
        .await?;
        rows.iter().map(rows::month_cell).collect()
    }

    /// The stored cells of every plan of an objective, by plan id.
    pub async fn months_of_objective(
        &self,
        org: i64,
        objective: i64,
    ) -> StoreResult<HashMap<i64, Vec<MonthCell>>> {
        let rows = sqlx::query(
            "SELECT m.plan_id, m.month, m.planned, m.result, m.state FROM plan_months m
             JOIN plans p ON p.id = m.plan_id
             WHERE m.org_id = ? AND p.objective_id = ? ORDER BY m.plan_id, m.month",
        )
        .bind(org)
        .bind(objective)
        .fetch_all(self.pool())
        .await?;
        let mut by_plan: HashMap<i64, Vec<MonthCell>> = HashMap::new();
        for row in &rows {
            let plan: i64 = sqlx::Row::try_get(row, "plan_id")?;
            by_plan
                .entry(plan)
                .or_default()
                .push(rows::month_cell(row)?);
        }
        Ok(by_plan)
    }

    /// Writes the given cells of a plan in one transaction.
    pub async fn save_months(&self, org: i64, plan: i64, cells: &[MonthCell]) -> StoreResult<()> {
        let mut tx = self.pool().begin().await?;
        let owned: Option<i64> =
            sqlx::query_scalar("SELECT id FROM plans WHERE org_id = ? AND id = ?")
                .bind(org)
                .bind(plan)
                .fetch_optional(&mut *tx)
                .await?;
        owned.ok_or(StoreError::NotFound)?;
        let sql = format!(
            "INSERT INTO plan_months (org_id, plan_id, month, planned, result, state) VALUES (?, ?, ?, ?, ?, ?)
             ON CONFLICT (plan_id, month) DO UPDATE SET planned = excluded.planned, result = excluded.result,
                 state = excluded.state, version = plan_months.version + 1, updated_at = {NOW}
             WHERE plan_months.planned IS NOT excluded.planned OR plan_months.result IS NOT excluded.result
                OR plan_months.state IS NOT excluded.state"
        );
        for cell in cells {
            sqlx::query(&sql)
                .bind(org)
                .bind(plan)
                .bind(cell.month.to_string())
                .bind(&cell.planned)
                .bind(&cell.result)
                .bind(cell.state.as_str())
                .execute(&mut *tx)
                .await?;
        }
        tx.commit().await?;
        Ok(())
    }
}

/// A plan may only be judged by an indicator of its own objective.
async fn check_indicator(
    tx: &mut sqlx::Transaction<'_, sqlx::Sqlite>,
    org: i64,
    objective: i64,
    indicator: Option<i64>,
) -> StoreResult<()> {
    let Some(indicator) = indicator else {
        return Ok(());
    };
    let found: Option<i64> = sqlx::query_scalar(
        "SELECT id FROM indicators WHERE org_id = ? AND objective_id = ? AND id = ?",
    )
    .bind(org)
    .bind(objective)
    .bind(indicator)
    .fetch_optional(&mut **tx)
    .await?;
    found
        .map(|_| ())
        .ok_or(StoreError::UnknownReference("indicator_id"))
}
