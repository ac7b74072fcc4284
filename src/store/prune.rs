//! Removing what no longer counts for anything: expired sessions, sign-in
//! attempts too old to throttle, and password links that expired or were
//! used. None of it is needed once past, and none of it is audited: the
//! audit trail keeps what happened.

use chrono::{DateTime, Utc};

use super::accounts::stamp;
use super::{Store, StoreResult};
use crate::domain::throttle::KEEP;

/// What one pruning removed.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Pruned {
    pub sessions: u64,
    pub attempts: u64,
    pub links: u64,
}

impl Store {
    /// Removes what expired before `now`; `serve` runs it at start and hourly.
    pub async fn prune(&self, now: DateTime<Utc>) -> StoreResult<Pruned> {
        let mut tx = self.write().await?;
        let sessions =
            sqlx::query("DELETE FROM sessions WHERE expires_at <= ?").bind(stamp(now)).execute(&mut *tx).await?;
        let attempts =
            sqlx::query("DELETE FROM login_attempts WHERE at <= ?").bind(stamp(now - KEEP)).execute(&mut *tx).await?;
        let links = sqlx::query("DELETE FROM password_links WHERE used_at IS NOT NULL OR expires_at <= ?")
            .bind(stamp(now))
            .execute(&mut *tx)
            .await?;
        tx.commit().await?;
        Ok(Pruned {
            sessions: sessions.rows_affected(),
            attempts: attempts.rows_affected(),
            links: links.rows_affected(),
        })
    }
}
