//! Every route of the route table, asked by every kind of person: nobody,
//! each role of the organization, and a member of another organization. The
//! expectation is computed from the route's declared access and the roles
//! table of domain.md, so a new route is covered the moment it is listed.

mod common;

use axum::http::{Method, StatusCode};
use common::{Answer, TestApp};
use ismo::domain::access::{Access, Role};
use ismo::domain::account::{DisplayName, Email};
use ismo::domain::actor::Actor;
use ismo::domain::organization::OrganizationDraft;
use ismo::domain::requirement::{RequirementDraft, RequirementForm};
use ismo::web::{RouteInfo, route_table};

#[derive(Debug, Clone, Copy, PartialEq)]
enum Who {
    Anonymous,
    Member(Role),
    /// Admin of another organization only.
    Stranger,
}

const PEOPLE: [Who; 6] = [
    Who::Anonymous,
    Who::Member(Role::Admin),
    Who::Member(Role::Manager),
    Who::Member(Role::Owner),
    Who::Member(Role::Auditor),
    Who::Stranger,
];

/// Demo records to put in `{id}`, by the path segment before it. Plan 4
/// (objective 3) is the demo owner's own plan; indicator 4 and measurement 3
/// belong to that objective, so the owner may record and correct them. An
/// upload is its uploader's only: `setup` saves one for the admin, then one
/// for the manager.
fn id_for(path: &str, who: Who) -> i64 {
    let kind = path.split("/{id}").next().unwrap().rsplit('/').next().unwrap();
    match kind {
        "objectives" => 3,
        "plans" | "indicators" => 4,
        "measurements" => 3,
        // R-001: the demo owner is its risk owner.
        "risks" => 1,
        "inputs" | "requirements" | "statements" | "versions" | "communications" | "reviews" => 1,
        // The demo admin: the organization's last admin, whom no change may
        // take away, so the matrix's requests leave the members as they are.
        "members" => 1,
        "import" if who == Who::Member(Role::Manager) => 2,
        "import" => 1,
        // Each person's own calendar feed, made in this order by `make_feeds`.
        "feeds" => match who {
            Who::Anonymous | Who::Member(Role::Admin) => 1,
            Who::Member(Role::Manager) => 2,
            Who::Member(Role::Owner) => 3,
            Who::Member(Role::Auditor) => 4,
            Who::Stranger => 5,
        },
        other => panic!("add the `{other}` records to id_for()"),
    }
}

#[derive(Debug, PartialEq)]
enum Outcome {
    Allowed,
    ToLogin,
    Forbidden,
    NotFound,
}

fn outcome(answer: &Answer) -> Outcome {
    match answer.status {
        StatusCode::FORBIDDEN => Outcome::Forbidden,
        StatusCode::NOT_FOUND => Outcome::NotFound,
        StatusCode::SEE_OTHER if answer.location().starts_with("/login") => Outcome::ToLogin,
        s if s.is_server_error() => panic!("server error {s}: {}", answer.body),
        _ => Outcome::Allowed,
    }
}

fn expected(route: &RouteInfo, who: Who) -> Outcome {
    let in_org = route.path.contains("{org}");
    match (route.access, who) {
        (Access::Public, _) => Outcome::Allowed,
        (_, Who::Anonymous) => Outcome::ToLogin,
        (Access::LoggedIn, _) => Outcome::Allowed,
        (_, Who::Stranger) if in_org => Outcome::NotFound,
        (access, Who::Member(role)) if role.allows(access) => Outcome::Allowed,
        _ => Outcome::Forbidden,
    }
}

async fn log_in_as(app: &TestApp, who: Who) {
    match who {
        Who::Anonymous => app.logout_locally(),
        Who::Stranger => app.login("stranger@example.com", "stranger-password").await,
        Who::Member(role) => {
            let email = ismo::demo::DEMO_USERS.iter().find(|(r, _, _)| *r == role).unwrap().1;
            app.login(email, ismo::demo::DEMO_PASSWORD).await;
        }
    }
}

/// The demo, a requirement (the demo has none) and a stranger: the admin of
/// another organization.
async fn setup() -> TestApp {
    let app = TestApp::with_demo().await;
    let actor = Actor::cli();
    let form = RequirementForm { kind: "legal".into(), text: "個人情報保護法".into(), ..Default::default() };
    app.store.create_requirement(1, 1, &RequirementDraft::parse(&form).unwrap(), &actor).await.unwrap();
    let other =
        app.store.create_organization(&OrganizationDraft::with_defaults("別会社").unwrap(), &actor).await.unwrap();
    let email = Email::parse("stranger@example.com").unwrap();
    let hash = ismo::domain::password::hash_password("stranger-password");
    let user =
        app.store.create_user(&email, &DisplayName::parse("他社の管理者").unwrap(), Some(&hash), &actor).await.unwrap();
    app.store.add_member(other.id, user.id, Role::Admin, &actor).await.unwrap();
    for role in [Role::Admin, Role::Manager] {
        let email = ismo::demo::DEMO_USERS.iter().find(|(r, _, _)| *r == role).unwrap().1;
        let (uploader, _) = app.store.user_by_email(email).await.unwrap().unwrap();
        app.store.save_upload(1, uploader.id, "matrix.xlsx", b"not a workbook", None).await.unwrap();
    }
    app
}

