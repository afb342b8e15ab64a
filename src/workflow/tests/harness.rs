//! A scripted operator: runs a plan on a sandbox, answers the questions as
//! told, optionally injects faults as steps start, and records everything.

use std::collections::BTreeSet;
use std::sync::Arc;
use std::time::Duration;

use chrono::Utc;
use tokio::sync::mpsc;

use crate::backend::{Backend, BackendError};
use crate::sandbox::{Sandbox, SandboxOptions, seed};
use crate::workflow::{
    Answer, CleanupItem, CleanupKind, Operation, Outcome, Plan, Question, RunContext, StepPlan,
    StepStatus, WorkflowEvent, plan, run,
};

/// The seeded demo account, fast enough that restores take microseconds.
pub fn sandbox() -> Arc<Sandbox> {
    sandbox_at(1e6)
}

pub fn sandbox_at(speed: f64) -> Arc<Sandbox> {
    Arc::new(
        Sandbox::open(SandboxOptions {
            speed,
            // Verifications read every item: a small account keeps them quick.
            item_scale: 0.01,
            ..SandboxOptions::default()
        })
        .unwrap(),
    )
}

pub fn context() -> RunContext {
    RunContext {
        job: 7,
        backup_role_arn: seed::role_arn(),
        vault: seed::VAULT.to_owned(),
        step_timeout: Some(Duration::from_secs(20)),
        poll_interval: Duration::from_millis(1),
        journal_dir: None,
        verify: crate::verify::VerifyOptions::default(),
        repair: crate::repair::RepairOptions::default(),
        scope: Some(sandbox_scope()),
    }
}

/// The scope of the in-memory sandbox (`Scope::of` on it).
pub fn sandbox_scope() -> crate::backend::Scope {
    crate::backend::Scope {
        backend: crate::backend::BackendKind::Sandbox,
        account: seed::ACCOUNT.to_owned(),
        region: seed::REGION.to_owned(),
        endpoint: None,
    }
}

pub fn injected() -> BackendError {
    BackendError::Unreachable("injected failure".to_owned())
}

/// What the cleanup review is answered with.
#[derive(Clone, Copy, PartialEq)]
pub enum Cleanup {
    /// Every item's id, deletable or not (the engine must keep the others).
    All,
    Nothing,
    Cancel,
}

type OnStart = Box<dyn FnMut(&Sandbox, usize, &StepPlan)>;
/// Called when a repair asks which classes to write back.
pub type OnChoice =
    Box<dyn Fn(Arc<Sandbox>, String) -> std::pin::Pin<Box<dyn std::future::Future<Output = ()>>>>;

pub struct Operator {
    pub remove_protection: Answer,
    /// Successive answers to "type the table name"; then the right name.
    pub typed: Vec<Answer>,
    pub cold: Answer,
    /// Successive answers to a failed step; then `CleanupReview`.
    pub on_failure: Vec<Answer>,
    pub cleanup: Cleanup,
    /// The answer to a repair's choice.
    pub repair: Answer,
    /// Called with the live table's name when a repair asks its choice
    /// (someone writing to the table meanwhile).
    pub on_repair_choice: Option<OnChoice>,
    /// Backups whose name starts with this are deleted behind the engine's
    /// back when a step fails (someone else cleaning up meanwhile).
    pub delete_backups_on_failure: Option<&'static str>,
    /// Called when a step starts running (first time and on each retry).
    pub on_start: Option<OnStart>,
    pub context: RunContext,
}

impl Default for Operator {
    fn default() -> Self {
        Self {
            remove_protection: Answer::Yes,
            typed: Vec::new(),
            cold: Answer::Yes,
            on_failure: Vec::new(),
            cleanup: Cleanup::All,
            repair: Answer::Repair(crate::repair::RepairChoices::default()),
            on_repair_choice: None,
            delete_backups_on_failure: None,
            on_start: None,
            context: context(),
        }
    }
}

impl Operator {
    /// Injects `error` into the next call of `method` when step `index` starts.
    pub fn failing(index: usize, method: &'static str) -> Self {
        let mut armed = true;
        Self {
            on_start: Some(Box::new(move |sb, i, _| {
                if i == index && armed {
                    armed = false;
                    sb.fail_next(method, injected());
                }
            })),
            ..Self::default()
        }
    }
}

/// The cleanup review as the operator saw it.
#[derive(Debug)]
pub struct Review {
    pub items: Vec<CleanupItem>,
    /// Names of the tables and backups that appeared since the run started.
    pub appeared: BTreeSet<String>,
}

#[derive(Debug)]
pub struct Report {
    pub plan: Plan,
    /// `resources` before the run.
    pub before: BTreeSet<String>,
    pub steps: Vec<StepPlan>,
    pub statuses: Vec<StepStatus>,
    pub questions: Vec<Question>,
    /// Every Running event: (step, progress, detail).
    pub running: Vec<(usize, Option<f64>, Option<String>)>,
    pub reviews: Vec<Review>,
    /// What each comparison step found.
    pub comparisons: Vec<crate::workflow::Comparison>,
    pub outcome: Outcome,
}

