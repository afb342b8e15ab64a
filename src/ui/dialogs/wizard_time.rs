//! Wizard page: the time a PITR restore in place goes back to, shown with
//! the table's restorable window.

use ratatui::text::{Line, Span};

use super::parts::FieldPage;
use crate::app::State;
use crate::domain::time::format_reference;
use crate::ui::theme;

pub fn page(state: &State, table: &str) -> FieldPage {
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
    let title = format!("PITR restore in place · {table} · restore to when?");
    FieldPage::new(title, (90, 10), about, "restore to:")
}
