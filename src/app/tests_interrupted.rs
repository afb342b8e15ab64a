//! Interrupted runs in the reducer. (On screen: `ui/tests.rs`, over the
//! same fixtures.)

use chrono::{TimeZone, Utc};
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use super::*;
use crate::backend::{BackendInfo, BackendKind};
use crate::config::Keymap;
use crate::domain::TableName;
use crate::recovery::{InterruptedRun, InterruptedStep};
use crate::workflow::journal::StepState;

pub(crate) fn state() -> State {
    let info = BackendInfo {
        kind: BackendKind::Sandbox,
        region: "ca-central-1".into(),
        endpoint: None,
        profile: None,
    };
    let now = Utc
        .with_ymd_and_hms(2026, 11, 22, 3, 0, 0)
        .single()
        .unwrap();
    let mut s = State::new(info, false, Keymap::default(), now);
    update(
        &mut s,
        Event::Resize {
            width: 160,
            height: 40,
        },
    );
    s
}

/// The start-up scan found interrupted runs on orders and payments.
pub(crate) fn two_found() -> Event {
    Event::Interrupted(crate::recovery::JournalScan {
        runs: vec![interrupted("orders"), interrupted("payments")],
        unreadable: Vec::new(),
        ..Default::default()
    })
}

pub(crate) fn interrupted(table: &str) -> InterruptedRun {
    let step = |title: &str, state| InterruptedStep {
        title: title.into(),
        state,
        aws_now: None,
    };
    InterruptedRun {
        availability: crate::recovery::Availability::Here,
        journal: format!("/state/journal/20261122T020000Z-{table}-job1.jsonl").into(),
        job: 1,
        label: "PITR restore in place",
        table: table.into(),
        started: Utc
            .with_ymd_and_hms(2026, 11, 22, 2, 0, 0)
            .single()
            .unwrap(),
        stopped: None,
        plan: crate::workflow::plan(
            &crate::workflow::Operation::CreateBackup {
                table: TableName::parse(table).unwrap(),
            },
            Utc.with_ymd_and_hms(2026, 11, 22, 2, 0, 0)
                .single()
                .unwrap(),
        ),
        steps: vec![
            step("Delete orders", StepState::Done { detail: None }),
            InterruptedStep {
                aws_now: Some(format!("{table}: CREATING, protection off")),
                ..step(
                    "Restore orders from the duplicate's backup",
                    StepState::Started,
                )
            },
        ],
        data_now: format!(
            "Data now: {table} does not exist · fallback backup {table}--orig-x (AVAILABLE)"
        ),
        cut_tail: true,
    }
}

fn press(s: &mut State, c: char) -> Vec<Command> {
    update(
        s,
        Event::Key(KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE)),
    )
}

#[test]
fn x_dismisses_the_interrupted_run_under_the_cursor() {
    let mut s = state();
    update(&mut s, two_found());
    // orders takes rows 0-3; row 4 is the payments header.
    for _ in 0..4 {
        press(&mut s, 'j');
    }
    let cmds = press(&mut s, 'x');
    let journal = match cmds.as_slice() {
        [Command::DismissInterrupted { journal }] => journal.clone(),
        other => panic!("{other:?}"),
    };
    assert!(journal.to_string_lossy().contains("payments"));
    assert_eq!(s.runs.interrupted.len(), 1);
    assert_eq!(s.runs.interrupted[0].table, "orders");

    // Outside the Jobs pane, x does nothing.
    s.view.focus = Pane::Tables;
    assert!(press(&mut s, 'x').is_empty());
    assert_eq!(s.runs.interrupted.len(), 1);
}

