//! Every subcommand. Each one takes `--db` / `ISMO_DB` the same way.

mod accounts;
mod audit;
mod backup;
mod check;
mod export;
mod import;
mod mail_args;
mod remind;

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Args, Parser, Subcommand};

use crate::config::DbTarget;
use crate::domain::proxy::Cidr;
use crate::store::Store;

#[derive(Debug, Parser)]
#[command(name = "ismo", version, about = "ISMS objectives register and risk treatment plan")]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Args)]
pub struct DbArgs {
    /// SQLite file path (created on first use) or database URL.
    #[arg(long, env = "ISMO_DB", default_value = "./ismo.db")]
    pub db: String,
    /// The audit key file, kept outside the database and its backups
    /// (default: beside the SQLite file, as <file>.audit-key, made with mode
    /// 0600 on first start; a PostgreSQL database must name it).
    #[arg(long = "audit-key", env = "ISMO_AUDIT_KEY", value_name = "FILE")]
    pub audit_key: Option<PathBuf>,
}

impl DbArgs {
    pub fn target(&self) -> DbTarget {
        DbTarget::parse(&self.db)
    }

    /// The key file named, or the default one beside a SQLite file; `None`
    /// for a PostgreSQL database that names none.
    pub fn key_path(&self) -> Option<PathBuf> {
        self.audit_key.clone().or_else(|| crate::store::default_key_path(&self.target()))
    }
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Serve the web application (creates and migrates the database first).
    Serve {
        #[command(flatten)]
        db: DbArgs,
        /// Address to listen on (loopback by default).
        #[arg(long, env = "ISMO_ADDR", default_value = "127.0.0.1:8080")]
        addr: String,
        /// Load the demo organization and its accounts (once; running again adds nothing).
        #[arg(long)]
        demo: bool,
        /// ismo is reached over https (directly or through a proxy): the session cookie is
        /// `__Host-` named and Secure, and responses carry Strict-Transport-Security.
        #[arg(long, env = "ISMO_HTTPS")]
        https: bool,
        /// Reverse proxies (CIDR[,CIDR…]) whose X-Forwarded-For names the client; from
        /// any other peer the header is ignored. Without it the peer is the client.
        #[arg(
            long = "trusted-proxy",
            env = "ISMO_TRUSTED_PROXIES",
            value_name = "CIDR",
            value_delimiter = ',',
            value_parser = crate::config::trusted_proxy
        )]
        trusted_proxies: Vec<Cidr>,
        /// ismo's address as people open it (e.g. https://ismo.example.com), for links in mails.
        #[arg(long, env = "ISMO_BASE_URL", value_name = "URL")]
        base_url: Option<String>,
        /// Where invitation mails go (none configured: links are only shown to the admin).
        #[command(flatten)]
        mail: mail_args::MailArgs,
    },
    /// Create or update the database schema, then exit.
    Migrate {
        #[command(flatten)]
        db: DbArgs,
    },
    /// Manage user accounts.
    User {
        #[command(subcommand)]
        command: accounts::UserCommand,
    },
    /// Manage organizations.
    Org {
        #[command(subcommand)]
        command: accounts::OrgCommand,
    },
    /// Manage who belongs to an organization, and in which role.
    Member {
        #[command(subcommand)]
        command: accounts::MemberCommand,
    },
    /// Write the management table (情報セキュリティ目的管理表・リスク対応計画) as .xlsx.
    Export(export::ExportArgs),
    /// Read a management table (.xlsx) into an organization: all or nothing (exit 1 when refused, 2 on error).
    Import(import::ImportArgs),
    /// Mail the weekly reminder: each responsible person's late plans and deadlines within 14 days.
    Remind(remind::RemindArgs),
    /// What an auditor would find missing (exit 0: no nonconformity, 1: some, 2: error).
    Check(check::CheckArgs),
    /// Write a consistent copy of the database while the server keeps serving; prints its audit head.
    Backup(backup::BackupArgs),
    /// Put back a copy written by `backup` (checked first); replaces an existing database only with --force.
    Restore(backup::RestoreArgs),
    /// Check the audit trail.
    Audit {
        #[command(subcommand)]
        command: audit::AuditCommand,
    },
}

