//! The Protection view's offer: a vault access policy that denies deleting
//! recovery points, put with PutBackupVaultAccessPolicy. The plan carries
//! the whole document (the current policy with one statement added,
//! `crate::protection::with_deny_statement`) and the policy it was built
//! from. Running it reads the policy first: one that already holds the
//! statement means the put landed (after a crash, the step is done); one
//! that is neither the base nor that is somebody else's change, not
//! overwritten.

use crate::protection::contains_deny_statement;
use crate::workflow::action::StepAction;
use crate::workflow::runner::{Finish, Halt, StepResult, failed};
use crate::workflow::step_env::StepEnv;
use crate::workflow::step_error::StepError;
use crate::workflow::step_plans::{SECONDS_5, StepPlan};
use crate::workflow::steps::probe::{Probe, Touches};

pub(in crate::workflow) fn put_vault_policy_plan(
    vault: &str,
    policy: &str,
    base: Option<&str>,
) -> StepPlan {
    StepPlan::new(
        format!(
            "Put the access policy of backup vault {vault}: nobody may delete its recovery points"
        ),
        &["GetBackupVaultAccessPolicy", "PutBackupVaultAccessPolicy"],
        SECONDS_5,
        StepAction::PutVaultPolicy {
            vault: vault.to_owned(),
            policy: policy.to_owned(),
            base: base.map(str::to_owned),
        },
    )
}

/// Touches no table or backup: the run reads the vault's policy again when
/// it resumes, and a policy that already holds the statement is done.
pub(super) fn put_vault_policy_probe(vault: &str) -> Probe<'_> {
    Probe::touching(Touches::default()).shows(move |_| {
        vec![format!(
            "backup vault {vault}: its access policy is read again on resume (done if it holds \
             the deny statement)"
        )]
    })
}

impl StepEnv<'_> {
    pub(super) async fn put_vault_policy(
        &self,
        vault: &str,
        policy: &str,
        base: Option<&str>,
    ) -> StepResult {
        let current = self
            .backend
            .get_vault_access_policy(vault)
            .await
            .map_err(failed("GetBackupVaultAccessPolicy"))?;
        if current.as_deref().is_some_and(contains_deny_statement) {
            return Ok(Finish::Skipped(
                "the vault's policy already denies deleting recovery points".to_owned(),
            ));
        }
        if !same_policy(current.as_deref(), base) {
            return Err(Halt::Failed(StepError::VaultPolicyChanged {
                vault: vault.to_owned(),
            }));
        }
        self.backend
            .put_vault_access_policy(vault, policy)
            .await
            .map_err(failed("PutBackupVaultAccessPolicy"))?;
        self.note_accepted("PutBackupVaultAccessPolicy", vault);
        Ok(Finish::Done(Some(
            "deleting recovery points is denied to everyone".to_owned(),
        )))
    }
}

/// The same document, spacing and key order aside.
fn same_policy(a: Option<&str>, b: Option<&str>) -> bool {
    let parse = |p: &str| serde_json::from_str::<serde_json::Value>(p).ok();
    match (a, b) {
        (None, None) => true,
        (Some(a), Some(b)) => a == b || (parse(a).is_some() && parse(a) == parse(b)),
        _ => false,
    }
}
