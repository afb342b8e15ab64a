//! Operation 16 "Restore in another region" in the reducer, and the
//! Recovery pane's exports and copies: the menu's key opens the source
//! page; the latest time leads to the name page proposing the table's own
//! name, then the new-table page and the plan; a copy in the DR vault is a
//! row of its own; a name the DR region has is refused where typed; no DR
//! vault disables it with its reason; exports and copies arrive as rows
//! and timeline marks.

#![allow(clippy::unwrap_used, clippy::panic)]

use chrono::Duration;
use crossterm::event::{KeyCode, KeyEvent};

use super::*;
use crate::domain::{
    Export, ExportKind, ExportStatus, Lifecycle, PitrTarget, RecoveryPoint, RecoveryPointStatus,
    StorageClass,
};
use crate::workflow::{Operation, RegionSource};

const DR_VAULT: &str = "arn:aws:backup:us-west-2:111122223333:backup-vault:dr-vault";
const TABLE_ARN: &str = "arn:aws:dynamodb:ca-central-1:111122223333:table/orders";

fn press(s: &mut State, code: KeyCode) -> Vec<Command> {
    update(s, Event::Key(KeyEvent::from(code)))
}

fn open(s: &mut State) {
    press(s, KeyCode::Char('o'));
    press(s, KeyCode::Char('G'));
}

fn copy(s: &State, id: &str, hours_ago: i64) -> RecoveryPoint {
    RecoveryPoint {
        arn: format!("arn:aws:backup:us-west-2:111122223333:recovery-point:{id}"),
        resource_arn: TABLE_ARN.to_owned(),
        created_at: s.now - Duration::hours(hours_ago),
        status: RecoveryPointStatus::Completed,
        storage: StorageClass::Warm,
        lifecycle: Lifecycle::default(),
        size_bytes: Some(2048),
        made_by: None,
    }
}

fn export(s: &State) -> Export {
    Export {
        arn: format!("{TABLE_ARN}/export/01764000000000-abcd1234"),
        table_arn: TABLE_ARN.to_owned(),
        status: ExportStatus::Completed,
        kind: Some(ExportKind::Full {
            at: s.now - Duration::hours(3),
        }),
        bucket: "exports".into(),
        prefix: "orders".into(),
        started_at: Some(s.now - Duration::hours(3)),
        ended_at: None,
        items: Some(1_000),
        bytes: Some(4096),
        manifest: None,
        failure: None,
        client_token: None,
    }
}

/// `orders` (PITR on, or not), a DR vault in us-west-2, and what the
/// sources' read answered.
fn with_dr(pitr: bool, copies: Vec<RecoveryPoint>, dr_tables: &[&str]) -> State {
    let mut s = super::tests_repair::loaded(&["orders"], if pitr { &["orders"] } else { &[] });
    s.inventory.recovery.dr_vault = Some(DR_VAULT.to_owned());
    let cmds = update(
        &mut s,
        Event::Inventory(crate::inventory::InventoryEvent::Finished),
    );
    assert!(
        cmds.iter().any(|c| matches!(
            c,
            Command::LoadRecoverySources { dr_vault: Some(v), .. } if v == DR_VAULT
        )),
        "{cmds:?}"
    );
    update(
        &mut s,
        Event::RecoverySources {
            dr: Some(DrRead {
                copies: Ok(copies),
                tables: Ok(dr_tables.iter().map(|t| t.to_string()).collect()),
            }),
            exports: Ok(Vec::new()),
        },
    );
    s
}

fn planned(s: &State) -> Operation {
    match &s.view.modal {
        Some(Modal::Wizard(Wizard::Plan { plan, .. })) => plan.operation.clone(),
        other => panic!("not the plan: {other:?}"),
    }
}

