//! `dynamo-dr verify --source A --target B`: the verification without the
//! screen. Exit 0 when the tables hold the same items, 1 when they differ,
//! 2 when the comparison could not be made.

use std::io::{IsTerminal, Write};
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::{Duration, Instant};

use color_eyre::eyre::Result;
use tokio::sync::mpsc;

use crate::backend::BackendKind;
use crate::domain::time::{full_count, human_count};
use crate::domain::{KeyDisplay, Printable};
use crate::launch::Launch;
use crate::verify::{self, DiffFile, VerifyOptions, VerifyProgress, VerifyReport};
use crate::{logging, safe_fs};

/// What the command line asked for.
pub struct Request {
    pub source: String,
    pub target: String,
    pub json: bool,
    pub segments: u32,
    pub diff_file: Option<PathBuf>,
    pub read_rate: Option<f64>,
    pub max_keys: usize,
}

pub async fn run(launch: Launch, req: Request) -> Result<ExitCode> {
    run_to(launch, req, &mut std::io::stdout(), &mut std::io::stderr()).await
}

/// `verify`, printing the report to `out` and errors to `err`; names, keys
/// and messages go through `Printable`.
pub async fn run_to(
    launch: Launch,
    req: Request,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> Result<ExitCode> {
    // With --json a script reads the failure from stdout too, as JSON.
    let (json, source, target) = (req.json, req.source.clone(), req.target.clone());
    let mut refuse = |message: String| -> Result<ExitCode> {
        writeln!(err, "dynamo-dr: {}", Printable(&message))?;
        if json {
            let failure = serde_json::json!({
                "source": source,
                "target": target,
                "error": message,
            });
            serde_json::to_writer_pretty(&mut *out, &failure)?;
            writeln!(out)?;
        }
        Ok(ExitCode::from(2))
    };
    if let Err(e) = verify::check_pair(&req.source, &req.target) {
        return refuse(format!("verify: {e}"));
    }
    // Opened before either table is read: a bad path costs no scan.
    let sandbox = launch.backend.info().kind == BackendKind::Sandbox;
    let mut diffs = match open_diff_file(&req, sandbox) {
        Ok(f) => f,
        Err(e) => return refuse(format!("verify: {e}")),
    };
    let opts = VerifyOptions {
        segments: req.segments,
        read_rate_limit: req.read_rate,
        max_diff_keys: req.max_keys,
        diff_file: None,
        ..VerifyOptions::default()
    };
    let (tx, rx) = mpsc::unbounded_channel();
    let printer = tokio::spawn(print_progress(rx));
    let result = verify::verify_into(
        launch.backend.as_ref(),
        &req.source,
        &req.target,
        &opts,
        &mut diffs,
        Some(&tx),
    )
    .await;
    drop(tx);
    let _ = printer.await;
    let written = matches!(&result, Ok(r) if r.all_diffs_written_to.is_some());
    if !written && let Err(e) = diffs.discard() {
        tracing::warn!("cannot remove the empty differences file: {e}");
    }
    let report = match result {
        Ok(r) => r,
        Err(e) => {
            return refuse(format!(
                "verify --source {} --target {}: {e}",
                req.source, req.target
            ));
        }
    };
    if req.json {
        serde_json::to_writer_pretty(&mut *out, &report)?;
        writeln!(out)?;
    } else {
        write_text(out, &report)?;
    }
    Ok(if report.equal {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    })
}

/// Why the differences file could not be opened.
#[derive(Debug, thiserror::Error)]
pub enum DiffFileError {
    #[error("no state directory to keep the differences file in: pass --diff-file PATH")]
    NoStateDir,
    #[error("cannot make {dir} for the differences file: {source}")]
    Dir {
        dir: PathBuf,
        source: std::io::Error,
    },
    #[error(
        "{path} already exists: a differences file is never written over; pass a new --diff-file PATH"
    )]
    Exists { path: PathBuf },
    #[error("cannot create the differences file {path}: {source}")]
    Create {
        path: PathBuf,
        source: std::io::Error,
    },
}

