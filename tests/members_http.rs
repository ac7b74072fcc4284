//! People come and go, through the web: an admin's members page (add by
//! e-mail with a one-time password link, change a role, remove), a person's
//! own password change on /me, the first admin's setup link, and people who
//! left staying on old records as former members.

mod common;

use axum::http::StatusCode;
use chrono::{TimeDelta, Utc};
use common::mails::header;
use common::{Answer, TestApp};
use ismo::domain::access::Role;
use ismo::domain::account::{SESSION_ABSOLUTE, SESSION_IDLE};

/// The demo's people: the admin is user 1, the manager 2, the owner 3, the auditor 4.
const MANAGER: i64 = 2;
const OWNER: i64 = 3;

/// The one-time link a page shows (`…/password?token=…`), as a path.
fn link_on(page: &Answer) -> String {
    let start = page.body.find("/password?token=").expect("the page shows a password link");
    let token: String =
        page.body[start + "/password?token=".len()..].chars().take_while(|c| c.is_ascii_hexdigit()).collect();
    assert_eq!(token.len(), 64, "a whole token");
    format!("/password?token={token}")
}

async fn audit_entries(app: &TestApp, record_type: &str) -> Vec<(String, Option<String>)> {
    let pool = app.raw_db().await;
    sqlx::query_as("SELECT action, after FROM audit_log WHERE record_type = ? ORDER BY id")
        .bind(record_type)
        .fetch_all(&pool)
        .await
        .unwrap()
}

/// The ids of the plans `user` is responsible for in the demo's current period.
async fn plans_of(app: &TestApp, user: i64) -> Vec<i64> {
    let year = ismo::domain::period::Period::containing(ismo::web::today(), 4).start_year();
    let held = app.store.held_plans(1, year..=year, Some(user)).await.unwrap();
    held.iter().map(|h| h.plan.id).collect()
}

#[tokio::test]
async fn an_admin_sees_everyone_with_role_state_and_last_sign_in() {
    let app = TestApp::with_demo().await;
    let page = app.get("/orgs/1/members").await;
    assert_eq!(page.status, StatusCode::OK);
    page.shows(&["メンバー", "demo@ismo.local", "manager@ismo.local", "owner@ismo.local", "auditor@ismo.local"]);
    // The admin has just signed in; the others never have.
    page.shows(&["ログインなし", "利用中"]);
    assert!(app.get("/orgs/1/objectives").await.body.contains("href=\"/orgs/1/members\""), "admins see the link");
    app.login("manager@ismo.local", "demo").await;
    assert_eq!(app.get("/orgs/1/members").await.status, StatusCode::FORBIDDEN);
    assert!(!app.get("/orgs/1/objectives").await.body.contains("href=\"/orgs/1/members\""), "others do not");
}

