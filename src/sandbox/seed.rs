//! The embedded demo account: realistic tables, backups, leftovers of an
//! earlier recovery and a year of monthly AWS Backup recovery points. Every
//! timestamp is relative to `now` and every number comes from the seed, so the
//! same seed and clock give the same account.

use std::collections::BTreeMap;

use chrono::{DateTime, Duration, Months, Timelike, Utc};

use super::items::{Derived, KEY, Patch, TableData};
use super::world::{
    DroppedSettings, KeptSettings, Phase, SimBackup, SimJob, SimPitr, SimTable, SimVault, World,
};
use crate::domain::{
    AttrValue, Backup, BackupStatus, BackupType, BillingMode, CopyRoute, Encryption, Item, Job,
    JobKind, JobStatus, TableName, TempKind, temp_name,
};

pub const ACCOUNT: &str = "111122223333";
pub const REGION: &str = "ca-central-1";
pub const VAULT: &str = "sandbox-backup-vault";
pub const ROLE: &str = "DynamoDrBackupRole";
pub const RESTORE_POLICY: &str =
    "arn:aws:iam::aws:policy/service-role/AWSBackupServiceRolePolicyForRestores";
pub const BACKUP_POLICY: &str =
    "arn:aws:iam::aws:policy/service-role/AWSBackupServiceRolePolicyForBackup";

pub fn role_arn() -> String {
    format!("arn:aws:iam::{ACCOUNT}:role/{ROLE}")
}

struct Spec {
    name: &'static str,
    items: u64,
    item_bytes: u64,
    billing: BillingMode,
    protected: bool,
    /// PITR period in days, if on.
    pitr: Option<u8>,
    gsis: &'static [&'static str],
    /// In the AWS Backup plan.
    in_plan: bool,
    age_days: i64,
}

fn specs() -> Vec<Spec> {
    let prov = |read, write| BillingMode::Provisioned { read, write };
    vec![
        Spec {
            name: "orders",
            items: 1_250_000,
            item_bytes: 1_800,
            billing: BillingMode::PayPerRequest,
            protected: true,
            pitr: Some(35),
            gsis: &["by-customer", "by-status"],
            in_plan: true,
            age_days: 900,
        },
        Spec {
            name: "customers",
            items: 342_000,
            item_bytes: 2_400,
            billing: prov(50, 25),
            protected: true,
            pitr: Some(35),
            gsis: &["by-email"],
            in_plan: true,
            age_days: 1_100,
        },
        Spec {
            name: "payments",
            items: 2_900_000,
            item_bytes: 900,
            billing: BillingMode::PayPerRequest,
            protected: true,
            pitr: Some(35),
            gsis: &["by-order", "by-settlement-day"],
            in_plan: true,
            age_days: 700,
        },
        Spec {
            name: "ParksAr",
            items: 48_210,
            item_bytes: 3_100,
            billing: BillingMode::PayPerRequest,
            protected: false,
            pitr: Some(7),
            gsis: &[],
            in_plan: true,
            age_days: 600,
        },
        Spec {
            name: "inventory",
            items: 86_400,
            item_bytes: 1_200,
            billing: prov(200, 100),
            protected: true,
            pitr: Some(14),
            gsis: &["by-sku"],
            in_plan: true,
            age_days: 800,
        },
        Spec {
            name: "audit-log",
            items: 41_000_000,
            item_bytes: 600,
            billing: BillingMode::PayPerRequest,
            protected: true,
            pitr: Some(35),
            gsis: &[],
            in_plan: true,
            age_days: 1_300,
        },
        Spec {
            name: "sessions",
            items: 5_600_000,
            item_bytes: 350,
            billing: BillingMode::PayPerRequest,
            protected: false,
            pitr: None,
            gsis: &["by-user"],
            in_plan: false,
            age_days: 400,
        },
        Spec {
            name: "feature-flags",
            items: 212,
            item_bytes: 700,
            billing: prov(5, 5),
            protected: true,
            pitr: None,
            gsis: &[],
            in_plan: true,
            age_days: 500,
        },
        Spec {
            name: "NameCacheAr",
            items: 9_870,
            item_bytes: 400,
            billing: BillingMode::PayPerRequest,
            protected: false,
            pitr: Some(35),
            gsis: &[],
            in_plan: false,
            age_days: 300,
        },
        Spec {
            name: "legacy_reports",
            items: 1_530,
            item_bytes: 12_000,
            billing: prov(10, 1),
            protected: false,
            pitr: None,
            gsis: &[],
            in_plan: false,
            age_days: 2_000,
        },
    ]
}

