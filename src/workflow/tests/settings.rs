//! Settings carried over an in-place restore, and the verification that
//! gates operation 1's cleanup.

use std::collections::BTreeMap;

use super::harness::{Operator, drive, resources, sandbox};
use crate::backend::Backend;
use crate::domain::{AttrValue, PitrTarget, SettingChange, TableName, TableSettings};
use crate::sandbox::{Sandbox, TableData};
use crate::workflow::{Operation, Outcome, StepAction, StepStatus};

/// A small table with tags, TTL, a stream, PITR 7 days and protection on.
async fn configured_table(sb: &Sandbox, name: &str) -> TableSettings {
    let data = TableData {
        items: 3_000,
        size_bytes: 3_000_000,
        version: 77,
    };
    sb.insert_table(name, data, Some(7));
    let tags: BTreeMap<String, String> = [("team", "checkout"), ("env", "prod")]
        .into_iter()
        .map(|(k, v)| (k.to_owned(), v.to_owned()))
        .collect();
    for change in [
        SettingChange::Tags {
            set: tags,
            remove: vec![],
        },
        SettingChange::Ttl {
            attribute: "expiresAt".into(),
            enabled: true,
        },
        SettingChange::Stream {
            view: Some("NEW_AND_OLD_IMAGES".into()),
        },
    ] {
        sb.apply_setting(name, &change).await.unwrap();
    }
    sb.set_deletion_protection(name, true).await.unwrap();
    sb.describe_settings(name).await.unwrap()
}

fn index_of(report: &super::harness::Report, pred: impl Fn(&StepAction) -> bool) -> usize {
    report.steps.iter().position(|s| pred(&s.action)).unwrap()
}

#[tokio::test]
async fn pitr_in_place_gives_back_tags_ttl_stream_pitr_period_and_protection() {
    let sb = sandbox();
    let before = configured_table(&sb, "shop").await;
    assert_eq!(before.pitr_days, Some(7));
    assert!(before.deletion_protection && before.ttl_attribute.is_some());
    let dir = tempfile::tempdir().unwrap();
    let mut operator = Operator::default();
    operator.context.journal_dir = Some(dir.path().to_owned());
    let op = Operation::PitrInPlace {
        table: TableName::parse("shop").unwrap(),
        at: PitrTarget::Latest,
    };

    let report = drive(&sb, op, operator).await;

    assert_eq!(report.outcome, Outcome::Completed { remaining: vec![] });
    report.assert_all_done();
    assert_eq!(sb.describe_settings("shop").await.unwrap(), before);
    // The diff step added one step per dropped setting, right after itself.
    let diff = index_of(&report, |a| matches!(a, StepAction::ReapplySettings { .. }));
    let added: Vec<&SettingChange> = report.steps[diff + 1..diff + 4]
        .iter()
        .map(|s| match &s.action {
            StepAction::ApplySetting { change, .. } => change,
            other => panic!("{other:?}"),
        })
        .collect();
    assert!(matches!(added[0], SettingChange::Tags { set, .. } if set.len() == 2));
    assert!(matches!(added[1], SettingChange::Ttl { enabled: true, .. }));
    assert!(matches!(added[2], SettingChange::Stream { view: Some(_) }));
    assert!(matches!(
        report.steps[diff + 4].action,
        StepAction::EnablePitr { .. }
    ));
    let StepStatus::Done {
        detail: Some(detail),
        ..
    } = report.status_of(diff)
    else {
        panic!("{:?}", report.status_of(diff))
    };
    assert!(detail.contains("3 step(s) added"), "{detail}");
    assert!(
        detail.contains("TTL: TTL off (was TTL on expiresAt)"),
        "{detail}"
    );
    // The captured settings are in the journal, for a resumed run.
    let journal = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().path())
        .find(|p| p.extension().is_some_and(|x| x == "jsonl"))
        .unwrap();
    let text = std::fs::read_to_string(journal).unwrap();
    assert!(text.contains("\"ttl_attribute\":\"expiresAt\""));
    assert!(text.contains("\"stream\":\"NEW_AND_OLD_IMAGES\""));
    // Verified item by item before the review offered anything.
    let verify = index_of(&report, |a| matches!(a, StepAction::Verify { .. }));
    assert!(
        matches!(report.status_of(verify), StepStatus::Done { detail: Some(d), .. } if d.contains("equal")),
        "{:?}",
        report.status_of(verify)
    );
    assert!(report.reviews[0].items.iter().all(|i| i.deletable));
    assert!(
        report.running.iter().any(|(i, p, d)| *i == verify
            && p.is_some()
            && d.as_deref()
                .is_some_and(|d| d.contains("items, ") && d.ends_with("/s"))),
        "the verification shows its progress"
    );
}

