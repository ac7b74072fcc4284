//! Evaluations at the period's end, and carrying unfinished work over.

use sqlx::{Row, SqliteConnection};

use super::objectives::COLUMNS as OBJECTIVE;
use super::{NOW, Store, StoreError, StoreResult, WriteTx, record_change, rows, snapshot};
use crate::domain::actor::Actor;
use crate::domain::evaluation::{Evaluation, EvaluationDraft, EvaluationResult};
use crate::domain::objective::ObjectiveStatus;
use crate::domain::plan::PlanStatus;

const COLUMNS: &str = "id, record_type, record_id, result, measured_value, evidence, evaluator, evaluated_on, \
                       next_action, version";

fn evaluation(row: &sqlx::sqlite::SqliteRow) -> StoreResult<Evaluation> {
    let result: String = row.try_get("result")?;
    let on: String = row.try_get("evaluated_on")?;
    Ok(Evaluation {
        id: row.try_get("id")?,
        record_type: row.try_get("record_type")?,
        record_id: row.try_get("record_id")?,
        result: EvaluationResult::parse(&result).map_err(|e| StoreError::Corrupt(e.to_string()))?,
        measured_value: row.try_get("measured_value")?,
        evidence: row.try_get("evidence")?,
        evaluator: row.try_get("evaluator")?,
        evaluated_on: chrono::NaiveDate::parse_from_str(&on, "%Y-%m-%d")
            .map_err(|_| StoreError::Corrupt(format!("evaluations.evaluated_on: {on}")))?,
        next_action: row.try_get("next_action")?,
        version: row.try_get("version")?,
    })
}

async fn load(conn: &mut SqliteConnection, org: i64, kind: &str, id: i64) -> StoreResult<Option<Evaluation>> {
    let sql = format!("SELECT {COLUMNS} FROM evaluations WHERE org_id = ? AND record_type = ? AND record_id = ?");
    let row = sqlx::query(&sql).bind(org).bind(kind).bind(id).fetch_optional(&mut *conn).await?;
    row.as_ref().map(evaluation).transpose()
}

impl Store {
    /// The evaluation of an objective or a plan (`kind` is `objective` or `plan`).
    pub async fn evaluation(&self, org: i64, kind: &str, id: i64) -> StoreResult<Option<Evaluation>> {
        load(&mut *self.pool().acquire().await?, org, kind, id).await
    }

