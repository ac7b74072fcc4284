//! Round trip on generated data: export → import into an empty organization
//! → export gives the same workbook content, and export → import into the
//! same organization changes nothing.

mod common;

use chrono::NaiveDate;
use proptest::prelude::*;

use common::TestApp;
use ismo::domain::actor::Actor;
use ismo::domain::evaluation::{EvaluationDraft, EvaluationForm};
use ismo::domain::indicator::{Direction, Frequency, IndicatorDraft, IndicatorForm};
use ismo::domain::input::{InputDraft, InputForm, InputKind};
use ismo::domain::month::{MonthCell, MonthState};
use ismo::domain::objective::{ObjectiveDraft, ObjectiveForm};
use ismo::domain::organization::OrganizationDraft;
use ismo::domain::period::Period;
use ismo::domain::plan::{PlanDraft, PlanForm, PlanParent};
use ismo::domain::risk::{RiskDraft, RiskForm, TreatmentDraft, TreatmentForm};
use ismo::domain::risk_level_words::LevelStyle;
use ismo::domain::risk_method::{RiskInputsForm, RiskSettings};
use ismo::i18n::{Lang, Tr};
use ismo::store::Store;
use ismo::xlsx::export::write;
use ismo::xlsx::import::{Importer, import, prepare};
use ismo::xlsx::model::ManagementTable;
use ismo::xlsx::read::read_workbook;

const YEAR: i32 = 2025;

#[derive(Debug, Clone)]
struct GenPlan {
    actions: String,
    resources: String,
    responsible: String,
    /// Days after the period's start, or words that name no date (`通年`).
    deadline: Option<Result<u32, &'static str>>,
    evaluation_method: String,
    /// (planned, result, state) of each month.
    months: Vec<(String, String, MonthState)>,
    evaluation: Option<(usize, String)>,
}

#[derive(Debug, Clone)]
struct GenObjective {
    title: String,
    inputs: Vec<(usize, String)>,
    indicators: Vec<GenIndicator>,
    plans: Vec<GenPlan>,
}

#[derive(Debug, Clone)]
struct GenRisk {
    asset: String,
    owner: String,
    threat: String,
    vulnerability: String,
    levels: [u8; 5],
    treatment: Option<(usize, Vec<GenPlan>, bool)>,
}

/// An indicator in every target form the sheet's wording has.
#[derive(Debug, Clone)]
struct GenIndicator {
    name: String,
    target: Option<f64>,
    unit: &'static str,
    direction: Direction,
    baseline: Option<u32>,
    frequency: Frequency,
    /// Days after 2025-04-01 a milestone is due.
    due: u32,
}

fn indicator() -> impl Strategy<Value = GenIndicator> {
    // Names without digits: a name ending in `100%` is a target in the sheet.
    let word = prop::sample::select(vec![
        "情報",
        "セキュリティ",
        "教育",
        "訓練",
        "山田 太郎",
        "eラーニング",
        "審査",
        "review",
        "資産",
        "「規程」",
        "月次報告",
        "・",
        "暗号化",
        "（全社）",
    ]);
    (
        prop::collection::vec(word, 1..4).prop_map(|w| w.concat()),
        prop::option::of((0u32..20_000, 0i32..3)),
        prop::sample::select(vec!["", "%", "件", "点", "時間", "points"]),
        prop::sample::select(Direction::ALL.to_vec()),
        prop::option::of(0u32..500),
        prop::sample::select(Frequency::ALL.to_vec()),
        0u32..700,
    )
        .prop_map(|(name, target, unit, direction, baseline, frequency, due)| GenIndicator {
            name,
            target: target.map(|(n, d)| f64::from(n) / 10f64.powi(d)),
            unit,
            direction,
            baseline,
            frequency,
            due,
        })
}

/// Free text as people type it: Japanese, ASCII, full-width brackets and
/// spaces inside, never blank at the ends.
fn words() -> impl Strategy<Value = String> {
    let word = prop::sample::select(vec![
        "情報",
        "セキュリティ",
        "教育",
        "訓練",
        "（年2回）",
        "山田 太郎",
        "A.8.24",
        "95点",
        "eラーニング",
        "100%",
        "審査",
        "review",
        "資産",
        "「規程」",
        "月次報告",
        "R8",
        "・",
        "暗号化",
    ]);
    prop::collection::vec(word, 1..5).prop_map(|w| w.concat())
}

fn optional_words() -> impl Strategy<Value = String> {
    prop_oneof![Just(String::new()), words()]
}

