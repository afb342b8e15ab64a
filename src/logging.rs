//! Logs go to a file, never to the screen.

use std::path::PathBuf;
use std::sync::Mutex;

/// The platform state dir (`~/.local/state/dynamo-dr` on Linux).
pub fn state_dir() -> Option<PathBuf> {
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
