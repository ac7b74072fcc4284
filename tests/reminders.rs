//! Reminders: the calendar feeds behind secret URLs (made and revoked on the
//! person's own page) and the weekly reminder mail of `ismo remind`.

mod common;

use std::collections::BTreeSet;
use std::path::Path;
use std::process::Command;

use axum::http::StatusCode;
use axum::http::header::{CACHE_CONTROL, CONTENT_TYPE};
use chrono::NaiveDate;
use common::TestApp;
use common::mails::{header, mails};
use ismo::config::DbTarget;
use ismo::domain::access::Role;
use ismo::domain::actor::Actor;
use ismo::store::Store;

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).unwrap()
}

/// A day in the demo's year when October's tasks are late.
fn mid_november() -> NaiveDate {
    d(2025, 11, 15)
}

async fn user_id(app: &TestApp, email: &str) -> i64 {
    app.store.user_by_email(email).await.unwrap().unwrap().0.id
}

/// Makes a feed on `/me` (of an organization when `org` is given) and
/// returns the path of its URL as the page shows it.
async fn make_feed(app: &TestApp, org: &str) -> String {
    let page = app.post("/me/feeds", &[("org", org)]).await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.body);
    page.shows(&["readonly", "このURLは今だけ表示されます"]);
    assert_eq!(page.headers.get(CACHE_CONTROL).unwrap(), "no-store");
    let start = page.body.find("value=\"http://localhost/ical/").expect("the URL on the page") + "value=\"".len();
    let url = page.body[start..].split('"').next().unwrap();
    assert!(url.ends_with(".ics"), "{url}");
    let path = url.strip_prefix("http://localhost").unwrap().to_string();
    let token = path.trim_start_matches("/ical/").trim_end_matches(".ics");
    assert_eq!(token.len(), 64, "32 random bytes, hex");
    assert!(token.bytes().all(|b| b.is_ascii_hexdigit()));
    path
}

/// One VEVENT as (property name with parameters, value) pairs, as written.
type Event = Vec<(String, String)>;

/// Parses a calendar: checks CRLF line ends and the 75-octet limit, unfolds,
/// and returns the events.
fn parse_calendar(text: &str) -> Vec<Event> {
    assert!(text.ends_with("\r\n"), "CRLF at the end");
    let physical: Vec<&str> = text.strip_suffix("\r\n").unwrap().split("\r\n").collect();
    for line in &physical {
        assert!(!line.contains('\n') && !line.contains('\r'), "a bare line break: {line:?}");
        assert!(line.len() <= 75, "{} octets: {line}", line.len());
    }
    let mut lines: Vec<String> = Vec::new();
    for line in physical {
        match line.strip_prefix(' ') {
            Some(rest) => lines.last_mut().expect("a continuation follows a line").push_str(rest),
            None => lines.push(line.to_string()),
        }
    }
    assert_eq!(lines.first().map(String::as_str), Some("BEGIN:VCALENDAR"));
    assert_eq!(lines.last().map(String::as_str), Some("END:VCALENDAR"));
    assert!(lines.contains(&"VERSION:2.0".to_string()));
    assert!(lines.iter().any(|l| l.starts_with("PRODID:")));
    let mut events = Vec::new();
    let mut current: Option<Event> = None;
    for line in &lines[1..lines.len() - 1] {
        match line.as_str() {
            "BEGIN:VEVENT" => {
                assert!(current.is_none(), "nested VEVENT");
                current = Some(Vec::new());
            }
            "END:VEVENT" => events.push(current.take().expect("END without BEGIN")),
            _ => {
                let (name, value) = line.split_once(':').unwrap_or_else(|| panic!("no colon: {line}"));
                if let Some(event) = current.as_mut() {
                    event.push((name.to_string(), value.to_string()));
                }
            }
        }
    }
    assert!(current.is_none(), "an unclosed VEVENT");
    for event in &events {
        for required in ["UID", "DTSTAMP", "DTSTART;VALUE=DATE", "SUMMARY"] {
            assert!(event.iter().any(|(n, _)| n == required), "{required} missing in {event:?}");
        }
    }
    events
}

fn get<'a>(event: &'a Event, name: &str) -> Option<&'a str> {
    event.iter().find(|(n, _)| n == name).map(|(_, v)| v.as_str())
}

