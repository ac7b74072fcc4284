//! The binary as an operator meets it: `migrate`, `serve` on an empty
//! database, and `serve --demo`, which only ever listens on loopback.

use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};

fn ismo() -> Command {
    Command::new(env!("CARGO_BIN_EXE_ismo"))
}

#[test]
fn migrate_creates_the_database_named_by_ismo_db() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("fresh.db");
    let out = ismo().arg("migrate").env("ISMO_DB", &db).output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert!(db.exists());
    assert!(String::from_utf8_lossy(&out.stdout).contains("up to date"));
}

/// Starts `serve`, returns what it printed up to the line containing `last`, then stops it.
fn lines_until(args: &[&str], last: &str) -> String {
    let mut child = ismo().args(args).stdout(Stdio::piped()).stderr(Stdio::null()).spawn().unwrap();
    let mut printed = String::new();
    for line in BufReader::new(child.stdout.take().unwrap()).lines() {
        let line = line.unwrap();
        printed.push_str(&line);
        printed.push('\n');
        if line.contains(last) {
            break;
        }
    }
    child.kill().unwrap();
    child.wait().unwrap();
    printed
}

#[test]
fn serve_on_an_empty_database_says_how_to_create_the_first_admin() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("empty.db");
    // The hint follows the line with the URL.
    let printed = lines_until(&["serve", "--db", db.to_str().unwrap(), "--addr", "127.0.0.1:0"], "ismo member add");
    assert!(printed.contains("ismo user add"), "{printed}");
    assert!(printed.contains("ismo member add"), "{printed}");
    assert!(printed.contains("http://127.0.0.1:"), "{printed}");
}

#[test]
fn serve_demo_prints_its_accounts_and_refuses_to_listen_beyond_loopback() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("demo.db");
    let db = db.to_str().unwrap();
    let printed = lines_until(&["serve", "--demo", "--db", db, "--addr", "127.0.0.1:0"], "is running at");
    for account in ["demo@ismo.local", "manager@ismo.local", "owner@ismo.local", "auditor@ismo.local"] {
        assert!(printed.contains(account), "{printed}");
    }
    let out = ismo().args(["serve", "--demo", "--db", db, "--addr", "0.0.0.0:0"]).output().unwrap();
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("loopback"), "{}", String::from_utf8_lossy(&out.stderr));
}

#[test]
fn serve_takes_trusted_proxies_as_a_list_and_refuses_what_is_not_an_address() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("proxied.db");
    let db = db.to_str().unwrap();
    let out = ismo()
        .args(["serve", "--db", db, "--addr", "127.0.0.1:0", "--trusted-proxy", "10.0.0.1,proxy.internal"])
        .output()
        .unwrap();
    assert!(!out.status.success());
    let said = String::from_utf8_lossy(&out.stderr);
    assert!(said.contains("proxy.internal") && said.contains("10.0.0.0/8"), "{said}");

    let mut child = ismo()
        .args(["serve", "--db", db, "--addr", "127.0.0.1:0"])
        .env("ISMO_TRUSTED_PROXIES", "10.0.0.1,fd00::/8")
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    // A new database says first that it made an audit key.
    let running = BufReader::new(child.stdout.take().unwrap())
        .lines()
        .take(3)
        .map_while(Result::ok)
        .find(|l| l.contains("is running at"));
    child.kill().unwrap();
    child.wait().unwrap();
    assert!(running.is_some(), "serve started with the proxies from the environment");
}
