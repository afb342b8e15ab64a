//! The operations end to end over the real `AwsBackend` against moto: the
//! workflow engine runs each one, a scripted operator answers the questions,
//! and the server's state is then read back with the SDK itself (not only
//! the engine's outcome). `scripts/test.sh` starts moto and sets
//! `DYNAMO_DR_MOTO_ENDPOINT`; tests share one server, so every table name is
//! unique. moto ignores the time of a point-in-time restore (it copies the
//! current items), so operation 1 asserts the workflow, not the moment.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod moto;
mod play;

use std::collections::BTreeSet;
use std::sync::Arc;

use aws_sdk_dynamodb::types::{
    AttributeValue, BackupStatus as SdkBackupStatus, PointInTimeRecoverySpecification,
    PointInTimeRecoveryStatus, StreamSpecification, StreamViewType, TableStatus as SdkTableStatus,
    Tag, TimeToLiveSpecification, TimeToLiveStatus,
};
use dynamo_dr::backend::Backend;
use dynamo_dr::domain::{PitrTarget, TableName, TempKind};
use dynamo_dr::workflow::{
    CleanupKind, Operation, Outcome, Question, RunContext, StepAction, StepStatus, temporary_name,
};
use moto::{create_pk_table, ddb, unique};
use play::{Cleanup, Played, play};

/// The name of `table`'s temporary resource of this run, as the outcome
/// lists it.
fn temp(table: &str, kind: TempKind, stamp: chrono::DateTime<chrono::Utc>) -> String {
    temporary_name(&TableName::parse(table).unwrap(), kind, stamp).to_string()
}

/// Vault and role are not used by operations 1, 3, 4, 6, 7, 8.
fn ctx() -> RunContext {
    play::context("unused-vault", "arn:aws:iam::123456789012:role/unused-role")
}

async fn backend() -> Arc<dyn Backend> {
    Arc::new(moto::backend().await)
}

/// An on-demand table keyed on `pk` holding `items`.
async fn table_with(ddb: &aws_sdk_dynamodb::Client, name: &str, items: &[&str]) {
    create_pk_table(ddb, name).await;
    for pk in items {
        put(ddb, name, pk).await;
    }
}

async fn put(ddb: &aws_sdk_dynamodb::Client, table: &str, pk: &str) {
    ddb.put_item()
        .table_name(table)
        .item("pk", AttributeValue::S((*pk).to_owned()))
        .item("note", AttributeValue::S(format!("item {pk}")))
        .send()
        .await
        .expect("put item");
}

async fn protect(ddb: &aws_sdk_dynamodb::Client, table: &str) {
    ddb.update_table()
        .table_name(table)
        .deletion_protection_enabled(true)
        .send()
        .await
        .expect("turn deletion protection on");
}

async fn enable_pitr(ddb: &aws_sdk_dynamodb::Client, table: &str, days: i32) {
    ddb.update_continuous_backups()
        .table_name(table)
        .point_in_time_recovery_specification(
            PointInTimeRecoverySpecification::builder()
                .point_in_time_recovery_enabled(true)
                .recovery_period_in_days(days)
                .build()
                .unwrap(),
        )
        .send()
        .await
        .expect("turn PITR on");
}

/// The `pk` of every item in a table, as the server holds them.
async fn keys(ddb: &aws_sdk_dynamodb::Client, table: &str) -> BTreeSet<String> {
    let out = ddb.scan().table_name(table).send().await.expect("scan");
    out.items()
        .iter()
        .filter_map(|i| i.get("pk").and_then(|v| v.as_s().ok()).cloned())
        .collect()
}

fn set(keys: &[&str]) -> BTreeSet<String> {
    keys.iter().map(|k| (*k).to_owned()).collect()
}

/// (status, deletion protection) as the server reports them; `None`: no
/// such table.
async fn table_state(
    ddb: &aws_sdk_dynamodb::Client,
    table: &str,
) -> Option<(SdkTableStatus, bool)> {
    match ddb.describe_table().table_name(table).send().await {
        Ok(out) => {
            let t = out.table().expect("a table description");
            Some((
                t.table_status().cloned().expect("a table status"),
                t.deletion_protection_enabled().unwrap_or(false),
            ))
        }
        Err(e)
            if e.as_service_error()
                .is_some_and(|e| e.is_resource_not_found_exception()) =>
        {
            None
        }
        Err(e) => panic!("DescribeTable {table}: {e:?}"),
    }
}

/// (PITR on, recovery period) as the server reports them.
async fn pitr_state(ddb: &aws_sdk_dynamodb::Client, table: &str) -> (bool, Option<i32>) {
    let out = ddb
        .describe_continuous_backups()
        .table_name(table)
        .send()
        .await
        .expect("DescribeContinuousBackups");
    let p = out
        .continuous_backups_description()
        .and_then(|d| d.point_in_time_recovery_description())
        .expect("a PITR description");
    (
        p.point_in_time_recovery_status() == Some(&PointInTimeRecoveryStatus::Enabled),
        p.recovery_period_in_days(),
    )
}

/// (status, source table) of a backup; `None`: no such backup.
async fn backup_state(
    ddb: &aws_sdk_dynamodb::Client,
    arn: &str,
) -> Option<(SdkBackupStatus, String)> {
    match ddb.describe_backup().backup_arn(arn).send().await {
        Ok(out) => {
            let d = out.backup_description().expect("a backup description");
            let status = d
                .backup_details()
                .map(|b| b.backup_status().clone())
                .expect("backup details");
            let table = d
                .source_table_details()
                .map(|s| s.table_name().to_owned())
                .unwrap_or_default();
            Some((status, table))
        }
        Err(e)
            if e.as_service_error()
                .is_some_and(|e| e.is_backup_not_found_exception()) =>
        {
            None
        }
        Err(e) => panic!("DescribeBackup {arn}: {e:?}"),
    }
}

/// Names of the backups the server lists for `table`.
async fn backup_names(ddb: &aws_sdk_dynamodb::Client, table: &str) -> BTreeSet<String> {
    let out = ddb
        .list_backups()
        .table_name(table)
        .send()
        .await
        .expect("ListBackups");
    out.backup_summaries()
        .iter()
        .filter_map(|b| b.backup_name().map(str::to_owned))
        .collect()
}

fn assert_completed(played: &Played) {
    assert!(
        matches!(played.outcome, Outcome::Completed { .. }),
        "{:?}\nsteps: {:#?}",
        played.outcome,
        played.statuses
    );
}

