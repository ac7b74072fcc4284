//! What stands behind an objective: indicators (b), inputs and requirements (c).

use sqlx::SqliteConnection;

use super::{
    NOW, Statement, Store, StoreError, StoreResult, WriteTx, commit_change, insert_all, record_change, rows, snapshot,
};
use crate::domain::actor::Actor;
use crate::domain::indicator::{Indicator, IndicatorDraft};
use crate::domain::input::{Input, InputDraft};
use crate::domain::requirement::{Requirement, RequirementDraft};

const INDICATOR: &str = "SELECT id, objective_id, name, unit, direction, baseline, target, frequency, target_date, archived, version \
     FROM indicators";
const INPUT: &str = "SELECT id, objective_id, kind, occurred_on, reference, archived, version FROM inputs";
const REQUIREMENT: &str = "SELECT id, objective_id, kind, text, archived, version FROM requirements";

async fn load_indicator(conn: &mut SqliteConnection, org: i64, id: i64) -> StoreResult<Option<Indicator>> {
    let sql = format!("{INDICATOR} WHERE org_id = ? AND id = ?");
    let row = sqlx::query(&sql).bind(org).bind(id).fetch_optional(&mut *conn).await?;
    row.as_ref().map(rows::indicator).transpose()
}

async fn load_input(conn: &mut SqliteConnection, org: i64, id: i64) -> StoreResult<Option<Input>> {
    let sql = format!("{INPUT} WHERE org_id = ? AND id = ?");
    let row = sqlx::query(&sql).bind(org).bind(id).fetch_optional(&mut *conn).await?;
    row.as_ref().map(rows::input).transpose()
}

async fn load_requirement(conn: &mut SqliteConnection, org: i64, id: i64) -> StoreResult<Option<Requirement>> {
    let sql = format!("{REQUIREMENT} WHERE org_id = ? AND id = ?");
    let row = sqlx::query(&sql).bind(org).bind(id).fetch_optional(&mut *conn).await?;
    row.as_ref().map(rows::requirement).transpose()
}

/// The version check every update starts with (see `update_objective`).
fn expect_version<T>(found: Option<T>, version: impl Fn(&T) -> i64, expected: i64) -> StoreResult<T> {
    let record = found.ok_or(StoreError::NotFound)?;
    if version(&record) != expected { Err(StoreError::Conflict) } else { Ok(record) }
}

impl Store {
    pub async fn indicators(&self, org: i64, objective: i64) -> StoreResult<Vec<Indicator>> {
        let sql = format!("{INDICATOR} WHERE org_id = ? AND objective_id = ? ORDER BY archived, id");
        let rows = sqlx::query(&sql).bind(org).bind(objective).fetch_all(self.pool()).await?;
        rows.iter().map(rows::indicator).collect()
    }

    /// The indicators of every objective of a period, in one query (for the workbook).
    pub async fn indicators_of_period(&self, org: i64, period: i32) -> StoreResult<Vec<Indicator>> {
        let sql = format!(
            "{INDICATOR} WHERE org_id = ? AND objective_id IN (SELECT id FROM objectives WHERE org_id = ? AND period = ?)
             ORDER BY archived, id"
        );
        let rows = sqlx::query(&sql).bind(org).bind(org).bind(period).fetch_all(self.pool()).await?;
        rows.iter().map(rows::indicator).collect()
    }

    pub async fn indicator(&self, org: i64, id: i64) -> StoreResult<Option<Indicator>> {
        load_indicator(&mut *self.pool().acquire().await?, org, id).await
    }

    pub async fn create_indicator(
        &self,
        org: i64,
        objective: i64,
        d: &IndicatorDraft,
        actor: &Actor,
    ) -> StoreResult<i64> {
        let mut tx = self.write().await?;
        let id = create_indicator_in(&mut tx, org, objective, d, actor).await?;
        tx.commit().await?;
        Ok(id)
    }

    pub async fn update_indicator(
        &self,
        org: i64,
        id: i64,
        expected: i64,
        d: &IndicatorDraft,
        actor: &Actor,
    ) -> StoreResult<()> {
        let mut tx = self.write().await?;
        if update_indicator_in(&mut tx, org, id, expected, d, actor).await? {
            tx.commit().await?;
        }
        Ok(())
    }

    pub async fn inputs(&self, org: i64, objective: i64) -> StoreResult<Vec<Input>> {
        let sql = format!("{INPUT} WHERE org_id = ? AND objective_id = ? ORDER BY archived, occurred_on, id");
        let rows = sqlx::query(&sql).bind(org).bind(objective).fetch_all(self.pool()).await?;
        rows.iter().map(rows::input).collect()
    }

