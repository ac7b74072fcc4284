//! The management-review input report (9.3.2) on the demo as it stood in
//! mid-November 2025: every objective with its status, the delayed plans and
//! why, the indicator results, R-004 untreated, the findings by rule.

mod common;

use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use chrono::NaiveDate;
use common::TestApp;
use ismo::domain::actor::Actor;
use ismo::domain::objective::{ObjectiveDraft, ObjectiveForm};

const REPORT: &str = "/orgs/1/review-report?period=2025";

fn day(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

async fn demo() -> TestApp {
    TestApp::with_demo_on(day(2025, 11, 15)).await
}

/// The text of the table row that holds `needle` (between its `<tr` and `</tr>`).
fn row<'a>(body: &'a str, needle: &str) -> &'a str {
    let at = body.find(needle).unwrap_or_else(|| panic!("no {needle:?} in:\n{body}"));
    let start = body[..at].rfind("<tr").expect("inside a row");
    let end = at + body[at..].find("</tr>").expect("row ends");
    &body[start..end]
}

#[tokio::test]
async fn the_report_heads_with_organization_period_and_date() {
    let app = demo().await;
    let page = app.get(REPORT).await;
    assert_eq!(page.status, StatusCode::OK);
    page.shows(&[
        "マネジメントレビューへのインプット",
        "株式会社サンプル",
        "2025年度（2025/04/01～2026/03/31）",
        "基準日",
        "2025/11/15",
        // Printable: its own print stylesheet, a print button, no inline style.
        "/static/report.css",
        "data-print",
    ]);
    assert!(!page.body.contains("style=\""), "the CSP forbids inline style");
    let css = app.get("/static/report.css").await;
    assert_eq!(css.status, StatusCode::OK);
    assert!(css.body.contains("@media print") && css.body.contains("A4"));
    // Reached from the navigation.
    app.get("/orgs/1/objectives").await.shows(&["/orgs/1/review-report?period=2025", "レビュー資料"]);
}

#[tokio::test]
async fn every_objective_is_shown_with_its_status() {
    let app = demo().await;
    let page = app.get(REPORT).await;
    for title in [
        "ISMS認証（ISO/IEC 27001）を取得する",
        "従業員の情報セキュリティ意識を向上させる",
        "情報セキュリティインシデントを削減する",
    ] {
        let r = row(&page.body, title);
        assert!(r.contains("推進中"), "{title} shows its status: {r}");
        assert!(r.contains("未評価"), "not evaluated yet: {r}");
        assert!(r.contains('%'), "progress: {r}");
    }
}

#[tokio::test]
async fn delayed_plans_are_listed_with_their_reasons() {
    let app = demo().await;
    let page = app.get(REPORT).await;
    // Plan 1: October's internal audit has no result.
    let plan1 = row(&page.body, "/orgs/1/plans/1\"");
    assert!(plan1.contains("遅延") && plan1.contains("2025年10月") && plan1.contains("内部監査"), "{plan1}");
    // Plan 3: October's monthly report.
    let plan3 = row(&page.body, "/orgs/1/plans/4\"");
    assert!(plan3.contains("遅延") && plan3.contains("月次報告"), "{plan3}");
    // Plan 2-1 has nothing late in October.
    let plan21 = row(&page.body, "/orgs/1/plans/2\"");
    assert!(plan21.contains("予定どおり") && !plan21.contains("reasons"), "{plan21}");
}

#[tokio::test]
async fn indicators_show_target_latest_value_and_whether_it_is_met() {
    let app = demo().await;
    let page = app.get(REPORT).await;
    let test = row(&page.body, "情報セキュリティテスト 全従業員の点数");
    assert!(test.contains("95 点") && test.contains("88 点") && test.contains("未達"), "{test}");
    // Two incidents so far against at most four: met.
    let incidents = row(&page.body, "インシデント件数（年度）");
    assert!(incidents.contains("4 件") && incidents.contains("2 件") && incidents.contains(">達成<"), "{incidents}");
    // Certification has not been measured.
    let cert = row(&page.body, ">認証登録<");
    assert!(cert.contains("測定なし"), "{cert}");
}

#[tokio::test]
async fn risk_treatment_status_shows_r004_untreated() {
    let app = demo().await;
    let page = app.get(REPORT).await;
    let r004 = row(&page.body, ">R-004<");
    assert!(r004.contains("未対応") && r004.contains("treatment-untreated"), "{r004}");
    let r001 = row(&page.body, ">R-001<");
    assert!(r001.contains("承認済み") && r001.contains("低減"), "{r001}");
    page.shows(&["要対応", "未対応", "残留リスク値（目標）", "chart-heatmap"]);
}

