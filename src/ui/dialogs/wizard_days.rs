//! Wizard page: the recovery period when enabling PITR.

use ratatui::text::Line;

use super::parts::FieldPage;

pub fn page(table: &str) -> FieldPage {
    let about = "Recovery period in days (1–35): how far back a restore can go.";
    let title = format!("Enable PITR · {table}");
    FieldPage::new(title, (80, 8), vec![Line::from(about)], "days:")
}
