//! `dynamo-dr backup --table T --keep N`: a scheduled DynamoDB backup with
//! count-based retention, for cron, a CI job or a scheduled task. Each
//! table gets a new `{T}--sched-{time}` backup; only once it is AVAILABLE
//! are that table's oldest scheduled backups beyond N deleted, and never any
//! other backup (manual ones, `--orig`, `--dupe`, AWS Backup's).
//!
//! Exit 0 when every table was backed up and pruned, 1 when any failed, 2
//! when nothing was tried (read-only, the wrong account, no table).

use std::io::Write;
use std::process::ExitCode;
use std::time::{Duration, Instant};

use color_eyre::eyre::Result;
use serde::Serialize;

use crate::backend::{Backend, BackendError};
use crate::domain::{BackupStatus, Printable, TableName, plural, scheduled_name, split_scheduled};
use crate::launch::Launch;

/// What the command line asked for.
pub struct Request {
    /// `--table`, in the order given; empty with `--all`.
    pub tables: Vec<String>,
    /// `--all`: every table in the region.
    pub all: bool,
    /// How many scheduled backups of each table to keep, the new one counted.
    pub keep: u32,
    pub json: bool,
    /// `--read-only`: nothing is created or deleted.
    pub read_only: bool,
    /// How long one table's new backup may take to become AVAILABLE.
    pub wait: Duration,
}

/// What happened to one table.
#[derive(Debug, Default, Serialize)]
pub struct TableOutcome {
    pub table: String,
    /// The new backup's name and ARN.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub created: Option<Created>,
    /// Scheduled backups deleted, oldest first.
    pub deleted: Vec<String>,
    /// Scheduled backups kept, newest first (the new one among them).
    pub kept: Vec<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
}

#[derive(Debug, Serialize)]
pub struct Created {
    pub name: String,
    pub arn: String,
}

