//! How long sessions last and how the session cookie is named and set.

use chrono::Duration;

/// The cookie over plain http (on a laptop, or a proxy that does not say https).
const PLAIN_COOKIE: &str = "ismo_session";
/// The cookie over https. Browsers accept a `__Host-` cookie only when it is
/// `Secure`, has `Path=/` and no `Domain`: no page on another subdomain or
/// over plain http can set or overwrite it (session fixation).
const HOST_COOKIE: &str = "__Host-ismo_session";

/// How long sessions last, and whether ismo is reached over https.
#[derive(Debug, Clone, Copy)]
pub struct SessionSettings {
    pub idle: Duration,
    pub absolute: Duration,
    /// Set when ismo is served over https (directly or behind a proxy):
    /// cookies are `Secure` and `__Host-` named, and responses carry HSTS.
    pub secure_cookies: bool,
}

impl Default for SessionSettings {
    fn default() -> Self {
        SessionSettings { idle: Duration::hours(8), absolute: Duration::days(7), secure_cookies: false }
    }
}

impl SessionSettings {
    /// The name the session cookie is read and written under.
    pub fn cookie_name(&self) -> &'static str {
        if self.secure_cookies { HOST_COOKIE } else { PLAIN_COOKIE }
    }

    /// A `Set-Cookie` value giving the browser the session `token`.
    pub fn set_cookie(&self, token: &str) -> String {
        format!("{}={token}{}", self.cookie_name(), self.attributes())
    }

    /// A `Set-Cookie` value making the browser forget its session.
    pub fn clear_cookie(&self) -> String {
        format!("{}={}; Max-Age=0", self.cookie_name(), self.attributes())
    }

    fn attributes(&self) -> &'static str {
        if self.secure_cookies {
            "; Path=/; HttpOnly; SameSite=Lax; Secure"
        } else {
            "; Path=/; HttpOnly; SameSite=Lax"
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn over_https_the_cookie_is_host_prefixed_and_secure() {
        let https = SessionSettings { secure_cookies: true, ..Default::default() };
        assert_eq!(https.set_cookie("ab"), "__Host-ismo_session=ab; Path=/; HttpOnly; SameSite=Lax; Secure");
        assert_eq!(https.clear_cookie(), "__Host-ismo_session=; Path=/; HttpOnly; SameSite=Lax; Secure; Max-Age=0");
        let http = SessionSettings::default();
        assert_eq!(http.set_cookie("ab"), "ismo_session=ab; Path=/; HttpOnly; SameSite=Lax");
        assert!(!http.clear_cookie().contains("Secure"));
    }
}
