//! Benchmark (not a test): ismo under load (issue 14). Run with
//!     cargo bench --bench load
//! which needs `wrk` (Debian: `apt-get install wrk`). It
//! - generates two management tables with the library (`benches/common`):
//!   100 objectives × 4 plans (400 plans, 4,800 month cells) plus 20 risks,
//!   10 of them treated with 2 plans each; and the import benchmark's 10,000-plan
//!   organization (2,500 objectives × 4 plans, 200 risks);
//! - makes a database with the release binary's own commands (`ismo user add`,
//!   `org add`, `member add`, `import`), timing `ismo import` and `ismo export`
//!   of the large workbook as whole commands (median of 5, peak RSS by wait4);
//! - starts `ismo serve`, signs in, checks that every page answers 200, and
//!   loads each page of the small organization with wrk at 16 connections,
//!   then creates objectives through the form at 8 connections and checks
//!   `ismo audit verify`;
//! - times single requests of each page of the large organization;
//! - prints the tables, with the server's resident memory along the way, and
//!   appends them to BENCHMARKS.md ("## Load (issue 14)") with date and commit.
//!
//! `ISMO_LOAD_SECONDS` (default 10) is the length of each wrk run;
//! `ISMO_LOAD_SKIP_LARGE=1` leaves out the 10,000-plan organization;
//! `ISMO_LOAD_NO_APPEND=1` prints without touching BENCHMARKS.md.

use std::fmt::Write as _;
use std::fs::File;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use chrono::Datelike;

#[allow(dead_code)] // the import benchmark's part of it
mod common;

use common::{Shape, thousands};

/// The organization under load.
const SMALL: Shape = Shape { objectives: 100, plans_per_objective: 4, risks: 20, treatment_plans: 2 };
const LARGE: Shape = Shape::LARGE;
const EMAIL: &str = "load@example.com";
const PASSWORD: &str = "load-benchmark-passphrase";
const PAGE_CONNECTIONS: u32 = 16;
const CREATE_CONNECTIONS: u32 = 8;
/// Runs of each timed command, and single requests of each large page.
const RUNS: usize = 5;
const HEADING: &str = "## Load (issue 14)";

struct Settings {
    seconds: u64,
    skip_large: bool,
    append: bool,
}

impl Settings {
    fn from_env() -> Settings {
        let flag = |name: &str| std::env::var(name).is_ok_and(|v| !v.is_empty() && v != "0");
        let seconds = match std::env::var("ISMO_LOAD_SECONDS") {
            Ok(s) => s.parse().unwrap_or_else(|_| panic!("ISMO_LOAD_SECONDS={s:?} is not a whole number of seconds")),
            Err(_) => 10,
        };
        Settings { seconds, skip_large: flag("ISMO_LOAD_SKIP_LARGE"), append: !flag("ISMO_LOAD_NO_APPEND") }
    }
}

fn main() {
    // `cargo test --all-targets` runs bench targets too (without `--bench`):
    // the measurement is for `cargo bench` only.
    if !std::env::args().any(|a| a == "--bench") {
        return;
    }
    let args: Vec<String> = std::env::args().collect();
    if let [.., flag, shape, file] = args.as_slice()
        && flag == GENERATE
    {
        return generate(shape, Path::new(file));
    }
    let settings = Settings::from_env();
    let wrk = wrk_version();
    let load_before = load_average();
    let started = Instant::now();
    let dir = tempfile::tempdir().expect("a temporary directory");
    let report = run(&settings, dir.path());
    let took = started.elapsed();
    let machine = format!(
        "{} CPUs, load average {} at the start, {} at the end; {wrk} on the same machine (`-t2`); whole run {:.0} s",
        std::thread::available_parallelism().map_or(0, |n| n.get()),
        load_before,
        load_average(),
        took.as_secs_f64()
    );
    let (date, commit) = (chrono::Utc::now().format("%F").to_string(), commit());
    let mut command = String::from("cargo bench --bench load");
    if settings.seconds != 10 {
        command = format!("ISMO_LOAD_SECONDS={} {command}", settings.seconds);
    }
    if settings.skip_large {
        command = format!("ISMO_LOAD_SKIP_LARGE=1 {command}");
    }
    let entry = format!("### {date}, commit {commit}\n\n`{command}`, release build; {machine}.\n\n{report}");
    println!("\n{entry}");
    if settings.append {
        append_to_benchmarks(&entry);
        println!("appended to BENCHMARKS.md");
    }
}