#[tokio::test]
async fn a_new_person_is_added_by_e_mail_and_sets_their_password_with_a_one_time_link() {
    let app = TestApp::with_demo().await;
    let added = app
        .post("/orgs/1/members", &[("email", "Hanako.Sato@Example.com"), ("name", "佐藤 花子"), ("role", "owner")])
        .await;
    assert_eq!(added.status, StatusCode::OK, "{}", added.body);
    added.shows(&["佐藤 花子", "hanako.sato@example.com", "パスワード未設定", "72 時間"]);
    assert_eq!(added.headers.get("cache-control").unwrap(), "no-store", "the link is not cached");
    let link = link_on(&added);
    assert!(!app.get("/orgs/1/members").await.body.contains(&link), "shown once");

    // The new person opens the link (no session) and sets a password.
    app.logout_locally();
    let form = app.get(&link).await;
    assert_eq!(form.status, StatusCode::OK);
    form.shows(&["hanako.sato@example.com"]);
    let token = link.trim_start_matches("/password?token=");
    let short = app.post("/password", &[("token", token), ("password", "short"), ("password_again", "short")]).await;
    assert_eq!(short.status, StatusCode::UNPROCESSABLE_ENTITY);
    let differ = app
        .post("/password", &[("token", token), ("password", "a long passphrase"), ("password_again", "another one")])
        .await;
    assert_eq!(differ.status, StatusCode::UNPROCESSABLE_ENTITY);
    differ.shows(&["一致しません"]);
    let set = app
        .post(
            "/password",
            &[("token", token), ("password", "a long passphrase"), ("password_again", "a long passphrase")],
        )
        .await;
    assert_eq!(set.status, StatusCode::SEE_OTHER, "{}", set.body);
    // Once only.
    assert_eq!(app.get(&link).await.status, StatusCode::GONE);
    let again = app
        .post("/password", &[("token", token), ("password", "taken over!!"), ("password_again", "taken over!!")])
        .await;
    assert_eq!(again.status, StatusCode::GONE);
    app.login("hanako.sato@example.com", "a long passphrase").await;
    assert_eq!(app.get("/orgs/1/objectives").await.status, StatusCode::OK, "a member of the organization now");

    app.login("demo@ismo.local", "demo").await;
    let page = app.get("/orgs/1/members").await;
    let row = page.body.split("hanako.sato@example.com").nth(1).unwrap().split("</tr>").next().unwrap();
    assert!(row.contains("利用中") && !row.contains("ログインなし"), "{row}");
    let users = audit_entries(&app, "user").await;
    assert!(
        users
            .iter()
            .any(|(_, after)| after.as_deref().is_some_and(|a| a.contains("\"password_changed\":\"invitation\"")))
    );
    assert!(users.iter().all(|(_, after)| !after.as_deref().unwrap_or("").contains("argon2")), "no hash in the trail");
}

#[tokio::test]
async fn with_mail_configured_the_new_person_gets_their_link_by_mail() {
    let mails = tempfile::tempdir().unwrap();
    let dir = mails.path().to_path_buf();
    let app = TestApp::with_demo_served_by(|store| {
        let outbox = ismo::mail::Outbox {
            mailer: ismo::mail::Mailer::files(&dir),
            from: "ISMS事務局 <isms@example.com>".parse().unwrap(),
        };
        ismo::web::app_mailing(
            store,
            ismo::web::SessionSettings::default(),
            Some(outbox),
            Some("https://ismo.example.com/".into()),
        )
    })
    .await;
    let added =
        app.post("/orgs/1/members", &[("email", "jiro@example.com"), ("name", "山本 次郎"), ("role", "owner")]).await;
    assert_eq!(added.status, StatusCode::OK, "{}", added.body);
    added.shows(&["jiro@example.com にもメールで送りました", "https://ismo.example.com/password?token="]);
    let link = link_on(&added);
    let sent = common::mails::mails(mails.path());
    assert_eq!(sent.len(), 1, "one mail");
    let (headers, body) = &sent[0];
    assert!(header(headers, "to").contains("jiro@example.com"));
    assert!(header(headers, "from").contains("isms@example.com"));
    assert!(header(headers, "subject").contains("株式会社サンプル"), "{headers:?}");
    assert!(body.contains(&format!("https://ismo.example.com{link}")), "the mail carries the link:\n{body}");
    // Who is asked, by whom, for which role.
    assert!(["山本 次郎", "デモ管理者", "株式会社サンプル", "責任者"].iter().all(|w| body.contains(w)), "{body}");

    // An existing account with a password gets the role, and no link and no mail.
    let existing = app.post("/orgs/1/members", &[("email", "owner@ismo.local"), ("role", "manager")]).await;
    assert_eq!(existing.status, StatusCode::OK);
    assert!(!existing.body.contains("/password?token="));
    assert_eq!(std::fs::read_dir(mails.path()).unwrap().count(), 1, "no second mail");
}

