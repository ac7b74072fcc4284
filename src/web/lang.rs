//! The language switch: remembered in a cookie for a year.

use axum::http::header::{LOCATION, SET_COOKIE};
use axum::http::{HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use serde::Deserialize;

use super::extract::{HtmlForm, LANG_COOKIE};
use crate::error::AppResult;
use crate::i18n::Lang;

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct LangForm {
    lang: String,
    back: String,
}

/// Only a path on this site; anything else (`//evil`, `https://…`) goes home.
pub fn safe_back(back: &str) -> &str {
    let local = back.starts_with('/') && !back.starts_with("//") && !back.starts_with("/\\");
    if local && !back.chars().any(char::is_control) { back } else { "/" }
}

pub async fn switch(HtmlForm(form): HtmlForm<LangForm>) -> AppResult<Response> {
    let lang = Lang::parse(&form.lang).unwrap_or_default();
    let cookie = format!("{LANG_COOKIE}={}; Path=/; Max-Age=31536000; SameSite=Lax; HttpOnly", lang.code());
    let mut response = StatusCode::SEE_OTHER.into_response();
    let headers = response.headers_mut();
    headers.insert(SET_COOKIE, HeaderValue::from_str(&cookie).expect("ascii cookie"));
    let location = HeaderValue::from_str(safe_back(&form.back)).unwrap_or(HeaderValue::from_static("/"));
    headers.insert(LOCATION, location);
    Ok(response)
}

#[cfg(test)]
mod tests {
    use super::safe_back;

    #[test]
    fn only_local_paths_are_followed() {
        assert_eq!(safe_back("/orgs/1/objectives?period=2025"), "/orgs/1/objectives?period=2025");
        assert_eq!(safe_back("//evil.example"), "/");
        assert_eq!(safe_back("https://evil.example"), "/");
        assert_eq!(safe_back("/\\evil.example"), "/");
        assert_eq!(safe_back(""), "/");
    }
}
