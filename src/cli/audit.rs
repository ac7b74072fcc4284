//! `ismo audit …`: checking the audit trail.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::Context;
use clap::Subcommand;

use super::DbArgs;
use crate::config::DbTarget;
use crate::domain::audit::{Broken, BrokenReason};
use crate::domain::audit_check::{Anchor, Checked, Coverage};
use crate::domain::audit_key::AuditKey;
use crate::i18n::{Lang, Tr};
use crate::store::{Store, read_key};

#[derive(Debug, Subcommand)]
pub enum AuditCommand {
    /// Check that no entry of the audit trail was changed, removed or inserted.
    ///
    /// Recomputes the hash chain from the first entry to the last and, with
    /// the audit key (--audit-key, or the file beside the database), checks
    /// every entry the key covers. Prints the newest entry as `anchor:
    /// ID:HASH`: written down, `--expect ID:HASH` later detects entries
    /// removed up to it. Exits 0 when the trail is intact, 1 when it is
    /// broken (naming the first entry that cannot be trusted), 2 when the
    /// database or the key cannot be read.
    Verify {
        #[command(flatten)]
        db: DbArgs,
        /// An anchor written down earlier (ID:HASH, as verify prints it): that
        /// entry must still be in the trail with that hash. May be repeated.
        #[arg(long = "expect", value_name = "ID:HASH")]
        expect: Vec<String>,
        /// The language of the messages.
        #[arg(long, default_value = "ja")]
        lang: String,
    },
}

pub async fn run(command: AuditCommand) -> anyhow::Result<ExitCode> {
    match command {
        AuditCommand::Verify { db, expect, lang } => Ok(verify(&db, &expect, &lang).await),
    }
}

async fn verify(db: &DbArgs, expect: &[String], lang: &str) -> ExitCode {
    let unreadable = |message: String| {
        eprintln!("error: {message}");
        ExitCode::from(2)
    };
    let t = match self::lang(lang) {
        Ok(t) => t,
        Err(e) => return unreadable(format!("{e:#}")),
    };
    let anchors = match expect.iter().map(|raw| Anchor::parse(raw)).collect::<Result<Vec<_>, _>>() {
        Ok(anchors) => anchors,
        Err(message) => return unreadable(message),
    };
    // Opening creates a missing file: checking a mistyped path must not
    // report an empty, "intact" trail.
    if let DbTarget::Sqlite(path) = db.target()
        && !path.exists()
    {
        return unreadable(format!("there is no database at {} (check --db or ISMO_DB)", path.display()));
    }
    // Read, never made: a key made now would vouch for nothing.
    let key = match key_for_check(db) {
        Ok(key) => key,
        Err(e) => return unreadable(format!("{e:#}")),
    };
    let store = match Store::open_unkeyed(&db.target()).await {
        Ok(store) => store,
        Err(e) => return unreadable(format!("cannot open the database {}: {e}", db.target())),
    };
    match store.verify_audit_with(key.key.as_ref(), &anchors).await {
        Ok(verdict) => report(t, &verdict, &key),
        Err(e) => unreadable(format!("cannot read the audit trail: {e}")),
    }
}

/// The key a check uses, and where it was looked for.
pub(super) struct CheckKey {
    pub key: Option<AuditKey>,
    /// Where it was looked for (`None`: a PostgreSQL database that names none).
    pub path: Option<PathBuf>,
}

/// The key named by `--audit-key` (which must then exist), or the one beside
/// the database if there is one.
pub(super) fn key_for_check(db: &DbArgs) -> anyhow::Result<CheckKey> {
    let path = db.key_path();
    let key = match &path {
        Some(path) => read_key(path)?,
        None => None,
    };
    if key.is_none()
        && let Some(named) = &db.audit_key
    {
        anyhow::bail!("there is no audit key at {} (check --audit-key or ISMO_AUDIT_KEY)", named.display());
    }
    Ok(CheckKey { key, path })
}

/// Prints a trail's verdict: the count, how far the key vouches for it and
/// the anchor to write down; or where it breaks. Exit 0 when intact, 1 when
/// broken.
pub(super) fn report(t: Tr, verdict: &Result<Checked, Broken>, key: &CheckKey) -> ExitCode {
    let checked = match verdict {
        Ok(checked) => checked,
        Err(broken) => {
            println!("{}", broken_line(t, broken));
            return ExitCode::from(1);
        }
    };
    println!("{}", t.ta1("audit-intact", "count", checked.count));
    println!("{}", coverage_line(t, &checked.coverage, key.path.as_deref()));
    if checked.anchors > 0 {
        println!("{}", t.ta1("audit-anchors-found", "count", checked.anchors));
    }
    if let Some(head) = &checked.head {
        // Not translated: it is read back by `--expect`, and by scripts.
        println!("anchor: {head}");
        println!("{}", t.t("audit-anchor-hint"));
    }
    ExitCode::SUCCESS
}

fn coverage_line(t: Tr, coverage: &Coverage, path: Option<&Path>) -> String {
    match coverage {
        Coverage::NoKey => {
            let path = path.map(|p| p.display().to_string()).unwrap_or_else(|| "--audit-key".into());
            t.ta1("audit-no-key", "path", path)
        }
        Coverage::From { chain_only: 0, .. } => t.t("audit-covered-all"),
        Coverage::From { id, chain_only } => t.ta2("audit-covered-from", "id", id, "before", chain_only),
        Coverage::NoneYet { chain_only } => t.ta1("audit-covered-none-yet", "before", chain_only),
    }
}

/// `audit trail broken at entry N: why; entries from M on cannot be trusted`.
pub(super) fn broken_line(t: Tr, broken: &Broken) -> String {
    let reason = match &broken.reason {
        BrokenReason::HashMismatch => t.t("audit-reason-hash"),
        BrokenReason::PrevLinkMismatch { previous: Some(p) } => t.ta1("audit-reason-link", "previous", p),
        BrokenReason::PrevLinkMismatch { previous: None } => t.t("audit-reason-link-first"),
        BrokenReason::Unreadable(column) => t.ta1("audit-reason-unreadable", "column", column),
        BrokenReason::MacMissing => t.t("audit-reason-mac-missing"),
        BrokenReason::MacMismatch => t.t("audit-reason-mac-mismatch"),
        BrokenReason::AnchorMismatch { expected, .. } => t.ta1("audit-reason-anchor-mismatch", "expected", expected),
        BrokenReason::AnchorMissing => t.t("audit-reason-anchor-missing"),
        BrokenReason::StartMissing { .. } => t.t("audit-reason-start-missing"),
    };
    t.ta(
        "audit-broken",
        &[("id", broken.id.to_string()), ("reason", reason), ("from", broken.untrusted_from().to_string())],
    )
}

/// Reads `--lang` for the commands that print a trail's verdict.
pub(super) fn lang(raw: &str) -> anyhow::Result<Tr> {
    Lang::parse(raw).map(Tr::new).with_context(|| format!("unknown language {raw:?}; use ja or en"))
}