/// Runs a command and turns its outcome into an exit code; errors are printed
/// as one sentence that says what to do, never as a backtrace.
pub fn run(cli: Cli) -> ExitCode {
    init_logging();
    few_malloc_arenas();
    if !matches!(cli.command, Command::Serve { .. }) {
        die_quietly_on_closed_pipe();
    }
    let runtime = match tokio::runtime::Builder::new_multi_thread().enable_all().build() {
        Ok(rt) => rt,
        Err(e) => {
            eprintln!("error: cannot start the runtime: {e}");
            return ExitCode::FAILURE;
        }
    };
    let code = match runtime.block_on(dispatch(cli.command)) {
        Ok(code) => code,
        Err(e) => {
            eprintln!("error: {e:#}");
            ExitCode::FAILURE
        }
    };
    // Dropping the runtime would wait for a workbook reading that outlived
    // its time limit (the blocking pool cannot cancel it); the answer is given.
    runtime.shutdown_timeout(std::time::Duration::from_secs(1));
    code
}

/// glibc gives each thread that allocates at once an arena of its own (up to
/// 8 per core) and keeps what was freed in each: after the large pages at 16
/// connections the server held memory it no longer used (BENCHMARKS.md,
/// "Load"). Four: with two, the pages that allocate most (findings, late,
/// the review report) answered a third fewer requests, their threads
/// (workers, blocking pool, SQLite connections) waiting on arena locks.
fn few_malloc_arenas() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    // SAFETY: called before any other thread exists; mallopt only sets a limit.
    unsafe {
        libc::mallopt(libc::M_ARENA_MAX, 4);
    }
}

/// Rust ignores SIGPIPE, so `println!` to a pipe whose reader has gone
/// (`ismo audit verify | head -1`) panics with "Broken pipe". A command that
/// prints is ended by the signal instead, silently, as any Unix tool is.
/// Not for `serve`: a client that hangs up must not end the server.
fn die_quietly_on_closed_pipe() {
    #[cfg(unix)]
    // SAFETY: called before any other thread exists; SIG_DFL is a valid disposition.
    unsafe {
        libc::signal(libc::SIGPIPE, libc::SIG_DFL);
    }
}

/// Runs one command; the exit code is the command's verdict (e.g. `audit
/// verify` exits 1 when the chain is broken), errors exit 1 via `run`.
async fn dispatch(command: Command) -> anyhow::Result<ExitCode> {
    match command {
        Command::Serve { db, addr, demo, https, trusted_proxies, base_url, mail } => {
            let outbox = mail.outbox()?;
            if let Some(url) = &base_url
                && !(url.starts_with("https://") || url.starts_with("http://"))
            {
                anyhow::bail!("--base-url {url:?} must start with https:// or http://");
            }
            let mailing = Mailing { outbox, base_url };
            serve(&db, &addr, demo, https, trusted_proxies, mailing).await.map(|()| ExitCode::SUCCESS)
        }
        Command::Migrate { db } => {
            let (_, made) = open_db_noting_new_key(&db).await?;
            println!("database {} is up to date", db.target());
            say_new_key(made);
            Ok(ExitCode::SUCCESS)
        }
        Command::User { command } => accounts::user(command).await,
        Command::Org { command } => accounts::org(command).await,
        Command::Member { command } => accounts::member(command).await,
        Command::Audit { command } => audit::run(command).await,
        Command::Export(args) => export::run(args).await,
        Command::Check(args) => check::run(args).await,
        Command::Import(args) => import::run(args).await,
        Command::Remind(args) => remind::run(args).await,
        Command::Backup(args) => backup::backup(args).await,
        Command::Restore(args) => backup::restore(args).await,
    }
}

/// Opens the database named by `--db` with its audit key (`--audit-key`, or
/// the file beside it, made on first start), with a message that says which
/// one failed.
pub(crate) async fn open_db(db: &DbArgs) -> anyhow::Result<Store> {
    let target = db.target();
    let opened = match db.key_path() {
        Some(key) => Store::open_with_key(&target, &key).await,
        // PostgreSQL without a named key: `open` says what is missing.
        None => Store::open(&target).await,
    };
    opened.map_err(|e| anyhow::anyhow!("cannot open the database {target}: {e}"))
}

/// [`open_db`] for the commands that start a deployment (`serve`,
/// `migrate`), with the key file when this start made it: they say so, so
/// that the operator keeps a copy; the other commands stay quiet.
async fn open_db_noting_new_key(db: &DbArgs) -> anyhow::Result<(Store, Option<PathBuf>)> {
    let key = db.key_path();
    let existed = key.as_ref().is_some_and(|k| k.exists());
    let store = open_db(db).await?;
    Ok((store, key.filter(|k| !existed && k.exists())))
}

