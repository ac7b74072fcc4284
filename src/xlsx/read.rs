//! Reads an uploaded `.xlsx` workbook into plain cell grids, before any
//! interpretation: the importer decides what a cell means, this module only
//! makes sure it sees what Excel shows.
//!
//! Two things matter beyond calamine's own reading:
//!
//! - Merged cells: Excel keeps a merged block's value in its top-left cell
//!   only, while people just as often repeat the value on every row. Every
//!   cell of a merged block therefore reads as its top-left cell, so both
//!   styles look the same to the importer.
//! - Hostile input: an upload is untrusted bytes. The archive is screened
//!   first (`screen`: real sizes, ratios, declared counts removed). Cells
//!   are kept sparsely, within [`MAX_ROWS`] x [`MAX_COLUMNS`], merged
//!   blocks are clipped to the area that holds data, both are bounded by a
//!   budget, and a panic inside the parser is turned into an error.

use std::collections::HashMap;
use std::io::Cursor;
use std::panic;

use calamine::{DataRef, Dimensions, Reader, SheetType, SheetVisible, Xlsx};
use chrono::{NaiveDate, NaiveDateTime};

use super::screen::{Refusal, ScreenError, screen};

/// One cell as read, before any interpretation.
#[derive(Debug, Clone, PartialEq)]
pub enum CellValue {
    Empty,
    Text(String),
    Number(f64),
    Date(NaiveDate),
    Bool(bool),
}

impl CellValue {
    /// The cell as text: Text as is; Number formatted without a useless ".0" (18.0 -> "18", 2.5 -> "2.5");
    /// Date as "2025-04-30"; Bool "TRUE"/"FALSE"; Empty "".
    pub fn as_text(&self) -> String {
        match self {
            CellValue::Empty => String::new(),
            CellValue::Text(s) => s.clone(),
            CellValue::Number(n) => format_number(*n),
            CellValue::Date(d) => d.format("%Y-%m-%d").to_string(),
            CellValue::Bool(true) => "TRUE".to_string(),
            CellValue::Bool(false) => "FALSE".to_string(),
        }
    }

    /// True for Empty and for Text that is only whitespace (incl. U+3000).
    pub fn is_blank(&self) -> bool {
        match self {
            CellValue::Empty => true,
            // `char::is_whitespace` follows Unicode White_Space, which includes
            // the ideographic space U+3000 and the no-break space.
            CellValue::Text(s) => s.chars().all(char::is_whitespace),
            _ => false,
        }
    }
}

/// Formats a number the way Excel shows it in a General cell: at most 15
/// significant digits (so `0.1 + 0.2` reads `0.3`, not `0.30000000000000004`)
/// and no trailing `.0`.
fn format_number(n: f64) -> String {
    if n == 0.0 {
        // Also folds -0.0, which Rust would print as "-0".
        return "0".to_string();
    }
    if !n.is_finite() {
        return n.to_string();
    }
    // Round-trip through 15 significant digits in scientific notation; the
    // shortest representation of the rounded value has no binary noise.
    let rounded: f64 = format!("{n:.14e}").parse().unwrap_or(n);
    rounded.to_string()
}

static EMPTY: CellValue = CellValue::Empty;

/// A sheet with every merged range's value copied into each of its cells (so a merged block and a
/// block whose value is repeated on every row read the same).
///
/// Merged blocks are filled only within the rows and columns that hold values ([`RawSheet::height`] x
/// [`RawSheet::width`]): a block hanging below the last row or right of the last column with a value
/// reads Empty there, as everything outside the data does.
#[derive(Debug, Clone)]
pub struct RawSheet {
    pub name: String,
    /// Hidden or "very hidden" in Excel; the importer may want to skip or flag such sheets.
    pub hidden: bool,
    /// Non-empty cells by 0-based (row, column); sparse so that a far-away
    /// cell does not cost a dense grid.
    cells: HashMap<(u32, u32), CellValue>,
    /// The non-top-left cells of merged blocks, pointing at their block's top-left cell.
    merged: HashMap<(u32, u32), (u32, u32)>,
    height: usize,
    width: usize,
}

