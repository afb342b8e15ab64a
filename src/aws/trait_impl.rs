//! `Backend` for `AwsBackend`: each primitive is one module function, run
//! with its attempts counted for the error messages.

use async_trait::async_trait;

use super::attempts::counted;
use super::{
    AwsBackend, backup_service, backups, identity, items, pitr, plans, scan, settings, tables,
};
use crate::backend::{Backend, BackendInfo, BackendResult, ScanPage, ScanRequest};
use crate::domain::{
    Backup, BackupPlan, CallerIdentity, CondWrite, Item, Job, KeySchema, PitrStatus, PitrTarget,
    PlanRule, RecoveryPoint, Selection, SettingChange, Table, TableSettings, VaultInfo,
    WriteOutcome,
};

#[async_trait]
impl Backend for AwsBackend {
    fn info(&self) -> BackendInfo {
        self.info.clone()
    }

    async fn caller_identity(&self) -> BackendResult<CallerIdentity> {
        counted(identity::caller(self)).await
    }

    async fn describe_backup_vault(&self, vault: &str) -> BackendResult<VaultInfo> {
        counted(backup_service::describe_vault(self, vault)).await
    }

    async fn list_attached_role_policies(&self, role_name: &str) -> BackendResult<Vec<String>> {
        counted(identity::attached_role_policies(self, role_name)).await
    }

    async fn list_tables(&self) -> BackendResult<Vec<String>> {
        counted(tables::list(self)).await
    }

    async fn describe_table(&self, table: &str) -> BackendResult<Table> {
        counted(tables::describe(self, table)).await
    }

    async fn describe_settings(&self, table: &str) -> BackendResult<TableSettings> {
        counted(settings::describe(self, table)).await
    }

    async fn apply_setting(&self, table: &str, change: &SettingChange) -> BackendResult<()> {
        counted(settings::apply(self, table, change)).await
    }

    async fn set_deletion_protection(&self, table: &str, enabled: bool) -> BackendResult<Table> {
        counted(tables::set_deletion_protection(self, table, enabled)).await
    }

    async fn delete_table(&self, table: &str) -> BackendResult<Table> {
        counted(tables::delete(self, table)).await
    }

    async fn describe_continuous_backups(&self, table: &str) -> BackendResult<PitrStatus> {
        counted(pitr::describe(self, table)).await
    }

    async fn update_continuous_backups(
        &self,
        table: &str,
        enabled: bool,
        recovery_period_days: Option<u8>,
    ) -> BackendResult<PitrStatus> {
        counted(pitr::update(self, table, enabled, recovery_period_days)).await
    }

    async fn restore_table_to_point_in_time(
        &self,
        source: &str,
        target: &str,
        at: PitrTarget,
    ) -> BackendResult<Table> {
        counted(pitr::restore(self, source, target, at)).await
    }

    async fn create_backup(&self, table: &str, backup_name: &str) -> BackendResult<Backup> {
        counted(backups::create(self, table, backup_name)).await
    }

    async fn describe_backup(&self, backup_arn: &str) -> BackendResult<Backup> {
        counted(backups::describe(self, backup_arn)).await
    }

    async fn list_backups(&self, table: Option<&str>) -> BackendResult<Vec<Backup>> {
        counted(backups::list(self, table)).await
    }

    async fn delete_backup(&self, backup_arn: &str) -> BackendResult<Backup> {
        counted(backups::delete(self, backup_arn)).await
    }

    async fn restore_table_from_backup(
        &self,
        target: &str,
        backup_arn: &str,
    ) -> BackendResult<Table> {
        counted(backups::restore(self, target, backup_arn)).await
    }

    async fn list_recovery_points(
        &self,
        vault: &str,
        resource_arn: Option<&str>,
    ) -> BackendResult<Vec<RecoveryPoint>> {
        counted(backup_service::recovery_points(self, vault, resource_arn)).await
    }

    async fn start_restore_job(
        &self,
        recovery_point_arn: &str,
        role_arn: &str,
        target_table: &str,
    ) -> BackendResult<String> {
        counted(backup_service::start_restore_job(
            self,
            recovery_point_arn,
            role_arn,
            target_table,
        ))
        .await
    }

    async fn describe_restore_job(&self, job_id: &str) -> BackendResult<Job> {
        counted(backup_service::describe_restore_job(self, job_id)).await
    }

    async fn list_jobs(&self) -> BackendResult<Vec<Job>> {
        counted(backup_service::list_jobs(self)).await
    }

    async fn list_jobs_since(
        &self,
        since: chrono::DateTime<chrono::Utc>,
    ) -> BackendResult<Vec<Job>> {
        counted(backup_service::list_jobs_since(self, since)).await
    }

    async fn list_backup_plans(&self) -> BackendResult<Vec<BackupPlan>> {
        counted(plans::list(self)).await
    }

    async fn create_backup_plan(
        &self,
        name: &str,
        rules: &[PlanRule],
    ) -> BackendResult<BackupPlan> {
        counted(plans::create(self, name, rules)).await
    }

    async fn create_backup_selection(
        &self,
        plan_id: &str,
        selection: &Selection,
    ) -> BackendResult<String> {
        counted(plans::create_selection(self, plan_id, selection)).await
    }

