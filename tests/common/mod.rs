//! Test helpers: each test gets its own fresh SQLite database and drives the
//! application through its router, as a browser would — with a session
//! cookie once logged in.
#![allow(dead_code)]

use std::sync::Mutex;

use axum::Router;
use axum::body::Body;
use axum::http::{HeaderMap, Request, StatusCode, header};
use http_body_util::BodyExt;
use tower::ServiceExt;

use ismo::config::DbTarget;
use ismo::store::Store;

pub mod mails;

/// Counts database statements per request from now on (in this test
/// binary): responses carry the count in `x-ismo-statements`.
pub fn count_statements() {
    use tracing_subscriber::prelude::*;
    let _ = tracing_subscriber::registry().with(ismo::web::statement_count::layer()).try_init();
}
pub mod sheets;

pub struct TestApp {
    pub store: Store,
    router: Router,
    /// The session cookie (`ismo_session=…`) of the user logged in, if any.
    session: Mutex<Option<String>>,
    _dir: tempfile::TempDir,
}

/// What a request answered.
pub struct Answer {
    pub status: StatusCode,
    pub headers: HeaderMap,
    pub body: String,
}

impl Answer {
    pub fn location(&self) -> &str {
        self.headers.get(header::LOCATION).and_then(|v| v.to_str().ok()).unwrap_or("")
    }

    /// Asserts that every needle appears in the body.
    #[track_caller]
    pub fn shows(&self, needles: &[&str]) {
        for needle in needles {
            assert!(self.body.contains(needle), "page lacks {needle:?}:\n{}", self.body);
        }
    }

    /// The value of a hidden form field, e.g. the version a form was opened on.
    #[track_caller]
    pub fn hidden(&self, name: &str) -> String {
        let marker = format!("name=\"{name}\" value=\"");
        let start = self.body.find(&marker).unwrap_or_else(|| panic!("no hidden {name}")) + marker.len();
        self.body[start..].split('"').next().unwrap().to_string()
    }

    /// The session cookie this answer sets (`name=value`), if any.
    pub fn session_cookie(&self) -> Option<String> {
        self.headers
            .get_all(header::SET_COOKIE)
            .iter()
            .filter_map(|v| v.to_str().ok())
            // `__Host-ismo_session` over https.
            .find(|v| v.split('=').next().is_some_and(|name| name.ends_with("ismo_session")) && !v.contains("=;"))
            .map(|v| v.split(';').next().unwrap().to_string())
    }
}

impl TestApp {
    pub async fn new() -> TestApp {
        TestApp::with_settings(ismo::web::SessionSettings::default()).await
    }

    pub async fn with_settings(settings: ismo::web::SessionSettings) -> TestApp {
        TestApp::behind(settings, "").await
    }

    /// Served behind the reverse proxies `trusted` (as `--trusted-proxy` takes them).
    pub async fn behind(settings: ismo::web::SessionSettings, trusted: &str) -> TestApp {
        let trusted = ismo::domain::proxy::parse_list(trusted).expect("trusted proxies");
        let dir = tempfile::tempdir().expect("tempdir");
        let store = Store::open(&DbTarget::Sqlite(dir.path().join("test.db"))).await.expect("open store");
        let router = ismo::web::app_behind(store.clone(), settings, trusted);
        TestApp { router, store, session: Mutex::new(None), _dir: dir }
    }

    /// The demo as the application would show it on `today` (the demo lands
    /// in the fiscal year containing that date), logged in as its admin.
    pub async fn with_demo_on(today: chrono::NaiveDate) -> TestApp {
        TestApp::with_demo_from(today, today).await
    }

    /// The demo loaded into the fiscal year of `loaded`, seen on `today`
    /// (e.g. last year's objectives, once that year has ended).
    pub async fn with_demo_from(loaded: chrono::NaiveDate, today: chrono::NaiveDate) -> TestApp {
        let dir = tempfile::tempdir().expect("tempdir");
        let store = Store::open(&DbTarget::Sqlite(dir.path().join("test.db"))).await.expect("open store");
        ismo::demo::load(&store, loaded).await.expect("demo loads");
        let app = TestApp {
            router: ismo::web::app_on(store.clone(), ismo::web::SessionSettings::default(), today),
            store,
            session: Mutex::new(None),
            _dir: dir,
        };
        app.login("demo@ismo.local", "demo").await;
        app
    }

    /// A fresh database holding the demo organization, logged in as its admin.
    pub async fn with_demo() -> TestApp {
        let app = TestApp::new().await;
        ismo::demo::load(&app.store, ismo::web::today()).await.expect("demo loads");
        app.login("demo@ismo.local", "demo").await;
        app
    }

