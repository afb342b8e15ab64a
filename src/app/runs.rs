//! Our own operations, as the Jobs pane shows them: each run's checklist,
//! folded from the engine's step events.

use chrono::{DateTime, Utc};

use crate::workflow::{JobId, Outcome, Plan, Question, StepPlan, StepStatus};

#[derive(Debug, Clone)]
pub struct RunView {
    pub job: JobId,
    pub label: &'static str,
    pub table: String,
    pub steps: Vec<(StepPlan, StepStatus)>,
    pub started: DateTime<Utc>,
    pub outcome: Option<Outcome>,
    /// A question of this run waits for the operator.
    pub asking: bool,
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
            started,
            outcome: None,
            asking: false,
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
        }
    }

    pub fn done_steps(&self) -> usize {
        self.steps
            .iter()
            .filter(|(_, s)| matches!(s, StepStatus::Done { .. }))
            .count()
    }

    /// One line for the run's header row.
    pub fn summary(&self) -> String {
        match &self.outcome {
            None if self.asking => "waiting for you".to_owned(),
            None => format!("running {}/{}", self.done_steps(), self.steps.len()),
            Some(Outcome::Completed { .. }) => "completed".to_owned(),
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
    /// For a cleanup review: which items are ticked.
    pub checked: Vec<bool>,
    pub error: Option<String>,
}

impl QuestionModal {
    pub fn new(job: JobId, question: Question) -> Self {
        let checked = match &question {
            Question::CleanupReview { items } => items.iter().map(|i| i.deletable).collect(),
            _ => Vec::new(),
        };
        Self {
            job,
            question,
            input: tui_input::Input::default(),
            cursor: 0,
            checked,
            error: None,
        }
    }
}
