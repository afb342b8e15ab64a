//! The engine through the crate's public API only, as the UI uses it: plan,
//! check, run on a spawned task, fold events, answer questions.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::collections::BTreeMap;
use std::sync::Arc;
use std::time::Duration;

use chrono::Utc;
use dynamo_dr::backend::Backend;
use dynamo_dr::domain::{PitrTarget, TableName};
use dynamo_dr::sandbox::{Sandbox, SandboxOptions, seed};
use dynamo_dr::workflow::{
    Answer, Operation, Outcome, Question, RunContext, StepStatus, WorkflowEvent, check, plan, run,
    table_of,
};

#[tokio::test]
async fn a_ui_can_plan_check_run_and_answer_a_pitr_restore() {
    let sandbox = Arc::new(
        Sandbox::open(SandboxOptions {
            speed: 1e6,
            item_scale: 0.01,
            ..SandboxOptions::default()
        })
        .unwrap(),
    );
    let backend: Arc<dyn Backend> = sandbox.clone();
    let op = Operation::PitrInPlace {
        table: TableName::parse("orders").unwrap(),
        at: PitrTarget::At(Utc::now() - chrono::Duration::hours(3)),
    };
    assert_eq!(table_of(&op), "orders");
    let plan = plan(&op, Utc::now());
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
    check(backend.as_ref(), &plan, &ctx).await.unwrap();

    let (tx, mut rx) = tokio::sync::mpsc::unbounded_channel();
    tokio::spawn(run(backend.clone(), plan.clone(), ctx, tx));
    let mut checklist: BTreeMap<usize, StepStatus> = BTreeMap::new();
    let mut outcome = None;
    while let Some(event) = rx.recv().await {
        match event {
            WorkflowEvent::Step { index, status, .. } => {
                checklist.insert(index, status);
            }
            WorkflowEvent::StepAdded { .. } | WorkflowEvent::Compared { .. } => {}
            WorkflowEvent::Ask {
                question, reply, ..
            } => {
                let answer = match question {
                    Question::RemoveDeletionProtection { .. } => Answer::Yes,
                    Question::TypeTableName { table, .. } => Answer::Typed(table),
                    Question::CleanupReview { items } => {
                        Answer::Delete(items.into_iter().map(|i| i.id).collect())
                    }
                    other => panic!("unexpected {other:?}"),
                };
                reply.send(answer).unwrap();
            }
            WorkflowEvent::Finished { outcome: o, .. } => outcome = Some(o),
        }
    }
    assert_eq!(outcome, Some(Outcome::Completed { remaining: vec![] }));
    // The plan, a re-apply step per setting the restore dropped (tags, TTL,
    // stream), and one deletion per temporary resource.
    assert_eq!(checklist.len(), plan.steps.len() + 3 + 3);
    assert!(
        checklist
            .values()
            .all(|s| matches!(s, StepStatus::Done { .. }))
    );
    // The seeded 1.25M orders, at the 1 % this test runs the sandbox at.
    assert!(backend.describe_table("orders").await.unwrap().item_count > 10_000);
}
