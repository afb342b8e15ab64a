//! Wizard page of operations 13 (export to S3) and 14 (import from S3):
//! two typed fields, what each takes said above them and a refusal under
//! them.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};

use super::parts::{frame_box, key, next_hint, paragraph};
use crate::app::DialogAction::{Down, Up};
use crate::app::{OpKind, S3Page, State};
use crate::ui::theme;

pub fn draw(frame: &mut Frame, area: Rect, state: &State, page: &S3Page) {
    let title = format!("{} · {}", page.kind.label(), page.table);
    let hints = format!(
        "{}{} field · {}",
        key(state, Up),
        key(state, Down),
        next_hint(state)
    );
    let inner = frame_box(frame, area, 90, 12, &title, &hints, false);
    let field = |at: usize, label: &str, value: &str, blank: &str| {
        let here = page.row == at;
        let mark = if here { "▶ " } else { "  " };
        let cursor = if here { "▏" } else { "" };
        let shown = if value.is_empty() && !here {
            Span::styled(format!(" {blank}"), theme::dim())
        } else {
            Span::raw(format!(" {value}{cursor}"))
        };
        Line::from(vec![
            Span::styled(format!("{mark}{label:<14}"), theme::key()),
            shown,
        ])
    };
    let import = page.kind == OpKind::ImportFromS3;
    let (about, hint, second, blank) = if import {
        (
            "DynamoDB reads the newest export under the location into a new table.".to_owned(),
            "Its key is the exported table's; tags, TTL and stream are put back from this table."
                .to_owned(),
            "New table",
            "",
        )
    } else {
        (
            format!(
                "DynamoDB writes {} to S3 as DynamoDB JSON (gzip).",
                page.table
            ),
            "When: a time in the PITR window (2026-11-30 14:05, -2h), or FROM..TO (15m–24h)."
                .to_owned(),
            "When",
            "now (a full export)",
        )
    };
    let mut lines = vec![
        Line::from(about),
        Line::from(Span::styled(hint, theme::dim())),
        Line::from(""),
        field(
            S3Page::LOCATION_ROW,
            "Location",
            page.location.value(),
            "s3://BUCKET/PREFIX",
        ),
        field(S3Page::SECOND_ROW, second, page.second.value(), blank),
    ];
    if let Some(e) = &page.error {
        lines.push(Line::from(""));
        lines.push(Line::from(Span::styled(format!("✘ {e}"), theme::bad())));
    }
    paragraph(frame, inner, lines);
}
