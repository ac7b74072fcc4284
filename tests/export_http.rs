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
