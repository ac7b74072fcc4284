//! Without the Japanese font the PDF cannot be made: the route says which
//! Debian package to install, and the report on screen still works. Its own
//! test binary, as it points `ISMO_PDF_FONT` at a file that does not exist.

mod common;

use axum::http::StatusCode;
use chrono::NaiveDate;
use common::TestApp;

#[tokio::test]
async fn a_missing_font_is_explained_and_the_page_still_works() {
    // SAFETY: set before the application starts, in the only test of this binary.
    unsafe { std::env::set_var(ismo::pdf::FONT_ENV, "/nonexistent/ismo-test/ipaexg.ttf") };
    let app = TestApp::with_demo_on(NaiveDate::from_ymd_opt(2025, 11, 15).unwrap()).await;
    let pdf = app.get("/orgs/1/review-report.pdf?period=2025").await;
    assert_eq!(pdf.status, StatusCode::SERVICE_UNAVAILABLE);
    assert!(pdf.headers["content-type"].to_str().unwrap().starts_with("text/html"));
    pdf.shows(&[
        "PDF を作成できません",
        "fonts-ipaexfont-gothic",
        "/nonexistent/ismo-test/ipaexg.ttf",
        "/orgs/1/review-report?period=2025",
    ]);
    let en = app.get("/orgs/1/review-report.pdf?period=2025&lang=en").await;
    en.shows(&["The PDF cannot be made", "apt-get install fonts-ipaexfont-gothic"]);
    let page = app.get("/orgs/1/review-report?period=2025").await;
    assert_eq!(page.status, StatusCode::OK);
    page.shows(&["マネジメントレビューへのインプット", "R-004"]);
}
