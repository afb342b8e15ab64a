//! `dynamo-dr export` and `dynamo-dr import`: an export of a table to S3
//! (full at a time, or incremental between two), and an import of an
//! export into a new table, for cron or CI. Both are audited like every
//! change; `--wait` follows the export or import until it ends.
//!
//! Exit 0 when it was started (and, with `--wait`, completed), 1 when AWS
//! refused it or it failed, 2 when nothing was tried (bad input,
//! read-only, the wrong account).

use std::io::Write;
use std::process::ExitCode;

use chrono::{DateTime, Utc};
use color_eyre::eyre::Result;

use crate::backend::Backend;
use crate::domain::{
    Compression, ExportKind, ExportRequest, Printable, S3Location, check_incremental,
    time::parse_time_at,
};
use crate::exports::import_source::{parse_key, prepare_import};
use crate::launch::Launch;

/// `export`'s command line.
pub struct ExportRequestArgs {
    pub table: String,
    pub bucket: String,
    pub prefix: String,
    pub bucket_owner: Option<String>,
    pub kms_key: Option<String>,
    pub at: Option<String>,
    pub from: Option<String>,
    pub to: Option<String>,
    pub wait: bool,
    pub json: bool,
    pub read_only: bool,
    pub now: DateTime<Utc>,
}

/// `import`'s command line.
pub struct ImportRequestArgs {
    pub bucket: String,
    pub prefix: String,
    pub table: String,
    pub compression: Option<String>,
    pub key: Option<String>,
    pub wait: bool,
    pub json: bool,
    pub read_only: bool,
    pub now: DateTime<Utc>,
}

fn refuse(err: &mut dyn Write, cmd: &str, why: impl std::fmt::Display) -> Result<ExitCode> {
    writeln!(err, "dynamo-dr: {cmd}: {}", Printable(why.to_string()))?;
    Ok(ExitCode::from(2))
}

fn failed(err: &mut dyn Write, cmd: &str, why: impl std::fmt::Display) -> Result<ExitCode> {
    writeln!(err, "dynamo-dr: {cmd}: {}", Printable(why.to_string()))?;
    Ok(ExitCode::FAILURE)
}

/// The export's kind from `--at`, `--from`/`--to` (relative times as the
/// console takes them; `--at` defaults to now).
fn export_kind(a: &ExportRequestArgs) -> Result<ExportKind, String> {
    let t = |s: &str| parse_time_at(s, a.now);
    match (&a.at, &a.from, &a.to) {
        (Some(_), Some(_), _) | (Some(_), _, Some(_)) => {
            Err("--at is a full export, --from/--to an incremental one: give one".to_owned())
        }
        (_, Some(from), Some(to)) => {
            let (from, to) = (t(from)?, t(to)?);
            check_incremental(from, to)?;
            Ok(ExportKind::Incremental { from, to })
        }
        (_, Some(_), None) | (_, None, Some(_)) => {
            Err("an incremental export needs both --from and --to".to_owned())
        }
        (Some(at), None, None) => Ok(ExportKind::Full { at: t(at)? }),
        (None, None, None) => Ok(ExportKind::Full { at: a.now }),
    }
}

