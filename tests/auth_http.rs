//! Logging in and what protects a session: throttling (more in
//! login_attack.rs), rotation, expiry, cookie flags, cross-site refusal,
//! security headers — and what protects the records: the lost-update check
//! and the audit trail behind the history.

mod common;

use std::net::SocketAddr;

use axum::body::Body;
use axum::extract::ConnectInfo;
use axum::http::{Request, StatusCode, header};
use common::{Answer, TestApp};

/// A login attempt from a given client address.
async fn attempt(app: &TestApp, email: &str, password: &str, client: &str) -> Answer {
    let body = serde_html_form::to_string([("email", email), ("password", password)]).unwrap();
    let mut request = Request::post("/login")
        .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
        .header("sec-fetch-site", "same-origin")
        .body(Body::from(body))
        .unwrap();
    let addr: SocketAddr = format!("{client}:40000").parse().unwrap();
    request.extensions_mut().insert(ConnectInfo(addr));
    app.send(request).await
}

#[tokio::test]
async fn failed_logins_slow_the_address_down_without_locking_the_account() {
    let app = TestApp::with_demo().await;
    app.logout_locally();
    for _ in 0..3 {
        let failed = attempt(&app, "owner@ismo.local", "wrong", "10.0.0.1").await;
        assert_eq!(failed.status, StatusCode::UNAUTHORIZED);
        failed.shows(&["メールアドレスまたはパスワードが正しくありません"]);
    }
    // Three failures are free; then that address waits, even with the right password.
    let waiting = attempt(&app, "owner@ismo.local", "demo", "10.0.0.1").await;
    assert_eq!(waiting.status, StatusCode::TOO_MANY_REQUESTS);
    waiting.shows(&["秒後にもう一度お試しください"]);
    assert!(waiting.session_cookie().is_none());
    // The owner, from anywhere else, is not kept out.
    assert_eq!(attempt(&app, "owner@ismo.local", "demo", "10.0.0.2").await.status, StatusCode::SEE_OTHER);
    // Nor is another account from the address that failed.
    assert_eq!(attempt(&app, "manager@ismo.local", "demo", "10.0.0.1").await.status, StatusCode::SEE_OTHER);
}

#[tokio::test]
async fn a_login_rotates_the_session_and_logout_ends_it() {
    let app = TestApp::with_demo().await;
    let first = app.session().unwrap();
    assert_eq!(app.get("/orgs/1/objectives").await.status, StatusCode::OK);
    // Logging in again from the same browser issues a new session and ends the old one.
    let again = app.post("/login", &[("email", "demo@ismo.local"), ("password", "demo")]).await;
    let second = again.session_cookie().expect("a new session");
    assert_ne!(first, second);
    let cookie = again.headers.get(header::SET_COOKIE).unwrap().to_str().unwrap();
    assert!(cookie.contains("HttpOnly") && cookie.contains("SameSite=Lax") && !cookie.contains("Secure"), "{cookie}");
    let stale = Request::get("/orgs/1/objectives").header(header::COOKIE, &first).body(Body::empty()).unwrap();
    assert_eq!(app.send(stale).await.status, StatusCode::SEE_OTHER, "the old session is gone");
    let fresh = Request::get("/orgs/1/objectives").header(header::COOKIE, &second).body(Body::empty()).unwrap();
    assert_eq!(app.send(fresh).await.status, StatusCode::OK);
    // Logging out ends the session in the database, not only in the browser.
    let out = Request::post("/logout")
        .header(header::COOKIE, &second)
        .header("sec-fetch-site", "same-origin")
        .body(Body::empty())
        .unwrap();
    assert_eq!(app.send(out).await.location(), "/login");
    let after = Request::get("/orgs/1/objectives").header(header::COOKIE, &second).body(Body::empty()).unwrap();
    assert!(app.send(after).await.location().starts_with("/login"));
}

#[tokio::test]
async fn cookies_are_secure_when_served_over_https() {
    let settings = ismo::web::SessionSettings { secure_cookies: true, ..Default::default() };
    let app = TestApp::with_settings(settings).await;
    ismo::demo::load(&app.store, ismo::web::today()).await.unwrap();
    let login = app.post("/login", &[("email", "demo@ismo.local"), ("password", "demo")]).await;
    let cookie = login.headers.get(header::SET_COOKIE).unwrap().to_str().unwrap();
    assert!(cookie.starts_with("__Host-ismo_session=") && cookie.contains("; Secure"), "{cookie}");
}

#[tokio::test]
async fn an_expired_session_leads_back_to_the_login_page() {
    // Long enough that a login and one page fit in it on a loaded 2-core machine.
    let settings = ismo::web::SessionSettings { idle: chrono::Duration::seconds(4), ..Default::default() };
    let app = TestApp::with_settings(settings).await;
    ismo::demo::load(&app.store, ismo::web::today()).await.unwrap();
    app.login("demo@ismo.local", "demo").await;
    assert_eq!(app.get("/orgs/1/objectives").await.status, StatusCode::OK);
    tokio::time::sleep(std::time::Duration::from_millis(8100)).await;
    let expired = app.get("/orgs/1/objectives?period=2026").await;
    assert_eq!(expired.status, StatusCode::SEE_OTHER);
    // Back to the login page, which returns to where the person was.
    assert_eq!(expired.location(), "/login?next=%2Forgs%2F1%2Fobjectives%3Fperiod%3D2026");
}

