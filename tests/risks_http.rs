//! Risk assessment and treatment through the pages: scoring under both
//! methods and both comparisons, recomputation when the rules change, the
//! heat map, treatments with their controls and approvals, owners and their
//! own treatment plans, links with objectives, the risk treatment plan.

mod common;

use axum::http::StatusCode;
use common::TestApp;

/// The demo risk with this code.
async fn risk(app: &TestApp, code: &str) -> ismo::domain::risk::Risk {
    let period = ismo::domain::period::Period::containing(ismo::web::today(), 4).start_year();
    app.store.risks(1, period).await.unwrap().into_iter().find(|r| r.code == code).unwrap()
}

#[tokio::test]
async fn the_sample_risks_are_scored_asset_times_threat_times_vulnerability() {
    let app = TestApp::with_demo().await;
    // max(C3, I3, A2) = 3, threat 2, vulnerability 3.
    let r1 = risk(&app, "R-001").await;
    assert_eq!((r1.score, r1.needs_treatment), (Some(18), true));
    // R-004 sits at the criterion 12: treated with ">=".
    let r4 = risk(&app, "R-004").await;
    assert_eq!((r4.score, r4.needs_treatment), (Some(12), true));
    let r5 = risk(&app, "R-005").await;
    assert_eq!((r5.score, r5.needs_treatment), (Some(9), false));
    let list = app.get("/orgs/1/risks").await;
    list.shows(&["リスクアセスメント", "R-001", "顧客情報データベース", "R-007", "リスク受容基準: 12 以上"]);
    // Highest score first, or by id when asked.
    assert!(list.body.find(">R-005<").unwrap() < list.body.find(">R-006<").unwrap());
    assert!(list.body.find(">R-004<").unwrap() < list.body.find(">R-005<").unwrap());
    let by_code = app.get("/orgs/1/risks?sort=code").await;
    assert!(by_code.body.find(">R-003<").unwrap() < by_code.body.find(">R-004<").unwrap());
    assert!(by_code.body.find(">R-006<").unwrap() < by_code.body.find(">R-007<").unwrap());
    // The controls field suggests the Annex A ids.
    let r1 = risk(&app, "R-001").await;
    app.get(&format!("/orgs/1/risks/{}/treatment", r1.id)).await.shows(&["<datalist", "value=\"A.8.34\""]);
}

