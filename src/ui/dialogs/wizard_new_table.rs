//! Wizard page: PITR (with its recovery period) and deletion protection on
//! the new table of a restore into a new table.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};

use super::parts::{frame_box, key, next_hint, paragraph};
use crate::app::DialogAction::{Down, No, Switch, Up, Yes};
use crate::app::{NewTablePage, State};
use crate::ui::theme;

pub fn draw(frame: &mut Frame, area: Rect, state: &State, page: &NewTablePage) {
    let target = crate::workflow::table_of(&page.op);
    let title = format!("{} · {target} · once it is ACTIVE", page.op.label());
    let hints = format!(
        "{}{} row · {}/{} or {} · {}",
        key(state, Up),
        key(state, Down),
        key(state, Yes),
        key(state, No),
        key(state, Switch),
        next_hint(state)
    );
    let inner = frame_box(frame, area, 90, 9, &title, &hints, false);
    let row = |at: usize, label: &str| {
        let mark = if page.row == at { "▶ " } else { "  " };
        Span::styled(format!("{mark}{label:<32}"), theme::key())
    };
    let choice = |on: bool, active: bool| {
        let style = |picked: bool| match (picked, active) {
            (true, true) => theme::selected(),
            (true, false) => theme::title(),
            _ => theme::dim(),
        };
        vec![
            Span::styled(" on ", style(on)),
            Span::raw(" "),
            Span::styled(" off ", style(!on)),
        ]
    };
    let mut pitr = vec![row(NewTablePage::PITR_ROW, "Point-in-time recovery")];
    pitr.extend(choice(page.pitr, page.row == NewTablePage::PITR_ROW));
    let days = if page.pitr {
        let cursor = if page.in_field() { "▏" } else { "" };
        Line::from(vec![
            row(NewTablePage::DAYS_ROW, "  recovery period, days (1–35)"),
            Span::raw(format!(" {}{cursor}", page.days.value())),
        ])
    } else {
        Line::from(Span::styled(
            "    (no recovery period: PITR stays off)",
            theme::dim(),
        ))
    };
    let mut protection = vec![row(NewTablePage::PROTECTION_ROW, "Deletion protection")];
    protection.extend(choice(
        page.protection,
        page.row == NewTablePage::PROTECTION_ROW,
    ));
    let mut lines = vec![
        Line::from(format!(
            "A restore brings {target} up with PITR and deletion protection off. Turn on:"
        )),
        Line::from(""),
        Line::from(pitr),
        days,
        Line::from(protection),
    ];
    if let Some(e) = &page.error {
        lines.push(Line::from(Span::styled(format!("✘ {e}"), theme::bad())));
    }
    paragraph(frame, inner, lines);
}
