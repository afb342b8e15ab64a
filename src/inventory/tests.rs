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
