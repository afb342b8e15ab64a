//! The recovery timeline in the reducer: opened by its key with the
//! engine's command, filled (or failed) by its event, the cursor moved and
//! the axis zoomed, and the confirm key offering operation 1 or 9 with the
//! cursor's time inside the PITR window and refusing outside it.

#![allow(clippy::unwrap_used, clippy::panic)]

use chrono::{DateTime, Duration, Utc};
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use super::timeline::{ActivityState, MarkKind, TimelineView};
use super::*;
use crate::checks::CheckResult;
use crate::domain::{
    ActivityQuery, BillingMode, PitrStatus, PitrWindow, Table, TableActivity, TableStatus,
};
use crate::inventory::InventoryEvent;
use crate::workflow::OpKind;

fn key(c: char) -> Event {
    Event::Key(KeyEvent::from(KeyCode::Char(c)))
}

fn code(c: KeyCode) -> Event {
    Event::Key(KeyEvent::from(c))
}

/// A writable console holding `orders` with a 1-day PITR window and one
/// backup five hours ago.
pub(crate) fn with_orders() -> State {
    let mut s = super::tests_interrupted::state();
    let pass = CheckResult {
        name: "account",
        passed: true,
        detail: "ok".into(),
        fix: None,
    };
    update(&mut s, Event::Checks(vec![pass]));
    update(
        &mut s,
        Event::Inventory(InventoryEvent::TableNames(vec!["orders".into()])),
    );
    let now = s.now;
    update(
        &mut s,
        Event::Inventory(InventoryEvent::TableLoaded {
            name: "orders".into(),
            table: Table {
                name: "orders".into(),
                arn: "arn:aws:dynamodb:ca-central-1:111122223333:table/orders".into(),
                status: TableStatus::Active,
                item_count: 10,
                size_bytes: 100,
                billing: BillingMode::PayPerRequest,
                deletion_protection: true,
                global_secondary_indexes: vec![],
                created_at: None,
            },
            pitr: PitrStatus {
                enabled: true,
                recovery_period_days: Some(1),
                window: Some(PitrWindow {
                    earliest: now - Duration::days(1),
                    latest: now - Duration::minutes(5),
                }),
            },
        }),
    );
    let backup = crate::domain::Backup {
        arn: "arn:b".into(),
        name: "orders-nightly".into(),
        table_name: "orders".into(),
        status: crate::domain::BackupStatus::Available,
        kind: crate::domain::BackupType::User,
        created_at: now - Duration::hours(5),
        size_bytes: None,
    };
    update(
        &mut s,
        Event::Inventory(InventoryEvent::Backups(Ok(vec![backup]))),
    );
    update(&mut s, Event::Inventory(InventoryEvent::Finished));
    s
}

fn view(s: &State) -> &TimelineView {
    match &s.view.modal {
        Some(Modal::Timeline(v)) => v,
        other => panic!("not the timeline: {other:?}"),
    }
}

/// Opens the timeline and answers its load with `activity`.
pub(crate) fn opened(s: &mut State) -> DateTime<Utc> {
    let cmds = update(s, key('T'));
    let [
        Command::LoadActivity {
            table,
            start,
            end,
            period_secs,
        },
    ] = cmds.as_slice()
    else {
        panic!("expected one LoadActivity: {cmds:?}");
    };
    assert_eq!(table, "orders");
    assert_eq!(*period_secs, 60, "24 hours are read per minute");
    assert_eq!(*end - *start, Duration::hours(24));
    *start
}

fn activity(start: DateTime<Utc>, end: DateTime<Utc>) -> TableActivity {
    let q = ActivityQuery {
        table: "orders",
        start,
        end,
        period_secs: 60,
    };
    let mut a = TableActivity::zeros(&q);
    a.add(
        crate::domain::Metric::DeleteItem,
        end - Duration::hours(2),
        900.0,
    );
    a
}

#[test]
fn the_key_opens_the_timeline_and_its_event_fills_it() {
    let mut s = with_orders();
    let start = opened(&mut s);
    let v = view(&s);
    assert_eq!(v.activity, ActivityState::Loading);
    assert_eq!(v.marks.len(), 1);
    assert_eq!(v.marks[0].kind, MarkKind::Backup);
    // The cursor starts at the window's latest restorable time (a whole
    // minute in this test).
    assert_eq!(v.cursor, s.now - Duration::minutes(5));
    let end = s.now;
    update(
        &mut s,
        Event::Activity {
            table: "orders".into(),
            start,
            result: Ok(activity(start, end)),
        },
    );
    let ActivityState::Loaded(a) = &view(&s).activity else {
        panic!("not loaded");
    };
    assert_eq!(
        a.deletes(a.index_of(end - Duration::hours(2)).unwrap()),
        900.0
    );
}

