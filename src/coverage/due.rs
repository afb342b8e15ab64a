//! Which plan rules were due in a window and have no backup job: the second
//! half of the reference's daily validation (`004_…`, step 6).
//!
//! A rule's run at `t` is due once its start window has closed (`t +
//! StartWindowMinutes` is past); each table the plan covers must then have a
//! backup job created between a few minutes before `t` and the window's end.
//! A job in any state counts (a failed or expired one is reported as a
//! problem job in its own right); a table created after the run is not
//! expected to have one.

use std::collections::BTreeMap;

use chrono::{DateTime, Duration, Utc};

use super::{Cover, Coverage, PlansSnapshot};
use crate::domain::{BackupPlan, PlanRule};
use crate::domain::{Job, JobKind};

/// How early AWS may create a rule's job (its clock and ours differ).
const EARLY: Duration = Duration::minutes(5);
/// At most this many runs of one rule are checked (an hourly rule over a
/// year-long window would otherwise be thousands).
const MAX_RUNS: usize = 1_000;

/// One rule run with tables that got no job.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MissedRun {
    pub plan: String,
    pub rule: String,
    pub at: DateTime<Utc>,
    pub tables: Vec<String>,
}

impl std::fmt::Display for MissedRun {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{}/{} at {} UTC: no job for {}",
            self.plan,
            self.rule,
            self.at.format("%Y-%m-%d %H:%M"),
            self.tables.join(", ")
        )
    }
}

/// What could not be checked, beside what was missed.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct DueCheck {
    pub missed: Vec<MissedRun>,
    /// Rules whose schedule this tool does not read, and plans whose
    /// coverage is unknown: `plan/rule: why`.
    pub unchecked: Vec<String>,
}

/// Whether a job created at `job_at` belongs to a later run of another rule
/// of the same plan than `rule`'s run at `run_at`. AWS Backup's job list
/// does not name the rule, so a job is taken to belong to the plan's most
/// recent run before it: a daily run at 06:47 claims its jobs from a monthly
/// run at 05:00 whose start window is still open. Runs at the same minute
/// share them.
pub fn claimed_by_a_later_run(
    plan: &BackupPlan,
    rule: &PlanRule,
    run_at: DateTime<Utc>,
    job_at: DateTime<Utc>,
) -> bool {
    plan.rules
        .iter()
        .filter(|r| r.name != rule.name)
        .filter_map(PlanRule::cron)
        .any(|c| {
            !c.runs_between(
                run_at + Duration::minutes(1),
                job_at + EARLY + Duration::minutes(1),
                1,
            )
            .is_empty()
        })
}

/// Whether `job` is a backup job of `arn` made for `rule`'s run at `at`:
/// created from a few minutes before the run to the end of its start
/// window, and not claimed by a later run of another rule of the plan.
pub fn job_of_run(
    job: &Job,
    arn: &str,
    plan: &BackupPlan,
    rule: &PlanRule,
    at: DateTime<Utc>,
) -> bool {
    job.kind == JobKind::Backup
        && job.resource_arn.as_deref() == Some(arn)
        && job.created_at >= at - EARLY
        && job.created_at <= at + rule.start_window()
        && !claimed_by_a_later_run(plan, rule, at, job.created_at)
}

/// Each table's ARN and, when known, its creation time, by name.
pub type TableArns = BTreeMap<String, (String, Option<DateTime<Utc>>)>;

/// Checks every rule run due in `[since, now)` against `jobs`. `tables` maps
/// each table's name to its ARN and, when known, its creation time.
pub fn missed_runs(
    snap: &PlansSnapshot,
    jobs: &[Job],
    tables: &TableArns,
    since: DateTime<Utc>,
    now: DateTime<Utc>,
) -> DueCheck {
    let mut check = DueCheck::default();
    for (table, c) in &snap.coverage {
        if let Coverage::Unknown(why) = c {
            check.unchecked.push(format!("{table}: {why}"));
        }
    }
    for plan in &snap.plans {
        let covered: Vec<(&str, &Cover)> = snap.tables_of(&plan.id);
        if covered.is_empty() {
            continue;
        }
        for rule in &plan.rules {
            let Some(cron) = rule.cron() else {
                check.unchecked.push(format!(
                    "{}/{}: schedule {} is not read by this tool",
                    plan.name, rule.name, rule.schedule
                ));
                continue;
            };
            let window = rule.start_window();
            for at in cron.runs_between(since, now - window, MAX_RUNS) {
                let lacking: Vec<String> = covered
                    .iter()
                    .filter_map(|(name, _)| {
                        let (arn, created) = tables.get(*name)?;
                        if created.is_some_and(|c| c > at) {
                            return None;
                        }
                        let has_job = jobs.iter().any(|j| job_of_run(j, arn, plan, rule, at));
                        (!has_job).then(|| (*name).to_owned())
                    })
                    .collect();
                if !lacking.is_empty() {
                    check.missed.push(MissedRun {
                        plan: plan.name.clone(),
                        rule: rule.name.clone(),
                        at,
                        tables: lacking,
                    });
                }
            }
        }
    }
    check.missed.sort_by_key(|m| std::cmp::Reverse(m.at));
    check
}