/// Builds the demo account as of `now`, its tables' item counts multiplied
/// by `item_scale` (1.0: the demo's realistic sizes).
pub fn seeded_world(seed: u64, now: DateTime<Utc>, item_scale: f64) -> World {
    let mut rng = fastrand::Rng::with_seed(seed);
    let mut world = World {
        account: ACCOUNT.to_owned(),
        region: REGION.to_owned(),
        caller_arn: format!("arn:aws:sts::{ACCOUNT}:assumed-role/OnCallEngineer/sandbox"),
        tables: BTreeMap::new(),
        backups: BTreeMap::new(),
        vaults: BTreeMap::new(),
        recovery_points: BTreeMap::new(),
        jobs: BTreeMap::new(),
        plans: BTreeMap::new(),
        roles: BTreeMap::new(),
        next_id: 1_000,
        contents: BTreeMap::new(),
        caller_denied_delete: false,
        arriving: Vec::new(),
        buckets: BTreeMap::from([(super::s3::EXPORT_BUCKET.to_owned(), Default::default())]),
        exports: BTreeMap::new(),
        imports: BTreeMap::new(),
    };
    world.roles.insert(
        ROLE.to_owned(),
        vec![BACKUP_POLICY.to_owned(), RESTORE_POLICY.to_owned()],
    );
    world.vaults.insert(
        VAULT.to_owned(),
        SimVault {
            name: VAULT.to_owned(),
            arn: format!("arn:aws:backup:{REGION}:{ACCOUNT}:backup-vault:{VAULT}"),
            // No access policy, so the Protection view offers one; a Vault
            // Lock in governance mode, still removable for three days.
            policy: None,
            lock: Some(crate::domain::VaultLock {
                min_retention_days: Some(7),
                max_retention_days: Some(365),
                lock_date: Some(now + chrono::Duration::days(3)),
            }),
        },
    );

    for mut spec in specs() {
        spec.items = ((spec.items as f64 * item_scale).round() as u64).max(1);
        let mut table = seed_table(&world, &spec, &mut rng, now);
        if spec.name == "inventory" {
            bad_script(&mut world, &mut table, now);
        }
        if spec.in_plan {
            seed_recovery_points(&mut world, &table, &mut rng, now);
        }
        world.tables.insert(table.name.clone(), table);
    }
    seed_backups(&mut world, &mut rng, now);
    seed_jobs(&mut world, now);
    let copy_to = format!("arn:aws:backup:{DR_REGION}:{ACCOUNT}:backup-vault:{DR_VAULT}");
    let vaults = super::seed_plans::Vaults {
        vault: VAULT,
        copy_to: &copy_to,
        role_arn: &role_arn(),
    };
    super::seed_plans::seed_plans(&mut world, now, &vaults);
    seed_scheduled(&mut world, now);
    world
}

/// The repair's story (operation 11): 90 minutes ago a bad stock script
/// deleted a few dozen `inventory` items and zeroed the quantity of a few
/// dozen more, and the application has since added as many new items (so
/// the table's count is unchanged). A repair from PITR two hours ago puts
/// back the deleted and changed ones and keeps the new ones.
fn bad_script(world: &mut World, table: &mut SimTable, now: DateTime<Utc>) {
    // The good contents stand from at least three hours ago.
    if let Some((at, _)) = table.history.last_mut() {
        *at = (*at).min(now - Duration::hours(3));
    }
    let data = table.data();
    let n = data.items;
    let mut derived = Derived::of(data);
    let deleted: Vec<u64> = (0..40).map(|i| (i * 17 + 3) % n).collect();
    for &index in &deleted {
        derived.patches.push(Patch::Delete { index });
    }
    for i in 0..25u64 {
        let index = (i * 31 + 5) % n;
        if !deleted.contains(&index) {
            derived.patches.push(Patch::Set {
                index,
                attr: "quantity".to_owned(),
                value: AttrValue::N("0".to_owned()),
            });
        }
    }
    for i in 0..40 {
        let mut item = Item::new();
        item.insert(KEY.to_owned(), AttrValue::S(format!("sku-new-{i:04}")));
        item.insert("quantity".to_owned(), AttrValue::N((i % 9 + 1).to_string()));
        item.insert("warehouse".to_owned(), AttrValue::S("DUB-2".to_owned()));
        derived.patches.push(Patch::Add { item });
    }
    let items = derived.item_count();
    let version = data.version.rotate_left(17) | (1 << 63);
    let next = TableData {
        items,
        size_bytes: items * derived.item_bytes,
        version,
    };
    world.contents.insert(version, derived);
    table.history.push((now - Duration::minutes(90), next));
}

