//! A repair's choice: per class of difference its count, write units and
//! a checkbox; the differing keys, filtered and scrolled; the selected
//! key's attributes then → now; and what `Enter` writes and costs. Each
//! line is cut to the box (`…`), never wrapped, so the list keeps its
//! place.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use super::parts::{frame_box, key};
use crate::app::DialogAction::{
    Cancel, Confirm, Down, Filter, Tick, Up, WriteChanged, WriteCreated, WriteDeleted,
};
use crate::app::repair_choice::{cost, shown_note};
use crate::app::{QuestionModal, State, choice_view};
use crate::domain::time::full_count;
use crate::repair::{RepairClass, RepairRow};
use crate::ui::fit::fit_line;
use crate::ui::theme;
use crate::workflow::RepairQuestion;

pub fn draw(frame: &mut Frame, area: Rect, state: &State, q: &QuestionModal, r: &RepairQuestion) {
    let view = choice_view(q, r);
    let attrs_max: usize = if area.height >= 35 { 6 } else { 3 };
    let list_rows = u16::try_from(r.rows.len()).unwrap_or(u16::MAX).clamp(3, 40);
    // Borders, the five lines above the list, the list, and below it the
    // selected key, its attributes, the cost, what cancel does, an error.
    let attrs = u16::try_from(attrs_max).unwrap_or(u16::MAX);
    let h = (2 + 5 + list_rows + 1 + attrs + 1 + 2 + 1).min(area.height);
    let hints = if q.filtering {
        format!(
            "type to filter · {}{} move · {} keep the filter · {} clear it",
            key(state, Up),
            key(state, Down),
            key(state, Confirm),
            key(state, Cancel)
        )
    } else {
        format!(
            "{} {} {} or {} tick · {} filter · {}{} move · {} write back · {} write nothing",
            key(state, WriteDeleted),
            key(state, WriteChanged),
            key(state, WriteCreated),
            key(state, Tick),
            key(state, Filter),
            key(state, Up),
            key(state, Down),
            key(state, Confirm),
            key(state, Cancel)
        )
    };
    let title = format!("🩹 Repair {} · what differs", r.table);
    let inner = frame_box(frame, area, 130, h, &title, &hints, true);

    let mut top = vec![Line::from(vec![
        Span::styled("copy: ", theme::dim()),
        Span::raw(r.source.clone()),
    ])];
    let class_keys = [
        key(state, WriteDeleted),
        key(state, WriteChanged),
        key(state, WriteCreated),
    ];
    for (class, class_key) in RepairClass::ALL.into_iter().zip(class_keys) {
        let on = view.choices.includes(class);
        let mark = if on { "[x]" } else { "[ ]" };
        let style = if on { Style::new() } else { theme::dim() };
        top.push(Line::from(vec![
            Span::styled(format!("{mark} "), style),
            Span::styled(format!("{class_key} "), theme::key()),
            Span::styled(
                format!(
                    "{:<14}{:>7} items {:>7} WU  ",
                    class.label(),
                    full_count(r.counts.of(class)),
                    full_count(r.counts.units_of(class)),
                ),
                style,
            ),
            Span::styled(
                if on {
                    class.write_back()
                } else {
                    "kept as it is now"
                },
                theme::dim(),
            ),
        ]));
    }
    let mut bottom = Vec::new();
    match view.selected {
        Some(row) => {
            bottom.push(Line::from(vec![
                Span::styled(row.key.clone(), theme::title()),
                Span::styled(format!(" · {}", row.class.label()), theme::dim()),
            ]));
            for a in row.attrs.iter().take(attrs_max) {
                let value = |v: &Option<String>| v.clone().unwrap_or_else(|| "(absent)".into());
                bottom.push(Line::from(vec![
                    Span::styled(format!("  {}: ", a.name), theme::dim()),
                    Span::raw(format!("{} → {}", value(&a.then), value(&a.now))),
                ]));
            }
            if row.attrs.len() > attrs_max {
                bottom.push(Line::from(Span::styled(
                    format!("  … {} more attributes", row.attrs.len() - attrs_max),
                    theme::dim(),
                )));
            }
        }
        None => bottom.push(Line::from(Span::styled(
            "no key matches the filter",
            theme::dim(),
        ))),
    }
    bottom.push(Line::from(Span::styled(
        format!("{}: {}", key(state, Confirm), cost(r, &view.choices)),
        theme::warn(),
    )));
    bottom.push(Line::from(Span::styled(
        format!(
            "downtime none; unticked classes and writes after the diff are kept · {}: write \
             nothing, go on to the cleanup review",
            key(state, Cancel),
        ),
        theme::dim(),
    )));
    if let Some(error) = &q.error {
        bottom.push(Line::from(Span::styled(error.clone(), theme::bad())));
    }

    // The filter line comes under the classes, once the list's height is known.
    let used = u16::try_from(top.len() + 1 + bottom.len()).unwrap_or(u16::MAX);
    let list_h = usize::from(inner.height.saturating_sub(used));
    let first = q.cursor.saturating_sub(list_h.saturating_sub(1));
    let hidden_below = view.shown.len().saturating_sub(first + list_h);
    let filter = if q.filtering || !q.input.value().is_empty() {
        let caret = if q.filtering { "▏" } else { "" };
        format!("filter: {}{caret}", q.input.value())
    } else {
        format!("filter: none ({} to filter)", key(state, Filter))
    };
    let mut filter_line = vec![Span::styled(filter, theme::key())];
    for (hidden, mark) in [(first, "▲"), (hidden_below, "▼")] {
        if hidden > 0 {
            filter_line.push(Span::styled(
                format!("  {mark} {hidden} more"),
                theme::key(),
            ));
        }
    }
    if let Some(note) = shown_note(r, view.shown.len()) {
        filter_line.push(Span::styled(format!("  {note}"), theme::dim()));
    }
    let mut lines = top;
    lines.push(Line::from(filter_line));
    for (i, row) in view.shown.iter().enumerate().skip(first).take(list_h) {
        lines.push(row_line(
            row,
            i == q.cursor,
            view.choices.includes(row.class),
        ));
    }
    // The list's empty rows, so the bottom lines stay at the bottom.
    let listed = view.shown.len().saturating_sub(first).min(list_h);
    lines.extend((listed..list_h).map(|_| Line::from("")));
    lines.extend(bottom);
    let rows: Vec<Line> = lines
        .into_iter()
        .map(|l| fit_line(l, inner.width))
        .collect();
    frame.render_widget(Paragraph::new(rows), inner);
}

/// ` deleted since  pk=order-1   status, amount`, dimmed when its class is
/// not written back.
fn row_line(row: &RepairRow, selected: bool, written: bool) -> Line<'static> {
    let style = match (selected, written) {
        (true, _) => theme::selected(),
        (false, true) => Style::new(),
        (false, false) => theme::dim(),
    };
    Line::from(Span::styled(
        format!(
            " {:<14}{:<36} {}",
            row.class.label(),
            row.key,
            row.attr_names()
        ),
        style,
    ))
}
