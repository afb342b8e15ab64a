//! The AWS backend: the `Backend` trait over aws-sdk-dynamodb, aws-sdk-backup,
//! aws-sdk-sts, aws-sdk-iam and aws-sdk-cloudwatch (the timeline). SDK types
//! stop here: everything public speaks the project's domain types.

#![cfg_attr(
    not(test),
    deny(clippy::unwrap_used, clippy::expect_used, clippy::panic)
)]

mod attempts;
mod backup_jobs;
mod backup_service;
mod backups;
mod convert;
mod convert_backup;
mod convert_item;
mod copies;
mod errors;
mod exports;
mod identity;
mod items;
mod metrics;
mod pitr;
mod plans;
mod s3;
mod scan;
mod settings;
mod tables;
mod trait_impl;
mod validate;
mod vault_policy;

use aws_config::BehaviorVersion;
use aws_config::retry::RetryConfig;
use aws_config::timeout::TimeoutConfig;
use std::time::Duration;

use aws_sdk_dynamodb::config::Credentials;

use crate::backend::{BackendError, BackendInfo, BackendKind};
use errors::Call;

/// Where to connect, from the command line. Anything left `None` comes from
/// the standard chain (environment, shared config and SSO profiles, IMDS).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct AwsOptions {
    pub profile: Option<String>,
    pub region: Option<String>,
    pub endpoint_url: Option<String>,
    /// How long one call may take in all, and how often it is tried.
    pub limits: CallLimits,
}

/// The bounds of one SDK call, so a hanging endpoint costs seconds, not
/// minutes, and the operator reads how often and how long it was tried.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CallLimits {
    /// Tries of one call in all, the first included (retries: one fewer).
    pub attempts: u32,
    /// One try, from sending the request to reading the whole answer.
    pub attempt_timeout: Duration,
    /// All tries of one call together, backoff included.
    pub deadline: Duration,
    /// Opening the TCP (and TLS) connection.
    pub connect_timeout: Duration,
}

impl Default for CallLimits {
    fn default() -> Self {
        Self {
            attempts: 3,
            // A 1 MB Scan page from a busy table (or a local emulator on a
            // loaded machine) can take seconds: generous per attempt, and
            // still a bounded wait in all.
            attempt_timeout: Duration::from_secs(30),
            deadline: Duration::from_secs(90),
            connect_timeout: Duration::from_secs(5),
        }
    }
}

/// The region shown when none is configured anywhere.
const NO_REGION: &str = "(no region)";

/// Static credentials for a local AWS-protocol server (moto, LocalStack).
/// Never use real keys here: they would sit in memory in plain text for the
/// whole session.
#[doc(hidden)]
#[derive(Clone)]
pub struct StaticKeys {
    pub access_key_id: String,
    pub secret_access_key: String,
}

/// The SDK clients behind the backend, one per service.
pub struct AwsBackend {
    dynamodb: aws_sdk_dynamodb::Client,
    backup: aws_sdk_backup::Client,
    sts: aws_sdk_sts::Client,
    iam: aws_sdk_iam::Client,
    /// Reads exports' files; path-style addressing when an endpoint is set
    /// (moto, LocalStack), since `bucket.localhost` does not resolve.
    s3: aws_sdk_s3::Client,
    info: BackendInfo,
    /// The recovery timeline's metrics; `None` for a backend built from
    /// mocked clients that did not add one (`with_cloudwatch`).
    cloudwatch: Option<aws_sdk_cloudwatch::Client>,
    /// `region eu-west-1 at http://…`, for error messages.
    target: String,
}

/// Builds the clients from the standard chain with `opts` applied to every
/// one of them. Never fails for want of credentials: the chain is resolved
/// lazily, so a missing login shows up as `BackendError::Credentials` on the
/// first call and the console can still start and say what is wrong.
pub async fn connect(opts: AwsOptions) -> Result<AwsBackend, BackendError> {
    connect_with(opts, None).await
}

/// `connect` with fixed credentials instead of the chain (tests against moto).
#[doc(hidden)]
pub async fn connect_with_static_keys(
    opts: AwsOptions,
    keys: StaticKeys,
) -> Result<AwsBackend, BackendError> {
    connect_with(opts, Some(keys)).await
}