    /// The inputs of every objective of a period, in one query (for the workbook).
    pub async fn inputs_of_period(&self, org: i64, period: i32) -> StoreResult<Vec<Input>> {
        let sql = format!(
            "{INPUT} WHERE org_id = ? AND objective_id IN (SELECT id FROM objectives WHERE org_id = ? AND period = ?)
             ORDER BY archived, occurred_on, id"
        );
        let rows = sqlx::query(&sql).bind(org).bind(org).bind(period).fetch_all(self.pool()).await?;
        rows.iter().map(rows::input).collect()
    }

    pub async fn input(&self, org: i64, id: i64) -> StoreResult<Option<Input>> {
        load_input(&mut *self.pool().acquire().await?, org, id).await
    }

    pub async fn create_input(&self, org: i64, objective: i64, d: &InputDraft, actor: &Actor) -> StoreResult<i64> {
        let mut tx = self.write().await?;
        let id = create_input_in(&mut tx, org, objective, d, actor).await?;
        tx.commit().await?;
        Ok(id)
    }

    pub async fn update_input(
        &self,
        org: i64,
        id: i64,
        expected: i64,
        d: &InputDraft,
        actor: &Actor,
    ) -> StoreResult<()> {
        let mut tx = self.write().await?;
        if update_input_in(&mut tx, org, id, expected, d, actor).await? {
            tx.commit().await?;
        }
        Ok(())
    }

    /// The requirements of every objective of a period, in one query.
    pub async fn requirements_of_period(&self, org: i64, period: i32) -> StoreResult<Vec<Requirement>> {
        let sql = format!(
            "{REQUIREMENT} WHERE org_id = ? AND objective_id IN (SELECT id FROM objectives WHERE org_id = ? AND period = ?)
             ORDER BY id"
        );
        let rows = sqlx::query(&sql).bind(org).bind(org).bind(period).fetch_all(self.pool()).await?;
        rows.iter().map(rows::requirement).collect()
    }

    pub async fn requirements(&self, org: i64, objective: i64) -> StoreResult<Vec<Requirement>> {
        let sql = format!("{REQUIREMENT} WHERE org_id = ? AND objective_id = ? ORDER BY archived, id");
        let rows = sqlx::query(&sql).bind(org).bind(objective).fetch_all(self.pool()).await?;
        rows.iter().map(rows::requirement).collect()
    }

    pub async fn requirement(&self, org: i64, id: i64) -> StoreResult<Option<Requirement>> {
        load_requirement(&mut *self.pool().acquire().await?, org, id).await
    }

    pub async fn create_requirement(
        &self,
        org: i64,
        objective: i64,
        d: &RequirementDraft,
        actor: &Actor,
    ) -> StoreResult<i64> {
        let mut tx = self.write().await?;
        let id = sqlx::query_scalar(
            "INSERT INTO requirements (org_id, objective_id, kind, text, archived) VALUES (?, ?, ?, ?, ?) RETURNING id",
        )
        .bind(org)
        .bind(objective)
        .bind(d.kind.as_str())
        .bind(&d.text)
        .bind(d.archived)
        .fetch_one(&mut *tx)
        .await?;
        let after = snapshot(&load_requirement(&mut tx, org, id).await?);
        commit_change(tx, Some(org), actor, "requirement", id, None, &after).await?;
        Ok(id)
    }

    pub async fn update_requirement(
        &self,
        org: i64,
        id: i64,
        expected: i64,
        d: &RequirementDraft,
        actor: &Actor,
    ) -> StoreResult<()> {
        let mut tx = self.write().await?;
        let before = expect_version(load_requirement(&mut tx, org, id).await?, |r| r.version, expected)?;
        let sql = format!(
            "UPDATE requirements SET kind = ?, text = ?, archived = ?, version = version + 1, updated_at = {NOW}
             WHERE org_id = ? AND id = ?"
        );
        sqlx::query(&sql)
            .bind(d.kind.as_str())
            .bind(&d.text)
            .bind(d.archived)
            .bind(org)
            .bind(id)
            .execute(&mut *tx)
            .await?;
        let after = snapshot(&load_requirement(&mut tx, org, id).await?);
        commit_change(tx, Some(org), actor, "requirement", id, Some(&snapshot(&before)), &after).await?;
        Ok(())
    }
}

/// An indicator's own columns, from `name` to `archived`, in the order both
/// the insert and the update name them.
fn bind_indicator<'q>(q: Statement<'q>, d: &'q IndicatorDraft) -> Statement<'q> {
    q.bind(&d.name)
        .bind(&d.unit)
        .bind(d.direction.as_str())
        .bind(d.baseline)
        .bind(d.target)
        .bind(d.frequency.as_str())
        .bind(d.target_date.map(|x| x.to_string()))
        .bind(d.archived)
}

