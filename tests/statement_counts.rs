//! Database statements per page: the main pages run a fixed number of
//! statements, whatever the number of objectives, plans and risks — an N+1
//! query (one more statement per row) fails here before anyone waits for it.
//! The count is the `x-ismo-statements` header that the counting layer adds
//! when installed (in production: with debug logging).

mod common;

use axum::http::StatusCode;
use chrono::NaiveDate;
use common::TestApp;
use ismo::domain::actor::Actor;
use ismo::domain::month::parse_cells;
use ismo::domain::objective::{ObjectiveDraft, ObjectiveForm};
use ismo::domain::period::Period;
use ismo::domain::plan::{PlanDraft, PlanForm, PlanParent};
use ismo::domain::risk::{RiskDraft, RiskForm, TreatmentDraft, TreatmentForm};
use ismo::domain::risk_method::RiskInputsForm;

/// The demo's pages on a day in its fiscal year when some tasks are late.
fn mid_november() -> NaiveDate {
    NaiveDate::from_ymd_opt(2025, 11, 15).unwrap()
}

/// The main pages of an organization, as the secretariat opens them.
const PAGES: [&str; 10] = [
    "/orgs/1/dashboard",
    "/orgs/1/objectives",
    "/orgs/1/objectives/1",
    "/orgs/1/grid",
    "/orgs/1/risks",
    "/orgs/1/risk-treatment-plan",
    "/orgs/1/findings",
    "/orgs/1/this-month",
    "/orgs/1/late",
    "/orgs/1/review-report",
];

/// Adds `n` objectives of three plans each, with monthly tasks (late ones
/// among them) and the owner responsible for every other plan, and `n`
/// treated risks.
async fn grow(app: &TestApp, n: usize) {
    let actor = Actor::cli();
    let period = Period::new(2025, 4).unwrap();
    for i in 0..n {
        let form = ObjectiveForm { code: format!("{}", 10 + i), title: format!("目的 {i}"), ..Default::default() };
        let objective =
            app.store.create_objective(1, 2025, &ObjectiveDraft::parse(&form).unwrap(), &actor).await.unwrap();
        for p in 0..3 {
            let responsible = if p % 2 == 0 { "3".to_string() } else { String::new() };
            let plan_form = PlanForm {
                actions: format!("取組 {i}-{p}"),
                responsible_user_id: responsible,
                deadline: "2026-03-31".into(),
                ..Default::default()
            };
            let draft = PlanDraft::parse(&plan_form).unwrap();
            let plan = app.store.create_plan(1, PlanParent::Objective(objective), &draft, &actor).await.unwrap();
            let months =
                [("planned_2025-09".to_string(), "点検".to_string()), ("done_2025-09".into(), "実施済".into())];
            let october = [("planned_2025-10".to_string(), "棚卸し".to_string())];
            let cells = parse_cells(&period, &[&months[..], &october[..]].concat()).unwrap();
            app.store.save_months(1, plan, None, &cells, &actor).await.unwrap();
        }
    }
    let settings = app.store.organization(1).await.unwrap().unwrap().risk;
    for i in 0..n {
        let form = RiskForm {
            code: format!("R-{:03}", 100 + i),
            asset: format!("資産 {i}"),
            threat: "不正アクセス".into(),
            vulnerability: "パッチ適用の遅れ".into(),
            inputs: RiskInputsForm {
                confidentiality: "3".into(),
                integrity: "2".into(),
                availability: "2".into(),
                threat_level: "3".into(),
                vulnerability_level: "2".into(),
                ..RiskInputsForm::default()
            },
            ..RiskForm::default()
        };
        let risk = app.store.create_risk(1, 2025, &RiskDraft::parse(&form, &settings).unwrap(), &actor).await.unwrap();
        let form = TreatmentForm {
            option: "reduce".into(),
            controls: "A.5.17, A.8.24".into(),
            input: "リスクアセスメント結果".into(),
            target_residual: "4".into(),
            version: String::new(),
        };
        let draft = TreatmentDraft::parse(&form, &settings).unwrap();
        let treatment = app.store.save_treatment(1, risk, None, &draft, &actor).await.unwrap();
        let plan_form =
            PlanForm { actions: format!("脆弱性診断 {i}"), responsible_user_id: "3".into(), ..Default::default() };
        let draft = PlanDraft::parse(&plan_form).unwrap();
        app.store.create_plan(1, PlanParent::Treatment(treatment), &draft, &actor).await.unwrap();
    }
}

/// The statements each page ran, by path.
async fn counts(app: &TestApp) -> Vec<(&'static str, usize)> {
    let mut out = Vec::new();
    for path in PAGES {
        // Once to fill the caches (the navigation's finding counts), then counted.
        app.get(path).await;
        let page = app.get(path).await;
        assert_eq!(page.status, StatusCode::OK, "{path}");
        let n = page.headers.get(ismo::web::statement_count::HEADER).unwrap_or_else(|| panic!("{path}: no count"));
        out.push((path, n.to_str().unwrap().parse().unwrap()));
    }
    out
}

#[tokio::test]
async fn the_main_pages_run_no_more_statements_for_thirty_more_objectives_and_risks() {
    common::count_statements();
    let app = TestApp::with_demo_on(mid_november()).await;
    let small = counts(&app).await;
    grow(&app, 30).await;
    let large = counts(&app).await;
    for ((path, before), (_, after)) in small.iter().zip(&large) {
        // A little leeway: the pool opening a connection mid-request runs
        // that connection's setup statements. One statement per row would
        // add thirty.
        let (before, after) = (*before, *after);
        assert!(
            after <= before + 3,
            "{path}: {before} statements with 3 objectives and 7 risks, {after} with 33 and 37"
        );
        assert!(after <= 30, "{path}: {after} statements");
    }
}
