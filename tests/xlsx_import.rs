//! Import of the management table: the shared sample, round trips through
//! the export, and refusals that name the cell and write nothing.

mod common;

use chrono::NaiveDate;

use common::TestApp;
use common::sheets::{Grid, SAMPLE, contents, export, new_org, sample_grids, set, text, who, workbook};
use ismo::domain::actor::Actor;
use ismo::domain::month::MonthState;
use ismo::i18n::{Lang, Tr};
use ismo::store::{ObjectiveFilter, ObjectiveSort, Store};
use ismo::xlsx::export::write;
use ismo::xlsx::import::{ImportFailure, Importer, import, prepare};
use ismo::xlsx::model::ManagementTable;
use ismo::xlsx::read::{CellValue, read_workbook};

async fn audit_count(store: &Store) -> usize {
    store.verify_audit().await.unwrap().expect("an intact chain") as usize
}

#[tokio::test]
async fn the_sample_imports_fully() {
    let app = TestApp::new().await;
    let org = new_org(&app.store, "株式会社サンプル").await;
    let changes = import(&app.store, org, SAMPLE, None, &who(), &Actor::cli()).await.unwrap();
    assert_eq!(changes.period, 2025, "the period comes from the title row");
    let s = changes.summary();
    assert_eq!((s.added.objectives, s.added.plans, s.added.risks, s.added.treatments), (3, 7, 7, 3));

    let store = &app.store;
    let objectives = store.objectives(org, 2025, &ObjectiveFilter::default(), ObjectiveSort::Code).await.unwrap();
    let codes: Vec<_> = objectives.iter().map(|o| (o.code.to_string(), o.title.as_str())).collect();
    assert_eq!(
        codes,
        [
            ("1".to_string(), "ISMS認証（ISO/IEC 27001）を取得する"),
            ("2".to_string(), "従業員の情報セキュリティ意識を向上させる"),
            ("3".to_string(), "情報セキュリティインシデントを削減する"),
        ]
    );
    assert!(objectives.iter().all(|o| o.status == ismo::domain::objective::ObjectiveStatus::Active), "in force");
    let plans = store.plans_of_period(org, 2025).await.unwrap();
    assert_eq!(plans.len(), 4, "objective 2 has two plans");
    let second = plans.iter().find(|p| p.actions.as_deref() == Some("標的型メール訓練を実施する")).unwrap();
    assert_eq!(second.position, 2);
    assert_eq!(second.deadline, NaiveDate::from_ymd_opt(2025, 12, 19));
    assert_eq!(second.responsible_name.as_deref(), Some("鈴木 一郎（情報システム部）"));
    let deadlines: Vec<_> = plans.iter().map(|p| p.deadline.unwrap().to_string()).collect();
    assert_eq!(deadlines, ["2026-02-28", "2026-03-31", "2025-12-19", "2026-03-31"], "2026年3月末 and 令和8年3月31日");

    // Every monthly text in its month.
    let months = store.months_of_period(org, 2025).await.unwrap();
    let first = &months[&plans[0].id];
    let cell = |m: &str| first.iter().find(|c| c.month.to_string() == m).unwrap();
    assert_eq!(cell("2025-04").planned.as_deref(), Some("キックオフ・外部打合せ"));
    assert_eq!(cell("2025-04").result.as_deref(), Some("実施済（4/10 打合せ）"));
    assert_eq!(cell("2026-02").planned.as_deref(), Some("認証登録"));
    assert_eq!(cell("2025-07").result.as_deref(), Some("一部遅れ（規程2件未完）"));
    let texts: usize = months.values().flatten().map(|c| c.planned.iter().count() + c.result.iter().count()).sum();
    assert_eq!(texts, 11 + 6 + 7 + 3 + 3 + 2 + 12 + 6 + 4 + 3 + 3 + 2 + 5, "every non-blank month cell of the sample");

    let inputs = store.inputs_of_period(org, 2025).await.unwrap();
    assert_eq!(inputs.len(), 5, "two lines, two lines, one line");
    let indicators = store.indicators_of_period(org, 2025).await.unwrap();
    assert_eq!(indicators.len(), 4);

    let risks = store.risks(org, 2025).await.unwrap();
    assert_eq!(risks.len(), 7);
    let r1 = risks.iter().find(|r| r.code == "R-001").unwrap();
    assert_eq!((r1.score, r1.needs_treatment), (Some(18), true));
    let r5 = risks.iter().find(|r| r.code == "R-005").unwrap();
    assert_eq!((r5.score, r5.needs_treatment), (Some(9), false));
    let treatments = store.treatments_of_period(org, 2025).await.unwrap();
    assert_eq!(treatments.len(), 3);
    let t3 = treatments.iter().find(|t| t.risk_id == risks.iter().find(|r| r.code == "R-003").unwrap().id).unwrap();
    assert_eq!(t3.controls, ["A.7.5"]);
    assert_eq!(t3.target_residual, Some(4));
    assert_eq!(t3.plan_approval.as_ref().map(|a| (a.by.as_str(), &a.at[..10])), Some(("田中 次郎", "2025-07-03")));
    assert!(!t3.approval_stale);
}

