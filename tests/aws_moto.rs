//! The AWS backend over the real wire, against moto in server mode.
//! `scripts/test.sh` starts moto and sets `DYNAMO_DR_MOTO_ENDPOINT`.
//! Tests run in parallel against one server, so every resource name is unique.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
mod moto;

use std::collections::BTreeSet;

use aws_config::SdkConfig;
use aws_sdk_dynamodb::types::{
    AttributeDefinition, AttributeValue, BillingMode as SdkBilling, GlobalSecondaryIndex,
    KeySchemaElement, KeyType, Projection, ProjectionType, ProvisionedThroughput,
    ScalarAttributeType,
};
use dynamo_dr::backend::{Backend, BackendError, BackendKind};
use dynamo_dr::domain::{BackupStatus, BackupType, BillingMode, PitrTarget, TableStatus};
use moto::{REGION, backend, endpoint, sdk, unique};

const MOTO_ACCOUNT: &str = "123456789012";

fn key(name: &str) -> KeySchemaElement {
    KeySchemaElement::builder()
        .attribute_name(name)
        .key_type(KeyType::Hash)
        .build()
        .unwrap()
}

fn attr(name: &str) -> AttributeDefinition {
    AttributeDefinition::builder()
        .attribute_name(name)
        .attribute_type(ScalarAttributeType::S)
        .build()
        .unwrap()
}

/// A provisioned (5/5) table keyed on `pk` with a `by_email` index.
async fn create_provisioned(sdk: &SdkConfig, name: &str) {
    let throughput = ProvisionedThroughput::builder()
        .read_capacity_units(5)
        .write_capacity_units(5)
        .build()
        .unwrap();
    aws_sdk_dynamodb::Client::new(sdk)
        .create_table()
        .table_name(name)
        .key_schema(key("pk"))
        .attribute_definitions(attr("pk"))
        .attribute_definitions(attr("email"))
        .billing_mode(SdkBilling::Provisioned)
        .provisioned_throughput(throughput.clone())
        .global_secondary_indexes(
            GlobalSecondaryIndex::builder()
                .index_name("by_email")
                .key_schema(key("email"))
                .projection(
                    Projection::builder()
                        .projection_type(ProjectionType::All)
                        .build(),
                )
                .provisioned_throughput(throughput)
                .build()
                .unwrap(),
        )
        .send()
        .await
        .expect("create provisioned table");
}

async fn create_on_demand(sdk: &SdkConfig, name: &str) {
    aws_sdk_dynamodb::Client::new(sdk)
        .create_table()
        .table_name(name)
        .key_schema(key("pk"))
        .attribute_definitions(attr("pk"))
        .billing_mode(SdkBilling::PayPerRequest)
        .send()
        .await
        .expect("create on-demand table");
}

async fn put(sdk: &SdkConfig, table: &str, pk: &str) {
    aws_sdk_dynamodb::Client::new(sdk)
        .put_item()
        .table_name(table)
        .item("pk", AttributeValue::S(pk.to_owned()))
        .item("email", AttributeValue::S(format!("{pk}@example.com")))
        .send()
        .await
        .expect("put item");
}

/// The `pk` of every item in a table.
async fn keys(sdk: &SdkConfig, table: &str) -> BTreeSet<String> {
    let out = aws_sdk_dynamodb::Client::new(sdk)
        .scan()
        .table_name(table)
        .send()
        .await
        .expect("scan");
    out.items()
        .iter()
        .filter_map(|i| i.get("pk").and_then(|v| v.as_s().ok()).cloned())
        .collect()
}

fn set(keys: &[&str]) -> BTreeSet<String> {
    keys.iter().map(|k| (*k).to_owned()).collect()
}

#[tokio::test]
#[ignore = "needs moto: run scripts/test.sh"]
async fn connect_reports_where_it_points() {
    let b = backend().await;
    let info = b.info();
    assert_eq!(info.kind, BackendKind::Aws);
    assert_eq!(info.region, REGION);
    assert_eq!(info.endpoint, Some(endpoint()));
    assert_eq!(info.profile, None);
}

