use std::sync::Arc;

use chrono::{Duration, TimeZone, Utc};

use super::*;
use crate::backend::Backend;
use crate::domain::{BackupStatus, PitrTarget, StorageClass, Table, TableStatus};

fn sandbox() -> (Sandbox, Arc<ManualClock>) {
    let start = Utc
        .with_ymd_and_hms(2026, 11, 22, 3, 0, 0)
        .single()
        .unwrap();
    let clock = Arc::new(ManualClock::new(start));
    let sb = Sandbox::open(SandboxOptions {
        clock: clock.clone(),
        ..SandboxOptions::default()
    })
    .unwrap();
    (sb, clock)
}

async fn wait_active(sb: &Sandbox, clock: &ManualClock, table: &str) -> Table {
    for _ in 0..1000 {
        let t = sb.describe_table(table).await.unwrap();
        if t.status == TableStatus::Active {
            return t;
        }
        clock.advance(Duration::seconds(1));
    }
    panic!("{table} never became ACTIVE");
}

#[tokio::test]
async fn the_demo_account_is_varied() {
    let (sb, _) = sandbox();
    let names = sb.list_tables().await.unwrap();
    assert!(names.len() >= 8, "{names:?}");
    let mut pitr_on = 0;
    let mut protected = 0;
    let mut provisioned = 0;
    let mut with_gsi = 0;
    for n in &names {
        let t = sb.describe_table(n).await.unwrap();
        protected += usize::from(t.deletion_protection);
        provisioned += usize::from(matches!(
            t.billing,
            crate::domain::BillingMode::Provisioned { .. }
        ));
        with_gsi += usize::from(!t.global_secondary_indexes.is_empty());
        pitr_on += usize::from(sb.describe_continuous_backups(n).await.unwrap().enabled);
    }
    assert!(pitr_on > 0 && pitr_on < names.len());
    assert!(protected > 0 && protected < names.len());
    assert!(provisioned > 0 && provisioned < names.len());
    assert!(with_gsi > 0);
    let backups = sb.list_backups(None).await.unwrap();
    assert!(backups.iter().any(|b| b.name.contains("--orig-")));
    assert!(backups.iter().any(|b| b.name.contains("--dupe-")));
}

#[tokio::test]
async fn the_same_seed_gives_the_same_account() {
    let (a, _) = sandbox();
    let (b, _) = sandbox();
    let ja = serde_json::to_string(&*lock(&a.world)).unwrap();
    let jb = serde_json::to_string(&*lock(&b.world)).unwrap();
    assert_eq!(ja, jb);
}

#[tokio::test]
async fn pitr_window_ends_five_minutes_ago_and_moves_with_the_clock() {
    let (sb, clock) = sandbox();
    let w1 = sb.describe_continuous_backups("orders").await.unwrap();
    let window = w1.window.unwrap();
    assert_eq!(window.latest, sb.now() - Duration::minutes(5));
    assert_eq!(window.earliest, sb.now() - Duration::days(35));
    assert_eq!(w1.recovery_period_days, Some(35));
    clock.advance(Duration::hours(1));
    let w2 = sb
        .describe_continuous_backups("orders")
        .await
        .unwrap()
        .window
        .unwrap();
    assert_eq!(w2.latest - window.latest, Duration::hours(1));
    let off = sb.describe_continuous_backups("sessions").await.unwrap();
    assert!(!off.enabled && off.window.is_none());
}

#[tokio::test]
async fn a_protected_table_cannot_be_deleted() {
    let (sb, clock) = sandbox();
    let err = sb.delete_table("orders").await.unwrap_err();
    assert!(
        matches!(err, BackendError::DeletionProtected { .. }),
        "{err}"
    );
    sb.set_deletion_protection("orders", false).await.unwrap();
    let t = sb.delete_table("orders").await.unwrap();
    assert_eq!(t.status, TableStatus::Deleting);
    clock.advance(Duration::seconds(2));
    assert!(matches!(
        sb.describe_table("orders").await,
        Err(BackendError::NotFound { .. })
    ));
}

