//! Verification on the sandbox: equal tables, and one difference of each kind.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::sync::Arc;

use super::counting::Counting;
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
    let line: serde_json::Value = serde_json::from_str(written.trim_end()).unwrap();
    assert_eq!(written.lines().count(), 1);
    assert_eq!(
        line["key"],
        serde_json::json!({"pk": {"S": "item-000001234"}})
    );
    assert_eq!(line["kind"], "Changed");
    let (ours, theirs) = (&line["source_hash"], &line["target_hash"]);
    assert_eq!(ours.as_str().unwrap().len(), 32, "{line}");
    assert_eq!(theirs.as_str().unwrap().len(), 32, "{line}");
    assert_ne!(ours, theirs);
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

/// The sandbox pair with one key missing from the copy, one extra in it and
/// two changed.
fn differing_pair() -> Sandbox {
    let (sb, _) = sandbox();
    sb.delete_item("orders-copy", 7).unwrap();
    let mut extra: Item = items::generate(1, 3, 500);
    extra.insert("pk".to_owned(), AttrValue::S("stray-1".to_owned()));
    sb.add_item("orders-copy", extra).unwrap();
    for i in [1_500, 100] {
        sb.change_item("orders-copy", i, "status", AttrValue::S("X".to_owned()))
            .unwrap();
    }
    sb
}

fn named(diffs: &[Difference]) -> Vec<(String, DiffKind)> {
    diffs
        .iter()
        .map(|d| (KeyDisplay(&d.key).to_string(), d.kind))
        .collect()
}

fn expected_differences() -> Vec<(String, DiffKind)> {
    vec![
        ("pk=item-000000007".to_owned(), DiffKind::Missing),
        ("pk=stray-1".to_owned(), DiffKind::Extra),
        ("pk=item-000000100".to_owned(), DiffKind::Changed),
        ("pk=item-000001500".to_owned(), DiffKind::Changed),
    ]
}

#[tokio::test]
async fn a_differing_pair_names_each_key_by_kind_with_its_hashes() {
    let sb = differing_pair();
    let report = run(&sb, "orders", "orders-copy", &opts()).await;
    assert!(!report.equal);
    assert_eq!(named(&report.differing_keys), expected_differences());
    assert_eq!(report.total_differences, 4);
    assert_eq!(
        report.counts,
        DiffCounts {
            missing: 1,
            extra: 1,
            changed: 2
        }
    );
    let sides = |d: &Difference| (d.source_hash.is_some(), d.target_hash.is_some());
    let d = &report.differing_keys;
    assert_eq!(
        [sides(&d[0]), sides(&d[1]), sides(&d[2])],
        [(true, false), (false, true), (true, true)]
    );
}

#[tokio::test]
async fn the_report_keeps_the_first_keys_by_kind_then_key_whatever_order_they_are_found() {
    let sb = differing_pair();
    for max in [0, 1, 3] {
        let opts = VerifyOptions {
            max_diff_keys: max,
            ..opts()
        };
        let report = run(&sb, "orders", "orders-copy", &opts).await;
        assert_eq!(named(&report.differing_keys), expected_differences()[..max]);
        assert_eq!(report.total_differences, 4);
    }
}

#[tokio::test]
async fn each_table_is_scanned_once_even_when_they_differ() {
    let sb = differing_pair();
    let counting = Counting::new(&sb);
    let report = verify(&counting, "orders", "orders-copy", &opts(), None)
        .await
        .unwrap();
    assert_eq!(report.total_differences, 4);
    let segments = u64::from(opts().segments);
    let (src_segments, src_pages) = counting.scans_of("orders");
    let (tgt_segments, tgt_pages) = counting.scans_of("orders-copy");
    assert_eq!((src_segments, tgt_segments), (segments, segments));
    // One read of 2,000 items in pages of 128 over 3 segments: about 18
    // pages, never the 36 of a second read.
    let one_read = ITEMS.div_ceil(u64::from(opts().page_size)) + segments;
    assert!(src_pages <= one_read, "{src_pages} pages");
    assert!(tgt_pages <= one_read, "{tgt_pages} pages");
}

fn tiny(parent: &std::path::Path) -> Tuning {
    Tuning {
        partitions: Some(8),
        memory_budget: 2_048,
        spill_parent: Some(parent.to_owned()),
    }
}

#[tokio::test]
async fn a_tiny_memory_budget_spills_to_disk_and_still_finds_every_difference() {
    let sb = differing_pair();
    let parent = tempfile::tempdir().unwrap();
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("diffs.jsonl");
    let opts = VerifyOptions {
        diff_file: Some(file.clone()),
        ..opts()
    };
    let diffs = Some(Diffs::Path(&file));
    let (report, stats) = compare(
        &sb,
        "orders",
        "orders-copy",
        &opts,
        diffs,
        None,
        &tiny(parent.path()),
    )
    .await
    .unwrap();
    assert_eq!(named(&report.differing_keys), expected_differences());
    assert_eq!(report.total_differences, 4);
    // Both tables' keys went to disk, many times, into every bucket's file.
    assert!(stats.flushes > 10, "{stats:?}");
    assert_eq!(stats.files, 16, "{stats:?}");
    assert!(stats.bytes > ITEMS * 16, "{stats:?}");
    let spilled = stats.dir.unwrap();
    assert!(spilled.starts_with(parent.path()), "{spilled:?}");
    assert!(!spilled.exists(), "the spill directory is removed");
    assert_eq!(std::fs::read_dir(parent.path()).unwrap().count(), 0);
    let mut lines: Vec<(String, DiffKind)> = read_differences(&file)
        .unwrap()
        .map(|d| {
            let d = d.unwrap();
            (KeyDisplay(&d.key).to_string(), d.kind)
        })
        .collect();
    lines.sort_by(|a, b| (a.1, &a.0).cmp(&(b.1, &b.0)));
    assert_eq!(lines, expected_differences());
}

