//! Recovery in another region over the real `AwsBackend`, with
//! `aws-smithy-mocks` answering: moto 5.2.5 serves no cross-region
//! point-in-time restore. A restore sent through the DR region's backend
//! names its source by ARN (SourceTableArn, never a name the DR region does
//! not know), goes to that region's endpoint and is signed for it; a
//! restore in the console's own region still names its source by name; a
//! copy's restore job is started in the DR region.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod mocked;

use std::sync::{Arc, Mutex};

use aws_sdk_dynamodb::config::interceptors::BeforeTransmitInterceptorContextRef;
use aws_sdk_dynamodb::config::{ConfigBag, Intercept, RuntimeComponents};
use aws_sdk_dynamodb::operation::restore_table_to_point_in_time::{
    RestoreTableToPointInTimeInput, RestoreTableToPointInTimeOutput,
};
use aws_sdk_dynamodb::types::{TableDescription, TableStatus};
use aws_smithy_mocks::{RuleMode, mock, mock_client};
use dynamo_dr::backend::Backend;
use dynamo_dr::domain::PitrTarget;
use mocked::Clients;

const SOURCE: &str = "arn:aws:dynamodb:eu-west-1:111122223333:table/orders";
const COPY: &str = "arn:aws:backup:us-west-2:111122223333:recovery-point:copy-1";
const ROLE: &str = "arn:aws:iam::111122223333:role/dr-backup-role";

/// Records each request's URI and Authorization header.
#[derive(Debug, Clone, Default)]
struct Sent(Arc<Mutex<Vec<(String, String)>>>);

impl Intercept for Sent {
    fn name(&self) -> &'static str {
        "Sent"
    }
    fn read_before_transmit(
        &self,
        context: &BeforeTransmitInterceptorContextRef<'_>,
        _: &RuntimeComponents,
        _: &mut ConfigBag,
    ) -> Result<(), aws_sdk_dynamodb::error::BoxError> {
        let req = context.request();
        let auth = req
            .headers()
            .get("authorization")
            .unwrap_or_default()
            .to_owned();
        self.0.lock().unwrap().push((req.uri().to_owned(), auth));
        Ok(())
    }
}

/// A DynamoDB client answering RestoreTableToPointInTime, recording the
/// requests and where they were sent.
fn restoring() -> (
    aws_sdk_dynamodb::Client,
    Arc<Mutex<Vec<RestoreTableToPointInTimeInput>>>,
    Sent,
) {
    let requests: Arc<Mutex<Vec<RestoreTableToPointInTimeInput>>> = Arc::default();
    let log = requests.clone();
    let rule = mock!(aws_sdk_dynamodb::Client::restore_table_to_point_in_time).then_compute_output(
        move |req| {
            log.lock().unwrap().push(req.clone());
            let target = req.target_table_name().unwrap_or_default();
            RestoreTableToPointInTimeOutput::builder()
                .table_description(
                    TableDescription::builder()
                        .table_name(target)
                        .table_arn(format!(
                            "arn:aws:dynamodb:us-west-2:111122223333:table/{target}"
                        ))
                        .table_status(TableStatus::Creating)
                        .build(),
                )
                .build()
        },
    );
    let sent = Sent::default();
    let client = mock_client!(aws_sdk_dynamodb, RuleMode::MatchAny, [&rule]);
    let client = aws_sdk_dynamodb::Client::from_conf(
        client
            .config()
            .to_builder()
            .interceptor(sent.clone())
            .build(),
    );
    (client, requests, sent)
}

#[tokio::test]
async fn a_restore_in_the_dr_region_names_its_source_by_arn_and_is_sent_and_signed_there() {
    let (dynamodb, requests, sent) = restoring();
    let b = Clients {
        dynamodb,
        ..Clients::default()
    }
    .backend();
    let there = b.in_region("us-west-2").await.unwrap();
    let at = chrono::DateTime::from_timestamp(1_700_000_000, 0).unwrap();
    let table = there
        .restore_table_to_point_in_time(SOURCE, "orders", PitrTarget::At(at))
        .await
        .unwrap();
    assert_eq!(table.name, "orders");
    let requests = requests.lock().unwrap();
    assert_eq!(requests.len(), 1);
    let req = &requests[0];
    assert_eq!(req.source_table_arn(), Some(SOURCE));
    assert_eq!(req.source_table_name(), None, "a name the DR region lacks");
    assert_eq!(req.target_table_name(), Some("orders"));
    assert_eq!(
        req.restore_date_time(),
        Some(&aws_smithy_types::DateTime::from_secs(1_700_000_000))
    );
    assert_eq!(req.use_latest_restorable_time(), None);
    let sent = sent.0.lock().unwrap();
    assert_eq!(sent.len(), 1, "{sent:?}");
    let (uri, auth) = &sent[0];
    assert!(uri.contains("dynamodb.us-west-2.amazonaws.com"), "{uri}");
    assert!(auth.contains("/us-west-2/dynamodb/aws4_request"), "{auth}");
}

#[tokio::test]
async fn a_restore_in_this_region_still_names_its_source_by_name() {
    let (dynamodb, requests, sent) = restoring();
    let b = Clients {
        dynamodb,
        ..Clients::default()
    }
    .backend();
    b.restore_table_to_point_in_time("orders", "orders-restored", PitrTarget::Latest)
        .await
        .unwrap();
    let requests = requests.lock().unwrap();
    let req = &requests[0];
    assert_eq!(req.source_table_name(), Some("orders"));
    assert_eq!(req.source_table_arn(), None);
    assert_eq!(req.use_latest_restorable_time(), Some(true));
    // Sent by the console's own client (the mock's region), not another.
    let sent = sent.0.lock().unwrap();
    assert_eq!(sent.len(), 1);
    assert!(!sent[0].0.contains("us-west-2"), "{sent:?}");
}

#[tokio::test]
async fn a_copys_restore_job_is_started_in_the_dr_region() {
    use aws_sdk_backup::operation::start_restore_job::{
        StartRestoreJobInput, StartRestoreJobOutput,
    };
    let requests: Arc<Mutex<Vec<StartRestoreJobInput>>> = Arc::default();
    let log = requests.clone();
    let rule = mock!(aws_sdk_backup::Client::start_restore_job).then_compute_output(move |req| {
        log.lock().unwrap().push(req.clone());
        StartRestoreJobOutput::builder()
            .restore_job_id("restore-1")
            .build()
    });
    let b = Clients {
        backup: mock_client!(aws_sdk_backup, RuleMode::MatchAny, [&rule]),
        ..Clients::default()
    }
    .backend();
    let there = b.in_region("us-west-2").await.unwrap();
    let id = there.start_restore_job(COPY, ROLE, "orders").await.unwrap();
    assert_eq!(id, "restore-1");
    let requests = requests.lock().unwrap();
    let req = &requests[0];
    assert_eq!(req.recovery_point_arn(), Some(COPY));
    assert_eq!(req.iam_role_arn(), Some(ROLE));
    assert_eq!(
        req.metadata()
            .and_then(|m| m.get("targetTableName"))
            .map(String::as_str),
        Some("orders")
    );
    assert_eq!(there.info().region, "us-west-2");
}