    async fn delete_backup_selection(
        &self,
        plan_id: &str,
        selection_id: &str,
    ) -> BackendResult<()> {
        counted(plans::delete_selection(self, plan_id, selection_id)).await
    }

    async fn table_tags(
        &self,
        table_arn: &str,
    ) -> BackendResult<std::collections::BTreeMap<String, String>> {
        counted(plans::tags(self, table_arn)).await
    }

    async fn describe_key_schema(&self, table: &str) -> BackendResult<KeySchema> {
        counted(scan::key_schema(self, table)).await
    }

    async fn describe_shape(&self, table: &str) -> BackendResult<crate::domain::TableShape> {
        counted(scan::shape(self, table)).await
    }

    async fn scan_segment(&self, page: ScanRequest<'_>) -> BackendResult<ScanPage> {
        counted(scan::scan_segment(self, page)).await
    }

    async fn get_items(&self, table: &str, keys: &[Item]) -> BackendResult<Vec<Item>> {
        items::get_items(self, table, keys).await
    }

    /// Each write is counted on its own (16 run at once), so a failed one's
    /// message names its own attempts.
    async fn write_items_if(
        &self,
        table: &str,
        schema: &KeySchema,
        writes: &[CondWrite],
    ) -> BackendResult<Vec<WriteOutcome>> {
        items::write_items_if(self, table, schema, writes).await
    }

    async fn start_backup_job(
        &self,
        table: &str,
        vault: &str,
        role_arn: &str,
        lifecycle: crate::domain::LifecycleDays,
        idempotency_token: &str,
    ) -> BackendResult<String> {
        counted(super::backup_jobs::start_backup_job(
            self,
            table,
            vault,
            role_arn,
            lifecycle,
            idempotency_token,
        ))
        .await
    }

    async fn describe_backup_job(&self, job_id: &str) -> BackendResult<Job> {
        counted(super::backup_jobs::describe_backup_job(self, job_id)).await
    }

    async fn get_vault_access_policy(&self, vault: &str) -> BackendResult<Option<String>> {
        counted(super::vault_policy::get_policy(self, vault)).await
    }

    async fn put_vault_access_policy(&self, vault: &str, policy: &str) -> BackendResult<()> {
        counted(super::vault_policy::put_policy(self, vault, policy)).await
    }

    async fn may_delete_backups(
        &self,
        caller_arn: &str,
    ) -> BackendResult<crate::domain::DeletePermission> {
        counted(super::vault_policy::may_delete(self, caller_arn)).await
    }

    // Copies to another region or account (issue 14).
    async fn start_copy_job(
        &self,
        recovery_point_arn: &str,
        source_vault: &str,
        destination_vault_arn: &str,
        role_arn: &str,
        lifecycle: crate::domain::LifecycleDays,
        idempotency_token: &str,
    ) -> BackendResult<String> {
        counted(super::copies::start_copy_job(
            self,
            recovery_point_arn,
            source_vault,
            destination_vault_arn,
            role_arn,
            lifecycle,
            idempotency_token,
        ))
        .await
    }

    async fn describe_copy_job(&self, job_id: &str) -> BackendResult<Job> {
        counted(super::copies::describe_copy_job(self, job_id)).await
    }

    async fn in_region(&self, region: &str) -> BackendResult<std::sync::Arc<dyn Backend>> {
        super::copies::in_region(self, region)
    }

    async fn list_objects(
        &self,
        bucket: &str,
        prefix: &str,
    ) -> BackendResult<Vec<crate::domain::S3Object>> {
        counted(super::s3::list(self, bucket, prefix)).await
    }

    async fn open_object(
        &self,
        bucket: &str,
        key: &str,
    ) -> BackendResult<crate::backend::ObjectBody> {
        counted(super::s3::open(self, bucket, key)).await
    }

    // The recovery timeline: a table's activity (CloudWatch).
    async fn table_activity(
        &self,
        query: &crate::domain::ActivityQuery<'_>,
    ) -> BackendResult<crate::domain::TableActivity> {
        counted(super::metrics::table_activity(self, query)).await
    }

    // Exports to S3 and imports from S3 (operations 13 and 14).
    async fn export_table(
        &self,
        request: &crate::domain::ExportRequest,
    ) -> BackendResult<crate::domain::Export> {
        counted(super::exports::export_table(self, request)).await
    }

    async fn describe_export(&self, export_arn: &str) -> BackendResult<crate::domain::Export> {
        counted(super::exports::describe_export(self, export_arn)).await
    }

    async fn list_exports(&self, table_arn: &str) -> BackendResult<Vec<crate::domain::Export>> {
        counted(super::exports::list_exports(self, table_arn)).await
    }

    async fn import_table(
        &self,
        request: &crate::domain::ImportRequest,
    ) -> BackendResult<crate::domain::Import> {
        counted(super::exports::import_table(self, request)).await
    }

    async fn describe_import(&self, import_arn: &str) -> BackendResult<crate::domain::Import> {
        counted(super::exports::describe_import(self, import_arn)).await
    }
}
