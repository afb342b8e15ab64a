//! Operation 16 on the sandbox: `orders` restored in the DR region
//! (us-west-2) from its point in time (RestoreTableToPointInTime sent there
//! with SourceTableArn) and from a copy in the DR vault (StartRestoreJob
//! there), with PITR and protection turned on there; killed at each step
//! and resumed without a second restore; refused before anything starts
//! with the reason (its own region, a time outside the window, a name the
//! DR region has).

use std::sync::Arc;

use super::harness::{Operator, context, drive, sandbox, sandbox_at};
use crate::backend::Backend;
use crate::domain::{
    JobKind, LifecycleDays, PitrTarget, RecoveryPointArn, RecoveryPointStatus, TableName,
};
use crate::sandbox::{Sandbox, seed};
use crate::workflow::{
    NewTableSettings, Operation, Outcome, RegionSource, StepAction, StepStatus, WorkflowEvent,
    journal, plan, resume, run,
};

fn orders() -> TableName {
    TableName::parse("orders").unwrap()
}

async fn restore_in_dr(sb: &Sandbox, source: RegionSource, target: &str) -> Operation {
    Operation::RestoreInRegion {
        table: orders(),
        table_arn: sb.describe_table("orders").await.unwrap().arn,
        region: seed::DR_REGION.to_owned(),
        source,
        target: TableName::parse(target).unwrap(),
        new_table: NewTableSettings::both_on(7),
    }
}

async fn dr(sb: &Sandbox) -> Arc<dyn Backend> {
    sb.in_region(seed::DR_REGION).await.unwrap()
}

/// A completed copy of one of `orders`' recovery points in the DR vault
/// (operation 15 run first).
async fn copy_in_dr_vault(sb: &Arc<Sandbox>) -> RecoveryPointArn {
    let point = sb
        .list_recovery_points(seed::VAULT, None)
        .await
        .unwrap()
        .into_iter()
        .find(|p| {
            p.resource_arn.ends_with("table/orders") && p.status == RecoveryPointStatus::Completed
        })
        .unwrap()
        .arn;
    let copy = Operation::CopyToRegion {
        table: orders(),
        point: point.as_str().into(),
        source_vault: seed::VAULT.to_owned(),
        destination: format!(
            "arn:aws:backup:{}:{}:backup-vault:{}",
            seed::DR_REGION,
            seed::ACCOUNT,
            seed::DR_VAULT
        ),
        lifecycle: LifecycleDays::NEVER,
    };
    let report = drive(sb, copy, Operator::default()).await;
    assert_eq!(report.outcome, Outcome::Completed { remaining: vec![] });
    let job = sb
        .list_jobs()
        .await
        .unwrap()
        .into_iter()
        .find(|j| j.kind == JobKind::Copy && j.recovery_point_arn.as_deref() == Some(&point))
        .unwrap();
    job.created_resource_arn.unwrap().as_str().into()
}

/// The new table there: ACTIVE, PITR (7 days) and protection on, holding
/// items; and no such table in the console's region.
async fn restored_there(sb: &Sandbox, target: &str) {
    let there = dr(sb).await;
    let t = there.describe_table(target).await.unwrap();
    assert_eq!(t.status, crate::domain::TableStatus::Active, "{target}");
    assert!(t.deletion_protection, "{target}");
    let pitr = there.describe_continuous_backups(target).await.unwrap();
    assert!(pitr.enabled, "{target}");
    assert_eq!(pitr.recovery_period_days, Some(7));
    assert!(t.item_count > 0, "{target}");
    assert!(t.arn.contains(seed::DR_REGION), "{}", t.arn);
    if target != "orders" {
        assert!(sb.describe_table(target).await.is_err(), "{target} here");
    }
}

