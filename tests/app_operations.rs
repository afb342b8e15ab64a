//! Every operation end to end on the sandbox, typed as an operator would,
//! through the real reducer and engine; then the sandbox's state is checked.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use common::app::App;
use crossterm::event::KeyCode;
use dynamo_dr::app::Modal;
use dynamo_dr::backend::Backend;
use dynamo_dr::domain::{BackupStatus, StorageClass, TableName};
use dynamo_dr::workflow::{Outcome, Question, StepStatus};

fn all_done(app: &App, job: u64) {
    let run = app.state.runs.ours.iter().find(|r| r.job == job).unwrap();
    for (plan, status) in &run.steps {
        assert!(
            matches!(status, StepStatus::Done { .. }),
            "{}: {status:?}",
            plan.title
        );
    }
}

#[tokio::test]
async fn pitr_restore_in_place_brings_back_the_data_from_before_the_corruption() {
    let mut app = App::start(false).await;
    let corrupted = app.sb.describe_table("orders").await.unwrap().item_count;
    app.operation("orders", '1');
    // Bad input first: a time outside the window is refused where it was typed.
    app.type_text("Jan 01 2020 - 00:00:00");
    app.key(KeyCode::Enter);
    assert!(
        app.wizard_error()
            .unwrap()
            .contains("outside the restorable window")
    );
    let three_hours_ago = (chrono::Utc::now() - chrono::Duration::hours(3))
        .format("%Y-%m-%dT%H:%M:%SZ")
        .to_string();
    app.retype(&three_hours_ago);
    app.key(KeyCode::Enter);
    assert!(app.in_plan());
    app.key(KeyCode::Enter);
    assert!(matches!(
        app.question().await,
        Question::RemoveDeletionProtection { .. }
    ));
    app.key(KeyCode::Char('y'));
    assert!(matches!(
        app.question().await,
        Question::TypeTableName { .. }
    ));
    // An empty confirmation is refused in the dialog, not sent.
    app.key(KeyCode::Enter);
    assert!(matches!(&app.state.view.modal, Some(Modal::Question(q)) if q.error.is_some()));
    app.type_text("orders");
    app.key(KeyCode::Enter);
    match app.question().await {
        Question::CleanupReview { items } => assert_eq!(items.len(), 3, "{items:?}"),
        q => panic!("{q:?}"),
    }
    // Enter runs plans; in the review it deletes nothing. D does.
    app.key(KeyCode::Enter);
    assert!(matches!(&app.state.view.modal, Some(Modal::Question(q)) if q.error.is_some()));
    app.key(KeyCode::Char('D'));
    assert!(matches!(app.outcome(1).await, Outcome::Completed { .. }));
    all_done(&app, 1);

    let t = app.sb.describe_table("orders").await.unwrap();
    assert!(
        t.item_count > corrupted * 2,
        "{} vs {corrupted}",
        t.item_count
    );
    assert!(t.deletion_protection);
    let pitr = app.sb.describe_continuous_backups("orders").await.unwrap();
    assert_eq!((pitr.enabled, pitr.recovery_period_days), (true, Some(35)));
    let tables = app.sb.list_tables().await.unwrap();
    assert!(!tables.iter().any(|n| n.contains("--dupe-")), "{tables:?}");
    let stamp = app.state.runs.ours[0].steps[0].0.creates[0]
        .rsplit("--dupe-")
        .next()
        .unwrap()
        .to_owned();
    let left: Vec<_> = app
        .sb
        .list_backups(Some("orders"))
        .await
        .unwrap()
        .into_iter()
        .filter(|b| b.name.contains(&stamp))
        .collect();
    assert!(
        left.is_empty(),
        "cleanup deleted this run's backups: {left:?}"
    );
}

#[tokio::test]
async fn aws_backup_restore_in_place_from_a_warm_point() {
    let mut app = App::start(false).await;
    let arn = app.sb.describe_table("ParksAr").await.unwrap().arn;
    let warm = app
        .state
        .inventory
        .recovery
        .points_of("ParksAr")
        .iter()
        .position(|p| p.storage == StorageClass::Warm)
        .unwrap();
    app.operation("ParksAr", '2');
    for _ in 0..warm {
        app.key(KeyCode::Down);
    }
    app.key(KeyCode::Enter);
    assert!(app.in_plan());
    app.key(KeyCode::Enter);
    // ParksAr is not protected: straight to the typed confirmation.
    assert!(matches!(
        app.question().await,
        Question::TypeTableName { .. }
    ));
    app.type_text("ParksAr");
    app.key(KeyCode::Enter);
    assert!(matches!(
        app.question().await,
        Question::CleanupReview { .. }
    ));
    app.key(KeyCode::Esc); // keep everything
    assert!(matches!(app.outcome(1).await, Outcome::Completed { .. }));
    let t = app.sb.describe_table("ParksAr").await.unwrap();
    assert!(
        t.deletion_protection,
        "protection is turned on after the restore"
    );
    assert!(
        app.sb
            .describe_continuous_backups("ParksAr")
            .await
            .unwrap()
            .enabled
    );
    let kept = app.sb.list_backups(Some("ParksAr")).await.unwrap();
    assert!(
        kept.iter()
            .any(|b| b.name.contains("--orig-") && b.status == BackupStatus::Available),
        "Esc kept the fallback"
    );
    assert!(
        !app.sb
            .list_recovery_points("sandbox-backup-vault", Some(&arn))
            .await
            .unwrap()
            .is_empty()
    );
}

