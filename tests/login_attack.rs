//! Signing in while someone is guessing: the owner of an account is never
//! kept out, guesses stay slow from one address or from many, attempts sent
//! at once get no more checks than the limits allow, the proxy header is
//! believed only from a trusted proxy, https hardens the cookie, old records
//! are pruned, and every sign-in is in the audit trail with its address.

mod common;

use std::net::{IpAddr, SocketAddr};
use std::sync::Arc;

use axum::body::Body;
use axum::extract::ConnectInfo;
use axum::http::{Request, StatusCode, header};
use chrono::{TimeDelta, Utc};
use common::{Answer, TestApp};
use ismo::domain::account::{DisplayName, Email};
use ismo::domain::actor::Actor;
use ismo::store::{Admission, Pruned, Store};

/// A sign-in from `peer`, through a proxy that says `forwarded_for` when given.
async fn sign_in_via(app: &TestApp, email: &str, password: &str, peer: &str, forwarded_for: Option<&str>) -> Answer {
    let body = serde_html_form::to_string([("email", email), ("password", password)]).unwrap();
    let mut request = Request::post("/login")
        .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
        .header("sec-fetch-site", "same-origin");
    if let Some(value) = forwarded_for {
        request = request.header("x-forwarded-for", value);
    }
    let mut request = request.body(Body::from(body)).unwrap();
    let peer: IpAddr = peer.parse().unwrap();
    request.extensions_mut().insert(ConnectInfo(SocketAddr::new(peer, 40000)));
    app.send(request).await
}

async fn sign_in(app: &TestApp, email: &str, password: &str, peer: &str) -> Answer {
    sign_in_via(app, email, password, peer, None).await
}

/// Failures recorded straight in the store (no password hashing), at `at`.
async fn failed_earlier(store: &Store, email: &str, address: &str, at: chrono::DateTime<Utc>) {
    match store.admit_sign_in(email, address, at).await.unwrap() {
        Admission::Admitted(attempt) => store.sign_in_failed(attempt, None, address).await.unwrap(),
        Admission::Wait(_) => panic!("{email} from {address} was not let through"),
    }
}

fn retry_after(answer: &Answer) -> i64 {
    answer.headers.get(header::RETRY_AFTER).expect("Retry-After").to_str().unwrap().parse().unwrap()
}

/// A fresh app holding the demo's accounts, nobody signed in.
async fn demo() -> TestApp {
    let app = TestApp::new().await;
    ismo::demo::load(&app.store, ismo::web::today()).await.unwrap();
    app
}

#[tokio::test]
async fn the_owner_gets_in_from_a_clean_address_while_the_account_is_guessed_at() {
    let app = demo().await;
    // One address guesses until it is made to wait…
    for _ in 0..3 {
        assert_eq!(sign_in(&app, "owner@ismo.local", "guess", "203.0.113.66").await.status, StatusCode::UNAUTHORIZED);
    }
    assert_eq!(sign_in(&app, "owner@ismo.local", "guess", "203.0.113.66").await.status, StatusCode::TOO_MANY_REQUESTS);
    // …and many more have guessed, past the account's ceiling for the hour.
    for i in 1..=10 {
        failed_earlier(&app.store, "owner@ismo.local", &format!("198.18.0.{i}"), Utc::now()).await;
    }
    // The owner, typing the right password where nobody has been failing, gets in.
    let owner = sign_in(&app, "owner@ismo.local", "demo", "192.0.2.44").await;
    assert_eq!(owner.status, StatusCode::SEE_OTHER, "{}", owner.body);
    assert!(owner.session_cookie().is_some());
}

