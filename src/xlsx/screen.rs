//! What an uploaded workbook really holds, checked before calamine sees it.
//!
//! An `.xlsx` file is a zip archive of XML parts, and everything in it is
//! untrusted: the sizes the archive declares, the counts the XML declares.
//! calamine trusts some of them (it reserves memory for the shared-string
//! table's `uniqueCount`, so a 1 KB file could abort the process), so the
//! reader is handed a rewritten archive instead:
//!
//! - every entry is inflated here, counting the bytes that really come out,
//!   against fixed ceilings (entries, bytes per entry and in total, the
//!   compression ratio of big entries); the declared sizes decide nothing;
//! - only the XML parts are passed on (a workbook's cells are all in XML;
//!   images, printer settings and embedded files, archives included, are
//!   measured and dropped, never opened);
//! - each XML part is parsed and written again without what could lie:
//!   `count`/`uniqueCount` attributes and `<dimension>`. A part with a
//!   document type declaration (where entity expansion lives) is refused:
//!   Excel never writes one.

use std::io::{Cursor, Read};

use quick_xml::events::{BytesStart, Event};
use quick_xml::{Reader, Writer};
use zip::ZipArchive;

use super::zip_write::{Entry, zip};
use crate::domain::invalid::Invalid;

const MIB: u64 = 1024 * 1024;
/// Entries of the archive. Excel writes a few dozen; a workbook of a hundred
/// sheets with pictures stays in the hundreds.
pub const MAX_ENTRIES: usize = 10_000;
/// Bytes one entry may inflate to. The sheet of a management table of 10,000
/// plans is about 20 MiB of XML.
pub const MAX_ENTRY_BYTES: u64 = 50 * MIB;
/// Bytes the whole archive may inflate to.
pub const MAX_TOTAL_BYTES: u64 = 100 * MIB;
/// Inflated to compressed size, for entries above [`RATIO_FROM_BYTES`].
/// Spreadsheet XML compresses 5 to 30 times; a deflate bomb a thousand times.
pub const MAX_RATIO: u64 = 200;
/// Smaller entries may compress as well as they like: they cost nothing.
const RATIO_FROM_BYTES: u64 = MIB;
/// Longest part name quoted in a message: a forged name can be 64 KiB long.
const NAME_SHOWN: usize = 80;

/// Why a workbook is refused before it is read.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum Refusal {
    #[error("the file is empty")]
    Empty,
    #[error("{found} entries in the archive")]
    TooManyEntries { found: usize },
    #[error("{part} inflates beyond the limit per part")]
    PartTooLarge { part: String },
    #[error("the archive inflates beyond the limit")]
    TooLarge,
    #[error("{part} is compressed beyond the ratio a workbook has")]
    Ratio { part: String },
    #[error("{part} declares a document type")]
    DocumentType { part: String },
    #[error("{part} is not well-formed XML: {reason}")]
    Malformed { part: String, reason: String },
    #[error("sheet {sheet} has a value at {cell}, beyond the rows or columns read")]
    OutsideTheSheet { sheet: String, cell: String },
}

impl Refusal {
    /// The refusal in the catalog's words, with the ceiling it hit.
    pub fn invalid(&self) -> Invalid {
        let mib = |bytes: u64| bytes / MIB;
        match self {
            Refusal::Empty => Invalid::new("invalid-xlsx-empty"),
            Refusal::TooManyEntries { found } => {
                Invalid::new("invalid-xlsx-too-many-entries").with("found", found).with("limit", MAX_ENTRIES)
            }
            Refusal::PartTooLarge { part } => {
                Invalid::new("invalid-xlsx-part-too-large").with("part", part).with("limit", mib(MAX_ENTRY_BYTES))
            }
            Refusal::TooLarge => Invalid::new("invalid-xlsx-too-large").with("limit", mib(MAX_TOTAL_BYTES)),
            Refusal::Ratio { part } => Invalid::new("invalid-xlsx-ratio").with("part", part).with("limit", MAX_RATIO),
            Refusal::DocumentType { part } => Invalid::new("invalid-xlsx-doctype").with("part", part),
            Refusal::Malformed { part, reason } => {
                Invalid::new("invalid-xlsx-malformed").with("part", part).with("reason", reason)
            }
            Refusal::OutsideTheSheet { sheet, cell } => Invalid::new("invalid-xlsx-outside")
                .with("sheet", sheet)
                .with("cell", cell)
                .with("rows", super::read::MAX_ROWS)
                .with("columns", super::read::column_name(super::read::MAX_COLUMNS - 1)),
        }
    }
}

