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
use ismo::domain::month::{MonthCell, MonthState};
use ismo::domain::organization::OrganizationDraft;
use ismo::domain::period::Period;
use ismo::domain::plan::{PlanDraft, PlanForm, PlanParent};
use ismo::domain::risk::{RiskDraft, RiskForm, TreatmentDraft, TreatmentForm};
use ismo::domain::risk_method::{RiskInputsForm, RiskSettings};
use ismo::i18n::{Lang, Tr};
use ismo::store::Store;
use ismo::xlsx::import::{Importer, prepare};
use ismo::xlsx::model::{ManagementTable, ObjectiveBlock, PlanBlock};
use ismo::xlsx::read::read_workbook;

const OBJECTIVES: i64 = 2_500;
const PLANS_PER_OBJECTIVE: i64 = 4;
const RISKS: usize = 200;
/// Every other risk is treated, with this many plans.
const TREATMENT_PLANS: usize = 2;

fn month_texts(m: usize) -> (String, String) {
    (format!("月次作業 {m}：手順書の見直しと周知"), if m < 6 { "実施済（報告書提出）".into() } else { String::new() })
}

/// The objectives of the organization, as a workbook to import.
fn generated_table(period: Period, t: &Tr) -> ManagementTable {
    let month_labels = period.months().iter().map(|m| t.month(m)).collect();
    let objectives = (1..=OBJECTIVES)
        .map(|o| ObjectiveBlock {
            id: o,
            code: o.to_string(),
            input: "マネジメントレビュー（2025年3月）経営者の指示".into(),
            title: format!("情報セキュリティ目的 {o}：従業員の意識を向上させる"),
            indicators: "情報セキュリティテスト平均 95点以上".into(),
            plans: (1..=PLANS_PER_OBJECTIVE)
                .map(|p| PlanBlock {
                    id: o * 10 + p,
                    number: if p == 1 { o.to_string() } else { format!("{o}-{p}") },
                    actions: format!("全従業員向けeラーニングを実施し、理解度テストを行う（{p}）"),
                    resources: "人事部1名、eラーニングシステム（年額30万円）".into(),
                    responsible: "佐藤 花子（人事部）".into(),
                    deadline: Some(period.last_day()),
                    deadline_text: None,
                    evaluation_method: "テスト結果を集計し、95点以上の割合で評価する".into(),
                    months: (0..12).map(month_texts).collect(),
                    evaluation: String::new(),
                })
                .collect(),
        })
        .collect();
    ManagementTable {
        org_name: "株式会社ベンチマーク".into(),
        period,
        settings: RiskSettings::default(),
        month_labels,
        objectives,
        treatments: Vec::new(),
        risks: Vec::new(),
    }
}

/// Risks and treatments with their plans, through the store as forms save them.
async fn add_risks(store: &Store, org: i64, period: Period) {
    let actor = Actor::cli();
    let settings = RiskSettings::default();
    for n in 0..RISKS {
        let level = |k: usize| (1 + (n + k) % 3).to_string();
        let form = RiskForm {
            code: format!("R-{:03}", n + 1),
            asset: format!("顧客情報データベース {n}"),
            asset_owner: "情報システム部長".into(),
            threat: "不正アクセス".into(),
            vulnerability: "パッチ適用の遅れ".into(),
            inputs: RiskInputsForm {
                confidentiality: level(0),
                integrity: level(1),
                availability: level(2),
                threat_level: level(3),
                vulnerability_level: level(4),
                ..RiskInputsForm::default()
            },
            ..RiskForm::default()
        };
        let draft = RiskDraft::parse(&form, &settings).expect("a valid risk");
        let risk = store.create_risk(org, period.start_year(), &draft, &actor).await.expect("risk");
        if n % 2 == 1 {
            continue;
        }
        let form = TreatmentForm {
            option: "reduce".into(),
            controls: "A.5.17, A.8.24".into(),
            input: "リスクアセスメント結果".into(),
            target_residual: "4".into(),
            version: String::new(),
        };
        let draft = TreatmentDraft::parse(&form, &settings).expect("a valid treatment");
        let treatment = store.save_treatment(org, risk, None, &draft, &actor).await.expect("treatment");
        for p in 0..TREATMENT_PLANS {
            let form = PlanForm {
                actions: format!("脆弱性診断を実施し、指摘を是正する（{p}）"),
                resources: "情報システム部2名".into(),
                responsible_name: "鈴木 一郎".into(),
                deadline: period.last_day().to_string(),
                evaluation_method: "診断結果の指摘件数".into(),
                ..PlanForm::default()
            };
            let draft = PlanDraft::parse(&form).expect("a valid plan");
            let plan = store.create_plan(org, PlanParent::Treatment(treatment), &draft, &actor).await.expect("plan");
            let cells: Vec<MonthCell> = period
                .months()
                .iter()
                .enumerate()
                .map(|(m, month)| {
                    let (planned, result) = month_texts(m);
                    let done = !result.is_empty();
                    MonthCell {
                        month: *month,
                        planned: Some(planned),
                        result: done.then_some(result),
                        state: if done { MonthState::Done } else { MonthState::Planned },
                    }
                })
                .collect();
            store.save_months(org, plan, None, &cells, &actor).await.expect("months");
        }
    }
}

async fn new_org(store: &Store, name: &str) -> i64 {
    let draft = OrganizationDraft::with_defaults(name).expect("a valid name");
    store.create_organization(&draft, &Actor::cli()).await.expect("organization").id
}

async fn export(store: &Store, org: i64, year: i32, t: &Tr) -> Vec<u8> {
    let table = ManagementTable::load(store, org, year, t).await.expect("load").expect("the organization");
    ismo::xlsx::export::write(&table, t).expect("export")
}

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
    let generated = ismo::xlsx::export::write(&generated_table(period, &t), &t).expect("generated workbook");
    let (_, plans) = measure(&store, source, &generated, year, &who).await;
    assert_eq!(plans as i64, OBJECTIVES * PLANS_PER_OBJECTIVE);
    add_risks(&store, source, period).await;
    let bytes = export(&store, source, year, &t).await;
    println!(
        "generated {} objectives, {} plans, {RISKS} risks, {} treatments ({} plans) in {:.1} s; the export is {} KiB",
        OBJECTIVES,
        OBJECTIVES * PLANS_PER_OBJECTIVE,
        RISKS / 2,
        RISKS / 2 * TREATMENT_PLANS,
        started.elapsed().as_secs_f64(),
        bytes.len() / 1024
    );

    let mut fresh = Vec::new();
    for i in 0..3 {
        let org = new_org(&store, &format!("空の組織 {i}")).await;
        let (phases, plans) = measure(&store, org, &bytes, year, &who).await;
        assert_eq!(plans as i64, OBJECTIVES * PLANS_PER_OBJECTIVE + (RISKS / 2 * TREATMENT_PLANS) as i64);
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
