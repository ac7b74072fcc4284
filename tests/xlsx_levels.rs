//! Risk levels written as words (高・中・低, 大・中・小, H/M/L, ◎○△ …) on the
//! risk assessment sheet: read as the numbers they stand for, refused with
//! their cell when they belong to another scale, and written back as the
//! organization chooses, the round trip stable either way.

mod common;

use common::TestApp;
use common::sheets::{
    Grid, SAMPLE, at, contents, export_in, import_ok, new_org, same_as_sample, sample_grids, set, text, who, workbook,
};
use ismo::domain::actor::Actor;
use ismo::domain::risk_level_words::LevelStyle;
use ismo::domain::risk_method::{RiskMethod, RiskSettings};
use ismo::i18n::{Lang, Tr};
use ismo::xlsx::import::{ImportFailure, import, prepare};
use ismo::xlsx::read::CellValue;

/// The level columns of the sample's assessment sheet: C, I, A, asset value, threat, vulnerability.
const LEVEL_COLUMNS: [&str; 6] = ["D", "E", "F", "G", "K", "L"];

/// Each risk row of the sample written in another series of words, some
/// full-width, some with a note in brackets.
const SERIES: [(u32, [&str; 3]); 7] = [
    (4, ["高", "中", "低"]),
    (5, ["大", "中", "小"]),
    (6, ["H", "M", "L"]),
    (7, ["High", "Medium", "Low"]),
    (8, ["◎", "○", "△"]),
    (9, ["Ｈ", "Ｍ", "Ｌ"]),
    (10, ["高（重要）", "中", "低い"]),
];

fn in_words(grids: &mut [(String, Grid)]) {
    let a = &mut grids[2].1;
    for (row, words) in SERIES {
        for col in LEVEL_COLUMNS {
            let cell = format!("{col}{row}");
            let (r, c) = at(&cell);
            let level = a[r][c].as_text().parse::<usize>().unwrap();
            set(a, &cell, text(words[3 - level]));
        }
    }
}

#[tokio::test]
async fn a_sheet_in_words_imports_to_the_same_risks_and_scores_as_the_sample() {
    let mut grids = sample_grids();
    in_words(&mut grids);
    assert_eq!(grids[2].1[3][3], text("高"), "R-001's confidentiality is 3");
    assert_eq!(grids[2].1[7][10], text("△"), "R-005's threat is 1");
    same_as_sample(grids.clone(), "levels in words").await;

    // The preview says how each word was read: 42 level cells, none doubtful.
    let app = TestApp::new().await;
    let org = new_org(&app.store, "言葉").await;
    let changes = prepare(&app.store, org, &workbook(&grids), None, &who()).await.unwrap();
    let levels: Vec<_> = changes.readings.iter().filter(|r| r.sheet == "リスクアセスメント").collect();
    assert_eq!(levels.len(), 42);
    assert!(levels.iter().all(|r| !r.doubtful));
    let t = Tr::new(Lang::Ja);
    let first = levels[0];
    assert_eq!(
        (first.cell.as_str(), first.text.as_str(), t.t(first.what), t.reading(first)),
        ("D4", "高", "機密性".into(), "段階: 3 / 3".into())
    );
    let last = levels[41];
    assert_eq!((last.cell.as_str(), last.text.as_str(), t.reading(last)), ("L10", "低い", "段階: 1 / 3".into()));

    let app = TestApp::new().await;
    let (numbers, words) = (new_org(&app.store, "数字").await, new_org(&app.store, "言葉").await);
    import_ok(&app.store, numbers, SAMPLE).await;
    import_ok(&app.store, words, &workbook(&grids)).await;
    let scored = |risks: Vec<ismo::domain::risk::Risk>| {
        risks.into_iter().map(|r| (r.code, r.inputs, r.score, r.needs_treatment)).collect::<Vec<_>>()
    };
    let expected = scored(app.store.risks(numbers, 2025).await.unwrap());
    assert_eq!(scored(app.store.risks(words, 2025).await.unwrap()), expected);
    assert_eq!(expected.iter().filter(|r| r.3).count(), 4, "R-001..R-004 need treatment");
}

#[tokio::test]
async fn a_word_of_another_scale_is_refused_with_its_cell_and_the_words_that_fit() {
    let app = TestApp::new().await;
    let org = new_org(&app.store, "株式会社サンプル").await;
    let mut grids = sample_grids();
    set(&mut grids[2].1, "K4", text("極大"));
    set(&mut grids[2].1, "L5", text("とても高い"));
    let Err(ImportFailure::Problems(problems)) =
        import(&app.store, org, &workbook(&grids), None, &who(), &Actor::cli()).await
    else {
        panic!("a 4-level word on a 3-level scale must be refused")
    };
    let t = Tr::new(Lang::Ja);
    let messages: Vec<String> = problems.iter().map(|p| p.message(&t)).collect();
    assert_eq!(
        messages,
        [
            "リスクアセスメント!K4: 「極大」は 4/5 段階の評価で使う言葉です。この組織は 3 段階なので、1 から 3 の整数か、高/中/低, 大/中/小, H/M/L, High/Medium/Low, ◎/○/△ のいずれかで入力してください。",
            "リスクアセスメント!L5: 「とても高い」は読めません。1 から 3 の整数か、3 段階の言葉（高/中/低, 大/中/小, H/M/L, High/Medium/Low, ◎/○/△）で入力してください。",
        ]
    );
    assert!(app.store.risks(org, 2025).await.unwrap().is_empty(), "nothing imported");
}

