//! Running a plan: preconditions, then each step in order. A failed step
//! stops the plan and asks what to do; a "no" or a cancel stops it safely;
//! either way the cleanup review shows what the run left behind.

use std::time::Instant;

use chrono::Utc;

use super::action::StepAction;
use super::event::{Outcome, StepStatus};
use super::journal::Record;
use super::operation::Operation;
use super::plan::Plan;
use super::preflight::preflight;
use super::question::{Answer, Question};
use super::runner::{Finish, Halt, Runner, StepCtx, StepResult};
use super::step_error::StepError;
use super::steps::{cleanup_review_plan, enable_protection_plan};

/// How a stopped run asks for its cleanup review.
pub(super) enum Review {
    Offer,
    Skip(String),
}

impl Runner {
    pub(super) async fn run(&mut self, plan: &Plan) -> Outcome {
        for index in 0..self.steps.len() {
            self.status(index, StepStatus::Pending);
        }
        match preflight(self.backend.as_ref(), plan, &self.ctx).await {
            Ok(facts) => {
                self.note(Record::Checked {
                    facts: facts.clone(),
                });
                self.ledger.facts = facts;
            }
            Err(unmet) => {
                let reason = unmet.to_string();
                self.skip_from(0, &format!("not started: {reason}"));
                return Outcome::Refused { reason };
            }
        }
        if let Operation::DeleteTable {
            fallback_backup: false,
            ..
        } = plan.operation
        {
            self.ledger.fallback_declined = true;
        }
        // The plan warned of a cold source it knew of; one it did not
        // (the point went cold since, or the caller did not say) is asked.
        if self.ledger.facts.cold
            && !plan.operation.is_cold()
            && !self.accept_cold_restore(plan).await
        {
            let reason = "cold-storage restore not accepted; nothing was done".to_owned();
            self.skip_from(0, &reason);
            return Outcome::Cancelled {
                step: None,
                reason,
                remaining: Vec::new(),
            };
        }
        self.run_from(0).await
    }

    /// Runs the steps from `first` on (a resumed run starts mid-plan).
    pub(super) async fn run_from(&mut self, first: usize) -> Outcome {
        let mut index = first;
        while let Some(step) = self.steps.get(index) {
            if step.action == StepAction::CleanupReview {
                self.review_and_clean(index).await;
                break;
            }
            match self.run_step(index).await {
                Ok(()) => index += 1,
                Err(Halt::Cancelled(reason)) => {
                    self.stop(index, Review::Offer).await;
                    return Outcome::Cancelled {
                        step: Some(index),
                        reason,
                        remaining: self.env().remaining().await,
                    };
                }
                Err(Halt::Failed(error)) => {
                    let error = error.to_string();
                    let title = self.steps.get(index).map(|s| s.title.clone());
                    let question = Question::StepFailed {
                        step: index,
                        title: title.unwrap_or_default(),
                        error: error.clone(),
                    };
                    let review = match self.ask(question).await {
                        Answer::Retry => continue,
                        Answer::CleanupReview => Review::Offer,
                        _ => Review::Skip("left as is, as asked after the failure".to_owned()),
                    };
                    self.stop(index, review).await;
                    return Outcome::Failed {
                        step: index,
                        error,
                        remaining: self.env().remaining().await,
                    };
                }
            }
        }
        Outcome::Completed {
            remaining: self.env().remaining().await,
        }
    }

    /// The cold-storage question, before anything is done.
    async fn accept_cold_restore(&self, plan: &Plan) -> bool {
        let estimate = plan
            .steps
            .iter()
            .find(|s| matches!(s.action, StepAction::RestoreFromRecoveryPoint { .. }))
            .map(|s| s.estimate)
            .filter(|e| e.as_secs() >= 3 * 3600)
            .unwrap_or(std::time::Duration::from_secs(3 * 3600));
        self.ask(Question::ColdRestore { estimate }).await == Answer::Yes
    }

