//! Verification on the sandbox: equal tables, and one difference of each kind.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::sync::Arc;

use super::*;
use crate::domain::{AttrValue, Item, KeyDisplay};
use crate::sandbox::{ManualClock, Sandbox, SandboxOptions, TableData, items};

const ITEMS: u64 = 2_000;

fn sandbox() -> (Sandbox, Arc<ManualClock>) {
    let clock = Arc::new(ManualClock::new(chrono::Utc::now()));
    let sb = Sandbox::empty(SandboxOptions {
        clock: clock.clone(),
        speed: 1_000_000.0,
        ..SandboxOptions::default()
    });
    let data = TableData {
        items: ITEMS,
        size_bytes: ITEMS * 1_000,
        version: 7,
    };
    sb.insert_table("orders", data, None);
    sb.insert_table("orders-copy", data, None);
    (sb, clock)
}

fn opts() -> VerifyOptions {
    VerifyOptions {
        segments: 3,
        page_size: 128,
        ..VerifyOptions::default()
    }
}

async fn run(sb: &Sandbox, source: &str, target: &str, opts: &VerifyOptions) -> VerifyReport {
    verify(sb, source, target, opts, None).await.unwrap()
}

fn only_difference(report: &VerifyReport) -> (String, DiffKind) {
    assert!(!report.equal, "{report:?}");
    assert_eq!(report.total_differences, 1, "{report:?}");
    let d = &report.differing_keys[0];
    (KeyDisplay(&d.key).to_string(), d.kind)
}

#[tokio::test]
async fn equal_tables_verify_equal_with_every_item_read() {
    let (sb, _) = sandbox();
    let (tx, mut rx) = tokio::sync::mpsc::unbounded_channel();
    let report = verify(&sb, "orders", "orders-copy", &opts(), Some(&tx))
        .await
        .unwrap();
    assert!(report.equal);
    assert_eq!((report.source_count, report.target_count), (ITEMS, ITEMS));
    assert_eq!(report.source_digest, report.target_digest);
    assert!(report.differing_keys.is_empty());
    drop(tx);
    let mut last = None;
    while let Some(p) = rx.recv().await {
        last = Some(p);
    }
    let last = last.unwrap();
    assert_eq!(last.expected, ITEMS);
    assert!(last.scanned <= ITEMS);
}

#[tokio::test]
async fn a_table_restored_from_its_backup_verifies_equal() {
    let (sb, clock) = sandbox();
    sb.change_item("orders", 5, "status", AttrValue::S("LOST".to_owned()))
        .unwrap();
    let backup = sb.create_backup("orders", "orders-bk").await.unwrap();
    clock.advance(chrono::Duration::hours(1));
    sb.restore_table_from_backup("orders-restored", &backup.arn)
        .await
        .unwrap();
    clock.advance(chrono::Duration::hours(1));
    let report = run(&sb, "orders", "orders-restored", &opts()).await;
    assert!(report.equal, "{report:?}");
    let report = run(&sb, "orders-copy", "orders-restored", &opts()).await;
    assert_eq!(
        only_difference(&report),
        ("pk=item-000000005".to_owned(), DiffKind::Changed)
    );
}

#[tokio::test]
async fn one_changed_attribute_is_found_by_key() {
    let (sb, _) = sandbox();
    sb.change_item(
        "orders-copy",
        1_234,
        "amount",
        AttrValue::N("0.01".to_owned()),
    )
    .unwrap();
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("diffs.jsonl");
    let opts = VerifyOptions {
        diff_file: Some(file.clone()),
        ..opts()
    };
    let report = run(&sb, "orders", "orders-copy", &opts).await;
    assert_eq!(
        only_difference(&report),
        ("pk=item-000001234".to_owned(), DiffKind::Changed)
    );
    assert_eq!(report.source_count, report.target_count);
    assert_eq!(report.all_diffs_written_to.as_deref(), Some(file.as_path()));
    let written = std::fs::read_to_string(&file).unwrap();
    assert_eq!(
        written,
        "{\"key\":{\"pk\":{\"S\":\"item-000001234\"}},\"kind\":\"Changed\"}\n"
    );
}

#[tokio::test]
async fn a_missing_item_is_found_by_key() {
    let (sb, _) = sandbox();
    sb.delete_item("orders-copy", 0).unwrap();
    let report = run(&sb, "orders", "orders-copy", &opts()).await;
    assert_eq!(
        only_difference(&report),
        ("pk=item-000000000".to_owned(), DiffKind::Missing)
    );
    assert_eq!(report.target_count, ITEMS - 1);
    assert_eq!(sb.table_data("orders-copy").unwrap().items, ITEMS - 1);
}

