//! Operations 2 (AWS Backup restore in place) and 5 (restore a recovery point
//! into a new table) end to end over the real `AwsBackend`, with
//! `aws-smithy-mocks` answering every SDK call: moto has no AWS Backup
//! recovery points or restore jobs. The rules share one fake account that
//! moves like AWS does (a backup is CREATING before AVAILABLE, a deleted
//! table is DELETING before it is gone, a restore job goes PENDING → RUNNING
//! with a percent → COMPLETED, then the table is CREATING before ACTIVE), and
//! log every call, so the tests assert the exact requests and their order.
//! Any call without a rule panics (the mocks' `must_match`).

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod play;

use std::collections::BTreeMap;
use std::sync::{Arc, Mutex, MutexGuard};

use aws_sdk_backup::operation::describe_restore_job::DescribeRestoreJobOutput;
use aws_sdk_backup::operation::list_recovery_points_by_backup_vault::ListRecoveryPointsByBackupVaultOutput;
use aws_sdk_backup::operation::start_restore_job::{StartRestoreJobInput, StartRestoreJobOutput};
use aws_sdk_backup::types::{
    CalculatedLifecycle, RecoveryPointByBackupVault, RecoveryPointStatus as SdkPointStatus,
    RestoreJobStatus,
};
use aws_sdk_dynamodb::operation::create_backup::CreateBackupOutput;
use aws_sdk_dynamodb::operation::delete_backup::{DeleteBackupError, DeleteBackupOutput};
use aws_sdk_dynamodb::operation::delete_table::{DeleteTableError, DeleteTableOutput};
use aws_sdk_dynamodb::operation::describe_backup::{DescribeBackupError, DescribeBackupOutput};
use aws_sdk_dynamodb::operation::describe_continuous_backups::DescribeContinuousBackupsOutput;
use aws_sdk_dynamodb::operation::describe_table::{DescribeTableError, DescribeTableOutput};
use aws_sdk_dynamodb::operation::describe_time_to_live::DescribeTimeToLiveOutput;
use aws_sdk_dynamodb::operation::list_tags_of_resource::ListTagsOfResourceOutput;
use aws_sdk_dynamodb::operation::tag_resource::TagResourceOutput;
use aws_sdk_dynamodb::operation::update_continuous_backups::UpdateContinuousBackupsOutput;
use aws_sdk_dynamodb::operation::update_table::{UpdateTableError, UpdateTableOutput};
use aws_sdk_dynamodb::operation::update_time_to_live::UpdateTimeToLiveOutput;
use aws_sdk_dynamodb::types::{
    BackupDescription, BackupDetails, BackupStatus as SdkBackupStatus, BackupType,
    ContinuousBackupsDescription, ContinuousBackupsStatus, PointInTimeRecoveryDescription,
    PointInTimeRecoveryStatus, SseDescription, SseStatus, SseType, StreamSpecification,
    StreamViewType, TableClass, TableClassSummary, TableDescription, TableStatus as SdkTableStatus,
    Tag, TimeToLiveDescription, TimeToLiveStatus,
};
use aws_smithy_mocks::{MockResponse, Rule, RuleMode, mock, mock_client};
use aws_smithy_types::DateTime as SdkTime;
use aws_smithy_types::error::ErrorMetadata;
use chrono::{Duration, Utc};
use dynamo_dr::aws::AwsBackend;
use dynamo_dr::backend::{Backend, BackendInfo, BackendKind};
use dynamo_dr::domain::{TableName, TempKind};
use dynamo_dr::workflow::{
    CleanupKind, Operation, Outcome, Question, RunContext, StepAction, StepStatus, temporary_name,
};
use play::{Cleanup, Played, play};

const ACCOUNT: &str = "111122223333";
const REGION: &str = "eu-west-1";
const VAULT: &str = "dr-vault";
const ROLE: &str = "arn:aws:iam::111122223333:role/dr-backup-role";
const RP: &str = "arn:aws:backup:eu-west-1:111122223333:recovery-point:aaaa-1111";
const JOB: &str = "restore-job-42";
/// The recovery period the table had before the run.
const PITR_DAYS: i32 = 9;
const ITEMS: i64 = 1_234;
/// The table's customer managed key, which an AWS Backup restore does not
/// keep unless asked to (the mock restores with the AWS owned key).
const KEY: &str = "arn:aws:kms:eu-west-1:111122223333:key/7f1c-mock";
const IA: &str = "STANDARD_INFREQUENT_ACCESS";

/// What the table is set up with before the run, and what a restore drops.
#[derive(Debug, Clone, PartialEq)]
struct Settings {
    tags: BTreeMap<String, String>,
    ttl: Option<String>,
    stream: Option<String>,
    kms_key: Option<String>,
    class: String,
}

