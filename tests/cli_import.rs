//! `ismo import` as an operator meets it: the shared sample into a new
//! organization, `--dry-run` writing nothing, a refused workbook (exit 1, the
//! problem on stderr) and other errors (exit 2).

use std::path::Path;
use std::process::{Command, Output};

use ismo::xlsx::read::{CellValue, read_workbook};

const SAMPLE: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/management-table.xlsx");

/// Runs the binary on `db` and returns what it did.
fn ismo(db: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_ismo")).args(args).env("ISMO_DB", db).output().unwrap()
}

fn stdout(out: &Output) -> String {
    String::from_utf8_lossy(&out.stdout).into_owned()
}

fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

/// A fresh database with the sample's organization.
fn with_org(dir: &Path) -> std::path::PathBuf {
    let db = dir.join("import.db");
    let out = ismo(&db, &["org", "add", "株式会社サンプル"]);
    assert!(out.status.success(), "{}", stderr(&out));
    db
}

#[test]
fn the_sample_imports_and_a_dry_run_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let db = with_org(dir.path());

    let dry = ismo(&db, &["import", SAMPLE, "--dry-run", "--lang", "en"]);
    assert_eq!(dry.status.code(), Some(0), "{}", stderr(&dry));
    let printed = stdout(&dry);
    assert!(printed.contains("Dry run"), "{printed}");
    assert!(printed.contains("Objectives: 3 added, 0 changed, 0 unchanged"), "{printed}");

    // The dry run wrote nothing: the real import still adds everything.
    let real = ismo(&db, &["import", SAMPLE, "--org", "株式会社サンプル", "--lang", "en"]);
    assert_eq!(real.status.code(), Some(0), "{}", stderr(&real));
    let printed = stdout(&real);
    assert!(printed.contains("Imported \"management-table.xlsx\" into 株式会社サンプル for FY2025"), "{printed}");
    for line in ["Objectives: 3 added", "Plans: 7 added", "Risks: 7 added", "Treatments: 3 added"] {
        assert!(printed.contains(line), "{line}: {printed}");
    }

    // What was imported is there: exporting it names the three objectives.
    let exported = dir.path().join("out.xlsx");
    let out = ismo(&db, &["export", exported.to_str().unwrap(), "--period", "2025"]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(stdout(&out).contains("3 objectives"), "{}", stdout(&out));
}

#[test]
fn the_summary_speaks_japanese_by_default() {
    let dir = tempfile::tempdir().unwrap();
    let db = with_org(dir.path());
    let out = ismo(&db, &["import", SAMPLE, "--dry-run"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(stdout(&out).contains("目的: 追加 3、変更 0、変更なし 0"), "{}", stdout(&out));
}

#[test]
fn random_bytes_are_refused_with_exit_1() {
    let dir = tempfile::tempdir().unwrap();
    let db = with_org(dir.path());
    let file = dir.path().join("broken.xlsx");
    let mut seed: u32 = 0x1234_5678;
    let bytes: Vec<u8> = (0..4096)
        .map(|_| {
            seed ^= seed << 13;
            seed ^= seed >> 17;
            seed ^= seed << 5;
            seed as u8
        })
        .collect();
    std::fs::write(&file, bytes).unwrap();
    let out = ismo(&db, &["import", file.to_str().unwrap(), "--lang", "en"]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let err = stderr(&out);
    assert!(err.contains("\"broken.xlsx\" cannot be imported"), "{err}");
    assert!(err.contains(".xlsx"), "{err}");
}

#[test]
fn a_workbook_that_trips_the_parser_is_refused_without_a_panic_message() {
    // Found by the fuzz target: a merged range that makes calamine subtract
    // below zero (a panic with overflow checks, as in this test build), which
    // the reader reports as an unreadable workbook.
    let file = concat!(env!("CARGO_MANIFEST_DIR"), "/fuzz/corpus/xlsx_import/seed-calamine-merge-overflow.xlsx");
    let dir = tempfile::tempdir().unwrap();
    let db = with_org(dir.path());
    let out = ismo(&db, &["import", file, "--lang", "en"]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let err = stderr(&out);
    assert!(err.contains("cannot be imported"), "{err}");
    assert!(!err.contains("panicked"), "{err}");
}

#[test]
fn an_unreadable_cell_is_named_with_exit_1_and_nothing_is_written() {
    let dir = tempfile::tempdir().unwrap();
    let db = with_org(dir.path());
    // The sample with a deadline nobody can read in H7.
    let sheets = read_workbook(&std::fs::read(SAMPLE).unwrap()).unwrap();
    assert_eq!(sheets[0].get(6, 7), &CellValue::Text("2026年3月末".into()));
    let file = dir.path().join("edited.xlsx");
    std::fs::write(&file, rewritten(&sheets, (0, 6, 7), "来年のどこか")).unwrap();

    let out = ismo(&db, &["import", file.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert!(stderr(&out).contains("情報セキュリティ目的!H7: "), "{}", stderr(&out));
    assert!(stdout(&out).is_empty(), "{}", stdout(&out));

    // Nothing was written: the sample itself still adds all three objectives.
    let out = ismo(&db, &["import", SAMPLE, "--dry-run", "--lang", "en"]);
    assert!(stdout(&out).contains("Objectives: 3 added"), "{}", stdout(&out));
}

#[test]
fn other_errors_exit_2() {
    let dir = tempfile::tempdir().unwrap();
    let db = with_org(dir.path());
    let out = ismo(&db, &["import", SAMPLE, "--org", "株式会社ありません"]);
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert!(stderr(&out).contains("no organization"), "{}", stderr(&out));

    let missing = dir.path().join("missing.xlsx");
    let out = ismo(&db, &["import", missing.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert!(stderr(&out).contains("missing.xlsx"), "{}", stderr(&out));

    let out = ismo(&db, &["import", SAMPLE, "--lang", "fr"]);
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
}

/// The sheets written back as a plain workbook (values repeated instead of
/// merged), with the text of one cell (sheet index, row, column) replaced.
fn rewritten(sheets: &[ismo::xlsx::read::RawSheet], at: (usize, usize, usize), text: &str) -> Vec<u8> {
    let mut book = rust_xlsxwriter::Workbook::new();
    for (i, s) in sheets.iter().enumerate() {
        let ws = book.add_worksheet();
        ws.set_name(&s.name).unwrap();
        for r in 0..s.height() {
            for c in 0..s.width() {
                let value = if (i, r, c) == at { CellValue::Text(text.to_string()) } else { s.get(r, c).clone() };
                let (r, c) = (r as u32, c as u16);
                match value {
                    CellValue::Empty => continue,
                    CellValue::Text(t) => ws.write_string(r, c, t),
                    CellValue::Number(n) => ws.write_number(r, c, n),
                    CellValue::Bool(b) => ws.write_boolean(r, c, b),
                    CellValue::Date(d) => ws.write_string(r, c, d.to_string()),
                }
                .unwrap();
            }
        }
    }
    book.save_to_buffer().unwrap()
}