    /// Runs one step: Running, the action, then Done / Skipped / Failed.
    async fn run_step(&mut self, index: usize) -> Result<(), Halt> {
        let step = StepCtx {
            index,
            started: Utc::now(),
            clock: Instant::now(),
        };
        self.out.current_step = Some(index);
        self.progress(&step, None, None);
        // Lets the UI (and tests) see the step start before its first call.
        tokio::task::yield_now().await;
        let result = match (self.note_intent(index), self.steps.get(index)) {
            (Err(halt), _) => Err(halt),
            (Ok(()), Some(s)) => {
                let action = s.action.clone();
                self.env().execute(&step, &action).await
            }
            (Ok(()), None) => Err(Halt::Failed(StepError::NoSuchStep { number: index + 1 })),
        };
        self.note_result(index, &result);
        self.out.current_step = None;
        let status = match &result {
            Ok(Finish::Done(detail)) => StepStatus::Done {
                took: step.clock.elapsed(),
                detail: detail.clone(),
            },
            Ok(Finish::Skipped(why)) => StepStatus::Skipped { why: why.clone() },
            Err(Halt::Failed(error)) => StepStatus::Failed {
                error: error.to_string(),
            },
            Err(Halt::Cancelled(why)) => StepStatus::Skipped {
                why: format!("cancelled: {why}"),
            },
        };
        self.status(index, status);
        result.map(|_| ())
    }

    /// The review at `index`, then the deletions it added (each on its own:
    /// a failed deletion is reported and the others still run).
    async fn review_and_clean(&mut self, index: usize) {
        let first_added = self.steps.len();
        if self.run_step(index).await.is_err() {
            return;
        }
        for added in first_added..self.steps.len() {
            let _ = self.run_step(added).await;
        }
    }

    /// Skips what follows `index`, then reviews the cleanup if asked and
    /// there is something to review.
    pub(super) async fn stop(&mut self, index: usize, review: Review) {
        let review_at = self
            .steps
            .iter()
            .position(|s| s.action == StepAction::CleanupReview);
        for later in index + 1..self.steps.len() {
            if Some(later) != review_at {
                self.status(
                    later,
                    StepStatus::Skipped {
                        why: format!("not run: the run stopped at step {}", index + 1),
                    },
                );
            }
        }
        self.protect_again().await;
        let at = match review {
            Review::Skip(why) => {
                if let Some(at) = review_at {
                    self.status(at, StepStatus::Skipped { why });
                }
                return;
            }
            Review::Offer if self.ledger.created_names().is_empty() => {
                if let Some(at) = review_at {
                    let why = "this run created nothing to clean up".to_owned();
                    self.status(at, StepStatus::Skipped { why });
                }
                return;
            }
            Review::Offer => match review_at {
                Some(at) => at,
                None => self.add_step(cleanup_review_plan()),
            },
        };
        self.review_and_clean(at).await;
    }

    /// A run that removed deletion protection and stopped before deleting
    /// the table turns it back on, as an added step.
    async fn protect_again(&mut self) {
        for table in self.ledger.left_unprotected() {
            let mut step = enable_protection_plan(&table);
            step.title = format!(
                "Turn deletion protection back on for {table} (the run stopped before deleting it)"
            );
            let index = self.add_step(step);
            let _ = self.run_step(index).await;
        }
    }

    pub(super) fn note_result(&self, step: usize, result: &StepResult) {
        let ledger = self.ledger.clone();
        self.note(match result {
            Ok(Finish::Done(detail)) => Record::Done {
                step,
                detail: detail.clone(),
                ledger,
            },
            Ok(Finish::Skipped(why)) => Record::Skipped {
                step,
                why: why.clone(),
            },
            Err(Halt::Cancelled(why)) => Record::Cancelled {
                step,
                why: why.clone(),
            },
            Err(Halt::Failed(error)) => Record::Failed {
                step,
                error: error.to_string(),
                ledger,
            },
        });
    }

    pub(super) fn skip_from(&self, first: usize, why: &str) {
        for index in first..self.steps.len() {
            self.status(
                index,
                StepStatus::Skipped {
                    why: why.to_owned(),
                },
            );
        }
    }
}