#[tokio::test]
async fn a_restore_target_must_not_exist() {
    let (sb, _) = sandbox();
    let backup = sb.list_backups(Some("orders")).await.unwrap().remove(0);
    let err = sb
        .restore_table_from_backup("customers", &backup.arn)
        .await
        .unwrap_err();
    assert!(matches!(err, BackendError::AlreadyExists { .. }), "{err}");
    let err = sb
        .restore_table_to_point_in_time("orders", "payments", PitrTarget::Latest)
        .await
        .unwrap_err();
    assert!(matches!(err, BackendError::AlreadyExists { .. }), "{err}");
    let rp = sb
        .list_recovery_points(
            seed::VAULT,
            Some(&sb.describe_table("orders").await.unwrap().arn),
        )
        .await
        .unwrap()
        .remove(0);
    let err = sb
        .start_restore_job(&rp.arn, &seed::role_arn(), "orders")
        .await
        .unwrap_err();
    assert!(matches!(err, BackendError::AlreadyExists { .. }), "{err}");
}

#[tokio::test]
async fn pitr_times_outside_the_window_are_refused_and_inside_restore_that_moment() {
    let (sb, clock) = sandbox();
    let now = sb.now();
    let err = sb
        .restore_table_to_point_in_time(
            "orders",
            "orders-old",
            PitrTarget::At(now - Duration::days(36)),
        )
        .await
        .unwrap_err();
    assert!(
        matches!(err, BackendError::OutsidePitrWindow { .. }),
        "{err}"
    );
    assert!(err.to_string().contains("outside the restorable window"));
    let err = sb
        .restore_table_to_point_in_time("orders", "orders-future", PitrTarget::At(now))
        .await
        .unwrap_err();
    assert!(matches!(err, BackendError::OutsidePitrWindow { .. }));
    let err = sb
        .restore_table_to_point_in_time("sessions", "sessions-x", PitrTarget::Latest)
        .await
        .unwrap_err();
    assert!(matches!(err, BackendError::PitrDisabled { .. }));

    // Before the corruption two hours ago the table held three times the items.
    let corrupted = sb.describe_table("orders").await.unwrap().item_count;
    sb.restore_table_to_point_in_time(
        "orders",
        "orders-before",
        PitrTarget::At(now - Duration::hours(3)),
    )
    .await
    .unwrap();
    let restored = wait_active(&sb, &clock, "orders-before").await;
    assert!(
        restored.item_count > corrupted * 2,
        "{} vs {corrupted}",
        restored.item_count
    );
    assert!(!restored.deletion_protection);
    assert!(
        !sb.describe_continuous_backups("orders-before")
            .await
            .unwrap()
            .enabled
    );
}

#[tokio::test]
async fn names_must_follow_dynamodb_rules() {
    let (sb, _) = sandbox();
    for bad in ["ab", "has space", "é-table"] {
        let err = sb
            .restore_table_to_point_in_time("orders", bad, PitrTarget::Latest)
            .await
            .unwrap_err();
        assert!(matches!(err, BackendError::Invalid(_)), "{bad}: {err}");
        assert!(matches!(
            sb.create_backup("orders", bad).await,
            Err(BackendError::Invalid(_))
        ));
    }
}