#[test]
fn the_latest_time_is_restored_in_the_dr_region_under_the_tables_own_name() {
    let mut s = with_dr(true, Vec::new(), &[]);
    open(&mut s);
    assert!(matches!(
        s.view.modal,
        Some(Modal::Wizard(Wizard::RegionSource { cursor: 0, .. }))
    ));
    press(&mut s, KeyCode::Enter);
    let Some(Modal::Wizard(Wizard::EnterName { input, .. })) = &s.view.modal else {
        panic!("{:?}", s.view.modal)
    };
    assert_eq!(input.value(), "orders", "the same name: another region");
    press(&mut s, KeyCode::Enter);
    assert!(matches!(
        s.view.modal,
        Some(Modal::Wizard(Wizard::NewTable(_)))
    ));
    press(&mut s, KeyCode::Enter);
    let op = planned(&s);
    assert_eq!(
        op,
        Operation::RestoreInRegion {
            table: crate::domain::TableName::parse("orders").unwrap(),
            table_arn: TABLE_ARN.to_owned(),
            region: "us-west-2".into(),
            source: RegionSource::Pitr(PitrTarget::Latest),
            target: crate::domain::TableName::parse("orders").unwrap(),
            new_table: crate::workflow::NewTableSettings::both_on(35),
        }
    );
}

#[test]
fn a_copy_in_the_dr_vault_is_a_row_and_a_name_taken_there_is_refused_where_typed() {
    let mut s = with_dr(
        false,
        vec![copy(&s_now(), "old", 30), copy(&s_now(), "new", 2)],
        &["orders"],
    );
    let rows = region::source_choices(&s, "orders");
    // PITR is off: both time rows say so; the copies are listed newest first.
    assert_eq!(rows.len(), 4, "{rows:?}");
    assert!(rows[0].unavailable.is_some() && rows[1].unavailable.is_some());
    assert!(rows[2].text.starts_with("copy new · "), "{}", rows[2].text);
    assert!(rows[3].text.starts_with("copy old · "), "{}", rows[3].text);
    open(&mut s);
    // The cursor starts on the first row that can be chosen: the newest copy.
    assert!(matches!(
        s.view.modal,
        Some(Modal::Wizard(Wizard::RegionSource { cursor: 2, .. }))
    ));
    press(&mut s, KeyCode::Enter);
    // `orders` exists in us-west-2 already: refused under the field.
    press(&mut s, KeyCode::Enter);
    let Some(Modal::Wizard(Wizard::EnterName { error, .. })) = &s.view.modal else {
        panic!("{:?}", s.view.modal)
    };
    assert_eq!(
        error.as_deref(),
        Some("table orders already exists in us-west-2: type a name no table has there")
    );
    for c in "-dr".chars() {
        press(&mut s, KeyCode::Char(c));
    }
    press(&mut s, KeyCode::Enter);
    press(&mut s, KeyCode::Enter);
    let Operation::RestoreInRegion { source, target, .. } = planned(&s) else {
        panic!()
    };
    assert_eq!(target.as_str(), "orders-dr");
    assert_eq!(
        source,
        RegionSource::Copy {
            point: "arn:aws:backup:us-west-2:111122223333:recovery-point:new".into(),
            vault: "dr-vault".into(),
        }
    );
}

fn s_now() -> State {
    super::tests_repair::loaded(&["orders"], &[])
}

#[test]
fn without_a_dr_vault_or_anything_to_restore_there_the_menu_says_why() {
    let mut s = super::tests_repair::loaded(&["orders"], &["orders"]);
    open(&mut s);
    assert!(matches!(
        s.view.modal,
        Some(Modal::Wizard(Wizard::Menu { .. }))
    ));
    let why = refusal::menu_refusal(&s, "orders", OpKind::RestoreInRegion).unwrap();
    assert_eq!(why.brief(), "no DR region configured");
    assert!(why.to_string().contains("[copies] vault_arn"), "{why}");
    // A DR vault, but PITR off and no copy there.
    let s = with_dr(false, Vec::new(), &[]);
    let why = refusal::menu_refusal(&s, "orders", OpKind::RestoreInRegion).unwrap();
    assert_eq!(
        why.to_string(),
        "orders has neither PITR nor a copy in the DR vault (dr-vault in us-west-2): copy a \
         recovery point there first (operation 15)"
    );
}