#[tokio::test]
async fn create_backup_enable_pitr_and_protection() {
    let mut app = App::start(false).await;
    app.operation("sessions", '3');
    assert!(app.in_plan());
    app.key(KeyCode::Enter);
    assert!(matches!(app.outcome(1).await, Outcome::Completed { .. }));
    let backups = app.sb.list_backups(Some("sessions")).await.unwrap();
    assert!(
        backups
            .iter()
            .any(|b| b.name.starts_with("sessions--orig-")),
        "{backups:?}"
    );

    app.operation("sessions", '7');
    app.retype("40");
    app.key(KeyCode::Enter);
    assert!(app.wizard_error().unwrap().contains("1 to 35 days"));
    app.retype("7");
    app.key(KeyCode::Enter);
    app.key(KeyCode::Enter);
    assert!(matches!(app.outcome(2).await, Outcome::Completed { .. }));
    let pitr = app
        .sb
        .describe_continuous_backups("sessions")
        .await
        .unwrap();
    assert_eq!((pitr.enabled, pitr.recovery_period_days), (true, Some(7)));

    app.operation("sessions", '8');
    app.key(KeyCode::Enter);
    assert!(matches!(app.outcome(3).await, Outcome::Completed { .. }));
    assert!(
        app.sb
            .describe_table("sessions")
            .await
            .unwrap()
            .deletion_protection
    );
}

#[tokio::test]
async fn restore_a_backup_and_a_recovery_point_into_new_tables() {
    let mut app = App::start(false).await;
    app.operation("customers", '4');
    app.key(KeyCode::Enter); // newest backup
    assert_eq!(app.wizard_input().as_deref(), Some("customers-restored"));
    app.retype("orders");
    app.key(KeyCode::Enter);
    assert!(app.wizard_error().unwrap().contains("already exists"));
    app.retype("bad name");
    app.key(KeyCode::Enter);
    assert!(app.wizard_error().unwrap().contains("not allowed"));
    app.retype("customers-restored");
    app.key(KeyCode::Enter);
    app.key(KeyCode::Enter); // PITR and protection on, as proposed
    app.key(KeyCode::Enter);
    assert!(matches!(app.outcome(1).await, Outcome::Completed { .. }));
    assert!(
        app.sb
            .describe_table("customers-restored")
            .await
            .unwrap()
            .item_count
            > 0
    );

    // The next restore of the same table proposes a name no table has.
    app.until("customers-restored listed", |s| {
        s.inventory.tables.contains("customers-restored")
    })
    .await;
    app.operation("customers", '4');
    app.key(KeyCode::Enter);
    assert_eq!(app.wizard_input().as_deref(), Some("customers-restored-2"));
    app.key(KeyCode::Esc);

    app.operation("inventory", '5');
    app.key(KeyCode::Enter); // newest point: warm
    app.retype("inventory-rp");
    app.key(KeyCode::Enter);
    app.key(KeyCode::Enter); // PITR and protection on, as proposed
    app.key(KeyCode::Enter);
    assert!(matches!(app.outcome(2).await, Outcome::Completed { .. }));
    assert!(
        app.sb
            .describe_table("inventory-rp")
            .await
            .unwrap()
            .item_count
            > 0
    );
}

