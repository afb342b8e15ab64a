//! Logs go to a file, never to the screen.

use std::path::PathBuf;
use std::sync::Mutex;

/// Overrides the state dir (tests, or an operator who wants it elsewhere).
pub const STATE_DIR_ENV: &str = "DYNAMO_DR_STATE_DIR";

/// The state dir: `DYNAMO_DR_STATE_DIR` when set, else the platform's
/// (`~/.local/state/dynamo-dr` on Linux). Holds the log, the audit log and
/// the run journals.
pub fn state_dir() -> Option<PathBuf> {
    if let Some(dir) = std::env::var_os(STATE_DIR_ENV).filter(|d| !d.is_empty()) {
        return Some(PathBuf::from(dir));
    }
    let dirs = directories::ProjectDirs::from("", "", "dynamo-dr")?;
    Some(dirs.state_dir().unwrap_or(dirs.data_local_dir()).to_owned())
}

/// Starts logging to `dynamo-dr.log` in the state dir, filtered by
/// `DYNAMO_DR_LOG` (default `info`). Returns the file, or `None` when it
/// cannot be opened (the console then runs without a log).
pub fn init() -> Option<PathBuf> {
    let dir = state_dir()?;
    std::fs::create_dir_all(&dir).ok()?;
    let path = dir.join("dynamo-dr.log");
    let file = std::fs::OpenOptions::new()
        .create(true)
        .append(true)
        .open(&path)
        .ok()?;
    let filter = tracing_subscriber::EnvFilter::try_from_env("DYNAMO_DR_LOG")
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info"));
    tracing_subscriber::fmt()
        .with_writer(Mutex::new(file))
        .with_ansi(false)
        .with_env_filter(filter)
        .try_init()
        .ok()?;
    Some(path)
}

/// Where run journals go: `<state dir>/journal`.
pub fn journal_dir() -> Option<PathBuf> {
    state_dir().map(|d| d.join("journal"))
}

/// The part of the state dir that belongs to one kind of backend:
/// `<state dir>/sandbox` or `<state dir>/aws`. A sandbox rehearsal's
/// journals, audit and log never mix with a real account's.
pub fn backend_dir(sandbox: bool) -> Option<PathBuf> {
    state_dir().map(|d| d.join(if sandbox { "sandbox" } else { "aws" }))
}

/// Where `verify` writes its differences files by default.
pub fn verify_dir(sandbox: bool) -> Option<PathBuf> {
    backend_dir(sandbox).map(|d| d.join("verify"))
}