#[tokio::test]
async fn an_unedited_export_imports_as_no_change() {
    let app = TestApp::with_demo().await;
    let year = ismo::domain::period::Period::containing(ismo::web::today(), 4).start_year();
    let bytes = export(&app.store, 1, year).await;
    let entries = audit_count(&app.store).await;
    let changes = prepare(&app.store, 1, &bytes, None, &who()).await.unwrap();
    assert!(changes.is_empty(), "{changes:#?}");
    let s = changes.summary();
    assert_eq!((s.unchanged.objectives, s.unchanged.risks, s.unchanged.treatments), (3, 7, 3));
    import(&app.store, 1, &bytes, None, &who(), &Actor::cli()).await.unwrap();
    assert_eq!(audit_count(&app.store).await, entries, "nothing written");
}

#[tokio::test]
async fn export_import_export_gives_the_same_workbook() {
    let app = TestApp::with_demo().await;
    let year = ismo::domain::period::Period::containing(ismo::web::today(), 4).start_year();
    let first = export(&app.store, 1, year).await;
    let org = new_org(&app.store, "空の組織").await;
    import(&app.store, org, &first, None, &who(), &Actor::cli()).await.unwrap();
    let second = export(&app.store, org, year).await;
    let (a, b) = (contents(&first), contents(&second));
    assert_eq!(a.len(), 3);
    for ((name_a, rows_a), (name_b, rows_b)) in a.iter().zip(&b) {
        assert_eq!(name_a, name_b);
        // The heading names the organization; everything else is the same.
        for (r, (ra, rb)) in rows_a.iter().zip(rows_b).enumerate().skip(2) {
            assert_eq!(ra, rb, "{name_a} row {}", r + 1);
        }
        assert_eq!(rows_a.len(), rows_b.len(), "{name_a}");
    }
}

#[tokio::test]
async fn a_broken_cell_is_named_and_nothing_is_written() {
    let app = TestApp::new().await;
    let org = new_org(&app.store, "株式会社サンプル").await;
    // The sample with a deadline nobody can read in H7.
    let mut sheets = sample_grids();
    assert_eq!(sheets[0].1[6][7], CellValue::Text("2026年3月末".into()));
    set(&mut sheets[0].1, "H7", text("来年のどこか"));
    let bytes = workbook(&sheets);
    let entries = audit_count(&app.store).await;
    let Err(ImportFailure::Problems(problems)) = import(&app.store, org, &bytes, None, &who(), &Actor::cli()).await
    else {
        panic!("a broken deadline must be refused")
    };
    let t = Tr::new(Lang::Ja);
    let messages: Vec<String> = problems.iter().map(|p| p.message(&t)).collect();
    assert!(messages.iter().any(|m| m.starts_with("情報セキュリティ目的!H7: ")), "{messages:?}");
    assert_eq!(audit_count(&app.store).await, entries);
    assert!(app.store.risks(org, 2025).await.unwrap().is_empty(), "the valid sheets were not imported either");
}

