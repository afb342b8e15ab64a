//! The Jobs pane's AWS jobs on the seeded sandbox: the cross-region copy job
//! is a row like the others, and the state filter key cycles all / running /
//! failed / done over the AWS job rows, named in the pane's title.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use crossterm::event::{KeyCode, KeyEvent};
use dynamo_dr::app::jobs::{self, JobsRow};
use dynamo_dr::app::jobs_filter::JobsFilter;
use dynamo_dr::app::{Action, Event, Pane, State, update};
use dynamo_dr::domain::{JobKind, JobStatus};
use dynamo_dr::ui;
use ratatui::Terminal;
use ratatui::backend::TestBackend;

fn render(state: &State, w: u16, h: u16) -> Terminal<TestBackend> {
    let mut t = Terminal::new(TestBackend::new(w, h)).unwrap();
    t.draw(|f| ui::draw(f, state)).unwrap();
    t
}

fn screen_text(t: &Terminal<TestBackend>) -> String {
    let buf = t.backend().buffer();
    let width = buf.area.width as usize;
    buf.content
        .chunks(width)
        .map(|row| row.iter().map(|c| c.symbol()).collect::<String>())
        .collect::<Vec<_>>()
        .join("\n")
}

fn key(state: &mut State, c: KeyCode) {
    update(state, Event::Key(KeyEvent::from(c)));
}

/// The seeded console with the Jobs pane focused.
async fn jobs_focused(w: u16, h: u16) -> State {
    let (sb, _) = common::sandbox();
    let mut s = common::loaded_state(sb, (w, h)).await;
    while s.view.focus != Pane::Jobs {
        key(&mut s, KeyCode::Tab);
    }
    s
}

/// The filter key, as the keymap in force names it.
fn filter_key(s: &State) -> KeyCode {
    let k = s.keymap.key(Action::JobsFilter).to_string();
    assert_eq!(k.chars().count(), 1, "{k}");
    KeyCode::Char(k.chars().next().unwrap())
}

fn aws_rows(s: &State) -> Vec<(JobKind, JobStatus)> {
    jobs::rows(s)
        .filter_map(|r| match r {
            JobsRow::Aws(j) => Some((j.kind, j.status.clone())),
            _ => None,
        })
        .collect()
}

#[tokio::test]
async fn the_filter_key_cycles_the_aws_job_rows_by_state() {
    let mut s = jobs_focused(160, 45).await;
    let all = aws_rows(&s);
    assert_eq!(all.len(), 6, "{all:?}");
    assert!(all.contains(&(JobKind::Copy, JobStatus::Completed)));
    let k = filter_key(&s);
    key(&mut s, k);
    assert_eq!(s.view.jobs_filter, JobsFilter::Running);
    assert_eq!(aws_rows(&s), [(JobKind::Backup, JobStatus::Running)]);
    key(&mut s, k);
    assert_eq!(s.view.jobs_filter, JobsFilter::Failed);
    assert_eq!(aws_rows(&s), [(JobKind::Backup, JobStatus::Expired)]);
    key(&mut s, k);
    assert_eq!(s.view.jobs_filter, JobsFilter::Done);
    let done = aws_rows(&s);
    assert_eq!(done.len(), 4);
    assert!(done.iter().all(|(_, st)| *st == JobStatus::Completed));
    // The cursor, at the bottom, stays on a row as the list shrinks.
    key(&mut s, KeyCode::End);
    key(&mut s, k);
    assert_eq!(s.view.jobs_filter, JobsFilter::All);
    key(&mut s, k);
    assert!(s.view.jobs_cursor.selected() < jobs::row_count(&s));
}

#[tokio::test]
async fn jobs_pane_at_160x45_shows_the_copy_job_and_the_done_filter() {
    let mut s = jobs_focused(160, 45).await;
    let text = screen_text(&render(&s, 160, 45));
    assert!(
        text.contains("AWS copy job · NameCacheAr → sandbox-backup-vault-dr (us-west-2)"),
        "{text}"
    );
    assert!(text.contains("✘ expired"), "{text}");
    let k = filter_key(&s);
    for _ in 0..3 {
        key(&mut s, k);
    }
    let t = render(&s, 160, 45);
    let text = screen_text(&t);
    assert!(text.contains("AWS jobs: done only (s)"), "{text}");
    assert!(!text.contains("✘ expired"), "{text}");
    insta::assert_snapshot!(t.backend());
}

#[tokio::test]
async fn jobs_pane_at_90x25_filtered_to_the_failed() {
    let mut s = jobs_focused(90, 25).await;
    let k = filter_key(&s);
    key(&mut s, k);
    key(&mut s, k);
    let t = render(&s, 90, 25);
    let text = screen_text(&t);
    assert!(text.contains("failed only"), "{text}");
    assert!(text.contains("✘ expired"), "{text}");
    assert!(!text.contains("✔ done"), "{text}");
    insta::assert_snapshot!(t.backend());
}

/// The details of the copy job name both vaults and the destination's
/// region.
#[tokio::test]
async fn the_details_of_a_copy_job_name_its_vaults() {
    let mut s = jobs_focused(160, 45).await;
    let k = filter_key(&s);
    for _ in 0..3 {
        key(&mut s, k);
    }
    let on_copy = |s: &State| {
        matches!(
            jobs::rows(s).nth(s.view.jobs_cursor.selected()),
            Some(JobsRow::Aws(j)) if j.kind == JobKind::Copy
        )
    };
    for _ in 0..jobs::row_count(&s) {
        if on_copy(&s) {
            break;
        }
        key(&mut s, KeyCode::Char('j'));
    }
    assert!(on_copy(&s), "no copy job row");
    let details = s.keymap.key(Action::Details).to_string();
    key(&mut s, KeyCode::Char(details.chars().next().unwrap()));
    let text = screen_text(&render(&s, 160, 45));
    assert!(text.contains("From vault: sandbox-backup-vault "), "{text}");
    assert!(
        text.contains("To vault: sandbox-backup-vault-dr (us-west-2)"),
        "{text}"
    );
}
