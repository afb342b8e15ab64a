//! What resuming an interrupted run will do, before it does anything.

use std::path::Path;

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};

use super::parts::{frame_box, key, scrolled};
use crate::app::DialogAction::{Cancel, Confirm, Down, Up};
use crate::app::{ResumeMark, Scroll, State, layout, resume_rows};
use crate::ui::theme;

/// Under the steps: what each mark means.
pub const LEGEND: [&str; 3] = [
    "✔ done before it stopped: not run again",
    "? begun when it stopped: AWS is asked first; kept if it finished there, else run again",
    "▶ runs, with its questions (a deletion is confirmed by typing the name again)",
];

pub fn draw(frame: &mut Frame, area: Rect, state: &State, journal: &Path, scroll: Scroll) {
    let Some(run) = state.runs.interrupted.iter().find(|r| r.journal == journal) else {
        return;
    };
    let rows = resume_rows(run);
    let (h, _) = layout::dialog_height(area.height, rows.len() + 1 + LEGEND.len());
    let hints = format!(
        "{}{} scroll · {} resume · {} not now",
        key(state, Up),
        key(state, Down),
        key(state, Confirm),
        key(state, Cancel)
    );
    let title = format!("Resume {} · {}?", run.label, run.table);
    let inner = frame_box(frame, area, 110, h, &title, &hints, false);
    let mut lines: Vec<Line> = rows
        .into_iter()
        .map(|(mark, text)| {
            let (sign, style) = match mark {
                ResumeMark::Note => ("", theme::warn()),
                ResumeMark::Kept => ("✔ kept    ", theme::dim()),
                ResumeMark::Checked => ("? checked ", theme::warn()),
                ResumeMark::Runs => ("▶ runs    ", theme::title()),
            };
            Line::from(vec![Span::styled(sign, style), Span::styled(text, style)])
        })
        .collect();
    lines.push(Line::from(""));
    lines.extend(
        LEGEND
            .iter()
            .map(|l| Line::from(Span::styled(*l, theme::dim()))),
    );
    scrolled(frame, inner, lines, scroll);
}