#[tokio::test]
async fn backups_take_scaled_time_and_snapshot_the_contents() {
    let (sb, clock) = sandbox();
    let b = sb.create_backup("ParksAr", "ParksAr-snap").await.unwrap();
    assert_eq!(b.status, BackupStatus::Creating);
    let err = sb
        .restore_table_from_backup("ParksAr-copy", &b.arn)
        .await
        .unwrap_err();
    assert!(matches!(err, BackendError::InUse { .. }), "{err}");
    // 30 s of AWS time at 60x is half a second.
    clock.advance(Duration::milliseconds(600));
    assert_eq!(
        sb.describe_backup(&b.arn).await.unwrap().status,
        BackupStatus::Available
    );
    let before = sb.table_data("ParksAr").unwrap();
    sb.write_data(
        "ParksAr",
        TableData {
            items: 1,
            size_bytes: 10,
            version: 7,
        },
    )
    .unwrap();
    sb.restore_table_from_backup("ParksAr-copy", &b.arn)
        .await
        .unwrap();
    assert_eq!(
        sb.describe_table("ParksAr-copy").await.unwrap().status,
        TableStatus::Creating
    );
    wait_active(&sb, &clock, "ParksAr-copy").await;
    assert_eq!(sb.table_data("ParksAr-copy"), Some(before));
}

#[tokio::test]
async fn recovery_points_are_monthly_warm_for_eight_days_then_cold() {
    let (sb, clock) = sandbox();
    let arn = sb.describe_table("orders").await.unwrap().arn;
    let mut points = sb
        .list_recovery_points(seed::VAULT, Some(&arn))
        .await
        .unwrap();
    points.sort_by_key(|p| std::cmp::Reverse(p.created_at));
    assert_eq!(points.len(), 12);
    assert_eq!(points[0].storage, StorageClass::Warm);
    assert!(points[1..].iter().all(|p| p.storage == StorageClass::Cold));
    assert!(sb.now() - points[11].created_at < Duration::days(366));
    clock.advance(Duration::days(6));
    let newest = sb
        .list_recovery_points(seed::VAULT, Some(&arn))
        .await
        .unwrap()
        .into_iter()
        .max_by_key(|p| p.created_at)
        .unwrap();
    assert_eq!(newest.storage, StorageClass::Cold);
    assert!(matches!(
        sb.list_recovery_points("no-such-vault", None).await,
        Err(BackendError::NotFound { .. })
    ));
}

#[tokio::test]
async fn a_restore_job_reports_progress_and_creates_the_table() {
    let (sb, clock) = sandbox();
    let arn = sb.describe_table("ParksAr").await.unwrap().arn;
    let warm = sb
        .list_recovery_points(seed::VAULT, Some(&arn))
        .await
        .unwrap()
        .into_iter()
        .find(|p| p.storage == StorageClass::Warm)
        .unwrap();
    let err = sb
        .start_restore_job(
            &warm.arn,
            "arn:aws:iam::111122223333:role/Nope",
            "ParksAr-rp",
        )
        .await
        .unwrap_err();
    assert!(matches!(err, BackendError::NotFound { .. }), "{err}");
    let id = sb
        .start_restore_job(&warm.arn, &seed::role_arn(), "ParksAr-rp")
        .await
        .unwrap();
    clock.advance(Duration::seconds(10)); // half of 20 min / 60
    let job = sb.describe_restore_job(&id).await.unwrap();
    assert_eq!(job.status, crate::domain::JobStatus::Running);
    let pct = job.percent_done.unwrap();
    assert!((45.0..55.0).contains(&pct), "{pct}");
    clock.advance(Duration::seconds(11));
    let job = sb.describe_restore_job(&id).await.unwrap();
    assert_eq!(job.status, crate::domain::JobStatus::Completed);
    assert_eq!(
        sb.describe_table("ParksAr-rp").await.unwrap().status,
        TableStatus::Active
    );
}

#[tokio::test]
async fn the_restore_role_must_carry_the_restore_policy() {
    let (sb, _) = sandbox();
    lock(&sb.world)
        .roles
        .insert("Weak".into(), vec![seed::BACKUP_POLICY.into()]);
    let rp = sb
        .list_recovery_points(seed::VAULT, None)
        .await
        .unwrap()
        .remove(0);
    let err = sb
        .start_restore_job(&rp.arn, "arn:aws:iam::111122223333:role/Weak", "x-restored")
        .await
        .unwrap_err();
    assert!(matches!(err, BackendError::AccessDenied { .. }), "{err}");
}

