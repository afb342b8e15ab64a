use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

/// STS GetCallerIdentity.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CallerIdentity {
    pub account: String,
    pub arn: String,
    pub user_id: String,
}

/// DescribeBackupVault.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct VaultInfo {
    pub name: String,
    pub arn: String,
    pub recovery_points: u64,
    /// Its Vault Lock, when one is set (`Locked`, `MinRetentionDays`,
    /// `MaxRetentionDays`, `LockDate`).
    #[serde(default)]
    pub lock: Option<VaultLock>,
}

/// A vault's Vault Lock. Before `lock_date` (or with none) it is in
/// governance mode: whoever may `backup:DeleteBackupVaultLockConfiguration`
/// can remove it. From `lock_date` on it is in compliance mode: nobody can
/// remove it, not even the root user, and no recovery point can be deleted
/// before its retention.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct VaultLock {
    #[serde(default)]
    pub min_retention_days: Option<i64>,
    #[serde(default)]
    pub max_retention_days: Option<i64>,
    #[serde(default)]
    pub lock_date: Option<DateTime<Utc>>,
}

/// Which mode a Vault Lock is in at a given time.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LockMode {
    /// Removable; with a date, it becomes immutable then.
    Governance { until: Option<DateTime<Utc>> },
    /// Immutable since this date.
    Compliance { since: DateTime<Utc> },
}

impl VaultLock {
    pub fn mode(&self, now: DateTime<Utc>) -> LockMode {
        match self.lock_date {
            Some(d) if d <= now => LockMode::Compliance { since: d },
            until => LockMode::Governance { until },
        }
    }
}

/// Whether the caller may delete backups, as IAM's policy simulator
/// answers for `dynamodb:DeleteBackup` and `backup:DeleteRecoveryPoint`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum DeletePermission {
    /// The simulated principal (`principal`: the caller's role or user) may
    /// call these actions.
    Allowed {
        principal: String,
        actions: Vec<String>,
    },
    /// Every action is denied; `by` names the denying statements IAM gave,
    /// `explicit` whether a Deny statement matched (else nothing allows).
    Denied {
        principal: String,
        explicit: bool,
        by: Vec<String>,
    },
    /// Could not tell, and why (the caller may not simulate, or the
    /// caller is not a principal IAM can simulate).
    Unknown(String),
}
