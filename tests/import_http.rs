//! Importing the management table through the web: upload, preview (nothing
//! written), confirm; who may, whose upload it is, and refusals.

mod common;

use axum::http::StatusCode;
use chrono::NaiveDate;

use common::{Answer, TestApp};
use ismo::domain::access::Role;
use ismo::domain::actor::Actor;
use ismo::domain::organization::OrganizationDraft;
use ismo::i18n::{Lang, Tr};
use ismo::store::{ObjectiveFilter, ObjectiveSort, Store};
use ismo::xlsx::model::ManagementTable;

const SAMPLE: &[u8] = include_bytes!("fixtures/management-table.xlsx");

/// The demo in fiscal 2025 (the sample's year), seen in November 2025.
async fn app() -> TestApp {
    TestApp::with_demo_on(NaiveDate::from_ymd_opt(2025, 11, 15).unwrap()).await
}

/// A new, empty organization whose manager and auditor are the demo's.
async fn empty_org(store: &Store) -> i64 {
    let actor = Actor::cli();
    let org = store.create_organization(&OrganizationDraft::with_defaults("取込株式会社").unwrap(), &actor).await;
    let org = org.unwrap().id;
    for (role, email) in [(Role::Manager, "manager@ismo.local"), (Role::Auditor, "auditor@ismo.local")] {
        let (user, _) = store.user_by_email(email).await.unwrap().unwrap();
        store.add_member(org, user.id, role, &actor).await.unwrap();
    }
    org
}

async fn objective_count(store: &Store, org: i64, year: i32) -> usize {
    store.objectives(org, year, &ObjectiveFilter::default(), ObjectiveSort::Code).await.unwrap().len()
}

async fn upload(app: &TestApp, org: i64, bytes: &[u8], period: &str) -> Answer {
    app.post_multipart(&format!("/orgs/{org}/import"), &[("period", period)], ("file", "管理表.xlsx", bytes)).await
}

/// The confirm form's action of a preview.
fn confirm_path(preview: &Answer) -> String {
    let end = preview.body.find("/confirm\"").unwrap_or_else(|| panic!("no confirm form:\n{}", preview.body));
    let begin = preview.body[..end].rfind('"').unwrap() + 1;
    format!("{}/confirm", &preview.body[begin..end])
}

#[tokio::test]
async fn a_manager_previews_then_confirms_the_sample() {
    let app = app().await;
    let org = empty_org(&app.store).await;
    app.login("manager@ismo.local", "demo").await;
    let list = app.get(&format!("/orgs/{org}/objectives")).await;
    list.shows(&[&format!("href=\"/orgs/{org}/import\""), "Excel から取り込む"]);

    let form = app.get(&format!("/orgs/{org}/import")).await;
    assert_eq!(form.status, StatusCode::OK);
    form.shows(&["accept=\".xlsx\"", "ブックの対象期間のとおり", "<option value=\"2024\">", "何も書き込まれません"]);

    let preview = upload(&app, org, SAMPLE, "").await;
    assert_eq!(preview.status, StatusCode::OK, "{}", preview.body);
    preview.shows(&[
        "管理表.xlsx",
        "2025年度",
        "<th scope=\"row\">追加</th><td>3</td><td>7</td><td>7</td><td>3</td>",
        "<th scope=\"row\">変更</th><td>0</td><td>0</td><td>0</td><td>0</td>",
        "追加されるもの",
        "R-001",
        "2-2",
        "R-003 の計画",
        "シートに無い記録は変更も削除もされず",
        // How the indicator cells were read, before anything is written.
        "シートの書き方をどう読んだか",
        "<td class=\"code\">情報セキュリティ目的!D11</td><td>インシデント件数 前年度比50%削減（4件以下）</td>",
        "指標: インシデント件数 · 目標値: 4 件 · 評価の向き: 目標値以下（低いほど良い） · 現状値: 8",
        "指標: 認証登録 · 達成期日: 2026-02-28 · 評価の向き: 期日までに達成",
    ]);
    assert!(!preview.body.contains("変更されるもの"), "nothing is changed");
    assert_eq!(objective_count(&app.store, org, 2025).await, 0, "a preview writes nothing");
    assert!(app.store.risks(org, 2025).await.unwrap().is_empty());

    let confirmed = app.post(&confirm_path(&preview), &[("preview", &preview.hidden("preview"))]).await;
    assert_eq!(confirmed.status, StatusCode::SEE_OTHER, "{}", confirmed.body);
    assert_eq!(confirmed.location(), format!("/orgs/{org}/objectives?period=2025&imported=1"));
    app.get(confirmed.location())
        .await
        .shows(&["Excel の管理表を取り込みました。", "ISMS認証（ISO/IEC 27001）を取得する"]);
    assert_eq!(objective_count(&app.store, org, 2025).await, 3);
    assert_eq!(app.store.risks(org, 2025).await.unwrap().len(), 7);
    assert_eq!(app.store.treatments_of_period(org, 2025).await.unwrap().len(), 3);
    app.get(&format!("/orgs/{org}/objectives/{}", first_objective(&app.store, org).await))
        .await
        .shows(&["manager@ismo.local"]);
    assert!(app.store.verify_audit().await.unwrap().is_ok());

    // The upload is gone with its import.
    let again = app.post(&confirm_path(&preview), &[("preview", &preview.hidden("preview"))]).await;
    assert_eq!(again.status, StatusCode::NOT_FOUND);
}

