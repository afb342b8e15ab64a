//! The view over the reducer's fixtures.

use ratatui::Terminal;
use ratatui::backend::TestBackend;

use crate::app::tests_interrupted::{interrupted, state, two_found};
use crate::app::{Event, Pane, State, update};
use crate::domain::TableName;

fn screen(s: &State) -> String {
    let mut terminal = Terminal::new(TestBackend::new(160, 40)).unwrap();
    terminal.draw(|f| super::draw(f, s)).unwrap();
    let buffer = terminal.backend().buffer().clone();
    buffer
        .content()
        .chunks(160)
        .map(|row| row.iter().map(|c| c.symbol()).collect::<String>())
        .collect::<Vec<_>>()
        .join("\n")
}

#[test]
fn interrupted_runs_take_the_jobs_pane_with_where_the_data_is_now() {
    let mut s = state();
    update(&mut s, two_found());
    assert_eq!(s.view.focus, Pane::Jobs);
    assert!(
        s.view
            .flash
            .as_deref()
            .unwrap()
            .contains("2 operations were interrupted")
    );
    let text = screen(&s);
    assert!(text.contains("2 INTERRUPTED"), "{text}");
    assert!(text.contains("⚠ crashed"), "{text}");
    assert!(
        text.contains("INTERRUPTED · PITR restore in place · orders"),
        "{text}"
    );
    assert!(text.contains("Data now: orders does not exist"), "{text}");
    assert!(text.contains("? unsure"), "{text}");
    assert!(text.contains("AWS now: orders: CREATING"), "{text}");
    assert!(text.contains("journal cut mid-record"), "{text}");
}

#[test]
fn rebound_keys_show_in_hints_and_help() {
    let mut s = state();
    s.keymap = crate::app::tests_interrupted::rebound();
    update(
        &mut s,
        Event::Interrupted(crate::recovery::JournalScan {
            runs: vec![interrupted("orders")],
            unreadable: Vec::new(),
            ..Default::default()
        }),
    );
    let text = screen(&s);
    assert!(
        text.contains("R: resume · D: dismiss · INTERRUPTED"),
        "{text}"
    );

    let help: Vec<String> = super::help::lines(&s)
        .iter()
        .map(ToString::to_string)
        .collect();
    let row = |what: &str| {
        help.iter()
            .find(|l| l.contains(what))
            .cloned()
            .unwrap_or_default()
    };
    assert!(
        row("resume the interrupted").trim_start().starts_with("R "),
        "{help:#?}"
    );
    assert!(
        row("dismiss the interrupted")
            .trim_start()
            .starts_with("D "),
        "{help:#?}"
    );
    assert!(
        row("reload the inventory").trim_start().starts_with("F5 "),
        "{help:#?}"
    );
    assert!(row("next / cancel").contains("Enter / Ctrl-g"), "{help:#?}");
    assert!(
        row("while filtering").contains("Ctrl-g clears it"),
        "{help:#?}"
    );

    s.view.flash = None;
    s.view.modal = Some(crate::app::Modal::Wizard(crate::app::Wizard::Menu {
        table: TableName::parse("orders").unwrap(),
        cursor: 0,
    }));
    let text = screen(&s);
    assert!(
        text.contains("1-8 or ↑↓ Enter choose · Ctrl-g close"),
        "{text}"
    );
}

/// A restore job is named by the table it makes, then its source.
#[test]
fn a_restore_job_names_its_target_then_its_source() {
    use crate::domain::{Job, JobKind, JobStatus};
    let mut s = state();
    let arn = |t: &str| format!("arn:aws:dynamodb:ca-central-1:111122223333:table/{t}");
    s.inventory.jobs = vec![Job {
        id: "restore-job-001101".into(),
        kind: JobKind::Restore,
        status: JobStatus::Running,
        percent_done: Some(10.0),
        resource_arn: Some(arn("orders")),
        recovery_point_arn: None,
        created_resource_arn: Some(arn("orders-copy")),
        created_at: s.now,
        completed_at: None,
        status_message: None,
    }];
    let text = screen(&s);
    assert!(
        text.contains("AWS restore job · orders-copy from orders"),
        "{text}"
    );
}
