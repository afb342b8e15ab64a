//! Reading exports back on the sandbox's S3: found by manifest or by AWS's
//! layout, every compression, and a table verified against its export.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::sync::Arc;

use super::*;
use crate::backend::{Backend, ScanRequest};
use crate::domain::{AttrValue, Item, KeyDisplay, S3Location};
use crate::sandbox::s3::EXPORT_BUCKET;
use crate::sandbox::{ManualClock, Sandbox, SandboxOptions, TableData};
use crate::verify::{DiffKind, VerifyError, VerifyOptions, verify};

const ITEMS: u64 = 1_500;

fn sandbox() -> Sandbox {
    let clock = Arc::new(ManualClock::new(chrono::Utc::now()));
    let sb = Sandbox::empty(SandboxOptions {
        clock,
        speed: 1_000_000.0,
        ..SandboxOptions::default()
    });
    let data = TableData {
        items: ITEMS,
        size_bytes: ITEMS * 1_000,
        version: 3,
    };
    sb.insert_table("orders", data, None);
    sb
}

async fn all_items(sb: &Sandbox, table: &str) -> Vec<Item> {
    let mut items = Vec::new();
    let mut start = None;
    loop {
        let page = sb
            .scan_segment(ScanRequest {
                table,
                segment: 0,
                total_segments: 1,
                start: start.as_ref(),
                limit: 500,
            })
            .await
            .unwrap();
        items.extend(page.items);
        match page.last_key {
            Some(k) => start = Some(k),
            None => return items,
        }
    }
}

/// Writes `table`'s items as an export under `prefix/AWSDynamoDB/id/data/`
/// in `files` files; with a manifest as AWS writes one, or without as moto.
async fn export(sb: &Sandbox, table: &str, prefix: &str, id: &str, files: usize, manifest: bool) {
    let items = all_items(sb, table).await;
    let dir = format!("{prefix}/AWSDynamoDB/{id}");
    let mut lines = String::new();
    let per = items.len().div_ceil(files);
    for (n, chunk) in items.chunks(per).enumerate() {
        let key = format!("{dir}/data/part-{n}.json.gz");
        let body = encode_file(chunk, Compression::Gzip).unwrap();
        sb.put_object(EXPORT_BUCKET, &key, body).unwrap();
        lines.push_str(&format!(
            "{{\"itemCount\":{},\"md5Checksum\":\"x\",\"etag\":\"y\",\"dataFileS3Key\":\"{key}\"}}\n",
            chunk.len()
        ));
    }
    if manifest {
        sb.put_object(
            EXPORT_BUCKET,
            &format!("{dir}/manifest-files.json"),
            lines.into_bytes(),
        )
        .unwrap();
        let summary = format!(
            "{{\"version\":\"2020-06-30\",\"exportType\":\"FULL_EXPORT\",\"itemCount\":{}}}",
            items.len()
        );
        sb.put_object(
            EXPORT_BUCKET,
            &format!("{dir}/manifest-summary.json"),
            summary.into_bytes(),
        )
        .unwrap();
    }
}

fn at(prefix: &str) -> String {
    format!("s3://{EXPORT_BUCKET}/{prefix}")
}

fn opts() -> VerifyOptions {
    VerifyOptions {
        segments: 2,
        page_size: 200,
        ..VerifyOptions::default()
    }
}

#[tokio::test]
async fn finds_an_export_by_its_manifest_or_by_its_layout() {
    let sb = sandbox();
    export(&sb, "orders", "with", "0001-a", 3, true).await;
    export(&sb, "orders", "without", "0002-b", 4, false).await;
    let loc = |p: &str| S3Location::parse(&at(p)).unwrap();
    let found = find_export(&sb, &loc("with")).await.unwrap();
    assert!(found.from_manifest);
    assert_eq!(found.export_id, "0001-a");
    assert_eq!(found.files.len(), 3);
    assert_eq!(found.item_count, Some(ITEMS));
    assert!(found.files.iter().all(|f| f.size > 0));
    let found = find_export(&sb, &loc("without")).await.unwrap();
    assert!(!found.from_manifest);
    assert_eq!(found.files.len(), 4);
    assert_eq!(found.item_count, None);
    // The prefix down to the export's own folder finds it too.
    let found = find_export(&sb, &loc("without/AWSDynamoDB/0002-b"))
        .await
        .unwrap();
    assert_eq!(found.export_id, "0002-b");
}

#[tokio::test]
async fn a_prefix_without_exactly_one_export_is_refused_with_what_to_type() {
    let sb = sandbox();
    let loc = |p: &str| S3Location::parse(&at(p)).unwrap();
    let err = find_export(&sb, &loc("nothing-here")).await.unwrap_err();
    assert!(matches!(err, ExportReadError::NoExport { .. }), "{err}");
    assert!(
        err.to_string().contains("AWSDynamoDB/EXPORT-ID/data/"),
        "{err}"
    );
    export(&sb, "orders", "two", "0001-a", 1, false).await;
    export(&sb, "orders", "two", "0002-b", 1, false).await;
    let err = find_export(&sb, &loc("two")).await.unwrap_err().to_string();
    assert!(err.contains("holds 2 exports (0001-a, 0002-b)"), "{err}");
    assert!(err.contains("/two/AWSDynamoDB/0002-b"), "{err}");
    let missing = S3Location::parse("s3://no-such-bucket/x").unwrap();
    let err = find_export(&sb, &missing).await.unwrap_err();
    assert!(err.to_string().contains("no-such-bucket"), "{err}");
}

