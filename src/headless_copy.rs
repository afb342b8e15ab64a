//! `dynamo-dr copy --recovery-point ARN --to-vault ARN`: an AWS Backup copy
//! job of one recovery point of the configured vault into a vault in
//! another region or account (StartCopyJob), for the day the main region
//! is down. With `--wait` the job is followed until it ends and the copy is
//! looked for in the destination vault (listed there from that region).
//!
//! Exit 0 when the job was started (with `--wait`: completed and the copy
//! listed), 1 when AWS refused or the job failed, 2 when nothing was tried
//! (read-only, bad input, no role or vault, the wrong account, a point that
//! is not COMPLETED).

use std::io::Write;
use std::process::ExitCode;
use std::time::{Duration, Instant};

use color_eyre::eyre::Result;
use serde::Serialize;

use crate::domain::{JobStatus, LifecycleDays, Printable, RecoveryPointStatus, VaultArn};
use crate::launch::Launch;

/// What the command line asked for.
pub struct Request {
    pub recovery_point: String,
    /// `--to-vault`, as typed.
    pub to_vault: String,
    /// `--role`, else the config's `aws.backup_role_arn`.
    pub role: Option<String>,
    pub wait: bool,
    /// How long `--wait` follows the job.
    pub timeout: Duration,
    pub json: bool,
    pub read_only: bool,
}

/// What happened, as `--json` prints it.
#[derive(Debug, Default, Serialize)]
pub struct Outcome {
    pub recovery_point: String,
    pub destination_vault: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub job_id: Option<String>,
    /// The job's last state seen (`--wait`), else `STARTED`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub state: Option<String>,
    /// The copy's recovery point ARN, once the job completed.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub copy: Option<String>,
    /// The copy was found in the destination vault.
    pub listed: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
}

/// What `copy` checked before starting anything.
struct Checked {
    destination: VaultArn,
    source_vault: String,
    role: String,
}

