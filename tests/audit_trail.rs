//! The audit trail end to end: entries appended through the store chain up;
//! ismo itself cannot change or remove them; someone who edits the file
//! directly is found by `verify_audit` and by `ismo audit verify`.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::str::FromStr;

use serde_json::json;
use sqlx::sqlite::SqliteConnectOptions;
use sqlx::{ConnectOptions, Connection, SqliteConnection};

use ismo::config::DbTarget;
use ismo::domain::actor::{Actor, AuditAction};
use ismo::domain::audit::{Broken, BrokenReason};
use ismo::domain::organization::OrganizationDraft;
use ismo::store::Store;

struct Db {
    store: Store,
    path: PathBuf,
    org: i64,
    _dir: tempfile::TempDir,
}

/// A fresh database with six entries: the organization created (1), a plan
/// created (2) then updated three times (3–5), and a user created outside any
/// organization (6).
async fn trail() -> Db {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("ismo.db");
    let store = Store::open(&DbTarget::Sqlite(path.clone())).await.unwrap();
    let draft = OrganizationDraft { name: "Example".into(), fiscal_start_month: 4, review_interval_months: 12 };
    let cli = Actor::cli();
    let org = store.create_organization(&draft, &cli).await.unwrap().id;
    let v = |n: i64| json!({"actions": format!("Train staff ({n})"), "budget": 100, "status": "planned"});
    store.record(Some(org), &cli, AuditAction::Create, "plan", 7, None, Some(&v(0))).await.unwrap();
    for n in 1..=3 {
        store.record(Some(org), &cli, AuditAction::Update, "plan", 7, Some(&v(n - 1)), Some(&v(n))).await.unwrap();
    }
    let user = json!({"email": "sato@example.com"});
    store.record(None, &cli, AuditAction::Create, "user", 1, None, Some(&user)).await.unwrap();
    Db { store, path, org, _dir: dir }
}

async fn raw(path: &Path) -> SqliteConnection {
    SqliteConnectOptions::from_str("sqlite:").unwrap().filename(path).connect().await.unwrap()
}

/// Runs `ismo audit verify` on the file: (exit code, stdout, stderr).
fn cli_verify(path: &Path) -> (i32, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_ismo"))
        .args(["audit", "verify", "--lang", "en", "--db"])
        .arg(path)
        .env_remove("ISMO_DB")
        .env_remove("ISMO_AUDIT_KEY")
        .output()
        .unwrap();
    let text = |b: Vec<u8>| String::from_utf8(b).unwrap();
    (out.status.code().unwrap(), text(out.stdout), text(out.stderr))
}

#[tokio::test]
async fn intact_trail_verifies() {
    let db = trail().await;
    assert_eq!(db.store.verify_audit().await.unwrap(), Ok(6));
    let (code, stdout, _) = cli_verify(&db.path);
    assert_eq!(code, 0, "{stdout}");
    assert_eq!(stdout.lines().next(), Some("audit trail intact: 6 entries"));
    // The newest entry's hash is printed as an anchor for later checks.
    let (id, hash) = db.store.audit_head().await.unwrap().unwrap();
    assert!(stdout.lines().any(|l| l == format!("anchor: {id}:{hash}")), "{stdout}");
}

#[tokio::test]
async fn empty_trail_verifies() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("empty.db");
    let store = Store::open(&DbTarget::Sqlite(path.clone())).await.unwrap();
    assert_eq!(store.verify_audit().await.unwrap(), Ok(0));
    assert_eq!(cli_verify(&path).0, 0);
}

#[tokio::test]
async fn history_lists_a_records_entries_oldest_first() {
    let db = trail().await;
    let history = db.store.history(db.org, "plan", 7).await.unwrap();
    assert_eq!(history.iter().map(|e| e.id).collect::<Vec<_>>(), [2, 3, 4, 5]);
    assert_eq!(history[0].action, AuditAction::Create);
    assert_eq!(history[0].actor, "cli");
    assert!(history[0].before.is_none());
    assert_eq!(
        history[3].changes(),
        [("actions".to_string(), Some("Train staff (2)".to_string()), Some("Train staff (3)".to_string()))]
    );
    let at = &history[0].at;
    assert!(at.len() == 20 && at.ends_with('Z') && at.as_bytes()[10] == b'T', "{at}");
    // Another organization, or a record outside any, is not found through an organization.
    assert!(db.store.history(db.org + 1, "plan", 7).await.unwrap().is_empty());
    assert!(db.store.history(db.org, "user", 1).await.unwrap().is_empty());
}

