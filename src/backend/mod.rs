//! The one seam between the console and an AWS account. The trait speaks in
//! AWS primitives and the project's domain types; workflows are written once
//! over it. Implementations: `crate::sandbox::Sandbox` (in memory) and
//! `crate::aws::AwsBackend` (the SDK).

pub mod condition;
mod error;
mod scope;

use async_trait::async_trait;

pub use error::{BackendError, BackendResult};
pub use scope::Scope;

use crate::domain::DeletePermission;
use crate::domain::{
    Backup, BackupPlan, CallerIdentity, CondWrite, Item, Job, KeySchema, PitrStatus, PitrTarget,
    PlanRule, RecoveryPoint, S3Object, Selection, SettingChange, Table, TableSettings, VaultInfo,
    WriteOutcome,
};
use crate::domain::{Export, ExportRequest, Import, ImportRequest};

/// Where the console is pointed, for the header.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BackendInfo {
    /// `SANDBOX` or `AWS`.
    pub kind: BackendKind,
    pub region: String,
    /// The endpoint override, when one is set (moto, LocalStack).
    pub endpoint: Option<String>,
    pub profile: Option<String>,
}

/// One page of a parallel scan: the items and where the next page starts
/// (`None`: the segment is finished).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ScanPage {
    pub items: Vec<Item>,
    pub last_key: Option<Item>,
}

/// Which page of a parallel Scan (eventually consistent) to read: segment
/// `segment` of `total_segments`, at most `limit` items, after `start` (the
/// previous page's `last_key`; `None` for the first page).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ScanRequest<'a> {
    pub table: &'a str,
    pub segment: u32,
    pub total_segments: u32,
    pub start: Option<&'a Item>,
    pub limit: u32,
}

/// An S3 object's body, read as it arrives: an export's data files are
/// decompressed and digested on the way, never held whole in memory.
pub type ObjectBody = std::pin::Pin<Box<dyn tokio::io::AsyncBufRead + Send>>;

#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum BackendKind {
    Sandbox,
    Aws,
}

#[async_trait]
pub trait Backend: Send + Sync {
    fn info(&self) -> BackendInfo;

    // Identity and AWS Backup set-up.
    async fn caller_identity(&self) -> BackendResult<CallerIdentity>;
    async fn describe_backup_vault(&self, vault: &str) -> BackendResult<VaultInfo>;
    /// The ARNs of the managed and customer policies attached to a role.
    async fn list_attached_role_policies(&self, role_name: &str) -> BackendResult<Vec<String>>;

    // Tables.
    /// Every table name in the region (all pages).
    async fn list_tables(&self) -> BackendResult<Vec<String>>;
    async fn describe_table(&self, table: &str) -> BackendResult<Table>;
    async fn set_deletion_protection(&self, table: &str, enabled: bool) -> BackendResult<Table>;
    async fn delete_table(&self, table: &str) -> BackendResult<Table>;
    /// Everything a restore may not carry over: tags, TTL, stream, PITR,
    /// protection, capacity, indexes, encryption, table class.
    async fn describe_settings(&self, table: &str) -> BackendResult<TableSettings>;
    /// Makes one change to a table's settings. UpdateTable changes leave the
    /// table UPDATING for a while; callers wait for ACTIVE before the next.
    async fn apply_setting(&self, table: &str, change: &SettingChange) -> BackendResult<()>;

    // Point-in-time recovery.
    async fn describe_continuous_backups(&self, table: &str) -> BackendResult<PitrStatus>;
    /// Turns PITR on (with a recovery period of 1–35 days) or off.
    async fn update_continuous_backups(
        &self,
        table: &str,
        enabled: bool,
        recovery_period_days: Option<u8>,
    ) -> BackendResult<PitrStatus>;
    /// `source` is the table's name, or its ARN (sent as SourceTableArn:
    /// how a restore in another region names a table of this one).
    async fn restore_table_to_point_in_time(
        &self,
        source: &str,
        target: &str,
        at: PitrTarget,
    ) -> BackendResult<Table>;

    // DynamoDB on-demand backups.
    async fn create_backup(&self, table: &str, backup_name: &str) -> BackendResult<Backup>;
    async fn describe_backup(&self, backup_arn: &str) -> BackendResult<Backup>;
    /// User backups (all pages), optionally of one table. AWS Backup's own
    /// backups are not listed here: they come from `list_recovery_points`.
    async fn list_backups(&self, table: Option<&str>) -> BackendResult<Vec<Backup>>;
    async fn delete_backup(&self, backup_arn: &str) -> BackendResult<Backup>;
    async fn restore_table_from_backup(
        &self,
        target: &str,
        backup_arn: &str,
    ) -> BackendResult<Table>;