#[tokio::test]
async fn a_point_in_time_restore_lands_in_the_dr_region_under_the_same_name() {
    let sb = sandbox();
    let op = restore_in_dr(&sb, RegionSource::Pitr(PitrTarget::Latest), "orders").await;
    let p = plan(&op, chrono::Utc::now());
    // Every step is sent there, and the restore names its source by ARN.
    assert!(
        p.steps
            .iter()
            .all(|s| matches!(&s.action, StepAction::InRegion { region, .. } if region == seed::DR_REGION)),
        "{:?}",
        p.steps
    );
    let StepAction::InRegion { step, .. } = &p.steps[0].action else {
        panic!()
    };
    assert!(
        matches!(&**step, StepAction::RestoreToPointInTime { source_arn: Some(arn), .. } if arn.ends_with(":table/orders")),
        "{step:?}"
    );
    assert!(
        p.steps[0]
            .title
            .ends_with(&format!("in {}", seed::DR_REGION))
    );
    let report = drive(&sb, op, Operator::default()).await;
    assert_eq!(report.outcome, Outcome::Completed { remaining: vec![] });
    report.assert_all_done();
    restored_there(&sb, "orders").await;
    assert_eq!(
        dr(&sb)
            .await
            .describe_table("orders")
            .await
            .unwrap()
            .item_count,
        sb.describe_table("orders").await.unwrap().item_count
    );
    // orders itself is untouched here.
    assert!(
        !sb.describe_table("orders")
            .await
            .unwrap()
            .arn
            .contains(seed::DR_REGION)
    );
}

#[tokio::test]
async fn a_copy_in_the_dr_vault_is_restored_there_by_a_restore_job_there() {
    let sb = sandbox_at(1e3);
    let copy = copy_in_dr_vault(&sb).await;
    let here_jobs = sb.list_jobs().await.unwrap().len();
    let op = restore_in_dr(
        &sb,
        RegionSource::Copy {
            point: copy.clone(),
            vault: seed::DR_VAULT.to_owned(),
        },
        "orders",
    )
    .await;
    let report = drive(&sb, op, Operator::default()).await;
    assert_eq!(report.outcome, Outcome::Completed { remaining: vec![] });
    restored_there(&sb, "orders").await;
    // The restore job is the DR region's, not this one's.
    assert_eq!(sb.list_jobs().await.unwrap().len(), here_jobs);
    let restores: Vec<_> = dr(&sb)
        .await
        .list_jobs()
        .await
        .unwrap()
        .into_iter()
        .filter(|j| j.kind == JobKind::Restore)
        .collect();
    assert_eq!(restores.len(), 1, "{restores:?}");
    assert_eq!(
        restores[0].recovery_point_arn.as_deref(),
        Some(copy.as_str())
    );
}

/// Runs `op` with a journal, aborts it at step `kill_at`, then resumes it
/// from the journal to its end.
/// `taken`: at step `kill_at` once its call was taken (it reports
/// progress), else as it starts.
async fn killed_at_and_resumed(
    sb: &Arc<Sandbox>,
    op: &Operation,
    kill_at: usize,
    taken: bool,
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
        let kill = match &ev {
            WorkflowEvent::Step {
                index,
                status: StepStatus::Running { detail, .. },
                ..
            } => *index > kill_at || (*index == kill_at && (!taken || detail.is_some())),
            _ => false,
        };
        if kill {
            task.abort();
            killed = true;
            break;
        }
    }
    let _ = task.await;
    assert!(killed, "the run ended before it was killed at {kill_at}");
    let file = journal::read(&journal::list(dir.path()).unwrap()[0]).unwrap();
    let (tx, mut rx) = tokio::sync::mpsc::unbounded_channel();
    ctx.job += 1;
    let task = tokio::spawn(resume(backend, file, ctx, tx));
    while rx.recv().await.is_some() {}
    task.await.unwrap()
}

