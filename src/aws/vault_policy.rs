//! Who can delete backups: the vault's access policy (AWS Backup) and IAM's
//! policy simulator for the caller.

use aws_sdk_iam::types::PolicyEvaluationDecisionType as Decision;

use super::AwsBackend;
use crate::backend::{BackendError, BackendResult};
use crate::domain::DeletePermission;
use crate::protection::simulated_principal;

/// The actions the simulator is asked about, on `*`.
pub const SIMULATED: [&str; 2] = ["dynamodb:DeleteBackup", "backup:DeleteRecoveryPoint"];

/// GetBackupVaultAccessPolicy. AWS answers ResourceNotFound both for a
/// vault without a policy and for no vault at all: the vault is then
/// described, so only a missing vault stays an error.
pub(super) async fn get_policy(b: &AwsBackend, vault: &str) -> BackendResult<Option<String>> {
    let call = b.call(
        "backup:GetBackupVaultAccessPolicy",
        format!("backup vault {vault}"),
    );
    match b
        .backup
        .get_backup_vault_access_policy()
        .backup_vault_name(vault)
        .send()
        .await
        .map_err(|e| call.map(e))
    {
        Ok(out) => Ok(out.policy().map(str::to_owned)),
        Err(BackendError::NotFound { .. }) => {
            super::backup_service::describe_vault(b, vault).await?;
            Ok(None)
        }
        Err(e) => Err(e),
    }
}

pub(super) async fn put_policy(b: &AwsBackend, vault: &str, policy: &str) -> BackendResult<()> {
    let call = b.call(
        "backup:PutBackupVaultAccessPolicy",
        format!("backup vault {vault}"),
    );
    b.backup
        .put_backup_vault_access_policy()
        .backup_vault_name(vault)
        .policy(policy)
        .send()
        .await
        .map_err(|e| call.map(e))?;
    Ok(())
}

/// SimulatePrincipalPolicy for the caller (an assumed-role session as its
/// role). A caller who may not simulate, or a principal IAM does not know,
/// is `Unknown` with why: the view says it could not tell.
pub(super) async fn may_delete(
    b: &AwsBackend,
    caller_arn: &str,
) -> BackendResult<DeletePermission> {
    let principal = match simulated_principal(caller_arn) {
        Ok(p) => p,
        Err(why) => return Ok(DeletePermission::Unknown(why)),
    };
    let call = b.call("iam:SimulatePrincipalPolicy", principal.clone());
    let mut request = b
        .iam
        .simulate_principal_policy()
        .policy_source_arn(&principal)
        .resource_arns("*");
    for action in SIMULATED {
        request = request.action_names(action);
    }
    let out = match request.send().await.map_err(|e| call.map(e)) {
        Ok(out) => out,
        Err(BackendError::AccessDenied { permission, .. }) => {
            return Ok(DeletePermission::Unknown(format!(
                "the caller may not simulate IAM policies (missing permission: {permission})"
            )));
        }
        Err(BackendError::NotFound { .. }) => {
            return Ok(DeletePermission::Unknown(format!(
                "IAM does not know {principal} (a role with a path is not named so by STS)"
            )));
        }
        Err(e) => return Err(e),
    };
    let results = out.evaluation_results();
    if results.is_empty() {
        return Ok(DeletePermission::Unknown(
            "IAM's simulator answered nothing".to_owned(),
        ));
    }
    let allowed: Vec<String> = results
        .iter()
        .filter(|r| *r.eval_decision() == Decision::Allowed)
        .map(|r| r.eval_action_name().to_owned())
        .collect();
    if !allowed.is_empty() {
        return Ok(DeletePermission::Allowed {
            principal,
            actions: allowed,
        });
    }
    let explicit = results
        .iter()
        .any(|r| *r.eval_decision() == Decision::ExplicitDeny);
    let mut by: Vec<String> = results
        .iter()
        .filter(|r| *r.eval_decision() == Decision::ExplicitDeny)
        .flat_map(|r| r.matched_statements())
        .filter_map(|s| s.source_policy_id().map(str::to_owned))
        .collect();
    by.sort();
    by.dedup();
    Ok(DeletePermission::Denied {
        principal,
        explicit,
        by,
    })
}