/// PITR on with 7 days, deletion protection on, tags, TTL and a stream,
/// three items.
async fn protected_pitr_table(ddb: &aws_sdk_dynamodb::Client, prefix: &str) -> String {
    let table = unique(prefix);
    table_with(ddb, &table, &["o1", "o2", "o3"]).await;
    enable_pitr(ddb, &table, 7).await;
    protect(ddb, &table).await;
    let arn = ddb
        .describe_table()
        .table_name(&table)
        .send()
        .await
        .unwrap()
        .table()
        .unwrap()
        .table_arn()
        .unwrap()
        .to_owned();
    ddb.tag_resource()
        .resource_arn(&arn)
        .tags(
            Tag::builder()
                .key("team")
                .value("checkout")
                .build()
                .unwrap(),
        )
        .tags(Tag::builder().key("env").value("prod").build().unwrap())
        .send()
        .await
        .unwrap();
    ddb.update_time_to_live()
        .table_name(&table)
        .time_to_live_specification(
            TimeToLiveSpecification::builder()
                .enabled(true)
                .attribute_name("expiresAt")
                .build()
                .unwrap(),
        )
        .send()
        .await
        .unwrap();
    ddb.update_table()
        .table_name(&table)
        .stream_specification(
            StreamSpecification::builder()
                .stream_enabled(true)
                .stream_view_type(StreamViewType::NewAndOldImages)
                .build()
                .unwrap(),
        )
        .send()
        .await
        .unwrap();
    table
}

/// The table's tags, TTL attribute and stream view, read with the SDK.
async fn dropped_settings(
    ddb: &aws_sdk_dynamodb::Client,
    table: &str,
) -> (Vec<(String, String)>, Option<String>, Option<String>) {
    let d = ddb.describe_table().table_name(table).send().await.unwrap();
    let d = d.table().unwrap();
    let mut tags: Vec<(String, String)> = ddb
        .list_tags_of_resource()
        .resource_arn(d.table_arn().unwrap())
        .send()
        .await
        .unwrap()
        .tags()
        .iter()
        .map(|t| (t.key().to_owned(), t.value().to_owned()))
        .collect();
    tags.sort();
    let ttl = ddb
        .describe_time_to_live()
        .table_name(table)
        .send()
        .await
        .unwrap()
        .time_to_live_description()
        .filter(|t| t.time_to_live_status() == Some(&TimeToLiveStatus::Enabled))
        .and_then(|t| t.attribute_name().map(str::to_owned));
    let stream = d
        .stream_specification()
        .filter(|s| s.stream_enabled())
        .and_then(|s| s.stream_view_type().map(|v| v.as_str().to_owned()));
    (tags, ttl, stream)
}

fn configured() -> (Vec<(String, String)>, Option<String>, Option<String>) {
    (
        vec![
            ("env".to_owned(), "prod".to_owned()),
            ("team".to_owned(), "checkout".to_owned()),
        ],
        Some("expiresAt".to_owned()),
        Some("NEW_AND_OLD_IMAGES".to_owned()),
    )
}

#[tokio::test]
#[ignore = "needs moto: run scripts/test.sh"]
async fn op1_pitr_in_place_replaces_the_table_and_deletes_what_the_review_chose() {
    let (b, ddb) = (backend().await, ddb().await);
    let table = protected_pitr_table(&ddb, "orders").await;
    assert_eq!(dropped_settings(&ddb, &table).await, configured());
    let before = b.describe_settings(&table).await.unwrap();

    let played = play(
        b.clone(),
        Operation::PitrInPlace {
            table: TableName::parse(&table).unwrap(),
            at: PitrTarget::Latest,
        },
        ctx(),
        Cleanup::DeleteAll,
    )
    .await;

    assert_eq!(played.outcome, Outcome::Completed { remaining: vec![] });
    // 13 planned steps, one per setting moto's restore dropped, then one
    // deletion per reviewed resource.
    assert_eq!(played.plan.steps.len(), 13);
    let reapplied: Vec<&str> = played
        .steps
        .iter()
        .filter(|s| matches!(s.action, StepAction::ApplySetting { .. }))
        .map(|s| s.title.as_str())
        .collect();
    assert!(reapplied.len() >= 3, "{reapplied:?}");
    assert_eq!(played.steps.len(), 13 + reapplied.len() + 3);
    played.assert_all_done();
    // Every setting back, read over the wire both ways: tags, TTL, stream,
    // PITR 7 days, protection, capacity…
    assert_eq!(dropped_settings(&ddb, &table).await, configured());
    assert_eq!(b.describe_settings(&table).await.unwrap(), before);
    assert_eq!(before.pitr_days, Some(7));
    assert_eq!(
        played.asked(|q| matches!(q, Question::RemoveDeletionProtection { .. })),
        1
    );
    assert_eq!(
        played.asked(|q| matches!(q, Question::TypeTableName { .. })),
        1
    );
    let kinds: Vec<CleanupKind> = played.reviews[0].iter().map(|i| i.kind).collect();
    assert_eq!(
        kinds,
        [
            CleanupKind::DuplicateTable,
            CleanupKind::OriginalBackup,
            CleanupKind::DuplicateBackup
        ]
    );

    // The server: the table is back, ACTIVE, with its items and settings.
    assert_eq!(
        table_state(&ddb, &table).await,
        Some((SdkTableStatus::Active, true))
    );
    assert_eq!(keys(&ddb, &table).await, set(&["o1", "o2", "o3"]));
    assert_eq!(pitr_state(&ddb, &table).await, (true, Some(7)));
    // The duplicate and both backups of this run are gone.
    let dupe = temp(&table, TempKind::Dupe, played.plan.stamp);
    let orig = temp(&table, TempKind::Orig, played.plan.stamp);
    assert_eq!(table_state(&ddb, dupe.as_str()).await, None);
    let orig_arn = &played.reviewed(CleanupKind::OriginalBackup).id;
    let dupe_arn = &played.reviewed(CleanupKind::DuplicateBackup).id;
    assert_eq!(backup_state(&ddb, orig_arn).await, None);
    assert_eq!(backup_state(&ddb, dupe_arn).await, None);
    assert!(!backup_names(&ddb, &table).await.contains(&orig));
    assert!(backup_names(&ddb, dupe.as_str()).await.is_empty());
}

#[tokio::test]
#[ignore = "needs moto: run scripts/test.sh"]
async fn op1_pitr_in_place_keeps_every_temporary_resource_when_asked() {
    let (b, ddb) = (backend().await, ddb().await);
    let table = protected_pitr_table(&ddb, "invoices").await;

    let played = play(
        b,
        Operation::PitrInPlace {
            table: TableName::parse(&table).unwrap(),
            at: PitrTarget::Latest,
        },
        ctx(),
        Cleanup::KeepAll,
    )
    .await;

    let dupe = temp(&table, TempKind::Dupe, played.plan.stamp);
    let orig = temp(&table, TempKind::Orig, played.plan.stamp);
    assert_eq!(
        played.outcome,
        Outcome::Completed {
            remaining: vec![dupe.clone(), orig.clone(), dupe.clone()]
        }
    );
    assert!(
        played
            .steps
            .iter()
            .all(|s| !s.title.starts_with("Delete the")),
        "no deletion step was added"
    );
    played.assert_all_done();

    assert_eq!(
        table_state(&ddb, &table).await,
        Some((SdkTableStatus::Active, true))
    );
    assert_eq!(keys(&ddb, &table).await, set(&["o1", "o2", "o3"]));
    assert_eq!(pitr_state(&ddb, &table).await, (true, Some(7)));
    // Kept: the duplicate table and both backups, AVAILABLE.
    assert_eq!(
        table_state(&ddb, dupe.as_str()).await.map(|(s, _)| s),
        Some(SdkTableStatus::Active)
    );
    assert_eq!(keys(&ddb, dupe.as_str()).await, set(&["o1", "o2", "o3"]));
    let orig_arn = &played.reviewed(CleanupKind::OriginalBackup).id;
    let dupe_arn = &played.reviewed(CleanupKind::DuplicateBackup).id;
    assert_eq!(
        backup_state(&ddb, orig_arn).await,
        Some((SdkBackupStatus::Available, table.clone()))
    );
    assert_eq!(
        backup_state(&ddb, dupe_arn).await,
        Some((SdkBackupStatus::Available, dupe.clone()))
    );
    assert!(backup_names(&ddb, &table).await.contains(&orig));
    assert!(backup_names(&ddb, dupe.as_str()).await.contains(&dupe));
}