#[tokio::test]
async fn an_expired_link_does_not_work_and_an_existing_account_gets_none() {
    let app = TestApp::with_demo().await;
    let email = ismo::domain::account::Email::parse("late@example.com").unwrap();
    let name = ismo::domain::account::DisplayName::parse("Late").unwrap();
    let long_ago = Utc::now() - TimeDelta::hours(73);
    let invited = app
        .store
        .invite_member(1, &email, &name, Role::Auditor, &ismo::domain::actor::Actor::cli(), long_ago)
        .await
        .unwrap();
    let token = invited.link_token.expect("a new account gets a link");
    app.logout_locally();
    assert_eq!(app.get(&format!("/password?token={token}")).await.status, StatusCode::GONE);
    let taken = app
        .post("/password", &[("token", &token), ("password", "too late now"), ("password_again", "too late now")])
        .await;
    assert_eq!(taken.status, StatusCode::GONE);
    taken.shows(&["使えません"]);

    // The manager has a password: adding them elsewhere makes no link.
    app.login("demo@ismo.local", "demo").await;
    let again = app.post("/orgs/1/members", &[("email", "manager@ismo.local"), ("role", "auditor")]).await;
    assert_eq!(again.status, StatusCode::OK);
    assert!(!again.body.contains("/password?token="), "no link for an account with a password");
    assert_eq!(app.store.membership(1, MANAGER).await.unwrap(), Some(Role::Auditor));
}

#[tokio::test]
async fn removing_a_member_ends_their_sessions_and_feeds_but_keeps_their_name_on_records() {
    let app = TestApp::with_demo().await;
    // The manager is signed in elsewhere, with a feed of the whole organization and one of their own plans.
    let now = Utc::now();
    let elsewhere = app.store.create_session(MANAGER, now, SESSION_IDLE, SESSION_ABSOLUTE).await.unwrap();
    let (_, org_feed) = app.store.create_feed(MANAGER, Some(1), &ismo::domain::actor::Actor::cli()).await.unwrap();
    let (_, own_feed) = app.store.create_feed(MANAGER, None, &ismo::domain::actor::Actor::cli()).await.unwrap();
    let plan = plans_of(&app, MANAGER).await;
    assert!(!plan.is_empty(), "the demo manager is responsible for plans");
    let plan_id = plan[0];
    assert_eq!(app.get(&format!("/ical/{org_feed}.ics")).await.status, StatusCode::OK);

    let removed = app.post(&format!("/orgs/1/members/{MANAGER}/remove"), &[]).await;
    assert_eq!(removed.status, StatusCode::SEE_OTHER, "{}", removed.body);
    assert!(app.store.session_user(&elsewhere, now).await.unwrap().is_none(), "their session ended");
    assert_eq!(app.get(&format!("/ical/{org_feed}.ics")).await.status, StatusCode::NOT_FOUND, "their feed stopped");
    let own = app.get(&format!("/ical/{own_feed}.ics")).await;
    assert!(!own.body.contains("SUMMARY"), "their own feed no longer shows this organization's plans");
    assert_eq!(app.store.membership(1, MANAGER).await.unwrap(), None);

    // Old records keep the name, marked; new plans cannot be given to them.
    let page = app.get(&format!("/orgs/1/plans/{plan_id}")).await;
    page.shows(&["山田 太郎", "以前のメンバー"]);
    let members = app.get("/orgs/1/members").await;
    members.shows(&["以前のメンバー", "manager@ismo.local"]);
    let new_plan = app.get("/orgs/1/objectives/1/plans/new").await;
    assert!(!new_plan.body.contains(&format!("value=\"{MANAGER}\"")), "not offered for new plans");
    let edit = app.get(&format!("/orgs/1/plans/{plan_id}/edit")).await;
    assert!(edit.body.contains(&format!("value=\"{MANAGER}\" selected")), "kept on their plan");
    // Saving the plan unchanged keeps them; choosing them for another plan is refused.
    let version = edit.hidden("version");
    let status = if edit.body.contains("value=\"on_track\" selected") { "on_track" } else { "not_started" };
    let kept = app
        .post(
            &format!("/orgs/1/plans/{plan_id}"),
            &[
                ("responsible_user_id", &MANAGER.to_string()),
                ("status", status),
                ("version", &version),
                ("actions", "続ける"),
            ],
        )
        .await;
    assert_eq!(kept.status, StatusCode::SEE_OTHER, "{}", kept.body);
    assert_eq!(app.store.plan(1, plan_id).await.unwrap().unwrap().responsible_user_id, Some(MANAGER));
    let other = plans_of(&app, OWNER).await[0];
    let version = app.get(&format!("/orgs/1/plans/{other}/edit")).await.hidden("version");
    let refused = app
        .post(
            &format!("/orgs/1/plans/{other}"),
            &[("responsible_user_id", &MANAGER.to_string()), ("status", "not_started"), ("version", &version)],
        )
        .await;
    assert_ne!(refused.status, StatusCode::SEE_OTHER, "a former member is not given new work");
    assert_eq!(app.store.plan(1, other).await.unwrap().unwrap().responsible_user_id, Some(OWNER));

    // The trail: the membership's end and the feed's revocation, each an entry.
    let memberships = audit_entries(&app, "membership").await;
    assert!(
        memberships
            .iter()
            .any(|(action, after)| action == "status"
                && after.as_deref().is_some_and(|a| a.contains("\"archived\":true")))
    );
    let feeds = audit_entries(&app, "feed").await;
    assert!(feeds.iter().any(|(action, after)| action == "status"
        && after.as_deref().is_some_and(|a| a.contains("member-removed"))));
    assert!(feeds.iter().all(|(_, after)| !after.as_deref().unwrap_or("").contains(&org_feed)), "no token");

    // Brought back by adding their address again.
    let back = app.post("/orgs/1/members", &[("email", "manager@ismo.local"), ("role", "manager")]).await;
    assert_eq!(back.status, StatusCode::OK);
    assert_eq!(app.store.membership(1, MANAGER).await.unwrap(), Some(Role::Manager));
}

