//! A sheet laid out in memory before it is written: each cell's value, row
//! span and style on a [`Grid`], so that column widths and row heights can be
//! measured from every text (CJK characters counting 2) before anything is
//! written: `autofit()` under-sizes Japanese text.

use chrono::{Datelike, NaiveDate};
use rust_xlsxwriter::{ColNum, Color, ExcelDateTime, Format, FormatAlign, FormatBorder, RowNum, Worksheet, XlsxError};
use unicode_width::UnicodeWidthStr;

/// Column widths are measured in `0` characters; a CJK character counts 2.
const MIN_WIDTH: usize = 4;
const MAX_WIDTH: usize = 40;
const MIN_MONTH_WIDTH: usize = 8;
const MAX_MONTH_WIDTH: usize = 24;
/// Points per line of 11-point text, and Excel's default row height.
const LINE_HEIGHT: f64 = 15.0;

pub(super) struct Formats {
    title: Format,
    header: Format,
    body: Format,
    number: Format,
    date: Format,
}

impl Formats {
    pub(super) fn new() -> Self {
        let body = Format::new().set_text_wrap().set_align(FormatAlign::Top).set_border(FormatBorder::Thin);
        Formats {
            title: Format::new().set_bold().set_font_size(14),
            header: Format::new()
                .set_bold()
                .set_text_wrap()
                .set_align(FormatAlign::Center)
                .set_align(FormatAlign::VerticalCenter)
                .set_border(FormatBorder::Thin)
                .set_background_color(Color::RGB(0xD9E1F2)),
            number: body.clone().set_align(FormatAlign::Center),
            date: body.clone().set_num_format("yyyy/mm/dd"),
            body,
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub(super) enum Value {
    Text(String),
    Number(f64),
    Date(NaiveDate),
}

impl Value {
    pub(super) fn text(s: &str) -> Value {
        Value::Text(s.to_string())
    }

    pub(super) fn blank() -> Value {
        Value::Text(String::new())
    }

    pub(super) fn number<N: Into<f64>>(n: Option<N>) -> Value {
        n.map_or(Value::blank(), |n| Value::Number(n.into()))
    }

    /// The width of its widest line, CJK characters counting 2.
    fn width(&self) -> usize {
        match self {
            Value::Text(s) => s.lines().map(UnicodeWidthStr::width).max().unwrap_or(0),
            Value::Number(n) => n.to_string().len(),
            Value::Date(_) => 10,
        }
    }

    /// How many lines it takes in a column `width` wide.
    fn lines(&self, width: usize) -> usize {
        let room = width.saturating_sub(1).max(1);
        match self {
            Value::Text(s) => s.lines().map(|l| l.width().div_ceil(room).max(1)).sum::<usize>().max(1),
            _ => 1,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq)]
enum Style {
    Title,
    Plain,
    Header,
    Body,
}

struct Placed {
    row: RowNum,
    last: RowNum,
    col: ColNum,
    value: Value,
    style: Style,
}

/// The cells of a sheet before they are written.
pub(super) struct Grid {
    cells: Vec<Placed>,
    columns: usize,
    /// Columns from here to here + 12 hold months (a narrower cap).
    months_from: usize,
}

impl Grid {
    pub(super) fn new(columns: usize, months_from: usize) -> Self {
        Grid { cells: Vec::new(), columns, months_from }
    }

    pub(super) fn title(&mut self, row: RowNum, text: String) {
        self.cells.push(Placed { row, last: row, col: 0, value: Value::Text(text), style: Style::Title });
    }

    pub(super) fn plain(&mut self, row: RowNum, text: String) {
        self.cells.push(Placed { row, last: row, col: 0, value: Value::Text(text), style: Style::Plain });
    }

    pub(super) fn header(&mut self, row: RowNum, labels: Vec<String>) {
        for (c, label) in labels.into_iter().enumerate() {
            self.cells.push(Placed {
                row,
                last: row,
                col: c as ColNum,
                value: Value::Text(label),
                style: Style::Header,
            });
        }
    }

    /// A bordered cell over rows `row..=last` (merged when more than one).
    pub(super) fn span(&mut self, row: RowNum, last: RowNum, col: ColNum, value: Value) {
        self.cells.push(Placed { row, last, col, value, style: Style::Body });
    }

    fn widths(&self) -> Vec<usize> {
        let months = self.months_from..self.months_from + 12;
        let mut widths: Vec<usize> =
            (0..self.columns).map(|c| if months.contains(&c) { MIN_MONTH_WIDTH } else { MIN_WIDTH }).collect();
        for p in self.cells.iter().filter(|p| matches!(p.style, Style::Header | Style::Body)) {
            let c = usize::from(p.col);
            let cap = if months.contains(&c) { MAX_MONTH_WIDTH } else { MAX_WIDTH };
            widths[c] = widths[c].max((p.value.width() + 2).min(cap));
        }
        widths
    }

    /// Row heights that show every line of wrapped text: single rows first,
    /// then merged cells spread what they still lack over their rows.
    fn heights(&self, widths: &[usize]) -> Vec<f64> {
        let rows = self.cells.iter().map(|p| p.last as usize + 1).max().unwrap_or(0);
        let mut heights = vec![LINE_HEIGHT; rows];
        let mut cells: Vec<&Placed> =
            self.cells.iter().filter(|p| matches!(p.style, Style::Header | Style::Body)).collect();
        cells.sort_by_key(|p| p.last - p.row);
        for p in cells {
            let need = p.value.lines(widths[usize::from(p.col)]) as f64 * LINE_HEIGHT;
            let span = p.row as usize..=p.last as usize;
            let have: f64 = heights[span.clone()].iter().sum();
            if need > have {
                let more = (need - have) / (p.last - p.row + 1) as f64;
                heights[span].iter_mut().for_each(|h| *h += more);
            }
        }
        heights
    }

    /// The grid as CSV with a UTF-8 byte-order mark and CRLF line ends; a
    /// merged cell's value is repeated on every row it spans.
    pub(super) fn to_csv(&self) -> Vec<u8> {
        let rows = self.cells.iter().map(|p| p.last as usize + 1).max().unwrap_or(0);
        let mut table = vec![vec![String::new(); self.columns]; rows];
        for p in &self.cells {
            let text = match &p.value {
                Value::Text(s) => shown_as_text(s),
                Value::Number(n) => crate::domain::indicator::format_number(*n),
                Value::Date(d) => d.format("%Y/%m/%d").to_string(),
            };
            for row in p.row..=p.last {
                if let Some(cell) = table.get_mut(row as usize).and_then(|r| r.get_mut(p.col as usize)) {
                    *cell = text.clone();
                }
            }
        }
        let quote = |s: &str| {
            if s.contains([',', '"', '\n', '\r']) { format!("\"{}\"", s.replace('"', "\"\"")) } else { s.to_string() }
        };
        let mut out = String::from("\u{feff}");
        for row in table {
            out.push_str(&row.iter().map(|c| quote(c)).collect::<Vec<_>>().join(","));
            out.push_str("\r\n");
        }
        out.into_bytes()
    }

    pub(super) fn render(&self, ws: &mut Worksheet, f: &Formats) -> Result<(), XlsxError> {
        let widths = self.widths();
        for (c, w) in widths.iter().enumerate() {
            ws.set_column_width(c as ColNum, *w as f64)?;
        }
        for (r, h) in self.heights(&widths).into_iter().enumerate() {
            if h > LINE_HEIGHT {
                ws.set_row_height(r as RowNum, h)?;
            }
        }
        for p in &self.cells {
            let format = match (p.style, &p.value) {
                (Style::Title, _) => &f.title,
                (Style::Plain, _) => &Format::new(),
                (Style::Header, _) => &f.header,
                (Style::Body, Value::Number(_)) => &f.number,
                (Style::Body, Value::Date(_)) => &f.date,
                (Style::Body, Value::Text(_)) => &f.body,
            };
            if p.last > p.row {
                ws.merge_range(p.row, p.col, p.last, p.col, "", format)?;
            }
            match &p.value {
                Value::Text(s) => ws.write_string_with_format(p.row, p.col, s, format)?,
                Value::Number(n) => ws.write_number_with_format(p.row, p.col, *n, format)?,
                Value::Date(d) => match excel_date(d) {
                    Some(date) => ws.write_datetime_with_format(p.row, p.col, date, format)?,
                    // Excel has no dates before 1900: keep it readable as text.
                    None => ws.write_string_with_format(p.row, p.col, d.format("%Y/%m/%d").to_string(), &f.body)?,
                },
            };
        }
        Ok(())
    }
}

/// A text cell as CSV must give it to a spreadsheet: one that begins like a
/// formula (`=`, `+`, `-`, `@`, or a tab or carriage return before one) would
/// be run when the file is opened, so it gets a leading apostrophe, which
/// spreadsheets show as text (OWASP's advice on CSV injection). Numbers are
/// ours, not typed text, and stay numbers (`-3`).
fn shown_as_text(s: &str) -> String {
    if s.starts_with(['=', '+', '-', '@', '\t', '\r']) { format!("'{s}") } else { s.to_string() }
}

fn excel_date(d: &NaiveDate) -> Option<ExcelDateTime> {
    let year = u16::try_from(d.year()).ok()?;
    ExcelDateTime::from_ymd(year, d.month() as u8, d.day() as u8).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn csv_of(texts: &[&str]) -> String {
        let mut grid = Grid::new(texts.len(), 0);
        for (col, text) in texts.iter().enumerate() {
            grid.span(0, 0, col as ColNum, Value::text(text));
        }
        grid.span(1, 1, 0, Value::Number(-3.0));
        String::from_utf8(grid.to_csv()).unwrap()
    }

    #[test]
    fn csv_cells_that_begin_like_a_formula_are_text() {
        let csv =
            csv_of(&["=HYPERLINK(\"http://x\",\"y\")", "+1", "-1+1", "@SUM(A1)", "\t=1", "\r=1", "a=b", "ふつう"]);
        let rows: Vec<&str> = csv.trim_start_matches('\u{feff}').split("\r\n").collect();
        assert_eq!(
            rows[0],
            "\"'=HYPERLINK(\"\"http://x\"\",\"\"y\"\")\",'+1,'-1+1,'@SUM(A1),'\t=1,\"'\r=1\",a=b,ふつう"
        );
        // A number is not typed text: it stays a number.
        assert!(rows[1].starts_with("-3,"), "{}", rows[1]);
    }
}
