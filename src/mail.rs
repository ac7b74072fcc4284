//! Reminder mails: the weekly digest's text, composed from the catalog
//! ([`compose`], pure), and sending it over SMTP or into `.eml` files
//! ([`Mailer`]). The SMTP password is held as a [`Secret`], which never
//! prints.

use std::fmt;
use std::path::Path;
use std::str::FromStr;

use chrono::NaiveDate;
use lettre::message::header::ContentType;
use lettre::message::{Mailbox, Message};
use lettre::transport::smtp::authentication::Credentials;
use lettre::{AsyncFileTransport, AsyncSmtpTransport, AsyncTransport, Tokio1Executor};

use crate::domain::digest::{DUE_WITHIN_DAYS, Digest};
use crate::domain::progress::DelayReason;
use crate::i18n::Tr;

/// One plan as a reminder names it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DigestLine {
    pub org: String,
    /// The plan's number in the sheet (`3`, `2-2`, `R-001`).
    pub number: String,
    pub actions: Option<String>,
    /// What the plan serves: `3 情報セキュリティインシデントを削減する` or `R-001 顧客情報 / 不正アクセス`.
    pub holder: String,
    /// The plan serves a risk treatment rather than an objective.
    pub for_risk: bool,
    pub deadline: Option<NaiveDate>,
    /// The plan's page, when ismo's address is known.
    pub link: Option<String>,
}

/// A mail's subject and plain-text body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Composed {
    pub subject: String,
    pub body: String,
}

fn reason(t: &Tr, r: &DelayReason) -> String {
    let (key, args) = r.sentence(|m| format!("{} ({m})", t.month(m)), |d| t.date(d));
    t.ta(key, &args)
}

fn plan_lines(t: &Tr, out: &mut String, line: &DigestLine) {
    let title = match line.actions.as_deref().map(str::trim).filter(|a| !a.is_empty()) {
        Some(actions) => format!("{} {}", line.number, actions.replace(['\r', '\n'], " ")),
        None => line.number.clone(),
    };
    out.push_str(&t.ta1("remind-item", "plan", title));
    out.push('\n');
    let holder_key = if line.for_risk { "remind-for-risk" } else { "remind-for-objective" };
    out.push_str("  ");
    out.push_str(&t.ta2(holder_key, "org", &line.org, "holder", &line.holder));
    out.push('\n');
    if let Some(d) = line.deadline {
        out.push_str("  ");
        out.push_str(&t.ta1("remind-deadline", "date", t.date(&d)));
        out.push('\n');
    }
}

/// The digest for one person, in `t`'s language, as of `today`.
pub fn compose(t: &Tr, name: &str, digest: &Digest<DigestLine>, today: NaiveDate) -> Composed {
    let date = t.date(&today);
    let subject = t.ta(
        "remind-subject",
        &[("late", digest.late.len().to_string()), ("due", digest.due.len().to_string()), ("date", date.clone())],
    );
    let mut body = String::new();
    body.push_str(&t.ta1("remind-greeting", "name", name));
    body.push_str("\n\n");
    body.push_str(&t.ta1("remind-intro", "date", &date));
    body.push_str("\n\n");
    if !digest.late.is_empty() {
        body.push_str(&t.ta1("remind-late-heading", "n", digest.late.len()));
        body.push_str("\n\n");
        for (line, reasons) in &digest.late {
            plan_lines(t, &mut body, line);
            for r in reasons {
                body.push_str("  - ");
                body.push_str(&reason(t, r));
                body.push('\n');
            }
            if let Some(link) = &line.link {
                body.push_str(&format!("  {link}\n"));
            }
            body.push('\n');
        }
    }
    if !digest.due.is_empty() {
        body.push_str(&t.ta2("remind-due-heading", "days", DUE_WITHIN_DAYS, "n", digest.due.len()));
        body.push_str("\n\n");
        for (line, deadline) in &digest.due {
            let without_deadline = DigestLine { deadline: None, ..line.clone() };
            plan_lines(t, &mut body, &without_deadline);
            let days = (*deadline - today).num_days();
            let when = if days == 0 {
                t.ta1("remind-due-today", "date", t.date(deadline))
            } else {
                t.ta2("remind-due-in", "date", t.date(deadline), "days", days)
            };
            body.push_str("  ");
            body.push_str(&when);
            body.push('\n');
            if let Some(link) = &line.link {
                body.push_str(&format!("  {link}\n"));
            }
            body.push('\n');
        }
    }
    body.push_str("-- \n");
    body.push_str(&t.t("remind-footer"));
    body.push('\n');
    Composed { subject, body }
}