pub async fn run_to(
    launch: Launch,
    req: Request,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> Result<ExitCode> {
    let checked = match refusal(&launch, &req).await {
        Ok(c) => c,
        Err(why) => {
            writeln!(err, "dynamo-dr: copy: {}", Printable(why))?;
            return Ok(ExitCode::from(2));
        }
    };
    let backend = launch.backend.as_ref();
    let mut outcome = Outcome {
        recovery_point: req.recovery_point.clone(),
        destination_vault: checked.destination.to_string(),
        ..Outcome::default()
    };
    let token = format!("dynamo-dr-copy-{}", chrono::Utc::now().timestamp_millis());
    let started = backend
        .start_copy_job(
            &req.recovery_point,
            &checked.source_vault,
            &outcome.destination_vault,
            &checked.role,
            LifecycleDays::NEVER,
            &token,
        )
        .await;
    match started {
        Ok(id) => {
            outcome.job_id = Some(id);
            outcome.state = Some("STARTED".to_owned());
        }
        Err(e) => outcome.error = Some(format!("StartCopyJob: {e}")),
    }
    if req.wait
        && let Some(id) = outcome.job_id.clone()
    {
        follow(&launch, &req, &checked, &id, &mut outcome).await;
    }
    if req.json {
        serde_json::to_writer_pretty(&mut *out, &outcome)?;
        writeln!(out)?;
    } else {
        write_text(out, err, &outcome)?;
    }
    Ok(if outcome.error.is_none() {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    })
}

/// Why nothing may be tried.
async fn refusal(launch: &Launch, req: &Request) -> Result<Checked, String> {
    if req.read_only {
        return Err("--read-only: no copy is started".to_owned());
    }
    let destination = VaultArn::parse(&req.to_vault).map_err(|e| format!("--to-vault: {e}"))?;
    let role = req
        .role
        .clone()
        .or_else(|| {
            launch
                .expectations
                .backup_role_arn
                .as_ref()
                .map(|r| r.0.clone())
        })
        .filter(|r| !r.trim().is_empty())
        .ok_or(
            "no IAM role to copy as: pass --role ARN or set aws.backup_role_arn in the config",
        )?;
    let source_vault = launch
        .expectations
        .backup_vault
        .clone()
        .filter(|v| !v.is_empty())
        .ok_or("no source vault: set aws.backup_vault in the config (the vault the point is in)")?;
    let backend = launch.backend.as_ref();
    let me = backend
        .caller_identity()
        .await
        .map_err(|e| format!("cannot tell which account this is: {e}"))?;
    if let Some(expected) = &launch.expectations.account_id
        && me.account != expected.0
    {
        return Err(format!(
            "these credentials are for account {}, the config names {}: nothing done",
            me.account, expected.0
        ));
    }
    destination
        .elsewhere_than(&source_vault, &backend.info().region, Some(&me.account))
        .map_err(|e| format!("--to-vault: {e}"))?;
    let points = backend
        .list_recovery_points(&source_vault, None)
        .await
        .map_err(|e| format!("cannot list the recovery points of vault {source_vault}: {e}"))?;
    let point = points
        .iter()
        .find(|p| p.arn == req.recovery_point)
        .ok_or_else(|| {
            format!(
                "--recovery-point: {} is not in vault {source_vault}",
                req.recovery_point
            )
        })?;
    if point.status != RecoveryPointStatus::Completed {
        return Err(format!(
            "--recovery-point: {} is {:?}, not COMPLETED: only a completed point can be copied",
            req.recovery_point, point.status
        ));
    }
    Ok(Checked {
        destination,
        source_vault,
        role,
    })
}

/// Follows the job to its end, then looks for the copy in the destination
/// vault from its region.
async fn follow(launch: &Launch, req: &Request, checked: &Checked, id: &str, o: &mut Outcome) {
    let backend = launch.backend.as_ref();
    let deadline = Instant::now() + req.timeout;
    let job = loop {
        match backend.describe_copy_job(id).await {
            Ok(job) if job.status.is_finished() => break job,
            Ok(job) => o.state = Some(job.status.word().to_owned()),
            Err(e) => {
                o.error = Some(format!("DescribeCopyJob: {e}"));
                return;
            }
        }
        if Instant::now() >= deadline {
            o.error = Some(format!(
                "copy job {id} had not ended after {} s",
                req.timeout.as_secs()
            ));
            return;
        }
        tokio::time::sleep(launch.poll_interval).await;
    };
    o.state = Some(job.status.word().to_owned());
    if job.status != JobStatus::Completed {
        let why = job.status_message.unwrap_or_default();
        o.error = Some(format!("copy job {id} ended {}: {why}", job.status.word()));
        return;
    }
    o.copy = job.created_resource_arn.clone();
    let dest = &checked.destination;
    let listed = match backend.in_region(&dest.region).await {
        Ok(there) => there.list_recovery_points(&dest.name, None).await,
        Err(e) => Err(e),
    };
    match listed {
        Ok(points) => {
            o.listed = o
                .copy
                .as_ref()
                .is_some_and(|c| points.iter().any(|p| &p.arn == c));
            if !o.listed {
                o.error = Some(format!(
                    "copy job {id} COMPLETED but its copy is not listed in vault {} ({})",
                    dest.name, dest.region
                ));
            }
        }
        Err(e) => {
            o.error = Some(format!(
                "cannot list vault {} in {}: {e}",
                dest.name, dest.region
            ));
        }
    }
}

fn write_text(out: &mut dyn Write, err: &mut dyn Write, o: &Outcome) -> std::io::Result<()> {
    if let Some(id) = &o.job_id {
        writeln!(
            out,
            "copy job {}: {} → {} ({})",
            Printable(id),
            Printable(&o.recovery_point),
            Printable(&o.destination_vault),
            Printable(o.state.as_deref().unwrap_or("STARTED")),
        )?;
    }
    if let Some(copy) = &o.copy {
        let where_ = if o.listed {
            "listed there"
        } else {
            "not listed"
        };
        writeln!(out, "copy: {} ({where_})", Printable(copy))?;
    }
    if let Some(e) = &o.error {
        writeln!(err, "dynamo-dr: copy: {}", Printable(e))?;
    }
    Ok(())
}
