//! Driven by the route table itself: every route that names an organization or
//! a record answers 404 for an unknown one and for another organization's
//! record — and never shows or changes that record.

mod common;

use std::collections::HashMap;

use axum::http::{Method, StatusCode};
use common::TestApp;
use ismo::domain::access::Role;
use ismo::domain::account::{DisplayName, Email};
use ismo::domain::actor::Actor;
use ismo::domain::communication::{CommunicationDraft, CommunicationForm};
use ismo::domain::indicator::{IndicatorDraft, IndicatorForm};
use ismo::domain::input::{InputDraft, InputForm};
use ismo::domain::measurement::{MeasurementDraft, MeasurementForm};
use ismo::domain::objective::{ObjectiveDraft, ObjectiveForm};
use ismo::domain::organization::OrganizationDraft;
use ismo::domain::plan::{PlanDraft, PlanForm};
use ismo::domain::policy::{PolicyVersionDraft, PolicyVersionForm, StatementDraft, StatementForm};
use ismo::domain::requirement::{RequirementDraft, RequirementForm};
use ismo::domain::review::{ReviewDraft, ReviewForm};
use ismo::web::{RouteInfo, route_table};

/// A second organization with one record of every kind; returns its id and
/// the record ids by the path segment that names them.
async fn other_organization(app: &TestApp) -> (i64, HashMap<&'static str, i64>) {
    let s = &app.store;
    let actor = Actor::cli();
    let org = s.create_organization(&OrganizationDraft::with_defaults("別会社").unwrap(), &actor).await.unwrap().id;
    let period = ismo::domain::period::Period::containing(ismo::web::today(), 4).start_year();
    let version = s
        .create_policy_version(
            org,
            &PolicyVersionDraft::parse(&PolicyVersionForm { title: "方針".into(), ..Default::default() }).unwrap(),
            &actor,
        )
        .await
        .unwrap();
    let statement = s
        .create_statement(
            org,
            version,
            &StatementDraft::parse(&StatementForm { number: "1".into(), text: "秘密".into(), ..Default::default() })
                .unwrap(),
            &actor,
        )
        .await
        .unwrap();
    let objective_form =
        ObjectiveForm { code: "9".into(), title: "別会社の秘密の目的".into(), ..Default::default() };
    let objective =
        s.create_objective(org, period, &ObjectiveDraft::parse(&objective_form).unwrap(), &actor).await.unwrap();
    let plan = s
        .create_plan(
            org,
            ismo::domain::plan::PlanParent::Objective(objective),
            &PlanDraft::parse(&PlanForm { actions: "別会社の秘密の計画".into(), ..Default::default() }).unwrap(),
            &actor,
        )
        .await
        .unwrap();
    let indicator_form = IndicatorForm {
        name: "秘密".into(),
        direction: "higher".into(),
        frequency: "monthly".into(),
        ..Default::default()
    };
    let indicator =
        s.create_indicator(org, objective, &IndicatorDraft::parse(&indicator_form).unwrap(), &actor).await.unwrap();
    let input_form = InputForm { kind: "other".into(), reference: "秘密".into(), ..Default::default() };
    let input = s.create_input(org, objective, &InputDraft::parse(&input_form).unwrap(), &actor).await.unwrap();
    let requirement_form = RequirementForm { kind: "legal".into(), text: "秘密".into(), ..Default::default() };
    let requirement = s
        .create_requirement(org, objective, &RequirementDraft::parse(&requirement_form).unwrap(), &actor)
        .await
        .unwrap();
    let measurement_form =
        MeasurementForm { measured_on: "2026-06-30".into(), value: "7".into(), note: "秘密".into() };
    let measurement = s
        .record_measurement(org, indicator, None, &MeasurementDraft::parse(&measurement_form).unwrap(), &actor)
        .await
        .unwrap();
    let communication_form = CommunicationForm {
        communicated_on: "2026-04-07".into(),
        audience: "秘密".into(),
        method: "秘密".into(),
        communicated_by: "秘密".into(),
        ..Default::default()
    };
    let communication = s
        .create_communication(org, objective, &CommunicationDraft::parse(&communication_form).unwrap(), &actor)
        .await
        .unwrap();
    let review_form = ReviewForm {
        reviewed_on: "2026-10-15".into(),
        reviewer: "秘密".into(),
        trigger: "秘密".into(),
        decision: "keep".into(),
        ..Default::default()
    };
    let review = s.create_review(org, objective, &ReviewDraft::parse(&review_form).unwrap(), &actor).await.unwrap();
    let settings = ismo::domain::risk_method::RiskSettings::default();
    let risk_form = ismo::domain::risk::RiskForm {
        code: "R-9".into(),
        asset: "別会社の秘密の資産".into(),
        threat: "秘密".into(),
        vulnerability: "秘密".into(),
        inputs: ismo::domain::risk_method::RiskInputsForm {
            asset_value: "3".into(),
            threat_level: "3".into(),
            vulnerability_level: "3".into(),
            ..Default::default()
        },
        ..Default::default()
    };
    let risk_draft = ismo::domain::risk::RiskDraft::parse(&risk_form, &settings).unwrap();
    let risk = s.create_risk(org, period, &risk_draft, &actor).await.unwrap();
    let treatment_form = ismo::domain::risk::TreatmentForm { option: "reduce".into(), ..Default::default() };
    let treatment = ismo::domain::risk::TreatmentDraft::parse(&treatment_form, &settings).unwrap();
    s.save_treatment(org, risk, None, &treatment, &actor).await.unwrap();
    // A user of that organization only, to show its pages do work for its members.
    let email = Email::parse("other@example.com").unwrap();
    let hash = ismo::domain::password::hash_password("other-password");
    let user = s.create_user(&email, &DisplayName::parse("別会社の人").unwrap(), Some(&hash), &actor).await.unwrap();
    s.add_member(org, user.id, Role::Admin, &actor).await.unwrap();
    // A workbook waiting for confirmation there, uploaded by the demo admin,
    // who asks below: only the organization differs.
    let demo_admin = s.user_by_email("demo@ismo.local").await.unwrap().unwrap().0.id;
    let upload = s.save_upload(org, demo_admin, "秘密.xlsx", "秘密".as_bytes(), None).await.unwrap();
    let ids = HashMap::from([
        ("objectives", objective),
        ("plans", plan),
        ("indicators", indicator),
        ("inputs", input),
        ("requirements", requirement),
        ("statements", statement),
        ("versions", version),
        ("measurements", measurement),
        ("communications", communication),
        ("reviews", review),
        ("risks", risk),
        ("import", upload),
        ("members", user.id),
    ]);
    (org, ids)
}

