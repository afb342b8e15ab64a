//! `dynamo-dr verify --source A --target B`: the verification without the
//! screen. Exit 0 when the tables hold the same items, 1 when they differ,
//! 2 when the comparison could not be made.

use std::io::{IsTerminal, Write};
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::{Duration, Instant};

use color_eyre::eyre::Result;
use tokio::sync::mpsc;

use crate::domain::KeyDisplay;
use crate::domain::time::human_count;
use crate::launch::Launch;
use crate::verify::{self, VerifyOptions, VerifyProgress, VerifyReport};

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
    let diff_file = req
        .diff_file
        .clone()
        .unwrap_or_else(|| default_diff_file(&req));
    let opts = VerifyOptions {
        segments: req.segments,
        read_rate_limit: req.read_rate,
        max_diff_keys: req.max_keys,
        diff_file: Some(diff_file),
        ..VerifyOptions::default()
    };
    let (tx, rx) = mpsc::unbounded_channel();
    let printer = tokio::spawn(print_progress(rx));
    let result = verify::verify(
        launch.backend.as_ref(),
        &req.source,
        &req.target,
        &opts,
        Some(&tx),
    )
    .await;
    drop(tx);
    let _ = printer.await;
    let report = match result {
        Ok(r) => r,
        Err(e) => {
            eprintln!(
                "dynamo-dr: verify {} against {}: {e}",
                req.target, req.source
            );
            return Ok(ExitCode::from(2));
        }
    };
    let mut out = std::io::stdout().lock();
    if req.json {
        serde_json::to_writer_pretty(&mut out, &report)?;
        writeln!(out)?;
    } else {
        write_text(&mut out, &report)?;
    }
    Ok(if report.equal {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    })
}

fn default_diff_file(req: &Request) -> PathBuf {
    std::env::temp_dir().join(format!(
        "dynamo-dr-verify-{}-{}-{}.jsonl",
        req.source,
        req.target,
        chrono::Utc::now().format("%Y%m%dT%H%M%S")
    ))
}

fn write_text(out: &mut impl Write, r: &VerifyReport) -> std::io::Result<()> {
    for (role, name, d) in [
        ("source", &r.source, &r.source_digest),
        ("target", &r.target, &r.target_digest),
    ] {
        writeln!(
            out,
            "{role}  {name:<40} {:>10} items  digest {:032x}",
            d.items, d.sum
        )?;
    }
    if r.equal {
        writeln!(
            out,
            "EQUAL: {} holds the same {} items as {} (read in {:.1} s)",
            r.target, r.target_count, r.source, r.elapsed_secs
        )?;
        return Ok(());
    }
    writeln!(
        out,
        "DIFFERENT: {} keys differ between {} and {} (read in {:.1} s)",
        r.total_differences, r.source, r.target, r.elapsed_secs
    )?;
    for d in &r.differing_keys {
        writeln!(
            out,
            "  {:<8} {}",
            format!("{:?}", d.kind),
            KeyDisplay(&d.key)
        )?;
    }
    if let Some(path) = &r.all_diffs_written_to {
        writeln!(out, "every differing key: {}", path.display())?;
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
            p.table, p.pass, p.scanned, p.items_per_sec
        );
    }
}