async fn connect_with(
    opts: AwsOptions,
    keys: Option<StaticKeys>,
) -> Result<AwsBackend, BackendError> {
    if let Some(url) = &opts.endpoint_url {
        validate::endpoint(url)?;
    }
    if let Some(region) = &opts.region {
        validate::region(region, opts.endpoint_url.is_some())?;
    }
    let limits = opts.limits;
    let mut loader = aws_config::defaults(BehaviorVersion::latest())
        .retry_config(RetryConfig::adaptive().with_max_attempts(limits.attempts.max(1)))
        .timeout_config(
            TimeoutConfig::builder()
                .connect_timeout(limits.connect_timeout)
                .operation_attempt_timeout(limits.attempt_timeout)
                .operation_timeout(limits.deadline)
                .build(),
        );
    if let Some(profile) = &opts.profile {
        loader = loader.profile_name(profile);
    }
    if let Some(region) = &opts.region {
        loader = loader.region(aws_config::Region::new(region.clone()));
    }
    if let Some(url) = &opts.endpoint_url {
        loader = loader.endpoint_url(url);
    }
    if let Some(keys) = keys {
        loader = loader.credentials_provider(Credentials::new(
            keys.access_key_id,
            keys.secret_access_key,
            None,
            None,
            "dynamo-dr-static",
        ));
    }
    let config = loader.load().await;
    let region = config
        .region()
        .map(|r| r.to_string())
        .unwrap_or_else(|| NO_REGION.to_owned());
    tracing::info!(
        region = %region,
        endpoint = ?opts.endpoint_url,
        profile = ?opts.profile,
        "AWS backend configured"
    );
    // Every client counts its attempts, for the messages of failed calls.
    macro_rules! counting {
        ($sdk:ident) => {
            $sdk::Client::from_conf(
                $sdk::config::Builder::from(&config)
                    .interceptor(attempts::CountAttempts)
                    .build(),
            )
        };
    }
    let s3 = aws_sdk_s3::Client::from_conf(
        aws_sdk_s3::config::Builder::from(&config)
            .force_path_style(opts.endpoint_url.is_some())
            .interceptor(attempts::CountAttempts)
            .build(),
    );
    let cloudwatch = counting!(aws_sdk_cloudwatch);
    Ok(AwsBackend::from_clients(
        counting!(aws_sdk_dynamodb),
        counting!(aws_sdk_backup),
        counting!(aws_sdk_sts),
        counting!(aws_sdk_iam),
        BackendInfo {
            kind: BackendKind::Aws,
            region,
            endpoint: opts.endpoint_url,
            profile: opts.profile,
        },
    )
    .with_s3(s3)
    .with_cloudwatch(cloudwatch))
}

impl AwsBackend {
    /// A backend over pre-built clients (tests with `aws-smithy-mocks`).
    #[doc(hidden)]
    pub fn from_clients(
        dynamodb: aws_sdk_dynamodb::Client,
        backup: aws_sdk_backup::Client,
        sts: aws_sdk_sts::Client,
        iam: aws_sdk_iam::Client,
        info: BackendInfo,
    ) -> Self {
        let target = match &info.endpoint {
            Some(url) => format!("region {} at {url}", info.region),
            None => format!("region {}", info.region),
        };
        // An S3 client that is never configured to reach anything: a
        // backend built from mocks reads no exports unless given one.
        let s3 = aws_sdk_s3::Client::from_conf(
            aws_sdk_s3::Config::builder()
                .behavior_version(BehaviorVersion::latest())
                .region(aws_config::Region::new(info.region.clone()))
                .build(),
        );
        Self {
            dynamodb,
            backup,
            sts,
            iam,
            s3,
            info,
            cloudwatch: None,
            target,
        }
    }

    /// The same backend reading S3 through `s3` (tests with mocks).
    #[doc(hidden)]
    pub fn with_s3(mut self, s3: aws_sdk_s3::Client) -> Self {
        self.s3 = s3;
        self
    }

    /// The CloudWatch client the recovery timeline reads metrics with.
    #[doc(hidden)]
    pub fn with_cloudwatch(mut self, client: aws_sdk_cloudwatch::Client) -> Self {
        self.cloudwatch = Some(client);
        self
    }

    /// The context of one SDK call, for error mapping.
    fn call(&self, action: &'static str, subject: impl Into<String>) -> Call<'_> {
        Call {
            action,
            subject: subject.into(),
            target: &self.target,
            profile: self.info.profile.as_deref(),
            no_region: self.info.region == NO_REGION,
        }
    }
}
