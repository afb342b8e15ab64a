//! Keys inside dialogs: the operation wizard, a run's question, quitting.
//! Every key is looked up in the keymap's dialog layer (`[keys.dialog]`),
//! except the menu's digits, which are the operations' numbers. Text fields
//! take characters as text, so only a key that types nothing confirms or
//! cancels there.

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use tui_input::Input;
use tui_input::backend::crossterm::EventHandler;

use super::ops;
use super::refusal::refusal;
use super::runs::{QuestionModal, RunView};
use super::state::{Modal, State};
use super::wizard::Wizard;
use super::{Action, Command, DialogAction};
use crate::workflow::{Answer, OpKind, Operation, Question};

pub fn on_key(state: &mut State, key: KeyEvent) -> Vec<Command> {
    match state.view.modal.take() {
        Some(Modal::Wizard(w)) => wizard(state, w, key),
        Some(Modal::Question(q)) => question(state, q, key),
        Some(Modal::Waiting { job }) => {
            state.view.modal = Some(Modal::Waiting { job });
            // Only quitting gets through; everything else waits for the run.
            match state.keymap.action_for(&key) {
                Some(Action::Quit) => super::apply::apply(state, Action::Quit),
                _ => Vec::new(),
            }
        }
        Some(Modal::ConfirmQuit) => {
            if state.keymap.means(&key, DialogAction::Yes) {
                state.view.should_quit = true;
            } else {
                state.view.modal = None;
            }
            Vec::new()
        }
        other => {
            state.view.modal = other;
            Vec::new()
        }
    }
}

fn list_move(state: &State, cursor: &mut usize, len: usize, key: &KeyEvent) {
    if state.keymap.means(key, DialogAction::Up) {
        *cursor = cursor.saturating_sub(1);
    } else if state.keymap.means(key, DialogAction::Down) {
        *cursor = (*cursor + 1).min(len.saturating_sub(1));
    }
}

/// A key that types a character into a text field.
fn types(key: &KeyEvent) -> bool {
    matches!(key.code, KeyCode::Char(_)) && !key.modifiers.contains(KeyModifiers::CONTROL)
}

/// `key` means `action` in a text field: a key that types never does.
pub(super) fn means_in_field(state: &State, key: &KeyEvent, action: DialogAction) -> bool {
    !types(key) && state.keymap.means(key, action)
}

fn type_into(input: &mut Input, key: KeyEvent) {
    input.handle_event(&crossterm::event::Event::Key(key));
}

