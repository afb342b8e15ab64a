//! Tests: a `Backend` that counts the Scan calls a verification makes, per
//! table, and forwards everything to the sandbox.

#![allow(clippy::unwrap_used)]

use std::collections::BTreeMap;
use std::sync::Mutex;

use async_trait::async_trait;

use crate::backend::{Backend, BackendInfo, BackendResult, ScanPage, ScanRequest};
use crate::domain::{
    Backup, CallerIdentity, Job, KeySchema, PitrStatus, PitrTarget, RecoveryPoint, SettingChange,
    Table, TableSettings, VaultInfo,
};
use crate::sandbox::Sandbox;

/// Scan calls by table: (segments started, pages read).
pub struct Counting<'a> {
    pub inner: &'a Sandbox,
    pub scans: Mutex<BTreeMap<String, (u64, u64)>>,
}

impl<'a> Counting<'a> {
    pub fn new(inner: &'a Sandbox) -> Self {
        Self {
            inner,
            scans: Mutex::new(BTreeMap::new()),
        }
    }

    /// (segments started, pages read) of `table`.
    pub fn scans_of(&self, table: &str) -> (u64, u64) {
        self.scans
            .lock()
            .unwrap()
            .get(table)
            .copied()
            .unwrap_or_default()
    }
}

#[async_trait]
impl Backend for Counting<'_> {
    fn info(&self) -> BackendInfo {
        self.inner.info()
    }
    async fn caller_identity(&self) -> BackendResult<CallerIdentity> {
        self.inner.caller_identity().await
    }
    async fn describe_backup_vault(&self, vault: &str) -> BackendResult<VaultInfo> {
        self.inner.describe_backup_vault(vault).await
    }
    async fn list_attached_role_policies(&self, role_name: &str) -> BackendResult<Vec<String>> {
        self.inner.list_attached_role_policies(role_name).await
    }
    async fn list_tables(&self) -> BackendResult<Vec<String>> {
        self.inner.list_tables().await
    }
    async fn describe_table(&self, table: &str) -> BackendResult<Table> {
        self.inner.describe_table(table).await
    }
    async fn set_deletion_protection(&self, table: &str, enabled: bool) -> BackendResult<Table> {
        self.inner.set_deletion_protection(table, enabled).await
    }
    async fn delete_table(&self, table: &str) -> BackendResult<Table> {
        self.inner.delete_table(table).await
    }
    async fn describe_settings(&self, table: &str) -> BackendResult<TableSettings> {
        self.inner.describe_settings(table).await
    }
    async fn apply_setting(&self, table: &str, change: &SettingChange) -> BackendResult<()> {
        self.inner.apply_setting(table, change).await
    }
    async fn describe_continuous_backups(&self, table: &str) -> BackendResult<PitrStatus> {
        self.inner.describe_continuous_backups(table).await
    }
    async fn update_continuous_backups(
        &self,
        table: &str,
        enabled: bool,
        recovery_period_days: Option<u8>,
    ) -> BackendResult<PitrStatus> {
        self.inner
            .update_continuous_backups(table, enabled, recovery_period_days)
            .await
    }
    async fn restore_table_to_point_in_time(
        &self,
        source: &str,
        target: &str,
        at: PitrTarget,
    ) -> BackendResult<Table> {
        self.inner
            .restore_table_to_point_in_time(source, target, at)
            .await
    }
    async fn create_backup(&self, table: &str, backup_name: &str) -> BackendResult<Backup> {
        self.inner.create_backup(table, backup_name).await
    }
    async fn describe_backup(&self, backup_arn: &str) -> BackendResult<Backup> {
        self.inner.describe_backup(backup_arn).await
    }
    async fn list_backups(&self, table: Option<&str>) -> BackendResult<Vec<Backup>> {
        self.inner.list_backups(table).await
    }
    async fn delete_backup(&self, backup_arn: &str) -> BackendResult<Backup> {
        self.inner.delete_backup(backup_arn).await
    }
    async fn restore_table_from_backup(
        &self,
        target: &str,
        backup_arn: &str,
    ) -> BackendResult<Table> {
        self.inner
            .restore_table_from_backup(target, backup_arn)
            .await
    }
    async fn list_recovery_points(
        &self,
        vault: &str,
        resource_arn: Option<&str>,
    ) -> BackendResult<Vec<RecoveryPoint>> {
        self.inner.list_recovery_points(vault, resource_arn).await
    }
    async fn start_restore_job(
        &self,
        recovery_point_arn: &str,
        role_arn: &str,
        target_table: &str,
    ) -> BackendResult<String> {
        self.inner
            .start_restore_job(recovery_point_arn, role_arn, target_table)
            .await
    }
    async fn describe_restore_job(&self, job_id: &str) -> BackendResult<Job> {
        self.inner.describe_restore_job(job_id).await
    }
    async fn list_jobs(&self) -> BackendResult<Vec<Job>> {
        self.inner.list_jobs().await
    }
    async fn list_jobs_since(
        &self,
        since: chrono::DateTime<chrono::Utc>,
    ) -> BackendResult<Vec<Job>> {
        self.inner.list_jobs_since(since).await
    }

    async fn list_backup_plans(&self) -> BackendResult<Vec<crate::domain::BackupPlan>> {
        self.inner.list_backup_plans().await
    }
    async fn create_backup_plan(
        &self,
        name: &str,
        rules: &[crate::domain::PlanRule],
    ) -> BackendResult<crate::domain::BackupPlan> {
        self.inner.create_backup_plan(name, rules).await
    }
    async fn create_backup_selection(
        &self,
        plan_id: &str,
        selection: &crate::domain::Selection,
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
        self.inner.describe_key_schema(table).await
    }
    async fn describe_shape(&self, table: &str) -> BackendResult<crate::domain::TableShape> {
        self.inner.describe_shape(table).await
    }
    async fn get_items(
        &self,
        table: &str,
        keys: &[crate::domain::Item],
    ) -> BackendResult<Vec<crate::domain::Item>> {
        self.inner.get_items(table, keys).await
    }
    async fn write_items_if(
        &self,
        table: &str,
        schema: &crate::domain::KeySchema,
        writes: &[crate::domain::CondWrite],
    ) -> BackendResult<Vec<crate::domain::WriteOutcome>> {
        self.inner.write_items_if(table, schema, writes).await
    }
    async fn scan_segment(&self, page: ScanRequest<'_>) -> BackendResult<ScanPage> {
        {
            let mut scans = self.scans.lock().unwrap();
            let count = scans.entry(page.table.to_owned()).or_default();
            count.0 += u64::from(page.start.is_none());
            count.1 += 1;
        }
        self.inner.scan_segment(page).await
    }

    async fn start_backup_job(
        &self,
        table: &str,
        vault: &str,
        role_arn: &str,
        lifecycle: crate::domain::LifecycleDays,
        idempotency_token: &str,
    ) -> BackendResult<String> {
        self.inner
            .start_backup_job(table, vault, role_arn, lifecycle, idempotency_token)
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
    ) -> BackendResult<crate::domain::DeletePermission> {
        self.inner.may_delete_backups(caller_arn).await
    }

    async fn start_copy_job(
        &self,
        recovery_point_arn: &str,
        source_vault: &str,
        destination_vault_arn: &str,
        role_arn: &str,
        lifecycle: crate::domain::LifecycleDays,
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
    async fn in_region(&self, region: &str) -> BackendResult<std::sync::Arc<dyn Backend>> {
        self.inner.in_region(region).await
    }

    async fn list_objects(
        &self,
        bucket: &str,
        prefix: &str,
    ) -> BackendResult<Vec<crate::domain::S3Object>> {
        self.inner.list_objects(bucket, prefix).await
    }

    async fn open_object(
        &self,
        bucket: &str,
        key: &str,
    ) -> BackendResult<crate::backend::ObjectBody> {
        self.inner.open_object(bucket, key).await
    }

    // The recovery timeline: a table's activity (CloudWatch).
    async fn table_activity(
        &self,
        query: &crate::domain::ActivityQuery<'_>,
    ) -> BackendResult<crate::domain::TableActivity> {
        self.inner.table_activity(query).await
    }

    // Exports to S3 and imports from S3 (operations 13 and 14).
    async fn export_table(
        &self,
        request: &crate::domain::ExportRequest,
    ) -> BackendResult<crate::domain::Export> {
        self.inner.export_table(request).await
    }

    async fn describe_export(&self, export_arn: &str) -> BackendResult<crate::domain::Export> {
        self.inner.describe_export(export_arn).await
    }

    async fn list_exports(&self, table_arn: &str) -> BackendResult<Vec<crate::domain::Export>> {
        self.inner.list_exports(table_arn).await
    }

    async fn import_table(
        &self,
        request: &crate::domain::ImportRequest,
    ) -> BackendResult<crate::domain::Import> {
        self.inner.import_table(request).await
    }

    async fn describe_import(&self, import_arn: &str) -> BackendResult<crate::domain::Import> {
        self.inner.describe_import(import_arn).await
    }
}
