//! The panes' cursors through the reducer: each is fitted to its pane's
//! rows and the layout's height after every event, so the selection is
//! always on a row and in view.

use super::*;
use crate::domain::{Job, JobKind, JobStatus};
use crate::workflow::{Operation, plan};

fn aws_jobs(n: usize, now: chrono::DateTime<Utc>) -> Vec<Job> {
    (0..n)
        .map(|i| Job {
            id: format!("job-{i:02}"),
            kind: JobKind::Backup,
            status: JobStatus::Completed,
            percent_done: None,
            resource_arn: None,
            recovery_point_arn: None,
            created_resource_arn: None,
            created_at: now - Duration::minutes(i as i64),
            completed_at: Some(now),
            status_message: None,
            copy: None,
        })
        .collect()
}

/// Loaded at 100×40, where every pane has a few rows.
fn tall(names: &[&str]) -> State {
    let mut s = loaded(names);
    update(
        &mut s,
        Event::Resize {
            width: 100,
            height: 40,
        },
    );
    s
}

/// `n` tables, `t000` up, loaded at 100×40.
fn numbered(n: usize) -> State {
    let names: Vec<String> = (0..n).map(|i| format!("t{i:03}")).collect();
    tall(&names.iter().map(String::as_str).collect::<Vec<_>>())
}

fn shown(c: Cursor, len: usize, height: usize) -> std::ops::Range<usize> {
    c.visible(len, height)
}

/// Up from the bottom moves the selection inside the view; the view
/// scrolls only once the selection reaches its top, as in the Tables pane.
#[test]
fn the_jobs_pane_scrolls_only_when_the_selection_leaves_it() {
    let mut s = tall(&["a-1"]);
    let jobs = aws_jobs(30, s.now);
    update(&mut s, Event::Inventory(InventoryEvent::Jobs(Ok(jobs))));
    update(&mut s, code(KeyCode::BackTab));
    assert_eq!(s.view.focus, Pane::Jobs);
    let h = super::super::layout::list_heights(s.view.size, false).jobs;
    assert!(h > 3 && h < 27, "{h}");

    update(&mut s, key('G'));
    let bottom = 30 - h;
    assert_eq!(s.view.jobs_cursor.selected(), 29);
    assert_eq!(s.view.jobs_cursor.offset(), bottom);
    update(&mut s, key('k'));
    update(&mut s, key('k'));
    assert_eq!(s.view.jobs_cursor.selected(), 27);
    assert_eq!(s.view.jobs_cursor.offset(), bottom, "the view stays");
    for _ in 0..h {
        update(&mut s, key('k'));
    }
    assert_eq!(s.view.jobs_cursor.selected(), 27 - h);
    assert_eq!(s.view.jobs_cursor.offset(), 27 - h, "the view follows");
    update(&mut s, code(KeyCode::PageDown));
    assert_eq!(s.view.jobs_cursor.selected(), 27);
    assert!(shown(s.view.jobs_cursor, 30, h).contains(&27));
}

/// A reload with fewer jobs leaves the selection on the last one, with the
/// pane full; one with more keeps it where it was.
#[test]
fn a_reload_of_the_jobs_keeps_the_selection_on_a_row() {
    let mut s = tall(&["a-1"]);
    let now = s.now;
    update(
        &mut s,
        Event::Inventory(InventoryEvent::Jobs(Ok(aws_jobs(30, now)))),
    );
    update(&mut s, code(KeyCode::BackTab));
    for _ in 0..20 {
        update(&mut s, key('j'));
    }
    let h = super::super::layout::list_heights(s.view.size, false).jobs;
    update(
        &mut s,
        Event::Inventory(InventoryEvent::Jobs(Ok(aws_jobs(35, now)))),
    );
    assert_eq!(s.view.jobs_cursor.selected(), 20);
    update(
        &mut s,
        Event::Inventory(InventoryEvent::Jobs(Ok(aws_jobs(8, now)))),
    );
    assert_eq!(s.view.jobs_cursor.selected(), 7);
    assert_eq!(s.view.jobs_cursor.offset(), 8_usize.saturating_sub(h));
    update(
        &mut s,
        Event::Inventory(InventoryEvent::Jobs(Ok(Vec::new()))),
    );
    assert_eq!(s.view.jobs_cursor, Cursor::default());
}

/// The filter keeps the selected table, and the pane scrolls back to show
/// it among the fewer rows that match.
#[test]
fn a_filter_keeps_the_selected_table_in_view() {
    let mut s = numbered(100);
    update(&mut s, key('G'));
    update(&mut s, key('/'));
    for c in "t09".chars() {
        update(&mut s, key(c));
    }
    let t = &s.inventory.tables;
    assert_eq!(t.selected_name(), Some("t099"));
    let h = super::super::layout::list_heights(s.view.size, false).tables;
    let rows = shown(t.cursor(), t.visible_len(), h);
    assert!(rows.contains(&t.selected_pos()), "{rows:?}");
    assert_eq!(rows.len(), h.min(10));
}

/// The first operation gives the Jobs pane more room and the Tables pane
/// less: the table it runs on stays in view.
#[test]
fn the_first_operation_keeps_the_selected_table_in_view() {
    let mut s = numbered(20);
    for _ in 0..10 {
        update(&mut s, key('j'));
    }
    let idle = super::super::layout::list_heights(s.view.size, false).tables;
    let busy = super::super::layout::list_heights(s.view.size, true).tables;
    assert!(busy <= 10 && 10 < idle, "{busy} {idle}");
    assert_eq!(s.inventory.tables.offset(), 0);

    let op = Operation::DeleteTable {
        table: crate::domain::TableName::parse("t010").unwrap(),
        fallback_backup: false,
    };
    let p = plan(&op, s.now);
    s.runs.ours.insert(0, RunView::new(1, &p, s.now));
    let now = s.now;
    update(&mut s, Event::Tick(now));
    let t = &s.inventory.tables;
    assert_eq!(t.selected_name(), Some("t010"));
    assert!(shown(t.cursor(), t.visible_len(), busy).contains(&10));
}

/// The Recovery pane's rows are the selected table's: another table puts
/// its cursor back on the first row.
#[test]
fn another_table_puts_the_recovery_cursor_on_its_first_row() {
    let mut s = loaded(&["a-1", "b-2"]);
    s.view.recovery_cursor.select(3, 10);
    update(&mut s, key('j'));
    assert_eq!(s.view.recovery_cursor, Cursor::default());
}
