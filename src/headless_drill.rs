//! `dynamo-dr drill --table T [--table U …] [--from …] [--json]`: a DR
//! drill of each table, headless, as operation "DR drill" runs in the
//! console (the same plan, journaled and audited): the copy restored into a
//! scratch table, timed, proved, deleted, and the result appended to the
//! drill history with its reports. Several tables drill at once, never more
//! than the account's 50 concurrent restores allow (less those in flight).
//!
//! Exit 0 when every drill passed, 1 when a check of any drill failed, 2
//! when a drill could not run (refused, a step failed, no copy to restore
//! from) and none failed a check.

use std::io::Write;
use std::process::ExitCode;
use std::sync::Arc;

use color_eyre::eyre::Result;
use serde::Serialize;

use crate::backend::{Backend, Scope};
use crate::domain::{
    BackupStatus, JobKind, PitrTarget, Printable, RecoveryPointStatus, StorageClass, TableName,
};
use crate::drill::DrillRecord;
use crate::launch::Launch;
use crate::workflow::{DrillSource, Operation, Outcome, RunContext, drill_scratch, plan, run};

/// DynamoDB's limit of concurrent restores per account.
pub const RESTORE_LIMIT: usize = 50;

/// What the command line asked for.
pub struct Request {
    pub tables: Vec<String>,
    /// `latest`, `pitr:TIME`, `backup:NAME` (or its ARN),
    /// `recovery-point:ARN`.
    pub from: String,
    pub json: bool,
    pub read_only: bool,
}

/// `--from`, parsed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DrillFrom {
    Latest,
    Pitr(PitrTarget),
    Backup(String),
    RecoveryPoint(String),
    /// The newest export under an `s3://` location.
    Export(crate::domain::S3Location),
    /// The table by PITR at the instant of the newest export there.
    PitrAtExport(crate::domain::S3Location),
}

impl std::str::FromStr for DrillFrom {
    type Err = String;
    fn from_str(raw: &str) -> Result<Self, String> {
        let raw = raw.trim();
        if raw == "latest" {
            return Ok(Self::Latest);
        }
        const SAY: &str = "say latest, pitr:TIME, backup:NAME, recovery-point:ARN, \
                           export:s3://BUCKET/PREFIX or pitr-at-export:s3://BUCKET/PREFIX";
        let (kind, value) = raw
            .split_once(':')
            .ok_or_else(|| format!("--from {raw}: {SAY}"))?;
        match kind {
            "pitr" if value == "latest" => Ok(Self::Pitr(PitrTarget::Latest)),
            "pitr" => crate::domain::time::parse_time_at(value, chrono::Utc::now())
                .map(|t| Self::Pitr(PitrTarget::At(t)))
                .map_err(|e| format!("--from pitr:{value}: {e}")),
            "backup" if !value.is_empty() => Ok(Self::Backup(value.to_owned())),
            "recovery-point" if value.starts_with("arn:") => {
                Ok(Self::RecoveryPoint(value.to_owned()))
            }
            "recovery-point" => Err(format!(
                "--from recovery-point:{value}: a recovery point is named by its ARN"
            )),
            "export" => crate::domain::S3Location::parse(value)
                .map(Self::Export)
                .map_err(|e| format!("--from export:{value}: {e}")),
            "pitr-at-export" => crate::domain::S3Location::parse(value)
                .map(Self::PitrAtExport)
                .map_err(|e| format!("--from pitr-at-export:{value}: {e}")),
            _ => Err(format!("--from {raw}: {SAY}")),
        }
    }
}

/// One table's drill as printed.
#[derive(Debug, Serialize)]
pub struct DrillOutcome {
    pub table: String,
    /// `passed`, `failed` (a check failed) or `not_run`.
    pub outcome: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub record: Option<DrillRecord>,
    /// The Markdown report.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub report: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
}

