//! The prune review's run (`Operation::PruneBackups`) on the sandbox: the
//! chosen backups gone and the others kept; killed as each step starts and
//! resumed from its journal, no backup deleted twice (the audit log counts
//! the DeleteBackup calls); preflight refuses a backup not there and a prune
//! that would leave the table no AVAILABLE backup.

use std::sync::Arc;

use super::harness::{context, sandbox};
use crate::audit::{AuditLog, AuditedBackend, Phase};
use crate::backend::Backend;
use crate::domain::{BackupArn, TableName, split_scheduled};
use crate::workflow::{
    ChosenBackup, Operation, Outcome, StepStatus, WorkflowEvent, journal, plan, resume, run,
};

const TABLE: &str = "payments";

fn payments() -> TableName {
    TableName::parse(TABLE).unwrap()
}

/// The seeded payments backups beyond the 7 newest scheduled (3 of 10).
async fn beyond_seven(backend: &dyn Backend) -> Vec<ChosenBackup> {
    let all = backend.list_backups(Some(TABLE)).await.unwrap();
    let (_, beyond) = split_scheduled(&all, &payments(), 7);
    beyond
        .into_iter()
        .map(|b| ChosenBackup {
            arn: BackupArn::from(b.arn.as_str()),
            name: b.name.clone(),
        })
        .collect()
}

/// Runs `op` to its end, answering nothing (a prune asks nothing).
async fn drive(backend: Arc<dyn Backend>, op: &Operation) -> Outcome {
    let (tx, mut rx) = tokio::sync::mpsc::unbounded_channel();
    let task = tokio::spawn(run(backend, plan(op, chrono::Utc::now()), context(), tx));
    while rx.recv().await.is_some() {}
    task.await.unwrap()
}

#[tokio::test]
async fn the_chosen_backups_are_deleted_and_the_others_kept() {
    let sb = sandbox();
    let backend: Arc<dyn Backend> = sb.clone();
    let before = sb.list_backups(Some(TABLE)).await.unwrap();
    let delete = beyond_seven(backend.as_ref()).await;
    assert_eq!(delete.len(), 3);
    let op = Operation::PruneBackups {
        table: payments(),
        delete: delete.clone(),
    };
    let outcome = drive(backend, &op).await;
    assert!(matches!(outcome, Outcome::Completed { .. }), "{outcome:?}");
    let after = sb.list_backups(Some(TABLE)).await.unwrap();
    assert_eq!(after.len(), before.len() - 3);
    for d in &delete {
        assert!(
            !after.iter().any(|b| d.arn == *b.arn),
            "{} is still there",
            d.name
        );
    }
    // The manual pre-deploy backups and the 7 newest scheduled stay.
    assert_eq!(
        after
            .iter()
            .filter(|b| b.name.contains("-pre-deploy-"))
            .count(),
        3
    );
    assert_eq!(split_scheduled(&after, &payments(), 100).0.len(), 7);
}

#[tokio::test]
async fn killed_at_each_step_and_resumed_no_backup_is_deleted_twice() {
    for kill_at in 0..3 {
        let sb = sandbox();
        let dir = tempfile::tempdir().unwrap();
        let audit = dir.path().join("audit.jsonl");
        let backend: Arc<dyn Backend> = Arc::new(AuditedBackend::new(
            sb.clone(),
            AuditLog::new(audit.clone()),
            crate::local::Health::default(),
        ));
        let delete = beyond_seven(backend.as_ref()).await;
        let op = Operation::PruneBackups {
            table: payments(),
            delete: delete.clone(),
        };
        let mut ctx = context();
        ctx.journal_dir = Some(dir.path().join("journals"));
        std::fs::create_dir_all(dir.path().join("journals")).unwrap();
        let (tx, mut rx) = tokio::sync::mpsc::unbounded_channel();
        let task = tokio::spawn(run(
            backend.clone(),
            plan(&op, chrono::Utc::now()),
            ctx.clone(),
            tx,
        ));
        while let Some(ev) = rx.recv().await {
            if let WorkflowEvent::Step {
                index,
                status: StepStatus::Running { .. },
                ..
            } = ev
                && index >= kill_at
            {
                task.abort();
                break;
            }
        }
        let _ = task.await;

        let journals = journal::list(&dir.path().join("journals")).unwrap();
        let file = journal::read(&journals[0]).unwrap();
        let (tx, mut rx) = tokio::sync::mpsc::unbounded_channel();
        ctx.job += 1;
        let task = tokio::spawn(resume(backend, file, ctx, tx));
        while rx.recv().await.is_some() {}
        let case = format!("killed at step {kill_at}");
        let outcome = task.await.unwrap();
        assert!(
            matches!(outcome, Outcome::Completed { .. }),
            "{case}: {outcome:?}"
        );
        let after = sb.list_backups(Some(TABLE)).await.unwrap();
        for d in &delete {
            assert!(!after.iter().any(|b| d.arn == *b.arn), "{case}: {}", d.name);
        }
        assert_eq!(
            split_scheduled(&after, &payments(), 100).0.len(),
            7,
            "{case}"
        );
        let records = crate::audit::AuditLog::read(&audit).unwrap();
        for d in &delete {
            let sent = records
                .iter()
                .filter(|r| {
                    r.phase == Phase::Intent
                        && r.operation == "DeleteBackup"
                        && d.arn == *r.resource.as_str()
                })
                .count();
            assert_eq!(sent, 1, "{case}: {} deleted {sent} times", d.name);
        }
    }
}

#[tokio::test]
async fn preflight_refuses_a_missing_backup_and_leaving_no_available_one() {
    let sb = sandbox();
    let backend: Arc<dyn Backend> = sb.clone();
    let all = sb.list_backups(Some(TABLE)).await.unwrap();
    let every: Vec<ChosenBackup> = all
        .iter()
        .map(|b| ChosenBackup {
            arn: BackupArn::from(b.arn.as_str()),
            name: b.name.clone(),
        })
        .collect();
    let op = Operation::PruneBackups {
        table: payments(),
        delete: every,
    };
    match drive(backend.clone(), &op).await {
        Outcome::Refused { reason } => {
            assert!(reason.contains("no AVAILABLE backup"), "{reason}")
        }
        other => panic!("{other:?}"),
    }
    assert_eq!(sb.list_backups(Some(TABLE)).await.unwrap().len(), all.len());
    let op = Operation::PruneBackups {
        table: payments(),
        delete: vec![ChosenBackup {
            arn: BackupArn::from(format!("{}-gone", all[0].arn).as_str()),
            name: "gone".into(),
        }],
    };
    match drive(backend, &op).await {
        Outcome::Refused { reason } => assert!(reason.contains("does not exist"), "{reason}"),
        other => panic!("{other:?}"),
    }
}
