//! Keys inside dialogs: the operation wizard, a run's question, quitting.
//! Text fields take the keys as text; lists move with arrows and j/k.

use crossterm::event::{KeyCode, KeyEvent};
use tui_input::Input;
use tui_input::backend::crossterm::EventHandler;

use super::ops;
use super::runs::{QuestionModal, RunView};
use super::state::{Modal, State};
use super::wizard::{OpKind, Wizard};
use super::{Action, Command};
use crate::workflow::{Answer, Operation, Question};

pub fn on_key(state: &mut State, key: KeyEvent) -> Vec<Command> {
    match state.modal.take() {
        Some(Modal::Wizard(w)) => wizard(state, w, key),
        Some(Modal::Question(q)) => question(state, q, key),
        Some(Modal::Waiting { job }) => {
            state.modal = Some(Modal::Waiting { job });
            // Only quitting gets through; everything else waits for the run.
            match state.keymap.action_for(&key) {
                Some(Action::Quit) => super::apply::apply(state, Action::Quit),
                _ => Vec::new(),
            }
        }
        Some(Modal::ConfirmQuit) => {
            match key.code {
                KeyCode::Char('y') => state.should_quit = true,
                _ => state.modal = None,
            }
            Vec::new()
        }
        other => {
            state.modal = other;
            Vec::new()
        }
    }
}

fn list_move(cursor: &mut usize, len: usize, key: &KeyEvent) -> bool {
    match key.code {
        KeyCode::Up | KeyCode::Char('k') => *cursor = cursor.saturating_sub(1),
        KeyCode::Down | KeyCode::Char('j') => *cursor = (*cursor + 1).min(len.saturating_sub(1)),
        _ => return false,
    }
    true
}

fn type_into(input: &mut Input, key: KeyEvent) {
    input.handle_event(&crossterm::event::Event::Key(key));
}

