//! DynamoDB exports to S3 and imports from S3: ExportTableToPointInTime,
//! DescribeExport, ListExports, ImportTable, DescribeImport, converted to
//! the domain's `Export` and `Import`.

use aws_sdk_dynamodb::types as ddb;

use super::AwsBackend;
use super::convert::{to_sdk_time, to_utc};
use crate::backend::{BackendError, BackendResult};
use crate::domain::{
    Export, ExportKind, ExportRequest, ExportStatus, Import, ImportRequest, ImportStatus, KeyType,
    Projection,
};

fn invalid(e: impl std::fmt::Display) -> BackendError {
    BackendError::Invalid(e.to_string())
}

pub(super) async fn export_table(b: &AwsBackend, req: &ExportRequest) -> BackendResult<Export> {
    let call = b.call(
        "dynamodb:ExportTableToPointInTime",
        format!("table {}", req.table_arn),
    );
    let mut send = b
        .dynamodb
        .export_table_to_point_in_time()
        .table_arn(&req.table_arn)
        .s3_bucket(&req.bucket)
        .set_s3_bucket_owner(req.bucket_owner.clone())
        .export_format(ddb::ExportFormat::DynamodbJson)
        .client_token(&req.client_token);
    if !req.prefix.is_empty() {
        send = send.s3_prefix(&req.prefix);
    }
    if let Some(key) = &req.kms_key {
        send = send
            .s3_sse_algorithm(ddb::S3SseAlgorithm::Kms)
            .s3_sse_kms_key_id(key);
    }
    send = match req.kind {
        ExportKind::Full { at } => send
            .export_type(ddb::ExportType::FullExport)
            .export_time(to_sdk_time(at)),
        ExportKind::Incremental { from, to } => send
            .export_type(ddb::ExportType::IncrementalExport)
            .incremental_export_specification(
                ddb::IncrementalExportSpecification::builder()
                    .export_from_time(to_sdk_time(from))
                    .export_to_time(to_sdk_time(to))
                    .export_view_type(ddb::ExportViewType::NewAndOldImages)
                    .build(),
            ),
    };
    let out = send.send().await.map_err(|e| call.map(e))?;
    let d = out.export_description().ok_or_else(|| {
        BackendError::empty_response("ExportTableToPointInTime answered without a description")
    })?;
    Ok(export(d))
}

pub(super) async fn describe_export(b: &AwsBackend, arn: &str) -> BackendResult<Export> {
    let call = b.call("dynamodb:DescribeExport", format!("export {arn}"));
    let out = b
        .dynamodb
        .describe_export()
        .export_arn(arn)
        .send()
        .await
        .map_err(|e| call.map(e))?;
    let d = out.export_description().ok_or_else(|| {
        BackendError::empty_response("DescribeExport answered without a description")
    })?;
    Ok(export(d))
}

pub(super) async fn list_exports(b: &AwsBackend, table_arn: &str) -> BackendResult<Vec<Export>> {
    let call = b.call("dynamodb:ListExports", format!("table {table_arn}"));
    let mut out = Vec::new();
    let mut token = None;
    loop {
        // An empty ARN lists the exports of every table.
        let page = b
            .dynamodb
            .list_exports()
            .set_table_arn((!table_arn.is_empty()).then(|| table_arn.to_owned()))
            .set_next_token(token.take())
            .send()
            .await
            .map_err(|e| match &e {
                // moto answers ListExports with a bare 500: an endpoint
                // without the call, not an outage.
                aws_sdk_dynamodb::error::SdkError::ServiceError(s)
                    if s.raw().status().as_u16() == 500 =>
                {
                    call.not_implemented(500)
                }
                _ => call.map(e),
            })?;
        for s in page.export_summaries() {
            let arn = s.export_arn().unwrap_or_default();
            out.push(Export {
                arn: arn.to_owned(),
                // `…:table/NAME/export/ID`: the table's ARN is its head.
                table_arn: arn
                    .split_once("/export/")
                    .map_or(table_arn, |(head, _)| head)
                    .to_owned(),
                status: ExportStatus::parse(s.export_status().map(|x| x.as_str()).unwrap_or("")),
                kind: None,
                bucket: String::new(),
                prefix: String::new(),
                started_at: None,
                ended_at: None,
                items: None,
                bytes: None,
                manifest: None,
                failure: None,
                client_token: None,
            });
        }
        match page.next_token() {
            Some(t) => token = Some(t.to_owned()),
            None => break,
        }
    }
    Ok(out)
}

fn export(d: &ddb::ExportDescription) -> Export {
    let kind = match d.export_type() {
        Some(ddb::ExportType::IncrementalExport) => {
            d.incremental_export_specification().and_then(|s| {
                Some(ExportKind::Incremental {
                    from: to_utc(s.export_from_time()?)?,
                    to: to_utc(s.export_to_time()?)?,
                })
            })
        }
        _ => d
            .export_time()
            .and_then(to_utc)
            .map(|at| ExportKind::Full { at }),
    };
    Export {
        arn: d.export_arn().unwrap_or_default().to_owned(),
        table_arn: d.table_arn().unwrap_or_default().to_owned(),
        status: ExportStatus::parse(d.export_status().map(|s| s.as_str()).unwrap_or("")),
        kind,
        bucket: d.s3_bucket().unwrap_or_default().to_owned(),
        prefix: d.s3_prefix().unwrap_or_default().to_owned(),
        started_at: d.start_time().and_then(to_utc),
        ended_at: d.end_time().and_then(to_utc),
        items: d.item_count().and_then(|n| u64::try_from(n).ok()),
        bytes: d.billed_size_bytes().and_then(|n| u64::try_from(n).ok()),
        manifest: d.export_manifest().map(str::to_owned),
        failure: d.failure_message().or(d.failure_code()).map(str::to_owned),
        client_token: d.client_token().map(str::to_owned),
    }
}

