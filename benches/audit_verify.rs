//! Benchmark (not a test): `ismo audit verify` as an operator runs it, on a
//! trail of 100,000 entries, with the audit key (chain and every MAC) and
//! without it (chain only). Run with
//!     cargo bench --bench audit_verify
//! Results go in BENCHMARKS.md.

use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};

use ismo::config::DbTarget;
use ismo::domain::actor::{Actor, AuditAction};
use ismo::domain::organization::OrganizationDraft;
use ismo::store::Store;
use serde_json::json;

const ENTRIES: i64 = 100_000;

/// The whole command, from start to exit; panics unless it says the trail is intact.
fn verify(db: &Path) -> Duration {
    let started = Instant::now();
    let out = Command::new(env!("CARGO_BIN_EXE_ismo"))
        .args(["audit", "verify", "--lang", "en", "--db"])
        .arg(db)
        .env_remove("ISMO_AUDIT_KEY")
        .output()
        .unwrap();
    let took = started.elapsed();
    let said = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success() && said.starts_with(&format!("audit trail intact: {ENTRIES} entries")), "{said}");
    took
}

fn best_of_3(db: &Path) -> (Duration, Vec<Duration>) {
    let runs: Vec<Duration> = (0..3).map(|_| verify(db)).collect();
    (*runs.iter().min().unwrap(), runs)
}

#[tokio::main]
async fn main() {
    // `cargo test --all-targets` runs bench targets too (without `--bench`):
    // the measurement is for `cargo bench` only.
    if !std::env::args().any(|a| a == "--bench") {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("trail.db");
    let store = Store::open(&DbTarget::Sqlite(db.clone())).await.unwrap();
    let draft =
        OrganizationDraft {
            name: "株式会社ベンチマーク".into(), fiscal_start_month: 4, review_interval_months: 12
        };
    let org = store.create_organization(&draft, &Actor::cli()).await.unwrap().id;
    let started = Instant::now();
    // The organization's entry, then entries the size of a plan's change: a few hundred bytes of JSON with Japanese text.
    for n in 1..ENTRIES {
        let before = json!({"actions": format!("全従業員向けeラーニングを年2回実施する（{n}）"), "status": "in_progress",
                            "responsible_name": "佐藤 花子（人事部）", "deadline": "2026-03-31", "version": n});
        let mut after = before.clone();
        after["actions"] = json!(format!("全従業員向けeラーニングを年3回実施する（{n}）"));
        after["version"] = json!(n + 1);
        store
            .record(Some(org), &Actor::cli(), AuditAction::Update, "plan", n % 5000, Some(&before), Some(&after))
            .await
            .unwrap();
    }
    store.close().await;
    let size = std::fs::metadata(&db).unwrap().len();
    println!("{ENTRIES} entries written in {:.1?} ({:.1} MiB)", started.elapsed(), size as f64 / 1048576.0);

    let (keyed, runs) = best_of_3(&db);
    println!("with the key (chain and MACs): best of 3 {keyed:.2?} (runs {runs:.2?})");
    let key = dir.path().join("trail.db.audit-key");
    std::fs::rename(&key, dir.path().join("kept-elsewhere")).unwrap();
    let (chain, runs) = best_of_3(&db);
    println!("without the key (chain only): best of 3 {chain:.2?} (runs {runs:.2?})");
}
