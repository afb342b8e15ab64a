//! A table's settings (DescribeTable, ListTagsOfResource,
//! DescribeTimeToLive, DescribeContinuousBackups) and the calls that change
//! them (TagResource, UntagResource, UpdateTimeToLive, UpdateTable).

use std::collections::BTreeMap;

use aws_sdk_dynamodb::types as ddb;
use aws_smithy_types::error::operation::BuildError;

use super::tables::description;
use super::{AwsBackend, convert, pitr};
use crate::backend::{BackendError, BackendResult};
use crate::domain::{
    BillingMode, Encryption, STANDARD_CLASS, SettingChange, TableSettings, Throughput,
};

fn build_error(e: BuildError) -> BackendError {
    BackendError::Invalid(e.to_string())
}

pub(super) async fn describe(b: &AwsBackend, table: &str) -> BackendResult<TableSettings> {
    let d = description(b, table).await?;
    let arn = d.table_arn().unwrap_or_default().to_owned();
    let (tags, ttl_attribute, pitr) =
        tokio::try_join!(tags(b, &arn), ttl(b, table), pitr::describe(b, table))?;
    let summary = convert::table(&d, table);
    let stream = d
        .stream_specification()
        .filter(|s| s.stream_enabled())
        .and_then(|s| s.stream_view_type())
        .map(|v| v.as_str().to_owned());
    let indexes = index_throughputs(&d, &summary.billing);
    let encryption = match d.sse_description() {
        Some(s) if s.status() == Some(&ddb::SseStatus::Enabled) => Encryption::Kms {
            key_arn: s.kms_master_key_arn().map(str::to_owned),
        },
        _ => Encryption::AwsOwned,
    };
    let table_class = d
        .table_class_summary()
        .and_then(|c| c.table_class())
        .map_or(STANDARD_CLASS, |c| c.as_str())
        .to_owned();
    Ok(TableSettings {
        tags,
        ttl_attribute,
        stream,
        pitr_days: pitr.enabled.then_some(pitr.recovery_period_days).flatten(),
        deletion_protection: summary.deletion_protection,
        billing: summary.billing,
        indexes,
        encryption,
        table_class,
    })
}

/// Each global secondary index with its provisioned throughput (`None`
/// under on-demand billing).
fn index_throughputs(
    d: &ddb::TableDescription,
    billing: &BillingMode,
) -> BTreeMap<String, Option<Throughput>> {
    d.global_secondary_indexes()
        .iter()
        .filter_map(|g| {
            let name = g.index_name()?.to_owned();
            let throughput = match billing {
                BillingMode::PayPerRequest => None,
                BillingMode::Provisioned { .. } => g.provisioned_throughput().map(|t| Throughput {
                    read: t.read_capacity_units().unwrap_or(0),
                    write: t.write_capacity_units().unwrap_or(0),
                }),
            };
            Some((name, throughput))
        })
        .collect()
}

/// User tags, every page; `aws:` tags are AWS's own and left out.
pub(super) async fn tags(b: &AwsBackend, arn: &str) -> BackendResult<BTreeMap<String, String>> {
    let call = b.call("dynamodb:ListTagsOfResource", arn.to_owned());
    let mut tags = BTreeMap::new();
    let mut next: Option<String> = None;
    loop {
        let out = b
            .dynamodb
            .list_tags_of_resource()
            .resource_arn(arn)
            .set_next_token(next.take())
            .send()
            .await
            .map_err(|e| call.map(e))?;
        for t in out.tags() {
            if !t.key().starts_with("aws:") {
                tags.insert(t.key().to_owned(), t.value().to_owned());
            }
        }
        match out.next_token() {
            Some(token) if !token.is_empty() => next = Some(token.to_owned()),
            _ => return Ok(tags),
        }
    }
}

/// The TTL attribute while TTL is on (or being turned on).
async fn ttl(b: &AwsBackend, table: &str) -> BackendResult<Option<String>> {
    let call = b.call("dynamodb:DescribeTimeToLive", format!("table {table}"));
    let out = b
        .dynamodb
        .describe_time_to_live()
        .table_name(table)
        .send()
        .await
        .map_err(|e| call.map(e))?;
    Ok(out.time_to_live_description().and_then(|d| {
        matches!(
            d.time_to_live_status(),
            Some(ddb::TimeToLiveStatus::Enabled | ddb::TimeToLiveStatus::Enabling)
        )
        .then(|| d.attribute_name().map(str::to_owned))
        .flatten()
    }))
}

