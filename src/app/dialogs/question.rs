//! A run's questions: removing deletion protection, a cold restore, typing
//! the table's name to delete it, a failed step (the cleanup review's keys
//! are in `cleanup.rs`, a repair's choice's in `repair_choice.rs`). Cancel is always the safe answer. Once answered,
//! the answer goes to the run and keys wait for it while it is active.

use crossterm::event::KeyEvent;

use super::field::{means_in_field, type_into};
use super::{cleanup, repair_choice};
use crate::app::runs::QuestionModal;
use crate::app::state::{Modal, State};
use crate::app::{Command, DialogAction};
use crate::workflow::{Answer, Question};

pub(super) fn on_key(state: &mut State, mut q: QuestionModal, key: KeyEvent) -> Vec<Command> {
    let keymap = &state.keymap;
    let means = |action| keymap.means(&key, action);
    // In a repair's filter field, cancel clears the filter (its own keys).
    let typing = matches!(q.question, Question::TypeTableName { .. }) || q.filtering;
    let cancel = if q.filtering {
        false
    } else if typing {
        means_in_field(state, &key, DialogAction::Cancel)
    } else {
        means(DialogAction::Cancel)
    };
    let confirm = if typing {
        means_in_field(state, &key, DialogAction::Confirm)
    } else {
        means(DialogAction::Confirm)
    };
    let answer = match &q.question {
        _ if cancel => Some(match q.question {
            // Cancel keeps everything in a review; elsewhere it stops the run safely.
            Question::CleanupReview { .. } => Answer::Delete(Vec::new()),
            Question::StepFailed { .. } => Answer::LeaveAsIs,
            _ => Answer::Cancel,
        }),
        Question::RemoveDeletionProtection { .. } | Question::ColdRestore { .. } => {
            if means(DialogAction::Yes) {
                Some(Answer::Yes)
            } else if means(DialogAction::No) {
                Some(Answer::No)
            } else {
                None
            }
        }
        Question::TypeTableName { .. } if confirm => {
            let typed = q.input.value().trim().to_owned();
            if typed.is_empty() {
                q.error = Some(format!(
                    "type the table's name to confirm, or {} to stop",
                    keymap.dialog_key(DialogAction::Cancel)
                ));
                None
            } else {
                Some(Answer::Typed(typed))
            }
        }
        Question::TypeTableName { .. } => {
            type_into(&mut q.input, key);
            q.error = None;
            None
        }
        Question::StepFailed { .. } => {
            if means(DialogAction::Retry) {
                Some(Answer::Retry)
            } else if means(DialogAction::Review) {
                Some(Answer::CleanupReview)
            } else if means(DialogAction::Leave) {
                Some(Answer::LeaveAsIs)
            } else {
                None
            }
        }
        Question::RepairChoice(r) => repair_choice::answer(
            state,
            r,
            repair_choice::Marks {
                input: &mut q.input,
                cursor: &mut q.cursor,
                checked: &mut q.checked,
                error: &mut q.error,
                filtering: &mut q.filtering,
            },
            key,
            confirm,
        ),
        Question::CleanupReview { items } => cleanup::answer(
            state,
            items,
            cleanup::Marks {
                checked: &mut q.checked,
                cursor: &mut q.cursor,
                error: &mut q.error,
            },
            &key,
            confirm,
        ),
    };
    match answer {
        None => {
            state.view.modal = Some(Modal::Question(q));
            Vec::new()
        }
        Some(answer) => {
            if let Some(run) = state.runs.ours.iter_mut().find(|r| r.job == q.job) {
                run.asking = false;
                if run.is_active() {
                    state.view.modal = Some(Modal::Waiting { job: q.job });
                }
            }
            vec![Command::Answer { job: q.job, answer }]
        }
    }
}
