//! Turning PITR and deletion protection on.

use crate::workflow::engine::{Engine, Finish, StepResult, failed};

impl Engine {
    /// `None`: the recovery period the table had before the run.
    pub(super) async fn enable_pitr(&self, table: &str, days: Option<u8>) -> StepResult {
        let Some(days) = days.or(self.ledger.facts.recovery_period_days) else {
            return Ok(Finish::Skipped(format!(
                "PITR was off on {table} before this run, so it stays off (turn it on with Enable PITR)"
            )));
        };
        let pitr = self
            .backend
            .update_continuous_backups(table, true, Some(days))
            .await
            .map_err(failed("UpdateContinuousBackups"))?;
        let days = pitr.recovery_period_days.unwrap_or(days);
        Ok(Finish::Done(Some(format!("PITR on, {days} days"))))
    }

    pub(super) async fn enable_deletion_protection(&self, table: &str) -> StepResult {
        self.backend
            .set_deletion_protection(table, true)
            .await
            .map_err(failed("UpdateTable"))?;
        Ok(Finish::Done(Some("deletion protection on".to_owned())))
    }
}