impl Settings {
    fn configured() -> Self {
        Self {
            tags: [("team", "checkout"), ("env", "prod")]
                .into_iter()
                .map(|(k, v)| (k.to_owned(), v.to_owned()))
                .collect(),
            ttl: Some("expiresAt".to_owned()),
            stream: Some("NEW_IMAGE".to_owned()),
            kms_key: Some(KEY.to_owned()),
            class: IA.to_owned(),
        }
    }

    fn restored() -> Self {
        Self {
            tags: BTreeMap::new(),
            ttl: None,
            stream: None,
            kms_key: None,
            class: "STANDARD".to_owned(),
        }
    }
}

fn table_arn(table: &str) -> String {
    format!("arn:aws:dynamodb:{REGION}:{ACCOUNT}:table/{table}")
}

fn ctx() -> RunContext {
    play::context(VAULT, ROLE)
}

fn now() -> SdkTime {
    SdkTime::from_secs(Utc::now().timestamp())
}

fn error_meta(code: &str, message: &str) -> ErrorMetadata {
    ErrorMetadata::builder()
        .code(code)
        .message(message)
        .custom("aws_request_id", "REQ-MOCK")
        .build()
}

/// Where the table is in its life, as DescribeTable reports it.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Phase {
    Active,
    /// DELETING for this many more DescribeTable calls, then gone.
    Deleting(u32),
    Gone,
    /// CREATING for this many more DescribeTable calls, then ACTIVE.
    Creating(u32),
}

#[derive(Debug)]
struct FakeBackup {
    arn: String,
    name: String,
    /// DescribeBackup answers CREATING this many more times.
    creating: u32,
}

/// One account with one table, its backups and one restore job.
#[derive(Debug)]
struct Account {
    table: String,
    phase: Phase,
    protected: bool,
    /// The point in cold storage (its move-to-cold date has passed).
    cold: bool,
    backups: Vec<FakeBackup>,
    job_polls: usize,
    /// Every call, in order, with what it answered.
    log: Vec<String>,
    start_requests: Vec<StartRestoreJobInput>,
    /// (vault, by resource ARN) of each ListRecoveryPointsByBackupVault.
    list_requests: Vec<(Option<String>, Option<String>)>,
    /// (enabled, period) of each UpdateContinuousBackups.
    pitr_requests: Vec<(bool, Option<i32>)>,
    /// DeletionProtectionEnabled of each UpdateTable.
    protection_requests: Vec<Option<bool>>,
    settings: Settings,
}

type Shared = Arc<Mutex<Account>>;

fn lock(a: &Shared) -> MutexGuard<'_, Account> {
    a.lock().unwrap()
}

impl Account {
    fn new(table: &str, phase: Phase) -> Shared {
        Arc::new(Mutex::new(Self {
            table: table.to_owned(),
            phase,
            protected: phase == Phase::Active,
            cold: false,
            backups: Vec::new(),
            job_polls: 0,
            log: Vec::new(),
            start_requests: Vec::new(),
            list_requests: Vec::new(),
            pitr_requests: Vec::new(),
            protection_requests: Vec::new(),
            settings: Settings::configured(),
        }))
    }

    fn description(&self, status: SdkTableStatus) -> TableDescription {
        TableDescription::builder()
            .table_name(&self.table)
            .table_arn(table_arn(&self.table))
            .table_status(status)
            .item_count(ITEMS)
            .deletion_protection_enabled(self.protected)
            .creation_date_time(now())
            .set_stream_specification(self.settings.stream.as_deref().map(|v| {
                StreamSpecification::builder()
                    .stream_enabled(true)
                    .stream_view_type(StreamViewType::from(v))
                    .build()
                    .unwrap()
            }))
            .set_sse_description(self.settings.kms_key.as_deref().map(|k| {
                SseDescription::builder()
                    .status(SseStatus::Enabled)
                    .sse_type(SseType::Kms)
                    .kms_master_key_arn(k)
                    .build()
            }))
            .table_class_summary(
                TableClassSummary::builder()
                    .table_class(TableClass::from(self.settings.class.as_str()))
                    .build(),
            )
            .build()
    }

    fn backup_details(&self, b: &FakeBackup, status: SdkBackupStatus) -> BackupDetails {
        BackupDetails::builder()
            .backup_arn(&b.arn)
            .backup_name(&b.name)
            .backup_status(status)
            .backup_type(BackupType::User)
            .backup_creation_date_time(now())
            .build()
            .unwrap()
    }

    fn log(&mut self, entry: String) {
        self.log.push(entry);
    }
}

