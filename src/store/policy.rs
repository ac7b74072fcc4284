//! The information security policy: versions and their numbered statements.

use sqlx::SqliteConnection;

use super::{NOW, Store, StoreError, StoreResult, commit_change, on_unique, rows, snapshot};
use crate::domain::actor::Actor;
use crate::domain::policy::{PolicyStatement, PolicyVersion, PolicyVersionDraft, StatementDraft};

const STATEMENT_COLUMNS: &str = "s.id, s.policy_version_id, v.version_no, s.number, s.text, s.archived, s.version";

impl Store {
    /// Every version, newest first; the newest is the current one.
    pub async fn policy_versions(&self, org: i64) -> StoreResult<Vec<PolicyVersion>> {
        let rows = sqlx::query(
            "SELECT id, version_no, title, approved_on FROM policy_versions WHERE org_id = ? ORDER BY version_no DESC",
        )
        .bind(org)
        .fetch_all(self.pool())
        .await?;
        let current = rows.first().map(|r| sqlx::Row::get::<i64, _>(r, "version_no")).unwrap_or(0);
        rows.iter().map(|r| rows::policy_version(r, current)).collect()
    }

    pub async fn current_policy(&self, org: i64) -> StoreResult<Option<PolicyVersion>> {
        Ok(self.policy_versions(org).await?.into_iter().next())
    }

    /// Creates the next version; with `copy_statements`, the current version's
    /// statements are carried over so only what changed needs editing.
    pub async fn create_policy_version(&self, org: i64, draft: &PolicyVersionDraft, actor: &Actor) -> StoreResult<i64> {
        let mut tx = self.write().await?;
        let previous: Option<i64> =
            sqlx::query_scalar("SELECT id FROM policy_versions WHERE org_id = ? ORDER BY version_no DESC LIMIT 1")
                .bind(org)
                .fetch_optional(&mut *tx)
                .await?;
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO policy_versions (org_id, version_no, title, approved_on)
             VALUES (?, (SELECT COALESCE(MAX(version_no), 0) + 1 FROM policy_versions WHERE org_id = ?), ?, ?)
             RETURNING id",
        )
        .bind(org)
        .bind(org)
        .bind(&draft.title)
        .bind(draft.approved_on.map(|d| d.to_string()))
        .fetch_one(&mut *tx)
        .await?;
        if let (true, Some(previous)) = (draft.copy_statements, previous) {
            sqlx::query(
                "INSERT INTO policy_statements (org_id, policy_version_id, number, text)
                 SELECT org_id, ?, number, text FROM policy_statements
                 WHERE policy_version_id = ? AND org_id = ? AND archived = 0",
            )
            .bind(id)
            .bind(previous)
            .bind(org)
            .execute(&mut *tx)
            .await?;
        }
        let sql = format!(
            "SELECT {STATEMENT_COLUMNS} FROM policy_statements s JOIN policy_versions v ON v.id = s.policy_version_id
             WHERE s.org_id = ? AND s.policy_version_id = ? ORDER BY s.number"
        );
        let copied: Vec<PolicyStatement> = sqlx::query(&sql)
            .bind(org)
            .bind(id)
            .fetch_all(&mut *tx)
            .await?
            .iter()
            .map(rows::statement)
            .collect::<StoreResult<_>>()?;
        let after = serde_json::json!({
            "title": draft.title,
            "approved_on": draft.approved_on,
            "statements": copied.iter().map(|s| format!("{} {}", s.reference(), s.text)).collect::<Vec<_>>(),
        });
        commit_change(tx, Some(org), actor, "policy_version", id, None, &after).await?;
        Ok(id)
    }

    /// Statements of one version, or of every version when `version_id` is `None`.
    pub async fn statements(&self, org: i64, version_id: Option<i64>) -> StoreResult<Vec<PolicyStatement>> {
        let sql = format!(
            "SELECT {STATEMENT_COLUMNS} FROM policy_statements s JOIN policy_versions v ON v.id = s.policy_version_id
             WHERE s.org_id = ? AND (? IS NULL OR s.policy_version_id = ?)
             ORDER BY v.version_no DESC, s.number"
        );
        let rows = sqlx::query(&sql).bind(org).bind(version_id).bind(version_id).fetch_all(self.pool()).await?;
        rows.iter().map(rows::statement).collect()
    }

    pub async fn statement(&self, org: i64, id: i64) -> StoreResult<Option<PolicyStatement>> {
        load_statement(&mut *self.pool().acquire().await?, org, id).await
    }

    pub async fn create_statement(
        &self,
        org: i64,
        version_id: i64,
        draft: &StatementDraft,
        actor: &Actor,
    ) -> StoreResult<i64> {
        let mut tx = self.write().await?;
        let owned: Option<i64> = sqlx::query_scalar("SELECT id FROM policy_versions WHERE id = ? AND org_id = ?")
            .bind(version_id)
            .bind(org)
            .fetch_optional(&mut *tx)
            .await?;
        owned.ok_or(StoreError::NotFound)?;
        let id = sqlx::query_scalar(
            "INSERT INTO policy_statements (org_id, policy_version_id, number, text, archived)
             VALUES (?, ?, ?, ?, ?) RETURNING id",
        )
        .bind(org)
        .bind(version_id)
        .bind(draft.number)
        .bind(&draft.text)
        .bind(draft.archived)
        .fetch_one(&mut *tx)
        .await
        .map_err(on_unique)?;
        let after = snapshot(&load_statement(&mut tx, org, id).await?);
        commit_change(tx, Some(org), actor, "statement", id, None, &after).await?;
        Ok(id)
    }

    pub async fn update_statement(
        &self,
        org: i64,
        id: i64,
        expected: i64,
        draft: &StatementDraft,
        actor: &Actor,
    ) -> StoreResult<()> {
        let mut tx = self.write().await?;
        let before = load_statement(&mut tx, org, id).await?.ok_or(StoreError::NotFound)?;
        if before.version != expected {
            return Err(StoreError::Conflict);
        }
        let sql = format!(
            "UPDATE policy_statements SET number = ?, text = ?, archived = ?, version = version + 1, updated_at = {NOW}
             WHERE id = ? AND org_id = ?"
        );
        sqlx::query(&sql)
            .bind(draft.number)
            .bind(&draft.text)
            .bind(draft.archived)
            .bind(id)
            .bind(org)
            .execute(&mut *tx)
            .await
            .map_err(on_unique)?;
        let after = snapshot(&load_statement(&mut tx, org, id).await?);
        commit_change(tx, Some(org), actor, "statement", id, Some(&snapshot(&before)), &after).await?;
        Ok(())
    }
}

async fn load_statement(conn: &mut SqliteConnection, org: i64, id: i64) -> StoreResult<Option<PolicyStatement>> {
    let sql = format!(
        "SELECT {STATEMENT_COLUMNS} FROM policy_statements s JOIN policy_versions v ON v.id = s.policy_version_id
         WHERE s.org_id = ? AND s.id = ?"
    );
    let row = sqlx::query(&sql).bind(org).bind(id).fetch_optional(&mut *conn).await?;
    row.as_ref().map(rows::statement).transpose()
}