#[tokio::test]
async fn delete_takes_a_fallback_backup_and_esc_at_the_name_stops_safely() {
    let mut app = App::start(false).await;
    app.operation("legacy_reports", '6');
    app.key(KeyCode::Enter); // fallback: yes
    app.key(KeyCode::Enter); // run
    assert!(matches!(
        app.question().await,
        Question::TypeTableName { .. }
    ));
    app.key(KeyCode::Esc);
    // A stopped run reviews what it made: the fallback backup. Esc keeps it.
    match app.question().await {
        Question::CleanupReview { items } => assert!(
            items.iter().all(|i| i.name.contains("--orig-")),
            "{items:?}"
        ),
        q => panic!("{q:?}"),
    }
    app.key(KeyCode::Esc);
    assert!(matches!(app.outcome(1).await, Outcome::Cancelled { .. }));
    assert!(
        app.sb.describe_table("legacy_reports").await.is_ok(),
        "Esc deleted nothing"
    );

    app.operation("legacy_reports", '6');
    app.key(KeyCode::Enter);
    app.key(KeyCode::Enter);
    assert!(matches!(
        app.question().await,
        Question::TypeTableName { .. }
    ));
    app.type_text("legacy_reports");
    app.key(KeyCode::Enter);
    assert!(matches!(app.outcome(2).await, Outcome::Completed { .. }));
    assert!(app.sb.describe_table("legacy_reports").await.is_err());
    let kept = app.sb.list_backups(Some("legacy_reports")).await.unwrap();
    assert!(
        kept.iter()
            .any(|b| b.name.starts_with("legacy_reports--orig-"))
    );
}

/// Read-only previews: every plan is shown, as `terraform plan` does;
/// `Enter` on it is refused with the reason and nothing is sent.
#[tokio::test]
async fn read_only_shows_the_operations_but_runs_none() {
    let mut app = App::start(true).await;
    app.operation("orders", '3');
    assert!(app.in_plan());
    app.key(KeyCode::Enter);
    let why = app.state.view.flash.clone().unwrap();
    assert!(why.contains("refused: read-only"), "{why}");
    assert!(app.in_plan());
    assert!(
        !app.sent
            .iter()
            .any(|c| matches!(c, dynamo_dr::app::Command::StartRun { .. }))
    );
}

#[tokio::test]
async fn a_second_operation_on_a_busy_table_is_refused() {
    let mut app = App::start(false).await;
    // A run of ours is busy on ParksAr (between two steps).
    let op = dynamo_dr::workflow::Operation::CreateBackup {
        table: TableName::parse("ParksAr").unwrap(),
    };
    let plan = dynamo_dr::workflow::plan(&op, chrono::Utc::now());
    app.state.runs.ours.insert(
        0,
        dynamo_dr::app::RunView::new(99, &plan, chrono::Utc::now()),
    );
    app.operation("ParksAr", '8');
    let why = app.menu_refusal("ParksAr", '8').unwrap();
    assert!(why.contains("is running on ParksAr"), "{why}");
}

#[tokio::test]
async fn a_failed_step_stops_the_plan_and_retry_finishes_it() {
    let mut app = App::start(false).await;
    app.sb.fail_next(
        "create_backup",
        dynamo_dr::backend::BackendError::LimitExceeded("50 concurrent table operations".into()),
    );
    app.operation("payments", '3');
    app.key(KeyCode::Enter);
    match app.question().await {
        Question::StepFailed { error, .. } => assert!(error.contains("50 concurrent"), "{error}"),
        q => panic!("{q:?}"),
    }
    let run = &app.state.runs.ours[0];
    assert!(
        run.steps
            .iter()
            .any(|(_, s)| matches!(s, StepStatus::Failed { .. }))
    );
    assert!(
        run.outcome.is_none(),
        "the run waits for the operator, it does not go on"
    );
    app.key(KeyCode::Char('r'));
    assert!(matches!(app.outcome(1).await, Outcome::Completed { .. }));
    all_done(&app, 1);
    let backups = app.sb.list_backups(Some("payments")).await.unwrap();
    assert_eq!(
        backups
            .iter()
            .filter(|b| b.name.starts_with("payments--orig-"))
            .count(),
        1,
        "retried once, created once"
    );
}

/// A cold recovery point chosen for a restore into a new table: the plan
/// names its cold storage and ~3h and warns under the steps, before Enter.
#[tokio::test]
async fn a_cold_point_restored_to_a_new_table_is_said_cold_on_the_plan() {
    let mut app = App::start(false).await;
    let cold = app
        .state
        .inventory
        .recovery
        .points_of("ParksAr")
        .iter()
        .position(|p| p.storage == StorageClass::Cold)
        .unwrap();
    app.operation("ParksAr", '5');
    for _ in 0..cold {
        app.key(KeyCode::Down);
    }
    app.key(KeyCode::Enter);
    app.key(KeyCode::Enter); // the proposed name
    app.key(KeyCode::Enter); // PITR and protection on, as proposed
    let Some(Modal::Wizard(dynamo_dr::app::Wizard::Plan { plan, .. })) = &app.state.view.modal
    else {
        panic!("not on the plan")
    };
    assert!(plan.operation.is_cold(), "{:?}", plan.operation);
    assert!(
        plan.steps[0].title.contains("cold storage, ~3h"),
        "{plan:?}"
    );
    assert!(plan.warnings()[0].contains("cold storage"));
}