/// What an invitation mail says: who asked, to which organization and
/// role, and the one-time link with the moment it stops working.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Invitation<'a> {
    pub name: &'a str,
    pub org: &'a str,
    pub inviter: &'a str,
    /// The role's label in the mail's language.
    pub role: &'a str,
    pub link: &'a str,
    /// When the link stops working, as the reader reads a time.
    pub valid_until: &'a str,
}

/// The mail that brings a new member their password link.
pub fn compose_invitation(t: &Tr, i: &Invitation<'_>) -> Composed {
    let subject = t.ta1("invite-mail-subject", "org", i.org);
    let mut body = String::new();
    body.push_str(&t.ta1("remind-greeting", "name", i.name));
    body.push_str("\n\n");
    body.push_str(&t.ta(
        "invite-mail-intro",
        &[("inviter", i.inviter.to_string()), ("org", i.org.to_string()), ("role", i.role.to_string())],
    ));
    body.push_str("\n\n");
    body.push_str(&t.ta1("invite-mail-link", "until", i.valid_until));
    body.push_str("\n\n  ");
    body.push_str(i.link);
    body.push_str("\n\n-- \n");
    body.push_str(&t.t("invite-mail-footer"));
    body.push('\n');
    Composed { subject, body }
}

/// A value that must never be printed or logged (the SMTP password).
#[derive(Clone, PartialEq, Eq)]
pub struct Secret(String);

impl Secret {
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl FromStr for Secret {
    type Err = std::convert::Infallible;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Ok(Secret(s.to_string()))
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Secret(***)")
    }
}

/// How the connection to the SMTP server is protected.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SmtpTls {
    /// Plain text (a relay on the same machine or network).
    None,
    /// Plain connection upgraded with STARTTLS (usually port 587); refused when the server does not offer it.
    Starttls,
    /// TLS from the first byte (usually port 465).
    Tls,
}

impl SmtpTls {
    pub fn default_port(self) -> u16 {
        match self {
            SmtpTls::None => 25,
            SmtpTls::Starttls => 587,
            SmtpTls::Tls => 465,
        }
    }
}

impl FromStr for SmtpTls {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.trim().to_ascii_lowercase().as_str() {
            "none" => Ok(SmtpTls::None),
            "starttls" => Ok(SmtpTls::Starttls),
            "tls" => Ok(SmtpTls::Tls),
            other => Err(format!("unknown TLS mode {other:?}; use none, starttls or tls")),
        }
    }
}

/// Where and how to deliver over SMTP.
#[derive(Debug, Clone)]
pub struct SmtpSettings {
    pub host: String,
    /// The mode's usual port when `None`.
    pub port: Option<u16>,
    pub tls: SmtpTls,
    pub user: Option<String>,
    pub password: Option<Secret>,
}

/// A mailer with the sender it sends as: what `serve` holds when mail is configured.
pub struct Outbox {
    pub mailer: Mailer,
    pub from: Mailbox,
}

/// Delivers mails: to an SMTP server, or as `.eml` files into a folder (tests, inspection).
pub enum Mailer {
    Smtp(AsyncSmtpTransport<Tokio1Executor>),
    Files(AsyncFileTransport<Tokio1Executor>),
}

