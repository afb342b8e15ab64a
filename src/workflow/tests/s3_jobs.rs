//! Operations 13 and 14 on the sandbox: an export followed to COMPLETED,
//! then imported into a new table holding the same items, with the
//! settings an import does not carry put back; each killed at every step
//! (and inside its long step, after DynamoDB took the call) and resumed,
//! never starting a second export or import.

use std::sync::Arc;

use super::harness::{Operator, context, drive, sandbox};
use crate::backend::Backend;
use crate::domain::{ExportKind, S3Location, TableName};
use crate::sandbox::Sandbox;
use crate::sandbox::s3::EXPORT_BUCKET;
use crate::workflow::{
    NewTableSettings, Operation, Outcome, StepStatus, WorkflowEvent, journal, plan, resume, run,
};

fn location() -> S3Location {
    S3Location::new(EXPORT_BUCKET, "orders").unwrap()
}

fn export_op(sb: &Sandbox) -> Operation {
    Operation::ExportToS3 {
        table: TableName::parse("orders").unwrap(),
        location: location(),
        kind: ExportKind::Full {
            at: sb.now() - chrono::Duration::hours(1),
        },
        bucket_owner: None,
        kms_key: None,
    }
}

fn import_op(target: &str) -> Operation {
    Operation::ImportFromS3 {
        table: TableName::parse("orders").unwrap(),
        location: location(),
        target: TableName::parse(target).unwrap(),
        compression: None,
        new_table: NewTableSettings::both_on(35),
    }
}

async fn exports_of_orders(sb: &Sandbox) -> usize {
    let arn = sb.describe_table("orders").await.unwrap().arn;
    sb.list_exports(&arn).await.unwrap().len()
}

async fn equal(sb: &Sandbox, a: &str, b: &str) -> bool {
    crate::verify::verify(sb, a, b, &Default::default(), None)
        .await
        .unwrap()
        .equal
}

#[tokio::test]
async fn an_export_then_its_import_gives_the_same_items_and_the_settings_back() {
    let sb = sandbox();
    let report = drive(&sb, export_op(&sb), Operator::default()).await;
    assert_eq!(report.outcome, Outcome::Completed { remaining: vec![] });
    let StepStatus::Done { detail, .. } = report.status_of(0) else {
        panic!("{:?}", report.status_of(0))
    };
    let detail = detail.clone().unwrap_or_default();
    assert!(detail.contains("export COMPLETED"), "{detail}");
    assert!(
        detail.contains(&format!("s3://{EXPORT_BUCKET}/orders/AWSDynamoDB/")),
        "{detail}"
    );
    assert_eq!(exports_of_orders(&sb).await, 1);

    let report = drive(&sb, import_op("orders-imported"), Operator::default()).await;
    assert_eq!(report.outcome, Outcome::Completed { remaining: vec![] });
    let t = sb.describe_table("orders-imported").await.unwrap();
    assert!(t.deletion_protection);
    // Its global secondary indexes, made with it from orders' shape.
    let source = sb.describe_table("orders").await.unwrap();
    assert!(!source.global_secondary_indexes.is_empty());
    assert_eq!(t.global_secondary_indexes, source.global_secondary_indexes);
    assert!(
        sb.describe_continuous_backups("orders-imported")
            .await
            .unwrap()
            .enabled
    );
    // The tags the import did not carry, put back from orders.
    let tags = |name: &'static str| {
        let sb = sb.clone();
        async move { sb.describe_settings(name).await.unwrap().tags }
    };
    assert_eq!(tags("orders-imported").await, tags("orders").await);
    assert!(equal(&sb, "orders", "orders-imported").await);
}

#[tokio::test]
async fn a_prefix_with_no_export_fails_the_import_step_saying_so() {
    let sb = sandbox();
    let op = Operation::ImportFromS3 {
        table: TableName::parse("orders").unwrap(),
        location: S3Location::new(EXPORT_BUCKET, "nothing-here").unwrap(),
        target: TableName::parse("orders-imported").unwrap(),
        compression: None,
        new_table: NewTableSettings::default(),
    };
    let report = drive(&sb, op, Operator::default()).await;
    let failed = report
        .statuses
        .iter()
        .find_map(|s| match s {
            StepStatus::Failed { error, .. } => Some(error.clone()),
            _ => None,
        })
        .unwrap_or_else(|| panic!("{:?}", report.statuses));
    assert!(
        failed.contains("no DynamoDB export under s3://"),
        "{failed}"
    );
    assert!(sb.describe_table("orders-imported").await.is_err());
}

