//! What a workbook may decide on import: an approval read from a sheet is
//! recorded as imported (by whom, from which file, when) and is the risk
//! owner's to confirm; the risk method and criterion are an admin's to change.

mod common;

use axum::http::StatusCode;
use chrono::NaiveDate;

use common::sheets::{Grid, export, text, workbook};
use common::{Answer, TestApp};
use ismo::domain::access::Role;
use ismo::domain::actor::Actor;
use ismo::domain::organization::OrganizationDraft;
use ismo::store::Store;
use ismo::xlsx::import::{ImportFailure, Importer, import};
use ismo::xlsx::read::read_workbook;

/// The demo in fiscal 2025, seen on 2025-11-15.
async fn app() -> TestApp {
    TestApp::with_demo_on(NaiveDate::from_ymd_opt(2025, 11, 15).unwrap()).await
}

async fn risk_id(store: &Store, code: &str) -> i64 {
    store.risks(1, 2025).await.unwrap().into_iter().find(|r| r.code == code).unwrap().id
}

async fn user_id(store: &Store, email: &str) -> i64 {
    store.user_by_email(email).await.unwrap().unwrap().0.id
}

/// The workbook with the risk owner's approval of `risk` written as `approval`.
fn with_approval(bytes: &[u8], risk: &str, approval: &str) -> Vec<u8> {
    let mut sheets: Vec<(String, Grid)> = read_workbook(bytes)
        .unwrap()
        .into_iter()
        .map(|s| {
            let rows = (0..s.height()).map(|r| (0..s.width()).map(|c| s.get(r, c).clone()).collect()).collect();
            (s.name.clone(), rows)
        })
        .collect();
    let (_, grid) = sheets.iter_mut().find(|(name, _)| name.starts_with("リスク対応計画")).unwrap();
    let column = grid
        .iter()
        .find_map(|row| row.iter().position(|c| c.as_text() == "リスク所有者承認"))
        .expect("an approval column");
    let mut edited = 0;
    for row in grid.iter_mut().filter(|row| row.iter().any(|c| c.as_text() == risk)) {
        row[column] = text(approval);
        edited += 1;
    }
    assert!(edited > 0, "no row of {risk}");
    workbook(&sheets)
}

async fn upload_and_confirm(app: &TestApp, bytes: &[u8]) -> Answer {
    let preview = app.post_multipart("/orgs/1/import", &[("period", "2025")], ("file", "管理表.xlsx", bytes)).await;
    assert_eq!(preview.status, StatusCode::OK, "{}", preview.body);
    let end = preview.body.find("/confirm\"").unwrap_or_else(|| panic!("no confirm form:\n{}", preview.body));
    let begin = preview.body[..end].rfind('"').unwrap() + 1;
    let confirm = format!("{}/confirm", &preview.body[begin..end]);
    app.post(&confirm, &[("preview", &preview.hidden("preview"))]).await
}

