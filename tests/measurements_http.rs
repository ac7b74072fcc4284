//! Measurements (9.1), communication (6.2 d) and reviews (6.2 e) through
//! HTTP: who may record, the append-only rule and corrections, refusals, and
//! the objective page. In the demo, indicator 4 and its measurements 3–6
//! belong to objective 3, whose plan names the demo owner; indicator 1
//! belongs to objective 1, whose plan names the manager.

mod common;

use std::str::FromStr;

use axum::http::StatusCode;
use common::TestApp;
use sqlx::sqlite::SqliteConnectOptions;
use sqlx::{ConnectOptions, SqliteConnection};

use ismo::config::DbTarget;
use ismo::domain::actor::Actor;
use ismo::domain::measurement::{MeasurementDraft, MeasurementForm};
use ismo::domain::organization::OrganizationDraft;
use ismo::store::{Store, StoreError};

const NEW_ON_4: &str = "/orgs/1/indicators/4/measurements/new";

async fn measurement_count(app: &TestApp, indicator: i64) -> usize {
    app.store.measurements(1, indicator).await.unwrap().len()
}

#[tokio::test]
async fn an_admin_records_a_measurement_and_it_is_in_the_audit_trail() {
    let app = TestApp::with_demo().await;
    let page = app.get("/orgs/1/indicators/4").await;
    assert_eq!(page.status, StatusCode::OK);
    page.shows(&[
        "インシデント件数（年度）",
        "年度累計（9月は1件、インシデント管理台帳）",
        "現在値",
        "class=\"badge achievement\"",
        "推移",
        "<svg",
        NEW_ON_4,
    ]);
    assert_eq!(app.get(NEW_ON_4).await.status, StatusCode::OK);
    let saved =
        app.post(NEW_ON_4, &[("measured_on", "令和8年10月31日"), ("value", "２"), ("note", "10月の月次報告")]).await;
    assert_eq!(saved.status, StatusCode::SEE_OTHER, "{}", saved.body);
    assert_eq!(saved.location(), "/orgs/1/indicators/4");
    let all = app.store.measurements(1, 4).await.unwrap();
    let new = all.last().unwrap();
    assert_eq!((new.value, new.measured_on.to_string().as_str()), (2.0, "2026-10-31"));
    assert_eq!(new.recorded_by, "demo@ismo.local");
    let history = app.store.history(1, "measurement", new.id).await.unwrap();
    assert_eq!(history.len(), 1);
    assert_eq!(history[0].actor, "demo@ismo.local");
    let page = app.get("/orgs/1/indicators/4").await;
    page.shows(&["2026/10/31", "2 件", "10月の月次報告", "demo@ismo.local"]);
}