#[tokio::test]
async fn equal_tables_that_spilled_leave_nothing_behind() {
    let (sb, _) = sandbox();
    let parent = tempfile::tempdir().unwrap();
    let (report, stats) = compare(
        &sb,
        "orders",
        "orders-copy",
        &opts(),
        None,
        None,
        &tiny(parent.path()),
    )
    .await
    .unwrap();
    assert!(report.equal);
    assert!(stats.files > 0, "{stats:?}");
    assert_eq!(std::fs::read_dir(parent.path()).unwrap().count(), 0);
}

#[tokio::test]
async fn a_spill_that_cannot_be_written_is_an_error_not_a_wrong_answer() {
    let sb = differing_pair();
    let parent = tempfile::tempdir().unwrap();
    let gone = parent.path().join("not-there");
    let err = compare(
        &sb,
        "orders",
        "orders-copy",
        &opts(),
        None,
        None,
        &tiny(&gone),
    )
    .await
    .unwrap_err();
    assert!(matches!(err, VerifyError::Spill { .. }), "{err}");
    assert!(err.to_string().contains("temporary directory"), "{err}");
}

#[tokio::test]
async fn spill_files_are_private_and_a_number_key_comes_back_as_it_was_read() {
    use std::os::unix::fs::PermissionsExt;
    let parent = tempfile::tempdir().unwrap();
    let dir = spill::SpillDir::new(parent.path().to_owned());
    let key = |n: &str| -> Item { [("id".to_owned(), AttrValue::N(n.to_owned()))].into() };
    let source = spill::Spill::new(spill::Side::Source, &dir, 4, 0);
    let target = spill::Spill::new(spill::Side::Target, &dir, 4, 0);
    let mut batch = source.batch();
    batch.add(&key("1.50"), 1);
    batch.add(&key("2"), 2);
    source.add(&mut batch).await.unwrap();
    let mut batch = target.batch();
    // The same number spelled otherwise is the same key.
    batch.add(&key("2.0"), 3);
    target.add(&mut batch).await.unwrap();
    let spilled = dir.stats().dir.unwrap();
    assert_eq!(
        std::fs::metadata(&spilled).unwrap().permissions().mode() & 0o777,
        0o700
    );
    for file in std::fs::read_dir(&spilled).unwrap() {
        let mode = file.unwrap().metadata().unwrap().permissions().mode();
        assert_eq!(mode & 0o777, 0o600);
    }
    let mut found = Vec::new();
    spill::merge(source.finish(), target.finish(), |d| {
        found.push(d);
        Ok(())
    })
    .unwrap();
    found.sort_by_key(|d| d.kind);
    assert_eq!(
        found,
        vec![
            Difference {
                key: key("1.50"),
                kind: DiffKind::Missing,
                source_hash: Some(format!("{:032x}", 1)),
                target_hash: None,
            },
            Difference {
                key: key("2"),
                kind: DiffKind::Changed,
                source_hash: Some(format!("{:032x}", 2)),
                target_hash: Some(format!("{:032x}", 3)),
            },
        ]
    );
    drop(dir);
    assert!(!spilled.exists());
}

#[test]
fn read_differences_streams_lines_back_and_refuses_what_is_not_a_file() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("d.jsonl");
    let diffs = vec![
        Difference {
            key: [("pk".to_owned(), AttrValue::S("a".to_owned()))].into(),
            kind: DiffKind::Missing,
            source_hash: Some("0".repeat(32)),
            target_hash: None,
        },
        Difference {
            key: [("pk".to_owned(), AttrValue::N("1.5".to_owned()))].into(),
            kind: DiffKind::Changed,
            source_hash: Some("1".repeat(32)),
            target_hash: Some("2".repeat(32)),
        },
    ];
    let mut file = DiffFile::create_new(&path).unwrap();
    file.write_all(&diffs).unwrap();
    let back: Vec<Difference> = read_differences(&path)
        .unwrap()
        .collect::<std::io::Result<_>>()
        .unwrap();
    assert_eq!(back, diffs);
    // A line from before the hashes were written still reads.
    std::fs::write(
        &path,
        "{\"key\":{\"pk\":{\"S\":\"a\"}},\"kind\":\"Extra\"}\n\n",
    )
    .unwrap();
    let old: Vec<Difference> = read_differences(&path)
        .unwrap()
        .map(Result::unwrap)
        .collect();
    assert_eq!(old.len(), 1);
    assert_eq!(
        (old[0].kind, old[0].target_hash.as_deref()),
        (DiffKind::Extra, None)
    );
    std::fs::write(&path, "{\"key\":{},\"kind\":\"Missing\"}\nnot json\n").unwrap();
    let mut lines = read_differences(&path).unwrap();
    assert!(lines.next().unwrap().is_ok());
    let err = lines.next().unwrap().unwrap_err();
    assert_eq!(err.kind(), std::io::ErrorKind::InvalidData);
    assert!(err.to_string().contains("line 2"), "{err}");
    std::fs::write(&path, vec![b'x'; 2 << 20]).unwrap();
    let err = read_differences(&path)
        .unwrap()
        .next()
        .unwrap()
        .unwrap_err();
    assert!(err.to_string().contains("longer"), "{err}");
    assert!(read_differences(dir.path()).is_err());
    let link = dir.path().join("link");
    std::os::unix::fs::symlink(&path, &link).unwrap();
    assert!(read_differences(&link).is_err());
}