#[tokio::test]
async fn a_restored_table_that_differs_stops_the_run_and_keeps_the_duplicate_and_backups() {
    let sb = sandbox();
    configured_table(&sb, "shop").await;
    let dir = tempfile::tempdir().unwrap();
    let mut operator = Operator {
        on_start: Some(Box::new(|sb, _, step| {
            // Someone writes to the restored table before it is verified.
            if let StepAction::Verify { restored, .. } = &step.action {
                sb.change_item(
                    restored.as_str(),
                    42,
                    "status",
                    AttrValue::S("tampered".into()),
                )
                .unwrap();
            }
        })),
        ..Operator::default()
    };
    operator.context.journal_dir = Some(dir.path().to_owned());
    let op = Operation::PitrInPlace {
        table: TableName::parse("shop").unwrap(),
        at: PitrTarget::Latest,
    };

    let report = drive(&sb, op, operator).await;

    let verify = index_of(&report, |a| matches!(a, StepAction::Verify { .. }));
    let Outcome::Failed {
        step,
        error,
        remaining,
    } = &report.outcome
    else {
        panic!("{:?}", report.outcome)
    };
    assert_eq!(*step, verify);
    assert!(
        error.contains("1 key(s) differ") && error.contains("Changed"),
        "{error}"
    );
    assert!(error.contains("differences.json"), "{error}");
    // The review showed everything, and offered nothing.
    let review = &report.reviews[0];
    assert_eq!(review.items.len(), 3);
    assert!(
        review
            .items
            .iter()
            .all(|i| !i.deletable && i.why.contains("has not verified equal"))
    );
    assert_eq!(remaining.len(), 3, "{remaining:?}");
    let now = resources(&sb).await;
    assert!(
        review
            .items
            .iter()
            .all(|i| now.iter().any(|r| r.ends_with(&i.name))),
        "{now:?}"
    );
    // Every differing key is in the file next to the journal.
    let diffs = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().path())
        .find(|p| p.to_string_lossy().ends_with(".differences.json"))
        .unwrap();
    let text = std::fs::read_to_string(diffs).unwrap();
    assert_eq!(text.lines().count(), 1, "{text}");
    assert!(text.contains("Changed"), "{text}");
}

#[tokio::test]
async fn a_run_stopped_before_the_delete_may_still_clean_up_its_duplicate() {
    let sb = sandbox();
    configured_table(&sb, "shop").await;
    let operator = Operator {
        remove_protection: crate::workflow::Answer::No,
        ..Operator::default()
    };
    let op = Operation::PitrInPlace {
        table: TableName::parse("shop").unwrap(),
        at: PitrTarget::Latest,
    };

    let report = drive(&sb, op, operator).await;

    assert!(matches!(report.outcome, Outcome::Cancelled { .. }));
    // shop was never deleted: its duplicate is only a leftover.
    assert!(report.reviews[0].items.iter().all(|i| i.deletable));
}

#[tokio::test]
async fn aws_backup_in_place_gives_back_the_settings_the_restore_dropped() {
    let sb = sandbox();
    let before = sb.describe_settings("ParksAr").await.unwrap();
    assert!(before.stream.is_some() && !before.tags.is_empty());
    let arn = sb.describe_table("ParksAr").await.unwrap().arn;
    let mut points = sb
        .list_recovery_points(crate::sandbox::seed::VAULT, Some(&arn))
        .await
        .unwrap();
    points.sort_by_key(|p| std::cmp::Reverse(p.created_at));
    let op = Operation::AwsBackupInPlace {
        table: TableName::parse("ParksAr").unwrap(),
        recovery_point_arn: points[0].arn.clone().into(),
        cold: false,
    };

    let report = drive(&sb, op, Operator::default()).await;

    assert_eq!(report.outcome, Outcome::Completed { remaining: vec![] });
    // Everything as it was, and protection on, as the operation always ends.
    let after = sb.describe_settings("ParksAr").await.unwrap();
    assert_eq!(
        after,
        TableSettings {
            deletion_protection: true,
            ..before
        }
    );
    assert_eq!(
        report
            .steps
            .iter()
            .filter(|s| matches!(s.action, StepAction::ApplySetting { .. }))
            .count(),
        3,
        "tags, TTL and stream"
    );
}