fn seed_table(world: &World, spec: &Spec, rng: &mut fastrand::Rng, now: DateTime<Utc>) -> SimTable {
    let created_at = now - Duration::days(spec.age_days);
    // A few months of growth, one entry a week, so point-in-time restores
    // land on different contents.
    let mut history = Vec::new();
    let weeks = 12;
    for w in (0..=weeks).rev() {
        let at = now - Duration::weeks(w) - Duration::hours(rng.i64(1..48));
        let grow = 1.0 - (w as f64) * 0.01;
        let items = ((spec.items as f64) * grow) as u64 + rng.u64(0..100);
        history.push((
            at,
            TableData {
                items,
                size_bytes: items * spec.item_bytes,
                version: rng.u64(..),
            },
        ));
    }
    if spec.name == "orders" {
        // The 3 a.m. story: a bad deployment wiped most orders two hours ago.
        let items = spec.items / 3;
        history.push((
            now - Duration::hours(2),
            TableData {
                items,
                size_bytes: items * spec.item_bytes,
                version: rng.u64(..),
            },
        ));
    }
    SimTable {
        name: spec.name.to_owned(),
        arn: world.table_arn(spec.name),
        billing: spec.billing.clone(),
        deletion_protection: spec.protected,
        gsis: spec.gsis.iter().map(|s| (*s).to_owned()).collect(),
        created_at,
        phase: Phase::Active,
        pitr: spec.pitr.map(|period_days| SimPitr {
            enabled_at: created_at + Duration::days(1),
            period_days,
        }),
        kept: kept_settings(spec.name),
        dropped: dropped_settings(spec.name),
        history,
    }
}

/// Encryption and table class: a restore keeps them.
fn kept_settings(table: &str) -> KeptSettings {
    let key = |id: &str| Encryption::Kms {
        key_arn: Some(format!("arn:aws:kms:{REGION}:{ACCOUNT}:key/{id}")),
    };
    match table {
        "orders" | "payments" => KeptSettings {
            encryption: key("5d1c0a7e-0b4f-4e53-9d52-7a2f6c1e8b90"),
            ..KeptSettings::default()
        },
        "audit-log" => KeptSettings {
            table_class: "STANDARD_INFREQUENT_ACCESS".to_owned(),
            ..KeptSettings::default()
        },
        _ => KeptSettings::default(),
    }
}

/// Tags, TTL and stream: a restore drops them, so the in-place operations
/// have something to put back.
fn dropped_settings(table: &str) -> DroppedSettings {
    let team = match table {
        "orders" | "payments" => "checkout",
        "customers" | "sessions" => "identity",
        "ParksAr" => "parks",
        _ => "platform",
    };
    let mut tags: BTreeMap<String, String> = [("team", team), ("env", "prod")]
        .into_iter()
        .map(|(k, v)| (k.to_owned(), v.to_owned()))
        .collect();
    let (ttl, stream) = match table {
        "orders" => {
            tags.insert("cost-center".to_owned(), "4410".to_owned());
            (Some("expiresAt"), Some("NEW_AND_OLD_IMAGES"))
        }
        "sessions" => (Some("ttl"), None),
        // Left out of posture by `exclude_tags = ["dr:exclude=true"]`.
        "legacy_reports" => {
            tags.insert("dr:exclude".to_owned(), "true".to_owned());
            (None, None)
        }
        "ParksAr" => (Some("expiresAt"), Some("NEW_IMAGE")),
        "payments" => (None, Some("NEW_AND_OLD_IMAGES")),
        _ => (None, None),
    };
    DroppedSettings {
        tags,
        ttl_attribute: ttl.map(str::to_owned),
        stream: stream.map(str::to_owned),
    }
}

/// Monthly recovery points for a year: warm for 8 days, then cold, deleted
/// after 365 days, the backup plan docs/aws-setup.md sets up. The newest is three days old so the
/// demo always has a warm one.
fn seed_recovery_points(
    world: &mut World,
    table: &SimTable,
    rng: &mut fastrand::Rng,
    now: DateTime<Utc>,
) {
    let newest = now - Duration::days(3) - Duration::minutes(rng.i64(0..300));
    for m in 0..12 {
        let Some(created) = newest.checked_sub_months(Months::new(m)) else {
            continue;
        };
        let id = world.fresh_id();
        let arn = format!(
            "{}/backup/{}{:06}-{:08x}",
            table.arn,
            created.timestamp_millis(),
            id,
            rng.u32(..)
        );
        world.insert_completed_point(VAULT, table, arn, created, 365);
    }
}