/// Everything measured, as markdown.
fn run(settings: &Settings, dir: &Path) -> String {
    let mut out = String::new();
    let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build().expect("a runtime");
    let period_year = {
        let today = chrono::Local::now().date_naive();
        if today.month() >= 4 { today.year() } else { today.year() - 1 }
    };

    let started = Instant::now();
    let small_xlsx = dir.join("small.xlsx");
    generated(SMALL_NAME, &small_xlsx);
    let large_xlsx = dir.join("large.xlsx");
    if !settings.skip_large {
        generated(LARGE_NAME, &large_xlsx);
    }
    eprintln!("generated the workbooks in {:.1} s", started.elapsed().as_secs_f64());

    // The database, made as an operator would.
    let db = dir.join("load.db");
    let ismo = Ismo { db: db.clone(), dir: dir.to_path_buf() };
    ismo.ok(&["user", "add", EMAIL, "--name", "負荷 試験", "--password-stdin"], Some(PASSWORD));
    let small = ismo.org_add("負荷試験 100目的");
    ismo.ok(&["member", "add", EMAIL, &small.to_string(), "--role", "admin"], None);
    let import = ismo.timed(&["import", path(&small_xlsx), "--org", &small.to_string()]);
    let large = (!settings.skip_large).then(|| {
        let org = ismo.org_add("負荷試験 10000計画");
        ismo.ok(&["member", "add", EMAIL, &org.to_string(), "--role", "admin"], None);
        ismo.timed(&["import", path(&large_xlsx), "--org", &org.to_string()]);
        org
    });

    // The workbooks' import, and the large one's export, as whole commands.
    let small_size = std::fs::metadata(&small_xlsx).expect("the workbook").len();
    let mut commands = vec![(
        format!(
            "`ismo import` of the {}-plan workbook ({}) into an empty organization",
            SMALL.objective_plans(),
            size_text(small_size)
        ),
        vec![import],
    )];
    if let Some(large) = large {
        let mut imports = Vec::new();
        for i in 0..RUNS {
            // A database of its own each time, its organization empty.
            let scratch = Ismo { db: dir.join(format!("scratch-{i}.db")), dir: dir.to_path_buf() };
            let org = scratch.org_add("取込先");
            imports.push(scratch.timed(&["import", path(&large_xlsx), "--org", &org.to_string()]));
            scratch.remove();
        }
        let export_xlsx = dir.join("export.xlsx");
        let exports: Vec<Timed> =
            (0..RUNS).map(|_| ismo.timed(&["export", path(&export_xlsx), "--org", &large.to_string()])).collect();
        let size = std::fs::metadata(&export_xlsx).expect("the export").len();
        let input = std::fs::metadata(&large_xlsx).expect("the workbook").len();
        commands.push((
            format!(
                "`ismo import` of the {}-plan workbook ({}) into an empty organization",
                thousands(10_000),
                size_text(input)
            ),
            imports,
        ));
        commands.push((
            format!("`ismo export` of the {}-plan organization ({})", thousands(10_000), size_text(size)),
            exports,
        ));
    }
    match large {
        Some(_) => {
            writeln!(out, "Whole commands (the {}-plan organization: {}):\n", thousands(10_000), LARGE.describe())
        }
        None => writeln!(out, "Whole commands:\n"),
    }
    .unwrap();
    writeln!(out, "| command | wall (median) | all runs | peak RSS (largest) |\n|---|---|---|---|").unwrap();
    for (what, runs) in &commands {
        let mut walls: Vec<Duration> = runs.iter().map(|r| r.wall).collect();
        let all = walls.iter().map(|w| format!("{:.2} s", w.as_secs_f64())).collect::<Vec<_>>().join(", ");
        walls.sort();
        let peak = runs.iter().map(|r| r.max_rss_kib).max().unwrap_or(0);
        writeln!(out, "| {what} | {:.2} s | {all} | {} |", walls[walls.len() / 2].as_secs_f64(), mib(peak)).unwrap();
    }
    out.push('\n');

    // The server.
    let mut server = Server::start(&db, &dir.join("serve.log"));
    let mut memory = vec![("started, before any request".to_string(), server.memory())];
    assert_eq!(get(&server.addr, "/healthz", None).status, 200, "/healthz");
    let cookie = sign_in(&server.addr);
    let pages = pages(&server.addr, &cookie, small);
    // Every page answers 200 before anything is loaded. The large
    // organization's pages are asked for after the load, so that the memory
    // figures until then are the small organization's.
    for (_, p) in &pages {
        ok(&server.addr, &cookie, p);
    }
    memory.push(("signed in, each page requested once".into(), server.memory()));

    writeln!(
        out,
        "Pages of the organization of {} objectives × {} plans ({} plans, {} month cells; {} risks, {} treated with {} plans each), \
         wrk `-t2 -c{PAGE_CONNECTIONS} -d{}s`, signed in as its admin:\n",
        SMALL.objectives,
        SMALL.plans_per_objective,
        SMALL.objective_plans(),
        thousands(SMALL.objective_plans() as u64 * 12),
        SMALL.risks,
        SMALL.treated_risks(),
        SMALL.treatment_plans,
        settings.seconds
    )
    .unwrap();
    writeln!(out, "| page | size | req/s | p50 | p99 | server RSS after |\n|---|---|---|---|---|---|").unwrap();
    for (name, page) in &pages {
        let size = ok(&server.addr, &cookie, page).body.len();
        let url = format!("http://{}{page}", server.addr);
        let load = wrk(&url, PAGE_CONNECTIONS, settings.seconds, &cookie, None);
        load.assert_clean(name);
        // Still signed in: wrk counts a redirect to the login page as a success.
        ok(&server.addr, &cookie, page);
        let rss = server.memory().rss_kib;
        eprintln!("{name}: {:.0} req/s", load.rps);
        writeln!(
            out,
            "| {name} | {} | {:.0} | {} | {} | {} |",
            size_text(size as u64),
            load.rps,
            ms(load.p50),
            ms(load.p99),
            mib(rss)
        )
        .unwrap();
    }
    out.push('\n');
    memory.push((format!("after the page loads ({} pages × {} s)", pages.len(), settings.seconds), server.memory()));

    // Creating objectives through the form.
    let before = runtime.block_on(objectives(&db, small));
    let script = dir.join("create.lua");
    std::fs::write(&script, create_script(small, period_year, &cookie)).expect("the script");
    let url = format!("http://{}/orgs/{small}/objectives", server.addr);
    let load = wrk(&url, CREATE_CONNECTIONS, settings.seconds, &cookie, Some(&script));
    load.assert_clean("creating objectives");
    let created = runtime.block_on(objectives(&db, small)) - before;
    assert!(
        created >= load.requests as i64,
        "{} creates answered, {created} objectives more in the database",
        load.requests
    );
    writeln!(
        out,
        "Creating objectives through the form (`POST /orgs/{{org}}/objectives`, answered 303), wrk `-t2 -c{CREATE_CONNECTIONS} -d{}s`:\n\n\
         | what | creates/s | p50 | p99 | created |\n|---|---|---|---|---|\n\
         | new objective | {:.0} | {} | {} | {created} |\n",
        settings.seconds,
        load.rps,
        ms(load.p50),
        ms(load.p99)
    )
    .unwrap();
    memory.push(("after the creates".into(), server.memory()));

    if let Some(large_pages) = large.map(|org| pages_of(&server.addr, &cookie, org)) {
        for (_, p) in &large_pages {
            ok(&server.addr, &cookie, p);
        }
        writeln!(
            out,
            "Single requests on the {}-plan organization, one after another, after each page was asked for \
             once: {} per page, the first and then the median of the others:\n",
            thousands(10_000),
            RUNS + 1
        )
        .unwrap();
        writeln!(out, "| page | size | first | median of {RUNS} more | under 200 ms |\n|---|---|---|---|---|").unwrap();
        for (name, page) in &large_pages {
            let (first, answer) = timed_get(&server.addr, &cookie, page);
            let mut times: Vec<Duration> = (0..RUNS).map(|_| timed_get(&server.addr, &cookie, page).0).collect();
            times.sort();
            let median = times[RUNS / 2];
            let under = if median < Duration::from_millis(200) { "yes" } else { "**no**" };
            let size = size_text(answer.body.len() as u64);
            writeln!(out, "| {name} | {size} | {} | {} | {under} |", ms(first), ms(median)).unwrap();
        }
        out.push('\n');
        memory.push(("after the large organization's pages".into(), server.memory()));
    }

    writeln!(out, "Server resident memory (`/proc/<pid>/status`):\n\n| when | VmRSS | VmHWM (peak) |\n|---|---|---|")
        .unwrap();
    for (when, m) in &memory {
        writeln!(out, "| {when} | {} | {} |", mib(m.rss_kib), mib(m.hwm_kib)).unwrap();
    }
    server.stop();

    let verify = ismo.run(&["audit", "verify"], None);
    let said = String::from_utf8_lossy(&verify.stdout).lines().next().unwrap_or("").to_string();
    assert!(
        verify.status.success(),
        "ismo audit verify after the run: {said} {}",
        String::from_utf8_lossy(&verify.stderr)
    );
    writeln!(out, "\n`ismo audit verify` after the run: {said}").unwrap();
    out
}