/// `backup`, printing what it created and deleted to `out` and why it
/// refused to `err`; names and messages go through `Printable`.
pub async fn run_to(
    launch: Launch,
    req: Request,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> Result<ExitCode> {
    let backend = launch.backend.as_ref();
    if let Err(why) = refusal(&launch, &req).await {
        writeln!(err, "dynamo-dr: backup: {}", Printable(why))?;
        return Ok(ExitCode::from(2));
    }
    let tables = if req.all {
        match backend.list_tables().await {
            Ok(names) => names,
            Err(e) => {
                writeln!(
                    err,
                    "dynamo-dr: backup: list tables: {}",
                    Printable(e.to_string())
                )?;
                return Ok(ExitCode::FAILURE);
            }
        }
    } else {
        req.tables.clone()
    };
    let mut outcomes = Vec::new();
    for table in tables {
        let outcome = back_up(backend, &table, &req, launch.poll_interval).await;
        if !req.json {
            write_text(out, &outcome)?;
        }
        outcomes.push(outcome);
    }
    if req.json {
        serde_json::to_writer_pretty(&mut *out, &outcomes)?;
        writeln!(out)?;
    }
    Ok(if outcomes.iter().all(|o| o.error.is_none()) {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    })
}

/// Why nothing may be tried: read-only, or the credentials are not for the
/// account the config names (a cron job on the wrong account must change
/// nothing there).
async fn refusal(launch: &Launch, req: &Request) -> Result<(), String> {
    if req.read_only {
        return Err("--read-only: no backup is created or deleted".to_owned());
    }
    if !req.all && req.tables.is_empty() {
        return Err("name a table with --table, or --all".to_owned());
    }
    if let Some(expected) = &launch.expectations.account_id {
        let id = launch
            .backend
            .caller_identity()
            .await
            .map_err(|e| format!("cannot tell which account this is: {e}"))?;
        if id.account != expected.0 {
            return Err(format!(
                "these credentials are for account {}, the config names {}: nothing done",
                id.account, expected.0
            ));
        }
    }
    Ok(())
}

/// One table: the new backup, its wait, then the prune.
async fn back_up(
    backend: &dyn Backend,
    table: &str,
    req: &Request,
    poll: Duration,
) -> TableOutcome {
    let mut outcome = TableOutcome {
        table: table.to_owned(),
        ..TableOutcome::default()
    };
    if let Err(e) = back_up_into(backend, table, req, poll, &mut outcome).await {
        outcome.error = Some(e);
    }
    outcome
}

async fn back_up_into(
    backend: &dyn Backend,
    table: &str,
    req: &Request,
    poll: Duration,
    outcome: &mut TableOutcome,
) -> Result<(), String> {
    let name = TableName::parse(table).map_err(|e| e.to_string())?;
    let backup_name = scheduled_name(&name, chrono::Utc::now());
    let backup = backend
        .create_backup(table, &backup_name)
        .await
        .map_err(|e| format!("CreateBackup: {e}"))?;
    outcome.created = Some(Created {
        name: backup.name.clone(),
        arn: backup.arn.clone(),
    });
    wait_available(backend, &backup.arn, &backup_name, req.wait, poll).await?;
    let others: Vec<_> = backend
        .list_backups(Some(table))
        .await
        .map_err(|e| format!("ListBackups (nothing deleted): {e}"))?
        .into_iter()
        .filter(|b| b.arn != backup.arn)
        .collect();
    // The new backup counts as one of the N kept.
    let (kept, beyond) = split_scheduled(&others, &name, req.keep.saturating_sub(1) as usize);
    outcome.kept = std::iter::once(backup.name.clone())
        .chain(kept.iter().map(|b| b.name.clone()))
        .collect();
    let mut failures = Vec::new();
    for old in beyond.iter().rev() {
        match old.status {
            BackupStatus::Available => match backend.delete_backup(&old.arn).await {
                Ok(_) | Err(BackendError::NotFound { .. }) => {
                    outcome.deleted.push(old.name.clone())
                }
                Err(e) => failures.push(format!("DeleteBackup {}: {e}", old.name)),
            },
            // Being made or already going: not ours to delete now; the
            // next run counts it again.
            _ => failures.push(format!(
                "{} is {}: left for the next run",
                old.name,
                old.status.label()
            )),
        }
    }
    if failures.is_empty() {
        Ok(())
    } else {
        Err(failures.join("; "))
    }
}

/// Until the new backup is AVAILABLE: nothing is pruned before then.
async fn wait_available(
    backend: &dyn Backend,
    arn: &str,
    name: &str,
    limit: Duration,
    poll: Duration,
) -> Result<(), String> {
    let started = Instant::now();
    loop {
        let b = backend
            .describe_backup(arn)
            .await
            .map_err(|e| format!("DescribeBackup {name} (nothing deleted): {e}"))?;
        match b.status {
            BackupStatus::Available => return Ok(()),
            BackupStatus::Deleted => {
                return Err(format!(
                    "{name} was deleted before it was AVAILABLE (nothing deleted)"
                ));
            }
            BackupStatus::Creating if started.elapsed() >= limit => {
                return Err(format!(
                    "{name} is not AVAILABLE after {} s (nothing deleted; --wait sets the limit)",
                    limit.as_secs()
                ));
            }
            BackupStatus::Creating => tokio::time::sleep(poll).await,
        }
    }
}

fn write_text(out: &mut dyn Write, o: &TableOutcome) -> std::io::Result<()> {
    let table = Printable(&o.table);
    if let Some(c) = &o.created {
        writeln!(out, "{table}: created {}", Printable(&c.name))?;
    }
    for d in &o.deleted {
        writeln!(out, "{table}: deleted {}", Printable(d))?;
    }
    if !o.kept.is_empty() {
        writeln!(
            out,
            "{table}: kept {}",
            plural::count(o.kept.len(), "scheduled backup")
        )?;
    }
    if let Some(e) = &o.error {
        writeln!(out, "{table}: FAILED: {}", Printable(e))?;
    }
    Ok(())
}
