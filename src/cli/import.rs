//! `ismo import FILE.xlsx [--org ORG] [--period YEAR] [--dry-run] [--lang ja|en]`:
//! reads a management table into one organization and period, all or
//! nothing, and prints what it added, changed and left as it was.
//!
//! Exit codes: 0 imported (or, with `--dry-run`, previewed), 1 the workbook
//! was refused (each problem is printed with its sheet and cell), 2 any other
//! error (no such file or organization, the database).

use std::io::IsTerminal;
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Duration;

use anyhow::Context;
use clap::Args;
use indicatif::{ProgressBar, ProgressStyle};

use super::DbArgs;
use crate::domain::actor::Actor;
use crate::domain::import::{ImportChanges, Summary};
use crate::i18n::{Lang, Tr};
use crate::xlsx::import::{ImportFailure, Importer, prepare};

#[derive(Debug, Args)]
pub struct ImportArgs {
    #[command(flatten)]
    db: DbArgs,
    /// The workbook to read (.xlsx), in the layout `ismo export` writes.
    file: PathBuf,
    /// The organization, by name or id (default: the only one).
    #[arg(long)]
    org: Option<String>,
    /// The fiscal year, named by the year it starts in (default: the one the workbook names).
    #[arg(long)]
    period: Option<i32>,
    /// Only show what would be added and changed; write nothing.
    #[arg(long)]
    dry_run: bool,
    /// The language of the summary and of the problems.
    #[arg(long, default_value = "ja")]
    lang: String,
}

/// Exit code when the workbook was refused.
const REFUSED: u8 = 1;
/// Exit code for every other error.
const ERROR: u8 = 2;

/// Above this many records, writing shows a progress bar (on a terminal).
const PROGRESS_ABOVE: u64 = 200;
/// Above this size, reading shows a spinner (on a terminal).
const SPINNER_ABOVE_BYTES: usize = 512 * 1024;

pub async fn run(args: ImportArgs) -> anyhow::Result<ExitCode> {
    match import(args).await {
        Ok(code) => Ok(code),
        Err(e) => {
            eprintln!("error: {e:#}");
            Ok(ExitCode::from(ERROR))
        }
    }
}

async fn import(args: ImportArgs) -> anyhow::Result<ExitCode> {
    let lang = Lang::parse(&args.lang).with_context(|| format!("unknown language {:?}; use ja or en", args.lang))?;
    let t = Tr::new(lang);
    let bytes = std::fs::read(&args.file).with_context(|| format!("cannot read {}", args.file.display()))?;
    let store = super::open_db(&args.db).await?;
    let org = super::accounts::chosen_org(&store, args.org.as_deref()).await?;
    let file = args.file.file_name().map_or_else(|| args.file.display().to_string(), |f| f.to_string_lossy().into());
    let user = std::env::var("USER").ok().filter(|u| !u.trim().is_empty());
    // The operator runs the command line with the database in hand: an admin.
    let who = Importer {
        name: user.as_deref().unwrap_or("CLI"),
        user_id: None,
        admin: true,
        file: &file,
        today: crate::web::today(),
    };
    let terminal = std::io::stderr().is_terminal();

    let spinner = (terminal && bytes.len() > SPINNER_ABOVE_BYTES).then(|| {
        let s = ProgressBar::new_spinner().with_message(t.ta("cli-import-reading", &[("file", file.clone())]));
        s.enable_steady_tick(Duration::from_millis(100));
        s
    });
    let prepared = prepare(&store, org.id, &bytes, args.period, &who).await;
    if let Some(s) = spinner {
        s.finish_and_clear();
    }
    let changes = match prepared {
        Ok(changes) => changes,
        Err(ImportFailure::Problems(problems)) => {
            eprintln!("{}", t.ta("cli-import-refused", &[("file", file)]));
            for problem in &problems {
                eprintln!("  {}", problem.message(&t));
            }
            return Ok(ExitCode::from(REFUSED));
        }
        Err(ImportFailure::Store(e)) => return Err(e).context("cannot read the stored records"),
    };

    let args_of =
        |file: &str| [("file", file.to_string()), ("org", org.name.clone()), ("year", t.fiscal_year(&changes.period))];
    if changes.is_empty() {
        println!("{}", t.ta("cli-import-nothing", &args_of(&file)));
        print_summary(&t, &changes.summary());
        return Ok(ExitCode::SUCCESS);
    }
    if args.dry_run {
        println!("{}", t.ta("cli-import-dry-run", &args_of(&file)));
        print_changes(&t, &changes);
        return Ok(ExitCode::SUCCESS);
    }

    let steps = changes.steps();
    let bar = (terminal && steps > PROGRESS_ABOVE).then(|| {
        let bar = ProgressBar::new(steps).with_message(t.t("cli-import-writing"));
        if let Ok(style) = ProgressStyle::with_template("{msg} [{bar:40}] {pos}/{len} ({eta})") {
            bar.set_style(style.progress_chars("=> "));
        }
        bar
    });
    let progress = |done: u64| {
        if let Some(bar) = &bar {
            bar.set_position(done);
        }
    };
    let applied = store.apply_import_with(org.id, &changes, &Actor::cli(), &progress).await;
    if let Some(bar) = &bar {
        bar.finish_and_clear();
    }
    applied.context("the import was not written")?;
    println!("{}", t.ta("cli-import-done", &args_of(&file)));
    print_changes(&t, &changes);
    Ok(ExitCode::SUCCESS)
}

fn print_changes(t: &Tr, changes: &ImportChanges) {
    if changes.settings.is_some() {
        println!("  {}", t.t("cli-import-settings"));
    }
    print_summary(t, &changes.summary());
    print_readings(t, changes);
}

/// How the sheet's wording was read, every reading, the doubtful ones marked:
/// a terminal has no page length to worry about, and a dry run is where a
/// person checks them all.
fn print_readings(t: &Tr, changes: &ImportChanges) {
    if changes.readings.is_empty() {
        return;
    }
    println!("{}", t.t("import-readings"));
    for r in &changes.readings {
        let mark = if r.doubtful { format!(" [{}]", t.t("import-reading-check")) } else { String::new() };
        println!("  {}!{}{mark} {} → {}: {}", r.sheet, r.cell, r.text, t.t(r.what), t.reading(r));
    }
}

/// One line per kind of record: added, changed, unchanged.
fn print_summary(t: &Tr, s: &Summary) {
    let kinds = [
        (t.t("cli-import-objectives"), s.added.objectives, s.changed.objectives, s.unchanged.objectives),
        (t.t("cli-import-plans"), s.added.plans, s.changed.plans, s.unchanged.plans),
        (t.t("cli-import-risks"), s.added.risks, s.changed.risks, s.unchanged.risks),
        (t.t("cli-import-treatments"), s.added.treatments, s.changed.treatments, s.unchanged.treatments),
    ];
    for (kind, added, changed, unchanged) in kinds {
        let args = [
            ("kind", kind),
            ("added", added.to_string()),
            ("changed", changed.to_string()),
            ("unchanged", unchanged.to_string()),
        ];
        let line = t.ta("cli-import-counts", &args);
        println!("  {line}");
    }
}