fn pitr_description(enabled: bool, days: Option<i32>) -> ContinuousBackupsDescription {
    let now = Utc::now();
    let status = if enabled {
        PointInTimeRecoveryStatus::Enabled
    } else {
        PointInTimeRecoveryStatus::Disabled
    };
    let mut p = PointInTimeRecoveryDescription::builder().point_in_time_recovery_status(status);
    if enabled {
        p = p
            .set_recovery_period_in_days(days)
            .earliest_restorable_date_time(SdkTime::from_secs(
                (now - Duration::days(i64::from(days.unwrap_or(35)))).timestamp(),
            ))
            .latest_restorable_date_time(SdkTime::from_secs(
                (now - Duration::minutes(5)).timestamp(),
            ));
    }
    ContinuousBackupsDescription::builder()
        .continuous_backups_status(ContinuousBackupsStatus::Enabled)
        .point_in_time_recovery_description(p.build())
        .build()
        .unwrap()
}

/// The DynamoDB rules over the shared account.
fn dynamodb_rules(a: &Shared) -> Vec<Rule> {
    let acc = a.clone();
    let describe_table =
        mock!(aws_sdk_dynamodb::Client::describe_table).then_compute_response(move |r| {
            let mut a = lock(&acc);
            assert_eq!(
                r.table_name(),
                Some(a.table.as_str()),
                "DescribeTable of another table"
            );
            let (answer, status) = match a.phase {
                Phase::Active => (Some(SdkTableStatus::Active), "ACTIVE"),
                Phase::Deleting(0) | Phase::Gone => {
                    a.phase = Phase::Gone;
                    (None, "not found")
                }
                Phase::Deleting(n) => {
                    a.phase = Phase::Deleting(n - 1);
                    (Some(SdkTableStatus::Deleting), "DELETING")
                }
                Phase::Creating(0) => {
                    a.phase = Phase::Active;
                    (Some(SdkTableStatus::Active), "ACTIVE")
                }
                Phase::Creating(n) => {
                    a.phase = Phase::Creating(n - 1);
                    (Some(SdkTableStatus::Creating), "CREATING")
                }
            };
            a.log(format!("DescribeTable → {status}"));
            match answer {
                Some(status) => MockResponse::Output(
                    DescribeTableOutput::builder()
                        .table(a.description(status))
                        .build(),
                ),
                None => MockResponse::Error(DescribeTableError::generic(error_meta(
                    "ResourceNotFoundException",
                    "Requested resource not found",
                ))),
            }
        });
    let acc = a.clone();
    let describe_pitr = mock!(aws_sdk_dynamodb::Client::describe_continuous_backups)
        .then_compute_output(move |r| {
            let mut a = lock(&acc);
            assert_eq!(r.table_name(), Some(a.table.as_str()));
            a.log("DescribeContinuousBackups".to_owned());
            DescribeContinuousBackupsOutput::builder()
                .continuous_backups_description(pitr_description(true, Some(PITR_DAYS)))
                .build()
        });
    let acc = a.clone();
    let create_backup =
        mock!(aws_sdk_dynamodb::Client::create_backup).then_compute_output(move |r| {
            let mut a = lock(&acc);
            assert_eq!(r.table_name(), Some(a.table.as_str()));
            assert_eq!(
                a.phase,
                Phase::Active,
                "CreateBackup of a table that is not ACTIVE"
            );
            let b = FakeBackup {
                arn: format!(
                    "{}/backup/0170000000000{}-abcdef",
                    table_arn(&a.table),
                    a.backups.len()
                ),
                name: r.backup_name().unwrap().to_owned(),
                creating: 2,
            };
            let details = a.backup_details(&b, SdkBackupStatus::Creating);
            a.log(format!("CreateBackup {} → CREATING", b.name));
            a.backups.push(b);
            CreateBackupOutput::builder()
                .backup_details(details)
                .build()
        });
    let acc = a.clone();
    let describe_backup =
        mock!(aws_sdk_dynamodb::Client::describe_backup).then_compute_response(move |r| {
            let mut a = lock(&acc);
            let arn = r.backup_arn().unwrap();
            let Some(i) = a.backups.iter().position(|b| b.arn == arn) else {
                a.log(format!("DescribeBackup {arn} → not found"));
                return MockResponse::Error(DescribeBackupError::generic(error_meta(
                    "BackupNotFoundException",
                    "Backup not found",
                )));
            };
            let status = if a.backups[i].creating > 0 {
                a.backups[i].creating -= 1;
                SdkBackupStatus::Creating
            } else {
                SdkBackupStatus::Available
            };
            a.log(format!("DescribeBackup {arn} → {}", status.as_str()));
            let details = a.backup_details(&a.backups[i], status);
            MockResponse::Output(
                DescribeBackupOutput::builder()
                    .backup_description(
                        BackupDescription::builder().backup_details(details).build(),
                    )
                    .build(),
            )
        });
    let acc = a.clone();
    let delete_backup =
        mock!(aws_sdk_dynamodb::Client::delete_backup).then_compute_response(move |r| {
            let mut a = lock(&acc);
            let arn = r.backup_arn().unwrap();
            let Some(i) = a.backups.iter().position(|b| b.arn == arn) else {
                return MockResponse::Error(DeleteBackupError::generic(error_meta(
                    "BackupNotFoundException",
                    "Backup not found",
                )));
            };
            let b = a.backups.remove(i);
            a.log(format!("DeleteBackup {arn}"));
            let details = a.backup_details(&b, SdkBackupStatus::Deleted);
            MockResponse::Output(
                DeleteBackupOutput::builder()
                    .backup_description(
                        BackupDescription::builder().backup_details(details).build(),
                    )
                    .build(),
            )
        });
    let acc = a.clone();
    let update_table =
        mock!(aws_sdk_dynamodb::Client::update_table).then_compute_response(move |r| {
            let mut a = lock(&acc);
            assert_eq!(r.table_name(), Some(a.table.as_str()));
            a.protection_requests.push(r.deletion_protection_enabled());
            if a.phase != Phase::Active {
                return MockResponse::Error(UpdateTableError::generic(error_meta(
                    "ResourceNotFoundException",
                    "Requested resource not found",
                )));
            }
            let entry = if let Some(spec) = r.stream_specification() {
                a.settings.stream = spec
                    .stream_enabled()
                    .then(|| spec.stream_view_type().map(|v| v.as_str().to_owned()))
                    .flatten();
                format!("UpdateTable stream={:?}", a.settings.stream)
            } else if let Some(sse) = r.sse_specification() {
                assert_eq!(sse.sse_type(), Some(&SseType::Kms));
                a.settings.kms_key = sse.kms_master_key_id().map(str::to_owned);
                format!("UpdateTable sse={:?}", a.settings.kms_key)
            } else if let Some(class) = r.table_class() {
                a.settings.class = class.as_str().to_owned();
                format!("UpdateTable class={}", a.settings.class)
            } else {
                if let Some(on) = r.deletion_protection_enabled() {
                    a.protected = on;
                }
                format!("UpdateTable protection={}", a.protected)
            };
            a.log(entry);
            MockResponse::Output(
                UpdateTableOutput::builder()
                    .table_description(a.description(SdkTableStatus::Active))
                    .build(),
            )
        });
    let acc = a.clone();
    let delete_table =
        mock!(aws_sdk_dynamodb::Client::delete_table).then_compute_response(move |r| {
            let mut a = lock(&acc);
            assert_eq!(r.table_name(), Some(a.table.as_str()));
            if a.protected {
                a.log("DeleteTable → refused (protected)".to_owned());
                return MockResponse::Error(DeleteTableError::generic(error_meta(
                    "ValidationException",
                    "Resource cannot be deleted as it is currently protected against deletion. Disable deletion protection first.",
                )));
            }
            a.log("DeleteTable".to_owned());
            a.phase = Phase::Deleting(2);
            MockResponse::Output(
                DeleteTableOutput::builder()
                    .table_description(a.description(SdkTableStatus::Deleting))
                    .build(),
            )
        });
    let acc = a.clone();
    let update_pitr = mock!(aws_sdk_dynamodb::Client::update_continuous_backups)
        .then_compute_output(move |r| {
            let mut a = lock(&acc);
            assert_eq!(r.table_name(), Some(a.table.as_str()));
            let spec = r.point_in_time_recovery_specification().unwrap();
            let (on, days) = (
                spec.point_in_time_recovery_enabled(),
                spec.recovery_period_in_days(),
            );
            a.pitr_requests.push((on, days));
            a.log(format!("UpdateContinuousBackups {on} {days:?}"));
            UpdateContinuousBackupsOutput::builder()
                .continuous_backups_description(pitr_description(on, days))
                .build()
        });
    let mut rules = vec![
        describe_table,
        describe_pitr,
        create_backup,
        describe_backup,
        delete_backup,
        update_table,
        delete_table,
        update_pitr,
    ];
    rules.extend(settings_rules(a));
    rules
}

