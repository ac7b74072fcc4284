//! One Store API over the database. Every query that reads or writes an
//! organization's records takes the organization's id and filters by it, so a
//! record of another organization is simply not found.

mod accounts;
mod audit;
mod audit_key;
mod backup;
mod communications;
mod details;
mod evaluations;
mod feeds;
mod import;
mod login_attempts;
mod measurements;
mod members;
mod objectives;
mod orgs;
mod password_links;
mod plans;
mod policy;
mod prune;
mod readiness;
mod risks;
mod rows;
mod sessions;
mod uploads;
mod write_tx;

use std::path::Path;
use std::str::FromStr;
use std::sync::Arc;
use std::time::Duration;

use sqlx::SqlitePool;
use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions, SqliteSynchronous};

use crate::config::DbTarget;
use crate::domain::actor::{Actor, AuditAction};
use crate::domain::audit_key::AuditKey;

pub use crate::domain::objective_list::{ObjectiveFilter, ObjectiveSort};
pub use audit_key::{default_key_path, read_key};
pub use feeds::{Feed, HeldPlan};
pub use import::ObjectiveLinks;
pub use login_attempts::{Admission, Attempt};
pub use members::{AccessEnded, MemberLine};
pub use password_links::{Invited, PasswordLink};
pub use prune::Pruned;
pub use uploads::Upload;
pub(crate) use write_tx::WriteTx;

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("PostgreSQL is not supported by this build yet; use a SQLite file path for --db")]
    PostgresUnsupported,
    /// A unique key would be broken, e.g. an objective code used twice in a period.
    #[error("duplicate value")]
    Duplicate,
    /// Someone else saved the record after the caller read it (lost update).
    #[error("the record was changed by someone else")]
    Conflict,
    /// A record named by the caller does not exist in this organization.
    #[error("record not found")]
    NotFound,
    /// A submitted id (named by its form field) is not a record of this organization.
    #[error("unknown reference in {0}")]
    UnknownReference(&'static str),
    #[error("database error: {0}")]
    Db(#[from] sqlx::Error),
    #[error("migration failed: {0}")]
    Migrate(#[from] sqlx::migrate::MigrateError),
    #[error("stored data is invalid: {0}")]
    Corrupt(String),
    /// The change would leave an organization without an admin who can sign in.
    #[error("this is the organization's last admin")]
    LastAdmin,
    /// The audit key cannot be read or made, or is not this database's.
    #[error("{0}")]
    AuditKey(String),
}

pub type StoreResult<T> = Result<T, StoreError>;

/// The current time as stored: ISO 8601 in UTC.
pub(crate) const NOW: &str = "strftime('%Y-%m-%dT%H:%M:%SZ', 'now')";

/// Turns a unique-key violation into [`StoreError::Duplicate`].
pub(crate) fn on_unique(e: sqlx::Error) -> StoreError {
    match &e {
        sqlx::Error::Database(db) if db.is_unique_violation() => StoreError::Duplicate,
        _ => StoreError::Db(e),
    }
}

#[derive(Clone, Debug)]
pub struct Store {
    pool: SqlitePool,
    /// Authenticates each new audit entry (see `domain::audit_key`); `None`
    /// only for stores that must work without it (tests, reading a copy).
    audit_key: Option<Arc<AuditKey>>,
    /// Whose turn it is to write: this process's writers queue here rather
    /// than in SQLite's busy handler, which sleeps up to 100 ms between
    /// tries and made a write's p99 hundreds of milliseconds under load
    /// (BENCHMARKS.md, "Load"). Another process still waits in busy_timeout.
    write_turn: Arc<tokio::sync::Mutex<()>>,
}

impl Store {
    /// Opens (creating if needed) the database and brings its schema up to
    /// date, with the audit key beside it (made on first start).
    pub async fn open(target: &DbTarget) -> StoreResult<Store> {
        // PostgreSQL has no file for the key to sit beside: its deployment
        // names the key (`open_with_key`). When it is supported (issue 16),
        // this must say so instead.
        let path = audit_key::default_key_path(target).ok_or(StoreError::PostgresUnsupported)?;
        Store::open_with_key(target, &path).await
    }

    /// [`Store::open`] with the audit key in `key_path` (made there if absent).
    pub async fn open_with_key(target: &DbTarget, key_path: &Path) -> StoreResult<Store> {
        let mut store = Store::open_unkeyed(target).await?;
        store.load_or_create_key(key_path).await?;
        Ok(store)
    }

    /// Opens the database without an audit key: its new entries carry no
    /// MAC, which `verify` refuses once a key covers the trail. For checking
    /// a trail (`audit verify` reads the key itself) and for tests.
    pub async fn open_unkeyed(target: &DbTarget) -> StoreResult<Store> {
        let path = match target {
            DbTarget::Sqlite(path) => path,
            DbTarget::Postgres(_) => return Err(StoreError::PostgresUnsupported),
        };
        let options = SqliteConnectOptions::from_str("sqlite:")?
            .filename(path)
            .create_if_missing(true)
            .foreign_keys(true)
            // WAL lets readers go on while one writer writes; busy_timeout makes
            // a second ismo process wait instead of failing.
            .journal_mode(SqliteJournalMode::Wal)
            .synchronous(SqliteSynchronous::Normal)
            .busy_timeout(Duration::from_secs(5));
        let pool = SqlitePoolOptions::new().max_connections(8).connect_with(options).await?;
        let store = Store::over(pool);
        store.migrate().await?;
        Ok(store)
    }

    pub async fn migrate(&self) -> StoreResult<()> {
        sqlx::migrate!("migrations/sqlite").run(&self.pool).await?;
        Ok(())
    }

    /// Closes every connection (so another process may take the file over at once).
    pub async fn close(&self) {
        self.pool.close().await;
    }

    /// Whether the database answers; used by `/healthz`.
    pub async fn ping(&self) -> bool {
        sqlx::query("SELECT 1").execute(&self.pool).await.is_ok()
    }

    /// A store over an open pool, without an audit key.
    fn over(pool: SqlitePool) -> Store {
        Store { pool, audit_key: None, write_turn: Default::default() }
    }

    pub(crate) fn pool(&self) -> &SqlitePool {
        &self.pool
    }

    /// A write transaction that holds SQLite's write lock from its start, so
    /// that reading a record (or the audit chain's last hash) and then writing
    /// cannot race another writer, in this process or another.
    pub(crate) async fn write(&self) -> StoreResult<WriteTx> {
        let turn = self.write_turn.clone().lock_owned().await;
        Ok(WriteTx::new(self.pool.begin_with("BEGIN IMMEDIATE").await?, self.audit_key.clone(), turn))
    }
}

/// Rows per multi-row `INSERT`: with at most 16 values a row, far below
/// SQLite's limit of 32,766 bound values. Imports write thousands of rows,
/// and each statement is a round trip to SQLite's thread (see BENCHMARKS.md).
pub(crate) const ROWS_PER_INSERT: usize = 500;

/// `(?, ?), (?, ?)`: the placeholders of `rows` rows of `width` values.
pub(crate) fn placeholders(rows: usize, width: usize) -> String {
    let row = format!("({})", vec!["?"; width].join(", "));
    vec![row; rows].join(", ")
}

/// A statement being given its values.
pub(crate) type Statement<'q> = sqlx::query::Query<'q, sqlx::Sqlite, sqlx::sqlite::SqliteArguments<'q>>;

/// Inserts one row per item, `ROWS_PER_INSERT` to a statement, and returns
/// the new rows (read by `row`) in the order of `items`. `insert` is the
/// statement up to `VALUES`; `bind` gives one item's `width` values. A
/// row that breaks a unique constraint fails with `Duplicate`.
///
/// SQLite promises no order for `RETURNING`, but gives each new row a rowid
/// above every earlier one, in the order the rows are inserted: sorting by
/// `id` restores the order of the items.
pub(crate) async fn insert_all<T, R>(
    tx: &mut WriteTx,
    insert: &str,
    width: usize,
    items: &[T],
    bind: impl for<'q> Fn(Statement<'q>, &'q T) -> Statement<'q>,
    row: impl Fn(&sqlx::sqlite::SqliteRow) -> StoreResult<R>,
    id: impl Fn(&R) -> i64,
) -> StoreResult<Vec<R>> {
    let mut created = Vec::with_capacity(items.len());
    for batch in items.chunks(ROWS_PER_INSERT) {
        let sql = format!("{insert} VALUES {} RETURNING *", placeholders(batch.len(), width));
        let statement = batch.iter().fold(sqlx::query(&sql), &bind);
        let rows = statement.fetch_all(&mut **tx).await.map_err(on_unique)?;
        let mut rows = rows.iter().map(&row).collect::<StoreResult<Vec<R>>>()?;
        rows.sort_by_key(&id);
        created.extend(rows);
    }
    Ok(created)
}

/// A record as the audit trail keeps it.
pub(crate) fn snapshot<T: serde::Serialize>(record: &T) -> serde_json::Value {
    serde_json::to_value(record).unwrap_or(serde_json::Value::Null)
}

/// Whether two snapshots differ in anything but their version counter.
fn differs(before: &serde_json::Value, after: &serde_json::Value) -> bool {
    let strip = |v: &serde_json::Value| {
        let mut v = v.clone();
        if let Some(map) = v.as_object_mut() {
            map.remove("version");
        }
        v
    };
    strip(before) != strip(after)
}

/// Records a change of one record in the audit trail, inside the caller's
/// write transaction. Returns `false` (and records nothing) when nothing but
/// the version changed: the caller then rolls back, so a save that edits
/// nothing leaves no trace and no new version.
pub(crate) fn record_change(
    tx: &mut WriteTx,
    org: Option<i64>,
    actor: &Actor,
    record_type: &str,
    id: i64,
    before: Option<&serde_json::Value>,
    after: &serde_json::Value,
) -> bool {
    let action = match before {
        None => AuditAction::Create,
        Some(b) if !differs(b, after) => return false,
        Some(b) if b.get("status") != after.get("status") => AuditAction::Status,
        Some(_) => AuditAction::Update,
    };
    audit::append(tx, org, actor, action, record_type, id, before, Some(after));
    true
}

/// Ends a write: records the change and commits, or — when nothing changed —
/// rolls back so no version or history entry is made.
pub(crate) async fn commit_change(
    mut tx: WriteTx,
    org: Option<i64>,
    actor: &Actor,
    record_type: &str,
    id: i64,
    before: Option<&serde_json::Value>,
    after: &serde_json::Value,
) -> StoreResult<()> {
    if record_change(&mut tx, org, actor, record_type, id, before, after) {
        tx.commit().await?;
    }
    Ok(())
}
