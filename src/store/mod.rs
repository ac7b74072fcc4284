//! One Store API over the database. Every query that reads or writes an
//! organization's records takes the organization's id and filters by it, so a
//! record of another organization is simply not found.

mod accounts;
mod audit;
mod details;
mod objectives;
mod orgs;
mod plans;
mod policy;
mod rows;
mod sessions;

use std::str::FromStr;
use std::time::Duration;

use sqlx::SqlitePool;
use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions, SqliteSynchronous};

use crate::config::DbTarget;

pub use objectives::{ObjectiveFilter, ObjectiveSort};

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("PostgreSQL is not supported by this build yet; use a SQLite file path for --db")]
    PostgresUnsupported,
    /// A unique key would be broken, e.g. an objective code used twice in a period.
    #[error("duplicate value")]
    Duplicate,
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
}

impl Store {
    /// Opens (creating if needed) the database and brings its schema up to date.
    pub async fn open(target: &DbTarget) -> StoreResult<Store> {
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
        let pool = SqlitePoolOptions::new()
            .max_connections(8)
            .connect_with(options)
            .await?;
        let store = Store { pool };
        store.migrate().await?;
        Ok(store)
    }

    pub async fn migrate(&self) -> StoreResult<()> {
        sqlx::migrate!("migrations/sqlite").run(&self.pool).await?;
        Ok(())
    }

    /// Whether the database answers; used by `/healthz`.
    pub async fn ping(&self) -> bool {
        sqlx::query("SELECT 1").execute(&self.pool).await.is_ok()
    }

    pub(crate) fn pool(&self) -> &SqlitePool {
        &self.pool
    }
}
