//! One smoke test in a real headless Chromium: the pages render, links and
//! the language switch work with a browser's own HTML parsing, cookies and
//! form submission — things the in-process router tests cannot see.
//!
//! Needs Debian's `chromium` and `chromium-driver` (`.ci/run` installs them).
//! Override the binaries with `ISMO_CHROMEDRIVER` / `ISMO_CHROMIUM`.

use std::io::{Read, Write};
use std::net::{Ipv4Addr, TcpListener, TcpStream};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use fantoccini::key::Key;
use fantoccini::{Client, ClientBuilder, Locator};
use ismo::config::DbTarget;
use ismo::store::Store;

const TITLES: [&str; 3] = [
    "ISMS認証（ISO/IEC 27001）を取得する",
    "従業員の情報セキュリティ意識を向上させる",
    "情報セキュリティインシデントを削減する",
];

/// Stops chromedriver, also when the test panics. Killing it outright would
/// leave its Chromium running for a while, so first ask it to shut down
/// (which quits its browsers), then kill whatever is left.
struct Driver {
    child: Child,
    port: u16,
}

impl Drop for Driver {
    fn drop(&mut self) {
        if let Ok(mut s) = TcpStream::connect((Ipv4Addr::LOCALHOST, self.port)) {
            let _ = s.set_read_timeout(Some(Duration::from_secs(5)));
            let _ = s.write_all(b"GET /shutdown HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n");
            let _ = s.read(&mut [0; 256]);
        }
        let deadline = Instant::now() + Duration::from_secs(5);
        while matches!(self.child.try_wait(), Ok(None)) && Instant::now() < deadline {
            std::thread::sleep(Duration::from_millis(50));
        }
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn free_port() -> u16 {
    // Ask the OS for a port, then release it for chromedriver to take.
    let l = TcpListener::bind((Ipv4Addr::LOCALHOST, 0)).unwrap();
    l.local_addr().unwrap().port()
}

fn start_chromedriver() -> (Driver, String) {
    let bin = std::env::var("ISMO_CHROMEDRIVER").unwrap_or_else(|_| "chromedriver".into());
    let port = free_port();
    let child = Command::new(&bin)
        .arg(format!("--port={port}"))
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap_or_else(|e| {
            panic!(
                "cannot start `{bin}` ({e}). The browser test needs Chromium and its \
                 driver: on Debian `apt-get install chromium chromium-driver` \
                 (`.ci/run` does), or set ISMO_CHROMEDRIVER / ISMO_CHROMIUM."
            )
        });
    let mut driver = Driver { child, port };
    // chromedriver takes a moment to listen; a dead process means a broken install.
    let deadline = Instant::now() + Duration::from_secs(20);
    while TcpStream::connect((Ipv4Addr::LOCALHOST, port)).is_err() {
        if let Some(status) = driver.child.try_wait().unwrap() {
            panic!("`{bin}` exited early ({status})");
        }
        assert!(Instant::now() < deadline, "`{bin}` not listening after 20 s");
        std::thread::sleep(Duration::from_millis(50));
    }
    (driver, format!("http://127.0.0.1:{port}"))
}

async fn click(c: &Client, target: Locator<'_>) {
    c.find(target).await.unwrap().click().await.unwrap();
}

/// The result input of `plan` in `month` (1–12) of a sheet whose period
/// starts in April: the rows carry the plan, the columns the months.
fn result_input(plan: i64, month: u32) -> String {
    let column = (month + 12 - 4) % 12 + 1;
    format!("table.sheet tr.result-row[data-plan='{plan}'] > td:nth-of-type({column}) > input")
}

/// The rendered (visible) text of the first element matching `css`.
async fn text(c: &Client, css: &str) -> String {
    let element = c.find(Locator::Css(css)).await.unwrap();
    assert!(element.is_displayed().await.unwrap(), "{css} hidden");
    element.text().await.unwrap()
}

#[tokio::test(flavor = "multi_thread")]
async fn objectives_list_sheet_and_language_switch_in_chromium() {
    let started = Instant::now();
    let dir = tempfile::tempdir().unwrap();
    let db = DbTarget::Sqlite(dir.path().join("ismo.db"));
    let store = Store::open(&db).await.unwrap();
    ismo::demo::load(&store, ismo::web::today()).await.unwrap();
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    let app = ismo::web::app(store).into_make_service_with_connect_info::<std::net::SocketAddr>();
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });

    let (_driver, webdriver) = start_chromedriver();
    // A fresh profile per run: no stale cookies, no lock held by another run.
    let profile = tempfile::tempdir().unwrap();
    let chromium = std::env::var("ISMO_CHROMIUM").unwrap_or_else(|_| "/usr/bin/chromium".into());
    let mut caps = serde_json::Map::new();
    caps.insert(
        "goog:chromeOptions".into(),
        serde_json::json!({
            "binary": chromium,
            "args": [
                // Containers/CI: no display, often root (no sandbox), tiny /dev/shm.
                "--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                // Keep the browser from phoning home or updating during the test.
                "--no-first-run", "--disable-background-networking",
                "--disable-component-update", "--disable-sync",
                format!("--user-data-dir={}", profile.path().display()),
            ],
            // The app follows Accept-Language and headless Chromium sends en-US;
            // ask for Japanese like the users it is built for.
            "prefs": { "intl.accept_languages": "ja" },
        }),
    );
    let c = ClientBuilder::rustls()
        .unwrap()
        .capabilities(caps)
        .connect(&webdriver)
        .await
        .expect("WebDriver session (is chromium installed and matching chromedriver?)");

    // `/` asks for a login first, then comes back to the objectives list,
    // in Japanese by default.
    c.goto(&format!("{base}/")).await.unwrap();
    let email = c.wait().for_element(Locator::Css("input[name=email]")).await.unwrap();
    email.send_keys("demo@ismo.local").await.unwrap();
    c.find(Locator::Css("input[name=password]")).await.unwrap().send_keys("demo").await.unwrap();
    click(&c, Locator::Css("form.record button[type=submit]")).await;
    c.wait().for_element(Locator::Css("form.logout")).await.expect("logged in: the header offers to log out");
    let html = c.find(Locator::Css("html")).await.unwrap();
    assert_eq!(html.attr("lang").await.unwrap().as_deref(), Some("ja"));
    for title in TITLES {
        let link = c.wait().for_element(Locator::LinkText(title)).await;
        assert!(link.unwrap().is_displayed().await.unwrap(), "{title} hidden");
    }

    click(&c, Locator::LinkText(TITLES[0])).await;
    // Waiting (not finding once) because the click navigates asynchronously.
    let glance = c.wait().for_element(Locator::Id("glance")).await.unwrap();
    assert!(glance.is_displayed().await.unwrap());
    let months = text(&c, "table.sheet thead").await;
    assert!(months.contains("4月") && months.contains("3月"), "{months}");
    // The admin may edit, so April's planned task is an input holding its text.
    let april = c.find(Locator::Css("table.sheet tr.plan-row[data-plan] input")).await.unwrap();
    assert_eq!(april.prop("value").await.unwrap().as_deref(), Some("キックオフ・外部打合せ"));

