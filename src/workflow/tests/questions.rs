//! The human in the loop: every "no" or cancel stops the run safely, and a
//! name typed wrong is refused.

use chrono::Duration;

use super::harness::{Cleanup, Operator, drive, resources, sandbox};
use crate::backend::Backend;
use crate::domain::{PitrTarget, StorageClass, TableName};
use crate::sandbox::{Sandbox, seed};
use crate::workflow::{Answer, Operation, Outcome, Question, StepStatus};

fn pitr_op(sb: &Sandbox) -> Operation {
    Operation::PitrInPlace {
        table: TableName::parse("orders").unwrap(),
        at: PitrTarget::At(sb.now() - Duration::hours(3)),
    }
}

fn typed_questions(questions: &[Question]) -> Vec<Option<String>> {
    questions
        .iter()
        .filter_map(|q| match q {
            Question::TypeTableName { mistyped, .. } => Some(mistyped.clone()),
            _ => None,
        })
        .collect()
}

#[tokio::test]
async fn no_to_removing_deletion_protection_stops_before_any_delete() {
    for answer in [Answer::No, Answer::Cancel] {
        let sb = sandbox();
        let before = sb.table_data("orders");
        let operator = Operator {
            remove_protection: answer.clone(),
            ..Operator::default()
        };
        let report = drive(&sb, pitr_op(&sb), operator).await;
        let Outcome::Cancelled {
            step: Some(5),
            reason,
            remaining,
        } = &report.outcome
        else {
            panic!("{answer:?}: {:?}", report.outcome)
        };
        assert!(
            reason.contains("deletion protection left on orders"),
            "{reason}"
        );
        assert!(
            matches!(report.status_of(5), StepStatus::Skipped { why } if why.starts_with("cancelled"))
        );
        for i in 6..12 {
            assert!(
                matches!(report.status_of(i), StepStatus::Skipped { .. }),
                "step {i}"
            );
        }
        // Nothing half-done is hidden: the review offered all three leftovers.
        assert_eq!(report.reviews[0].items.len(), 3);
        assert!(report.reviews[0].items.iter().all(|i| i.deletable));
        assert!(remaining.is_empty(), "{remaining:?}");
        assert_eq!(sb.table_data("orders"), before);
        assert!(
            sb.describe_table("orders")
                .await
                .unwrap()
                .deletion_protection
        );
        assert_eq!(resources(&sb).await, report.before);
    }
}

#[tokio::test]
async fn cancel_at_typing_the_name_keeps_the_table_and_its_protection() {
    let sb = sandbox();
    let before = sb.table_data("orders");
    let operator = Operator {
        typed: vec![Answer::Typed("orderz".into()), Answer::Cancel],
        cleanup: Cleanup::Nothing,
        ..Operator::default()
    };
    let report = drive(&sb, pitr_op(&sb), operator).await;
    let Outcome::Cancelled {
        step: Some(6),
        remaining,
        ..
    } = &report.outcome
    else {
        panic!("{:?}", report.outcome)
    };
    assert_eq!(
        typed_questions(&report.questions),
        [None, Some("orderz".to_owned())]
    );
    assert_eq!(remaining.len(), 3);
    assert_eq!(sb.table_data("orders"), before);
    // Protection removed in step 5 was turned back on by an added step.
    assert!(
        sb.describe_table("orders")
            .await
            .unwrap()
            .deletion_protection
    );
    let added = report
        .steps
        .iter()
        .position(|s| s.title.contains("back on for orders"));
    assert!(matches!(
        added.map(|i| report.status_of(i)),
        Some(StepStatus::Done { .. })
    ));
}

#[tokio::test]
async fn a_wrong_name_is_refused_and_asked_again() {
    let sb = sandbox();
    let operator = Operator {
        typed: vec![Answer::Typed("order".into())],
        ..Operator::default()
    };
    let report = drive(&sb, pitr_op(&sb), operator).await;
    assert_eq!(report.outcome, Outcome::Completed { remaining: vec![] });
    assert_eq!(
        typed_questions(&report.questions),
        [None, Some("order".to_owned())]
    );
}

#[tokio::test]
async fn three_wrong_names_stop_the_run_without_deleting() {
    let sb = sandbox();
    let before = sb.table_data("orders");
    let operator = Operator {
        typed: ["order", "Orders", "customers"]
            .map(|t| Answer::Typed(t.into()))
            .to_vec(),
        cleanup: Cleanup::All,
        ..Operator::default()
    };
    let report = drive(&sb, pitr_op(&sb), operator).await;
    let Outcome::Cancelled {
        step: Some(6),
        reason,
        ..
    } = &report.outcome
    else {
        panic!("{:?}", report.outcome)
    };
    assert!(reason.contains("did not match orders 3 times"), "{reason}");
    assert_eq!(typed_questions(&report.questions).len(), 3);
    assert_eq!(sb.table_data("orders"), before);
    assert_eq!(resources(&sb).await, report.before);
}

