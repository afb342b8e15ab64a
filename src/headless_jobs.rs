//! `dynamo-dr jobs [--since 24h] [--json]`: the daily validation of AWS
//! Backup's jobs (the reference's backup validation, step 6). Every
//! DynamoDB backup, copy and restore job created in the window, with its
//! state and AWS's reason, the failed, expired and aborted ones first.
//!
//! Then every AWS Backup plan rule due in the window: each table its plan
//! covers must have a backup job for each run whose start window has closed
//! (`coverage::missed_runs`).
//!
//! Exit 0 when none failed and no rule run lacks a job, 1 when any job
//! failed, expired or was aborted or a run has no job, 2 when the jobs could
//! not be listed. Plans that cannot be read leave the rules "not checked",
//! said in the output, without changing the exit.

use std::collections::BTreeMap;
use std::io::Write;
use std::process::ExitCode;

use chrono::{DateTime, Utc};
use color_eyre::eyre::Result;
use serde::Serialize;

use crate::backend::Backend;
use crate::coverage;
use crate::domain::window::Window;
use crate::domain::{Job, Printable, table_of_arn};
use crate::launch::Launch;

/// What the command line asked for.
pub struct Request {
    pub since: Window,
    pub json: bool,
    /// The end of the window (now; a test's clock in tests).
    pub now: DateTime<Utc>,
}

/// Whether each AWS Backup plan rule due in the window has a job: a rule
/// run with no job is `Checked { missing }`, which makes the exit 1.
#[derive(Debug, Clone)]
pub enum PlanRules {
    /// Not checked, and why (the plans or the tables could not be read).
    NotChecked { why: String },
    /// Each rule run due in the window that has no job for some table, and
    /// what could not be judged (a schedule not read, a coverage unknown).
    Checked {
        missing: Vec<String>,
        unchecked: Vec<String>,
    },
}

/// `PlanRules` in `--json`: `{"checked": false, "why": "…", "missing": []}`.
#[derive(Debug, Serialize)]
struct PlanRulesLine<'a> {
    checked: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    why: Option<&'a str>,
    missing: &'a [String],
}

impl PlanRules {
    fn missing(&self) -> usize {
        self.line().missing.len()
    }

    fn line(&self) -> PlanRulesLine<'_> {
        match self {
            Self::NotChecked { why } => PlanRulesLine {
                checked: false,
                why: Some(why),
                missing: &[],
            },
            Self::Checked { missing, .. } => PlanRulesLine {
                checked: true,
                why: None,
                missing,
            },
        }
    }
}

/// Reads the plans and the tables they cover, and checks each rule run due
/// in the window against `jobs` (see `coverage::missed_runs`).
async fn plan_rules(
    backend: &dyn Backend,
    jobs: &[Job],
    since: DateTime<Utc>,
    now: DateTime<Utc>,
) -> PlanRules {
    let not = |what: &str, e: crate::backend::BackendError| PlanRules::NotChecked {
        why: format!("{what}: {e}"),
    };
    let names = match backend.list_tables().await {
        Ok(n) => n,
        Err(e) => return not("the tables could not be listed", e),
    };
    let identity = match backend.caller_identity().await {
        Ok(i) => i,
        Err(e) => return not("the account could not be read", e),
    };
    let region = backend.info().region;
    let partition = identity.arn.split(':').nth(1).unwrap_or("aws").to_owned();
    let arn = |name: &str| {
        format!(
            "arn:{partition}:dynamodb:{region}:{}:table/{name}",
            identity.account
        )
    };
    let named: Vec<(String, String)> = names.iter().map(|n| (n.clone(), arn(n))).collect();
    let snap = match coverage::load(backend, &named, now).await {
        Ok(s) => s,
        Err(e) => return not("the AWS Backup plans could not be read", e),
    };
    let mut tables: BTreeMap<String, (String, Option<DateTime<Utc>>)> =
        named.into_iter().map(|(n, a)| (n, (a, None))).collect();
    let first = coverage::missed_runs(&snap, jobs, &tables, since, now);
    // A table made after a run owes it no job: read the creation time of
    // the few tables that seem to lack one, and check again.
    let lacking: std::collections::BTreeSet<&String> =
        first.missed.iter().flat_map(|m| &m.tables).collect();
    for name in lacking {
        if let Ok(t) = backend.describe_table(name).await
            && let Some(entry) = tables.get_mut(name)
        {
            entry.1 = t.created_at;
        }
    }
    let check = coverage::missed_runs(&snap, jobs, &tables, since, now);
    PlanRules::Checked {
        missing: check.missed.iter().map(ToString::to_string).collect(),
        unchecked: check.unchecked,
    }
}

/// One job as `--json` prints it.
#[derive(Debug, Serialize)]
struct JobLine<'a> {
    id: &'a str,
    kind: &'static str,
    state: &'a str,
    /// Failed, expired or aborted.
    problem: bool,
    /// The table (from the resource ARN), or the ARN when it names none.
    resource: Option<&'a str>,
    resource_arn: Option<&'a str>,
    started: DateTime<Utc>,
    finished: Option<DateTime<Utc>>,
    /// AWS's status message.
    reason: Option<&'a str>,
    percent_done: Option<f64>,
    recovery_point_arn: Option<&'a str>,
    created_resource_arn: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    source_vault: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    destination_vault: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    destination_region: Option<&'a str>,
}

