//! Who can delete backups over the real wire, against moto (`scripts/test.sh
//! --test aws_protection`): moto 5.2.5 serves backup vaults and their Vault
//! Lock, so the lock is read from DescribeBackupVault as AWS sends it. It
//! answers the vault access policy calls with a bare 404, which the
//! backend reports as not implemented; those calls and IAM's simulator are
//! tested with aws-smithy-mocks (`aws_protection_mocks.rs`).

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
mod moto;

use chrono::Utc;
use dynamo_dr::backend::{Backend, BackendError};
use dynamo_dr::domain::LockMode;
use moto::{backend, sdk, unique};

async fn vault(sdk: &aws_config::SdkConfig) -> String {
    let name = unique("lock-vault");
    aws_sdk_backup::Client::new(sdk)
        .create_backup_vault()
        .backup_vault_name(&name)
        .send()
        .await
        .expect("create vault");
    name
}

#[tokio::test]
#[ignore = "needs moto: run scripts/test.sh"]
async fn a_vault_without_a_lock_has_none() {
    let (b, sdk) = (backend().await, sdk().await);
    let name = vault(&sdk).await;
    assert_eq!(b.describe_backup_vault(&name).await.unwrap().lock, None);
}

#[tokio::test]
#[ignore = "needs moto: run scripts/test.sh"]
async fn a_lock_with_a_grace_time_is_governance_until_its_date() {
    let (b, sdk) = (backend().await, sdk().await);
    let name = vault(&sdk).await;
    aws_sdk_backup::Client::new(&sdk)
        .put_backup_vault_lock_configuration()
        .backup_vault_name(&name)
        .min_retention_days(7)
        .max_retention_days(365)
        .changeable_for_days(3)
        .send()
        .await
        .expect("lock the vault");
    let lock = b.describe_backup_vault(&name).await.unwrap().lock.unwrap();
    assert_eq!(
        (lock.min_retention_days, lock.max_retention_days),
        (Some(7), Some(365))
    );
    let now = Utc::now();
    match lock.mode(now) {
        LockMode::Governance { until: Some(d) } => {
            let days = (d - now).num_hours() as f64 / 24.0;
            assert!((2.9..=3.1).contains(&days), "{d}");
        }
        other => panic!("{other:?}"),
    }
    // Past its date the same lock is compliance mode.
    assert!(matches!(
        lock.mode(now + chrono::Duration::days(4)),
        LockMode::Compliance { .. }
    ));
}

#[tokio::test]
#[ignore = "needs moto: run scripts/test.sh"]
async fn a_lock_without_a_grace_time_stays_governance() {
    let (b, sdk) = (backend().await, sdk().await);
    let name = vault(&sdk).await;
    aws_sdk_backup::Client::new(&sdk)
        .put_backup_vault_lock_configuration()
        .backup_vault_name(&name)
        .min_retention_days(1)
        .send()
        .await
        .expect("lock the vault");
    let lock = b.describe_backup_vault(&name).await.unwrap().lock.unwrap();
    assert_eq!(lock.min_retention_days, Some(1));
    assert_eq!(lock.max_retention_days, None);
    assert_eq!(lock.mode(Utc::now()), LockMode::Governance { until: None });
}

/// What moto lacks is said as such, not taken for "no policy".
#[tokio::test]
#[ignore = "needs moto: run scripts/test.sh"]
async fn moto_has_no_vault_access_policy_and_says_so() {
    let (b, sdk) = (backend().await, sdk().await);
    let name = vault(&sdk).await;
    match b.get_vault_access_policy(&name).await {
        Err(BackendError::Unsupported(why)) => {
            assert!(why.contains("backup:GetBackupVaultAccessPolicy"), "{why}")
        }
        other => panic!("{other:?}"),
    }
}