/// The workbooks are generated by a process of their own (this program run
/// again), so that this one stays small: a command started from it inherits
/// its peak resident memory (Linux keeps the larger of the two across exec),
/// which would count in the commands' peak RSS measured by wait4.
const GENERATE: &str = "--generate";
const SMALL_NAME: &str = "small";
const LARGE_NAME: &str = "large";

fn generated(shape: &str, file: &Path) {
    let status = Command::new(std::env::current_exe().expect("this program"))
        .args(["--bench", GENERATE, shape])
        .arg(file)
        .status()
        .expect("this program, to generate a workbook");
    assert!(status.success(), "generating the {shape} workbook: {status}");
}

/// In the process started by [`generated`]: the organization of `shape` as a workbook in `file`.
fn generate(shape: &str, file: &Path) {
    let shape = match shape {
        SMALL_NAME => SMALL,
        LARGE_NAME => LARGE,
        other => panic!("no organization {other:?} to generate"),
    };
    let dir = tempfile::tempdir().expect("a temporary directory");
    let runtime = tokio::runtime::Builder::new_multi_thread().enable_all().build().expect("a runtime");
    let bytes = runtime.block_on(common::workbook(shape, dir.path()));
    std::fs::write(file, bytes).expect("write the workbook");
}

/// The pages loaded, by name and path; the objective page is the list's first objective.
fn pages(addr: &str, cookie: &str, org: i64) -> Vec<(String, String)> {
    let mut pages = pages_of(addr, cookie, org);
    pages.push(("my page (/me)".into(), "/me".into()));
    pages
}

