//! Who is asking, and whether they may: the session cookie is turned into a
//! [`Viewer`], and every route's [`Access`] from the route table is checked
//! before its handler runs.

use axum::extract::{FromRequestParts, RawPathParams, Request};
use axum::http::Method;
use axum::middleware::Next;
use axum::response::{IntoResponse, Redirect, Response};

use super::AppState;
use crate::domain::access::{Access, Role};
use crate::domain::account::User;
use crate::domain::actor::Actor;
use crate::error::AppError;

/// The logged-in user and their role in the organization of the URL.
#[derive(Debug, Clone)]
pub struct Viewer {
    pub user: User,
    /// `None` on pages outside any organization.
    pub role: Option<Role>,
}

impl Viewer {
    pub fn actor(&self) -> Actor {
        Actor::user(self.user.id, self.user.email.as_str())
    }
}

/// The value of a cookie in the request, if present.
pub fn cookie<'a>(headers: &'a axum::http::HeaderMap, name: &str) -> Option<&'a str> {
    headers
        .get_all(axum::http::header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(n, _)| *n == name)
        .map(|(_, v)| v)
}

/// Checks `access` for one request; runs as a layer of every route.
pub async fn guard(access: Access, req: Request, next: Next) -> Response {
    match check(access, req).await {
        Ok(req) => next.run(req).await,
        Err(refusal) => refusal,
    }
}

async fn check(access: Access, req: Request) -> Result<Request, Response> {
    if access == Access::Public {
        return Ok(req);
    }
    let state = req.extensions().get::<AppState>().cloned().expect("AppState extension");
    let token = cookie(req.headers(), state.session.cookie_name()).map(str::to_string);
    let now = chrono::Utc::now();
    let session = match token {
        Some(token) => state.store.session_user(&token, now).await.map_err(|e| AppError::from(e).into_response())?,
        None => None,
    };
    let Some((user, _)) = session else {
        return Err(to_login(&req));
    };
    let (mut parts, body) = req.into_parts();
    let params =
        RawPathParams::from_request_parts(&mut parts, &state).await.map_err(|_| AppError::NotFound.into_response())?;
    let org = params.iter().find(|(k, _)| *k == "org").map(|(_, v)| v.to_string());
    let role = match org {
        None => None,
        Some(raw) => {
            let org_id = raw.parse::<i64>().map_err(|_| AppError::NotFound.into_response())?;
            // Not a member: the organization does not exist as far as they can tell.
            let role = state
                .store
                .membership(org_id, user.id)
                .await
                .map_err(|e| AppError::from(e).into_response())?
                .ok_or_else(|| AppError::NotFound.into_response())?;
            if !role.allows(access) {
                return Err(AppError::Forbidden.into_response());
            }
            Some(role)
        }
    };
    parts.extensions.insert(Viewer { user, role });
    Ok(Request::from_parts(parts, body))
}

/// Sends someone who is not logged in to the login page, coming back here afterwards.
fn to_login(req: &Request) -> Response {
    let next =
        if req.method() == Method::GET { req.uri().path_and_query().map(|p| p.as_str()).unwrap_or("/") } else { "/" };
    let encoded: String = serde_html_form::to_string([("next", next)]).unwrap_or_default();
    Redirect::to(&format!("/login?{encoded}")).into_response()
}

/// The viewer of a request that passed the guard.
impl<S: Send + Sync> FromRequestParts<S> for Viewer {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut axum::http::request::Parts, _: &S) -> Result<Self, Self::Rejection> {
        parts.extensions.get::<Viewer>().cloned().ok_or(AppError::NotFound)
    }
}
