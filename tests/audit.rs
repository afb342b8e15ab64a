//! The audit log through the crate's public API: a whole PITR restore in
//! place over `AuditedBackend`, then the log holds exactly one intent and
//! one result per call that changed the account, in order, and nothing
//! else; a log that cannot be written stops the call before it is sent.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::sync::Arc;
use std::time::Duration;

use chrono::Utc;
use dynamo_dr::audit::{AuditLog, AuditRecord, AuditedBackend, Phase};
use dynamo_dr::backend::{Backend, BackendError, BackendKind};
use dynamo_dr::domain::{PitrTarget, TableName};
use dynamo_dr::sandbox::{Sandbox, SandboxOptions, seed};
use dynamo_dr::workflow::{
    Answer, Operation, Outcome, Question, RunContext, WorkflowEvent, plan, run,
};

fn audited(dir: &std::path::Path) -> (Arc<Sandbox>, Arc<dyn Backend>) {
    let sandbox = Arc::new(
        Sandbox::open(SandboxOptions {
            speed: 1e6,
            item_scale: 0.01,
            ..SandboxOptions::default()
        })
        .unwrap(),
    );
    let log = AuditLog::new(dir.join("audit.jsonl"));
    let backend: Arc<dyn Backend> = Arc::new(AuditedBackend::new(
        sandbox.clone(),
        log,
        dynamo_dr::local::Health::default(),
    ));
    (sandbox, backend)
}

async fn run_pitr_in_place(backend: Arc<dyn Backend>) -> Outcome {
    let op = Operation::PitrInPlace {
        table: TableName::parse("orders").unwrap(),
        at: PitrTarget::At(Utc::now() - chrono::Duration::hours(3)),
    };
    let ctx = RunContext {
        job: 1,
        backup_role_arn: seed::role_arn(),
        vault: seed::VAULT.to_owned(),
        step_timeout: Some(Duration::from_secs(30)),
        poll_interval: Duration::from_millis(1),
        journal_dir: None,
        verify: dynamo_dr::verify::VerifyOptions::default(),
        repair: dynamo_dr::repair::RepairOptions::default(),
        scope: None,
    };
    let (tx, mut rx) = tokio::sync::mpsc::unbounded_channel();
    tokio::spawn(run(backend, plan(&op, Utc::now()), ctx, tx));
    let mut outcome = None;
    while let Some(event) = rx.recv().await {
        match event {
            WorkflowEvent::Ask {
                question, reply, ..
            } => {
                let answer = match question {
                    Question::RemoveDeletionProtection { .. } => Answer::Yes,
                    Question::TypeTableName { table, .. } => Answer::Typed(table),
                    Question::CleanupReview { items } => {
                        Answer::Delete(items.into_iter().map(|i| i.id).collect())
                    }
                    Question::StepFailed { .. } => Answer::LeaveAsIs,
                    other => panic!("unexpected {other:?}"),
                };
                reply.send(answer).unwrap();
            }
            WorkflowEvent::Finished { outcome: o, .. } => outcome = Some(o),
            _ => {}
        }
    }
    outcome.unwrap()
}

/// The result records, after checking that each call's intent was written
/// just before it: every call is an (intent, result) pair, in order.
fn results(path: &std::path::Path) -> Vec<AuditRecord> {
    let all = AuditLog::read(path).unwrap();
    assert_eq!(all.len() % 2, 0, "{all:?}");
    for pair in all.chunks(2) {
        let (intent, result) = (&pair[0], &pair[1]);
        assert_eq!(intent.phase, Phase::Intent, "{pair:?}");
        assert_eq!(intent.result, "intent");
        assert_eq!(result.phase, Phase::Result, "{pair:?}");
        assert_eq!(
            (&intent.operation, &intent.resource),
            (&result.operation, &result.resource)
        );
        assert!(intent.time <= result.time);
        for r in pair {
            assert_eq!(r.backend, BackendKind::Sandbox);
        }
    }
    all.into_iter()
        .filter(|r| r.phase == Phase::Result)
        .collect()
}

#[tokio::test]
async fn an_audit_log_that_cannot_be_written_stops_the_call_before_it_is_sent() {
    let dir = tempfile::tempdir().unwrap();
    // The audit log is a directory: nothing can be appended to it.
    std::fs::create_dir(dir.path().join("audit.jsonl")).unwrap();
    let (sandbox, _) = audited(dir.path());
    let health = dynamo_dr::local::Health::default();
    let backend: Arc<dyn Backend> = Arc::new(AuditedBackend::new(
        sandbox.clone(),
        AuditLog::new(dir.path().join("audit.jsonl")),
        health.clone(),
    ));
    let before = sandbox.describe_table("orders").await.unwrap();
    assert!(before.deletion_protection);
    let err = backend
        .set_deletion_protection("orders", false)
        .await
        .unwrap_err();
    assert!(err.to_string().contains("not sent"), "{err}");
    assert!(err.to_string().contains("audit log"), "{err}");
    // Unaudited, so not done.
    assert!(
        sandbox
            .describe_table("orders")
            .await
            .unwrap()
            .deletion_protection
    );
    let why = health.get().unwrap();
    assert!(why.contains("audit log"), "{why}");
}