#[tokio::test]
#[ignore = "needs moto: run scripts/test.sh"]
async fn tables_are_described_protected_and_deleted() {
    let (b, sdk) = (backend().await, sdk().await);
    let name = unique("orders");
    create_provisioned(&sdk, &name).await;
    put(&sdk, &name, "a").await;
    put(&sdk, &name, "b").await;

    assert!(b.list_tables().await.unwrap().contains(&name));
    let t = b.describe_table(&name).await.unwrap();
    assert_eq!(t.name, name);
    assert_eq!(
        t.arn,
        format!("arn:aws:dynamodb:{REGION}:{MOTO_ACCOUNT}:table/{name}")
    );
    assert_eq!(t.status, TableStatus::Active);
    assert_eq!(t.billing, BillingMode::Provisioned { read: 5, write: 5 });
    assert_eq!(t.global_secondary_indexes, vec!["by_email".to_owned()]);
    assert_eq!(t.item_count, 2);
    assert!(!t.deletion_protection);
    assert!(t.created_at.is_some());

    let t = b.set_deletion_protection(&name, true).await.unwrap();
    assert!(t.deletion_protection);
    assert!(b.describe_table(&name).await.unwrap().deletion_protection);

    assert_eq!(
        b.delete_table(&name).await,
        Err(BackendError::DeletionProtected {
            table: name.clone()
        })
    );
    assert!(b.list_tables().await.unwrap().contains(&name));

    let t = b.set_deletion_protection(&name, false).await.unwrap();
    assert!(!t.deletion_protection);
    let gone = b.delete_table(&name).await.unwrap();
    assert_eq!(gone.name, name);
    assert!(!b.list_tables().await.unwrap().contains(&name));
    assert_eq!(
        b.describe_table(&name).await,
        Err(BackendError::not_found(format!("table {name}")))
    );
    assert_eq!(
        b.delete_table(&name).await,
        Err(BackendError::not_found(format!("table {name}")))
    );
}

#[tokio::test]
#[ignore = "needs moto: run scripts/test.sh"]
async fn on_demand_tables_say_so() {
    let (b, sdk) = (backend().await, sdk().await);
    let name = unique("events");
    create_on_demand(&sdk, &name).await;
    let t = b.describe_table(&name).await.unwrap();
    assert_eq!(t.billing, BillingMode::PayPerRequest);
    assert!(t.global_secondary_indexes.is_empty());
    assert_eq!(t.item_count, 0);
}

#[tokio::test]
#[ignore = "needs moto: run scripts/test.sh"]
async fn pitr_is_turned_on_with_a_period_and_off() {
    let (b, sdk) = (backend().await, sdk().await);
    let name = unique("pitr");
    create_on_demand(&sdk, &name).await;

    let off = b.describe_continuous_backups(&name).await.unwrap();
    assert!(!off.enabled);
    assert_eq!(off.window, None);

    let on = b
        .update_continuous_backups(&name, true, Some(7))
        .await
        .unwrap();
    assert!(on.enabled);
    assert_eq!(on.recovery_period_days, Some(7));
    let window = on.window.expect("a restorable window once PITR is on");
    assert!(window.earliest <= window.latest);

    let read = b.describe_continuous_backups(&name).await.unwrap();
    assert_eq!(read.recovery_period_days, Some(7));
    assert!(read.enabled);

    let longer = b
        .update_continuous_backups(&name, true, Some(21))
        .await
        .unwrap();
    assert_eq!(longer.recovery_period_days, Some(21));
    assert_eq!(
        b.describe_continuous_backups(&name)
            .await
            .unwrap()
            .recovery_period_days,
        Some(21)
    );

    let off = b
        .update_continuous_backups(&name, false, None)
        .await
        .unwrap();
    assert!(!off.enabled);
    assert!(!b.describe_continuous_backups(&name).await.unwrap().enabled);

    assert!(matches!(
        b.update_continuous_backups(&name, true, Some(40)).await,
        Err(BackendError::Invalid(m)) if m.contains("1 to 35")
    ));
    let missing = unique("missing");
    assert_eq!(
        b.describe_continuous_backups(&missing).await,
        Err(BackendError::not_found(format!("table {missing}")))
    );
}

