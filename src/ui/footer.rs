use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use super::fit::fit_line;
use super::theme;
use crate::app::{Action, ChecksState, Pane, State};

pub fn draw(frame: &mut Frame, area: Rect, state: &State) {
    let mut spans = Vec::new();
    if let Some(msg) = &state.view.flash {
        spans.push(Span::styled(format!(" {msg} "), theme::warn()));
    } else if let Some(err) = state.inventory.load_errors.first() {
        spans.push(Span::styled(format!(" {err} "), theme::bad()));
    } else {
        // The details key where there is text to read whole: a Jobs row,
        // or a start-up check that failed.
        let checks_failed = matches!(&state.header.checks,
            ChecksState::Done(results) if results.iter().any(|r| !r.passed));
        let details = state.view.focus == Pane::Jobs || checks_failed;
        let hints = [
            (Action::Down, "move"),
            (Action::Details, "details"),
            (Action::NextPane, "pane"),
            (Action::Filter, "filter"),
            (Action::Refresh, "refresh"),
            (Action::Help, "help"),
            (Action::Quit, "quit"),
        ];
        for (action, label) in hints {
            if action == Action::Details && !details {
                continue;
            }
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
