//! The AWS backend over `aws-smithy-mocks` clients: each service a client
//! with no rules (any call to it fails the test) unless the test gives one.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
#![allow(dead_code)]

use aws_smithy_mocks::{Rule, mock_client};
use dynamo_dr::aws::AwsBackend;
use dynamo_dr::backend::{BackendInfo, BackendKind};

pub const REGION: &str = "eu-west-1";

pub fn info() -> BackendInfo {
    BackendInfo {
        kind: BackendKind::Aws,
        region: REGION.to_owned(),
        endpoint: None,
        profile: None,
    }
}

/// The four clients of an `AwsBackend`; `Clients::default()` answers nothing.
pub struct Clients {
    pub dynamodb: aws_sdk_dynamodb::Client,
    pub backup: aws_sdk_backup::Client,
    pub sts: aws_sdk_sts::Client,
    pub iam: aws_sdk_iam::Client,
}

impl Default for Clients {
    fn default() -> Self {
        let none: [&Rule; 0] = [];
        Self {
            dynamodb: mock_client!(aws_sdk_dynamodb, none),
            backup: mock_client!(aws_sdk_backup, none),
            sts: mock_client!(aws_sdk_sts, none),
            iam: mock_client!(aws_sdk_iam, none),
        }
    }
}

impl Clients {
    pub fn backend(self) -> AwsBackend {
        AwsBackend::from_clients(self.dynamodb, self.backup, self.sts, self.iam, info())
    }
}
