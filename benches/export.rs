//! Benchmark (not a test): writing a generated management table of 10,000
//! plans as .xlsx. Run with
//!     cargo bench --bench export
//! and for peak memory
//!     /usr/bin/time -v target/release/deps/export-* --bench
//! Results go in BENCHMARKS.md.

use std::time::Instant;

use chrono::NaiveDate;
use ismo::domain::period::Period;
use ismo::domain::risk_method::RiskSettings;
use ismo::i18n::{Lang, Tr};
use ismo::xlsx::model::{ManagementTable, ObjectiveBlock, PlanBlock};

/// 2,000 objectives of 5 plans each, every month with Japanese text.
fn table(t: &Tr) -> ManagementTable {
    let period = Period::new(2025, 4).unwrap();
    let month_labels: Vec<String> = period.months().iter().map(|m| t.month(m)).collect();
    let objectives = (1..=2000)
        .map(|o| ObjectiveBlock {
            id: o,
            code: o.to_string(),
            input: format!("マネジメントレビュー（2025年3月）議事録 {o}"),
            title: format!("情報セキュリティ目的 {o}：従業員の意識を向上させる"),
            indicators: "情報セキュリティテスト 95 点\n教育受講率 100 %".into(),
            plans: (1..=5)
                .map(|p| PlanBlock {
                    id: o * 10 + p,
                    number: if p == 1 { o.to_string() } else { format!("{o}-{p}") },
                    actions: "全従業員向けeラーニングを年2回実施し、理解度テストを行う".into(),
                    resources: "人事部1名、eラーニングシステム（年額30万円）".into(),
                    responsible: "佐藤 花子（人事部）".into(),
                    deadline: NaiveDate::from_ymd_opt(2026, 3, 31),
                    deadline_text: None,
                    evaluation_method: "テスト結果を集計し、95点以上の割合で評価する".into(),
                    months: (0..12)
                        .map(|m| (format!("月次作業 {m}"), if m < 6 { "実施済".into() } else { String::new() }))
                        .collect(),
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

fn main() {
    // `cargo test --all-targets` runs bench targets too (without `--bench`):
    // the measurement is for `cargo bench` only.
    if !std::env::args().any(|a| a == "--bench") {
        return;
    }
    let t = Tr::new(Lang::Ja);
    let started = Instant::now();
    let table = table(&t);
    let built = started.elapsed();
    let mut best = f64::MAX;
    let mut size = 0;
    for _ in 0..3 {
        let start = Instant::now();
        let bytes = ismo::xlsx::export::write(&table, &t).expect("export");
        best = best.min(start.elapsed().as_secs_f64());
        size = bytes.len();
    }
    let plans: usize = table.objectives.iter().map(|o| o.plans.len()).sum();
    println!("export of {plans} plans: best of 3 {best:.3} s, {} KiB (model built in {built:?})", size / 1024);
}
