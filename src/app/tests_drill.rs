//! Operation 17 "DR drill" in the reducer: the menu's key opens the source
//! page; the latest copy (PITR when on, else the newest backup or point)
//! reaches the plan at once, a backup through the shared picker; a table
//! with no copy at all has the latest row disabled with its reason; the
//! drill history loaded feeds the posture rules.

#![allow(clippy::unwrap_used, clippy::panic)]

use crossterm::event::{KeyCode, KeyEvent};

use super::*;
use crate::domain::PitrTarget;
use crate::workflow::{DrillSource, Operation};

fn press(s: &mut State, code: KeyCode) -> Vec<Command> {
    update(s, Event::Key(KeyEvent::from(code)))
}

/// The operations menu on the selected table, then the drill's key.
fn open_drill(s: &mut State) {
    press(s, KeyCode::Char('o'));
    press(s, KeyCode::Char('d'));
}

fn plan_source(s: &State) -> (String, DrillSource) {
    match &s.view.modal {
        Some(Modal::Wizard(Wizard::Plan { plan, .. })) => match &plan.operation {
            Operation::Drill { table, source } => (table.to_string(), source.clone()),
            other => panic!("not a drill: {other:?}"),
        },
        other => panic!("not the plan: {other:?}"),
    }
}

#[test]
fn the_latest_copy_of_a_table_with_pitr_is_its_latest_restorable_time() {
    let mut s = super::tests_repair::loaded(&["orders"], &["orders"]);
    open_drill(&mut s);
    assert!(matches!(
        s.view.modal,
        Some(Modal::Wizard(Wizard::DrillSource { cursor: 0, .. }))
    ));
    press(&mut s, KeyCode::Enter);
    assert_eq!(
        plan_source(&s),
        ("orders".into(), DrillSource::Pitr(PitrTarget::Latest))
    );
    // The plan names the scratch table and says the source is only read.
    let Some(Modal::Wizard(Wizard::Plan { plan, .. })) = &s.view.modal else {
        panic!()
    };
    let warnings = plan.warnings().join("\n");
    assert!(warnings.contains("orders is only read"), "{warnings}");
    assert!(warnings.contains("no fallback backup"), "{warnings}");
    assert!(
        plan.steps
            .iter()
            .any(|p| p.title.contains("orders--drill-"))
    );
}

#[test]
fn without_pitr_the_latest_copy_is_the_newest_backup_and_a_backup_can_be_picked() {
    let mut s = super::tests_repair::loaded(&["orders"], &[]);
    super::tests_repair::with_copies(&mut s);
    open_drill(&mut s);
    press(&mut s, KeyCode::Enter);
    let (_, source) = plan_source(&s);
    assert!(
        matches!(&source, DrillSource::Backup(arn) if arn.as_str().ends_with("/newest")),
        "{source:?}"
    );
    // Back to the menu, then the backup row (third) and the older backup.
    press(&mut s, KeyCode::Esc);
    open_drill(&mut s);
    press(&mut s, KeyCode::Down);
    press(&mut s, KeyCode::Down);
    press(&mut s, KeyCode::Enter);
    press(&mut s, KeyCode::Down);
    press(&mut s, KeyCode::Enter);
    let (_, source) = plan_source(&s);
    assert!(
        matches!(&source, DrillSource::Backup(arn) if arn.as_str().ends_with("/older")),
        "{source:?}"
    );
}

#[test]
fn a_table_with_no_copy_cannot_be_drilled_and_says_why() {
    let mut s = super::tests_repair::loaded(&["orders"], &[]);
    open_drill(&mut s);
    // The menu keeps it disabled, its reason under the rows.
    assert!(matches!(
        s.view.modal,
        Some(Modal::Wizard(Wizard::Menu { .. }))
    ));
    assert_eq!(
        refusal::menu_refusal(&s, "orders", OpKind::Drill).map(|r| r.brief()),
        Some("no copy".to_owned())
    );
    let rows = drill::source_choices(&s, "orders");
    assert!(rows.iter().all(|r| r.unavailable.is_some()), "{rows:?}");
    assert_eq!(
        rows[0].unavailable.as_ref().unwrap().to_string(),
        "orders has nothing to restore from: PITR is off and it has no backup or recovery point"
    );
}

#[test]
fn an_inventory_load_asks_for_the_drill_history_and_posture_reads_it() {
    let mut s = super::tests_repair::loaded(&["orders"], &["orders"]);
    s.posture.drill_every_days = Some(crate::config::Days(30));
    let row = s.inventory.tables.selected().unwrap().clone();
    let rule = |s: &State| {
        posture::of_row(s, &row)
            .rules
            .into_iter()
            .find(|r| r.rule == crate::posture::Rule::DrillEveryDays)
            .unwrap()
            .verdict
    };
    assert_eq!(rule(&s), crate::posture::Verdict::NotChecked);
    let cmds = update(
        &mut s,
        Event::Inventory(crate::inventory::InventoryEvent::Finished),
    );
    assert!(cmds.iter().any(|c| matches!(c, Command::LoadDrills)));
    update(
        &mut s,
        Event::DrillsLoaded(Some(crate::drill::DrillHistory::default())),
    );
    assert_eq!(rule(&s), crate::posture::Verdict::Fail);
}
