//! Import of the deadlines and month headings people write in the management
//! table beyond dates: `年度末`, `9月末`, "end of FY", `通年`; `4月度`, `R7.4`,
//! `Apr-25`, `4月 予定`.

mod common;

use chrono::NaiveDate;

use common::TestApp;
use common::sheets::{
    Grid, SAMPLE, contents, export, import_new, imported, new_org, sample_grids, set, text, who, workbook,
};
use ismo::domain::actor::Actor;
use ismo::domain::readiness::{Severity, check};
use ismo::i18n::{Lang, Tr};
use ismo::xlsx::import::{ImportFailure, import, prepare};

/// Imports each variant of the sample into its own organization and checks
/// that it holds what the sample holds.
async fn each_as_the_sample(variants: Vec<(String, Vec<(String, Grid)>)>) {
    let expected = imported(SAMPLE).await;
    for (what, variant) in variants {
        let got = imported(&workbook(&variant)).await;
        for ((name, a), (_, b)) in expected.iter().zip(&got) {
            assert_eq!(a, b, "{what}: sheet {name}");
        }
    }
}

#[tokio::test]
async fn deadlines_written_relative_to_the_period_import_as_the_samples_dates() {
    // In the sample (April 2025 – March 2026) plan 1 is due on 2026-02-28
    // (H5), plan 2 on 2026-03-31 (H7) and plan 2-2 on 2025-12-19 (H9).
    let february = ["2月末", "2026年2月", "2026/2", "R8.2", "令和8年2月", "Feb 2026", "end of February", "2月"];
    #[rustfmt::skip]
    let march = [
        "年度末", "期末", "下期末", "3月末", "3月", "令和7年度末", "2025年度末", "end of FY", "End of March", "FY end",
        "R8.3", "3月末まで", "Mar-26",
    ];
    let december = ["12月19日", "12/19", "December 19", "12月19日まで"];
    let variants = (0..march.len())
        .map(|i| {
            let forms = [(5, february[i % february.len()]), (7, march[i]), (9, december[i % december.len()])];
            let mut grids = sample_grids();
            for (row, form) in forms {
                set(&mut grids[0].1, &format!("H{row}"), text(form));
                set(&mut grids[0].1, &format!("H{}", row + 1), text(form));
            }
            (format!("{forms:?}"), grids)
        })
        .collect();
    each_as_the_sample(variants).await;
}

const SHORT: [&str; 12] = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
#[rustfmt::skip]
const LONG: [&str; 12] = [
    "January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November",
    "December",
];

#[tokio::test]
async fn month_headings_in_each_form_import_into_the_samples_months() {
    let forms: [fn(i32, u32) -> String; 10] = [
        |_, m| format!("{m}月度"),
        |y, m| format!("{y}年{m}月度"),
        |y, m| format!("R{}.{m}", y - 2018),
        |y, m| format!("令和{}年{m}月", y - 2018),
        |y, m| format!("{}-{:02}", SHORT[m as usize - 1], y % 100),
        |y, m| format!("{} {y}", LONG[m as usize - 1]),
        |_, m| format!("{m}月 予定"),
        |_, m| format!("{m}月\n予定/実績"),
        |y, m| format!("R{}.{m}（実績）", y - 2018),
        |y, m| format!("予定・実績 {y}/{m}"),
    ];
    let variants = forms
        .iter()
        .map(|form| {
            let mut grids = sample_grids();
            // The month headings of both plan sheets: K4.. and Q4...
            for (sheet, first) in [(0usize, 10usize), (1, 16)] {
                for i in 0..12 {
                    let (y, m) = if i < 9 { (2025, 4 + i as u32) } else { (2026, i as u32 - 8) };
                    grids[sheet].1[3][first + i] = text(&form(y, m));
                }
            }
            (format!("{:?} …", form(2025, 4)), grids)
        })
        .collect();
    each_as_the_sample(variants).await;
}

