//! Logs go to a file, never to the screen: `dynamo-dr.log` in the state dir
//! of this kind of backend, 0600, rotated once it passes 8 MiB (one old
//! file kept). The SDK's wire-level events (request and response bodies,
//! which hold item data, and signing details, which hold the access key
//! id) are left out unless `DYNAMO_DR_LOG_WIRE=1` says otherwise.

use std::path::{Path, PathBuf};
use std::sync::Mutex;

use tracing_subscriber::Layer;
use tracing_subscriber::layer::SubscriberExt;
use tracing_subscriber::util::SubscriberInitExt;

/// Overrides the state dir (tests, or an operator who wants it elsewhere).
pub const STATE_DIR_ENV: &str = "DYNAMO_DR_STATE_DIR";
/// `1`: log the SDK's wire-level events too (bodies, signing).
pub const WIRE_ENV: &str = "DYNAMO_DR_LOG_WIRE";
/// A log past this size is rotated at start.
pub const MAX_LOG_BYTES: u64 = 8 * 1024 * 1024;

/// Targets whose debug and trace events carry request and response bodies
/// or signing material.
const WIRE_TARGETS: [&str; 8] = [
    "aws_smithy",
    "aws_sigv4",
    "aws_runtime",
    "aws_config",
    "aws_credential_types",
    "hyper",
    "h2",
    "rustls",
];

/// The state dir: `DYNAMO_DR_STATE_DIR` when set, else the platform's
/// (`~/.local/state/dynamo-dr` on Linux). See `crate::local` for its layout.
pub fn state_dir() -> Option<PathBuf> {
    if let Some(dir) = std::env::var_os(STATE_DIR_ENV).filter(|d| !d.is_empty()) {
        return Some(PathBuf::from(dir));
    }
    let dirs = directories::ProjectDirs::from("", "", "dynamo-dr")?;
    Some(dirs.state_dir().unwrap_or(dirs.data_local_dir()).to_owned())
}

/// Starts logging to `dynamo-dr.log` in the state dir of this kind of
/// backend, filtered by `DYNAMO_DR_LOG` (default `info`). Returns the file,
/// or `None` when it cannot be opened (the console then runs without a
/// log; the start-up check of the state dir says why).
pub fn init(sandbox: bool) -> Option<PathBuf> {
    let dir = backend_dir(sandbox)?;
    crate::safe_fs::private_dir(&dir).ok()?;
    let path = dir.join("dynamo-dr.log");
    rotate(&path, MAX_LOG_BYTES);
    let file = crate::safe_fs::open_append_private(&path).ok()?;
    let filter = tracing_subscriber::EnvFilter::try_from_env("DYNAMO_DR_LOG")
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info"));
    let wire = wire_logging();
    let layer = tracing_subscriber::fmt::layer()
        .with_writer(Mutex::new(file))
        .with_ansi(false)
        .with_filter(filter)
        .with_filter(tracing_subscriber::filter::filter_fn(move |meta| {
            wire || !is_wire(meta.target(), *meta.level())
        }));
    tracing_subscriber::registry().with(layer).try_init().ok()?;
    if wire {
        tracing::warn!(
            "{WIRE_ENV}=1: the SDK's requests and responses are logged, with item data and the access key id"
        );
    }
    Some(path)
}

fn wire_logging() -> bool {
    std::env::var(WIRE_ENV).is_ok_and(|v| v == "1")
}

/// A debug or trace event of the SDK's transport or signing.
pub fn is_wire(target: &str, level: tracing::Level) -> bool {
    level > tracing::Level::INFO && WIRE_TARGETS.iter().any(|t| target.starts_with(t))
}

/// Moves a log past `max` bytes to `<path>.1` (replacing an older one).
pub fn rotate(path: &Path, max: u64) {
    if std::fs::metadata(path).is_ok_and(|m| m.len() > max) {
        let _ = std::fs::rename(path, path.with_extension("log.1"));
    }
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

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
    use super::*;

    #[test]
    fn wire_events_are_the_sdks_debug_and_trace_only() {
        assert!(is_wire(
            "aws_smithy_runtime::client::orchestrator",
            tracing::Level::TRACE
        ));
        assert!(is_wire("aws_sigv4::http_request", tracing::Level::DEBUG));
        assert!(!is_wire("aws_smithy_runtime", tracing::Level::WARN));
        assert!(!is_wire("dynamo_dr::engine", tracing::Level::TRACE));
    }

    #[test]
    fn a_log_past_its_cap_is_rotated_once() {
        let dir = tempfile::tempdir().unwrap();
        let log = dir.path().join("dynamo-dr.log");
        std::fs::write(&log, vec![b'x'; 100]).unwrap();
        rotate(&log, 200);
        assert!(log.exists());
        rotate(&log, 50);
        assert!(!log.exists());
        assert_eq!(
            std::fs::read(dir.path().join("dynamo-dr.log.1"))
                .unwrap()
                .len(),
            100
        );
    }
}
