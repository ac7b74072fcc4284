//! Copies of a database: taking one while the server serves, and checking
//! that a file is an intact ismo database before it replaces one.

use std::path::Path;
use std::str::FromStr;
use std::time::Duration;

use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions, SqliteSynchronous};

use super::{Store, StoreResult};

impl Store {
    /// Opens an existing database file as it is: nothing is created and no
    /// migration runs, so a backup taken before an upgrade holds the old
    /// schema, and a file being checked is not changed by the check.
    pub async fn open_existing(path: &Path) -> StoreResult<Store> {
        let options = SqliteConnectOptions::from_str("sqlite:")?
            .filename(path)
            .create_if_missing(false)
            .foreign_keys(true)
            .journal_mode(SqliteJournalMode::Wal)
            .synchronous(SqliteSynchronous::Normal)
            .busy_timeout(Duration::from_secs(5));
        let pool = SqlitePoolOptions::new().max_connections(2).connect_with(options).await?;
        Ok(Store::over(pool))
    }

    /// Writes a consistent copy of the whole database to `path` (which must
    /// not exist). `VACUUM INTO` reads inside one read transaction: in WAL
    /// mode writers go on meanwhile, and the copy holds exactly the
    /// transactions committed before it began.
    pub async fn backup_into(&self, path: &Path) -> StoreResult<()> {
        let path = path.to_string_lossy().into_owned();
        sqlx::query("VACUUM INTO ?").bind(path).execute(self.pool()).await?;
        Ok(())
    }

    /// SQLite's own check of the file's structure: `ok`, or what is wrong.
    pub async fn integrity_check(&self) -> StoreResult<String> {
        let rows: Vec<String> = sqlx::query_scalar("PRAGMA integrity_check").fetch_all(self.pool()).await?;
        Ok(rows.join("; "))
    }

    /// Whether the file holds ismo's schema: its migrations table, with the
    /// first migration applied.
    pub async fn is_ismo_database(&self) -> StoreResult<bool> {
        let table: Option<String> =
            sqlx::query_scalar("SELECT name FROM sqlite_master WHERE type = 'table' AND name = '_sqlx_migrations'")
                .fetch_optional(self.pool())
                .await?;
        if table.is_none() {
            return Ok(false);
        }
        let applied: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM _sqlx_migrations WHERE version = 1 AND success")
            .fetch_one(self.pool())
            .await?;
        Ok(applied == 1)
    }
}
