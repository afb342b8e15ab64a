//! Operation 9 typed as an operator would, through the real reducer and
//! engine on the sandbox: `orders` at a time three hours ago restored into
//! a new table beside it, with PITR and deletion protection on; the table
//! itself is untouched.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use common::app::App;
use crossterm::event::KeyCode;
use dynamo_dr::backend::Backend;
use dynamo_dr::workflow::{Outcome, StepStatus};

#[tokio::test]
async fn pitr_restore_into_a_new_table_leaves_the_table_alone() {
    let mut app = App::start(false).await;
    let corrupted = app.sb.describe_table("orders").await.unwrap().item_count;
    let tables_before = app.sb.list_tables().await.unwrap().len();
    app.operation("orders", '9');
    app.type_text("Jan 01 2020 - 00:00:00");
    app.key(KeyCode::Enter);
    assert!(
        app.wizard_error()
            .unwrap()
            .contains("outside the restorable window")
    );
    let three_hours_ago = (chrono::Utc::now() - chrono::Duration::hours(3))
        .format("%Y-%m-%dT%H:%M:%SZ")
        .to_string();
    app.retype(&three_hours_ago);
    app.key(KeyCode::Enter);
    assert_eq!(app.wizard_input().as_deref(), Some("orders-restored"));
    app.retype("orders-1130");
    app.key(KeyCode::Enter);
    app.key(KeyCode::Enter); // PITR (the source's 35 days) and protection on
    assert!(app.in_plan());
    app.key(KeyCode::Enter);
    // No question: nothing is deleted, nothing needs a confirmation.
    assert_eq!(
        app.outcome(1).await,
        Outcome::Completed { remaining: vec![] }
    );
    let run = &app.state.runs.ours[0];
    assert!(
        run.steps
            .iter()
            .all(|(_, s)| matches!(s, StepStatus::Done { .. })),
        "{:#?}",
        run.steps
    );

    let copy = app.sb.describe_table("orders-1130").await.unwrap();
    assert!(copy.item_count > corrupted * 2, "{}", copy.item_count);
    assert!(copy.deletion_protection);
    let pitr = app
        .sb
        .describe_continuous_backups("orders-1130")
        .await
        .unwrap();
    assert_eq!((pitr.enabled, pitr.recovery_period_days), (true, Some(35)));
    let orders = app.sb.describe_table("orders").await.unwrap();
    assert_eq!(orders.item_count, corrupted);
    assert_eq!(app.sb.list_tables().await.unwrap().len(), tables_before + 1);
    // The new table is listed once the inventory reloads.
    app.until("orders-1130 listed", |s| {
        s.inventory.tables.contains("orders-1130")
    })
    .await;
}