fn wizard(state: &mut State, w: Wizard, key: KeyEvent) -> Vec<Command> {
    if key.code == KeyCode::Esc {
        return Vec::new();
    }
    let now = state.now;
    let next = match w {
        Wizard::Menu { table, mut cursor } => {
            let chosen = match key.code {
                KeyCode::Char(c @ '1'..='8') => Some(c as usize - '1' as usize),
                KeyCode::Enter => Some(cursor),
                _ => {
                    list_move(&mut cursor, OpKind::ALL.len(), &key);
                    None
                }
            };
            match chosen.and_then(|i| OpKind::ALL.get(i).copied()) {
                None => Wizard::Menu { table, cursor },
                Some(kind) => {
                    if let Some(reason) = ops::refusal(state, &table, kind) {
                        state.flash = Some(format!("{}: refused, {reason}", kind.label()));
                        Wizard::Menu { table, cursor }
                    } else {
                        match ops::start(state, kind, &table, now) {
                            Ok(next) => next,
                            Err(why) => {
                                state.flash = Some(why);
                                Wizard::Menu { table, cursor }
                            }
                        }
                    }
                }
            }
        }
        Wizard::PickBackup { table, mut cursor } => {
            let backups = state.recovery.backups_of(&table);
            if key.code == KeyCode::Enter {
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
                list_move(&mut cursor, backups.len(), &key);
                Wizard::PickBackup { table, cursor }
            }
        }
        Wizard::PickPoint {
            kind,
            table,
            mut cursor,
        } => {
            let points = state.recovery.points_of(&table);
            if key.code == KeyCode::Enter {
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
                list_move(&mut cursor, points.len(), &key);
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
            if key.code == KeyCode::Enter {
                match ops::pitr_target(state, &table, input.value()) {
                    Ok(at) => Wizard::Plan {
                        plan: crate::workflow::plan(&Operation::PitrInPlace { table, at }, now),
                    },
                    Err(e) => Wizard::EnterTime {
                        table,
                        input,
                        error: Some(e),
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
        } if key.code != KeyCode::Enter => {
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
                error: Some(e),
            },
        },
        Wizard::EnterDays {
            table, mut input, ..
        } if key.code != KeyCode::Enter => {
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
                error: Some(e),
            },
        },
        Wizard::Fallback { table, yes } => match key.code {
            KeyCode::Char('y') => Wizard::Fallback { table, yes: true },
            KeyCode::Char('n') => Wizard::Fallback { table, yes: false },
            KeyCode::Left | KeyCode::Right | KeyCode::Tab | KeyCode::Char(' ') => {
                Wizard::Fallback { table, yes: !yes }
            }
            KeyCode::Enter => Wizard::Plan {
                plan: crate::workflow::plan(
                    &Operation::DeleteTable {
                        table,
                        fallback_backup: yes,
                    },
                    now,
                ),
            },
            _ => Wizard::Fallback { table, yes },
        },
        Wizard::Plan { plan } => {
            if key.code != KeyCode::Enter {
                state.modal = Some(Modal::Wizard(Wizard::Plan { plan }));
                return Vec::new();
            }
            let table = crate::workflow::table_of(&plan.operation).to_owned();
            if let Some(reason) = run_refusal(state, &table) {
                state.flash = Some(format!("refused: {reason}"));
                state.modal = Some(Modal::Wizard(Wizard::Plan { plan }));
                return Vec::new();
            }
            let job = state.next_job;
            state.next_job += 1;
            state.runs.insert(0, RunView::new(job, &plan, now));
            state.focus = super::Pane::Jobs;
            state.jobs_cursor = 0;
            return vec![Command::StartRun { job, plan }];
        }
    };
    state.modal = Some(Modal::Wizard(next));
    Vec::new()
}

/// The last word before a run starts: read-only, or a run on the same table.
fn run_refusal(state: &State, table: &str) -> Option<String> {
    if let Some(reason) = state.header.read_only_reason() {
        return Some(format!("read-only: {reason}"));
    }
    if let Some(r) = state.interrupted.iter().find(|r| r.table == table) {
        return Some(format!(
            "{} on {table} was interrupted: resume (c) or dismiss (x) it in Jobs first",
            r.label
        ));
    }
    state
        .runs
        .iter()
        .find(|r| r.is_active() && r.table == table)
        .map(|r| format!("{} is already running on {table} (job {})", r.label, r.job))
}

fn question(state: &mut State, mut q: QuestionModal, key: KeyEvent) -> Vec<Command> {
    let answer = match (&q.question, key.code) {
        (_, KeyCode::Esc) => Some(match q.question {
            // Esc keeps everything in a review; elsewhere it stops the run safely.
            Question::CleanupReview { .. } => Answer::Delete(Vec::new()),
            Question::StepFailed { .. } => Answer::LeaveAsIs,
            _ => Answer::Cancel,
        }),
        (
            Question::RemoveDeletionProtection { .. } | Question::ColdRestore { .. },
            KeyCode::Char('y'),
        ) => Some(Answer::Yes),
        (
            Question::RemoveDeletionProtection { .. } | Question::ColdRestore { .. },
            KeyCode::Char('n'),
        ) => Some(Answer::No),
        (Question::TypeTableName { .. }, KeyCode::Enter) => {
            let typed = q.input.value().trim().to_owned();
            if typed.is_empty() {
                q.error = Some("type the table's name to confirm, or Esc to stop".into());
                None
            } else {
                Some(Answer::Typed(typed))
            }
        }
        (Question::TypeTableName { .. }, _) => {
            type_into(&mut q.input, key);
            q.error = None;
            None
        }
        (Question::StepFailed { .. }, KeyCode::Char('r')) => Some(Answer::Retry),
        (Question::StepFailed { .. }, KeyCode::Char('c')) => Some(Answer::CleanupReview),
        (Question::StepFailed { .. }, KeyCode::Char('l')) => Some(Answer::LeaveAsIs),
        (Question::CleanupReview { items }, KeyCode::Enter) => Some(Answer::Delete(
            items
                .iter()
                .zip(&q.checked)
                .filter(|(i, c)| **c && i.deletable)
                .map(|(i, _)| i.id.clone())
                .collect(),
        )),
        (Question::CleanupReview { items }, KeyCode::Char(' ')) => {
            if let (Some(item), Some(c)) = (items.get(q.cursor), q.checked.get_mut(q.cursor)) {
                *c = item.deletable && !*c;
            }
            None
        }
        (Question::CleanupReview { items }, _) => {
            let len = items.len();
            list_move(&mut q.cursor, len, &key);
            None
        }
        _ => None,
    };
    match answer {
        None => {
            state.modal = Some(Modal::Question(q));
            Vec::new()
        }
        Some(answer) => {
            if let Some(run) = state.runs.iter_mut().find(|r| r.job == q.job) {
                run.asking = false;
                if run.is_active() {
                    state.modal = Some(Modal::Waiting { job: q.job });
                }
            }
            vec![Command::Answer { job: q.job, answer }]
        }
    }
}
