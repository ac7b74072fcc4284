//! The generated organizations the benchmarks share (`benches/import.rs`,
//! `benches/load.rs`): objectives with their plans as a management table to
//! import, and risks with treatments and their plans added through the store
//! as the forms save them. Every month of every plan has Japanese text, the
//! first six have results.

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
use ismo::xlsx::import::{ImportFailure, Importer, prepare};
use ismo::xlsx::model::{ManagementTable, ObjectiveBlock, PlanBlock};

/// How large a generated organization is.
#[derive(Debug, Clone, Copy)]
pub struct Shape {
    pub objectives: i64,
    pub plans_per_objective: i64,
    pub risks: usize,
    /// Every other risk (the 1st, 3rd, …) is treated, with this many plans.
    pub treatment_plans: usize,
}

impl Shape {
    /// The import benchmark's organization: 2,500 objectives × 4 plans and
    /// 200 risks, 100 of them treated with 2 plans each (10,200 plans).
    pub const LARGE: Shape = Shape { objectives: 2_500, plans_per_objective: 4, risks: 200, treatment_plans: 2 };

    pub fn objective_plans(&self) -> i64 {
        self.objectives * self.plans_per_objective
    }

    pub fn treated_risks(&self) -> usize {
        self.risks.div_ceil(2)
    }

    pub fn risk_plans(&self) -> usize {
        self.treated_risks() * self.treatment_plans
    }

    /// E.g. "2,500 objectives × 4 plans, 200 risks (100 treated, 200 plans)".
    pub fn describe(&self) -> String {
        format!(
            "{} objectives × {} plans, {} risks ({} treated, {} plans)",
            thousands(self.objectives as u64),
            self.plans_per_objective,
            self.risks,
            self.treated_risks(),
            self.risk_plans()
        )
    }
}

/// 12345 as "12,345".
pub fn thousands(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

pub fn month_texts(m: usize) -> (String, String) {
    (format!("月次作業 {m}：手順書の見直しと周知"), if m < 6 { "実施済（報告書提出）".into() } else { String::new() })
}

/// The objectives of the organization, as a workbook to import.
pub fn generated_table(shape: Shape, period: Period, t: &Tr) -> ManagementTable {
    let month_labels = period.months().iter().map(|m| t.month(m)).collect();
    let objectives = (1..=shape.objectives)
        .map(|o| ObjectiveBlock {
            id: o,
            code: o.to_string(),
            input: "マネジメントレビュー（2025年3月）経営者の指示".into(),
            title: format!("情報セキュリティ目的 {o}：従業員の意識を向上させる"),
            indicators: "情報セキュリティテスト平均 95点以上".into(),
            plans: (1..=shape.plans_per_objective)
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
pub async fn add_risks(store: &Store, org: i64, period: Period, shape: Shape) {
    let actor = Actor::cli();
    let settings = RiskSettings::default();
    for n in 0..shape.risks {
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
        for p in 0..shape.treatment_plans {
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

pub async fn new_org(store: &Store, name: &str) -> i64 {
    let draft = OrganizationDraft::with_defaults(name).expect("a valid name");
    store.create_organization(&draft, &Actor::cli()).await.expect("organization").id
}

pub async fn export(store: &Store, org: i64, year: i32, t: &Tr) -> Vec<u8> {
    let table = ManagementTable::load(store, org, year, t).await.expect("load").expect("the organization");
    ismo::xlsx::export::write(&table, t).expect("export")
}

/// Prepares and applies an import, panicking with the first problems when the workbook is refused.
pub async fn import(store: &Store, org: i64, bytes: &[u8], year: i32, who: &Importer<'_>) {
    let changes = match prepare(store, org, bytes, Some(year), who).await {
        Ok(changes) => changes,
        Err(ImportFailure::Problems(problems)) => {
            let t = Tr::new(Lang::En);
            let first: Vec<String> = problems.iter().take(10).map(|p| p.message(&t)).collect();
            panic!("{} problems, e.g. {first:#?}", problems.len())
        }
        Err(e) => panic!("{e}"),
    };
    store.apply_import(org, &changes, &Actor::cli()).await.expect("apply");
}

/// The whole management table of a generated organization of `shape` in the
/// current period, as `ismo export` writes it: made in a database of its own
/// in `dir`, which is left there.
pub async fn workbook(shape: Shape, dir: &std::path::Path) -> Vec<u8> {
    let db = dir.join(format!("generate-{}.db", shape.objective_plans()));
    let store = Store::open(&DbTarget::parse(db.to_str().expect("a UTF-8 path"))).await.expect("store");
    let t = Tr::new(Lang::Ja);
    let today = chrono::Local::now().date_naive();
    // The current period: an ended one would be read-only.
    let period = Period::containing(today, 4);
    let year = period.start_year();
    let who = Importer { name: "ベンチ 太郎", user_id: None, admin: true, file: "management-table.xlsx", today };
    let org = new_org(&store, "株式会社ベンチマーク").await;
    let generated = ismo::xlsx::export::write(&generated_table(shape, period, &t), &t).expect("generated workbook");
    import(&store, org, &generated, year, &who).await;
    add_risks(&store, org, period, shape).await;
    let bytes = export(&store, org, year, &t).await;
    store.close().await;
    bytes
}
