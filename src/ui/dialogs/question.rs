//! A run's questions: removing deletion protection, typing the table's
//! name to delete it, a cold restore, a failed step. The cleanup review is
//! in `cleanup.rs`, a repair's choice in `repair_choice.rs`.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};

use super::parts::{frame_box, input_line, key, paragraph};
use crate::app::DialogAction::{Cancel, Confirm, Leave, No, Retry, Review, Yes};
use crate::app::{QuestionModal, State};
use crate::domain::time::human_duration;
use crate::ui::theme;
use crate::workflow::{JobId, Question, protection_consequence};

pub fn draw(frame: &mut Frame, area: Rect, state: &State, q: &QuestionModal) {
    match &q.question {
        Question::RemoveDeletionProtection {
            table,
            fallback,
            restored_after,
        } => yes_or_stop(
            frame,
            area,
            state,
            "❗ Deletion protection",
            "remove and continue",
            vec![
                Line::from(format!("{table} has deletion protection on.")),
                Line::from("Remove it so the table can be deleted and continue the recovery?"),
                Line::from(Span::styled(
                    protection_consequence(fallback.as_deref(), *restored_after),
                    theme::dim(),
                )),
            ],
        ),
        Question::TypeTableName { table, mistyped } => {
            let inner = frame_box(
                frame,
                area,
                80,
                9,
                &format!("❗ Confirm DELETION of {table}"),
                &format!(
                    "{} confirm · {} stop",
                    key(state, Confirm),
                    key(state, Cancel)
                ),
                true,
            );
            let mut lines = vec![Line::from(format!(
                "Type the table's name to delete {table}:"
            ))];
            lines.extend(input_line(">", q.input.value(), &q.error));
            if let Some(wrong) = mistyped {
                lines.push(Line::from(Span::styled(
                    format!("'{wrong}' is not {table}: nothing was deleted. Try again."),
                    theme::bad(),
                )));
            }
            paragraph(frame, inner, lines);
        }
        Question::ColdRestore { estimate } => {
            let took = human_duration(chrono::Duration::from_std(*estimate).unwrap_or_default());
            yes_or_stop(
                frame,
                area,
                state,
                "⛄ Cold storage",
                "yes, expect hours",
                vec![
                    Line::from("This recovery point is in cold storage."),
                    Line::from(format!("A restore from it takes about {took}.")),
                    Line::from("Start it anyway?"),
                ],
            )
        }
        Question::StepFailed { step, title, error } => {
            let inner = frame_box(
                frame,
                area,
                96,
                10,
                &format!("✘ Step {} failed", step_number(state, q.job, *step)),
                &format!(
                    "{} retry · {} cleanup review · {} leave as is",
                    key(state, Retry),
                    key(state, Review),
                    key(state, Leave)
                ),
                true,
            );
            paragraph(
                frame,
                inner,
                vec![
                    Line::from(Span::styled(title.clone(), theme::title())),
                    Line::from(Span::styled(error.clone(), theme::bad())),
                    Line::from(""),
                    Line::from(
                        "Nothing after this step has run. Retry it, review what this run created, or leave everything as it is.",
                    ),
                ],
            );
        }
        Question::CleanupReview { items } => super::cleanup::draw(frame, area, state, q, items),
        Question::RepairChoice(r) => super::repair_choice::draw(frame, area, state, q, r),
    }
}

/// A question whose answers are go on (`Yes`, labelled `yes`) or stop
/// (`No` and `Cancel`): a danger box of `lines` titled `title`.
fn yes_or_stop(
    frame: &mut Frame,
    area: Rect,
    state: &State,
    title: &str,
    yes: &str,
    lines: Vec<Line<'static>>,
) {
    let hints = format!(
        "{} {yes} · {} stop · {} stop",
        key(state, Yes),
        key(state, No),
        key(state, Cancel)
    );
    let inner = frame_box(frame, area, 80, 8, title, &hints, true);
    paragraph(frame, inner, lines);
}

/// The number the Jobs pane shows for step `index` of run `job`.
fn step_number(state: &State, job: JobId, index: usize) -> String {
    state
        .runs
        .ours
        .iter()
        .find(|r| r.job == job)
        .map_or_else(|| (index + 1).to_string(), |r| r.step_number(index))
}
