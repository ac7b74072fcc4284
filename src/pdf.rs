//! PDF through typst used as a library: a minimal [`World`] holding one
//! source file, one Japanese font from the system, and the data as
//! `sys.inputs.data` (JSON), so no user text is ever spliced into markup.
//!
//! The font is IPAex Gothic from Debian's `fonts-ipaexfont-gothic` (or the
//! file `ISMO_PDF_FONT` names); nothing is downloaded. Without it, [`render`]
//! says which package to install.

use std::path::{Path, PathBuf};
use std::sync::Mutex;

use chrono::{Datelike, NaiveDate};
use typst::diag::{FileError, FileResult};
use typst::foundations::{Bytes, Datetime, Dict, IntoValue, Str};
use typst::syntax::{FileId, RootedPath, Source, VirtualPath, VirtualRoot};
use typst::text::{Font, FontBook};
use typst::utils::LazyHash;
use typst::{Library, LibraryExt, World};
use typst_layout::PagedDocument;

/// Where Debian's `fonts-ipaexfont-gothic` puts the font.
pub const FONT_PATH: &str = "/usr/share/fonts/opentype/ipaexfont-gothic/ipaexg.ttf";
/// The Debian package that holds it.
pub const FONT_PACKAGE: &str = "fonts-ipaexfont-gothic";
/// Names another font file (a Japanese TrueType or OpenType font), e.g. on
/// a system that is not Debian.
pub const FONT_ENV: &str = "ISMO_PDF_FONT";

/// The font file the PDF is typeset with.
pub fn font_path() -> PathBuf {
    std::env::var_os(FONT_ENV).filter(|v| !v.is_empty()).map(PathBuf::from).unwrap_or_else(|| FONT_PATH.into())
}

#[derive(Debug, thiserror::Error)]
pub enum PdfError {
    #[error("the font file {} is missing: install the Debian package {FONT_PACKAGE}", font_path().display())]
    FontMissing,
    #[error("the PDF could not be typeset: {0}")]
    Typeset(String),
}

/// The fonts, read once the first time they are found (a missing file is
/// looked for again on the next request, so installing the package is enough).
static FONTS: Mutex<Option<Vec<Font>>> = Mutex::new(None);

fn fonts(path: &Path) -> Result<Vec<Font>, PdfError> {
    let mut cached = FONTS.lock().unwrap_or_else(|e| e.into_inner());
    if let Some(fonts) = cached.as_ref() {
        return Ok(fonts.clone());
    }
    let loaded = read_fonts(path)?;
    *cached = Some(loaded.clone());
    Ok(loaded)
}

/// The fonts of a file; a missing or unreadable file is a missing font.
fn read_fonts(path: &Path) -> Result<Vec<Font>, PdfError> {
    let data = std::fs::read(path).map_err(|_| PdfError::FontMissing)?;
    let loaded: Vec<Font> = Font::iter(Bytes::new(data)).collect();
    if loaded.is_empty() { Err(PdfError::FontMissing) } else { Ok(loaded) }
}

/// Whether the font file is there.
pub fn font_available() -> bool {
    font_path().is_file()
}

struct ReportWorld {
    library: LazyHash<Library>,
    book: LazyHash<FontBook>,
    fonts: Vec<Font>,
    main: Source,
    today: NaiveDate,
}

impl World for ReportWorld {
    fn library(&self) -> &LazyHash<Library> {
        &self.library
    }

    fn book(&self) -> &LazyHash<FontBook> {
        &self.book
    }

    fn main(&self) -> FileId {
        self.main.id()
    }

    fn source(&self, id: FileId) -> FileResult<Source> {
        if id == self.main.id() { Ok(self.main.clone()) } else { Err(not_found(id)) }
    }

    fn file(&self, id: FileId) -> FileResult<Bytes> {
        if id == self.main.id() { Ok(Bytes::from_string(self.main.clone())) } else { Err(not_found(id)) }
    }

    fn font(&self, index: usize) -> Option<Font> {
        self.fonts.get(index).cloned()
    }

    fn today(&self, _offset: Option<typst::foundations::Duration>) -> Option<Datetime> {
        Datetime::from_ymd(
            self.today.year(),
            u8::try_from(self.today.month()).ok()?,
            u8::try_from(self.today.day()).ok()?,
        )
    }
}

fn not_found(id: FileId) -> FileError {
    FileError::NotFound(id.vpath().get_with_slash().into())
}

/// Typesets `source` with `data` (JSON text) as `sys.inputs.data`, on `today`.
pub fn render(source: &str, data: String, today: NaiveDate) -> Result<Vec<u8>, PdfError> {
    let fonts = fonts(&font_path())?;
    let mut inputs = Dict::new();
    inputs.insert(Str::from("data"), data.into_value());
    let path = VirtualPath::new("/main.typ").map_err(|e| PdfError::Typeset(format!("{e:?}")))?;
    let id = RootedPath::new(VirtualRoot::Project, path).intern();
    let world = ReportWorld {
        library: LazyHash::new(Library::builder().with_inputs(inputs).build()),
        book: LazyHash::new(FontBook::from_fonts(&fonts)),
        fonts,
        main: Source::new(id, source.to_string()),
        today,
    };
    let result = typst::compile::<PagedDocument>(&world).output;
    let document = result.map_err(|errors| {
        PdfError::Typeset(errors.iter().map(|e| e.message.to_string()).collect::<Vec<_>>().join("; "))
    })?;
    let pdf = typst_pdf::pdf(&document, &typst_pdf::PdfOptions::default()).map_err(|errors| {
        PdfError::Typeset(errors.iter().map(|e| e.message.to_string()).collect::<Vec<_>>().join("; "))
    });
    // typst memoizes across compilations; keep only what recent ones used.
    typst::comemo::evict(10);
    pdf
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_missing_font_is_named_with_its_package() {
        let err = read_fonts(Path::new("/nonexistent/ismo/ipaexg.ttf")).map(|_| ()).unwrap_err();
        assert!(matches!(err, PdfError::FontMissing));
        assert!(err.to_string().contains(FONT_PACKAGE));
        // A file that is no font is as good as none.
        let not_a_font = std::env::temp_dir().join(format!("ismo-not-a-font-{}.ttf", std::process::id()));
        std::fs::write(&not_a_font, b"not a font").unwrap();
        assert!(matches!(read_fonts(&not_a_font).map(|_| ()), Err(PdfError::FontMissing)));
        std::fs::remove_file(not_a_font).unwrap();
    }

    #[test]
    fn japanese_text_typesets_into_a_pdf() {
        if !font_available() {
            eprintln!("skipped: {} is missing (apt-get install {FONT_PACKAGE})", font_path().display());
            return;
        }
        let source = "#set text(font: \"IPAexGothic\")\n#let d = json(bytes(sys.inputs.data))\n= #d.title\n";
        let data = serde_json::json!({ "title": "情報セキュリティ目的 #set [*]" }).to_string();
        let pdf = render(source, data, NaiveDate::from_ymd_opt(2025, 11, 15).unwrap()).unwrap();
        assert!(pdf.starts_with(b"%PDF"));
    }

    #[test]
    fn a_typesetting_error_is_reported() {
        if !font_available() {
            return;
        }
        let err = render("#let x = ", "{}".into(), NaiveDate::MIN).unwrap_err();
        assert!(matches!(err, PdfError::Typeset(_)), "{err}");
    }
}