/// Runs `op` with a journal, aborts it when `kill` says so, then resumes
/// it from the journal to its end.
async fn killed_and_resumed(
    sb: &Arc<Sandbox>,
    op: &Operation,
    kill: impl Fn(&WorkflowEvent) -> bool,
) -> Outcome {
    let dir = tempfile::tempdir().unwrap();
    let mut ctx = context();
    ctx.journal_dir = Some(dir.path().to_owned());
    let backend: Arc<dyn Backend> = sb.clone();
    let (tx, mut rx) = tokio::sync::mpsc::unbounded_channel();
    let task = tokio::spawn(run(
        backend.clone(),
        plan(op, chrono::Utc::now()),
        ctx.clone(),
        tx,
    ));
    let mut killed = false;
    while let Some(ev) = rx.recv().await {
        if kill(&ev) {
            task.abort();
            killed = true;
            break;
        }
    }
    let _ = task.await;
    assert!(killed, "the run ended before it was killed");
    let file = journal::read(&journal::list(dir.path()).unwrap()[0]).unwrap();
    let (tx, mut rx) = tokio::sync::mpsc::unbounded_channel();
    ctx.job += 1;
    let task = tokio::spawn(resume(backend, file, ctx, tx));
    while rx.recv().await.is_some() {}
    task.await.unwrap()
}

fn at_step(kill_at: usize) -> impl Fn(&WorkflowEvent) -> bool {
    move |ev| {
        matches!(ev, WorkflowEvent::Step {
            index,
            status: StepStatus::Running { .. },
            ..
        } if *index >= kill_at)
    }
}

/// Inside the long step, once DynamoDB took the call (its progress).
fn while_following(ev: &WorkflowEvent) -> bool {
    matches!(ev, WorkflowEvent::Step {
        status: StepStatus::Running { detail: Some(d), .. },
        ..
    } if d.contains("IN_PROGRESS"))
}

#[tokio::test]
async fn an_export_killed_and_resumed_is_one_export() {
    let sb = super::harness::sandbox_at(1e3);
    let op = export_op(&sb);
    assert_eq!(
        killed_and_resumed(&sb, &op, at_step(0)).await,
        Outcome::Completed { remaining: vec![] }
    );
    assert_eq!(exports_of_orders(&sb).await, 1);
    let op = export_op(&sb);
    assert_eq!(
        killed_and_resumed(&sb, &op, while_following).await,
        Outcome::Completed { remaining: vec![] }
    );
    assert_eq!(exports_of_orders(&sb).await, 2, "one more, not two");
}

#[tokio::test]
async fn an_import_killed_at_each_step_and_resumed_is_one_import() {
    let sb = sandbox();
    let report = drive(&sb, export_op(&sb), Operator::default()).await;
    assert_eq!(report.outcome, Outcome::Completed { remaining: vec![] });
    let steps = plan(&import_op("xyz"), chrono::Utc::now()).steps.len();
    for kill_at in 0..steps {
        let target = format!("orders-imported-{kill_at}");
        let outcome = killed_and_resumed(&sb, &import_op(&target), at_step(kill_at)).await;
        // A second ImportTable (another token) would fail on the table
        // the first one created: completing is starting one import.
        assert_eq!(
            outcome,
            Outcome::Completed { remaining: vec![] },
            "killed at {kill_at}"
        );
        assert!(equal(&sb, "orders", &target).await, "killed at {kill_at}");
    }
}

#[tokio::test]
async fn an_import_killed_while_followed_resumes_to_the_same_import() {
    let sb = super::harness::sandbox_at(1e3);
    let report = drive(&sb, export_op(&sb), Operator::default()).await;
    assert_eq!(report.outcome, Outcome::Completed { remaining: vec![] });
    let outcome = killed_and_resumed(&sb, &import_op("orders-imported"), while_following).await;
    assert_eq!(outcome, Outcome::Completed { remaining: vec![] });
    assert!(equal(&sb, "orders", "orders-imported").await);
}