#[tokio::test]
#[ignore = "needs moto: run scripts/test.sh"]
async fn op3_create_backup_leaves_an_available_orig_backup() {
    let (b, ddb) = (backend().await, ddb().await);
    let table = unique("ledger");
    table_with(&ddb, &table, &["l1", "l2"]).await;

    let played = play(
        b,
        Operation::CreateBackup {
            table: TableName::parse(&table).unwrap(),
        },
        ctx(),
        Cleanup::KeepAll,
    )
    .await;

    assert_completed(&played);
    played.assert_all_done();
    assert!(played.questions.is_empty(), "{:?}", played.questions);
    let orig = temp(&table, TempKind::Orig, played.plan.stamp);
    assert!(orig.starts_with(&format!("{table}--orig-")), "{orig}");
    let listed = ddb.list_backups().table_name(&table).send().await.unwrap();
    let ours: Vec<_> = listed
        .backup_summaries()
        .iter()
        .filter(|s| s.backup_name() == Some(orig.as_str()))
        .collect();
    assert_eq!(ours.len(), 1, "{listed:?}");
    let arn = ours[0].backup_arn().unwrap();
    assert_eq!(
        backup_state(&ddb, arn).await,
        Some((SdkBackupStatus::Available, table.clone()))
    );
    // The table itself is untouched.
    assert_eq!(
        table_state(&ddb, &table).await,
        Some((SdkTableStatus::Active, false))
    );
    assert_eq!(keys(&ddb, &table).await, set(&["l1", "l2"]));
}

#[tokio::test]
#[ignore = "needs moto: run scripts/test.sh"]
async fn op4_restore_from_backup_creates_the_snapshot_under_a_new_name() {
    let (b, ddb) = (backend().await, ddb().await);
    let source = unique("parks");
    table_with(&ddb, &source, &["p1", "p2", "p3"]).await;
    let backup = ddb
        .create_backup()
        .table_name(&source)
        .backup_name("parks-snapshot")
        .send()
        .await
        .unwrap();
    let arn = backup.backup_details().unwrap().backup_arn().to_owned();
    put(&ddb, &source, "written-after-the-backup").await;
    let target = unique("parks-restored");

    let played = play(
        b,
        Operation::RestoreFromBackup {
            new_table: Default::default(),
            backup_arn: arn.clone().into(),
            target: TableName::parse(&target).unwrap(),
        },
        ctx(),
        Cleanup::KeepAll,
    )
    .await;

    assert_completed(&played);
    played.assert_all_done();
    assert_eq!(
        table_state(&ddb, &target).await.map(|(s, _)| s),
        Some(SdkTableStatus::Active)
    );
    assert_eq!(keys(&ddb, &target).await, set(&["p1", "p2", "p3"]));
    // The source and the backup are untouched.
    assert_eq!(
        keys(&ddb, &source).await,
        set(&["p1", "p2", "p3", "written-after-the-backup"])
    );
    assert_eq!(
        backup_state(&ddb, &arn).await,
        Some((SdkBackupStatus::Available, source.clone()))
    );
}

#[tokio::test]
#[ignore = "needs moto: run scripts/test.sh"]
async fn op4_restore_into_an_existing_name_is_refused_before_anything_runs() {
    let (b, ddb) = (backend().await, ddb().await);
    let source = unique("trails");
    let existing = unique("trails-existing");
    table_with(&ddb, &source, &["t1", "t2"]).await;
    table_with(&ddb, &existing, &["mine"]).await;
    let arn = ddb
        .create_backup()
        .table_name(&source)
        .backup_name("trails-snapshot")
        .send()
        .await
        .unwrap()
        .backup_details()
        .unwrap()
        .backup_arn()
        .to_owned();

    let played = play(
        b,
        Operation::RestoreFromBackup {
            new_table: Default::default(),
            backup_arn: arn.into(),
            target: TableName::parse(&existing).unwrap(),
        },
        ctx(),
        Cleanup::KeepAll,
    )
    .await;

    match &played.outcome {
        Outcome::Refused { reason } => {
            assert!(reason.contains(&existing), "{reason}");
            assert!(reason.contains("already exists"), "{reason}");
        }
        other => panic!("expected a refusal, got {other:?}"),
    }
    assert!(played.questions.is_empty());
    assert!(
        played.running.is_empty(),
        "no step may start: {:?}",
        played.running
    );
    assert!(
        played
            .statuses
            .iter()
            .all(|s| matches!(s, StepStatus::Skipped { .. })),
        "{:?}",
        played.statuses
    );
    // The existing table keeps its own items.
    assert_eq!(keys(&ddb, &existing).await, set(&["mine"]));
}

/// Compare with a table, over the wire: a restore of a backup compares
/// equal with the backup's source until the source changes; then each
/// missing, extra and changed key is counted, and nothing is written to
/// either table.
#[tokio::test]
#[ignore = "needs moto: run scripts/test.sh"]
async fn compare_counts_the_missing_extra_and_changed_keys_of_two_tables() {
    let (b, ddb) = (backend().await, ddb().await);
    let live = unique("till");
    let copy = unique("till-restored");
    table_with(&ddb, &live, &["t1", "t2", "t3", "t4"]).await;
    table_with(&ddb, &copy, &["t1", "t2", "t3", "t4"]).await;
    let compare = || Operation::CompareTables {
        table: TableName::parse(&copy).unwrap(),
        other: TableName::parse(&live).unwrap(),
        items: 0,
    };

    let played = play(b.clone(), compare(), ctx(), Cleanup::KeepAll).await;

    assert_eq!(played.outcome, Outcome::Completed { remaining: vec![] });
    played.assert_all_done();
    let c = &played.comparisons[0];
    assert!(c.equal, "{c:?}");
    assert_eq!(c.headline(), "equal: 4 items");

    // Live moves on: one item more (missing from the copy), one the copy
    // has that live lost (extra), one changed.
    put(&ddb, &live, "t5").await;
    ddb.delete_item()
        .table_name(&live)
        .key("pk", AttributeValue::S("t4".to_owned()))
        .send()
        .await
        .unwrap();
    ddb.put_item()
        .table_name(&live)
        .item("pk", AttributeValue::S("t2".to_owned()))
        .item("note", AttributeValue::S("changed live".to_owned()))
        .send()
        .await
        .unwrap();

    let played = play(b, compare(), ctx(), Cleanup::KeepAll).await;

    assert_eq!(played.outcome, Outcome::Completed { remaining: vec![] });
    played.assert_all_done();
    assert!(played.questions.is_empty(), "{:?}", played.questions);
    let c = &played.comparisons[0];
    assert!(!c.equal);
    assert_eq!(
        (c.counts.missing, c.counts.extra, c.counts.changed),
        (1, 1, 1)
    );
    assert_eq!(c.headline(), "differs: 1 missing · 1 extra · 1 changed");
    let listed: Vec<(&str, &str)> = c
        .keys
        .iter()
        .map(|k| (dynamo_dr::workflow::kind_word(k.kind), k.key.as_str()))
        .collect();
    assert_eq!(
        listed,
        [
            ("missing", "pk=t5"),
            ("extra", "pk=t4"),
            ("changed", "pk=t2")
        ]
    );
    // Read only: both tables hold what they held.
    assert_eq!(keys(&ddb, &copy).await, set(&["t1", "t2", "t3", "t4"]));
    assert_eq!(keys(&ddb, &live).await, set(&["t1", "t2", "t3", "t5"]));
}