#[tokio::test]
async fn the_last_admin_can_be_neither_removed_nor_demoted() {
    let app = TestApp::with_demo().await;
    for (path, fields) in [("/orgs/1/members/1/remove", vec![]), ("/orgs/1/members/1/role", vec![("role", "manager")])]
    {
        let refused = app.post(path, &fields).await;
        assert_eq!(refused.status, StatusCode::CONFLICT, "{path}");
        refused.shows(&["最後の管理者"]);
        assert_eq!(app.store.membership(1, 1).await.unwrap(), Some(Role::Admin), "{path}");
    }
    // With a second admin, the first may step down.
    let promoted = app.post(&format!("/orgs/1/members/{MANAGER}/role"), &[("role", "admin")]).await;
    assert_eq!(promoted.status, StatusCode::SEE_OTHER);
    let stepped_down = app.post("/orgs/1/members/1/role", &[("role", "manager")]).await;
    assert_eq!(stepped_down.status, StatusCode::SEE_OTHER);
    assert_eq!(app.store.membership(1, 1).await.unwrap(), Some(Role::Manager));
    // Forged forms change nothing: an unknown role, another organization's person.
    assert_eq!(app.get("/orgs/1/members").await.status, StatusCode::FORBIDDEN, "no longer admin");
    app.login("manager@ismo.local", "demo").await;
    assert_eq!(
        app.post(&format!("/orgs/1/members/{OWNER}/role"), &[("role", "root")]).await.status,
        StatusCode::BAD_REQUEST
    );
    assert_eq!(app.post("/orgs/1/members/999/remove", &[]).await.status, StatusCode::NOT_FOUND);
    assert_eq!(app.store.membership(1, OWNER).await.unwrap(), Some(Role::Owner));
}

#[tokio::test]
async fn a_person_changes_their_own_password_and_their_other_sessions_end() {
    let app = TestApp::with_demo().await;
    let now = Utc::now();
    let phone = app.store.create_session(1, now, SESSION_IDLE, SESSION_ABSOLUTE).await.unwrap();
    let wrong = app
        .post(
            "/me/password",
            &[("current", "not it"), ("password", "a new passphrase"), ("password_again", "a new passphrase")],
        )
        .await;
    assert_eq!(wrong.status, StatusCode::UNPROCESSABLE_ENTITY);
    wrong.shows(&["現在のパスワードが正しくありません"]);
    assert!(app.store.session_user(&phone, now).await.unwrap().is_some(), "nothing changed");

    let changed = app
        .post(
            "/me/password",
            &[("current", "demo"), ("password", "a new passphrase"), ("password_again", "a new passphrase")],
        )
        .await;
    assert_eq!(changed.status, StatusCode::OK, "{}", changed.body);
    changed.shows(&["パスワードを変更しました"]);
    assert!(app.store.session_user(&phone, now).await.unwrap().is_none(), "the other session ended");
    assert_eq!(app.get("/me").await.status, StatusCode::OK, "this one goes on");
    app.login("demo@ismo.local", "a new passphrase").await;
}