#[tokio::test]
async fn pitr_period_must_be_one_to_thirty_five_days() {
    let (sb, _) = sandbox();
    assert!(matches!(
        sb.update_continuous_backups("sessions", true, Some(36))
            .await,
        Err(BackendError::Invalid(_))
    ));
    let s = sb
        .update_continuous_backups("sessions", true, Some(7))
        .await
        .unwrap();
    assert_eq!(s.recovery_period_days, Some(7));
}

#[tokio::test]
async fn state_survives_a_restart_and_bad_paths_say_so() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("sandbox.json");
    let opts = SandboxOptions {
        state_path: Some(path.clone()),
        ..SandboxOptions::default()
    };
    let sb = Sandbox::open(opts.clone()).unwrap();
    sb.create_backup("orders", "orders-kept").await.unwrap();
    drop(sb);
    let again = Sandbox::open(opts).unwrap();
    let names: Vec<String> = again
        .list_backups(Some("orders"))
        .await
        .unwrap()
        .into_iter()
        .map(|b| b.name)
        .collect();
    assert!(names.contains(&"orders-kept".to_owned()), "{names:?}");

    let bad = SandboxOptions {
        state_path: Some(dir.path().join("no-such-dir").join("s.json")),
        ..SandboxOptions::default()
    };
    let err = Sandbox::open(bad).err().unwrap();
    assert!(
        err.to_string().contains("cannot write sandbox state"),
        "{err}"
    );
    std::fs::write(&path, "not json").unwrap();
    let err = Sandbox::open(SandboxOptions {
        state_path: Some(path),
        ..SandboxOptions::default()
    })
    .err()
    .unwrap();
    assert!(err.to_string().contains("is not a saved sandbox"), "{err}");
}

#[tokio::test]
async fn two_consoles_on_one_state_file_lose_no_change() {
    let dir = tempfile::tempdir().unwrap();
    let opts = SandboxOptions {
        state_path: Some(dir.path().join("sandbox.json")),
        ..SandboxOptions::default()
    };
    let a = Sandbox::open(opts.clone()).unwrap();
    let b = Sandbox::open(opts.clone()).unwrap();
    // Each console changes the account from what it loaded at start.
    a.create_backup("orders", "orders-by-a").await.unwrap();
    b.create_backup("orders", "orders-by-b").await.unwrap();
    b.set_deletion_protection("sessions", true).await.unwrap();
    a.create_backup("payments", "payments-by-a").await.unwrap();
    async fn names(sb: &Sandbox) -> Vec<String> {
        sb.list_backups(None)
            .await
            .unwrap()
            .into_iter()
            .map(|b| b.name)
            .collect()
    }
    let reopened = Sandbox::open(opts).unwrap();
    for (who, sb) in [("a", &a), ("b", &b), ("the file", &reopened)] {
        let all = names(sb).await;
        for name in ["orders-by-a", "orders-by-b", "payments-by-a"] {
            assert!(all.iter().any(|n| n == name), "{who} lost {name}: {all:?}");
        }
        let sessions = sb.describe_table("sessions").await.unwrap();
        assert!(sessions.deletion_protection, "{who} lost b's change");
    }
}

#[tokio::test]
async fn a_state_file_that_is_not_a_regular_file_is_refused_before_it_is_read() {
    let err = Sandbox::open(SandboxOptions {
        state_path: Some("/dev/zero".into()),
        ..SandboxOptions::default()
    })
    .err()
    .unwrap();
    assert!(err.to_string().contains("not a regular file"), "{err}");
}

#[tokio::test]
async fn a_saved_state_is_private_and_leaves_no_temporary_file() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("sandbox.json");
    let sb = Sandbox::open(SandboxOptions {
        state_path: Some(path.clone()),
        ..SandboxOptions::default()
    })
    .unwrap();
    sb.create_backup("orders", "orders-x").await.unwrap();
    let mode = std::fs::metadata(&path).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode, 0o600);
    let mut names: Vec<String> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    assert_eq!(names, ["sandbox.json", "sandbox.json.lock"]);
}