#[test]
fn c_resumes_the_interrupted_run_under_the_cursor_as_a_new_job() {
    let mut s = state();
    update(&mut s, two_found());
    // Refused while the start-up checks run (read-only until they pass).
    assert!(press(&mut s, 'c').is_empty());
    assert!(s.view.flash.as_deref().unwrap().contains("read-only"));
    let passed = crate::checks::CheckResult {
        name: "account",
        passed: true,
        detail: "ok".into(),
        fix: None,
    };
    update(&mut s, Event::Checks(vec![passed]));
    // c first shows what resuming does; nothing is sent yet, and Esc
    // leaves the run listed.
    assert!(press(&mut s, 'c').is_empty());
    assert!(matches!(s.view.modal, Some(Modal::ConfirmResume { .. })));
    // What it shows (drawn in `ui/tests.rs`): each step kept, checked or run.
    let Some(Modal::ConfirmResume { journal, .. }) = &s.view.modal else {
        panic!("no preview")
    };
    let run = s
        .runs
        .interrupted
        .iter()
        .find(|r| &r.journal == journal)
        .unwrap();
    let rows = super::resume_rows(run);
    assert!(rows[0].1.contains("does not exist"), "{rows:?}");
    assert_eq!(rows[1].0, super::ResumeMark::Kept);
    assert_eq!(rows[2].0, super::ResumeMark::Checked);
    update(&mut s, Event::Key(KeyEvent::from(KeyCode::Esc)));
    assert!(s.view.modal.is_none());
    assert_eq!(s.runs.interrupted.len(), 2);
    assert!(press(&mut s, 'c').is_empty());
    let cmds = update(&mut s, Event::Key(KeyEvent::from(KeyCode::Enter)));
    let (job, journal) = match cmds.as_slice() {
        [Command::ResumeRun { job, journal }] => (*job, journal.clone()),
        other => panic!("{other:?}"),
    };
    assert!(journal.to_string_lossy().contains("orders"));
    assert_eq!(s.runs.ours[0].job, job);
    assert_eq!(s.runs.ours[0].table, "orders");
    assert_eq!(s.runs.interrupted.len(), 1);
}

/// The keymap of a config that moves resume, dismiss, refresh and a dialog
/// key away from their built-in keys.
pub(crate) fn rebound() -> Keymap {
    let text = "[keys]\nresume = [\"R\"]\ndismiss = [\"D\"]\nrefresh = [\"f5\"]\n\
                [keys.dialog]\ncancel = [\"ctrl-g\"]\n";
    crate::config::Config::parse(text, std::path::Path::new("rebound.toml"))
        .unwrap()
        .keymap()
}

#[test]
fn messages_name_the_keys_in_force() {
    let mut s = state();
    s.keymap = rebound();
    update(
        &mut s,
        Event::Interrupted(crate::recovery::JournalScan {
            runs: vec![interrupted("orders")],
            unreadable: Vec::new(),
            ..Default::default()
        }),
    );
    let flash = s.view.flash.clone().unwrap();
    assert!(flash.contains("(R resumes, D dismisses)"), "{flash}");

    // The old keys do nothing; the new ones name themselves.
    assert!(press(&mut s, 'x').is_empty());
    assert_eq!(s.runs.interrupted.len(), 1);
    s.view.focus = Pane::Tables;
    press(&mut s, 'D');
    let flash = s.view.flash.clone().unwrap();
    assert!(flash.starts_with("D (dismiss) works on"), "{flash}");

    s.view.focus = Pane::Jobs;
    s.runs.interrupted[0].availability = crate::recovery::Availability::OtherConsole;
    press(&mut s, 'D');
    let flash = s.view.flash.clone().unwrap();
    assert!(flash.starts_with("D (dismiss) refused: "), "{flash}");

    let err = super::ops::pitr_target(&s, "orders", "latest")
        .unwrap_err()
        .to_string();
    assert!(err.ends_with("refresh (F5)"), "{err}");
}

#[test]
fn a_rebound_dialog_key_works_and_the_built_in_one_no_longer_does() {
    let mut s = state();
    s.keymap = rebound();
    // Cancel moved to Ctrl-g; Esc now types nothing and closes nothing in a
    // list dialog.
    s.view.modal = Some(Modal::Wizard(Wizard::Menu {
        table: TableName::parse("orders").unwrap(),
        cursor: 0,
    }));
    update(
        &mut s,
        Event::Key(KeyEvent::new(KeyCode::Esc, KeyModifiers::NONE)),
    );
    assert!(matches!(
        s.view.modal,
        Some(Modal::Wizard(Wizard::Menu { .. }))
    ));
    update(
        &mut s,
        Event::Key(KeyEvent::new(KeyCode::Char('g'), KeyModifiers::CONTROL)),
    );
    assert!(s.view.modal.is_none());
}

