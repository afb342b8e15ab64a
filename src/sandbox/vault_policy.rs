//! Who can delete backups in the sandbox: the vault's access policy (put
//! and read as AWS Backup does: none until one is put) and the answer of
//! its IAM policy simulator, from one seeded rule (`caller_denied_delete`):
//! the sandbox's own caller may delete unless that rule says otherwise;
//! any other principal cannot be simulated.

use super::{Sandbox, lock};
use crate::backend::{BackendError, BackendResult};
use crate::domain::DeletePermission;
use crate::protection::simulated_principal;

/// The actions the simulator is asked about.
pub const SIMULATED: [&str; 2] = ["dynamodb:DeleteBackup", "backup:DeleteRecoveryPoint"];

pub(super) fn get_policy(sb: &Sandbox, vault: &str) -> BackendResult<Option<String>> {
    let world = lock(&sb.world);
    let v = world
        .vaults
        .get(vault)
        .ok_or_else(|| BackendError::not_found(format!("backup vault {vault}")))?;
    Ok(v.policy.clone())
}

pub(super) fn put_policy(sb: &Sandbox, vault: &str, policy: &str) -> BackendResult<()> {
    // AWS refuses a document that is not a JSON object.
    if !serde_json::from_str::<serde_json::Value>(policy).is_ok_and(|v| v.is_object()) {
        return Err(BackendError::Invalid(
            "the vault access policy is not a JSON policy document".to_owned(),
        ));
    }
    let mut world = sb.begin()?;
    let v = world
        .vaults
        .get_mut(vault)
        .ok_or_else(|| BackendError::not_found(format!("backup vault {vault}")))?;
    v.policy = Some(policy.to_owned());
    world.commit()
}

pub(super) fn may_delete(sb: &Sandbox, caller_arn: &str) -> BackendResult<DeletePermission> {
    let world = lock(&sb.world);
    let principal = match simulated_principal(caller_arn) {
        Ok(p) => p,
        Err(why) => return Ok(DeletePermission::Unknown(why)),
    };
    if caller_arn != world.caller_arn {
        return Ok(DeletePermission::Unknown(format!(
            "the sandbox simulates only its own caller, not {caller_arn}"
        )));
    }
    let actions = SIMULATED.iter().map(|a| (*a).to_owned()).collect();
    Ok(if world.caller_denied_delete {
        DeletePermission::Denied {
            principal,
            explicit: true,
            by: vec!["sandbox policy DenyBackupDeletion".to_owned()],
        }
    } else {
        DeletePermission::Allowed { principal, actions }
    })
}