fn uids(events: &[Event]) -> BTreeSet<String> {
    events.iter().filter_map(|e| get(e, "UID")).map(str::to_string).collect()
}

/// The demo's plans of 2025 (objectives' and treatments'), as (id, responsible user).
async fn demo_plans(app: &TestApp) -> Vec<(i64, Option<i64>)> {
    let mut plans = app.store.plans_of_period(1, 2025).await.unwrap();
    plans.extend(app.store.treatment_plans_of_period(1, 2025).await.unwrap());
    plans.into_iter().map(|p| (p.id, p.responsible_user_id)).collect()
}

#[tokio::test]
async fn the_owners_feed_holds_the_deadlines_and_tasks_of_their_plans_and_nobody_elses() {
    let app = TestApp::with_demo_on(mid_november()).await;
    app.login("owner@ismo.local", "demo").await;
    let owner = user_id(&app, "owner@ismo.local").await;
    let me = app.get("/me").await;
    assert_eq!(me.status, StatusCode::OK);
    me.shows(&["鈴木 一郎", "owner@ismo.local", "株式会社サンプル", "責任者", "URLを発行する"]);
    assert!(!me.body.contains("の全計画"), "an owner is offered no feed of the whole organization");
    let path = make_feed(&app, "").await;
    let token = path.trim_start_matches("/ical/").trim_end_matches(".ics").to_string();
    // The URL is shown once: only its hash is kept.
    let again = app.get("/me").await;
    assert!(!again.body.contains(&token));
    again.shows(&["有効なURLがあります", "URLを無効にする"]);

    app.logout_locally();
    let feed = app.get(&path).await;
    assert_eq!(feed.status, StatusCode::OK, "{}", feed.body);
    assert_eq!(feed.headers.get(CONTENT_TYPE).unwrap(), "text/calendar; charset=utf-8");
    assert_eq!(feed.headers.get(CACHE_CONTROL).unwrap(), "private");
    let events = parse_calendar(&feed.body);
    let found = uids(&events);
    let plans = demo_plans(&app).await;
    let (mine, others): (Vec<_>, Vec<_>) = plans.iter().partition(|(_, who)| *who == Some(owner));
    assert!(mine.len() >= 3, "the demo owner is responsible for plans 2-2, 3 and two treatments");
    for (id, _) in &mine {
        assert!(found.contains(&format!("plan-{id}-deadline@ismo")), "plan {id}'s deadline in {found:?}");
    }
    for (id, _) in &others {
        assert!(!found.iter().any(|u| u.starts_with(&format!("plan-{id}-"))), "plan {id} is not theirs");
    }
    // Objective 3's plan: deadline on 31 March, October's monthly report on 1 October.
    let plan3 = app
        .store
        .plans_of_period(1, 2025)
        .await
        .unwrap()
        .into_iter()
        .find(|p| p.actions.as_deref().unwrap_or("").starts_with("メール誤送信"))
        .unwrap();
    let deadline = events.iter().find(|e| get(e, "UID") == Some(&format!("plan-{}-deadline@ismo", plan3.id))).unwrap();
    assert_eq!(get(deadline, "DTSTART;VALUE=DATE"), Some("20260331"));
    assert!(get(deadline, "SUMMARY").unwrap().contains("達成期限"), "{deadline:?}");
    assert!(get(deadline, "SUMMARY").unwrap().contains("メール誤送信防止ツールの導入"));
    let october = events.iter().find(|e| get(e, "UID") == Some(&format!("plan-{}-2025-10@ismo", plan3.id))).unwrap();
    assert_eq!(get(october, "DTSTART;VALUE=DATE"), Some("20251001"));
    assert!(get(october, "SUMMARY").unwrap().contains("月次報告"));
    assert!(get(october, "URL").unwrap().ends_with(&format!("/orgs/1/plans/{}", plan3.id)));
    // UIDs are stable: the same feed read again names the same events.
    assert_eq!(uids(&parse_calendar(&app.get(&path).await.body)), found);
    // The manager's plan (objective 1) is in nobody's feed but the manager's.
    assert!(!feed.body.contains("審査機関の選定"));
}