impl RawSheet {
    /// A sheet from rows of cells, row 0 being row 1 of the sheet; for tests
    /// and CSV-like sources, which have no merged cells.
    pub fn new(name: &str, rows: Vec<Vec<CellValue>>) -> RawSheet {
        let mut cells = HashMap::new();
        for (r, row) in rows.into_iter().enumerate() {
            for (c, value) in row.into_iter().enumerate() {
                // Beyond u32 cannot come from a real sheet (Excel stops at
                // 1,048,576 rows); dropping it keeps `new` infallible.
                if let (Ok(r), Ok(c)) = (u32::try_from(r), u32::try_from(c))
                    && value != CellValue::Empty
                {
                    cells.insert((r, c), value);
                }
            }
        }
        Self::from_cells(name, false, cells)
    }

    fn from_cells(name: &str, hidden: bool, cells: HashMap<(u32, u32), CellValue>) -> RawSheet {
        let height = cells.keys().map(|&(r, _)| r as usize + 1).max().unwrap_or(0);
        let width = cells.keys().map(|&(_, c)| c as usize + 1).max().unwrap_or(0);
        RawSheet { name: name.to_string(), hidden, cells, merged: HashMap::new(), height, width }
    }

    /// Number of rows: one past the last row that holds a value (rows 0..height).
    pub fn height(&self) -> usize {
        self.height
    }

    /// Number of columns: one past the rightmost column that holds a value in any row.
    pub fn width(&self) -> usize {
        self.width
    }

    /// The cell at 0-based (row, col); a cell inside a merged block reads as
    /// the block's top-left cell. Empty outside the data.
    pub fn get(&self, row: usize, col: usize) -> &CellValue {
        let (Ok(r), Ok(c)) = (u32::try_from(row), u32::try_from(col)) else {
            return &EMPTY;
        };
        let key = self.merged.get(&(r, c)).copied().unwrap_or((r, c));
        self.cells.get(&key).unwrap_or(&EMPTY)
    }

    /// Makes every cell of each merged block read as its top-left cell.
    ///
    /// Blocks are clipped to the area that holds data (beyond it every cell
    /// reads Empty anyway), so a forged `A1:XFD1048576` costs only what the
    /// data already costs; `budget` bounds what is left, across the workbook.
    /// A block whose top-left cell is empty is ignored: there is nothing to
    /// copy, and Excel shows such a block blank.
    fn apply_merges(&mut self, ranges: &[Dimensions], budget: &mut u64) -> Result<(), String> {
        if self.height == 0 || self.width == 0 {
            return Ok(());
        }
        // Height and width are one past a u32 key, so the last row and
        // column are u32 values; clipping to them keeps the loops below in u32.
        let last_row = (self.height - 1) as u64;
        let last_col = (self.width - 1) as u64;
        for range in ranges {
            // A forged reference may be written end-first.
            let (r0, r1) = min_max(range.start.0, range.end.0);
            let (c0, c1) = min_max(range.start.1, range.end.1);
            if !self.cells.contains_key(&(r0, c0)) {
                continue;
            }
            let r1 = u64::from(r1).min(last_row);
            let c1 = u64::from(c1).min(last_col);
            // Saturating: a forged sheet can make both sides 2^32.
            let area = (r1 - u64::from(r0) + 1).saturating_mul(c1 - u64::from(c0) + 1);
            if area - 1 > *budget {
                return Err(format!("more than {MAX_MERGED_CELLS} merged cells"));
            }
            *budget -= area - 1;
            for r in r0..=r1 as u32 {
                for c in c0..=c1 as u32 {
                    if (r, c) != (r0, c0) {
                        self.merged.insert((r, c), (r0, c0));
                    }
                }
            }
        }
        Ok(())
    }
}

fn min_max(a: u32, b: u32) -> (u32, u32) {
    if a <= b { (a, b) } else { (b, a) }
}

/// Non-empty cells kept over the whole workbook. A real management table of
/// 10,000 plans holds well under a million; the cap stops a small compressed
/// upload from expanding into gigabytes of cells.
const MAX_CELLS: usize = 3_000_000;

/// Merged-block cells (other than top-left ones) kept over the whole workbook.
const MAX_MERGED_CELLS: u64 = 3_000_000;

/// Rows read per sheet: a value below is refused rather than stretching
/// every loop over the sheet to a million rows. 65,536 is the old `.xls`
/// limit; a management table of 10,000 plans uses about 20,000.
pub const MAX_ROWS: usize = 65_536;
/// Columns read per sheet (up to `IV`, the old `.xls` limit); the
/// management table uses about 40.
pub const MAX_COLUMNS: usize = 256;