// ---- Hand-edited variants (management-table.md, "What import must cope with") ----

/// What an organization holds after an import, as its export shows it
/// (without the title rows, which name the organization).
async fn imported(bytes: &[u8], year: Option<i32>) -> Vec<(String, Vec<Vec<String>>)> {
    let app = TestApp::new().await;
    let org = new_org(&app.store, "株式会社サンプル").await;
    if let Err(e) = import(&app.store, org, bytes, year, &who(), &Actor::cli()).await {
        let t = Tr::new(Lang::Ja);
        match e {
            ImportFailure::Problems(p) => panic!("{:?}", p.iter().map(|p| p.message(&t)).collect::<Vec<_>>()),
            e => panic!("{e}"),
        }
    }
    let mut sheets = contents(&export(&app.store, org, 2025).await);
    for (_, rows) in &mut sheets {
        rows.drain(..2);
    }
    sheets
}

/// Imports a variant of the sample and checks it gives what the sample gives.
async fn same_as_sample(variant: Vec<(String, Grid)>, what: &str) {
    let expected = imported(SAMPLE, None).await;
    let got = imported(&workbook(&variant), None).await;
    for ((name, a), (_, b)) in expected.iter().zip(&got) {
        assert_eq!(a, b, "{what}: sheet {name}");
    }
}

#[tokio::test]
async fn repeated_values_instead_of_merged_cells() {
    same_as_sample(sample_grids(), "repeated values").await;
}

#[tokio::test]
async fn english_and_variant_labels() {
    let mut english = sample_grids();
    let o = &mut english[0].1;
    let labels = [
        "No",
        "Input",
        "Objective",
        "Indicator / target",
        "Actions",
        "Resources",
        "Responsible",
        "Deadline",
        "Evaluation method",
        "Row",
    ];
    for (c, label) in labels.iter().enumerate() {
        o[3][c] = text(label);
    }
    let months = ["Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec", "Jan", "Feb", "Mar"];
    for (i, m) in months.iter().enumerate() {
        o[3][10 + i] = text(m);
    }
    for row in o.iter_mut().skip(4) {
        row[9] = match &row[9] {
            CellValue::Text(t) if t == "計画" => text("Plan"),
            CellValue::Text(t) if t == "実施結果" => text("Result"),
            v => v.clone(),
        };
    }
    same_as_sample(english, "English labels").await;

    let mut variants = sample_grids();
    let o = &mut variants[0].1;
    o[3][2] = text("目的");
    o[3][4] = text("実施事項（目標）");
    o[3][6] = text(" 担当者 ");
    o[3][7] = text("期\n限");
    o[3][8] = text("評価方法");
    o[3][0] = text("Ｎｏ．");
    same_as_sample(variants, "variant labels").await;
}

#[tokio::test]
async fn columns_in_another_order_and_extra_columns() {
    let mut grids = sample_grids();
    for (_, grid) in grids.iter_mut().take(3) {
        // An extra column in front, and the first two columns swapped.
        for row in grid.iter_mut() {
            row.insert(0, text("メモ"));
            if row.len() > 2 {
                row.swap(1, 2);
            }
        }
    }
    same_as_sample(grids, "column order").await;
}

#[tokio::test]
async fn every_date_form() {
    let forms = [
        CellValue::Date(NaiveDate::from_ymd_opt(2026, 2, 28).unwrap()),
        text("2026/2/28"),
        text("2026-02-28"),
        text("2026年2月28日"),
        text("2026年2月末"),
        text("令和8年2月28日"),
        text("R8.2.28"),
        text("Ｒ８．２．２８"),
        CellValue::Number(46081.0),
    ];
    for form in forms {
        let mut grids = sample_grids();
        set(&mut grids[0].1, "H5", form.clone());
        set(&mut grids[0].1, "H6", form.clone());
        same_as_sample(grids, &format!("deadline {form:?}")).await;
    }
}