#[tokio::test]
#[ignore = "needs moto: run scripts/test.sh"]
async fn backups_are_created_listed_described_and_deleted() {
    let (b, sdk) = (backend().await, sdk().await);
    let table = unique("ledger");
    let other = unique("ledger-other");
    create_on_demand(&sdk, &table).await;
    create_on_demand(&sdk, &other).await;
    let name = format!("{table}--orig-Jan-28-2025-08-29-20");

    let created = b.create_backup(&table, &name).await.unwrap();
    assert_eq!(created.name, name);
    assert_eq!(created.table_name, table);
    assert_eq!(created.kind, BackupType::User);
    assert_eq!(created.status, BackupStatus::Available);
    assert!(created.arn.contains(&format!(":table/{table}/backup/")));
    let other_backup = b.create_backup(&other, "other-backup").await.unwrap();

    let of_table = b.list_backups(Some(&table)).await.unwrap();
    assert_eq!(of_table.len(), 1);
    assert_eq!(of_table[0].arn, created.arn);
    assert_eq!(of_table[0].name, name);
    assert_eq!(of_table[0].table_name, table);
    let all: Vec<String> = b
        .list_backups(None)
        .await
        .unwrap()
        .into_iter()
        .map(|b| b.arn)
        .collect();
    assert!(all.contains(&created.arn) && all.contains(&other_backup.arn));

    let described = b.describe_backup(&created.arn).await.unwrap();
    assert_eq!(described.name, name);
    assert_eq!(described.table_name, table);
    assert_eq!(described.status, BackupStatus::Available);

    let deleted = b.delete_backup(&created.arn).await.unwrap();
    assert_eq!(deleted.arn, created.arn);
    assert!(b.list_backups(Some(&table)).await.unwrap().is_empty());
    assert_eq!(
        b.describe_backup(&created.arn).await,
        Err(BackendError::not_found(format!("backup {}", created.arn)))
    );

    let missing = unique("missing");
    assert_eq!(
        b.create_backup(&missing, "x-backup").await,
        Err(BackendError::not_found(format!("table {missing}")))
    );
}

#[tokio::test]
#[ignore = "needs moto: run scripts/test.sh"]
async fn restore_from_backup_brings_back_the_snapshot() {
    let (b, sdk) = (backend().await, sdk().await);
    let source = unique("parks");
    let target = unique("parks-restored");
    create_provisioned(&sdk, &source).await;
    for pk in ["p1", "p2", "p3"] {
        put(&sdk, &source, pk).await;
    }
    let backup = b.create_backup(&source, "parks-snapshot").await.unwrap();
    put(&sdk, &source, "written-after-backup").await;

    let restored = b
        .restore_table_from_backup(&target, &backup.arn)
        .await
        .unwrap();
    assert_eq!(restored.name, target);
    assert_eq!(keys(&sdk, &target).await, set(&["p1", "p2", "p3"]));
    assert_eq!(b.describe_table(&target).await.unwrap().item_count, 3);
    assert_eq!(
        b.describe_table(&target)
            .await
            .unwrap()
            .global_secondary_indexes,
        vec!["by_email".to_owned()]
    );

    assert_eq!(
        b.restore_table_from_backup(&target, &backup.arn).await,
        Err(BackendError::already_exists(format!("table {target}")))
    );
    let bogus = format!(
        "arn:aws:dynamodb:{REGION}:{MOTO_ACCOUNT}:table/{source}/backup/01700000000000-deadbeef"
    );
    assert_eq!(
        b.restore_table_from_backup(&unique("nowhere"), &bogus)
            .await,
        Err(BackendError::not_found(format!("backup {bogus}")))
    );
}

/// moto copies the source's current items and ignores the requested time.
#[tokio::test]
#[ignore = "needs moto: run scripts/test.sh"]
async fn restore_to_point_in_time_creates_the_duplicate() {
    let (b, sdk) = (backend().await, sdk().await);
    let source = unique("trails");
    create_on_demand(&sdk, &source).await;
    put(&sdk, &source, "t1").await;
    put(&sdk, &source, "t2").await;
    b.update_continuous_backups(&source, true, Some(35))
        .await
        .unwrap();

    let latest = format!("{source}--dupe-Jan-28-2025-08-29-20");
    let t = b
        .restore_table_to_point_in_time(&source, &latest, PitrTarget::Latest)
        .await
        .unwrap();
    assert_eq!(t.name, latest);
    assert_eq!(keys(&sdk, &latest).await, set(&["t1", "t2"]));

    let at = unique("trails-at");
    let t = b
        .restore_table_to_point_in_time(&source, &at, PitrTarget::At(chrono::Utc::now()))
        .await
        .unwrap();
    assert_eq!(t.name, at);
    assert_eq!(keys(&sdk, &at).await, set(&["t1", "t2"]));

    assert_eq!(
        b.restore_table_to_point_in_time(&source, &at, PitrTarget::Latest)
            .await,
        Err(BackendError::already_exists(format!("table {at}")))
    );
    let missing = unique("missing");
    assert_eq!(
        b.restore_table_to_point_in_time(&missing, &unique("x"), PitrTarget::Latest)
            .await,
        Err(BackendError::not_found(format!("table {missing}")))
    );
}