async fn first_objective(store: &Store, org: i64) -> i64 {
    store.objectives(org, 2025, &ObjectiveFilter::default(), ObjectiveSort::Code).await.unwrap()[0].id
}

#[tokio::test]
async fn an_auditor_may_not_import() {
    let app = app().await;
    let org = empty_org(&app.store).await;
    app.login("manager@ismo.local", "demo").await;
    let preview = upload(&app, org, SAMPLE, "").await;
    let confirm = confirm_path(&preview);
    app.login("auditor@ismo.local", "demo").await;
    assert!(!app.get(&format!("/orgs/{org}/objectives")).await.body.contains("/import\""), "no import link");
    assert_eq!(app.get(&format!("/orgs/{org}/import")).await.status, StatusCode::FORBIDDEN);
    assert_eq!(upload(&app, org, SAMPLE, "").await.status, StatusCode::FORBIDDEN);
    let refused = app.post(&confirm, &[("preview", &preview.hidden("preview"))]).await;
    assert_eq!(refused.status, StatusCode::FORBIDDEN);
    assert_eq!(objective_count(&app.store, org, 2025).await, 0);
}

#[tokio::test]
async fn an_upload_is_confirmed_only_by_its_uploader_in_its_organization() {
    let app = app().await;
    let org = empty_org(&app.store).await;
    // The demo admin's upload in the demo organization, confirmed through the other one.
    let (admin, _) = app.store.user_by_email("demo@ismo.local").await.unwrap().unwrap();
    app.store.add_member(org, admin.id, Role::Admin, &Actor::cli()).await.unwrap();
    let foreign = app.store.save_upload(1, admin.id, "x.xlsx", SAMPLE, None).await.unwrap();
    let answer = app.post(&format!("/orgs/{org}/import/{foreign}/confirm"), &[("preview", "")]).await;
    assert_eq!(answer.status, StatusCode::NOT_FOUND);
    // The manager's upload, confirmed by the admin of the same organization.
    app.login("manager@ismo.local", "demo").await;
    let preview = upload(&app, org, SAMPLE, "").await;
    app.login("demo@ismo.local", "demo").await;
    let answer = app.post(&confirm_path(&preview), &[("preview", &preview.hidden("preview"))]).await;
    assert_eq!(answer.status, StatusCode::NOT_FOUND);
    assert_eq!(objective_count(&app.store, org, 2025).await, 0);
    assert!(app.store.risks(1, 2025).await.unwrap().len() == 7, "the demo's risks, untouched");
}

#[tokio::test]
async fn a_file_that_is_not_a_workbook_is_refused_on_the_form() {
    let app = app().await;
    let org = empty_org(&app.store).await;
    app.login("manager@ismo.local", "demo").await;
    let entries = app.store.verify_audit().await.unwrap().unwrap();
    // Larger than a form may be, well within an upload's limit.
    let garbage = vec![b'x'; 300 * 1024];
    let answer = upload(&app, org, &garbage, "2025").await;
    assert_eq!(answer.status, StatusCode::UNPROCESSABLE_ENTITY);
    answer.shows(&[
        "「管理表.xlsx」は取り込めません",
        "Excel ブック（.xlsx）として読めません",
        "<option value=\"2025\" selected>",
        "type=\"file\"",
    ]);
    assert!(!answer.body.contains("/confirm"));
    assert_eq!(objective_count(&app.store, org, 2025).await, 0);
    assert_eq!(app.store.verify_audit().await.unwrap().unwrap(), entries, "nothing written");
    // No file at all.
    let answer = upload(&app, org, b"", "").await;
    assert_eq!(answer.status, StatusCode::UNPROCESSABLE_ENTITY);
    answer.shows(&["ファイルが選ばれていません"]);
}

