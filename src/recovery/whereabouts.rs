//! Where the table's data is now: the one line an operator reads first
//! after a crash.

use super::account::{Seen, upper};
use crate::domain::{BackupStatus, JobStatus, TableStatus};
use crate::workflow::{BackupOf, Plan, StepAction, table_of};

pub fn data_now(plan: &Plan, seen: &Seen) -> String {
    let table = table_of(&plan.operation);
    let mut places = Vec::new();
    let mut safe = false;
    match seen.table_exists(table) {
        Some(t) if t.status == TableStatus::Active => {
            safe = true;
            places.push(format!("in {table} itself (ACTIVE)"));
        }
        Some(t) => places.push(format!("{table} is {}", upper(&t.status))),
        None => places.push(format!("{table} does not exist")),
    }
    for step in &plan.steps {
        match &step.action {
            StepAction::BackUp {
                backup_name, of, ..
            } => {
                if let Some(b) = seen.backups.get(backup_name) {
                    safe |= b.status == BackupStatus::Available;
                    let whose = match of {
                        BackupOf::Original => "fallback backup",
                        BackupOf::Duplicate => "backup of the duplicate",
                    };
                    places.push(format!("{whose} {backup_name} ({})", upper(b.status)));
                }
            }
            StepAction::Duplicate { target, .. } => {
                if let Some(t) = seen.table_exists(target) {
                    safe |= t.status == TableStatus::Active;
                    places.push(format!(
                        "duplicate {target} ({}, the data at the chosen time)",
                        upper(&t.status)
                    ));
                }
            }
            _ => {}
        }
    }
    if let Some(line) = seen.job_line() {
        safe |= matches!(&seen.restore_job, Some((_, Ok(j))) if !matches!(j.status, JobStatus::Failed | JobStatus::Aborted));
        places.push(line);
    }
    if !safe {
        places.push("NO COPY FOUND in the account: check it before anything else".to_owned());
    }
    format!("Data now: {}", places.join(" · "))
}
