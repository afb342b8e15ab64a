//! `AuditedBackend`: the `Backend` trait with every mutating call written
//! to the audit log twice: its intent before it is sent (a call whose
//! intent cannot be written is not sent) and its result after AWS answers.
//! Reads pass straight through.

use std::fmt::Display;
use std::sync::{Arc, Mutex};

use async_trait::async_trait;
use chrono::Utc;
use serde_json::{Value, json};

use super::log::{AuditLog, AuditRecord, Phase};
use crate::backend::BackendError;
use crate::backend::{Backend, BackendInfo, BackendResult, ScanPage, ScanRequest};
use crate::domain::{
    Backup, BackupPlan, CallerIdentity, CondWrite, Item, ItemChange, Job, KeySchema, PitrStatus,
    PitrTarget, PlanRule, RecoveryPoint, Selection, SettingChange, Table, TableSettings, VaultInfo,
    WriteOutcome,
};
use crate::local::Health;

/// The audit log's name for `write_items_if`: conditional PutItem and
/// DeleteItem calls, recorded once for the whole call.
pub const WRITE_ITEMS_IF: &str = "WriteItemsIf";

pub struct AuditedBackend {
    inner: Arc<dyn Backend>,
    log: AuditLog,
    /// Who is calling, asked once (STS) and kept.
    caller: Mutex<Option<CallerIdentity>>,
    /// Shared with the console: the first audit write that failed.
    health: Health,
}

impl AuditedBackend {
    pub fn new(inner: Arc<dyn Backend>, log: AuditLog, health: Health) -> Self {
        Self {
            inner,
            log,
            caller: Mutex::new(None),
            health,
        }
    }

    async fn caller(&self) -> Option<CallerIdentity> {
        let known = self
            .caller
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .clone();
        if known.is_some() {
            return known;
        }
        let asked = self.inner.caller_identity().await.ok()?;
        *self.caller.lock().unwrap_or_else(|e| e.into_inner()) = Some(asked.clone());
        Some(asked)
    }

    fn entry(
        &self,
        caller: Option<CallerIdentity>,
        phase: Phase,
        operation: &str,
        resource: &str,
        parameters: Value,
    ) -> AuditRecord {
        let info = self.inner.info();
        AuditRecord {
            time: Utc::now(),
            phase,
            backend: info.kind,
            endpoint: info.endpoint,
            caller_arn: caller
                .as_ref()
                .map_or_else(|| "unknown".to_owned(), |c| c.arn.clone()),
            account: caller.map_or_else(|| "unknown".to_owned(), |c| c.account),
            region: info.region,
            operation: operation.to_owned(),
            resource: resource.to_owned(),
            parameters,
            result: String::new(),
            error: None,
        }
    }

    /// Writes what is about to be called. When it cannot be written, the
    /// call is not sent: nothing changes the account unaudited.
    async fn intent(
        &self,
        operation: &str,
        resource: &str,
        parameters: Value,
    ) -> BackendResult<()> {
        if let Some(why) = self.health.get() {
            return Err(BackendError::Unsupported(format!(
                "{operation} not sent: changes stopped because {why}"
            )));
        }
        let caller = self.caller().await;
        let mut record = self.entry(caller, Phase::Intent, operation, resource, parameters);
        record.result = "intent".to_owned();
        self.log.append(&record).map_err(|e| {
            let why = format!(
                "the audit log {} cannot be written: {e}",
                self.log.path().display()
            );
            self.health.fail(why.clone());
            BackendError::Unsupported(format!("{operation} not sent: {why}"))
        })
    }

    /// Writes how the call ended. The call has happened: a log that cannot
    /// be written stops every later change (see `intent`) and the console
    /// says so in its header.
    async fn record<T, E: Display>(
        &self,
        operation: &str,
        resource: &str,
        parameters: Value,
        result: &Result<T, E>,
    ) {
        let caller = self.caller().await;
        let mut record = self.entry(caller, Phase::Result, operation, resource, parameters);
        record.result = if result.is_ok() { "ok" } else { "error" }.to_owned();
        record.error = result.as_ref().err().map(ToString::to_string);
        if let Err(e) = self.log.append(&record) {
            self.health.fail(format!(
                "the result of {operation} on {resource} could not be written to the audit log {}: {e}",
                self.log.path().display()
            ));
        }
    }
}

#[async_trait]
impl Backend for AuditedBackend {
    fn info(&self) -> BackendInfo {
        self.inner.info()
    }