#[tokio::test]
async fn injected_faults_fail_the_next_call_only() {
    let (sb, _) = sandbox();
    sb.fail_next("create_backup", BackendError::LimitExceeded("test".into()));
    assert!(sb.create_backup("orders", "orders-a").await.is_err());
    assert!(sb.create_backup("orders", "orders-b").await.is_ok());
}

/// The sandbox's AWS Backup jobs are consistent with its vault: a finished
/// backup job's recovery point is there, a running one's appears when it
/// finishes, and a point deleted later is not made again.
#[tokio::test]
async fn a_finished_backup_job_has_its_recovery_point() {
    use crate::domain::{JobKind, JobStatus};
    let (sb, clock) = sandbox();
    let in_vault = |sb: &Sandbox| {
        let world = sb.settled();
        world.recovery_points.keys().cloned().collect::<Vec<_>>()
    };
    let jobs = sb.list_jobs().await.unwrap();
    // The seeded expired job never made a point, and never will.
    let expired: Vec<_> = jobs
        .iter()
        .filter(|j| j.status == JobStatus::Expired)
        .collect();
    assert_eq!(expired.len(), 1, "{jobs:?}");
    assert_eq!(expired[0].recovery_point_arn, None);
    let backups: Vec<_> = jobs
        .iter()
        .filter(|j| j.kind == JobKind::Backup && !j.status.is_problem())
        .collect();
    assert!(backups.iter().any(|j| j.status == JobStatus::Completed));
    assert!(backups.iter().any(|j| j.status == JobStatus::Running));
    for j in &backups {
        let point = j.recovery_point_arn.clone().unwrap();
        let made = in_vault(&sb).contains(&point);
        assert_eq!(made, j.status == JobStatus::Completed, "{j:?}");
    }
    clock.advance(Duration::hours(1));
    for j in sb.list_jobs().await.unwrap() {
        if j.kind == JobKind::Backup && j.status != JobStatus::Expired {
            assert_eq!(j.status, JobStatus::Completed, "{j:?}");
            assert!(in_vault(&sb).contains(j.recovery_point_arn.as_ref().unwrap()));
        }
    }
    let gone = backups[0].recovery_point_arn.clone().unwrap();
    let mut world = sb.begin().unwrap();
    world.recovery_points.remove(&gone);
    world.commit().unwrap();
    clock.advance(Duration::hours(1));
    assert!(!in_vault(&sb).contains(&gone));
}

/// The seed's copy job names its vaults and the DR region, and a window
/// lists only the jobs created in it, newest first.
#[tokio::test]
async fn the_seed_has_a_cross_region_copy_and_a_window_filters_by_creation() {
    use crate::domain::{JobKind, JobStatus};
    let (sb, _clock) = sandbox();
    let all = sb.list_jobs().await.unwrap();
    let copy = all.iter().find(|j| j.kind == JobKind::Copy).unwrap();
    assert_eq!(copy.status, JobStatus::Completed);
    let route = copy.copy.as_ref().unwrap();
    assert_eq!(route.source_vault, seed::VAULT);
    assert_eq!(route.destination_vault, seed::DR_VAULT);
    assert_eq!(route.destination_region.as_deref(), Some(seed::DR_REGION));
    // The copy is of a backup job's recovery point.
    assert!(
        all.iter()
            .any(|j| j.kind == JobKind::Backup && j.recovery_point_arn == copy.recovery_point_arn)
    );
    let now = sb.now();
    let day = sb.list_jobs_since(now - Duration::hours(24)).await.unwrap();
    assert_eq!(day.len(), all.len());
    assert!(day.windows(2).all(|w| w[0].created_at >= w[1].created_at));
    let recent = sb
        .list_jobs_since(now - Duration::minutes(90))
        .await
        .unwrap();
    assert_eq!(recent.len(), 1, "{recent:?}");
    assert_eq!(recent[0].status, JobStatus::Running);
}

