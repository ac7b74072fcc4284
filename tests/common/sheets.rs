//! Workbooks for import tests: the shared sample as editable grids, grids
//! written back as `.xlsx`, and what an organization holds after an import
//! (as its export shows it).

use chrono::NaiveDate;

use super::TestApp;
use ismo::domain::actor::Actor;
use ismo::domain::organization::OrganizationDraft;
use ismo::i18n::{Lang, Tr};
use ismo::store::Store;
use ismo::xlsx::export::write;
use ismo::xlsx::import::{ImportFailure, Importer, import};
use ismo::xlsx::model::ManagementTable;
use ismo::xlsx::read::{CellValue, read_workbook};

pub const SAMPLE: &[u8] = include_bytes!("../fixtures/management-table.xlsx");

/// A sheet's cells, row by row (merged cells already repeated).
pub type Grid = Vec<Vec<CellValue>>;

pub fn who() -> Importer<'static> {
    Importer { name: "取込 太郎", today: NaiveDate::from_ymd_opt(2025, 11, 15).unwrap() }
}

pub async fn new_org(store: &Store, name: &str) -> i64 {
    store.create_organization(&OrganizationDraft::with_defaults(name).unwrap(), &Actor::cli()).await.unwrap().id
}

/// The sample's sheets as grids.
pub fn sample_grids() -> Vec<(String, Grid)> {
    read_workbook(SAMPLE)
        .unwrap()
        .into_iter()
        .map(|s| {
            let rows = (0..s.height()).map(|r| (0..s.width()).map(|c| s.get(r, c).clone()).collect()).collect();
            (s.name.clone(), rows)
        })
        .collect()
}

/// Writes grids as a workbook: values repeated on every row (no merges),
/// dates as real dates.
pub fn workbook(sheets: &[(String, Grid)]) -> Vec<u8> {
    let mut book = rust_xlsxwriter::Workbook::new();
    let date = rust_xlsxwriter::Format::new().set_num_format("yyyy/m/d");
    for (name, rows) in sheets {
        let ws = book.add_worksheet();
        ws.set_name(name).unwrap();
        for (r, row) in rows.iter().enumerate() {
            for (c, value) in row.iter().enumerate() {
                let (r, c) = (r as u32, c as u16);
                match value {
                    CellValue::Empty => {}
                    CellValue::Text(t) => {
                        ws.write_string(r, c, t).unwrap();
                    }
                    CellValue::Number(n) => {
                        ws.write_number(r, c, *n).unwrap();
                    }
                    CellValue::Bool(b) => {
                        ws.write_boolean(r, c, *b).unwrap();
                    }
                    CellValue::Date(d) => {
                        let d = rust_xlsxwriter::ExcelDateTime::parse_from_str(&d.to_string()).unwrap();
                        ws.write_datetime_with_format(r, c, d, &date).unwrap();
                    }
                }
            }
        }
    }
    book.save_to_buffer().unwrap()
}

pub fn text(s: &str) -> CellValue {
    CellValue::Text(s.to_string())
}

/// The (row, column) of a cell reference such as `K4`, 0-based.
pub fn at(cell: &str) -> (usize, usize) {
    let letters: String = cell.chars().take_while(char::is_ascii_alphabetic).collect();
    let col = letters.bytes().fold(0usize, |n, b| n * 26 + usize::from(b - b'A' + 1)) - 1;
    let row: usize = cell[letters.len()..].parse::<usize>().unwrap() - 1;
    (row, col)
}

pub fn set(grid: &mut Grid, cell: &str, value: CellValue) {
    let (row, col) = at(cell);
    while grid.len() <= row {
        grid.push(Vec::new());
    }
    while grid[row].len() <= col {
        grid[row].push(CellValue::Empty);
    }
    grid[row][col] = value;
}

/// Every cell of the management table's three sheets, as text.
pub fn contents(bytes: &[u8]) -> Vec<(String, Vec<Vec<String>>)> {
    read_workbook(bytes)
        .unwrap()
        .into_iter()
        .filter(|s| s.name != "ismo")
        .map(|s| {
            let rows = (0..s.height()).map(|r| (0..s.width()).map(|c| s.get(r, c).as_text()).collect()).collect();
            (s.name.clone(), rows)
        })
        .collect()
}

pub async fn export_in(store: &Store, org: i64, year: i32, lang: Lang) -> Vec<u8> {
    let t = Tr::new(lang);
    let table = ManagementTable::load(store, org, year, &t).await.unwrap().unwrap();
    write(&table, &t).unwrap()
}

/// Imports into `org`, panicking with every problem's message if refused.
pub async fn import_ok(store: &Store, org: i64, bytes: &[u8]) {
    import_for(store, org, bytes, None).await
}

/// [`import_ok`] into the period starting in `year` (or the one the workbook names).
pub async fn import_for(store: &Store, org: i64, bytes: &[u8], year: Option<i32>) {
    if let Err(e) = import(store, org, bytes, year, &who(), &Actor::cli()).await {
        let t = Tr::new(Lang::Ja);
        match e {
            ImportFailure::Problems(p) => panic!("{:?}", p.iter().map(|p| p.message(&t)).collect::<Vec<_>>()),
            e => panic!("{e}"),
        }
    }
}

/// What a new organization holds after importing `bytes`, as its export
/// shows it (without the title rows, which name the organization).
pub async fn imported(bytes: &[u8], year: Option<i32>) -> Vec<(String, Vec<Vec<String>>)> {
    let app = TestApp::new().await;
    let org = new_org(&app.store, "株式会社サンプル").await;
    import_for(&app.store, org, bytes, year).await;
    let mut sheets = contents(&export_in(&app.store, org, 2025, Lang::Ja).await);
    for (_, rows) in &mut sheets {
        rows.drain(..2);
    }
    sheets
}

/// Imports a variant of the sample and checks it gives what the sample gives.
pub async fn same_as_sample(variant: Vec<(String, Grid)>, what: &str) {
    let expected = imported(SAMPLE, None).await;
    let got = imported(&workbook(&variant), None).await;
    for ((name, a), (_, b)) in expected.iter().zip(&got) {
        assert_eq!(a, b, "{what}: sheet {name}");
    }
}
