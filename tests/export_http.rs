//! The workbook as people get it: downloaded from the web (auditors too) and
//! written by `ismo export`.

mod common;

use std::process::Command;

use axum::http::StatusCode;
use common::TestApp;

#[tokio::test]
async fn an_auditor_downloads_the_management_table() {
    let app = TestApp::with_demo().await;
    app.login("auditor@ismo.local", "demo").await;
    let list = app.get("/orgs/1/objectives").await;
    list.shows(&["/orgs/1/export.xlsx?period="]);
    let download = app.get("/orgs/1/export.xlsx").await;
    assert_eq!(download.status, StatusCode::OK);
    let kind = download.headers.get("content-type").unwrap().to_str().unwrap();
    assert_eq!(kind, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
    let disposition = download.headers.get("content-disposition").unwrap().to_str().unwrap();
    assert!(disposition.starts_with("attachment; filename=\"ismo-FY"), "{disposition}");
    // An .xlsx is a zip archive.
    assert!(download.body.as_bytes().starts_with(b"PK"));
    // Another organization's table does not exist for them.
    assert_eq!(app.get("/orgs/2/export.xlsx").await.status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn each_sheet_downloads_as_csv_that_japanese_excel_opens() {
    let app = TestApp::with_demo().await;
    let csv = app.get("/orgs/1/export.csv?sheet=objectives").await;
    assert_eq!(csv.status, StatusCode::OK);
    assert_eq!(csv.headers.get("content-type").unwrap(), "text/csv; charset=utf-8");
    assert!(csv.body.starts_with('\u{feff}'), "a byte-order mark first");
    let lines: Vec<&str> = csv.body.lines().collect();
    assert!(lines[3].starts_with("No.,インプット,情報セキュリティ目的,指標・目標値,実施事項"), "{}", lines[3]);
    // A merged cell's value stands on each row of its block; multi-line cells are quoted.
    let title = "ISMS認証（ISO/IEC 27001）を取得する";
    assert!(csv.body.matches(title).count() >= 2);
    assert!(csv.body.contains(",計画,キックオフ・外部打合せ,"));
    assert!(csv.body.contains(",実施結果,実施済（4/10 打合せ）,"));
    let assessment = app.get("/orgs/1/export.csv?sheet=assessment").await;
    assert!(assessment.body.contains("R-001,顧客情報データベース"));
    assert!(assessment.body.contains(",18,12,要"));
    assert_eq!(app.get("/orgs/1/export.csv?sheet=passwords").await.status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn ismo_export_writes_the_workbook_and_says_what_is_in_it() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("demo.db");
    let store = ismo::store::Store::open(&ismo::config::DbTarget::Sqlite(db.clone())).await.unwrap();
    ismo::demo::load(&store, ismo::web::today()).await.unwrap();
    drop(store);
    let file = dir.path().join("table.xlsx");
    let out = Command::new(env!("CARGO_BIN_EXE_ismo"))
        .args(["export", file.to_str().unwrap(), "--db", db.to_str().unwrap(), "--lang", "en"])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let said = String::from_utf8_lossy(&out.stdout);
    assert!(said.contains("3 objectives, 4 plans, 7 risks, 3 treatments"), "{said}");
    assert!(std::fs::read(&file).unwrap().starts_with(b"PK"));
    // An unknown organization is a clear error, and nothing is written.
    let other = dir.path().join("other.xlsx");
    let out = Command::new(env!("CARGO_BIN_EXE_ismo"))
        .args(["export", other.to_str().unwrap(), "--db", db.to_str().unwrap(), "--org", "存在しない会社"])
        .output()
        .unwrap();
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("no organization"));
    assert!(!other.exists());
}
