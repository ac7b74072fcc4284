//! Communication records (6.2 d) and reviews (6.2 e) of objectives. Never
//! deleted: archived instead, every change in the audit trail.

use sqlx::sqlite::SqliteRow;
use sqlx::{Row, SqliteConnection};

use super::{NOW, Store, StoreError, StoreResult, commit_change, snapshot};
use crate::domain::actor::Actor;
use crate::domain::communication::{Communication, CommunicationDraft};
use crate::domain::review::{Review, ReviewDecision, ReviewDraft};

const COMMUNICATION: &str = "SELECT id, objective_id, communicated_on, audience, method, communicated_by,
    acknowledgement, archived, version FROM communications";
const REVIEW: &str = "SELECT id, objective_id, reviewed_on, reviewer, review_trigger, decision, notes, archived,
    version FROM reviews";

fn date(row: &SqliteRow, col: &str) -> StoreResult<chrono::NaiveDate> {
    let raw: String = row.try_get(col)?;
    chrono::NaiveDate::parse_from_str(&raw, "%Y-%m-%d").map_err(|_| StoreError::Corrupt(format!("{col}: {raw}")))
}

fn communication(row: &SqliteRow) -> StoreResult<Communication> {
    Ok(Communication {
        id: row.try_get("id")?,
        objective_id: row.try_get("objective_id")?,
        communicated_on: date(row, "communicated_on")?,
        audience: row.try_get("audience")?,
        method: row.try_get("method")?,
        communicated_by: row.try_get("communicated_by")?,
        acknowledgement: row.try_get("acknowledgement")?,
        archived: row.try_get("archived")?,
        version: row.try_get("version")?,
    })
}

fn review(row: &SqliteRow) -> StoreResult<Review> {
    let decision: String = row.try_get("decision")?;
    Ok(Review {
        id: row.try_get("id")?,
        objective_id: row.try_get("objective_id")?,
        reviewed_on: date(row, "reviewed_on")?,
        reviewer: row.try_get("reviewer")?,
        trigger: row.try_get("review_trigger")?,
        decision: ReviewDecision::parse(&decision)
            .map_err(|why| StoreError::Corrupt(format!("reviews.decision: {why}")))?,
        notes: row.try_get("notes")?,
        archived: row.try_get("archived")?,
        version: row.try_get("version")?,
    })
}

async fn load_communication(conn: &mut SqliteConnection, org: i64, id: i64) -> StoreResult<Option<Communication>> {
    let sql = format!("{COMMUNICATION} WHERE org_id = ? AND id = ?");
    let row = sqlx::query(&sql).bind(org).bind(id).fetch_optional(&mut *conn).await?;
    row.as_ref().map(communication).transpose()
}

async fn load_review(conn: &mut SqliteConnection, org: i64, id: i64) -> StoreResult<Option<Review>> {
    let sql = format!("{REVIEW} WHERE org_id = ? AND id = ?");
    let row = sqlx::query(&sql).bind(org).bind(id).fetch_optional(&mut *conn).await?;
    row.as_ref().map(review).transpose()
}

/// The version check every update starts with (see `update_objective`).
fn expect_version<T>(found: Option<T>, version: impl Fn(&T) -> i64, expected: i64) -> StoreResult<T> {
    let record = found.ok_or(StoreError::NotFound)?;
    if version(&record) != expected { Err(StoreError::Conflict) } else { Ok(record) }
}

/// Rows of a period's objectives (for the readiness check).
const OF_PERIOD: &str =
    "WHERE org_id = ? AND objective_id IN (SELECT id FROM objectives WHERE org_id = ? AND period = ?)";

impl Store {
    /// The communications of every objective of a period, in one query.
    pub async fn communications_of_period(&self, org: i64, period: i32) -> StoreResult<Vec<Communication>> {
        let sql = format!("{COMMUNICATION} {OF_PERIOD} ORDER BY communicated_on, id");
        let rows = sqlx::query(&sql).bind(org).bind(org).bind(period).fetch_all(self.pool()).await?;
        rows.iter().map(communication).collect()
    }

    /// The reviews of every objective of a period, in one query.
    pub async fn reviews_of_period(&self, org: i64, period: i32) -> StoreResult<Vec<Review>> {
        let sql = format!("{REVIEW} {OF_PERIOD} ORDER BY reviewed_on, id");
        let rows = sqlx::query(&sql).bind(org).bind(org).bind(period).fetch_all(self.pool()).await?;
        rows.iter().map(review).collect()
    }

    /// The communications of an objective, newest first, archived ones last.
    pub async fn communications(&self, org: i64, objective: i64) -> StoreResult<Vec<Communication>> {
        let sql = format!(
            "{COMMUNICATION} WHERE org_id = ? AND objective_id = ? ORDER BY archived, communicated_on DESC, id DESC"
        );
        let rows = sqlx::query(&sql).bind(org).bind(objective).fetch_all(self.pool()).await?;
        rows.iter().map(communication).collect()
    }

