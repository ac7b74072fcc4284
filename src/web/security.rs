//! Request-level protections: cross-site request refusal and security headers.

use axum::extract::Request;
use axum::http::header::{
    HOST, ORIGIN, REFERRER_POLICY, STRICT_TRANSPORT_SECURITY, X_CONTENT_TYPE_OPTIONS, X_FRAME_OPTIONS,
};
use axum::http::{HeaderName, HeaderValue, Method};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

use crate::error::AppError;

/// No inline script or style anywhere; nothing from another origin; never framed.
const CSP: &str = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; \
                   form-action 'self'; frame-ancestors 'none'; base-uri 'none'; object-src 'none'";

/// Refuses state-changing requests that a browser says come from another site.
///
/// Browsers mark every request with `Sec-Fetch-Site`, and cross-origin POSTs
/// with `Origin`; a page elsewhere cannot forge either. Requests with neither
/// header do not come from a browser page, so they carry no ambient cookies to
/// abuse. Together with SameSite=Lax cookies this is the CSRF protection.
pub fn is_cross_site(method: &Method, headers: &axum::http::HeaderMap) -> bool {
    if matches!(*method, Method::GET | Method::HEAD | Method::OPTIONS) {
        return false;
    }
    if let Some(site) = headers.get("sec-fetch-site").and_then(|v| v.to_str().ok()) {
        return !matches!(site, "same-origin" | "none");
    }
    match (headers.get(ORIGIN).and_then(|v| v.to_str().ok()), headers.get(HOST).and_then(|v| v.to_str().ok())) {
        (Some(origin), Some(host)) => {
            let origin_host = origin.split_once("://").map(|(_, rest)| rest).unwrap_or("");
            origin == "null" || !origin_host.eq_ignore_ascii_case(host)
        }
        (Some(_), None) => true,
        (None, _) => false,
    }
}

pub async fn protect(req: Request, next: Next) -> Response {
    let mut response = if is_cross_site(req.method(), req.headers()) {
        AppError::CrossSite.into_response()
    } else {
        next.run(req).await
    };
    let headers = response.headers_mut();
    headers.insert(HeaderName::from_static("content-security-policy"), HeaderValue::from_static(CSP));
    headers.insert(X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff"));
    headers.insert(X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    headers.insert(REFERRER_POLICY, HeaderValue::from_static("same-origin"));
    response
}

/// Over https: browsers that have seen ismo once refuse to reach it over
/// plain http for a year, so no network in between can strip the https away.
pub async fn strict_transport(mut response: Response) -> Response {
    response.headers_mut().insert(STRICT_TRANSPORT_SECURITY, HeaderValue::from_static("max-age=31536000"));
    response
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::HeaderMap;

    fn headers(pairs: &[(&'static str, &'static str)]) -> HeaderMap {
        let mut h = HeaderMap::new();
        for (k, v) in pairs {
            h.insert(*k, HeaderValue::from_static(v));
        }
        h
    }

    #[test]
    fn cross_site_posts_are_recognized() {
        let post = Method::POST;
        assert!(!is_cross_site(&post, &headers(&[("sec-fetch-site", "same-origin")])));
        assert!(is_cross_site(&post, &headers(&[("sec-fetch-site", "cross-site")])));
        assert!(is_cross_site(&post, &headers(&[("sec-fetch-site", "same-site")])));
        assert!(!is_cross_site(&post, &headers(&[("origin", "http://127.0.0.1:8080"), ("host", "127.0.0.1:8080")])));
        assert!(is_cross_site(&post, &headers(&[("origin", "https://evil.example"), ("host", "127.0.0.1:8080")])));
        assert!(is_cross_site(&post, &headers(&[("origin", "null"), ("host", "127.0.0.1:8080")])));
        assert!(!is_cross_site(&post, &headers(&[])), "not from a browser page");
        assert!(
            !is_cross_site(&Method::GET, &headers(&[("sec-fetch-site", "cross-site")])),
            "links from elsewhere work"
        );
    }
}
