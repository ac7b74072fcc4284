//! The sheet's vocabulary: treatment options, input kinds and evaluation
//! results as people name them — synonyms, abbreviations, English, a note in
//! brackets, full-width — read as ismo's values, and the import preview
//! listing how each such cell was read.

mod common;

use common::TestApp;
use common::sheets::{Grid, SAMPLE, import_ok, new_org, same_as_sample, sample_grids, set, text, who, workbook};
use ismo::domain::actor::Actor;
use ismo::domain::evaluation::EvaluationResult;
use ismo::domain::import::Reading;
use ismo::domain::input::InputKind;
use ismo::domain::risk::TreatmentOption;
use ismo::i18n::{Lang, Tr};
use ismo::xlsx::import::{ImportFailure, import, prepare};

/// The sample with some cells of the treatment sheet (index 1) or the objectives sheet (index 0) rewritten.
fn variant(cells: &[(usize, &str, &str)]) -> Vec<(String, Grid)> {
    let mut grids = sample_grids();
    for (sheet, cell, value) in cells {
        set(&mut grids[*sheet].1, cell, text(value));
    }
    grids
}

/// (cell, words, what they were read as, doubtful) of each reading of an
/// option, an input or an evaluation result, in Japanese (other readings,
/// such as indicators', are other tests' business).
fn readings(readings: &[Reading]) -> Vec<(String, String, String, bool)> {
    let t = Tr::new(Lang::Ja);
    readings
        .iter()
        .filter(|r| ["treatment-option", "inputs", "evaluation-result"].contains(&r.what))
        .map(|r| (r.cell.clone(), r.text.clone(), t.reading(r), r.doubtful))
        .collect()
}

#[tokio::test]
async fn options_as_people_name_them_import_as_the_sample() {
    // 低減, 低減, 移転 in the sample.
    let forms: [[&str; 3]; 4] = [
        ["軽減", "リスク低減", "転嫁"],
        ["低減（技術的対策）", "修正", "共有"],
        ["Mitigate", "Ｒｅｄｕｃｅ", "Transfer (insurance)"],
        ["reduce", "軽減", "移転・共有"],
    ];
    for [g5, g7, g9] in forms {
        let grids = variant(&[(1, "G5", g5), (1, "G7", g7), (1, "G9", g9)]);
        same_as_sample(grids, &format!("options {g5} {g7} {g9}")).await;
    }
}

#[tokio::test]
async fn the_preview_lists_how_each_option_was_read() {
    let app = TestApp::new().await;
    let org = new_org(&app.store, "株式会社サンプル").await;
    let grids = variant(&[(1, "G5", "軽減"), (1, "G7", "低減・移転"), (1, "G9", "移転")]);
    let changes = prepare(&app.store, org, &workbook(&grids), None, &who()).await.unwrap();
    let options: Vec<_> = changes.treatments.iter().map(|t| t.treatment.as_ref().unwrap().1.option).collect();
    assert_eq!(options, [TreatmentOption::Reduce, TreatmentOption::Reduce, TreatmentOption::Transfer]);
    assert_eq!(
        readings(&changes.readings),
        [
            ("G5".to_string(), "軽減".to_string(), "対応方針: 低減".to_string(), false),
            ("G7".to_string(), "低減・移転".to_string(), "対応方針: 低減".to_string(), true),
        ],
        "移転 is the option's own word: nothing to read"
    );
    let g5 = changes.readings.iter().find(|r| r.cell == "G5").unwrap();
    assert_eq!(g5.sheet, "リスク対応計画");

    // A cell that names no option is refused with its cell, and nothing is written.
    let grids = variant(&[(1, "G5", "様子見")]);
    let Err(ImportFailure::Problems(p)) = import(&app.store, org, &workbook(&grids), None, &who(), &Actor::cli()).await
    else {
        panic!("様子見 names no option")
    };
    assert_eq!(p[0].message(&Tr::new(Lang::Ja)).split(':').next(), Some("リスク対応計画!G5"));
    assert!(app.store.risks(org, 2025).await.unwrap().is_empty());
}