/// Why the bytes could not be screened: refused, or not a zip archive at all.
#[derive(Debug)]
pub enum ScreenError {
    Refused(Refusal),
    /// Not an archive, or one that cannot be inflated; the detail is the zip reader's.
    Unreadable(String),
}

impl From<Refusal> for ScreenError {
    fn from(r: Refusal) -> Self {
        ScreenError::Refused(r)
    }
}

/// The archive to hand to calamine: the XML parts of `bytes`, measured,
/// rewritten without declared counts and dimensions, stored uncompressed.
pub fn screen(bytes: &[u8]) -> Result<Vec<u8>, ScreenError> {
    if bytes.is_empty() {
        return Err(Refusal::Empty.into());
    }
    let mut archive = ZipArchive::new(Cursor::new(bytes)).map_err(|e| ScreenError::Unreadable(e.to_string()))?;
    // The count of entries the zip reader found in the central directory,
    // which it bounds by the directory's real size.
    if archive.len() > MAX_ENTRIES {
        return Err(Refusal::TooManyEntries { found: archive.len() }.into());
    }
    let mut total = 0u64;
    let mut passed = Vec::new();
    for index in 0..archive.len() {
        let mut entry = archive.by_index(index).map_err(|e| ScreenError::Unreadable(e.to_string()))?;
        if entry.is_dir() {
            continue;
        }
        let name = entry.name().map_err(|e| ScreenError::Unreadable(e.to_string()))?.into_owned();
        let part = shown(&name);
        // Declared, but only ever compared with what really comes out.
        let compressed = entry.compressed_size().max(1);
        let keep = is_xml_part(&name);
        let mut content = Vec::new();
        let mut buf = vec![0u8; 64 * 1024];
        let mut size = 0u64;
        loop {
            let n = entry.read(&mut buf).map_err(|e| ScreenError::Unreadable(format!("{part}: {e}")))?;
            if n == 0 {
                break;
            }
            size += n as u64;
            total += n as u64;
            if size > MAX_ENTRY_BYTES {
                return Err(Refusal::PartTooLarge { part }.into());
            }
            if total > MAX_TOTAL_BYTES {
                return Err(Refusal::TooLarge.into());
            }
            if size > RATIO_FROM_BYTES && size / compressed > MAX_RATIO {
                return Err(Refusal::Ratio { part }.into());
            }
            if keep {
                content.extend_from_slice(&buf[..n]);
            }
        }
        if keep {
            let clean = rewrite_xml(&content).map_err(|e| match e {
                XmlProblem::DocumentType => Refusal::DocumentType { part: part.clone() },
                XmlProblem::Malformed(reason) => Refusal::Malformed { part: part.clone(), reason },
            })?;
            passed.push(Entry::stored(&name, clean));
        }
    }
    Ok(zip(&passed))
}

/// The parts calamine reads: the workbook, sheets, shared strings, styles and their relationships.
fn is_xml_part(name: &str) -> bool {
    let lower = name.to_ascii_lowercase();
    lower.ends_with(".xml") || lower.ends_with(".rels")
}

fn shown(name: &str) -> String {
    if name.chars().count() <= NAME_SHOWN {
        return name.to_string();
    }
    let mut short: String = name.chars().take(NAME_SHOWN).collect();
    short.push('…');
    short
}

#[derive(Debug, PartialEq)]
enum XmlProblem {
    DocumentType,
    Malformed(String),
}