#[tokio::test]
async fn a_revoked_url_answers_404_and_a_new_one_can_be_made() {
    let app = TestApp::with_demo_on(mid_november()).await;
    app.login("owner@ismo.local", "demo").await;
    let owner = user_id(&app, "owner@ismo.local").await;
    let first = make_feed(&app, "").await;
    let feed_id = app.store.feeds(owner).await.unwrap()[0].id;
    let page = app.get("/me").await;
    page.shows(&[&format!("/me/feeds/{feed_id}/revoke")]);
    let revoked = app.post(&format!("/me/feeds/{feed_id}/revoke"), &[]).await;
    assert_eq!(revoked.status, StatusCode::SEE_OTHER);
    assert_eq!(revoked.location(), "/me");
    app.get("/me").await.shows(&["URLはまだ発行されていません"]);
    let gone = app.get(&first).await;
    assert_eq!(gone.status, StatusCode::NOT_FOUND);
    assert!(!gone.body.contains("VCALENDAR"));
    // A new one works; making yet another retires it (one URL per kind).
    let second = make_feed(&app, "").await;
    assert_ne!(second, first);
    assert_eq!(app.get(&second).await.status, StatusCode::OK);
    let third = make_feed(&app, "").await;
    assert_eq!(app.get(&second).await.status, StatusCode::NOT_FOUND);
    assert_eq!(app.get(&third).await.status, StatusCode::OK);
    assert_eq!(app.get(&first).await.status, StatusCode::NOT_FOUND);
    // Revoking again what is already revoked changes nothing and is no error.
    assert_eq!(app.post(&format!("/me/feeds/{feed_id}/revoke"), &[]).await.status, StatusCode::SEE_OTHER);
}

#[tokio::test]
async fn wrong_tokens_answer_404() {
    let app = TestApp::with_demo_on(mid_november()).await;
    app.login("owner@ismo.local", "demo").await;
    let path = make_feed(&app, "").await;
    app.logout_locally();
    let token = path.trim_start_matches("/ical/").trim_end_matches(".ics");
    let mut other = token.as_bytes().to_vec();
    other[0] = if other[0] == b'a' { b'b' } else { b'a' };
    let other = String::from_utf8(other).unwrap();
    for wrong in [
        format!("/ical/{other}.ics"),
        format!("/ical/{token}"),
        format!("/ical/{token}.ical"),
        "/ical/not-a-token.ics".to_string(),
        "/ical/.ics".to_string(),
    ] {
        let answer = app.get(&wrong).await;
        assert_eq!(answer.status, StatusCode::NOT_FOUND, "{wrong}");
        answer.shows(&["ページが見つかりません"]);
    }
    assert_eq!(app.get(&path).await.status, StatusCode::OK);
}

#[tokio::test]
async fn another_persons_feed_cannot_be_revoked() {
    let app = TestApp::with_demo_on(mid_november()).await;
    app.login("owner@ismo.local", "demo").await;
    let owner = user_id(&app, "owner@ismo.local").await;
    let path = make_feed(&app, "").await;
    let feed_id = app.store.feeds(owner).await.unwrap()[0].id;
    app.login("manager@ismo.local", "demo").await;
    for id in [feed_id, 999_999] {
        let refused = app.post(&format!("/me/feeds/{id}/revoke"), &[]).await;
        assert_eq!(refused.status, StatusCode::NOT_FOUND, "feed {id}");
    }
    assert!(!app.get("/me").await.body.contains(&format!("/me/feeds/{feed_id}/revoke")));
    assert_eq!(app.store.feeds(owner).await.unwrap().len(), 1);
    assert_eq!(app.get(&path).await.status, StatusCode::OK, "the owner's feed still works");
    // Not logged in: to the login page, nothing revoked.
    app.logout_locally();
    let anonymous = app.post(&format!("/me/feeds/{feed_id}/revoke"), &[]).await;
    assert!(anonymous.location().starts_with("/login"));
    assert_eq!(app.get(&path).await.status, StatusCode::OK);
}

