//! A sandbox behind an account that answers with hostile strings: table
//! names, item keys, error messages, the caller ARN and the vault name all
//! carry terminal escapes, C1 controls and bidi overrides. Counts the scans,
//! so a test can tell whether a table was read.

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

use async_trait::async_trait;
use dynamo_dr::backend::{
    Backend, BackendError, BackendInfo, BackendResult, ScanPage, ScanRequest,
};
use dynamo_dr::domain::{
    AttrValue, Backup, CallerIdentity, CondWrite, Item, Job, KeySchema, PitrStatus, PitrTarget,
    RecoveryPoint, SettingChange, Table, TableSettings, VaultInfo, WriteOutcome,
};
use dynamo_dr::sandbox::Sandbox;

/// A title change, a bell, red bold text, a C1 CSI, every bidi kind, DEL,
/// a carriage return and a newline (a forged line).
pub const EVIL: &str = "\x1b]0;PWNED\x07\x1b[31;1mRED\u{9b}2J\u{202e}gpj\u{2066}\u{2069}\u{200f}\u{61c}\u{2028}\x7f\r\nFORGED";

/// `s` with the hostile tail.
pub fn evil(s: &str) -> String {
    format!("{s}{EVIL}")
}

/// The table a hostile name stands for.
fn real(table: &str) -> &str {
    table.strip_suffix(EVIL).unwrap_or(table)
}

/// A table whose every call fails with a hostile message.
pub const BROKEN: &str = "broken";

pub fn hostile_error() -> BackendError {
    BackendError::Aws {
        code: evil("Code"),
        message: evil("message"),
        request_id: Some(evil("req")),
    }
}

pub struct Hostile {
    pub inner: Arc<Sandbox>,
    /// Scan calls made, on any table.
    pub scans: AtomicUsize,
}

impl Hostile {
    pub fn new(inner: Arc<Sandbox>) -> Self {
        Self {
            inner,
            scans: AtomicUsize::new(0),
        }
    }

    fn table(&self, table: &str) -> BackendResult<String> {
        match real(table) {
            BROKEN => Err(hostile_error()),
            t => Ok(t.to_owned()),
        }
    }
}

/// Item keys of a hostile-named table carry the hostile tail.
fn evil_key(mut item: Item) -> Item {
    for v in item.values_mut() {
        if let AttrValue::S(s) = v {
            *s = evil(s);
        }
    }
    item
}

fn plain_key(mut item: Item) -> Item {
    for v in item.values_mut() {
        if let AttrValue::S(s) = v {
            *s = real(s).to_owned();
        }
    }
    item
}

#[async_trait]
impl Backend for Hostile {
    fn info(&self) -> BackendInfo {
        self.inner.info()
    }

    async fn caller_identity(&self) -> BackendResult<CallerIdentity> {
        let mut me = self.inner.caller_identity().await?;
        me.arn = evil(&me.arn);
        me.user_id = evil(&me.user_id);
        Ok(me)
    }

    async fn describe_backup_vault(&self, vault: &str) -> BackendResult<VaultInfo> {
        let mut v = self.inner.describe_backup_vault(vault).await?;
        v.name = evil(&v.name);
        Ok(v)
    }

    async fn list_attached_role_policies(&self, _role: &str) -> BackendResult<Vec<String>> {
        Err(BackendError::AccessDenied {
            permission: evil("iam:ListAttachedRolePolicies"),
            message: evil("denied"),
        })
    }

    async fn list_tables(&self) -> BackendResult<Vec<String>> {
        let mut names: Vec<String> = self
            .inner
            .list_tables()
            .await?
            .iter()
            .map(|n| evil(n))
            .collect();
        names.push(evil(BROKEN));
        Ok(names)
    }

    async fn describe_table(&self, table: &str) -> BackendResult<Table> {
        let mut t = self.inner.describe_table(&self.table(table)?).await?;
        t.name = table.to_owned();
        Ok(t)
    }

    async fn set_deletion_protection(&self, table: &str, enabled: bool) -> BackendResult<Table> {
        self.inner
            .set_deletion_protection(&self.table(table)?, enabled)
            .await
    }

    async fn delete_table(&self, table: &str) -> BackendResult<Table> {
        self.inner.delete_table(&self.table(table)?).await
    }

    async fn describe_settings(&self, table: &str) -> BackendResult<TableSettings> {
        self.inner.describe_settings(&self.table(table)?).await
    }