    // AWS Backup.
    /// Recovery points in a vault (all pages), optionally of one table ARN.
    async fn list_recovery_points(
        &self,
        vault: &str,
        resource_arn: Option<&str>,
    ) -> BackendResult<Vec<RecoveryPoint>>;
    /// StartRestoreJob for a DynamoDB recovery point; returns the job id.
    async fn start_restore_job(
        &self,
        recovery_point_arn: &str,
        role_arn: &str,
        target_table: &str,
    ) -> BackendResult<String>;
    async fn describe_restore_job(&self, job_id: &str) -> BackendResult<Job>;
    /// Backup, copy and restore jobs of the last days (all pages).
    async fn list_jobs(&self) -> BackendResult<Vec<Job>>;
    /// Backup, copy and restore jobs created at or after `since` (all
    /// pages), newest first: `dynamo-dr jobs --since`.
    async fn list_jobs_since(
        &self,
        since: chrono::DateTime<chrono::Utc>,
    ) -> BackendResult<Vec<Job>>;

    // AWS Backup plans (backup coverage).
    /// Every backup plan in the region (all pages), each with its rules and
    /// its selections (ListBackupPlans, GetBackupPlan, ListBackupSelections,
    /// GetBackupSelection).
    async fn list_backup_plans(&self) -> BackendResult<Vec<BackupPlan>>;
    /// CreateBackupPlan; the plan as created (its id, ARN, version and its
    /// rules' ids), without selections.
    async fn create_backup_plan(&self, name: &str, rules: &[PlanRule])
    -> BackendResult<BackupPlan>;
    /// CreateBackupSelection in a plan; the selection's id.
    async fn create_backup_selection(
        &self,
        plan_id: &str,
        selection: &Selection,
    ) -> BackendResult<String>;
    /// DeleteBackupSelection. A selection already gone is `NotFound`.
    async fn delete_backup_selection(&self, plan_id: &str, selection_id: &str)
    -> BackendResult<()>;
    /// A table's user tags (ListTagsOfResource, all pages): what a tag
    /// selection matches.
    async fn table_tags(
        &self,
        table_arn: &str,
    ) -> BackendResult<std::collections::BTreeMap<String, String>>;

