use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use super::theme;
use crate::app::{Action, State};

pub fn draw(frame: &mut Frame, area: Rect, state: &State) {
    let mut spans = Vec::new();
    if let Some(msg) = &state.view.flash {
        spans.push(Span::styled(format!(" {msg} "), theme::warn()));
    } else if let Some(err) = state.inventory.load_errors.first() {
        spans.push(Span::styled(format!(" {err} "), theme::bad()));
    } else {
        let hints = [
            (Action::Down, "move"),
            (Action::NextPane, "pane"),
            (Action::Filter, "filter"),
            (Action::Refresh, "refresh"),
            (Action::Help, "help"),
            (Action::Quit, "quit"),
        ];
        for (action, label) in hints {
            let keys = state.keymap.keys_for(action);
            let Some(first) = keys.first() else { continue };
            spans.push(Span::styled(format!(" {first}"), theme::key()));
            spans.push(Span::raw(format!(" {label} ")));
        }
    }
    frame.render_widget(Paragraph::new(Line::from(spans)), area);
}
