//! ismo: the ISMS objectives register and risk treatment plan.
//!
//! Data flows one way: `web` or `cli` → `domain` (decides) → `store` (keeps).
//! `domain` has no I/O; `store` owns every SQL statement.

pub mod cli;
pub mod config;
pub mod demo;
mod demo_risks;
pub mod domain;
pub mod error;
pub mod i18n;
pub mod mail;
pub mod pdf;
pub mod store;
pub mod web;
pub mod xlsx;