/// The path segment naming the record of `{id}`, e.g. `plans` in `/orgs/{org}/plans/{id}/edit`.
fn id_kind(path: &str) -> &str {
    let before = path.split("/{id}").next().unwrap();
    before.rsplit('/').next().unwrap()
}

fn url(route: &RouteInfo, org: i64, id: i64) -> String {
    route.path.replace("{org}", &org.to_string()).replace("{id}", &id.to_string())
}

async fn call(app: &TestApp, method: &Method, path: &str) -> common::Answer {
    if method == Method::POST {
        app.post(path, &[("code", "X"), ("title", "書き換え"), ("actions", "書き換え"), ("name", "n"), ("text", "t")])
            .await
    } else {
        app.get(path).await
    }
}

#[tokio::test]
async fn every_route_refuses_unknown_and_foreign_records() {
    let app = TestApp::with_demo().await;
    let (other, ids) = other_organization(&app).await;
    let routes = route_table();
    assert!(routes.len() > 30, "the table lists every route");
    for route in routes.iter().filter(|r| r.path.contains("{org}")) {
        // An organization that does not exist.
        let answer = call(&app, &route.method, &url(route, 999_999, 1)).await;
        assert_eq!(answer.status, StatusCode::NOT_FOUND, "{} {}", route.method, route.path);
        answer.shows(&["ページが見つかりません"]);
        if !route.path.contains("{id}") {
            continue;
        }
        let kind = id_kind(route.path);
        let foreign = *ids.get(kind).unwrap_or_else(|| panic!("add a `{kind}` record to other_organization()"));
        // A record that does not exist, and one of another organization.
        for id in [999_999, foreign] {
            let answer = call(&app, &route.method, &url(route, 1, id)).await;
            assert_eq!(answer.status, StatusCode::NOT_FOUND, "{} {} with id {id}", route.method, route.path);
            assert!(!answer.body.contains("秘密"), "{} leaks another organization's data", route.path);
        }
        // Not a number at all.
        let answer = call(&app, &route.method, &route.path.replace("{org}", "1").replace("{id}", "abc")).await;
        assert_eq!(answer.status, StatusCode::NOT_FOUND, "{} {} with a non-numeric id", route.method, route.path);
        // The same GET in its own organization works for its members, so the
        // 404s above are not vacuous.
        if route.method == Method::GET {
            app.login("other@example.com", "other-password").await;
            let own = app.get(&url(route, other, foreign)).await;
            assert_eq!(own.status, StatusCode::OK, "GET {} for its own organization", route.path);
            app.login("demo@ismo.local", "demo").await;
        }
    }
    // Nothing of the other organization was changed by the forged posts.
    let objective = app.store.objective(other, ids["objectives"]).await.unwrap().unwrap();
    assert_eq!((objective.title.as_str(), objective.version), ("別会社の秘密の目的", 1));
    let plan = app.store.plan(other, ids["plans"]).await.unwrap().unwrap();
    assert_eq!((plan.actions.as_deref(), plan.version), (Some("別会社の秘密の計画"), 1));
    assert!(app.store.months(other, ids["plans"]).await.unwrap().is_empty());
    assert_eq!(app.store.measurements(other, ids["indicators"]).await.unwrap().len(), 1);
    assert_eq!(app.store.communications(other, ids["objectives"]).await.unwrap()[0].version, 1);
    assert_eq!(app.store.reviews(other, ids["objectives"]).await.unwrap()[0].version, 1);
}