/// Tags and TTL over the shared account.
fn settings_rules(a: &Shared) -> Vec<Rule> {
    let acc = a.clone();
    let list_tags =
        mock!(aws_sdk_dynamodb::Client::list_tags_of_resource).then_compute_output(move |r| {
            let mut a = lock(&acc);
            assert_eq!(r.resource_arn(), Some(table_arn(&a.table).as_str()));
            a.log("ListTagsOfResource".to_owned());
            let mut out = ListTagsOfResourceOutput::builder();
            for (k, v) in &a.settings.tags {
                out = out.tags(Tag::builder().key(k).value(v).build().unwrap());
            }
            // AWS's own tags are listed too, and must be left alone.
            out.tags(
                Tag::builder()
                    .key("aws:backup:source-resource")
                    .value("x")
                    .build()
                    .unwrap(),
            )
            .build()
        });
    let acc = a.clone();
    let tag = mock!(aws_sdk_dynamodb::Client::tag_resource).then_compute_output(move |r| {
        let mut a = lock(&acc);
        assert_eq!(r.resource_arn(), Some(table_arn(&a.table).as_str()));
        let keys: Vec<&str> = r.tags().iter().map(Tag::key).collect();
        a.log(format!("TagResource {}", keys.join(",")));
        for t in r.tags() {
            a.settings
                .tags
                .insert(t.key().to_owned(), t.value().to_owned());
        }
        TagResourceOutput::builder().build()
    });
    let acc = a.clone();
    let describe_ttl =
        mock!(aws_sdk_dynamodb::Client::describe_time_to_live).then_compute_output(move |r| {
            let mut a = lock(&acc);
            assert_eq!(r.table_name(), Some(a.table.as_str()));
            a.log("DescribeTimeToLive".to_owned());
            let d = match &a.settings.ttl {
                Some(attr) => TimeToLiveDescription::builder()
                    .time_to_live_status(TimeToLiveStatus::Enabled)
                    .attribute_name(attr),
                None => {
                    TimeToLiveDescription::builder().time_to_live_status(TimeToLiveStatus::Disabled)
                }
            };
            DescribeTimeToLiveOutput::builder()
                .time_to_live_description(d.build())
                .build()
        });
    let acc = a.clone();
    let update_ttl =
        mock!(aws_sdk_dynamodb::Client::update_time_to_live).then_compute_output(move |r| {
            let mut a = lock(&acc);
            let spec = r.time_to_live_specification().unwrap();
            assert!(a.settings.ttl.is_none(), "TTL turned on twice");
            a.log(format!(
                "UpdateTimeToLive {} {}",
                spec.attribute_name(),
                spec.enabled()
            ));
            a.settings.ttl = spec.enabled().then(|| spec.attribute_name().to_owned());
            UpdateTimeToLiveOutput::builder()
                .time_to_live_specification(spec.clone())
                .build()
        });
    vec![list_tags, tag, describe_ttl, update_ttl]
}