    pub async fn communication(&self, org: i64, id: i64) -> StoreResult<Option<Communication>> {
        load_communication(&mut *self.pool().acquire().await?, org, id).await
    }

    pub async fn create_communication(
        &self,
        org: i64,
        objective: i64,
        d: &CommunicationDraft,
        actor: &Actor,
    ) -> StoreResult<i64> {
        let mut tx = self.write().await?;
        let id = sqlx::query_scalar(
            "INSERT INTO communications (org_id, objective_id, communicated_on, audience, method, communicated_by,
                 acknowledgement, archived)
             VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
        )
        .bind(org)
        .bind(objective)
        .bind(d.communicated_on.to_string())
        .bind(&d.audience)
        .bind(&d.method)
        .bind(&d.communicated_by)
        .bind(&d.acknowledgement)
        .bind(d.archived)
        .fetch_one(&mut *tx)
        .await?;
        let after = snapshot(&load_communication(&mut tx, org, id).await?);
        commit_change(tx, Some(org), actor, "communication", id, None, &after).await?;
        Ok(id)
    }

    pub async fn update_communication(
        &self,
        org: i64,
        id: i64,
        expected: i64,
        d: &CommunicationDraft,
        actor: &Actor,
    ) -> StoreResult<()> {
        let mut tx = self.write().await?;
        let before = expect_version(load_communication(&mut tx, org, id).await?, |r| r.version, expected)?;
        let sql = format!(
            "UPDATE communications SET communicated_on = ?, audience = ?, method = ?, communicated_by = ?,
                 acknowledgement = ?, archived = ?, version = version + 1, updated_at = {NOW}
             WHERE org_id = ? AND id = ?"
        );
        sqlx::query(&sql)
            .bind(d.communicated_on.to_string())
            .bind(&d.audience)
            .bind(&d.method)
            .bind(&d.communicated_by)
            .bind(&d.acknowledgement)
            .bind(d.archived)
            .bind(org)
            .bind(id)
            .execute(&mut *tx)
            .await?;
        let after = snapshot(&load_communication(&mut tx, org, id).await?);
        commit_change(tx, Some(org), actor, "communication", id, Some(&snapshot(&before)), &after).await?;
        Ok(())
    }

    /// The reviews of an objective, newest first, archived ones last.
    pub async fn reviews(&self, org: i64, objective: i64) -> StoreResult<Vec<Review>> {
        let sql =
            format!("{REVIEW} WHERE org_id = ? AND objective_id = ? ORDER BY archived, reviewed_on DESC, id DESC");
        let rows = sqlx::query(&sql).bind(org).bind(objective).fetch_all(self.pool()).await?;
        rows.iter().map(review).collect()
    }

    pub async fn review(&self, org: i64, id: i64) -> StoreResult<Option<Review>> {
        load_review(&mut *self.pool().acquire().await?, org, id).await
    }

    pub async fn create_review(&self, org: i64, objective: i64, d: &ReviewDraft, actor: &Actor) -> StoreResult<i64> {
        let mut tx = self.write().await?;
        let id = sqlx::query_scalar(
            "INSERT INTO reviews (org_id, objective_id, reviewed_on, reviewer, review_trigger, decision, notes, archived)
             VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
        )
        .bind(org)
        .bind(objective)
        .bind(d.reviewed_on.to_string())
        .bind(&d.reviewer)
        .bind(&d.trigger)
        .bind(d.decision.as_str())
        .bind(&d.notes)
        .bind(d.archived)
        .fetch_one(&mut *tx)
        .await?;
        let after = snapshot(&load_review(&mut tx, org, id).await?);
        commit_change(tx, Some(org), actor, "review", id, None, &after).await?;
        Ok(id)
    }

    pub async fn update_review(
        &self,
        org: i64,
        id: i64,
        expected: i64,
        d: &ReviewDraft,
        actor: &Actor,
    ) -> StoreResult<()> {
        let mut tx = self.write().await?;
        let before = expect_version(load_review(&mut tx, org, id).await?, |r| r.version, expected)?;
        let sql = format!(
            "UPDATE reviews SET reviewed_on = ?, reviewer = ?, review_trigger = ?, decision = ?, notes = ?,
                 archived = ?, version = version + 1, updated_at = {NOW} WHERE org_id = ? AND id = ?"
        );
        sqlx::query(&sql)
            .bind(d.reviewed_on.to_string())
            .bind(&d.reviewer)
            .bind(&d.trigger)
            .bind(d.decision.as_str())
            .bind(&d.notes)
            .bind(d.archived)
            .bind(org)
            .bind(id)
            .execute(&mut *tx)
            .await?;
        let after = snapshot(&load_review(&mut tx, org, id).await?);
        commit_change(tx, Some(org), actor, "review", id, Some(&snapshot(&before)), &after).await?;
        Ok(())
    }
}
