//! Help: the rows `app::help` builds (keys from the keymap in force, then
//! the glossary), styled, from the row the reducer scrolled to.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Clear, Paragraph};

use super::theme;
use crate::app::help::{HelpStyle, popup, rows};
use crate::app::{Action, State};

pub fn draw(frame: &mut Frame, area: Rect, state: &State, scroll: u16) {
    let (w, h) = popup((area.width, area.height));
    let popup = Rect::new(
        area.x + (area.width - w.min(area.width)) / 2,
        area.y + (area.height - h.min(area.height)) / 2,
        w.min(area.width),
        h.min(area.height),
    );
    let block = Block::bordered()
        .border_style(theme::focused_border())
        .title(Span::styled(" Help ", theme::title()))
        .title_bottom(Span::styled(
            format!(
                " {}{} scroll · {} close ",
                state.keymap.shown(Action::Up),
                state.keymap.shown(Action::Down),
                state.keymap.shown(Action::Close)
            ),
            theme::dim(),
        ));
    let lines: Vec<Line> = rows(state, popup.width.saturating_sub(2))
        .into_iter()
        .skip(usize::from(scroll))
        .map(|r| match r.style {
            HelpStyle::Heading => Line::from(Span::styled(r.text, theme::header_row())),
            HelpStyle::Key => {
                Line::from(vec![Span::styled(r.key, theme::key()), Span::raw(r.text)])
            }
            HelpStyle::Term => {
                Line::from(vec![Span::raw(r.key), Span::styled(r.text, theme::title())])
            }
            HelpStyle::Text => Line::from(format!("{}{}", r.key, r.text)),
        })
        .collect();
    frame.render_widget(Clear, popup);
    frame.render_widget(Paragraph::new(lines).block(block), popup);
}