#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum ReadError {
    /// The file is refused for what it holds (see `screen`), or a sheet for where its values are.
    #[error(transparent)]
    Refused(#[from] Refusal),
    /// The bytes are not a readable `.xlsx` file; the detail is the parser's message.
    #[error("not an .xlsx workbook: {0}")]
    NotAWorkbook(String),
    /// The sheet (by name) exists but could not be read; the detail is the reason.
    #[error("sheet {0} could not be read: {1}")]
    Sheet(String, String),
}

/// Reads every sheet (including hidden ones) from .xlsx bytes. Row/column 0 is A1, whatever the first used
/// cell is. Chart sheets and other non-worksheets are skipped: they hold no cells.
pub fn read_workbook(bytes: &[u8]) -> Result<Vec<RawSheet>, ReadError> {
    // calamine does unchecked u32 arithmetic on cell references (e.g. a
    // reversed merged range `C10:C7` underflows), which panics in debug
    // builds. An upload must never bring the server down, so a panic is
    // reported like any other unreadable file.
    let screened = match screen(bytes) {
        Ok(screened) => screened,
        Err(ScreenError::Refused(refusal)) => return Err(refusal.into()),
        Err(ScreenError::Unreadable(detail)) => return Err(ReadError::NotAWorkbook(detail)),
    };
    quiet_parser_panics();
    match panic::catch_unwind(|| read_all(&screened)) {
        Ok(result) => result,
        Err(_) => Err(ReadError::NotAWorkbook("the workbook parser failed on malformed data".to_string())),
    }
}

/// A parser panic is caught and reported as "not a readable workbook"; the
/// default hook would first print it with a backtrace to the server's log or
/// the terminal, as if something had gone wrong in ismo. Panics elsewhere are
/// still shown. Installed once, before the first read.
fn quiet_parser_panics() {
    static ONCE: std::sync::Once = std::sync::Once::new();
    ONCE.call_once(|| {
        let default_hook = panic::take_hook();
        panic::set_hook(Box::new(move |info| {
            if !info.location().is_some_and(|l| l.file().contains("/calamine-")) {
                default_hook(info);
            }
        }));
    });
}

fn read_all(bytes: &[u8]) -> Result<Vec<RawSheet>, ReadError> {
    let mut workbook = Xlsx::new(Cursor::new(bytes)).map_err(|e| ReadError::NotAWorkbook(e.to_string()))?;
    let metadata = workbook.sheets_metadata().to_vec();
    let mut cell_budget = MAX_CELLS;
    let mut merge_budget = MAX_MERGED_CELLS;
    let mut sheets = Vec::with_capacity(metadata.len());
    for meta in metadata {
        if meta.typ != SheetType::WorkSheet {
            continue;
        }
        let hidden = meta.visible != SheetVisible::Visible;
        let sheet_error = |detail: String| ReadError::Sheet(meta.name.clone(), detail);
        let cells = read_cells(&mut workbook, &meta.name, &mut cell_budget)?;
        let merges = workbook.merge_cells_by_sheet_name(&meta.name).map_err(|e| sheet_error(e.to_string()))?;
        let mut sheet = RawSheet::from_cells(&meta.name, hidden, cells);
        sheet.apply_merges(&merges, &mut merge_budget).map_err(sheet_error)?;
        sheets.push(sheet);
    }
    Ok(sheets)
}

/// The non-empty cells of one worksheet, streamed so that memory follows the
/// cells actually present rather than the sheet's declared or used dimensions
/// (calamine's `worksheet_range` allocates the whole bounding box densely).
fn read_cells(
    workbook: &mut Xlsx<Cursor<&[u8]>>,
    name: &str,
    budget: &mut usize,
) -> Result<HashMap<(u32, u32), CellValue>, ReadError> {
    let sheet_error = |detail: String| ReadError::Sheet(name.to_string(), detail);
    let mut reader = workbook.worksheet_cells_reader(name).map_err(|e| sheet_error(e.to_string()))?;
    let mut cells = HashMap::new();
    while let Some(cell) = reader.next_cell().map_err(|e| sheet_error(e.to_string()))? {
        let value = convert(cell.get_value());
        if value == CellValue::Empty {
            continue;
        }
        let (row, col) = cell.get_position();
        if row as usize >= MAX_ROWS || col as usize >= MAX_COLUMNS {
            let cell = cell_ref(row as usize, col as usize);
            return Err(Refusal::OutsideTheSheet { sheet: name.to_string(), cell }.into());
        }
        if cells.insert((row, col), value).is_none() {
            if *budget == 0 {
                return Err(sheet_error(format!("more than {MAX_CELLS} cells")));
            }
            *budget -= 1;
        }
    }
    Ok(cells)
}