#[tokio::test]
async fn the_owner_records_for_their_objective_only() {
    let app = TestApp::with_demo().await;
    app.login("owner@ismo.local", "demo").await;
    // Objective 3's plan names the owner.
    let saved = app.post(NEW_ON_4, &[("measured_on", "2026/10/31"), ("value", "1")]).await;
    assert_eq!(saved.status, StatusCode::SEE_OTHER, "{}", saved.body);
    assert_eq!(app.store.measurements(1, 4).await.unwrap().last().unwrap().recorded_by, "owner@ismo.local");
    assert!(app.get("/orgs/1/indicators/4").await.body.contains("/measurements/3/correct"));
    // Objective 1's plan names someone else: refused, and nothing saved.
    let before = measurement_count(&app, 1).await;
    for path in ["/orgs/1/indicators/1/measurements/new"] {
        assert_eq!(app.get(path).await.status, StatusCode::FORBIDDEN);
        let refused = app.post(path, &[("measured_on", "2026/10/31"), ("value", "1")]).await;
        assert_eq!(refused.status, StatusCode::FORBIDDEN);
    }
    assert_eq!(measurement_count(&app, 1).await, before);
    // They can read that indicator, without being offered to record.
    let page = app.get("/orgs/1/indicators/1").await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(!page.body.contains("/measurements/new"));
    // An auditor records nothing.
    app.login("auditor@ismo.local", "demo").await;
    assert_eq!(
        app.post(NEW_ON_4, &[("measured_on", "2026/10/31"), ("value", "1")]).await.status,
        StatusCode::FORBIDDEN
    );
    assert_eq!(app.get("/orgs/1/measurements/3/correct").await.status, StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn a_correction_keeps_both_values_and_can_be_made_once() {
    let app = TestApp::with_demo().await;
    // Measurement 4 is July's count of indicator 4: 1.
    let form = app.get("/orgs/1/measurements/4/correct").await;
    assert_eq!(form.status, StatusCode::OK);
    form.shows(&["測定値の訂正", "value=\"1\"", "2026/07/31 の値 1 件 を訂正"]);
    let fields = [("measured_on", "2026-07-31"), ("value", "2"), ("note", "集計漏れ1件を追加")];
    let saved = app.post("/orgs/1/measurements/4/correct", &fields).await;
    assert_eq!(saved.status, StatusCode::SEE_OTHER, "{}", saved.body);
    let all = app.store.measurements(1, 4).await.unwrap();
    assert_eq!(all.len(), 5, "the corrected value stays");
    let correction = all.iter().find(|m| m.supersedes_id == Some(4)).unwrap();
    assert_eq!(correction.value, 2.0);
    assert_eq!(app.store.measurement(1, 4).await.unwrap().unwrap().value, 1.0);
    let page = app.get("/orgs/1/indicators/4").await;
    page.shows(&["訂正済み", "<del>1 件</del>", "集計漏れ1件を追加"]);
    assert!(!page.body.contains("/measurements/4/correct"), "a corrected value offers no second correction");
    // Correcting the same measurement again is refused, and nothing is saved.
    let again = app.post("/orgs/1/measurements/4/correct", &fields).await;
    assert_eq!(again.status, StatusCode::UNPROCESSABLE_ENTITY);
    again.shows(&["この測定値はすでに訂正されています"]);
    assert_eq!(measurement_count(&app, 4).await, 5);
    // Its form leads to the correction, which can itself be corrected.
    let form = app.get("/orgs/1/measurements/4/correct").await;
    assert_eq!(form.status, StatusCode::SEE_OTHER);
    assert_eq!(form.location(), format!("/orgs/1/measurements/{}/correct", correction.id));
    // The store refuses a correction across indicators, too.
    let draft = MeasurementDraft::parse(&MeasurementForm {
        measured_on: "2026-07-31".into(),
        value: "3".into(),
        ..Default::default()
    })
    .unwrap();
    let across = app.store.record_measurement(1, 1, Some(correction.id), &draft, &Actor::cli()).await;
    assert!(matches!(across, Err(StoreError::UnknownReference(_))), "{across:?}");
    let twice = app.store.record_measurement(1, 4, Some(4), &draft, &Actor::cli()).await;
    assert!(matches!(twice, Err(StoreError::Duplicate)), "{twice:?}");
}

#[tokio::test]
async fn measurements_cannot_be_changed_or_removed_through_sql() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("ismo.db");
    let store = Store::open(&DbTarget::Sqlite(path.clone())).await.unwrap();
    ismo::demo::load(&store, ismo::web::today()).await.unwrap();
    let mut conn: SqliteConnection =
        SqliteConnectOptions::from_str("sqlite:").unwrap().filename(&path).connect().await.unwrap();
    for sql in ["UPDATE measurements SET value = 0 WHERE id = 4", "DELETE FROM measurements WHERE id = 4"] {
        let err = sqlx::query(sql).execute(&mut conn).await.unwrap_err();
        assert!(err.to_string().contains("append-only"), "{sql}: {err}");
    }
    // A correction of another indicator's measurement is refused by the database too.
    let sql = "INSERT INTO measurements (org_id, indicator_id, measured_on, value, recorded_by, supersedes_id)
               VALUES (1, 1, '2026-07-31', 5, 'mallory', 4)";
    let err = sqlx::query(sql).execute(&mut conn).await.unwrap_err();
    assert!(err.to_string().contains("same indicator"), "{err}");
    assert_eq!(store.measurement(1, 4).await.unwrap().unwrap().value, 1.0);
    assert_eq!(store.measurements(1, 4).await.unwrap().len(), 4);
}

#[tokio::test]
async fn invalid_measurements_are_shown_again_and_nothing_is_saved() {
    let app = TestApp::with_demo().await;
    let before = measurement_count(&app, 4).await;
    let refused = app.post(NEW_ON_4, &[("measured_on", "2026-02-30"), ("value", "たくさん")]).await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    refused.shows(&["日付は 2026/03/31 の形式で入力してください", "数値で入力してください", "たくさん"]);
    let blank = app.post(NEW_ON_4, &[("measured_on", ""), ("value", "")]).await;
    assert_eq!(blank.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(blank.body.matches("この項目を入力してください").count(), 2);
    let en = app.post_lang("/orgs/1/measurements/3/correct", &[("measured_on", "x"), ("value", "1")], "en").await;
    assert_eq!(en.status, StatusCode::UNPROCESSABLE_ENTITY);
    en.shows(&["Correct a measurement"]);
    assert_eq!(measurement_count(&app, 4).await, before);
    assert!(app.store.history(1, "measurement", 7).await.unwrap().is_empty());
}

#[tokio::test]
async fn another_organizations_indicator_or_measurement_is_not_found() {
    let app = TestApp::with_demo().await;
    let actor = Actor::cli();
    let other =
        app.store.create_organization(&OrganizationDraft::with_defaults("別会社").unwrap(), &actor).await.unwrap();
    let objective_form =
        ismo::domain::objective::ObjectiveForm {
            code: "9".into(), title: "別会社の目的".into(), ..Default::default()
        };
    let draft = ismo::domain::objective::ObjectiveDraft::parse(&objective_form).unwrap();
    let objective = app.store.create_objective(other.id, 2026, &draft, &actor).await.unwrap();
    let indicator_form = ismo::domain::indicator::IndicatorForm {
        name: "別会社の指標".into(),
        direction: "higher".into(),
        frequency: "monthly".into(),
        ..Default::default()
    };
    let draft = ismo::domain::indicator::IndicatorDraft::parse(&indicator_form).unwrap();
    let indicator = app.store.create_indicator(other.id, objective, &draft, &actor).await.unwrap();
    let form = MeasurementForm { measured_on: "2026-06-30".into(), value: "7".into(), ..Default::default() };
    let m = app
        .store
        .record_measurement(other.id, indicator, None, &MeasurementDraft::parse(&form).unwrap(), &actor)
        .await
        .unwrap();
    for path in [
        format!("/orgs/1/indicators/{indicator}"),
        format!("/orgs/1/indicators/{indicator}/measurements/new"),
        format!("/orgs/1/measurements/{m}/correct"),
    ] {
        let answer = app.get(&path).await;
        assert_eq!(answer.status, StatusCode::NOT_FOUND, "{path}");
        assert!(!answer.body.contains("別会社"));
    }
    let posted =
        app.post(&format!("/orgs/1/measurements/{m}/correct"), &[("measured_on", "2026-06-30"), ("value", "1")]).await;
    assert_eq!(posted.status, StatusCode::NOT_FOUND);
    let posted = app
        .post(
            &format!("/orgs/1/indicators/{indicator}/measurements/new"),
            &[("measured_on", "2026-06-30"), ("value", "1")],
        )
        .await;
    assert_eq!(posted.status, StatusCode::NOT_FOUND);
    assert_eq!(app.store.measurements(other.id, indicator).await.unwrap().len(), 1);
}

#[tokio::test]
async fn communications_and_reviews_appear_on_the_objective_page() {
    let app = TestApp::with_demo().await;
    // The demo announced every objective in April; objective 3 was reviewed in October.
    let page = app.get("/orgs/1/objectives/3").await;
    page.shows(&[
        "全社朝礼で情報セキュリティ目的を周知",
        "2026/04/07",
        "上期（4〜9月）の実績確認",
        "継続",
        "/orgs/1/indicators/4\"",
    ]);
    app.get("/orgs/1/objectives/1")
        .await
        .shows(&["全社朝礼で情報セキュリティ目的を周知", "見直しの記録はまだありません"]);

    assert_eq!(app.get("/orgs/1/objectives/1/communications/new").await.status, StatusCode::OK);
    let saved = app
        .post(
            "/orgs/1/objectives/1/communications",
            &[
                ("communicated_on", "2026/11/20"),
                ("audience", "協力会社"),
                ("method", "取引先説明会で説明"),
                ("communicated_by", "山田 太郎（ISMS事務局長）"),
                ("acknowledgement", "参加者の確認書を回収"),
            ],
        )
        .await;
    assert_eq!(saved.status, StatusCode::SEE_OTHER, "{}", saved.body);
    assert_eq!(app.get("/orgs/1/objectives/1/reviews/new").await.status, StatusCode::OK);
    let saved = app
        .post(
            "/orgs/1/objectives/1/reviews",
            &[
                ("reviewed_on", "2026/11/25"),
                ("reviewer", "ISMS委員会"),
                ("trigger", "第一段階審査の結果"),
                ("decision", "change"),
                ("notes", "期限を1か月延ばす"),
            ],
        )
        .await;
    assert_eq!(saved.status, StatusCode::SEE_OTHER, "{}", saved.body);
    let page = app.get("/orgs/1/objectives/1").await;
    page.shows(&[
        "協力会社",
        "取引先説明会で説明",
        "参加者の確認書を回収",
        "第一段階審査の結果",
        "変更",
        "期限を1か月延ばす",
    ]);
    // The glance rows show the latest of each; the history names both records.
    let glance = &page.body[page.body.find("id=\"glance\"").unwrap()..page.body.find("id=\"plans-title\"").unwrap()];
    assert!(glance.contains("2026/11/20") && glance.contains("協力会社"), "{glance}");
    assert!(glance.contains("2026/11/25") && glance.contains("変更"), "{glance}");
    let history = &page.body[page.body.rfind("id=\"history-title\"").unwrap()..];
    assert!(history.contains("伝達先") && history.contains("判断") && history.contains("契機"), "{history}");
    app.get_en("/orgs/1/objectives/1").await.shows(&["Audience", "Acknowledgement", "Trigger", "Change"]);

    // Edited (here: archived), never deleted: the change is in the history.
    let c = app.store.communications(1, 1).await.unwrap().into_iter().find(|c| c.audience == "協力会社").unwrap();
    let edit = app.get(&format!("/orgs/1/communications/{}/edit", c.id)).await;
    assert_eq!(edit.status, StatusCode::OK);
    let version = edit.hidden("version");
    let archived = app
        .post(
            &format!("/orgs/1/communications/{}", c.id),
            &[
                ("communicated_on", "2026/11/20"),
                ("audience", "協力会社"),
                ("method", "取引先説明会で説明"),
                ("communicated_by", "山田 太郎（ISMS事務局長）"),
                ("archived", "on"),
                ("version", &version),
            ],
        )
        .await;
    assert_eq!(archived.status, StatusCode::SEE_OTHER, "{}", archived.body);
    assert!(app.store.communication(1, c.id).await.unwrap().unwrap().archived);
    assert_eq!(app.store.history(1, "communication", c.id).await.unwrap().len(), 2);
}

#[tokio::test]
async fn invalid_communications_and_reviews_are_refused_and_only_the_secretariat_records_them() {
    let app = TestApp::with_demo().await;
    let refused = app.post("/orgs/1/objectives/1/communications", &[("communicated_on", "2026/13/01")]).await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    refused.shows(&["伝達先", "日付は 2026/03/31 の形式で入力してください"]);
    let refused =
        app.post("/orgs/1/objectives/1/reviews", &[("reviewed_on", "2026/11/25"), ("decision", "maybe")]).await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    refused.shows(&["一覧から選んでください"]);
    assert_eq!(app.store.communications(1, 1).await.unwrap().len(), 1);
    assert!(app.store.reviews(1, 1).await.unwrap().is_empty());
    app.login("owner@ismo.local", "demo").await;
    let fields = [("reviewed_on", "2026/11/25"), ("reviewer", "x"), ("trigger", "x"), ("decision", "keep")];
    assert_eq!(app.post("/orgs/1/objectives/3/reviews", &fields).await.status, StatusCode::FORBIDDEN);
    assert_eq!(app.store.reviews(1, 3).await.unwrap().len(), 1);
}

#[tokio::test]
async fn an_indicator_is_entered_as_the_sheet_words_its_target() {
    let app = TestApp::with_demo().await;
    let form = app.get("/orgs/1/objectives/3/indicators/new").await;
    form.shows(&["目標の書き方で入力", "name=\"wording\"", "name=\"target_date\""]);
    let saved = app
        .post(
            "/orgs/1/objectives/3/indicators",
            &[("wording", "重大インシデント 前年度比50%削減（２件以下）"), ("frequency", "monthly")],
        )
        .await;
    assert_eq!(saved.status, StatusCode::SEE_OTHER, "{}", saved.body);
    let indicators = app.store.indicators(1, 3).await.unwrap();
    let new = indicators.iter().find(|i| i.name == "重大インシデント").expect("named from the words");
    assert_eq!((new.target, new.unit.as_deref(), new.baseline), (Some(2.0), Some("件"), Some(4.0)));
    assert_eq!(new.direction.as_str(), "lower", "削減 and 以下: at most");
    assert_eq!(new.frequency.as_str(), "monthly", "the form's frequency where the words say none");
    app.get(&format!("/orgs/1/indicators/{}", new.id)).await.shows(&["2件以下"]);

    // Words with no target in them are refused at their field, and nothing is saved.
    let refused =
        app.post("/orgs/1/objectives/3/indicators", &[("wording", "意識を高める"), ("frequency", "monthly")]).await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    refused.shows(&["「意識を高める」から目標値を読み取れません"]);
    assert_eq!(app.store.indicators(1, 3).await.unwrap().len(), indicators.len());
}
