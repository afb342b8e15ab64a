//! Exports and imports in the sandbox: AWS's rules refused with clear
//! messages, AWS's file layout, and an export imported back holding the
//! same items.

use std::sync::Arc;

use chrono::{Duration, TimeZone, Utc};

use super::*;
use crate::backend::{Backend, BackendError, ScanRequest};
use crate::domain::{
    Compression, ExportKind, ExportRequest, ExportStatus, ImportRequest, ImportStatus,
    ImportTableSpec, Item, KeyType, S3Location, TableStatus,
};
use crate::exports::locate::find_export;

fn sandbox() -> (Sandbox, Arc<ManualClock>) {
    let start = Utc
        .with_ymd_and_hms(2026, 11, 22, 3, 0, 0)
        .single()
        .unwrap();
    let clock = Arc::new(ManualClock::new(start));
    let sb = Sandbox::empty(SandboxOptions {
        clock: clock.clone(),
        ..SandboxOptions::default()
    });
    let data = TableData {
        items: 30_000,
        size_bytes: 30_000 * 400,
        version: 7,
    };
    sb.insert_table("orders", data, Some(35));
    sb.insert_table("nopitr", data, None);
    sb.create_bucket("exports-here").unwrap();
    (sb, clock)
}

fn request(sb: &Sandbox, table: &str, kind: ExportKind, token: &str) -> ExportRequest {
    ExportRequest {
        table_arn: lock(&sb.world).table_arn(table),
        bucket: "exports-here".into(),
        prefix: "nightly".into(),
        bucket_owner: None,
        kms_key: None,
        kind,
        client_token: token.into(),
    }
}

async fn all_items(sb: &Sandbox, table: &str) -> Vec<Item> {
    let mut out = Vec::new();
    let mut start = None;
    loop {
        let page = sb
            .scan_segment(ScanRequest {
                table,
                segment: 0,
                total_segments: 1,
                start: start.as_ref(),
                limit: 5_000,
            })
            .await
            .unwrap();
        out.extend(page.items);
        match page.last_key {
            Some(k) => start = Some(k),
            None => break,
        }
    }
    out.sort_by_key(|i| format!("{:?}", i.get("pk")));
    out
}

#[tokio::test]
async fn an_export_lands_in_awss_layout_and_imports_back_equal() {
    let (sb, clock) = sandbox();
    let at = sb.now() - Duration::hours(1);
    let req = request(&sb, "orders", ExportKind::Full { at }, "tok-1");
    let started = sb.export_table(&req).await.unwrap();
    assert_eq!(started.status, ExportStatus::InProgress);
    // The same token answers the same export, never a second.
    let again = sb.export_table(&req).await.unwrap();
    assert_eq!(again.arn, started.arn);
    assert_eq!(sb.list_exports(&req.table_arn).await.unwrap().len(), 1);
    // Nothing in the bucket until it completes.
    assert!(
        sb.list_objects("exports-here", "")
            .await
            .unwrap()
            .is_empty()
    );
    clock.advance(Duration::hours(1));
    let done = sb.describe_export(&started.arn).await.unwrap();
    assert_eq!(done.status, ExportStatus::Completed);
    assert_eq!(done.items, Some(30_000));
    let base = format!("nightly/AWSDynamoDB/{}", done.id());
    assert_eq!(
        done.manifest.as_deref(),
        Some(format!("{base}/manifest-summary.json").as_str())
    );
    let keys: Vec<String> = sb
        .list_objects("exports-here", "nightly/")
        .await
        .unwrap()
        .into_iter()
        .map(|o| o.key)
        .collect();
    let data: Vec<_> = keys
        .iter()
        .filter(|k| k.starts_with(&format!("{base}/data/")) && k.ends_with(".json.gz"))
        .collect();
    assert!(data.len() >= 2, "several data files: {keys:?}");
    assert!(keys.contains(&format!("{base}/manifest-files.json")));

    let found = find_export(
        &sb,
        &S3Location::parse("s3://exports-here/nightly").unwrap(),
    )
    .await
    .unwrap();
    assert_eq!(found.data_prefix, format!("{base}/data/"));
    assert_eq!(found.compression, Compression::Gzip);
    assert_eq!(found.items, Some(30_000));

    let import = ImportRequest {
        bucket: "exports-here".into(),
        key_prefix: found.data_prefix.clone(),
        bucket_owner: None,
        compression: found.compression,
        table: ImportTableSpec {
            name: "orders-imported".into(),
            key: items::key_schema(),
            partition_type: KeyType::S,
            sort_type: None,
            indexes: Vec::new(),
        },
        client_token: "imp-1".into(),
    };
    let i = sb.import_table(&import).await.unwrap();
    assert_eq!(i.status, ImportStatus::InProgress);
    assert_eq!(
        sb.describe_table("orders-imported").await.unwrap().status,
        TableStatus::Creating
    );
    assert_eq!(sb.import_table(&import).await.unwrap().arn, i.arn);
    clock.advance(Duration::hours(2));
    let i = sb.describe_import(&i.arn).await.unwrap();
    assert_eq!(i.status, ImportStatus::Completed);
    assert_eq!((i.imported_items, i.error_count), (30_000, 0));
    let want = all_items(&sb, "orders").await;
    assert_eq!(all_items(&sb, "orders-imported").await, want);

    // The files themselves hold the same items: copied elsewhere by hand
    // (so nothing ties them to the export), they import equal too.
    for file in &found.files {
        let key = &file.key;
        let mut body = sb.open_object("exports-here", key).await.unwrap();
        let mut bytes = Vec::new();
        tokio::io::AsyncReadExt::read_to_end(&mut body, &mut bytes)
            .await
            .unwrap();
        let name = key.rsplit('/').next().unwrap();
        sb.put_object("exports-here", &format!("copied/{name}"), bytes)
            .unwrap();
    }
    let mut by_hand = import.clone();
    by_hand.key_prefix = "copied/".into();
    by_hand.table.name = "orders-from-files".into();
    by_hand.client_token = "imp-2".into();
    let i = sb.import_table(&by_hand).await.unwrap();
    clock.advance(Duration::hours(2));
    let i = sb.describe_import(&i.arn).await.unwrap();
    assert_eq!((i.imported_items, i.error_count), (30_000, 0));
    assert_eq!(all_items(&sb, "orders-from-files").await, want);
}

