//! Operation 17, the DR drill, on the sandbox: from PITR and from a
//! backup, every check passing, the scratch table gone, the source's items
//! and settings unchanged, the history and reports written; killed as each
//! step starts and resumed from its journal, the same end (one record, no
//! scratch table left behind); a check that fails says so in the record.

use std::path::Path;
use std::sync::Arc;

use super::harness::{context, sandbox};
use crate::backend::{Backend, ScanRequest};
use crate::domain::{
    AttrValue, BackupStatus, ExportKind, Item, PitrTarget, S3Location, TableName, TableSettings,
};
use crate::drill::{CheckName, CheckVerdict, DrillHistory};
use crate::sandbox::Sandbox;
use crate::sandbox::s3::EXPORT_BUCKET;
use crate::workflow::{
    DrillSource, Operation, Outcome, RunContext, StepStatus, WorkflowEvent, journal, plan, resume,
    run,
};

const TABLE: &str = "orders";

fn orders() -> TableName {
    TableName::parse(TABLE).unwrap()
}

/// Every item of `table`, sorted, and its settings.
async fn snapshot(b: &dyn Backend, table: &str) -> (Vec<String>, TableSettings) {
    let mut items = Vec::new();
    let mut start: Option<Item> = None;
    loop {
        let page = b
            .scan_segment(ScanRequest {
                table,
                segment: 0,
                total_segments: 1,
                start: start.as_ref(),
                limit: 500,
            })
            .await
            .unwrap();
        items.extend(page.items.iter().map(|i| format!("{i:?}")));
        match page.last_key {
            Some(k) => start = Some(k),
            None => break,
        }
    }
    items.sort();
    (items, b.describe_settings(table).await.unwrap())
}

fn ctx_in(state: &Path) -> RunContext {
    let mut ctx = context();
    ctx.journal_dir = Some(state.join("journal"));
    ctx
}

async fn drive(sb: &Arc<Sandbox>, op: &Operation, ctx: RunContext) -> Outcome {
    let backend: Arc<dyn Backend> = sb.clone();
    let (tx, mut rx) = tokio::sync::mpsc::unbounded_channel();
    let task = tokio::spawn(run(backend, plan(op, chrono::Utc::now()), ctx, tx));
    while rx.recv().await.is_some() {}
    task.await.unwrap()
}

async fn no_scratch_left(sb: &Sandbox) -> bool {
    !sb.list_tables()
        .await
        .unwrap()
        .iter()
        .any(|t| t.contains("--drill-"))
}

fn history(state: &Path) -> DrillHistory {
    crate::drill::load(state).unwrap()
}

#[tokio::test]
async fn a_drill_from_pitr_passes_every_check_and_leaves_the_source_as_it_was() {
    let sb = sandbox();
    let dir = tempfile::tempdir().unwrap();
    let before = snapshot(sb.as_ref(), TABLE).await;
    let op = Operation::Drill {
        table: orders(),
        source: DrillSource::Pitr(PitrTarget::Latest),
    };
    let outcome = drive(&sb, &op, ctx_in(dir.path())).await;
    assert!(matches!(outcome, Outcome::Completed { .. }), "{outcome:?}");
    assert!(no_scratch_left(&sb).await);
    assert_eq!(snapshot(sb.as_ref(), TABLE).await, before);
    let h = history(dir.path());
    assert_eq!(h.records.len(), 1);
    let r = &h.records[0];
    assert!(r.passed, "{:#?}", r.checks);
    assert!(r.scratch_deleted);
    assert!(r.rto_secs.is_some());
    assert!(r.scratch.starts_with("orders--drill-"));
    let ran: Vec<_> = r
        .checks
        .iter()
        .filter(|c| c.verdict == CheckVerdict::Pass)
        .map(|c| c.check)
        .collect();
    assert_eq!(ran.len(), 5, "{:#?}", r.checks);
    let md = std::fs::read_to_string(dir.path().join(format!("drills/{}.md", r.id))).unwrap();
    assert!(md.contains("PASSED"), "{md}");
    assert!(dir.path().join(format!("drills/{}.json", r.id)).exists());
}