fn pages_of(addr: &str, cookie: &str, org: i64) -> Vec<(String, String)> {
    let list = ok(addr, cookie, &format!("/orgs/{org}/objectives"));
    let objective = first_objective(&list.text(), org);
    let rows = objective_links(&list.text(), org).len();
    [
        ("dashboard".to_string(), "dashboard".to_string()),
        (format!("objectives list ({rows} rows)"), "objectives".into()),
        ("objective page".into(), format!("objectives/{objective}")),
        ("grid".into(), "grid".into()),
        ("risks list".into(), "risks".into()),
        ("risk treatment plan".into(), "risk-treatment-plan".into()),
        ("findings".into(), "findings".into()),
        ("this month".into(), "this-month".into()),
        ("late".into(), "late".into()),
        ("review report".into(), "review-report".into()),
    ]
    .into_iter()
    .map(|(name, p)| (name, format!("/orgs/{org}/{p}")))
    .collect()
}

fn first_objective(list: &str, org: i64) -> i64 {
    *objective_links(list, org).first().unwrap_or_else(|| panic!("no objective link on /orgs/{org}/objectives"))
}

/// The objectives a page links to, in order, each once.
fn objective_links(page: &str, org: i64) -> Vec<i64> {
    let marker = format!("href=\"/orgs/{org}/objectives/");
    let mut ids: Vec<i64> = Vec::new();
    for (at, _) in page.match_indices(&marker) {
        let rest = &page[at + marker.len()..];
        let id = rest.find('"').and_then(|end| rest[..end].parse().ok());
        if let Some(id) = id.filter(|id| !ids.contains(id)) {
            ids.push(id);
        }
    }
    ids
}

