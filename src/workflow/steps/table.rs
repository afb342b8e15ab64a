//! Steps on tables: the point-in-time duplicate, deletion protection, the
//! delete of the original (only with a fallback), the final comparison.

use crate::domain::time::format_reference;
use crate::domain::{PitrTarget, TableName};
use crate::workflow::action::{BackupOf, StepAction};
use crate::workflow::question::{Answer, Question};
use crate::workflow::runner::{Finish, Halt, StepCtx, StepResult, failed};
use crate::workflow::step_env::StepEnv;
use crate::workflow::step_error::StepError;
use crate::workflow::step_plans::{SECONDS_5, StepPlan, minutes};
use crate::workflow::wait::WaitFor;

use super::probe::Probe;

/// How many times the operator may type the table name.
const NAME_ATTEMPTS: usize = 3;

/// The point-in-time duplicate of `table` as `dupe`.
pub(in crate::workflow) fn duplicate_plan(
    table: &TableName,
    dupe: &TableName,
    at: PitrTarget,
) -> StepPlan {
    StepPlan::new(
        format!("Duplicate {table} at {} as {dupe}", moment(at)),
        &["RestoreTableToPointInTime", "DescribeTable"],
        minutes(7),
        StepAction::Duplicate {
            source: table.clone(),
            target: dupe.clone(),
            at,
        },
    )
    .creating(dupe)
}

fn moment(at: PitrTarget) -> String {
    match at {
        PitrTarget::Latest => "the latest restorable time".to_owned(),
        PitrTarget::At(t) => format_reference(t),
    }
}

pub(in crate::workflow) fn remove_protection_plan(table: &TableName) -> StepPlan {
    StepPlan::new(
        format!("Check deletion protection on {table} (asks before removing it)"),
        &["DescribeTable", "UpdateTable"],
        SECONDS_5,
        StepAction::RemoveDeletionProtection {
            table: table.clone(),
        },
    )
}

pub(in crate::workflow) fn delete_plan(table: &TableName) -> StepPlan {
    StepPlan::new(
        format!("Delete {table} (asks you to type its name) and wait until it is gone"),
        &["DeleteTable", "DescribeTable"],
        minutes(1),
        StepAction::DeleteTable {
            table: table.clone(),
        },
    )
    .deleting(table)
}