#[tokio::test]
async fn every_month_header_form() {
    let forms: [fn(i32, u32) -> CellValue; 5] = [
        |_, m| text(&format!("{m}月")),
        |y, m| text(&format!("{y}年{m}月")),
        |y, m| text(&format!("{y}/{m:02}")),
        |_, m| {
            text(["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"][m as usize - 1])
        },
        |y, m| CellValue::Date(NaiveDate::from_ymd_opt(y, m, 1).unwrap()),
    ];
    for (n, form) in forms.iter().enumerate() {
        let mut grids = sample_grids();
        for (sheet, first) in [(0usize, 10usize), (1, 16)] {
            for i in 0..12 {
                let (y, m) = if i < 9 { (2025, 4 + i as u32) } else { (2026, i as u32 - 8) };
                grids[sheet].1[3][first + i] = form(y, m);
            }
        }
        same_as_sample(grids, &format!("month header form {n}")).await;
    }
}

#[tokio::test]
async fn blank_rows_a_missing_result_row_and_a_totals_row() {
    let mut grids = sample_grids();
    let o = &mut grids[0].1;
    let width = o[3].len();
    // A blank row between the blocks of objectives 1 and 2, and after the table a totals row.
    o.insert(6, vec![CellValue::Empty; width]);
    let mut totals = vec![CellValue::Empty; width];
    totals[0] = text("合計");
    totals[4] = text("4件");
    o.push(totals);
    same_as_sample(grids, "blank row and totals").await;

    // Plan 2-2 has no result row: its results are lost, the rest stays.
    let mut grids = sample_grids();
    grids[0].1.remove(9);
    let got = imported(&workbook(&grids), None).await;
    let objectives = &got[0].1;
    let second = objectives.iter().find(|r| r[4] == "標的型メール訓練を実施する").expect("plan 2-2 imported");
    assert_eq!(second[9], "計画");
    assert!(objectives.iter().any(|r| r[4] == "メール誤送信防止ツールの導入と、インシデント件数の月次報告"));
}

#[tokio::test]
async fn full_width_digits_and_spaces() {
    let mut grids = sample_grids();
    set(&mut grids[0].1, "A5", text("１"));
    set(&mut grids[0].1, "A6", text("１"));
    set(&mut grids[0].1, "A9", text("２－２"));
    set(&mut grids[0].1, "A10", text("２－２"));
    let a = &mut grids[2].1;
    set(a, "D4", text("３"));
    set(a, "K4", text("　２　"));
    set(a, "M4", text("１８"));
    same_as_sample(grids, "full-width").await;
}

#[tokio::test]
async fn the_period_can_be_named_when_the_workbook_does_not() {
    let mut grids = sample_grids();
    for (_, g) in grids.iter_mut().take(2) {
        g[1] = vec![text("株式会社サンプル")];
    }
    let bytes = workbook(&grids);
    let app = TestApp::new().await;
    let org = new_org(&app.store, "株式会社サンプル").await;
    let Err(ImportFailure::Problems(p)) = prepare(&app.store, org, &bytes, None, &who()).await else {
        panic!("without a period the import must ask for one")
    };
    assert_eq!(p[0].why.key, "invalid-xlsx-period-unknown");
    let changes = prepare(&app.store, org, &bytes, Some(2025), &who()).await.unwrap();
    assert_eq!(changes.summary().added.objectives, 3);
}

