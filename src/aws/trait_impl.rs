//! `Backend` for `AwsBackend`: each primitive is one module function.

use async_trait::async_trait;

use super::{AwsBackend, backup_service, backups, identity, pitr, scan, settings, tables};
use crate::backend::{Backend, BackendInfo, BackendResult, ScanPage};
use crate::domain::{
    Backup, CallerIdentity, Item, Job, KeySchema, PitrStatus, PitrTarget, RecoveryPoint,
    SettingChange, Table, TableSettings, VaultInfo,
};

#[async_trait]
impl Backend for AwsBackend {
    fn info(&self) -> BackendInfo {
        self.info.clone()
    }

    async fn caller_identity(&self) -> BackendResult<CallerIdentity> {
        identity::caller(self).await
    }

    async fn describe_backup_vault(&self, vault: &str) -> BackendResult<VaultInfo> {
        backup_service::describe_vault(self, vault).await
    }

    async fn list_attached_role_policies(&self, role_name: &str) -> BackendResult<Vec<String>> {
        identity::attached_role_policies(self, role_name).await
    }

    async fn list_tables(&self) -> BackendResult<Vec<String>> {
        tables::list(self).await
    }

    async fn describe_table(&self, table: &str) -> BackendResult<Table> {
        tables::describe(self, table).await
    }

    async fn describe_settings(&self, table: &str) -> BackendResult<TableSettings> {
        settings::describe(self, table).await
    }

    async fn apply_setting(&self, table: &str, change: &SettingChange) -> BackendResult<()> {
        settings::apply(self, table, change).await
    }

    async fn set_deletion_protection(&self, table: &str, enabled: bool) -> BackendResult<Table> {
        tables::set_deletion_protection(self, table, enabled).await
    }

    async fn delete_table(&self, table: &str) -> BackendResult<Table> {
        tables::delete(self, table).await
    }

    async fn describe_continuous_backups(&self, table: &str) -> BackendResult<PitrStatus> {
        pitr::describe(self, table).await
    }

    async fn update_continuous_backups(
        &self,
        table: &str,
        enabled: bool,
        recovery_period_days: Option<u8>,
    ) -> BackendResult<PitrStatus> {
        pitr::update(self, table, enabled, recovery_period_days).await
    }

    async fn restore_table_to_point_in_time(
        &self,
        source: &str,
        target: &str,
        at: PitrTarget,
    ) -> BackendResult<Table> {
        pitr::restore(self, source, target, at).await
    }

    async fn create_backup(&self, table: &str, backup_name: &str) -> BackendResult<Backup> {
        backups::create(self, table, backup_name).await
    }

    async fn describe_backup(&self, backup_arn: &str) -> BackendResult<Backup> {
        backups::describe(self, backup_arn).await
    }

    async fn list_backups(&self, table: Option<&str>) -> BackendResult<Vec<Backup>> {
        backups::list(self, table).await
    }

    async fn delete_backup(&self, backup_arn: &str) -> BackendResult<Backup> {
        backups::delete(self, backup_arn).await
    }

    async fn restore_table_from_backup(
        &self,
        target: &str,
        backup_arn: &str,
    ) -> BackendResult<Table> {
        backups::restore(self, target, backup_arn).await
    }

    async fn list_recovery_points(
        &self,
        vault: &str,
        resource_arn: Option<&str>,
    ) -> BackendResult<Vec<RecoveryPoint>> {
        backup_service::recovery_points(self, vault, resource_arn).await
    }

    async fn start_restore_job(
        &self,
        recovery_point_arn: &str,
        role_arn: &str,
        target_table: &str,
    ) -> BackendResult<String> {
        backup_service::start_restore_job(self, recovery_point_arn, role_arn, target_table).await
    }

    async fn describe_restore_job(&self, job_id: &str) -> BackendResult<Job> {
        backup_service::describe_restore_job(self, job_id).await
    }

    async fn list_jobs(&self) -> BackendResult<Vec<Job>> {
        backup_service::list_jobs(self).await
    }

    async fn describe_key_schema(&self, table: &str) -> BackendResult<KeySchema> {
        scan::key_schema(self, table).await
    }

    async fn scan_segment(
        &self,
        table: &str,
        segment: u32,
        total_segments: u32,
        exclusive_start_key: Option<&Item>,
        limit: u32,
    ) -> BackendResult<ScanPage> {
        scan::scan_segment(
            self,
            table,
            segment,
            total_segments,
            exclusive_start_key,
            limit,
        )
        .await
    }
}