/// The wrk script for creates: every request a new objective with a code of
/// its own (thread number, then a counter).
fn create_script(org: i64, year: i32, cookie: &str) -> String {
    let title = form_encode("負荷試験で作成した目的");
    format!(
        r#"local threads = 0
function setup(thread)
  threads = threads + 1
  thread:set("tid", threads)
end
local counter = 0
local headers = {{
  ["Cookie"] = "{cookie}",
  ["Content-Type"] = "application/x-www-form-urlencoded",
  ["Sec-Fetch-Site"] = "same-origin",
}}
function request()
  counter = counter + 1
  local body = "period={year}&code=W" .. tid .. "-" .. counter .. "&title={title}&level=organization&status=draft"
  return wrk.format("POST", "/orgs/{org}/objectives", headers, body)
end
"#
    )
}

fn form_encode(s: &str) -> String {
    s.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => (b as char).to_string(),
            _ => format!("%{b:02X}"),
        })
        .collect()
}

async fn objectives(db: &Path, org: i64) -> i64 {
    let options = sqlx::sqlite::SqliteConnectOptions::new().filename(db).read_only(true);
    let pool = sqlx::SqlitePool::connect_with(options).await.expect("the database");
    let n = sqlx::query_scalar("SELECT COUNT(*) FROM objectives WHERE org_id = ?")
        .bind(org)
        .fetch_one(&pool)
        .await
        .expect("count");
    pool.close().await;
    n
}

// --- the commands -----------------------------------------------------------

fn path(p: &Path) -> &str {
    p.to_str().expect("a UTF-8 path")
}

/// The release binary's commands on one database.
struct Ismo {
    db: PathBuf,
    dir: PathBuf,
}

/// One command's wall time and peak resident memory.
struct Timed {
    wall: Duration,
    max_rss_kib: u64,
}

impl Ismo {
    fn command(&self, args: &[&str]) -> Command {
        let mut command = Command::new(env!("CARGO_BIN_EXE_ismo"));
        command.args(args).arg("--db").arg(&self.db);
        command
    }

    fn run(&self, args: &[&str], stdin: Option<&str>) -> std::process::Output {
        let mut child = self
            .command(args)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("the ismo binary");
        let mut input = child.stdin.take().expect("stdin");
        if let Some(text) = stdin {
            writeln!(input, "{text}").expect("write stdin");
        }
        drop(input);
        child.wait_with_output().expect("ismo's output")
    }

    fn ok(&self, args: &[&str], stdin: Option<&str>) -> String {
        let out = self.run(args, stdin);
        assert!(out.status.success(), "ismo {args:?}: {}", String::from_utf8_lossy(&out.stderr));
        String::from_utf8_lossy(&out.stdout).into_owned()
    }

    /// `ismo org add NAME`; its id.
    fn org_add(&self, name: &str) -> i64 {
        let said = self.ok(&["org", "add", name], None);
        said.rsplit("(id ")
            .next()
            .and_then(|rest| rest.split(')').next())
            .and_then(|id| id.trim().parse().ok())
            .unwrap_or_else(|| panic!("no id in {said:?}"))
    }

    /// Runs a command to its end, measured by wait4: wall time and peak RSS.
    fn timed(&self, args: &[&str]) -> Timed {
        let (out, err) = (self.dir.join("command.out"), self.dir.join("command.err"));
        let start = Instant::now();
        // Reaped by wait4 below, which std's wait cannot do with the usage.
        #[allow(clippy::zombie_processes)]
        let child = self
            .command(args)
            .stdin(Stdio::null())
            .stdout(File::create(&out).expect("a file"))
            .stderr(File::create(&err).expect("a file"))
            .spawn()
            .expect("the ismo binary");
        let pid = child.id() as libc::pid_t;
        let mut status = 0;
        // SAFETY: plain libc call on our own child; rusage is a plain C struct.
        let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
        let waited = unsafe { libc::wait4(pid, &mut status, 0, &mut usage) };
        let wall = start.elapsed();
        assert_eq!(waited, pid, "wait4: {}", std::io::Error::last_os_error());
        // Reaped by wait4: `child` is not waited for again (dropping a Child neither waits nor kills).
        let success = libc::WIFEXITED(status) && libc::WEXITSTATUS(status) == 0;
        assert!(
            success,
            "ismo {args:?} failed ({status}): {}{}",
            std::fs::read_to_string(&out).unwrap_or_default(),
            std::fs::read_to_string(&err).unwrap_or_default()
        );
        Timed { wall, max_rss_kib: usage.ru_maxrss as u64 }
    }

    /// The database and the files beside it.
    fn remove(&self) {
        let name = path(&self.db).to_string();
        for suffix in ["", "-wal", "-shm", ".audit-key"] {
            let _ = std::fs::remove_file(format!("{name}{suffix}"));
        }
    }
}