fn seed_backups(world: &mut World, rng: &mut fastrand::Rng, now: DateTime<Utc>) {
    let add = |world: &mut World,
               table: &str,
               name: String,
               at: DateTime<Utc>,
               data: TableData,
               billing: BillingMode,
               gsis: Vec<String>| {
        let id = world.fresh_id();
        let table_arn = world.table_arn(table);
        let arn = format!("{table_arn}/backup/{:013}-{id:06x}", at.timestamp_millis());
        world.backups.insert(
            arn.clone(),
            SimBackup {
                backup: Backup {
                    arn,
                    name,
                    table_name: table.to_owned(),
                    status: BackupStatus::Available,
                    kind: BackupType::User,
                    created_at: at,
                    size_bytes: Some(data.size_bytes),
                },
                table_arn,
                billing,
                gsis,
                kept: kept_settings(table),
                data,
                ready_at: at,
            },
        );
    };
    // Weekly pre-deploy backups of the busiest tables.
    for name in ["orders", "customers", "payments"] {
        let Some(t) = world.tables.get(name).cloned() else {
            continue;
        };
        for w in 1..=3 {
            let at = now - Duration::weeks(w) - Duration::minutes(rng.i64(0..600));
            add(
                world,
                name,
                format!("{name}-pre-deploy-{}", at.format("%Y%m%d")),
                at,
                t.data_at(at),
                t.billing.clone(),
                t.gsis.clone(),
            );
        }
    }
    // Leftovers of an earlier recovery of `customers`, never cleaned up.
    if let (Some(t), Ok(base)) = (
        world.tables.get("customers").cloned(),
        TableName::parse("customers"),
    ) {
        let at = now - Duration::days(23) - Duration::minutes(rng.i64(0..600));
        for kind in [TempKind::Orig, TempKind::Dupe] {
            let name = temp_name(&base, kind, at).to_string();
            add(
                world,
                "customers",
                name,
                at,
                t.data_at(at),
                t.billing.clone(),
                t.gsis.clone(),
            );
        }
    }
    // The only copy of a table deleted long ago: cleanup must never offer it.
    if let Ok(base) = TableName::parse("carts-v1") {
        let at = now - Duration::days(61);
        let data = TableData {
            items: 77_000,
            size_bytes: 77_000 * 800,
            version: rng.u64(..),
        };
        add(
            world,
            "carts-v1",
            temp_name(&base, TempKind::Orig, at).to_string(),
            at,
            data,
            BillingMode::PayPerRequest,
            Vec::new(),
        );
    }
}

/// Last night's plan run: four backups, finished, one backup job still
/// running now, one that expired (so `dynamo-dr jobs` has a problem to
/// report) and the cross-region copy of the first backup.
fn seed_jobs(world: &mut World, now: DateTime<Utc>) {
    let names: Vec<(String, String)> = world
        .tables
        .values()
        .map(|t| (t.name.clone(), t.arn.clone()))
        .collect();
    for (i, (name, arn)) in names.iter().enumerate().take(4) {
        let id = format!("backup-job-{:04}", world.fresh_id());
        let running = name == "audit-log";
        let started = if running {
            now - Duration::minutes(40)
        } else {
            now - Duration::hours(20) + Duration::minutes(i as i64 * 7)
        };
        let done = if running {
            now + Duration::minutes(25)
        } else {
            started + Duration::minutes(6)
        };
        let job = Job {
            id: id.clone(),
            kind: JobKind::Backup,
            status: if running {
                JobStatus::Running
            } else {
                JobStatus::Completed
            },
            percent_done: Some(if running { 0.0 } else { 100.0 }),
            resource_arn: Some(arn.clone()),
            recovery_point_arn: Some(format!("{arn}/backup/{}-{id}", started.timestamp_millis())),
            created_resource_arn: None,
            created_at: started,
            completed_at: (!running).then_some(done),
            status_message: None,
            copy: None,
        };
        world.jobs.insert(
            id,
            SimJob {
                job,
                started_at: started,
                done_at: done,
                vault: Some(VAULT.to_owned()),
                lifecycle: None,
                idempotency_token: None,
            },
        );
    }
    seed_expired_and_copy_jobs(world, now);
}