impl<'a> JobLine<'a> {
    fn of(j: &'a Job) -> Self {
        Self {
            id: &j.id,
            kind: j.kind.word(),
            state: j.status.word(),
            problem: j.status.is_problem(),
            resource: resource(j),
            resource_arn: j.resource_arn.as_deref(),
            started: j.created_at,
            finished: j.completed_at,
            reason: j.status_message.as_deref(),
            percent_done: j.percent_done,
            recovery_point_arn: j.recovery_point_arn.as_deref(),
            created_resource_arn: j.created_resource_arn.as_deref(),
            source_vault: j.copy.as_ref().map(|c| c.source_vault.as_str()),
            destination_vault: j.copy.as_ref().map(|c| c.destination_vault.as_str()),
            destination_region: j
                .copy
                .as_ref()
                .and_then(|c| c.destination_region.as_deref()),
        }
    }
}

/// `--json`'s one object.
#[derive(Debug, Serialize)]
struct Report<'a> {
    window: String,
    since: DateTime<Utc>,
    until: DateTime<Utc>,
    /// Failed, expired or aborted jobs.
    problems: usize,
    /// Jobs per state (AWS's words).
    counts: BTreeMap<&'a str, usize>,
    plan_rules: PlanRulesLine<'a>,
    jobs: Vec<JobLine<'a>>,
}

fn resource(j: &Job) -> Option<&str> {
    j.resource_arn
        .as_deref()
        .map(|arn| table_of_arn(arn).unwrap_or(arn))
}

/// `jobs`, printing the jobs to `out` and why the listing failed to `err`;
/// everything from the account goes through `Printable`.
pub async fn run_to(
    launch: Launch,
    req: Request,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> Result<ExitCode> {
    let since = req.now - req.since.duration();
    let mut jobs = match launch.backend.list_jobs_since(since).await {
        Ok(jobs) => jobs,
        Err(e) => {
            writeln!(
                err,
                "dynamo-dr: jobs: list the AWS Backup jobs: {}",
                Printable(e.to_string())
            )?;
            return Ok(ExitCode::from(2));
        }
    };
    // The problems first, each group newest first.
    jobs.sort_by_key(|j| (!j.status.is_problem(), std::cmp::Reverse(j.created_at)));
    let rules = plan_rules(launch.backend.as_ref(), &jobs, since, req.now).await;
    let problems = jobs.iter().filter(|j| j.status.is_problem()).count();
    let mut counts: BTreeMap<&str, usize> = BTreeMap::new();
    for j in &jobs {
        *counts.entry(j.status.word()).or_default() += 1;
    }
    if req.json {
        let report = Report {
            window: req.since.to_string(),
            since,
            until: req.now,
            problems,
            counts,
            plan_rules: rules.line(),
            jobs: jobs.iter().map(JobLine::of).collect(),
        };
        serde_json::to_writer_pretty(&mut *out, &report)?;
        writeln!(out)?;
    } else {
        write_text(out, &jobs, &req, since, &counts, &rules)?;
    }
    Ok(if problems > 0 || rules.missing() > 0 {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    })
}

const TIME: &str = "%Y-%m-%d %H:%M";

fn write_text(
    out: &mut dyn Write,
    jobs: &[Job],
    req: &Request,
    since: DateTime<Utc>,
    counts: &BTreeMap<&str, usize>,
    rules: &PlanRules,
) -> std::io::Result<()> {
    writeln!(
        out,
        "AWS Backup jobs created since {} UTC (the last {}):",
        since.format(TIME),
        req.since
    )?;
    for j in jobs {
        let mark = if j.status.is_problem() { "✘" } else { " " };
        let mut what = resource(j).unwrap_or("-").to_owned();
        if let Some(route) = &j.copy {
            what.push_str(&format!(" → {}", route.destination_vault));
            if let Some(region) = &route.destination_region {
                what.push_str(&format!(" ({region})"));
            }
        }
        let finished = j
            .completed_at
            .map_or_else(|| "-".to_owned(), |t| t.format(TIME).to_string());
        let mut line = format!(
            "{mark} {:<9} {:<7} {:<40} started {}  finished {:<16}",
            j.status.word(),
            j.kind.word(),
            Printable(what),
            j.created_at.format(TIME),
            finished
        );
        if let Some(reason) = &j.status_message {
            line.push_str(&format!("  {}", Printable(reason)));
        }
        writeln!(out, "{}", line.trim_end())?;
    }
    let summary: Vec<String> = counts
        .iter()
        .map(|(state, n)| format!("{n} {state}"))
        .collect();
    let problems = jobs.iter().filter(|j| j.status.is_problem()).count();
    writeln!(
        out,
        "{} in the window: {}; {} failed, expired or aborted",
        crate::domain::plural::count(jobs.len(), "job"),
        if summary.is_empty() {
            "none".to_owned()
        } else {
            summary.join(", ")
        },
        problems
    )?;
    match rules {
        PlanRules::NotChecked { why } => {
            writeln!(out, "plan rules due in the window: not checked ({why})")
        }
        PlanRules::Checked { missing, unchecked } => {
            if missing.is_empty() {
                writeln!(out, "plan rules due in the window: each has a job")?;
            }
            for m in missing {
                writeln!(out, "✘ plan rule {}", Printable(m))?;
            }
            for u in unchecked {
                writeln!(out, "  not checked: {}", Printable(u))?;
            }
            Ok(())
        }
    }
}
