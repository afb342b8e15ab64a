//! Wizard page: the time a PITR restore (in place, or into a new table)
//! goes back to, shown with the table's restorable window.

use ratatui::text::{Line, Span};

use super::parts::FieldPage;
use crate::app::{OpKind, State};
use crate::domain::time::format_reference;
use crate::ui::theme;

pub fn page(state: &State, kind: OpKind, table: &str) -> FieldPage {
    let mut about = Vec::new();
    if let Some(window) = state
        .inventory
        .tables
        .selected()
        .and_then(|r| r.pitr.as_ref())
        .and_then(|p| p.window)
    {
        about.push(Line::from(format!(
            "Earliest restorable  {} UTC",
            format_reference(window.earliest)
        )));
        about.push(Line::from(format!(
            "Latest restorable    {} UTC",
            format_reference(window.latest)
        )));
    }
    about.push(Line::from(Span::styled(
        "Type 'Jan 28 2025 - 09:39:28', '2025-01-28T09:39:28Z' (UTC) or 'latest'.",
        theme::dim(),
    )));
    about.push(Line::from(Span::styled(
        "Or back from now: '-2h', '2h ago', 'yesterday 14:00'; the plan shows it in UTC.",
        theme::dim(),
    )));
    if kind == OpKind::Repair {
        let title = format!("{} · {table} · the copy from when?", kind.label());
        return FieldPage::new(title, (90, 11), about, "copy at:");
    }
    let title = format!("{} · {table} · restore to when?", kind.label());
    FieldPage::new(title, (90, 11), about, "restore to:")
}