    async fn apply_setting(&self, table: &str, change: &SettingChange) -> BackendResult<()> {
        self.inner.apply_setting(&self.table(table)?, change).await
    }

    async fn describe_continuous_backups(&self, table: &str) -> BackendResult<PitrStatus> {
        self.inner
            .describe_continuous_backups(&self.table(table)?)
            .await
    }

    async fn update_continuous_backups(
        &self,
        table: &str,
        enabled: bool,
        days: Option<u8>,
    ) -> BackendResult<PitrStatus> {
        self.inner
            .update_continuous_backups(&self.table(table)?, enabled, days)
            .await
    }

    async fn restore_table_to_point_in_time(
        &self,
        source: &str,
        target: &str,
        at: PitrTarget,
    ) -> BackendResult<Table> {
        self.inner
            .restore_table_to_point_in_time(&self.table(source)?, &self.table(target)?, at)
            .await
    }

    async fn create_backup(&self, table: &str, name: &str) -> BackendResult<Backup> {
        self.inner.create_backup(&self.table(table)?, name).await
    }

    async fn describe_backup(&self, arn: &str) -> BackendResult<Backup> {
        self.inner.describe_backup(arn).await
    }

    async fn list_backups(&self, _table: Option<&str>) -> BackendResult<Vec<Backup>> {
        Err(hostile_error())
    }

    async fn delete_backup(&self, arn: &str) -> BackendResult<Backup> {
        self.inner.delete_backup(arn).await
    }

    async fn restore_table_from_backup(&self, target: &str, arn: &str) -> BackendResult<Table> {
        self.inner
            .restore_table_from_backup(&self.table(target)?, arn)
            .await
    }

    async fn list_recovery_points(
        &self,
        vault: &str,
        resource: Option<&str>,
    ) -> BackendResult<Vec<RecoveryPoint>> {
        self.inner.list_recovery_points(vault, resource).await
    }

    async fn start_restore_job(
        &self,
        point: &str,
        role: &str,
        target: &str,
    ) -> BackendResult<String> {
        self.inner
            .start_restore_job(point, role, &self.table(target)?)
            .await
    }

    async fn describe_restore_job(&self, id: &str) -> BackendResult<Job> {
        self.inner.describe_restore_job(id).await
    }

    async fn list_jobs(&self) -> BackendResult<Vec<Job>> {
        Err(BackendError::Unsupported(evil("ListJobs")))
    }

    async fn list_jobs_since(
        &self,
        _since: chrono::DateTime<chrono::Utc>,
    ) -> BackendResult<Vec<Job>> {
        Err(BackendError::Unsupported(evil("ListJobs")))
    }

    async fn list_backup_plans(&self) -> BackendResult<Vec<dynamo_dr::domain::BackupPlan>> {
        self.inner.list_backup_plans().await
    }
    async fn create_backup_plan(
        &self,
        name: &str,
        rules: &[dynamo_dr::domain::PlanRule],
    ) -> BackendResult<dynamo_dr::domain::BackupPlan> {
        self.inner.create_backup_plan(name, rules).await
    }
    async fn create_backup_selection(
        &self,
        plan_id: &str,
        selection: &dynamo_dr::domain::Selection,
    ) -> BackendResult<String> {
        self.inner.create_backup_selection(plan_id, selection).await
    }
    async fn delete_backup_selection(
        &self,
        plan_id: &str,
        selection_id: &str,
    ) -> BackendResult<()> {
        self.inner
            .delete_backup_selection(plan_id, selection_id)
            .await
    }
    async fn table_tags(
        &self,
        table_arn: &str,
    ) -> BackendResult<std::collections::BTreeMap<String, String>> {
        self.inner.table_tags(table_arn).await
    }

    async fn describe_key_schema(&self, table: &str) -> BackendResult<KeySchema> {
        self.inner.describe_key_schema(&self.table(table)?).await
    }

    async fn describe_shape(&self, table: &str) -> BackendResult<dynamo_dr::domain::TableShape> {
        self.inner.describe_shape(&self.table(table)?).await
    }

    async fn get_items(&self, table: &str, keys: &[Item]) -> BackendResult<Vec<Item>> {
        self.inner.get_items(&self.table(table)?, keys).await
    }

    async fn write_items_if(
        &self,
        table: &str,
        schema: &KeySchema,
        writes: &[CondWrite],
    ) -> BackendResult<Vec<WriteOutcome>> {
        self.inner
            .write_items_if(&self.table(table)?, schema, writes)
            .await
    }

