//! Resuming an interrupted run from its journal: the steps it finished stay
//! finished, the ledger (what it created, with ARNs) comes back, and the
//! step it was in when it stopped is first checked against the account, so
//! a call that may have been sent is never sent twice. A run the operator
//! had stopped goes to its cleanup review instead.

use std::time::Duration;

use chrono::{DateTime, Utc};

use super::action::StepAction;
use super::event::{Outcome, StepStatus};
use super::journal::{JournalFile, Record, StepState};
use super::ledger::RunBackup;
use super::question::{Answer, Question};
use super::run::Review;
use super::runner::Runner;
use crate::backend::BackendError;
use crate::domain::{JobKind, TableStatus};

fn finished(state: &StepState) -> bool {
    matches!(state, StepState::Done { .. } | StepState::Skipped { .. })
}

impl Runner {
    /// Reports the journaled steps' statuses, settles the step the run was
    /// in against the account, then runs the rest.
    pub(super) async fn resume(&mut self, file: &JournalFile) -> Outcome {
        let states = file.steps();
        for (index, (_, state)) in states.iter().enumerate() {
            let status = match state {
                StepState::Done { detail } => StepStatus::Done {
                    took: Duration::ZERO,
                    detail: Some(format!(
                        "before the interruption{}",
                        detail
                            .as_ref()
                            .map(|d| format!(": {d}"))
                            .unwrap_or_default()
                    )),
                },
                StepState::Skipped { why } => StepStatus::Skipped { why: why.clone() },
                _ => StepStatus::Pending,
            };
            self.status(index, status);
        }
        // Stopped before its checks ended: nothing was done; start over.
        if file.facts().is_none()
            && let Some(plan) = file.plan()
        {
            self.note(Record::Resumed {
                job: self.job(),
                step: 0,
            });
            return self.run(plan).await;
        }
        let first = states
            .iter()
            .position(|(_, s)| !finished(s))
            .unwrap_or(states.len());
        self.note(Record::Resumed {
            job: self.job(),
            step: first,
        });
        match states.get(first).map(|(p, s)| (p.action.clone(), s)) {
            Some((_, StepState::Cancelled { why })) => {
                let why = format!("stopped before the interruption: {why}");
                self.status(first, StepStatus::Skipped { why: why.clone() });
                self.stop(first, Review::Offer).await;
                return Outcome::Cancelled {
                    step: Some(first),
                    reason: why,
                    remaining: self.remaining().await,
                };
            }
            Some((action, StepState::Started | StepState::Accepted { .. })) => {
                let since = intent_at(file, first);
                self.reconcile(first, &action, file, since).await;
            }
            _ => {}
        }
        self.run_from(first).await
    }

    /// Puts into the ledger what the step may have started before the
    /// interruption, as the account shows it, so running it again only
    /// waits for it.
    async fn reconcile(
        &mut self,
        index: usize,
        action: &StepAction,
        file: &JournalFile,
        since: Option<DateTime<Utc>>,
    ) {
        match action {
            StepAction::Duplicate { source, target, .. } => {
                let sent = self.table_exists(target).await;
                if sent {
                    self.ledger.duplicate_table = Some(target.clone());
                    self.ledger.duplicate_source = Some(source.clone());
                }
            }
            StepAction::BackUp {
                table,
                backup_name,
                of,
                ..
            } => {
                if self.ledger.backup_named(backup_name).is_none()
                    && let Ok(list) = self.backend.list_backups(Some(table)).await
                    && let Some(b) = list.into_iter().find(|b| &b.name == backup_name)
                {
                    self.ledger.backups.push(RunBackup {
                        arn: b.arn,
                        name: b.name,
                        table: table.clone(),
                        of: *of,
                    });
                }
            }
            StepAction::RemoveDeletionProtection { table } => {
                let said_yes = answered(file, index, |q| {
                    matches!(q, Question::RemoveDeletionProtection { .. })
                });
                let off = matches!(self.backend.describe_table(table).await, Ok(t) if !t.deletion_protection);
                if said_yes && off && !self.ledger.protection_removed.contains(table) {
                    self.ledger.protection_removed.push(table.clone());
                }
            }
            StepAction::DeleteTable { table } | StepAction::DeleteTemporaryTable { table } => {
                let gone = match self.backend.describe_table(table).await {
                    Ok(t) => t.status == TableStatus::Deleting,
                    Err(BackendError::NotFound { .. }) => true,
                    Err(_) => false,
                };
                if gone && !self.ledger.deleting.contains(table) {
                    self.ledger.deleting.push(table.clone());
                }
            }
            StepAction::RestoreFromRunBackup { target, .. }
            | StepAction::RestoreFromBackup { target, .. } => {
                let sent = self.table_exists(target).await;
                if sent && !self.ledger.restores_started.contains(target) {
                    self.ledger.restores_started.push(target.clone());
                }
            }
            StepAction::RestoreFromRecoveryPoint {
                target,
                recovery_point_arn,
            } => {
                if self.ledger.restore_job.is_none()
                    && let Ok(jobs) = self.backend.list_jobs().await
                    && let Some(job) = jobs.into_iter().find(|j| {
                        j.kind == JobKind::Restore
                            && j.recovery_point_arn.as_deref() == Some(recovery_point_arn)
                            && since
                                .is_none_or(|at| j.created_at >= at - chrono::Duration::minutes(5))
                    })
                {
                    self.ledger.restore_job = Some(job.id);
                    self.ledger.restores_started.push(target.clone());
                }
            }
            _ => {}
        }
        self.note(Record::Accepted {
            step: index,
            api: "reconciled after the interruption".to_owned(),
            resource: String::new(),
            ledger: self.ledger.clone(),
        });
    }
}

/// When the step's (last) intent was written.
fn intent_at(file: &JournalFile, step: usize) -> Option<DateTime<Utc>> {
    file.entries
        .iter()
        .rev()
        .find(|e| matches!(e.record, Record::Intent { step: s, .. } if s == step))
        .map(|e| e.at)
}

/// The operator answered Yes to such a question during `step`.
fn answered(file: &JournalFile, step: usize, which: impl Fn(&Question) -> bool) -> bool {
    file.entries.iter().any(|e| {
        matches!(&e.record, Record::Answer { step: Some(s), question, answer: Answer::Yes }
            if *s == step && which(question))
    })
}