#[tokio::test]
#[ignore = "needs moto: run scripts/test.sh"]
async fn op6_delete_table_leaves_only_the_fallback_backup() {
    let (b, ddb) = (backend().await, ddb().await);
    let table = unique("scratch");
    table_with(&ddb, &table, &["s1", "s2"]).await;
    protect(&ddb, &table).await;

    let played = play(
        b,
        Operation::DeleteTable {
            table: TableName::parse(&table).unwrap(),
            fallback_backup: true,
        },
        ctx(),
        Cleanup::KeepAll,
    )
    .await;

    assert_completed(&played);
    played.assert_all_done();
    assert_eq!(
        played.asked(|q| matches!(q, Question::RemoveDeletionProtection { .. })),
        1
    );
    assert_eq!(
        played.asked(|q| matches!(q, Question::TypeTableName { .. })),
        1
    );
    assert_eq!(table_state(&ddb, &table).await, None);
    let orig = temp(&table, TempKind::Orig, played.plan.stamp);
    let listed = ddb.list_backups().table_name(&table).send().await.unwrap();
    let arn = listed
        .backup_summaries()
        .iter()
        .find(|s| s.backup_name() == Some(orig.as_str()))
        .and_then(|s| s.backup_arn())
        .unwrap_or_else(|| panic!("no backup {orig}: {listed:?}"))
        .to_owned();
    assert_eq!(
        backup_state(&ddb, &arn).await,
        Some((SdkBackupStatus::Available, table.clone()))
    );
    // The fallback holds the table: restoring it brings the items back.
    let back = unique("scratch-back");
    ddb.restore_table_from_backup()
        .target_table_name(&back)
        .backup_arn(&arn)
        .send()
        .await
        .unwrap();
    assert_eq!(keys(&ddb, &back).await, set(&["s1", "s2"]));
}

#[tokio::test]
#[ignore = "needs moto: run scripts/test.sh"]
async fn op7_enable_pitr_sets_the_recovery_period_on_the_server() {
    let (b, ddb) = (backend().await, ddb().await);
    let table = unique("events");
    table_with(&ddb, &table, &["e1"]).await;
    assert!(!pitr_state(&ddb, &table).await.0);

    let played = play(
        b,
        Operation::EnablePitr {
            table: TableName::parse(&table).unwrap(),
            recovery_period_days: 12,
        },
        ctx(),
        Cleanup::KeepAll,
    )
    .await;

    assert_completed(&played);
    played.assert_all_done();
    assert_eq!(pitr_state(&ddb, &table).await, (true, Some(12)));
}

#[tokio::test]
#[ignore = "needs moto: run scripts/test.sh"]
async fn op8_enable_deletion_protection_makes_the_server_refuse_a_delete() {
    let (b, ddb) = (backend().await, ddb().await);
    let table = unique("accounts");
    table_with(&ddb, &table, &["a1"]).await;

    let played = play(
        b,
        Operation::EnableDeletionProtection {
            table: TableName::parse(&table).unwrap(),
        },
        ctx(),
        Cleanup::KeepAll,
    )
    .await;

    assert_completed(&played);
    played.assert_all_done();
    assert_eq!(
        table_state(&ddb, &table).await,
        Some((SdkTableStatus::Active, true))
    );
    let refused = ddb.delete_table().table_name(&table).send().await;
    assert!(refused.is_err(), "DeleteTable went through: {refused:?}");
    assert_eq!(
        table_state(&ddb, &table).await,
        Some((SdkTableStatus::Active, true))
    );
    assert_eq!(keys(&ddb, &table).await, set(&["a1"]));
}

/// Operator answers for a crash test: go on, the right name, delete all.
fn answer(question: Question) -> dynamo_dr::workflow::Answer {
    use dynamo_dr::workflow::Answer;
    match question {
        Question::TypeTableName { table, .. } => Answer::Typed(table),
        Question::CleanupReview { items } => Answer::Delete(
            items
                .into_iter()
                .filter(|i| i.deletable)
                .map(|i| i.id)
                .collect(),
        ),
        _ => Answer::Yes,
    }
}

/// Over the wire: a PITR restore in place killed when each step starts (the
/// task aborted, as a crash would stop it), then resumed from its journal.
#[tokio::test]
#[ignore = "needs moto: run scripts/test.sh"]
async fn op1_killed_at_each_step_resumes_over_the_wire_without_doing_anything_twice() {
    use dynamo_dr::workflow::{StepStatus, WorkflowEvent, journal, plan, resume, run};
    let (b, ddb) = (backend().await, ddb().await);
    // 13 planned steps and the 3 the settings diff adds (tags, TTL, stream).
    for step in 0..16 {
        let table = protected_pitr_table(&ddb, "crash").await;
        let dir = tempfile::tempdir().unwrap();
        let mut context = ctx();
        context.journal_dir = Some(dir.path().to_owned());
        context.scope = Some(dynamo_dr::backend::Scope::of(b.as_ref()).await.unwrap());
        let op = Operation::PitrInPlace {
            table: TableName::parse(&table).unwrap(),
            at: PitrTarget::Latest,
        };
        let planned = plan(&op, chrono::Utc::now());
        let (tx, mut rx) = tokio::sync::mpsc::unbounded_channel();
        let task = tokio::spawn(run(b.clone(), planned.clone(), context.clone(), tx));
        while let Some(ev) = rx.recv().await {
            match ev {
                WorkflowEvent::Step {
                    index,
                    status: StepStatus::Running { .. },
                    ..
                } if index >= step => {
                    task.abort();
                    break;
                }
                WorkflowEvent::Ask {
                    question, reply, ..
                } => {
                    let _ = reply.send(answer(question));
                }
                _ => {}
            }
        }
        let _ = task.await;

        let file = journal::read(&journal::list(dir.path()).unwrap()[0]).unwrap();
        let (tx, mut rx) = tokio::sync::mpsc::unbounded_channel();
        context.job += 1;
        let task = tokio::spawn(resume(b.clone(), file, context, tx));
        while let Some(ev) = rx.recv().await {
            if let WorkflowEvent::Ask {
                question, reply, ..
            } = ev
            {
                let _ = reply.send(answer(question));
            }
        }
        let case = format!("killed at step {step}");
        assert_eq!(
            task.await.unwrap(),
            Outcome::Completed { remaining: vec![] },
            "{case}"
        );
        // The server: the table back with its items and settings; the run's
        // duplicate and backups gone, and no second of anything left over.
        assert_eq!(
            table_state(&ddb, &table).await,
            Some((SdkTableStatus::Active, true)),
            "{case}"
        );
        assert_eq!(keys(&ddb, &table).await, set(&["o1", "o2", "o3"]), "{case}");
        assert_eq!(pitr_state(&ddb, &table).await, (true, Some(7)), "{case}");
        assert_eq!(dropped_settings(&ddb, &table).await, configured(), "{case}");
        let dupe = temp(&table, TempKind::Dupe, planned.stamp);
        assert_eq!(table_state(&ddb, dupe.as_str()).await, None, "{case}");
        assert!(
            backup_names(&ddb, &table).await.is_empty(),
            "{case}: {:?}",
            backup_names(&ddb, &table).await
        );
        assert!(backup_names(&ddb, dupe.as_str()).await.is_empty(), "{case}");
    }
}