#[tokio::test]
async fn declining_a_cold_restore_does_nothing() {
    for answer in [Answer::No, Answer::Cancel] {
        let sb = sandbox();
        let arn = sb.describe_table("ParksAr").await.unwrap().arn;
        let point = sb
            .list_recovery_points(seed::VAULT, Some(&arn))
            .await
            .unwrap()
            .into_iter()
            .find(|p| p.storage == StorageClass::Cold)
            .unwrap();
        // The operator did not flag it cold: the engine finds out and asks.
        let op = Operation::AwsBackupInPlace {
            table: TableName::parse("ParksAr").unwrap(),
            recovery_point_arn: point.arn.into(),
            cold: false,
        };
        let report = drive(
            &sb,
            op,
            Operator {
                cold: answer.clone(),
                ..Operator::default()
            },
        )
        .await;
        assert!(
            matches!(&report.outcome, Outcome::Cancelled { step: None, .. }),
            "{answer:?}: {:?}",
            report.outcome
        );
        assert_eq!(report.questions.len(), 1);
        assert!(report.running.is_empty());
        assert_eq!(resources(&sb).await, report.before);
    }
}

#[tokio::test]
async fn cancelling_the_cleanup_review_deletes_nothing() {
    let sb = sandbox();
    let operator = Operator {
        cleanup: Cleanup::Cancel,
        ..Operator::default()
    };
    let report = drive(&sb, pitr_op(&sb), operator).await;
    let Outcome::Completed { remaining } = &report.outcome else {
        panic!("{:?}", report.outcome)
    };
    assert_eq!(remaining.len(), 3);
    // No deletion step was added: only the three re-applied settings.
    assert_eq!(report.steps.len(), report.plan.steps.len() + 3);
}

#[tokio::test]
async fn cancelling_a_failed_step_leaves_everything_as_is() {
    let sb = sandbox();
    let operator = Operator {
        on_failure: vec![Answer::Cancel],
        ..Operator::failing(3, "describe_backup")
    };
    let report = drive(&sb, pitr_op(&sb), operator).await;
    let Outcome::Failed {
        step: 3, remaining, ..
    } = &report.outcome
    else {
        panic!("{:?}", report.outcome)
    };
    assert_eq!(remaining.len(), 3);
    assert!(report.reviews.is_empty());
}

#[tokio::test]
async fn no_to_deletion_protection_when_deleting_offers_the_fallback_backup() {
    let sb = sandbox();
    let operator = Operator {
        remove_protection: Answer::No,
        cleanup: Cleanup::Nothing,
        ..Operator::default()
    };
    let op = Operation::DeleteTable {
        table: TableName::parse("orders").unwrap(),
        fallback_backup: true,
    };
    let report = drive(&sb, op, operator).await;
    let Outcome::Cancelled {
        step: Some(1),
        remaining,
        ..
    } = &report.outcome
    else {
        panic!("{:?}", report.outcome)
    };
    assert_eq!(report.reviews[0].items.len(), 1);
    assert_eq!(remaining.len(), 1);
    assert!(
        sb.describe_table("orders")
            .await
            .unwrap()
            .deletion_protection
    );
}

#[tokio::test]
async fn aws_backup_in_place_stops_at_either_question_with_the_table_intact() {
    let no_protection = Operator {
        remove_protection: Answer::No,
        ..Operator::default()
    };
    let no_name = Operator {
        typed: vec![Answer::Cancel],
        ..Operator::default()
    };
    for (operator, stopped_at) in [(no_protection, 2), (no_name, 3)] {
        let sb = sandbox();
        let before = sb.table_data("orders");
        let arn = sb.describe_table("orders").await.unwrap().arn;
        let point = sb
            .list_recovery_points(seed::VAULT, Some(&arn))
            .await
            .unwrap()
            .remove(0);
        let op = Operation::AwsBackupInPlace {
            table: TableName::parse("orders").unwrap(),
            recovery_point_arn: point.arn.into(),
            cold: false,
        };
        let report = drive(
            &sb,
            op,
            Operator {
                cold: Answer::Yes,
                ..operator
            },
        )
        .await;
        let Outcome::Cancelled {
            step: Some(step), ..
        } = &report.outcome
        else {
            panic!("{:?}", report.outcome)
        };
        assert_eq!(*step, stopped_at);
        // The fallback backup was offered (the table is there), then deleted.
        let items = &report.reviews[0].items;
        assert_eq!(items.len(), 1);
        assert!(items[0].name.starts_with("orders--orig-") && items[0].deletable);
        assert_eq!(sb.table_data("orders"), before);
        assert!(
            sb.describe_table("orders")
                .await
                .unwrap()
                .deletion_protection
        );
        assert_eq!(resources(&sb).await, report.before);
        assert!(
            sb.list_jobs()
                .await
                .unwrap()
                .iter()
                .all(|j| j.kind != crate::domain::JobKind::Restore)
        );
    }
}
