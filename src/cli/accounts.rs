//! `ismo user …`, `ismo org …`, `ismo member …`: the operator's way to set up
//! accounts, organizations and roles before anyone can log in.

use std::io::BufRead;
use std::process::ExitCode;

use anyhow::{Context, anyhow, bail};
use clap::Subcommand;

use super::{DbArgs, open_db};
use crate::domain::access::Role;
use crate::domain::account::{DisplayName, Email, User};
use crate::domain::actor::Actor;
use crate::domain::invalid::Invalid;
use crate::domain::membership::MemberState;
use crate::domain::organization::{Organization, OrganizationDraft};
use crate::domain::password::{self, MAX_CHARS, MIN_CHARS};
use crate::domain::text;
use crate::store::{Store, StoreError};

#[derive(Debug, Subcommand)]
pub enum UserCommand {
    /// Create a user account (without --password-stdin it cannot log in yet).
    Add {
        #[command(flatten)]
        db: DbArgs,
        /// The e-mail address the user logs in with.
        email: String,
        /// How the user is shown (default: the part of the address before @).
        #[arg(long)]
        name: Option<String>,
        /// Read the password from the first line of standard input.
        #[arg(long)]
        password_stdin: bool,
    },
    /// Set a user's password (an administrator's reset) and end their sessions.
    Passwd {
        #[command(flatten)]
        db: DbArgs,
        email: String,
        /// Read the new password from the first line of standard input (required).
        #[arg(long, required = true)]
        password_stdin: bool,
    },
    /// Disable an account: nobody can sign in with it; its sessions end and its calendar feeds stop.
    Disable {
        #[command(flatten)]
        db: DbArgs,
        email: String,
    },
    /// Enable a disabled account again (its feeds stay revoked; the person makes new ones).
    Enable {
        #[command(flatten)]
        db: DbArgs,
        email: String,
    },
}

#[derive(Debug, Subcommand)]
pub enum OrgCommand {
    /// Create an organization (fiscal year from April, yearly review).
    Add {
        #[command(flatten)]
        db: DbArgs,
        name: String,
    },
}

#[derive(Debug, Subcommand)]
pub enum MemberCommand {
    /// Give a user a role in an organization (adds them, or changes their role).
    Add {
        #[command(flatten)]
        db: DbArgs,
        email: String,
        /// The organization's name or numeric id.
        org: String,
        /// admin, manager, owner or auditor.
        #[arg(long)]
        role: String,
    },
    /// List an organization's members: role, state, last sign-in (former members last).
    List {
        #[command(flatten)]
        db: DbArgs,
        /// The organization's name or numeric id.
        org: String,
    },
    /// Change a member's role (the last admin cannot be demoted).
    Role {
        #[command(flatten)]
        db: DbArgs,
        email: String,
        /// The organization's name or numeric id.
        org: String,
        /// admin, manager, owner or auditor.
        #[arg(long)]
        role: String,
    },
    /// Remove a member: their sessions end and their feed of the organization stops; old records keep their name.
    Remove {
        #[command(flatten)]
        db: DbArgs,
        email: String,
        /// The organization's name or numeric id.
        org: String,
    },
}

