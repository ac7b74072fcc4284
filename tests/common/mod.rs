//! Test helpers: each test gets its own fresh SQLite database and drives the
//! application through its router, as a browser would.
#![allow(dead_code)]

use axum::Router;
use axum::body::Body;
use axum::http::{HeaderMap, Request, StatusCode, header};
use http_body_util::BodyExt;
use tower::ServiceExt;

use ismo::config::DbTarget;
use ismo::store::Store;

pub struct TestApp {
    pub store: Store,
    router: Router,
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
        self.headers
            .get(header::LOCATION)
            .and_then(|v| v.to_str().ok())
            .unwrap_or("")
    }

    /// Asserts that every needle appears in the body.
    #[track_caller]
    pub fn shows(&self, needles: &[&str]) {
        for needle in needles {
            assert!(
                self.body.contains(needle),
                "page lacks {needle:?}:\n{}",
                self.body
            );
        }
    }
}

impl TestApp {
    pub async fn new() -> TestApp {
        let dir = tempfile::tempdir().expect("tempdir");
        let store = Store::open(&DbTarget::Sqlite(dir.path().join("test.db")))
            .await
            .expect("open store");
        TestApp {
            router: ismo::web::app(store.clone()),
            store,
            _dir: dir,
        }
    }

    /// A fresh database holding the demo organization.
    pub async fn with_demo() -> TestApp {
        let app = TestApp::new().await;
        ismo::demo::load(&app.store, ismo::web::today())
            .await
            .expect("demo loads");
        app
    }

    pub async fn send(&self, request: Request<Body>) -> Answer {
        let response = self
            .router
            .clone()
            .oneshot(request)
            .await
            .expect("router answers");
        let status = response.status();
        let headers = response.headers().clone();
        let bytes = response
            .into_body()
            .collect()
            .await
            .expect("body")
            .to_bytes();
        Answer {
            status,
            headers,
            body: String::from_utf8_lossy(&bytes).into_owned(),
        }
    }

    pub async fn get(&self, path: &str) -> Answer {
        self.send(Request::get(path).body(Body::empty()).unwrap())
            .await
    }

    /// A GET in English (as a browser set to English would ask).
    pub async fn get_en(&self, path: &str) -> Answer {
        self.send(
            Request::get(path)
                .header(header::ACCEPT_LANGUAGE, "en-US,en;q=0.9")
                .body(Body::empty())
                .unwrap(),
        )
        .await
    }

    pub async fn post(&self, path: &str, fields: &[(&str, &str)]) -> Answer {
        self.post_lang(path, fields, "ja").await
    }

    pub async fn post_lang(&self, path: &str, fields: &[(&str, &str)], lang: &str) -> Answer {
        let body = serde_html_form::to_string(fields).expect("encode form");
        let request = Request::post(path)
            .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
            .header(header::ACCEPT_LANGUAGE, lang)
            .body(Body::from(body))
            .unwrap();
        self.send(request).await
    }
}
