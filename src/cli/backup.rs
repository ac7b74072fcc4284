//! `ismo backup FILE` and `ismo restore FILE`: a copy of the live database
//! taken while the server serves, and putting such a copy back.
//!
//! Both print the copy's audit head (`anchor: ID:HASH`): written down
//! elsewhere, it shows later that no entry was cut off the end of the trail.
//! Neither copies the audit key: a copy of the key beside every backup would
//! hand it to whoever holds the backups, the very people it guards against.
//! Both say so.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{Context, bail};
use clap::Args;

use super::DbArgs;
use super::audit::{CheckKey, key_for_check, lang, report};
use crate::config::DbTarget;
use crate::domain::audit::Broken;
use crate::domain::audit_check::Checked;
use crate::i18n::Tr;
use crate::store::Store;

#[derive(Debug, Args)]
pub struct BackupArgs {
    #[command(flatten)]
    db: DbArgs,
    /// Where to write the copy; an existing file is never overwritten.
    file: PathBuf,
    /// The language of the messages.
    #[arg(long, default_value = "ja")]
    lang: String,
}

#[derive(Debug, Args)]
pub struct RestoreArgs {
    #[command(flatten)]
    db: DbArgs,
    /// A copy written by `ismo backup`.
    file: PathBuf,
    /// Replace the database at --db if there is one (stop the server first).
    #[arg(long)]
    force: bool,
    /// The language of the messages.
    #[arg(long, default_value = "ja")]
    lang: String,
}

pub async fn backup(args: BackupArgs) -> anyhow::Result<ExitCode> {
    let t = lang(&args.lang)?;
    let live = sqlite_path(&args.db)?;
    if !live.exists() {
        bail!("there is no database at {} (check --db or ISMO_DB)", live.display());
    }
    if args.file.exists() {
        bail!("{} already exists; a backup never overwrites a file, choose another name", args.file.display());
    }
    // The live database's key checks the copy: the copy is its trail.
    let key = key_for_check(&args.db)?;
    let store =
        Store::open_existing(&live).await.with_context(|| format!("cannot open the database {}", live.display()))?;
    store.backup_into(&args.file).await.with_context(|| format!("cannot write the backup {}", args.file.display()))?;
    store.close().await;
    let copy = Store::open_existing(&args.file).await.context("cannot read the backup just written")?;
    let verdict = audit_verdict(&copy, &key).await;
    copy.close().await;
    let verdict = verdict?;
    println!("{}", t.ta2("backup-written", "live", live.display(), "file", args.file.display()));
    key_not_included(t, &key, "backup-key-not-included");
    Ok(report(t, &verdict, &key))
}

/// Says that the key is not in the copy, and where it is (or should be).
fn key_not_included(t: Tr, key: &CheckKey, message: &str) {
    let path = key.path.as_ref().map(|p| p.display().to_string()).unwrap_or_else(|| "--audit-key".into());
    println!("{}", t.ta1(message, "key", path));
}

pub async fn restore(args: RestoreArgs) -> anyhow::Result<ExitCode> {
    let t = lang(&args.lang)?;
    let target = sqlite_path(&args.db)?;
    // The target's key, if it is already in place, checks the copy.
    let key = key_for_check(&args.db)?;
    if !args.file.exists() {
        bail!("there is no backup at {}", args.file.display());
    }
    if target.exists() && !args.force {
        bail!(
            "there is already a database at {}; stop the server and run again with --force to replace it",
            target.display()
        );
    }
    // The copy is checked beside the target, then renamed over it: the
    // database is either the old one or the whole restored one, never a mix.
    let staged = with_suffix(&target, ".restoring");
    remove_database_files(&staged)?;
    std::fs::copy(&args.file, &staged)
        .with_context(|| format!("cannot copy {} to {}", args.file.display(), staged.display()))?;
    let verdict = check_copy(&args.file, &staged, &key).await;
    let verdict = match verdict {
        Ok(verdict) => verdict,
        Err(e) => {
            let _ = remove_database_files(&staged);
            return Err(e);
        }
    };
    // A write-ahead log left by the old database must not be replayed onto the restored one.
    remove_database_files(&target)?;
    std::fs::rename(&staged, &target)
        .with_context(|| format!("cannot move {} to {}", staged.display(), target.display()))?;
    println!("{}", t.ta2("restore-done", "file", args.file.display(), "target", target.display()));
    let message = if key.key.is_some() { "restore-key-in-place" } else { "restore-key-missing" };
    key_not_included(t, &key, message);
    Ok(report(t, &verdict, &key))
}

/// Checks the staged copy the way `restore` promises: an ismo database,
/// structurally sound; returns its audit trail's verdict.
async fn check_copy(source: &Path, staged: &Path, key: &CheckKey) -> anyhow::Result<Result<Checked, Broken>> {
    let not_ismo = || anyhow::anyhow!("{} is not an ismo database", source.display());
    let copy = Store::open_existing(staged).await.map_err(|_| not_ismo())?;
    let checked = async {
        if !copy.is_ismo_database().await.map_err(|_| not_ismo())? {
            return Err(not_ismo());
        }
        let integrity = copy.integrity_check().await.map_err(|_| not_ismo())?;
        if integrity != "ok" {
            bail!("{} is damaged (SQLite's integrity check: {integrity})", source.display());
        }
        audit_verdict(&copy, key).await
    }
    .await;
    copy.close().await;
    checked
}

/// What the copy's audit trail says, checked with the key if there is one.
async fn audit_verdict(store: &Store, key: &CheckKey) -> anyhow::Result<Result<Checked, Broken>> {
    store.verify_audit_with(key.key.as_ref(), &[]).await.context("cannot read the audit trail of the copy")
}

fn sqlite_path(db: &DbArgs) -> anyhow::Result<PathBuf> {
    match DbTarget::parse(&db.db) {
        DbTarget::Sqlite(path) => Ok(path),
        DbTarget::Postgres(_) => {
            bail!("backup and restore work on a SQLite file; use the database's own tools for PostgreSQL")
        }
    }
}

fn with_suffix(path: &Path, suffix: &str) -> PathBuf {
    let mut name = path.as_os_str().to_owned();
    name.push(suffix);
    PathBuf::from(name)
}

/// Removes a database file and its write-ahead log and shared-memory index.
fn remove_database_files(path: &Path) -> anyhow::Result<()> {
    for file in [path.to_path_buf(), with_suffix(path, "-wal"), with_suffix(path, "-shm")] {
        match std::fs::remove_file(&file) {
            Ok(()) => {}
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
            Err(e) => return Err(e).with_context(|| format!("cannot remove {}", file.display())),
        }
    }
    Ok(())
}