pub(super) async fn apply(
    b: &AwsBackend,
    table: &str,
    change: &SettingChange,
) -> BackendResult<()> {
    match change {
        SettingChange::Tags { set, remove } => retag(b, table, set, remove).await,
        SettingChange::Ttl { attribute, enabled } => {
            let call = b.call("dynamodb:UpdateTimeToLive", format!("table {table}"));
            let spec = ddb::TimeToLiveSpecification::builder()
                .enabled(*enabled)
                .attribute_name(attribute)
                .build()
                .map_err(build_error)?;
            b.dynamodb
                .update_time_to_live()
                .table_name(table)
                .time_to_live_specification(spec)
                .send()
                .await
                .map_err(|e| call.map(e))?;
            Ok(())
        }
        _ => update_table(b, table, change).await,
    }
}

async fn retag(
    b: &AwsBackend,
    table: &str,
    set: &BTreeMap<String, String>,
    remove: &[String],
) -> BackendResult<()> {
    let arn = description(b, table)
        .await?
        .table_arn()
        .unwrap_or_default()
        .to_owned();
    if !remove.is_empty() {
        let call = b.call("dynamodb:UntagResource", arn.clone());
        b.dynamodb
            .untag_resource()
            .resource_arn(&arn)
            .set_tag_keys(Some(remove.to_vec()))
            .send()
            .await
            .map_err(|e| call.map(e))?;
    }
    if !set.is_empty() {
        let call = b.call("dynamodb:TagResource", arn.clone());
        let tags = set
            .iter()
            .map(|(k, v)| ddb::Tag::builder().key(k).value(v).build())
            .collect::<Result<Vec<_>, _>>()
            .map_err(build_error)?;
        b.dynamodb
            .tag_resource()
            .resource_arn(&arn)
            .set_tags(Some(tags))
            .send()
            .await
            .map_err(|e| call.map(e))?;
    }
    Ok(())
}

fn throughput(t: Throughput) -> Result<ddb::ProvisionedThroughput, BackendError> {
    ddb::ProvisionedThroughput::builder()
        .read_capacity_units(t.read)
        .write_capacity_units(t.write)
        .build()
        .map_err(build_error)
}

/// One UpdateTable call. For capacity, only what differs is sent: AWS
/// refuses an update that changes nothing.
async fn update_table(b: &AwsBackend, table: &str, change: &SettingChange) -> BackendResult<()> {
    let mut update = b.dynamodb.update_table().table_name(table);
    match change {
        SettingChange::Stream { view } => {
            let spec = ddb::StreamSpecification::builder()
                .stream_enabled(view.is_some())
                .set_stream_view_type(view.as_deref().map(ddb::StreamViewType::from))
                .build()
                .map_err(build_error)?;
            update = update.stream_specification(spec);
        }
        SettingChange::Capacity { billing, indexes } => {
            // Capacity is all in DescribeTable: no need for tags, TTL, PITR.
            let d = description(b, table).await?;
            let billing_now = convert::table(&d, table).billing;
            let indexes_now = index_throughputs(&d, &billing_now);
            match billing {
                BillingMode::PayPerRequest => {
                    if billing_now != *billing {
                        update = update.billing_mode(ddb::BillingMode::PayPerRequest);
                    }
                }
                BillingMode::Provisioned { read, write } => {
                    if billing_now != *billing {
                        update = update
                            .billing_mode(ddb::BillingMode::Provisioned)
                            .provisioned_throughput(throughput(Throughput {
                                read: *read,
                                write: *write,
                            })?);
                    }
                    for (name, t) in indexes {
                        if indexes_now.get(name) == Some(&Some(*t)) {
                            continue;
                        }
                        let action = ddb::UpdateGlobalSecondaryIndexAction::builder()
                            .index_name(name)
                            .provisioned_throughput(throughput(*t)?)
                            .build()
                            .map_err(build_error)?;
                        update = update.global_secondary_index_updates(
                            ddb::GlobalSecondaryIndexUpdate::builder()
                                .update(action)
                                .build(),
                        );
                    }
                }
            }
        }
        SettingChange::Encryption(e) => {
            let spec = match e {
                Encryption::AwsOwned => ddb::SseSpecification::builder().enabled(false),
                Encryption::Kms { key_arn } => ddb::SseSpecification::builder()
                    .enabled(true)
                    .sse_type(ddb::SseType::Kms)
                    .set_kms_master_key_id(key_arn.clone()),
            };
            update = update.sse_specification(spec.build());
        }
        SettingChange::TableClass(c) => {
            update = update.table_class(ddb::TableClass::from(c.as_str()));
        }
        SettingChange::Tags { .. } | SettingChange::Ttl { .. } => {}
    }
    let call = b.call("dynamodb:UpdateTable", format!("table {table}"));
    update.send().await.map_err(|e| call.map(e))?;
    Ok(())
}