/// `[copies] region` (or `--dr-region`) without a DR vault: the table's
/// point in time is restored there; a copy cannot be, and its row says a
/// vault is needed.
#[test]
fn a_named_dr_region_without_a_vault_restores_from_pitr_there() {
    let mut s = super::tests_repair::loaded(&["orders"], &["orders"]);
    s.inventory.recovery.dr_region_named = Some("eu-west-1".to_owned());
    let cmds = update(
        &mut s,
        Event::Inventory(crate::inventory::InventoryEvent::Finished),
    );
    assert!(
        cmds.iter().any(|c| matches!(
            c,
            Command::LoadRecoverySources { dr_vault: None, dr_region: Some(r) } if r == "eu-west-1"
        )),
        "{cmds:?}"
    );
    update(
        &mut s,
        Event::RecoverySources {
            dr: Some(DrRead {
                copies: Ok(Vec::new()),
                tables: Ok(Vec::new()),
            }),
            exports: Ok(Vec::new()),
        },
    );
    assert_eq!(
        refusal::menu_refusal(&s, "orders", OpKind::RestoreInRegion),
        None
    );
    let rows = crate::app::region::source_choices(&s, "orders");
    let no_copy = rows
        .iter()
        .find(|r| r.row == crate::app::region::RegionSourceRow::NoCopy)
        .unwrap();
    assert!(no_copy.text.contains("none is set"), "{}", no_copy.text);
    assert!(no_copy.unavailable.is_some());
    open(&mut s);
    press(&mut s, KeyCode::Enter);
    press(&mut s, KeyCode::Enter);
    press(&mut s, KeyCode::Enter);
    let Operation::RestoreInRegion { region, source, .. } = planned(&s) else {
        panic!("not a restore in another region")
    };
    assert_eq!(region, "eu-west-1");
    assert_eq!(source, RegionSource::Pitr(PitrTarget::Latest));
    // Without PITR there is nothing to restore there: the menu says so.
    let mut s = super::tests_repair::loaded(&["orders"], &[]);
    s.inventory.recovery.dr_region_named = Some("eu-west-1".to_owned());
    let why = refusal::menu_refusal(&s, "orders", OpKind::RestoreInRegion).unwrap();
    assert!(why.to_string().contains("(none is set)"), "{why}");
}

#[test]
fn a_time_outside_the_window_is_refused_where_typed() {
    let mut s = with_dr(true, Vec::new(), &[]);
    open(&mut s);
    press(&mut s, KeyCode::Down);
    press(&mut s, KeyCode::Enter);
    assert!(matches!(
        s.view.modal,
        Some(Modal::Wizard(Wizard::EnterTime {
            kind: OpKind::RestoreInRegion,
            ..
        }))
    ));
    for c in "-40d".chars() {
        press(&mut s, KeyCode::Char(c));
    }
    press(&mut s, KeyCode::Enter);
    let Some(Modal::Wizard(Wizard::EnterTime { error, .. })) = &s.view.modal else {
        panic!("{:?}", s.view.modal)
    };
    assert!(
        error.as_deref().is_some_and(|e| e.contains("window")),
        "{error:?}"
    );
}

#[test]
fn exports_and_copies_are_rows_of_the_recovery_pane_and_marks_of_the_timeline() {
    let mut s = with_dr(true, Vec::new(), &[]);
    assert_eq!(s.inventory.recovery_rows(), 0);
    let c = copy(&s, "c1", 5);
    let x = export(&s);
    update(
        &mut s,
        Event::RecoverySources {
            dr: Some(DrRead {
                copies: Ok(vec![c.clone()]),
                tables: Ok(Vec::new()),
            }),
            exports: Ok(vec![x.clone()]),
        },
    );
    assert_eq!(s.inventory.recovery_rows(), 2);
    let rows: Vec<_> = s.inventory.recovery.pane_rows("orders").collect();
    assert!(matches!(rows[0], PaneRow::Export(e) if e.arn == x.arn));
    assert!(matches!(rows[1], PaneRow::DrCopy(p) if p.arn == c.arn));
    let marks = timeline::marks_of(&s, "orders");
    assert!(
        marks.iter().any(
            |m| m.kind == timeline::MarkKind::Export && m.label.contains("s3://exports/orders")
        ),
        "{marks:?}"
    );
    assert!(
        marks
            .iter()
            .any(|m| m.kind == timeline::MarkKind::Copy && m.label == "copy c1 in us-west-2"),
        "{marks:?}"
    );
}

#[test]
fn when_exports_cannot_be_listed_this_consoles_are_shown_and_the_list_is_partial() {
    let mut s = with_dr(true, Vec::new(), &[]);
    update(
        &mut s,
        Event::RecoverySources {
            dr: None,
            exports: Err("ListExports is not served by this endpoint".into()),
        },
    );
    let partial = s.inventory.recovery.exports.partial.clone().unwrap();
    assert!(
        partial.contains("only the exports this console started are shown"),
        "{partial}"
    );
    assert_eq!(s.inventory.recovery.exports_of("orders").len(), 0);
}

