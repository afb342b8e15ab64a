//! Exports and imports on the AWS backend, over the wire against moto
//! 5.2.5 (started by `scripts/test.sh`): ExportTableToPointInTime writes
//! gzip DynamoDB JSON under `PREFIX/AWSDynamoDB/<id>/data/` with no
//! manifest, DescribeExport follows it, ImportTable reads it back into a
//! new table; ListExports of a table answers.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
mod moto;

use aws_sdk_dynamodb::types::{AttributeValue, PointInTimeRecoverySpecification};
use dynamo_dr::backend::{Backend, ScanRequest};
use dynamo_dr::domain::{
    AttrValue, Compression, ExportKind, ExportRequest, ExportStatus, ImportStatus, Item, S3Location,
};
use dynamo_dr::exports::import_source::{parse_key, prepare_import};
use dynamo_dr::exports::locate::find_export;
use moto::{backend, create_pk_table, ddb, sdk, unique};

async fn s3() -> aws_sdk_s3::Client {
    let conf = aws_sdk_s3::config::Builder::from(&sdk().await)
        .force_path_style(true)
        .build();
    aws_sdk_s3::Client::from_conf(conf)
}

async fn items(b: &dyn Backend, table: &str) -> Vec<Item> {
    let page = b
        .scan_segment(ScanRequest {
            table,
            segment: 0,
            total_segments: 1,
            start: None,
            limit: 1_000,
        })
        .await
        .unwrap();
    let mut out = page.items;
    out.sort_by_key(|i| format!("{:?}", i.get("pk")));
    out
}

#[tokio::test]
#[ignore = "needs moto: run scripts/test.sh"]
async fn an_export_is_followed_found_without_a_manifest_and_imported_back_equal() {
    let (b, ddb) = (backend().await, ddb().await);
    let table = unique("exported");
    create_pk_table(&ddb, &table).await;
    ddb.update_continuous_backups()
        .table_name(&table)
        .point_in_time_recovery_specification(
            PointInTimeRecoverySpecification::builder()
                .point_in_time_recovery_enabled(true)
                .build()
                .unwrap(),
        )
        .send()
        .await
        .unwrap();
    for i in 0..25 {
        ddb.put_item()
            .table_name(&table)
            .item("pk", AttributeValue::S(format!("k{i:03}")))
            .item("n", AttributeValue::N(i.to_string()))
            .item("tags", AttributeValue::Ss(vec!["a".into(), "b".into()]))
            .send()
            .await
            .unwrap();
    }
    let bucket = unique("dr-exports");
    s3().await
        .create_bucket()
        .bucket(&bucket)
        .send()
        .await
        .unwrap();
    let arn = b.describe_table(&table).await.unwrap().arn;

    let started = b
        .export_table(&ExportRequest {
            table_arn: arn.clone(),
            bucket: bucket.clone(),
            prefix: "nightly".into(),
            bucket_owner: None,
            kms_key: None,
            kind: ExportKind::Full {
                at: chrono::Utc::now(),
            },
            client_token: unique("tok"),
        })
        .await
        .unwrap();
    // moto's export ARN is its own shape; AWS's is `TABLE_ARN/export/ID`.
    assert!(started.arn.contains(&table), "{started:?}");
    let mut export = started.clone();
    for _ in 0..100 {
        if export.status.is_finished() {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(200)).await;
        export = b.describe_export(&started.arn).await.unwrap();
    }
    assert_eq!(export.status, ExportStatus::Completed, "{export:?}");
    assert_eq!(export.bucket, bucket);

    // ListExports of the table (moto answers it when given the table;
    // without one it answers 500, read as an endpoint without the call).
    let listed = b.list_exports(&arn).await.unwrap();
    assert!(listed.iter().any(|e| e.arn == started.arn), "{listed:?}");

    let loc = S3Location::new(&bucket, "nightly").unwrap();
    let found = find_export(&b, &loc).await.unwrap();
    assert!(
        found.data_prefix.starts_with("nightly/AWSDynamoDB/"),
        "{found:?}"
    );
    assert!(found.data_prefix.ends_with("/data/"), "{found:?}");
    assert_eq!(found.compression, Compression::Gzip);
    assert_eq!(found.table_arn, None, "moto writes no manifest");

    // No manifest names the table: the key must be given.
    let e = prepare_import(&b, &loc, "x", None, None, "t".into())
        .await
        .unwrap_err();
    assert!(e.contains("give the key"), "{e}");

    let target = unique("imported");
    let (request, _) = prepare_import(
        &b,
        &loc,
        &target,
        None,
        Some(parse_key("pk:S").unwrap()),
        unique("imp"),
    )
    .await
    .unwrap();
    let started = b.import_table(&request).await.unwrap();
    let mut import = started.clone();
    for _ in 0..100 {
        if import.status.is_finished() {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(200)).await;
        import = b.describe_import(&started.arn).await.unwrap();
    }
    assert_eq!(import.status, ImportStatus::Completed, "{import:?}");
    assert_eq!(import.table_name, target);
    let want = items(&b, &table).await;
    assert_eq!(want.len(), 25);
    assert_eq!(
        want[0].get("tags"),
        Some(&AttrValue::Ss(vec!["a".into(), "b".into()]))
    );
    assert_eq!(items(&b, &target).await, want);
}

#[tokio::test]
#[ignore = "needs moto: run scripts/test.sh"]
async fn a_prefix_with_no_export_is_named() {
    let b = backend().await;
    let bucket = unique("dr-empty");
    s3().await
        .create_bucket()
        .bucket(&bucket)
        .send()
        .await
        .unwrap();
    let e = find_export(&b, &S3Location::new(&bucket, "none").unwrap())
        .await
        .unwrap_err();
    assert!(e.contains("no DynamoDB export under"), "{e}");
    let e = find_export(&b, &S3Location::new("no-such-bucket-here", "").unwrap())
        .await
        .unwrap_err();
    assert!(e.contains("was not found"), "{e}");
}
