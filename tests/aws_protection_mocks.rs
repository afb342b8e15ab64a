//! Who can delete backups over the AWS SDK, against `aws-smithy-mocks`:
//! moto 5.2.5 answers GetBackupVaultAccessPolicy and
//! PutBackupVaultAccessPolicy with 404, and does not simulate IAM policies,
//! so these assert the exact requests and how the answers are read. The
//! Vault Lock over the wire is in `aws_protection.rs` (moto).

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
mod mocked;

use std::sync::{Arc, Mutex};

use aws_sdk_backup::operation::describe_backup_vault::{
    DescribeBackupVaultError, DescribeBackupVaultOutput,
};
use aws_sdk_backup::operation::get_backup_vault_access_policy::{
    GetBackupVaultAccessPolicyError, GetBackupVaultAccessPolicyOutput,
};
use aws_sdk_backup::operation::put_backup_vault_access_policy::{
    PutBackupVaultAccessPolicyInput, PutBackupVaultAccessPolicyOutput,
};
use aws_sdk_iam::operation::simulate_principal_policy::{
    SimulatePrincipalPolicyError, SimulatePrincipalPolicyInput, SimulatePrincipalPolicyOutput,
};
use aws_sdk_iam::types::{EvaluationResult, PolicyEvaluationDecisionType as Decision, Statement};
use aws_smithy_mocks::{RuleMode, mock, mock_client};
use aws_smithy_types::DateTime as SdkTime;
use aws_smithy_types::error::ErrorMetadata;
use dynamo_dr::aws::AwsBackend;
use dynamo_dr::backend::{Backend, BackendError};
use dynamo_dr::domain::DeletePermission;
use mocked::Clients;

const VAULT: &str = "dr-vault";
const CALLER: &str = "arn:aws:sts::111122223333:assumed-role/OnCall/alice";
const ROLE: &str = "arn:aws:iam::111122223333:role/OnCall";

fn with_backup(backup: aws_sdk_backup::Client) -> AwsBackend {
    Clients {
        backup,
        ..Clients::default()
    }
    .backend()
}

fn with_iam(iam: aws_sdk_iam::Client) -> AwsBackend {
    Clients {
        iam,
        ..Clients::default()
    }
    .backend()
}

fn error_meta(code: &str, message: &str) -> ErrorMetadata {
    ErrorMetadata::builder()
        .code(code)
        .message(message)
        .custom("aws_request_id", "REQ-MOCK-1")
        .build()
}