/// `[exports]` names the location the export and import pages propose,
/// `{table}` the table's name; without it, the page starts blank off the
/// sandbox.
#[test]
fn the_export_page_proposes_the_configured_bucket_and_prefix() {
    use crate::app::S3Page;
    let mut s = s_now();
    s.header.backend.kind = crate::backend::BackendKind::Aws;
    let orders = crate::domain::TableName::parse("orders").unwrap();
    let page = S3Page::new(&s, OpKind::ExportToS3, orders.clone());
    assert_eq!(page.location.value(), "");
    s.exports = crate::config::ExportsConfig {
        bucket: Some("acme-dr-exports".into()),
        prefix: "dynamodb/{table}/".into(),
    };
    let page = S3Page::new(&s, OpKind::ExportToS3, orders.clone());
    assert_eq!(
        page.location.value(),
        "s3://acme-dr-exports/dynamodb/orders"
    );
    let page = S3Page::new(&s, OpKind::ImportFromS3, orders);
    assert_eq!(
        page.location.value(),
        "s3://acme-dr-exports/dynamodb/orders"
    );
}

/// The drill's two export rows: the newest full export imported, or the
/// table by PITR at that export's instant; both verified against it.
#[test]
fn a_drill_can_import_the_newest_export_or_restore_its_instant_by_pitr() {
    use crate::app::drill::{DrillSourceRow, pitr_at_export, source_choices};
    use crate::workflow::DrillSource;
    let mut s = with_dr(true, Vec::new(), &[]);
    let refused = |s: &State, row| {
        source_choices(s, "orders")
            .into_iter()
            .find(|c| c.row == row)
            .unwrap()
            .unavailable
    };
    assert_eq!(
        refused(&s, DrillSourceRow::Export)
            .map(|r| r.brief())
            .as_deref(),
        Some("no export")
    );
    assert!(refused(&s, DrillSourceRow::PitrAtExport).is_some());
    let x = export(&s);
    update(
        &mut s,
        Event::RecoverySources {
            dr: None,
            exports: Ok(vec![x.clone()]),
        },
    );
    assert_eq!(refused(&s, DrillSourceRow::Export), None);
    assert_eq!(refused(&s, DrillSourceRow::PitrAtExport), None);
    let folder =
        crate::domain::S3Location::new("exports", "orders/AWSDynamoDB/01764000000000-abcd1234")
            .unwrap();
    assert_eq!(
        pitr_at_export(&s, "orders"),
        Ok(DrillSource::PitrAtExport {
            at: s.now - Duration::hours(3),
            export: folder.clone(),
        })
    );
    assert_eq!(crate::app::drill::latest_export(&s, "orders"), Some(folder));
    // An export made a minute ago is past the window's end as loaded (it
    // moves on): left to the preflight, which asks afresh. One older than
    // the window's start is refused here.
    let fresh = Export {
        kind: Some(ExportKind::Full {
            at: s.now - Duration::minutes(1),
        }),
        ..x.clone()
    };
    update(
        &mut s,
        Event::RecoverySources {
            dr: None,
            exports: Ok(vec![fresh]),
        },
    );
    assert_eq!(refused(&s, DrillSourceRow::PitrAtExport), None);
    let old = Export {
        kind: Some(ExportKind::Full {
            at: s.now - Duration::days(40),
        }),
        ..x.clone()
    };
    update(
        &mut s,
        Event::RecoverySources {
            dr: None,
            exports: Ok(vec![old]),
        },
    );
    assert_eq!(
        refused(&s, DrillSourceRow::PitrAtExport)
            .map(|r| r.brief())
            .as_deref(),
        Some("before the window")
    );
    // Without PITR, only the import is left.
    let mut s = super::tests_repair::loaded(&["orders"], &[]);
    update(
        &mut s,
        Event::RecoverySources {
            dr: None,
            exports: Ok(vec![x]),
        },
    );
    assert_eq!(refused(&s, DrillSourceRow::Export), None);
    assert_eq!(
        refused(&s, DrillSourceRow::PitrAtExport)
            .map(|r| r.brief())
            .as_deref(),
        Some("PITR is off")
    );
}