#[tokio::test]
async fn killed_at_each_step_and_resumed_each_source_makes_one_table_there() {
    let sb = sandbox_at(1e3);
    let copy = copy_in_dr_vault(&sb).await;
    let sources = [
        RegionSource::Pitr(PitrTarget::Latest),
        RegionSource::Copy {
            point: copy.clone(),
            vault: seed::DR_VAULT.to_owned(),
        },
    ];
    for (s, source) in sources.into_iter().enumerate() {
        let steps = plan(
            &restore_in_dr(&sb, source.clone(), "xyz").await,
            chrono::Utc::now(),
        )
        .steps
        .len();
        assert_eq!(steps, 3);
        // Each step as it starts, and the restore once DynamoDB or AWS
        // Backup took it.
        let kills = (0..steps).map(|k| (k, false)).chain([(0, true)]);
        for (kill_at, taken) in kills {
            let target = format!("orders-dr-{s}-{kill_at}-{taken}");
            let op = restore_in_dr(&sb, source.clone(), &target).await;
            let outcome = killed_at_and_resumed(&sb, &op, kill_at, taken).await;
            // A second restore into the same name would fail on the table
            // the first made: completing is one restore.
            assert_eq!(
                outcome,
                Outcome::Completed { remaining: vec![] },
                "source {s}, killed at {kill_at} (taken: {taken})"
            );
            restored_there(&sb, &target).await;
        }
    }
    let restore_jobs = dr(&sb)
        .await
        .list_jobs()
        .await
        .unwrap()
        .into_iter()
        .filter(|j| j.kind == JobKind::Restore)
        .count();
    assert_eq!(restore_jobs, 4, "one restore job per run from the copy");
}

/// Runs `op` and returns its refusal; nothing was made there.
async fn refused(sb: &Arc<Sandbox>, op: Operation, operator: Operator) -> String {
    let before = dr(sb).await.list_tables().await.unwrap();
    let report = drive(sb, op, operator).await;
    let Outcome::Refused { reason } = report.outcome else {
        panic!("not refused: {:?}", report.outcome)
    };
    assert!(report.running.is_empty(), "{:?}", report.running);
    assert_eq!(dr(sb).await.list_tables().await.unwrap(), before);
    reason
}

#[tokio::test]
async fn restores_that_cannot_work_are_refused_before_anything_with_the_reason() {
    let sb = sandbox();
    // The console's own region is not a DR region.
    let mut own = restore_in_dr(&sb, RegionSource::Pitr(PitrTarget::Latest), "orders-2").await;
    if let Operation::RestoreInRegion { region, .. } = &mut own {
        *region = seed::REGION.to_owned();
    }
    let why = refused(&sb, own, Operator::default()).await;
    assert!(why.contains("is this console's own region"), "{why}");
    // A time outside the PITR window.
    let long_ago = sb.now() - chrono::Duration::days(60);
    let op = restore_in_dr(&sb, RegionSource::Pitr(PitrTarget::At(long_ago)), "orders").await;
    let why = refused(&sb, op, Operator::default()).await;
    assert!(why.contains("window"), "{why}");
    // A name the DR region has.
    let op = restore_in_dr(&sb, RegionSource::Pitr(PitrTarget::Latest), "orders").await;
    let report = drive(&sb, op.clone(), Operator::default()).await;
    assert_eq!(report.outcome, Outcome::Completed { remaining: vec![] });
    let why = refused(&sb, op, Operator::default()).await;
    assert!(
        why.contains("a table named orders already exists in us-west-2"),
        "{why}"
    );
    // A copy that is not in the DR vault.
    let op = restore_in_dr(
        &sb,
        RegionSource::Copy {
            point: "arn:aws:backup:us-west-2:111122223333:recovery-point:nope".into(),
            vault: seed::DR_VAULT.to_owned(),
        },
        "orders-3",
    )
    .await;
    let why = refused(&sb, op, Operator::default()).await;
    assert!(
        why.contains("is not in vault sandbox-backup-vault-dr"),
        "{why}"
    );
    // A copy needs the role AWS Backup restores as.
    let mut ctx = context();
    ctx.backup_role_arn = String::new();
    let op = restore_in_dr(
        &sb,
        RegionSource::Copy {
            point: "arn:aws:backup:us-west-2:111122223333:recovery-point:nope".into(),
            vault: seed::DR_VAULT.to_owned(),
        },
        "orders-3",
    )
    .await;
    let why = refused(
        &sb,
        op,
        Operator {
            context: ctx,
            ..Operator::default()
        },
    )
    .await;
    assert!(why.contains("no backup role ARN is configured"), "{why}");
}