    // Reading items (verification). No default bodies: a wrapper that
    // forgot to forward them would refuse every verification.
    /// The table's key attribute names (DescribeTable's KeySchema).
    async fn describe_key_schema(&self, table: &str) -> BackendResult<KeySchema>;
    /// The key with its attributes' types and the global secondary
    /// indexes (DescribeTable): what an import of the table's export
    /// creates the new table with.
    async fn describe_shape(&self, table: &str) -> BackendResult<crate::domain::TableShape>;
    /// One page of a parallel Scan.
    async fn scan_segment(&self, page: ScanRequest<'_>) -> BackendResult<ScanPage>;
    /// BatchGetItem with consistent reads: the items with these keys that
    /// exist, in any order (an absent key is simply not returned). Any number
    /// of keys: sent 100 at a time; unprocessed keys are asked again with
    /// backoff until none is left.
    async fn get_items(&self, table: &str, keys: &[Item]) -> BackendResult<Vec<Item>>;

    // Writing items (repair). Audited: one intent and one result per call,
    // counts only, never an item's values.
    /// Each write as one conditional PutItem or DeleteItem (never a batch or a
    /// transaction: one conflict must not stop the others), several at once;
    /// one outcome per write, in the order given. A failed condition is
    /// `WriteOutcome::ConditionFailed`, not an error; throttling is retried by
    /// the SDK; any other error fails the whole call (the caller re-runs the
    /// call and its conditions make the rerun safe).
    async fn write_items_if(
        &self,
        table: &str,
        schema: &KeySchema,
        writes: &[CondWrite],
    ) -> BackendResult<Vec<WriteOutcome>>;

    // AWS Backup backup jobs (operation 12).
    /// StartBackupJob of `table` (its ARN from DescribeTable) into `vault`
    /// as `role_arn`, with the lifecycle on the point it makes; the same
    /// `idempotency_token` never starts a second job. Returns the job id.
    async fn start_backup_job(
        &self,
        table: &str,
        vault: &str,
        role_arn: &str,
        lifecycle: crate::domain::LifecycleDays,
        idempotency_token: &str,
    ) -> BackendResult<String>;
    /// DescribeBackupJob: its state, percent and, once COMPLETED, the
    /// recovery point it made.
    async fn describe_backup_job(&self, job_id: &str) -> BackendResult<Job>;
    // Who can delete backups (the Protection view).
    /// GetBackupVaultAccessPolicy: the vault's access policy document, or
    /// `None` when it has none (a vault that does not exist is an error).
    async fn get_vault_access_policy(&self, vault: &str) -> BackendResult<Option<String>>;
    /// PutBackupVaultAccessPolicy: replaces the vault's access policy.
    /// Audited.
    async fn put_vault_access_policy(&self, vault: &str, policy: &str) -> BackendResult<()>;
    /// IAM SimulatePrincipalPolicy for `dynamodb:DeleteBackup` and
    /// `backup:DeleteRecoveryPoint` on `*`, as `caller_arn` (an assumed-role
    /// session is simulated as its role). `Unknown` when the caller may not
    /// simulate or is not a principal IAM simulates.
    async fn may_delete_backups(&self, caller_arn: &str) -> BackendResult<DeletePermission>;

    // Copies to another region or account (issue 14, operations 15 and 16).
    /// StartCopyJob of `recovery_point_arn` from `source_vault` into the
    /// vault `destination_vault_arn` (another region's or account's), as
    /// `role_arn`, with the lifecycle of the copy; the same
    /// `idempotency_token` never starts a second job. Returns the job id.
    /// Audited.
    async fn start_copy_job(
        &self,
        recovery_point_arn: &str,
        source_vault: &str,
        destination_vault_arn: &str,
        role_arn: &str,
        lifecycle: crate::domain::LifecycleDays,
        idempotency_token: &str,
    ) -> BackendResult<String>;
    /// DescribeCopyJob: its state, percent, route (`Job::copy`) and, once
    /// COMPLETED, the copy's recovery point ARN (`created_resource_arn`).
    async fn describe_copy_job(&self, job_id: &str) -> BackendResult<Job>;
    /// The same account and credentials acting in `region` (the DR region):
    /// AWS clients rebuilt for it, the sandbox's second region.
    async fn in_region(&self, region: &str) -> BackendResult<std::sync::Arc<dyn Backend>>;
    // S3 (exports and imports). Reads only: DynamoDB itself writes an
    // export's files and reads an import's.
    /// ListObjectsV2 under `prefix` (all pages): each object's key and size.
    /// A bucket that does not exist is `NotFound`.
    async fn list_objects(&self, bucket: &str, prefix: &str) -> BackendResult<Vec<S3Object>>;
    /// GetObject, streamed.
    async fn open_object(&self, bucket: &str, key: &str) -> BackendResult<ObjectBody>;
    // The recovery timeline: a table's activity (CloudWatch).
    /// GetMetricData for the table's write and read units, per-operation
    /// request counts and throttles over the query's periods (all pages);
    /// a period without a datapoint is zero.
    async fn table_activity(
        &self,
        query: &crate::domain::ActivityQuery<'_>,
    ) -> BackendResult<crate::domain::TableActivity>;

    // Exports to S3 and imports from S3 (operations 13 and 14).
    /// ExportTableToPointInTime in DynamoDB JSON: the export as started
    /// (IN_PROGRESS). The same client token answers the export it started
    /// and never starts a second. Audited.
    async fn export_table(&self, request: &ExportRequest) -> BackendResult<Export>;
    /// DescribeExport: its status, items, bytes, manifest and failure.
    async fn describe_export(&self, export_arn: &str) -> BackendResult<Export>;
    /// ListExports of one table (all pages), newest first. Some endpoints
    /// (moto) do not serve it: `Unsupported` then, and the caller shows the
    /// exports it knows of and says the list is partial.
    /// An empty `table_arn`: every table's (the Recovery pane's rows).
    async fn list_exports(&self, table_arn: &str) -> BackendResult<Vec<Export>>;
    /// ImportTable into a new table (it must not exist); the same client
    /// token answers the import it started. Audited.
    async fn import_table(&self, request: &ImportRequest) -> BackendResult<Import>;
    /// DescribeImport: status, items processed and imported, errors.
    async fn describe_import(&self, import_arn: &str) -> BackendResult<Import>;
}
