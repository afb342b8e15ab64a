//! A table's settings: captured before the run changes anything, compared
//! with the restored table's, each difference re-applied as its own step;
//! and PITR and deletion protection turned back on.

use crate::domain::{SettingChange, TableName, changes_to_reapply, setting_diffs};
use crate::workflow::action::StepAction;
use crate::workflow::runner::{Finish, Halt, StepCtx, StepResult, failed};
use crate::workflow::step_env::StepEnv;
use crate::workflow::step_error::StepError;
use crate::workflow::step_plans::{SECONDS_5, StepPlan, minutes};
use crate::workflow::wait::WaitFor;

use super::probe::Probe;

const DESCRIBE_SETTINGS: &str =
    "DescribeTable/ListTagsOfResource/DescribeTimeToLive/DescribeContinuousBackups";

pub(in crate::workflow) fn enable_pitr_plan(table: &TableName, days: Option<u8>) -> StepPlan {
    let period = match days {
        Some(d) => format!("{d} days"),
        None => "the recovery period it had".to_owned(),
    };
    StepPlan::new(
        format!("Turn PITR on for {table} ({period})"),
        &["UpdateContinuousBackups"],
        SECONDS_5,
        StepAction::EnablePitr {
            table: table.clone(),
            recovery_period_days: days,
        },
    )
}

pub(in crate::workflow) fn enable_protection_plan(table: &TableName) -> StepPlan {
    StepPlan::new(
        format!("Turn deletion protection on for {table}"),
        &["UpdateTable"],
        SECONDS_5,
        StepAction::EnableDeletionProtection {
            table: table.clone(),
        },
    )
}

pub(in crate::workflow) fn capture_settings_plan(table: &TableName) -> StepPlan {
    StepPlan::new(
        format!("Capture the settings of {table} (tags, TTL, stream, PITR, capacity, encryption…)"),
        &[
            "DescribeTable",
            "ListTagsOfResource",
            "DescribeTimeToLive",
            "DescribeContinuousBackups",
        ],
        SECONDS_5,
        StepAction::CaptureSettings {
            table: table.clone(),
        },
    )
}

pub(in crate::workflow) fn reapply_settings_plan(table: &TableName) -> StepPlan {
    StepPlan::new(
        format!(
            "Diff the settings of the restored {table} with those captured (a step per re-apply)"
        ),
        &[
            "DescribeTable",
            "ListTagsOfResource",
            "DescribeTimeToLive",
            "DescribeContinuousBackups",
        ],
        SECONDS_5,
        StepAction::ReapplySettings {
            table: table.clone(),
        },
    )
}

pub(in crate::workflow) fn apply_setting_plan(
    table: &TableName,
    change: SettingChange,
) -> StepPlan {
    let estimate = match change {
        SettingChange::Tags { .. } | SettingChange::Ttl { .. } => SECONDS_5,
        _ => minutes(1),
    };
    StepPlan::new(
        change.title(table.as_str()),
        change.api(),
        estimate,
        StepAction::ApplySetting {
            table: table.clone(),
            change,
        },
    )
}

impl StepEnv<'_> {
    /// `None`: the recovery period the table had before the run.
    pub(super) async fn enable_pitr(&self, table: &TableName, days: Option<u8>) -> StepResult {
        let Some(days) = days.or(self.ledger.facts.recovery_period_days) else {
            return Ok(Finish::Skipped(format!(
                "PITR was off on {table} before this run, so it stays off (turn it on with Enable PITR)"
            )));
        };
        let pitr = self
            .backend
            .update_continuous_backups(table.as_str(), true, Some(days))
            .await
            .map_err(failed("UpdateContinuousBackups"))?;
        let days = pitr.recovery_period_days.unwrap_or(days);
        Ok(Finish::Done(Some(format!("PITR on, {days} days"))))
    }

    pub(super) async fn enable_deletion_protection(&self, table: &TableName) -> StepResult {
        self.backend
            .set_deletion_protection(table.as_str(), true)
            .await
            .map_err(failed("UpdateTable"))?;
        Ok(Finish::Done(Some("deletion protection on".to_owned())))
    }

    /// Reads the settings into the ledger, which every later journal record
    /// carries; a retry or a resumed run keeps what was read first.
    pub(super) async fn capture_settings(&mut self, table: &TableName) -> StepResult {
        if let Some(settings) = &self.ledger.settings {
            return Ok(Finish::Done(Some(settings.summary())));
        }
        let settings = self
            .backend
            .describe_settings(table.as_str())
            .await
            .map_err(failed(DESCRIBE_SETTINGS))?;
        let summary = settings.summary();
        self.ledger.settings = Some(settings);
        Ok(Finish::Done(Some(summary)))
    }

    /// The settings diff; each difference it can re-apply becomes a step
    /// right after this one (PITR and protection have their own steps).
    pub(super) async fn reapply_settings(
        &mut self,
        step: &StepCtx,
        table: &TableName,
    ) -> StepResult {
        let Some(captured) = self.ledger.settings.clone() else {
            return Ok(Finish::Skipped(format!(
                "no settings of {table} were captured before the restore"
            )));
        };
        let restored = self
            .backend
            .describe_settings(table.as_str())
            .await
            .map_err(failed(DESCRIBE_SETTINGS))?;
        let diffs = setting_diffs(&captured, &restored);
        if diffs.is_empty() {
            return Ok(Finish::Done(Some(
                "every setting matches the captured one".to_owned(),
            )));
        }
        let report: Vec<String> = diffs
            .iter()
            .map(|d| format!("{}: {} (was {})", d.setting.label(), d.restored, d.captured))
            .collect();
        let changes = changes_to_reapply(&captured, &restored);
        // A resumed run may find the steps added before the interruption.
        let added_before = matches!(
            self.steps().get(step.index + 1).map(|s| &s.action),
            Some(StepAction::ApplySetting { table: t, .. }) if t == table
        );
        if !added_before {
            for (offset, change) in changes.iter().enumerate() {
                self.insert_step(
                    step.index + 1 + offset,
                    apply_setting_plan(table, change.clone()),
                );
            }
        }
        Ok(Finish::Done(Some(format!(
            "{} step(s) added; differs: {}",
            changes.len(),
            report.join("; ")
        ))))
    }

    /// One change; skipped when the table already has it (a retry, or a
    /// resumed run whose call went through).
    pub(super) async fn apply_setting(
        &mut self,
        step: &StepCtx,
        table: &TableName,
        change: &SettingChange,
    ) -> StepResult {
        let now = self
            .backend
            .describe_settings(table.as_str())
            .await
            .map_err(failed(DESCRIBE_SETTINGS))?;
        if change.is_applied(&now) {
            return Ok(Finish::Skipped(format!("{table} already has it")));
        }
        let api = change.operation();
        self.backend
            .apply_setting(table.as_str(), change)
            .await
            .map_err(failed(api))?;
        self.note_accepted(api, table.as_str());
        if api == "UpdateTable" {
            self.wait(step, WaitFor::TableActive(table.as_str()))
                .await?;
        }
        let after = self
            .backend
            .describe_settings(table.as_str())
            .await
            .map_err(failed(DESCRIBE_SETTINGS))?;
        if !change.is_applied(&after) {
            return Err(Halt::Failed(StepError::SettingNotShown {
                api,
                table: table.clone(),
                now: after.summary(),
            }));
        }
        Ok(Finish::Done(None))
    }
}

/// The settings steps read before they write, so running one again is safe:
/// the resume need not learn anything; the scan shows the table.
pub(super) fn settings_probe(table: &TableName) -> Probe<'_> {
    Probe::tables([table.as_str()])
}
