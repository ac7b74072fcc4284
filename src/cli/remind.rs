//! `ismo remind [--org ORG] [--as-of DATE] [--dry-run]`: the weekly reminder
//! mail. Every responsible person with a late plan, or a deadline within 14
//! days, in the current period gets one mail listing them; nobody else gets
//! any. Meant to be run weekly from cron.

use std::collections::HashMap;
use std::process::ExitCode;

use anyhow::{Context, bail};
use chrono::NaiveDate;
use clap::Args;
use lettre::message::Mailbox;

use super::DbArgs;
use super::mail_args::MailArgs;
use crate::domain::account::User;
use crate::domain::digest::by_recipient;
use crate::i18n::{Lang, Tr};
use crate::mail::{Composed, DigestLine, Mailer, Outbox, compose};
use crate::store::Store;

#[derive(Debug, Args)]
pub struct RemindArgs {
    #[command(flatten)]
    db: DbArgs,
    /// Only this organization, by name or id (default: every organization).
    #[arg(long)]
    org: Option<String>,
    /// The day to judge lateness on, YYYY-MM-DD (default: today).
    #[arg(long, value_name = "DATE")]
    as_of: Option<NaiveDate>,
    /// Print who would get which mail; send nothing.
    #[arg(long)]
    dry_run: bool,
    /// The language of the mails.
    #[arg(long, default_value = "ja")]
    lang: String,
    /// ismo's address as people open it (e.g. https://ismo.example.com), for links to the plans.
    #[arg(long, env = "ISMO_BASE_URL", value_name = "URL")]
    base_url: Option<String>,
    #[command(flatten)]
    mail: MailArgs,
}

/// One mail to send.
struct Outgoing {
    user: User,
    mail: Composed,
}

pub async fn run(args: RemindArgs) -> anyhow::Result<ExitCode> {
    let lang = Lang::parse(&args.lang).with_context(|| format!("unknown language {:?}; use ja or en", args.lang))?;
    // Settings are checked before anything is read, so a cron job fails loudly and early.
    let delivery = if args.dry_run { None } else { Some(delivery(&args)?) };
    let store = super::open_db(&args.db).await?;
    let today = args.as_of.unwrap_or_else(crate::web::today);
    let outgoing = digests(&store, args.org.as_deref(), today, Tr::new(lang), args.base_url.as_deref()).await?;
    let Some((mailer, from)) = delivery else {
        for mail in &outgoing {
            println!("would send to {}: {}", mail.user.email.as_str(), mail.mail.subject);
        }
        println!("dry run: {} reminder mails would be sent (as of {today})", outgoing.len());
        return Ok(ExitCode::SUCCESS);
    };
    if !outgoing.is_empty() {
        mailer.check().await.context("cannot reach the SMTP server")?;
    }
    let (mut sent, mut failed) = (0, 0);
    for mail in &outgoing {
        let to = mailbox(&mail.user)?;
        match mailer.send(&from, &to, &mail.mail).await {
            Ok(()) => {
                sent += 1;
                println!("sent to {}", mail.user.email.as_str());
            }
            Err(e) => {
                failed += 1;
                eprintln!("error: the mail to {} was not sent: {e:#}", mail.user.email.as_str());
            }
        }
    }
    println!("sent {sent} reminder mails (as of {today})");
    if failed > 0 {
        eprintln!("{failed} mails could not be sent");
        return Ok(ExitCode::FAILURE);
    }
    Ok(ExitCode::SUCCESS)
}

/// The mailer and the sender, from the flags: `remind` must send somewhere.
fn delivery(args: &RemindArgs) -> anyhow::Result<(Mailer, Mailbox)> {
    match args.mail.outbox()? {
        Some(Outbox { mailer, from }) => Ok((mailer, from)),
        None => bail!("say where to send: --smtp-host HOST (or ISMO_SMTP_HOST), or --mail-dir DIR"),
    }
}

fn mailbox(user: &User) -> anyhow::Result<Mailbox> {
    let address =
        user.email.as_str().parse().with_context(|| format!("{} is not a mail address", user.email.as_str()))?;
    Ok(Mailbox::new(Some(user.display_name.clone()), address))
}

/// Every digest with something in it: per responsible user, over the
/// current period of each organization (or of `org` alone).
async fn digests(
    store: &Store,
    org: Option<&str>,
    today: NaiveDate,
    t: Tr,
    base_url: Option<&str>,
) -> anyhow::Result<Vec<Outgoing>> {
    let orgs = match org {
        Some(name) => vec![super::accounts::find_org(store, name).await?],
        None => store.organizations().await?,
    };
    let base = base_url.map(|b| b.trim().trim_end_matches('/').to_string()).filter(|b| !b.is_empty());
    let mut users: HashMap<i64, User> = HashMap::new();
    let mut plans = Vec::new();
    for org in &orgs {
        let period = org.current_period(today).start_year();
        // Only active members with a working account are reminded.
        let members: HashMap<i64, User> =
            store.members(org.id).await?.into_iter().filter(|(u, _)| !u.disabled).map(|(u, _)| (u.id, u)).collect();
        let held = store.held_plans(org.id, period..=period, None).await?;
        let ids: Vec<i64> = held.iter().map(|h| h.plan.id).collect();
        let mut months = store.months_of_plans(org.id, &ids).await?;
        for h in held {
            let Some(user) = h.plan.responsible_user_id.and_then(|id| members.get(&id)) else {
                continue;
            };
            users.insert(user.id, user.clone());
            let line = DigestLine {
                org: org.name.clone(),
                number: h.number(),
                actions: h.plan.actions.clone(),
                holder: format!("{} {}", h.holder_code, h.holder_title),
                for_risk: h.plan.objective_id().is_none(),
                deadline: h.plan.deadline,
                link: base.as_ref().map(|b| format!("{b}/orgs/{}/plans/{}", org.id, h.plan.id)),
            };
            let cells = months.remove(&h.plan.id).unwrap_or_default();
            plans.push((user.id, line, h.plan, cells));
        }
    }
    Ok(by_recipient(plans, today)
        .into_iter()
        .filter_map(|(user_id, digest)| {
            let user = users.remove(&user_id)?;
            let mail = compose(&t, &user.display_name, &digest, today);
            Some(Outgoing { user, mail })
        })
        .collect())
}
