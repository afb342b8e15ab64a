//! The project's own vocabulary. Nothing here knows about the AWS SDK: the
//! `aws` backend converts SDK output into these types at its border.

mod activity;
mod arn;
mod backup;
mod backup_plan;
pub mod canonical;
mod cron;
mod digest;
mod export;
mod identity;
mod item;
mod item_write;
mod job;
mod lifecycle_days;
mod name;
mod pitr;
pub mod plural;
mod printable;
mod recovery_point;
mod region;
mod restorable;
mod s3;
mod scheduled;
mod settings;
mod table;
pub mod time;
mod vault_arn;
pub mod window;

pub use activity::{ActivityQuery, MAX_PERIODS, Metric, TableActivity};
pub use arn::{BackupArn, RecoveryPointArn};
pub use backup::{Backup, BackupStatus, BackupType};
pub use backup_plan::{
    BackupPlan, CopyAction, CoveredBy, PlanRule, Selection, TagCondition, TagTest, glob,
    template_rules,
};
pub use cron::{Cron, CronError};
pub use digest::{ItemHasher, TableDigest};
pub use export::{
    Compression, Export, ExportKind, ExportRequest, ExportStatus, INCREMENTAL_MAX, INCREMENTAL_MIN,
    Import, ImportRequest, ImportStatus, ImportTableSpec, IndexSpec, KeyType, Projection,
    TableShape, check_incremental,
};
pub use identity::{CallerIdentity, DeletePermission, LockMode, VaultInfo, VaultLock};
pub use item::{AttrValue, Item, KeyDisplay, KeySchema};
pub use item_write::{CondWrite, Expect, ItemChange, WriteOutcome};
pub use job::{CopyRoute, Job, JobKind, JobStatus};
pub use lifecycle_days::{LifecycleDays, LifecycleError, MAX_DAYS, MIN_COLD_DAYS};
pub use name::{NameError, TableName, TempKind, table_of_arn, temp_name, temp_origin};
pub use pitr::{PitrStatus, PitrTarget, PitrWindow};
pub use printable::{Printable, is_hostile, printable};
pub use recovery_point::{Lifecycle, MadeBy, RecoveryPoint, RecoveryPointStatus, StorageClass};
pub use region::{Region, is_region};
pub use restorable::{CopyKind, NewestCopy, newest_copy};
pub use s3::{S3Error, S3Location, S3Object, check_bucket};
pub use scheduled::{is_scheduled_of, scheduled_name, split_scheduled};
pub use settings::{
    Encryption, STANDARD_CLASS, Setting, SettingChange, SettingDiff, TableSettings, Throughput,
    changes_to_reapply, setting_diffs,
};
pub use table::{BillingMode, Table, TableStatus};
pub use vault_arn::{VaultArn, VaultArnError};
