//! Help: every key, generated from the keymap in force, then the glossary.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Clear, Paragraph, Wrap};

use super::{GLOSSARY, theme};
use crate::app::DialogAction::{
    Cancel, Confirm, Delete, Details, Down, Leave, No, Restore, Retry, Review, Tick, Up, Yes,
};
use crate::app::{Action, State};

pub fn lines(state: &State) -> Vec<Line<'static>> {
    let mut out = vec![Line::from(Span::styled("Keys", theme::header_row()))];
    for action in Action::ALL {
        out.push(Line::from(vec![
            Span::styled(format!("  {:<22}", state.keymap.hint(action)), theme::key()),
            Span::raw(action.description()),
        ]));
    }
    let key = |a| state.keymap.dialog_key(a);
    out.push(Line::from(format!(
        "  (while filtering: type to narrow, {} keeps the filter, {} clears it)",
        key(Confirm),
        key(Cancel)
    )));
    out.push(Line::from(""));
    out.push(Line::from(Span::styled("In dialogs", theme::header_row())));
    for (keys, what) in [
        (
            format!("1-8 {}{} {}", key(Up), key(Down), key(Confirm)),
            "operations menu: choose an operation (disabled ones say why)",
        ),
        (
            format!("{}{}", key(Up), key(Down)),
            "scroll a plan taller than the screen (▲/▼ N more on its border)",
        ),
        (
            format!("{} / {}", key(Confirm), key(Cancel)),
            "next / cancel; on a plan: run it / cancel it (nothing has happened yet)",
        ),
        (
            format!("{} / {}", key(Yes), key(No)),
            "remove deletion protection? restore from cold storage?",
        ),
        (
            format!("type + {}", key(Confirm)),
            "confirm a deletion by typing the table's (or backup's) name",
        ),
        (
            format!(
                "{} / {} / {} / {}",
                key(Details),
                key(Restore),
                key(Delete),
                key(Cancel)
            ),
            "Backups view: details / restore into a new table / delete (its name typed; yes again for a table's only copy) / back",
        ),
        (
            format!("{} / {} / {}", key(Retry), key(Review), key(Leave)),
            "a step failed: retry it / cleanup review / leave as is",
        ),
        (
            format!("{} / {} / {}", key(Tick), key(Confirm), key(Cancel)),
            "cleanup review: tick / delete the ticked / keep everything",
        ),
    ] {
        out.push(Line::from(vec![
            Span::styled(format!("  {keys:<22}"), theme::key()),
            Span::raw(what),
        ]));
    }
    out.push(Line::from(""));
    out.push(Line::from(Span::styled("Glossary", theme::header_row())));
    for (term, text) in GLOSSARY {
        out.push(Line::from(Span::styled(
            format!("  {term}"),
            theme::title(),
        )));
        out.push(Line::from(format!("    {text}")));
    }
    out
}

pub fn draw(frame: &mut Frame, area: Rect, state: &State, scroll: u16) {
    let w = (area.width * 4 / 5).max(area.width.min(78));
    let h = area.height.saturating_sub(4).max(10).min(area.height);
    let popup = Rect::new(
        area.x + (area.width - w) / 2,
        area.y + (area.height - h) / 2,
        w,
        h,
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
    frame.render_widget(Clear, popup);
    frame.render_widget(
        Paragraph::new(lines(state))
            .wrap(Wrap { trim: false })
            .scroll((scroll, 0))
            .block(block),
        popup,
    );
}
