//! Accounts end to end: the `ismo user/org/member` commands on a real
//! database file, and the store's sessions and login throttling.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

use chrono::{DateTime, TimeDelta, Utc};
use sha2::{Digest, Sha256};

use ismo::config::DbTarget;
use ismo::domain::access::Role;
use ismo::domain::account::{DisplayName, Email, SESSION_ABSOLUTE, SESSION_IDLE};
use ismo::domain::actor::Actor;
use ismo::domain::password::{hash_password, verify_password};
use ismo::store::{Admission, Store, StoreError};

struct Db {
    path: PathBuf,
    _dir: tempfile::TempDir,
}

fn db() -> Db {
    let dir = tempfile::tempdir().unwrap();
    Db { path: dir.path().join("ismo.db"), _dir: dir }
}

/// Runs `ismo ARGS --db PATH`, feeding `stdin` when given.
fn ismo(db: &Path, args: &[&str], stdin: Option<&str>) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_ismo"))
        .args(args)
        .arg("--db")
        .arg(db)
        .env_remove("ISMO_DB")
        .env("RUST_LOG", "ismo=debug")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut pipe = child.stdin.take().unwrap();
    if let Some(text) = stdin {
        pipe.write_all(text.as_bytes()).unwrap();
    }
    drop(pipe);
    child.wait_with_output().unwrap()
}