/// A calendar feed for each person (ids 1–5 in `PEOPLE`'s order), and the
/// admin's feed of the whole organization, whose token is returned.
async fn make_feeds(app: &TestApp) -> String {
    let mut emails: Vec<&str> = ismo::demo::DEMO_USERS.iter().map(|(_, email, _)| *email).collect();
    emails.push("stranger@example.com");
    for email in &emails {
        let (user, _) = app.store.user_by_email(email).await.unwrap().unwrap();
        app.store.create_feed(user.id, None, &Actor::cli()).await.unwrap();
    }
    let (admin, _) = app.store.user_by_email(emails[0]).await.unwrap().unwrap();
    app.store.create_feed(admin.id, Some(1), &Actor::cli()).await.unwrap().1
}

#[tokio::test]
async fn every_route_for_every_role() {
    let app = setup().await;
    let feed_token = make_feeds(&app).await;
    let routes = route_table();
    let mut checked = 0;
    for who in PEOPLE {
        log_in_as(&app, who).await;
        for route in &routes {
            if route.path == "/logout" || route.path == "/login" {
                continue; // They change who is logged in; tested in auth_http.rs.
            }
            let path = route.path.replace("{org}", "1").replace("{file}", "app.css");
            let path = path.replace("{token}", &format!("{feed_token}.ics"));
            let path =
                if path.contains("{id}") { path.replace("{id}", &id_for(route.path, who).to_string()) } else { path };
            let answer = if route.method == Method::POST {
                app.post(&path, &[("lang", "ja"), ("title", "matrix"), ("code", "M1"), ("reference", "r")]).await
            } else {
                app.get(&path).await
            };
            assert_eq!(outcome(&answer), expected(route, who), "{:?} {} {}", who, route.method, route.path);
            checked += 1;
        }
    }
    assert!(checked > 200, "{checked} checks");
}

#[tokio::test]
async fn an_owner_updates_only_the_plans_that_name_them() {
    let app = setup().await;
    log_in_as(&app, Who::Member(Role::Owner)).await;
    // Plan 4 names the owner; plan 1 names the manager.
    assert_eq!(app.get("/orgs/1/plans/4/months").await.status, StatusCode::OK);
    for path in ["/orgs/1/plans/1/months", "/orgs/1/plans/1/edit"] {
        assert_eq!(app.get(path).await.status, StatusCode::FORBIDDEN, "{path}");
    }
    let before = app.store.months(1, 1).await.unwrap();
    let p = ismo::domain::period::Period::containing(ismo::web::today(), 4).start_year();
    let field = format!("result_{p}-10");
    let refused = app.post("/orgs/1/plans/1/months", &[(&field, "勝手な記入"), ("stamp", "0")]).await;
    assert_eq!(refused.status, StatusCode::FORBIDDEN);
    refused.shows(&["この操作は許可されていません"]);
    assert_eq!(app.store.months(1, 1).await.unwrap(), before);
    // Their own plan: the result is recorded, under their name in the history.
    let stamp = app.get("/orgs/1/plans/4/months").await.hidden("stamp");
    let saved = app.post("/orgs/1/plans/4/months", &[(&field, "1件"), ("stamp", &stamp)]).await;
    assert_eq!(saved.status, StatusCode::SEE_OTHER, "{}", saved.body);
    app.get("/orgs/1/plans/4").await.shows(&["1件", "owner@ismo.local"]);
    // They cannot hand the plan to someone else through a forged form.
    let plan = app.store.plan(1, 4).await.unwrap().unwrap();
    let version = plan.version.to_string();
    let forged = app
        .post("/orgs/1/plans/4", &[("status", "on_track"), ("responsible_user_id", "2"), ("version", &version)])
        .await;
    assert_eq!(forged.status, StatusCode::SEE_OTHER);
    assert_eq!(app.store.plan(1, 4).await.unwrap().unwrap().responsible_user_id, plan.responsible_user_id);
}

#[tokio::test]
async fn an_auditor_reads_everything_and_is_offered_no_change() {
    let app = setup().await;
    log_in_as(&app, Who::Member(Role::Auditor)).await;
    let page = app.get("/orgs/1/objectives/1").await;
    assert_eq!(page.status, StatusCode::OK);
    page.shows(&["変更履歴", "demo"]);
    assert!(!page.body.contains("/edit\""), "no edit links for an auditor");
    assert!(!app.get("/orgs/1/objectives").await.body.contains("/objectives/new"));
}