    // The grid is edited like a spreadsheet: type, Tab to the next month,
    // type, Tab, type, Tab — each cell is saved as it is left.
    c.goto(&format!("{base}/orgs/1/objectives/3")).await.unwrap();
    let p = ismo::domain::period::Period::containing(ismo::web::today(), 4).start_year();
    // The months are the columns from April: October is the 7th.
    let october = c.wait().for_element(Locator::Css(&format!("th[data-month='{p}-10']"))).await.unwrap();
    assert_eq!(october.attr("id").await.unwrap().as_deref(), Some("gm6"));
    let cell = c.find(Locator::Css(&result_input(4, 10))).await.unwrap();
    let name = cell.attr("aria-labelledby").await.unwrap().unwrap();
    assert_eq!(name, "gn4 gm6 gkr", "named by the plan number, the month and the row");
    cell.click().await.unwrap();
    let typed = ["2件", "0件", "1件"];
    for value in typed {
        let focused = c.active_element().await.unwrap();
        focused.send_keys(&format!("{value}{}", char::from(Key::Tab))).await.unwrap();
    }
    let all_saved = "//table[contains(@class,'sheet')]//td[contains(@class,'saved')]";
    for _ in 0..50 {
        if c.find_all(Locator::XPath(all_saved)).await.unwrap().len() >= 3 {
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    // After a reload the three months hold what was typed.
    c.refresh().await.unwrap();
    for (month, value) in ["10", "11", "12"].iter().zip(typed) {
        let input = c.wait().for_element(Locator::Css(&result_input(4, month.parse().unwrap()))).await.unwrap();
        assert_eq!(input.prop("value").await.unwrap().as_deref(), Some(value), "{month}");
    }
    // Escape undoes a cell; Shift+Enter goes up to the month's planned task.
    let january = c.find(Locator::Css(&result_input(4, 1))).await.unwrap();
    let before = january.prop("value").await.unwrap();
    january.click().await.unwrap();
    january.send_keys(&format!("取り消す{}", char::from(Key::Escape))).await.unwrap();
    assert_eq!(january.prop("value").await.unwrap(), before, "Escape undoes");
    january
        .send_keys(&format!("{}{}{}", char::from(Key::Shift), char::from(Key::Enter), char::from(Key::Null)))
        .await
        .unwrap();
    let above = c.active_element().await.unwrap();
    assert_eq!(above.attr("aria-labelledby").await.unwrap().as_deref(), Some("gn4 gm9 gkp"));
    // The month's state: Alt+Down in its result brings the one state list,
    // named for the month; what is chosen is saved and shown after a reload.
    january.click().await.unwrap();
    january
        .send_keys(&format!("{}{}{}", char::from(Key::Alt), char::from(Key::Down), char::from(Key::Null)))
        .await
        .unwrap();
    let states = c.active_element().await.unwrap();
    assert_eq!(states.attr("id").await.unwrap().as_deref(), Some("grid-state"));
    assert_eq!(states.attr("aria-labelledby").await.unwrap().as_deref(), Some("gn4 gm9 gks"));
    // The last state ("skipped"), then Enter: back in the cell, saved.
    states.send_keys(&format!("{}{}", char::from(Key::End), char::from(Key::Enter))).await.unwrap();
    let back = c.active_element().await.unwrap();
    assert_eq!(back.attr("aria-labelledby").await.unwrap().as_deref(), Some("gn4 gm9 gkr"));
    let january_cell = "table.sheet tr.result-row[data-plan='4'] > td:nth-of-type(10)";
    c.wait().for_element(Locator::Css(&format!("{january_cell}.saved"))).await.expect("the state is saved");
    c.refresh().await.unwrap();
    let cell = c.wait().for_element(Locator::Css(&format!("{january_cell}.state-skipped"))).await.unwrap();
    let marker = cell.find(Locator::Css("small")).await.unwrap();
    assert_eq!(marker.text().await.unwrap(), "対象外");
    // By mouse: a click on the state opens the list there.
    marker.click().await.unwrap();
    let states = c.active_element().await.unwrap();
    assert_eq!(states.attr("id").await.unwrap().as_deref(), Some("grid-state"));
    states.select_by_value("not_done").await.unwrap();
    c.wait().for_element(Locator::Css(&format!("{january_cell}.saved"))).await.expect("the state is saved");
    c.refresh().await.unwrap();
    let cell = c.wait().for_element(Locator::Css(&format!("{january_cell}.state-not_done"))).await.unwrap();
    assert_eq!(cell.find(Locator::Css("small")).await.unwrap().text().await.unwrap(), "未実施");
    c.goto(&format!("{base}/orgs/1/objectives/1")).await.unwrap();
    c.wait().for_element(Locator::Id("glance")).await.unwrap();

    // The switch posts a form, sets a cookie and comes back to this page.
    let here = c.current_url().await.unwrap();
    click(&c, Locator::Css("button[name=lang][value=en]")).await;
    let english = "//h2[@id='glance'][normalize-space()='Clause 6.2 at a glance']";
    let found = c.wait().for_element(Locator::XPath(english)).await;
    found.unwrap_or_else(|e| panic!("no English glance heading after the switch: {e}"));
    assert_eq!(c.current_url().await.unwrap(), here);

    c.close().await.unwrap();
    eprintln!("browser smoke test took {:?}", started.elapsed());
}