#[tokio::test]
async fn an_incremental_export_is_refused_as_a_verification_source() {
    let sb = sandbox();
    let dir = "inc/AWSDynamoDB/0003-c";
    sb.put_object(
        EXPORT_BUCKET,
        &format!("{dir}/manifest-summary.json"),
        br#"{"exportType":"INCREMENTAL_EXPORT","itemCount":1}"#.to_vec(),
    )
    .unwrap();
    sb.put_object(EXPORT_BUCKET, &format!("{dir}/data/a.json.gz"), Vec::new())
        .unwrap();
    let err = find_export(&sb, &S3Location::parse(&at("inc")).unwrap())
        .await
        .unwrap_err();
    assert!(matches!(err, ExportReadError::Incremental { .. }), "{err}");
    // Without a summary, its change records are told apart line by line.
    let line = br#"{"Metadata":{"WriteTimestampMicros":{"N":"1"}},"Keys":{"id":{"S":"a"}},"NewImage":{"id":{"S":"a"}}}"#;
    let file = DataFile {
        key: "inc2/AWSDynamoDB/0004-d/data/a.json".to_owned(),
        size: line.len() as u64,
        compression: Compression::None,
        item_count: None,
    };
    sb.put_object(EXPORT_BUCKET, &file.key, line.to_vec())
        .unwrap();
    let mut reader = ItemReader::open(&sb, EXPORT_BUCKET, &file).await.unwrap();
    let err = reader.next().await.unwrap_err().to_string();
    assert!(
        err.contains("line 1") && err.contains("incremental"),
        "{err}"
    );
}

#[tokio::test]
async fn every_compression_reads_back_the_same_items() {
    let sb = sandbox();
    let items = all_items(&sb, "orders").await;
    for (n, compression) in [Compression::Gzip, Compression::Zstd, Compression::None]
        .into_iter()
        .enumerate()
    {
        let key = format!("c/file-{n}");
        sb.put_object(
            EXPORT_BUCKET,
            &key,
            encode_file(&items, compression).unwrap(),
        )
        .unwrap();
        let file = DataFile {
            key,
            size: 0,
            compression,
            item_count: None,
        };
        let mut reader = ItemReader::open(&sb, EXPORT_BUCKET, &file).await.unwrap();
        let mut back = Vec::new();
        while let Some(item) = reader.next().await.unwrap() {
            back.push(item);
        }
        assert_eq!(back, items, "{compression:?}");
    }
    // Two gzip members one after the other are one file, as gunzip reads it.
    let (a, b) = items.split_at(10);
    let mut body = encode_file(a, Compression::Gzip).unwrap();
    body.extend(encode_file(b, Compression::Gzip).unwrap());
    sb.put_object(EXPORT_BUCKET, "c/two-members.json.gz", body)
        .unwrap();
    let file = DataFile {
        key: "c/two-members.json.gz".to_owned(),
        size: 0,
        compression: Compression::Gzip,
        item_count: None,
    };
    let mut reader = ItemReader::open(&sb, EXPORT_BUCKET, &file).await.unwrap();
    let mut n = 0;
    while reader.next().await.unwrap().is_some() {
        n += 1;
    }
    assert_eq!(n, items.len());
}

#[tokio::test]
async fn a_table_verifies_equal_to_its_export_on_either_side() {
    let sb = sandbox();
    export(&sb, "orders", "full", "0001-a", 3, false).await;
    let report = verify(&sb, "orders", &at("full"), &opts(), None)
        .await
        .unwrap();
    assert!(report.equal, "{report:?}");
    assert_eq!((report.source_count, report.target_count), (ITEMS, ITEMS));
    let report = verify(&sb, &at("full"), "orders", &opts(), None)
        .await
        .unwrap();
    assert!(report.equal, "{report:?}");
}

#[tokio::test]
async fn a_changed_and_a_deleted_item_are_named_against_the_export() {
    let sb = sandbox();
    export(&sb, "orders", "full", "0001-a", 2, true).await;
    sb.change_item("orders", 7, "status", AttrValue::S("LOST".to_owned()))
        .unwrap();
    sb.delete_item("orders", 9).unwrap();
    let report = verify(&sb, &at("full"), "orders", &opts(), None)
        .await
        .unwrap();
    assert!(!report.equal);
    assert_eq!(report.total_differences, 2, "{report:?}");
    assert_eq!(report.counts.changed, 1);
    assert_eq!(report.counts.missing, 1);
    let kinds: Vec<DiffKind> = report.differing_keys.iter().map(|d| d.kind).collect();
    assert!(kinds.contains(&DiffKind::Changed) && kinds.contains(&DiffKind::Missing));
    for d in &report.differing_keys {
        assert!(!KeyDisplay(&d.key).to_string().is_empty());
    }
}

#[tokio::test]
async fn two_exports_or_a_bad_location_are_refused_before_any_read() {
    let sb = sandbox();
    let err = verify(&sb, &at("a"), &at("b"), &opts(), None)
        .await
        .unwrap_err();
    assert!(matches!(err, VerifyError::TwoExports), "{err}");
    let err = verify(&sb, "orders", "s3://Bad_Bucket/x", &opts(), None)
        .await
        .unwrap_err();
    assert!(err.to_string().contains("Bad_Bucket"), "{err}");
}