#[tokio::test]
async fn a_backup_job_is_created_then_runs_then_leaves_its_point_once() {
    use crate::domain::{JobStatus, LifecycleDays};
    let (sb, clock) = sandbox();
    let role = seed::role_arn();
    let days = LifecycleDays {
        cold_after_days: Some(10),
        delete_after_days: Some(100),
    };
    let id = sb
        .start_backup_job("orders", seed::VAULT, &role, days, "tok-1")
        .await
        .unwrap();
    // The same token answers the same job.
    let again = sb
        .start_backup_job("orders", seed::VAULT, &role, days, "tok-1")
        .await
        .unwrap();
    assert_eq!(again, id);
    let job = sb.describe_backup_job(&id).await.unwrap();
    assert_eq!(job.status, JobStatus::Created);
    // The default speed (60×): started after a third of a second.
    clock.advance(Duration::milliseconds(500));
    let job = sb.describe_backup_job(&id).await.unwrap();
    assert_eq!(job.status, JobStatus::Running);
    assert!(job.percent_done.is_some_and(|p| p < 100.0), "{job:?}");
    clock.advance(Duration::hours(1));
    let job = sb.describe_backup_job(&id).await.unwrap();
    assert_eq!(job.status, JobStatus::Completed);
    let arn = job.recovery_point_arn.unwrap();
    let points = sb.list_recovery_points(seed::VAULT, None).await.unwrap();
    let point: Vec<_> = points.iter().filter(|p| p.arn == arn).collect();
    assert_eq!(point.len(), 1);
    assert_eq!(point[0].lifecycle.move_to_cold_after_days, Some(10));
    clock.advance(Duration::days(11));
    let points = sb.list_recovery_points(seed::VAULT, None).await.unwrap();
    let point = points.iter().find(|p| p.arn == arn).unwrap();
    assert_eq!(point.storage, StorageClass::Cold);
    // A restore job's id is not a backup job's.
    assert!(sb.describe_backup_job("restore-job-1").await.is_err());
}

#[tokio::test]
async fn a_backup_job_needs_the_vault_the_role_and_a_lifecycle_aws_takes() {
    use crate::backend::BackendError;
    use crate::domain::LifecycleDays;
    let (sb, _) = sandbox();
    let role = seed::role_arn();
    let never = LifecycleDays::NEVER;
    let err = sb
        .start_backup_job("orders", "nope", &role, never, "t1")
        .await
        .unwrap_err();
    assert!(matches!(err, BackendError::NotFound { .. }), "{err}");
    let err = sb
        .start_backup_job("orders", seed::VAULT, "", never, "t2")
        .await
        .unwrap_err();
    assert!(err.to_string().contains("IamRoleArn"), "{err}");
    let err = sb
        .start_backup_job(
            "orders",
            seed::VAULT,
            "arn:aws:iam::111122223333:role/Nobody",
            never,
            "t3",
        )
        .await
        .unwrap_err();
    assert!(matches!(err, BackendError::NotFound { .. }), "{err}");
    let short = LifecycleDays {
        cold_after_days: Some(30),
        delete_after_days: Some(60),
    };
    let err = sb
        .start_backup_job("orders", seed::VAULT, &role, short, "t4")
        .await
        .unwrap_err();
    assert!(err.to_string().contains("at least 90 days"), "{err}");
    let err = sb
        .start_backup_job("no-such-table", seed::VAULT, &role, never, "t5")
        .await
        .unwrap_err();
    assert!(matches!(err, BackendError::NotFound { .. }), "{err}");
    assert!(
        sb.list_jobs()
            .await
            .unwrap()
            .iter()
            .all(|j| j.created_at < sb.now()),
        "no job was started"
    );
}
