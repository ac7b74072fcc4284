//! Workbooks made from given XML, for the fuzzer and the tests: one sheet
//! ("S") whose XML and shared-string table are whatever the caller says, in
//! an otherwise valid `.xlsx` package. This is how hostile XML (forged
//! counts, dimensions, entities) reaches the reader inside a real archive.

use super::read::{RawSheet, ReadError, read_workbook};
use super::zip_write::{Entry, zip};

const REL: &str = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";
const PKG: &str = "http://schemas.openxmlformats.org/package/2006";
pub const MAIN: &str = "http://schemas.openxmlformats.org/spreadsheetml/2006/main";
const CT: &str = "application/vnd.openxmlformats-officedocument.spreadsheetml";

/// The parts of a one-sheet workbook: `sheet` is the whole of
/// `xl/worksheets/sheet1.xml`, `shared_strings` the whole of
/// `xl/sharedStrings.xml` when given.
pub fn parts(sheet: &str, shared_strings: Option<&str>) -> Vec<Entry> {
    let mut parts = vec![
        Entry::stored(
            "[Content_Types].xml",
            format!(
                r#"<Types xmlns="{PKG}/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="{CT}.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="{CT}.worksheet+xml"/></Types>"#
            ),
        ),
        Entry::stored(
            "_rels/.rels",
            format!(
                r#"<Relationships xmlns="{PKG}/relationships"><Relationship Id="rId1" Type="{REL}/officeDocument" Target="xl/workbook.xml"/></Relationships>"#
            ),
        ),
        Entry::stored(
            "xl/workbook.xml",
            format!(
                r#"<workbook xmlns="{MAIN}" xmlns:r="{REL}"><sheets><sheet name="S" sheetId="1" r:id="rId1"/></sheets></workbook>"#
            ),
        ),
        Entry::stored(
            "xl/_rels/workbook.xml.rels",
            format!(
                r#"<Relationships xmlns="{PKG}/relationships"><Relationship Id="rId1" Type="{REL}/worksheet" Target="worksheets/sheet1.xml"/></Relationships>"#
            ),
        ),
        Entry::stored("xl/worksheets/sheet1.xml", sheet),
    ];
    if let Some(strings) = shared_strings {
        parts.push(Entry::stored("xl/sharedStrings.xml", strings));
    }
    parts
}

/// A one-sheet workbook, see [`parts`].
pub fn workbook(sheet: &str, shared_strings: Option<&str>) -> Vec<u8> {
    zip(&parts(sheet, shared_strings))
}

/// `<worksheet>` around `inner` (e.g. `<sheetData>…</sheetData>`).
pub fn sheet(inner: &str) -> String {
    format!(r#"<worksheet xmlns="{MAIN}">{inner}</worksheet>"#)
}

/// An inline-string cell.
pub fn inline(at: &str, text: &str) -> String {
    format!(r#"<c r="{at}" t="inlineStr"><is><t>{text}</t></is></c>"#)
}

/// The fuzzer's view of a workbook's inner XML: the first byte chooses the
/// part the rest replaces (even: the sheet, odd: the shared strings), the
/// other part stays valid. The workbook is read, then imported; any answer
/// is fine, what matters is that one comes back, without a panic, a hang or
/// unbounded memory. The reading is returned for tests to look at.
pub fn read_inner_xml(data: &[u8]) -> Result<Vec<RawSheet>, ReadError> {
    let (choice, xml) = data.split_first().map_or((0, &[][..]), |(&c, xml)| (c, xml));
    let xml = String::from_utf8_lossy(xml);
    let uses_strings =
        sheet(r#"<sheetData><row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c></row></sheetData>"#);
    let strings = format!(r#"<sst xmlns="{MAIN}" count="2" uniqueCount="2"><si><t>a</t></si><si><t>b</t></si></sst>"#);
    let bytes = if choice % 2 == 0 { workbook(&xml, Some(&strings)) } else { workbook(&uses_strings, Some(&xml)) };
    let sheets = read_workbook(&bytes)?;
    let _ = super::import::read(&bytes, 4, None);
    Ok(sheets)
}