impl StepEnv<'_> {
    pub(super) async fn duplicate(
        &mut self,
        step: &StepCtx,
        source: &TableName,
        target: &TableName,
        at: PitrTarget,
    ) -> StepResult {
        if self.ledger.duplicate_table.as_ref() != Some(target) {
            self.backend
                .restore_table_to_point_in_time(source.as_str(), target.as_str(), at)
                .await
                .map_err(failed("RestoreTableToPointInTime"))?;
            self.ledger.duplicate_table = Some(target.clone());
            self.ledger.duplicate_source = Some(source.clone());
            self.note_accepted("RestoreTableToPointInTime", target.as_str());
        }
        let detail = self
            .wait(step, WaitFor::TableActive(target.as_str()))
            .await?;
        Ok(Finish::Done(detail))
    }

    pub(super) async fn remove_deletion_protection(&mut self, table: &TableName) -> StepResult {
        let t = self
            .backend
            .describe_table(table.as_str())
            .await
            .map_err(failed("DescribeTable"))?;
        if !t.deletion_protection {
            return Ok(Finish::Skipped(format!(
                "deletion protection is off on {table}"
            )));
        }
        let question = Question::RemoveDeletionProtection {
            table: table.to_string(),
            fallback: self.fallback_of(table),
            restored_after: self.steps().iter().any(|s| {
                matches!(&s.action, StepAction::EnableDeletionProtection { table: t } if t == table)
            }),
        };
        if self.ask(question).await != Answer::Yes {
            return Err(Halt::Cancelled(format!(
                "deletion protection left on {table}; {table} was not deleted"
            )));
        }
        self.backend
            .set_deletion_protection(table.as_str(), false)
            .await
            .map_err(failed("UpdateTable"))?;
        self.ledger.protection_removed.push(table.clone());
        self.note_accepted("UpdateTable", table.as_str());
        Ok(Finish::Done(Some("deletion protection removed".to_owned())))
    }

    /// Deletes only after the operator typed the name, and only with an
    /// AVAILABLE backup of the table taken in this run (or the fallback
    /// explicitly declined).
    pub(super) async fn delete_original(
        &mut self,
        step: &StepCtx,
        table: &TableName,
    ) -> StepResult {
        if !self.ledger.deleting.contains(table) {
            self.require_fallback(table).await?;
            self.confirm_name(table).await?;
            self.backend
                .delete_table(table.as_str())
                .await
                .map_err(failed("DeleteTable"))?;
            self.ledger.deleting.push(table.clone());
            self.note_accepted("DeleteTable", table.as_str());
        }
        let detail = self.wait(step, WaitFor::TableGone(table.as_str())).await?;
        Ok(Finish::Done(detail))
    }

    /// The name of this run's backup of `table` taken to fall back on; its
    /// step waited for it to be AVAILABLE before this one runs.
    fn fallback_of(&self, table: &TableName) -> Option<String> {
        if self.ledger.fallback_declined {
            return None;
        }
        self.ledger
            .backups
            .iter()
            .find(|b| b.table == *table && b.of == BackupOf::Original)
            .map(|b| b.name.clone())
    }

    async fn require_fallback(&self, table: &TableName) -> Result<(), Halt> {
        if self.ledger.fallback_declined {
            return Ok(());
        }
        let fallbacks = self
            .ledger
            .backups
            .iter()
            .filter(|b| b.table == *table && b.of == BackupOf::Original);
        for b in fallbacks {
            if self.backup_is_available(b.arn.as_str()).await {
                return Ok(());
            }
        }
        Err(Halt::Failed(StepError::NoFallback {
            table: table.clone(),
        }))
    }

    async fn confirm_name(&self, table: &TableName) -> Result<(), Halt> {
        let mut mistyped = None;
        for _ in 0..NAME_ATTEMPTS {
            let question = Question::TypeTableName {
                table: table.to_string(),
                mistyped: mistyped.take(),
            };
            match self.ask(question).await {
                Answer::Typed(text) if text.trim() == table.as_str() => return Ok(()),
                Answer::Typed(text) => mistyped = Some(text),
                _ => {
                    return Err(Halt::Cancelled(format!("{table} was not deleted")));
                }
            }
        }
        Err(Halt::Cancelled(format!(
            "the name typed did not match {table} {NAME_ATTEMPTS} times; {table} was not deleted"
        )))
    }
}

/// Duplicate: the target exists (or cannot be told not to) once
/// RestoreTableToPointInTime was accepted.
pub(super) fn duplicate_probe<'a>(source: &'a TableName, target: &'a TableName) -> Probe<'a> {
    Probe::tables([source.as_str(), target.as_str()])
        .landed(move |seen, _, ledger| {
            if seen.may_exist(target.as_str()) {
                ledger.duplicate_table = Some(target.clone());
                ledger.duplicate_source = Some(source.clone());
            }
        })
        .shows(move |seen| vec![seen.table_line(target.as_str())])
}

/// RemoveDeletionProtection: the operator said yes and protection is off.
pub(super) fn remove_deletion_protection_probe(table: &TableName) -> Probe<'_> {
    Probe::tables([table.as_str()]).landed(move |seen, at, ledger| {
        let said_yes = at.answered_yes(|q| matches!(q, Question::RemoveDeletionProtection { .. }));
        let off = matches!(seen.table_exists(table.as_str()), Some(t) if !t.deletion_protection);
        if said_yes && off && !ledger.protection_removed.contains(table) {
            ledger.protection_removed.push(table.clone());
        }
    })
}

/// DeleteTable (the original or a temporary table): the table is deleting
/// or gone.
pub(super) fn delete_table_probe(table: &TableName) -> Probe<'_> {
    Probe::tables([table.as_str()]).landed(move |seen, _, ledger| {
        if seen.going(table.as_str()) && !ledger.deleting.contains(table) {
            ledger.deleting.push(table.clone());
        }
    })
}
