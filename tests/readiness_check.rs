//! The audit readiness check on the shared sample, through the library and
//! through `ismo check`.

use std::process::Command;

use chrono::NaiveDate;

use ismo::config::DbTarget;
use ismo::domain::actor::Actor;
use ismo::domain::indicator::{Direction, IndicatorDraft, IndicatorForm};
use ismo::domain::objective::{ObjectiveDraft, ObjectiveForm};
use ismo::domain::organization::OrganizationDraft;
use ismo::domain::readiness::{Severity, check};
use ismo::i18n::{Lang, Tr};
use ismo::store::Store;
use ismo::xlsx::import::{Importer, import};

const SAMPLE: &[u8] = include_bytes!("fixtures/management-table.xlsx");

/// A database file holding the sample imported as period 2025.
async fn sample_db(dir: &std::path::Path) -> (Store, i64) {
    let store = Store::open(&DbTarget::Sqlite(dir.join("ismo.db"))).await.unwrap();
    let org = store
        .create_organization(&OrganizationDraft::with_defaults("株式会社サンプル").unwrap(), &Actor::cli())
        .await
        .unwrap();
    let who = Importer {
        name: "事務局",
        user_id: None,
        admin: true,
        file: "management-table.xlsx",
        today: NaiveDate::from_ymd_opt(2025, 11, 15).unwrap(),
    };
    import(&store, org.id, SAMPLE, Some(2025), &who, &Actor::cli()).await.unwrap();
    (store, org.id)
}

#[tokio::test]
async fn the_sample_has_what_an_auditor_would_find() {
    let dir = tempfile::tempdir().unwrap();
    let (store, org) = sample_db(dir.path()).await;
    let facts = store.readiness_facts(org, 2025).await.unwrap();
    let found = check(&facts, NaiveDate::from_ymd_opt(2025, 11, 15).unwrap());
    let has = |rule: &str, record: &str| found.iter().any(|f| f.rule.id() == rule && f.record == record);
    assert!(has("6.1.3-treat", "R-004"), "R-004 needs treatment and has none");
    for code in ["1", "2", "3"] {
        assert!(has("6.2-d", code), "objective {code} was never communicated");
    }
    let t = Tr::new(Lang::Ja);
    let late: Vec<String> =
        found.iter().filter(|f| f.rule.id() == "progress-late" && f.record == "1").map(|f| t.finding(f)).collect();
    assert!(late.iter().any(|m| m.contains("2025年10月") && m.contains("内部監査")), "{late:?}");
    assert!(!has("6.1.3-treat", "R-005"), "R-005 is below the criterion");
    assert!(found.iter().filter(|f| f.rule.id() == "6.1.3-treat").count() == 1, "R-001..R-003 are treated");
    // The sample's approvals were read from the workbook: evidence for the risk owner to confirm.
    let imported = |f: &&ismo::domain::readiness::Finding| f.message == "finding-6-1-3-approve-imported";
    assert!(
        found.iter().any(|f| imported(&f) && f.rule.id() == "6.1.3-approve" && f.severity == Severity::Observation)
    );
    assert!(found.iter().filter(|f| !imported(f)).all(|f| f.severity == f.rule.severity()));
    assert!(found.iter().any(|f| f.severity == Severity::Nonconformity));
}