pub async fn user(command: UserCommand) -> anyhow::Result<ExitCode> {
    match command {
        UserCommand::Add { db, email, name, password_stdin } => {
            let email = Email::parse(&email).map_err(|e| anyhow!(explain(&e)))?;
            let name = DisplayName::parse(name.as_deref().unwrap_or(email.local_part()))
                .map_err(|e| anyhow!("--name: {}", explain(&e)))?;
            let hash = if password_stdin { Some(new_password_hash()?) } else { None };
            let store = open_db(&db).await?;
            let user = match store.create_user(&email, &name, hash.as_deref(), &Actor::cli()).await {
                Err(StoreError::Duplicate) => bail!(
                    "a user {email} already exists; to set their password run `ismo user passwd {email} --password-stdin`"
                ),
                other => other?,
            };
            if user.has_password {
                println!("created user {} ({})", user.email, user.display_name);
            } else {
                println!(
                    "created user {} ({}) without a password; set one with `ismo user passwd {} --password-stdin`",
                    user.email, user.display_name, user.email
                );
            }
            Ok(ExitCode::SUCCESS)
        }
        UserCommand::Passwd { db, email, password_stdin: _ } => {
            let store = open_db(&db).await?;
            let user = find_user(&store, &email).await?;
            let hash = new_password_hash()?;
            let ended = store.reset_password(user.id, &hash, &Actor::cli()).await?;
            println!(
                "password of {} set; {} session(s) ended, {} calendar feed(s) revoked",
                user.email, ended.sessions, ended.feeds
            );
            Ok(ExitCode::SUCCESS)
        }
        UserCommand::Disable { db, email } => {
            let store = open_db(&db).await?;
            let user = find_user(&store, &email).await?;
            match store.set_user_disabled(user.id, true, &Actor::cli()).await {
                Err(StoreError::LastAdmin) => bail!(
                    "{} is the last admin of an organization; make someone else admin there first (`ismo member role EMAIL ORG --role admin`)",
                    user.email
                ),
                Ok(None) => println!("{} was already disabled", user.email),
                Ok(Some(ended)) => println!(
                    "disabled {}; {} session(s) ended, {} calendar feed(s) revoked",
                    user.email, ended.sessions, ended.feeds
                ),
                Err(e) => return Err(e.into()),
            }
            Ok(ExitCode::SUCCESS)
        }
        UserCommand::Enable { db, email } => {
            let store = open_db(&db).await?;
            let user = find_user(&store, &email).await?;
            match store.set_user_disabled(user.id, false, &Actor::cli()).await? {
                None => println!("{} was not disabled", user.email),
                Some(_) => println!("enabled {}; they sign in with their password as before", user.email),
            }
            Ok(ExitCode::SUCCESS)
        }
    }
}

pub async fn org(command: OrgCommand) -> anyhow::Result<ExitCode> {
    match command {
        OrgCommand::Add { db, name } => {
            let draft =
                OrganizationDraft::with_defaults(&name).map_err(|e| anyhow!("organization name: {}", explain(&e)))?;
            let store = open_db(&db).await?;
            let org = match store.create_organization(&draft, &Actor::cli()).await {
                Err(StoreError::Duplicate) => {
                    bail!("an organization named {:?} already exists; choose another name", draft.name)
                }
                other => other?,
            };
            println!("created organization {} (id {})", org.name, org.id);
            Ok(ExitCode::SUCCESS)
        }
    }
}

pub async fn member(command: MemberCommand) -> anyhow::Result<ExitCode> {
    match command {
        MemberCommand::Add { db, email, org, role } => {
            let role = parse_role(&role)?;
            let store = open_db(&db).await?;
            let user = find_user(&store, &email).await?;
            let org = find_org(&store, &org).await?;
            let before = match store.add_member(org.id, user.id, role, &Actor::cli()).await {
                Err(StoreError::LastAdmin) => bail!("{}", last_admin(&user, &org)),
                other => other?,
            };
            let (email, org_name, id) = (&user.email, &org.name, org.id);
            match before {
                Some(old) if old == role => {
                    println!("{email} was already {role} of {org_name} (id {id})")
                }
                Some(old) => println!("{email} is now {role} of {org_name} (id {id}), was {old}"),
                None => println!("{email} is now {role} of {org_name} (id {id})"),
            }
            Ok(ExitCode::SUCCESS)
        }
        MemberCommand::List { db, org } => {
            let store = open_db(&db).await?;
            let org = find_org(&store, &org).await?;
            let lines = store.member_lines(org.id).await?;
            println!(
                "{} (id {}): {} member(s)",
                org.name,
                org.id,
                lines.iter().filter(|l| l.state != MemberState::Removed).count()
            );
            for line in &lines {
                let last = line.last_sign_in_at.as_deref().unwrap_or("never signed in");
                println!(
                    "{}\t{}\t{}\t{}\t{}",
                    line.user.email,
                    line.user.display_name,
                    line.role,
                    line.state.as_str(),
                    last
                );
            }
            Ok(ExitCode::SUCCESS)
        }
        MemberCommand::Role { db, email, org, role } => {
            let role = parse_role(&role)?;
            let store = open_db(&db).await?;
            let user = find_user(&store, &email).await?;
            let org = find_org(&store, &org).await?;
            let Some(current) = store.membership(org.id, user.id).await? else {
                bail!("{} is not a member of {}; add them with `ismo member add`", user.email, org.name);
            };
            if current == role {
                println!("{} was already {role} of {}", user.email, org.name);
                return Ok(ExitCode::SUCCESS);
            }
            match store.add_member(org.id, user.id, role, &Actor::cli()).await {
                Err(StoreError::LastAdmin) => bail!("{}", last_admin(&user, &org)),
                other => other?,
            };
            println!("{} is now {role} of {}, was {current}", user.email, org.name);
            Ok(ExitCode::SUCCESS)
        }
        MemberCommand::Remove { db, email, org } => {
            let store = open_db(&db).await?;
            let user = find_user(&store, &email).await?;
            let org = find_org(&store, &org).await?;
            match store.remove_member(org.id, user.id, &Actor::cli()).await {
                Err(StoreError::LastAdmin) => bail!("{}", last_admin(&user, &org)),
                Err(StoreError::NotFound) => bail!("{} is not a member of {}", user.email, org.name),
                Err(e) => Err(e.into()),
                Ok(ended) => {
                    println!(
                        "removed {} from {}; {} session(s) ended, {} calendar feed(s) revoked; their name stays on old records",
                        user.email, org.name, ended.sessions, ended.feeds
                    );
                    Ok(ExitCode::SUCCESS)
                }
            }
        }
    }
}

