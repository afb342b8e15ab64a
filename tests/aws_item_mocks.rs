//! The repair's item calls against `aws-smithy-mocks`, for what moto does
//! not show: the exact requests (condition expressions, their placeholders,
//! consistent reads, 100 keys a request) and BatchGetItem's unprocessed
//! keys, which moto never leaves.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use aws_sdk_dynamodb::operation::batch_get_item::{BatchGetItemInput, BatchGetItemOutput};
use aws_sdk_dynamodb::operation::delete_item::{DeleteItemError, DeleteItemInput};
use aws_sdk_dynamodb::operation::put_item::{PutItemInput, PutItemOutput};
use aws_sdk_dynamodb::types::error::ConditionalCheckFailedException;
use aws_sdk_dynamodb::types::{AttributeValue as Av, KeysAndAttributes};
use aws_smithy_mocks::{RuleMode, mock, mock_client};
use dynamo_dr::aws::AwsBackend;
use dynamo_dr::backend::{Backend, BackendError, BackendInfo, BackendKind};
use dynamo_dr::domain::{AttrValue, CondWrite, Expect, Item, ItemChange, KeySchema, WriteOutcome};

fn backend(dynamodb: aws_sdk_dynamodb::Client) -> AwsBackend {
    let none: [&aws_smithy_mocks::Rule; 0] = [];
    let iam = aws_sdk_iam::Client::from_conf(
        aws_sdk_iam::Config::builder()
            .behavior_version(aws_sdk_iam::config::BehaviorVersion::latest())
            .region(aws_sdk_iam::config::Region::new("us-east-1"))
            .build(),
    );
    AwsBackend::from_clients(
        dynamodb,
        mock_client!(aws_sdk_backup, none),
        mock_client!(aws_sdk_sts, none),
        iam,
        BackendInfo {
            kind: BackendKind::Aws,
            region: "eu-west-1".to_owned(),
            endpoint: None,
            profile: None,
        },
    )
}

fn schema() -> KeySchema {
    KeySchema {
        partition_key: "pk".to_owned(),
        sort_key: None,
    }
}

fn key(pk: &str) -> Item {
    [("pk".to_owned(), AttrValue::S(pk.to_owned()))].into()
}

fn sdk_key(pk: &str) -> HashMap<String, Av> {
    [("pk".to_owned(), Av::S(pk.to_owned()))].into()
}

#[tokio::test]
async fn a_put_if_equal_sends_every_attribute_as_placeholders() {
    let seen: Arc<Mutex<Vec<PutItemInput>>> = Arc::default();
    let sink = seen.clone();
    let rule = mock!(aws_sdk_dynamodb::Client::put_item).then_compute_output(move |req| {
        sink.lock().unwrap().push(req.clone());
        PutItemOutput::builder().build()
    });
    let b = backend(mock_client!(aws_sdk_dynamodb, [&rule]));
    let mut image = key("o-1");
    image.insert("status".to_owned(), AttrValue::S("PAID".to_owned()));
    image.insert("size".to_owned(), AttrValue::N("1.50".to_owned()));
    let mut new = key("o-1");
    new.insert("status".to_owned(), AttrValue::S("REPAIRED".to_owned()));
    let write = CondWrite {
        change: ItemChange::Put(new),
        expect: Expect::Equals(image),
    };

    let out = b.write_items_if("orders", &schema(), &[write]).await;

    assert_eq!(out, Ok(vec![WriteOutcome::Written]));
    let req = seen.lock().unwrap().remove(0);
    assert_eq!(req.table_name(), Some("orders"));
    // Attributes in name order: pk, size, status.
    assert_eq!(
        req.condition_expression(),
        Some("#a0 = :v0 AND #a1 = :v1 AND #a2 = :v2")
    );
    let names = req.expression_attribute_names().unwrap();
    assert_eq!(names.len(), 3);
    assert_eq!(names["#a0"], "pk");
    assert_eq!(names["#a1"], "size");
    assert_eq!(names["#a2"], "status");
    let values = req.expression_attribute_values().unwrap();
    assert_eq!(values[":v0"], Av::S("o-1".to_owned()));
    assert_eq!(values[":v1"], Av::N("1.50".to_owned()));
    assert_eq!(values[":v2"], Av::S("PAID".to_owned()));
    assert_eq!(req.item().unwrap()["status"], Av::S("REPAIRED".to_owned()));
}

#[tokio::test]
async fn a_delete_if_absent_names_the_key_and_a_failed_check_is_a_conflict() {
    let seen: Arc<Mutex<Vec<DeleteItemInput>>> = Arc::default();
    let sink = seen.clone();
    let rule = mock!(aws_sdk_dynamodb::Client::delete_item).then_error(move || {
        DeleteItemError::ConditionalCheckFailedException(
            ConditionalCheckFailedException::builder()
                .message("The conditional request failed")
                .build(),
        )
    });
    let watch = mock!(aws_sdk_dynamodb::Client::delete_item)
        .match_requests(move |req| {
            sink.lock().unwrap().push(req.clone());
            false
        })
        .then_output(|| unreachable!());
    let b = backend(mock_client!(
        aws_sdk_dynamodb,
        RuleMode::MatchAny,
        [&watch, &rule]
    ));
    let write = CondWrite {
        change: ItemChange::Delete(key("o-2")),
        expect: Expect::Absent,
    };

    let out = b.write_items_if("orders", &schema(), &[write]).await;

    assert_eq!(out, Ok(vec![WriteOutcome::ConditionFailed]));
    let req = seen.lock().unwrap().remove(0);
    assert_eq!(req.key().unwrap(), &sdk_key("o-2"));
    assert_eq!(
        req.condition_expression(),
        Some("attribute_not_exists(#a0)")
    );
    assert_eq!(req.expression_attribute_names().unwrap()["#a0"], "pk");
    // DynamoDB refuses an empty values map: none is sent.
    assert_eq!(req.expression_attribute_values(), None);
}

