//! Finished runs listed after a restart, from their journals.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::sync::Arc;

use chrono::{Duration, Utc};
use tokio::sync::mpsc;

use super::finished::{FINISHED_SHOWN, FinishedRun, newest};
use super::scan;
use crate::backend::Backend;
use crate::domain::TableName;
use crate::workflow::tests::harness::{context, sandbox, sandbox_scope};
use crate::workflow::{Operation, plan, run};

/// The journal of job `job` in `dir`.
fn journal_of(dir: &std::path::Path, job: u64) -> crate::workflow::journal::JournalFile {
    let path = crate::workflow::journal::list(dir)
        .unwrap()
        .into_iter()
        .find(|p| p.to_string_lossy().ends_with(&format!("-job{job}.jsonl")))
        .unwrap();
    crate::workflow::journal::read(&path).unwrap()
}

/// Runs `op` as job `job` to its end with its journal in `dir` (no questions asked).
async fn run_journaled(
    sb: &Arc<crate::sandbox::Sandbox>,
    job: u64,
    op: Operation,
    dir: &std::path::Path,
) {
    let mut ctx = context();
    ctx.job = job;
    ctx.journal_dir = Some(dir.to_owned());
    ctx.scope = Some(sandbox_scope());
    let backend: Arc<dyn Backend> = sb.clone();
    let (tx, mut rx) = mpsc::unbounded_channel();
    let task = tokio::spawn(run(backend, plan(&op, Utc::now()), ctx, tx));
    while rx.recv().await.is_some() {}
    task.await.unwrap();
}

/// Runs `plan` as job `job`, ticking everything its cleanup review offers;
/// returns the items offered.
async fn review_all(
    sb: &Arc<crate::sandbox::Sandbox>,
    job: u64,
    plan: crate::workflow::Plan,
    dir: &std::path::Path,
) -> Vec<crate::workflow::CleanupItem> {
    use crate::workflow::{Answer, Question, WorkflowEvent};
    let mut ctx = context();
    ctx.job = job;
    ctx.journal_dir = Some(dir.to_owned());
    let backend: Arc<dyn Backend> = sb.clone();
    let (tx, mut rx) = mpsc::unbounded_channel();
    let task = tokio::spawn(run(backend, plan, ctx, tx));
    let mut offered = Vec::new();
    while let Some(ev) = rx.recv().await {
        if let WorkflowEvent::Ask {
            question: Question::CleanupReview { items },
            reply,
            ..
        } = ev
        {
            let ids = items.iter().map(|i| i.id.clone()).collect();
            offered = items;
            let _ = reply.send(Answer::Delete(ids));
        }
    }
    task.await.unwrap();
    offered
}

#[tokio::test]
async fn a_finished_runs_review_reopens_over_its_leftovers_and_deletes_them() {
    let sb = sandbox();
    let dir = tempfile::tempdir().unwrap();
    let orders = TableName::parse("orders").unwrap();
    run_journaled(
        &sb,
        1,
        Operation::CreateBackup { table: orders },
        dir.path(),
    )
    .await;
    let orig = |sb: &Arc<crate::sandbox::Sandbox>| {
        let sb = sb.clone();
        async move {
            sb.list_backups(Some("orders"))
                .await
                .unwrap()
                .into_iter()
                .find(|b| b.name.starts_with("orders--orig-"))
        }
    };
    let backup = orig(&sb).await.unwrap();

    let plan = super::reopened_review(&journal_of(dir.path(), 1), Utc::now()).unwrap();
    assert!(matches!(
        &plan.operation,
        Operation::ReviewLeftovers { of_job: 1, backups, .. } if backups.len() == 1
    ));
    let offered = review_all(&sb, 2, plan, dir.path()).await;
    assert_eq!(offered.len(), 1, "{offered:#?}");
    assert_eq!(offered[0].name, backup.name);
    assert!(orig(&sb).await.is_none(), "the leftover was deleted");
    // The reopened review is journaled like the first, and finished.
    let reopened = journal_of(dir.path(), 2);
    assert!(reopened.finished());
    assert!(matches!(
        reopened.plan().unwrap().operation,
        Operation::ReviewLeftovers { .. }
    ));
}

#[tokio::test]
async fn a_finished_run_is_listed_after_a_restart_with_its_summary() {
    let sb = sandbox();
    let dir = tempfile::tempdir().unwrap();
    let orders = TableName::parse("orders").unwrap();
    run_journaled(
        &sb,
        1,
        Operation::CreateBackup { table: orders },
        dir.path(),
    )
    .await;
    let backup = sb
        .list_backups(Some("orders"))
        .await
        .unwrap()
        .into_iter()
        .find(|b| b.name.starts_with("orders--orig-"))
        .unwrap();
    run_journaled(
        &sb,
        2,
        Operation::DeleteBackup {
            table: TableName::parse("orders").unwrap(),
            backup_arn: backup.arn.clone().into(),
            backup_name: backup.name.clone(),
        },
        dir.path(),
    )
    .await;

    // As a console opening later finds them: not interrupted, but finished.
    let found = scan(
        sb.as_ref(),
        &[dir.path().to_owned()],
        Some(&sandbox_scope()),
    )
    .await;
    assert!(found.runs.is_empty());
    assert_eq!(found.finished.len(), 2, "{:#?}", found.finished);
    let [deleted, created] = [&found.finished[0], &found.finished[1]];
    assert_eq!(deleted.label, "Delete a backup");
    assert_eq!(deleted.outcome, "completed");
    assert_eq!(
        deleted.source.as_deref(),
        Some(&*format!("backup {}", backup.arn))
    );
    assert_eq!(created.label, "Create a backup");
    assert_eq!(created.table, "orders");
    assert!(
        created.kept.iter().any(|k| k.contains(&backup.name)),
        "{created:#?}"
    );
    assert!(created.journal.starts_with(dir.path()));
    assert!(deleted.ended >= created.ended);

    // Another account's console lists none of them.
    let elsewhere = crate::backend::Scope {
        account: "999999999999".into(),
        ..sandbox_scope()
    };
    let found = scan(sb.as_ref(), &[dir.path().to_owned()], Some(&elsewhere)).await;
    assert!(found.finished.is_empty());
}

#[test]
fn only_the_newest_finished_runs_are_kept() {
    let now = Utc::now();
    let runs: Vec<FinishedRun> = (0..FINISHED_SHOWN + 5)
        .map(|i| FinishedRun {
            journal: format!("j{i}").into(),
            job: i as u64,
            label: "Create a backup",
            table: "orders".into(),
            source: None,
            started: now,
            ended: Some(now + Duration::minutes(i as i64)),
            outcome: "completed".into(),
            verified: None,
            kept: Vec::new(),
        })
        .collect();
    let kept = newest(runs);
    assert_eq!(kept.len(), FINISHED_SHOWN);
    assert_eq!(kept[0].job, (FINISHED_SHOWN + 4) as u64);
    assert!(kept.windows(2).all(|w| w[0].ended >= w[1].ended));
}