/// The restore job's answers, poll by poll; the last one repeats.
const JOB_POLLS: [(&str, Option<&str>); 4] = [
    ("PENDING", None),
    ("RUNNING", Some("30.00")),
    ("RUNNING", Some("75.50")),
    ("COMPLETED", Some("100.00")),
];

/// The AWS Backup rules over the shared account.
fn backup_rules(a: &Shared) -> Vec<Rule> {
    let acc = a.clone();
    let list_points = mock!(aws_sdk_backup::Client::list_recovery_points_by_backup_vault)
        .then_compute_output(move |r| {
            let mut a = lock(&acc);
            a.list_requests.push((
                r.backup_vault_name().map(str::to_owned),
                r.by_resource_arn().map(str::to_owned),
            ));
            a.log("ListRecoveryPointsByBackupVault".to_owned());
            let cold_at = if a.cold {
                Utc::now() - Duration::days(20)
            } else {
                Utc::now() + Duration::days(5)
            };
            let point = |arn: &str| {
                RecoveryPointByBackupVault::builder()
                    .recovery_point_arn(arn)
                    .backup_vault_name(VAULT)
                    .resource_arn(table_arn("orders"))
                    .resource_type("DynamoDB")
                    .creation_date(SdkTime::from_secs(
                        (Utc::now() - Duration::days(3)).timestamp(),
                    ))
                    .status(SdkPointStatus::Completed)
                    .calculated_lifecycle(
                        CalculatedLifecycle::builder()
                            .move_to_cold_storage_at(SdkTime::from_secs(cold_at.timestamp()))
                            .build(),
                    )
                    .build()
            };
            ListRecoveryPointsByBackupVaultOutput::builder()
                .recovery_points(point(
                    "arn:aws:backup:eu-west-1:111122223333:recovery-point:older-0000",
                ))
                .recovery_points(point(RP))
                .build()
        });
    let acc = a.clone();
    let start = mock!(aws_sdk_backup::Client::start_restore_job).then_compute_output(move |r| {
        let mut a = lock(&acc);
        assert_eq!(
            a.phase,
            Phase::Gone,
            "StartRestoreJob onto a table that exists"
        );
        a.start_requests.push(r.clone());
        a.log("StartRestoreJob".to_owned());
        StartRestoreJobOutput::builder().restore_job_id(JOB).build()
    });
    let acc = a.clone();
    let describe_job =
        mock!(aws_sdk_backup::Client::describe_restore_job).then_compute_output(move |r| {
            let mut a = lock(&acc);
            assert_eq!(r.restore_job_id(), Some(JOB));
            assert_eq!(
                a.start_requests.len(),
                1,
                "DescribeRestoreJob before StartRestoreJob"
            );
            let (status, percent) = JOB_POLLS[a.job_polls.min(JOB_POLLS.len() - 1)];
            a.job_polls += 1;
            if status == "COMPLETED" && a.phase == Phase::Gone {
                a.phase = Phase::Creating(2);
                a.settings = Settings::restored();
            }
            a.log(format!("DescribeRestoreJob → {status} {percent:?}"));
            DescribeRestoreJobOutput::builder()
                .restore_job_id(JOB)
                .recovery_point_arn(RP)
                .status(RestoreJobStatus::from(status))
                .set_percent_done(percent.map(str::to_owned))
                .created_resource_arn(table_arn(&a.table))
                .creation_date(now())
                .build()
        });
    vec![list_points, start, describe_job]
}

