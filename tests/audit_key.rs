//! The audit key end to end: a key file beside the database (or named) makes
//! each entry's MAC; someone holding the database alone who rewrites an
//! entry and recomputes the chain is found at that entry; an anchor written
//! down finds entries cut off the end; an existing trail is upgraded.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::str::FromStr;

use serde_json::json;
use sqlx::sqlite::SqliteConnectOptions;
use sqlx::{ConnectOptions, Connection, Row, SqliteConnection};

use ismo::config::DbTarget;
use ismo::domain::actor::{Actor, AuditAction};
use ismo::domain::audit::{AuditContent, Broken, BrokenReason, entry_hash};
use ismo::domain::audit_key::AuditKey;
use ismo::store::Store;

struct Db {
    path: PathBuf,
    dir: tempfile::TempDir,
}

impl Db {
    fn new() -> Db {
        let dir = tempfile::tempdir().unwrap();
        Db { path: dir.path().join("ismo.db"), dir }
    }

    fn target(&self) -> DbTarget {
        DbTarget::Sqlite(self.path.clone())
    }

    fn key_path(&self) -> PathBuf {
        self.dir.path().join("ismo.db.audit-key")
    }
}

/// Appends `n` entries, numbered from `from`, each in a transaction of its own.
async fn append(store: &Store, from: i64, n: i64) {
    for i in from..from + n {
        store
            .record(None, &Actor::cli(), AuditAction::Update, "user", i, None, Some(&json!({ "n": i })))
            .await
            .unwrap();
    }
}

async fn raw(path: &Path) -> SqliteConnection {
    SqliteConnectOptions::from_str("sqlite:").unwrap().filename(path).connect().await.unwrap()
}

/// Drops the guard triggers, as someone holding the file can, and runs `sql`.
async fn tamper(path: &Path, sql: &str) {
    let mut conn = raw(path).await;
    sqlx::query("DROP TRIGGER IF EXISTS audit_log_no_update").execute(&mut conn).await.unwrap();
    sqlx::query("DROP TRIGGER IF EXISTS audit_log_no_delete").execute(&mut conn).await.unwrap();
    sqlx::query(sql).execute(&mut conn).await.unwrap();
    conn.close().await.unwrap();
}

/// Recomputes every hash from entry `from` on, so the chain holds again:
/// all that someone without the key can do to hide a change.
async fn rechain(path: &Path, from: i64) {
    let mut conn = raw(path).await;
    let mut prev: String = sqlx::query_scalar("SELECT prev_hash FROM audit_log WHERE id = ?")
        .bind(from)
        .fetch_one(&mut conn)
        .await
        .unwrap();
    let rows = sqlx::query("SELECT * FROM audit_log WHERE id >= ? ORDER BY id").bind(from).fetch_all(&mut conn).await;
    for row in rows.unwrap() {
        let action: String = row.get("action");
        let content = AuditContent {
            org_id: row.get("org_id"),
            at: row.get("at"),
            actor_id: row.get("actor_id"),
            actor: row.get("actor"),
            action: AuditAction::parse(&action).unwrap(),
            record_type: row.get("record_type"),
            record_id: row.get("record_id"),
            before: row.get("before"),
            after: row.get("after"),
        };
        let hash = entry_hash(&prev, &content);
        sqlx::query("UPDATE audit_log SET prev_hash = ?, hash = ? WHERE id = ?")
            .bind(&prev)
            .bind(&hash)
            .bind(row.get::<i64, _>("id"))
            .execute(&mut conn)
            .await
            .unwrap();
        prev = hash;
    }
    conn.close().await.unwrap();
}

fn ismo(args: &[&str], db: &Path, env_key: Option<&Path>) -> Output {
    let mut command = Command::new(env!("CARGO_BIN_EXE_ismo"));
    command.args(args).arg("--db").arg(db).env_remove("ISMO_DB").env_remove("ISMO_AUDIT_KEY");
    if let Some(key) = env_key {
        command.env("ISMO_AUDIT_KEY", key);
    }
    command.output().unwrap()
}

/// `ismo audit verify --lang en` with extra arguments: (exit code, stdout, stderr).
fn verify(db: &Path, extra: &[&str]) -> (i32, String, String) {
    let out = ismo(&[&["audit", "verify", "--lang", "en"], extra].concat(), db, None);
    let text = |b: Vec<u8>| String::from_utf8(b).unwrap();
    (out.status.code().unwrap(), text(out.stdout), text(out.stderr))
}

