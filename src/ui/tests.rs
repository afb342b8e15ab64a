//! The view over the reducer's fixtures.

use ratatui::Terminal;
use ratatui::backend::TestBackend;

use crate::app::tests_interrupted::{interrupted, state, two_found};
use crate::app::{Event, Pane, State, update};
use crate::domain::TableName;

fn screen(s: &State) -> String {
    screen_at(s, 160, 40)
}

fn screen_at(s: &State, w: u16, h: u16) -> String {
    let mut terminal = Terminal::new(TestBackend::new(w, h)).unwrap();
    terminal.draw(|f| super::draw(f, s)).unwrap();
    let buffer = terminal.backend().buffer().clone();
    buffer
        .content()
        .chunks(usize::from(w))
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

    // Once the message is read, the footer names the keys of the row under
    // the cursor: an interrupted run is resumed or dismissed.
    s.view.flash = None;
    let footer = screen(&s).lines().last().unwrap_or_default().to_owned();
    assert!(
        footer.contains("c resume  x dismiss  d details"),
        "{footer}"
    );
    assert!(!footer.contains("operations"), "{footer}");
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

    let help: Vec<String> = crate::app::help::rows(&s, 200)
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
        text.contains(" or ↑↓ Enter choose · Ctrl-g close"),
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
        copy: None,
    }];
    let text = screen(&s);
    assert!(
        text.contains("AWS restore job · orders-copy from orders"),
        "{text}"
    );
}

/// Quitting mid-run says what the table is left as, what AWS goes on
/// doing, and what resuming after a restart does.
#[test]
fn quitting_mid_run_says_where_the_data_is_and_what_goes_on() {
    use crate::app::{Modal, RunView};
    use crate::workflow::{OpKind, StepStatus, plan};
    let mut s = state();
    let op = OpKind::PitrInPlace.example(TableName::parse("orders").unwrap());
    let p = plan(&op, s.now);
    let mut run = RunView::new(1, &p, s.now);
    for i in 0..7 {
        run.set_step(
            i,
            StepStatus::Done {
                took: std::time::Duration::from_secs(1),
                detail: None,
            },
        );
    }
    run.set_step(
        7,
        StepStatus::Running {
            started: s.now,
            progress: None,
            detail: None,
        },
    );
    s.runs.ours.push(run);
    s.view.modal = Some(Modal::ConfirmQuit);
    let text = screen(&s);
    assert!(text.contains("1 operation still running"), "{text}");
    assert!(text.contains("stops in step 8: Restore orders"), "{text}");
    assert!(
        text.contains("orders does not exist now (deleted in step 7)"),
        "{text}"
    );
    assert!(
        text.contains("AWS goes on restoring orders without this console"),
        "{text}"
    );
    assert!(text.contains("c shows what is"), "{text}");
    assert!(text.contains("x dismisses it."), "{text}");
}

/// At 90×25 the quit dialog and the resume preview still say everything:
/// the quit dialog wraps, the resume preview scrolls.
#[test]
fn quit_and_resume_dialogs_fit_90x25() {
    use crate::app::{Modal, RunView};
    use crate::workflow::{OpKind, StepStatus, plan};
    let mut s = state();
    update(&mut s, two_found());
    s.view.size = (90, 25);
    s.view.flash = None;
    s.header.checks = crate::app::ChecksState::Done(vec![crate::checks::CheckResult {
        name: "account",
        passed: true,
        detail: "ok".into(),
        fix: None,
    }]);
    update(
        &mut s,
        Event::Key(crossterm::event::KeyEvent::from(
            crossterm::event::KeyCode::Char('c'),
        )),
    );
    let text = screen_at(&s, 90, 25);
    assert!(
        text.contains("Resume PITR restore in place · orders?"),
        "{text}"
    );
    assert!(text.contains("? checked  2. Restore orders"), "{text}");
    assert!(text.contains("Enter resume · Esc not now"), "{text}");
    assert!(text.contains("✔ kept"), "{text}");
    assert!(text.contains("▶ runs, with its questions"), "{text}");

    s.view.modal = None;
    let op = OpKind::DeleteTable.example(TableName::parse("legacy").unwrap());
    let p = plan(&op, s.now);
    let delete = p
        .steps
        .iter()
        .position(|st| st.title.starts_with("Delete"))
        .unwrap();
    let mut run = RunView::new(9, &p, s.now);
    for i in 0..=delete {
        run.set_step(
            i,
            StepStatus::Done {
                took: std::time::Duration::from_secs(1),
                detail: None,
            },
        );
    }
    s.runs.ours.push(run);
    s.view.modal = Some(Modal::ConfirmQuit);
    let text = screen_at(&s, 90, 25);
    assert!(
        text.contains("legacy does not exist now (deleted in step"),
        "{text}"
    );
    assert!(text.contains("y quit"), "{text}");
    assert!(text.contains("dismisses it."), "{text}");
}
