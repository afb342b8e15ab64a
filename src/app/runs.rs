//! Our own operations, as the Jobs pane shows them: each run's checklist,
//! folded from the engine's step events.

use chrono::{DateTime, Utc};

use crate::workflow::{
    Comparison, JobId, Outcome, Plan, Question, StepAction, StepPlan, StepStatus,
};

#[derive(Debug, Clone)]
pub struct RunView {
    pub job: JobId,
    pub label: &'static str,
    pub table: String,
    pub steps: Vec<(StepPlan, StepStatus)>,
    /// Beside each step: whether the run added it while it ran (not in the
    /// plan the operator read).
    added: Vec<bool>,
    pub started: DateTime<Utc>,
    /// The plan's stamp: with the table and job, its journal's name.
    pub stamp: DateTime<Utc>,
    /// When the run finished: its clock stops there.
    pub ended: Option<DateTime<Utc>>,
    pub outcome: Option<Outcome>,
    /// A question of this run waits for the operator.
    pub asking: bool,
    /// A restore into a new table: the table its copy was taken of.
    pub restored_from: Option<String>,
    /// What a comparison found, once it has.
    pub comparison: Option<Comparison>,
}

impl RunView {
    pub fn new(job: JobId, plan: &Plan, started: DateTime<Utc>) -> Self {
        Self {
            job,
            label: plan.operation.label(),
            table: crate::workflow::table_of(&plan.operation).to_string(),
            steps: plan
                .steps
                .iter()
                .cloned()
                .map(|s| (s, StepStatus::Pending))
                .collect(),
            added: vec![false; plan.steps.len()],
            started,
            stamp: plan.stamp,
            ended: None,
            outcome: None,
            asking: false,
            restored_from: plan
                .operation
                .restored_from()
                .map(|(_, source)| source.to_owned()),
            comparison: None,
        }
    }

    pub fn is_active(&self) -> bool {
        self.outcome.is_none()
    }

    pub fn set_step(&mut self, index: usize, status: StepStatus) {
        if let Some(step) = self.steps.get_mut(index) {
            step.1 = status;
        }
    }

    pub fn add_step(&mut self, index: usize, step: StepPlan) {
        // Added at the end (cleanup) or inserted after the running step
        // (settings re-applied).
        if index <= self.steps.len() {
            self.steps.insert(index, (step, StepStatus::Pending));
            self.added.insert(index.min(self.added.len()), true);
        }
    }

    /// The run's clock: now while it runs, its end once it has finished,
    /// so a finished run's times (its own, a step left running) stay put.
    pub fn clock(&self, now: DateTime<Utc>) -> DateTime<Utc> {
        self.ended.unwrap_or(now)
    }

    /// How long the run has taken: so far, or in all once finished.
    pub fn elapsed(&self, now: DateTime<Utc>) -> chrono::Duration {
        self.clock(now) - self.started
    }

    /// The run finished at `at`, with `outcome`.
    pub fn finish(&mut self, outcome: Outcome, at: DateTime<Utc>) {
        self.asking = false;
        self.outcome = Some(outcome);
        self.ended.get_or_insert(at);
    }

    /// The number the checklist shows for the step at `index`. A planned
    /// step keeps the number the plan showed it with; a step the run added
    /// is numbered under the planned step above it (`9.1`, `9.2` for the
    /// settings re-applied after step 9, `13.1` for a deletion the review,
    /// step 13, added), so a number never changes meaning mid-run.
    pub fn step_number(&self, index: usize) -> String {
        let (mut planned, mut sub) = (0, 0);
        for added in self.added.iter().take(index + 1) {
            if *added {
                sub += 1;
            } else {
                planned += 1;
                sub = 0;
            }
        }
        if sub == 0 {
            planned.to_string()
        } else {
            format!("{planned}.{sub}")
        }
    }

    /// Steps done and in all, among the planned steps (`added: false`) or
    /// among those the run added (`added: true`).
    fn progress(&self, added: bool) -> (usize, usize) {
        let steps = self
            .steps
            .iter()
            .zip(&self.added)
            .filter(|(_, a)| **a == added);
        steps.fold((0, 0), |(done, all), ((_, s), _)| {
            (
                done + usize::from(matches!(s, StepStatus::Done { .. })),
                all + 1,
            )
        })
    }

    /// What is left of a running run by its steps' estimates: every pending
    /// step's, and the running step's rest (by its percent when AWS reports
    /// one, else its estimate less the time it has taken). None once it
    /// has finished, or while it waits for the operator (no clock runs
    /// then but theirs).
    pub fn remaining(&self, now: DateTime<Utc>) -> Option<std::time::Duration> {
        if !self.is_active() || self.asking {
            return None;
        }
        let mut left = std::time::Duration::ZERO;
        for (plan, status) in &self.steps {
            left += match status {
                StepStatus::Pending => plan.estimate,
                StepStatus::Running {
                    started, progress, ..
                } => {
                    let took = (now - *started).to_std().unwrap_or_default();
                    match progress {
                        Some(p) if *p > 0.0 && *p < 100.0 => took.mul_f64((100.0 - p) / p),
                        _ => plan.estimate.saturating_sub(took),
                    }
                }
                _ => std::time::Duration::ZERO,
            };
        }
        Some(left)
    }

