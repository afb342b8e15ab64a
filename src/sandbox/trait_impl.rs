//! `Backend` for `Sandbox`: every primitive first passes `enter` (the
//! configured latency, then a fault a test queued for it by this name), then
//! runs in the module of its service.

use async_trait::async_trait;

use super::{Sandbox, backup_service, backups, identity, pitr, plans, settings, tables};
use crate::backend::{Backend, BackendInfo, BackendResult, ScanPage, ScanRequest};
use crate::domain::{
    Backup, BackupPlan, CallerIdentity, CondWrite, Item, Job, KeySchema, PitrStatus, PitrTarget,
    PlanRule, RecoveryPoint, Selection, SettingChange, Table, TableSettings, VaultInfo,
    WriteOutcome,
};

#[async_trait]
impl Backend for Sandbox {
    fn info(&self) -> BackendInfo {
        identity::info(self)
    }

    async fn caller_identity(&self) -> BackendResult<CallerIdentity> {
        self.enter("caller_identity").await?;
        identity::caller(self)
    }

    async fn describe_backup_vault(&self, vault: &str) -> BackendResult<VaultInfo> {
        self.enter("describe_backup_vault").await?;
        backup_service::describe_vault(self, vault)
    }

    async fn list_attached_role_policies(&self, role_name: &str) -> BackendResult<Vec<String>> {
        self.enter("list_attached_role_policies").await?;
        identity::attached_role_policies(self, role_name)
    }

    async fn list_tables(&self) -> BackendResult<Vec<String>> {
        self.enter("list_tables").await?;
        tables::list(self)
    }

    async fn describe_table(&self, table: &str) -> BackendResult<Table> {
        self.enter("describe_table").await?;
        tables::describe(self, table)
    }

    async fn set_deletion_protection(&self, table: &str, enabled: bool) -> BackendResult<Table> {
        self.enter("set_deletion_protection").await?;
        tables::set_deletion_protection(self, table, enabled)
    }

    async fn delete_table(&self, table: &str) -> BackendResult<Table> {
        self.enter("delete_table").await?;
        tables::delete(self, table)
    }

    async fn describe_settings(&self, table: &str) -> BackendResult<TableSettings> {
        self.enter("describe_settings").await?;
        settings::describe(self, table)
    }

    async fn apply_setting(&self, table: &str, change: &SettingChange) -> BackendResult<()> {
        self.enter("apply_setting").await?;
        settings::apply(self, table, change)
    }

    async fn describe_continuous_backups(&self, table: &str) -> BackendResult<PitrStatus> {
        self.enter("describe_continuous_backups").await?;
        pitr::describe(self, table)
    }

    async fn update_continuous_backups(
        &self,
        table: &str,
        enabled: bool,
        recovery_period_days: Option<u8>,
    ) -> BackendResult<PitrStatus> {
        self.enter("update_continuous_backups").await?;
        pitr::update(self, table, enabled, recovery_period_days)
    }

    async fn restore_table_to_point_in_time(
        &self,
        source: &str,
        target: &str,
        at: PitrTarget,
    ) -> BackendResult<Table> {
        self.enter("restore_table_to_point_in_time").await?;
        pitr::restore(self, source, target, at)
    }

    async fn create_backup(&self, table: &str, backup_name: &str) -> BackendResult<Backup> {
        self.enter("create_backup").await?;
        backups::create(self, table, backup_name)
    }

    async fn describe_backup(&self, backup_arn: &str) -> BackendResult<Backup> {
        self.enter("describe_backup").await?;
        backups::describe(self, backup_arn)
    }

    async fn list_backups(&self, table: Option<&str>) -> BackendResult<Vec<Backup>> {
        self.enter("list_backups").await?;
        backups::list(self, table)
    }

    async fn delete_backup(&self, backup_arn: &str) -> BackendResult<Backup> {
        self.enter("delete_backup").await?;
        backups::delete(self, backup_arn)
    }

    async fn restore_table_from_backup(
        &self,
        target: &str,
        backup_arn: &str,
    ) -> BackendResult<Table> {
        self.enter("restore_table_from_backup").await?;
        backups::restore(self, target, backup_arn)
    }

    async fn list_recovery_points(
        &self,
        vault: &str,
        resource_arn: Option<&str>,
    ) -> BackendResult<Vec<RecoveryPoint>> {
        self.enter("list_recovery_points").await?;
        backup_service::recovery_points(self, vault, resource_arn)
    }

    async fn start_restore_job(
        &self,
        recovery_point_arn: &str,
        role_arn: &str,
        target_table: &str,
    ) -> BackendResult<String> {
        self.enter("start_restore_job").await?;
        backup_service::start_restore_job(self, recovery_point_arn, role_arn, target_table)
    }

    async fn describe_restore_job(&self, job_id: &str) -> BackendResult<Job> {
        self.enter("describe_restore_job").await?;
        backup_service::describe_restore_job(self, job_id)
    }

    async fn list_jobs(&self) -> BackendResult<Vec<Job>> {
        self.enter("list_jobs").await?;
        backup_service::list_jobs(self)
    }

    async fn list_jobs_since(
        &self,
        since: chrono::DateTime<chrono::Utc>,
    ) -> BackendResult<Vec<Job>> {
        self.enter("list_jobs_since").await?;
        backup_service::list_jobs_since(self, since)
    }

    async fn list_backup_plans(&self) -> BackendResult<Vec<BackupPlan>> {
        self.enter("list_backup_plans").await?;
        plans::list(self)
    }

    async fn create_backup_plan(
        &self,
        name: &str,
        rules: &[PlanRule],
    ) -> BackendResult<BackupPlan> {
        self.enter("create_backup_plan").await?;
        plans::create(self, name, rules)
    }