fn backend(a: &Shared) -> Arc<dyn Backend> {
    let ddb = dynamodb_rules(a);
    let backup = backup_rules(a);
    let none: [&Rule; 0] = [];
    Arc::new(AwsBackend::from_clients(
        mock_client!(aws_sdk_dynamodb, RuleMode::MatchAny, &ddb),
        mock_client!(aws_sdk_backup, RuleMode::MatchAny, &backup),
        mock_client!(aws_sdk_sts, none),
        aws_sdk_iam::Client::from_conf(
            aws_sdk_iam::Config::builder()
                .behavior_version(aws_sdk_iam::config::BehaviorVersion::latest())
                .region(aws_sdk_iam::config::Region::new("us-east-1"))
                .build(),
        ),
        BackendInfo {
            kind: BackendKind::Aws,
            region: REGION.to_owned(),
            endpoint: None,
            profile: None,
        },
    ))
}

/// Index of the first log entry matching `pred`.
fn first(log: &[String], pred: impl Fn(&str) -> bool) -> usize {
    log.iter()
        .position(|e| pred(e))
        .unwrap_or_else(|| panic!("no such call in {log:#?}"))
}

/// The StartRestoreJob request carries the configured role, the type and
/// only the target table's name.
fn assert_restore_request(a: &Account, target: &str) {
    assert_eq!(a.start_requests.len(), 1, "{:#?}", a.log);
    let req = &a.start_requests[0];
    assert_eq!(req.recovery_point_arn(), Some(RP));
    assert_eq!(req.iam_role_arn(), Some(ROLE));
    assert_eq!(req.iam_role_arn(), Some(ctx().backup_role_arn.as_str()));
    assert_eq!(req.resource_type(), Some("DynamoDB"));
    let metadata = req.metadata().expect("restore metadata");
    assert_eq!(
        metadata.get("targetTableName").map(String::as_str),
        Some(target)
    );
    assert_eq!(metadata.len(), 1, "{metadata:?}");
}

/// The restore step showed the job's percent while it ran.
fn assert_job_progress(played: &Played) {
    let step = played
        .steps
        .iter()
        .position(|s| matches!(s.action, StepAction::RestoreFromRecoveryPoint { .. }))
        .expect("a restore step");
    let progress: Vec<Option<f64>> = played
        .running
        .iter()
        .filter(|(i, _, _)| *i == step)
        .map(|(_, p, _)| *p)
        .collect();
    assert!(progress.contains(&Some(30.0)), "{:?}", played.running);
    assert!(progress.contains(&Some(75.5)), "{:?}", played.running);
    let details: Vec<&str> = played
        .running
        .iter()
        .filter(|(i, _, _)| *i == step)
        .filter_map(|(_, _, d)| d.as_deref())
        .collect();
    assert!(details.contains(&"job Running"), "{details:?}");
    assert!(details.contains(&"CREATING"), "{details:?}");
    match &played.statuses[step] {
        StepStatus::Done { detail, .. } => {
            let detail = detail.as_deref().unwrap_or_default();
            assert!(detail.contains(JOB), "{detail}");
            // The count in full, thousands separated, as the console shows it.
            let items = dynamo_dr::domain::time::full_count(ITEMS as u64);
            assert!(detail.contains(&format!("{items} items")), "{detail}");
        }
        other => panic!("restore step is {other:?}"),
    }
}