    /// What quitting now leaves behind, for the quit dialog: the step it
    /// stops at, where the data is, and AWS work that goes on without the
    /// console.
    pub fn if_quit_now(&self) -> Vec<String> {
        use crate::workflow::StepAction as A;
        let mut notes = Vec::new();
        let at = self
            .steps
            .iter()
            .position(|(_, s)| !matches!(s, StepStatus::Done { .. } | StepStatus::Skipped { .. }));
        let current = at.and_then(|i| self.steps.get(i).map(|s| (i, s)));
        if let Some((i, (step, status))) = current {
            let running = matches!(status, StepStatus::Running { .. });
            notes.push(format!(
                "{} step {}: {}",
                if running { "stops in" } else { "stops before" },
                self.step_number(i),
                step.title
            ));
        }
        // A table this run deleted and has not restored yet.
        let done = |i: usize| matches!(self.steps[i].1, StepStatus::Done { .. });
        for (i, (plan, _)) in self.steps.iter().enumerate() {
            let A::DeleteTable { table } = &plan.action else {
                continue;
            };
            let restored = self
                .steps
                .iter()
                .enumerate()
                .skip(i + 1)
                .any(|(j, (p, _))| {
                    done(j)
                        && matches!(&p.action,
                        A::RestoreFromRunBackup { target, .. }
                        | A::RestoreFromBackup { target, .. }
                        | A::RestoreFromRecoveryPoint { target, .. } if target == table)
                });
            if done(i) && !restored {
                notes.push(format!(
                    "{table} does not exist now (deleted in step {}); its fallback backup is kept",
                    self.step_number(i)
                ));
            }
        }
        if let Some((_, (step, StepStatus::Running { .. }))) = current {
            let goes_on = match &step.action {
                A::Duplicate { target, .. }
                | A::RestoreFromRunBackup { target, .. }
                | A::RestoreFromBackup { target, .. }
                | A::RestoreFromRecoveryPoint { target, .. } => Some(format!(
                    "AWS goes on restoring {target} without this console"
                )),
                A::BackUp { backup_name, .. } => {
                    Some(format!("AWS goes on creating the backup {backup_name}"))
                }
                _ => None,
            };
            notes.extend(goes_on);
        }
        notes
    }

    /// What a repair (or its undo) wrote, from its write step's line:
    /// `wrote 64 of 64; no conflict`.
    fn repair_line(&self) -> Option<&str> {
        self.steps
            .iter()
            .find_map(|(plan, status)| match (&plan.action, status) {
                (
                    StepAction::RepairWrite { .. } | StepAction::UndoRepair { .. },
                    StepStatus::Done {
                        detail: Some(d), ..
                    },
                ) => Some(d.as_str()),
                (StepAction::RepairWrite { .. }, StepStatus::Skipped { why }) => Some(why.as_str()),
                _ => None,
            })
    }

    /// One line for the run's header row.
    pub fn summary(&self) -> String {
        match &self.outcome {
            None if self.asking => "waiting for you".to_owned(),
            None => {
                // Counted against the plan the operator read; what the run
                // added is counted apart, so `7/13` stays out of 13.
                let (done, all) = self.progress(false);
                let mut text = format!("running {done}/{all}");
                let (done, all) = self.progress(true);
                if all > 0 {
                    text.push_str(&format!(" · added {done}/{all}"));
                }
                text
            }
            Some(Outcome::Completed { .. }) => match (&self.comparison, self.repair_line()) {
                (Some(c), _) => c.headline(),
                (None, Some(line)) => format!("completed · {line}"),
                (None, None) => "completed".to_owned(),
            },
            Some(Outcome::Refused { reason }) => format!("refused: {reason}"),
            Some(Outcome::Cancelled { reason, .. }) => format!("stopped: {reason}"),
            Some(Outcome::Failed { error, .. }) => format!("failed: {error}"),
        }
    }
}

/// A question on screen: the modal's own input, choice and checkboxes.
#[derive(Debug, Clone)]
pub struct QuestionModal {
    pub job: JobId,
    pub question: Question,
    pub input: tui_input::Input,
    pub cursor: usize,
    /// For a cleanup review: which items are ticked; for a repair's
    /// choice, which classes are written back (`RepairClass::ALL`'s order).
    pub checked: Vec<bool>,
    pub error: Option<String>,
    /// For a repair's choice: keys type into the filter (`input`).
    pub filtering: bool,
}

impl QuestionModal {
    pub fn new(job: JobId, question: Question) -> Self {
        let checked = match &question {
            Question::CleanupReview { items } => items.iter().map(|i| i.deletable).collect(),
            Question::RepairChoice(_) => {
                let chosen = crate::repair::RepairChoices::default();
                crate::repair::RepairClass::ALL
                    .iter()
                    .map(|c| chosen.includes(*c))
                    .collect()
            }
            _ => Vec::new(),
        };
        Self {
            job,
            question,
            input: tui_input::Input::default(),
            cursor: 0,
            checked,
            error: None,
            filtering: false,
        }
    }
}