#[tokio::test]
async fn the_organization_feed_works_only_while_its_person_is_admin_or_manager() {
    let app = TestApp::with_demo_on(mid_november()).await;
    let manager = user_id(&app, "manager@ismo.local").await;
    app.login("manager@ismo.local", "demo").await;
    app.get("/me").await.shows(&["株式会社サンプル の全計画", "ISMS事務局"]);
    let path = make_feed(&app, "1").await;
    let feed = app.get(&path).await;
    assert_eq!(feed.status, StatusCode::OK);
    let found = uids(&parse_calendar(&feed.body));
    for (id, _) in demo_plans(&app).await {
        assert!(found.contains(&format!("plan-{id}-deadline@ismo")), "plan {id} of the whole organization");
    }
    // The manager becomes an owner: the organization's feed stops at once.
    app.store.add_member(1, manager, Role::Owner, &Actor::cli()).await.unwrap();
    assert_eq!(app.get(&path).await.status, StatusCode::NOT_FOUND);
    let page = app.get("/me").await;
    page.shows(&["このURLは使えません"]);
    // And they cannot make a new one; nor can anyone for an organization they are not in.
    assert_eq!(app.post("/me/feeds", &[("org", "1")]).await.status, StatusCode::FORBIDDEN);
    assert_eq!(app.post("/me/feeds", &[("org", "999")]).await.status, StatusCode::NOT_FOUND);
    assert_eq!(app.post("/me/feeds", &[("org", "x")]).await.status, StatusCode::NOT_FOUND);
    // Their own plans' feed still can be made.
    let mine = make_feed(&app, "").await;
    assert_eq!(app.get(&mine).await.status, StatusCode::OK);
}

#[tokio::test]
async fn the_header_links_to_the_persons_own_page() {
    let app = TestApp::with_demo_on(mid_november()).await;
    app.get("/orgs/1/objectives").await.shows(&["href=\"/me\""]);
    let en = app.get_en("/me").await;
    en.shows(&["Account", "Calendar (iCalendar)", "Make a URL", "All plans of 株式会社サンプル"]);
    app.logout_locally();
    assert!(app.get("/me").await.location().starts_with("/login"));
}

// ---- The reminder mail ----------------------------------------------------

fn ismo() -> Command {
    Command::new(env!("CARGO_BIN_EXE_ismo"))
}

/// A database file holding the demo as of `day`.
async fn demo_db(dir: &Path, day: NaiveDate) -> String {
    let path = dir.join("remind.db");
    let store = Store::open(&DbTarget::Sqlite(path.clone())).await.unwrap();
    ismo::demo::load(&store, day).await.unwrap();
    store.close().await;
    path.to_str().unwrap().to_string()
}

#[tokio::test]
async fn a_reminder_mail_goes_to_the_responsible_person_of_a_late_plan() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo_db(dir.path(), mid_november()).await;
    let outbox = dir.path().join("outbox");
    std::fs::create_dir(&outbox).unwrap();
    let out = ismo()
        .args(["remind", "--db", &db, "--as-of", "2025-11-15", "--mail-dir", outbox.to_str().unwrap()])
        .args(["--mail-from", "ISMS事務局 <isms@example.com>", "--base-url", "https://ismo.example.com/"])
        .env_remove("ISMO_SMTP_HOST")
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success(), "{stdout}{}", String::from_utf8_lossy(&out.stderr));
    // The owner (plan 3, two treatments) and the manager (objective 1's plan)
    // have late plans; the admin and the auditor have none and get nothing.
    assert!(stdout.contains("sent 2 reminder mails"), "{stdout}");
    let all = mails(&outbox);
    assert_eq!(all.len(), 2);
    let to: Vec<&str> = all.iter().map(|(h, _)| header(h, "to")).collect();
    assert!(to[0].contains("manager@ismo.local") && to[1].contains("owner@ismo.local"), "{to:?}");
    assert!(!to.iter().any(|t| t.contains("demo@ismo.local") || t.contains("auditor@ismo.local")));
    let (headers, body) = &all[1];
    assert!(header(headers, "to").contains("鈴木 一郎"), "{headers:?}");
    assert!(header(headers, "from").contains("isms@example.com"));
    let subject = header(headers, "subject");
    assert!(subject.contains("遅延している計画 3件"), "{subject}");
    assert!(subject.contains("2025/11/15"), "{subject}");
    for needle in [
        "鈴木 一郎（情報システム部） 様",
        "■ 遅延している計画（3件）",
        "・3 メール誤送信防止ツールの導入と、インシデント件数の月次報告",
        "株式会社サンプル / 目的: 3 情報セキュリティインシデントを削減する",
        "10月 (2025-10)の実施事項計画が実施済みになっていません。",
        "リスク対応: R-001",
        "達成期限（2025/10/31）を過ぎましたが、完了していません。",
        "https://ismo.example.com/orgs/1/plans/",
    ] {
        assert!(body.contains(needle), "{needle:?} in:\n{body}");
    }
    assert!(!body.contains("審査機関の選定"), "the manager's plan is in the manager's mail only");
    let (_, manager_body) = &all[0];
    assert!(manager_body.contains("審査機関の選定") && manager_body.contains("10月 (2025-10)"), "{manager_body}");
}

