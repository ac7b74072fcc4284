//! Workbooks waiting between an import's preview and its confirmation. Each
//! belongs to one person in one organization: another member (or another
//! organization) cannot see or confirm it. Kept a day at most.

use sqlx::Row;

use super::{NOW, Store, StoreResult};

/// How long an upload waits for its confirmation (an SQLite date modifier).
const KEPT_FOR: &str = "'-1 day'";

/// An uploaded workbook and the period it was uploaded for.
#[derive(Debug, Clone)]
pub struct Upload {
    pub id: i64,
    pub file_name: String,
    pub bytes: Vec<u8>,
    /// `None`: the period the workbook names.
    pub year: Option<i32>,
}

/// The oldest `created_at` still kept.
fn cutoff() -> String {
    format!("strftime('%Y-%m-%dT%H:%M:%SZ', 'now', {KEPT_FOR})")
}

impl Store {
    /// Keeps a workbook for `user`'s confirmation; first drops everyone's
    /// uploads that were never confirmed, so the table does not grow.
    pub async fn save_upload(
        &self,
        org: i64,
        user: i64,
        file_name: &str,
        bytes: &[u8],
        year: Option<i32>,
    ) -> StoreResult<i64> {
        let mut tx = self.pool().begin().await?;
        sqlx::query(&format!("DELETE FROM import_uploads WHERE created_at < {}", cutoff())).execute(&mut *tx).await?;
        let id = sqlx::query(&format!(
            "INSERT INTO import_uploads (org_id, user_id, file_name, bytes, year, created_at)
             VALUES (?, ?, ?, ?, ?, {NOW})"
        ))
        .bind(org)
        .bind(user)
        .bind(file_name)
        .bind(bytes)
        .bind(year)
        .execute(&mut *tx)
        .await?
        .last_insert_rowid();
        tx.commit().await?;
        Ok(id)
    }

    /// `user`'s upload in `org`, unless it is older than a day.
    pub async fn upload(&self, org: i64, user: i64, id: i64) -> StoreResult<Option<Upload>> {
        let sql = format!(
            "SELECT id, file_name, bytes, year FROM import_uploads
             WHERE org_id = ? AND user_id = ? AND id = ? AND created_at >= {}",
            cutoff()
        );
        let row = sqlx::query(&sql).bind(org).bind(user).bind(id).fetch_optional(self.pool()).await?;
        row.map(|r| -> StoreResult<Upload> {
            Ok(Upload {
                id: r.try_get("id")?,
                file_name: r.try_get("file_name")?,
                bytes: r.try_get("bytes")?,
                year: r.try_get("year")?,
            })
        })
        .transpose()
    }

    /// Forgets `user`'s upload (after it was imported).
    pub async fn delete_upload(&self, org: i64, user: i64, id: i64) -> StoreResult<()> {
        sqlx::query("DELETE FROM import_uploads WHERE org_id = ? AND user_id = ? AND id = ?")
            .bind(org)
            .bind(user)
            .bind(id)
            .execute(self.pool())
            .await?;
        Ok(())
    }
}
