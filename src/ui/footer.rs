use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use super::fit::fit_line;
use super::theme;
use crate::app::{Action, ChecksState, Pane, State, chosen_copy_of_selection, jobs};

pub fn draw(frame: &mut Frame, area: Rect, state: &State) {
    let mut spans = Vec::new();
    if let Some(msg) = &state.view.flash {
        spans.push(Span::styled(format!(" {msg} "), theme::warn()));
    } else if let Some(err) = state.inventory.load_errors.first() {
        spans.push(Span::styled(format!(" {err} "), theme::bad()));
    } else {
        // The keys of the context, most useful first: the footer is cut
        // (with `…`) on a narrow terminal, never reordered.
        let checks_failed = matches!(&state.header.checks,
            ChecksState::Done(results) if results.iter().any(|r| !r.passed));
        let focus = state.view.focus;
        let on_table = focus != Pane::Jobs && state.inventory.tables.selected_name().is_some();
        let interrupted = focus == Pane::Jobs && jobs::interrupted_under_cursor(state).is_some();
        let mut hints = vec![(Action::Down, "move")];
        if on_table {
            let what = if chosen_copy_of_selection(state) {
                "restore this copy…"
            } else {
                "operations"
            };
            hints.push((Action::Operations, what));
        }
        if interrupted {
            hints.push((Action::Resume, "resume"));
            hints.push((Action::Dismiss, "dismiss"));
        }
        // A finished run, this session's or an earlier one's: its review.
        let finished = focus == Pane::Jobs
            && matches!(
                jobs::rows(state).nth(state.view.jobs_cursor.selected()),
                Some(jobs::JobsRow::Finished(_))
                    | Some(jobs::JobsRow::RunHeader(crate::app::RunView {
                        outcome: Some(_),
                        ..
                    }))
            );
        if finished {
            hints.push((Action::ReviewLeftovers, "review again"));
        }
        if focus == Pane::Jobs && crate::app::undoable_under_cursor(state) {
            hints.push((Action::UndoRepair, "undo repair"));
        }
        // The details key where there is text to read whole: a Jobs row,
        // or a start-up check that failed.
        if focus == Pane::Jobs || checks_failed {
            hints.push((Action::Details, "details"));
        }
        if focus == Pane::Jobs {
            hints.push((Action::JobsFilter, "AWS jobs by state"));
        }
        hints.extend([
            (Action::Backups, "backups"),
            (Action::NextPane, "pane"),
            (Action::Filter, "filter"),
            (Action::Refresh, "refresh"),
            (Action::Help, "help"),
            (Action::Quit, "quit"),
        ]);
        for (action, label) in hints {
            let keys = state.keymap.keys_for(action);
            let Some(first) = keys.first() else { continue };
            spans.push(Span::styled(format!(" {first}"), theme::key()));
            spans.push(Span::raw(format!(" {label} ")));
        }
    }
    frame.render_widget(
        Paragraph::new(fit_line(Line::from(spans), area.width)),
        area,
    );
}
