//! Quitting while operations run: what each run leaves behind, and what
//! resuming it after a restart does.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};

use super::parts::{frame_box, key, paragraph};
use crate::app::DialogAction::Yes;
use crate::app::{Action, State, wrap};
use crate::domain::plural::count;
use crate::ui::theme;

pub fn draw(frame: &mut Frame, area: Rect, state: &State) {
    let lines = lines(state);
    let width = 96.min(area.width);
    let rows: usize = lines
        .iter()
        .map(|l| wrap(&l.to_string(), width.saturating_sub(2)).len().max(1))
        .sum();
    let inner = frame_box(
        frame,
        area,
        width,
        u16::try_from(rows + 2).unwrap_or(u16::MAX),
        "Quit?",
        &format!("{} quit · any other key stay", key(state, Yes)),
        true,
    );
    paragraph(frame, inner, lines);
}

fn lines(state: &State) -> Vec<Line<'static>> {
    let active: Vec<_> = state.runs.ours.iter().filter(|r| r.is_active()).collect();
    let n = active.len();
    let mut lines = vec![Line::from(format!(
        "{} still running. Quitting stops {} where {} {}:",
        count(n, "operation"),
        if n == 1 { "it" } else { "them" },
        if n == 1 { "it" } else { "they" },
        if n == 1 { "is" } else { "are" },
    ))];
    for run in active {
        lines.push(Line::from(Span::styled(
            format!("• {} · {} (job {})", run.label, run.table, run.job),
            theme::title(),
        )));
        for note in run.if_quit_now() {
            lines.push(Line::from(format!("    {note}")));
        }
    }
    lines.push(Line::from(format!(
        "After a restart each is listed as interrupted in Jobs, with where its data is: \
         {} shows what is left and resumes it, {} dismisses it.",
        state.keymap.key(Action::Resume),
        state.keymap.key(Action::Dismiss)
    )));
    lines
}
