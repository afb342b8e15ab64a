//! Wizard page: the table to compare the selected one with.

use ratatui::text::Line;

use super::parts::FieldPage;
use crate::app::OpKind;

pub fn page(table: &str) -> FieldPage {
    let about = vec![
        Line::from(format!(
            "Which table to compare {table} with, item by item? Both are read whole; nothing is written."
        )),
        Line::from("Proposed: the table it was restored from, when a journal or its name tells."),
    ];
    let title = format!("{} · {table}", OpKind::Compare.label());
    FieldPage::new(title, (100, 9), about, "compare with:")
}
