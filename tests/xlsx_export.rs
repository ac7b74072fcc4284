//! The Excel export, read back with calamine: sheets, labels, blocks and
//! merges as in `shared/spec/management-table.md`.

mod common;

use std::io::Cursor;
use std::time::Instant;

use calamine::{Data, Dimensions, Range, Reader, Xlsx, open_workbook_from_rs};
use chrono::NaiveDate;

use common::TestApp;
use ismo::domain::period::Period;
use ismo::i18n::{Lang, Tr};
use ismo::xlsx::export::write;
use ismo::xlsx::model::ManagementTable;

type Book = Xlsx<Cursor<Vec<u8>>>;

async fn demo_table(app: &TestApp, lang: Lang) -> ManagementTable {
    let year = Period::containing(ismo::web::today(), 4).start_year();
    ManagementTable::load(&app.store, 1, year, &Tr::new(lang)).await.unwrap().expect("the demo organization")
}

fn open(bytes: Vec<u8>) -> Book {
    open_workbook_from_rs(Cursor::new(bytes)).expect("a readable workbook")
}

fn sheet(book: &mut Book, name: &str) -> Range<Data> {
    book.worksheet_range(name).unwrap_or_else(|e| panic!("sheet {name}: {e}"))
}

/// The cell at an A1 reference, e.g. `"C5"`, `"AD4"`.
fn at<'a>(range: &'a Range<Data>, cell: &str) -> &'a Data {
    let (row, col) = position(cell);
    range.get_value((row, col)).unwrap_or(&Data::Empty)
}

fn text(range: &Range<Data>, cell: &str) -> String {
    match at(range, cell) {
        Data::Empty => String::new(),
        d => d.to_string(),
    }
}

/// Zero-based (row, column) of an A1 reference.
fn position(cell: &str) -> (u32, u32) {
    let letters: String = cell.chars().take_while(char::is_ascii_alphabetic).collect();
    let col = letters.bytes().fold(0u32, |n, b| n * 26 + u32::from(b - b'A' + 1)) - 1;
    let row: u32 = cell[letters.len()..].parse().unwrap();
    (row - 1, col)
}

fn merged(merges: &[Dimensions], from: &str, to: &str) -> bool {
    let (start, end) = (position(from), position(to));
    merges.iter().any(|d| d.start == start && d.end == end)
}

fn header(range: &Range<Data>, row: u32, columns: u32) -> Vec<String> {
    (0..columns).map(|c| range.get_value((row - 1, c)).map(|d| d.to_string()).unwrap_or_default()).collect()
}

