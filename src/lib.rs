//! dynamo-dr: a terminal console for backing up and recovering DynamoDB tables.
//!
//! The crate is a library so tests and benches can drive every layer; the
//! binary in `main.rs` only parses the command line and picks the backend.

pub mod app;
pub mod audit;
pub mod aws;
pub mod backend;
pub mod checks;
pub mod cli;
pub mod config;
pub mod coverage;
pub mod domain;
pub mod drill;
pub mod engine;
pub mod exports;
pub mod forecast;
pub mod headless;
pub mod headless_backup;
pub mod headless_copy;
pub mod headless_drill;
pub mod headless_exports;
pub mod headless_jobs;
pub mod headless_posture;
pub mod headless_verify;
pub mod inventory;
pub mod launch;
pub mod local;
pub mod logging;
pub mod posture;
pub mod protection;
pub mod recovery;
pub mod repair;
pub mod safe_fs;
pub mod sandbox;
pub mod startup;
pub mod tui;
pub mod ui;
pub mod verify;
pub mod workflow;
