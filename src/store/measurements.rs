//! Measurements of indicators (9.1): append-only, each one in the audit trail.

use sqlx::Row;
use sqlx::SqliteConnection;
use sqlx::sqlite::SqliteRow;

use super::{Store, StoreError, StoreResult, commit_change, snapshot};
use crate::domain::actor::Actor;
use crate::domain::measurement::{Measurement, MeasurementDraft};

const MEASUREMENT: &str = "SELECT id, indicator_id, measured_on, value, note, recorded_by_user_id, recorded_by,
    supersedes_id FROM measurements";

fn measurement(row: &SqliteRow) -> StoreResult<Measurement> {
    let raw: String = row.try_get("measured_on")?;
    let measured_on = chrono::NaiveDate::parse_from_str(&raw, "%Y-%m-%d")
        .map_err(|_| StoreError::Corrupt(format!("measurements.measured_on: {raw}")))?;
    Ok(Measurement {
        id: row.try_get("id")?,
        indicator_id: row.try_get("indicator_id")?,
        measured_on,
        value: row.try_get("value")?,
        note: row.try_get("note")?,
        recorded_by_user_id: row.try_get("recorded_by_user_id")?,
        recorded_by: row.try_get("recorded_by")?,
        supersedes_id: row.try_get("supersedes_id")?,
    })
}

async fn load(conn: &mut SqliteConnection, org: i64, id: i64) -> StoreResult<Option<Measurement>> {
    let sql = format!("{MEASUREMENT} WHERE org_id = ? AND id = ?");
    let row = sqlx::query(&sql).bind(org).bind(id).fetch_optional(&mut *conn).await?;
    row.as_ref().map(measurement).transpose()
}

impl Store {
    /// The measurements of every indicator of a period's objectives, oldest first.
    pub async fn measurements_of_period(&self, org: i64, period: i32) -> StoreResult<Vec<Measurement>> {
        let sql = format!(
            "{MEASUREMENT} WHERE org_id = ? AND indicator_id IN (SELECT i.id FROM indicators i
                 JOIN objectives o ON o.id = i.objective_id WHERE o.org_id = ? AND o.period = ?)
             ORDER BY measured_on, id"
        );
        let rows = sqlx::query(&sql).bind(org).bind(org).bind(period).fetch_all(self.pool()).await?;
        rows.iter().map(measurement).collect()
    }

    /// The measurements of an indicator, oldest first, corrections included.
    pub async fn measurements(&self, org: i64, indicator: i64) -> StoreResult<Vec<Measurement>> {
        let sql = format!("{MEASUREMENT} WHERE org_id = ? AND indicator_id = ? ORDER BY measured_on, id");
        let rows = sqlx::query(&sql).bind(org).bind(indicator).fetch_all(self.pool()).await?;
        rows.iter().map(measurement).collect()
    }

    pub async fn measurement(&self, org: i64, id: i64) -> StoreResult<Option<Measurement>> {
        load(&mut *self.pool().acquire().await?, org, id).await
    }

    /// The measurement that corrected `id`, if any.
    pub async fn superseded_by(&self, org: i64, id: i64) -> StoreResult<Option<i64>> {
        Ok(sqlx::query_scalar("SELECT id FROM measurements WHERE org_id = ? AND supersedes_id = ?")
            .bind(org)
            .bind(id)
            .fetch_optional(self.pool())
            .await?)
    }

    /// Records a measurement of `indicator`; with `supersedes`, a correction of
    /// that measurement, which must be of the same indicator and not corrected
    /// yet ([`StoreError::Duplicate`] when it already was).
    pub async fn record_measurement(
        &self,
        org: i64,
        indicator: i64,
        supersedes: Option<i64>,
        d: &MeasurementDraft,
        actor: &Actor,
    ) -> StoreResult<i64> {
        let mut tx = self.write().await?;
        let known: Option<i64> = sqlx::query_scalar("SELECT id FROM indicators WHERE org_id = ? AND id = ?")
            .bind(org)
            .bind(indicator)
            .fetch_optional(&mut *tx)
            .await?;
        known.ok_or(StoreError::NotFound)?;
        if let Some(old) = supersedes {
            let old = load(&mut tx, org, old).await?.ok_or(StoreError::NotFound)?;
            if old.indicator_id != indicator {
                return Err(StoreError::UnknownReference("supersedes_id"));
            }
            let taken: Option<i64> = sqlx::query_scalar("SELECT id FROM measurements WHERE supersedes_id = ?")
                .bind(old.id)
                .fetch_optional(&mut *tx)
                .await?;
            if taken.is_some() {
                return Err(StoreError::Duplicate);
            }
        }
        let id = sqlx::query_scalar(
            "INSERT INTO measurements (org_id, indicator_id, measured_on, value, note, recorded_by_user_id,
                 recorded_by, supersedes_id)
             VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
        )
        .bind(org)
        .bind(indicator)
        .bind(d.measured_on.to_string())
        .bind(d.value)
        .bind(&d.note)
        .bind(actor.user_id)
        .bind(&actor.label)
        .bind(supersedes)
        .fetch_one(&mut *tx)
        .await
        .map_err(super::on_unique)?;
        let after = snapshot(&load(&mut tx, org, id).await?);
        commit_change(tx, Some(org), actor, "measurement", id, None, &after).await?;
        Ok(id)
    }
}