#[tokio::test]
async fn the_demo_table_in_japanese() {
    let app = TestApp::with_demo().await;
    let started = Instant::now();
    let table = demo_table(&app, Lang::Ja).await;
    let loaded = started.elapsed();
    let started = Instant::now();
    let bytes = write(&table, &Tr::new(Lang::Ja)).unwrap();
    println!("demo table: loaded in {loaded:?}, written in {:?} ({} bytes)", started.elapsed(), bytes.len());
    let mut book = open(bytes);
    assert_eq!(book.sheet_names(), ["情報セキュリティ目的", "リスク対応計画", "リスクアセスメント", "ismo"]);

    let objectives = sheet(&mut book, "情報セキュリティ目的");
    assert_eq!(text(&objectives, "A1"), "情報セキュリティ目的管理表");
    let first = table.period.first_day();
    let last = table.period.last_day();
    assert_eq!(
        text(&objectives, "A2"),
        format!("株式会社サンプル　　対象期間: {}年4月～{}年3月", first.format("%Y"), last.format("%Y"))
    );
    let mut expected: Vec<String> =
        ["No.", "インプット", "情報セキュリティ目的", "指標・目標値", "実施事項", "必要な資源", "責任者", "達成期限"]
            .map(String::from)
            .to_vec();
    expected.extend(["結果の評価方法", "区分"].map(String::from));
    expected.extend(
        ["4月", "5月", "6月", "7月", "8月", "9月", "10月", "11月", "12月", "1月", "2月", "3月"].map(String::from),
    );
    expected.extend(["評価結果", "備考"].map(String::from));
    assert_eq!(header(&objectives, 4, 24), expected);

    // The first objective: one block of a plan row and a result row.
    assert_eq!(text(&objectives, "A5"), "1");
    assert_eq!(text(&objectives, "C5"), "ISMS認証（ISO/IEC 27001）を取得する");
    assert_eq!(text(&objectives, "J5"), "計画");
    assert_eq!(text(&objectives, "K5"), "キックオフ・外部打合せ");
    assert_eq!(text(&objectives, "J6"), "実施結果");
    assert_eq!(text(&objectives, "K6"), "実施済（4/10 打合せ）");
    let deadline = table.objectives[0].plans[0].deadline.expect("the sample plan has a deadline");
    match at(&objectives, "H5") {
        Data::DateTime(d) => {
            let serial = (deadline - NaiveDate::from_ymd_opt(1899, 12, 30).unwrap()).num_days() as f64;
            assert_eq!(d.as_f64(), serial, "H5 is {deadline}");
        }
        other => panic!("H5 is not a date: {other:?}"),
    }
    // The second objective has two plans: its cells span both blocks.
    assert_eq!(table.objectives[1].plans.len(), 2);
    assert_eq!(text(&objectives, "A7"), "2");
    assert_eq!(text(&objectives, "A9"), "2-2");
    assert_eq!(text(&objectives, "C7"), "従業員の情報セキュリティ意識を向上させる");
    let merges = book.merge_cells_by_sheet_name("情報セキュリティ目的").unwrap();
    for (from, to) in [("A5", "A6"), ("B5", "B6"), ("C5", "C6"), ("H5", "H6"), ("W5", "W6"), ("X5", "X6")] {
        assert!(merged(&merges, from, to), "{from}:{to} is merged");
    }
    for (from, to) in [("B7", "B10"), ("C7", "C10"), ("D7", "D10"), ("A7", "A8"), ("A9", "A10"), ("E9", "E10")] {
        assert!(merged(&merges, from, to), "{from}:{to} is merged");
    }
    assert!(!merges.iter().any(|d| d.start.1 == 9 || (10..22).contains(&d.start.1)), "J and the months are not merged");

    let treatments = sheet(&mut book, "リスク対応計画");
    let labels = header(&treatments, 4, 30);
    assert_eq!(
        labels[..9],
        ["No.", "リスクID", "情報資産", "脅威", "脆弱性", "リスク値", "対応方針", "管理策", "インプット"]
    );
    assert_eq!(labels[14..16], ["残留リスク値", "区分"]);
    assert_eq!(labels[28..], ["評価結果", "リスク所有者承認"]);
    assert_eq!(text(&treatments, "A5"), "1");
    assert_eq!(text(&treatments, "B5"), "R-001");
    assert_eq!(at(&treatments, "F5"), &Data::Float(18.0));
    assert_eq!(text(&treatments, "H5"), "A.5.17, A.8.5");
    assert_eq!(text(&treatments, "P5"), "計画");
    assert_eq!(text(&treatments, "P6"), "実施結果");
    let merges = book.merge_cells_by_sheet_name("リスク対応計画").unwrap();
    for (from, to) in [("A5", "A6"), ("B5", "B6"), ("J5", "J6"), ("M5", "M6"), ("O5", "O6"), ("AC5", "AC6")] {
        assert!(merged(&merges, from, to), "{from}:{to} is merged");
    }

    let assessment = sheet(&mut book, "リスクアセスメント");
    assert!(text(&assessment, "A1").contains("資産価値×脅威×脆弱性"), "{}", text(&assessment, "A1"));
    assert_eq!(
        header(&assessment, 3, 15),
        [
            "リスクID",
            "情報資産",
            "資産の管理責任者",
            "機密性",
            "完全性",
            "可用性",
            "資産価値",
            "脅威",
            "脆弱性",
            "既存の管理策",
            "脅威の値",
            "脆弱性の値",
            "リスク値",
            "受容基準",
            "要対応"
        ]
    );
    assert_eq!(text(&assessment, "A4"), "R-001");
    assert_eq!(at(&assessment, "M4"), &Data::Float(18.0));
    assert_eq!(at(&assessment, "N4"), &Data::Float(12.0));
    assert_eq!(text(&assessment, "O4"), "要");
    assert_eq!(at(&assessment, "G4"), &Data::Float(3.0));
    let low = (4..=table.risks.len() as u32 + 3)
        .find(|r| !table.risks[*r as usize - 4].risk.needs_treatment)
        .expect("a risk below the criterion");
    assert_eq!(text(&assessment, &format!("O{low}")), "");

    // The ids sheet maps each block's first row to what it shows.
    let ids = sheet(&mut book, "ismo");
    let rows: Vec<Vec<String>> = ids.rows().map(|r| r.iter().map(|d| d.to_string()).collect()).collect();
    assert_eq!(rows[0], ["sheet", "row", "kind", "id", "key"]);
    let has = |sheet: &str, row: &str, kind: &str, id: i64| {
        rows.iter().any(|r| r[0] == sheet && r[1] == row && r[2] == kind && r[3] == id.to_string())
    };
    assert!(has("情報セキュリティ目的", "5", "objective", table.objectives[0].id));
    assert!(has("情報セキュリティ目的", "5", "plan", table.objectives[0].plans[0].id));
    assert!(has("情報セキュリティ目的", "9", "plan", table.objectives[1].plans[1].id));
    assert!(rows.iter().any(|r| r[1] == "9" && r[2] == "plan" && r[4] == "2-2"), "the key is the number shown");
    assert!(has("リスク対応計画", "5", "treatment", table.treatments[0].treatment.id));
    assert!(has("リスクアセスメント", "4", "risk", table.risks[0].risk.id));
    let period = format!("{}-04", first.format("%Y"));
    assert!(rows.iter().any(|r| r[2] == "period" && r[3] == period), "{rows:?}");
    assert!(rows.iter().any(|r| r[2] == "org" && r[3] == "株式会社サンプル"));
}

