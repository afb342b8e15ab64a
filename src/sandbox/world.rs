//! The simulated account's state. Everything that takes time is stored as the
//! moment it will be finished; `settle` moves the world to a given instant,
//! so the same timestamps always give the same state.

use std::collections::BTreeMap;

use chrono::{DateTime, Duration, Utc};
use serde::{Deserialize, Serialize};

use super::items::{Derived, TableData};
use crate::domain::LifecycleDays;
use crate::domain::{
    Backup, BackupPlan, BackupStatus, BillingMode, Encryption, Job, JobKind, JobStatus, Lifecycle,
    PitrStatus, PitrWindow, RecoveryPoint, RecoveryPointStatus, STANDARD_CLASS, StorageClass,
    Table, TableStatus,
};

/// Settings a restore copies from its source (as DynamoDB does).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct KeptSettings {
    pub encryption: Encryption,
    pub table_class: String,
}

impl Default for KeptSettings {
    fn default() -> Self {
        Self {
            encryption: Encryption::AwsOwned,
            table_class: STANDARD_CLASS.to_owned(),
        }
    }
}

/// Settings a restore drops (as DynamoDB does): the operations put them back.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct DroppedSettings {
    pub tags: BTreeMap<String, String>,
    pub ttl_attribute: Option<String>,
    pub stream: Option<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub enum Phase {
    Creating { ready_at: DateTime<Utc> },
    Active,
    Deleting { gone_at: DateTime<Utc> },
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct SimPitr {
    pub enabled_at: DateTime<Utc>,
    pub period_days: u8,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct SimTable {
    pub name: String,
    pub arn: String,
    pub billing: BillingMode,
    pub deletion_protection: bool,
    pub gsis: Vec<String>,
    pub created_at: DateTime<Utc>,
    pub phase: Phase,
    pub pitr: Option<SimPitr>,
    #[serde(default)]
    pub kept: KeptSettings,
    #[serde(default)]
    pub dropped: DroppedSettings,
    /// The contents over time, oldest first; the last entry is the present.
    pub history: Vec<(DateTime<Utc>, TableData)>,
}

impl SimTable {
    pub fn data(&self) -> TableData {
        self.history.last().map(|(_, d)| *d).unwrap_or(TableData {
            items: 0,
            size_bytes: 0,
            version: 0,
        })
    }

    /// The contents as they were at `at`.
    pub fn data_at(&self, at: DateTime<Utc>) -> TableData {
        self.history
            .iter()
            .rev()
            .find(|(t, _)| *t <= at)
            .or(self.history.first())
            .map(|(_, d)| *d)
            .unwrap_or(self.data())
    }

    pub fn status(&self) -> TableStatus {
        match self.phase {
            Phase::Creating { .. } => TableStatus::Creating,
            Phase::Active => TableStatus::Active,
            Phase::Deleting { .. } => TableStatus::Deleting,
        }
    }

    pub fn pitr_status(&self, now: DateTime<Utc>) -> PitrStatus {
        match &self.pitr {
            None => PitrStatus::disabled(),
            Some(p) => {
                let earliest = p
                    .enabled_at
                    .max(now - Duration::days(i64::from(p.period_days)));
                let latest = (now - Duration::minutes(5)).max(earliest);
                PitrStatus {
                    enabled: true,
                    recovery_period_days: Some(p.period_days),
                    window: Some(PitrWindow { earliest, latest }),
                }
            }
        }
    }

    pub fn to_domain(&self) -> Table {
        let data = self.data();
        Table {
            name: self.name.clone(),
            arn: self.arn.clone(),
            status: self.status(),
            item_count: data.items,
            size_bytes: data.size_bytes,
            billing: self.billing.clone(),
            deletion_protection: self.deletion_protection,
            global_secondary_indexes: self.gsis.clone(),
            created_at: Some(self.created_at),
        }
    }
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct SimBackup {
    pub backup: Backup,
    pub table_arn: String,
    pub billing: BillingMode,
    pub gsis: Vec<String>,
    #[serde(default)]
    pub kept: KeptSettings,
    pub data: TableData,
    pub ready_at: DateTime<Utc>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct SimRecoveryPoint {
    pub vault: String,
    pub point: RecoveryPoint,
    pub billing: BillingMode,
    pub gsis: Vec<String>,
    #[serde(default)]
    pub kept: KeptSettings,
    pub data: TableData,
}

impl SimRecoveryPoint {
    /// The storage class and status as of `now`, from the lifecycle.
    pub fn to_domain(&self, now: DateTime<Utc>) -> RecoveryPoint {
        let mut p = self.point.clone();
        if let Some(cold_at) = p.lifecycle.move_to_cold_at {
            p.storage = if now >= cold_at {
                StorageClass::Cold
            } else {
                StorageClass::Warm
            };
        }
        if p.lifecycle.delete_at.is_some_and(|d| now >= d) {
            p.status = RecoveryPointStatus::Expired;
            p.storage = StorageClass::Deleted;
        }
        p
    }
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct SimJob {
    pub job: Job,
    pub started_at: DateTime<Utc>,
    pub done_at: DateTime<Utc>,
    /// A backup job's vault until its recovery point is made (`settle`),
    /// then `None`: the point, once made, is never made again.
    #[serde(default)]
    pub vault: Option<String>,
    /// A backup job started from the console: the lifecycle of the point
    /// it makes (`None`: the plan's, cold after 8 days, deleted after 365).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lifecycle: Option<LifecycleDays>,
    /// StartBackupJob's idempotency token: the same token answers the
    /// same job.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub idempotency_token: Option<String>,
}

impl SimJob {
    pub fn to_domain(&self, now: DateTime<Utc>) -> Job {
        let mut job = self.job.clone();
        if job.status.is_finished() {
            return job;
        }
        if now < self.started_at {
            // Accepted, not yet running (a backup job's first moments).
            job.status = JobStatus::Created;
            job.percent_done = None;
        } else if now >= self.done_at {
            job.status = JobStatus::Completed;
            job.percent_done = Some(100.0);
            job.completed_at = Some(self.done_at);
        } else {
            let total = (self.done_at - self.started_at).num_milliseconds().max(1) as f64;
            let gone = (now - self.started_at).num_milliseconds().max(0) as f64;
            job.status = JobStatus::Running;
            job.percent_done = Some((gone / total * 100.0).clamp(0.0, 99.0));
        }
        job
    }
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct SimVault {
    pub name: String,
    pub arn: String,
    /// Its access policy document, when one was put.
    #[serde(default)]
    pub policy: Option<String>,
    #[serde(default)]
    pub lock: Option<crate::domain::VaultLock>,
}

/// The whole simulated account; serialised as is for `--sandbox-state`.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct World {
    pub account: String,
    pub region: String,
    pub caller_arn: String,
    pub tables: BTreeMap<String, SimTable>,
    /// Keyed by backup ARN.
    pub backups: BTreeMap<String, SimBackup>,
    pub vaults: BTreeMap<String, SimVault>,
    /// Keyed by recovery point ARN.
    pub recovery_points: BTreeMap<String, SimRecoveryPoint>,
    pub jobs: BTreeMap<String, SimJob>,
    /// AWS Backup plans by id, with their selections.
    #[serde(default)]
    pub plans: BTreeMap<String, BackupPlan>,
    /// Role name to attached policy ARNs.
    pub roles: BTreeMap<String, Vec<String>>,
    pub next_id: u64,
    /// Patched contents by `TableData::version` (see `items.rs`); versions
    /// not listed are purely generated.
    #[serde(default)]
    pub contents: BTreeMap<u64, Derived>,
    /// The sandbox's IAM, as its policy simulator answers: whether the
    /// caller is denied deleting backups (false: it may, as an on-call
    /// engineer with broad rights usually can).
    #[serde(default)]
    pub caller_denied_delete: bool,
    /// Copies on their way into this region's vaults: each listed from the
    /// moment its copy job completes (`settle`).
    #[serde(default)]
    pub arriving: Vec<(DateTime<Utc>, SimRecoveryPoint)>,
    /// S3 buckets by name: where exports are written and imports read.
    #[serde(default)]
    pub buckets: BTreeMap<String, super::s3::SimBucket>,
    /// Exports to S3 by ARN (operation 13).
    #[serde(default)]
    pub exports: BTreeMap<String, super::exports::SimExport>,
    /// Imports from S3 by ARN (operation 14).
    #[serde(default)]
    pub imports: BTreeMap<String, super::imports::SimImport>,
}

impl World {
    /// Moves everything that finishes by `now` to its finished state.
    pub fn settle(&mut self, now: DateTime<Utc>) {
        let (arrived, underway) = std::mem::take(&mut self.arriving)
            .into_iter()
            .partition::<Vec<_>, _>(|(at, _)| now >= *at);
        self.arriving = underway;
        for (_, p) in arrived {
            self.recovery_points.insert(p.point.arn.clone(), p);
        }
        super::exports::settle(self, now);
        self.tables.retain(|_, t| match t.phase {
            Phase::Deleting { gone_at } => now < gone_at,
            _ => true,
        });
        for t in self.tables.values_mut() {
            if let Phase::Creating { ready_at } = t.phase
                && now >= ready_at
            {
                t.phase = Phase::Active;
            }
        }
        for b in self.backups.values_mut() {
            if b.backup.status == BackupStatus::Creating && now >= b.ready_at {
                b.backup.status = BackupStatus::Available;
            }
        }
        // A backup job that has finished has made its recovery point, as
        // it was when the job started.
        type Made = (String, String, String, DateTime<Utc>, Option<LifecycleDays>);
        let made: Vec<Made> = self
            .jobs
            .values_mut()
            .filter(|j| j.job.kind == JobKind::Backup && now >= j.done_at)
            .filter_map(|j| {
                let point = j.job.recovery_point_arn.clone()?;
                let table = j.job.resource_arn.clone()?;
                Some((j.vault.take()?, point, table, j.started_at, j.lifecycle))
            })
            .collect();
        for (vault, point, table_arn, at, days) in made {
            if let Some(table) = self.tables.values().find(|t| t.arn == table_arn).cloned() {
                self.insert_completed_point(&vault, &table, point.clone(), at, 365);
                if let (Some(days), Some(p)) = (days, self.recovery_points.get_mut(&point)) {
                    p.point.lifecycle = lifecycle_of_days(at, days);
                }
            }
        }
    }

    pub fn fresh_id(&mut self) -> u64 {
        self.next_id += 1;
        self.next_id
    }

    pub fn table_arn(&self, name: &str) -> String {
        format!(
            "arn:aws:dynamodb:{}:{}:table/{name}",
            self.region, self.account
        )
    }

    /// Puts a completed warm recovery point of `table` as it was at
    /// `created` into `vault`, deleted `delete_after` days after it was
    /// made (cold after 8, as the plans AWS suggests).
    pub fn insert_completed_point(
        &mut self,
        vault: &str,
        table: &SimTable,
        arn: String,
        created: DateTime<Utc>,
        delete_after: i64,
    ) {
        let data = table.data_at(created);
        let point = RecoveryPoint {
            arn: arn.clone(),
            resource_arn: table.arn.clone(),
            created_at: created,
            status: RecoveryPointStatus::Completed,
            storage: StorageClass::Warm,
            lifecycle: lifecycle(created, 8, delete_after),
            size_bytes: Some(data.size_bytes),
            made_by: None,
        };
        self.recovery_points.insert(
            arn,
            SimRecoveryPoint {
                vault: vault.to_owned(),
                point,
                billing: table.billing.clone(),
                gsis: table.gsis.clone(),
                kept: table.kept.clone(),
                data,
            },
        );
    }

    pub fn restore_job(
        id: String,
        rp: &RecoveryPoint,
        target_arn: String,
        started_at: DateTime<Utc>,
        done_at: DateTime<Utc>,
    ) -> SimJob {
        SimJob {
            job: Job {
                id,
                kind: JobKind::Restore,
                status: JobStatus::Running,
                percent_done: Some(0.0),
                resource_arn: Some(rp.resource_arn.clone()),
                recovery_point_arn: Some(rp.arn.clone()),
                created_resource_arn: Some(target_arn),
                created_at: started_at,
                completed_at: None,
                status_message: None,
                copy: None,
            },
            started_at,
            done_at,
            vault: None,
            lifecycle: None,
            idempotency_token: None,
        }
    }
}

/// A recovery point's lifecycle from its creation date and the plan's rule.
pub fn lifecycle(created: DateTime<Utc>, cold_after: i64, delete_after: i64) -> Lifecycle {
    Lifecycle {
        move_to_cold_after_days: Some(cold_after),
        delete_after_days: Some(delete_after),
        move_to_cold_at: Some(created + Duration::days(cold_after)),
        delete_at: Some(created + Duration::days(delete_after)),
    }
}

/// A recovery point's lifecycle from its creation date and the days asked
/// of a backup job (`None`: never).
pub fn lifecycle_of_days(created: DateTime<Utc>, days: LifecycleDays) -> Lifecycle {
    let at = |d: Option<u32>| d.map(|d| created + Duration::days(i64::from(d)));
    Lifecycle {
        move_to_cold_after_days: days.cold_after_days.map(i64::from),
        delete_after_days: days.delete_after_days.map(i64::from),
        move_to_cold_at: at(days.cold_after_days),
        delete_at: at(days.delete_after_days),
    }
}