fn anchor_line(stdout: &str) -> String {
    let line = stdout.lines().find(|l| l.starts_with("anchor: ")).unwrap_or_else(|| panic!("no anchor in {stdout}"));
    line.trim_start_matches("anchor: ").to_string()
}

#[tokio::test]
async fn a_new_database_gets_a_private_key_beside_it_that_covers_every_entry() {
    let db = Db::new();
    let store = Store::open(&db.target()).await.unwrap();
    append(&store, 1, 3).await;
    let text = std::fs::read_to_string(db.key_path()).unwrap();
    let key = AuditKey::parse(&text).unwrap();
    assert_eq!(key.starts_after(), None);
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(db.key_path()).unwrap().permissions().mode();
        assert_eq!(mode & 0o777, 0o600, "{mode:o}");
    }
    // No temporary file is left beside it.
    let names: Vec<_> = std::fs::read_dir(db.dir.path()).unwrap().map(|e| e.unwrap().file_name()).collect();
    assert!(names.iter().all(|n| !n.to_string_lossy().contains(".tmp")), "{names:?}");
    let macs: Vec<Option<String>> =
        sqlx::query_scalar("SELECT mac FROM audit_log ORDER BY id").fetch_all(&mut raw(&db.path).await).await.unwrap();
    assert_eq!(macs.len(), 3);
    assert!(macs.iter().all(|m| m.as_ref().is_some_and(|m| m.len() == 64)), "{macs:?}");
    store.close().await;

    // Opened again, the same key is used, not a new one.
    let store = Store::open(&db.target()).await.unwrap();
    append(&store, 4, 1).await;
    assert_eq!(std::fs::read_to_string(db.key_path()).unwrap(), text);
    assert_eq!(store.verify_audit().await.unwrap(), Ok(4));
    let (code, stdout, _) = verify(&db.path, &[]);
    assert_eq!(code, 0, "{stdout}");
    assert!(stdout.contains("Every entry is authenticated by the audit key."), "{stdout}");
}

#[tokio::test]
async fn an_entry_rewritten_with_a_recomputed_chain_fails_at_that_entry() {
    let db = Db::new();
    let store = Store::open(&db.target()).await.unwrap();
    append(&store, 1, 6).await;
    store.close().await;
    tamper(&db.path, "UPDATE audit_log SET actor = 'mallory' WHERE id = 3").await;
    rechain(&db.path, 3).await;

    let store = Store::open_unkeyed(&db.target()).await.unwrap();
    assert_eq!(store.verify_audit().await.unwrap(), Ok(6), "the chain alone holds again");
    let key = ismo::store::read_key(&db.key_path()).unwrap().unwrap();
    let checked = store.verify_audit_with(Some(&key), &[]).await.unwrap();
    assert_eq!(checked, Err(Broken { id: 3, reason: BrokenReason::MacMismatch }));
    let (code, stdout, stderr) = verify(&db.path, &[]);
    assert_eq!(code, 1, "{stdout}{stderr}");
    assert!(stdout.starts_with("audit trail broken at entry 3: its authentication does not match"), "{stdout}");
    assert!(stdout.trim_end().ends_with("entries from 3 on cannot be trusted"), "{stdout}");
    // Japanese by default.
    let out = ismo(&["audit", "verify"], &db.path, None);
    assert!(String::from_utf8_lossy(&out.stdout).starts_with("監査証跡は記録 3 で壊れています"));

    // Without the key, verify says that only the chain was checked.
    std::fs::rename(db.key_path(), db.dir.path().join("kept-elsewhere")).unwrap();
    let (code, stdout, _) = verify(&db.path, &[]);
    assert_eq!(code, 0, "{stdout}");
    assert!(stdout.contains(&format!("No audit key at {}: only the chain was checked", db.key_path().display())));
    assert!(!db.key_path().exists(), "verify never makes a key");
}

#[tokio::test]
async fn an_entry_added_without_the_key_fails() {
    let db = Db::new();
    let store = Store::open(&db.target()).await.unwrap();
    append(&store, 1, 2).await;
    store.close().await;
    // Appended by a tool that does not hold the key: chained, but no MAC.
    let unkeyed = Store::open_unkeyed(&db.target()).await.unwrap();
    append(&unkeyed, 3, 1).await;
    let (code, stdout, _) = verify(&db.path, &[]);
    assert_eq!(code, 1);
    assert!(stdout.starts_with("audit trail broken at entry 3: the audit key covers it, but"), "{stdout}");
}

