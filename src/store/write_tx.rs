//! The write transaction every change goes through.

use std::ops::{Deref, DerefMut};
use std::sync::Arc;

use sqlx::{Sqlite, SqliteConnection, Transaction};
use tokio::sync::OwnedMutexGuard;

use super::StoreResult;
use crate::domain::audit::AuditContent;
use crate::domain::audit_key::AuditKey;

/// A transaction begun with `BEGIN IMMEDIATE` (see `Store::write`), usable
/// wherever a connection is, that also holds the audit entries of its
/// changes until it commits (see `audit::flush`). Dropped without a commit,
/// it rolls back, entries and all.
pub(crate) struct WriteTx {
    inner: Transaction<'static, Sqlite>,
    pub(super) pending_audit: Vec<AuditContent>,
    /// The store's audit key, to authenticate the entries as they are written.
    audit_key: Option<Arc<AuditKey>>,
    /// This process's write turn, held until the transaction has ended:
    /// declared after `inner`, so it is released after the commit or rollback.
    _turn: OwnedMutexGuard<()>,
}

impl WriteTx {
    pub(super) fn new(
        inner: Transaction<'static, Sqlite>,
        audit_key: Option<Arc<AuditKey>>,
        turn: OwnedMutexGuard<()>,
    ) -> WriteTx {
        WriteTx { inner, pending_audit: Vec::new(), audit_key, _turn: turn }
    }

    /// Writes the pending audit entries, then commits.
    pub(crate) async fn commit(mut self) -> StoreResult<()> {
        let pending = std::mem::take(&mut self.pending_audit);
        super::audit::flush(&mut self.inner, pending, self.audit_key.as_deref()).await?;
        self.inner.commit().await?;
        Ok(())
    }
}

impl Deref for WriteTx {
    type Target = SqliteConnection;

    fn deref(&self) -> &SqliteConnection {
        &self.inner
    }
}

impl DerefMut for WriteTx {
    fn deref_mut(&mut self) -> &mut SqliteConnection {
        &mut self.inner
    }
}