#[tokio::test]
async fn a_different_risk_method_is_taken_over_only_by_an_organization_without_risks() {
    let app = TestApp::with_demo().await;
    let year = ismo::domain::period::Period::containing(ismo::web::today(), 4).start_year();
    let exported = read_workbook(&export(&app.store, 1, year).await).unwrap();
    let mut grids: Vec<(String, Grid)> = exported
        .iter()
        .map(|s| {
            (s.name.clone(), (0..s.height()).map(|r| (0..s.width()).map(|c| s.get(r, c).clone()).collect()).collect())
        })
        .collect();
    let ids = grids.iter_mut().find(|(name, _)| name == "ismo").unwrap();
    let row = ids.1.iter_mut().find(|r| r.get(2) == Some(&text("risk_criterion"))).unwrap();
    row[3] = text("9");
    let bytes = workbook(&grids);

    let Err(ImportFailure::Problems(p)) = prepare(&app.store, 1, &bytes, None, &who()).await else {
        panic!("an organization with risks keeps its method")
    };
    let message = p[0].message(&Tr::new(Lang::En));
    assert!(message.contains("criterion 9") && message.contains("criterion 12"), "{message}");

    let org = new_org(&app.store, "新しい組織").await;
    let changes = import(&app.store, org, &bytes, None, &who(), &Actor::cli()).await.unwrap();
    assert_eq!(changes.settings.map(|s| s.criterion), Some(9));
    let risk = app.store.organization(org).await.unwrap().unwrap().risk;
    assert_eq!(risk.criterion, 9);
    let risks = app.store.risks(org, year).await.unwrap();
    assert!(risks.iter().filter(|r| r.score == Some(9)).all(|r| r.needs_treatment), "scored with the new criterion");
}

#[tokio::test]
async fn an_ended_period_takes_history_once_and_then_refuses_changes() {
    let app = TestApp::new().await;
    let org = new_org(&app.store, "株式会社サンプル").await;
    let later = Importer {
        name: "取込 太郎",
        user_id: None,
        admin: true,
        file: "management-table.xlsx",
        today: NaiveDate::from_ymd_opt(2026, 11, 27).unwrap(),
    };
    import(&app.store, org, SAMPLE, None, &later, &Actor::cli()).await.expect("history goes into an empty period");
    assert!(prepare(&app.store, org, SAMPLE, None, &later).await.unwrap().is_empty(), "the same again is no change");
    let mut grids = sample_grids();
    set(&mut grids[0].1, "K5", text("キックオフ"));
    let Err(ImportFailure::Problems(p)) = prepare(&app.store, org, &workbook(&grids), None, &later).await else {
        panic!("an ended period is read-only")
    };
    assert_eq!(p[0].why.key, "invalid-xlsx-period-ended");
}

#[tokio::test]
async fn an_edited_cell_changes_only_its_record() {
    let app = TestApp::new().await;
    let org = new_org(&app.store, "株式会社サンプル").await;
    import(&app.store, org, SAMPLE, None, &who(), &Actor::cli()).await.unwrap();
    let before = app.store.plans_of_period(org, 2025).await.unwrap();
    let mut grids = sample_grids();
    set(&mut grids[0].1, "R6", text("実施済（11/20）"));
    set(&mut grids[0].1, "G9", text("高橋 三郎（情報システム部）"));
    set(&mut grids[0].1, "G10", text("高橋 三郎（情報システム部）"));
    let changes = import(&app.store, org, &workbook(&grids), None, &who(), &Actor::cli()).await.unwrap();
    let s = changes.summary();
    assert_eq!((s.changed.plans, s.added.plans, s.changed.risks), (2, 0, 0));
    assert_eq!(s.unchanged.plans, 5);
    let after = app.store.plans_of_period(org, 2025).await.unwrap();
    let moved: Vec<_> = before.iter().zip(&after).filter(|(a, b)| a.version != b.version).map(|(a, _)| a.id).collect();
    assert_eq!(moved.len(), 1, "only plan 2-2's own fields changed; plan 1 changed in its months");
    let months = app.store.months_of_period(org, 2025).await.unwrap();
    let nov = months[&after[0].id].iter().find(|c| c.month.to_string() == "2025-11").unwrap();
    assert_eq!(nov.result.as_deref(), Some("実施済（11/20）"));
}