impl Mailer {
    pub fn smtp(s: &SmtpSettings) -> anyhow::Result<Mailer> {
        let builder = match s.tls {
            SmtpTls::None => AsyncSmtpTransport::<Tokio1Executor>::builder_dangerous(s.host.as_str()),
            SmtpTls::Starttls => AsyncSmtpTransport::<Tokio1Executor>::starttls_relay(&s.host)?,
            SmtpTls::Tls => AsyncSmtpTransport::<Tokio1Executor>::relay(&s.host)?,
        };
        let mut builder =
            builder.port(s.port.unwrap_or(s.tls.default_port())).timeout(Some(std::time::Duration::from_secs(30)));
        match (&s.user, &s.password) {
            (Some(user), Some(password)) => {
                builder = builder.credentials(Credentials::new(user.clone(), password.expose().to_string()));
            }
            (Some(_), None) => anyhow::bail!("--smtp-user needs a password: set ISMO_SMTP_PASSWORD"),
            (None, Some(_)) => anyhow::bail!("a SMTP password was given without --smtp-user"),
            (None, None) => {}
        }
        Ok(Mailer::Smtp(builder.build()))
    }

    /// Writes each mail as `<id>.eml` into `dir` (which must exist).
    pub fn files(dir: &Path) -> Mailer {
        Mailer::Files(AsyncFileTransport::<Tokio1Executor>::new(dir))
    }

    /// Checks that the SMTP server answers (and accepts the login), before any mail is composed.
    pub async fn check(&self) -> anyhow::Result<()> {
        if let Mailer::Smtp(t) = self
            && !t.test_connection().await?
        {
            anyhow::bail!("the SMTP server does not answer");
        }
        Ok(())
    }

    pub async fn send(&self, from: &Mailbox, to: &Mailbox, mail: &Composed) -> anyhow::Result<()> {
        let message = Message::builder()
            .from(from.clone())
            .to(to.clone())
            .subject(mail.subject.as_str())
            .header(ContentType::TEXT_PLAIN)
            .body(mail.body.clone())?;
        match self {
            Mailer::Smtp(t) => {
                t.send(message).await?;
            }
            Mailer::Files(t) => {
                t.send(message).await?;
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::year_month::YearMonth;
    use crate::i18n::Lang;

    fn line(number: &str, deadline: NaiveDate) -> DigestLine {
        DigestLine {
            org: "株式会社サンプル".into(),
            number: number.into(),
            actions: Some("メール誤送信防止ツールの導入".into()),
            holder: "3 情報セキュリティインシデントを削減する".into(),
            for_risk: false,
            deadline: Some(deadline),
            link: Some("https://ismo.example/orgs/1/plans/4".into()),
        }
    }

    #[test]
    fn a_digest_in_japanese_and_in_english() {
        let today = NaiveDate::from_ymd_opt(2025, 11, 15).unwrap();
        let deadline = NaiveDate::from_ymd_opt(2026, 3, 31).unwrap();
        let soon = NaiveDate::from_ymd_opt(2025, 11, 19).unwrap();
        let digest = Digest {
            late: vec![(line("3", deadline), vec![DelayReason::MonthWithoutResult(YearMonth::new(2025, 10).unwrap())])],
            due: vec![(line("2-2", soon), soon)],
        };
        let ja = compose(&Tr::new(Lang::Ja), "鈴木 一郎", &digest, today);
        assert!(ja.subject.contains("遅延") && ja.subject.contains("2025/11/15"), "{}", ja.subject);
        for needle in [
            "鈴木 一郎 様",
            "3 メール誤送信防止ツールの導入",
            "10月 (2025-10)",
            "2026/03/31",
            "2025/11/19",
            "あと4日",
            "https://ismo.example/orgs/1/plans/4",
        ] {
            assert!(ja.body.contains(needle), "{needle} in:\n{}", ja.body);
        }
        let en = compose(&Tr::new(Lang::En), "Ichiro Suzuki", &digest, today);
        assert!(en.subject.contains("2025-11-15"), "{}", en.subject);
        assert!(en.body.contains("Oct (2025-10)") && en.body.contains("in 4 days"), "{}", en.body);
    }

    #[test]
    fn secrets_do_not_print() {
        let s: Secret = "hunter2".parse().unwrap();
        assert_eq!(format!("{s:?}"), "Secret(***)");
        let settings =
            SmtpSettings { host: "h".into(), port: None, tls: SmtpTls::Tls, user: Some("u".into()), password: Some(s) };
        assert!(!format!("{settings:?}").contains("hunter2"));
        assert_eq!("STARTTLS".parse::<SmtpTls>(), Ok(SmtpTls::Starttls));
        assert!("ssl".parse::<SmtpTls>().is_err());
    }
}