#[tokio::test]
async fn entries_cannot_be_changed_or_removed_through_sql() {
    let db = trail().await;
    let mut conn = raw(&db.path).await;
    for sql in ["UPDATE audit_log SET actor = 'mallory' WHERE id = 2", "DELETE FROM audit_log WHERE id = 6"] {
        let err = sqlx::query(sql).execute(&mut conn).await.unwrap_err();
        assert!(err.to_string().contains("append-only"), "{sql}: {err}");
    }
    conn.close().await.unwrap();
    assert_eq!(db.store.verify_audit().await.unwrap(), Ok(6));
}

/// Drops the guard trigger the way someone with the file could, then runs `sql`.
async fn tamper(path: &Path, sql: &str) {
    let mut conn = raw(path).await;
    sqlx::query("DROP TRIGGER audit_log_no_update").execute(&mut conn).await.unwrap();
    sqlx::query("DROP TRIGGER audit_log_no_delete").execute(&mut conn).await.unwrap();
    sqlx::query(sql).execute(&mut conn).await.unwrap();
    conn.close().await.unwrap();
}

async fn assert_broken(db: &Db, expected: Broken, untrusted_from: i64) {
    assert_eq!(db.store.verify_audit().await.unwrap(), Err(expected.clone()));
    let (code, stdout, stderr) = cli_verify(&db.path);
    assert_eq!(code, 1, "{stdout}{stderr}");
    let start = format!("audit trail broken at entry {}: ", expected.id);
    let end = format!("; entries from {untrusted_from} on cannot be trusted");
    assert!(stdout.starts_with(&start) && stdout.trim_end().ends_with(&end), "{stdout}");
}

#[tokio::test]
async fn changed_content_is_found_at_that_entry() {
    let db = trail().await;
    tamper(&db.path, r#"UPDATE audit_log SET after = '{"actions":"nothing"}' WHERE id = 3"#).await;
    assert_broken(&db, Broken { id: 3, reason: BrokenReason::HashMismatch }, 3).await;
}

#[tokio::test]
async fn changed_actor_is_found_at_that_entry() {
    let db = trail().await;
    tamper(&db.path, "UPDATE audit_log SET actor = 'someone-else' WHERE id = 2").await;
    assert_broken(&db, Broken { id: 2, reason: BrokenReason::HashMismatch }, 2).await;
}

#[tokio::test]
async fn removed_entry_breaks_the_next_link() {
    let db = trail().await;
    tamper(&db.path, "DELETE FROM audit_log WHERE id = 2").await;
    let reason = BrokenReason::PrevLinkMismatch { previous: Some(1) };
    assert_broken(&db, Broken { id: 3, reason }, 1).await;
}

#[tokio::test]
async fn unreadable_value_is_found_at_that_entry() {
    let db = trail().await;
    tamper(&db.path, "UPDATE audit_log SET at = 42 WHERE id = 4").await;
    let (code, stdout, _) = cli_verify(&db.path);
    assert_eq!(code, 1);
    assert!(stdout.starts_with("audit trail broken at entry 4: "), "{stdout}");
}

#[tokio::test]
async fn appending_after_tampering_does_not_repair_the_chain() {
    let db = trail().await;
    tamper(&db.path, "UPDATE audit_log SET record_id = 8 WHERE id = 1").await;
    db.store.record(None, &Actor::cli(), AuditAction::Status, "user", 1, None, None).await.unwrap();
    assert_eq!(db.store.verify_audit().await.unwrap().unwrap_err().id, 1);
}

#[tokio::test]
async fn a_long_trail_is_checked_across_batches() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("long.db");
    let store = Store::open(&DbTarget::Sqlite(path.clone())).await.unwrap();
    for n in 0..2500 {
        store.record(None, &Actor::cli(), AuditAction::Update, "user", n, None, Some(&json!({"n": n}))).await.unwrap();
    }
    assert_eq!(store.verify_audit().await.unwrap(), Ok(2500));
    tamper(&path, "UPDATE audit_log SET record_id = -1 WHERE id = 2001").await;
    assert_eq!(store.verify_audit().await.unwrap().unwrap_err().id, 2001);
}

#[test]
fn a_missing_or_unreadable_database_exits_2() {
    let dir = tempfile::tempdir().unwrap();
    let missing = dir.path().join("typo.db");
    let (code, _, stderr) = cli_verify(&missing);
    assert_eq!(code, 2, "{stderr}");
    assert!(stderr.contains("no database"), "{stderr}");
    assert!(!missing.exists(), "verify must not create a database");
    let garbage = dir.path().join("garbage.db");
    std::fs::write(&garbage, "this is not a database, just some text long enough to be a header....").unwrap();
    let (code, _, stderr) = cli_verify(&garbage);
    assert_eq!(code, 2, "{stderr}");
}