    /// Every evaluation of a period's objectives and plans.
    pub async fn evaluations_of_period(&self, org: i64, period: i32) -> StoreResult<Vec<Evaluation>> {
        let sql = format!(
            "SELECT {COLUMNS} FROM evaluations e WHERE e.org_id = ? AND (
                 (e.record_type = 'objective' AND e.record_id IN (SELECT id FROM objectives WHERE org_id = ? AND period = ?))
              OR (e.record_type = 'plan' AND e.record_id IN (SELECT p.id FROM plans p JOIN objectives o ON o.id = p.objective_id
                                                              WHERE p.org_id = ? AND o.period = ?)))"
        );
        let rows =
            sqlx::query(&sql).bind(org).bind(org).bind(period).bind(org).bind(period).fetch_all(self.pool()).await?;
        rows.iter().map(evaluation).collect()
    }

    /// Records (or revises, when `expected_version` matches) the evaluation of
    /// an objective or a plan of this organization. An objective's status
    /// follows its evaluation: achieved, partially achieved or not achieved.
    pub async fn save_evaluation(
        &self,
        org: i64,
        kind: &str,
        id: i64,
        expected_version: Option<i64>,
        d: &EvaluationDraft,
        actor: &Actor,
    ) -> StoreResult<()> {
        let mut tx = self.write().await?;
        if save_evaluation_in(&mut tx, org, kind, id, expected_version, d, actor).await? {
            tx.commit().await?;
        }
        Ok(())
    }

    /// The objective carried over from `objective`, if it has been.
    pub async fn carried_into(&self, org: i64, objective: i64) -> StoreResult<Option<(i64, i32)>> {
        let row = sqlx::query("SELECT id, period FROM objectives WHERE org_id = ? AND carried_from_id = ?")
            .bind(org)
            .bind(objective)
            .fetch_optional(self.pool())
            .await?;
        Ok(row.map(|r| (r.get::<i64, _>("id"), r.get::<i64, _>("period") as i32)))
    }

    /// Copies an objective into the next period with its unfinished plans,
    /// indicators, requirements, inputs and policy links, each linked back to
    /// its origin. Carrying the same objective again returns the first copy.
    pub async fn carry_over(&self, org: i64, objective: i64, actor: &Actor) -> StoreResult<i64> {
        if let Some((id, _)) = self.carried_into(org, objective).await? {
            return Ok(id);
        }
        let mut tx = self.write().await?;
        let origin: Option<i64> = sqlx::query_scalar("SELECT period FROM objectives WHERE org_id = ? AND id = ?")
            .bind(org)
            .bind(objective)
            .fetch_optional(&mut *tx)
            .await?;
        let period = origin.ok_or(StoreError::NotFound)? + 1;
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO objectives (org_id, period, code, title, description, department, level, status,
                                     unmeasurable_reason, qualitative_method, carried_from_id)
             SELECT org_id, ?, code, title, description, department, level, 'active',
                    unmeasurable_reason, qualitative_method, id
             FROM objectives WHERE org_id = ? AND id = ? RETURNING id",
        )
        .bind(period)
        .bind(org)
        .bind(objective)
        .fetch_one(&mut *tx)
        .await
        .map_err(super::on_unique)?;
        sqlx::query(
            "INSERT INTO objective_statements (org_id, objective_id, statement_id)
             SELECT org_id, ?, statement_id FROM objective_statements WHERE org_id = ? AND objective_id = ?",
        )
        .bind(id)
        .bind(org)
        .bind(objective)
        .execute(&mut *tx)
        .await?;
        // The copies come back whole from each insert (sorted: RETURNING
        // promises no order), so their audit entries need no second read.
        let indicators = copy_rows(
            &mut tx,
            "INSERT INTO indicators (org_id, objective_id, name, unit, direction, baseline, target, frequency, target_date)
             SELECT org_id, ?, name, unit, direction, baseline, target, frequency, target_date
             FROM indicators WHERE org_id = ? AND objective_id = ? AND archived = 0 ORDER BY id RETURNING *",
            &[id, org, objective],
            rows::indicator,
            |i| i.id,
        )
        .await?;
        let requirements = copy_rows(
            &mut tx,
            "INSERT INTO requirements (org_id, objective_id, kind, text)
             SELECT org_id, ?, kind, text FROM requirements WHERE org_id = ? AND objective_id = ? AND archived = 0
             ORDER BY id RETURNING *",
            &[id, org, objective],
            rows::requirement,
            |r| r.id,
        )
        .await?;
        let inputs = copy_rows(
            &mut tx,
            "INSERT INTO inputs (org_id, objective_id, kind, occurred_on, reference)
             SELECT org_id, ?, kind, occurred_on, reference FROM inputs
             WHERE org_id = ? AND objective_id = ? AND archived = 0 ORDER BY id RETURNING *",
            &[id, org, objective],
            rows::input,
            |i| i.id,
        )
        .await?;
        // Unfinished plans only; their deadlines move into the new period. A
        // deadline in words stands for the period's last day, so it moves to
        // the new period's last day (the day after, a year on, the day before:
        // a period ending on Feb 29 ends on Feb 28 a year later).
        let done = [PlanStatus::Done.as_str(), PlanStatus::Cancelled.as_str()];
        let plans = sqlx::query(
            "INSERT INTO plans (org_id, objective_id, position, actions, resources, budget_minor, budget_currency,
                                responsible_user_id, responsible_name, deadline, deadline_text, evaluation_method, status,
                                carried_from_id)
             SELECT org_id, ?, ROW_NUMBER() OVER (ORDER BY position), actions, resources, budget_minor, budget_currency,
                    responsible_user_id, responsible_name,
                    CASE WHEN deadline_text IS NULL THEN date(deadline, '+1 year')
                         ELSE date(deadline, '+1 day', '+1 year', '-1 day') END,
                    deadline_text, evaluation_method, 'not_started', id
             FROM plans WHERE org_id = ? AND objective_id = ? AND status NOT IN (?, ?) RETURNING *",
        )
        .bind(id)
        .bind(org)
        .bind(objective)
        .bind(done[0])
        .bind(done[1])
        .fetch_all(&mut *tx)
        .await?;
        let mut plans = plans.iter().map(rows::plan).collect::<StoreResult<Vec<_>>>()?;
        plans.sort_by_key(|p| p.position);
        let sql = format!("SELECT {OBJECTIVE} FROM objectives o WHERE o.id = ?");
        let copy = rows::objective(&sqlx::query(&sql).bind(id).fetch_one(&mut *tx).await?)?;
        let statements: Vec<i64> = sqlx::query_scalar(
            "SELECT statement_id FROM objective_statements WHERE objective_id = ? ORDER BY statement_id",
        )
        .bind(id)
        .fetch_all(&mut *tx)
        .await?;
        // Each copied record is an audit entry of its own, as if made by
        // hand, so that its history starts with what it was copied as.
        let mut after = snapshot(&copy);
        after["statements"] = serde_json::json!(statements);
        after["plans"] = serde_json::json!(plans.iter().map(|p| p.id).collect::<Vec<_>>());
        record_change(&mut tx, Some(org), actor, "objective", id, None, &after);
        for indicator in &indicators {
            record_change(&mut tx, Some(org), actor, "indicator", indicator.id, None, &snapshot(indicator));
        }
        for requirement in &requirements {
            record_change(&mut tx, Some(org), actor, "requirement", requirement.id, None, &snapshot(requirement));
        }
        for input in &inputs {
            record_change(&mut tx, Some(org), actor, "input", input.id, None, &snapshot(input));
        }
        for plan in &plans {
            record_change(&mut tx, Some(org), actor, "plan", plan.id, None, &snapshot(plan));
        }
        tx.commit().await?;
        Ok(id)
    }
}