#[tokio::test]
async fn an_approval_from_a_workbook_is_shown_as_imported_and_left_to_the_risk_owner() {
    let app = app().await;
    let r1 = risk_id(&app.store, "R-001").await;
    app.login("manager@ismo.local", "demo").await;
    // The treatment changes in ismo after the owner approved it: the approval is stale.
    let version = app.store.treatment(1, r1).await.unwrap().unwrap().version.to_string();
    let changed = app
        .post(
            &format!("/orgs/1/risks/{r1}/treatment"),
            &[("option", "reduce"), ("controls", "A.5.17, A.8.5"), ("target_residual", "6"), ("version", &version)],
        )
        .await;
    assert_eq!(changed.status, StatusCode::SEE_OTHER, "{}", changed.body);

    // The secretariat's workbook says the owner approved again: that does not make it so.
    let bytes = with_approval(&export(&app.store, 1, 2025).await, "R-001", "鈴木 一郎 2025/11/10");
    let confirmed = upload_and_confirm(&app, &bytes).await;
    assert_eq!(confirmed.status, StatusCode::SEE_OTHER, "{}", confirmed.body);
    let t = app.store.treatment(1, r1).await.unwrap().unwrap();
    assert_eq!(t.plan_approval.as_ref().map(|a| (a.by.as_str(), &a.at[..10])), Some(("鈴木 一郎", "2025-11-10")));
    assert!(t.approval_stale, "only the risk owner clears a stale approval");
    let imported = t.imported_approval.as_ref().expect("recorded as imported");
    assert_eq!((imported.by.as_str(), imported.file.as_str()), ("山田 太郎（ISMS事務局長）", "管理表.xlsx"));

    let page = app.get(&format!("/orgs/1/risks/{r1}")).await;
    page.shows(&[
        "この承認は 山田 太郎（ISMS事務局長） が 管理表.xlsx から 2025/11/15 に取り込んだものです",
        "リスク所有者の確認を待っています",
        "改めて承認してください",
    ]);

    // The owner approves in ismo: their own approval, nothing imported any more.
    app.login("owner@ismo.local", "demo").await;
    let page = app.get(&format!("/orgs/1/risks/{r1}")).await;
    page.shows(&[&format!("action=\"/orgs/1/risks/{r1}/approve\"")]);
    let approved = app.post(&format!("/orgs/1/risks/{r1}/approve"), &[("plan", "on"), ("residual", "on")]).await;
    assert_eq!(approved.status, StatusCode::SEE_OTHER);
    let t = app.store.treatment(1, r1).await.unwrap().unwrap();
    assert!(t.approved() && t.imported_approval.is_none());
    assert!(!app.get(&format!("/orgs/1/risks/{r1}")).await.body.contains("取り込んだもの"));
    assert!(app.store.verify_audit().await.unwrap().is_ok());
}

#[tokio::test]
async fn the_readiness_check_asks_the_owner_to_confirm_an_imported_approval() {
    let app = app().await;
    let r2 = risk_id(&app.store, "R-002").await;
    app.login("manager@ismo.local", "demo").await;
    let bytes = with_approval(&export(&app.store, 1, 2025).await, "R-002", "鈴木 一郎 2025/11/12");
    assert_eq!(upload_and_confirm(&app, &bytes).await.status, StatusCode::SEE_OTHER);
    let t = app.store.treatment(1, r2).await.unwrap().unwrap();
    assert!(t.imported_approval.is_some());

    let findings = app.get("/orgs/1/findings?period=2025").await;
    findings.shows(&[
        "承認は 山田 太郎（ISMS事務局長） が 管理表.xlsx から 2025/11/15 に取り込んだもので、リスク所有者本人の承認ではありません",
    ]);
    let en = app.get_en("/orgs/1/findings?period=2025").await;
    en.shows(&["The approval was imported by 山田 太郎（ISMS事務局長） from 管理表.xlsx"]);
}

#[tokio::test]
async fn the_risk_owners_own_workbook_clears_a_stale_approval() {
    let app = app().await;
    let r1 = risk_id(&app.store, "R-001").await;
    let owner = user_id(&app.store, "owner@ismo.local").await;
    let stored = app.store.treatment(1, r1).await.unwrap().unwrap();
    let mut draft = ismo::domain::risk::TreatmentDraft::parse(
        &ismo::domain::risk::TreatmentForm {
            controls: "A.5.17".into(),
            ..ismo::domain::risk::TreatmentForm::from_treatment(&stored)
        },
        &app.store.organization(1).await.unwrap().unwrap().risk,
    )
    .unwrap();
    draft.input = Some("変更".into());
    app.store.save_treatment(1, r1, Some(stored.version), &draft, &Actor::cli()).await.unwrap();
    assert!(app.store.treatment(1, r1).await.unwrap().unwrap().approval_stale);

    let bytes = with_approval(&export(&app.store, 1, 2025).await, "R-001", "鈴木 一郎 2025/11/14");
    let who = Importer {
        name: "鈴木 一郎（情報システム部）",
        user_id: Some(owner),
        admin: false,
        file: "自分の管理表.xlsx",
        today: NaiveDate::from_ymd_opt(2025, 11, 15).unwrap(),
    };
    let actor = Actor::user(owner, "owner@ismo.local");
    import(&app.store, 1, &bytes, Some(2025), &who, &actor).await.unwrap_or_else(|e| panic!("{e}"));
    let t = app.store.treatment(1, r1).await.unwrap().unwrap();
    assert!(t.approved(), "the owner's own import approves");
    assert_eq!(t.imported_approval.map(|i| i.file), Some("自分の管理表.xlsx".to_string()));
    let facts = app.store.readiness_facts(1, 2025).await.unwrap();
    let found = ismo::domain::readiness::check(&facts, NaiveDate::from_ymd_opt(2025, 11, 15).unwrap());
    assert!(!found.iter().any(|f| f.record == "R-001" && f.rule.id() == "6.1.3-approve"), "{found:?}");
}