#[tokio::test]
async fn an_upload_over_the_limit_is_refused() {
    let app = app().await;
    app.login("manager@ismo.local", "demo").await;
    let huge = vec![0u8; 20 * 1024 * 1024 + 1];
    let answer = upload(&app, 1, &huge, "").await;
    assert_eq!(answer.status, StatusCode::PAYLOAD_TOO_LARGE);
    answer.shows(&["送信内容が大きすぎます"]);
    // Sent without a length (chunked): cut off while reading.
    let mut body = b"--b\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.xlsx\"\r\n\r\n".to_vec();
    body.extend_from_slice(&huge);
    body.extend_from_slice(b"\r\n--b--\r\n");
    let request = axum::http::Request::post("/orgs/1/import")
        .header("content-type", "multipart/form-data; boundary=b")
        .header("sec-fetch-site", "same-origin")
        .body(axum::body::Body::from(body))
        .unwrap();
    let answer = app.send(request).await;
    assert_eq!(answer.status, StatusCode::PAYLOAD_TOO_LARGE);
    answer.shows(&["送信内容が大きすぎます"]);
    assert_eq!(objective_count(&app.store, 1, 2025).await, 3);
}

#[tokio::test]
async fn an_unedited_export_has_nothing_to_import() {
    let app = app().await;
    let t = Tr::new(Lang::Ja);
    let table = ManagementTable::load(&app.store, 1, 2025, &t).await.unwrap().unwrap();
    let bytes = ismo::xlsx::export::write(&table, &t).unwrap();
    let answer = upload(&app, 1, &bytes, "").await;
    assert_eq!(answer.status, StatusCode::OK, "{}", answer.body);
    answer.shows(&[
        "取り込むものはありません",
        "<th scope=\"row\">変更なし</th><td>3</td><td>7</td><td>7</td><td>3</td>",
        "別のファイルを選ぶ",
    ]);
    assert!(!answer.body.contains("/confirm"), "no confirm button");
    assert!(!answer.body.contains("name=\"preview\""));
}

#[tokio::test]
async fn records_changed_after_the_preview_are_shown_again_before_anything_is_written() {
    let app = app().await;
    let org = empty_org(&app.store).await;
    app.login("manager@ismo.local", "demo").await;
    let preview = upload(&app, org, SAMPLE, "").await;
    let confirm = confirm_path(&preview);
    // A confirmation of another preview (a stale or forged one) is not applied.
    let stale = app.post(&confirm, &[("preview", "0")]).await;
    assert_eq!(stale.status, StatusCode::CONFLICT);
    stale.shows(&["他の人が記録を変更しました", "<th scope=\"row\">追加</th><td>3</td><td>7</td><td>7</td><td>3</td>"]);
    assert_eq!(objective_count(&app.store, org, 2025).await, 0);
    // Meanwhile someone imports the same workbook: now there is nothing left to do.
    let who = ismo::xlsx::import::Importer {
        name: "他の人",
        user_id: None,
        admin: true,
        file: "management-table.xlsx",
        today: NaiveDate::from_ymd_opt(2025, 11, 15).unwrap(),
    };
    ismo::xlsx::import::import(&app.store, org, SAMPLE, None, &who, &Actor::cli()).await.unwrap();
    let late = app.post(&confirm, &[("preview", &stale.hidden("preview"))]).await;
    assert_eq!(late.status, StatusCode::CONFLICT);
    late.shows(&["他の人が記録を変更しました", "取り込むものはありません"]);
    assert!(!late.body.contains("name=\"preview\""), "no confirm button");
    assert_eq!(objective_count(&app.store, org, 2025).await, 3, "imported once");
    assert_eq!(app.post(&confirm, &[("preview", "")]).await.status, StatusCode::NOT_FOUND, "the upload is gone");
}