/// The prune review (`K`) on payments, typed as an operator would: a bad
/// count refused in the field, the default 7, the list's ticks (the three
/// oldest scheduled backups), its plan, its run; then the sandbox holds the
/// seven newest scheduled backups and every manual one.
#[tokio::test]
async fn prune_backups_deletes_the_ticked_scheduled_backups_and_keeps_the_rest() {
    use dynamo_dr::app::prune::PrunePage;
    use dynamo_dr::domain::split_scheduled;

    let mut app = App::start(false).await;
    let payments = TableName::parse("payments").unwrap();
    let before = app.sb.list_backups(Some("payments")).await.unwrap();
    let (kept, beyond) = split_scheduled(&before, &payments, 7);
    assert_eq!((kept.len(), beyond.len()), (7, 3));
    let gone: Vec<String> = beyond.iter().map(|b| b.arn.clone()).collect();
    app.select("payments");
    app.key(KeyCode::Char('K'));
    app.retype("0");
    app.key(KeyCode::Enter);
    assert!(matches!(&app.state.view.modal, Some(Modal::Prune(r))
            if matches!(&r.page, PrunePage::Keep { error: Some(e), .. } if e.contains("newest"))));
    app.retype("7");
    app.key(KeyCode::Enter);
    let Some(Modal::Prune(review)) = &app.state.view.modal else {
        panic!("{:?}", app.state.view.modal);
    };
    let PrunePage::List { rows, .. } = &review.page else {
        panic!("{:?}", review.page);
    };
    assert_eq!(rows.len(), before.len());
    let mut ticked: Vec<String> = rows
        .iter()
        .filter(|r| r.ticked)
        .map(|r| r.backup.arn.clone())
        .collect();
    ticked.sort();
    let mut expected = gone.clone();
    expected.sort();
    assert_eq!(ticked, expected);
    app.key(KeyCode::Enter);
    assert!(app.in_plan());
    app.key(KeyCode::Enter);
    assert!(matches!(app.outcome(1).await, Outcome::Completed { .. }));
    all_done(&app, 1);
    let after = app.sb.list_backups(Some("payments")).await.unwrap();
    assert_eq!(after.len(), before.len() - 3);
    assert!(!after.iter().any(|b| gone.contains(&b.arn)));
    assert_eq!(split_scheduled(&after, &payments, 100).0.len(), 7);
    assert_eq!(
        after
            .iter()
            .filter(|b| b.name.contains("-pre-deploy-"))
            .count(),
        3
    );
}

#[tokio::test]
async fn a_restore_in_another_region_through_the_console_lands_there_and_is_refused_twice() {
    let mut app = App::start(false).await;
    let dr_vault = format!(
        "arn:aws:backup:{}:{}:backup-vault:{}",
        dynamo_dr::sandbox::seed::DR_REGION,
        dynamo_dr::sandbox::seed::ACCOUNT,
        dynamo_dr::sandbox::seed::DR_VAULT
    );
    // Without a DR vault the menu stays open and says why.
    app.operation("orders", 'G');
    assert!(!app.in_plan() && app.wizard_input().is_none());
    let why = dynamo_dr::app::menu_refusal(
        &app.state,
        "orders",
        dynamo_dr::app::OpKind::RestoreInRegion,
    )
    .map(|r| r.to_string());
    assert!(
        why.as_deref()
            .is_some_and(|r| r.contains("no DR region is configured")),
        "{why:?}"
    );
    app.key(KeyCode::Esc);
    // With one, a reload reads the DR region through the engine.
    app.state.inventory.recovery.dr_vault = Some(dr_vault);
    app.key(KeyCode::Char('r'));
    app.until("the DR region read", |s| s.inventory.recovery.dr.loaded)
        .await;
    app.operation("orders", 'G');
    app.key(KeyCode::Enter); // the latest restorable time
    assert_eq!(app.wizard_input().as_deref(), Some("orders"));
    app.key(KeyCode::Enter);
    app.key(KeyCode::Enter); // PITR and protection on, as proposed
    assert!(app.in_plan());
    app.key(KeyCode::Enter);
    assert!(matches!(app.outcome(1).await, Outcome::Completed { .. }));
    let there = app
        .sb
        .in_region(dynamo_dr::sandbox::seed::DR_REGION)
        .await
        .unwrap();
    let t = there.describe_table("orders").await.unwrap();
    assert!(t.deletion_protection && t.item_count > 0);
    // The reload after the run lists it there: the same name is refused
    // where it is typed.
    app.until("orders listed in the DR region", |s| {
        s.inventory.recovery.exists_in_dr("orders")
    })
    .await;
    app.operation("orders", 'G');
    app.key(KeyCode::Enter);
    app.key(KeyCode::Enter);
    assert!(
        app.wizard_error()
            .is_some_and(|e| e.contains("already exists in us-west-2")),
        "{:?}",
        app.wizard_error()
    );
}