/// `xml` parsed and written again, event by event, without `count` and
/// `uniqueCount` attributes (hints for preallocation, which calamine
/// trusts) and without `<dimension>` (the sheet's declared extent).
/// Text, references and everything else are written as they were.
fn rewrite_xml(xml: &[u8]) -> Result<Vec<u8>, XmlProblem> {
    let malformed = |e: &dyn std::fmt::Display| XmlProblem::Malformed(e.to_string());
    let mut reader = Reader::from_reader(xml);
    let mut writer = Writer::new(Vec::with_capacity(xml.len()));
    loop {
        let event = reader.read_event().map_err(|e| malformed(&e))?;
        let event = match event {
            Event::Eof => break,
            Event::DocType(_) => return Err(XmlProblem::DocumentType),
            Event::Empty(e) if e.local_name().as_ref() == "dimension" => continue,
            Event::Start(e) if e.local_name().as_ref() == "dimension" => {
                reader.read_to_end(e.name()).map_err(|e| malformed(&e))?;
                continue;
            }
            Event::Start(e) => Event::Start(without_counts(e).map_err(|e| malformed(&e))?),
            Event::Empty(e) => Event::Empty(without_counts(e).map_err(|e| malformed(&e))?),
            other => other,
        };
        writer.write_event(event).map_err(|e| malformed(&e))?;
    }
    Ok(writer.into_inner())
}

fn without_counts(start: BytesStart<'_>) -> Result<BytesStart<'_>, quick_xml::events::attributes::AttrError> {
    let is_count = |key: &str| key == "count" || key == "uniqueCount";
    // Every attribute is checked (a malformed one refuses the part), without
    // collecting them: a sheet has an element for each of its cells.
    let mut has_count = false;
    for attribute in start.attributes() {
        has_count |= is_count(attribute?.key.as_ref());
    }
    if !has_count {
        return Ok(start);
    }
    let mut clean = BytesStart::new(start.name().as_ref().to_string());
    for attribute in start.attributes() {
        let attribute = attribute?;
        if !is_count(attribute.key.as_ref()) {
            clean.push_attribute(attribute);
        }
    }
    Ok(clean)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rewritten(xml: &str) -> String {
        String::from_utf8(rewrite_xml(xml.as_bytes()).unwrap()).unwrap()
    }

    #[test]
    fn declared_counts_and_dimensions_are_dropped() {
        assert_eq!(
            rewritten(r#"<sst xmlns="m" count="4294967295" uniqueCount="4294967295"><si><t>a &amp; b</t></si></sst>"#),
            r#"<sst xmlns="m"><si><t>a &amp; b</t></si></sst>"#
        );
        assert_eq!(
            rewritten(r#"<x:worksheet xmlns:x="m"><x:dimension ref="A1:XFD1048576"/><x:sheetData/></x:worksheet>"#),
            r#"<x:worksheet xmlns:x="m"><x:sheetData/></x:worksheet>"#
        );
    }

    #[test]
    fn everything_else_is_kept() {
        let xml = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<a b='1'><!-- c --><![CDATA[<d>]]>&#x3042; e</a>";
        assert_eq!(rewritten(xml), xml);
    }

    #[test]
    fn document_types_are_refused() {
        let lol =
            r#"<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;">]><sst>&lol2;</sst>"#;
        assert_eq!(rewrite_xml(lol.as_bytes()), Err(XmlProblem::DocumentType));
    }

    #[test]
    fn malformed_xml_is_refused() {
        assert!(matches!(rewrite_xml(b"<a><b></a>"), Err(XmlProblem::Malformed(_))));
        assert!(matches!(rewrite_xml(b"<a x=\"1\" x=\"2\"/>"), Err(XmlProblem::Malformed(_))));
    }

    #[test]
    fn long_names_are_shortened() {
        assert_eq!(shown("xl/workbook.xml"), "xl/workbook.xml");
        assert_eq!(shown(&"あ".repeat(1000)).chars().count(), NAME_SHOWN + 1);
    }
}
