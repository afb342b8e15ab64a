//! Panes that follow a run: each step that changes a table or its backups
//! marks them stale, and the app reloads just those, at most every few
//! seconds (`Stale::due`). So operation 1's list loses `orders` when it is
//! deleted and gets it back, with its new PITR window, when restored, not
//! at the end of the run; and a run on a 10,000-table account reloads the
//! two tables it touches, never the account.

use std::collections::BTreeSet;

use chrono::{DateTime, Duration, Utc};

use super::Command;
use crate::workflow::{StepPlan, StepStatus};

/// The least time between two reloads of tables a run touched.
const TABLES_EVERY: Duration = Duration::seconds(3);
/// Listing backups is one call per page of the account's backups: less
/// often.
const BACKUPS_EVERY: Duration = Duration::seconds(15);
/// AWS Backup's job list and the vault's points, while a backup job of a
/// run is followed.
const JOBS_EVERY: Duration = Duration::seconds(10);

#[derive(Debug, Clone, Default)]
pub struct Stale {
    tables: BTreeSet<String>,
    backups: bool,
    tables_at: Option<DateTime<Utc>>,
    backups_at: Option<DateTime<Utc>>,
    /// A run started or finished an AWS Backup job: the Jobs pane's AWS
    /// jobs and the Recovery pane's points reload.
    jobs: bool,
    jobs_at: Option<DateTime<Utc>>,
}

impl Stale {
    /// A step of a run moved to `status`: what it touches is stale once it
    /// starts creating something (a restore shows CREATING), finishes or
    /// fails.
    pub fn step(&mut self, step: &StepPlan, status: &StepStatus) {
        let changed = match status {
            StepStatus::Running { .. } => !step.creates.is_empty(),
            StepStatus::Done { .. } | StepStatus::Failed { .. } => true,
            StepStatus::Pending | StepStatus::Skipped { .. } => false,
        };
        if !changed {
            return;
        }
        let touches = step.action.probe().touches;
        self.tables
            .extend(touches.tables.iter().map(|t| (*t).to_owned()));
        self.backups |= !touches.backups.is_empty() || !touches.backups_of.is_empty();
        self.jobs |= touches.backup_job;
    }

    /// The reload of AWS Backup's jobs and the vault's points due at
    /// `now`, if any.
    pub fn jobs_due(&mut self, now: DateTime<Utc>) -> Option<Command> {
        let ready = self.jobs_at.is_none_or(|at| now - at >= JOBS_EVERY);
        if !self.jobs || !ready {
            return None;
        }
        self.jobs = false;
        self.jobs_at = Some(now);
        Some(Command::RefreshJobs)
    }

    /// The reload due at `now`, if any: the stale tables, and the backups
    /// when their turn has come.
    pub fn due(&mut self, now: DateTime<Utc>) -> Option<Command> {
        let ready = |at: Option<DateTime<Utc>>, every| at.is_none_or(|at| now - at >= every);
        let tables = !self.tables.is_empty() && ready(self.tables_at, TABLES_EVERY);
        let backups = self.backups && ready(self.backups_at, BACKUPS_EVERY);
        if !tables && !backups {
            return None;
        }
        let names = if tables {
            self.tables_at = Some(now);
            std::mem::take(&mut self.tables).into_iter().collect()
        } else {
            Vec::new()
        };
        if backups {
            self.backups = false;
            self.backups_at = Some(now);
        }
        Some(Command::RefreshTables { names, backups })
    }

    /// A whole reload covers everything marked so far.
    pub fn clear(&mut self) {
        self.tables.clear();
        self.backups = false;
        self.jobs = false;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::TableName;
    use crate::workflow::{OpKind, plan};

    #[test]
    fn steps_mark_what_they_touch_and_reloads_are_spaced() {
        let now = DateTime::UNIX_EPOCH;
        let op = OpKind::DeleteTable.example(TableName::parse("orders").unwrap());
        let p = plan(&op, now);
        let mut stale = Stale::default();
        // Pending and running steps that create nothing change nothing.
        stale.step(&p.steps[0], &StepStatus::Pending);
        assert_eq!(stale.due(now), None);
        let done = StepStatus::Done {
            took: std::time::Duration::from_secs(1),
            detail: None,
        };
        // The fallback backup: the table's backups reload.
        stale.step(&p.steps[0], &done);
        let last = p.steps.last().unwrap();
        stale.step(last, &done);
        assert_eq!(
            stale.due(now),
            Some(Command::RefreshTables {
                names: vec!["orders".into()],
                backups: true
            })
        );
        // Touched again a second later: the tables wait their three
        // seconds, the backups their fifteen.
        stale.step(last, &done);
        stale.step(&p.steps[0], &done);
        assert_eq!(stale.due(now + Duration::seconds(1)), None);
        assert_eq!(
            stale.due(now + Duration::seconds(3)),
            Some(Command::RefreshTables {
                names: vec!["orders".into()],
                backups: false
            })
        );
        assert_eq!(
            stale.due(now + Duration::seconds(15)),
            Some(Command::RefreshTables {
                names: vec![],
                backups: true
            })
        );
        assert_eq!(stale.due(now + Duration::seconds(60)), None);
    }

    #[test]
    fn a_backup_job_reloads_the_jobs_and_points_every_ten_seconds() {
        let now = DateTime::UNIX_EPOCH;
        let op = OpKind::AwsBackup.example(TableName::parse("orders").unwrap());
        let p = plan(&op, now);
        let mut stale = Stale::default();
        assert_eq!(stale.jobs_due(now), None);
        let running = StepStatus::Running {
            started: now,
            progress: Some(10.0),
            detail: None,
        };
        stale.step(&p.steps[0], &running);
        assert_eq!(stale.jobs_due(now), Some(Command::RefreshJobs));
        stale.step(&p.steps[0], &running);
        assert_eq!(stale.jobs_due(now + Duration::seconds(5)), None);
        assert_eq!(
            stale.jobs_due(now + Duration::seconds(10)),
            Some(Command::RefreshJobs)
        );
        assert_eq!(stale.jobs_due(now + Duration::seconds(30)), None);
    }
}