#[tokio::test]
async fn an_extra_item_is_found_by_key() {
    let (sb, _) = sandbox();
    let mut extra: Item = items::generate(1, 3, 500);
    extra.insert("pk".to_owned(), AttrValue::S("stray-1".to_owned()));
    sb.add_item("orders-copy", extra).unwrap();
    let report = run(&sb, "orders", "orders-copy", &opts()).await;
    assert_eq!(
        only_difference(&report),
        ("pk=stray-1".to_owned(), DiffKind::Extra)
    );
    assert_eq!(report.target_count, ITEMS + 1);
}

#[tokio::test]
async fn many_differences_are_capped_in_the_report_but_all_in_the_file() {
    let (sb, _) = sandbox();
    for i in 0..30 {
        sb.delete_item("orders-copy", i * 10).unwrap();
    }
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("all.jsonl");
    let opts = VerifyOptions {
        max_diff_keys: 5,
        diff_file: Some(file.clone()),
        ..opts()
    };
    let report = run(&sb, "orders", "orders-copy", &opts).await;
    assert_eq!(report.total_differences, 30);
    assert_eq!(report.differing_keys.len(), 5);
    assert_eq!(std::fs::read_to_string(&file).unwrap().lines().count(), 30);
}

#[tokio::test]
async fn segment_counts_do_not_change_the_digest() {
    let (sb, _) = sandbox();
    let one = run(
        &sb,
        "orders",
        "orders-copy",
        &VerifyOptions {
            segments: 1,
            ..opts()
        },
    )
    .await;
    let seven = run(
        &sb,
        "orders",
        "orders-copy",
        &VerifyOptions {
            segments: 7,
            page_size: 33,
            ..opts()
        },
    )
    .await;
    assert_eq!(one.source_digest, seven.source_digest);
    assert_eq!(one.source_count, ITEMS);
}

#[tokio::test]
async fn a_missing_table_is_an_error() {
    let (sb, _) = sandbox();
    let err = verify(&sb, "orders", "nope", &opts(), None)
        .await
        .unwrap_err();
    assert!(err.to_string().contains("nope"), "{err}");
}

#[tokio::test]
async fn a_table_compared_with_itself_is_refused_before_any_read() {
    let (sb, _) = sandbox();
    let err = verify(&sb, "orders", "orders", &opts(), None)
        .await
        .unwrap_err();
    assert!(matches!(err, VerifyError::SameTable { .. }), "{err}");
    assert!(err.to_string().contains("always equals itself"), "{err}");
}

#[tokio::test]
async fn an_open_differences_file_gets_every_key_and_stays_the_callers() {
    let (sb, _) = sandbox();
    sb.delete_item("orders-copy", 5).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("d.jsonl");
    let mut file = DiffFile::create_new(&path).unwrap();
    let report = verify_into(&sb, "orders", "orders-copy", &opts(), &mut file, None)
        .await
        .unwrap();
    assert_eq!(report.all_diffs_written_to.as_deref(), Some(path.as_path()));
    assert_eq!(std::fs::read_to_string(&path).unwrap().lines().count(), 1);
    let mut again = DiffFile::create_new(&dir.path().join("e.jsonl")).unwrap();
    let equal = verify_into(&sb, "orders", "orders", &opts(), &mut again, None).await;
    assert!(equal.is_err());
    again.discard().unwrap();
    assert!(!dir.path().join("e.jsonl").exists());
}

#[tokio::test]
async fn a_differences_path_is_private_and_never_followed_through_a_symlink() {
    let (sb, _) = sandbox();
    sb.delete_item("orders-copy", 3).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let victim = dir.path().join("victim");
    std::fs::write(&victim, "precious").unwrap();
    let link = dir.path().join("d.jsonl");
    std::os::unix::fs::symlink(&victim, &link).unwrap();
    let opts = VerifyOptions {
        diff_file: Some(link.clone()),
        ..opts()
    };
    let err = verify(&sb, "orders", "orders-copy", &opts, None)
        .await
        .unwrap_err();
    assert!(matches!(err, VerifyError::DiffFile { .. }), "{err}");
    assert_eq!(std::fs::read_to_string(&victim).unwrap(), "precious");
    std::fs::remove_file(&link).unwrap();
    verify(&sb, "orders", "orders-copy", &opts, None)
        .await
        .unwrap();
    use std::os::unix::fs::PermissionsExt;
    let mode = std::fs::metadata(&link).unwrap().permissions().mode();
    assert_eq!(mode & 0o777, 0o600);
}