/// A month's result as people write it, whatever state a person then set on it.
fn result_words() -> impl Strategy<Value = String> {
    let worded = prop::sample::select(vec![
        "未実施",
        "一部遅れ（規程2件未完）",
        "延期（10月へ）",
        "○",
        "×",
        "実施済",
        "Not done",
        "ー",
        "△",
        "途中",
    ]);
    prop_oneof![Just(String::new()), words(), worded.prop_map(String::from)]
}

fn plan() -> impl Strategy<Value = GenPlan> {
    (
        words(),
        optional_words(),
        optional_words(),
        prop::option::of(prop_oneof![
            (0u32..365).prop_map(Ok),
            prop::sample::select(vec!["通年", "随時", "毎月実施", "ongoing", "ＴＢＤ"]).prop_map(Err),
        ]),
        optional_words(),
        prop::collection::vec((optional_words(), result_words(), prop::sample::select(MonthState::ALL.to_vec())), 12),
        prop::option::of((0usize..3, optional_words())),
    )
        .prop_map(|(actions, resources, responsible, deadline, evaluation_method, months, evaluation)| GenPlan {
            actions,
            resources,
            responsible,
            deadline,
            evaluation_method,
            months,
            evaluation,
        })
}

fn objective() -> impl Strategy<Value = GenObjective> {
    (
        words(),
        prop::collection::vec((0usize..10, words()), 0..3),
        prop::collection::vec(indicator(), 0..3),
        prop::collection::vec(plan(), 0..3),
    )
        .prop_map(|(title, inputs, indicators, plans)| GenObjective { title, inputs, indicators, plans })
}

fn risk() -> impl Strategy<Value = GenRisk> {
    (
        words(),
        optional_words(),
        words(),
        words(),
        prop::array::uniform5(1u8..=3),
        prop::option::of((0usize..4, prop::collection::vec(plan(), 1..3), any::<bool>())),
    )
        .prop_map(|(asset, owner, threat, vulnerability, levels, treatment)| GenRisk {
            asset,
            owner,
            threat,
            vulnerability,
            levels,
            treatment,
        })
}

async fn add_plan(store: &Store, org: i64, parent: PlanParent, p: &GenPlan) {
    let actor = Actor::cli();
    let start = NaiveDate::from_ymd_opt(YEAR, 4, 1).unwrap();
    let form = PlanForm {
        actions: p.actions.clone(),
        resources: p.resources.clone(),
        responsible_name: p.responsible.clone(),
        deadline: match p.deadline {
            Some(Ok(days)) => (start + chrono::Days::new(days.into())).to_string(),
            Some(Err(words)) => words.to_string(),
            None => String::new(),
        },
        evaluation_method: p.evaluation_method.clone(),
        ..PlanForm::default()
    };
    let period = Period::new(YEAR, 4).unwrap();
    let id = store.create_plan(org, parent, &PlanDraft::parse_in(&form, period).unwrap(), &actor).await.unwrap();
    let months = period.months();
    let opt = |s: &String| (!s.is_empty()).then(|| s.clone());
    let cells: Vec<MonthCell> = months
        .iter()
        .zip(&p.months)
        .map(|(m, (planned, result, state))| MonthCell {
            month: *m,
            planned: opt(planned),
            result: opt(result),
            state: *state,
        })
        .collect();
    store.save_months(org, id, None, &cells, &actor).await.unwrap();
    if let Some((result, value)) = &p.evaluation {
        let form = EvaluationForm {
            result: ["achieved", "partially_achieved", "not_achieved"][*result].into(),
            measured_value: value.clone(),
            evaluator: "評価 花子".into(),
            evaluated_on: "2026-03-31".into(),
            ..EvaluationForm::default()
        };
        store.save_evaluation(org, "plan", id, None, &EvaluationDraft::parse(&form).unwrap(), &actor).await.unwrap();
    }
}