#[tokio::test]
async fn another_error_fails_the_whole_call() {
    let rule = mock!(aws_sdk_dynamodb::Client::delete_item).then_error(|| {
        DeleteItemError::generic(
            aws_smithy_types::error::ErrorMetadata::builder()
                .code("AccessDeniedException")
                .message("not authorized")
                .build(),
        )
    });
    let b = backend(mock_client!(aws_sdk_dynamodb, [&rule]));
    let write = CondWrite {
        change: ItemChange::Delete(key("o-3")),
        expect: Expect::Absent,
    };
    match b.write_items_if("orders", &schema(), &[write]).await {
        Err(BackendError::AccessDenied { permission, .. }) => {
            assert_eq!(permission, "dynamodb:DeleteItem")
        }
        other => panic!("{other:?}"),
    }
}

fn pk_of(k: &HashMap<String, Av>) -> String {
    k["pk"].as_s().unwrap().clone()
}

#[tokio::test]
async fn unprocessed_keys_are_asked_again_until_none_is_left() {
    let requests: Arc<Mutex<Vec<BatchGetItemInput>>> = Arc::default();
    let sink = requests.clone();
    // Every request: the first key found, the second found, the rest
    // left unprocessed (as a throttled table answers).
    let rule = mock!(aws_sdk_dynamodb::Client::batch_get_item).then_compute_output(move |req| {
        sink.lock().unwrap().push(req.clone());
        let asked = req.request_items().unwrap()["orders"].keys().to_vec();
        let items: Vec<HashMap<String, Av>> = asked
            .iter()
            .take(2)
            .filter(|k| !pk_of(k).starts_with("missing"))
            .cloned()
            .collect();
        let rest = asked[2.min(asked.len())..].to_vec();
        let mut out = BatchGetItemOutput::builder().responses("orders", items);
        if !rest.is_empty() {
            out = out.unprocessed_keys(
                "orders",
                KeysAndAttributes::builder()
                    .set_keys(Some(rest))
                    .build()
                    .unwrap(),
            );
        }
        out.build()
    });
    let b = backend(mock_client!(aws_sdk_dynamodb, RuleMode::MatchAny, [&rule]));
    // 103 keys: a request of 100 answered two at a time, then one of 3.
    let mut keys: Vec<Item> = (0..101).map(|i| key(&format!("o-{i:03}"))).collect();
    keys.push(key("missing-1"));
    keys.push(key("o-000"));
    keys.push(key("o-101"));

    let found = b.get_items("orders", &keys).await;

    // 100 keys two per request: more than the attempts allowed.
    match found {
        Err(BackendError::LimitExceeded(m)) => {
            assert!(m.contains("orders"), "{m}");
            assert!(m.contains("unprocessed"), "{m}");
        }
        other => panic!("{other:?}"),
    }
    let seen = requests.lock().unwrap().clone();
    assert_eq!(seen.len(), 10, "the attempts are capped");
    let first = &seen[0].request_items().unwrap()["orders"];
    assert_eq!(first.keys().len(), 100);
    assert_eq!(first.consistent_read(), Some(true));
    // Each request asks again for exactly what the last left.
    for pair in seen.windows(2) {
        let before = &pair[0].request_items().unwrap()["orders"];
        let after = &pair[1].request_items().unwrap()["orders"];
        assert_eq!(after.keys(), &before.keys()[2..]);
        assert_eq!(after.consistent_read(), Some(true));
    }
}

#[tokio::test]
async fn a_few_unprocessed_keys_are_read_on_the_next_request() {
    let calls: Arc<Mutex<u32>> = Arc::default();
    let counter = calls.clone();
    let rule = mock!(aws_sdk_dynamodb::Client::batch_get_item).then_compute_output(move |req| {
        *counter.lock().unwrap() += 1;
        let asked = req.request_items().unwrap()["orders"].keys().to_vec();
        let (now, later) = asked.split_at(asked.len().min(60));
        let items: Vec<_> = now
            .iter()
            .filter(|k| !pk_of(k).starts_with("missing"))
            .cloned()
            .collect();
        let mut out = BatchGetItemOutput::builder().responses("orders", items);
        if !later.is_empty() {
            out = out.unprocessed_keys(
                "orders",
                KeysAndAttributes::builder()
                    .set_keys(Some(later.to_vec()))
                    .build()
                    .unwrap(),
            );
        }
        out.build()
    });
    let b = backend(mock_client!(aws_sdk_dynamodb, RuleMode::MatchAny, [&rule]));
    let mut keys: Vec<Item> = (0..150).map(|i| key(&format!("o-{i:03}"))).collect();
    keys.extend((0..5).map(|i| key(&format!("missing-{i}"))));
    keys.push(key("o-007"));

    let found = b.get_items("orders", &keys).await.unwrap();

    assert_eq!(found.len(), 150);
    let mut pks: Vec<String> = found
        .iter()
        .map(|i| match &i["pk"] {
            AttrValue::S(s) => s.clone(),
            other => panic!("{other:?}"),
        })
        .collect();
    pks.sort();
    pks.dedup();
    assert_eq!(pks.len(), 150);
    // 100 keys: 60 then 40; the other 55: one request.
    assert_eq!(*calls.lock().unwrap(), 3);
}