impl DrillOutcome {
    fn not_run(table: &str, error: String) -> Self {
        Self {
            table: table.to_owned(),
            outcome: "not_run",
            record: None,
            report: None,
            error: Some(error),
        }
    }
}

pub async fn run_to(
    launch: Launch,
    req: Request,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> Result<ExitCode> {
    if let Err(why) = refusal(&launch, &req).await {
        writeln!(err, "dynamo-dr: drill: {}", Printable(why))?;
        return Ok(ExitCode::from(2));
    }
    let from: DrillFrom = match req.from.parse() {
        Ok(f) => f,
        Err(why) => {
            writeln!(err, "dynamo-dr: drill: {}", Printable(why))?;
            return Ok(ExitCode::from(2));
        }
    };
    let scope = match Scope::of(launch.backend.as_ref()).await {
        Ok(s) => s,
        Err(why) => {
            writeln!(
                err,
                "dynamo-dr: drill: cannot tell which account this is: {}",
                Printable(why)
            )?;
            return Ok(ExitCode::from(2));
        }
    };
    let permits = concurrency(launch.backend.as_ref(), req.tables.len()).await;
    let gate = Arc::new(tokio::sync::Semaphore::new(permits));
    let launch = Arc::new(launch);
    let mut tasks = Vec::new();
    for (i, table) in req.tables.iter().enumerate() {
        let (gate, launch, scope, from, table) = (
            gate.clone(),
            launch.clone(),
            scope.clone(),
            from.clone(),
            table.clone(),
        );
        tasks.push(tokio::spawn(async move {
            let Ok(_permit) = gate.acquire_owned().await else {
                return DrillOutcome::not_run(&table, "the drills were stopped".to_owned());
            };
            drill_one(&launch, scope, i as u64 + 1, &table, &from).await
        }));
    }
    let mut outcomes = Vec::new();
    for (task, table) in tasks.into_iter().zip(&req.tables) {
        let outcome = task
            .await
            .unwrap_or_else(|e| DrillOutcome::not_run(table, format!("the drill stopped: {e}")));
        if !req.json {
            write_text(out, &outcome)?;
        }
        outcomes.push(outcome);
    }
    if req.json {
        serde_json::to_writer_pretty(&mut *out, &outcomes)?;
        writeln!(out)?;
    }
    Ok(exit_code(&outcomes))
}

/// 1 when a check failed anywhere, else 2 when a drill did not run, else 0.
pub fn exit_code(outcomes: &[DrillOutcome]) -> ExitCode {
    if outcomes.iter().any(|o| o.outcome == "failed") {
        ExitCode::FAILURE
    } else if outcomes.iter().any(|o| o.outcome == "not_run") {
        ExitCode::from(2)
    } else {
        ExitCode::SUCCESS
    }
}

/// Why nothing may be tried: read-only, no table, or the credentials are
/// not for the account the config names.
async fn refusal(launch: &Launch, req: &Request) -> Result<(), String> {
    if req.read_only {
        return Err("--read-only: a drill creates and deletes a scratch table".to_owned());
    }
    if req.tables.is_empty() {
        return Err("name a table with --table".to_owned());
    }
    if let Some(why) = launch.local.refusal() {
        return Err(why);
    }
    if let Some(expected) = &launch.expectations.account_id {
        let id = launch
            .backend
            .caller_identity()
            .await
            .map_err(|e| format!("cannot tell which account this is: {e}"))?;
        if id.account != expected.0 {
            return Err(format!(
                "these credentials are for account {}, not {}: nothing was drilled",
                id.account, expected.0
            ));
        }
    }
    Ok(())
}

/// How many drills run at once: all of them, within the restores the
/// account has left (50, less the AWS Backup restore jobs running).
pub async fn concurrency(backend: &dyn Backend, tables: usize) -> usize {
    let in_flight = backend.list_jobs().await.map_or(0, |jobs| {
        jobs.iter()
            .filter(|j| j.kind == JobKind::Restore && !j.status.is_finished())
            .count()
    });
    tables.min(RESTORE_LIMIT.saturating_sub(in_flight)).max(1)
}

async fn drill_one(
    launch: &Launch,
    scope: Scope,
    job: u64,
    table: &str,
    from: &DrillFrom,
) -> DrillOutcome {
    let name = match TableName::parse(table) {
        Ok(n) => n,
        Err(e) => return DrillOutcome::not_run(table, e.to_string()),
    };
    let source = match source(launch, &name, from).await {
        Ok(s) => s,
        Err(why) => return DrillOutcome::not_run(table, why),
    };
    let planned = plan(
        &Operation::Drill {
            table: name.clone(),
            source,
        },
        chrono::Utc::now(),
    );
    let Some(id) = drill_scratch(&planned.steps).map(ToString::to_string) else {
        return DrillOutcome::not_run(table, "the plan has no scratch table".to_owned());
    };
    let exp = &launch.expectations;
    let ctx = RunContext {
        job,
        backup_role_arn: exp
            .backup_role_arn
            .as_ref()
            .map(|r| r.0.clone())
            .unwrap_or_default(),
        vault: exp.backup_vault.clone().unwrap_or_default(),
        step_timeout: exp.step_timeout.and_then(|t| t.duration()),
        poll_interval: launch.poll_interval,
        journal_dir: Some(launch.local.journal_dir()),
        verify: exp.verify.clone(),
        repair: exp.repair,
        scope: Some(scope),
    };
    let (tx, mut rx) = tokio::sync::mpsc::unbounded_channel();
    let task = tokio::spawn(run(launch.backend.clone(), planned, ctx, tx));
    // A drill asks nothing; the events are only drained.
    while rx.recv().await.is_some() {}
    let outcome = match task.await {
        Ok(o) => o,
        Err(e) => return DrillOutcome::not_run(table, format!("the drill stopped: {e}")),
    };
    let error = match outcome {
        Outcome::Completed { .. } => None,
        Outcome::Refused { reason } => Some(format!("not started: {reason}")),
        Outcome::Cancelled { reason, .. } => Some(format!("cancelled: {reason}")),
        Outcome::Failed { step, error, .. } => Some(format!(
            "step {} failed: {error} (its journal is kept: the console resumes it, and deletes the scratch table)",
            step + 1
        )),
    };
    if let Some(error) = error {
        return DrillOutcome::not_run(table, error);
    }
    let record = crate::drill::load(&launch.local.dir)
        .ok()
        .and_then(|h| h.records.into_iter().find(|r| r.id == id));
    match record {
        Some(r) => DrillOutcome {
            table: table.to_owned(),
            outcome: if r.passed { "passed" } else { "failed" },
            report: Some(
                launch
                    .local
                    .dir
                    .join("drills")
                    .join(format!("{id}.md"))
                    .display()
                    .to_string(),
            ),
            record: Some(r),
            error: None,
        },
        None => DrillOutcome::not_run(
            table,
            "the drill finished but its record is not in the history".to_owned(),
        ),
    }
}

/// The folder of the newest export under `location`, refused when its
/// manifest names another table (it would prove nothing about this one).
async fn export_of(
    b: &dyn crate::backend::Backend,
    table: &TableName,
    location: &crate::domain::S3Location,
) -> Result<crate::domain::S3Location, String> {
    let found = crate::exports::locate::find_export(b, location).await?;
    if let Some(other) = found
        .table_arn
        .as_deref()
        .and_then(crate::domain::table_of_arn)
        .filter(|t| *t != table.as_str())
    {
        return Err(format!(
            "the export under {location} is of table {other}, not {table}"
        ));
    }
    Ok(found.folder())
}

/// The instant a full export of `table` shows it at, from the table's
/// exports (ListExports, DescribeExport): the export folder's id names it.
async fn export_instant(
    b: &dyn crate::backend::Backend,
    table: &TableName,
    folder: &crate::domain::S3Location,
) -> Result<chrono::DateTime<chrono::Utc>, String> {
    let id = folder.prefix.rsplit('/').next().unwrap_or_default();
    let arn = b
        .describe_table(table.as_str())
        .await
        .map_err(|e| format!("read {table}: {e}"))?
        .arn;
    let exports = b
        .list_exports(&arn)
        .await
        .map_err(|e| format!("list the exports of {table}: {e}"))?;
    // AWS names the folder by the export's id; an endpoint that does not
    // (moto) is matched by the only export under the same bucket and
    // prefix.
    let parent = folder
        .prefix
        .rsplitn(3, '/')
        .nth(2)
        .unwrap_or_default()
        .to_owned();
    let under: Vec<_> = exports
        .iter()
        .filter(|e| e.bucket == folder.bucket && e.prefix.trim_matches('/') == parent)
        .collect();
    let export = exports
        .iter()
        .find(|e| e.id() == id)
        .or(match under[..] {
            [only] => Some(only),
            _ => None,
        })
        .ok_or_else(|| {
            format!("{folder} is not among {table}'s exports: its instant is unknown")
        })?;
    let described;
    let export = if export.kind.is_some() {
        export
    } else {
        described = b
            .describe_export(&export.arn)
            .await
            .map_err(|e| format!("describe export {}: {e}", export.arn))?;
        &described
    };
    match export.kind {
        Some(crate::domain::ExportKind::Full { at }) => Ok(at),
        Some(crate::domain::ExportKind::Incremental { .. }) => Err(format!(
            "{folder} is an incremental export: no table was whole at one instant in it"
        )),
        None => Err(format!(
            "DescribeExport does not tell the instant of {folder}: drill from pitr:TIME \
             and verify against the export with dynamo-dr verify"
        )),
    }
}

/// The copy `from` names for `table`, read from the account.
async fn source(
    launch: &Launch,
    table: &TableName,
    from: &DrillFrom,
) -> Result<DrillSource, String> {
    let b = launch.backend.as_ref();
    match from {
        DrillFrom::Pitr(at) => Ok(DrillSource::Pitr(*at)),
        DrillFrom::Export(location) => {
            Ok(DrillSource::Export(export_of(b, table, location).await?))
        }
        DrillFrom::PitrAtExport(location) => {
            let folder = export_of(b, table, location).await?;
            let at = export_instant(b, table, &folder).await?;
            Ok(DrillSource::PitrAtExport { at, export: folder })
        }
        DrillFrom::RecoveryPoint(arn) => Ok(DrillSource::RecoveryPoint {
            arn: arn.as_str().into(),
            cold: false,
        }),
        DrillFrom::Backup(name) => {
            let backups = b
                .list_backups(Some(table.as_str()))
                .await
                .map_err(|e| format!("list backups of {table}: {e}"))?;
            backups
                .iter()
                .find(|x| x.name == *name || x.arn == *name)
                .map(|x| DrillSource::Backup(x.arn.as_str().into()))
                .ok_or_else(|| format!("{table} has no backup named {name}"))
        }
        DrillFrom::Latest => {
            let pitr = b
                .describe_continuous_backups(table.as_str())
                .await
                .map_err(|e| format!("read PITR of {table}: {e}"))?;
            if pitr.enabled {
                return Ok(DrillSource::Pitr(PitrTarget::Latest));
            }
            let backup = b
                .list_backups(Some(table.as_str()))
                .await
                .map_err(|e| format!("list backups of {table}: {e}"))?
                .into_iter()
                .filter(|x| x.status == BackupStatus::Available)
                .max_by_key(|x| x.created_at);
            let point = match (
                &launch.expectations.backup_vault,
                b.describe_table(table.as_str()).await,
            ) {
                (Some(vault), Ok(t)) => b
                    .list_recovery_points(vault, Some(&t.arn))
                    .await
                    .unwrap_or_default()
                    .into_iter()
                    .filter(|p| p.status == RecoveryPointStatus::Completed)
                    .max_by_key(|p| p.created_at),
                _ => None,
            };
            match (backup, point) {
                (Some(bk), Some(p)) if p.created_at > bk.created_at => {
                    Ok(DrillSource::RecoveryPoint {
                        arn: p.arn.as_str().into(),
                        cold: p.storage == StorageClass::Cold,
                    })
                }
                (Some(bk), _) => Ok(DrillSource::Backup(bk.arn.as_str().into())),
                (None, Some(p)) => Ok(DrillSource::RecoveryPoint {
                    arn: p.arn.as_str().into(),
                    cold: p.storage == StorageClass::Cold,
                }),
                (None, None) => Err(format!(
                    "{table} has nothing to restore from: PITR is off and it has no backup or recovery point"
                )),
            }
        }
    }
}

fn write_text(out: &mut dyn Write, o: &DrillOutcome) -> Result<()> {
    match (&o.record, &o.error) {
        (Some(r), _) => {
            writeln!(
                out,
                "{} {}: {} from {} (RTO {}); report {}",
                if r.passed { "✔" } else { "✘" },
                Printable(&o.table),
                if r.passed { "passed" } else { "FAILED" },
                Printable(&r.source),
                r.rto_text(),
                Printable(o.report.as_deref().unwrap_or("-")),
            )?;
            for c in r
                .checks
                .iter()
                .filter(|c| c.verdict == crate::drill::CheckVerdict::Fail)
            {
                writeln!(out, "    ✘ {}: {}", c.check.label(), Printable(&c.detail))?;
            }
        }
        (None, Some(e)) => writeln!(out, "? {}: not run: {}", Printable(&o.table), Printable(e))?,
        (None, None) => writeln!(out, "? {}: not run", Printable(&o.table))?,
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    #[test]
    fn from_reads_each_kind_of_copy_and_refuses_the_rest_with_a_reason() {
        assert_eq!("latest".parse::<DrillFrom>(), Ok(DrillFrom::Latest));
        assert_eq!(
            "pitr:latest".parse::<DrillFrom>(),
            Ok(DrillFrom::Pitr(PitrTarget::Latest))
        );
        for at in [
            "pitr:2026-11-30 10:00:00",
            "pitr:-2h",
            "pitr:yesterday 14:00",
        ] {
            assert!(
                matches!(
                    at.parse::<DrillFrom>(),
                    Ok(DrillFrom::Pitr(PitrTarget::At(_)))
                ),
                "{at}"
            );
        }
        assert_eq!(
            "backup:nightly".parse::<DrillFrom>(),
            Ok(DrillFrom::Backup("nightly".into()))
        );
        assert!(
            "recovery-point:abc"
                .parse::<DrillFrom>()
                .unwrap_err()
                .contains("ARN")
        );
        assert_eq!(
            "export:s3://dr-exports/nightly".parse::<DrillFrom>(),
            Ok(DrillFrom::Export(
                crate::domain::S3Location::new("dr-exports", "nightly").unwrap()
            ))
        );
        assert_eq!(
            "pitr-at-export:s3://dr-exports/nightly".parse::<DrillFrom>(),
            Ok(DrillFrom::PitrAtExport(
                crate::domain::S3Location::new("dr-exports", "nightly").unwrap()
            ))
        );
        assert!(
            "export:nightly"
                .parse::<DrillFrom>()
                .unwrap_err()
                .contains("--from export:nightly")
        );
        assert!(
            "yesterday"
                .parse::<DrillFrom>()
                .unwrap_err()
                .contains("pitr:TIME")
        );
        assert!(
            "pitr:soon"
                .parse::<DrillFrom>()
                .unwrap_err()
                .starts_with("--from pitr:soon")
        );
    }
}