    async fn create_backup_selection(
        &self,
        plan_id: &str,
        selection: &Selection,
    ) -> BackendResult<String> {
        self.enter("create_backup_selection").await?;
        plans::create_selection(self, plan_id, selection)
    }

    async fn delete_backup_selection(
        &self,
        plan_id: &str,
        selection_id: &str,
    ) -> BackendResult<()> {
        self.enter("delete_backup_selection").await?;
        plans::delete_selection(self, plan_id, selection_id)
    }

    async fn table_tags(
        &self,
        table_arn: &str,
    ) -> BackendResult<std::collections::BTreeMap<String, String>> {
        self.enter("table_tags").await?;
        plans::tags(self, table_arn)
    }

    async fn describe_key_schema(&self, table: &str) -> BackendResult<KeySchema> {
        self.enter("describe_key_schema").await?;
        self.key_schema_of(table)
    }

    async fn describe_shape(&self, table: &str) -> BackendResult<crate::domain::TableShape> {
        self.enter("describe_shape").await?;
        self.shape_of(table)
    }

    async fn scan_segment(&self, page: ScanRequest<'_>) -> BackendResult<ScanPage> {
        self.enter("scan_segment").await?;
        // A page is real work here (the items are made, not fetched): let
        // the task's other futures (the checklist's progress) run between
        // pages, as a network call would.
        tokio::task::yield_now().await;
        self.scan_page(page)
    }

    async fn get_items(&self, table: &str, keys: &[Item]) -> BackendResult<Vec<Item>> {
        self.enter("get_items").await?;
        self.items_by_key(table, keys)
    }

    async fn write_items_if(
        &self,
        table: &str,
        schema: &KeySchema,
        writes: &[CondWrite],
    ) -> BackendResult<Vec<WriteOutcome>> {
        self.enter("write_items_if").await?;
        self.write_if(table, schema, writes)
    }

    async fn start_backup_job(
        &self,
        table: &str,
        vault: &str,
        role_arn: &str,
        lifecycle: crate::domain::LifecycleDays,
        idempotency_token: &str,
    ) -> BackendResult<String> {
        self.enter("start_backup_job").await?;
        super::backup_jobs::start_backup_job(
            self,
            table,
            vault,
            role_arn,
            lifecycle,
            idempotency_token,
        )
    }

    async fn describe_backup_job(&self, job_id: &str) -> BackendResult<Job> {
        self.enter("describe_backup_job").await?;
        super::backup_jobs::describe_backup_job(self, job_id)
    }

    async fn get_vault_access_policy(&self, vault: &str) -> BackendResult<Option<String>> {
        self.enter("get_vault_access_policy").await?;
        super::vault_policy::get_policy(self, vault)
    }

    async fn put_vault_access_policy(&self, vault: &str, policy: &str) -> BackendResult<()> {
        self.enter("put_vault_access_policy").await?;
        super::vault_policy::put_policy(self, vault, policy)
    }

    async fn may_delete_backups(
        &self,
        caller_arn: &str,
    ) -> BackendResult<crate::domain::DeletePermission> {
        self.enter("may_delete_backups").await?;
        super::vault_policy::may_delete(self, caller_arn)
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
        self.enter("start_copy_job").await?;
        super::copies::start_copy_job(
            self,
            recovery_point_arn,
            source_vault,
            destination_vault_arn,
            role_arn,
            lifecycle,
            idempotency_token,
        )
    }

    async fn describe_copy_job(&self, job_id: &str) -> BackendResult<Job> {
        self.enter("describe_copy_job").await?;
        super::copies::describe_copy_job(self, job_id)
    }

    async fn in_region(&self, region: &str) -> BackendResult<std::sync::Arc<dyn Backend>> {
        self.enter("in_region").await?;
        super::copies::in_region(self, region)
    }

    async fn list_objects(
        &self,
        bucket: &str,
        prefix: &str,
    ) -> BackendResult<Vec<crate::domain::S3Object>> {
        self.enter("list_objects").await?;
        super::s3::list(self, bucket, prefix)
    }

    async fn open_object(
        &self,
        bucket: &str,
        key: &str,
    ) -> BackendResult<crate::backend::ObjectBody> {
        self.enter("open_object").await?;
        super::s3::open(self, bucket, key)
    }

    // The recovery timeline: a table's activity (CloudWatch).
    async fn table_activity(
        &self,
        query: &crate::domain::ActivityQuery<'_>,
    ) -> BackendResult<crate::domain::TableActivity> {
        self.enter("table_activity").await?;
        Ok(super::activity::table_activity(self, query))
    }

    // Exports to S3 and imports from S3 (operations 13 and 14).
    async fn export_table(
        &self,
        request: &crate::domain::ExportRequest,
    ) -> BackendResult<crate::domain::Export> {
        self.enter("export_table").await?;
        super::exports::export_table(self, request)
    }

    async fn describe_export(&self, export_arn: &str) -> BackendResult<crate::domain::Export> {
        self.enter("describe_export").await?;
        super::exports::describe_export(self, export_arn)
    }

    async fn list_exports(&self, table_arn: &str) -> BackendResult<Vec<crate::domain::Export>> {
        self.enter("list_exports").await?;
        super::exports::list_exports(self, table_arn)
    }

    async fn import_table(
        &self,
        request: &crate::domain::ImportRequest,
    ) -> BackendResult<crate::domain::Import> {
        self.enter("import_table").await?;
        super::imports::import_table(self, request)
    }

    async fn describe_import(&self, import_arn: &str) -> BackendResult<crate::domain::Import> {
        self.enter("describe_import").await?;
        super::imports::describe_import(self, import_arn)
    }
}