#[tokio::test]
async fn awss_rules_are_refused_with_clear_messages() {
    let (sb, _clock) = sandbox();
    let now = sb.now();
    let full = ExportKind::Full {
        at: now - Duration::hours(1),
    };
    let e = sb
        .export_table(&request(&sb, "nopitr", full, "a"))
        .await
        .unwrap_err();
    assert!(matches!(e, BackendError::PitrDisabled { .. }), "{e}");

    let mut no_bucket = request(&sb, "orders", full, "b");
    no_bucket.bucket = "not-made-yet".into();
    let e = sb.export_table(&no_bucket).await.unwrap_err();
    assert_eq!(e.to_string(), "S3 bucket not-made-yet was not found");

    let old = ExportKind::Full {
        at: now - Duration::days(40),
    };
    let e = sb
        .export_table(&request(&sb, "orders", old, "c"))
        .await
        .unwrap_err();
    assert!(matches!(e, BackendError::OutsidePitrWindow { .. }), "{e}");

    for (span, why) in [
        (Duration::minutes(10), "at least 15 minutes"),
        (Duration::hours(30), "at most 24 hours"),
    ] {
        let kind = ExportKind::Incremental {
            from: now - Duration::hours(40),
            to: now - Duration::hours(40) + span,
        };
        let e = sb
            .export_table(&request(&sb, "orders", kind, "d"))
            .await
            .unwrap_err();
        assert!(e.to_string().contains(why), "{e}");
    }
    let future = ExportKind::Incremental {
        from: now - Duration::minutes(20),
        to: now + Duration::hours(1),
    };
    let e = sb
        .export_table(&request(&sb, "orders", future, "e"))
        .await
        .unwrap_err();
    assert!(matches!(e, BackendError::OutsidePitrWindow { .. }), "{e}");

    let e = find_export(
        &sb,
        &S3Location::parse("s3://exports-here/nothing").unwrap(),
    )
    .await
    .unwrap_err();
    assert!(
        e.contains("no DynamoDB export under s3://exports-here/nothing"),
        "{e}"
    );

    let spec = ImportTableSpec {
        name: "orders".into(),
        key: items::key_schema(),
        partition_type: KeyType::S,
        sort_type: None,
        indexes: Vec::new(),
    };
    let e = sb
        .import_table(&ImportRequest {
            bucket: "exports-here".into(),
            key_prefix: "x/".into(),
            bucket_owner: None,
            compression: Compression::Gzip,
            table: spec,
            client_token: "f".into(),
        })
        .await
        .unwrap_err();
    assert_eq!(e.to_string(), "table orders already exists");
}

#[tokio::test]
async fn an_import_reads_zstd_and_plain_files_and_counts_bad_lines() {
    let (sb, clock) = sandbox();
    let good = r#"{"Item":{"pk":{"S":"a"},"n":{"N":"1"}}}"#;
    let nokey = r#"{"Item":{"other":{"S":"b"}}}"#;
    let text = format!("{good}\nnot json\n{nokey}\n");
    sb.put_object(
        "exports-here",
        "z/1.json.zst",
        zstd::encode_all(text.as_bytes(), 3).unwrap(),
    )
    .unwrap();
    sb.put_object("exports-here", "n/1.json", text.clone().into_bytes())
        .unwrap();
    for (prefix, compression, name) in [
        ("z/", Compression::Zstd, "from-zstd"),
        ("n/", Compression::None, "from-plain"),
    ] {
        let i = sb
            .import_table(&ImportRequest {
                bucket: "exports-here".into(),
                key_prefix: prefix.into(),
                bucket_owner: None,
                compression,
                table: ImportTableSpec {
                    name: name.into(),
                    key: items::key_schema(),
                    partition_type: KeyType::S,
                    sort_type: None,
                    indexes: Vec::new(),
                },
                client_token: name.into(),
            })
            .await
            .unwrap();
        clock.advance(Duration::hours(1));
        let i = sb.describe_import(&i.arn).await.unwrap();
        assert_eq!(i.status, ImportStatus::Completed);
        assert_eq!((i.imported_items, i.error_count), (1, 2), "{name}");
    }
}