async fn account_refusal(launch: &Launch, read_only: bool, what: &str) -> Result<(), String> {
    if read_only {
        return Err(format!("--read-only: no {what} is started"));
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

pub async fn export_to(
    launch: Launch,
    a: ExportRequestArgs,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> Result<ExitCode> {
    const CMD: &str = "export";
    let loc = match S3Location::new(&a.bucket, &a.prefix) {
        Ok(l) => l,
        Err(e) => return refuse(err, CMD, e),
    };
    let kind = match export_kind(&a) {
        Ok(k) => k,
        Err(e) => return refuse(err, CMD, e),
    };
    if let Err(why) = account_refusal(&launch, a.read_only, "export").await {
        return refuse(err, CMD, why);
    }
    let backend = launch.backend.as_ref();
    let table = match backend.describe_table(&a.table).await {
        Ok(t) => t,
        Err(e) => return failed(err, CMD, e),
    };
    // An export within the same minute is the same export (the client token).
    let token = format!("dynamo-dr-export-{}-{}", a.now.timestamp() / 60, &a.table);
    let request = ExportRequest {
        table_arn: table.arn,
        bucket: loc.bucket.clone(),
        prefix: loc.prefix.clone(),
        bucket_owner: a.bucket_owner.clone(),
        kms_key: a.kms_key.clone(),
        kind,
        client_token: token.chars().take(36).collect(),
    };
    let mut export = match backend.export_table(&request).await {
        Ok(e) => e,
        Err(e) => return failed(err, CMD, e),
    };
    if a.wait {
        while !export.status.is_finished() {
            tokio::time::sleep(launch.poll_interval).await;
            export = match backend.describe_export(&export.arn).await {
                Ok(e) => e,
                Err(e) => return failed(err, CMD, e),
            };
        }
    }
    if a.json {
        writeln!(out, "{}", serde_json::to_string_pretty(&export)?)?;
    } else {
        writeln!(
            out,
            "export {} of {}: {}{}",
            Printable(&export.arn),
            Printable(&a.table),
            export.status.label(),
            export
                .items
                .filter(|_| export.status.is_finished())
                .map(|n| format!(", {n} items"))
                .unwrap_or_default()
        )?;
        writeln!(out, "  files under {}", Printable(export.location()))?;
        if let Some(why) = &export.failure {
            writeln!(out, "  failed: {}", Printable(why))?;
        }
    }
    Ok(match export.status {
        crate::domain::ExportStatus::Failed => ExitCode::FAILURE,
        _ => ExitCode::SUCCESS,
    })
}

pub async fn import_to(
    launch: Launch,
    a: ImportRequestArgs,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> Result<ExitCode> {
    const CMD: &str = "import";
    let loc = match S3Location::new(&a.bucket, &a.prefix) {
        Ok(l) => l,
        Err(e) => return refuse(err, CMD, e),
    };
    if let Err(e) = crate::domain::TableName::parse(&a.table) {
        return refuse(err, CMD, format!("--table {}: {e}", a.table));
    }
    let compression = match a.compression.as_deref().map(Compression::parse).transpose() {
        Ok(c) => c,
        Err(e) => return refuse(err, CMD, e),
    };
    let key = match a.key.as_deref().map(parse_key).transpose() {
        Ok(k) => k,
        Err(e) => return refuse(err, CMD, e),
    };
    if let Err(why) = account_refusal(&launch, a.read_only, "import").await {
        return refuse(err, CMD, why);
    }
    let backend: &dyn Backend = launch.backend.as_ref();
    if backend.describe_table(&a.table).await.is_ok() {
        return refuse(
            err,
            CMD,
            format!(
                "table {} already exists: an import creates a new table",
                a.table
            ),
        );
    }
    let token = format!("dynamo-dr-import-{}-{}", a.now.timestamp() / 60, a.table);
    let (request, _found) = match prepare_import(
        backend,
        &loc,
        &a.table,
        compression,
        key,
        token.chars().take(36).collect(),
    )
    .await
    {
        Ok(r) => r,
        Err(e) => return refuse(err, CMD, e),
    };
    let mut import = match backend.import_table(&request).await {
        Ok(i) => i,
        Err(e) => return failed(err, CMD, e),
    };
    if a.wait {
        while !import.status.is_finished() {
            tokio::time::sleep(launch.poll_interval).await;
            import = match backend.describe_import(&import.arn).await {
                Ok(i) => i,
                Err(e) => return failed(err, CMD, e),
            };
        }
    }
    if a.json {
        writeln!(out, "{}", serde_json::to_string_pretty(&import)?)?;
    } else {
        writeln!(
            out,
            "import {} into {}: {}",
            Printable(&import.arn),
            Printable(&import.table_name),
            import.status.label()
        )?;
        writeln!(
            out,
            "  from s3://{}/{} ({}): {} items imported, {} errors",
            Printable(&request.bucket),
            Printable(&request.key_prefix),
            request.compression.aws_name(),
            import.imported_items,
            import.error_count
        )?;
        if let Some(why) = &import.failure {
            writeln!(out, "  failed: {}", Printable(why))?;
        }
        writeln!(
            out,
            "  not carried by an import: tags, TTL, stream, PITR, deletion protection \
             (operation 14 in the console puts them back)"
        )?;
    }
    Ok(match import.status {
        crate::domain::ImportStatus::Failed | crate::domain::ImportStatus::Cancelled => {
            ExitCode::FAILURE
        }
        _ => ExitCode::SUCCESS,
    })
}
