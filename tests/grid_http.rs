//! The grid: pages of the whole period and of one person, and saving one
//! cell in place as grid.js does.

mod common;

use axum::http::StatusCode;
use common::{Answer, TestApp};

fn october() -> String {
    let p = ismo::domain::period::Period::containing(ismo::web::today(), 4).start_year();
    format!("{p}-10")
}

async fn save_cell(app: &TestApp, plan: i64, field: &str, value: &str, was: &str) -> Answer {
    let month = october();
    app.post(
        &format!("/orgs/1/plans/{plan}/cell"),
        &[("month", &month), ("field", field), ("value", value), ("was", was)],
    )
    .await
}

fn json(answer: &Answer) -> serde_json::Value {
    serde_json::from_str(&answer.body).unwrap_or_else(|_| panic!("not JSON: {}", answer.body))
}

#[tokio::test]
async fn a_cell_is_saved_in_place_and_answers_the_month_as_saved() {
    let app = TestApp::with_demo().await;
    // October of plan 1 plans the internal audit and has no result yet.
    let saved = save_cell(&app, 1, "result", "実施済（10/20 内部監査）", "").await;
    assert_eq!(saved.status, StatusCode::OK, "{}", saved.body);
    let month = json(&saved);
    assert_eq!(month["result"], "実施済（10/20 内部監査）");
    assert_eq!(month["planned"], "内部監査", "the other fields are kept");
    assert_eq!(month["state"], "done", "a written result marks the month done");
    let cells = app.store.months(1, 1).await.unwrap();
    let oct = cells.iter().find(|c| c.month.to_string() == october()).unwrap();
    assert_eq!(oct.result.as_deref(), Some("実施済（10/20 内部監査）"));
    // The state can be changed on its own; the history tells who did what.
    let partial = save_cell(&app, 1, "state", "partial", "done").await;
    assert_eq!(json(&partial)["state"], "partial");
    let page = app.get("/orgs/1/plans/1").await;
    page.shows(&["実施済（10/20 内部監査）", "demo@ismo.local", "一部実施"]);
}

#[tokio::test]
async fn a_cell_changed_by_someone_else_is_not_overwritten() {
    let app = TestApp::with_demo().await;
    assert_eq!(save_cell(&app, 1, "result", "先に入力", "").await.status, StatusCode::OK);
    // A page loaded before that save still believes the cell was empty.
    let late = save_cell(&app, 1, "result", "後から入力", "").await;
    assert_eq!(late.status, StatusCode::CONFLICT);
    assert!(json(&late)["error"].as_str().unwrap().contains("先に入力"));
    let cells = app.store.months(1, 1).await.unwrap();
    assert_eq!(cells.iter().find(|c| c.month.to_string() == october()).unwrap().result.as_deref(), Some("先に入力"));
}

#[tokio::test]
async fn bad_cells_are_refused_with_a_reason_and_change_nothing() {
    let app = TestApp::with_demo().await;
    let before = app.store.months(1, 1).await.unwrap();
    let bad_state = save_cell(&app, 1, "state", "burnt", "planned").await;
    assert_eq!(bad_state.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(json(&bad_state)["error"].as_str().unwrap().contains("一覧から選んでください"));
    let too_long = save_cell(&app, 1, "planned", &"長".repeat(501), "内部監査").await;
    assert_eq!(too_long.status, StatusCode::UNPROCESSABLE_ENTITY);
    let outside = app.post("/orgs/1/plans/1/cell", &[("month", "1999-04"), ("field", "result"), ("value", "x")]).await;
    assert_eq!(outside.status, StatusCode::UNPROCESSABLE_ENTITY);
    let field = app.post("/orgs/1/plans/1/cell", &[("month", &october()), ("field", "version"), ("value", "9")]).await;
    assert_eq!(field.status, StatusCode::BAD_REQUEST);
    assert_eq!(app.store.months(1, 1).await.unwrap(), before);
}

#[tokio::test]
async fn owners_edit_cells_of_their_own_plans_only() {
    let app = TestApp::with_demo().await;
    app.login("owner@ismo.local", "demo").await;
    assert_eq!(save_cell(&app, 4, "result", "0件", "").await.status, StatusCode::OK);
    assert_eq!(save_cell(&app, 1, "result", "勝手な記入", "").await.status, StatusCode::FORBIDDEN);
    app.login("auditor@ismo.local", "demo").await;
    assert_eq!(save_cell(&app, 4, "result", "監査員の記入", "0件").await.status, StatusCode::FORBIDDEN);
    // The owner's grid offers their plans' cells as inputs, and nobody else's.
    app.login("owner@ismo.local", "demo").await;
    let grid = app.get("/orgs/1/grid").await;
    assert!(grid.body.contains("data-plan=\"4\""));
    assert!(!grid.body.contains("data-plan=\"1\""), "plan 1 is the manager's");
}

#[tokio::test]
async fn the_grid_shows_the_period_or_one_person() {
    let app = TestApp::with_demo().await;
    let all = app.get("/orgs/1/grid").await;
    assert_eq!(all.status, StatusCode::OK);
    all.shows(&[
        "計画・実績表",
        "ISMS認証（ISO/IEC 27001）を取得する",
        "情報セキュリティインシデントを削減する",
        "2-2",
    ]);
    // Four plans of objectives and the three risk treatments' plans.
    assert_eq!(all.body.matches("class=\"plan-row\"").count(), 7);
    all.shows(&["R-001 顧客情報データベース / 不正アクセス", "全ノートPCのディスク暗号化を行う"]);
    // "My plans" is the grid of the plans that name the viewer.
    app.login("owner@ismo.local", "demo").await;
    let mine = app.get("/orgs/1/mine").await;
    assert_eq!(mine.status, StatusCode::SEE_OTHER);
    let mine = app.get(mine.location()).await;
    mine.shows(&["私の計画", "標的型メール訓練を実施する", "メール誤送信防止ツールの導入", "多要素認証"]);
    // Two plans of objectives and the treatment plans of.
    assert_eq!(mine.body.matches("class=\"plan-row\"").count(), 4);
}
