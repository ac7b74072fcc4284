//! User accounts and their memberships in organizations.

use std::fmt;

use chrono::{DateTime, TimeDelta, Utc};

use super::access::Role;
use super::invalid::Invalid;
use super::text;

/// The longest address SMTP can carry (RFC 5321 path limit).
pub const EMAIL_MAX_CHARS: usize = 254;
pub const DISPLAY_NAME_MAX_CHARS: usize = 100;

/// An e-mail address, the login name: trimmed, folded to half-width (people
/// type `＠` with a Japanese IME) and lower-cased, so one person has one account.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Email(String);

impl Email {
    pub fn parse(raw: &str) -> Result<Email, Invalid> {
        let email = text::normalize(raw).to_lowercase();
        let refuse = || Invalid::new("invalid-email").with("value", raw.trim());
        if email.is_empty() || email.chars().count() > EMAIL_MAX_CHARS {
            return Err(refuse());
        }
        if email.chars().any(|c| c.is_whitespace() || c.is_control()) {
            return Err(refuse());
        }
        let Some((local, domain)) = email.split_once('@') else {
            return Err(refuse());
        };
        let labels_ok = domain.split('.').all(|label| !label.is_empty());
        let domain_ok = labels_ok && (domain.contains('.') || domain == "localhost");
        if local.is_empty() || domain.contains('@') || !domain_ok {
            return Err(refuse());
        }
        Ok(Email(email))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The part before `@`: a default display name.
    pub fn local_part(&self) -> &str {
        self.0.split('@').next().unwrap_or_default()
    }
}

impl fmt::Display for Email {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl AsRef<str> for Email {
    fn as_ref(&self) -> &str {
        &self.0
    }
}

/// How a user is shown to others: free text, kept as typed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DisplayName(String);

impl DisplayName {
    pub fn parse(raw: &str) -> Result<DisplayName, Invalid> {
        text::required(raw, DISPLAY_NAME_MAX_CHARS).map(DisplayName)
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for DisplayName {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// An account. The password hash is not part of it, so it cannot leak into
/// a page, a log line or the audit trail by accident.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct User {
    pub id: i64,
    pub email: Email,
    pub display_name: String,
    /// False until a password is set: such an account cannot log in yet.
    pub has_password: bool,
    pub disabled: bool,
    pub version: i64,
}

/// A user's role in one organization.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Membership {
    pub org_id: i64,
    pub org_name: String,
    pub user_id: i64,
    pub role: Role,
}

/// A session ends after this long without a request…
pub const SESSION_IDLE: TimeDelta = TimeDelta::hours(8);
/// …and at the latest this long after the login.
pub const SESSION_ABSOLUTE: TimeDelta = TimeDelta::days(7);
/// A session's last use is written at most this often, not on every request.
pub const SESSION_REFRESH: TimeDelta = TimeDelta::minutes(1);

/// The times of a logged-in session (the token itself is never kept).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SessionInfo {
    pub created_at: DateTime<Utc>,
    pub last_seen_at: DateTime<Utc>,
    /// When the session ends unless used again: see [`session_expires_at`].
    pub expires_at: DateTime<Utc>,
    /// When the session ends however much it is used.
    pub absolute_expires_at: DateTime<Utc>,
}

/// A session used last at `last_seen` ends at the earlier of its idle limit
/// and its absolute end.
pub fn session_expires_at(
    last_seen: DateTime<Utc>,
    idle: TimeDelta,
    absolute_expires_at: DateTime<Utc>,
) -> DateTime<Utc> {
    (last_seen + idle).min(absolute_expires_at)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn emails_are_folded() {
        let e = Email::parse("  Alice.Yamada@Example.CO.JP ").unwrap();
        assert_eq!(e.as_str(), "alice.yamada@example.co.jp");
        assert_eq!(e.local_part(), "alice.yamada");
        // Full-width, as typed with a Japanese IME.
        assert_eq!(Email::parse("ｂｏｂ＠ｅｘａｍｐｌｅ．ｃｏｍ").unwrap().as_str(), "bob@example.com");
        assert_eq!(Email::parse("root@localhost").unwrap().as_str(), "root@localhost");
        assert_eq!(Email::parse("pi@raspi.local").unwrap().as_str(), "pi@raspi.local");
    }

    #[test]
    fn bad_emails_are_refused() {
        for bad in [
            "",
            "alice",
            "@example.com",
            "alice@",
            "alice@example",
            "a@b@example.com",
            "alice@example..com",
            "alice@.example.com",
            "alice@example.com.",
            "al ice@example.com",
        ] {
            let e = Email::parse(bad).unwrap_err();
            assert_eq!(e.key, "invalid-email", "{bad:?}");
        }
        let long = format!("{}@example.com", "a".repeat(250));
        assert_eq!(Email::parse(&long).unwrap_err().key, "invalid-email");
        let longest = format!("{}@example.com", "a".repeat(254 - 12));
        assert!(Email::parse(&longest).is_ok());
    }

    #[test]
    fn display_names() {
        assert_eq!(DisplayName::parse(" 山田 太郎 ").unwrap().as_str(), "山田 太郎");
        assert_eq!(DisplayName::parse(" ").unwrap_err().key, "invalid-required");
        let e = DisplayName::parse(&"あ".repeat(101)).unwrap_err();
        assert_eq!(e.key, "invalid-too-long");
    }
}