/// A new organization whose manager is the demo's manager and whose admin is the demo's admin.
async fn empty_org(store: &Store) -> i64 {
    let actor = Actor::cli();
    let org = store.create_organization(&OrganizationDraft::with_defaults("取込株式会社").unwrap(), &actor).await;
    let org = org.unwrap().id;
    for (role, email) in [(Role::Manager, "manager@ismo.local"), (Role::Admin, "demo@ismo.local")] {
        store.add_member(org, user_id(store, email).await, role, &actor).await.unwrap();
    }
    org
}

/// The sample with its acceptance criterion written as 9 (the organization's
/// is 12), and the cell that states it.
fn sample_with_criterion_9() -> (Vec<u8>, String) {
    let mut sheets = common::sheets::sample_grids();
    let (name, grid) = sheets.iter_mut().find(|(name, _)| name.starts_with("リスクアセスメント")).unwrap();
    let (header, column) = grid
        .iter()
        .enumerate()
        .find_map(|(r, row)| row.iter().position(|c| c.as_text() == "受容基準").map(|c| (r, c)))
        .expect("a criterion column");
    let mut first = None;
    for (r, row) in grid.iter_mut().enumerate().skip(header + 1) {
        if row.get(column).is_some_and(|c| !c.as_text().trim().is_empty()) {
            row[column] = text("9");
            first.get_or_insert(r);
        }
    }
    let cell = format!("{name}!{}", ismo::xlsx::read::cell_ref(first.expect("a stated criterion"), column));
    (workbook(&sheets), cell)
}

#[tokio::test]
async fn only_an_admin_may_bring_in_the_workbooks_risk_method_and_criterion() {
    let app = app().await;
    let org = empty_org(&app.store).await;
    let (bytes, cell) = sample_with_criterion_9();

    app.login("manager@ismo.local", "demo").await;
    let path = format!("/orgs/{org}/import");
    let refused = app.post_multipart(&path, &[("period", "2025")], ("file", "管理表.xlsx", &bytes)).await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", refused.body);
    refused.shows(&[&cell, "評価方法と受容基準を変えられるのは管理者だけです"]);
    assert!(app.store.risks(org, 2025).await.unwrap().is_empty(), "nothing written");

    // The same refusal, in English, from the library a manager's upload goes through.
    let who = Importer { admin: false, ..common::sheets::who() };
    let Err(ImportFailure::Problems(problems)) = import(&app.store, org, &bytes, Some(2025), &who, &Actor::cli()).await
    else {
        panic!("a manager's workbook with other settings is refused")
    };
    let t = ismo::i18n::Tr::new(ismo::i18n::Lang::En);
    let messages: Vec<String> = problems.iter().map(|p| p.message(&t)).collect();
    assert!(messages.iter().any(|m| m.starts_with(&cell) && m.contains("Only an admin")), "{messages:?}");

    // An admin's import takes the workbook's criterion over.
    app.login("demo@ismo.local", "demo").await;
    let preview = app.post_multipart(&path, &[("period", "2025")], ("file", "管理表.xlsx", &bytes)).await;
    assert_eq!(preview.status, StatusCode::OK, "{}", preview.body);
    let end = preview.body.find("/confirm\"").unwrap();
    let begin = preview.body[..end].rfind('"').unwrap() + 1;
    let confirm = format!("{}/confirm", &preview.body[begin..end]);
    let done = app.post(&confirm, &[("preview", &preview.hidden("preview"))]).await;
    assert_eq!(done.status, StatusCode::SEE_OTHER, "{}", done.body);
    assert_eq!(app.store.organization(org).await.unwrap().unwrap().risk.criterion, 9);
}