/// Operation 9 over the wire: the table at a point in time restored into a
/// new name beside it (RestoreTableToPointInTime with TargetTableName), its
/// tags, TTL and stream re-applied from the source, PITR with the period
/// chosen and deletion protection turned on; the source untouched. moto
/// serves RestoreTableToPointInTime but ignores the time (it copies the
/// current items), so this asserts the workflow and the settings, not the
/// moment.
#[tokio::test]
#[ignore = "needs moto: run scripts/test.sh"]
async fn op9_pitr_to_new_restores_beside_the_table_with_pitr_and_protection_on() {
    use dynamo_dr::workflow::NewTableSettings;
    let (b, ddb) = (backend().await, ddb().await);
    let table = protected_pitr_table(&ddb, "side").await;
    let target = unique("side-1130");

    let played = play(
        b,
        Operation::PitrToNew {
            table: TableName::parse(&table).unwrap(),
            at: PitrTarget::Latest,
            target: TableName::parse(&target).unwrap(),
            new_table: NewTableSettings::both_on(12),
        },
        ctx(),
        Cleanup::KeepAll,
    )
    .await;

    assert_completed(&played);
    played.assert_all_done();
    assert_eq!(
        played.outcome,
        Outcome::Completed { remaining: vec![] },
        "the new table is the result, not a temporary resource"
    );
    assert_eq!(
        table_state(&ddb, &target).await,
        Some((SdkTableStatus::Active, true))
    );
    assert_eq!(keys(&ddb, &target).await, set(&["o1", "o2", "o3"]));
    assert_eq!(pitr_state(&ddb, &target).await, (true, Some(12)));
    assert_eq!(dropped_settings(&ddb, &target).await, configured());
    // The source is as it was.
    assert_eq!(
        table_state(&ddb, &table).await,
        Some((SdkTableStatus::Active, true))
    );
    assert_eq!(keys(&ddb, &table).await, set(&["o1", "o2", "o3"]));
    assert_eq!(pitr_state(&ddb, &table).await, (true, Some(7)));
}

/// Operation 4 with the new table's PITR and protection chosen: both on
/// over the wire once the restore is ACTIVE.
#[tokio::test]
#[ignore = "needs moto: run scripts/test.sh"]
async fn op4_restore_from_backup_turns_pitr_and_protection_on_when_chosen() {
    use dynamo_dr::workflow::NewTableSettings;
    let (b, ddb) = (backend().await, ddb().await);
    let source = unique("lots");
    table_with(&ddb, &source, &["l1", "l2"]).await;
    let arn = ddb
        .create_backup()
        .table_name(&source)
        .backup_name("lots-snapshot")
        .send()
        .await
        .unwrap()
        .backup_details()
        .unwrap()
        .backup_arn()
        .to_owned();
    let target = unique("lots-restored");

    let played = play(
        b,
        Operation::RestoreFromBackup {
            backup_arn: arn.into(),
            target: TableName::parse(&target).unwrap(),
            new_table: NewTableSettings::both_on(5),
        },
        ctx(),
        Cleanup::KeepAll,
    )
    .await;

    assert_completed(&played);
    played.assert_all_done();
    assert_eq!(
        table_state(&ddb, &target).await,
        Some((SdkTableStatus::Active, true))
    );
    assert_eq!(pitr_state(&ddb, &target).await, (true, Some(5)));
    assert_eq!(keys(&ddb, &target).await, set(&["l1", "l2"]));
}

/// Over the wire: operation 9 killed when each step starts, then resumed
/// from its journal: one new table, its settings, PITR and protection, and
/// the source untouched, whatever step the crash hit.
#[tokio::test]
#[ignore = "needs moto: run scripts/test.sh"]
async fn op9_killed_at_each_step_resumes_over_the_wire_to_one_new_table() {
    use dynamo_dr::workflow::{NewTableSettings, WorkflowEvent, journal, plan, resume, run};
    let (b, ddb) = (backend().await, ddb().await);
    // 5 planned steps and the 3 the settings diff adds (tags, TTL, stream).
    for step in 0..8 {
        let table = protected_pitr_table(&ddb, "sidecrash").await;
        let target = unique("sidecrash-new");
        let dir = tempfile::tempdir().unwrap();
        let mut context = ctx();
        context.journal_dir = Some(dir.path().to_owned());
        context.scope = Some(dynamo_dr::backend::Scope::of(b.as_ref()).await.unwrap());
        let op = Operation::PitrToNew {
            table: TableName::parse(&table).unwrap(),
            at: PitrTarget::Latest,
            target: TableName::parse(&target).unwrap(),
            new_table: NewTableSettings::both_on(9),
        };
        let planned = plan(&op, chrono::Utc::now());
        let (tx, mut rx) = tokio::sync::mpsc::unbounded_channel();
        let task = tokio::spawn(run(b.clone(), planned.clone(), context.clone(), tx));
        while let Some(ev) = rx.recv().await {
            match ev {
                WorkflowEvent::Step {
                    index,
                    status: StepStatus::Running { .. },
                    ..
                } if index >= step => {
                    task.abort();
                    break;
                }
                WorkflowEvent::Ask {
                    question, reply, ..
                } => {
                    let _ = reply.send(answer(question));
                }
                _ => {}
            }
        }
        let _ = task.await;

        let file = journal::read(&journal::list(dir.path()).unwrap()[0]).unwrap();
        let (tx, mut rx) = tokio::sync::mpsc::unbounded_channel();
        context.job += 1;
        let task = tokio::spawn(resume(b.clone(), file, context, tx));
        while let Some(ev) = rx.recv().await {
            if let WorkflowEvent::Ask {
                question, reply, ..
            } = ev
            {
                let _ = reply.send(answer(question));
            }
        }
        let case = format!("killed at step {step}");
        assert_eq!(
            task.await.unwrap(),
            Outcome::Completed { remaining: vec![] },
            "{case}"
        );
        assert_eq!(
            table_state(&ddb, &target).await,
            Some((SdkTableStatus::Active, true)),
            "{case}"
        );
        assert_eq!(
            keys(&ddb, &target).await,
            set(&["o1", "o2", "o3"]),
            "{case}"
        );
        assert_eq!(pitr_state(&ddb, &target).await, (true, Some(9)), "{case}");
        assert_eq!(
            dropped_settings(&ddb, &target).await,
            configured(),
            "{case}"
        );
        assert_eq!(
            table_state(&ddb, &table).await,
            Some((SdkTableStatus::Active, true)),
            "{case}"
        );
        assert_eq!(pitr_state(&ddb, &table).await, (true, Some(7)), "{case}");
    }
}

