#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::sync::Arc;

use chrono::{Duration, Utc};
use tokio::sync::mpsc;

use super::{dismiss, scan};
use crate::backend::Backend;
use crate::domain::PitrTarget;
use crate::workflow::journal::StepState;
use crate::workflow::tests::harness::{context, sandbox};
use crate::workflow::{Answer, Operation, Question, StepStatus, WorkflowEvent, plan, run};

/// Runs a PITR restore in place and kills it when step `stop_at` starts,
/// as a crash would. Returns the journal dir.
async fn crash_at(sb: &Arc<crate::sandbox::Sandbox>, stop_at: usize) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let mut ctx = context();
    ctx.journal_dir = Some(dir.path().to_owned());
    let op = Operation::PitrInPlace {
        table: "orders".into(),
        at: PitrTarget::At(sb.now() - Duration::hours(3)),
    };
    let backend: Arc<dyn Backend> = sb.clone();
    let (tx, mut rx) = mpsc::unbounded_channel();
    let task = tokio::spawn(run(backend, plan(&op, Utc::now()), ctx, tx));
    while let Some(event) = rx.recv().await {
        match event {
            WorkflowEvent::Step {
                index,
                status: StepStatus::Running { .. },
                ..
            } if index == stop_at => {
                task.abort();
                break;
            }
            WorkflowEvent::Ask {
                question, reply, ..
            } => {
                let answer = match question {
                    Question::TypeTableName { table, .. } => Answer::Typed(table),
                    _ => Answer::Yes,
                };
                let _ = reply.send(answer);
            }
            _ => {}
        }
    }
    let _ = task.await;
    dir
}

#[tokio::test]
async fn a_run_killed_after_the_delete_shows_the_table_gone_and_where_its_data_is() {
    let sb = sandbox();
    let dir = crash_at(&sb, 6).await;

    let runs = scan(sb.as_ref(), dir.path()).await;
    assert_eq!(runs.len(), 1);
    let run = &runs[0];
    assert_eq!(run.table, "orders");
    assert_eq!(run.label, "PITR restore in place");
    assert!(!run.cut_tail);
    for step in &run.steps[..6] {
        assert!(
            matches!(
                step.state,
                StepState::Done { .. } | StepState::Skipped { .. }
            ),
            "{step:?}"
        );
    }
    assert!(
        matches!(
            run.steps[6].state,
            StepState::Started | StepState::NotStarted
        ),
        "{:?}",
        run.steps[6]
    );
    let line = &run.data_now;
    assert!(line.contains("orders does not exist"), "{line}");
    assert!(line.contains("fallback backup orders--orig-"), "{line}");
    assert!(line.contains("AVAILABLE"), "{line}");
    // Most important first: the table, then its fallback.
    assert!(line.find("orders does not exist") < line.find("fallback backup"));
    assert!(line.find("fallback backup") < line.find("duplicate orders--dupe-"));
    assert!(line.contains("duplicate orders--dupe-"), "{line}");
    assert!(!line.contains("NO COPY"), "{line}");

    dismiss(&run.journal).unwrap();
    assert!(scan(sb.as_ref(), dir.path()).await.is_empty());
}

#[tokio::test]
async fn a_step_cut_between_its_intent_and_its_result_is_checked_against_the_account() {
    let sb = sandbox();
    // Killed as the duplicate's backup starts: the duplicate exists.
    let dir = crash_at(&sb, 2).await;
    let runs = scan(sb.as_ref(), dir.path()).await;
    let run = &runs[0];
    assert!(matches!(run.steps[0].state, StepState::Done { .. }));
    let line = &run.data_now;
    assert!(line.contains("in orders itself (ACTIVE)"), "{line}");

    // Cut the journal inside its last record, as a power cut would.
    let path = &run.journal;
    let text = std::fs::read_to_string(path).unwrap();
    std::fs::write(path, &text[..text.len() - 10]).unwrap();
    let runs = scan(sb.as_ref(), dir.path()).await;
    assert!(runs[0].cut_tail);
    // A dismissal after a cut line still ends the journal.
    dismiss(&runs[0].journal).unwrap();
    assert!(scan(sb.as_ref(), dir.path()).await.is_empty());
}

#[tokio::test]
async fn a_finished_run_is_not_interrupted_and_a_missing_dir_is_empty() {
    let sb = sandbox();
    let missing = tempfile::tempdir().unwrap().path().join("nothing-here");
    assert!(scan(sb.as_ref(), &missing).await.is_empty());
}