#[tokio::test]
async fn a_drill_from_a_backup_restores_that_backup() {
    let sb = sandbox();
    let dir = tempfile::tempdir().unwrap();
    let backups = sb.list_backups(Some(TABLE)).await.unwrap();
    let b = backups
        .iter()
        .filter(|b| b.status == BackupStatus::Available)
        .max_by_key(|b| b.created_at)
        .unwrap();
    let op = Operation::Drill {
        table: orders(),
        source: DrillSource::Backup(b.arn.as_str().into()),
    };
    let outcome = drive(&sb, &op, ctx_in(dir.path())).await;
    assert!(matches!(outcome, Outcome::Completed { .. }), "{outcome:?}");
    assert!(no_scratch_left(&sb).await);
    let h = history(dir.path());
    let r = &h.records[0];
    assert!(r.source.starts_with("backup "), "{}", r.source);
    // The backup is older than the table's data now: the count and the
    // sample may differ, but every item of the copy was read.
    assert!(
        r.checks
            .iter()
            .any(|c| c.check == crate::drill::CheckName::ItemsReadable
                && c.verdict == CheckVerdict::Pass),
        "{:#?}",
        r.checks
    );
}

/// An export of orders made by operation 13, and the folder that names it
/// alone.
async fn exported(sb: &Arc<Sandbox>) -> S3Location {
    exported_at(sb).await.0
}

/// The same, with the instant it shows the table at.
async fn exported_at(sb: &Arc<Sandbox>) -> (S3Location, chrono::DateTime<chrono::Utc>) {
    let at = sb.now() - chrono::Duration::hours(1);
    let op = Operation::ExportToS3 {
        table: orders(),
        location: S3Location::new(EXPORT_BUCKET, "drills").unwrap(),
        kind: ExportKind::Full { at },
        bucket_owner: None,
        kms_key: None,
    };
    let report = super::harness::drive(sb, op, super::harness::Operator::default()).await;
    assert_eq!(report.outcome, Outcome::Completed { remaining: vec![] });
    let loc = S3Location::new(EXPORT_BUCKET, "drills").unwrap();
    let folder = crate::exports::locate::find_export(sb.as_ref(), &loc)
        .await
        .unwrap()
        .folder();
    (folder, at)
}

fn check(r: &crate::drill::DrillRecord, name: CheckName) -> &crate::drill::DrillCheck {
    r.checks.iter().find(|c| c.check == name).unwrap()
}

/// The table by PITR at the instant of its export, verified against the
/// export: the two copies of one instant, made by different means, equal.
#[tokio::test]
async fn a_drill_by_pitr_at_an_exports_instant_is_verified_against_that_export() {
    let sb = sandbox();
    let dir = tempfile::tempdir().unwrap();
    let (folder, at) = exported_at(&sb).await;
    let op = Operation::Drill {
        table: orders(),
        source: DrillSource::PitrAtExport {
            at,
            export: folder.clone(),
        },
    };
    let planned = plan(&op, chrono::Utc::now());
    assert!(planned.steps.iter().any(|s| matches!(
        s.action,
        crate::workflow::StepAction::RestoreToPointInTime { .. }
    )));
    let outcome = drive(&sb, &op, ctx_in(dir.path())).await;
    assert!(matches!(outcome, Outcome::Completed { .. }), "{outcome:?}");
    assert!(no_scratch_left(&sb).await);
    let h = history(dir.path());
    let r = &h.records[0];
    assert!(r.passed, "{:#?}", r.checks);
    let exact = check(r, CheckName::ExactVerify);
    assert_eq!(exact.verdict, CheckVerdict::Pass, "{exact:?}");
    assert!(
        exact.detail.contains(&folder.to_string()),
        "{}",
        exact.detail
    );
    // A restore (not an import): billing and class are compared too.
    let settings = check(r, CheckName::Settings);
    assert!(
        settings.detail.contains("billing and class"),
        "{}",
        settings.detail
    );
}

