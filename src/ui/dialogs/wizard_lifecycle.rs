//! Wizard page of operation 12: the lifecycle of the recovery point the
//! backup job makes, two typed fields (blank: never), AWS Backup's rule
//! said above them and a refusal under them.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};

use super::parts::{frame_box, key, next_hint, paragraph};
use crate::app::DialogAction::{Down, Up};
use crate::app::{LifecyclePage, OpKind, State};
use crate::domain::MIN_COLD_DAYS;
use crate::ui::theme;

pub fn draw(frame: &mut Frame, area: Rect, state: &State, page: &LifecyclePage) {
    let title = format!("{} · {}", OpKind::AwsBackup.label(), page.table);
    let hints = format!(
        "{}{} field · type days, blank for never · {}",
        key(state, Up),
        key(state, Down),
        next_hint(state)
    );
    let inner = frame_box(frame, area, 90, 11, &title, &hints, false);
    let field = |at: usize, label: &str, value: &str| {
        let here = page.row == at;
        let mark = if here { "▶ " } else { "  " };
        let cursor = if here { "▏" } else { "" };
        let shown = if value.is_empty() && !here {
            Span::styled(" never", theme::dim())
        } else {
            Span::raw(format!(" {value}{cursor}"))
        };
        Line::from(vec![
            Span::styled(format!("{mark}{label:<36}"), theme::key()),
            shown,
        ])
    };
    let vault = if page.vault.is_empty() {
        "(no vault configured)"
    } else {
        page.vault.as_str()
    };
    let mut lines = vec![
        Line::from(format!(
            "A backup job of {} into vault {vault}, as the configured role.",
            page.table
        )),
        Line::from(Span::styled(
            format!(
                "The recovery point's lifecycle (AWS Backup: {MIN_COLD_DAYS} days or more in cold \
                 storage):"
            ),
            theme::dim(),
        )),
        Line::from(""),
        field(
            LifecyclePage::COLD_ROW,
            "Move to cold storage after, days",
            page.cold.value(),
        ),
        field(
            LifecyclePage::DELETE_ROW,
            "Delete after, days",
            page.delete.value(),
        ),
    ];
    if let Some(e) = &page.error {
        lines.push(Line::from(""));
        lines.push(Line::from(Span::styled(format!("✘ {e}"), theme::bad())));
    }
    paragraph(frame, inner, lines);
}