/// `--diff-file`, or a new file in the verify directory of the state dir.
fn open_diff_file(req: &Request, sandbox: bool) -> Result<DiffFile, DiffFileError> {
    let create = |path: PathBuf| {
        DiffFile::create_new(&path).map_err(|source| match source.kind() {
            std::io::ErrorKind::AlreadyExists => DiffFileError::Exists { path },
            _ => DiffFileError::Create { path, source },
        })
    };
    if let Some(path) = &req.diff_file {
        return create(path.clone());
    }
    let dir = logging::verify_dir(sandbox).ok_or(DiffFileError::NoStateDir)?;
    safe_fs::private_dir(&dir).map_err(|source| DiffFileError::Dir {
        dir: dir.clone(),
        source,
    })?;
    let name = default_diff_name(&req.source, &req.target, chrono::Utc::now());
    // Two runs in one millisecond, or a name taken by something planted:
    // another name, never that file.
    let mut last = None;
    for attempt in 0..100 {
        let path = match attempt {
            0 => dir.join(format!("{name}.jsonl")),
            n => dir.join(format!("{name}-{n}.jsonl")),
        };
        match create(path) {
            Err(e @ DiffFileError::Exists { .. }) => last = Some(e),
            other => return other,
        }
    }
    Err(last.unwrap_or(DiffFileError::NoStateDir))
}

/// `verify-20261122T030000.123Z-orders-vs-orders-restored`: when, and both
/// tables, with anything but letters, digits, `_`, `-` and `.` made `_` and
/// each name cut to 100 characters, so any pair makes one valid file name.
pub fn default_diff_name(source: &str, target: &str, now: chrono::DateTime<chrono::Utc>) -> String {
    let clean = |table: &str| -> String {
        table
            .chars()
            .take(100)
            .map(|c| match c {
                'a'..='z' | 'A'..='Z' | '0'..='9' | '_' | '-' | '.' => c,
                _ => '_',
            })
            .collect()
    };
    format!(
        "verify-{}-{}-vs-{}",
        now.format("%Y%m%dT%H%M%S%.3fZ"),
        clean(source),
        clean(target)
    )
}

fn write_text(out: &mut dyn Write, r: &VerifyReport) -> std::io::Result<()> {
    for (role, name, d) in [
        ("source", &r.source, &r.source_digest),
        ("target", &r.target, &r.target_digest),
    ] {
        writeln!(
            out,
            "{role}  {:<40} {:>13} items  digest {:032x}",
            Printable(name),
            full_count(d.items),
            d.sum
        )?;
    }
    if r.equal {
        writeln!(
            out,
            "EQUAL: {} holds the same {} items as {} (read in {:.1} s)",
            Printable(&r.target),
            full_count(r.target_count),
            Printable(&r.source),
            r.elapsed_secs
        )?;
        return Ok(());
    }
    writeln!(
        out,
        "DIFFERENT: {} keys differ between {} and {}: {} (read in {:.1} s)",
        full_count(r.total_differences),
        Printable(&r.source),
        Printable(&r.target),
        r.counts,
        r.elapsed_secs
    )?;
    for d in &r.differing_keys {
        writeln!(
            out,
            "  {:<8} {}",
            format!("{:?}", d.kind),
            Printable(KeyDisplay(&d.key))
        )?;
    }
    if let Some(path) = &r.all_diffs_written_to {
        writeln!(out, "every differing key: {}", Printable(path.display()))?;
    }
    Ok(())
}

/// One line a second on stderr, only when a person is watching it.
async fn print_progress(mut rx: mpsc::UnboundedReceiver<VerifyProgress>) {
    let watching = std::io::stderr().is_terminal();
    let mut last = Instant::now();
    while let Some(p) = rx.recv().await {
        if !watching || last.elapsed() < Duration::from_secs(1) {
            continue;
        }
        last = Instant::now();
        let percent = p
            .percent()
            .map(|v| format!("{v:.1}% of ~{}", human_count(p.expected)))
            .unwrap_or_else(|| "?%".to_owned());
        eprintln!(
            "verify: {} {:?} {} items read ({percent}), {:.0} items/s",
            Printable(&p.table),
            p.pass,
            p.scanned,
            p.items_per_sec
        );
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
    use super::*;

    #[test]
    fn the_default_name_holds_the_time_and_both_tables_as_one_safe_file_name() {
        let now = chrono::DateTime::parse_from_rfc3339("2026-11-22T03:00:00.123Z")
            .unwrap()
            .with_timezone(&chrono::Utc);
        assert_eq!(
            default_diff_name("orders", "orders-restored", now),
            "verify-20261122T030000.123Z-orders-vs-orders-restored"
        );
        let hostile = format!("../../etc/{}\x1b]0;x\x07\u{202e}/é", "a".repeat(300));
        let name = default_diff_name(&hostile, "/tmp/x", now);
        assert!(
            name.chars()
                .all(|c| c.is_ascii_alphanumeric() || "_-.".contains(c)),
            "{name}"
        );
        assert!(name.len() + ".jsonl-99".len() <= 255, "{}", name.len());
        assert!(name.contains("-vs-_tmp_x"), "{name}");
    }
}