async fn fill(store: &Store, org: i64, objectives: &[GenObjective], risks: &[GenRisk]) {
    let actor = Actor::cli();
    for (n, o) in objectives.iter().enumerate() {
        let form = ObjectiveForm { code: (n + 1).to_string(), title: o.title.clone(), ..ObjectiveForm::default() };
        let id = store.create_objective(org, YEAR, &ObjectiveDraft::parse(&form).unwrap(), &actor).await.unwrap();
        for (kind, reference) in &o.inputs {
            let form = InputForm {
                kind: InputKind::ALL[*kind].as_str().into(),
                reference: reference.clone(),
                ..InputForm::default()
            };
            store.create_input(org, id, &InputDraft::parse(&form).unwrap(), &actor).await.unwrap();
        }
        for i in &o.indicators {
            let milestone = i.direction == Direction::Milestone;
            let due = NaiveDate::from_ymd_opt(2025, 4, 1).unwrap() + chrono::Days::new(u64::from(i.due));
            let form = IndicatorForm {
                name: i.name.clone(),
                unit: if milestone { String::new() } else { i.unit.to_string() },
                direction: i.direction.as_str().into(),
                target: i.target.map(|t| t.to_string()).unwrap_or_default(),
                baseline: i
                    .baseline
                    .filter(|_| i.target.is_some() && !milestone)
                    .map(|b| b.to_string())
                    .unwrap_or_default(),
                frequency: i.frequency.as_str().into(),
                target_date: if milestone { due.to_string() } else { String::new() },
                ..IndicatorForm::default()
            };
            store.create_indicator(org, id, &IndicatorDraft::parse(&form).unwrap(), &actor).await.unwrap();
        }
        for p in &o.plans {
            add_plan(store, org, PlanParent::Objective(id), p).await;
        }
    }
    let settings = RiskSettings::default();
    for (n, r) in risks.iter().enumerate() {
        let l = |i: usize| r.levels[i].to_string();
        let form = RiskForm {
            code: format!("R-{:03}", n + 1),
            asset: r.asset.clone(),
            asset_owner: r.owner.clone(),
            threat: r.threat.clone(),
            vulnerability: r.vulnerability.clone(),
            inputs: RiskInputsForm {
                confidentiality: l(0),
                integrity: l(1),
                availability: l(2),
                threat_level: l(3),
                vulnerability_level: l(4),
                ..RiskInputsForm::default()
            },
            ..RiskForm::default()
        };
        let id = store.create_risk(org, YEAR, &RiskDraft::parse(&form, &settings).unwrap(), &actor).await.unwrap();
        if let Some((option, plans, approved)) = &r.treatment {
            let form = TreatmentForm {
                option: ["reduce", "avoid", "transfer", "accept"][*option].into(),
                controls: "A.5.17, A.8.24".into(),
                input: r.threat.clone(),
                target_residual: "4".into(),
                version: String::new(),
            };
            let draft = TreatmentDraft::parse(&form, &settings).unwrap();
            let treatment = store.save_treatment(org, id, None, &draft, &actor).await.unwrap();
            for p in plans {
                add_plan(store, org, PlanParent::Treatment(treatment), p).await;
            }
            if *approved {
                store.approve_treatment(org, id, true, true, "鈴木 一郎", &actor).await.unwrap();
            }
        }
    }
}

fn contents(bytes: &[u8]) -> Vec<(String, Vec<Vec<String>>)> {
    read_workbook(bytes)
        .unwrap()
        .into_iter()
        .filter(|s| s.name != "ismo")
        .map(|s| {
            let rows = (2..s.height()).map(|r| (0..s.width()).map(|c| s.get(r, c).as_text()).collect()).collect();
            (s.name.clone(), rows)
        })
        .collect()
}

async fn export(store: &Store, org: i64) -> Vec<u8> {
    let t = Tr::new(Lang::Ja);
    write(&ManagementTable::load(store, org, YEAR, &t).await.unwrap().unwrap(), &t).unwrap()
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 16, ..ProptestConfig::default() })]

    #[test]
    fn export_import_export_is_the_identity(
        objectives in prop::collection::vec(objective(), 0..4),
        risks in prop::collection::vec(risk(), 0..4),
        in_words in any::<bool>(),
    ) {
        let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
        runtime.block_on(async {
            let app = TestApp::new().await;
            let store = &app.store;
            let from = store.create_organization(&OrganizationDraft::with_defaults("元").unwrap(), &Actor::cli()).await.unwrap().id;
            let to = store.create_organization(&OrganizationDraft::with_defaults("先").unwrap(), &Actor::cli()).await.unwrap().id;
            fill(store, from, &objectives, &risks).await;
            if in_words {
                // Levels written 高・中・低 by both organizations.
                let words = RiskSettings { level_style: LevelStyle::Words, ..RiskSettings::default() };
                let scores: Vec<_> = store.risks(from, YEAR).await.unwrap().iter().map(|r| (r.id, r.score, r.needs_treatment)).collect();
                store.save_risk_settings(from, &words, &scores, &Actor::cli()).await.unwrap();
                store.save_risk_settings(to, &words, &[], &Actor::cli()).await.unwrap();
            }
            let first = export(store, from).await;
            let who = Importer { name: "取込 太郎", user_id: None, admin: true, file: "management-table.xlsx", today: NaiveDate::from_ymd_opt(2025, 11, 15).unwrap() };

            let same = prepare(store, from, &first, Some(YEAR), &who).await.unwrap();
            assert!(same.is_empty(), "re-importing an export changes nothing: {same:#?}");

            import(store, to, &first, Some(YEAR), &who, &Actor::cli()).await.unwrap();
            let second = export(store, to).await;
            assert_eq!(contents(&first), contents(&second));
        });
    }
}