#[tokio::test]
async fn inputs_as_people_name_them_get_their_kind_and_the_rest_are_listed_as_other() {
    let app = TestApp::new().await;
    let org = new_org(&app.store, "株式会社サンプル").await;
    let grids = variant(&[
        (0, "B5", "MR（2025年3月）\n社長指示"),
        (0, "B7", "RA結果（2025年6月）\n顧客要求（A社）"),
        (0, "B11", "事故報告（2024年度 8件）\n取引先の要請"),
    ]);
    let bytes = workbook(&grids);
    let changes = prepare(&app.store, org, &bytes, None, &who()).await.unwrap();
    assert_eq!(
        readings(&changes.readings),
        [
            ("B5".to_string(), "MR（2025年3月）".to_string(), "種類: マネジメントレビュー".to_string(), false),
            ("B5".to_string(), "社長指示".to_string(), "種類: 経営者の指示".to_string(), false),
            ("B7".to_string(), "RA結果（2025年6月）".to_string(), "種類: リスクアセスメント結果".to_string(), false),
            ("B7".to_string(), "顧客要求（A社）".to_string(), "種類: 契約".to_string(), false),
            ("B11".to_string(), "事故報告（2024年度 8件）".to_string(), "種類: インシデント".to_string(), false),
            ("B11".to_string(), "取引先の要請".to_string(), "種類: その他".to_string(), true),
        ]
    );
    import_ok(&app.store, org, &bytes).await;
    let mut kinds: Vec<_> =
        app.store.inputs_of_period(org, 2025).await.unwrap().into_iter().map(|i| (i.reference, i.kind)).collect();
    kinds.sort_by(|a, b| a.0.cmp(&b.0));
    assert_eq!(
        kinds,
        [
            ("MR（2025年3月）".to_string(), InputKind::ManagementReview),
            ("RA結果（2025年6月）".to_string(), InputKind::RiskAssessment),
            ("事故報告（2024年度 8件）".to_string(), InputKind::Incident),
            ("取引先の要請".to_string(), InputKind::Other),
            ("社長指示".to_string(), InputKind::TopManagement),
            ("顧客要求（A社）".to_string(), InputKind::Contract),
        ]
    );
    // Exported, the lines are written as they were, and they read back as no change.
    let exported = common::sheets::export_in(&app.store, org, 2025, Lang::Ja).await;
    let sheet = &common::sheets::contents(&exported)[0].1;
    let first = sheet.iter().find(|r| r[0] == "1").unwrap();
    let mut lines: Vec<_> = first[1].lines().collect();
    lines.sort();
    assert_eq!(lines, ["MR（2025年3月）", "社長指示"], "each line as written");
    assert!(prepare(&app.store, org, &exported, None, &who()).await.unwrap().is_empty());
}

#[tokio::test]
async fn evaluation_results_as_marks_and_synonyms() {
    let app = TestApp::new().await;
    let org = new_org(&app.store, "株式会社サンプル").await;
    // Plan 1 and plan 2-1 of the objectives sheet, the first treatment plan.
    let grids = variant(&[(0, "W5", "○（認証取得）"), (0, "W7", "未達（88点）"), (1, "AC5", "概ね達成")]);
    let changes = prepare(&app.store, org, &workbook(&grids), None, &who()).await.unwrap();
    let evaluations: Vec<_> = changes
        .objectives
        .iter()
        .flat_map(|o| &o.plans)
        .chain(changes.treatments.iter().flat_map(|t| &t.plans))
        .filter_map(|p| p.evaluation.as_ref().map(|(_, e)| (e.result, e.measured_value.clone())))
        .collect();
    assert_eq!(
        evaluations,
        [
            (EvaluationResult::Achieved, Some("認証取得".to_string())),
            (EvaluationResult::NotAchieved, Some("88点".to_string())),
            (EvaluationResult::PartiallyAchieved, None),
        ]
    );
    let read: Vec<_> = readings(&changes.readings).into_iter().map(|(cell, _, read, _)| (cell, read)).collect();
    assert_eq!(
        read,
        [
            ("W5".to_string(), "評価結果: 達成 · 測定値: 認証取得".to_string()),
            ("W7".to_string(), "評価結果: 未達成 · 測定値: 88点".to_string()),
            ("AC5".to_string(), "評価結果: 一部達成".to_string()),
        ]
    );
}

#[tokio::test]
async fn the_sample_and_an_unedited_export_need_no_reading() {
    let app = TestApp::new().await;
    let org = new_org(&app.store, "株式会社サンプル").await;
    let changes = prepare(&app.store, org, SAMPLE, None, &who()).await.unwrap();
    assert_eq!(readings(&changes.readings), [], "the sample writes ismo's own words");
    import_ok(&app.store, org, SAMPLE).await;
    let exported = common::sheets::export_in(&app.store, org, 2025, Lang::En).await;
    assert_eq!(readings(&prepare(&app.store, org, &exported, None, &who()).await.unwrap().readings), []);
}
