//! Finding the journals of interrupted runs and checking each against the
//! account; dismissing one.

use std::io;
use std::path::Path;

use super::account::{Seen, look, tables_of};
use super::whereabouts::data_now;
use super::{InterruptedRun, InterruptedStep};
use crate::backend::Backend;
use crate::workflow::journal::{self, JournalFile, Record, StepState};
use crate::workflow::{StepAction, table_of};

/// Every unfinished journal in `dir`, oldest first, checked against the
/// account. A journal that cannot be read, or has no plan, is logged and
/// left out.
pub async fn scan(backend: &dyn Backend, dir: &Path) -> Vec<InterruptedRun> {
    let paths = match journal::list(dir) {
        Ok(paths) => paths,
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Vec::new(),
        Err(e) => {
            tracing::error!(dir = %dir.display(), "cannot list the journals: {e}");
            return Vec::new();
        }
    };
    let mut runs = Vec::new();
    for path in paths {
        match journal::read(&path) {
            Ok(file) if !file.finished() => {
                if let Some(run) = reconcile(backend, &file).await {
                    runs.push(run);
                } else {
                    tracing::warn!(path = %path.display(), "a journal without its plan");
                }
            }
            Ok(_) => {}
            Err(e) => tracing::error!(path = %path.display(), "cannot read the journal: {e}"),
        }
    }
    runs
}

/// One interrupted run, as the journal and the account tell it.
pub async fn reconcile(backend: &dyn Backend, file: &JournalFile) -> Option<InterruptedRun> {
    let plan = file.plan()?;
    let job = file.entries.iter().find_map(|e| match e.record {
        Record::Started { job, .. } => Some(job),
        _ => None,
    })?;
    let seen = look(backend, file).await;
    let all = file.steps();
    let full_plan = crate::workflow::Plan {
        steps: all.iter().map(|(p, _)| p.clone()).collect(),
        ..plan.clone()
    };
    let steps = all
        .into_iter()
        .map(|(step, state)| {
            let aws_now = match state {
                StepState::Started | StepState::Accepted { .. } => aws_now(&step.action, &seen),
                _ => None,
            };
            InterruptedStep {
                title: step.title,
                state,
                aws_now,
            }
        })
        .collect();
    Some(InterruptedRun {
        journal: file.path.clone(),
        job,
        label: plan.operation.label(),
        table: table_of(&plan.operation).to_owned(),
        started: plan.stamp,
        stopped: file.entries.last().map(|e| e.at),
        steps,
        plan: full_plan,
        data_now: data_now(plan, &seen),
        cut_tail: file.cut_tail,
    })
}

/// What the account says of a step the journal cannot vouch for.
fn aws_now(action: &StepAction, seen: &Seen) -> Option<String> {
    let mut lines: Vec<String> = match action {
        StepAction::BackUp { backup_name, .. }
        | StepAction::DeleteTemporaryBackup { backup_name, .. } => {
            vec![seen.backup_line(backup_name)]
        }
        StepAction::WaitBackups { backup_names } => {
            backup_names.iter().map(|n| seen.backup_line(n)).collect()
        }
        StepAction::Duplicate { target, .. } => vec![seen.table_line(target)],
        StepAction::CleanupReview => Vec::new(),
        other => tables_of(other)
            .into_iter()
            .map(|t| seen.table_line(t))
            .collect(),
    };
    if matches!(action, StepAction::RestoreFromRecoveryPoint { .. })
        && let Some(job) = seen.job_line()
    {
        lines.insert(0, job);
    }
    (!lines.is_empty()).then(|| lines.join(" · "))
}

/// The operator has dealt with an interrupted run: its journal ends.
pub fn dismiss(path: &Path) -> io::Result<()> {
    let dir = path.parent().unwrap_or(Path::new("."));
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    journal::Journal::open(dir, &name)?.append(Record::Dismissed {
        why: "dismissed by the operator after the run was interrupted".to_owned(),
    })
}