#[tokio::test]
async fn the_wait_grows_with_each_failure_and_the_page_says_how_long() {
    let app = demo().await;
    for _ in 0..3 {
        sign_in(&app, "owner@ismo.local", "guess", "203.0.113.1").await;
    }
    let first = sign_in(&app, "owner@ismo.local", "demo", "203.0.113.1").await;
    assert_eq!(first.status, StatusCode::TOO_MANY_REQUESTS, "even the right password waits");
    assert!((1..=30).contains(&retry_after(&first)), "{}", retry_after(&first));
    first.shows(&["秒後にもう一度お試しください"]);
    assert!(first.session_cookie().is_none());

    // Another address failed four times twenty minutes ago: its fifth try is
    // let through, and the wait after it is two minutes.
    let earlier = Utc::now() - TimeDelta::minutes(20);
    for minute in 0..4 {
        failed_earlier(&app.store, "owner@ismo.local", "203.0.113.2", earlier + TimeDelta::minutes(minute)).await;
    }
    assert_eq!(sign_in(&app, "owner@ismo.local", "guess", "203.0.113.2").await.status, StatusCode::UNAUTHORIZED);
    let body = serde_html_form::to_string([("email", "owner@ismo.local"), ("password", "guess")]).unwrap();
    let mut english = Request::post("/login")
        .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
        .header(header::ACCEPT_LANGUAGE, "en")
        .header("sec-fetch-site", "same-origin")
        .body(Body::from(body))
        .unwrap();
    english.extensions_mut().insert(ConnectInfo(SocketAddr::new("203.0.113.2".parse().unwrap(), 40000)));
    let longer = app.send(english).await;
    assert_eq!(longer.status, StatusCode::TOO_MANY_REQUESTS);
    assert!((91..=120).contains(&retry_after(&longer)), "{}", retry_after(&longer));
    longer.shows(&["Try again in 2 minutes"]);
}

#[tokio::test]
async fn one_address_trying_many_accounts_is_held_at_thirty_failures_an_hour() {
    let app = demo().await;
    let recently = Utc::now() - TimeDelta::minutes(5);
    for i in 0..29 {
        failed_earlier(&app.store, &format!("user{i}@example.com"), "203.0.113.30", recently).await;
    }
    assert_eq!(sign_in(&app, "x@example.com", "guess", "203.0.113.30").await.status, StatusCode::UNAUTHORIZED);
    // The thirty-first attempt waits, whatever the account and password.
    let held = sign_in(&app, "auditor@ismo.local", "demo", "203.0.113.30").await;
    assert_eq!(held.status, StatusCode::TOO_MANY_REQUESTS);
    assert!((3000..=3600).contains(&retry_after(&held)), "until the first failure is an hour old");
    held.shows(&["分後にもう一度お試しください"]);
    assert_eq!(sign_in(&app, "auditor@ismo.local", "demo", "203.0.113.31").await.status, StatusCode::SEE_OTHER);
}

#[tokio::test]
async fn many_addresses_guessing_one_account_meet_its_ceiling_but_a_clean_address_does_not() {
    let app = demo().await;
    let recently = Utc::now() - TimeDelta::minutes(5);
    for i in 1..=10 {
        failed_earlier(&app.store, "manager@ismo.local", &format!("198.18.1.{i}"), recently).await;
    }
    // An address that has failed against the account waits, right password or not.
    let held = sign_in(&app, "manager@ismo.local", "demo", "198.18.1.1").await;
    assert_eq!(held.status, StatusCode::TOO_MANY_REQUESTS);
    assert!(retry_after(&held) > 3000, "{}", retry_after(&held));
    // A clean address may check a password once: wrong, it joins the others.
    assert_eq!(sign_in(&app, "manager@ismo.local", "guess", "198.18.2.1").await.status, StatusCode::UNAUTHORIZED);
    assert_eq!(sign_in(&app, "manager@ismo.local", "guess", "198.18.2.1").await.status, StatusCode::TOO_MANY_REQUESTS);
    // Right, it gets in.
    assert_eq!(sign_in(&app, "manager@ismo.local", "demo", "198.18.3.1").await.status, StatusCode::SEE_OTHER);
    // The ceiling is the account's: other accounts from those addresses are not held.
    assert_eq!(sign_in(&app, "owner@ismo.local", "demo", "198.18.1.1").await.status, StatusCode::SEE_OTHER);
}

