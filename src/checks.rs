//! The start-up checks, run against the account before anything may change
//! it: the caller's account is the configured one (so a console logged into
//! the wrong account cannot restore there), the vault exists, the restore
//! role has `AWSBackupServiceRolePolicyForRestores`, the step timeout is
//! valid. While one fails, the console refuses mutating operations and says
//! why.

use serde::Serialize;

use crate::backend::{Backend, BackendError};
use crate::config::{AccountId, RoleArn, StepTimeout};

pub const RESTORE_POLICY_NAME: &str = "AWSBackupServiceRolePolicyForRestores";

/// What the checks compare against.
#[derive(Debug, Clone, Default)]
pub struct Expectations {
    pub account_id: Option<AccountId>,
    pub backup_vault: Option<String>,
    pub backup_role_arn: Option<RoleArn>,
    pub step_timeout: Option<StepTimeout>,
    /// How the operations' verification step reads tables (not checked).
    pub verify: crate::verify::VerifyOptions,
    /// How a repair writes (its write budget).
    pub repair: crate::repair::RepairOptions,
    /// The local state dir and what its check at start found (`None`: not
    /// checked, as in tests of the console alone).
    pub state_dir: Option<StateDirCheck>,
}

/// What the start-up check of the state dir found.
#[derive(Debug, Clone, Default)]
pub struct StateDirCheck {
    pub path: std::path::PathBuf,
    /// Why it cannot be used.
    pub problem: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CheckResult {
    pub name: &'static str,
    pub passed: bool,
    /// What was found.
    pub detail: String,
    /// How to fix it, when it failed.
    pub fix: Option<String>,
}

impl CheckResult {
    fn pass(name: &'static str, detail: String) -> Self {
        Self {
            name,
            passed: true,
            detail,
            fix: None,
        }
    }