#[tokio::test]
async fn a_drill_from_an_export_imports_it_and_verifies_every_item_against_it() {
    let sb = sandbox();
    let dir = tempfile::tempdir().unwrap();
    let folder = exported(&sb).await;
    assert!(folder.prefix.starts_with("drills/AWSDynamoDB/"), "{folder}");
    let before = snapshot(sb.as_ref(), TABLE).await;
    let op = Operation::Drill {
        table: orders(),
        source: DrillSource::Export(folder.clone()),
    };
    let planned = plan(&op, chrono::Utc::now());
    assert!(
        planned
            .steps
            .iter()
            .any(|s| matches!(s.action, crate::workflow::StepAction::ImportFromS3 { .. })),
        "{:#?}",
        planned.steps
    );
    let outcome = drive(&sb, &op, ctx_in(dir.path())).await;
    assert!(matches!(outcome, Outcome::Completed { .. }), "{outcome:?}");
    assert!(no_scratch_left(&sb).await);
    assert_eq!(snapshot(sb.as_ref(), TABLE).await, before);
    let h = history(dir.path());
    let r = &h.records[0];
    assert!(r.passed, "{:#?}", r.checks);
    assert!(r.source.contains(&folder.to_string()), "{}", r.source);
    let exact = check(r, CheckName::ExactVerify);
    assert_eq!(exact.verdict, CheckVerdict::Pass, "{exact:?}");
    assert!(exact.detail.contains("same digest"), "{}", exact.detail);
    // The import made the scratch table with orders' indexes.
    let settings = check(r, CheckName::Settings);
    assert_eq!(settings.verdict, CheckVerdict::Pass, "{settings:?}");
    let md = std::fs::read_to_string(dir.path().join(format!("drills/{}.md", r.id))).unwrap();
    assert!(md.contains("exact item-by-item verify"), "{md}");
}

/// Something in the scratch table the export does not hold (here, an
/// item added between the import and the proof) fails the exact verify,
/// naming its key; the scratch table is still deleted.
#[tokio::test]
async fn a_drill_from_an_export_names_an_item_that_is_not_in_the_export() {
    let sb = sandbox();
    let dir = tempfile::tempdir().unwrap();
    let folder = exported(&sb).await;
    let op = Operation::Drill {
        table: orders(),
        source: DrillSource::Export(folder),
    };
    let planned = plan(&op, chrono::Utc::now());
    let scratch = crate::workflow::plan::drill_scratch(&planned.steps)
        .unwrap()
        .clone();
    let mut ctx = ctx_in(dir.path());
    let backend: Arc<dyn Backend> = sb.clone();
    let (tx, mut rx) = tokio::sync::mpsc::unbounded_channel();
    let task = tokio::spawn(run(backend.clone(), planned, ctx.clone(), tx));
    // Stopped as the proof starts (step 2), after the import.
    while let Some(ev) = rx.recv().await {
        if let WorkflowEvent::Step {
            index: 2,
            status: StepStatus::Running { .. },
            ..
        } = ev
        {
            task.abort();
            break;
        }
    }
    let _ = task.await;
    let intruder: Item = [
        ("pk".to_owned(), AttrValue::S("drill-intruder".into())),
        ("note".to_owned(), AttrValue::S("not in the export".into())),
    ]
    .into_iter()
    .collect();
    sb.add_item(scratch.as_str(), intruder).unwrap();
    let journals = journal::list(&dir.path().join("journal")).unwrap();
    let file = journal::read(&journals[0]).unwrap();
    let (tx, mut rx) = tokio::sync::mpsc::unbounded_channel();
    ctx.job += 1;
    let task = tokio::spawn(resume(backend, file, ctx, tx));
    while rx.recv().await.is_some() {}
    let outcome = task.await.unwrap();
    assert!(matches!(outcome, Outcome::Completed { .. }), "{outcome:?}");
    assert!(no_scratch_left(&sb).await);
    let h = history(dir.path());
    let r = &h.records[0];
    assert!(!r.passed);
    let exact = check(r, CheckName::ExactVerify);
    assert_eq!(exact.verdict, CheckVerdict::Fail, "{exact:?}");
    assert!(
        exact.detail.contains("pk=drill-intruder"),
        "{}",
        exact.detail
    );
    assert!(
        exact.detail.contains("1 extra") || exact.detail.contains("1 missing"),
        "{}",
        exact.detail
    );
}