/// The Backups view's delete over the wire: the only copy of a table that
/// operation 6 deleted, chosen and deleted by its own run.
#[tokio::test]
#[ignore = "needs moto: run scripts/test.sh"]
async fn a_backup_chosen_in_the_backups_view_is_deleted_on_the_server() {
    let (b, ddb) = (backend().await, ddb().await);
    let table = unique("gone");
    table_with(&ddb, &table, &["g1"]).await;
    let name = unique("gone-keep");
    let arn = ddb
        .create_backup()
        .table_name(&table)
        .backup_name(&name)
        .send()
        .await
        .unwrap()
        .backup_details()
        .unwrap()
        .backup_arn()
        .to_owned();
    ddb.delete_table().table_name(&table).send().await.unwrap();

    let played = play(
        b,
        Operation::DeleteBackup {
            table: TableName::parse(&table).unwrap(),
            backup_arn: arn.clone().into(),
            backup_name: name.clone(),
        },
        ctx(),
        Cleanup::KeepAll,
    )
    .await;

    assert_completed(&played);
    played.assert_all_done();
    assert!(played.questions.is_empty(), "{:?}", played.questions);
    assert!(!backup_names(&ddb, &table).await.contains(&name));
}

/// A finished run's cleanup review reopened over the wire: operation 3's
/// `--orig` backup, offered and deleted.
#[tokio::test]
#[ignore = "needs moto: run scripts/test.sh"]
async fn a_reopened_cleanup_review_deletes_a_finished_runs_leftover_on_the_server() {
    let (b, ddb) = (backend().await, ddb().await);
    let table = unique("ledger-again");
    table_with(&ddb, &table, &["l1"]).await;
    let name = TableName::parse(&table).unwrap();
    let created = play(
        b.clone(),
        Operation::CreateBackup {
            table: name.clone(),
        },
        ctx(),
        Cleanup::KeepAll,
    )
    .await;
    assert_completed(&created);
    let orig = temp(&table, TempKind::Orig, created.plan.stamp);
    let listed = ddb.list_backups().table_name(&table).send().await.unwrap();
    let arn = listed
        .backup_summaries()
        .iter()
        .find(|s| s.backup_name() == Some(orig.as_str()))
        .and_then(|s| s.backup_arn())
        .unwrap()
        .to_owned();

    let played = play(
        b,
        Operation::ReviewLeftovers {
            table: name.clone(),
            of_job: 1,
            duplicate_table: None,
            duplicate_source: None,
            backups: vec![dynamo_dr::workflow::RunBackup {
                arn: arn.into(),
                name: orig.clone(),
                table: name,
                of: dynamo_dr::workflow::BackupOf::Original,
            }],
            verified_equal: false,
        },
        ctx(),
        Cleanup::DeleteAll,
    )
    .await;

    assert_completed(&played);
    played.assert_all_done();
    assert_eq!(
        played.asked(|q| matches!(q, Question::CleanupReview { items } if items.len() == 1)),
        1
    );
    assert!(!backup_names(&ddb, &table).await.contains(&orig));
    assert_eq!(keys(&ddb, &table).await, set(&["l1"]));
}

/// The `note` of item `pk`, as the server holds it (`None`: no such item).
async fn note(ddb: &aws_sdk_dynamodb::Client, table: &str, pk: &str) -> Option<String> {
    let out = ddb
        .get_item()
        .table_name(table)
        .key("pk", AttributeValue::S(pk.to_owned()))
        .consistent_read(true)
        .send()
        .await
        .expect("get item");
    out.item()
        .and_then(|i| i.get("note"))
        .and_then(|v| v.as_s().ok())
        .cloned()
}

/// A bad deployment on `table`: s2 and s3 deleted, s4 rewritten, and the
/// application's new order s7.
async fn bad_deployment(ddb: &aws_sdk_dynamodb::Client, table: &str) {
    for pk in ["s2", "s3"] {
        ddb.delete_item()
            .table_name(table)
            .key("pk", AttributeValue::S(pk.to_owned()))
            .send()
            .await
            .unwrap();
    }
    ddb.put_item()
        .table_name(table)
        .item("pk", AttributeValue::S("s4".to_owned()))
        .item("note", AttributeValue::S("wiped".to_owned()))
        .send()
        .await
        .unwrap();
    put(ddb, table, "s7").await;
}

/// Operation 11 over the wire: the copy is a DynamoDB backup taken before a
/// bad deployment; it is restored into a scratch table, diffed, and only
/// what was deleted and changed is written back (conditional PutItem), into
/// the same table, whose new item is kept; a `--prerepair` backup is taken
/// first and kept; the review deletes the scratch table.
#[tokio::test]
#[ignore = "needs moto: run scripts/test.sh"]
async fn op11_repair_from_a_backup_puts_back_the_lost_items_into_the_same_table() {
    let (b, ddb) = (backend().await, ddb().await);
    let table = unique("shelf");
    table_with(&ddb, &table, &["s1", "s2", "s3", "s4", "s5", "s6"]).await;
    let arn_before = b.describe_table(&table).await.unwrap().arn;
    let backup = b
        .create_backup(&table, &format!("{table}-good"))
        .await
        .unwrap();
    bad_deployment(&ddb, &table).await;

    let played = play(
        b.clone(),
        Operation::RepairInPlace {
            table: TableName::parse(&table).unwrap(),
            source: dynamo_dr::workflow::RepairSource::Backup(backup.arn.clone().into()),
        },
        ctx(),
        Cleanup::DeleteAll,
    )
    .await;

    assert_completed(&played);
    played.assert_all_done();
    let Some(Question::RepairChoice(q)) = played
        .questions
        .iter()
        .find(|q| matches!(q, Question::RepairChoice(_)))
    else {
        panic!("{:?}", played.questions)
    };
    let c = q.counts;
    assert_eq!((c.deleted, c.changed, c.created), (2, 1, 1), "{c:?}");
    // The same table (never deleted), with s2, s3 and s4 as they were and
    // the new s7 kept.
    assert_eq!(b.describe_table(&table).await.unwrap().arn, arn_before);
    assert_eq!(
        keys(&ddb, &table).await,
        set(&["s1", "s2", "s3", "s4", "s5", "s6", "s7"])
    );
    assert_eq!(note(&ddb, &table, "s4").await.as_deref(), Some("item s4"));
    assert_eq!(note(&ddb, &table, "s2").await.as_deref(), Some("item s2"));
    // The --prerepair backup is kept; the scratch table is gone.
    let names = backup_names(&ddb, &table).await;
    assert!(
        names.iter().any(|n| n.contains("--prerepair-")),
        "{names:?}"
    );
    let scratch = temp(&table, TempKind::Repair, played.plan.stamp);
    assert_eq!(table_state(&ddb, &scratch).await, None);
}