/// An input's own columns, from `kind` to `archived`, in the order both the
/// insert and the update name them.
fn bind_input<'q>(q: Statement<'q>, d: &'q InputDraft) -> Statement<'q> {
    q.bind(d.kind.as_str()).bind(d.occurred_on.map(|x| x.to_string())).bind(&d.reference).bind(d.archived)
}

pub(super) async fn create_indicator_in(
    tx: &mut WriteTx,
    org: i64,
    objective: i64,
    d: &IndicatorDraft,
    actor: &Actor,
) -> StoreResult<i64> {
    let ids = create_indicators_in(tx, org, &[(objective, d)], actor).await?;
    ids.first().copied().ok_or(StoreError::NotFound)
}

/// Adds indicators, each to its objective, a few hundred per statement;
/// returns their ids in the order given.
pub(super) async fn create_indicators_in(
    tx: &mut WriteTx,
    org: i64,
    indicators: &[(i64, &IndicatorDraft)],
    actor: &Actor,
) -> StoreResult<Vec<i64>> {
    let insert = "INSERT INTO indicators (org_id, objective_id, name, unit, direction, baseline, target, frequency, \
                  target_date, archived)";
    // The new rows come back whole: the audit entries need no second read.
    let created = insert_all(
        tx,
        insert,
        10,
        indicators,
        |q, (objective, d)| bind_indicator(q.bind(org).bind(objective), d),
        rows::indicator,
        |i| i.id,
    )
    .await?;
    for indicator in &created {
        record_change(tx, Some(org), actor, "indicator", indicator.id, None, &snapshot(indicator));
    }
    Ok(created.iter().map(|i| i.id).collect())
}

pub(super) async fn update_indicator_in(
    tx: &mut WriteTx,
    org: i64,
    id: i64,
    expected: i64,
    d: &IndicatorDraft,
    actor: &Actor,
) -> StoreResult<bool> {
    let before = expect_version(load_indicator(tx, org, id).await?, |r| r.version, expected)?;
    let sql = format!(
        "UPDATE indicators SET name = ?, unit = ?, direction = ?, baseline = ?, target = ?, frequency = ?,
             target_date = ?, archived = ?, version = version + 1, updated_at = {NOW} WHERE org_id = ? AND id = ?"
    );
    bind_indicator(sqlx::query(&sql), d).bind(org).bind(id).execute(&mut **tx).await?;
    let after = snapshot(&load_indicator(tx, org, id).await?);
    Ok(record_change(tx, Some(org), actor, "indicator", id, Some(&snapshot(&before)), &after))
}

pub(super) async fn create_input_in(
    tx: &mut WriteTx,
    org: i64,
    objective: i64,
    d: &InputDraft,
    actor: &Actor,
) -> StoreResult<i64> {
    let ids = create_inputs_in(tx, org, &[(objective, d)], actor).await?;
    ids.first().copied().ok_or(StoreError::NotFound)
}

/// Adds inputs, each to its objective, a few hundred per statement; returns
/// their ids in the order given.
pub(super) async fn create_inputs_in(
    tx: &mut WriteTx,
    org: i64,
    inputs: &[(i64, &InputDraft)],
    actor: &Actor,
) -> StoreResult<Vec<i64>> {
    let insert = "INSERT INTO inputs (org_id, objective_id, kind, occurred_on, reference, archived)";
    let created = insert_all(
        tx,
        insert,
        6,
        inputs,
        |q, (objective, d)| bind_input(q.bind(org).bind(objective), d),
        rows::input,
        |i| i.id,
    )
    .await?;
    for input in &created {
        record_change(tx, Some(org), actor, "input", input.id, None, &snapshot(input));
    }
    Ok(created.iter().map(|i| i.id).collect())
}

pub(super) async fn update_input_in(
    tx: &mut WriteTx,
    org: i64,
    id: i64,
    expected: i64,
    d: &InputDraft,
    actor: &Actor,
) -> StoreResult<bool> {
    let before = expect_version(load_input(tx, org, id).await?, |r| r.version, expected)?;
    let sql = format!(
        "UPDATE inputs SET kind = ?, occurred_on = ?, reference = ?, archived = ?, version = version + 1,
             updated_at = {NOW} WHERE org_id = ? AND id = ?"
    );
    bind_input(sqlx::query(&sql), d).bind(org).bind(id).execute(&mut **tx).await?;
    let after = snapshot(&load_input(tx, org, id).await?);
    Ok(record_change(tx, Some(org), actor, "input", id, Some(&snapshot(&before)), &after))
}