/// The DR vault the sandbox's copy job copies into, in another region.
pub const DR_VAULT: &str = "sandbox-backup-vault-dr";
pub const DR_REGION: &str = "us-west-2";

/// A backup job of the fifth table that expired last night (never started
/// in its window, so no recovery point) and a finished copy of the first
/// completed backup to the DR vault.
fn seed_expired_and_copy_jobs(world: &mut World, now: DateTime<Utc>) {
    let fifth = world.tables.values().nth(4).map(|t| t.arn.clone());
    if let Some(arn) = fifth {
        let id = format!("backup-job-{:04}", world.fresh_id());
        // At the end of the daily rule's one-hour start window (the rule
        // runs at the minute of `now - 20h`), so the job is that run's.
        let started = (now - Duration::hours(19))
            .with_second(0)
            .and_then(|t| t.with_nanosecond(0))
            .unwrap_or(now - Duration::hours(19));
        let done = started + Duration::hours(8);
        let job = Job {
            id: id.clone(),
            kind: JobKind::Backup,
            status: JobStatus::Expired,
            percent_done: None,
            resource_arn: Some(arn),
            recovery_point_arn: None,
            created_resource_arn: None,
            created_at: started,
            completed_at: Some(done),
            status_message: Some(
                "The backup job did not start within the start window of its plan rule".to_owned(),
            ),
            copy: None,
        };
        world.jobs.insert(
            id,
            SimJob {
                job,
                started_at: started,
                done_at: done,
                vault: None,
                lifecycle: None,
                idempotency_token: None,
            },
        );
    }
    let first = world
        .jobs
        .values()
        .filter(|j| j.job.kind == JobKind::Backup && j.job.status == JobStatus::Completed)
        .min_by_key(|j| j.started_at)
        .map(|j| (j.job.clone(), j.done_at));
    let Some((backup, backup_done)) = first else {
        return;
    };
    let id = format!("copy-job-{:04}", world.fresh_id());
    let started = backup_done + Duration::minutes(2);
    let done = started + Duration::minutes(11);
    let source = format!("arn:aws:backup:{REGION}:{ACCOUNT}:backup-vault:{VAULT}");
    let destination = format!("arn:aws:backup:{DR_REGION}:{ACCOUNT}:backup-vault:{DR_VAULT}");
    let job = Job {
        id: id.clone(),
        kind: JobKind::Copy,
        status: JobStatus::Completed,
        percent_done: Some(100.0),
        resource_arn: backup.resource_arn.clone(),
        recovery_point_arn: backup.recovery_point_arn.clone(),
        created_resource_arn: Some(format!(
            "arn:aws:backup:{DR_REGION}:{ACCOUNT}:recovery-point:{id}"
        )),
        created_at: started,
        completed_at: Some(done),
        status_message: None,
        copy: Some(CopyRoute::from_arns(&source, &destination)),
    };
    world.jobs.insert(
        id,
        SimJob {
            job,
            started_at: started,
            done_at: done,
            vault: None,
            lifecycle: None,
            idempotency_token: None,
        },
    );
}

/// Ten nights of `dynamo-dr backup --table payments --keep 10` (the newest
/// a day and three hours old, older than last night's recovery points): the prune review (`K`) has scheduled backups beyond
/// the default 7 to offer, beside payments' manual pre-deploy ones. Seeded
/// last, so the ids of everything before stay as they were.
fn seed_scheduled(world: &mut World, now: DateTime<Utc>) {
    let (Some(t), Ok(base)) = (
        world.tables.get("payments").cloned(),
        TableName::parse("payments"),
    ) else {
        return;
    };
    for night in 0..10 {
        let at = now - Duration::days(night + 1) - Duration::hours(3);
        let id = world.fresh_id();
        let table_arn = world.table_arn("payments");
        let arn = format!("{table_arn}/backup/{:013}-{id:06x}", at.timestamp_millis());
        let data = t.data_at(at);
        world.backups.insert(
            arn.clone(),
            SimBackup {
                backup: Backup {
                    arn,
                    name: crate::domain::scheduled_name(&base, at),
                    table_name: "payments".to_owned(),
                    status: BackupStatus::Available,
                    kind: BackupType::User,
                    created_at: at,
                    size_bytes: Some(data.size_bytes),
                },
                table_arn,
                billing: t.billing.clone(),
                gsis: t.gsis.clone(),
                kept: kept_settings("payments"),
                data,
                ready_at: at,
            },
        );
    }
}
