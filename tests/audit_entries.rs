//! Every change is an audit entry of its own: each record a carry-over
//! copies, each risk a change of method rescores, each calendar feed made,
//! replaced or revoked.

mod common;

use std::collections::BTreeSet;

use axum::http::StatusCode;
use chrono::NaiveDate;
use common::TestApp;

fn day(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

/// An entry as these tests look at it.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
struct Entry {
    record_type: String,
    record_id: i64,
    action: String,
    actor: String,
    before: Option<String>,
    after: Option<String>,
}

async fn newest_id(app: &TestApp) -> i64 {
    sqlx::query_scalar("SELECT COALESCE(MAX(id), 0) FROM audit_log").fetch_one(&app.raw_db().await).await.unwrap()
}

/// The entries made after entry `after`, oldest first.
async fn entries_since(app: &TestApp, after: i64) -> Vec<Entry> {
    sqlx::query_as(
        "SELECT record_type, record_id, action, actor, before, after FROM audit_log WHERE id > ? ORDER BY id",
    )
    .bind(after)
    .fetch_all(&app.raw_db().await)
    .await
    .unwrap()
}

fn ids_of(entries: &[Entry], record_type: &str) -> BTreeSet<i64> {
    entries.iter().filter(|e| e.record_type == record_type).map(|e| e.record_id).collect()
}

#[tokio::test]
async fn carrying_over_records_every_copied_record() {
    let app = TestApp::with_demo_from(day(2025, 11, 15), day(2026, 4, 10)).await;
    let before = newest_id(&app).await;
    let carried = app.post("/orgs/1/carry-over", &[("period", "2025"), ("objectives", "2")]).await;
    assert_eq!(carried.status, StatusCode::SEE_OTHER);
    let (copy, _) = app.store.carried_into(1, 2).await.unwrap().unwrap();
    let entries = entries_since(&app, before).await;

    // The objective first, then each copy, each created by the person who carried it over.
    assert_eq!((entries[0].record_type.as_str(), entries[0].record_id), ("objective", copy));
    assert!(entries.iter().all(|e| e.action == "create" && e.actor == "demo@ismo.local" && e.before.is_none()));
    let plans: BTreeSet<i64> = app.store.plans(1, copy).await.unwrap().iter().map(|p| p.id).collect();
    let indicators: BTreeSet<i64> = app.store.indicators(1, copy).await.unwrap().iter().map(|i| i.id).collect();
    let requirements: BTreeSet<i64> = app.store.requirements(1, copy).await.unwrap().iter().map(|r| r.id).collect();
    let inputs: BTreeSet<i64> = app.store.inputs(1, copy).await.unwrap().iter().map(|i| i.id).collect();
    assert_eq!(plans.len(), 2);
    assert_eq!(indicators.len(), 2);
    assert_eq!(ids_of(&entries, "plan"), plans);
    assert_eq!(ids_of(&entries, "indicator"), indicators);
    assert_eq!(ids_of(&entries, "requirement"), requirements);
    assert_eq!(ids_of(&entries, "input"), inputs);
    let copied = 1 + plans.len() + indicators.len() + requirements.len() + inputs.len();
    assert_eq!(entries.len(), copied, "one entry per record: {entries:#?}");
    // Each copy's history starts with what it was copied as.
    let plan = *plans.first().unwrap();
    let history = app.store.history(1, "plan", plan).await.unwrap();
    assert_eq!(history.len(), 1);
    assert!(history[0].after.as_ref().unwrap()["carried_from_id"].is_i64(), "{:?}", history[0].after);
    assert_eq!(app.store.verify_audit().await.unwrap(), Ok(newest_id(&app).await as u64));
}

#[tokio::test]
async fn a_change_of_method_records_each_rescored_risk() {
    let app = TestApp::with_demo().await;
    let org = app.store.organization(1).await.unwrap().unwrap();
    let period = org.current_period(ismo::web::today()).start_year();
    let scores = |risks: Vec<ismo::domain::risk::Risk>| {
        risks.into_iter().map(|r| (r.id, (r.score, r.needs_treatment))).collect::<std::collections::BTreeMap<_, _>>()
    };
    let old = scores(app.store.risks(1, period).await.unwrap());
    let before = newest_id(&app).await;
    // Likelihood × impact: the demo's risks have no such inputs, so every score goes.
    let saved = app
        .post(
            "/orgs/1/risk-settings",
            &[("method", "likelihood_x_impact"), ("levels", "5"), ("criterion", "15"), ("comparison", "at_or_above")],
        )
        .await;
    assert_eq!(saved.status, StatusCode::SEE_OTHER, "{}", saved.body);
    let new = scores(app.store.risks(1, period).await.unwrap());
    let rescored: BTreeSet<i64> = old.iter().filter(|(id, s)| new[*id] != **s).map(|(id, _)| *id).collect();
    assert!(rescored.len() >= 3, "{old:?} → {new:?}");

    let entries = entries_since(&app, before).await;
    assert_eq!(entries[0].record_type, "risk_settings");
    let risks: Vec<&Entry> = entries.iter().filter(|e| e.record_type == "risk").collect();
    assert_eq!(risks.iter().map(|e| e.record_id).collect::<BTreeSet<_>>(), rescored);
    assert_eq!(risks.len(), rescored.len(), "one entry per rescored risk");
    assert_eq!(entries.len(), 1 + rescored.len());
    let first = risks[0];
    assert_eq!(first.action, "update");
    let (b, a): (serde_json::Value, serde_json::Value) = (
        serde_json::from_str(first.before.as_deref().unwrap()).unwrap(),
        serde_json::from_str(first.after.as_deref().unwrap()).unwrap(),
    );
    assert!(b["score"].is_u64() && a["score"].is_null(), "{b} → {a}");

    // Saving the same method again rescores nothing, and records no risk.
    let before = newest_id(&app).await;
    app.post(
        "/orgs/1/risk-settings",
        &[("method", "likelihood_x_impact"), ("levels", "5"), ("criterion", "15"), ("comparison", "at_or_above")],
    )
    .await;
    assert!(ids_of(&entries_since(&app, before).await, "risk").is_empty());
}

#[tokio::test]
async fn each_feed_made_replaced_or_revoked_is_an_entry() {
    let app = TestApp::with_demo().await;
    let me = app.store.user_by_email("demo@ismo.local").await.unwrap().unwrap().0.id;
    let before = newest_id(&app).await;
    assert_eq!(app.post("/me/feeds", &[("org", "")]).await.status, StatusCode::OK);
    let first = app.store.feeds(me).await.unwrap()[0].id;
    // A new feed of the same kind replaces the old one: two entries.
    assert_eq!(app.post("/me/feeds", &[("org", "")]).await.status, StatusCode::OK);
    let second = app.store.feeds(me).await.unwrap()[0].id;
    assert_eq!(app.post("/me/feeds", &[("org", "1")]).await.status, StatusCode::OK);
    let revoked = app.post(&format!("/me/feeds/{second}/revoke"), &[]).await;
    assert_eq!(revoked.status, StatusCode::SEE_OTHER);
    // Revoking it again changes nothing, and records nothing.
    app.post(&format!("/me/feeds/{second}/revoke"), &[]).await;

    let entries = entries_since(&app, before).await;
    let seen: Vec<(&str, i64, &str)> =
        entries.iter().map(|e| (e.record_type.as_str(), e.record_id, e.action.as_str())).collect();
    let org_feed = second + 1;
    assert_eq!(
        seen,
        [
            ("feed", first, "create"),
            ("feed", first, "status"),
            ("feed", second, "create"),
            ("feed", org_feed, "create"),
            ("feed", second, "status"),
        ]
    );
    assert!(entries[1].after.as_deref().unwrap().contains("\"reason\":\"replaced\""), "{:?}", entries[1]);
    assert!(entries[4].after.as_deref().unwrap().contains("\"reason\":\"revoked\""), "{:?}", entries[4]);
    assert!(entries.iter().all(|e| e.actor == "demo@ismo.local"));
    // The organization's feed is in the organization's trail; the own ones outside any.
    let orgs: Vec<Option<i64>> = sqlx::query_scalar("SELECT org_id FROM audit_log WHERE id > ? ORDER BY id")
        .bind(before)
        .fetch_all(&app.raw_db().await)
        .await
        .unwrap();
    assert_eq!(orgs, [None, None, None, Some(1), None]);
    // No token or its hash is kept in the trail.
    let hashes: Vec<String> =
        sqlx::query_scalar("SELECT token_hash FROM calendar_feeds").fetch_all(&app.raw_db().await).await.unwrap();
    assert!(entries.iter().all(|e| hashes.iter().all(|h| !e.after.as_deref().unwrap_or("").contains(h.as_str()))));
}
