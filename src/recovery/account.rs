//! What the account holds now of the names an interrupted run touched.

use std::collections::HashMap;

use crate::backend::{Backend, BackendError};
use crate::domain::{Backup, Job, Table};
use crate::workflow::StepAction;
use crate::workflow::journal::JournalFile;

/// One look at the account, for one interrupted run.
#[derive(Debug, Default)]
pub struct Seen {
    /// `Ok(None)`: the table does not exist.
    pub tables: HashMap<String, Result<Option<Table>, String>>,
    /// The run's backups found in the account, by name.
    pub backups: HashMap<String, Backup>,
    pub listing_error: Option<String>,
    pub restore_job: Option<(String, Result<Job, String>)>,
}

/// Table names a step acts on.
pub fn tables_of(action: &StepAction) -> Vec<&str> {
    match action {
        StepAction::Duplicate { source, target, .. } => vec![source, target],
        StepAction::BackUp { table, .. }
        | StepAction::RemoveDeletionProtection { table }
        | StepAction::DeleteTable { table }
        | StepAction::EnablePitr { table, .. }
        | StepAction::EnableDeletionProtection { table }
        | StepAction::CaptureSettings { table }
        | StepAction::ReapplySettings { table }
        | StepAction::ApplySetting { table, .. }
        | StepAction::DeleteTemporaryTable { table } => vec![table],
        StepAction::RestoreFromRunBackup { target, .. }
        | StepAction::RestoreFromBackup { target, .. }
        | StepAction::RestoreFromRecoveryPoint { target, .. } => vec![target],
        StepAction::Verify {
            restored,
            duplicate,
        } => vec![restored, duplicate],
        StepAction::WaitBackups { .. }
        | StepAction::CleanupReview
        | StepAction::DeleteTemporaryBackup { .. } => Vec::new(),
    }
}

pub async fn look(backend: &dyn Backend, journal: &JournalFile) -> Seen {
    let mut seen = Seen::default();
    let steps = journal.steps();
    for (plan, _) in &steps {
        for table in tables_of(&plan.action) {
            if seen.tables.contains_key(table) {
                continue;
            }
            let state = match backend.describe_table(table).await {
                Ok(t) => Ok(Some(t)),
                Err(BackendError::NotFound { .. }) => Ok(None),
                Err(e) => Err(e.to_string()),
            };
            seen.tables.insert(table.to_owned(), state);
        }
    }
    let backed_up: Vec<&str> = steps
        .iter()
        .filter_map(|(p, _)| match &p.action {
            StepAction::BackUp { table, .. } => Some(table.as_str()),
            _ => None,
        })
        .collect();
    for table in backed_up {
        match backend.list_backups(Some(table)).await {
            Ok(list) => seen
                .backups
                .extend(list.into_iter().map(|b| (b.name.clone(), b))),
            Err(e) => seen.listing_error = Some(format!("ListBackups {table}: {e}")),
        }
    }
    if let Some(id) = journal.ledger().restore_job {
        let job = backend
            .describe_restore_job(&id)
            .await
            .map_err(|e| e.to_string());
        seen.restore_job = Some((id, job));
    }
    seen
}

/// `Active` → `ACTIVE`, as AWS writes statuses.
pub fn upper(status: impl std::fmt::Debug) -> String {
    format!("{status:?}").to_uppercase()
}

impl Seen {
    /// `orders: ACTIVE, protection on` / `orders: does not exist`.
    pub fn table_line(&self, name: &str) -> String {
        match self.tables.get(name) {
            Some(Ok(Some(t))) => {
                let protection = if t.deletion_protection {
                    ", protection on"
                } else {
                    ", protection off"
                };
                format!("{name}: {}{protection}", upper(&t.status))
            }
            Some(Ok(None)) => format!("{name}: does not exist"),
            Some(Err(e)) => format!("{name}: cannot tell ({e})"),
            None => format!("{name}: not checked"),
        }
    }

    /// Why `name` could not be looked up, when it could not.
    pub fn lookup_error(&self, name: &str) -> Option<&str> {
        match self.tables.get(name) {
            Some(Err(e)) => Some(e),
            _ => None,
        }
    }

    pub fn table_exists(&self, name: &str) -> Option<&Table> {
        match self.tables.get(name) {
            Some(Ok(Some(t))) => Some(t),
            _ => None,
        }
    }

    pub fn backup_line(&self, name: &str) -> String {
        match (self.backups.get(name), &self.listing_error) {
            (Some(b), _) => format!("{name}: {}", upper(b.status)),
            (None, Some(e)) => format!("{name}: cannot tell ({e})"),
            (None, None) => format!("{name}: does not exist"),
        }
    }

    pub fn job_line(&self) -> Option<String> {
        let (id, job) = self.restore_job.as_ref()?;
        Some(match job {
            Ok(j) => {
                let percent = j
                    .percent_done
                    .map(|p| format!(" {p:.0}%"))
                    .unwrap_or_default();
                format!("restore job {id}: {}{percent}", upper(&j.status))
            }
            Err(e) => format!("restore job {id}: cannot tell ({e})"),
        })
    }
}