#[tokio::test]
async fn ismo_check_prints_json_and_exits_1_on_a_nonconformity() {
    let dir = tempfile::tempdir().unwrap();
    let (store, _) = sample_db(dir.path()).await;
    store.close().await;
    let db = dir.path().join("ismo.db");
    let run = |args: &[&str]| {
        Command::new(env!("CARGO_BIN_EXE_ismo")).arg("check").arg("--db").arg(&db).args(args).output().unwrap()
    };
    let out = run(&["--period", "2025", "--as-of", "2025-11-15", "--format", "json"]);
    assert_eq!(out.status.code(), Some(1), "{}", String::from_utf8_lossy(&out.stderr));
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let findings = json["findings"].as_array().unwrap();
    assert!(findings.iter().any(|f| f["rule"] == "6.1.3-treat"
        && f["record"] == "R-004"
        && f["severity"] == "nonconformity"
        && f["message"].as_str().unwrap().contains("リスク対応がありません")));
    let text = run(&["--period", "2025", "--as-of", "令和7年11月15日", "--lang", "en"]);
    assert_eq!(text.status.code(), Some(1));
    let stdout = String::from_utf8_lossy(&text.stdout);
    assert!(stdout.contains("R-004") && stdout.contains("has no treatment"), "{stdout}");

    let bad = run(&["--as-of", "someday"]);
    assert_eq!(bad.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&bad.stderr).contains("--as-of"));
    let unknown = run(&["--org", "存在しない会社"]);
    assert_eq!(unknown.status.code(), Some(2));
}

#[tokio::test]
async fn the_samples_targets_are_read_so_no_objective_is_called_unmeasurable() {
    let dir = tempfile::tempdir().unwrap();
    let (store, org) = sample_db(dir.path()).await;
    let facts = store.readiness_facts(org, 2025).await.unwrap();
    let found = check(&facts, NaiveDate::from_ymd_opt(2025, 11, 15).unwrap());
    let measurable: Vec<_> = found.iter().filter(|f| f.rule.id().starts_with("6.2-b")).collect();
    assert!(measurable.is_empty(), "{measurable:?}");
    // 「インシデント件数 前年度比50%削減（4件以下）」: at most 4, from last year's 8.
    let incidents = facts.indicators.iter().find(|i| i.name == "インシデント件数").expect("read with its name");
    assert_eq!((incidents.target, incidents.unit.as_deref()), (Some(4.0), Some("件")));
    assert_eq!((incidents.direction, incidents.baseline), (Direction::Lower, Some(8.0)));
    // 「2026年2月までに認証登録」: a milestone.
    let registered = facts.indicators.iter().find(|i| i.name == "認証登録").expect("read as a milestone");
    assert_eq!(registered.direction, Direction::Milestone);
    assert_eq!(registered.target_date, NaiveDate::from_ymd_opt(2026, 2, 28));
}

#[tokio::test]
async fn a_target_in_words_is_an_observation_and_no_indicator_a_nonconformity() {
    let dir = tempfile::tempdir().unwrap();
    let (store, org) = sample_db(dir.path()).await;
    let actor = Actor::cli();
    let objective = |code: &str, title: &str| ObjectiveForm {
        code: code.into(),
        title: title.into(),
        status: "active".into(),
        ..ObjectiveForm::default()
    };
    let worded = store
        .create_objective(org, 2025, &ObjectiveDraft::parse(&objective("8", "意識の向上")).unwrap(), &actor)
        .await
        .unwrap();
    let form = IndicatorForm {
        name: "意識を高める".into(),
        direction: "higher".into(),
        frequency: "annual".into(),
        ..Default::default()
    };
    store.create_indicator(org, worded, &IndicatorDraft::parse(&form).unwrap(), &actor).await.unwrap();
    let bare = store
        .create_objective(org, 2025, &ObjectiveDraft::parse(&objective("9", "指標なし")).unwrap(), &actor)
        .await
        .unwrap();
    let facts = store.readiness_facts(org, 2025).await.unwrap();
    let code = |id: i64| facts.objectives.iter().find(|o| o.id == id).unwrap().code.to_string();
    let found = check(&facts, NaiveDate::from_ymd_opt(2025, 11, 15).unwrap());
    let of = |id: i64| -> Vec<(&str, Severity)> {
        found
            .iter()
            .filter(|f| f.record == code(id) && f.rule.id().starts_with("6.2-b"))
            .map(|f| (f.rule.id(), f.severity))
            .collect()
    };
    assert_eq!(of(worded), [("6.2-b-target", Severity::Observation)]);
    assert_eq!(of(bare), [("6.2-b", Severity::Nonconformity)]);
}