#[tokio::test]
async fn a_value_written_another_way_is_no_change() {
    let app = TestApp::new().await;
    let org = new_org(&app.store, "株式会社サンプル").await;
    let mut grids = sample_grids();
    set(&mut grids[0].1, "W5", text("一部達成（認証は2026年3月）"));
    import(&app.store, org, &workbook(&grids), None, &who(), &Actor::cli()).await.unwrap();
    // The approval `鈴木 一郎 2025/7/1` is exported as `2025/07/01`, the evaluation with ASCII brackets.
    let changes = prepare(&app.store, org, &workbook(&grids), None, &who()).await.unwrap();
    assert!(changes.is_empty(), "{changes:#?}");
    let evaluations = app.store.evaluations_of_period(org, 2025).await.unwrap();
    assert_eq!(evaluations.len(), 1);
    assert_eq!(evaluations[0].measured_value.as_deref(), Some("認証は2026年3月"));
    assert_eq!(evaluations[0].evaluator, "取込 太郎");
}

#[tokio::test]
async fn every_unreadable_cell_is_listed_with_its_reference() {
    let app = TestApp::new().await;
    let org = new_org(&app.store, "株式会社サンプル").await;
    let mut grids = sample_grids();
    set(&mut grids[0].1, "L6", text(&"長".repeat(501)));
    set(&mut grids[0].1, "J7", text("予定外"));
    set(&mut grids[1].1, "G7", text("放置"));
    set(&mut grids[2].1, "K5", text("9"));
    let Err(ImportFailure::Problems(p)) = prepare(&app.store, org, &workbook(&grids), None, &who()).await else {
        panic!("four broken cells")
    };
    let t = Tr::new(Lang::En);
    let cells: Vec<String> = p.iter().map(|e| format!("{}!{}", e.sheet, e.cell)).collect();
    for expected in ["情報セキュリティ目的!L6", "情報セキュリティ目的!J7", "リスク対応計画!G7", "リスクアセスメント!K5"]
    {
        assert!(cells.iter().any(|c| c == expected), "{expected} missing from {cells:?}");
    }
    let option = p.iter().find(|e| e.cell == "G7").unwrap().message(&t);
    assert!(option.contains("放置") && option.contains("Reduce"), "{option}");
    assert!(
        app.store.objectives(org, 2025, &ObjectiveFilter::default(), ObjectiveSort::Code).await.unwrap().is_empty()
    );
}

#[tokio::test]
async fn the_sample_imported_again_is_no_change_in_any_period() {
    for period in [2025, 2026] {
        let app = TestApp::new().await;
        let org = new_org(&app.store, "株式会社サンプル").await;
        let today = Importer {
            name: "取込 太郎",
            user_id: None,
            admin: true,
            file: "management-table.xlsx",
            today: NaiveDate::from_ymd_opt(2026, 11, 27).unwrap(),
        };
        let who = if period == 2026 { today } else { who() };
        import(&app.store, org, SAMPLE, Some(period), &who, &Actor::cli()).await.unwrap();
        let again = prepare(&app.store, org, SAMPLE, Some(period), &who).await.unwrap();
        assert!(again.is_empty(), "period {period}: {again:#?}");
    }
}

/// A workbook of `objectives` objectives with six plans each, every month
/// planned and the first half done.
fn generated_workbook(objectives: i64) -> Vec<u8> {
    use ismo::xlsx::model::{ObjectiveBlock, PlanBlock};
    let t = Tr::new(Lang::Ja);
    let period = ismo::domain::period::Period::new(2025, 4).unwrap();
    let table = ManagementTable {
        org_name: "株式会社サンプル".into(),
        period,
        settings: Default::default(),
        month_labels: period.months().iter().map(|m| t.month(m)).collect(),
        objectives: (1..=objectives)
            .map(|o| ObjectiveBlock {
                id: 0,
                code: o.to_string(),
                input: "マネジメントレビュー（2025年3月）".into(),
                title: format!("目的 {o}"),
                indicators: "理解度テスト平均 90点以上".into(),
                plans: (1..=6)
                    .map(|p| PlanBlock {
                        id: 0,
                        number: if p == 1 { o.to_string() } else { format!("{o}-{p}") },
                        actions: format!("実施事項 {o}-{p}"),
                        resources: "人事部1名".into(),
                        responsible: "佐藤 花子".into(),
                        deadline: Some(period.last_day()),
                        deadline_text: None,
                        evaluation_method: "テスト結果".into(),
                        months: (0..12)
                            .map(|m| (format!("作業 {o}-{p}-{m}"), if m < 6 { "実施済".into() } else { String::new() }))
                            .collect(),
                        evaluation: String::new(),
                    })
                    .collect(),
            })
            .collect(),
        treatments: Vec::new(),
        risks: Vec::new(),
    };
    write(&table, &t).unwrap()
}

