//! `ismo export FILE.xlsx [--org ORG] [--period YEAR] [--lang ja|en]`: the
//! management table of one organization and period, in the sheet's layout.

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Context;
use clap::Args;

use super::DbArgs;
use crate::i18n::{Lang, Tr};
use crate::xlsx::model::ManagementTable;

#[derive(Debug, Args)]
pub struct ExportArgs {
    #[command(flatten)]
    db: DbArgs,
    /// The workbook to write (.xlsx); an existing file is replaced.
    file: PathBuf,
    /// The organization, by name or id (default: the only one).
    #[arg(long)]
    org: Option<String>,
    /// The fiscal year, named by the year it starts in (default: the current one).
    #[arg(long)]
    period: Option<i32>,
    /// The language of the labels.
    #[arg(long, default_value = "ja")]
    lang: String,
}

pub async fn run(args: ExportArgs) -> anyhow::Result<ExitCode> {
    let lang = Lang::parse(&args.lang).with_context(|| format!("unknown language {:?}; use ja or en", args.lang))?;
    let store = super::open_db(&args.db).await?;
    let org = super::accounts::chosen_org(&store, args.org.as_deref()).await?;
    let year = args.period.unwrap_or_else(|| org.current_period(crate::web::today()).start_year());
    let t = Tr::new(lang);
    let table = ManagementTable::load(&store, org.id, year, &t).await?.context("the organization vanished")?;
    let bytes = crate::xlsx::export::write(&table, &t)?;
    std::fs::write(&args.file, bytes).with_context(|| format!("cannot write {}", args.file.display()))?;
    let plans: usize = table.objectives.iter().map(|o| o.plans.len()).sum();
    println!(
        "wrote {}: {} objectives, {plans} plans, {} risks, {} treatments of {} (FY{year})",
        args.file.display(),
        table.objectives.len(),
        table.risks.len(),
        table.treatments.len(),
        org.name
    );
    Ok(ExitCode::SUCCESS)
}
