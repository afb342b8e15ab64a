//! Taking the run's backups and waiting for them.

use crate::domain::{BackupArn, TableName};
use crate::workflow::action::{BackupOf, StepAction};
use crate::workflow::ledger::RunBackup;
use crate::workflow::runner::{Finish, Halt, StepCtx, StepResult, failed};
use crate::workflow::step_env::StepEnv;
use crate::workflow::step_error::StepError;
use crate::workflow::step_plans::{SECONDS_5, StepPlan, minutes};
use crate::workflow::wait::WaitFor;

use super::probe::{Probe, Touches};

/// Takes a backup of `table` named `name`; with `wait`, waits for it.
pub(in crate::workflow) fn back_up_plan(
    table: &TableName,
    name: &TableName,
    of: BackupOf,
    wait: bool,
) -> StepPlan {
    let whose = match of {
        BackupOf::Original => table.to_string(),
        BackupOf::Duplicate => "the duplicate".to_owned(),
        BackupOf::PreRepair => format!("{table} before any write"),
    };
    let (api, estimate): (&[&str], _) = if wait {
        (&["CreateBackup", "DescribeBackup"], minutes(2))
    } else {
        (&["CreateBackup"], SECONDS_5)
    };
    let until = if wait {
        " and wait until AVAILABLE"
    } else {
        ""
    };
    StepPlan::new(
        format!("Back up {whose} as {name}{until}"),
        api,
        estimate,
        StepAction::BackUp {
            table: table.clone(),
            backup_name: name.to_string(),
            of,
            wait,
        },
    )
    .creating(name)
}

/// Waits for the fallback backup and the duplicate's backup.
pub(in crate::workflow) fn wait_backups_plan(orig: &TableName, dupe: &TableName) -> StepPlan {
    StepPlan::new(
        format!("Wait until both backups are AVAILABLE ({orig}, {dupe})"),
        &["DescribeBackup"],
        minutes(2),
        StepAction::WaitBackups {
            backup_names: vec![orig.to_string(), dupe.to_string()],
        },
    )
}

impl StepEnv<'_> {
    pub(super) async fn back_up(
        &mut self,
        step: &StepCtx,
        table: &TableName,
        backup_name: &str,
        of: BackupOf,
        wait: bool,
    ) -> StepResult {
        if of == BackupOf::PreRepair
            && self.ledger.backup_named(backup_name).is_none()
            && self.ledger.repair.as_ref().is_some_and(|r| r.to_write == 0)
        {
            return Ok(Finish::Skipped(
                "nothing is to be written back: no backup needed".to_owned(),
            ));
        }
        let arn = match self.ledger.backup_named(backup_name) {
            Some(b) => b.arn.clone(),
            None => {
                let b = self
                    .backend
                    .create_backup(table.as_str(), backup_name)
                    .await
                    .map_err(failed("CreateBackup"))?;
                let arn = BackupArn::from(b.arn);
                self.ledger.backups.push(RunBackup {
                    arn: arn.clone(),
                    name: b.name,
                    table: table.clone(),
                    of,
                });
                self.note_accepted("CreateBackup", backup_name);
                arn
            }
        };
        if !wait {
            return Ok(Finish::Done(Some("started".to_owned())));
        }
        let detail = self
            .wait(
                step,
                WaitFor::BackupsAvailable(vec![(arn.as_str(), backup_name)]),
            )
            .await?;
        Ok(Finish::Done(detail))
    }

    pub(super) async fn wait_backups(&self, step: &StepCtx, names: &[String]) -> StepResult {
        let mut backups = Vec::new();
        for name in names {
            let b = self
                .ledger
                .backup_named(name)
                .ok_or_else(|| Halt::Failed(StepError::BackupNotTaken { name: name.clone() }))?;
            backups.push((b.arn.as_str(), b.name.as_str()));
        }
        let detail = self.wait(step, WaitFor::BackupsAvailable(backups)).await?;
        Ok(Finish::Done(detail))
    }
}

/// BackUp: a backup of that name is listed for the table.
pub(super) fn back_up_probe<'a>(
    table: &'a TableName,
    backup_name: &'a str,
    of: BackupOf,
) -> Probe<'a> {
    Probe::touching(Touches {
        tables: vec![table.as_str()],
        backups_of: vec![table.as_str()],
        backups: vec![backup_name],
        ..Touches::default()
    })
    .landed(move |seen, _, ledger| {
        if ledger.backup_named(backup_name).is_none()
            && let Some(b) = seen.backups.get(backup_name)
        {
            ledger.backups.push(RunBackup {
                arn: BackupArn::from(b.arn.as_str()),
                name: b.name.clone(),
                table: table.clone(),
                of,
            });
        }
    })
    .shows(move |seen| vec![seen.backup_line(backup_name)])
}

/// WaitBackups starts nothing; the scan shows each backup.
pub(super) fn wait_backups_probe(names: &[String]) -> Probe<'_> {
    Probe::touching(Touches {
        backups: names.iter().map(String::as_str).collect(),
        ..Touches::default()
    })
    .shows(move |seen| names.iter().map(|n| seen.backup_line(n)).collect())
}
