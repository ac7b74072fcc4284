//! A command whose output goes to a pipe that closes early
//! (`ismo audit verify | head -1`) ends the way Unix tools do, quietly,
//! not with a panic and a backtrace about a broken pipe (issue 12).

use std::process::{Command, Stdio};

#[test]
fn a_closed_pipe_ends_a_command_without_a_panic() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("pipe.db");
    let made = Command::new(env!("CARGO_BIN_EXE_ismo")).arg("migrate").env("ISMO_DB", &db).output().unwrap();
    assert!(made.status.success());
    let mut child = Command::new(env!("CARGO_BIN_EXE_ismo"))
        .args(["audit", "verify"])
        .env("ISMO_DB", &db)
        .env("RUST_BACKTRACE", "1")
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    // The reader goes away before the command has opened its database, let alone printed.
    drop(child.stdout.take());
    let out = child.wait_with_output().unwrap();
    let said = String::from_utf8_lossy(&out.stderr);
    assert!(!said.contains("panicked") && !said.contains("Broken pipe"), "{said}");
    // Ended by SIGPIPE (as `cat` would be), or done before it printed.
    assert!(out.status.code().is_none_or(|code| code == 0), "{:?}", out.status);
}
