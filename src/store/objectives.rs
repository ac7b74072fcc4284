//! Objectives, their policy links, and the list with its filters.

use sqlx::SqliteConnection;

use super::{
    NOW, Statement, Store, StoreError, StoreResult, WriteTx, insert_all, on_unique, record_change, rows, snapshot,
};
use crate::domain::actor::Actor;
use crate::domain::objective::{Objective, ObjectiveDraft};
use crate::domain::objective_list::{ObjectiveFilter, ObjectiveSort, select};
use crate::domain::plan::Plan;
use crate::domain::policy::PolicyStatement;

pub(super) const COLUMNS: &str = "o.id, o.org_id, o.period, o.code, o.title, o.description, o.department, o.level, o.status, \
                       o.unmeasurable_reason, o.qualitative_method, o.carried_from_id, o.version";

impl Store {
    /// The objectives of a period that `filter` lets through, in `sort`'s
    /// order (see `domain::objective_list`).
    pub async fn objectives(
        &self,
        org: i64,
        period: i32,
        filter: &ObjectiveFilter,
        sort: ObjectiveSort,
    ) -> StoreResult<Vec<Objective>> {
        let sql = format!("SELECT {COLUMNS} FROM objectives o WHERE o.org_id = ? AND o.period = ?");
        let rows = sqlx::query(&sql).bind(org).bind(period).fetch_all(self.pool()).await?;
        let all = rows.iter().map(rows::objective).collect::<StoreResult<Vec<Objective>>>()?;
        let plans = if filter.responsible.is_some() || sort == ObjectiveSort::Deadline {
            self.plans_of_period(org, period).await?
        } else {
            Vec::new()
        };
        let plans: Vec<&Plan> = plans.iter().collect();
        Ok(select(&all, &plans, filter, sort).into_iter().cloned().collect())
    }

    pub async fn objective(&self, org: i64, id: i64) -> StoreResult<Option<Objective>> {
        let sql = format!("SELECT {COLUMNS} FROM objectives o WHERE o.org_id = ? AND o.id = ?");
        let row = sqlx::query(&sql).bind(org).bind(id).fetch_optional(self.pool()).await?;
        row.as_ref().map(rows::objective).transpose()
    }

    pub async fn objective_by_code(&self, org: i64, period: i32, code: &str) -> StoreResult<Option<Objective>> {
        let sql = format!("SELECT {COLUMNS} FROM objectives o WHERE o.org_id = ? AND o.period = ? AND o.code = ?");
        let row = sqlx::query(&sql).bind(org).bind(period).bind(code).fetch_optional(self.pool()).await?;
        row.as_ref().map(rows::objective).transpose()
    }

    /// The periods that hold objectives, newest first.
    pub async fn periods_with_objectives(&self, org: i64) -> StoreResult<Vec<i32>> {
        let years: Vec<i64> =
            sqlx::query_scalar("SELECT DISTINCT period FROM objectives WHERE org_id = ? ORDER BY period DESC")
                .bind(org)
                .fetch_all(self.pool())
                .await?;
        Ok(years.into_iter().map(|y| y as i32).collect())
    }

    pub async fn create_objective(
        &self,
        org: i64,
        period: i32,
        draft: &ObjectiveDraft,
        actor: &Actor,
    ) -> StoreResult<i64> {
        let mut tx = self.write().await?;
        let id = create_objective_in(&mut tx, org, period, draft, actor).await?;
        tx.commit().await?;
        Ok(id)
    }

    /// Saves an edit made on `expected_version`; refuses with `Conflict` when
    /// someone saved in between, so no one's change is silently lost.
    pub async fn update_objective(
        &self,
        org: i64,
        id: i64,
        expected_version: i64,
        draft: &ObjectiveDraft,
        actor: &Actor,
    ) -> StoreResult<()> {
        let mut tx = self.write().await?;
        if update_objective_in(&mut tx, org, id, expected_version, draft, actor).await? {
            tx.commit().await?;
        }
        Ok(())
    }