#[tokio::test]
async fn op2_aws_backup_in_place_backs_up_deletes_restores_and_cleans_up() {
    let a = Account::new("orders", Phase::Active);
    let played = play(
        backend(&a),
        Operation::AwsBackupInPlace {
            table: TableName::parse("orders").unwrap(),
            recovery_point_arn: RP.to_owned().into(),
            cold: false,
        },
        ctx(),
        Cleanup::DeleteAll,
    )
    .await;
    let a = lock(&a);

    assert_eq!(
        played.outcome,
        Outcome::Completed { remaining: vec![] },
        "{:#?}",
        a.log
    );
    // 9 planned steps, one re-apply step per setting the restore dropped
    // (tags, TTL, stream, encryption, table class) and the deletion of the
    // --orig backup chosen in review.
    assert_eq!(played.plan.steps.len(), 9);
    assert_eq!(played.steps.len(), 15);
    played.assert_all_done();
    assert_eq!(played.questions.len(), 3, "{:?}", played.questions);
    assert!(matches!(
        &played.questions[0],
        Question::RemoveDeletionProtection { table, .. } if table == "orders"
    ));
    assert!(matches!(
        &played.questions[1],
        Question::TypeTableName { table, mistyped: None } if table == "orders"
    ));
    let orig = temporary_name(
        &TableName::parse("orders").unwrap(),
        TempKind::Orig,
        played.plan.stamp,
    )
    .to_string();
    let review = &played.reviews[0];
    assert_eq!(review.len(), 1, "{review:?}");
    assert_eq!(review[0].kind, CleanupKind::OriginalBackup);
    assert_eq!(review[0].name, orig);
    assert!(review[0].deletable);

    // The preflight read the points of the configured vault.
    assert_eq!(a.list_requests, [(Some(VAULT.to_owned()), None)]);
    assert_restore_request(&a, "orders");
    assert_job_progress(&played);

    // DeleteTable only once the fallback backup was seen AVAILABLE, and
    // only after deletion protection was removed.
    let log = &a.log;
    let backup_arn = &review[0].id;
    let created = first(log, |e| e == format!("CreateBackup {orig} → CREATING"));
    let waited = first(log, |e| {
        e == format!("DescribeBackup {backup_arn} → CREATING")
    });
    let available = first(log, |e| {
        e == format!("DescribeBackup {backup_arn} → AVAILABLE")
    });
    let unprotected = first(log, |e| e == "UpdateTable protection=false");
    let deleted = first(log, |e| e == "DeleteTable");
    let started = first(log, |e| e == "StartRestoreJob");
    let gone = first(log, |e| e == "DescribeTable → not found");
    assert!(created < waited && waited < available, "{log:#?}");
    assert!(available < deleted && unprotected < deleted, "{log:#?}");
    // And the backup was checked again right before the delete.
    let last_check = log[..deleted]
        .iter()
        .rposition(|e| e.starts_with("DescribeBackup"))
        .unwrap();
    assert_eq!(
        log[last_check],
        format!("DescribeBackup {backup_arn} → AVAILABLE"),
        "{log:#?}"
    );
    assert!(deleted < gone && gone < started, "{log:#?}");
    assert_eq!(
        log.iter().filter(|e| e.starts_with("DeleteTable")).count(),
        1,
        "{log:#?}"
    );

    // Settings back as they were: PITR with the period it had, protection on.
    assert_eq!(a.pitr_requests, [(true, Some(PITR_DAYS))]);
    assert_eq!(
        a.protection_requests,
        [Some(false), None, None, None, Some(true)]
    );
    // …and every setting the restore dropped, re-applied once, over the wire.
    assert_eq!(a.settings, Settings::configured());
    for call in [
        "TagResource env,team".to_owned(),
        "UpdateTimeToLive expiresAt true".to_owned(),
        "UpdateTable stream=Some(\"NEW_IMAGE\")".to_owned(),
        format!("UpdateTable sse=Some(\"{KEY}\")"),
        format!("UpdateTable class={IA}"),
    ] {
        assert_eq!(
            log.iter().filter(|e| **e == call).count(),
            1,
            "{call}: {log:#?}"
        );
        let completed = first(log, |e| e.starts_with("DescribeRestoreJob → COMPLETED"));
        assert!(completed < first(log, |e| e == call), "{log:#?}");
    }
    let restored = first(log, |e| e.starts_with("DescribeRestoreJob → COMPLETED"));
    let pitr = first(log, |e| e.starts_with("UpdateContinuousBackups"));
    let protected = first(log, |e| e == "UpdateTable protection=true");
    assert!(restored < pitr && pitr < protected, "{log:#?}");
    assert_eq!(a.phase, Phase::Active);
    assert!(a.protected);

    // The review's choice: the --orig backup deleted, after the restore.
    let dropped = first(log, |e| e == format!("DeleteBackup {backup_arn}"));
    assert!(protected < dropped, "{log:#?}");
    assert!(a.backups.is_empty(), "{:?}", a.backups);
}

#[tokio::test]
async fn op2_keeps_the_orig_backup_when_the_review_keeps_it() {
    let a = Account::new("orders", Phase::Active);
    let played = play(
        backend(&a),
        Operation::AwsBackupInPlace {
            table: TableName::parse("orders").unwrap(),
            recovery_point_arn: RP.to_owned().into(),
            cold: false,
        },
        ctx(),
        Cleanup::KeepAll,
    )
    .await;
    let a = lock(&a);

    let orig = temporary_name(
        &TableName::parse("orders").unwrap(),
        TempKind::Orig,
        played.plan.stamp,
    )
    .to_string();
    assert_eq!(
        played.outcome,
        Outcome::Completed {
            remaining: vec![orig.clone()]
        },
        "{:#?}",
        a.log
    );
    // 9 planned and 5 settings re-applied; no deletion step.
    assert_eq!(played.steps.len(), 14);
    played.assert_all_done();
    assert_eq!(a.backups.len(), 1);
    assert_eq!(a.backups[0].name, orig);
    assert!(!a.log.iter().any(|e| e.starts_with("DeleteBackup")));
}

