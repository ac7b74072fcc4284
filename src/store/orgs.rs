//! Organizations and their settings.

use super::{Store, StoreResult, WriteTx, on_unique, record_change, rows, snapshot};
use crate::domain::actor::Actor;
use crate::domain::organization::{Organization, OrganizationDraft};

const COLUMNS: &str = "id, name, fiscal_start_month, review_interval_months, risk_method, risk_levels, risk_criterion, risk_comparison, risk_level_style, version";

impl Store {
    pub async fn create_organization(&self, draft: &OrganizationDraft, actor: &Actor) -> StoreResult<Organization> {
        let mut tx = self.write().await?;
        let org = create_organization_in(&mut tx, draft, actor).await?;
        tx.commit().await?;
        Ok(org)
    }

    pub async fn organizations(&self) -> StoreResult<Vec<Organization>> {
        let sql = format!("SELECT {COLUMNS} FROM organizations ORDER BY id");
        let rows = sqlx::query(&sql).fetch_all(self.pool()).await?;
        rows.iter().map(rows::organization).collect()
    }

    pub async fn organization(&self, id: i64) -> StoreResult<Option<Organization>> {
        let sql = format!("SELECT {COLUMNS} FROM organizations WHERE id = ?");
        let row = sqlx::query(&sql).bind(id).fetch_optional(self.pool()).await?;
        row.as_ref().map(rows::organization).transpose()
    }

    pub async fn organization_by_name(&self, name: &str) -> StoreResult<Option<Organization>> {
        let sql = format!("SELECT {COLUMNS} FROM organizations WHERE name = ?");
        let row = sqlx::query(&sql).bind(name).fetch_optional(self.pool()).await?;
        row.as_ref().map(rows::organization).transpose()
    }
}

/// [`Store::create_organization`] inside a write transaction.
pub(super) async fn create_organization_in(
    tx: &mut WriteTx,
    draft: &OrganizationDraft,
    actor: &Actor,
) -> StoreResult<Organization> {
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO organizations (name, fiscal_start_month, review_interval_months) VALUES (?, ?, ?) RETURNING id",
    )
    .bind(&draft.name)
    .bind(draft.fiscal_start_month as i64)
    .bind(draft.review_interval_months as i64)
    .fetch_one(&mut **tx)
    .await
    .map_err(on_unique)?;
    let sql = format!("SELECT {COLUMNS} FROM organizations WHERE id = ?");
    let org = rows::organization(&sqlx::query(&sql).bind(id).fetch_one(&mut **tx).await?)?;
    record_change(tx, Some(id), actor, "organization", id, None, &snapshot(&org));
    Ok(org)
}
