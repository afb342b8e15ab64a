//! The recovery timeline's metrics through the AWS backend, with
//! `aws-smithy-mocks`: aws-sdk-cloudwatch speaks Smithy RPC v2 CBOR
//! (`/service/GraniteServiceVersion20100801/operation/GetMetricData`),
//! which moto 5.2.5 does not route (it answers 404), so the wire is mocked.
//! One GetMetricData with a query per metric on the table's dimensions,
//! every page read, each datapoint in its period, a period without one zero.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod mocked;

use aws_sdk_cloudwatch::operation::get_metric_data::GetMetricDataOutput;
use aws_sdk_cloudwatch::types::MetricDataResult;
use aws_smithy_mocks::{RuleMode, mock, mock_client};
use chrono::{Duration, TimeZone, Utc};
use dynamo_dr::backend::{Backend, BackendError};
use dynamo_dr::domain::{ActivityQuery, Metric};

fn secs(t: chrono::DateTime<Utc>) -> aws_smithy_types::DateTime {
    aws_smithy_types::DateTime::from_secs(t.timestamp())
}

#[tokio::test]
async fn every_page_is_read_and_each_datapoint_lands_in_its_minute() {
    let now = Utc
        .with_ymd_and_hms(2026, 11, 22, 3, 0, 0)
        .single()
        .unwrap();
    let burst = now - Duration::minutes(20);
    let first = mock!(aws_sdk_cloudwatch::Client::get_metric_data)
        .match_requests(|r| r.next_token().is_none())
        .then_compute_output(move |r| {
            // One query per metric, on the table and, for the request
            // counts, the operation.
            assert_eq!(r.metric_data_queries().len(), Metric::ALL.len());
            let del = r
                .metric_data_queries()
                .iter()
                .find(|q| q.id() == Some("del"))
                .unwrap();
            let stat = del.metric_stat().unwrap();
            assert_eq!(stat.period(), Some(60));
            assert_eq!(stat.stat(), Some("SampleCount"));
            let metric = stat.metric().unwrap();
            assert_eq!(metric.namespace(), Some("AWS/DynamoDB"));
            assert_eq!(metric.metric_name(), Some("SuccessfulRequestLatency"));
            let dims: Vec<(&str, &str)> = metric
                .dimensions()
                .iter()
                .map(|d| (d.name().unwrap(), d.value().unwrap()))
                .collect();
            assert_eq!(dims, [("TableName", "orders"), ("Operation", "DeleteItem")]);
            GetMetricDataOutput::builder()
                .metric_data_results(
                    MetricDataResult::builder()
                        .id("del")
                        .timestamps(secs(burst))
                        .values(700.0)
                        .build(),
                )
                .next_token("page-2")
                .build()
        });
    let second = mock!(aws_sdk_cloudwatch::Client::get_metric_data)
        .match_requests(|r| r.next_token() == Some("page-2"))
        .then_output(move || {
            GetMetricDataOutput::builder()
                .metric_data_results(
                    MetricDataResult::builder()
                        .id("del")
                        .timestamps(secs(burst + Duration::minutes(1)))
                        .values(650.0)
                        .build(),
                )
                .metric_data_results(
                    MetricDataResult::builder()
                        .id("wcu")
                        .timestamps(secs(burst))
                        .values(1400.0)
                        .build(),
                )
                .build()
        });
    let cw = mock_client!(aws_sdk_cloudwatch, RuleMode::MatchAny, [&first, &second]);
    let b = mocked::Clients::default().backend().with_cloudwatch(cw);
    let q = ActivityQuery::covering("orders", now - Duration::hours(1), now, now);
    let a = b.table_activity(&q).await.unwrap();
    assert_eq!(first.num_calls(), 1);
    assert_eq!(second.num_calls(), 1);
    assert_eq!(a.len(), 60);
    let i = a.index_of(burst).unwrap();
    assert_eq!(a.deletes(i), 700.0);
    assert_eq!(a.deletes(i + 1), 650.0);
    assert_eq!(a.get(Metric::WriteUnits)[i], 1400.0);
    assert_eq!(a.deletes(i - 1), 0.0, "no datapoint is zero");
    assert_eq!(a.writes(i), 0.0);
}

#[tokio::test]
async fn access_denied_is_said_as_such() {
    let rule = mock!(aws_sdk_cloudwatch::Client::get_metric_data).then_error(|| {
        aws_sdk_cloudwatch::operation::get_metric_data::GetMetricDataError::generic(
            aws_sdk_cloudwatch::error::ErrorMetadata::builder()
                .code("AccessDenied")
                .message("User is not authorized to perform: cloudwatch:GetMetricData")
                .build(),
        )
    });
    let cw = mock_client!(aws_sdk_cloudwatch, [&rule]);
    let b = mocked::Clients::default().backend().with_cloudwatch(cw);
    let now = Utc::now();
    let q = ActivityQuery::covering("orders", now - Duration::hours(1), now, now);
    let err = b.table_activity(&q).await.unwrap_err();
    assert!(matches!(err, BackendError::AccessDenied { .. }), "{err:?}");
    assert!(err.to_string().contains("GetMetricData"), "{err}");
}

#[tokio::test]
async fn without_a_cloudwatch_client_it_says_so() {
    let b = mocked::Clients::default().backend();
    let now = Utc::now();
    let q = ActivityQuery::covering("orders", now - Duration::hours(1), now, now);
    let err = b.table_activity(&q).await.unwrap_err();
    assert!(err.to_string().contains("CloudWatch"), "{err}");
}