#[tokio::test]
async fn a_large_import_keeps_plan_order_months_and_an_intact_audit_chain() {
    let app = TestApp::new().await;
    let org = new_org(&app.store, "株式会社サンプル").await;
    let entries = audit_count(&app.store).await;
    // 150 objectives × 6 plans: more plans, month cells and audit entries than
    // one insert statement takes, with some objective's plans split between two.
    let changes = import(&app.store, org, &generated_workbook(150), Some(2025), &who(), &Actor::cli()).await.unwrap();
    assert_eq!(changes.summary().added.plans, 900);

    let plans = app.store.plans_of_period(org, 2025).await.unwrap();
    assert_eq!(plans.len(), 900);
    let objectives = app.store.objectives(org, 2025, &ObjectiveFilter::default(), ObjectiveSort::Code).await.unwrap();
    assert_eq!(objectives.len(), 150);
    for objective in &objectives {
        let code = objective.code.as_str();
        assert_eq!(objective.title, format!("目的 {code}"));
        let shown: Vec<(i64, String)> = plans
            .iter()
            .filter(|p| p.objective_id() == Some(objective.id))
            .map(|p| (p.position, p.actions.clone().unwrap_or_default()))
            .collect();
        let expected: Vec<(i64, String)> = (1..=6).map(|n| (n, format!("実施事項 {code}-{n}"))).collect();
        assert_eq!(shown, expected, "objective {code}");
    }
    let last = objectives.iter().find(|o| o.code.as_str() == "150").unwrap();
    let sixth = plans.iter().find(|p| p.objective_id() == Some(last.id) && p.position == 6).unwrap();
    let months = app.store.months(org, sixth.id).await.unwrap();
    assert_eq!(months.len(), 12);
    assert_eq!(months[11].planned.as_deref(), Some("作業 150-6-11"));
    assert_eq!(months[0].result.as_deref(), Some("実施済"));
    let indicators = app.store.indicators_of_period(org, 2025).await.unwrap();
    assert!(indicators.iter().all(|i| objectives.iter().any(|o| o.id == i.objective_id)));
    assert_eq!(indicators.len(), 150);

    // Each objective, input, indicator and plan, and each plan's months, has its entry, chained.
    let written = audit_count(&app.store).await - entries;
    assert_eq!(written, 150 * 3 + 900 * 2);
    let history = app.store.history(org, "plan_months", sixth.id).await.unwrap();
    assert_eq!(history.len(), 1, "the months of a new plan are one entry");
}

#[tokio::test]
async fn a_target_only_in_words_is_imported_as_words_and_listed_for_a_look() {
    let mut sheets = sample_grids();
    set(&mut sheets[0].1, "D11", text("意識を高める\n教育受講率　１００％"));
    let bytes = workbook(&sheets);
    let app = TestApp::new().await;
    let org = new_org(&app.store, "言葉").await;
    let changes = prepare(&app.store, org, &bytes, Some(2025), &who()).await.unwrap();
    let doubtful: Vec<_> = changes
        .readings
        .iter()
        .filter(|r| r.doubtful && r.what == "reading-indicator")
        .map(|r| (r.cell.as_str(), r.text.as_str()))
        .collect();
    assert_eq!(doubtful, [("D11", "意識を高める")], "the line that reads as no target is the one to check");
    import(&app.store, org, &bytes, Some(2025), &who(), &Actor::cli()).await.unwrap();
    let indicators = app.store.indicators_of_period(org, 2025).await.unwrap();
    let words = indicators.iter().find(|i| i.name == "意識を高める").expect("kept whole");
    assert_eq!(words.target, None);
    let rate = indicators.iter().find(|i| i.name == "教育受講率").expect("full-width target read");
    assert_eq!((rate.target, rate.unit.as_deref()), (Some(100.0), Some("%")));
    // Imported again, the same lines are the same indicators: nothing to do.
    let again = prepare(&app.store, org, &bytes, Some(2025), &who()).await.unwrap();
    assert!(again.is_empty(), "{again:#?}");
}

