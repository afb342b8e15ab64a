//! `dynamo-dr inventory` and `dynamo-dr check`: the console's loaders and
//! checks without the screen.

use std::io::Write;
use std::process::ExitCode;

use color_eyre::eyre::Result;

use crate::checks;
use crate::domain::time::{format_reference, human_bytes, human_count};
use crate::inventory;
use crate::launch::Launch;

pub async fn inventory(launch: Launch, json: bool) -> Result<ExitCode> {
    let inv = inventory::collect(launch.backend, launch.load).await;
    let mut out = std::io::stdout().lock();
    if json {
        serde_json::to_writer_pretty(&mut out, &inv)?;
        writeln!(out)?;
    } else {
        writeln!(
            out,
            "{:<40} {:<9} {:>8} {:>9} {:<28} PROT",
            "TABLE", "STATUS", "ITEMS", "SIZE", "PITR"
        )?;
        for t in &inv.tables {
            match (&t.table, &t.error) {
                (_, Some(e)) => writeln!(out, "{:<40} error: {e}", t.name)?,
                (Some(tb), None) => {
                    let pitr = match t.pitr.as_ref().and_then(|p| p.window) {
                        Some(w) => format!("from {}", format_reference(w.earliest)),
                        None => "off".to_owned(),
                    };
                    writeln!(
                        out,
                        "{:<40} {:<9} {:>8} {:>9} {:<28} {}",
                        t.name,
                        tb.status.label(),
                        human_count(tb.item_count),
                        human_bytes(tb.size_bytes),
                        pitr,
                        if tb.deletion_protection { "on" } else { "off" }
                    )?
                }
                (None, None) => writeln!(out, "{:<40} not loaded", t.name)?,
            }
        }
        writeln!(
            out,
            "{} tables, {} backups, {} recovery points, {} jobs",
            inv.tables.len(),
            inv.backups.len(),
            inv.recovery_points.len(),
            inv.jobs.len()
        )?;
    }
    for e in &inv.errors {
        eprintln!("dynamo-dr: {e}");
    }
    for u in &inv.unavailable {
        eprintln!("dynamo-dr: not available here: {u}");
    }
    Ok(if inv.is_complete() {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    })
}

pub async fn check(launch: Launch) -> Result<ExitCode> {
    let results = checks::run(launch.backend.as_ref(), &launch.expectations).await;
    let mut out = std::io::stdout().lock();
    for r in &results {
        let mark = if r.passed { "✔ pass" } else { "✘ FAIL" };
        writeln!(out, "{mark}  {:<12} {}", r.name, r.detail)?;
        if let Some(fix) = &r.fix {
            writeln!(out, "              fix: {fix}")?;
        }
    }
    let ok = results.iter().all(|r| r.passed);
    if !ok {
        writeln!(
            out,
            "mutating operations stay disabled until every check passes"
        )?;
    }
    Ok(if ok {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    })
}
