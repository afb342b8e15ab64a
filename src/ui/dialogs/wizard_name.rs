//! Wizard page: the new table's name for a restore to a new table.

use ratatui::text::Line;

use super::parts::FieldPage;
use crate::app::{NewFrom, OpKind};
use crate::domain::PitrTarget;
use crate::domain::time::format_reference;

pub fn page(kind: OpKind, table: &str, source: &NewFrom) -> FieldPage {
    let about = if kind == OpKind::RestoreInRegion {
        "The new table's name in the DR region (the same name is fine: it is another region)."
    } else {
        "The new table's name: 3–255 of A-Z a-z 0-9 _ . - and no table of that name may exist."
    };
    let title = match source {
        NewFrom::Copy(_) => format!("{} · from {table}", kind.label()),
        NewFrom::Time(PitrTarget::Latest) => {
            format!("{} · from {table} at its latest time", kind.label())
        }
        NewFrom::Time(PitrTarget::At(t)) => format!(
            "{} · from {table} at {} (UTC)",
            kind.label(),
            format_reference(*t)
        ),
    };
    FieldPage::new(title, (90, 9), vec![Line::from(about)], "new table:")
}
