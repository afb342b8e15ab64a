//! Wizard page: the table to compare the selected one with, or the table
//! holding the copy a repair reads from.

use ratatui::text::Line;

use super::parts::FieldPage;
use crate::app::OpKind;

pub fn page(kind: OpKind, table: &str) -> FieldPage {
    if kind == OpKind::Repair {
        let about = vec![
            Line::from(format!(
                "Which table holds the copy to repair {table} from? It is read whole; nothing is written to it."
            )),
            Line::from(
                "Proposed: the table it was restored from, or a restore made earlier from it.",
            ),
        ];
        let title = format!("{} · {table} · the copy", kind.label());
        return FieldPage::new(title, (100, 9), about, "copy in table:");
    }
    let about = vec![
        Line::from(format!(
            "Which table to compare {table} with, item by item? Both are read whole; nothing is written."
        )),
        Line::from("Proposed: the table it was restored from, when a journal or its name tells."),
    ];
    let title = format!("{} · {table}", OpKind::Compare.label());
    FieldPage::new(title, (100, 9), about, "compare with:")
}
