//! Extractors that turn a request into what handlers need, answering 404 or
//! 400 pages (never axum's plain-text rejections) when a request is off.

use std::net::{IpAddr, SocketAddr};

use axum::body::Bytes;
use axum::extract::{ConnectInfo, FromRequest, FromRequestParts, RawPathParams, Request};
use axum::http::header::{ACCEPT_LANGUAGE, CONTENT_TYPE, COOKIE};
use axum::http::request::Parts;
use serde::de::DeserializeOwned;

use super::AppState;
use super::auth::Viewer;
use crate::domain::access::Role;
use crate::domain::actor::Actor;
use crate::domain::organization::Organization;
use crate::domain::proxy::{client_address, throttle_key};
use crate::error::AppError;
use crate::i18n::{Lang, Tr};
use crate::store::Store;

/// The cookie that remembers a chosen language.
pub const LANG_COOKIE: &str = "ismo_lang";

/// The language of a request: the remembered choice, else `Accept-Language`, else Japanese.
pub fn lang_of(parts: &axum::http::HeaderMap) -> Lang {
    let chosen = parts
        .get_all(COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(name, _)| *name == LANG_COOKIE)
        .and_then(|(_, value)| Lang::parse(value));
    chosen.unwrap_or_else(|| {
        let header = parts.get(ACCEPT_LANGUAGE).and_then(|v| v.to_str().ok()).unwrap_or("");
        Lang::from_accept_language(header)
    })
}

impl<S: Send + Sync> FromRequestParts<S> for Tr {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Self::Rejection> {
        Ok(Tr::new(lang_of(&parts.headers)))
    }
}

/// A numeric path parameter; anything else is a page that does not exist.
fn path_id(params: &RawPathParams, name: &str) -> Result<i64, AppError> {
    params.iter().find(|(k, _)| *k == name).and_then(|(_, v)| v.parse::<i64>().ok()).ok_or(AppError::NotFound)
}

/// The record id of the path (`{id}`).
pub struct Id(pub i64);

impl FromRequestParts<AppState> for Id {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Self::Rejection> {
        let params = RawPathParams::from_request_parts(parts, state).await.map_err(|_| AppError::NotFound)?;
        path_id(&params, "id").map(Id)
    }
}

/// What every organization page needs: the language, the organization of the
/// URL (the route guard has checked membership and role), who is asking, the
/// store, and where the request was.
pub struct Ctx {
    pub t: Tr,
    pub org: Organization,
    pub viewer: Viewer,
    pub store: Store,
    /// Path and query, so the language switch can come back here.
    pub here: String,
    /// Today, as the application sees it (fixed in tests, the clock otherwise).
    pub today: chrono::NaiveDate,
    pub snapshots: super::snapshots::Snapshots,
    /// ismo is reached over https (links it shows start with https://).
    pub https: bool,
}

impl Ctx {
    /// The viewer's role here (the guard only lets members through).
    pub fn role(&self) -> Role {
        self.viewer.role.unwrap_or_default()
    }

    pub fn actor(&self) -> Actor {
        self.viewer.actor()
    }
}

impl FromRequestParts<AppState> for Ctx {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Self::Rejection> {
        let params = RawPathParams::from_request_parts(parts, state).await.map_err(|_| AppError::NotFound)?;
        let org_id = path_id(&params, "org")?;
        let org = state.store.organization(org_id).await?.ok_or(AppError::NotFound)?;
        // Org routes are always guarded; a missing viewer is a wiring mistake, shown as 404.
        let viewer = parts.extensions.get::<Viewer>().cloned().ok_or(AppError::NotFound)?;
        let here = parts.uri.path_and_query().map(|p| p.as_str().to_string()).unwrap_or_default();
        let today = state.today();
        Ok(Ctx {
            t: Tr::new(lang_of(&parts.headers)),
            org,
            viewer,
            store: state.store.clone(),
            here,
            today,
            snapshots: state.snapshots.clone(),
            https: state.session.secure_cookies,
        })
    }
}

/// An `application/x-www-form-urlencoded` body; repeated names fill `Vec` fields.
pub struct HtmlForm<T>(pub T);

impl<S: Send + Sync, T: DeserializeOwned> FromRequest<S> for HtmlForm<T> {
    type Rejection = AppError;

    async fn from_request(req: Request, state: &S) -> Result<Self, Self::Rejection> {
        let is_form = req
            .headers()
            .get(CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .is_some_and(|v| v.starts_with("application/x-www-form-urlencoded"));
        if !is_form {
            return Err(AppError::BadRequest);
        }
        let body = Bytes::from_request(req, state).await.map_err(|e| {
            if e.status() == axum::http::StatusCode::PAYLOAD_TOO_LARGE {
                AppError::TooLarge
            } else {
                AppError::BadRequest
            }
        })?;
        serde_html_form::from_bytes(&body).map(HtmlForm).map_err(|_| AppError::BadRequest)
    }
}

/// The client's address, for throttling sign-ins and the audit trail: the
/// connection's peer, or, from a trusted reverse proxy, the address it
/// reports (see `domain::proxy`). `None` when the server was not asked for
/// peer addresses (tests that drive the router directly).
pub struct ClientAddr(pub Option<IpAddr>);

impl ClientAddr {
    /// As the audit trail and the log show it.
    pub fn shown(&self) -> String {
        self.0.map(|ip| ip.to_string()).unwrap_or_else(|| "unknown".to_string())
    }

    /// As sign-in failures are counted under it.
    pub fn throttle_key(&self) -> String {
        self.0.map(throttle_key).unwrap_or_else(|| "unknown".to_string())
    }
}

impl FromRequestParts<AppState> for ClientAddr {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Self::Rejection> {
        let Some(peer) = parts.extensions.get::<ConnectInfo<SocketAddr>>().map(|info| info.0.ip()) else {
            return Ok(ClientAddr(None));
        };
        // Lossy: bytes that are not text can only stand where the client
        // wrote them, to the left of what a proxy appended, which is never read.
        let values: Vec<String> = parts
            .headers
            .get_all("x-forwarded-for")
            .iter()
            .map(|v| String::from_utf8_lossy(v.as_bytes()).into_owned())
            .collect();
        let values: Vec<&str> = values.iter().map(String::as_str).collect();
        Ok(ClientAddr(Some(client_address(peer, &values, &state.trusted_proxies))))
    }
}