#[tokio::test]
async fn op2_a_cold_point_is_accepted_before_anything_runs() {
    let a = Account::new("orders", Phase::Active);
    lock(&a).cold = true;
    let played = play(
        backend(&a),
        Operation::AwsBackupInPlace {
            table: TableName::parse("orders").unwrap(),
            recovery_point_arn: RP.to_owned().into(),
            cold: false,
        },
        ctx(),
        Cleanup::DeleteAll,
    )
    .await;
    let a = lock(&a);

    assert_eq!(played.outcome, Outcome::Completed { remaining: vec![] });
    // Asked first, before the step that removes deletion protection.
    assert!(
        matches!(
            played.questions.as_slice(),
            [
                Question::ColdRestore { .. },
                Question::RemoveDeletionProtection { .. },
                Question::TypeTableName { .. },
                Question::CleanupReview { .. }
            ]
        ),
        "{:?}",
        played.questions
    );
    played.assert_all_done();
    assert_restore_request(&a, "orders");
}

#[tokio::test]
async fn op5_restore_of_a_recovery_point_creates_the_new_table() {
    let a = Account::new("orders-restored", Phase::Gone);
    let played = play(
        backend(&a),
        Operation::RestoreFromRecoveryPoint {
            new_table: Default::default(),
            recovery_point_arn: RP.to_owned().into(),
            target: TableName::parse("orders-restored").unwrap(),
            cold: false,
        },
        ctx(),
        Cleanup::KeepAll,
    )
    .await;
    let a = lock(&a);

    assert_eq!(
        played.outcome,
        Outcome::Completed { remaining: vec![] },
        "{:#?}",
        a.log
    );
    assert_eq!(played.steps.len(), 1);
    played.assert_all_done();
    assert!(played.questions.is_empty(), "{:?}", played.questions);
    assert_eq!(a.list_requests, [(Some(VAULT.to_owned()), None)]);
    assert_restore_request(&a, "orders-restored");
    assert_job_progress(&played);
    assert_eq!(a.phase, Phase::Active);
    // Nothing else was touched: no backup, no delete, no settings.
    for call in [
        "CreateBackup",
        "DeleteTable",
        "UpdateTable",
        "UpdateContinuousBackups",
        "DeleteBackup",
    ] {
        assert!(
            !a.log.iter().any(|e| e.starts_with(call)),
            "{call} in {:#?}",
            a.log
        );
    }
    // The preflight saw the target absent before the job started.
    let absent = first(&a.log, |e| e == "DescribeTable → not found");
    let started = first(&a.log, |e| e == "StartRestoreJob");
    assert!(absent < started);
}

#[tokio::test]
async fn op5_into_an_existing_table_is_refused_without_starting_a_job() {
    let a = Account::new("orders", Phase::Active);
    let played = play(
        backend(&a),
        Operation::RestoreFromRecoveryPoint {
            new_table: Default::default(),
            recovery_point_arn: RP.to_owned().into(),
            target: TableName::parse("orders").unwrap(),
            cold: false,
        },
        ctx(),
        Cleanup::KeepAll,
    )
    .await;
    let a = lock(&a);

    match &played.outcome {
        Outcome::Refused { reason } => assert!(reason.contains("already exists"), "{reason}"),
        other => panic!("expected a refusal, got {other:?}"),
    }
    assert!(a.start_requests.is_empty(), "{:#?}", a.log);
    assert_eq!(a.log, ["DescribeTable → ACTIVE"]);
}

#[tokio::test]
async fn op5_without_a_role_is_refused_without_starting_a_job() {
    let a = Account::new("orders-restored", Phase::Gone);
    let played = play(
        backend(&a),
        Operation::RestoreFromRecoveryPoint {
            new_table: Default::default(),
            recovery_point_arn: RP.to_owned().into(),
            target: TableName::parse("orders-restored").unwrap(),
            cold: false,
        },
        play::context(VAULT, " "),
        Cleanup::KeepAll,
    )
    .await;
    let a = lock(&a);

    match &played.outcome {
        Outcome::Refused { reason } => assert!(reason.contains("backup role"), "{reason}"),
        other => panic!("expected a refusal, got {other:?}"),
    }
    assert!(a.start_requests.is_empty(), "{:#?}", a.log);
}
