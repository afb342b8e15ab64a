use std::sync::Arc;

use super::*;
use crate::backend::BackendError;
use crate::sandbox::{Sandbox, SandboxOptions, TableData};

fn sandbox() -> Arc<Sandbox> {
    Arc::new(Sandbox::open(SandboxOptions::default()).unwrap())
}

fn opts() -> LoadOptions {
    LoadOptions {
        vault: Some(crate::sandbox::seed::VAULT.into()),
        concurrency: 4,
    }
}

#[tokio::test]
async fn loads_every_table_backup_point_and_job() {
    let sb = sandbox();
    let inv = collect(sb.clone(), opts()).await;
    assert!(inv.is_complete(), "{:?}", inv.errors);
    assert_eq!(inv.tables.len(), sb.list_tables().await.unwrap().len());
    let orders = inv.tables.iter().find(|t| t.name == "orders").unwrap();
    assert!(orders.pitr.as_ref().unwrap().enabled);
    assert!(orders.table.as_ref().unwrap().deletion_protection);
    assert!(!inv.backups.is_empty());
    assert!(inv.recovery_points.len() >= 12);
    assert!(!inv.jobs.is_empty());
}

#[tokio::test]
async fn one_tables_failure_stays_on_that_table() {
    let sb = sandbox();
    sb.fail_next(
        "describe_table",
        BackendError::AccessDenied {
            permission: "dynamodb:DescribeTable".into(),
            message: "no".into(),
        },
    );
    let inv = collect(
        sb.clone(),
        LoadOptions {
            concurrency: 1,
            ..opts()
        },
    )
    .await;
    let failed: Vec<_> = inv.tables.iter().filter(|t| t.error.is_some()).collect();
    assert_eq!(failed.len(), 1);
    assert!(
        failed[0]
            .error
            .as_ref()
            .unwrap()
            .contains("dynamodb:DescribeTable")
    );
    assert!(inv.tables.iter().filter(|t| t.table.is_some()).count() >= 8);
    assert!(!inv.is_complete());
}

#[tokio::test]
async fn a_failed_listing_is_reported_not_hidden() {
    let sb = sandbox();
    sb.fail_next(
        "list_tables",
        BackendError::Unreachable("endpoint down".into()),
    );
    sb.fail_next(
        "list_recovery_points",
        BackendError::not_found("backup vault x"),
    );
    let inv = collect(sb, opts()).await;
    assert!(inv.tables.is_empty());
    assert!(
        inv.errors
            .iter()
            .any(|e| e.contains("list tables") && e.contains("endpoint down"))
    );
    assert!(
        inv.errors
            .iter()
            .any(|e| e.contains("list recovery points"))
    );
}

#[tokio::test]
async fn streams_rows_before_details() {
    let sb = Arc::new(Sandbox::empty(SandboxOptions::default()));
    for i in 0..50 {
        sb.insert_table(
            &format!("t{i:03}"),
            TableData {
                items: i,
                size_bytes: i,
                version: i,
            },
            None,
        );
    }
    let (tx, mut rx) = tokio::sync::mpsc::unbounded_channel();
    load(sb, opts(), tx).await;
    let mut events = Vec::new();
    while let Ok(ev) = rx.try_recv() {
        events.push(ev);
    }
    let names_at = events
        .iter()
        .position(|e| matches!(e, InventoryEvent::TableNames(n) if n.len() == 50))
        .unwrap();
    let first_detail = events
        .iter()
        .position(|e| matches!(e, InventoryEvent::TableLoaded { .. }))
        .unwrap();
    assert!(names_at < first_detail);
    assert_eq!(
        events
            .iter()
            .filter(|e| matches!(e, InventoryEvent::TableLoaded { .. }))
            .count(),
        50
    );
    assert_eq!(events.last(), Some(&InventoryEvent::Finished));
}

#[tokio::test]
async fn a_listing_the_endpoint_lacks_is_said_but_not_a_failure() {
    let sb = sandbox();
    sb.fail_next(
        "list_jobs",
        BackendError::Unsupported("endpoint does not implement backup:ListBackupJobs".into()),
    );
    let inv = collect(sb, opts()).await;
    assert!(inv.is_complete(), "{:?}", inv.errors);
    assert!(inv.jobs.is_empty());
    assert_eq!(inv.unavailable.len(), 1);
    assert!(
        inv.unavailable[0].starts_with("list jobs:")
            && inv.unavailable[0].contains("backup:ListBackupJobs"),
        "{:?}",
        inv.unavailable
    );
}