fn out(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn err(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

#[track_caller]
fn ok(o: Output) -> String {
    assert!(o.status.success(), "failed: {}{}", out(&o), err(&o));
    assert_eq!(err(&o), "", "nothing on stderr");
    out(&o)
}

/// Asserts failure and returns the error line.
#[track_caller]
fn fails(o: Output) -> String {
    assert!(!o.status.success(), "should fail: {}", out(&o));
    assert_eq!(out(&o), "", "nothing on stdout");
    err(&o)
}

async fn store(db: &Path) -> Store {
    Store::open(&DbTarget::Sqlite(db.to_path_buf())).await.unwrap()
}

async fn add_user(store: &Store, email: &str, password: Option<&str>) -> i64 {
    let hash = password.map(hash_password);
    store
        .create_user(
            &Email::parse(email).unwrap(),
            &DisplayName::parse("Test").unwrap(),
            hash.as_deref(),
            &Actor::cli(),
        )
        .await
        .unwrap()
        .id
}

fn at(minutes: i64) -> DateTime<Utc> {
    DateTime::from_timestamp(1_800_000_000, 0).unwrap() + TimeDelta::minutes(minutes)
}

#[tokio::test]
async fn the_operator_sets_up_users_organizations_and_roles() {
    let db = db();
    let p = &db.path;
    let secret = "correct horse battery";

    let said = ok(ismo(
        p,
        &["user", "add", "Alice@Example.com", "--name", "山田 花子", "--password-stdin"],
        Some(&format!("{secret}\n")),
    ));
    assert_eq!(said, "created user alice@example.com (山田 花子)\n");
    let said = ok(ismo(p, &["user", "add", "bob@example.com"], None));
    assert!(
        said.contains("without a password") && said.contains("`ismo user passwd bob@example.com --password-stdin`"),
        "{said}"
    );

    assert_eq!(
        ok(ismo(p, &["org", "add", "サンプル株式会社"], None)),
        "created organization サンプル株式会社 (id 1)\n"
    );
    assert_eq!(ok(ismo(p, &["org", "add", "Beta"], None)), "created organization Beta (id 2)\n");

    // By name, by id, and a change of role.
    let said = ok(ismo(p, &["member", "add", "alice@example.com", "サンプル株式会社", "--role", "admin"], None));
    assert_eq!(said, "alice@example.com is now admin of サンプル株式会社 (id 1)\n");
    ok(ismo(p, &["member", "add", "bob@example.com", "2", "--role", "auditor"], None));
    ok(ismo(p, &["member", "add", "bob@example.com", "1", "--role", "Owner"], None));
    // The organization's only admin cannot be made something else.
    let said = fails(ismo(p, &["member", "add", "alice@example.com", "1", "--role", "manager"], None));
    assert!(said.contains("last admin of サンプル株式会社") && said.contains("--role admin"), "{said}");
    let said = ok(ismo(p, &["member", "add", "bob@example.com", "2", "--role", "admin"], None));
    assert!(said.ends_with("was auditor\n"), "{said}");
    let said = ok(ismo(p, &["member", "add", "bob@example.com", "Beta", "--role", "admin"], None));
    assert!(said.contains("was already admin"), "{said}");

    let store = store(p).await;
    assert_eq!(store.user_count().await.unwrap(), 2);
    let (alice, hash) = store.user_by_email("ALICE@example.com ").await.unwrap().unwrap();
    assert_eq!(alice.display_name, "山田 花子");
    assert!(alice.has_password);
    assert!(verify_password(secret, &hash.unwrap()));
    let (bob, hash) = store.user_by_email("bob@example.com").await.unwrap().unwrap();
    assert!(!bob.has_password && hash.is_none());

    let alices = store.memberships(alice.id).await.unwrap();
    assert_eq!(alices.len(), 1);
    assert_eq!((alices[0].org_id, alices[0].role), (1, Role::Admin));
    let bobs: Vec<_> = store.memberships(bob.id).await.unwrap().into_iter().map(|m| (m.org_name, m.role)).collect();
    // Ordered by organization name.
    assert_eq!(bobs, [("Beta".to_string(), Role::Admin), ("サンプル株式会社".to_string(), Role::Owner)]);
    assert_eq!(store.membership(2, alice.id).await.unwrap(), None);
    assert_eq!(store.membership(2, bob.id).await.unwrap(), Some(Role::Admin));
    let members: Vec<_> = store.members(1).await.unwrap().into_iter().map(|(u, r)| (u.email.to_string(), r)).collect();
    assert_eq!(members, [("alice@example.com".into(), Role::Admin), ("bob@example.com".into(), Role::Owner)]);

    // An administrator's reset: CRLF from a Windows pipe is not part of it.
    let said = ok(ismo(
        p,
        &["user", "passwd", "bob@example.com", "--password-stdin"],
        Some("bob's new password\r\nignored second line\n"),
    ));
    assert_eq!(said, "password of bob@example.com set; 0 session(s) ended, 0 calendar feed(s) revoked\n");
    let (_, hash) = store.user_by_email("bob@example.com").await.unwrap().unwrap();
    assert!(verify_password("bob's new password", &hash.unwrap()));

    // Every change is in the audit trail, and no password or hash is.
    let raw = sqlx::SqlitePool::connect(&format!("sqlite:{}", p.display())).await.unwrap();
    let trail: Vec<(Option<i64>, String, String, i64, String)> = sqlx::query_as(
        "SELECT org_id, action, record_type, record_id, COALESCE(before, '') || ' ' || after FROM audit_log ORDER BY id",
    )
    .fetch_all(&raw)
    .await
    .unwrap();
    let kinds: Vec<_> =
        trail.iter().map(|(org, action, kind, id, _)| (*org, action.as_str(), kind.as_str(), *id)).collect();
    let (a, b) = (alice.id, bob.id);
    assert_eq!(
        kinds,
        [
            (None, "create", "user", a),
            (None, "create", "user", b),
            (Some(1), "create", "organization", 1),
            (Some(2), "create", "organization", 2),
            (Some(1), "create", "membership", a),
            (Some(2), "create", "membership", b),
            (Some(1), "create", "membership", b),
            (Some(2), "update", "membership", b),
            (None, "update", "user", b),
        ]
    );
    for (.., json) in &trail {
        assert!(!json.contains("argon2") && !json.contains(secret) && !json.contains("new password"), "{json}");
    }
    assert!(trail[8].4.contains(r#""password_changed":"reset""#), "{}", trail[8].4);
    assert_eq!(store.verify_audit().await.unwrap(), Ok(9));
}

#[tokio::test]
async fn mistakes_get_one_line_that_says_what_to_do() {
    let db = db();
    let p = &db.path;
    ok(ismo(p, &["user", "add", "alice@example.com"], None));
    ok(ismo(p, &["org", "add", "Acme"], None));

    let e = fails(ismo(p, &["member", "add", "nobody@example.com", "Acme", "--role", "admin"], None));
    assert_eq!(e, "error: no user nobody@example.com; create it with `ismo user add nobody@example.com`\n");
    let e = fails(ismo(p, &["user", "passwd", "nobody@example.com", "--password-stdin"], Some("long enough\n")));
    assert!(e.contains("no user nobody@example.com"), "{e}");
    let e = fails(ismo(p, &["member", "add", "alice@example.com", "Nope", "--role", "admin"], None));
    assert!(e.contains("no organization \"Nope\"") && e.contains("ismo org add"), "{e}");
    let e = fails(ismo(p, &["member", "add", "alice@example.com", "99", "--role", "admin"], None));
    assert!(e.contains("no organization \"99\""), "{e}");
    let e = fails(ismo(p, &["member", "add", "alice@example.com", "Acme", "--role", "boss"], None));
    assert!(e.contains("unknown role \"boss\"; use admin, manager, owner or auditor"), "{e}");

    let e = fails(ismo(p, &["user", "add", "alice@example.com"], None));
    assert!(e.contains("already exists") && e.contains("ismo user passwd"), "{e}");
    let e = fails(ismo(p, &["user", "add", "not-an-address"], None));
    assert!(e.contains("is not an e-mail address"), "{e}");
    let e = fails(ismo(p, &["org", "add", "Acme"], None));
    assert!(e.contains("already exists"), "{e}");

    let e = fails(ismo(p, &["user", "add", "c@example.com", "--password-stdin"], Some("short\n")));
    assert!(e.contains("at least 8 characters"), "{e}");
    let e = fails(ismo(p, &["user", "add", "c@example.com", "--password-stdin"], Some("")));
    assert!(e.contains("no password on standard input"), "{e}");
    // The password comes only from stdin, never from the command line.
    let e = fails(ismo(p, &["user", "passwd", "alice@example.com"], None));
    assert!(e.contains("--password-stdin"), "{e}");

    let store = store(p).await;
    assert_eq!(store.user_count().await.unwrap(), 1, "nothing half-made");
}

#[tokio::test]
async fn passwords_and_hashes_are_never_printed() {
    let db = db();
    let p = &db.path;
    let secret = "tell-nobody-123";
    let runs = [
        ismo(p, &["user", "add", "a@example.com", "--password-stdin"], Some(secret)),
        ismo(p, &["user", "passwd", "a@example.com", "--password-stdin"], Some(secret)),
        ismo(p, &["user", "add", "a@example.com", "--password-stdin"], Some(secret)),
    ];
    for run in runs {
        let all = format!("{}{}", out(&run), err(&run));
        assert!(!all.contains(secret) && !all.contains("$argon2"), "{all}");
    }
}

#[tokio::test]
async fn sessions_end_when_idle_or_old() {
    let db = db();
    let store = store(&db.path).await;
    let user = add_user(&store, "a@example.com", Some("password1")).await;
    let idle = TimeDelta::minutes(10);
    let absolute = TimeDelta::minutes(30);

    // Idle: unused for 10 minutes.
    let token = store.create_session(user, at(0), idle, absolute).await.unwrap();
    assert_eq!(token.len(), 64);
    let (u, info) = store.session_user(&token, at(9)).await.unwrap().unwrap();
    assert_eq!(u.id, user);
    assert_eq!(info.expires_at, at(19), "use moves the idle expiry");
    assert!(store.session_user(&token, at(18)).await.unwrap().is_some());
    assert!(store.session_user(&token, at(28)).await.unwrap().is_none());
    assert!(store.session_user(&token, at(20)).await.unwrap().is_none(), "removed");

    // Absolute: used every 5 minutes, still ends 30 minutes after login.
    let token = store.create_session(user, at(100), idle, absolute).await.unwrap();
    for m in (105..130).step_by(5) {
        assert!(store.session_user(&token, at(m)).await.unwrap().is_some(), "{m}");
    }
    let (_, info) = store.session_user(&token, at(129)).await.unwrap().unwrap();
    assert_eq!(info.expires_at, at(130));
    assert_eq!(info.absolute_expires_at, at(130));
    assert!(store.session_user(&token, at(130)).await.unwrap().is_none());

    // The last use is noted at most once a minute.
    let token = store.create_session(user, at(200), idle, absolute).await.unwrap();
    let seconds = |s| at(200) + TimeDelta::seconds(s);
    let (_, info) = store.session_user(&token, seconds(30)).await.unwrap().unwrap();
    assert_eq!(info.last_seen_at, at(200));
    let (_, info) = store.session_user(&token, seconds(60)).await.unwrap().unwrap();
    assert_eq!(info.last_seen_at, seconds(60));

    // Defaults: 8 hours idle, 7 days at most.
    let token = store.create_session(user, at(0), SESSION_IDLE, SESSION_ABSOLUTE).await.unwrap();
    let (_, info) = store.session_user(&token, at(0)).await.unwrap().unwrap();
    assert_eq!(info.expires_at, at(8 * 60));
    assert_eq!(info.absolute_expires_at, at(7 * 24 * 60));

    // Unknown and malformed tokens; logout.
    assert!(store.session_user(&"0".repeat(64), at(1)).await.unwrap().is_none());
    assert!(store.session_user("", at(1)).await.unwrap().is_none());
    store.delete_session(&token).await.unwrap();
    assert!(store.session_user(&token, at(1)).await.unwrap().is_none());
}

#[tokio::test]
async fn only_a_hash_of_the_token_is_kept() {
    let db = db();
    let store = store(&db.path).await;
    let user = add_user(&store, "a@example.com", None).await;
    let token = store.create_session(user, Utc::now(), SESSION_IDLE, SESSION_ABSOLUTE).await.unwrap();
    let other = store.create_session(user, Utc::now(), SESSION_IDLE, SESSION_ABSOLUTE).await.unwrap();
    assert_ne!(token, other);
    assert!(token.bytes().all(|b| b.is_ascii_hexdigit()));

    let raw = sqlx::SqlitePool::connect(&format!("sqlite:{}", db.path.display())).await.unwrap();
    let kept: Vec<String> = sqlx::query_scalar("SELECT id_hash FROM sessions").fetch_all(&raw).await.unwrap();
    assert_eq!(kept.len(), 2);
    assert!(!kept.contains(&token));
    assert!(kept.contains(&hex::encode(Sha256::digest(token.as_bytes()))));
    let dump: Vec<String> =
        sqlx::query_scalar("SELECT id_hash || user_id || created_at || last_seen_at || expires_at FROM sessions")
            .fetch_all(&raw)
            .await
            .unwrap();
    assert!(dump.iter().all(|row| !row.contains(&token)));
}

#[tokio::test]
async fn disabled_users_and_password_resets_end_sessions() {
    let db = db();
    let store = store(&db.path).await;
    let a = add_user(&store, "a@example.com", Some("password1")).await;
    let b = add_user(&store, "b@example.com", Some("password1")).await;
    let now = Utc::now();
    let a1 = store.create_session(a, now, SESSION_IDLE, SESSION_ABSOLUTE).await.unwrap();
    let a2 = store.create_session(a, now, SESSION_IDLE, SESSION_ABSOLUTE).await.unwrap();
    let b1 = store.create_session(b, now, SESSION_IDLE, SESSION_ABSOLUTE).await.unwrap();

    let said = ok(ismo(&db.path, &["user", "passwd", "a@example.com", "--password-stdin"], Some("a brand new one\n")));
    assert!(said.contains("2 session(s) ended"), "{said}");
    assert!(store.session_user(&a1, now).await.unwrap().is_none());
    assert!(store.session_user(&a2, now).await.unwrap().is_none());
    assert!(store.session_user(&b1, now).await.unwrap().is_some(), "others stay");

    let raw = sqlx::SqlitePool::connect(&format!("sqlite:{}", db.path.display())).await.unwrap();
    sqlx::query("UPDATE users SET disabled = 1 WHERE id = ?").bind(b).execute(&raw).await.unwrap();
    assert!(store.session_user(&b1, now).await.unwrap().is_none());
}

/// Tries to sign in as `email` from `address` at `now`, failing if let
/// through; the moment it may be tried again when not.
async fn fail(store: &Store, email: &str, address: &str, now: DateTime<Utc>) -> Option<DateTime<Utc>> {
    match store.admit_sign_in(email, address, now).await.unwrap() {
        Admission::Admitted(attempt) => {
            store.sign_in_failed(attempt, None, address).await.unwrap();
            None
        }
        Admission::Wait(until) => Some(until),
    }
}

#[tokio::test]
async fn the_store_counts_failures_per_account_and_address_and_forgets_them_on_success() {
    let db = db();
    let store = store(&db.path).await;
    let s = |seconds: i64| at(0) + TimeDelta::seconds(seconds);
    // Three failures cost nothing; the fourth attempt waits 30 s after the third.
    for second in 0..3 {
        assert_eq!(fail(&store, "Victim@example.com", "10.0.0.1", s(second)).await, None);
    }
    assert_eq!(fail(&store, "victim@example.com", "10.0.0.1", s(10)).await, Some(s(32)));
    // Another address is not held back for the same account, nor the address for another account.
    assert_eq!(fail(&store, "victim@example.com", "10.0.0.2", s(10)).await, None);
    assert_eq!(fail(&store, "other@example.com", "10.0.0.1", s(10)).await, None);
    // After the wait, one more failure doubles it.
    assert_eq!(fail(&store, "victim@example.com", "10.0.0.1", s(32)).await, None);
    assert_eq!(fail(&store, "victim@example.com", "10.0.0.1", s(33)).await, Some(s(92)));
    // A success from 10.0.0.1 forgets that address's failures against the account.
    let victim = add_user(&store, "victim@example.com", Some("right password")).await;
    let user = store.user(victim).await.unwrap().unwrap();
    let Admission::Admitted(attempt) = store.admit_sign_in("victim@example.com", "10.0.0.1", s(92)).await.unwrap()
    else {
        panic!("the wait is over");
    };
    store.sign_in(attempt, &user, "10.0.0.1", None, s(92), SESSION_IDLE, SESSION_ABSOLUTE).await.unwrap();
    for second in 93..96 {
        assert_eq!(fail(&store, "victim@example.com", "10.0.0.1", s(second)).await, None, "free again");
    }
    // Nothing typed is kept: the account is a hash.
    let raw = sqlx::SqlitePool::connect(&format!("sqlite:{}", db.path.display())).await.unwrap();
    let kept: Vec<String> =
        sqlx::query_scalar("SELECT account_hash FROM login_attempts").fetch_all(&raw).await.unwrap();
    assert!(!kept.is_empty() && kept.iter().all(|k| k.len() == 64 && !k.contains('@')), "{kept:?}");
}

#[tokio::test]
async fn store_refuses_duplicates_and_unknown_references() {
    let db = db();
    let store = store(&db.path).await;
    let a = add_user(&store, "a@example.com", None).await;
    let again = store
        .create_user(&Email::parse("A@EXAMPLE.COM").unwrap(), &DisplayName::parse("x").unwrap(), None, &Actor::cli())
        .await;
    assert!(matches!(again, Err(StoreError::Duplicate)));
    assert!(matches!(store.add_member(42, a, Role::Admin, &Actor::cli()).await, Err(StoreError::NotFound)));
    assert!(matches!(
        store.set_password(42, &hash_password("password1"), &Actor::cli()).await,
        Err(StoreError::NotFound)
    ));
    let user = store.user(a).await.unwrap().unwrap();
    assert_eq!((user.version, user.has_password), (1, false));
    store.set_password(a, &hash_password("password1"), &Actor::cli()).await.unwrap();
    let user = store.user(a).await.unwrap().unwrap();
    assert_eq!((user.version, user.has_password), (2, true));
    assert_eq!(store.user(999).await.unwrap(), None);
    assert_eq!(store.user_by_email("not an address").await.unwrap(), None);
}

/// A person who leaves: `member list`, `member role`, `member remove`,
/// `user disable` / `enable`, and a reset that stops their calendar feeds.
#[tokio::test]
async fn the_operator_removes_people_who_leave() {
    let db = db();
    let p = &db.path;
    let store = store(p).await;
    let admin = add_user(&store, "admin@example.com", Some("password1")).await;
    let carol = add_user(&store, "carol@example.com", Some("password1")).await;
    ok(ismo(p, &["org", "add", "Acme"], None));
    ok(ismo(p, &["member", "add", "admin@example.com", "Acme", "--role", "admin"], None));
    ok(ismo(p, &["member", "add", "carol@example.com", "Acme", "--role", "manager"], None));
    let now = Utc::now();
    let session = store.create_session(carol, now, SESSION_IDLE, SESSION_ABSOLUTE).await.unwrap();
    let (_, org_feed) = store.create_feed(carol, Some(1), &Actor::cli()).await.unwrap();
    let (_, own_feed) = store.create_feed(carol, None, &Actor::cli()).await.unwrap();

    let listed = ok(ismo(p, &["member", "list", "Acme"], None));
    assert!(listed.starts_with("Acme (id 1): 2 member(s)\n"), "{listed}");
    assert!(listed.contains("carol@example.com\tTest\tmanager\tactive\tnever signed in"), "{listed}");

    // The last admin stays; a role changes.
    let said = fails(ismo(p, &["member", "role", "admin@example.com", "Acme", "--role", "owner"], None));
    assert!(said.contains("last admin"), "{said}");
    let said = fails(ismo(p, &["member", "remove", "admin@example.com", "Acme"], None));
    assert!(said.contains("last admin"), "{said}");
    let said = fails(ismo(p, &["user", "disable", "admin@example.com"], None));
    assert!(said.contains("last admin"), "{said}");
    let said = ok(ismo(p, &["member", "role", "carol@example.com", "Acme", "--role", "auditor"], None));
    assert_eq!(said, "carol@example.com is now auditor of Acme, was manager\n");

    // Disabling ends everything at once; enabling lets them sign in again, without their old feeds.
    let said = ok(ismo(p, &["user", "disable", "carol@example.com"], None));
    assert_eq!(said, "disabled carol@example.com; 1 session(s) ended, 2 calendar feed(s) revoked\n");
    assert!(store.session_user(&session, now).await.unwrap().is_none());
    assert!(store.feed_by_token(&org_feed).await.unwrap().is_none());
    assert!(ok(ismo(p, &["user", "disable", "carol@example.com"], None)).contains("already disabled"));
    let listed = ok(ismo(p, &["member", "list", "1"], None));
    assert!(listed.contains("carol@example.com\tTest\tauditor\tdisabled"), "{listed}");
    ok(ismo(p, &["user", "enable", "carol@example.com"], None));
    assert!(store.feed_by_token(&own_feed).await.unwrap().is_none(), "revoked feeds stay revoked");
    let fresh = store.create_session(carol, now, SESSION_IDLE, SESSION_ABSOLUTE).await.unwrap();
    assert!(store.session_user(&fresh, now).await.unwrap().is_some(), "enabled again");

    // A reset stops the feeds made with the old password too.
    let (_, feed) = store.create_feed(carol, None, &Actor::cli()).await.unwrap();
    let said = ok(ismo(p, &["user", "passwd", "carol@example.com", "--password-stdin"], Some("a fresh password\n")));
    assert!(said.ends_with("1 session(s) ended, 1 calendar feed(s) revoked\n"), "{said}");
    assert!(store.feed_by_token(&feed).await.unwrap().is_none());

    // Removed: no longer a member, listed as former; the admin cannot be removed.
    let said = ok(ismo(p, &["member", "remove", "carol@example.com", "Acme"], None));
    assert!(said.starts_with("removed carol@example.com from Acme; 0 session(s) ended"), "{said}");
    assert_eq!(store.membership(1, carol).await.unwrap(), None);
    let listed = ok(ismo(p, &["member", "list", "Acme"], None));
    assert!(
        listed.starts_with("Acme (id 1): 1 member(s)\n")
            && listed.contains("carol@example.com\tTest\tauditor\tremoved"),
        "{listed}"
    );
    let said = fails(ismo(p, &["member", "remove", "carol@example.com", "Acme"], None));
    assert!(said.contains("not a member"), "{said}");
    assert_eq!(store.membership(1, admin).await.unwrap(), Some(Role::Admin));

    // Each of these is in the trail: memberships, the account, every feed.
    let raw = sqlx::SqlitePool::connect(&format!("sqlite:{}", p.display())).await.unwrap();
    let feeds: Vec<(String,)> =
        sqlx::query_as("SELECT after FROM audit_log WHERE record_type = 'feed' AND action = 'status' ORDER BY id")
            .fetch_all(&raw)
            .await
            .unwrap();
    assert_eq!(feeds.len(), 3, "{feeds:?}");
    assert!(feeds[0].0.contains("user-disabled") && feeds[2].0.contains("password-reset"), "{feeds:?}");
    assert_eq!(store.verify_audit().await.unwrap().map(|n| n > 0), Ok(true));
}