impl Report {
    pub fn status_of(&self, index: usize) -> &StepStatus {
        &self.statuses[index]
    }

    pub fn assert_all_done(&self) {
        for (i, s) in self.statuses.iter().enumerate() {
            assert!(
                matches!(s, StepStatus::Done { .. }),
                "step {i} ({}) is {s:?}",
                self.steps[i].title
            );
        }
    }

    pub fn asked(&self, pred: impl Fn(&Question) -> bool) -> usize {
        self.questions.iter().filter(|q| pred(q)).count()
    }
}

/// Tables and backups that exist now, as `table:{name}` and `backup:{name}`
/// (a duplicate table and its backup share a name).
pub async fn resources(sb: &Sandbox) -> BTreeSet<String> {
    let tables = sb
        .list_tables()
        .await
        .unwrap()
        .into_iter()
        .map(|t| format!("table:{t}"));
    let backups = sb
        .list_backups(None)
        .await
        .unwrap()
        .into_iter()
        .map(|b| format!("backup:{}", b.name));
    tables.chain(backups).collect()
}

/// The cleanup item as `resources` names it.
pub fn resource_of(item: &CleanupItem) -> String {
    match item.kind {
        CleanupKind::DuplicateTable => format!("table:{}", item.name),
        CleanupKind::OriginalBackup | CleanupKind::DuplicateBackup => {
            format!("backup:{}", item.name)
        }
    }
}

pub async fn drive(sb: &Arc<Sandbox>, op: Operation, mut operator: Operator) -> Report {
    let plan = plan(&op, Utc::now());
    let before = resources(sb).await;
    let backend: Arc<dyn Backend> = sb.clone();
    let (tx, mut rx) = mpsc::unbounded_channel();
    let task = tokio::spawn(run(backend, plan.clone(), operator.context.clone(), tx));
    let mut steps = plan.steps.clone();
    let mut statuses = vec![StepStatus::Pending; steps.len()];
    let mut questions = Vec::new();
    let mut running = Vec::new();
    let mut reviews = Vec::new();
    let mut typed = operator.typed.clone().into_iter();
    let mut on_failure = operator.on_failure.clone().into_iter();
    let mut outcome = None;
    let mut comparisons = Vec::new();
    while let Some(event) = rx.recv().await {
        match event {
            WorkflowEvent::Step { job, index, status } => {
                assert_eq!(job, operator.context.job);
                if let StepStatus::Running {
                    progress, detail, ..
                } = &status
                {
                    running.push((index, *progress, detail.clone()));
                    let starting = !matches!(statuses[index], StepStatus::Running { .. });
                    if starting && let Some(hook) = operator.on_start.as_mut() {
                        hook(sb, index, &steps[index]);
                    }
                }
                statuses[index] = status;
            }
            WorkflowEvent::StepAdded { index, step, .. } => {
                assert!(index <= steps.len());
                steps.insert(index, *step);
                statuses.insert(index, StepStatus::Pending);
            }
            WorkflowEvent::Ask {
                question, reply, ..
            } => {
                questions.push(question.clone());
                let answer = match &question {
                    Question::RemoveDeletionProtection { .. } => operator.remove_protection.clone(),
                    Question::TypeTableName { table, .. } => {
                        typed.next().unwrap_or_else(|| Answer::Typed(table.clone()))
                    }
                    Question::ColdRestore { .. } => operator.cold.clone(),
                    Question::StepFailed { .. } => {
                        if let Some(prefix) = operator.delete_backups_on_failure {
                            for b in sb.list_backups(None).await.unwrap() {
                                if b.name.starts_with(prefix) {
                                    sb.delete_backup(&b.arn).await.unwrap();
                                }
                            }
                        }
                        on_failure.next().unwrap_or(Answer::CleanupReview)
                    }
                    Question::RepairChoice(q) => {
                        if let Some(f) = &operator.on_repair_choice {
                            f(sb.clone(), q.table.clone()).await;
                        }
                        operator.repair.clone()
                    }
                    Question::CleanupReview { items } => {
                        let now = resources(sb).await;
                        reviews.push(Review {
                            items: items.clone(),
                            appeared: now.difference(&before).cloned().collect(),
                        });
                        match operator.cleanup {
                            Cleanup::All => {
                                Answer::Delete(items.iter().map(|i| i.id.clone()).collect())
                            }
                            Cleanup::Nothing => Answer::Delete(Vec::new()),
                            Cleanup::Cancel => Answer::Cancel,
                        }
                    }
                };
                if answer == Answer::Cancel {
                    drop(reply);
                } else {
                    let _ = reply.send(answer);
                }
            }
            WorkflowEvent::Compared { job, comparison } => {
                assert_eq!(job, operator.context.job);
                comparisons.push(*comparison);
            }
            WorkflowEvent::Finished { job, outcome: o } => {
                assert_eq!(job, operator.context.job);
                outcome = Some(o);
            }
        }
    }
    let returned = task.await.unwrap();
    let outcome = outcome.expect("no Finished event");
    assert_eq!(returned, outcome);
    Report {
        plan,
        before,
        steps,
        statuses,
        questions,
        running,
        reviews,
        comparisons,
        outcome,
    }
}
