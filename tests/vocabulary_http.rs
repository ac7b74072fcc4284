//! The sheet's vocabulary through the pages: the import preview lists how an
//! option or an input was read (an input of no known kind marked for a
//! check), and the forms take the same words.

mod common;

use axum::http::StatusCode;
use chrono::NaiveDate;

use common::TestApp;
use common::sheets::{sample_grids, set, text, workbook};
use ismo::domain::access::Role;
use ismo::domain::actor::Actor;
use ismo::domain::input::InputKind;
use ismo::domain::organization::OrganizationDraft;
use ismo::domain::risk::TreatmentOption;

#[tokio::test]
async fn the_preview_shows_how_options_and_inputs_were_read() {
    let app = TestApp::with_demo_on(NaiveDate::from_ymd_opt(2025, 11, 15).unwrap()).await;
    let actor = Actor::cli();
    let org = app.store.create_organization(&OrganizationDraft::with_defaults("取込株式会社").unwrap(), &actor).await;
    let org = org.unwrap().id;
    let (user, _) = app.store.user_by_email("manager@ismo.local").await.unwrap().unwrap();
    app.store.add_member(org, user.id, Role::Manager, &actor).await.unwrap();
    app.login("manager@ismo.local", "demo").await;

    let mut grids = sample_grids();
    set(&mut grids[1].1, "G5", text("軽減"));
    set(&mut grids[0].1, "B11", text("事故報告（2024年度 8件）\n前年度の課題"));
    let bytes = workbook(&grids);
    let preview =
        app.post_multipart(&format!("/orgs/{org}/import"), &[("period", "")], ("file", "管理表.xlsx", &bytes)).await;
    assert_eq!(preview.status, StatusCode::OK, "{}", preview.body);
    preview.shows(&[
        "シートの書き方をどう読んだか",
        "件は読み方に迷ったため",
        "<td class=\"code\">リスク対応計画!G5</td><td>軽減</td><td>対応方針</td><td>対応方針: 低減</td>",
        "<td class=\"code\">情報セキュリティ目的!B11</td><td>事故報告（2024年度 8件）</td><td>インプット</td><td>種類: インシデント</td>",
        "<td>前年度の課題</td><td>インプット</td><td><strong class=\"flag\">要確認</strong> 種類: その他</td>",
    ]);
    // The doubtful reading comes first.
    assert!(preview.body.find("前年度の課題").unwrap() < preview.body.find("軽減").unwrap());
}

#[tokio::test]
async fn the_forms_take_the_sheets_words() {
    let app = TestApp::with_demo().await;
    let form = app.get("/orgs/1/objectives/3/inputs/new").await;
    form.shows(&["<option value=\"\" selected>インプットの書き方から判断する</option>"]);
    for (kind, reference, expected) in [
        ("", "MR（2026年3月）議事録 4項", InputKind::ManagementReview),
        ("", "社長指示（朝礼）", InputKind::TopManagement),
        ("", "取引先の要請", InputKind::Other),
        ("顧客要求", "A社 セキュリティチェックシート", InputKind::Contract),
    ] {
        let saved = app.post("/orgs/1/objectives/3/inputs", &[("kind", kind), ("reference", reference)]).await;
        assert_eq!(saved.status, StatusCode::SEE_OTHER, "{}", saved.body);
        let inputs = app
            .store
            .inputs_of_period(1, ismo::domain::period::Period::containing(ismo::web::today(), 4).start_year())
            .await
            .unwrap();
        let input = inputs.iter().find(|i| i.reference == reference).unwrap();
        assert_eq!(input.kind, expected, "{reference}");
    }

    let period = ismo::domain::period::Period::containing(ismo::web::today(), 4).start_year();
    let r1 = app.store.risks(1, period).await.unwrap().into_iter().find(|r| r.code == "R-001").unwrap();
    let version = app.store.treatment(1, r1.id).await.unwrap().unwrap().version.to_string();
    let path = format!("/orgs/1/risks/{}/treatment", r1.id);
    let saved = app.post(&path, &[("option", "転嫁"), ("controls", "A.5.17"), ("version", &version)]).await;
    assert_eq!(saved.status, StatusCode::SEE_OTHER, "{}", saved.body);
    assert_eq!(app.store.treatment(1, r1.id).await.unwrap().unwrap().option, TreatmentOption::Transfer);
}