fn say_new_key(made: Option<PathBuf>) {
    if let Some(key) = made {
        println!(
            "made a new audit key at {}: keep a copy of it apart from the database and its backups \
             (ismo audit verify needs it to tell a rewritten trail)",
            key.display()
        );
    }
}

/// Where `serve` sends invitation mails, and the address its links start with.
struct Mailing {
    outbox: Option<crate::mail::Outbox>,
    base_url: Option<String>,
}

async fn serve(
    db: &DbArgs,
    addr: &str,
    demo: bool,
    https: bool,
    trusted_proxies: Vec<Cidr>,
    mailing: Mailing,
) -> anyhow::Result<()> {
    let target = db.target();
    let (store, made_key) = open_db_noting_new_key(db).await?;
    if demo {
        // The demo accounts have a published password: never reachable from elsewhere.
        let loopback = addr
            .parse::<std::net::SocketAddr>()
            .map(|a| a.ip().is_loopback())
            .unwrap_or(addr.starts_with("localhost:"));
        if !loopback {
            anyhow::bail!(
                "--demo serves accounts with the password \"demo\", so it only listens on loopback; use --addr 127.0.0.1:PORT"
            );
        }
        let summary = crate::demo::load(&store, crate::web::today()).await?;
        print!("{summary}");
    }
    let listener = tokio::net::TcpListener::bind(addr).await.map_err(|e| {
        anyhow::anyhow!("cannot listen on {addr}: {e} (is another ismo running? choose another with --addr)")
    })?;
    let local = listener.local_addr()?;
    println!("ismo is running at http://{local}/ (database: {target}); press Ctrl-C to stop");
    if let Some(token) = store.create_setup_link(chrono::Utc::now()).await? {
        // Printed, never logged: whoever opens it first becomes the admin.
        let scheme = if https { "https" } else { "http" };
        println!(
            "this database has no account yet; open this one-time link to create the first admin and organization"
        );
        println!("(valid 72 hours, until it is used or ismo starts again):");
        match &mailing.base_url {
            Some(base) => println!("  {}/setup?token={token}", base.trim_end_matches('/')),
            None => println!("  {scheme}://{local}/setup?token={token}"),
        }
        println!("or from the command line:");
        println!("  ismo user add admin@example.com --name \"Your Name\" --password-stdin --db {target}");
        println!("  ismo org add \"Your Company\" --db {target}");
        println!("  ismo member add admin@example.com \"Your Company\" --role admin --db {target}");
    }
    tokio::spawn(prune_hourly(store.clone()));
    // After the URL and the first steps, which a reader (or a script) looks for first.
    say_new_key(made_key);
    let settings = crate::web::SessionSettings { secure_cookies: https, ..Default::default() };
    let serving = crate::web::Serving { outbox: mailing.outbox, base_url: mailing.base_url, trusted_proxies };
    let app = crate::web::app_serving(store, settings, serving);
    // Client addresses are needed to throttle failed logins per address.
    axum::serve(listener, app.into_make_service_with_connect_info::<std::net::SocketAddr>())
        .with_graceful_shutdown(async {
            let _ = tokio::signal::ctrl_c().await;
        })
        .await?;
    Ok(())
}

/// Removes expired sessions, old sign-in attempts and spent password links:
/// once at start, then every hour. A failure is logged and tried again next hour.
async fn prune_hourly(store: Store) {
    let mut every_hour = tokio::time::interval(std::time::Duration::from_secs(3600));
    loop {
        every_hour.tick().await;
        match store.prune(chrono::Utc::now()).await {
            Ok(pruned) => tracing::debug!(?pruned, "pruned"),
            Err(e) => tracing::warn!("pruning failed: {e}"),
        }
    }
}

fn init_logging() {
    use tracing_subscriber::prelude::*;
    let filter = tracing_subscriber::EnvFilter::try_from_default_env()
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("ismo=info,tower_http=warn"));
    // Statements are counted per request only when someone reads debug logs:
    // counting makes sqlx format every statement.
    let counting = filter.max_level_hint().is_some_and(|level| level >= tracing_subscriber::filter::LevelFilter::DEBUG);
    let log = tracing_subscriber::fmt::layer().with_writer(std::io::stderr).with_filter(filter);
    let _ = tracing_subscriber::registry().with(log).with(counting.then(crate::web::statement_count::layer)).try_init();
}
