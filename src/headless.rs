//! `dynamo-dr inventory` and `dynamo-dr check`: the console's loaders and
//! checks without the screen.

use std::io::Write;
use std::process::ExitCode;

use color_eyre::eyre::Result;

use crate::checks;
use crate::domain::Printable;
use crate::domain::time::{format_reference, human_bytes, human_count};
use crate::inventory;
use crate::launch::Launch;

pub async fn inventory(launch: Launch, json: bool) -> Result<ExitCode> {
    inventory_to(launch, json, &mut std::io::stdout(), &mut std::io::stderr()).await
}

/// `inventory`, printing to `out` and `err`. Every name and message from
/// the account is printed through `Printable`.
pub async fn inventory_to(
    launch: Launch,
    json: bool,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> Result<ExitCode> {
    let inv = inventory::collect(launch.backend, launch.load).await;
    if json {
        serde_json::to_writer_pretty(&mut *out, &inv)?;
        writeln!(out)?;
    } else {
        writeln!(
            out,
            "{:<40} {:<9} {:>8} {:>9} {:<28} PROT",
            "TABLE", "STATUS", "ITEMS", "SIZE", "PITR"
        )?;
        for t in &inv.tables {
            match (&t.table, &t.error) {
                (_, Some(e)) => {
                    writeln!(out, "{:<40} error: {}", Printable(&t.name), Printable(e))?
                }
                (Some(tb), None) => {
                    let pitr = match t.pitr.as_ref().and_then(|p| p.window) {
                        Some(w) => format!("from {}", format_reference(w.earliest)),
                        None => "off".to_owned(),
                    };
                    writeln!(
                        out,
                        "{:<40} {:<9} {:>8} {:>9} {:<28} {}",
                        Printable(&t.name),
                        tb.status.label(),
                        human_count(tb.item_count),
                        human_bytes(tb.size_bytes),
                        pitr,
                        if tb.deletion_protection { "on" } else { "off" }
                    )?
                }
                (None, None) => writeln!(out, "{:<40} not loaded", Printable(&t.name))?,
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
        writeln!(err, "dynamo-dr: {}", Printable(e))?;
    }
    for u in &inv.unavailable {
        writeln!(err, "dynamo-dr: not available here: {}", Printable(u))?;
    }
    Ok(if inv.is_complete() {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    })
}

pub async fn check(launch: Launch) -> Result<ExitCode> {
    check_to(launch, &mut std::io::stdout()).await
}

/// `check`, printing to `out`; what the account answered goes through
/// `Printable`.
pub async fn check_to(launch: Launch, out: &mut dyn Write) -> Result<ExitCode> {
    let results = checks::run(launch.backend.as_ref(), &launch.expectations).await;
    for r in &results {
        let mark = if r.passed { "✔ pass" } else { "✘ FAIL" };
        writeln!(
            out,
            "{mark}  {:<12} {}",
            Printable(r.name),
            Printable(&r.detail)
        )?;
        if let Some(fix) = &r.fix {
            writeln!(out, "              fix: {}", Printable(fix))?;
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