/// Killed as each step starts and resumed from the journal: the drill ends
/// as an uninterrupted one, recorded once, no scratch table left, the
/// source's items and settings unchanged; from PITR and from an export
/// (one import, never two).
#[tokio::test]
async fn a_drill_killed_at_each_step_resumes_to_one_record_and_no_scratch_table() {
    for (from_export, kill_at) in (0..5).map(|k| (false, k)).chain((0..5).map(|k| (true, k))) {
        let sb = sandbox();
        let op = Operation::Drill {
            table: orders(),
            source: if from_export {
                DrillSource::Export(exported(&sb).await)
            } else {
                DrillSource::Pitr(PitrTarget::Latest)
            },
        };
        let before = snapshot(sb.as_ref(), TABLE).await;
        let dir = tempfile::tempdir().unwrap();
        let mut ctx = ctx_in(dir.path());
        let backend: Arc<dyn Backend> = sb.clone();
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
        let journals = journal::list(&dir.path().join("journal")).unwrap();
        let file = journal::read(&journals[0]).unwrap();
        let (tx, mut rx) = tokio::sync::mpsc::unbounded_channel();
        ctx.job += 1;
        let task = tokio::spawn(resume(backend, file, ctx, tx));
        while rx.recv().await.is_some() {}
        let case = format!("killed at step {kill_at}, from an export: {from_export}");
        let outcome = task.await.unwrap();
        assert!(
            matches!(outcome, Outcome::Completed { .. }),
            "{case}: {outcome:?}"
        );
        assert!(no_scratch_left(&sb).await, "{case}");
        assert_eq!(snapshot(sb.as_ref(), TABLE).await, before, "{case}");
        let h = history(dir.path());
        assert_eq!(h.records.len(), 1, "{case}");
        assert!(h.records[0].passed, "{case}: {:#?}", h.records[0].checks);
        // From an export, a second ImportTable (another token) would fail
        // on the scratch table the first created: completing is one import.
    }
}

/// A drill whose scratch table would be the source is refused: the source
/// is never deleted.
#[tokio::test]
async fn the_delete_step_refuses_a_table_the_drill_did_not_create() {
    let sb = sandbox();
    let dir = tempfile::tempdir().unwrap();
    let op = Operation::Drill {
        table: orders(),
        source: DrillSource::Pitr(PitrTarget::Latest),
    };
    let mut planned = plan(&op, chrono::Utc::now());
    // Only the delete step, pointed at the source: refused.
    planned.steps.retain(|s| {
        matches!(
            s.action,
            crate::workflow::StepAction::DrillDeleteScratch { .. }
        )
    });
    if let crate::workflow::StepAction::DrillDeleteScratch { scratch, .. } =
        &mut planned.steps[0].action
    {
        *scratch = orders();
    }
    let backend: Arc<dyn Backend> = sb.clone();
    let (tx, mut rx) = tokio::sync::mpsc::unbounded_channel();
    let task = tokio::spawn(run(backend, planned, ctx_in(dir.path()), tx));
    while rx.recv().await.is_some() {}
    let outcome = task.await.unwrap();
    // Refused before any step (the scratch name must not exist), and the
    // step itself would refuse it too (`is_scratch_of`, the ledger).
    assert!(
        matches!(&outcome, Outcome::Refused { reason } if reason.contains("orders already exists")),
        "{outcome:?}"
    );
    assert!(sb.list_tables().await.unwrap().iter().any(|t| t == TABLE));
}

/// The delete step alone, on a scratch name no restore of this run made:
/// refused by the ledger (nothing is deleted).
#[tokio::test]
async fn the_delete_step_refuses_a_scratch_table_this_run_did_not_restore() {
    let sb = sandbox();
    let dir = tempfile::tempdir().unwrap();
    let op = Operation::Drill {
        table: orders(),
        source: DrillSource::Pitr(PitrTarget::Latest),
    };
    let mut planned = plan(&op, chrono::Utc::now());
    planned.steps.retain(|s| {
        matches!(
            s.action,
            crate::workflow::StepAction::DrillDeleteScratch { .. }
        )
    });
    let backend: Arc<dyn Backend> = sb.clone();
    let (tx, mut rx) = tokio::sync::mpsc::unbounded_channel();
    let task = tokio::spawn(run(backend, planned, ctx_in(dir.path()), tx));
    while rx.recv().await.is_some() {}
    let outcome = task.await.unwrap();
    assert!(
        matches!(&outcome, Outcome::Failed { error, .. } if error.contains("not created by this run")),
        "{outcome:?}"
    );
}