#[tokio::test]
async fn the_vault_policy_is_read_by_the_vault_name() {
    let rule = mock!(aws_sdk_backup::Client::get_backup_vault_access_policy)
        .match_requests(|r| r.backup_vault_name() == Some(VAULT))
        .then_output(|| {
            GetBackupVaultAccessPolicyOutput::builder()
                .backup_vault_name(VAULT)
                .policy(r#"{"Version":"2012-10-17","Statement":[]}"#)
                .build()
        });
    let b = with_backup(mock_client!(aws_sdk_backup, [&rule]));
    assert_eq!(
        b.get_vault_access_policy(VAULT).await.unwrap().as_deref(),
        Some(r#"{"Version":"2012-10-17","Statement":[]}"#)
    );
    assert_eq!(rule.num_calls(), 1);
}

fn no_policy() -> aws_smithy_mocks::Rule {
    mock!(aws_sdk_backup::Client::get_backup_vault_access_policy)
        .match_requests(|r| r.backup_vault_name() == Some(VAULT))
        .then_error(|| {
            GetBackupVaultAccessPolicyError::generic(error_meta(
                "ResourceNotFoundException",
                "Backup vault dr-vault has no access policy",
            ))
        })
}

#[tokio::test]
async fn not_found_on_a_vault_that_exists_means_no_policy() {
    let get = no_policy();
    let describe = mock!(aws_sdk_backup::Client::describe_backup_vault)
        .match_requests(|r| r.backup_vault_name() == Some(VAULT))
        .then_output(|| {
            DescribeBackupVaultOutput::builder()
                .backup_vault_name(VAULT)
                .backup_vault_arn("arn:aws:backup:eu-west-1:111122223333:backup-vault:dr-vault")
                .build()
        });
    let b = with_backup(mock_client!(
        aws_sdk_backup,
        RuleMode::MatchAny,
        [&get, &describe]
    ));
    assert_eq!(b.get_vault_access_policy(VAULT).await, Ok(None));
    assert_eq!((get.num_calls(), describe.num_calls()), (1, 1));
}

#[tokio::test]
async fn not_found_on_a_vault_that_does_not_exist_stays_an_error() {
    let get = no_policy();
    let describe = mock!(aws_sdk_backup::Client::describe_backup_vault).then_error(|| {
        DescribeBackupVaultError::generic(error_meta(
            "ResourceNotFoundException",
            "Backup vault dr-vault not found",
        ))
    });
    let b = with_backup(mock_client!(
        aws_sdk_backup,
        RuleMode::MatchAny,
        [&get, &describe]
    ));
    assert!(matches!(
        b.get_vault_access_policy(VAULT).await,
        Err(BackendError::NotFound { what }) if what == "backup vault dr-vault"
    ));
}

#[tokio::test]
async fn the_policy_is_put_whole_on_the_vault() {
    let seen: Arc<Mutex<Option<PutBackupVaultAccessPolicyInput>>> = Arc::default();
    let sink = seen.clone();
    let rule = mock!(aws_sdk_backup::Client::put_backup_vault_access_policy).then_compute_output(
        move |req| {
            *sink.lock().unwrap() = Some(req.clone());
            PutBackupVaultAccessPolicyOutput::builder().build()
        },
    );
    let b = with_backup(mock_client!(aws_sdk_backup, [&rule]));
    let policy = dynamo_dr::protection::with_deny_statement(None).unwrap();
    b.put_vault_access_policy(VAULT, &policy).await.unwrap();
    let req = seen.lock().unwrap().clone().unwrap();
    assert_eq!(req.backup_vault_name(), Some(VAULT));
    assert_eq!(req.policy(), Some(policy.as_str()));
}

#[tokio::test]
async fn a_locked_vault_reads_its_lock() {
    let rule = mock!(aws_sdk_backup::Client::describe_backup_vault).then_output(|| {
        DescribeBackupVaultOutput::builder()
            .backup_vault_name(VAULT)
            .backup_vault_arn("arn:v")
            .locked(true)
            .min_retention_days(7)
            .max_retention_days(365)
            .lock_date(SdkTime::from_secs(1_800_000_000))
            .build()
    });
    let b = with_backup(mock_client!(aws_sdk_backup, [&rule]));
    let lock = b.describe_backup_vault(VAULT).await.unwrap().lock.unwrap();
    assert_eq!(lock.min_retention_days, Some(7));
    assert_eq!(lock.max_retention_days, Some(365));
    assert_eq!(lock.lock_date.unwrap().timestamp(), 1_800_000_000);
}

fn result(action: &str, decision: Decision, by: Option<&str>) -> EvaluationResult {
    let mut r = EvaluationResult::builder()
        .eval_action_name(action)
        .eval_resource_name("*")
        .eval_decision(decision);
    if let Some(id) = by {
        r = r.matched_statements(Statement::builder().source_policy_id(id).build());
    }
    r.build().unwrap()
}

/// A simulator that records the request and answers `results`.
fn simulator(
    results: Vec<EvaluationResult>,
) -> (
    aws_smithy_mocks::Rule,
    Arc<Mutex<Option<SimulatePrincipalPolicyInput>>>,
) {
    let seen: Arc<Mutex<Option<SimulatePrincipalPolicyInput>>> = Arc::default();
    let sink = seen.clone();
    let rule =
        mock!(aws_sdk_iam::Client::simulate_principal_policy).then_compute_output(move |req| {
            *sink.lock().unwrap() = Some(req.clone());
            SimulatePrincipalPolicyOutput::builder()
                .set_evaluation_results(Some(results.clone()))
                .is_truncated(false)
                .build()
        });
    (rule, seen)
}

#[tokio::test]
async fn an_assumed_role_is_simulated_as_its_role_for_both_deletes() {
    let (rule, seen) = simulator(vec![
        result("dynamodb:DeleteBackup", Decision::Allowed, None),
        result("backup:DeleteRecoveryPoint", Decision::ImplicitDeny, None),
    ]);
    let b = with_iam(mock_client!(aws_sdk_iam, [&rule]));
    assert_eq!(
        b.may_delete_backups(CALLER).await,
        Ok(DeletePermission::Allowed {
            principal: ROLE.into(),
            actions: vec!["dynamodb:DeleteBackup".into()],
        })
    );
    let req = seen.lock().unwrap().clone().unwrap();
    assert_eq!(req.policy_source_arn(), Some(ROLE));
    assert_eq!(
        req.action_names(),
        ["dynamodb:DeleteBackup", "backup:DeleteRecoveryPoint"]
    );
    assert_eq!(req.resource_arns(), ["*"]);
}

#[tokio::test]
async fn an_explicit_deny_names_the_policies_that_deny() {
    let (rule, _) = simulator(vec![
        result(
            "dynamodb:DeleteBackup",
            Decision::ExplicitDeny,
            Some("DenyBackupDeletion"),
        ),
        result(
            "backup:DeleteRecoveryPoint",
            Decision::ExplicitDeny,
            Some("DenyBackupDeletion"),
        ),
    ]);
    let b = with_iam(mock_client!(aws_sdk_iam, [&rule]));
    assert_eq!(
        b.may_delete_backups(CALLER).await,
        Ok(DeletePermission::Denied {
            principal: ROLE.into(),
            explicit: true,
            by: vec!["DenyBackupDeletion".into()],
        })
    );
}

#[tokio::test]
async fn a_caller_who_may_not_simulate_gets_could_not_tell() {
    let rule = mock!(aws_sdk_iam::Client::simulate_principal_policy).then_error(|| {
        SimulatePrincipalPolicyError::generic(error_meta(
            "AccessDenied",
            "User is not authorized to perform: iam:SimulatePrincipalPolicy",
        ))
    });
    let b = with_iam(mock_client!(aws_sdk_iam, [&rule]));
    match b.may_delete_backups(CALLER).await {
        Ok(DeletePermission::Unknown(why)) => {
            assert!(why.contains("iam:SimulatePrincipalPolicy"), "{why}")
        }
        other => panic!("{other:?}"),
    }
}

#[tokio::test]
async fn the_root_user_is_not_simulated() {
    let (rule, _) = simulator(vec![]);
    let b = with_iam(mock_client!(aws_sdk_iam, [&rule]));
    assert!(matches!(
        b.may_delete_backups("arn:aws:iam::111122223333:root").await,
        Ok(DeletePermission::Unknown(why)) if why.contains("root")
    ));
    assert_eq!(rule.num_calls(), 0);
}