#[tokio::test]
async fn a_deadline_in_words_is_kept_given_back_and_observed() {
    let mut grids = sample_grids();
    set(&mut grids[0].1, "H5", text("通年"));
    set(&mut grids[0].1, "H6", text("通年"));
    let bytes = workbook(&grids);
    let (app, org) = import_new(&bytes).await;

    let plans = app.store.plans_of_period(org, 2025).await.unwrap();
    assert_eq!(plans[0].deadline_text.as_deref(), Some("通年"));
    assert_eq!(plans[0].deadline, NaiveDate::from_ymd_opt(2026, 3, 31), "the period's end counts for delay");
    assert_eq!(plans[1].deadline_text, None, "plan 2 keeps its date");

    // The sheet gets its words back, and reading it again changes nothing.
    let objectives = &contents(&export(&app.store, org, 2025).await)[0].1;
    let plan_one = objectives.iter().find(|r| r[0] == "1" && r[9] == "計画").expect("plan 1's row");
    assert_eq!(plan_one[7], "通年");
    let again = prepare(&app.store, org, &bytes, None, &who()).await.unwrap();
    assert!(again.is_empty(), "{again:#?}");

    // The readiness check observes it; the deadline (i) is not missing.
    let facts = app.store.readiness_facts(org, 2025).await.unwrap();
    let found = check(&facts, who().today);
    let about_one: Vec<_> = found.iter().filter(|f| f.record == "1" && f.rule.id().starts_with("6.2-")).collect();
    let words: Vec<_> = about_one.iter().filter(|f| f.rule.id() == "6.2-i-date").collect();
    assert_eq!(words.len(), 1, "{found:#?}");
    assert_eq!(words[0].severity, Severity::Observation);
    assert!(Tr::new(Lang::Ja).finding(words[0]).contains("「通年」"));
    assert!(!about_one.iter().any(|f| f.rule.id() == "6.2-f..j" && f.args.iter().any(|(_, v)| v.contains('i'))));
}

#[tokio::test]
async fn the_preview_says_how_each_deadline_in_words_was_read() {
    let app = TestApp::new().await;
    let org = new_org(&app.store, "株式会社サンプル").await;
    let mut grids = sample_grids();
    for (cells, words) in [(["H5", "H6"], "通年"), (["H7", "H8"], "年度末")] {
        for cell in cells {
            set(&mut grids[0].1, cell, text(words));
        }
    }
    let bytes = workbook(&grids);
    let changes = prepare(&app.store, org, &bytes, None, &who()).await.unwrap();
    let t = Tr::new(Lang::Ja);
    let deadlines: Vec<_> = changes
        .readings
        .iter()
        .filter(|r| r.what.starts_with("reading-deadline"))
        .map(|r| (r.cell.as_str(), r.text.as_str(), r.doubtful, t.reading(r)))
        .collect();
    assert_eq!(
        deadlines,
        [
            (
                "H5",
                "通年",
                true,
                "遅れと通知に使う日付: 2026/03/31 · 読み方: 日付ではないため、書かれたまま残します".into()
            ),
            ("H7", "年度末", false, "日付: 2026/03/31 · 読み方: 期（年度）の末日".into()),
        ],
        "the sample's other deadlines are dates in full"
    );
    // Once imported, the same sheet changes no plan, and its deadlines need no second look.
    import(&app.store, org, &bytes, None, &who(), &Actor::cli()).await.unwrap();
    let again = prepare(&app.store, org, &bytes, None, &who()).await.unwrap();
    assert!(again.readings.iter().all(|r| !r.what.starts_with("reading-deadline")), "{:?}", again.readings);
}

#[tokio::test]
async fn an_unreadable_deadline_is_refused_at_its_cell_naming_the_forms_read() {
    let app = TestApp::new().await;
    let org = new_org(&app.store, "株式会社サンプル").await;
    let mut grids = sample_grids();
    set(&mut grids[0].1, "H7", text("来年のどこか"));
    set(&mut grids[0].1, "H8", text("来年のどこか"));
    let Err(ImportFailure::Problems(problems)) = prepare(&app.store, org, &workbook(&grids), None, &who()).await else {
        panic!("an unreadable deadline must be refused")
    };
    let said = |lang| problems.iter().map(|p| p.message(&Tr::new(lang))).collect::<Vec<_>>().join("\n");
    let ja = said(Lang::Ja);
    assert!(ja.starts_with("情報セキュリティ目的!H7: 「来年のどこか」は達成期限として読めません"), "{ja}");
    for form in ["2026/03/31", "年度末", "9月末", "通年"] {
        assert!(ja.contains(form), "{form} missing from {ja}");
    }
    assert!(said(Lang::En).contains("end of FY"));
}
