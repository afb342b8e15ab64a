//! Who the caller is and what the account holds for the checks: the
//! backend's description, the caller (STS), and the restore role's policies
//! (IAM).

use super::{Sandbox, lock};
use crate::backend::{BackendError, BackendInfo, BackendKind, BackendResult};
use crate::domain::CallerIdentity;

pub(super) fn info(sb: &Sandbox) -> BackendInfo {
    BackendInfo {
        kind: BackendKind::Sandbox,
        region: lock(&sb.world).region.clone(),
        endpoint: sb.endpoint.clone(),
        profile: None,
    }
}

pub(super) fn caller(sb: &Sandbox) -> BackendResult<CallerIdentity> {
    let world = lock(&sb.world);
    Ok(CallerIdentity {
        account: world.account.clone(),
        arn: world.caller_arn.clone(),
        user_id: "AROASANDBOX:sandbox".to_owned(),
    })
}

pub(super) fn attached_role_policies(sb: &Sandbox, role_name: &str) -> BackendResult<Vec<String>> {
    lock(&sb.world)
        .roles
        .get(role_name)
        .cloned()
        .ok_or_else(|| BackendError::not_found(format!("IAM role {role_name}")))
}