fn scalar(t: KeyType) -> ddb::ScalarAttributeType {
    match t {
        KeyType::S => ddb::ScalarAttributeType::S,
        KeyType::N => ddb::ScalarAttributeType::N,
        KeyType::B => ddb::ScalarAttributeType::B,
    }
}

pub(super) async fn import_table(b: &AwsBackend, req: &ImportRequest) -> BackendResult<Import> {
    let spec = &req.table;
    let call = b.call("dynamodb:ImportTable", format!("table {}", spec.name));
    let source = ddb::S3BucketSource::builder()
        .s3_bucket(&req.bucket)
        .s3_key_prefix(&req.key_prefix)
        .set_s3_bucket_owner(req.bucket_owner.clone())
        .build()
        .map_err(invalid)?;
    let attr = |name: &str, t: KeyType| {
        ddb::AttributeDefinition::builder()
            .attribute_name(name)
            .attribute_type(scalar(t))
            .build()
            .map_err(invalid)
    };
    let key = |name: &str, k: ddb::KeyType| {
        ddb::KeySchemaElement::builder()
            .attribute_name(name)
            .key_type(k)
            .build()
            .map_err(invalid)
    };
    let mut params = ddb::TableCreationParameters::builder()
        .table_name(&spec.name)
        .billing_mode(ddb::BillingMode::PayPerRequest)
        .attribute_definitions(attr(&spec.key.partition_key, spec.partition_type)?)
        .key_schema(key(&spec.key.partition_key, ddb::KeyType::Hash)?);
    // Each key attribute is defined once, though the table and its
    // indexes may share it.
    let mut defined = vec![spec.key.partition_key.clone()];
    if let Some(sort) = &spec.key.sort_key {
        params = params
            .attribute_definitions(attr(sort, spec.sort_type.unwrap_or_default())?)
            .key_schema(key(sort, ddb::KeyType::Range)?);
        defined.push(sort.clone());
    }
    for index in &spec.indexes {
        let mut keys = vec![(
            &index.key.partition_key,
            index.partition_type,
            ddb::KeyType::Hash,
        )];
        if let Some(sort) = &index.key.sort_key {
            keys.push((
                sort,
                index.sort_type.unwrap_or_default(),
                ddb::KeyType::Range,
            ));
        }
        let mut gsi = ddb::GlobalSecondaryIndex::builder().index_name(&index.name);
        for (name, t, kind) in keys {
            if !defined.contains(name) {
                params = params.attribute_definitions(attr(name, t)?);
                defined.push(name.clone());
            }
            gsi = gsi.key_schema(key(name, kind)?);
        }
        let projection = match &index.projection {
            Projection::All => ddb::Projection::builder().projection_type(ddb::ProjectionType::All),
            Projection::KeysOnly => {
                ddb::Projection::builder().projection_type(ddb::ProjectionType::KeysOnly)
            }
            Projection::Include(attrs) => ddb::Projection::builder()
                .projection_type(ddb::ProjectionType::Include)
                .set_non_key_attributes(Some(attrs.clone())),
        };
        params = params.global_secondary_indexes(
            gsi.projection(projection.build())
                .build()
                .map_err(invalid)?,
        );
    }
    let out = b
        .dynamodb
        .import_table()
        .client_token(&req.client_token)
        .s3_bucket_source(source)
        .input_format(ddb::InputFormat::DynamodbJson)
        .input_compression_type(ddb::InputCompressionType::from(req.compression.aws_name()))
        .table_creation_parameters(params.build().map_err(invalid)?)
        .send()
        .await
        .map_err(|e| call.map(e))?;
    let d = out.import_table_description().ok_or_else(|| {
        BackendError::empty_response("ImportTable answered without a description")
    })?;
    Ok(import(d, &spec.name))
}

pub(super) async fn describe_import(b: &AwsBackend, arn: &str) -> BackendResult<Import> {
    let call = b.call("dynamodb:DescribeImport", format!("import {arn}"));
    let out = b
        .dynamodb
        .describe_import()
        .import_arn(arn)
        .send()
        .await
        .map_err(|e| call.map(e))?;
    let d = out.import_table_description().ok_or_else(|| {
        BackendError::empty_response("DescribeImport answered without a description")
    })?;
    Ok(import(d, ""))
}

fn import(d: &ddb::ImportTableDescription, fallback_table: &str) -> Import {
    let count = |n: i64| u64::try_from(n).unwrap_or(0);
    let source = d.s3_bucket_source();
    let table_arn = d.table_arn().map(str::to_owned);
    let table_name = d
        .table_creation_parameters()
        .map(|p| p.table_name().to_owned())
        .or_else(|| {
            table_arn
                .as_deref()
                .and_then(|a| a.rsplit('/').next())
                .map(str::to_owned)
        })
        .unwrap_or_else(|| fallback_table.to_owned());
    Import {
        arn: d.import_arn().unwrap_or_default().to_owned(),
        table_name,
        table_arn,
        status: ImportStatus::parse(d.import_status().map(|s| s.as_str()).unwrap_or("")),
        bucket: source.map(|s| s.s3_bucket().to_owned()).unwrap_or_default(),
        key_prefix: source
            .and_then(|s| s.s3_key_prefix())
            .unwrap_or_default()
            .to_owned(),
        started_at: d.start_time().and_then(to_utc),
        ended_at: d.end_time().and_then(to_utc),
        processed_items: count(d.processed_item_count()),
        imported_items: count(d.imported_item_count()),
        error_count: count(d.error_count()),
        failure: d.failure_message().or(d.failure_code()).map(str::to_owned),
    }
}