/// The levels of the assessment sheet's first risk row: C, I, A, asset value, threat, vulnerability.
fn first_levels(bytes: &[u8]) -> Vec<String> {
    let sheets = contents(bytes);
    let row = &sheets[2].1[3];
    assert_eq!(row[0], "R-001");
    LEVEL_COLUMNS.iter().map(|c| row[at(&format!("{c}4")).1].clone()).collect()
}

#[tokio::test]
async fn the_export_writes_levels_as_the_organization_chose_and_reimports_as_no_change() {
    let app = TestApp::new().await;
    let org = new_org(&app.store, "株式会社サンプル").await;
    import_ok(&app.store, org, SAMPLE).await;
    let numbers = export_in(&app.store, org, 2025, Lang::Ja).await;
    assert_eq!(first_levels(&numbers), ["3", "3", "2", "3", "2", "3"]);

    let words = RiskSettings { level_style: LevelStyle::Words, ..RiskSettings::default() };
    let recomputed: Vec<_> =
        app.store.risks(org, 2025).await.unwrap().iter().map(|r| (r.id, r.score, r.needs_treatment)).collect();
    app.store.save_risk_settings(org, &words, &recomputed, &Actor::cli()).await.unwrap();
    for (lang, expected) in [
        (Lang::Ja, ["高", "高", "中", "高", "中", "高"]),
        (Lang::En, ["High", "High", "Medium", "High", "Medium", "High"]),
    ] {
        let bytes = export_in(&app.store, org, 2025, lang).await;
        assert_eq!(first_levels(&bytes), expected, "{lang:?}");
        let changes = prepare(&app.store, org, &bytes, None, &who()).await.unwrap();
        assert!(changes.is_empty(), "{lang:?}: {changes:#?}");
        assert_eq!(changes.summary().unchanged.risks, 7);
    }

    // Into an organization that shows numbers: the same risks, in numbers; back again, the same words.
    let in_words = export_in(&app.store, org, 2025, Lang::Ja).await;
    let other = new_org(&app.store, "数字の組織").await;
    import_ok(&app.store, other, &in_words).await;
    let again = export_in(&app.store, other, 2025, Lang::Ja).await;
    assert_eq!(first_levels(&again), ["3", "3", "2", "3", "2", "3"]);
    let (a, b) = (contents(&numbers), contents(&again));
    assert_eq!(a[2].1[2..], b[2].1[2..], "the assessment sheet is the sample's, in numbers");
    assert_eq!(app.store.organization(other).await.unwrap().unwrap().risk.level_style, LevelStyle::Numbers);
}

#[tokio::test]
async fn likelihood_and_impact_in_words_follow_the_organizations_scale() {
    let app = TestApp::new().await;
    let org = new_org(&app.store, "五段階").await;
    let five = RiskSettings {
        method: RiskMethod::LikelihoodImpact,
        levels: 5,
        criterion: 12,
        level_style: LevelStyle::Words,
        ..RiskSettings::default()
    };
    app.store.save_risk_settings(org, &five, &[], &Actor::cli()).await.unwrap();
    let header = ["リスクID", "情報資産", "脅威", "脆弱性", "発生可能性", "影響度", "リスク値"];
    let rows: [[&str; 7]; 3] = [
        ["R-1", "基幹システム", "障害", "冗長化なし", "非常に高い", "中", ""],
        ["R-2", "ノートPC", "紛失", "暗号化なし", "VH", "L", ""],
        ["R-3", "紙の契約書", "火災", "耐火庫なし", "Very low", "極大", ""],
    ];
    let mut grid: Grid =
        vec![vec![text("リスクアセスメント表")], vec![text("対象期間: 2025年4月～2026年3月")], Vec::new()];
    grid.push(header.iter().map(|h| text(h)).collect());
    grid.extend(rows.iter().map(|r| r.iter().map(|v| if v.is_empty() { CellValue::Empty } else { text(v) }).collect()));
    let bytes = workbook(&[("リスクアセスメント".to_string(), grid)]);
    import_ok(&app.store, org, &bytes).await;
    let mut risks = app.store.risks(org, 2025).await.unwrap();
    risks.sort_by(|a, b| a.code.cmp(&b.code));
    let got: Vec<_> = risks.iter().map(|r| (r.inputs.likelihood, r.inputs.impact, r.score)).collect();
    assert_eq!(got, [(Some(5), Some(3), Some(15)), (Some(5), Some(2), Some(10)), (Some(1), Some(5), Some(5))]);
    // The export writes the five-level words, and they read back as no change.
    let exported = export_in(&app.store, org, 2025, Lang::Ja).await;
    let sheet = &contents(&exported)[2].1;
    let r1 = sheet.iter().find(|r| r[0] == "R-1").unwrap();
    assert!(r1.contains(&"非常に高い".to_string()) && r1.contains(&"中".to_string()), "{r1:?}");
    assert!(prepare(&app.store, org, &exported, None, &who()).await.unwrap().is_empty());
}
