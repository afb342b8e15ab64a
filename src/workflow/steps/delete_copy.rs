//! The deletion of one backup the operator chose in the Backups view: any
//! DynamoDB backup, not only a run's. The app asked for its name to be
//! typed, and a second yes when it is a table's only copy; the step only
//! makes sure it is still there and finished before it deletes.

use crate::domain::BackupArn;
use crate::workflow::action::StepAction;
use crate::workflow::runner::{Finish, StepCtx, StepResult, failed};
use crate::workflow::step_env::StepEnv;
use crate::workflow::step_plans::{StepPlan, minutes};
use crate::workflow::wait::WaitFor;

pub(in crate::workflow) fn delete_chosen_backup_plan(arn: &BackupArn, name: &str) -> StepPlan {
    StepPlan::new(
        format!("Delete the backup {name}"),
        &["DescribeBackup", "DeleteBackup"],
        minutes(1),
        StepAction::DeleteChosenBackup {
            backup_arn: arn.clone(),
            backup_name: name.to_owned(),
        },
    )
    .deleting(name)
}

impl StepEnv<'_> {
    pub(super) async fn delete_chosen_backup(
        &self,
        step: &StepCtx,
        arn: &BackupArn,
        name: &str,
    ) -> StepResult {
        if !self.backup_exists(arn.as_str()).await {
            return Ok(Finish::Skipped(format!("{name} is already gone")));
        }
        self.wait(step, WaitFor::BackupsAvailable(vec![(arn.as_str(), name)]))
            .await?;
        self.backend
            .delete_backup(arn.as_str())
            .await
            .map_err(failed("DeleteBackup"))?;
        self.note_accepted("DeleteBackup", name);
        Ok(Finish::Done(Some("deleted".to_owned())))
    }
}