#[tokio::test]
async fn cross_site_posts_are_refused_and_change_nothing() {
    let app = TestApp::with_demo().await;
    let body = serde_html_form::to_string([("code", "1"), ("title", "乗っ取り"), ("version", "1")]).unwrap();
    for (name, value) in [("sec-fetch-site", "cross-site"), ("origin", "https://evil.example")] {
        let request = Request::post("/orgs/1/objectives/1")
            .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
            .header(header::HOST, "127.0.0.1:8080")
            .header(header::COOKIE, app.session().unwrap())
            .header(name, value)
            .body(Body::from(body.clone()))
            .unwrap();
        let refused = app.send(request).await;
        assert_eq!(refused.status, StatusCode::FORBIDDEN, "{name}: {value}");
        refused.shows(&["他のサイトからの送信は受け付けません"]);
    }
    let objective = app.store.objective(1, 1).await.unwrap().unwrap();
    assert_eq!((objective.title.as_str(), objective.version), ("ISMS認証（ISO/IEC 27001）を取得する", 1));
}

#[tokio::test]
async fn every_page_carries_the_security_headers() {
    let app = TestApp::with_demo().await;
    for path in ["/login", "/orgs/1/objectives", "/orgs/1/objectives/1", "/no/such/page"] {
        let answer = app.get(path).await;
        let h = |name: &str| answer.headers.get(name).and_then(|v| v.to_str().ok()).unwrap_or("").to_string();
        let csp = h("content-security-policy");
        assert!(csp.contains("script-src 'self'") && csp.contains("frame-ancestors 'none'"), "{path}: {csp}");
        assert!(!csp.contains("unsafe-inline"), "{path}: {csp}");
        assert_eq!(h("x-content-type-options"), "nosniff", "{path}");
        assert_eq!(h("referrer-policy"), "same-origin", "{path}");
    }
    // No inline script anywhere the CSP would block.
    let page = app.get("/orgs/1/objectives/1").await;
    assert!(!page.body.contains("<script>") && !page.body.contains(" onclick="));
}

/// Saves objective 2 with a new title, from a form opened at `version`.
async fn save_title(app: &TestApp, title: &str, version: &str) -> Answer {
    let fields = [("code", "2"), ("title", title), ("status", "active"), ("statements", "3"), ("version", version)];
    app.post("/orgs/1/objectives/2", &fields).await
}

#[tokio::test]
async fn a_save_on_a_stale_form_shows_what_changed_and_can_be_reapplied() {
    let app = TestApp::with_demo().await;
    // Two people open the same objective (version 1).
    let opened = app.get("/orgs/1/objectives/2/edit").await;
    assert_eq!(opened.hidden("version"), "1");
    // The manager saves first.
    app.login("manager@ismo.local", "demo").await;
    assert_eq!(save_title(&app, "全従業員の意識を向上させる（事務局案）", "1").await.status, StatusCode::SEE_OTHER);
    // The admin saves on the form opened at version 1: not overwritten.
    app.login("demo@ismo.local", "demo").await;
    let conflict = save_title(&app, "従業員の意識を高める（管理者案）", "1").await;
    assert_eq!(conflict.status, StatusCode::CONFLICT);
    conflict.shows(&[
        "manager@ismo.local さんが保存しました",
        "従業員の意識を高める（管理者案）",       // their input is kept
        "全従業員の意識を向上させる（事務局案）", // the saved value is shown
    ]);
    assert_eq!(conflict.hidden("version"), "2");
    let saved = app.store.objective(1, 2).await.unwrap().unwrap();
    assert_eq!(saved.title, "全従業員の意識を向上させる（事務局案）");
    // Saving again from the conflict page applies their input knowingly.
    assert_eq!(save_title(&app, "従業員の意識を高める（管理者案）", "2").await.status, StatusCode::SEE_OTHER);
    assert_eq!(app.store.objective(1, 2).await.unwrap().unwrap().title, "従業員の意識を高める（管理者案）");
    // Both changes are in the history, with who made them.
    let page = app.get("/orgs/1/objectives/2").await;
    page.shows(&["変更履歴", "manager@ismo.local", "demo@ismo.local", "全従業員の意識を向上させる（事務局案）"]);
    // A save that changes nothing makes no new version and no history entry.
    let before = app.store.history(1, "objective", 2).await.unwrap().len();
    assert_eq!(save_title(&app, "従業員の意識を高める（管理者案）", "3").await.status, StatusCode::SEE_OTHER);
    assert_eq!(app.store.objective(1, 2).await.unwrap().unwrap().version, 3);
    assert_eq!(app.store.history(1, "objective", 2).await.unwrap().len(), before);
    // And the whole chain still verifies.
    assert!(app.store.verify_audit().await.unwrap().is_ok());
}