/// Operation 11 over the wire with a table as the copy (a restore made
/// earlier) and every class chosen: no scratch table; what was created
/// since is deleted too (conditional DeleteItem), so the table equals the
/// copy; the copy is never touched or offered for deletion.
#[tokio::test]
#[ignore = "needs moto: run scripts/test.sh"]
async fn op11_repair_from_a_table_with_every_class_chosen_makes_it_equal_the_copy() {
    use dynamo_dr::repair::RepairChoices;
    let (b, ddb) = (backend().await, ddb().await);
    let table = unique("rack");
    let copy = unique("rack-earlier");
    let items = ["s1", "s2", "s3", "s4", "s5", "s6"];
    table_with(&ddb, &table, &items).await;
    table_with(&ddb, &copy, &items).await;
    bad_deployment(&ddb, &table).await;
    let plan = dynamo_dr::workflow::plan(
        &Operation::RepairInPlace {
            table: TableName::parse(&table).unwrap(),
            source: dynamo_dr::workflow::RepairSource::Table(TableName::parse(&copy).unwrap()),
        },
        chrono::Utc::now(),
    );
    let choices = RepairChoices {
        deleted: true,
        changed: true,
        created: true,
    };

    let played = play::play_plan_choosing(b, plan, ctx(), Cleanup::DeleteAll, choices).await;

    assert_completed(&played);
    assert!(!played.steps.iter().any(|s| matches!(
        s.action,
        StepAction::Duplicate { .. } | StepAction::RestoreScratch { .. }
    )));
    assert_eq!(keys(&ddb, &table).await, set(&items));
    assert_eq!(note(&ddb, &table, "s4").await.as_deref(), Some("item s4"));
    assert_eq!(keys(&ddb, &copy).await, set(&items));
    assert!(
        played
            .reviews
            .iter()
            .all(|r| r.iter().all(|i| i.name != copy))
    );
}

/// A backup plan from the template created through the workflow over the
/// wire (moto serves CreateBackupPlan, GetBackupPlan and ListBackupPlans;
/// it answers 500 to the selection calls, so the plan has no selection
/// here: tests/aws_plan_mocks.rs has those). Run twice: the second run
/// finds the plan by name and creates nothing.
#[tokio::test]
#[ignore = "needs moto: run scripts/test.sh"]
async fn a_backup_plan_from_the_template_is_created_over_the_wire_once() {
    use dynamo_dr::domain::template_rules;
    let b = backend().await;
    let name = unique("plan");
    let rules = template_rules(
        "dr-vault",
        Some("arn:aws:backup:us-west-2:123456789012:backup-vault:dr-copy"),
    );
    let op = Operation::CreatePlan {
        table: TableName::parse("orders").unwrap(),
        name: name.clone(),
        rules,
        selection: None,
    };
    let played = play(b.clone(), op.clone(), ctx(), Cleanup::KeepAll).await;
    assert_completed(&played);
    played.assert_all_done();

    let made: Vec<_> = b
        .list_backup_plans()
        .await
        .unwrap()
        .into_iter()
        .filter(|p| p.name == name)
        .collect();
    assert_eq!(made.len(), 1);
    let rules: Vec<(&str, &str)> = made[0]
        .rules
        .iter()
        .map(|r| (r.name.as_str(), r.schedule.as_str()))
        .collect();
    assert_eq!(
        rules,
        [
            ("daily", "cron(0 5 ? * * *)"),
            ("weekly", "cron(0 5 ? * SUN *)"),
            ("monthly", "cron(0 5 1 * ? *)"),
        ]
    );
    assert_eq!(
        made[0].rules[2].lifecycle.words(),
        "cold after 30 d, deleted after 365 d"
    );
    // moto fails ListBackupSelections: what the plan covers is unknown.
    assert!(made[0].selections_unread.is_some());

    let again = play(b.clone(), op, ctx(), Cleanup::KeepAll).await;
    assert_completed(&again);
    assert!(matches!(again.statuses[0], StepStatus::Skipped { .. }));
    let count = b
        .list_backup_plans()
        .await
        .unwrap()
        .iter()
        .filter(|p| p.name == name)
        .count();
    assert_eq!(count, 1);
}

/// Operation 17 over the wire: a drill from a DynamoDB backup (moto serves
/// CreateBackup and RestoreTableFromBackup) restores into a `--drill-`
/// scratch table, proves it, deletes it and records the drill; the
/// source's items and settings are as they were.
#[tokio::test]
#[ignore = "needs moto: run scripts/test.sh"]
async fn op17_drill_from_a_backup_proves_and_deletes_the_scratch_table_and_leaves_the_source() {
    let (b, ddb) = (backend().await, ddb().await);
    let source = unique("drilled");
    table_with(&ddb, &source, &["d1", "d2", "d3"]).await;
    let backup = ddb
        .create_backup()
        .table_name(&source)
        .backup_name("drilled-snapshot")
        .send()
        .await
        .unwrap();
    let arn = backup.backup_details().unwrap().backup_arn().to_owned();
    let settings_before = b.describe_settings(&source).await.unwrap();
    let state = tempfile::tempdir().unwrap();
    let mut context = ctx();
    context.journal_dir = Some(state.path().join("journal"));
    context.scope = Some(dynamo_dr::backend::Scope::of(b.as_ref()).await.unwrap());

    let played = play(
        b.clone(),
        Operation::Drill {
            table: TableName::parse(&source).unwrap(),
            source: dynamo_dr::workflow::DrillSource::Backup(arn.into()),
        },
        context,
        Cleanup::KeepAll,
    )
    .await;

    assert_completed(&played);
    played.assert_all_done();
    assert_eq!(keys(&ddb, &source).await, set(&["d1", "d2", "d3"]));
    assert_eq!(b.describe_settings(&source).await.unwrap(), settings_before);
    let tables = b.list_tables().await.unwrap();
    assert!(
        !tables
            .iter()
            .any(|t| t.starts_with(&format!("{source}--drill-"))),
        "{tables:?}"
    );
    let history = dynamo_dr::drill::load(state.path()).unwrap();
    assert_eq!(history.records.len(), 1);
    let r = &history.records[0];
    assert!(r.scratch_deleted);
    let verdict = |c: dynamo_dr::drill::CheckName| {
        r.checks
            .iter()
            .find(|x| x.check == c)
            .map(|x| x.verdict)
            .unwrap()
    };
    use dynamo_dr::drill::{CheckName, CheckVerdict};
    for c in [
        CheckName::Active,
        CheckName::Settings,
        CheckName::ItemsReadable,
        CheckName::ItemCount,
        CheckName::SampleKeys,
    ] {
        assert_eq!(verdict(c), CheckVerdict::Pass, "{c:?}: {:#?}", r.checks);
    }
    assert!(r.passed);
}

