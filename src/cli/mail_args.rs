//! Where mails go: the SMTP flags that `remind` and `serve` share.

use std::path::PathBuf;

use anyhow::{Context, bail};
use clap::Args;
use lettre::message::Mailbox;

use crate::mail::{Mailer, Outbox, Secret, SmtpSettings, SmtpTls};

#[derive(Debug, Args)]
pub struct MailArgs {
    /// The SMTP server.
    #[arg(long, env = "ISMO_SMTP_HOST", value_name = "HOST")]
    smtp_host: Option<String>,
    /// The SMTP port (default: 25, 587 or 465 by --smtp-tls).
    #[arg(long, env = "ISMO_SMTP_PORT", value_name = "PORT")]
    smtp_port: Option<u16>,
    /// none, starttls or tls.
    #[arg(long, env = "ISMO_SMTP_TLS", default_value = "starttls", value_name = "MODE")]
    smtp_tls: SmtpTls,
    /// The SMTP login, if the server wants one.
    #[arg(long, env = "ISMO_SMTP_USER", value_name = "USER")]
    smtp_user: Option<String>,
    /// The SMTP password; prefer the environment variable (a flag shows in the process list).
    #[arg(long, env = "ISMO_SMTP_PASSWORD", hide_env_values = true, value_name = "PASSWORD")]
    smtp_password: Option<Secret>,
    /// The sender, e.g. "ISMS事務局 <isms@example.com>".
    #[arg(long, env = "ISMO_MAIL_FROM", value_name = "ADDRESS")]
    mail_from: Option<String>,
    /// Write each mail as an .eml file into DIR instead of sending it (takes precedence over SMTP).
    #[arg(long, value_name = "DIR")]
    mail_dir: Option<PathBuf>,
}

impl MailArgs {
    /// The mailer and the sender, or `None` when no way to send was named.
    /// Half a setting (a server without a sender) is an error, so a
    /// misconfigured deployment fails at start rather than at the first mail.
    pub fn outbox(&self) -> anyhow::Result<Option<Outbox>> {
        let mailer = match (&self.mail_dir, &self.smtp_host) {
            (None, None) => return Ok(None),
            (Some(dir), _) => {
                if !dir.is_dir() {
                    bail!("--mail-dir {} is not a folder", dir.display());
                }
                Mailer::files(dir)
            }
            (None, Some(host)) => Mailer::smtp(&SmtpSettings {
                host: host.clone(),
                port: self.smtp_port,
                tls: self.smtp_tls,
                user: self.smtp_user.clone(),
                password: self.smtp_password.clone(),
            })?,
        };
        let Some(from) = &self.mail_from else {
            bail!("say who the mails come from: --mail-from ADDRESS or ISMO_MAIL_FROM");
        };
        let from: Mailbox = from.parse().with_context(|| format!("--mail-from {from:?} is not a mail address"))?;
        Ok(Some(Outbox { mailer, from }))
    }
}