#[tokio::test]
async fn a_month_the_sheet_reports_behind_is_imported_as_a_delay() {
    let mut sheets = sample_grids();
    // Plan 1's July: planned, and reported partly behind; August reported not done.
    set(&mut sheets[0].1, "N5", text("規程の整備"));
    set(&mut sheets[0].1, "N6", text("一部遅れ（規程2件未完）"));
    set(&mut sheets[0].1, "O5", text("規程の周知"));
    set(&mut sheets[0].1, "O6", text("未実施"));
    let bytes = workbook(&sheets);
    let app = TestApp::new().await;
    let org = new_org(&app.store, "遅れ").await;
    let changes = prepare(&app.store, org, &bytes, Some(2025), &who()).await.unwrap();
    let doubtful: Vec<_> =
        changes.readings.iter().filter(|r| r.doubtful && r.what == "reading-month").map(|r| r.cell.as_str()).collect();
    assert_eq!(doubtful, ["N6"], "the mixed wording is listed; 未実施 is plain");
    import(&app.store, org, &bytes, Some(2025), &who(), &Actor::cli()).await.unwrap();

    let facts = app.store.readiness_facts(org, 2025).await.unwrap();
    let index = ismo::domain::readiness::Index::new(&facts);
    let plan = facts.plans.iter().find(|p| index.plan_number(p) == "1").unwrap();
    let months = &facts.months[&plan.id];
    let state = |m: &str| months.iter().find(|c| c.month.to_string() == m).map(|c| c.state);
    assert_eq!(state("2025-07"), Some(MonthState::NotDone), "behind is shown, not hidden");
    assert_eq!(state("2025-08"), Some(MonthState::NotDone));
    let found = ismo::domain::readiness::check(&facts, NaiveDate::from_ymd_opt(2025, 11, 15).unwrap());
    let late: Vec<String> = found
        .iter()
        .filter(|f| f.rule.id() == "progress-late" && f.record == "1")
        .map(|f| Tr::new(Lang::Ja).finding(f))
        .collect();
    assert!(late.iter().any(|m| m.contains("2025年7月") && m.contains("規程の整備")), "{late:?}");
    assert!(late.iter().any(|m| m.contains("2025年8月") && m.contains("規程の周知")), "{late:?}");
    let progress = ismo::domain::progress::plan_progress(plan, months, NaiveDate::from_ymd_opt(2025, 11, 15).unwrap());
    assert_eq!(progress.status, ismo::domain::progress::Progress::Delayed);

    // Its own export reads back as the same months: no change.
    let again = prepare(&app.store, org, &export(&app.store, org, 2025).await, Some(2025), &who()).await.unwrap();
    assert!(again.is_empty(), "{again:#?}");
}

#[tokio::test]
async fn an_inputs_date_is_read_from_its_text() {
    let app = TestApp::new().await;
    let org = new_org(&app.store, "日付").await;
    import(&app.store, org, SAMPLE, Some(2025), &who(), &Actor::cli()).await.unwrap();
    let inputs = app.store.inputs_of_period(org, 2025).await.unwrap();
    let of = |text: &str| inputs.iter().find(|i| i.reference.contains(text)).map(|i| i.occurred_on);
    // 「インシデント報告（2024年度 8件）」: the fiscal year 2024, from its first day.
    assert_eq!(of("2024年度"), Some(NaiveDate::from_ymd_opt(2024, 4, 1)));
}
