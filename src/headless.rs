//! `dynamo-dr inventory` and `dynamo-dr check`: the console's loaders and
//! checks without the screen.

use std::io::{IsTerminal, Write};
use std::process::ExitCode;
use std::time::Duration;

use color_eyre::eyre::Result;

use crate::checks;
use crate::domain::Printable;
use crate::domain::time::{format_reference, human_bytes, human_count};
use crate::inventory;
use crate::launch::Launch;

/// `inventory` on stdout and stderr, given up after `deadline` in all.
pub async fn inventory(launch: Launch, json: bool, deadline: Duration) -> Result<ExitCode> {
    progress(&format!("loading the inventory of {}", where_to(&launch)));
    let (mut out, mut err) = (std::io::stdout(), std::io::stderr());
    let run = inventory_to(launch, json, &mut out, &mut err);
    within(deadline, "inventory", run).await
}

/// `check` on stdout, given up after `deadline` in all.
pub async fn check(launch: Launch, json: bool, deadline: Duration) -> Result<ExitCode> {
    progress(&format!(
        "running the start-up checks on {}",
        where_to(&launch)
    ));
    let mut out = std::io::stdout();
    within(deadline, "check", check_to(launch, json, &mut out)).await
}

/// A headless command that has not finished by `deadline` says so, and
/// fails, instead of waiting on a hanging endpoint.
async fn within(
    deadline: Duration,
    what: &str,
    run: impl std::future::Future<Output = Result<ExitCode>>,
) -> Result<ExitCode> {
    match tokio::time::timeout(deadline, run).await {
        Ok(done) => done,
        Err(_) => {
            eprintln!(
                "dynamo-dr: {what}: no complete answer within {} s: the endpoint is slow or not answering (--deadline sets the limit)",
                deadline.as_secs()
            );
            Ok(ExitCode::FAILURE)
        }
    }
}

/// `region ca-central-1` or `region us-east-1 at http://…`.
fn where_to(launch: &Launch) -> String {
    let info = launch.backend.info();
    match info.endpoint {
        Some(endpoint) => format!("region {} at {}", info.region, Printable(&endpoint)),
        None => format!("region {}", info.region),
    }
}

/// A line on stderr while a headless command waits, when a person watches
/// (stderr is a terminal); scripts that read stderr get only the errors.
fn progress(what: &str) {
    if std::io::stderr().is_terminal() {
        eprintln!("dynamo-dr: {what}…");
    }
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
            "{:<40} {:<9} {:>8} {:>9} {:<34} {:<4} NEWEST COPY",
            "TABLE", "STATUS", "ITEMS", "SIZE", "PITR", "PROT"
        )?;
        for t in &inv.tables {
            match (&t.table, &t.error) {
                (_, Some(e)) => {
                    writeln!(out, "{:<40} error: {}", Printable(&t.name), Printable(e))?
                }
                (Some(tb), None) => {
                    let pitr = match t.pitr.as_ref().map(|p| (p.recovery_period_days, p.window)) {
                        Some((days, Some(w))) => format!(
                            "{}d, from {}",
                            days.unwrap_or(35),
                            format_reference(w.earliest)
                        ),
                        _ => "off".to_owned(),
                    };
                    let newest = match t.newest_copy {
                        Some(c) => format!("{} ({})", format_reference(c.at), c.kind.label()),
                        None => "none".to_owned(),
                    };
                    writeln!(
                        out,
                        "{:<40} {:<9} {:>8} {:>9} {:<34} {:<4} {}",
                        Printable(&t.name),
                        tb.status.label(),
                        human_count(tb.item_count),
                        human_bytes(tb.size_bytes),
                        pitr,
                        if tb.deletion_protection { "on" } else { "off" },
                        newest
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
    for e in grouped(&inv.errors) {
        writeln!(err, "dynamo-dr: {}", Printable(&e))?;
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

/// `check`, printing to `out`; what the account answered goes through
/// `Printable` (as text; JSON escapes what it must itself).
pub async fn check_to(launch: Launch, json: bool, out: &mut dyn Write) -> Result<ExitCode> {
    let results = checks::run(launch.backend.as_ref(), &launch.expectations).await;
    let ok = results.iter().all(|r| r.passed);
    let code = if ok {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    };
    if json {
        let report = serde_json::json!({ "passed": ok, "checks": results });
        serde_json::to_writer_pretty(&mut *out, &report)?;
        writeln!(out)?;
        return Ok(code);
    }
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
    if !ok {
        writeln!(
            out,
            "mutating operations stay disabled until every check passes"
        )?;
    }
    Ok(code)
}

/// Listings that failed for the same reason, said once:
/// `list tables, list backups: no credentials found …`.
fn grouped(errors: &[String]) -> Vec<String> {
    let mut by_reason: Vec<(String, Vec<String>)> = Vec::new();
    for e in errors {
        let (what, why) = e.split_once(": ").unwrap_or(("", e));
        match by_reason.iter_mut().find(|(r, _)| r == why) {
            Some((_, whats)) => whats.push(what.to_owned()),
            None => by_reason.push((why.to_owned(), vec![what.to_owned()])),
        }
    }
    by_reason
        .into_iter()
        .map(|(why, whats)| {
            let whats: Vec<String> = whats.into_iter().filter(|w| !w.is_empty()).collect();
            if whats.is_empty() {
                why
            } else {
                format!("{}: {why}", whats.join(", "))
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

    #[test]
    fn listings_that_fail_for_one_reason_are_said_once() {
        let errors = [
            "list tables: no credentials".to_owned(),
            "list backups: no credentials".to_owned(),
            "list jobs: throttled".to_owned(),
            "list recovery points: no credentials".to_owned(),
        ];
        assert_eq!(
            super::grouped(&errors),
            [
                "list tables, list backups, list recovery points: no credentials",
                "list jobs: throttled"
            ]
        );
    }
}