#[tokio::test]
async fn the_audit_log_holds_one_record_per_call_that_changed_the_account() {
    let dir = tempfile::tempdir().unwrap();
    let (_sandbox, backend) = audited(dir.path());
    let outcome = run_pitr_in_place(backend).await;
    assert_eq!(outcome, Outcome::Completed { remaining: vec![] });

    let records = results(&dir.path().join("audit.jsonl"));
    let calls: Vec<(&str, &str)> = records
        .iter()
        .map(|r| (r.operation.as_str(), r.resource.as_str()))
        .collect();
    let dupe = calls[0].1;
    assert!(dupe.starts_with("orders--dupe-"), "{calls:?}");
    let expected_head = [
        ("RestoreTableToPointInTime", dupe),
        ("CreateBackup", "orders"),
        ("CreateBackup", dupe),
        ("UpdateTable", "orders"),
        ("DeleteTable", "orders"),
        ("RestoreTableFromBackup", "orders"),
        // The settings the restore dropped, each re-applied.
        ("TagResource", "orders"),
        ("UpdateTimeToLive", "orders"),
        ("UpdateTable", "orders"),
        ("UpdateContinuousBackups", "orders"),
        ("UpdateTable", "orders"),
        ("DeleteTable", dupe),
    ];
    assert_eq!(calls.len(), expected_head.len() + 2, "{calls:?}");
    assert_eq!(calls[..expected_head.len()], expected_head);
    // The two backups of the run, by ARN.
    assert!(
        calls[expected_head.len()..]
            .iter()
            .all(|(op, arn)| *op == "DeleteBackup" && arn.starts_with("arn:aws:dynamodb"))
    );
    for r in &records {
        assert_eq!(r.result, "ok");
        assert_eq!(r.error, None);
        assert_eq!(r.account, seed::ACCOUNT);
        assert!(r.caller_arn.starts_with("arn:aws:"), "{}", r.caller_arn);
        assert!(!r.region.is_empty());
    }
    // Parameters say what was asked: the backup names and ARNs returned.
    let backup = &records[1];
    assert!(
        backup.parameters["backup_name"]
            .as_str()
            .unwrap()
            .starts_with("orders--orig-")
    );
    assert!(
        backup.parameters["backup_arn"]
            .as_str()
            .unwrap()
            .starts_with("arn:aws:dynamodb")
    );
    assert_eq!(records[3].parameters["deletion_protection"], false);
    assert_eq!(records[10].parameters["deletion_protection"], true);
    // A re-applied setting is recorded with the change asked for.
    assert_eq!(
        records[7].parameters["Ttl"]["attribute"], "expiresAt",
        "{:?}",
        records[7].parameters
    );
}

#[tokio::test]
async fn a_refused_call_is_audited_with_its_error() {
    let dir = tempfile::tempdir().unwrap();
    let (sandbox, backend) = audited(dir.path());
    sandbox.fail_next(
        "create_backup",
        BackendError::Unreachable("injected failure".into()),
    );
    let outcome = run_pitr_in_place(backend).await;
    assert!(
        matches!(outcome, Outcome::Failed { step: 1, .. }),
        "{outcome:?}"
    );

    let records = results(&dir.path().join("audit.jsonl"));
    let failed: Vec<_> = records.iter().filter(|r| r.result == "error").collect();
    assert_eq!(failed.len(), 1, "{records:?}");
    assert_eq!(failed[0].operation, "CreateBackup");
    assert!(
        failed[0]
            .error
            .as_deref()
            .unwrap()
            .contains("injected failure")
    );
}