#[tokio::test]
async fn a_refresh_reloads_the_named_tables_and_says_which_are_gone() {
    let sb = sandbox();
    sb.set_deletion_protection("ParksAr", false).await.unwrap();
    sb.delete_table("ParksAr").await.unwrap();
    let (tx, mut rx) = tokio::sync::mpsc::unbounded_channel();
    let names = vec!["ParksAr".into(), "never-was".into(), "orders".into()];
    refresh(sb.clone(), names, true, tx).await;
    let mut events = Vec::new();
    while let Ok(ev) = rx.try_recv() {
        events.push(ev);
    }
    // Being deleted is shown as such; a table that is not there is gone.
    assert!(
        matches!(&events[0], InventoryEvent::TableLoaded { name, table, .. }
            if name == "ParksAr" && table.status == crate::domain::TableStatus::Deleting),
        "{events:?}"
    );
    assert!(
        matches!(&events[1], InventoryEvent::TableGone { name } if name == "never-was"),
        "{events:?}"
    );
    assert!(
        matches!(&events[2], InventoryEvent::TableLoaded { name, .. } if name == "orders"),
        "{events:?}"
    );
    assert!(
        matches!(&events[3], InventoryEvent::Backups(Ok(_))),
        "{events:?}"
    );
    assert_eq!(events.len(), 4);
}

#[tokio::test]
async fn the_recovery_sources_list_the_dr_vaults_copies_and_the_exports() {
    use crate::sandbox::seed;
    let sb = sandbox();
    let dr_vault = format!(
        "arn:aws:backup:{}:{}:backup-vault:{}",
        seed::DR_REGION,
        seed::ACCOUNT,
        seed::DR_VAULT
    );
    // The seeded copy job's copy is in the DR vault, of a table here.
    let read = sources::load_dr(sb.as_ref(), Some(&dr_vault), None)
        .await
        .unwrap();
    let copies = read.copies.unwrap();
    assert_eq!(copies.len(), 1, "{copies:?}");
    assert!(copies[0].arn.contains(seed::DR_REGION));
    assert!(sb.describe_table(copies[0].table_name()).await.is_ok());
    assert_eq!(read.tables.unwrap(), Vec::<String>::new());
    // No DR vault and no DR region: nothing read; a vault ARN that is not
    // one: said why.
    assert!(sources::load_dr(sb.as_ref(), None, None).await.is_none());
    // A DR region named without a vault: its tables, and no copy.
    let read = sources::load_dr(sb.as_ref(), None, Some(seed::DR_REGION))
        .await
        .unwrap();
    assert_eq!(read.copies.unwrap(), vec![]);
    assert_eq!(read.tables.unwrap(), Vec::<String>::new());
    // The vault is in another region than the one named: not listed there.
    let read = sources::load_dr(sb.as_ref(), Some(&dr_vault), Some("eu-west-1"))
        .await
        .unwrap();
    assert_eq!(
        read.copies.as_ref().map(Vec::len),
        Ok(0),
        "{:?}",
        read.copies
    );
    let bad = sources::load_dr(sb.as_ref(), Some("dr"), None)
        .await
        .unwrap();
    assert!(
        bad.copies
            .unwrap_err()
            .contains("the DR vault cannot be used")
    );
    // Exports of every table, described.
    assert_eq!(sources::load_exports(sb.as_ref()).await.unwrap(), vec![]);
    let arn = sb.describe_table("orders").await.unwrap().arn;
    let request = crate::domain::ExportRequest {
        table_arn: arn.clone(),
        bucket: crate::sandbox::s3::EXPORT_BUCKET.to_owned(),
        prefix: "orders".into(),
        bucket_owner: None,
        kms_key: None,
        kind: crate::domain::ExportKind::Full {
            at: sb.now() - chrono::Duration::hours(1),
        },
        client_token: "t".into(),
    };
    sb.export_table(&request).await.unwrap();
    let exports = sources::load_exports(sb.as_ref()).await.unwrap();
    assert_eq!(exports.len(), 1);
    assert_eq!(exports[0].table_arn, arn);
    assert!(exports[0].kind.is_some());
    // An endpoint without ListExports: said so, for the pane's note.
    sb.fail_next(
        "list_exports",
        BackendError::Unsupported("no ListExports".into()),
    );
    assert_eq!(
        sources::load_exports(sb.as_ref()).await.unwrap_err(),
        "ListExports is not served by this endpoint"
    );
}