// --- the server -------------------------------------------------------------

#[derive(Clone, Copy)]
struct Memory {
    rss_kib: u64,
    hwm_kib: u64,
}

/// `ismo serve`, ended when dropped (also on a panic).
struct Server {
    child: Child,
    addr: String,
    log: PathBuf,
}

impl Server {
    fn start(db: &Path, log: &Path) -> Server {
        let mut child = Command::new(env!("CARGO_BIN_EXE_ismo"))
            .args(["serve", "--addr", "127.0.0.1:0", "--db"])
            .arg(db)
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(File::create(log).expect("the server's log"))
            .spawn()
            .expect("the ismo binary");
        let mut lines = BufReader::new(child.stdout.take().expect("stdout")).lines();
        let addr = loop {
            let Some(Ok(line)) = lines.next() else {
                panic!("ismo serve stopped before listening: {}", std::fs::read_to_string(log).unwrap_or_default())
            };
            if let Some(rest) = line.split("http://").nth(1) {
                break rest.split('/').next().expect("an address").to_string();
            }
        };
        // Keep reading so the server never blocks on a full pipe.
        std::thread::spawn(move || for _ in lines {});
        Server { child, addr, log: log.to_path_buf() }
    }

    fn memory(&self) -> Memory {
        let status = std::fs::read_to_string(format!("/proc/{}/status", self.child.id())).expect("/proc status");
        let field = |name: &str| {
            status
                .lines()
                .find(|l| l.starts_with(name))
                .and_then(|l| l.split_whitespace().nth(1))
                .and_then(|kib| kib.parse().ok())
                .unwrap_or(0)
        };
        Memory { rss_kib: field("VmRSS:"), hwm_kib: field("VmHWM:") }
    }

