//! Benchmark (not a test): importing the management table of an organization
//! with 10,000 plans (2,500 objectives × 4 plans, every month with Japanese
//! text, plus 200 risks of which 100 are treated with 2 plans each). Run with
//!     cargo bench --bench import
//! and for peak memory
//!     /usr/bin/time -v target/release/deps/import-* --bench
//! (the run also prints its own VmHWM). Results go in BENCHMARKS.md.
//!
//! The organization is generated once (its objectives by importing a
//! generated workbook, its risks through the store), then exported; that
//! export is what is measured:
//! - into an empty organization (a new one each time): read + prepare + apply;
//! - back into the organization it came from, which changes nothing.

use std::time::{Duration, Instant};

use ismo::config::DbTarget;
use ismo::domain::actor::Actor;
use ismo::domain::period::Period;
use ismo::i18n::{Lang, Tr};
use ismo::store::Store;
use ismo::xlsx::import::{Importer, prepare};
use ismo::xlsx::read::read_workbook;

#[allow(dead_code)] // the load benchmark's part of it
mod common;

use common::{Shape, add_risks, export, generated_table, new_org};

const SHAPE: Shape = Shape::LARGE;

/// The times of one import, by phase.
#[derive(Debug, Clone, Copy)]
struct Phases {
    /// `read_workbook`: unzip and XML into cell grids.
    cells: Duration,
    /// `import::read`: the cells plus reading them in the sheet's terms.
    read: Duration,
    /// `import::prepare`: read again, load the stored records, compare.
    prepare: Duration,
    /// `Store::apply_import`: the one write transaction.
    apply: Duration,
}

impl Phases {
    /// What an import costs: prepare (which reads) and apply.
    fn total(&self) -> Duration {
        self.prepare + self.apply
    }
}

fn secs(d: Duration) -> String {
    format!("{:.3} s", d.as_secs_f64())
}

async fn measure(store: &Store, org: i64, bytes: &[u8], year: i32, who: &Importer<'_>) -> (Phases, usize) {
    let start = Instant::now();
    read_workbook(bytes).expect("cells");
    let cells = start.elapsed();
    let start = Instant::now();
    ismo::xlsx::import::read(bytes, 4, Some(year)).expect("the workbook reads");
    let read = start.elapsed();
    let start = Instant::now();
    let changes = match prepare(store, org, bytes, Some(year), who).await {
        Ok(changes) => changes,
        Err(ismo::xlsx::import::ImportFailure::Problems(problems)) => {
            let t = Tr::new(Lang::En);
            let first: Vec<String> = problems.iter().take(10).map(|p| p.message(&t)).collect();
            panic!("{} problems, e.g. {first:#?}", problems.len())
        }
        Err(e) => panic!("{e}"),
    };
    let prepare = start.elapsed();
    let start = Instant::now();
    if !changes.is_empty() {
        store.apply_import(org, &changes, &Actor::cli()).await.expect("apply");
    }
    let apply = start.elapsed();
    let s = changes.summary();
    (Phases { cells, read, prepare, apply }, s.added.plans + s.changed.plans)
}

/// Peak resident memory of this process so far (Linux), in MiB.
fn peak_rss_mib() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    let kib: u64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kib / 1024)
}

fn report(what: &str, runs: &[Phases]) {
    let best = runs.iter().min_by_key(|p| p.total()).expect("runs");
    println!(
        "{what}: best of {} {} (prepare {} [cells {}, read {}], apply {}); all: {}",
        runs.len(),
        secs(best.total()),
        secs(best.prepare),
        secs(best.cells),
        secs(best.read),
        secs(best.apply),
        runs.iter().map(|p| secs(p.total())).collect::<Vec<_>>().join(", ")
    );
}

async fn run() {
    let dir = tempfile::tempdir().expect("a temporary directory");
    let db = dir.path().join("bench.db");
    let store = Store::open(&DbTarget::parse(db.to_str().expect("a UTF-8 path"))).await.expect("store");
    let t = Tr::new(Lang::Ja);
    let today = chrono::Local::now().date_naive();
    // The current period: an ended one would be read-only.
    let period = Period::containing(today, 4);
    let year = period.start_year();
    let who = Importer { name: "ベンチ 太郎", user_id: None, admin: true, file: "management-table.xlsx", today };

    let started = Instant::now();
    let source = new_org(&store, "株式会社ベンチマーク").await;
    let generated = ismo::xlsx::export::write(&generated_table(SHAPE, period, &t), &t).expect("generated workbook");
    let (_, plans) = measure(&store, source, &generated, year, &who).await;
    assert_eq!(plans as i64, SHAPE.objective_plans());
    add_risks(&store, source, period, SHAPE).await;
    let bytes = export(&store, source, year, &t).await;
    println!(
        "generated {} objectives, {} plans, {} risks, {} treatments ({} plans) in {:.1} s; the export is {} KiB",
        SHAPE.objectives,
        SHAPE.objective_plans(),
        SHAPE.risks,
        SHAPE.treated_risks(),
        SHAPE.risk_plans(),
        started.elapsed().as_secs_f64(),
        bytes.len() / 1024
    );

    let mut fresh = Vec::new();
    for i in 0..3 {
        let org = new_org(&store, &format!("空の組織 {i}")).await;
        let (phases, plans) = measure(&store, org, &bytes, year, &who).await;
        assert_eq!(plans as i64, SHAPE.objective_plans() + SHAPE.risk_plans() as i64);
        fresh.push(phases);
    }
    report("import into an empty organization", &fresh);

    let mut same = Vec::new();
    for _ in 0..3 {
        let (phases, plans) = measure(&store, source, &bytes, year, &who).await;
        assert_eq!(plans, 0, "an unedited export changes nothing");
        same.push(phases);
    }
    report("import of its own export (no change)", &same);
    // Every page's navigation counts the findings: the readiness check of the
    // period, over all its records.
    let mut checks = Vec::new();
    for _ in 0..3 {
        let start = Instant::now();
        let facts = store.readiness_facts(source, year).await.expect("facts");
        let findings = ismo::domain::readiness::check(&facts, today);
        checks.push((start.elapsed(), findings.len()));
    }
    let (best, findings) = checks.iter().min().expect("runs");
    println!(
        "readiness check of the 10,000-plan period (each page's navigation): best of 3 {} ({findings} findings)",
        secs(*best)
    );
    match peak_rss_mib() {
        Some(mib) => println!("peak RSS of the whole run (VmHWM): {mib} MiB"),
        None => println!("peak RSS: /proc/self/status not readable"),
    }
}

fn main() {
    // `cargo test --all-targets` runs bench targets too (without `--bench`):
    // the measurement is for `cargo bench` only.
    if !std::env::args().any(|a| a == "--bench") {
        return;
    }
    let runtime = tokio::runtime::Builder::new_multi_thread().enable_all().build().expect("a runtime");
    runtime.block_on(run());
}
