//! Who the console is signed in as, and what a role may do.

use super::AwsBackend;
use crate::backend::{BackendError, BackendResult};
use crate::domain::CallerIdentity;

pub(super) async fn caller(b: &AwsBackend) -> BackendResult<CallerIdentity> {
    let call = b.call("sts:GetCallerIdentity", "the caller identity");
    let out = b
        .sts
        .get_caller_identity()
        .send()
        .await
        .map_err(|e| call.map(e))?;
    match (out.account(), out.arn(), out.user_id()) {
        (Some(account), Some(arn), user_id) => Ok(CallerIdentity {
            account: account.to_owned(),
            arn: arn.to_owned(),
            user_id: user_id.unwrap_or_default().to_owned(),
        }),
        _ => Err(BackendError::empty_response(
            "GetCallerIdentity answered without an account or ARN",
        )),
    }
}

/// ListAttachedRolePolicies, all pages: the ARNs of the managed policies.
pub(super) async fn attached_role_policies(
    b: &AwsBackend,
    role_name: &str,
) -> BackendResult<Vec<String>> {
    let call = b.call(
        "iam:ListAttachedRolePolicies",
        format!("IAM role {role_name}"),
    );
    let policies: Vec<_> = b
        .iam
        .list_attached_role_policies()
        .role_name(role_name)
        .into_paginator()
        .items()
        .send()
        .try_collect()
        .await
        .map_err(|e| call.map(e))?;
    Ok(policies
        .iter()
        .filter_map(|p| p.policy_arn().map(str::to_owned))
        .collect())
}