#[tokio::test]
#[ignore = "needs moto: run scripts/test.sh"]
async fn caller_identity_comes_from_sts() {
    let b = backend().await;
    let me = b.caller_identity().await.unwrap();
    assert_eq!(me.account, MOTO_ACCOUNT);
    assert!(me.arn.starts_with("arn:aws:"), "{}", me.arn);
    assert!(me.arn.contains(MOTO_ACCOUNT), "{}", me.arn);
    assert!(!me.user_id.is_empty());
}

#[tokio::test]
#[ignore = "needs moto: run scripts/test.sh"]
async fn role_policies_are_listed() {
    let (b, sdk) = (backend().await, sdk().await);
    let iam = aws_sdk_iam::Client::new(&sdk);
    let role = unique("backup-role");
    let trust = r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"backup.amazonaws.com"},"Action":"sts:AssumeRole"}]}"#;
    iam.create_role()
        .role_name(&role)
        .assume_role_policy_document(trust)
        .send()
        .await
        .expect("create role");
    let restores =
        "arn:aws:iam::aws:policy/service-role/AWSBackupServiceRolePolicyForRestores".to_owned();
    let backups =
        "arn:aws:iam::aws:policy/service-role/AWSBackupServiceRolePolicyForBackup".to_owned();
    for arn in [&restores, &backups] {
        iam.attach_role_policy()
            .role_name(&role)
            .policy_arn(arn)
            .send()
            .await
            .expect("attach policy");
    }

    let mut attached = b.list_attached_role_policies(&role).await.unwrap();
    attached.sort();
    let mut want = vec![restores, backups];
    want.sort();
    assert_eq!(attached, want);

    let missing = unique("no-such-role");
    assert_eq!(
        b.list_attached_role_policies(&missing).await,
        Err(BackendError::not_found(format!("IAM role {missing}")))
    );
}

#[tokio::test]
#[ignore = "needs moto: run scripts/test.sh"]
async fn backup_vault_is_described() {
    let (b, sdk) = (backend().await, sdk().await);
    let vault = unique("dr-vault");
    aws_sdk_backup::Client::new(&sdk)
        .create_backup_vault()
        .backup_vault_name(&vault)
        .send()
        .await
        .expect("create vault");

    let v = b.describe_backup_vault(&vault).await.unwrap();
    assert_eq!(v.name, vault);
    assert_eq!(
        v.arn,
        format!("arn:aws:backup:{REGION}:{MOTO_ACCOUNT}:backup-vault:{vault}")
    );
    assert_eq!(v.recovery_points, 0);

    let missing = unique("no-vault");
    assert_eq!(
        b.describe_backup_vault(&missing).await,
        Err(BackendError::not_found(format!("backup vault {missing}")))
    );
}

/// ListTables answers 100 names a page: 105 tables need two pages.
#[tokio::test]
#[ignore = "needs moto: run scripts/test.sh"]
async fn every_page_of_tables_is_listed() {
    let (b, sdk) = (backend().await, sdk().await);
    let prefix = unique("page");
    let names: Vec<String> = (0..105).map(|i| format!("{prefix}-{i:03}")).collect();
    for chunk in names.chunks(15) {
        futures_util::future::join_all(chunk.iter().map(|n| create_on_demand(&sdk, n))).await;
    }

    let listed = b.list_tables().await.unwrap();
    let ours: BTreeSet<&String> = listed.iter().filter(|n| n.starts_with(&prefix)).collect();
    assert_eq!(ours.len(), 105);
    assert_eq!(ours, names.iter().collect::<BTreeSet<_>>());
    let unique_names: BTreeSet<&String> = listed.iter().collect();
    assert_eq!(unique_names.len(), listed.len(), "no name listed twice");
}