fn wizard(state: &mut State, w: Wizard, key: KeyEvent) -> Vec<Command> {
    let in_field = matches!(
        w,
        Wizard::EnterTime { .. } | Wizard::EnterName { .. } | Wizard::EnterDays { .. }
    );
    let means = |action| {
        if in_field {
            means_in_field(state, &key, action)
        } else {
            state.keymap.means(&key, action)
        }
    };
    if means(DialogAction::Cancel) {
        return Vec::new();
    }
    let confirm = means(DialogAction::Confirm);
    let now = state.now;
    let next = match w {
        Wizard::Menu { table, mut cursor } => {
            let chosen = match key.code {
                KeyCode::Char(c @ '1'..='8') => Some(c as usize - '1' as usize),
                _ if confirm => Some(cursor),
                _ => {
                    list_move(state, &mut cursor, OpKind::ALL.len(), &key);
                    None
                }
            };
            match chosen.and_then(|i| OpKind::ALL.get(i).copied()) {
                None => Wizard::Menu { table, cursor },
                Some(kind) => {
                    if let Some(reason) = refusal(state, &table, kind) {
                        state.view.flash = Some(format!("{}: refused, {reason}", kind.label()));
                        Wizard::Menu { table, cursor }
                    } else {
                        match ops::start(state, kind, &table, now) {
                            Ok(next) => next,
                            Err(why) => {
                                state.view.flash = Some(why.to_string());
                                Wizard::Menu { table, cursor }
                            }
                        }
                    }
                }
            }
        }
        Wizard::PickBackup { table, mut cursor } => {
            let backups = state.inventory.recovery.backups_of(&table);
            if confirm {
                match backups.get(cursor) {
                    Some(b) => Wizard::EnterName {
                        kind: OpKind::RestoreFromBackup,
                        source_arn: b.arn.clone(),
                        input: Input::new(format!("{table}-restored")),
                        table,
                        error: None,
                    },
                    None => Wizard::PickBackup { table, cursor },
                }
            } else {
                let len = backups.len();
                list_move(state, &mut cursor, len, &key);
                Wizard::PickBackup { table, cursor }
            }
        }
        Wizard::PickPoint {
            kind,
            table,
            mut cursor,
        } => {
            let points = state.inventory.recovery.points_of(&table);
            if confirm {
                match (points.get(cursor), kind) {
                    (Some(p), OpKind::AwsBackupInPlace) => {
                        let op = Operation::AwsBackupInPlace {
                            table: table.clone(),
                            recovery_point_arn: p.arn.clone(),
                            cold: ops::is_cold(state, &table, &p.arn),
                        };
                        Wizard::Plan {
                            plan: crate::workflow::plan(&op, now),
                        }
                    }
                    (Some(p), _) => Wizard::EnterName {
                        kind,
                        source_arn: p.arn.clone(),
                        input: Input::new(format!("{table}-restored")),
                        table,
                        error: None,
                    },
                    (None, _) => Wizard::PickPoint {
                        kind,
                        table,
                        cursor,
                    },
                }
            } else {
                let len = points.len();
                list_move(state, &mut cursor, len, &key);
                Wizard::PickPoint {
                    kind,
                    table,
                    cursor,
                }
            }
        }
        Wizard::EnterTime {
            table,
            mut input,
            error,
        } => {
            if confirm {
                match ops::pitr_target(state, &table, input.value()) {
                    Ok(at) => Wizard::Plan {
                        plan: crate::workflow::plan(&Operation::PitrInPlace { table, at }, now),
                    },
                    Err(e) => Wizard::EnterTime {
                        table,
                        input,
                        error: Some(e.to_string()),
                    },
                }
            } else {
                type_into(&mut input, key);
                let error = if input.value().is_empty() {
                    error
                } else {
                    None
                };
                Wizard::EnterTime {
                    table,
                    input,
                    error,
                }
            }
        }
        Wizard::EnterName {
            kind,
            table,
            source_arn,
            mut input,
            ..
        } if !confirm => {
            type_into(&mut input, key);
            Wizard::EnterName {
                kind,
                table,
                source_arn,
                input,
                error: None,
            }
        }
        Wizard::EnterName {
            kind,
            table,
            source_arn,
            input,
            ..
        } => match ops::new_table_name(state, input.value()) {
            Ok(target) => {
                let op = match kind {
                    OpKind::RestoreFromBackup => Operation::RestoreFromBackup {
                        backup_arn: source_arn,
                        target,
                    },
                    _ => Operation::RestoreFromRecoveryPoint {
                        recovery_point_arn: source_arn,
                        target,
                    },
                };
                Wizard::Plan {
                    plan: crate::workflow::plan(&op, now),
                }
            }
            Err(e) => Wizard::EnterName {
                kind,
                table,
                source_arn,
                input,
                error: Some(e.to_string()),
            },
        },
        Wizard::EnterDays {
            table, mut input, ..
        } if !confirm => {
            type_into(&mut input, key);
            Wizard::EnterDays {
                table,
                input,
                error: None,
            }
        }
        Wizard::EnterDays { table, input, .. } => match ops::recovery_days(input.value()) {
            Ok(days) => Wizard::Plan {
                plan: crate::workflow::plan(
                    &Operation::EnablePitr {
                        table,
                        recovery_period_days: days,
                    },
                    now,
                ),
            },
            Err(e) => Wizard::EnterDays {
                table,
                input,
                error: Some(e.to_string()),
            },
        },
        Wizard::Fallback { table, yes } => {
            let keymap = &state.keymap;
            if keymap.means(&key, DialogAction::Yes) {
                Wizard::Fallback { table, yes: true }
            } else if keymap.means(&key, DialogAction::No) {
                Wizard::Fallback { table, yes: false }
            } else if keymap.means(&key, DialogAction::Switch) {
                Wizard::Fallback { table, yes: !yes }
            } else if confirm {
                Wizard::Plan {
                    plan: crate::workflow::plan(
                        &Operation::DeleteTable {
                            table,
                            fallback_backup: yes,
                        },
                        now,
                    ),
                }
            } else {
                Wizard::Fallback { table, yes }
            }
        }
        Wizard::Plan { plan } => {
            if !confirm {
                state.view.modal = Some(Modal::Wizard(Wizard::Plan { plan }));
                return Vec::new();
            }
            let table = crate::workflow::table_of(&plan.operation).to_owned();
            if let Some(reason) = refusal(state, &table, plan.operation.kind()) {
                state.view.flash = Some(format!("refused: {reason}"));
                state.view.modal = Some(Modal::Wizard(Wizard::Plan { plan }));
                return Vec::new();
            }
            let job = state.runs.next_job;
            state.runs.next_job += 1;
            state.runs.ours.insert(0, RunView::new(job, &plan, now));
            state.view.focus = super::Pane::Jobs;
            state.view.jobs_cursor = 0;
            return vec![Command::StartRun { job, plan }];
        }
    };
    state.view.modal = Some(Modal::Wizard(next));
    Vec::new()
}

fn question(state: &mut State, mut q: QuestionModal, key: KeyEvent) -> Vec<Command> {
    let keymap = &state.keymap;
    let means = |action| keymap.means(&key, action);
    let typing = matches!(q.question, Question::TypeTableName { .. });
    let cancel = if typing {
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
        Question::CleanupReview { items } if confirm => Some(Answer::Delete(
            items
                .iter()
                .zip(&q.checked)
                .filter(|(i, c)| **c && i.deletable)
                .map(|(i, _)| i.id.clone())
                .collect(),
        )),
        Question::CleanupReview { items } if means(DialogAction::Tick) => {
            if let (Some(item), Some(c)) = (items.get(q.cursor), q.checked.get_mut(q.cursor)) {
                *c = item.deletable && !*c;
            }
            None
        }
        Question::CleanupReview { items } => {
            let len = items.len();
            list_move(state, &mut q.cursor, len, &key);
            None
        }
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
