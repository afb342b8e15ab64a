//! The Protection view: who can delete backups, each answer marked ✔, ✘,
//! ~ or ? and coloured so; wrapped and scrolled as the details view is.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};

use super::parts::{frame_box, key, scrolled};
use crate::app::DialogAction::{ApplyPolicy, Cancel, Down, Up};
use crate::app::protection::ProtectionView;
use crate::app::{DetailsModal, State, layout};
use crate::ui::theme;

pub fn draw(frame: &mut Frame, area: Rect, state: &State, v: &ProtectionView) {
    let d = &v.details;
    let (rows, _) = d.rows((area.width, area.height));
    let (h, _) = layout::dialog_height(area.height, rows.len());
    let apply = if v.offers_deny() {
        format!(" · {} apply the deny policy", key(state, ApplyPolicy))
    } else {
        String::new()
    };
    let hints = format!(
        "{}{} scroll{apply} · {} close",
        key(state, Up),
        key(state, Down),
        key(state, Cancel)
    );
    let inner = frame_box(
        frame,
        area,
        DetailsModal::width(area.width),
        h,
        &d.title,
        &hints,
        false,
    );
    let lines = rows
        .into_iter()
        .map(|r| Line::from(Span::styled(r.clone(), style_of(&r))))
        .collect();
    scrolled(frame, inner, lines, d.scroll);
}

/// A row's colour from its mark; a heading (no indent) is a title.
fn style_of(row: &str) -> Style {
    match row.trim_start().chars().next() {
        Some('✔') if row.starts_with("  ") => theme::ok(),
        Some('✘') if row.starts_with("  ") => theme::bad(),
        Some('~' | '?') if row.starts_with("  ") => theme::warn(),
        _ if !row.starts_with(' ') && !row.is_empty() && !row.contains('·') => theme::title(),
        _ => Style::default(),
    }
}