/// Routes outside any organization that name a record (`/me/feeds/{id}/…`)
/// name one of the person's own: another person's record, an unknown one or
/// a non-number answers 404, and the record is left alone.
#[tokio::test]
async fn personal_routes_refuse_other_peoples_records() {
    let app = TestApp::with_demo().await;
    let owner = app.store.user_by_email("owner@ismo.local").await.unwrap().unwrap().0.id;
    let (feed, token) = app.store.create_feed(owner, None, &Actor::cli()).await.unwrap();
    let ids = HashMap::from([("feeds", feed)]);
    let personal: Vec<RouteInfo> =
        route_table().into_iter().filter(|r| !r.path.contains("{org}") && r.path.contains("{id}")).collect();
    assert!(!personal.is_empty());
    for route in &personal {
        let kind = id_kind(route.path);
        let foreign = *ids.get(kind).unwrap_or_else(|| panic!("add a `{kind}` record of another person"));
        for id in [999_999.to_string(), foreign.to_string(), "abc".to_string()] {
            let answer = call(&app, &route.method, &route.path.replace("{id}", &id)).await;
            assert_eq!(answer.status, StatusCode::NOT_FOUND, "{} {} with id {id}", route.method, route.path);
        }
    }
    assert_eq!(app.store.feed_by_token(&token).await.unwrap().map(|f| f.id), Some(feed), "the owner's feed works");
}

#[tokio::test]
async fn a_foreign_policy_statement_cannot_be_linked_by_a_forged_form() {
    let app = TestApp::with_demo().await;
    let (_, ids) = other_organization(&app).await;
    let statement = ids["statements"].to_string();
    let answer = app
        .post("/orgs/1/objectives/1", &[("code", "1"), ("title", "t"), ("statements", &statement), ("version", "1")])
        .await;
    assert_eq!(answer.status, StatusCode::UNPROCESSABLE_ENTITY);
    answer.shows(&["一覧から選んでください"]);
    assert!(!answer.body.contains("秘密"));
    let objective = app.store.objective(1, 1).await.unwrap().unwrap();
    assert_eq!(objective.version, 1, "nothing saved");
    assert_eq!(app.store.objective_statement_ids(1, 1).await.unwrap().len(), 2);
}

#[tokio::test]
async fn unreadable_requests_get_a_page_that_says_so() {
    let app = TestApp::with_demo().await;
    let unknown = app.get_en("/no/such/page").await;
    assert_eq!(unknown.status, StatusCode::NOT_FOUND);
    unknown.shows(&["Page not found"]);
    let not_a_form = axum::http::Request::post("/orgs/1/objectives")
        .header("content-type", "application/json")
        .body(axum::body::Body::from("{}"))
        .unwrap();
    let answer = app.send(not_a_form).await;
    assert_eq!(answer.status, StatusCode::BAD_REQUEST);
    answer.shows(&["要求を処理できません"]);
    let huge = "x".repeat(300 * 1024);
    let answer = app.post("/orgs/1/objectives", &[("title", &huge)]).await;
    assert_eq!(answer.status, StatusCode::PAYLOAD_TOO_LARGE);
    answer.shows(&["送信内容が大きすぎます"]);
    assert_eq!(app.store.periods_with_objectives(1).await.unwrap().len(), 1);
}
