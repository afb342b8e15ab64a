//! What every test against moto needs: its address (set by scripts/test.sh),
//! the SDK pointed at it with fake keys, the backend under test, and a plain
//! `pk`-keyed table. Not a test target itself.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
#![allow(dead_code)]

use aws_config::{BehaviorVersion, SdkConfig};
use aws_sdk_dynamodb::config::Credentials;
use aws_sdk_dynamodb::types::{
    AttributeDefinition, BillingMode, KeySchemaElement, KeyType, ScalarAttributeType,
};
use dynamo_dr::aws::{AwsBackend, AwsOptions, StaticKeys, connect_with_static_keys};

pub const REGION: &str = "us-east-1";

pub fn endpoint() -> String {
    std::env::var("DYNAMO_DR_MOTO_ENDPOINT")
        .expect("DYNAMO_DR_MOTO_ENDPOINT is not set: run scripts/test.sh")
}

/// A name no other test on the same server uses.
pub fn unique(prefix: &str) -> String {
    format!("{prefix}-{:08x}", fastrand::u32(..))
}

/// The SDK itself, for setting moto up and reading its state back.
pub async fn sdk() -> SdkConfig {
    aws_config::defaults(BehaviorVersion::latest())
        .region(aws_config::Region::new(REGION))
        .endpoint_url(endpoint())
        .credentials_provider(Credentials::new("testing", "testing", None, None, "tests"))
        .load()
        .await
}

pub async fn ddb() -> aws_sdk_dynamodb::Client {
    aws_sdk_dynamodb::Client::new(&sdk().await)
}

/// The backend under test, pointed at moto.
pub async fn backend() -> AwsBackend {
    connect_with_static_keys(
        AwsOptions {
            profile: None,
            region: Some(REGION.to_owned()),
            endpoint_url: Some(endpoint()),
            ..Default::default()
        },
        StaticKeys {
            access_key_id: "testing".to_owned(),
            secret_access_key: "testing".to_owned(),
        },
    )
    .await
    .expect("connect to moto")
}

/// An on-demand table keyed on the string attribute `pk`.
pub async fn create_pk_table(ddb: &aws_sdk_dynamodb::Client, name: &str) {
    ddb.create_table()
        .table_name(name)
        .key_schema(
            KeySchemaElement::builder()
                .attribute_name("pk")
                .key_type(KeyType::Hash)
                .build()
                .unwrap(),
        )
        .attribute_definitions(
            AttributeDefinition::builder()
                .attribute_name("pk")
                .attribute_type(ScalarAttributeType::S)
                .build()
                .unwrap(),
        )
        .billing_mode(BillingMode::PayPerRequest)
        .send()
        .await
        .expect("create table");
}
