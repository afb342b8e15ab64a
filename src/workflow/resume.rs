//! Resuming an interrupted run from its journal: the steps it finished stay
//! finished, the ledger (what it created, with ARNs) comes back, and the
//! step it was in when it stopped is first checked against the account, so
//! a call that may have been sent is never sent twice. A run the operator
//! had stopped goes to its cleanup review instead.

use std::time::Duration;

use super::action::StepAction;
use super::event::{Outcome, StepStatus};
use super::journal::{JournalFile, Record, StepState};
use super::run::Review;
use super::runner::Runner;
use super::steps::probe::{Interrupted, look};

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
                    remaining: self.env().remaining().await,
                };
            }
            Some((action, StepState::Started | StepState::Accepted { .. })) => {
                self.reconcile(first, &action, file).await;
            }
            _ => {}
        }
        self.run_from(first).await
    }

    /// Puts into the ledger what the step may have started before the
    /// interruption, as the account shows it through the step's probe, so
    /// running it again only waits for it.
    async fn reconcile(&mut self, index: usize, action: &StepAction, file: &JournalFile) {
        let probe = action.probe();
        let seen = look(self.backend.as_ref(), [&probe.touches], &self.ledger).await;
        let at = Interrupted { file, step: index };
        probe.reconcile(&seen, &at, &mut self.ledger);
        self.note(Record::Accepted {
            step: index,
            api: "reconciled after the interruption".to_owned(),
            resource: String::new(),
            ledger: self.ledger.clone(),
        });
    }
}
