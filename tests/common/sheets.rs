//! The shared sample workbook as grids of cells that a test edits the way a
//! person edits the sheet, writes back as `.xlsx` and imports.

use chrono::{Datelike, NaiveDate};

use ismo::domain::actor::Actor;
use ismo::domain::organization::OrganizationDraft;
use ismo::i18n::{Lang, Tr};
use ismo::store::Store;
use ismo::xlsx::export::write;
use ismo::xlsx::import::{ImportFailure, Importer, import};
use ismo::xlsx::model::ManagementTable;
use ismo::xlsx::read::{CellValue, read_workbook};

use super::TestApp;

pub const SAMPLE: &[u8] = include_bytes!("../fixtures/management-table.xlsx");

/// Rows of cells, as `read_workbook` gives them.
pub type Grid = Vec<Vec<CellValue>>;

/// Who imports, on 2025-11-15 (inside the sample's period).
pub fn who() -> Importer<'static> {
    Importer {
        name: "取込 太郎",
        user_id: None,
        admin: true,
        file: "management-table.xlsx",
        today: NaiveDate::from_ymd_opt(2025, 11, 15).unwrap(),
    }
}

pub async fn new_org(store: &Store, name: &str) -> i64 {
    store.create_organization(&OrganizationDraft::with_defaults(name).unwrap(), &Actor::cli()).await.unwrap().id
}

pub fn text(s: &str) -> CellValue {
    CellValue::Text(s.to_string())
}

/// The sample's sheets as grids (merged cells already repeated).
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

/// The (row, column) of a cell reference such as `K4`, 0-based.
pub fn at(cell: &str) -> (usize, usize) {
    let letters: String = cell.chars().take_while(char::is_ascii_alphabetic).collect();
    let col = letters.bytes().fold(0usize, |n, b| n * 26 + usize::from(b - b'A' + 1)) - 1;
    let row: usize = cell[letters.len()..].parse::<usize>().unwrap() - 1;
    (row, col)
}

/// Sets the cell `cell` (`H5`) of a grid, growing it as needed.
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
                        let day =
                            rust_xlsxwriter::ExcelDateTime::from_ymd(d.year() as u16, d.month() as u8, d.day() as u8)
                                .unwrap();
                        ws.write_datetime_with_format(r, c, day, &date).unwrap();
                    }
                }
            }
        }
    }
    book.save_to_buffer().unwrap()
}

/// Every cell of the management table's three sheets (not the `ismo` sheet), as text.
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

/// The organization's management table of `year`, exported in Japanese.
pub async fn export(store: &Store, org: i64, year: i32) -> Vec<u8> {
    export_in(store, org, year, Lang::Ja).await
}

/// The organization's management table of `year`, exported in `lang`.
pub async fn export_in(store: &Store, org: i64, year: i32, lang: Lang) -> Vec<u8> {
    let t = Tr::new(lang);
    let table = ManagementTable::load(store, org, year, &t).await.unwrap().unwrap();
    write(&table, &t).unwrap()
}

/// Imports into `org`, panicking with every problem's message.
pub async fn import_ok(store: &Store, org: i64, bytes: &[u8]) {
    if let Err(e) = import(store, org, bytes, None, &who(), &Actor::cli()).await {
        let t = Tr::new(Lang::Ja);
        match e {
            ImportFailure::Problems(p) => panic!("{:?}", p.iter().map(|p| p.message(&t)).collect::<Vec<_>>()),
            e => panic!("{e}"),
        }
    }
}

/// Imports into a new organization, panicking with every problem's message.
pub async fn import_new(bytes: &[u8]) -> (TestApp, i64) {
    let app = TestApp::new().await;
    let org = new_org(&app.store, "株式会社サンプル").await;
    import_ok(&app.store, org, bytes).await;
    (app, org)
}

/// What an organization holds after importing `bytes`, as its export of
/// 2025 shows it (without the title rows, which name the organization).
pub async fn imported(bytes: &[u8]) -> Vec<(String, Vec<Vec<String>>)> {
    let (app, org) = import_new(bytes).await;
    let mut sheets = contents(&export(&app.store, org, 2025).await);
    for (_, rows) in &mut sheets {
        rows.drain(..2);
    }
    sheets
}

/// Imports a variant of the sample and checks it gives what the sample gives.
pub async fn same_as_sample(variant: Vec<(String, Grid)>, what: &str) {
    let expected = imported(SAMPLE).await;
    let got = imported(&workbook(&variant)).await;
    for ((name, a), (_, b)) in expected.iter().zip(&got) {
        assert_eq!(a, b, "{what}: sheet {name}");
    }
}