#[tokio::test]
async fn deadlines_within_two_weeks_and_nobody_with_nothing_to_say() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo_db(dir.path(), mid_november()).await;
    let outbox = dir.path().join("outbox");
    std::fs::create_dir(&outbox).unwrap();
    // Early in the year nothing is late and no deadline is near: no mail at all.
    let quiet = ismo()
        .args(["remind", "--db", &db, "--as-of", "2025-04-15", "--mail-dir", outbox.to_str().unwrap()])
        .args(["--mail-from", "isms@example.com"])
        .output()
        .unwrap();
    assert!(quiet.status.success(), "{}", String::from_utf8_lossy(&quiet.stderr));
    assert!(String::from_utf8_lossy(&quiet.stdout).contains("sent 0 reminder mails"));
    assert!(mails(&outbox).is_empty());
    // On 10 December the phishing drill (2-2) is due on the 19th: "あと9日".
    let dry = ismo().args(["remind", "--db", &db, "--as-of", "2025-12-10", "--dry-run"]).output().unwrap();
    let stdout = String::from_utf8_lossy(&dry.stdout);
    assert!(dry.status.success(), "{stdout}{}", String::from_utf8_lossy(&dry.stderr));
    assert!(stdout.contains("would send to owner@ismo.local"), "{stdout}");
    assert!(stdout.contains("期限が近い計画 1件"), "{stdout}");
    assert!(!stdout.contains("auditor@ismo.local") && !stdout.contains("demo@ismo.local"), "{stdout}");
    assert!(mails(&outbox).is_empty(), "a dry run sends nothing");
    // Only one organization, by name.
    let one = ismo()
        .args(["remind", "--db", &db, "--as-of", "2025-12-10", "--org", "株式会社サンプル", "--dry-run"])
        .output()
        .unwrap();
    assert!(String::from_utf8_lossy(&one.stdout).contains("would send to owner@ismo.local"));
}

#[tokio::test]
async fn smtp_settings_are_checked_and_the_password_never_printed() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo_db(dir.path(), mid_november()).await;
    let secret = "hunter2-very-secret";
    // Nowhere to send.
    let nowhere = ismo()
        .args(["remind", "--db", &db, "--as-of", "2025-11-15", "--mail-from", "isms@example.com"])
        .env_remove("ISMO_SMTP_HOST")
        .output()
        .unwrap();
    assert!(!nowhere.status.success());
    assert!(String::from_utf8_lossy(&nowhere.stderr).contains("--smtp-host"));
    // A server that does not answer (a closed port on this machine).
    let refused = ismo()
        .args(["remind", "--db", &db, "--as-of", "2025-11-15", "--mail-from", "isms@example.com"])
        .args(["--smtp-host", "127.0.0.1", "--smtp-port", "1", "--smtp-tls", "none", "--smtp-user", "isms"])
        .env("ISMO_SMTP_PASSWORD", secret)
        .env("RUST_LOG", "trace")
        .output()
        .unwrap();
    assert!(!refused.status.success());
    let printed = format!("{}{}", String::from_utf8_lossy(&refused.stdout), String::from_utf8_lossy(&refused.stderr));
    assert!(printed.contains("SMTP"), "{printed}");
    assert!(!printed.contains(secret), "{printed}");
    // Nor does the help show the password from the environment.
    let help = ismo().args(["remind", "--help"]).env("ISMO_SMTP_PASSWORD", secret).output().unwrap();
    let help = String::from_utf8_lossy(&help.stdout);
    assert!(help.contains("--smtp-password") && !help.contains(secret), "{help}");
}
