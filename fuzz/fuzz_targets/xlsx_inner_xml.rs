//! The workbook reader on untrusted XML inside a valid archive: the zip
//! target (`xlsx_import`) rarely gets past the archive's checksums, so this
//! one takes its input as the XML of the sheet or of the shared-string table
//! (the first byte chooses) and zips it into an otherwise valid workbook.
//! Any input must give a workbook or a list of problems, never a panic, a
//! hang or unbounded memory.
//!
//!     cargo fuzz run -s none xlsx_inner_xml corpus/xlsx_inner_xml -- -max_total_time=600 -rss_limit_mb=2048

#![no_main]

use libfuzzer_sys::fuzz_target;

/// As in `xlsx_import`: panics inside calamine are caught and reported as
/// an unreadable file by `read_workbook`; every other panic is a crash.
fn keep_calamine_panics_caught() {
    let default_hook = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        let in_calamine = info.location().is_some_and(|l| l.file().contains("/calamine-"));
        if !in_calamine {
            default_hook(info);
            std::process::abort();
        }
    }));
}

fuzz_target!(init: keep_calamine_panics_caught(), |data: &[u8]| {
    let _ = ismo::xlsx::forge::read_inner_xml(data);
});