/// Operation 17 from an export, over the wire: moto exports the table to
/// its S3 (no manifest), the drill imports that export into the scratch
/// table with the source's key, proves it, verifies it against the export
/// item by item, deletes it and records the drill.
#[tokio::test]
#[ignore = "needs moto: run scripts/test.sh"]
async fn op17_drill_from_an_export_verifies_the_scratch_table_against_it_exactly() {
    let (b, ddb) = (backend().await, ddb().await);
    let source = unique("exported-drill");
    table_with(&ddb, &source, &["e1", "e2", "e3", "e4"]).await;
    enable_pitr(&ddb, &source, 35).await;
    let bucket = unique("dr-drill");
    let s3 = aws_sdk_s3::Client::from_conf(
        aws_sdk_s3::config::Builder::from(&moto::sdk().await)
            .force_path_style(true)
            .build(),
    );
    s3.create_bucket().bucket(&bucket).send().await.unwrap();
    let asked = chrono::Utc::now();
    let export = b
        .export_table(&dynamo_dr::domain::ExportRequest {
            table_arn: b.describe_table(&source).await.unwrap().arn,
            bucket: bucket.clone(),
            prefix: "drills".into(),
            bucket_owner: None,
            kms_key: None,
            kind: dynamo_dr::domain::ExportKind::Full { at: asked },
            client_token: unique("tok"),
        })
        .await
        .unwrap();
    for _ in 0..100 {
        if b.describe_export(&export.arn)
            .await
            .unwrap()
            .status
            .is_finished()
        {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(200)).await;
    }
    let location = dynamo_dr::domain::S3Location::new(&bucket, "drills").unwrap();
    let folder = dynamo_dr::exports::locate::find_export(b.as_ref(), &location)
        .await
        .unwrap()
        .folder();
    let state = tempfile::tempdir().unwrap();
    let mut context = ctx();
    context.journal_dir = Some(state.path().join("journal"));
    context.scope = Some(dynamo_dr::backend::Scope::of(b.as_ref()).await.unwrap());

    let played = play(
        b.clone(),
        Operation::Drill {
            table: TableName::parse(&source).unwrap(),
            source: dynamo_dr::workflow::DrillSource::Export(folder.clone()),
        },
        context,
        Cleanup::KeepAll,
    )
    .await;

    assert_completed(&played);
    played.assert_all_done();
    assert_eq!(keys(&ddb, &source).await, set(&["e1", "e2", "e3", "e4"]));
    let tables = b.list_tables().await.unwrap();
    assert!(
        !tables
            .iter()
            .any(|t| t.starts_with(&format!("{source}--drill-"))),
        "{tables:?}"
    );
    let history = dynamo_dr::drill::load(state.path()).unwrap();
    let r = &history.records[0];
    use dynamo_dr::drill::{CheckName, CheckVerdict};
    let exact = r
        .checks
        .iter()
        .find(|c| c.check == CheckName::ExactVerify)
        .unwrap();
    assert_eq!(exact.verdict, CheckVerdict::Pass, "{:#?}", r.checks);
    assert!(
        exact
            .detail
            .contains(&format!("equal to {folder}: 4 items each")),
        "{}",
        exact.detail
    );
    assert!(r.passed, "{:#?}", r.checks);

    // The same instant by PITR, verified against the export. moto's
    // DescribeExport does not tell the export's time and its PITR window
    // stops where PITR was turned on (after the items were written), so
    // the restore asks for that instant; the table is unchanged since, and
    // moto restores it as it is.
    let at = b
        .describe_continuous_backups(&source)
        .await
        .unwrap()
        .window
        .unwrap()
        .latest;
    assert!(at <= asked);
    let state = tempfile::tempdir().unwrap();
    let mut context = ctx();
    context.journal_dir = Some(state.path().join("journal"));
    context.scope = Some(dynamo_dr::backend::Scope::of(b.as_ref()).await.unwrap());
    let played = play(
        b.clone(),
        Operation::Drill {
            table: TableName::parse(&source).unwrap(),
            source: dynamo_dr::workflow::DrillSource::PitrAtExport {
                at,
                export: folder.clone(),
            },
        },
        context,
        Cleanup::KeepAll,
    )
    .await;
    assert_completed(&played);
    let history = dynamo_dr::drill::load(state.path()).unwrap();
    let r = &history.records[0];
    assert!(r.source.contains("by PITR"), "{}", r.source);
    let exact = r
        .checks
        .iter()
        .find(|c| c.check == CheckName::ExactVerify)
        .unwrap();
    assert_eq!(exact.verdict, CheckVerdict::Pass, "{:#?}", r.checks);
    assert!(r.passed, "{:#?}", r.checks);
}

/// The drill over the wire, killed as each step starts and resumed from
/// its journal: it ends as an uninterrupted one, recorded once, no scratch
/// table left behind, the source's items and settings as they were.
#[tokio::test]
#[ignore = "needs moto: run scripts/test.sh"]
async fn op17_drill_killed_at_each_step_resumes_to_one_record_and_no_scratch_table() {
    use dynamo_dr::workflow::{StepStatus, WorkflowEvent, journal, plan, resume, run};
    let (b, ddb) = (backend().await, ddb().await);
    let source = unique("drillkill");
    table_with(&ddb, &source, &["k1", "k2"]).await;
    let backup = ddb
        .create_backup()
        .table_name(&source)
        .backup_name("drillkill-snapshot")
        .send()
        .await
        .unwrap();
    let arn = backup.backup_details().unwrap().backup_arn().to_owned();
    let settings_before = b.describe_settings(&source).await.unwrap();
    let scope = dynamo_dr::backend::Scope::of(b.as_ref()).await.unwrap();
    for kill_at in 0..5 {
        let state = tempfile::tempdir().unwrap();
        let mut context = ctx();
        context.journal_dir = Some(state.path().join("journal"));
        context.scope = Some(scope.clone());
        let op = Operation::Drill {
            table: TableName::parse(&source).unwrap(),
            source: dynamo_dr::workflow::DrillSource::Backup(arn.clone().into()),
        };
        let (tx, mut rx) = tokio::sync::mpsc::unbounded_channel();
        let task = tokio::spawn(run(
            b.clone(),
            plan(&op, chrono::Utc::now()),
            context.clone(),
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
        let journals = journal::list(&state.path().join("journal")).unwrap();
        let file = journal::read(&journals[0]).unwrap();
        let (tx, mut rx) = tokio::sync::mpsc::unbounded_channel();
        context.job += 1;
        let task = tokio::spawn(resume(b.clone(), file, context, tx));
        while rx.recv().await.is_some() {}
        let case = format!("killed at step {kill_at}");
        let outcome = task.await.unwrap();
        assert!(
            matches!(outcome, dynamo_dr::workflow::Outcome::Completed { .. }),
            "{case}: {outcome:?}"
        );
        let tables = b.list_tables().await.unwrap();
        assert!(
            !tables
                .iter()
                .any(|t| t.starts_with(&format!("{source}--drill-"))),
            "{case}: {tables:?}"
        );
        assert_eq!(keys(&ddb, &source).await, set(&["k1", "k2"]), "{case}");
        assert_eq!(
            b.describe_settings(&source).await.unwrap(),
            settings_before,
            "{case}"
        );
        let history = dynamo_dr::drill::load(state.path()).unwrap();
        assert_eq!(history.records.len(), 1, "{case}");
        assert!(
            history.records[0].passed,
            "{case}: {:#?}",
            history.records[0]
        );
        // A new second for the next run's scratch name.
        tokio::time::sleep(std::time::Duration::from_millis(1100)).await;
    }
}