    fn fail(name: &'static str, detail: String, fix: impl Into<String>) -> Self {
        Self {
            name,
            passed: false,
            detail,
            fix: Some(fix.into()),
        }
    }
}

pub async fn run(backend: &dyn Backend, exp: &Expectations) -> Vec<CheckResult> {
    let (account, vault, role) = tokio::join!(
        check_account(backend, exp),
        check_vault(backend, exp),
        check_role(backend, exp)
    );
    let mut results = vec![account, vault, role, check_timeout(exp)];
    results.extend(exp.state_dir.as_ref().map(check_state_dir));
    results
}

/// Journals and the audit log can be written: without them no change is
/// safe (nothing to resume from, nothing to answer for).
fn check_state_dir(state: &StateDirCheck) -> CheckResult {
    const NAME: &str = "state dir";
    match &state.problem {
        None => CheckResult::pass(NAME, format!("{} is writable", state.path.display())),
        Some(problem) => CheckResult::fail(
            NAME,
            problem.clone(),
            "free space or fix the permissions of the state dir, or point DYNAMO_DR_STATE_DIR at a writable directory",
        ),
    }
}

async fn check_account(backend: &dyn Backend, exp: &Expectations) -> CheckResult {
    const NAME: &str = "account";
    let caller = match backend.caller_identity().await {
        Ok(c) => c,
        Err(e) => {
            // Signing in does not help when the endpoint is down.
            let fix = match e {
                BackendError::Unreachable(_) => {
                    "check --endpoint-url, --region and the network (proxy, VPN), then retry"
                }
                _ => "sign in (aws sso login, or export credentials) or pass --profile",
            };
            return CheckResult::fail(NAME, format!("cannot tell who you are: {e}"), fix);
        }
    };
    match &exp.account_id {
        None => CheckResult::fail(
            NAME,
            format!(
                "credentials are for account {}, but aws.account_id is not set",
                caller.account
            ),
            "set aws.account_id in the config to the account you mean to change",
        ),
        Some(want) if want.0 == caller.account => CheckResult::pass(
            NAME,
            format!("account {} as configured ({})", caller.account, caller.arn),
        ),
        Some(want) => CheckResult::fail(
            NAME,
            format!(
                "credentials are for account {}, the config expects {want}",
                caller.account
            ),
            "use credentials for the configured account (--profile), or fix aws.account_id",
        ),
    }
}

async fn check_vault(backend: &dyn Backend, exp: &Expectations) -> CheckResult {
    const NAME: &str = "vault";
    let Some(vault) = &exp.backup_vault else {
        return CheckResult::fail(
            NAME,
            "aws.backup_vault is not set".into(),
            "set aws.backup_vault in the config",
        );
    };
    match backend.describe_backup_vault(vault).await {
        Ok(v) => CheckResult::pass(
            NAME,
            format!(
                "vault {} holds {} recovery points",
                v.name, v.recovery_points
            ),
        ),
        Err(e) => CheckResult::fail(
            NAME,
            format!("vault {vault}: {e}"),
            "create the vault (docs/aws-setup.md) or fix aws.backup_vault",
        ),
    }
}

async fn check_role(backend: &dyn Backend, exp: &Expectations) -> CheckResult {
    const NAME: &str = "backup role";
    let Some(role) = &exp.backup_role_arn else {
        return CheckResult::fail(
            NAME,
            "aws.backup_role_arn is not set".into(),
            "set aws.backup_role_arn in the config",
        );
    };
    match backend.list_attached_role_policies(role.name()).await {
        Ok(policies)
            if policies
                .iter()
                .any(|p| p.ends_with(&format!("/{RESTORE_POLICY_NAME}"))) =>
        {
            CheckResult::pass(
                NAME,
                format!("role {} has {RESTORE_POLICY_NAME}", role.name()),
            )
        }
        Ok(_) => CheckResult::fail(
            NAME,
            format!("role {} lacks {RESTORE_POLICY_NAME}", role.name()),
            format!(
                "attach arn:aws:iam::aws:policy/service-role/{RESTORE_POLICY_NAME} to the role"
            ),
        ),
        Err(e) => CheckResult::fail(
            NAME,
            format!("role {}: {e}", role.name()),
            "create the role (docs/aws-setup.md) or fix aws.backup_role_arn",
        ),
    }
}

fn check_timeout(exp: &Expectations) -> CheckResult {
    match exp.step_timeout {
        Some(t) => CheckResult::pass("timeout", format!("per-step timeout {t}")),
        None => CheckResult::fail(
            "timeout",
            "operations.step_timeout is not set".into(),
            "set operations.step_timeout to seconds or \"none\"",
        ),
    }
}

/// The first failed check's reason, if any: why mutating operations are off.
pub fn blocking_reason(results: &[CheckResult]) -> Option<String> {
    results
        .iter()
        .find(|r| !r.passed)
        .map(|r| format!("check '{}' failed: {}", r.name, r.detail))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sandbox::{Sandbox, SandboxOptions, seed};

    fn good() -> Expectations {
        Expectations {
            account_id: Some(AccountId(seed::ACCOUNT.into())),
            backup_vault: Some(seed::VAULT.into()),
            backup_role_arn: Some(RoleArn(seed::role_arn())),
            step_timeout: Some(StepTimeout::None),
            verify: Default::default(),
            repair: Default::default(),
            state_dir: Some(StateDirCheck::default()),
        }
    }

    #[tokio::test]
    async fn all_pass_on_a_well_configured_account() {
        let sb = Sandbox::open(SandboxOptions::default()).unwrap();
        let r = run(&sb, &good()).await;
        assert!(r.iter().all(|c| c.passed), "{r:?}");
        assert_eq!(blocking_reason(&r), None);
    }

    #[tokio::test]
    async fn each_misconfiguration_fails_its_check_with_a_fix() {
        let sb = Sandbox::open(SandboxOptions::default()).unwrap();
        let wrong = Expectations {
            account_id: Some(AccountId("999999999999".into())),
            backup_vault: Some("nope".into()),
            backup_role_arn: Some(RoleArn("arn:aws:iam::111122223333:role/Missing".into())),
            step_timeout: None,
            verify: Default::default(),
            repair: Default::default(),
            state_dir: Some(StateDirCheck {
                path: "/nowhere".into(),
                problem: Some("the state dir /nowhere cannot be used: read-only".into()),
            }),
        };
        let r = run(&sb, &wrong).await;
        assert!(r.iter().all(|c| !c.passed && c.fix.is_some()), "{r:?}");
        assert!(r[0].detail.contains("999999999999") && r[0].detail.contains(seed::ACCOUNT));
        assert!(blocking_reason(&r).unwrap().contains("account"));
        let state = r.iter().find(|c| c.name == "state dir").unwrap();
        assert!(state.detail.contains("/nowhere"), "{state:?}");
    }

    #[tokio::test]
    async fn an_unreachable_endpoint_is_not_sent_to_sign_in() {
        let sb = Sandbox::open(SandboxOptions::default()).unwrap();
        sb.fail_next(
            "caller_identity",
            BackendError::Unreachable("http://127.0.0.1:1 refused".into()),
        );
        let r = run(&sb, &good()).await;
        assert!(!r[0].passed && r[0].detail.contains("cannot reach AWS"));
        let fix = r[0].fix.as_deref().unwrap();
        assert!(
            fix.contains("--endpoint-url") && !fix.contains("sso"),
            "{fix}"
        );
    }

    #[tokio::test]
    async fn a_role_without_the_restore_policy_fails() {
        let sb = Sandbox::open(SandboxOptions::default()).unwrap();
        sb.fail_next(
            "list_attached_role_policies",
            crate::backend::BackendError::AccessDenied {
                permission: "iam:ListAttachedRolePolicies".into(),
                message: "denied".into(),
            },
        );
        let r = run(&sb, &good()).await;
        assert!(!r[2].passed && r[2].detail.contains("iam:ListAttachedRolePolicies"));
    }
}
