//! `ismo check [--org ORG] [--period YEAR] [--as-of DATE] [--format text|json]`:
//! what an auditor would find missing. Exit 0 without nonconformity, 1 with
//! one, 2 when the check could not run.

use std::process::ExitCode;

use anyhow::Context;
use chrono::NaiveDate;
use clap::{Args, ValueEnum};

use super::DbArgs;
use crate::domain::deadline::Deadline;
use crate::domain::readiness::{Severity, check};
use crate::i18n::{Lang, Tr};

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum Format {
    Text,
    Json,
}

#[derive(Debug, Args)]
pub struct CheckArgs {
    #[command(flatten)]
    db: DbArgs,
    /// The organization, by name or id (default: the only one).
    #[arg(long)]
    org: Option<String>,
    /// The fiscal year, named by the year it starts in (default: the one containing --as-of).
    #[arg(long)]
    period: Option<i32>,
    /// The day to check as of (default: today), e.g. 2025-11-15 or 令和7年11月15日.
    #[arg(long)]
    as_of: Option<String>,
    #[arg(long, value_enum, default_value = "text")]
    format: Format,
    /// The language of the messages.
    #[arg(long, default_value = "ja")]
    lang: String,
}

pub async fn run(args: CheckArgs) -> anyhow::Result<ExitCode> {
    match findings(&args).await {
        Ok(nonconformity) => Ok(if nonconformity { ExitCode::from(1) } else { ExitCode::SUCCESS }),
        Err(e) => {
            eprintln!("error: {e:#}");
            Ok(ExitCode::from(2))
        }
    }
}

/// Prints the findings; true when one of them is a nonconformity.
async fn findings(args: &CheckArgs) -> anyhow::Result<bool> {
    let lang = Lang::parse(&args.lang).with_context(|| format!("unknown language {:?}; use ja or en", args.lang))?;
    let as_of = match &args.as_of {
        Some(raw) => parse_day(raw)?,
        None => crate::web::today(),
    };
    let store = super::open_db(&args.db).await?;
    let org = super::accounts::chosen_org(&store, args.org.as_deref()).await?;
    let year = args.period.unwrap_or_else(|| org.current_period(as_of).start_year());
    let facts = store.readiness_facts(org.id, year).await?;
    let found = check(&facts, as_of);
    let t = Tr::new(lang);
    match args.format {
        Format::Json => {
            let list: Vec<serde_json::Value> = found
                .iter()
                .map(|f| {
                    serde_json::json!({
                        "rule": f.rule.id(),
                        "severity": f.severity.as_str(),
                        "record": f.record,
                        "message": t.finding(f),
                    })
                })
                .collect();
            println!("{}", serde_json::to_string_pretty(&serde_json::json!({ "findings": list }))?);
        }
        Format::Text => {
            for f in &found {
                println!("{:<14} {:<13} {:<10} {}", f.rule.id(), f.severity.as_str(), f.record, t.finding(f));
            }
            let nonconformities = found.iter().filter(|f| f.severity == Severity::Nonconformity).count();
            println!(
                "{}",
                t.ta(
                    "cli-check-summary",
                    &[
                        ("org", org.name.clone()),
                        ("period", t.fiscal_year(&year)),
                        ("date", t.date(&as_of)),
                        ("nonconformities", nonconformities.to_string()),
                        ("observations", (found.len() - nonconformities).to_string()),
                    ]
                )
            );
        }
    }
    Ok(found.iter().any(|f| f.severity == Severity::Nonconformity))
}

/// A day as people write it: ISO, `2025/11/15`, `令和7年11月15日`, `R7.11.15`.
fn parse_day(raw: &str) -> anyhow::Result<NaiveDate> {
    Deadline::parse(raw)
        .map(Deadline::date)
        .map_err(|_| anyhow::anyhow!("--as-of {raw:?} is not a date; write it as 2025-11-15"))
}