    pub async fn objective_statement_ids(&self, org: i64, objective: i64) -> StoreResult<Vec<i64>> {
        Ok(sqlx::query_scalar(
            "SELECT statement_id FROM objective_statements WHERE org_id = ? AND objective_id = ? ORDER BY statement_id",
        )
        .bind(org)
        .bind(objective)
        .fetch_all(self.pool())
        .await?)
    }

    pub async fn linked_statements(&self, org: i64, objective: i64) -> StoreResult<Vec<PolicyStatement>> {
        let rows = sqlx::query(
            "SELECT s.id, s.policy_version_id, v.version_no, s.number, s.text, s.archived, s.version
             FROM objective_statements l
             JOIN policy_statements s ON s.id = l.statement_id
             JOIN policy_versions v ON v.id = s.policy_version_id
             WHERE l.org_id = ? AND l.objective_id = ? ORDER BY v.version_no DESC, s.number",
        )
        .bind(org)
        .bind(objective)
        .fetch_all(self.pool())
        .await?;
        rows.iter().map(rows::statement).collect()
    }
}

/// An objective with its policy links, as the audit trail keeps it.
async fn objective_snapshot(conn: &mut SqliteConnection, org: i64, id: i64) -> StoreResult<serde_json::Value> {
    let sql = format!("SELECT {COLUMNS} FROM objectives o WHERE o.org_id = ? AND o.id = ?");
    let row = sqlx::query(&sql).bind(org).bind(id).fetch_optional(&mut *conn).await?.ok_or(StoreError::NotFound)?;
    let links: Vec<i64> = sqlx::query_scalar(
        "SELECT statement_id FROM objective_statements WHERE org_id = ? AND objective_id = ? ORDER BY statement_id",
    )
    .bind(org)
    .bind(id)
    .fetch_all(&mut *conn)
    .await?;
    let risks: Vec<i64> = sqlx::query_scalar(
        "SELECT risk_id FROM objective_risks WHERE org_id = ? AND objective_id = ? ORDER BY risk_id",
    )
    .bind(org)
    .bind(id)
    .fetch_all(&mut *conn)
    .await?;
    let mut value = snapshot(&rows::objective(&row)?);
    value["statements"] = serde_json::json!(links);
    value["risks"] = serde_json::json!(risks);
    Ok(value)
}

/// Links the risks (6.2 c), refusing any id that is not this organization's.
async fn link_risks(tx: &mut WriteTx, org: i64, objective: i64, ids: &[i64]) -> StoreResult<()> {
    for risk in ids {
        let done = sqlx::query(
            "INSERT INTO objective_risks (org_id, objective_id, risk_id) SELECT ?, ?, id FROM risks WHERE id = ? AND org_id = ?",
        )
        .bind(org)
        .bind(objective)
        .bind(risk)
        .bind(org)
        .execute(&mut **tx)
        .await?;
        if done.rows_affected() == 0 {
            return Err(StoreError::UnknownReference("risks"));
        }
    }
    Ok(())
}

/// Links the statements, refusing any id that is not this organization's.
async fn link_statements(tx: &mut WriteTx, org: i64, objective: i64, ids: &[i64]) -> StoreResult<()> {
    for statement in ids {
        let done = sqlx::query(
            "INSERT INTO objective_statements (org_id, objective_id, statement_id)
             SELECT ?, ?, id FROM policy_statements WHERE id = ? AND org_id = ?",
        )
        .bind(org)
        .bind(objective)
        .bind(statement)
        .bind(org)
        .execute(&mut **tx)
        .await?;
        if done.rows_affected() == 0 {
            return Err(StoreError::UnknownReference("statements"));
        }
    }
    Ok(())
}

