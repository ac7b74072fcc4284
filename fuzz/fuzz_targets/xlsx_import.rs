//! The workbook reader on untrusted bytes: any input must give a workbook or
//! a list of problems, never a panic, a hang or unbounded memory.
//!
//!     cargo fuzz run -s none xlsx_import -- -max_total_time=600

#![no_main]

use libfuzzer_sys::fuzz_target;

/// libFuzzer's panic hook aborts on every panic, even one that is caught.
/// `read_workbook` deliberately catches panics inside calamine (unchecked
/// arithmetic on forged cell references, see `src/xlsx/read.rs`) and reports
/// the file as unreadable; those are not crashes of ismo. Any other panic
/// still aborts, and one that escapes `read` is a crash either way.
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
    // With the period named by the workbook, and forced (as `--period` does).
    let _ = ismo::xlsx::import::read(data, 4, None);
    let _ = ismo::xlsx::import::read(data, 4, Some(2025));
});