#[test]
fn a_stale_or_failed_answer_is_dropped_or_shown_with_the_marks() {
    let mut s = with_orders();
    let start = opened(&mut s);
    let now = s.now;
    update(
        &mut s,
        Event::Activity {
            table: "orders".into(),
            start: start - Duration::hours(1),
            result: Ok(activity(start, now)),
        },
    );
    assert_eq!(view(&s).activity, ActivityState::Loading, "stale answer");
    update(
        &mut s,
        Event::Activity {
            table: "orders".into(),
            start,
            result: Err("access denied: cloudwatch:GetMetricData".into()),
        },
    );
    let v = view(&s);
    assert_eq!(
        v.activity,
        ActivityState::Failed("access denied: cloudwatch:GetMetricData".into())
    );
    assert_eq!(v.marks.len(), 1, "the marks are still there");
}

#[test]
fn the_cursor_moves_by_steps_and_large_steps_and_never_past_now() {
    let mut s = with_orders();
    opened(&mut s);
    let at = view(&s).cursor;
    let step = view(&s).step();
    assert_eq!(step, Duration::minutes(10));
    update(&mut s, code(KeyCode::Left));
    assert_eq!(view(&s).cursor, at - step);
    update(&mut s, code(KeyCode::PageUp));
    assert_eq!(view(&s).cursor, at - step * 19);
    update(
        &mut s,
        Event::Key(KeyEvent::new(KeyCode::Right, KeyModifiers::SHIFT)),
    );
    assert_eq!(view(&s).cursor, at - step);
    for _ in 0..5 {
        update(&mut s, code(KeyCode::Right));
    }
    assert_eq!(view(&s).cursor, s.now, "never later than now");
    update(&mut s, code(KeyCode::Home));
    assert_eq!(view(&s).cursor, s.now - Duration::hours(24));
    // Moving past the left edge pans the axis and asks for its activity.
    let cmds = update(&mut s, code(KeyCode::Left));
    assert!(matches!(cmds.as_slice(), [Command::LoadActivity { .. }]));
    assert!(view(&s).start() <= view(&s).cursor);
    update(&mut s, code(KeyCode::End));
    assert_eq!(view(&s).cursor, view(&s).end);
}

#[test]
fn zoom_goes_from_one_hour_to_35_days_and_keeps_the_cursor_on_the_axis() {
    let mut s = with_orders();
    opened(&mut s);
    update(&mut s, code(KeyCode::Left));
    for _ in 0..10 {
        update(&mut s, key('+'));
    }
    let v = view(&s);
    assert_eq!(v.span(), Duration::hours(1));
    assert!(v.start() <= v.cursor && v.cursor <= v.end);
    assert!(v.message.as_deref().unwrap().contains("closest zoom"));
    let mut asked = None;
    for _ in 0..10 {
        for c in update(&mut s, key('-')) {
            if let Command::LoadActivity { period_secs, .. } = c {
                asked = Some(period_secs);
            }
        }
    }
    let v = view(&s);
    assert_eq!(v.span(), Duration::days(35));
    assert!(v.start() <= v.cursor && v.cursor <= v.end);
    // 35 days, reaching past CloudWatch's 15 days of minutes, are read
    // coarser: at most 1440 periods, of 5 minutes at least.
    assert_eq!(asked, Some(2100));
}

#[test]
fn confirm_inside_the_window_offers_1_or_9_with_the_time_typed_in() {
    let mut s = with_orders();
    opened(&mut s);
    for _ in 0..12 {
        update(&mut s, code(KeyCode::Left));
    }
    let at = view(&s).cursor;
    update(&mut s, code(KeyCode::Enter));
    assert!(view(&s).choosing);
    update(&mut s, key('9'));
    match &s.view.modal {
        Some(Modal::Wizard(Wizard::EnterTime { kind, input, .. })) => {
            assert_eq!(*kind, OpKind::PitrToNew);
            assert_eq!(
                input.value(),
                crate::domain::time::format_reference(at).as_str()
            );
        }
        other => panic!("not the time page: {other:?}"),
    }
    // The same with operation 1.
    let mut s = with_orders();
    opened(&mut s);
    update(&mut s, code(KeyCode::Enter));
    update(&mut s, key('1'));
    assert!(matches!(
        &s.view.modal,
        Some(Modal::Wizard(Wizard::EnterTime {
            kind: OpKind::PitrInPlace,
            ..
        }))
    ));
}

#[test]
fn confirm_outside_the_window_is_refused_with_the_reason() {
    let mut s = with_orders();
    opened(&mut s);
    // Five minutes ago is past the window's latest restorable time.
    update(&mut s, code(KeyCode::End));
    update(&mut s, code(KeyCode::Enter));
    let v = view(&s);
    assert!(!v.choosing);
    assert!(
        v.message
            .as_deref()
            .unwrap()
            .contains("outside the PITR window"),
        "{:?}",
        v.message
    );
    // Escape closes the view.
    update(&mut s, code(KeyCode::Esc));
    assert!(s.view.modal.is_none());
}

#[test]
fn the_nearest_mark_is_described() {
    let mut s = with_orders();
    opened(&mut s);
    let text = view(&s).nearest_text();
    assert!(text.starts_with("DynamoDB backup orders-nightly"), "{text}");
    assert!(text.contains("before the cursor"), "{text}");
}