    async fn caller_identity(&self) -> BackendResult<CallerIdentity> {
        let identity = self.inner.caller_identity().await;
        if let Ok(who) = &identity {
            *self.caller.lock().unwrap_or_else(|e| e.into_inner()) = Some(who.clone());
        }
        identity
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

    async fn describe_key_schema(&self, table: &str) -> BackendResult<KeySchema> {
        self.inner.describe_key_schema(table).await
    }

    async fn describe_shape(&self, table: &str) -> BackendResult<crate::domain::TableShape> {
        self.inner.describe_shape(table).await
    }

    /// Reads change nothing: not audited, only forwarded.
    async fn scan_segment(&self, page: ScanRequest<'_>) -> BackendResult<ScanPage> {
        self.inner.scan_segment(page).await
    }

    /// Reads change nothing: not audited, only forwarded.
    async fn get_items(&self, table: &str, keys: &[Item]) -> BackendResult<Vec<Item>> {
        self.inner.get_items(table, keys).await
    }

    /// One intent and one result for the whole call, counts only: an
    /// item's values are customer data and never reach the audit log.
    async fn write_items_if(
        &self,
        table: &str,
        schema: &KeySchema,
        writes: &[CondWrite],
    ) -> BackendResult<Vec<WriteOutcome>> {
        let puts = writes
            .iter()
            .filter(|w| matches!(w.change, ItemChange::Put(_)))
            .count();
        let intended = json!({ "puts": puts, "deletes": writes.len() - puts });
        self.intent(WRITE_ITEMS_IF, table, intended.clone()).await?;
        let result = self.inner.write_items_if(table, schema, writes).await;
        let mut parameters = intended;
        if let (Ok(outcomes), Some(fields)) = (&result, parameters.as_object_mut()) {
            let count = |f: fn(&WriteOutcome) -> bool| outcomes.iter().filter(|o| f(o)).count();
            fields.insert(
                "written".to_owned(),
                count(|o| *o == WriteOutcome::Written).into(),
            );
            fields.insert(
                "conflicts".to_owned(),
                count(|o| *o == WriteOutcome::ConditionFailed).into(),
            );
            fields.insert(
                "not_attempted".to_owned(),
                count(|o| matches!(o, WriteOutcome::NotAttempted(_))).into(),
            );
        }
        self.record(WRITE_ITEMS_IF, table, parameters, &result)
            .await;
        result
    }

    async fn set_deletion_protection(&self, table: &str, enabled: bool) -> BackendResult<Table> {
        self.intent(
            "UpdateTable",
            table,
            json!({ "deletion_protection": enabled }),
        )
        .await?;
        let result = self.inner.set_deletion_protection(table, enabled).await;
        let parameters = json!({ "deletion_protection": enabled });
        self.record("UpdateTable", table, parameters, &result).await;
        result
    }

    async fn delete_table(&self, table: &str) -> BackendResult<Table> {
        self.intent("DeleteTable", table, json!({})).await?;
        let result = self.inner.delete_table(table).await;
        self.record("DeleteTable", table, json!({}), &result).await;
        result
    }

    async fn describe_settings(&self, table: &str) -> BackendResult<TableSettings> {
        self.inner.describe_settings(table).await
    }

    async fn apply_setting(&self, table: &str, change: &SettingChange) -> BackendResult<()> {
        let intended = serde_json::to_value(change).unwrap_or(Value::Null);
        self.intent(change.operation(), table, intended).await?;
        let result = self.inner.apply_setting(table, change).await;
        let parameters = serde_json::to_value(change).unwrap_or(Value::Null);
        self.record(change.operation(), table, parameters, &result)
            .await;
        result
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
        let intended = json!({ "enabled": enabled, "recovery_period_days": recovery_period_days });
        self.intent("UpdateContinuousBackups", table, intended)
            .await?;
        let result = self
            .inner
            .update_continuous_backups(table, enabled, recovery_period_days)
            .await;
        let parameters =
            json!({ "enabled": enabled, "recovery_period_days": recovery_period_days });
        self.record("UpdateContinuousBackups", table, parameters, &result)
            .await;
        result
    }

    async fn restore_table_to_point_in_time(
        &self,
        source: &str,
        target: &str,
        at: PitrTarget,
    ) -> BackendResult<Table> {
        let intended = json!({ "source": source, "target": target, "at": at });
        self.intent("RestoreTableToPointInTime", target, intended)
            .await?;
        let result = self
            .inner
            .restore_table_to_point_in_time(source, target, at)
            .await;
        let parameters = json!({ "source": source, "target": target, "at": at });
        self.record("RestoreTableToPointInTime", target, parameters, &result)
            .await;
        result
    }

    async fn create_backup(&self, table: &str, backup_name: &str) -> BackendResult<Backup> {
        let intended = json!({ "backup_name": backup_name });
        self.intent("CreateBackup", table, intended).await?;
        let result = self.inner.create_backup(table, backup_name).await;
        let parameters = json!({
            "backup_name": backup_name,
            "backup_arn": result.as_ref().ok().map(|b| b.arn.clone()),
        });
        self.record("CreateBackup", table, parameters, &result)
            .await;
        result
    }

    async fn describe_backup(&self, backup_arn: &str) -> BackendResult<Backup> {
        self.inner.describe_backup(backup_arn).await
    }

    async fn list_backups(&self, table: Option<&str>) -> BackendResult<Vec<Backup>> {
        self.inner.list_backups(table).await
    }

    async fn delete_backup(&self, backup_arn: &str) -> BackendResult<Backup> {
        self.intent("DeleteBackup", backup_arn, json!({})).await?;
        let result = self.inner.delete_backup(backup_arn).await;
        let parameters = json!({ "backup_name": result.as_ref().ok().map(|b| b.name.clone()) });
        self.record("DeleteBackup", backup_arn, parameters, &result)
            .await;
        result
    }

    async fn restore_table_from_backup(
        &self,
        target: &str,
        backup_arn: &str,
    ) -> BackendResult<Table> {
        let intended = json!({ "target": target, "backup_arn": backup_arn });
        self.intent("RestoreTableFromBackup", target, intended)
            .await?;
        let result = self
            .inner
            .restore_table_from_backup(target, backup_arn)
            .await;
        let parameters = json!({ "target": target, "backup_arn": backup_arn });
        self.record("RestoreTableFromBackup", target, parameters, &result)
            .await;
        result
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
        let intended = json!({
            "recovery_point_arn": recovery_point_arn,
            "role_arn": role_arn,
            "target": target_table,
        });
        self.intent("StartRestoreJob", target_table, intended)
            .await?;
        let result = self
            .inner
            .start_restore_job(recovery_point_arn, role_arn, target_table)
            .await;
        let parameters = json!({
            "recovery_point_arn": recovery_point_arn,
            "role_arn": role_arn,
            "target": target_table,
            "restore_job_id": result.as_ref().ok(),
        });
        self.record("StartRestoreJob", target_table, parameters, &result)
            .await;
        result
    }

    async fn describe_restore_job(&self, job_id: &str) -> BackendResult<Job> {
        self.inner.describe_restore_job(job_id).await
    }

    async fn list_jobs(&self) -> BackendResult<Vec<Job>> {
        self.inner.list_jobs().await
    }

    async fn list_jobs_since(&self, since: chrono::DateTime<Utc>) -> BackendResult<Vec<Job>> {
        self.inner.list_jobs_since(since).await
    }

    async fn list_backup_plans(&self) -> BackendResult<Vec<BackupPlan>> {
        self.inner.list_backup_plans().await
    }

    async fn create_backup_plan(
        &self,
        name: &str,
        rules: &[PlanRule],
    ) -> BackendResult<BackupPlan> {
        let intended = json!({ "rules": rules });
        self.intent("CreateBackupPlan", name, intended).await?;
        let result = self.inner.create_backup_plan(name, rules).await;
        let parameters = json!({
            "rules": rules.len(),
            "plan_id": result.as_ref().ok().map(|p| p.id.clone()),
        });
        self.record("CreateBackupPlan", name, parameters, &result)
            .await;
        result
    }

    async fn create_backup_selection(
        &self,
        plan_id: &str,
        selection: &Selection,
    ) -> BackendResult<String> {
        let intended = json!({ "selection": selection });
        self.intent("CreateBackupSelection", plan_id, intended)
            .await?;
        let result = self.inner.create_backup_selection(plan_id, selection).await;
        let parameters = json!({
            "selection_name": selection.name,
            "selection_id": result.as_ref().ok(),
        });
        self.record("CreateBackupSelection", plan_id, parameters, &result)
            .await;
        result
    }

    async fn get_vault_access_policy(&self, vault: &str) -> BackendResult<Option<String>> {
        self.inner.get_vault_access_policy(vault).await
    }

    async fn put_vault_access_policy(&self, vault: &str, policy: &str) -> BackendResult<()> {
        // The policy is a document of principals and actions, no secret:
        // the audit keeps it whole, so the log says what was put.
        let intended = json!({ "vault": vault, "policy": policy });
        self.intent("PutBackupVaultAccessPolicy", vault, intended.clone())
            .await?;
        let result = self.inner.put_vault_access_policy(vault, policy).await;
        self.record("PutBackupVaultAccessPolicy", vault, intended, &result)
            .await;
        result
    }

    async fn delete_backup_selection(
        &self,
        plan_id: &str,
        selection_id: &str,
    ) -> BackendResult<()> {
        let intended = json!({ "selection_id": selection_id });
        self.intent("DeleteBackupSelection", plan_id, intended.clone())
            .await?;
        let result = self
            .inner
            .delete_backup_selection(plan_id, selection_id)
            .await;
        self.record("DeleteBackupSelection", plan_id, intended, &result)
            .await;
        result
    }

    async fn start_backup_job(
        &self,
        table: &str,
        vault: &str,
        role_arn: &str,
        lifecycle: crate::domain::LifecycleDays,
        idempotency_token: &str,
    ) -> BackendResult<String> {
        let intended = json!({
            "vault": vault,
            "role_arn": role_arn,
            "lifecycle": lifecycle,
            "idempotency_token": idempotency_token,
        });
        self.intent("StartBackupJob", table, intended.clone())
            .await?;
        let result = self
            .inner
            .start_backup_job(table, vault, role_arn, lifecycle, idempotency_token)
            .await;
        let mut parameters = intended;
        parameters["backup_job_id"] = json!(result.as_ref().ok());
        self.record("StartBackupJob", table, parameters, &result)
            .await;
        result
    }

    async fn table_tags(
        &self,
        table_arn: &str,
    ) -> BackendResult<std::collections::BTreeMap<String, String>> {
        self.inner.table_tags(table_arn).await
    }

    async fn describe_backup_job(&self, job_id: &str) -> BackendResult<Job> {
        self.inner.describe_backup_job(job_id).await
    }

    async fn may_delete_backups(
        &self,
        caller_arn: &str,
    ) -> BackendResult<crate::domain::DeletePermission> {
        self.inner.may_delete_backups(caller_arn).await
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
        let intended = json!({
            "source_vault": source_vault,
            "destination_vault_arn": destination_vault_arn,
            "role_arn": role_arn,
            "lifecycle": lifecycle,
            "idempotency_token": idempotency_token,
        });
        self.intent("StartCopyJob", recovery_point_arn, intended.clone())
            .await?;
        let result = self
            .inner
            .start_copy_job(
                recovery_point_arn,
                source_vault,
                destination_vault_arn,
                role_arn,
                lifecycle,
                idempotency_token,
            )
            .await;
        let mut parameters = intended;
        parameters["copy_job_id"] = json!(result.as_ref().ok());
        self.record("StartCopyJob", recovery_point_arn, parameters, &result)
            .await;
        result
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
        let intended = json!(request);
        self.intent(
            "ExportTableToPointInTime",
            &request.table_arn,
            intended.clone(),
        )
        .await?;
        let result = self.inner.export_table(request).await;
        let mut parameters = intended;
        parameters["export_arn"] = json!(result.as_ref().ok().map(|e| &e.arn));
        self.record(
            "ExportTableToPointInTime",
            &request.table_arn,
            parameters,
            &result,
        )
        .await;
        result
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
        let intended = json!(request);
        self.intent("ImportTable", &request.table.name, intended.clone())
            .await?;
        let result = self.inner.import_table(request).await;
        let mut parameters = intended;
        parameters["import_arn"] = json!(result.as_ref().ok().map(|i| &i.arn));
        self.record("ImportTable", &request.table.name, parameters, &result)
            .await;
        result
    }

    async fn describe_copy_job(&self, job_id: &str) -> BackendResult<Job> {
        self.inner.describe_copy_job(job_id).await
    }

    /// The other region's backend, audited into the same log (each record
    /// names that region).
    async fn in_region(&self, region: &str) -> BackendResult<Arc<dyn Backend>> {
        let inner = self.inner.in_region(region).await?;
        Ok(Arc::new(AuditedBackend::new(
            inner,
            AuditLog::new(self.log.path()),
            self.health.clone(),
        )))
    }

    async fn describe_import(&self, import_arn: &str) -> BackendResult<crate::domain::Import> {
        self.inner.describe_import(import_arn).await
    }
}