#[tokio::test]
async fn an_anchor_finds_the_newest_entries_removed() {
    let db = Db::new();
    let store = Store::open(&db.target()).await.unwrap();
    append(&store, 1, 5).await;
    let (code, stdout, _) = verify(&db.path, &[]);
    assert_eq!(code, 0);
    let anchor = anchor_line(&stdout);
    let (id, hash) = store.audit_head().await.unwrap().unwrap();
    assert_eq!(anchor, format!("{id}:{hash}"));
    append(&store, 6, 3).await;
    store.close().await;

    // Later entries do not disturb the anchor.
    let (code, stdout, _) = verify(&db.path, &["--expect", &anchor]);
    assert_eq!(code, 0, "{stdout}");
    assert!(stdout.contains("1 anchors written down earlier are still in place."), "{stdout}");

    // The newest entries cut off, the anchor among them: the rest is an
    // intact, authenticated chain; only the anchor tells.
    tamper(&db.path, "DELETE FROM audit_log WHERE id >= 4").await;
    assert_eq!(verify(&db.path, &[]).0, 0);
    let (code, stdout, _) = verify(&db.path, &["--expect", &anchor]);
    assert_eq!(code, 1, "{stdout}");
    assert!(stdout.starts_with("audit trail broken at entry 5: it was written down as an anchor"), "{stdout}");

    let (code, _, stderr) = verify(&db.path, &["--expect", "5:nothex"]);
    assert_eq!(code, 2);
    assert!(stderr.contains("ID:HASH"), "{stderr}");
}

#[tokio::test]
async fn an_existing_trail_is_upgraded_and_covered_from_the_first_new_entry() {
    let db = Db::new();
    // Entries made before the key existed.
    let old = Store::open_unkeyed(&db.target()).await.unwrap();
    append(&old, 1, 3).await;
    let (_, before_key) = old.audit_head().await.unwrap().unwrap();
    old.close().await;
    assert!(!db.key_path().exists());

    let store = Store::open(&db.target()).await.unwrap();
    let key = AuditKey::parse(&std::fs::read_to_string(db.key_path()).unwrap()).unwrap();
    assert_eq!(key.starts_after(), Some(before_key.as_str()));
    let (code, stdout, _) = verify(&db.path, &[]);
    assert_eq!(code, 0, "{stdout}");
    assert!(stdout.contains("No entry has been made since the audit key was (the 3 entries"), "{stdout}");
    append(&store, 4, 2).await;
    store.close().await;
    let (code, stdout, _) = verify(&db.path, &[]);
    assert_eq!(code, 0, "{stdout}");
    assert!(
        stdout.contains("Entries from 4 on are authenticated by the audit key (the 3 entries before it predate"),
        "{stdout}"
    );

    // Entries after the start must carry the MAC ...
    tamper(&db.path, "UPDATE audit_log SET mac = NULL WHERE id = 5").await;
    let (code, stdout, _) = verify(&db.path, &[]);
    assert_eq!(code, 1);
    assert!(stdout.starts_with("audit trail broken at entry 5: "), "{stdout}");
    // ... and the old entries cannot be rewritten either: the key names where it starts.
    let db2 = Db::new();
    let old = Store::open_unkeyed(&db2.target()).await.unwrap();
    append(&old, 1, 3).await;
    old.close().await;
    let store = Store::open(&db2.target()).await.unwrap();
    append(&store, 4, 2).await;
    store.close().await;
    tamper(&db2.path, "UPDATE audit_log SET actor = 'mallory' WHERE id = 2").await;
    rechain(&db2.path, 2).await;
    let (code, stdout, _) = verify(&db2.path, &[]);
    assert_eq!(code, 1);
    assert!(stdout.starts_with("audit trail broken at entry 4: the entry the audit key starts after"), "{stdout}");
    assert!(stdout.trim_end().ends_with("entries from 1 on cannot be trusted"), "{stdout}");
}