pub(super) async fn create_objective_in(
    tx: &mut WriteTx,
    org: i64,
    period: i32,
    draft: &ObjectiveDraft,
    actor: &Actor,
) -> StoreResult<i64> {
    let ids = create_objectives_in(tx, org, period, &[draft], actor).await?;
    ids.first().copied().ok_or(StoreError::NotFound)
}

/// Adds objectives to a period, a few hundred per statement (an import adds
/// thousands); returns their ids in the order given.
pub(super) async fn create_objectives_in(
    tx: &mut WriteTx,
    org: i64,
    period: i32,
    drafts: &[&ObjectiveDraft],
    actor: &Actor,
) -> StoreResult<Vec<i64>> {
    let insert = "INSERT INTO objectives (org_id, period, code, title, description, department, level, status, \
                  unmeasurable_reason, qualitative_method)";
    let created = insert_all(
        tx,
        insert,
        10,
        drafts,
        |q, draft| bind_fields(q.bind(org).bind(period), draft),
        rows::objective,
        |o| o.id,
    )
    .await?;
    // The snapshot `objective_snapshot` would read back: the new row and
    // exactly the links just made, in id order.
    let sorted = |ids: &[i64]| {
        let mut ids = ids.to_vec();
        ids.sort_unstable();
        ids
    };
    for (objective, draft) in created.iter().zip(drafts) {
        link_statements(tx, org, objective.id, &draft.statement_ids).await?;
        link_risks(tx, org, objective.id, &draft.risk_ids).await?;
        let mut after = snapshot(objective);
        after["statements"] = serde_json::json!(sorted(&draft.statement_ids));
        after["risks"] = serde_json::json!(sorted(&draft.risk_ids));
        record_change(tx, Some(org), actor, "objective", objective.id, None, &after);
    }
    Ok(created.iter().map(|o| o.id).collect())
}

/// An objective's own columns, from `code` to `qualitative_method`, in the
/// order both the insert and the update name them.
fn bind_fields<'q>(q: Statement<'q>, d: &'q ObjectiveDraft) -> Statement<'q> {
    q.bind(d.code.as_str())
        .bind(&d.title)
        .bind(&d.description)
        .bind(&d.department)
        .bind(&d.level)
        .bind(d.status.as_str())
        .bind(&d.unmeasurable_reason)
        .bind(&d.qualitative_method)
}

/// Saves an edit made on `expected_version`; refuses with `Conflict` when
/// someone saved in between, so no one's change is silently lost.
pub(super) async fn update_objective_in(
    tx: &mut WriteTx,
    org: i64,
    id: i64,
    expected_version: i64,
    draft: &ObjectiveDraft,
    actor: &Actor,
) -> StoreResult<bool> {
    let before = objective_snapshot(tx, org, id).await?;
    if before["version"] != expected_version {
        return Err(StoreError::Conflict);
    }
    let sql = format!(
        "UPDATE objectives SET code = ?, title = ?, description = ?, department = ?, level = ?, status = ?,
             unmeasurable_reason = ?, qualitative_method = ?, version = version + 1, updated_at = {NOW}
         WHERE org_id = ? AND id = ?"
    );
    bind_fields(sqlx::query(&sql), draft).bind(org).bind(id).execute(&mut **tx).await.map_err(on_unique)?;
    sqlx::query("DELETE FROM objective_statements WHERE org_id = ? AND objective_id = ?")
        .bind(org)
        .bind(id)
        .execute(&mut **tx)
        .await?;
    link_statements(tx, org, id, &draft.statement_ids).await?;
    sqlx::query("DELETE FROM objective_risks WHERE org_id = ? AND objective_id = ?")
        .bind(org)
        .bind(id)
        .execute(&mut **tx)
        .await?;
    link_risks(tx, org, id, &draft.risk_ids).await?;
    let after = objective_snapshot(tx, org, id).await?;
    Ok(record_change(tx, Some(org), actor, "objective", id, Some(&before), &after))
}