/// One calamine value as a [`CellValue`].
fn convert(data: &DataRef<'_>) -> CellValue {
    match data {
        DataRef::Empty => CellValue::Empty,
        DataRef::String(s) => text(s),
        DataRef::SharedString(s) => text(s),
        DataRef::Int(i) => CellValue::Number(*i as f64),
        DataRef::Float(f) => CellValue::Number(*f),
        DataRef::Bool(b) => CellValue::Bool(*b),
        DataRef::DateTime(dt) => {
            let serial = dt.as_f64();
            // A duration (`[h]:mm`) or a bare time of day (serial below one
            // day) is not a date; keep the number rather than invent one.
            if dt.is_duration() || serial < 1.0 {
                return CellValue::Number(serial);
            }
            // calamine knows the workbook's epoch (1900 or 1904); its
            // components come back clamped, and Excel's fictitious
            // 1900-02-29 fails `from_ymd_opt`, leaving the number.
            let (y, m, d, ..) = dt.to_ymd_hms_milli();
            match NaiveDate::from_ymd_opt(i32::from(y), u32::from(m), u32::from(d)) {
                Some(date) => CellValue::Date(date),
                None => CellValue::Number(serial),
            }
        }
        DataRef::DateTimeIso(s) => iso_date(s).map_or_else(|| text(s), CellValue::Date),
        DataRef::DurationIso(s) => text(s),
        DataRef::Error(e) => CellValue::Text(e.to_string()),
    }
}

fn text(s: &str) -> CellValue {
    if s.is_empty() { CellValue::Empty } else { CellValue::Text(s.to_string()) }
}

/// An ISO 8601 date or date-time (as some writers store dates) as its date.
fn iso_date(s: &str) -> Option<NaiveDate> {
    let s = s.trim();
    NaiveDate::parse_from_str(s, "%Y-%m-%d")
        .ok()
        .or_else(|| NaiveDateTime::parse_from_str(s, "%Y-%m-%dT%H:%M:%S%.f").ok().map(|dt| dt.date()))
        .or_else(|| NaiveDateTime::parse_from_str(s, "%Y-%m-%dT%H:%M").ok().map(|dt| dt.date()))
}

/// 0-based (row, col) as an A1 reference: (13, 7) -> "H14", (0, 26) -> "AA1", (0, 29) -> "AD1".
pub fn cell_ref(row: usize, col: usize) -> String {
    // u128 so that even usize::MAX + 1 cannot overflow.
    format!("{}{}", column_name(col), row as u128 + 1)
}

