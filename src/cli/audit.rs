//! `ismo audit …`: checking the audit trail.

use std::process::ExitCode;

use clap::Subcommand;

use super::DbArgs;
use crate::config::DbTarget;

#[derive(Debug, Subcommand)]
pub enum AuditCommand {
    /// Check that no entry of the audit trail was changed, removed or inserted.
    ///
    /// Recomputes the hash chain from the first entry to the last. Exits 0 when
    /// the trail is intact, 1 when it is broken (naming the first entry that
    /// cannot be trusted), 2 when the database cannot be read.
    Verify {
        #[command(flatten)]
        db: DbArgs,
    },
}

pub async fn run(command: AuditCommand) -> anyhow::Result<ExitCode> {
    match command {
        AuditCommand::Verify { db } => Ok(verify(&db).await),
    }
}

async fn verify(db: &DbArgs) -> ExitCode {
    let unreadable = |message: String| {
        eprintln!("error: {message}");
        ExitCode::from(2)
    };
    // Opening creates a missing file: checking a mistyped path must not
    // report an empty, "intact" trail.
    if let DbTarget::Sqlite(path) = DbTarget::parse(&db.db)
        && !path.exists()
    {
        return unreadable(format!("there is no database at {} (check --db or ISMO_DB)", path.display()));
    }
    let store = match super::open_db(db).await {
        Ok(store) => store,
        Err(e) => return unreadable(format!("{e:#}")),
    };
    match store.verify_audit().await {
        Ok(Ok(count)) => {
            println!("audit trail intact: {count} entries");
            if let Ok(Some((id, hash))) = store.audit_head().await {
                // The chain cannot tell if its newest entries were cut off; this anchor can.
                println!("newest entry {id}, hash {hash} (keep it elsewhere to detect removed entries later)");
            }
            ExitCode::SUCCESS
        }
        Ok(Err(broken)) => {
            println!(
                "audit trail broken at entry {}: {}; entries from {} on cannot be trusted",
                broken.id,
                broken.reason,
                broken.untrusted_from()
            );
            ExitCode::from(1)
        }
        Err(e) => unreadable(format!("cannot read the audit trail: {e}")),
    }
}