/// Finished runs of earlier sessions, read from their journals, are listed
/// in Jobs after this session's, and `d` on one shows its summary.
#[test]
fn finished_runs_from_journals_are_listed_with_their_summary() {
    let mut s = state();
    let run = crate::recovery::FinishedRun {
        journal: "/state/sandbox/journal/run.jsonl".into(),
        job: 7,
        label: "PITR restore in place",
        table: "orders".into(),
        source: Some("PITR at 2026-11-21 02:00:00 UTC".into()),
        started: s.now,
        ended: Some(s.now),
        outcome: "completed".into(),
        verified: Some("equal: 41 items each, same digest (read in 1 s)".into()),
        kept: vec!["orders--orig-Nov-21-2026-02-00-00".into()],
    };
    update(
        &mut s,
        Event::Interrupted(crate::recovery::JournalScan {
            finished: vec![run],
            ..Default::default()
        }),
    );
    let at = crate::app::jobs::rows(&s)
        .position(|r| matches!(r, crate::app::jobs::JobsRow::Finished(f) if f.job == 7))
        .expect("the finished run is a row");
    let len = crate::app::jobs::row_count(&s);
    s.view.focus = crate::app::Pane::Jobs;
    s.view.jobs_cursor.select(at, len);
    update(&mut s, Event::Key(KeyEvent::from(KeyCode::Char('d'))));
    let Some(Modal::Details(d)) = &s.view.modal else {
        panic!("{:?}", s.view.modal)
    };
    for want in [
        "Source: PITR at 2026-11-21 02:00:00 UTC",
        "Verified: equal: 41 items each, same digest (read in 1 s)",
        "  orders--orig-Nov-21-2026-02-00-00",
        "Journal: /state/sandbox/journal/run.jsonl",
    ] {
        assert!(d.lines.iter().any(|l| l == want), "{want}: {:#?}", d.lines);
    }
}

/// The review key on a finished run asks the engine for its journal's
/// review; the plan that comes back runs as a new job. Elsewhere it says
/// where to press it.
#[test]
fn the_review_of_a_finished_run_reopens_as_a_new_job() {
    let mut s = state();
    let journal = std::path::PathBuf::from("/state/sandbox/journal/run.jsonl");
    let run = crate::recovery::FinishedRun {
        journal: journal.clone(),
        job: 7,
        label: "Create a backup",
        table: "orders".into(),
        source: None,
        started: s.now,
        ended: Some(s.now),
        outcome: "completed".into(),
        verified: None,
        kept: vec!["orders--orig-Nov-21-2026-02-00-00".into()],
    };
    update(
        &mut s,
        Event::Interrupted(crate::recovery::JournalScan {
            finished: vec![run],
            ..Default::default()
        }),
    );
    // On the Tables pane: nothing asked, the footer says where.
    let cmds = update(&mut s, Event::Key(KeyEvent::from(KeyCode::Char('v'))));
    assert!(cmds.is_empty());
    assert!(s.view.flash.as_deref().unwrap().contains("finished run"));
    s.view.focus = crate::app::Pane::Jobs;
    let cmds = update(&mut s, Event::Key(KeyEvent::from(KeyCode::Char('v'))));
    assert_eq!(
        cmds,
        vec![Command::ReopenReview {
            of: crate::app::ReviewOf::Journal(journal)
        }]
    );
    let plan = crate::workflow::plan(
        &crate::workflow::OpKind::ReviewLeftovers.example(TableName::parse("orders").unwrap()),
        s.now,
    );
    // Read-only while the checks run: refused, with the reason.
    let cmds = update(&mut s, Event::ReviewReady(plan.clone()));
    assert!(cmds.is_empty());
    assert!(
        s.view
            .flash
            .as_deref()
            .unwrap()
            .starts_with("refused: read-only")
    );
    update(&mut s, Event::Checks(Vec::new()));
    let cmds = update(&mut s, Event::ReviewReady(plan));
    assert!(
        matches!(cmds.as_slice(), [Command::StartRun { job: 1, .. }]),
        "{:?}",
        s.view.flash
    );
    assert_eq!(s.runs.ours[0].label, "Cleanup review, reopened");
}
