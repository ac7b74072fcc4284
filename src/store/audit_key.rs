//! The audit key's file: where it is, reading it, making it on first start,
//! and refusing a key that does not fit the database (a wrong or lost key
//! must not start a run of MACs that no key can check later).

use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use sqlx::Row;

use super::{Store, StoreError, StoreResult};
use crate::config::DbTarget;
use crate::domain::audit_key::{AuditKey, KEY_BYTES};

/// Where the key of a SQLite database is kept unless named: beside it, as
/// `<file>.audit-key`. A PostgreSQL database has no file to sit beside: its
/// deployment names the key (`--audit-key` / `ISMO_AUDIT_KEY`).
pub fn default_key_path(target: &DbTarget) -> Option<PathBuf> {
    match target {
        DbTarget::Sqlite(path) => {
            let mut name = path.as_os_str().to_owned();
            name.push(".audit-key");
            Some(PathBuf::from(name))
        }
        DbTarget::Postgres(_) => None,
    }
}

/// The key in `path`; `None` when there is no such file.
pub fn read_key(path: &Path) -> StoreResult<Option<AuditKey>> {
    let text = match std::fs::read_to_string(path) {
        Ok(text) => text,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(e) => return Err(StoreError::AuditKey(format!("cannot read the audit key {}: {e}", path.display()))),
    };
    warn_if_readable_by_others(path);
    AuditKey::parse(&text)
        .map(Some)
        .map_err(|e| StoreError::AuditKey(format!("{} is not a usable audit key: {e}", path.display())))
}

/// A key others can read can be used to forge entries: said, not refused,
/// since a copy restored by hand often has the wrong mode.
fn warn_if_readable_by_others(path: &Path) {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        if let Ok(meta) = std::fs::metadata(path)
            && meta.permissions().mode() & 0o077 != 0
        {
            tracing::warn!(key = %path.display(), "the audit key can be read by other users; chmod 600 it");
        }
    }
}

/// Writes a new key file whole or not at all: into a temporary file of mode
/// 0600 beside it, flushed to disk, then renamed into place — a crash never
/// leaves a half-written key that would lock the database out.
fn write_key_file(path: &Path, key: &AuditKey) -> std::io::Result<()> {
    let dir = match path.parent() {
        Some(dir) if !dir.as_os_str().is_empty() => dir.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    let temp = dir.join(format!(".{name}.{}.tmp", std::process::id()));
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create(true).truncate(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    let written = (|| {
        let mut file = options.open(&temp)?;
        file.write_all(key.to_file_text().as_bytes())?;
        file.sync_all()?;
        std::fs::rename(&temp, path)
    })();
    if written.is_err() {
        let _ = std::fs::remove_file(&temp);
    }
    written?;
    // The rename itself must survive a crash too.
    #[cfg(unix)]
    std::fs::File::open(&dir)?.sync_all()?;
    Ok(())
}

impl Store {
    /// The key entries are authenticated with, if this store has one.
    pub fn audit_key(&self) -> Option<&AuditKey> {
        self.audit_key.as_deref()
    }

    /// Takes the key in `path`, or makes it there when there is none: a new
    /// database's key covers every entry; an existing trail's starts after
    /// its newest entry, which keeps the chain alone.
    pub(super) async fn load_or_create_key(&mut self, path: &Path) -> StoreResult<()> {
        let key = match read_key(path)? {
            Some(key) => {
                self.check_key_fits(&key, path).await?;
                key
            }
            None => self.create_key(path).await?,
        };
        self.audit_key = Some(Arc::new(key));
        Ok(())
    }

    /// Refuses a key that is not this database's: its newest authenticated
    /// entry must carry the key's MAC, and a key that covers every entry
    /// cannot belong to a trail that began without MACs.
    async fn check_key_fits(&self, key: &AuditKey, path: &Path) -> StoreResult<()> {
        let foreign = |why: String| {
            StoreError::AuditKey(format!(
                "the audit key {} does not fit this database: {why}. Name this database's key with --audit-key \
                 or ISMO_AUDIT_KEY, or check the trail with ismo audit verify",
                path.display()
            ))
        };
        let newest = sqlx::query("SELECT id, hash, mac FROM audit_log WHERE mac IS NOT NULL ORDER BY id DESC LIMIT 1")
            .fetch_optional(self.pool())
            .await?;
        if let Some(row) = newest {
            let (id, hash, mac): (i64, String, String) = (row.get("id"), row.get("hash"), row.get("mac"));
            if !key.authenticates(id, &hash, &mac) {
                return Err(foreign(format!("it does not authenticate entry {id}")));
            }
            return Ok(());
        }
        let first: Option<Option<String>> =
            sqlx::query_scalar("SELECT mac FROM audit_log ORDER BY id LIMIT 1").fetch_optional(self.pool()).await?;
        match (key.starts_after(), first) {
            (None, Some(None)) => Err(foreign("it covers every entry, but the trail began without it".into())),
            (Some(_), None) => Err(foreign("it was made for a trail that had entries, and this one is empty".into())),
            _ => Ok(()),
        }
    }

    /// Makes the key while holding the write lock, so that no entry is
    /// appended between reading the trail's newest hash and the key's
    /// existence — and so that two processes starting at once make one key.
    async fn create_key(&self, path: &Path) -> StoreResult<AuditKey> {
        let mut tx = self.write().await?;
        if let Some(key) = read_key(path)? {
            return Ok(key);
        }
        let keyed: Option<i64> = sqlx::query_scalar("SELECT id FROM audit_log WHERE mac IS NOT NULL LIMIT 1")
            .fetch_optional(&mut *tx)
            .await?;
        if keyed.is_some() {
            return Err(StoreError::AuditKey(format!(
                "this database's audit trail is authenticated with a key that is not at {}: put the key kept \
                 for it there, or name it with --audit-key or ISMO_AUDIT_KEY",
                path.display()
            )));
        }
        let head: Option<String> =
            sqlx::query_scalar("SELECT hash FROM audit_log ORDER BY id DESC LIMIT 1").fetch_optional(&mut *tx).await?;
        let mut secret = [0u8; KEY_BYTES];
        getrandom::fill(&mut secret).expect("the operating system's random number generator works");
        let key = AuditKey::new(secret, head);
        write_key_file(path, &key)
            .map_err(|e| StoreError::AuditKey(format!("cannot write the audit key {}: {e}", path.display())))?;
        // Not logged: `serve` and `migrate` tell the operator, the other
        // commands' output is read by scripts.
        drop(tx);
        Ok(key)
    }
}