    async fn scan_segment(&self, page: ScanRequest<'_>) -> BackendResult<ScanPage> {
        self.scans.fetch_add(1, Ordering::Relaxed);
        let name = self.table(page.table)?;
        if name == page.table {
            return self
                .inner
                .scan_segment(ScanRequest {
                    table: &name,
                    ..page
                })
                .await;
        }
        let start = page.start.cloned().map(plain_key);
        let page = self
            .inner
            .scan_segment(ScanRequest {
                table: &name,
                start: start.as_ref(),
                ..page
            })
            .await?;
        Ok(ScanPage {
            items: page.items.into_iter().map(evil_key).collect(),
            last_key: page.last_key.map(evil_key),
        })
    }

    async fn start_backup_job(
        &self,
        table: &str,
        vault: &str,
        role_arn: &str,
        lifecycle: dynamo_dr::domain::LifecycleDays,
        idempotency_token: &str,
    ) -> BackendResult<String> {
        self.inner
            .start_backup_job(
                &self.table(table)?,
                vault,
                role_arn,
                lifecycle,
                idempotency_token,
            )
            .await
    }

    async fn describe_backup_job(&self, job_id: &str) -> BackendResult<Job> {
        self.inner.describe_backup_job(job_id).await
    }
    async fn get_vault_access_policy(&self, vault: &str) -> BackendResult<Option<String>> {
        self.inner.get_vault_access_policy(vault).await
    }
    async fn put_vault_access_policy(&self, vault: &str, policy: &str) -> BackendResult<()> {
        self.inner.put_vault_access_policy(vault, policy).await
    }
    async fn may_delete_backups(
        &self,
        caller_arn: &str,
    ) -> BackendResult<dynamo_dr::domain::DeletePermission> {
        self.inner.may_delete_backups(caller_arn).await
    }

    async fn start_copy_job(
        &self,
        recovery_point_arn: &str,
        source_vault: &str,
        destination_vault_arn: &str,
        role_arn: &str,
        lifecycle: dynamo_dr::domain::LifecycleDays,
        idempotency_token: &str,
    ) -> BackendResult<String> {
        self.inner
            .start_copy_job(
                recovery_point_arn,
                source_vault,
                destination_vault_arn,
                role_arn,
                lifecycle,
                idempotency_token,
            )
            .await
    }
    async fn describe_copy_job(&self, job_id: &str) -> BackendResult<Job> {
        self.inner.describe_copy_job(job_id).await
    }
    async fn in_region(&self, region: &str) -> BackendResult<Arc<dyn Backend>> {
        self.inner.in_region(region).await
    }

    async fn list_objects(
        &self,
        bucket: &str,
        prefix: &str,
    ) -> BackendResult<Vec<dynamo_dr::domain::S3Object>> {
        self.inner.list_objects(bucket, prefix).await
    }
    async fn open_object(
        &self,
        bucket: &str,
        key: &str,
    ) -> BackendResult<dynamo_dr::backend::ObjectBody> {
        self.inner.open_object(bucket, key).await
    }

    // The recovery timeline: a table's activity (CloudWatch).
    async fn table_activity(
        &self,
        query: &dynamo_dr::domain::ActivityQuery<'_>,
    ) -> BackendResult<dynamo_dr::domain::TableActivity> {
        self.inner.table_activity(query).await
    }

    // Exports to S3 and imports from S3 (operations 13 and 14).
    async fn export_table(
        &self,
        request: &dynamo_dr::domain::ExportRequest,
    ) -> BackendResult<dynamo_dr::domain::Export> {
        self.inner.export_table(request).await
    }

    async fn describe_export(&self, export_arn: &str) -> BackendResult<dynamo_dr::domain::Export> {
        self.inner.describe_export(export_arn).await
    }

    async fn list_exports(&self, table_arn: &str) -> BackendResult<Vec<dynamo_dr::domain::Export>> {
        self.inner.list_exports(table_arn).await
    }

    async fn import_table(
        &self,
        request: &dynamo_dr::domain::ImportRequest,
    ) -> BackendResult<dynamo_dr::domain::Import> {
        self.inner.import_table(request).await
    }

    async fn describe_import(&self, import_arn: &str) -> BackendResult<dynamo_dr::domain::Import> {
        self.inner.describe_import(import_arn).await
    }
}