    /// Ctrl-C, as an operator stops it; killed when it has not stopped in 10 s.
    fn stop(&mut self) {
        // SAFETY: a signal to our own child.
        unsafe { libc::kill(self.child.id() as libc::pid_t, libc::SIGINT) };
        let deadline = Instant::now() + Duration::from_secs(10);
        while Instant::now() < deadline {
            if let Ok(Some(status)) = self.child.try_wait() {
                assert!(
                    status.success(),
                    "ismo serve: {status}: {}",
                    std::fs::read_to_string(&self.log).unwrap_or_default()
                );
                return;
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        panic!("ismo serve did not stop within 10 s of Ctrl-C");
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

// --- HTTP -------------------------------------------------------------------

struct Answer {
    status: u16,
    headers: String,
    body: Vec<u8>,
}

impl Answer {
    fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }
}

/// One HTTP/1.1 request on its own connection.
fn request(addr: &str, method: &str, path: &str, cookie: Option<&str>, form: Option<&str>) -> Answer {
    let mut stream = TcpStream::connect(addr).unwrap_or_else(|e| panic!("connect {addr}: {e}"));
    stream.set_read_timeout(Some(Duration::from_secs(120))).expect("a timeout");
    let body = form.unwrap_or("");
    let mut head = format!("{method} {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n");
    if form.is_some() {
        head.push_str(&format!(
            "Sec-Fetch-Site: same-origin\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: {}\r\n",
            body.len()
        ));
    }
    if let Some(cookie) = cookie {
        head.push_str(&format!("Cookie: {cookie}\r\n"));
    }
    head.push_str("\r\n");
    stream.write_all(head.as_bytes()).and_then(|_| stream.write_all(body.as_bytes())).expect("send");
    let mut raw = Vec::new();
    stream.read_to_end(&mut raw).unwrap_or_else(|e| panic!("{method} {path}: {e}"));
    let split = raw.windows(4).position(|w| w == b"\r\n\r\n").unwrap_or_else(|| panic!("{method} {path}: no answer"));
    let headers = String::from_utf8_lossy(&raw[..split]).into_owned();
    let mut body = raw[split + 4..].to_vec();
    let status = headers.split(' ').nth(1).and_then(|s| s.parse().ok()).expect("a status");
    if headers.lines().any(|l| {
        let l = l.to_ascii_lowercase();
        l.starts_with("transfer-encoding:") && l.contains("chunked")
    }) {
        body = dechunk(&body);
    }
    Answer { status, headers, body }
}

fn dechunk(mut raw: &[u8]) -> Vec<u8> {
    let mut body = Vec::new();
    while let Some(end) = raw.windows(2).position(|w| w == b"\r\n") {
        let size = std::str::from_utf8(&raw[..end]).ok().and_then(|s| usize::from_str_radix(s.trim(), 16).ok());
        let Some(size) = size.filter(|s| *s > 0) else { break };
        let start = end + 2;
        body.extend_from_slice(&raw[start..(start + size).min(raw.len())]);
        raw = &raw[(start + size + 2).min(raw.len())..];
    }
    body
}

fn get(addr: &str, path: &str, cookie: Option<&str>) -> Answer {
    request(addr, "GET", path, cookie, None)
}

/// GET that must answer 200.
fn ok(addr: &str, cookie: &str, path: &str) -> Answer {
    let answer = get(addr, path, Some(cookie));
    let text = answer.text();
    assert_eq!(answer.status, 200, "GET {path}: {}\n{}", answer.headers, &text[..text.len().min(2000)]);
    answer
}

fn timed_get(addr: &str, cookie: &str, path: &str) -> (Duration, Answer) {
    let start = Instant::now();
    let answer = ok(addr, cookie, path);
    (start.elapsed(), answer)
}

/// Signs in; the session cookie as `name=value`.
fn sign_in(addr: &str) -> String {
    let form = format!("email={}&password={}", form_encode(EMAIL), form_encode(PASSWORD));
    let answer = request(addr, "POST", "/login", None, Some(&form));
    assert_eq!(answer.status, 303, "sign in: {}", answer.text());
    answer
        .headers
        .lines()
        .filter_map(|l| l.split_once(':'))
        .filter(|(k, _)| k.eq_ignore_ascii_case("set-cookie"))
        .map(|(_, v)| v.trim().split(';').next().unwrap_or("").to_string())
        .find(|c| c.starts_with("ismo_session=") && c.len() > "ismo_session=".len())
        .expect("a session cookie")
}

// --- wrk --------------------------------------------------------------------

fn wrk_version() -> String {
    let out = Command::new("wrk")
        .arg("-v")
        .output()
        .unwrap_or_else(|e| panic!("wrk is needed for the load benchmark ({e}); on Debian: apt-get install wrk"));
    let text = String::from_utf8_lossy(&out.stdout).into_owned() + &String::from_utf8_lossy(&out.stderr);
    text.split_whitespace().take(2).collect::<Vec<_>>().join(" ")
}

/// What wrk measured.
struct Load {
    output: String,
    requests: u64,
    rps: f64,
    p50: Duration,
    p99: Duration,
    /// "Non-2xx or 3xx responses".
    failed: u64,
    /// "Socket errors: …", when there were any.
    socket_errors: Option<String>,
}

impl Load {
    fn assert_clean(&self, what: &str) {
        assert_eq!(self.failed, 0, "{what}: answers other than 2xx/3xx\n{}", self.output);
        assert!(self.socket_errors.is_none(), "{what}: socket errors\n{}", self.output);
        assert!(self.requests > 0, "{what}: no request answered (a longer ISMO_LOAD_SECONDS?)\n{}", self.output);
    }
}

fn wrk(url: &str, connections: u32, seconds: u64, cookie: &str, script: Option<&Path>) -> Load {
    let mut command = Command::new("wrk");
    command.args(["-t2", &format!("-c{connections}"), &format!("-d{seconds}s"), "--latency", "--timeout", "30s"]);
    match script {
        Some(script) => command.arg("-s").arg(script),
        None => command.args(["-H", &format!("Cookie: {cookie}")]),
    };
    let out = command.arg(url).output().expect("wrk");
    let output = String::from_utf8_lossy(&out.stdout).into_owned();
    assert!(out.status.success(), "wrk {url}: {output}{}", String::from_utf8_lossy(&out.stderr));
    let parse = |output: &str| -> Option<Load> {
        let mut load = Load {
            output: output.to_string(),
            requests: 0,
            rps: 0.0,
            p50: Duration::ZERO,
            p99: Duration::ZERO,
            failed: 0,
            socket_errors: None,
        };
        for line in output.lines().map(str::trim) {
            let words: Vec<&str> = line.split_whitespace().collect();
            match words.as_slice() {
                ["50%", t] => load.p50 = duration(t)?,
                ["99%", t] => load.p99 = duration(t)?,
                ["Requests/sec:", n] => load.rps = n.parse().ok()?,
                [n, "requests", "in", ..] => load.requests = n.parse().ok()?,
                ["Non-2xx", "or", "3xx", "responses:", n] => load.failed = n.parse().ok()?,
                ["Socket", "errors:", ..] => load.socket_errors = Some(line.to_string()),
                _ => {}
            }
        }
        Some(load)
    };
    parse(&output).unwrap_or_else(|| panic!("wrk's output not understood:\n{output}"))
}

/// wrk's "48.12ms", "850.00us", "1.02s", "1.50m".
fn duration(text: &str) -> Option<Duration> {
    let (number, unit) = text.split_at(text.find(|c: char| c.is_ascii_alphabetic())?);
    let n: f64 = number.parse().ok()?;
    let seconds = match unit {
        "us" => n / 1e6,
        "ms" => n / 1e3,
        "s" => n,
        "m" => n * 60.0,
        "h" => n * 3600.0,
        _ => return None,
    };
    Some(Duration::from_secs_f64(seconds))
}

// --- reporting --------------------------------------------------------------

fn ms(d: Duration) -> String {
    let ms = d.as_secs_f64() * 1e3;
    if ms >= 1000.0 {
        format!("{:.2} s", ms / 1e3)
    } else if ms >= 10.0 {
        format!("{ms:.0} ms")
    } else {
        format!("{ms:.1} ms")
    }
}

fn size_text(bytes: u64) -> String {
    if bytes >= 1024 * 1024 {
        format!("{:.1} MiB", bytes as f64 / 1048576.0)
    } else {
        format!("{} KiB", bytes.div_ceil(1024))
    }
}

fn mib(kib: u64) -> String {
    format!("{:.0} MiB", kib as f64 / 1024.0)
}

fn load_average() -> String {
    std::fs::read_to_string("/proc/loadavg")
        .ok()
        .and_then(|s| s.split_whitespace().next().map(str::to_string))
        .unwrap_or_else(|| "?".into())
}

/// `git rev-parse --short HEAD`, with `-dirty` when the tree (BENCHMARKS.md aside) has changes.
fn commit() -> String {
    let git = |args: &[&str]| {
        Command::new("git")
            .current_dir(env!("CARGO_MANIFEST_DIR"))
            .args(args)
            .output()
            .ok()
            .filter(|o| o.status.success())
            .map(|o| String::from_utf8_lossy(&o.stdout).trim().to_string())
    };
    let Some(head) = git(&["rev-parse", "--short", "HEAD"]) else { return "unknown".into() };
    match git(&["status", "--porcelain", "--", ".", ":!BENCHMARKS.md"]) {
        Some(changes) if changes.is_empty() => head,
        _ => format!("{head}-dirty"),
    }
}

/// Adds the run at the end of the load section of BENCHMARKS.md (made when
/// missing), after the runs before it.
fn append_to_benchmarks(entry: &str) {
    let file = Path::new(env!("CARGO_MANIFEST_DIR")).join("BENCHMARKS.md");
    let mut text = std::fs::read_to_string(&file).unwrap_or_default();
    let entry = format!("{}\n", entry.trim_end());
    match text.find(&format!("\n{HEADING}\n")) {
        Some(at) => {
            let body = at + HEADING.len() + 2;
            let end = text[body..].find("\n## ").map_or(text.len(), |i| body + i + 1);
            let (head, rest) = text.split_at(end);
            text = if rest.is_empty() {
                format!("{}\n\n{entry}", head.trim_end())
            } else {
                format!("{}\n\n{entry}\n{rest}", head.trim_end())
            };
        }
        None => {
            text.truncate(text.trim_end().len());
            text.push_str(&format!(
                "\n\n{HEADING}\n\n\
                 `cargo bench --bench load` (needs Debian's `wrk`) seeds a database with the release binary's own \
                 commands (`ismo user add`, `org add`, `member add`, `import` of generated management tables), \
                 starts `ismo serve`, signs in and loads each main page with wrk at {PAGE_CONNECTIONS} connections, \
                 then creates objectives through the form at {CREATE_CONNECTIONS}; wrk runs on the same 2 cores as \
                 the server, so the figures are what one machine does for both. Each run is added below the ones \
                 before it (`benches/load.rs`).\n\n{entry}"
            ));
        }
    }
    std::fs::write(&file, text).expect("write BENCHMARKS.md");
}
