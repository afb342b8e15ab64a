//! The prune review of a table's backups: the "keep how many" field, then
//! the ticked list with its counts, each row's kind and, for one that
//! cannot be ticked, why. The keys are in `app/dialogs/prune.rs`.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};

use super::parts::{FieldPage, frame_box, key, paragraph, scrolled};
use crate::app::DialogAction::{Cancel, Confirm, Down, Tick, Up};
use crate::app::prune::{self, PrunePage, PruneReview, PruneRow};
use crate::app::{Scroll, State};
use crate::ui::theme;

pub fn draw(frame: &mut Frame, area: Rect, state: &State, review: &PruneReview) {
    let title = format!("Prune backups of {}", review.table);
    match &review.page {
        PrunePage::Keep { input, error } => {
            let about = vec![
                Line::from("Keep how many scheduled (--sched-) backups? The N newest stay;"),
                Line::from("older ones come ticked. 1 to 1000."),
                Line::from(Span::styled(
                    "Nothing is deleted before the list and its plan are confirmed.",
                    theme::dim(),
                )),
            ];
            FieldPage::new(title, (80, 7), about, "keep:").draw(frame, area, state, input, error);
        }
        PrunePage::List { keep, rows, cursor } => {
            list(frame, area, state, &title, *keep, rows, *cursor)
        }
    }
}

fn list(
    frame: &mut Frame,
    area: Rect,
    state: &State,
    title: &str,
    keep: usize,
    rows: &[PruneRow],
    cursor: usize,
) {
    let head = 3;
    let want = u16::try_from(rows.len().max(1) + head + 2).unwrap_or(u16::MAX);
    let inner = frame_box(
        frame,
        area,
        120,
        want.min(area.height.saturating_sub(2)),
        title,
        &format!(
            "{}{} move · {} tick · {} plan · {} delete nothing",
            key(state, Up),
            key(state, Down),
            key(state, Tick),
            key(state, Confirm),
            key(state, Cancel)
        ),
        true,
    );
    let (delete, stay) = prune::counts(rows);
    let top = vec![
        Line::from(vec![
            Span::styled(format!("{delete} to delete"), theme::bad()),
            Span::raw(format!(
                " · {stay} stay · keeping the {keep} newest scheduled backups"
            )),
        ]),
        Line::from(Span::styled(
            format!(
                "Nothing is deleted until the plan ({}) is confirmed.",
                key(state, Confirm)
            ),
            theme::dim(),
        )),
        Line::from(""),
    ];
    let head_h = u16::try_from(head).unwrap_or(0).min(inner.height);
    paragraph(
        frame,
        Rect {
            height: head_h,
            ..inner
        },
        top,
    );
    let body = Rect {
        y: inner.y + head_h,
        height: inner.height - head_h,
        ..inner
    };
    if rows.is_empty() {
        paragraph(
            frame,
            body,
            vec![Line::from(
                "The inventory holds no DynamoDB backup of this table.",
            )],
        );
        return;
    }
    let name_w = rows
        .iter()
        .map(|r| r.backup.name.chars().count())
        .max()
        .unwrap_or(0)
        .min(48);
    let lines = rows
        .iter()
        .enumerate()
        .map(|(i, r)| row_line(rows, i, r, i == cursor, keep, name_w))
        .collect();
    let shown = usize::from(body.height);
    let mut scroll = Scroll::default();
    let first = cursor.saturating_sub(shown.saturating_sub(1));
    scroll.by(isize::try_from(first).unwrap_or(0), rows.len(), shown);
    scrolled(frame, body, lines, scroll);
}

fn row_line(
    rows: &[PruneRow],
    i: usize,
    r: &PruneRow,
    selected: bool,
    keep: usize,
    name_w: usize,
) -> Line<'static> {
    let why = prune::untickable(rows, i);
    let mark = match (r.ticked, why) {
        (true, _) => "[x]",
        (false, Some(_)) => "[-]",
        (false, None) => "[ ]",
    };
    let base = if selected {
        theme::selected()
    } else {
        Style::new()
    };
    let mark_style = if r.ticked { theme::bad() } else { base };
    let mut name: String = r.backup.name.chars().take(name_w).collect();
    if r.backup.name.chars().count() > name_w {
        name.pop();
        name.push('…');
    }
    let mut spans = vec![
        Span::styled(format!("{mark} "), base.patch(mark_style)),
        Span::styled(
            format!(
                "{}  {name:<name_w$}  {}",
                r.backup.created_at.format("%Y-%m-%d %H:%M"),
                r.kind.label(keep)
            ),
            base,
        ),
    ];
    if let Some(why) = why {
        spans.push(Span::styled(format!(" — {why}"), theme::warn()));
    }
    Line::from(spans)
}