    /// A fresh database holding the demo, served by the application `make`
    /// builds (e.g. with mail configured), logged in as its admin.
    pub async fn with_demo_served_by(make: impl FnOnce(Store) -> Router) -> TestApp {
        let dir = tempfile::tempdir().expect("tempdir");
        let store = Store::open(&DbTarget::Sqlite(dir.path().join("test.db"))).await.expect("open store");
        ismo::demo::load(&store, ismo::web::today()).await.expect("demo loads");
        let app = TestApp { router: make(store.clone()), store, session: Mutex::new(None), _dir: dir };
        app.login("demo@ismo.local", "demo").await;
        app
    }

    /// Logs in (replacing any session) and panics if that fails.
    pub async fn login(&self, email: &str, password: &str) {
        self.logout_locally();
        let answer = self.post("/login", &[("email", email), ("password", password)]).await;
        assert_eq!(answer.status, StatusCode::SEE_OTHER, "login as {email} failed:\n{}", answer.body);
        let cookie = answer.session_cookie().expect("login sets a session cookie");
        *self.session.lock().unwrap() = Some(cookie);
    }

    /// Forgets the session cookie, as a fresh browser would.
    pub fn logout_locally(&self) {
        *self.session.lock().unwrap() = None;
    }

    /// A connection of its own to the test's database file, for what no
    /// page shows (e.g. audit entries outside any organization).
    pub async fn raw_db(&self) -> sqlx::SqlitePool {
        sqlx::SqlitePool::connect(&format!("sqlite:{}", self._dir.path().join("test.db").display())).await.unwrap()
    }

    pub fn session(&self) -> Option<String> {
        self.session.lock().unwrap().clone()
    }

    pub async fn send(&self, mut request: Request<Body>) -> Answer {
        if let Some(cookie) = self.session()
            && !request.headers().contains_key(header::COOKIE)
        {
            request.headers_mut().insert(header::COOKIE, cookie.parse().unwrap());
        }
        let response = self.router.clone().oneshot(request).await.expect("router answers");
        let status = response.status();
        let headers = response.headers().clone();
        let bytes = response.into_body().collect().await.expect("body").to_bytes();
        Answer { status, headers, body: String::from_utf8_lossy(&bytes).into_owned() }
    }

    pub async fn get(&self, path: &str) -> Answer {
        self.send(Request::get(path).body(Body::empty()).unwrap()).await
    }

    /// A GET in English (as a browser set to English would ask).
    pub async fn get_en(&self, path: &str) -> Answer {
        self.send(Request::get(path).header(header::ACCEPT_LANGUAGE, "en-US,en;q=0.9").body(Body::empty()).unwrap())
            .await
    }

    pub async fn post(&self, path: &str, fields: &[(&str, &str)]) -> Answer {
        self.post_lang(path, fields, "ja").await
    }

    /// A `multipart/form-data` POST, as a form with a file input sends it:
    /// text fields, then `file` = (field name, file name, content).
    pub async fn post_multipart(&self, path: &str, fields: &[(&str, &str)], file: (&str, &str, &[u8])) -> Answer {
        const BOUNDARY: &str = "----ismo-test-boundary-7MA4YWxkTrZu0gW";
        let mut body = Vec::new();
        for (name, value) in fields {
            body.extend_from_slice(
                format!("--{BOUNDARY}\r\nContent-Disposition: form-data; name=\"{name}\"\r\n\r\n{value}\r\n")
                    .as_bytes(),
            );
        }
        let (name, file_name, content) = file;
        body.extend_from_slice(
            format!(
                "--{BOUNDARY}\r\nContent-Disposition: form-data; name=\"{name}\"; filename=\"{file_name}\"\r\n\
                 Content-Type: application/octet-stream\r\n\r\n"
            )
            .as_bytes(),
        );
        body.extend_from_slice(content);
        body.extend_from_slice(format!("\r\n--{BOUNDARY}--\r\n").as_bytes());
        let request = Request::post(path)
            .header(header::CONTENT_TYPE, format!("multipart/form-data; boundary={BOUNDARY}"))
            .header(header::CONTENT_LENGTH, body.len())
            .header(header::ACCEPT_LANGUAGE, "ja")
            .header("sec-fetch-site", "same-origin")
            .body(Body::from(body))
            .unwrap();
        self.send(request).await
    }

    pub async fn post_lang(&self, path: &str, fields: &[(&str, &str)], lang: &str) -> Answer {
        let body = serde_html_form::to_string(fields).expect("encode form");
        let request = Request::post(path)
            .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
            .header(header::ACCEPT_LANGUAGE, lang)
            // What a browser sends for a form on one of our own pages.
            .header("sec-fetch-site", "same-origin")
            .body(Body::from(body))
            .unwrap();
        self.send(request).await
    }
}
