//! The audit trail: appending hash-chained entries (inside the transaction of
//! the change they record), a record's history, and checking the whole chain.

use serde_json::Value;
use sqlx::sqlite::SqliteRow;
use sqlx::{Row, SqliteConnection};

use super::{ROWS_PER_INSERT, Store, StoreError, StoreResult, WriteTx, placeholders};
use crate::domain::actor::{Actor, AuditAction};
use crate::domain::audit::{AuditContent, AuditEntry, Broken, BrokenReason, GENESIS, StoredAuditEntry, entry_hash};
use crate::domain::audit_check::{Anchor, Checked, TrailCheck};
use crate::domain::audit_key::AuditKey;

/// Entries read per query while verifying, so a long trail is never held in memory at once.
const BATCH: i64 = 1000;

const CONTENT: &str = "org_id, at, actor_id, actor, action, record_type, record_id, before, after";

/// Appends an entry for a change to `record_type` #`record_id` to the write
/// transaction that made the change; `before` is `None` on create. The
/// entries are chained and inserted when the transaction commits (see
/// [`flush`]).
#[allow(clippy::too_many_arguments)]
pub(crate) fn append(
    tx: &mut WriteTx,
    org: Option<i64>,
    actor: &Actor,
    action: AuditAction,
    record_type: &str,
    record_id: i64,
    before: Option<&Value>,
    after: Option<&Value>,
) {
    tx.pending_audit.push(AuditContent {
        org_id: org,
        at: chrono::Utc::now().format("%Y-%m-%dT%H:%M:%SZ").to_string(),
        actor_id: actor.user_id,
        actor: actor.label.clone(),
        action,
        record_type: record_type.to_string(),
        record_id,
        before: before.map(Value::to_string),
        after: after.map(Value::to_string),
    });
}

/// Chains the transaction's pending entries onto the trail's last one,
/// authenticates each with the key when there is one, and inserts them, a
/// batch per statement.
///
/// The transaction began with `BEGIN IMMEDIATE`, so it has held SQLite's
/// write lock since before its first read: no other writer can have appended
/// after the last entry read here. That is also why the ids can be given
/// here (the MAC covers the id, so it must be known before the insert).
/// One statement per batch rather than per entry matters to an import,
/// which records thousands of changes.
pub(super) async fn flush(
    conn: &mut SqliteConnection,
    pending: Vec<AuditContent>,
    key: Option<&AuditKey>,
) -> StoreResult<()> {
    if pending.is_empty() {
        return Ok(());
    }
    let last =
        sqlx::query("SELECT id, hash FROM audit_log ORDER BY id DESC LIMIT 1").fetch_optional(&mut *conn).await?;
    let (mut id, mut prev): (i64, String) = match last {
        Some(row) => (row.try_get("id")?, row.try_get("hash")?),
        None => (0, GENESIS.to_string()),
    };
    for batch in pending.chunks(ROWS_PER_INSERT) {
        let rows = placeholders(batch.len(), 13);
        let sql = format!("INSERT INTO audit_log (id, {CONTENT}, prev_hash, hash, mac) VALUES {rows}");
        let mut query = sqlx::query(&sql);
        for content in batch {
            id += 1;
            let hash = entry_hash(&prev, content);
            let mac = key.map(|k| k.mac(id, &hash));
            query = query
                .bind(id)
                .bind(content.org_id)
                .bind(&content.at)
                .bind(content.actor_id)
                .bind(&content.actor)
                .bind(content.action.as_str())
                .bind(&content.record_type)
                .bind(content.record_id)
                .bind(&content.before)
                .bind(&content.after)
                .bind(std::mem::replace(&mut prev, hash.clone()))
                .bind(hash)
                .bind(mac);
        }
        query.execute(&mut *conn).await?;
    }
    Ok(())
}

impl Store {
    /// Records a change made outside any other write transaction (e.g. a user
    /// created from the command line), in a transaction of its own.
    #[allow(clippy::too_many_arguments)]
    pub async fn record(
        &self,
        org: Option<i64>,
        actor: &Actor,
        action: AuditAction,
        record_type: &str,
        record_id: i64,
        before: Option<&Value>,
        after: Option<&Value>,
    ) -> StoreResult<()> {
        let mut tx = self.write().await?;
        append(&mut tx, org, actor, action, record_type, record_id, before, after);
        tx.commit().await?;
        Ok(())
    }

    /// The id of the organization's newest audit entry (0 before any): every
    /// change to its records appends one, so an unchanged id means unchanged
    /// records.
    pub async fn last_change(&self, org: i64) -> StoreResult<i64> {
        let sql = "SELECT COALESCE(MAX(id), 0) FROM audit_log WHERE org_id = ?";
        Ok(sqlx::query_scalar(sql).bind(org).fetch_one(self.pool()).await?)
    }

    /// The trail of one record of an organization, oldest first.
    pub async fn history(&self, org: i64, record_type: &str, record_id: i64) -> StoreResult<Vec<AuditEntry>> {
        let rows = sqlx::query(
            "SELECT id, at, actor, action, record_type, record_id, before, after FROM audit_log
             WHERE org_id = ? AND record_type = ? AND record_id = ? ORDER BY id",
        )
        .bind(org)
        .bind(record_type)
        .bind(record_id)
        .fetch_all(self.pool())
        .await?;
        rows.iter().map(entry).collect()
    }

