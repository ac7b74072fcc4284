//! `ismo backup` and `ismo restore` as an operator runs them: a copy taken
//! while another process keeps writing, put back, with an intact audit trail.

use std::path::Path;
use std::process::{Command, Output};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};

use ismo::config::DbTarget;
use ismo::domain::actor::Actor;
use ismo::domain::organization::OrganizationDraft;
use ismo::store::Store;

fn ismo(args: &[&str], db: &Path) -> Output {
    Command::new(env!("CARGO_BIN_EXE_ismo")).args(args).arg("--db").arg(db).output().unwrap()
}

fn stdout(out: &Output) -> String {
    String::from_utf8_lossy(&out.stdout).into_owned()
}

fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

/// The `anchor: ID:HASH` line a command printed.
fn head(printed: &str) -> String {
    printed.lines().find(|l| l.starts_with("anchor: ")).unwrap_or_else(|| panic!("no head in {printed}")).to_string()
}

async fn organizations(db: &Path) -> usize {
    let store = Store::open_existing(db).await.unwrap();
    let n = store.organizations().await.unwrap().len();
    store.close().await;
    n
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_backup_taken_during_writes_restores_with_an_intact_audit_trail() {
    let dir = tempfile::tempdir().unwrap();
    let live = dir.path().join("live.db");
    let store = Store::open(&DbTarget::Sqlite(live.clone())).await.unwrap();
    ismo::demo::load(&store, chrono::Local::now().date_naive()).await.unwrap();

    // Another writer keeps creating organizations (each with its audit entry)
    // for as long as the backup runs.
    let created = Arc::new(AtomicUsize::new(0));
    let stop = Arc::new(AtomicBool::new(false));
    let writer = tokio::spawn({
        let (store, created, stop) = (store.clone(), created.clone(), stop.clone());
        async move {
            let mut n = 0;
            while !stop.load(Ordering::SeqCst) || n < 20 {
                let draft = OrganizationDraft {
                    name: format!("並行書き込み {n}"),
                    fiscal_start_month: 4,
                    review_interval_months: 12,
                };
                store.create_organization(&draft, &Actor::cli()).await.unwrap();
                n += 1;
                created.store(n, Ordering::SeqCst);
            }
        }
    });
    while created.load(Ordering::SeqCst) < 5 {
        tokio::task::yield_now().await;
    }
    let acknowledged_before = created.load(Ordering::SeqCst);

    let copy = dir.path().join("copy.db");
    let backup = tokio::task::spawn_blocking({
        let (live, copy) = (live.clone(), copy.clone());
        move || {
            Command::new(env!("CARGO_BIN_EXE_ismo"))
                .args(["backup", "--lang", "en"])
                .arg(&copy)
                .arg("--db")
                .arg(&live)
                .output()
                .unwrap()
        }
    })
    .await
    .unwrap();
    stop.store(true, Ordering::SeqCst);
    writer.await.unwrap();
    assert!(backup.status.success(), "{}{}", stdout(&backup), stderr(&backup));
    assert!(stdout(&backup).contains("audit trail intact"), "{}", stdout(&backup));
    let backup_head = head(&stdout(&backup));

    // Restored to a new place: every organization acknowledged before the
    // backup began is there, and the trail verifies up to the printed head.
    let restored = dir.path().join("restored.db");
    let out = ismo(&["restore", copy.to_str().unwrap()], &restored);
    assert!(out.status.success(), "{}{}", stdout(&out), stderr(&out));
    assert_eq!(head(&stdout(&out)), backup_head);
    let verify = ismo(&["audit", "verify"], &restored);
    assert!(verify.status.success(), "{}{}", stdout(&verify), stderr(&verify));
    assert_eq!(head(&stdout(&verify)), backup_head);
    let demo_orgs = 1;
    assert!(organizations(&restored).await >= demo_orgs + acknowledged_before);
    store.close().await;
}

#[tokio::test]
async fn restore_replaces_a_database_only_when_forced() {
    let dir = tempfile::tempdir().unwrap();
    let live = dir.path().join("live.db");
    let store = Store::open(&DbTarget::Sqlite(live.clone())).await.unwrap();
    ismo::demo::load(&store, chrono::Local::now().date_naive()).await.unwrap();
    store.close().await;
    let copy = dir.path().join("copy.db");
    assert!(ismo(&["backup", copy.to_str().unwrap()], &live).status.success());

    // A later change, which restoring the older copy takes back.
    let store = Store::open(&DbTarget::Sqlite(live.clone())).await.unwrap();
    let draft = OrganizationDraft { name: "後から".into(), fiscal_start_month: 4, review_interval_months: 12 };
    store.create_organization(&draft, &Actor::cli()).await.unwrap();
    store.close().await;
    assert_eq!(organizations(&live).await, 2);

    let refused = ismo(&["restore", copy.to_str().unwrap()], &live);
    assert!(!refused.status.success());
    assert!(stderr(&refused).contains("--force"), "{}", stderr(&refused));
    assert_eq!(organizations(&live).await, 2, "a refused restore changes nothing");

    let forced = ismo(&["restore", copy.to_str().unwrap(), "--force"], &live);
    assert!(forced.status.success(), "{}{}", stdout(&forced), stderr(&forced));
    assert_eq!(organizations(&live).await, 1);
    assert!(ismo(&["audit", "verify"], &live).status.success());
}

#[test]
fn backup_never_overwrites_a_file() {
    let dir = tempfile::tempdir().unwrap();
    let live = dir.path().join("live.db");
    assert!(ismo(&["migrate"], &live).status.success());
    let existing = dir.path().join("notes.txt");
    std::fs::write(&existing, "keep me").unwrap();
    let out = ismo(&["backup", existing.to_str().unwrap()], &live);
    assert!(!out.status.success());
    assert!(stderr(&out).contains("already exists"), "{}", stderr(&out));
    assert_eq!(std::fs::read_to_string(&existing).unwrap(), "keep me");
}

#[tokio::test]
async fn restore_refuses_a_file_that_is_not_an_ismo_database() {
    let dir = tempfile::tempdir().unwrap();
    let target = dir.path().join("target.db");
    let text = dir.path().join("notes.db");
    std::fs::write(&text, "not a database at all, just some text that is long enough").unwrap();
    let out = ismo(&["restore", text.to_str().unwrap()], &target);
    assert!(!out.status.success());
    assert!(stderr(&out).contains("is not an ismo database"), "{}", stderr(&out));
    assert!(!target.exists());

    // A SQLite database of something else is refused the same way.
    let foreign = dir.path().join("foreign.db");
    let options = sqlx::sqlite::SqliteConnectOptions::new().filename(&foreign).create_if_missing(true);
    let pool = sqlx::SqlitePool::connect_with(options).await.unwrap();
    sqlx::query("CREATE TABLE t (x)").execute(&pool).await.unwrap();
    pool.close().await;
    let out = ismo(&["restore", foreign.to_str().unwrap()], &target);
    assert!(!out.status.success());
    assert!(stderr(&out).contains("is not an ismo database"), "{}", stderr(&out));
    assert!(!target.exists());
}