#[tokio::test]
async fn an_ipv6_host_cannot_escape_the_wait_by_changing_address_within_its_64() {
    let app = demo().await;
    for host in ["2001:db8:5:6::1", "2001:db8:5:6::2", "2001:db8:5:6:a::3"] {
        assert_eq!(sign_in(&app, "owner@ismo.local", "guess", host).await.status, StatusCode::UNAUTHORIZED);
    }
    let held = sign_in(&app, "owner@ismo.local", "guess", "2001:db8:5:6:ffff::9").await;
    assert_eq!(held.status, StatusCode::TOO_MANY_REQUESTS);
    assert_eq!(sign_in(&app, "owner@ismo.local", "demo", "2001:db8:5:7::1").await.status, StatusCode::SEE_OTHER);
}

/// Sends `n` sign-ins at once; how many were answered with each status.
async fn all_at_once(app: &Arc<TestApp>, n: usize, email: impl Fn(usize) -> String) -> (usize, usize) {
    let tasks: Vec<_> = (0..n)
        .map(|i| {
            let app = app.clone();
            let email = email(i);
            tokio::spawn(async move { sign_in(&app, &email, "guess", "203.0.113.50").await.status })
        })
        .collect();
    let mut statuses = Vec::new();
    for task in tasks {
        statuses.push(task.await.unwrap());
    }
    let checked = statuses.iter().filter(|s| **s == StatusCode::UNAUTHORIZED).count();
    let held = statuses.iter().filter(|s| **s == StatusCode::TOO_MANY_REQUESTS).count();
    assert_eq!(checked + held, n, "{statuses:?}");
    (checked, held)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn fifty_wrong_passwords_sent_at_once_get_no_more_checks_than_the_limit() {
    let app = Arc::new(demo().await);
    // One account: three are free, every other one waits.
    let (checked, _) = all_at_once(&app, 50, |_| "owner@ismo.local".to_string()).await;
    assert_eq!(checked, 3);
    // Fifty accounts from the same address: the address's thirty an hour (three used already).
    let (checked, _) = all_at_once(&app, 50, |i| format!("guess{i}@example.com")).await;
    assert_eq!(checked, 27);
    let raw = app.raw_db().await;
    let failed: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM audit_log WHERE action = 'sign_in_failed'")
        .fetch_one(&raw)
        .await
        .unwrap();
    assert_eq!(failed, 30, "each check that failed is audited, and only those");
    assert!(app.store.verify_audit().await.unwrap().is_ok());
}

#[tokio::test]
async fn x_forwarded_for_is_believed_from_a_trusted_proxy_and_ignored_from_anyone_else() {
    let app = TestApp::behind(Default::default(), "10.0.0.1,fd00::/8").await;
    ismo::demo::load(&app.store, ismo::web::today()).await.unwrap();

    // Through the proxy: each client is counted by its own address.
    for _ in 0..3 {
        sign_in_via(&app, "owner@ismo.local", "guess", "10.0.0.1", Some("198.51.100.7")).await;
    }
    let held = sign_in_via(&app, "owner@ismo.local", "demo", "10.0.0.1", Some("198.51.100.7")).await;
    assert_eq!(held.status, StatusCode::TOO_MANY_REQUESTS);
    // A client that made up an entry is still known by what the proxy appended.
    let spoofed = sign_in_via(&app, "owner@ismo.local", "demo", "10.0.0.1", Some("192.0.2.1, 198.51.100.7")).await;
    assert_eq!(spoofed.status, StatusCode::TOO_MANY_REQUESTS);
    // Another client behind the same proxy is not held back by the first.
    let other = sign_in_via(&app, "owner@ismo.local", "demo", "10.0.0.1", Some("198.51.100.8")).await;
    assert_eq!(other.status, StatusCode::SEE_OTHER);
    let other_v6 = sign_in_via(&app, "owner@ismo.local", "demo", "fd00::5", Some("198.51.100.9")).await;
    assert_eq!(other_v6.status, StatusCode::SEE_OTHER);

    // Not from the proxy: the header is the client's own say, and ignored.
    for i in 0..3 {
        let header = format!("192.0.2.{i}");
        sign_in_via(&app, "manager@ismo.local", "guess", "203.0.113.9", Some(&header)).await;
    }
    let fresh_header = sign_in_via(&app, "manager@ismo.local", "demo", "203.0.113.9", Some("192.0.2.99")).await;
    assert_eq!(fresh_header.status, StatusCode::TOO_MANY_REQUESTS, "a new header is not a new address");

    // The trail names the client the proxy reported, and the peer otherwise.
    let raw = app.raw_db().await;
    let addresses: Vec<String> = sqlx::query_scalar(
        "SELECT DISTINCT json_extract(after, '$.address') FROM audit_log WHERE action LIKE 'sign_in%' ORDER BY 1",
    )
    .fetch_all(&raw)
    .await
    .unwrap();
    assert_eq!(addresses, ["198.51.100.7", "198.51.100.8", "198.51.100.9", "203.0.113.9"]);
}

#[tokio::test]
async fn over_https_the_cookie_is_host_prefixed_and_every_answer_asks_for_https() {
    let https = ismo::web::SessionSettings { secure_cookies: true, ..Default::default() };
    let app = TestApp::with_settings(https).await;
    ismo::demo::load(&app.store, ismo::web::today()).await.unwrap();
    let login = app.post("/login", &[("email", "demo@ismo.local"), ("password", "demo")]).await;
    let set = login.headers.get(header::SET_COOKIE).unwrap().to_str().unwrap().to_string();
    assert!(set.starts_with("__Host-ismo_session="), "{set}");
    assert!(set.contains("; Secure") && set.contains("; Path=/") && !set.contains("Domain"), "{set}");
    app.login("demo@ismo.local", "demo").await;
    let cookie = app.session().unwrap();

    for path in ["/login", "/orgs/1/objectives", "/no/such/page", "/healthz"] {
        let answer = app.get(path).await;
        let hsts = answer.headers.get(header::STRICT_TRANSPORT_SECURITY).map(|v| v.to_str().unwrap().to_string());
        assert_eq!(hsts.as_deref(), Some("max-age=31536000"), "{path}");
    }
    assert_eq!(app.get("/orgs/1/objectives").await.status, StatusCode::OK, "the session is read by its name");
    // The token under the plain name is not a session here.
    let token = cookie.split_once('=').unwrap().1;
    let plain = Request::get("/orgs/1/objectives")
        .header(header::COOKIE, format!("ismo_session={token}"))
        .body(Body::empty())
        .unwrap();
    assert!(app.send(plain).await.location().starts_with("/login"));
    // Changing one's password keeps the session it was changed in.
    let changed = app
        .post(
            "/me/password",
            &[("current", "demo"), ("password", "a new passphrase"), ("password_again", "a new passphrase")],
        )
        .await;
    assert_eq!(changed.status, StatusCode::OK, "{}", changed.body);
    assert_eq!(app.get("/me").await.status, StatusCode::OK);
    // Logging out clears the cookie under the same name.
    let out = app.post("/logout", &[]).await;
    let cleared = out.headers.get(header::SET_COOKIE).unwrap().to_str().unwrap();
    assert!(cleared.starts_with("__Host-ismo_session=;") && cleared.contains("Max-Age=0"), "{cleared}");

    // Over plain http: the plain name, and no HSTS (it would lock browsers out).
    let plain_app = demo().await;
    let login = sign_in(&plain_app, "demo@ismo.local", "demo", "192.0.2.1").await;
    assert!(login.session_cookie().unwrap().starts_with("ismo_session="));
    assert!(login.headers.get(header::STRICT_TRANSPORT_SECURITY).is_none());
}

#[tokio::test]
async fn pruning_removes_expired_sessions_old_attempts_and_spent_links() {
    let app = TestApp::new().await;
    let store = &app.store;
    let now = Utc::now();
    // Setup links: the first is superseded (used) by the second, which expires in 72 hours.
    store.create_setup_link(now - TimeDelta::days(5)).await.unwrap().unwrap();
    let live = store.create_setup_link(now - TimeDelta::hours(1)).await.unwrap().unwrap();
    let user = store
        .create_user(&Email::parse("a@example.com").unwrap(), &DisplayName::parse("A").unwrap(), None, &Actor::cli())
        .await
        .unwrap();
    let expired = store.create_session(user.id, now - TimeDelta::hours(2), TimeDelta::minutes(1), TimeDelta::days(1));
    let expired = expired.await.unwrap();
    let current = store.create_session(user.id, now, TimeDelta::hours(1), TimeDelta::days(1)).await.unwrap();
    failed_earlier(store, "a@example.com", "192.0.2.1", now - TimeDelta::hours(25)).await;
    failed_earlier(store, "a@example.com", "192.0.2.1", now - TimeDelta::hours(1)).await;

    assert_eq!(store.prune(now).await.unwrap(), Pruned { sessions: 1, attempts: 1, links: 1 });
    assert!(store.session_user(&current, now).await.unwrap().is_some());
    assert!(store.session_user(&expired, now).await.unwrap().is_none());
    assert!(store.password_link(&live, "setup", now).await.unwrap().is_some(), "a live link stays");
    let raw = app.raw_db().await;
    let attempts: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM login_attempts").fetch_one(&raw).await.unwrap();
    assert_eq!(attempts, 1, "the recent failure still counts");
    assert_eq!(store.prune(now).await.unwrap(), Pruned::default(), "nothing twice");
    // Three days on, the link has expired too.
    assert_eq!(store.prune(now + TimeDelta::days(3)).await.unwrap().links, 1);
}

#[tokio::test]
async fn sign_ins_and_failed_sign_ins_are_audited_with_their_address() {
    let app = demo().await;
    let owner = app.store.user_by_email("owner@ismo.local").await.unwrap().unwrap().0.id;
    sign_in(&app, "owner@ismo.local", "not-the-password-42", "192.0.2.10").await;
    sign_in(&app, "nobody@example.com", "not-the-password-42", "192.0.2.11").await;
    assert_eq!(sign_in(&app, "owner@ismo.local", "demo", "2001:db8::10").await.status, StatusCode::SEE_OTHER);

    let raw = app.raw_db().await;
    let entries: Vec<(String, String, Option<i64>, i64, String)> = sqlx::query_as(
        "SELECT action, actor, actor_id, record_id, after FROM audit_log
         WHERE action LIKE 'sign_in%' ORDER BY id",
    )
    .fetch_all(&raw)
    .await
    .unwrap();
    assert_eq!(
        entries,
        [
            ("sign_in_failed".into(), "anonymous".into(), None, owner, r#"{"address":"192.0.2.10"}"#.into()),
            ("sign_in_failed".into(), "anonymous".into(), None, 0, r#"{"address":"192.0.2.11"}"#.into()),
            ("sign_in".into(), "owner@ismo.local".into(), Some(owner), owner, r#"{"address":"2001:db8::10"}"#.into()),
        ]
    );
    // Neither the password nor the unknown address typed is kept anywhere.
    for text in [
        "SELECT actor || record_type || coalesce(before, '') || coalesce(after, '') FROM audit_log",
        "SELECT account_hash || address FROM login_attempts",
    ] {
        let kept: Vec<String> = sqlx::query_scalar(text).fetch_all(&raw).await.unwrap();
        let kept = kept.join("\n");
        assert!(!kept.contains("not-the-password-42") && !kept.contains("nobody@"), "{kept}");
    }
    assert!(app.store.verify_audit().await.unwrap().is_ok());
}