#[tokio::test]
async fn findings_are_counted_by_rule_with_the_nonconformities_listed() {
    let app = demo().await;
    let page = app.get(REPORT).await;
    let treat = row(&page.body, ">6.1.3-treat<");
    assert!(treat.contains(">1<") && treat.contains("不適合"), "{treat}");
    let late = row(&page.body, ">progress-late<");
    assert!(late.contains("観察事項"), "{late}");
    page.shows(&["不適合の一覧", "受容基準以上ですが、リスク対応がありません"]);
    // Every rule is listed, those without findings too.
    for rule in ["6.2-a", "6.2-b", "6.2-c", "6.2-d", "6.2-e", "6.2-f..j", "6.2-min", "6.1.3-approve", "9.1-measure"] {
        assert!(page.body.contains(&format!(">{rule}<")), "{rule}");
    }
}

#[tokio::test]
async fn an_auditor_reads_the_report() {
    let app = demo().await;
    app.login("auditor@ismo.local", ismo::demo::DEMO_PASSWORD).await;
    let page = app.get(REPORT).await;
    assert_eq!(page.status, StatusCode::OK);
    page.shows(&["マネジメントレビューへのインプット", "R-004"]);
    assert!(!page.body.contains("/evaluation\""), "no change offered");
}

#[tokio::test]
async fn english_by_query_or_by_the_remembered_choice() {
    let app = demo().await;
    let page = app.get(&format!("{REPORT}&lang=en")).await;
    page.shows(&["Management review input", "FY2025 (2025-04-01 – 2026-03-31)", "2025-11-15", "Untreated", "Delayed"]);
    assert!(!page.body.contains("マネジメントレビューへのインプット"));
    // The language switch returns to the report without the query's override.
    assert!(page.body.contains("name=\"back\" value=\"/orgs/1/review-report?period=2025\""), "{}", page.body);
    let cookie = format!("{}; ismo_lang=en", app.session().unwrap());
    let request = Request::get(REPORT).header(header::COOKIE, cookie).body(Body::empty()).unwrap();
    app.send(request).await.shows(&["Management review input", "Nonconformities"]);
}

#[tokio::test]
async fn user_text_is_escaped() {
    let app = demo().await;
    let form =
        ObjectiveForm { code: "9".into(), title: "<script>alert(1)</script> & #set".into(), ..Default::default() };
    app.store.create_objective(1, 2025, &ObjectiveDraft::parse(&form).unwrap(), &Actor::cli()).await.unwrap();
    let page = app.get(REPORT).await;
    // Askama writes numeric entities.
    page.shows(&["&#60;script&#62;alert(1)&#60;/script&#62; &#38; #set"]);
    assert!(!page.body.contains("<script>alert"));
}

#[tokio::test]
async fn another_period_or_an_unknown_organization() {
    let app = demo().await;
    // A period without records is still a report, saying so.
    let empty = app.get("/orgs/1/review-report?period=2030").await;
    assert_eq!(empty.status, StatusCode::OK);
    empty.shows(&["2030年度", "この期間の情報セキュリティ目的はありません", "6.2-min"]);
    assert_eq!(app.get("/orgs/999/review-report").await.status, StatusCode::NOT_FOUND);
}

/// The PDF needs Debian's fonts-ipaexfont-gothic; without it the test says so and stops.
fn font_installed() -> bool {
    let present = ismo::pdf::font_available();
    if !present {
        let path = ismo::pdf::font_path();
        eprintln!("skipped: {} is missing (apt-get install {})", path.display(), ismo::pdf::FONT_PACKAGE);
    }
    present
}

#[tokio::test]
async fn the_pdf_is_a_pdf() {
    if !font_installed() {
        return;
    }
    let app = demo().await;
    let pdf = app.get("/orgs/1/review-report.pdf?period=2025").await;
    assert_eq!(pdf.status, StatusCode::OK, "{}", pdf.body);
    assert_eq!(pdf.headers[header::CONTENT_TYPE], "application/pdf");
    assert!(pdf.body.starts_with("%PDF"));
    // The auditor reads it too, and in English.
    app.login("auditor@ismo.local", ismo::demo::DEMO_PASSWORD).await;
    let en = app.get("/orgs/1/review-report.pdf?period=2025&lang=en").await;
    assert_eq!(en.status, StatusCode::OK);
    assert!(en.body.starts_with("%PDF"));
    // The page offers it.
    app.get(REPORT).await.shows(&["/orgs/1/review-report.pdf?period=2025"]);
}
