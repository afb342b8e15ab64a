//! A scripted operator for whole operations over the real `AwsBackend`
//! (moto or smithy-mocks): plans, runs on a spawned task as the UI does,
//! answers every question as told and records what it saw.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
#![allow(dead_code)]

use std::sync::Arc;
use std::time::Duration;

use chrono::Utc;
use dynamo_dr::backend::Backend;
use dynamo_dr::workflow::{
    Answer, CleanupItem, CleanupKind, Operation, Outcome, Plan, Question, RunContext, StepPlan,
    StepStatus, WorkflowEvent, plan, run,
};

/// A whole run may take this long before the test gives up.
const RUN_LIMIT: Duration = Duration::from_secs(120);

pub fn context(vault: &str, role: &str) -> RunContext {
    RunContext {
        job: 11,
        backup_role_arn: role.to_owned(),
        vault: vault.to_owned(),
        step_timeout: Some(Duration::from_secs(60)),
        poll_interval: Duration::from_millis(50),
        journal_dir: None,
        verify: dynamo_dr::verify::VerifyOptions::default(),
        repair: dynamo_dr::repair::RepairOptions::default(),
        scope: None,
    }
}

/// How the cleanup review is answered.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Cleanup {
    /// `Delete` with the id of every deletable item.
    DeleteAll,
    /// `Delete` with no id: keep everything.
    KeepAll,
}

#[derive(Debug)]
pub struct Played {
    pub plan: Plan,
    /// The plan's steps plus the ones added while running.
    pub steps: Vec<StepPlan>,
    pub statuses: Vec<StepStatus>,
    pub questions: Vec<Question>,
    /// Every Running event: (step, progress, detail).
    pub running: Vec<(usize, Option<f64>, Option<String>)>,
    /// The items of each cleanup review.
    pub reviews: Vec<Vec<CleanupItem>>,
    /// What each comparison step found.
    pub comparisons: Vec<dynamo_dr::workflow::Comparison>,
    pub outcome: Outcome,
}

impl Played {
    pub fn assert_all_done(&self) {
        assert_eq!(self.statuses.len(), self.steps.len());
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

    /// The id of the reviewed item of `kind` (the first review).
    pub fn reviewed(&self, kind: CleanupKind) -> &CleanupItem {
        self.reviews
            .first()
            .and_then(|items| items.iter().find(|i| i.kind == kind))
            .unwrap_or_else(|| panic!("no {kind:?} in the review: {:?}", self.reviews))
    }
}

/// Runs `op` as an operator would: Yes to removing deletion protection, the
/// right name when asked to type it, `cleanup` in the review, Yes to a cold
/// restore; a failed step is answered `LeaveAsIs` (and the test sees it).
pub async fn play(
    backend: Arc<dyn Backend>,
    op: Operation,
    ctx: RunContext,
    cleanup: Cleanup,
) -> Played {
    let plan = plan(&op, Utc::now());
    tokio::time::timeout(RUN_LIMIT, play_plan(backend, plan, ctx, cleanup))
        .await
        .expect("the run did not finish in time")
}

pub async fn play_plan(
    backend: Arc<dyn Backend>,
    plan: Plan,
    ctx: RunContext,
    cleanup: Cleanup,
) -> Played {
    play_plan_choosing(
        backend,
        plan,
        ctx,
        cleanup,
        dynamo_dr::repair::RepairChoices::default(),
    )
    .await
}

/// `play_plan`, answering a repair's choice with `choices`.
pub async fn play_plan_choosing(
    backend: Arc<dyn Backend>,
    plan: Plan,
    ctx: RunContext,
    cleanup: Cleanup,
    choices: dynamo_dr::repair::RepairChoices,
) -> Played {
    let job = ctx.job;
    let (tx, mut rx) = tokio::sync::mpsc::unbounded_channel();
    let task = tokio::spawn(run(backend, plan.clone(), ctx, tx));
    let mut steps = plan.steps.clone();
    let mut statuses = vec![StepStatus::Pending; steps.len()];
    let mut questions = Vec::new();
    let mut running = Vec::new();
    let mut reviews = Vec::new();
    let mut comparisons = Vec::new();
    let mut outcome = None;
    while let Some(event) = rx.recv().await {
        match event {
            WorkflowEvent::Step {
                job: j,
                index,
                status,
            } => {
                assert_eq!(j, job);
                if let StepStatus::Running {
                    progress, detail, ..
                } = &status
                {
                    running.push((index, *progress, detail.clone()));
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
                let answer = match question {
                    Question::RemoveDeletionProtection { .. } | Question::ColdRestore { .. } => {
                        Answer::Yes
                    }
                    Question::TypeTableName { table, .. } => Answer::Typed(table),
                    Question::StepFailed { .. } => Answer::LeaveAsIs,
                    Question::RepairChoice(_) => Answer::Repair(choices),
                    Question::CleanupReview { items } => {
                        let ids = match cleanup {
                            Cleanup::DeleteAll => items
                                .iter()
                                .filter(|i| i.deletable)
                                .map(|i| i.id.clone())
                                .collect(),
                            Cleanup::KeepAll => Vec::new(),
                        };
                        reviews.push(items);
                        Answer::Delete(ids)
                    }
                };
                reply.send(answer).unwrap();
            }
            WorkflowEvent::Compared { job: j, comparison } => {
                assert_eq!(j, job);
                comparisons.push(*comparison);
            }
            WorkflowEvent::Finished { job: j, outcome: o } => {
                assert_eq!(j, job);
                outcome = Some(o);
            }
        }
    }
    let returned = task.await.unwrap();
    let outcome = outcome.expect("no Finished event");
    assert_eq!(returned, outcome);
    Played {
        plan,
        steps,
        statuses,
        questions,
        running,
        reviews,
        comparisons,
        outcome,
    }
}