#[tokio::test]
async fn changing_the_criterion_recomputes_every_flag_and_is_recorded() {
    let app = TestApp::with_demo().await;
    let saved = app
        .post(
            "/orgs/1/risk-settings",
            &[("method", "asset_threat_vulnerability"), ("levels", "3"), ("criterion", "12"), ("comparison", "above")],
        )
        .await;
    assert_eq!(saved.status, StatusCode::SEE_OTHER, "{}", saved.body);
    assert!(!risk(&app, "R-004").await.needs_treatment, "12 is not above 12");
    assert!(risk(&app, "R-001").await.needs_treatment);
    assert_eq!(app.store.history(1, "risk_settings", 1).await.unwrap().len(), 1);
    // Likelihood × impact on five levels: the register has no such inputs yet, so no score.
    app.post(
        "/orgs/1/risk-settings",
        &[("method", "likelihood_x_impact"), ("levels", "5"), ("criterion", "15"), ("comparison", "at_or_above")],
    )
    .await;
    assert_eq!(risk(&app, "R-001").await.score, None);
    let period = ismo::domain::period::Period::containing(ismo::web::today(), 4).start_year().to_string();
    let created = app
        .post(
            "/orgs/1/risks",
            &[
                ("period", &period),
                ("code", "R-101"),
                ("asset", "給与システム"),
                ("threat", "障害"),
                ("vulnerability", "冗長化なし"),
                ("likelihood", "3"),
                ("impact", "５"),
            ],
        )
        .await;
    assert_eq!(created.status, StatusCode::SEE_OTHER, "{}", created.body);
    let r = risk(&app, "R-101").await;
    assert_eq!((r.score, r.needs_treatment), (Some(15), true));
    // A criterion beyond the method's largest score is refused, and nothing changes.
    let refused = app
        .post("/orgs/1/risk-settings", &[("method", "likelihood_x_impact"), ("levels", "3"), ("criterion", "10")])
        .await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(risk(&app, "R-101").await.score, Some(15));
    // Only admins change the rules.
    app.login("manager@ismo.local", "demo").await;
    assert_eq!(app.get("/orgs/1/risk-settings").await.status, StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn the_heat_map_counts_the_risks_of_each_cell_and_filters_the_list() {
    let app = TestApp::with_demo().await;
    let page = app.get("/orgs/1/risks").await;
    // Threat × vulnerability 6 with asset value 3.
    for (x, y, count) in [(6, 3, 2), (6, 2, 1), (4, 3, 1), (3, 3, 1), (4, 2, 1), (1, 2, 1), (9, 3, 0)] {
        let cell = format!("data-x=\"{x}\" data-y=\"{y}\" data-count=\"{count}\"");
        assert!(page.body.contains(&cell), "cell ({x}, {y}) should count {count}");
    }
    let filtered = app.get("/orgs/1/risks?x=6&y=3").await;
    assert!(filtered.body.contains(">R-001<") && filtered.body.contains(">R-002<"));
    assert!(!filtered.body.contains(">R-003<") && !filtered.body.contains(">R-004<"));
    let needing = app.get("/orgs/1/risks?needs=1").await;
    assert!(needing.body.contains(">R-004<") && !needing.body.contains(">R-005<"));
}

#[tokio::test]
async fn a_changed_treatment_needs_approval_again() {
    let app = TestApp::with_demo().await;
    let r1 = risk(&app, "R-001").await;
    let treatment = app.store.treatment(1, r1.id).await.unwrap().unwrap();
    assert!(treatment.approved(), "the demo treatment is approved");
    // Annex A ids of the 2013 edition are refused with a hint.
    let version = treatment.version.to_string();
    let old = app
        .post(
            &format!("/orgs/1/risks/{}/treatment", r1.id),
            &[("option", "reduce"), ("controls", "A.9.4"), ("version", &version)],
        )
        .await;
    assert_eq!(old.status, StatusCode::UNPROCESSABLE_ENTITY);
    old.shows(&["2013年版"]);
    let changed = app
        .post(
            &format!("/orgs/1/risks/{}/treatment", r1.id),
            &[
                ("option", "reduce"),
                ("controls", "a.5.17、A.8.5, A.8.2"),
                ("target_residual", "6"),
                ("version", &version),
            ],
        )
        .await;
    assert_eq!(changed.status, StatusCode::SEE_OTHER, "{}", changed.body);
    let after = app.store.treatment(1, r1.id).await.unwrap().unwrap();
    assert_eq!(after.controls, ["A.5.17", "A.8.5", "A.8.2"]);
    assert!(after.approval_stale && !after.approved());
    app.get(&format!("/orgs/1/risks/{}", r1.id)).await.shows(&["改めて承認してください"]);
    // The risk owner approves again.
    app.login("owner@ismo.local", "demo").await;
    let approved = app.post(&format!("/orgs/1/risks/{}/approve", r1.id), &[("plan", "on"), ("residual", "on")]).await;
    assert_eq!(approved.status, StatusCode::SEE_OTHER);
    let again = app.store.treatment(1, r1.id).await.unwrap().unwrap();
    assert!(again.approved());
    assert_eq!(again.plan_approval.unwrap().by, "鈴木 一郎（情報システム部）");
    // Someone who is not the risk owner cannot approve.
    app.login("auditor@ismo.local", "demo").await;
    assert_eq!(
        app.post(&format!("/orgs/1/risks/{}/approve", r1.id), &[("plan", "on")]).await.status,
        StatusCode::FORBIDDEN
    );
}

#[tokio::test]
async fn an_owner_updates_only_the_plans_of_treatments_that_name_them() {
    let app = TestApp::with_demo().await;
    let (r1, r3) = (risk(&app, "R-001").await, risk(&app, "R-003").await);
    let t1 = app.store.treatment(1, r1.id).await.unwrap().unwrap();
    let t3 = app.store.treatment(1, r3.id).await.unwrap().unwrap();
    let p1 = app.store.treatment_plans(1, t1.id).await.unwrap()[0].id;
    let p3 = app.store.treatment_plans(1, t3.id).await.unwrap()[0].id;
    let month = format!("{}-10", ismo::domain::period::Period::containing(ismo::web::today(), 4).start_year());
    app.login("owner@ismo.local", "demo").await;
    let own = app
        .post(
            &format!("/orgs/1/plans/{p1}/cell"),
            &[("month", &month), ("field", "result"), ("value", "100%確認"), ("was", "")],
        )
        .await;
    assert_eq!(own.status, StatusCode::OK, "{}", own.body);
    // R-003's plan names 田中 次郎, not the owner.
    let other = app
        .post(
            &format!("/orgs/1/plans/{p3}/cell"),
            &[("month", &month), ("field", "result"), ("value", "x"), ("was", "")],
        )
        .await;
    assert_eq!(other.status, StatusCode::FORBIDDEN);
    // The treatment plan's page numbers it after the risk.
    app.get(&format!("/orgs/1/plans/{p1}")).await.shows(&["計画 R-001", "100%確認"]);
}

#[tokio::test]
async fn objectives_and_risks_link_both_ways_and_the_treatment_plan_shows_the_gap() {
    let app = TestApp::with_demo().await;
    let r5 = risk(&app, "R-005").await;
    // The demo's incident objective takes mail misdelivery into account.
    app.get("/orgs/1/objectives/3").await.shows(&["R-005", "誤送信"]);
    app.get(&format!("/orgs/1/risks/{}", r5.id)).await.shows(&["情報セキュリティインシデントを削減する"]);
    let rtp = app.get("/orgs/1/risk-treatment-plan").await;
    rtp.shows(&[
        "リスク対応計画",
        "R-001",
        "A.5.17, A.8.5",
        "全ノートPCのディスク暗号化を行う",
        "移転・共有",
        "要対応なのにリスク対応がないリスク",
    ]);
    assert!(rtp.body.contains(">R-004</a>"), "R-004 is listed as untreated");
    // A foreign risk id in an objective form is refused.
    let forged =
        app.post("/orgs/1/objectives/3", &[("code", "3"), ("title", "t"), ("risks", "999"), ("version", "1")]).await;
    assert_eq!(forged.status, StatusCode::UNPROCESSABLE_ENTITY);
}

#[tokio::test]
async fn treatment_plans_are_evaluated_like_objectives_plans() {
    let app = TestApp::with_demo().await;
    let r2 = risk(&app, "R-002").await;
    let t2 = app.store.treatment(1, r2.id).await.unwrap().unwrap();
    let plan = app.store.treatment_plans(1, t2.id).await.unwrap()[0].id;
    let form = app.get(&format!("/orgs/1/plans/{plan}/evaluation")).await;
    form.shows(&["計画 R-002 の評価", "R-002 ノートPC（顧客情報を含む） / 紛失・盗難"]);
    let saved = app
        .post(
            &format!("/orgs/1/plans/{plan}/evaluation"),
            &[
                ("result", "partially_achieved"),
                ("measured_value", "暗号化率 75%"),
                ("evaluator", "鈴木 一郎"),
                ("evaluated_on", "2025/10/5"),
            ],
        )
        .await;
    assert_eq!(saved.status, StatusCode::SEE_OTHER, "{}", saved.body);
    app.get(&format!("/orgs/1/plans/{plan}")).await.shows(&["一部達成", "暗号化率 75%"]);
}
