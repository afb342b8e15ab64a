//! The recovery timeline's activity: one GetMetricData request (all pages)
//! with a query per `Metric` on the table's `AWS/DynamoDB` metrics. A
//! period without a datapoint is zero.

use aws_sdk_cloudwatch::types::{Dimension, MetricDataQuery, MetricStat, ScanBy};

use super::AwsBackend;
use crate::backend::{BackendError, BackendResult};
use crate::domain::{ActivityQuery, Metric, TableActivity};

pub(super) async fn table_activity(
    b: &AwsBackend,
    q: &ActivityQuery<'_>,
) -> BackendResult<TableActivity> {
    let Some(cloudwatch) = b.cloudwatch.as_ref() else {
        return Err(BackendError::Unsupported(
            "CloudWatch is not configured for this backend".to_owned(),
        ));
    };
    let call = b.call(
        "cloudwatch:GetMetricData",
        format!("metrics of table {}", q.table),
    );
    let queries: Vec<MetricDataQuery> = Metric::ALL.into_iter().map(|m| query(q, m)).collect();
    let mut out = TableActivity::zeros(q);
    let mut next: Option<String> = None;
    loop {
        let page = cloudwatch
            .get_metric_data()
            .set_metric_data_queries(Some(queries.clone()))
            .start_time(to_smithy(q.start))
            .end_time(to_smithy(q.end))
            .scan_by(ScanBy::TimestampAscending)
            .set_next_token(next.take())
            .send()
            .await
            .map_err(|e| call.map(e))?;
        for result in page.metric_data_results() {
            let Some(metric) = result.id().and_then(Metric::from_id) else {
                continue;
            };
            for (at, value) in result.timestamps().iter().zip(result.values()) {
                if let Some(at) = chrono::DateTime::from_timestamp(at.secs(), 0) {
                    out.add(metric, at, *value);
                }
            }
        }
        match page.next_token() {
            Some(token) if !token.is_empty() => next = Some(token.to_owned()),
            _ => return Ok(out),
        }
    }
}

fn query(q: &ActivityQuery<'_>, m: Metric) -> MetricDataQuery {
    let (name, stat, operation) = m.cloudwatch();
    let mut metric = aws_sdk_cloudwatch::types::Metric::builder()
        .namespace("AWS/DynamoDB")
        .metric_name(name)
        .dimensions(
            Dimension::builder()
                .name("TableName")
                .value(q.table)
                .build(),
        );
    if let Some(op) = operation {
        metric = metric.dimensions(Dimension::builder().name("Operation").value(op).build());
    }
    MetricDataQuery::builder()
        .id(m.id())
        .metric_stat(
            MetricStat::builder()
                .metric(metric.build())
                .period(i32::try_from(q.period_secs).unwrap_or(i32::MAX))
                .stat(stat)
                .build(),
        )
        .return_data(true)
        .build()
}

fn to_smithy(t: chrono::DateTime<chrono::Utc>) -> aws_smithy_types::DateTime {
    aws_smithy_types::DateTime::from_secs(t.timestamp())
}