#[tokio::test]
async fn english_labels() {
    let app = TestApp::with_demo().await;
    let table = demo_table(&app, Lang::En).await;
    let mut book = open(write(&table, &Tr::new(Lang::En)).unwrap());
    assert_eq!(book.sheet_names(), ["Objectives", "Risk treatment plan", "Risk assessment", "ismo"]);
    let objectives = sheet(&mut book, "Objectives");
    let year = table.period.start_year();
    assert_eq!(text(&objectives, "A2"), format!("株式会社サンプル    Period: Apr {year} – Mar {}", year + 1));
    let labels = header(&objectives, 4, 24);
    assert_eq!(
        labels[..10],
        [
            "No.",
            "Input",
            "Objective",
            "Indicator / target",
            "Actions",
            "Resources",
            "Responsible",
            "Deadline",
            "Evaluation method",
            "Row"
        ]
    );
    assert_eq!(labels[10], "Apr");
    assert_eq!(labels[21], "Mar");
    assert_eq!(labels[22..], ["Evaluation result", "Notes"]);
    assert_eq!(text(&objectives, "J5"), "Plan");
    assert_eq!(text(&objectives, "J6"), "Result");
    let treatments = sheet(&mut book, "Risk treatment plan");
    assert_eq!(text(&treatments, "G4"), "Treatment option");
    assert_eq!(text(&treatments, "AD4"), "Risk owner approval");
    let assessment = sheet(&mut book, "Risk assessment");
    assert_eq!(text(&assessment, "A3"), "Risk ID");
    assert_eq!(text(&assessment, "O3"), "Needs treatment");
    assert_eq!(text(&assessment, "O4"), "Yes");
}

#[tokio::test]
async fn likelihood_and_impact_replace_the_asset_columns() {
    let app = TestApp::with_demo().await;
    let mut table = demo_table(&app, Lang::Ja).await;
    table.settings.method = ismo::domain::risk_method::RiskMethod::LikelihoodImpact;
    let mut book = open(write(&table, &Tr::new(Lang::Ja)).unwrap());
    let assessment = sheet(&mut book, "リスクアセスメント");
    assert!(text(&assessment, "A1").contains("発生可能性×影響度"), "{}", text(&assessment, "A1"));
    assert_eq!(
        header(&assessment, 3, 11),
        [
            "リスクID",
            "情報資産",
            "資産の管理責任者",
            "脅威",
            "脆弱性",
            "既存の管理策",
            "発生可能性",
            "影響度",
            "リスク値",
            "受容基準",
            "要対応"
        ]
    );
}