fn parse_role(raw: &str) -> anyhow::Result<Role> {
    Role::parse(&raw.trim().to_lowercase())
        .map_err(|_| anyhow!("unknown role {:?}; use admin, manager, owner or auditor", raw.trim()))
}

fn last_admin(user: &User, org: &Organization) -> String {
    format!(
        "{} is the last admin of {}; make someone else admin first (`ismo member role EMAIL {:?} --role admin`)",
        user.email, org.name, org.name
    )
}

/// The account named on the command line, or an error that says how to create it.
async fn find_user(store: &Store, email: &str) -> anyhow::Result<User> {
    let email = Email::parse(email).map_err(|e| anyhow!(explain(&e)))?;
    match store.user_by_email(email.as_str()).await? {
        Some((user, _)) => Ok(user),
        None => bail!("no user {email}; create it with `ismo user add {email}`"),
    }
}

/// An organization by exact name or, failing that, by numeric id.
pub(super) async fn find_org(store: &Store, name_or_id: &str) -> anyhow::Result<Organization> {
    let name = text::tidy(name_or_id);
    if let Some(org) = store.organization_by_name(&name).await? {
        return Ok(org);
    }
    if let Ok(id) = name.parse::<i64>()
        && let Some(org) = store.organization(id).await?
    {
        return Ok(org);
    }
    bail!("no organization {name:?}; create it with `ismo org add {name:?}` or give its numeric id")
}

/// The organization `--org` names, or the only one when it names none.
pub(super) async fn chosen_org(store: &Store, org: Option<&str>) -> anyhow::Result<Organization> {
    if let Some(name) = org {
        return find_org(store, name).await;
    }
    let mut all = store.organizations().await?;
    if all.len() != 1 {
        bail!("this database holds {} organizations; choose one with --org NAME", all.len());
    }
    Ok(all.remove(0))
}

/// Reads the first line of standard input, checks it and hashes it. The
/// password is never printed, logged or kept.
fn new_password_hash() -> anyhow::Result<String> {
    let mut line = String::new();
    std::io::stdin().lock().read_line(&mut line).context("cannot read the password from standard input")?;
    let password = line.strip_suffix('\n').unwrap_or(&line);
    let password = password.strip_suffix('\r').unwrap_or(password);
    if password.is_empty() {
        bail!(
            "no password on standard input; pipe it in, e.g. `printf '%s\\n' \"$PW\" | ismo user passwd EMAIL --password-stdin`"
        );
    }
    password::check_new_password(password).map_err(|e| anyhow!(explain(&e)))?;
    Ok(password::hash_password(password))
}

/// A domain refusal as one English sentence for the terminal.
fn explain(e: &Invalid) -> String {
    match e.key {
        "invalid-email" => {
            format!("{:?} is not an e-mail address; give one like name@example.com", e.arg("value").unwrap_or_default())
        }
        "invalid-password-short" => {
            format!("the password is too short; use at least {MIN_CHARS} characters")
        }
        "invalid-password-long" => {
            format!("the password is too long; use at most {MAX_CHARS} characters")
        }
        "invalid-required" => "it must not be empty".into(),
        "invalid-too-long" => format!("it is too long; use at most {} characters", e.arg("max").unwrap_or("?")),
        _ => e.to_string(),
    }
}