/// 0-based column as letters: 0 -> "A", 25 -> "Z", 26 -> "AA".
pub fn column_name(col: usize) -> String {
    // Bijective base 26: "A".."Z", then "AA". Dividing before subtracting
    // keeps every step in range, even for usize::MAX.
    let mut letters = Vec::new();
    let mut n = col;
    loop {
        letters.push(b'A' + (n % 26) as u8);
        if n < 26 {
            break;
        }
        n = n / 26 - 1;
    }
    letters.iter().rev().map(|&b| b as char).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use rust_xlsxwriter::{ExcelDateTime, Format, Workbook};

    const SAMPLE: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/management-table.xlsx");

    fn sample() -> Vec<RawSheet> {
        let bytes = std::fs::read(SAMPLE).expect("the sample workbook is in tests/fixtures");
        read_workbook(&bytes).expect("the sample reads")
    }

    fn text(s: &str) -> CellValue {
        CellValue::Text(s.to_string())
    }

    fn date(y: i32, m: u32, d: u32) -> CellValue {
        CellValue::Date(NaiveDate::from_ymd_opt(y, m, d).unwrap())
    }

    #[test]
    fn sample_sheets_in_order() {
        let sheets = sample();
        let names: Vec<&str> = sheets.iter().map(|s| s.name.as_str()).collect();
        assert_eq!(names, ["情報セキュリティ目的", "リスク対応計画", "リスクアセスメント"]);
        assert!(sheets.iter().all(|s| !s.hidden));
    }

    #[test]
    fn sample_objectives_cells_and_merges() {
        let sheets = sample();
        let s = &sheets[0];
        assert_eq!(s.get(0, 0), &text("情報セキュリティ目的管理表"));
        assert_eq!(s.get(3, 2), &text("情報セキュリティ目的"));
        // C5:C6 is merged: both rows read the objective.
        assert_eq!(s.get(4, 2), &text("ISMS認証（ISO/IEC 27001）を取得する"));
        assert_eq!(s.get(5, 2), &text("ISMS認証（ISO/IEC 27001）を取得する"));
        // H5 is a real date; H7 a text deadline.
        assert_eq!(s.get(4, 7), &date(2026, 2, 28));
        assert_eq!(s.get(6, 7), &text("2026年3月末"));
        // C7:C10 spans two plans of one objective.
        for row in 6..=9 {
            assert_eq!(s.get(row, 2), &text("従業員の情報セキュリティ意識を向上させる"), "row {row}");
        }
        // E7:E8 and E9:E10 are separate blocks.
        assert_eq!(s.get(7, 4), s.get(6, 4));
        assert_eq!(s.get(9, 4), &text("標的型メール訓練を実施する"));
        // An unmerged empty cell stays empty (L7 plan, L8 result).
        assert_eq!(s.get(6, 11), &CellValue::Empty);
        assert_eq!(s.height(), 12);
        assert_eq!(s.width(), 24);
        assert_eq!(s.get(1000, 1000), &CellValue::Empty);
    }

    #[test]
    fn sample_treatments_and_assessment() {
        let sheets = sample();
        let t = &sheets[1];
        assert_eq!(t.get(4, 5), &CellValue::Number(18.0));
        assert_eq!(t.get(4, 5).as_text(), "18");
        // F5:F6 merged.
        assert_eq!(t.get(5, 5), &CellValue::Number(18.0));
        assert_eq!(t.get(3, 29), &text("リスク所有者承認"));
        assert_eq!(t.get(4, 12), &date(2025, 10, 31));
        let a = &sheets[2];
        assert_eq!(a.get(2, 0), &text("リスクID"));
        assert_eq!(a.get(3, 12), &CellValue::Number(18.0));
    }

    fn written(build: impl FnOnce(&mut Workbook)) -> Vec<u8> {
        let mut wb = Workbook::new();
        build(&mut wb);
        wb.save_to_buffer().unwrap()
    }

    #[test]
    fn positions_are_absolute_and_values_typed() {
        let bytes = written(|wb| {
            let ws = wb.add_worksheet().set_name("Data").unwrap();
            let date_format = Format::new().set_num_format("yyyy/mm/dd");
            ws.write_string(2, 2, "first").unwrap();
            ws.merge_range(3, 2, 5, 3, "merged", &Format::new()).unwrap();
            let d = ExcelDateTime::from_ymd(2025, 4, 30).unwrap();
            ws.write_datetime_with_format(6, 2, &d, &date_format).unwrap();
            ws.write_number(7, 2, 2.5).unwrap();
            ws.write_boolean(8, 2, true).unwrap();
            ws.write_formula(9, 2, "=NA()").unwrap();
            ws.set_formula_result(9, 2, "#N/A");
            ws.write_string(10, 2, "\u{3000}").unwrap();
            ws.write_string(10, 4, "right").unwrap();
            let hidden = wb.add_worksheet().set_name("Hidden").unwrap();
            hidden.write_string(0, 0, "x").unwrap();
            hidden.set_hidden(true);
        });
        let sheets = read_workbook(&bytes).unwrap();
        assert_eq!(sheets.len(), 2);
        let s = &sheets[0];
        assert_eq!(s.name, "Data");
        assert!(!s.hidden);
        assert_eq!(s.get(2, 2), &text("first"));
        assert_eq!(s.get(0, 0), &CellValue::Empty);
        for (r, c) in [(3, 2), (3, 3), (4, 2), (5, 3)] {
            assert_eq!(s.get(r, c), &text("merged"), "{}", cell_ref(r, c));
        }
        assert_eq!(s.get(6, 3), &CellValue::Empty);
        assert_eq!(s.get(6, 2), &date(2025, 4, 30));
        assert_eq!(s.get(6, 2).as_text(), "2025-04-30");
        assert_eq!(s.get(7, 2), &CellValue::Number(2.5));
        assert_eq!(s.get(8, 2), &CellValue::Bool(true));
        assert_eq!(s.get(9, 2), &text("#N/A"));
        assert!(s.get(10, 2).is_blank());
        assert_eq!(s.height(), 11);
        assert_eq!(s.width(), 5);
        assert_eq!(sheets[1].name, "Hidden");
        assert!(sheets[1].hidden);
    }

    #[test]
    fn a_value_beyond_the_rows_or_columns_read_is_refused() {
        let far = |row: u32, col: u16| {
            written(|wb| {
                let ws = wb.add_worksheet().set_name("Far").unwrap();
                ws.write_string(0, 0, "near").unwrap();
                ws.write_string(row, col, "far").unwrap();
            })
        };
        let refused = |sheet: &str, cell: &str| {
            Err(ReadError::Refused(Refusal::OutsideTheSheet { sheet: sheet.into(), cell: cell.into() }))
        };
        assert_eq!(read_workbook(&far(1_048_575, 16_383)).map(|_| ()), refused("Far", "XFD1048576"));
        assert_eq!(read_workbook(&far(65_536, 0)).map(|_| ()), refused("Far", "A65537"));
        assert_eq!(read_workbook(&far(0, 256)).map(|_| ()), refused("Far", "IW1"));
        // The last row and column read.
        let sheets = read_workbook(&far(65_535, 255)).unwrap();
        assert_eq!((sheets[0].height(), sheets[0].width()), (MAX_ROWS, MAX_COLUMNS));
        assert_eq!(sheets[0].get(65_535, 255), &text("far"));
        assert_eq!(sheets[0].cells.len(), 2);
    }

    fn dims(start: (u32, u32), end: (u32, u32)) -> Dimensions {
        Dimensions { start, end }
    }

    fn two_corners() -> RawSheet {
        let mut cells = HashMap::new();
        cells.insert((0, 0), text("anchor"));
        cells.insert((9, 4), text("corner"));
        RawSheet::from_cells("s", false, cells)
    }

    #[test]
    fn merges_are_clipped_to_the_data() {
        let mut s = two_corners();
        let mut budget = MAX_MERGED_CELLS;
        s.apply_merges(&[dims((0, 0), (1_048_575, 16_383))], &mut budget).unwrap();
        // 10 rows x 5 columns, less the anchor.
        assert_eq!(budget, MAX_MERGED_CELLS - 49);
        assert_eq!(s.get(9, 3), &text("anchor"));
        assert_eq!(s.get(10, 0), &CellValue::Empty);
        // Excel shows only the top-left value of a block: so do we.
        assert_eq!(s.get(9, 4), &text("anchor"));
    }

    #[test]
    fn reversed_and_empty_anchored_merges() {
        let mut s = two_corners();
        let mut budget = MAX_MERGED_CELLS;
        // Written end-first; and a block whose top-left cell is empty.
        s.apply_merges(&[dims((2, 0), (0, 0)), dims((5, 1), (9, 4))], &mut budget).unwrap();
        assert_eq!(s.get(2, 0), &text("anchor"));
        assert_eq!(s.get(9, 4), &text("corner"));
        assert_eq!(budget, MAX_MERGED_CELLS - 2);
    }

    #[test]
    fn merges_beyond_the_budget_are_refused() {
        let mut s = two_corners();
        let mut budget = 10;
        assert!(s.apply_merges(&[dims((0, 0), (9, 4))], &mut budget).is_err());
    }

    #[test]
    fn not_a_workbook() {
        assert_eq!(read_workbook(b"").map(|_| ()), Err(ReadError::Refused(Refusal::Empty)));
        for bytes in [&b"hello, world"[..], b"PK\x03\x04garbage"] {
            assert!(matches!(read_workbook(bytes), Err(ReadError::NotAWorkbook(_))), "{bytes:?}");
        }
        let sample = std::fs::read(SAMPLE).unwrap();
        assert!(matches!(read_workbook(&sample[..sample.len() / 2]), Err(ReadError::NotAWorkbook(_))));
    }

    #[test]
    fn damaged_bytes_give_errors_not_panics() {
        let original = std::fs::read(SAMPLE).unwrap();
        let mut seed: u64 = 0x9E37_79B9_7F4A_7C15;
        for _ in 0..300 {
            let mut bytes = original.clone();
            for _ in 0..4 {
                seed ^= seed << 13;
                seed ^= seed >> 7;
                seed ^= seed << 17;
                let at = (seed % bytes.len() as u64) as usize;
                bytes[at] ^= (seed >> 32) as u8 | 1;
            }
            // Any result is fine; what matters is that this returns.
            let _ = read_workbook(&bytes);
        }
    }

    /// A one-sheet workbook (sheet "S") whose `<worksheet>` element holds `inner`, as written.
    fn forged(inner: &str) -> Vec<u8> {
        crate::xlsx::forge::workbook(&crate::xlsx::forge::sheet(inner), None)
    }

    fn inline(r: &str, s: &str) -> String {
        format!(r#"<c r="{r}" t="inlineStr"><is><t>{s}</t></is></c>"#)
    }

    fn merges(refs: &[&str]) -> String {
        let cells: String = refs.iter().map(|r| format!(r#"<mergeCell ref="{r}"/>"#)).collect();
        format!("<mergeCells>{cells}</mergeCells>")
    }

    #[test]
    fn forged_workbook_reads() {
        let data = format!(
            "<sheetData><row r=\"2\">{}</row><row r=\"4\">{}</row></sheetData>",
            inline("B2", "x"),
            inline("C4", "y")
        );
        let sheets = read_workbook(&forged(&(data + &merges(&["B2:C3"])))).unwrap();
        let s = &sheets[0];
        assert_eq!(s.name, "S");
        assert_eq!(s.get(1, 1), &text("x"));
        assert_eq!(s.get(2, 2), &text("x"));
        assert_eq!(s.get(3, 2), &text("y"));
        assert_eq!(s.get(0, 0), &CellValue::Empty);
    }

    #[test]
    fn forged_dimensions_cost_nothing() {
        // A merged block over the whole sheet, with data in both corners: refused, not allocated.
        let corners = format!(
            "<sheetData><row r=\"1\">{}</row><row r=\"1048576\">{}</row></sheetData>",
            inline("A1", "a"),
            inline("XFD1048576", "z")
        );
        let err = read_workbook(&forged(&(corners + &merges(&["A1:XFD1048576"])))).unwrap_err();
        assert!(
            matches!(err, ReadError::Refused(Refusal::OutsideTheSheet { ref sheet, .. }) if sheet == "S"),
            "{err:?}"
        );
        // Within the rows and columns read, the merged block is bounded by its budget.
        let corners = format!(
            "<sheetData><row r=\"1\">{}</row><row r=\"65536\">{}</row></sheetData>",
            inline("A1", "a"),
            inline("IV65536", "z")
        );
        let err = read_workbook(&forged(&(corners + &merges(&["A1:XFD1048576"])))).unwrap_err();
        assert!(matches!(err, ReadError::Sheet(ref name, _) if name == "S"), "{err:?}");
        // The same block over a single value, and a declared dimension, cost nothing.
        let one =
            format!(r#"<dimension ref="A1:XFD1048576"/><sheetData><row r="1">{}</row></sheetData>"#, inline("A1", "a"));
        let sheets = read_workbook(&forged(&(one + &merges(&["A1:XFD1048576"])))).unwrap();
        assert_eq!((sheets[0].height(), sheets[0].width()), (1, 1));
        assert!(sheets[0].merged.is_empty());
    }

    #[test]
    fn forged_references_give_errors_not_panics() {
        let a1 = format!("<sheetData><row r=\"1\">{}</row></sheetData>", inline("A1", "a"));
        let cases = [
            a1.clone() + &merges(&["C10:A1"]),
            a1.clone() + &merges(&["A1:B2:C3"]),
            a1.clone() + &merges(&["A0:B"]),
            a1.clone() + &merges(&["AAAAAAAAAAAAAAAAAAAA1:B2"]),
            a1.clone() + "<mergeCells><mergeCell ref=\"A1:B2\"/>",
            format!("<sheetData><row r=\"1\">{}</row></sheetData>", inline("AAAAAAAAAAAAAAAA1", "a")),
            format!("<sheetData><row r=\"1\">{}</row></sheetData>", inline("A99999999999", "a")),
            format!("<sheetData><row r=\"4294967296\">{}</row></sheetData>", inline("A1", "a")),
            "<sheetData><row r=\"4294967295\"><c><v>1</v></c></row><row><c><v>2</v></c></row></sheetData>".to_string(),
            r#"<sheetData><row r="1"><c r="A1" t="s"><v>99</v></c></row></sheetData>"#.to_string(),
            r#"<sheetData><row r="1"><c r="A1" s="99"><v>45748</v></c></row></sheetData>"#.to_string(),
            r#"<sheetData><row r="1"><c r="A1"><v>NaN</v></c><c r="B1"><v>1e999</v></c></row></sheetData>"#.to_string(),
            "<sheetData><row>".to_string(),
            String::new(),
        ];
        for inner in cases {
            // Any result is fine; what matters is that this returns.
            let _ = read_workbook(&forged(&inner));
        }
    }

    #[test]
    fn cell_text() {
        assert_eq!(CellValue::Number(18.0).as_text(), "18");
        assert_eq!(CellValue::Number(2.5).as_text(), "2.5");
        assert_eq!(CellValue::Number(-3.0).as_text(), "-3");
        assert_eq!(CellValue::Number(-0.0).as_text(), "0");
        assert_eq!(CellValue::Number(0.1 + 0.2).as_text(), "0.3");
        assert_eq!(CellValue::Number(45748.0).as_text(), "45748");
        assert_eq!(CellValue::Number(1e20).as_text(), "100000000000000000000");
        assert_eq!(date(2025, 4, 30).as_text(), "2025-04-30");
        assert_eq!(CellValue::Bool(false).as_text(), "FALSE");
        assert_eq!(CellValue::Bool(true).as_text(), "TRUE");
        assert_eq!(CellValue::Empty.as_text(), "");
        assert_eq!(text(" a ").as_text(), " a ");
    }

    #[test]
    fn blank_cells() {
        assert!(CellValue::Empty.is_blank());
        assert!(text("").is_blank());
        assert!(text(" \u{3000}\n\t").is_blank());
        assert!(!text("\u{3000}x").is_blank());
        assert!(!CellValue::Number(0.0).is_blank());
        assert!(!CellValue::Bool(false).is_blank());
    }

    #[test]
    fn calamine_values() {
        use calamine::{CellErrorType, ExcelDateTime, ExcelDateTimeType};
        let dt = |v: f64, t| DataRef::DateTime(ExcelDateTime::new(v, t, false));
        assert_eq!(convert(&dt(45777.0, ExcelDateTimeType::DateTime)), date(2025, 4, 30));
        assert_eq!(convert(&dt(45777.75, ExcelDateTimeType::DateTime)), date(2025, 4, 30));
        assert_eq!(convert(&dt(0.5, ExcelDateTimeType::DateTime)), CellValue::Number(0.5));
        assert_eq!(convert(&dt(1.5, ExcelDateTimeType::TimeDelta)), CellValue::Number(1.5));
        assert_eq!(convert(&dt(60.0, ExcelDateTimeType::DateTime)), CellValue::Number(60.0));
        let y1904 = DataRef::DateTime(ExcelDateTime::new(44315.0, ExcelDateTimeType::DateTime, true));
        assert_eq!(convert(&y1904), date(2025, 4, 30));
        assert_eq!(convert(&DataRef::DateTimeIso("2025-04-30".into())), date(2025, 4, 30));
        assert_eq!(convert(&DataRef::DateTimeIso("2025-04-30T13:45:00".into())), date(2025, 4, 30));
        assert_eq!(convert(&DataRef::DateTimeIso("13:45:00".into())), text("13:45:00"));
        assert_eq!(convert(&DataRef::DurationIso("PT1H".into())), text("PT1H"));
        assert_eq!(convert(&DataRef::Int(7)), CellValue::Number(7.0));
        assert_eq!(convert(&DataRef::Error(CellErrorType::Div0)), text("#DIV/0!"));
        assert_eq!(convert(&DataRef::SharedString("")), CellValue::Empty);
    }

    #[test]
    fn references() {
        assert_eq!(cell_ref(13, 7), "H14");
        assert_eq!(cell_ref(0, 26), "AA1");
        assert_eq!(cell_ref(0, 29), "AD1");
        assert_eq!(cell_ref(1_048_575, 16_383), "XFD1048576");
        assert_eq!(column_name(0), "A");
        assert_eq!(column_name(25), "Z");
        assert_eq!(column_name(26), "AA");
        assert_eq!(column_name(51), "AZ");
        assert_eq!(column_name(52), "BA");
        assert_eq!(column_name(701), "ZZ");
        assert_eq!(column_name(702), "AAA");
        // Must not overflow.
        assert!(!column_name(usize::MAX).is_empty());
        assert!(cell_ref(usize::MAX, 0).ends_with("18446744073709551616"));
    }
}