#[tokio::test]
async fn guessing_the_current_password_from_an_open_session_is_slowed_down() {
    let app = TestApp::with_demo().await;
    let guess = async |n: usize| {
        let guess = format!("guess {n}");
        let form = [("current", guess.as_str()), ("password", "taken over!!"), ("password_again", "taken over!!")];
        app.post("/me/password", &form).await
    };
    // Three free guesses, as at sign-in; then a wait that says how long.
    for n in 0..3 {
        assert_eq!(guess(n).await.status, StatusCode::UNPROCESSABLE_ENTITY);
    }
    let held = guess(3).await;
    assert_eq!(held.status, StatusCode::TOO_MANY_REQUESTS, "{}", held.body);
    assert!(held.headers.get("retry-after").is_some());
    held.shows(&["秒後にもう一度"]);
    // Even the right password waits now; and every failure is in the trail.
    let right = app
        .post("/me/password", &[("current", "demo"), ("password", "taken over!!"), ("password_again", "taken over!!")])
        .await;
    assert_eq!(right.status, StatusCode::TOO_MANY_REQUESTS);
    let failed = audit_entries(&app, "user").await.iter().filter(|(action, _)| action == "sign_in_failed").count();
    assert_eq!(failed, 3);
}

#[tokio::test]
async fn a_new_database_is_set_up_in_the_browser_once() {
    let app = TestApp::new().await;
    let token = app.store.create_setup_link(Utc::now()).await.unwrap().expect("no account yet");
    let newer = app.store.create_setup_link(Utc::now()).await.unwrap().unwrap();
    assert_eq!(app.get(&format!("/setup?token={token}")).await.status, StatusCode::GONE, "a newer link replaces it");
    assert_eq!(app.get("/setup?token=0123").await.status, StatusCode::GONE);
    let form = app.get(&format!("/setup?token={newer}")).await;
    assert_eq!(form.status, StatusCode::OK);
    let fields = |email: &'static str| {
        vec![
            ("token", newer.clone()),
            ("org", "株式会社サンプル".to_string()),
            ("name", "事務局 一郎".to_string()),
            ("email", email.to_string()),
            ("password", "first admin passphrase".to_string()),
            ("password_again", "first admin passphrase".to_string()),
        ]
    };
    let as_refs = |v: &Vec<(&'static str, String)>| v.iter().map(|(k, v)| (*k, v.clone())).collect::<Vec<_>>();
    let bad = as_refs(&fields("not an address"));
    let bad: Vec<(&str, &str)> = bad.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let refused = app.post("/setup", &bad).await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(app.store.user_count().await.unwrap(), 0, "nothing made");
    let good = as_refs(&fields("admin@example.com"));
    let good: Vec<(&str, &str)> = good.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let done = app.post("/setup", &good).await;
    assert_eq!(done.status, StatusCode::SEE_OTHER, "{}", done.body);
    let again = app.post("/setup", &good).await;
    assert_eq!(again.status, StatusCode::GONE, "once");
    assert_eq!(app.store.user_count().await.unwrap(), 1);
    assert!(app.store.create_setup_link(Utc::now()).await.unwrap().is_none(), "no setup link once an account exists");
    app.login("admin@example.com", "first admin passphrase").await;
    let org = app.store.organization_by_name("株式会社サンプル").await.unwrap().expect("the organization");
    assert_eq!(app.get(&format!("/orgs/{}/members", org.id)).await.status, StatusCode::OK, "its admin");
}