#[tokio::test]
async fn a_wrong_or_lost_key_is_refused() {
    let db = Db::new();
    let store = Store::open(&db.target()).await.unwrap();
    append(&store, 1, 2).await;
    store.close().await;
    let other = Db::new();
    Store::open(&other.target()).await.unwrap().close().await;

    // Another database's key: verify fails at the first entry; opening refuses.
    let wrong = other.key_path();
    let (code, stdout, _) = verify(&db.path, &["--audit-key", wrong.to_str().unwrap()]);
    assert_eq!(code, 1);
    assert!(stdout.starts_with("audit trail broken at entry 1: its authentication does not match"), "{stdout}");
    let err = Store::open_with_key(&db.target(), &wrong).await.unwrap_err().to_string();
    assert!(err.contains("does not fit this database") && err.contains("entry 2"), "{err}");

    // The key gone from beside the database: no new key is made in its place.
    std::fs::remove_file(db.key_path()).unwrap();
    let err = Store::open(&db.target()).await.unwrap_err().to_string();
    assert!(err.contains("not at") && err.contains("--audit-key"), "{err}");
    assert!(!db.key_path().exists());
    let out = ismo(&["migrate"], &db.path, None);
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("authenticated with a key that is not at"));

    // A named key that does not exist is an error for verify, not "no key".
    let missing = db.dir.path().join("missing.key");
    let (code, _, stderr) = verify(&db.path, &["--audit-key", missing.to_str().unwrap()]);
    assert_eq!(code, 2);
    assert!(stderr.contains("no audit key at"), "{stderr}");

    // A damaged key file is named with what is wrong.
    std::fs::write(db.key_path(), "ismo-audit-key v1\nkey 1234\n").unwrap();
    let err = Store::open(&db.target()).await.unwrap_err().to_string();
    assert!(err.contains("is not a usable audit key") && err.contains("line 2"), "{err}");
}

#[test]
fn the_key_is_named_with_a_flag_or_the_environment() {
    let db = Db::new();
    let key = db.dir.path().join("elsewhere.key");
    let ok = |out: Output| assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let made = ismo(&["migrate", "--audit-key", key.to_str().unwrap()], &db.path, None);
    ok(made.clone());
    assert!(key.exists() && !db.key_path().exists());
    // The start that makes the key says so (once), so that a copy is kept.
    let said = String::from_utf8_lossy(&made.stdout).into_owned();
    assert!(said.contains(&format!("made a new audit key at {}", key.display())), "{said}");
    let again = ismo(&["migrate", "--audit-key", key.to_str().unwrap()], &db.path, None);
    assert!(!String::from_utf8_lossy(&again.stdout).contains("audit key"));
    ok(ismo(&["org", "add", "Acme"], &db.path, Some(&key)));
    let out = ismo(&["audit", "verify", "--lang", "en"], &db.path, Some(&key));
    ok(out.clone());
    assert!(String::from_utf8_lossy(&out.stdout).contains("Every entry is authenticated by the audit key."));
    // Not named, and none beside the database: only the chain.
    let (code, stdout, _) = verify(&db.path, &[]);
    assert_eq!(code, 0);
    assert!(stdout.contains("No audit key at"), "{stdout}");
}

#[tokio::test]
async fn backup_and_restore_say_the_key_is_kept_apart() {
    let db = Db::new();
    let store = Store::open(&db.target()).await.unwrap();
    append(&store, 1, 2).await;
    store.close().await;
    let copy = db.dir.path().join("copy.db");
    let out = ismo(&["backup", "--lang", "en", copy.to_str().unwrap()], &db.path, None);
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success(), "{stdout}");
    assert!(stdout.contains(&format!("The audit key {} is not in the backup", db.key_path().display())), "{stdout}");
    assert!(stdout.contains("Every entry is authenticated"), "{stdout}");
    assert!(!db.dir.path().join("copy.db.audit-key").exists());

    let restored = db.dir.path().join("restored.db");
    let out = ismo(&["restore", copy.to_str().unwrap()], &restored, None);
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success(), "{stdout}");
    assert!(stdout.contains("バックアップには監査鍵が含まれません"), "{stdout}");
    assert!(stdout.contains("restored.db.audit-key"), "{stdout}");
    // With the key put back beside it, the restored trail is fully checked.
    std::fs::copy(db.key_path(), db.dir.path().join("restored.db.audit-key")).unwrap();
    let (code, stdout, _) = verify(&restored, &[]);
    assert_eq!(code, 0, "{stdout}");
    assert!(stdout.contains("Every entry is authenticated"), "{stdout}");
}
