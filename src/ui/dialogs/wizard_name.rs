//! Wizard page: the new table's name for a restore to a new table.

use ratatui::text::Line;

use super::parts::FieldPage;
use crate::app::OpKind;

pub fn page(kind: OpKind, table: &str) -> FieldPage {
    let about =
        "The new table's name: 3–255 of A-Z a-z 0-9 _ . - and no table of that name may exist.";
    let title = format!("{} · from {table}", kind.label());
    FieldPage::new(title, (90, 9), vec![Line::from(about)], "new table:")
}
