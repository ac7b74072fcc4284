//! `ismo audit …` (being written).

use std::process::ExitCode;

use clap::Subcommand;

#[derive(Debug, Subcommand)]
pub enum AuditCommand {}

pub async fn run(command: AuditCommand) -> anyhow::Result<ExitCode> {
    match command {}
}