#[tokio::test]
async fn conditional_item_writes_are_one_intent_and_one_result_with_counts_only() {
    use dynamo_dr::domain::{AttrValue, CondWrite, Expect, Item, ItemChange, WriteOutcome};

    let dir = tempfile::tempdir().unwrap();
    let (sandbox, backend) = audited(dir.path());
    let path = dir.path().join("audit.jsonl");
    let schema = sandbox.describe_key_schema("orders").await.unwrap();
    let pk = |v: &str| -> Item { [(schema.partition_key.clone(), AttrValue::S(v.into()))].into() };
    let existing = sandbox.scan_segment(dynamo_dr::backend::ScanRequest {
        table: "orders",
        segment: 0,
        total_segments: 1,
        start: None,
        limit: 1,
    });
    let existing = existing.await.unwrap().items.remove(0);

    // A read is not audited.
    let found = backend
        .get_items("orders", &[schema.key_of(&existing)])
        .await
        .unwrap();
    assert_eq!(found, vec![existing.clone()]);
    assert!(AuditLog::read(&path).unwrap_or_default().is_empty());

    let mut secret = pk("secret-pk-7731");
    secret.insert("card".into(), AttrValue::S("SECRET-4111-1111".into()));
    let wide: Item = (0..400)
        .map(|i| (format!("a{i}"), AttrValue::N(i.to_string())))
        .collect();
    let writes = [
        CondWrite {
            change: ItemChange::Put(secret),
            expect: Expect::Absent,
        },
        CondWrite {
            change: ItemChange::Put(existing.clone()),
            expect: Expect::Absent,
        },
        CondWrite {
            change: ItemChange::Put(existing.clone()),
            expect: Expect::Equals(wide),
        },
        CondWrite {
            change: ItemChange::Delete(schema.key_of(&existing)),
            expect: Expect::Equals(existing.clone()),
        },
    ];
    let outcomes = backend
        .write_items_if("orders", &schema, &writes)
        .await
        .unwrap();
    assert_eq!(outcomes[0], WriteOutcome::Written);
    assert_eq!(outcomes[1], WriteOutcome::ConditionFailed);
    assert!(matches!(outcomes[2], WriteOutcome::NotAttempted(_)));
    assert_eq!(outcomes[3], WriteOutcome::Written);

    let records = results(&path);
    assert_eq!(records.len(), 1, "one intent and one result: {records:?}");
    let all = AuditLog::read(&path).unwrap();
    assert_eq!(all[0].operation, "WriteItemsIf");
    assert_eq!(all[0].resource, "orders");
    assert_eq!(
        all[0].parameters,
        serde_json::json!({ "puts": 3, "deletes": 1 })
    );
    assert_eq!(records[0].result, "ok");
    assert_eq!(
        records[0].parameters,
        serde_json::json!({
            "puts": 3, "deletes": 1, "written": 2, "conflicts": 1, "not_attempted": 1
        })
    );
    // No item's values, not even a key.
    let text = std::fs::read_to_string(&path).unwrap();
    let existing_pk = match &existing[&schema.partition_key] {
        AttrValue::S(s) => s.clone(),
        other => panic!("{other:?}"),
    };
    for leak in ["SECRET-4111", "secret-pk", existing_pk.as_str()] {
        assert!(!text.contains(leak), "{leak} in the audit log: {text}");
    }
}

#[tokio::test]
async fn a_backup_job_is_one_intent_and_one_result_with_its_vault_role_lifecycle_and_id() {
    let dir = tempfile::tempdir().unwrap();
    let (_sandbox, backend) = audited(dir.path());
    let days = dynamo_dr::domain::LifecycleDays {
        cold_after_days: Some(30),
        delete_after_days: Some(365),
    };
    let id = backend
        .start_backup_job("orders", seed::VAULT, &seed::role_arn(), days, "tok-9")
        .await
        .unwrap();
    // Following it changes nothing: not audited.
    backend.describe_backup_job(&id).await.unwrap();
    let records = results(&dir.path().join("audit.jsonl"));
    assert_eq!(records.len(), 1, "{records:?}");
    let r = &records[0];
    assert_eq!(
        (r.operation.as_str(), r.resource.as_str()),
        ("StartBackupJob", "orders")
    );
    assert_eq!(r.result, "ok");
    assert_eq!(r.parameters["vault"], seed::VAULT);
    assert_eq!(r.parameters["role_arn"], seed::role_arn());
    assert_eq!(r.parameters["idempotency_token"], "tok-9");
    assert_eq!(r.parameters["lifecycle"]["cold_after_days"], 30);
    assert_eq!(r.parameters["lifecycle"]["delete_after_days"], 365);
    assert_eq!(r.parameters["backup_job_id"], id.as_str());
}

#[tokio::test]
async fn a_vault_policy_put_is_audited_whole_and_reads_are_not() {
    let dir = tempfile::tempdir().unwrap();
    let (_sandbox, backend) = audited(dir.path());
    let vault = dynamo_dr::sandbox::seed::VAULT;
    let policy = dynamo_dr::protection::with_deny_statement(None).unwrap();
    backend.get_vault_access_policy(vault).await.unwrap();
    backend
        .put_vault_access_policy(vault, &policy)
        .await
        .unwrap();
    let records = results(&dir.path().join("audit.jsonl"));
    assert_eq!(records.len(), 1, "{records:?}");
    let r = &records[0];
    assert_eq!(
        (r.operation.as_str(), r.resource.as_str(), r.result.as_str()),
        ("PutBackupVaultAccessPolicy", vault, "ok")
    );
    assert_eq!(r.parameters["policy"], policy.as_str());
}