/// Runs an `INSERT … SELECT … RETURNING *` that copies rows, binding `ids`
/// in order; the copies in id order (the order they were inserted).
async fn copy_rows<T>(
    tx: &mut WriteTx,
    sql: &str,
    ids: &[i64],
    row: impl Fn(&sqlx::sqlite::SqliteRow) -> StoreResult<T>,
    id: impl Fn(&T) -> i64,
) -> StoreResult<Vec<T>> {
    let query = ids.iter().fold(sqlx::query(sql), |q, v| q.bind(v));
    let mut copies = query.fetch_all(&mut **tx).await?.iter().map(row).collect::<StoreResult<Vec<T>>>()?;
    copies.sort_by_key(id);
    Ok(copies)
}

/// Sets an objective's status inside a write, with its own audit entry.
async fn set_objective_status(
    tx: &mut WriteTx,
    org: i64,
    id: i64,
    status: ObjectiveStatus,
    actor: &Actor,
) -> StoreResult<()> {
    let sql = format!("SELECT {OBJECTIVE} FROM objectives o WHERE o.org_id = ? AND o.id = ?");
    let before = rows::objective(&sqlx::query(&sql).bind(org).bind(id).fetch_one(&mut **tx).await?)?;
    if before.status == status {
        return Ok(());
    }
    let update = format!("UPDATE objectives SET status = ?, version = version + 1, updated_at = {NOW} WHERE id = ?");
    sqlx::query(&update).bind(status.as_str()).bind(id).execute(&mut **tx).await?;
    let after = rows::objective(&sqlx::query(&sql).bind(org).bind(id).fetch_one(&mut **tx).await?)?;
    record_change(tx, Some(org), actor, "objective", id, Some(&snapshot(&before)), &snapshot(&after));
    Ok(())
}

/// Records (or revises, when `expected_version` matches) the evaluation of
/// an objective or a plan of this organization. An objective's status
/// follows its evaluation: achieved, partially achieved or not achieved.
pub(super) async fn save_evaluation_in(
    tx: &mut WriteTx,
    org: i64,
    kind: &str,
    id: i64,
    expected_version: Option<i64>,
    d: &EvaluationDraft,
    actor: &Actor,
) -> StoreResult<bool> {
    let table = match kind {
        "objective" => "objectives",
        "plan" => "plans",
        _ => return Err(StoreError::NotFound),
    };
    let owned: Option<i64> = sqlx::query_scalar(&format!("SELECT id FROM {table} WHERE org_id = ? AND id = ?"))
        .bind(org)
        .bind(id)
        .fetch_optional(&mut **tx)
        .await?;
    owned.ok_or(StoreError::NotFound)?;
    let before = load(tx, org, kind, id).await?;
    if before.as_ref().map(|e| e.version) != expected_version {
        return Err(StoreError::Conflict);
    }
    let sql = format!(
        "INSERT INTO evaluations (org_id, record_type, record_id, result, measured_value, evidence, evaluator,
                                  evaluated_on, next_action)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
         ON CONFLICT (org_id, record_type, record_id) DO UPDATE SET result = excluded.result,
             measured_value = excluded.measured_value, evidence = excluded.evidence,
             evaluator = excluded.evaluator, evaluated_on = excluded.evaluated_on,
             next_action = excluded.next_action, version = evaluations.version + 1, updated_at = {NOW}"
    );
    sqlx::query(&sql)
        .bind(org)
        .bind(kind)
        .bind(id)
        .bind(d.result.as_str())
        .bind(&d.measured_value)
        .bind(&d.evidence)
        .bind(&d.evaluator)
        .bind(d.evaluated_on.to_string())
        .bind(&d.next_action)
        .execute(&mut **tx)
        .await?;
    if kind == "objective" {
        set_objective_status(tx, org, id, d.result.objective_status(), actor).await?;
    }
    let after = snapshot(&load(tx, org, kind, id).await?);
    let record = format!("{kind}_evaluation");
    Ok(record_change(tx, Some(org), actor, &record, id, before.map(|b| snapshot(&b)).as_ref(), &after))
}