    /// The trails of several records of an organization, oldest first, in
    /// one statement per hundred records (a page showing an objective and
    /// what stands behind it asks for all of theirs at once).
    pub async fn histories(&self, org: i64, records: &[(&str, i64)]) -> StoreResult<Vec<AuditEntry>> {
        let mut out = Vec::new();
        for batch in records.chunks(100) {
            let wanted = vec!["(record_type = ? AND record_id = ?)"; batch.len()].join(" OR ");
            let sql = format!(
                "SELECT id, at, actor, action, record_type, record_id, before, after FROM audit_log
                 WHERE org_id = ? AND ({wanted})"
            );
            let mut query = sqlx::query(&sql).bind(org);
            for (kind, id) in batch {
                query = query.bind(*kind).bind(*id);
            }
            for row in query.fetch_all(self.pool()).await? {
                out.push(entry(&row)?);
            }
        }
        out.sort_by_key(|e| e.id);
        out.dedup_by_key(|e| e.id);
        Ok(out)
    }

    /// The newest entry's id and hash: written down elsewhere, it lets a later
    /// check notice entries removed from the end, which a chain alone cannot.
    pub async fn audit_head(&self) -> StoreResult<Option<(i64, String)>> {
        let row =
            sqlx::query("SELECT id, hash FROM audit_log ORDER BY id DESC LIMIT 1").fetch_optional(self.pool()).await?;
        Ok(row.map(|r| (r.get::<i64, _>("id"), r.get::<String, _>("hash"))))
    }

    /// Checks the whole trail with this store's own key (if it has one): the
    /// number of entries if it is intact, or the first entry from which it
    /// cannot be trusted. Only failing to read the database is an error.
    pub async fn verify_audit(&self) -> StoreResult<Result<u64, Broken>> {
        Ok(self.verify_audit_with(self.audit_key(), &[]).await?.map(|checked| checked.count))
    }

    /// Checks the whole trail in id order, a batch at a time: the chain, the
    /// MAC of every entry `key` covers, and that each anchor is still in
    /// place. Only failing to read the database is an error.
    pub async fn verify_audit_with(
        &self,
        key: Option<&AuditKey>,
        anchors: &[Anchor],
    ) -> StoreResult<Result<Checked, Broken>> {
        // A copy taken before the key existed (read as it is, not migrated)
        // has no MAC column: its entries simply carry none.
        let has_mac: bool =
            sqlx::query_scalar("SELECT EXISTS (SELECT 1 FROM pragma_table_info('audit_log') WHERE name = 'mac')")
                .fetch_one(self.pool())
                .await?;
        let mac = if has_mac { "mac" } else { "NULL AS mac" };
        let sql =
            format!("SELECT id, prev_hash, hash, {mac}, {CONTENT} FROM audit_log WHERE id > ? ORDER BY id LIMIT ?");
        let mut check = TrailCheck::new(key, anchors);
        let mut last_id = i64::MIN;
        loop {
            let rows = sqlx::query(&sql).bind(last_id).bind(BATCH).fetch_all(self.pool()).await?;
            for row in &rows {
                last_id = row.try_get("id")?;
                let checked = stored(row)
                    .and_then(|entry| {
                        Ok((entry, row.try_get::<Option<String>, _>("mac").map_err(|_| "mac".to_string())?))
                    })
                    .map_err(|column| Broken { id: last_id, reason: BrokenReason::Unreadable(column) })
                    .and_then(|(entry, mac)| check.push(&entry, mac.as_deref()));
                if let Err(broken) = checked {
                    return Ok(Err(broken));
                }
            }
            if (rows.len() as i64) < BATCH {
                return Ok(check.finish());
            }
        }
    }
}

/// A row as the chain keeps it; on a value that cannot be read, its column.
fn stored(row: &SqliteRow) -> Result<StoredAuditEntry, String> {
    fn get<'r, T: sqlx::Decode<'r, sqlx::Sqlite> + sqlx::Type<sqlx::Sqlite>>(
        row: &'r SqliteRow,
        column: &str,
    ) -> Result<T, String> {
        row.try_get(column).map_err(|_| column.to_string())
    }
    let action: String = get(row, "action")?;
    // Exactly the stored name: `parse` would forgive surrounding spaces.
    let action = AuditAction::ALL.iter().copied().find(|a| a.as_str() == action).ok_or("action")?;
    Ok(StoredAuditEntry {
        id: get(row, "id")?,
        prev_hash: get(row, "prev_hash")?,
        hash: get(row, "hash")?,
        content: AuditContent {
            org_id: get(row, "org_id")?,
            at: get(row, "at")?,
            actor_id: get(row, "actor_id")?,
            actor: get(row, "actor")?,
            action,
            record_type: get(row, "record_type")?,
            record_id: get(row, "record_id")?,
            before: get(row, "before")?,
            after: get(row, "after")?,
        },
    })
}

fn entry(row: &SqliteRow) -> StoreResult<AuditEntry> {
    let id: i64 = row.try_get("id")?;
    let corrupt = |what: &str| StoreError::Corrupt(format!("audit entry {id}: {what}"));
    let json = |column: &str| -> StoreResult<Option<Value>> {
        let raw: Option<String> = row.try_get(column)?;
        raw.map(|s| serde_json::from_str(&s).map_err(|_| corrupt(column))).transpose()
    };
    let action: String = row.try_get("action")?;
    Ok(AuditEntry {
        id,
        at: row.try_get("at")?,
        actor: row.try_get("actor")?,
        action: AuditAction::parse(&action).map_err(|_| corrupt("action"))?,
        record_type: row.try_get("record_type")?,
        record_id: row.try_get("record_id")?,
        before: json("before")?,
        after: json("after")?,
    })
}
