//! `ismo user …`, `ismo org …`, `ismo member …` (being written).

use std::process::ExitCode;

use clap::Subcommand;

#[derive(Debug, Subcommand)]
pub enum UserCommand {}

#[derive(Debug, Subcommand)]
pub enum OrgCommand {}

#[derive(Debug, Subcommand)]
pub enum MemberCommand {}

pub async fn user(command: UserCommand) -> anyhow::Result<ExitCode> {
    match command {}
}

pub async fn org(command: OrgCommand) -> anyhow::Result<ExitCode> {
    match command {}
}

pub async fn member(command: MemberCommand) -> anyhow::Result<ExitCode> {
    match command {}
}
