//! Verification against an export, over the wire: moto's
//! ExportTableToPointInTime writes the data files (gzip DynamoDB JSON, no
//! manifest) into its own S3, and `verify` reads them back through
//! ListObjectsV2 and GetObject against the table.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod moto;

use aws_sdk_dynamodb::types::{AttributeValue, PointInTimeRecoverySpecification};
use dynamo_dr::domain::KeyDisplay;
use dynamo_dr::verify::{DiffKind, VerifyOptions, verify};
use moto::{backend, create_pk_table, sdk, unique};

const ITEMS: usize = 250;

/// A PITR table of `ITEMS` items, exported to a new bucket; its name and
/// the export's `s3://` location.
async fn exported_table(prefix: &str) -> (String, String) {
    let sdk = sdk().await;
    let ddb = aws_sdk_dynamodb::Client::new(&sdk);
    let table = unique(prefix);
    create_pk_table(&ddb, &table).await;
    for n in 0..ITEMS {
        ddb.put_item()
            .table_name(&table)
            .item("pk", AttributeValue::S(format!("item-{n:04}")))
            .item("qty", AttributeValue::N(n.to_string()))
            .item(
                "tags",
                AttributeValue::Ss(vec!["a".into(), format!("t{n}")]),
            )
            .send()
            .await
            .unwrap();
    }
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
    let s3 = aws_sdk_s3::Client::from_conf(
        aws_sdk_s3::config::Builder::from(&sdk)
            .force_path_style(true)
            .build(),
    );
    let bucket = unique("exports");
    s3.create_bucket().bucket(&bucket).send().await.unwrap();
    let arn = ddb
        .describe_table()
        .table_name(&table)
        .send()
        .await
        .unwrap()
        .table
        .unwrap()
        .table_arn
        .unwrap();
    let export = ddb
        .export_table_to_point_in_time()
        .table_arn(&arn)
        .s3_bucket(&bucket)
        .s3_prefix("nightly")
        .send()
        .await
        .unwrap();
    let export_arn = export.export_description.unwrap().export_arn.unwrap();
    for _ in 0..100 {
        let d = ddb
            .describe_export()
            .export_arn(&export_arn)
            .send()
            .await
            .unwrap()
            .export_description
            .unwrap();
        if d.export_status.as_ref().map(|s| s.as_str()) == Some("COMPLETED") {
            return (table, format!("s3://{bucket}/nightly"));
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    panic!("moto's export never completed");
}

#[tokio::test]
#[ignore = "needs moto: run scripts/test.sh"]
async fn a_table_verifies_equal_to_its_export_then_a_change_is_named() {
    let (table, export) = exported_table("exp-verify").await;
    let b = backend().await;
    let opts = VerifyOptions::default();
    let report = verify(&b, &table, &export, &opts, None).await.unwrap();
    assert!(report.equal, "{report:?}");
    assert_eq!(report.source_count, ITEMS as u64);
    assert_eq!(report.target_count, ITEMS as u64);

    let ddb = moto::ddb().await;
    ddb.put_item()
        .table_name(&table)
        .item("pk", AttributeValue::S("item-0007".into()))
        .item("qty", AttributeValue::N("-1".into()))
        .send()
        .await
        .unwrap();
    ddb.delete_item()
        .table_name(&table)
        .key("pk", AttributeValue::S("item-0009".into()))
        .send()
        .await
        .unwrap();
    let report = verify(&b, &export, &table, &opts, None).await.unwrap();
    assert!(!report.equal);
    assert_eq!(report.total_differences, 2, "{report:?}");
    let named: Vec<(String, DiffKind)> = report
        .differing_keys
        .iter()
        .map(|d| (KeyDisplay(&d.key).to_string(), d.kind))
        .collect();
    assert!(
        named
            .iter()
            .any(|(k, kind)| k.contains("item-0007") && *kind == DiffKind::Changed),
        "{named:?}"
    );
    assert!(
        named
            .iter()
            .any(|(k, kind)| k.contains("item-0009") && *kind == DiffKind::Missing),
        "{named:?}"
    );
}

#[tokio::test]
#[ignore = "needs moto: run scripts/test.sh"]
async fn a_prefix_without_an_export_or_a_missing_bucket_is_a_clear_error() {
    let (table, export) = exported_table("exp-none").await;
    let b = backend().await;
    let opts = VerifyOptions::default();
    let empty = format!("{export}-elsewhere");
    let err = verify(&b, &table, &empty, &opts, None).await.unwrap_err();
    assert!(
        err.to_string().contains("no DynamoDB export under"),
        "{err}"
    );
    let err = verify(&b, &table, "s3://no-such-bucket-here/x", &opts, None)
        .await
        .unwrap_err();
    assert!(err.to_string().contains("no-such-bucket-here"), "{err}");
}

/// `dynamo-dr verify` itself, in a clean environment with moto's keys.
fn verify_cli(source: &str, target: &str) -> (i32, String, String) {
    let home = tempfile::tempdir().unwrap();
    let p = |s: &str| home.path().join(s).to_string_lossy().into_owned();
    std::fs::write(p("aws-config"), "").unwrap();
    std::fs::write(p("aws-credentials"), "").unwrap();
    let ep = moto::endpoint();
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_dynamo-dr"))
        .args(["verify", "--source", source, "--target", target, "--json"])
        .args(["--endpoint-url", &ep, "--region", moto::REGION])
        .env_clear()
        .envs([
            ("HOME", p("")),
            ("XDG_CONFIG_HOME", p("config")),
            ("XDG_STATE_HOME", p("state")),
            ("AWS_CONFIG_FILE", p("aws-config")),
            ("AWS_SHARED_CREDENTIALS_FILE", p("aws-credentials")),
            ("AWS_EC2_METADATA_DISABLED", "true".to_owned()),
            ("AWS_ACCESS_KEY_ID", "testing".to_owned()),
            ("AWS_SECRET_ACCESS_KEY", "testing".to_owned()),
        ])
        .output()
        .unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[tokio::test]
#[ignore = "needs moto: run scripts/test.sh"]
async fn the_verify_command_exits_0_equal_1_different_2_no_export() {
    let (table, export) = exported_table("exp-cli").await;
    let (code, out, err) = verify_cli(&table, &export);
    assert_eq!(code, 0, "{out}{err}");
    let report: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(report["equal"], true, "{report}");
    assert_eq!(report["target"], export.as_str());
    assert_eq!(report["target_count"], ITEMS as u64);

    moto::ddb()
        .await
        .delete_item()
        .table_name(&table)
        .key("pk", AttributeValue::S("item-0042".into()))
        .send()
        .await
        .unwrap();
    let (code, out, err) = verify_cli(&export, &table);
    assert_eq!(code, 1, "{out}{err}");
    assert!(out.contains("item-0042"), "{out}");

    let (code, out, err) = verify_cli(&table, &format!("{export}/nothing"));
    assert_eq!(code, 2, "{out}{err}");
    assert!(err.contains("no DynamoDB export under"), "{err}");
}
