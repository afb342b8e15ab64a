//! Adding a table to a backup plan and removing it, over the real
//! `AwsBackend` with `aws-smithy-mocks` answering: moto 5.2.5 answers 500 to
//! the selection calls. One plan, `prod`, whose selections live in a shared
//! list the mocks read and change; the tests assert the exact
//! CreateBackupSelection and DeleteBackupSelection requests and their order.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod mocked;
mod play;

use std::sync::{Arc, Mutex};

use aws_sdk_backup::operation::create_backup_selection::CreateBackupSelectionOutput;
use aws_sdk_backup::operation::delete_backup_selection::DeleteBackupSelectionOutput;
use aws_sdk_backup::operation::get_backup_plan::GetBackupPlanOutput;
use aws_sdk_backup::operation::get_backup_selection::GetBackupSelectionOutput;
use aws_sdk_backup::operation::list_backup_plans::ListBackupPlansOutput;
use aws_sdk_backup::operation::list_backup_selections::ListBackupSelectionsOutput;
use aws_sdk_backup::types::{
    BackupPlan, BackupPlansListMember, BackupRule, BackupSelection, BackupSelectionsListMember,
};
use aws_smithy_mocks::{Rule, RuleMode, mock, mock_client};
use dynamo_dr::backend::Backend;
use dynamo_dr::domain::{Selection, TableName};
use dynamo_dr::workflow::{Operation, Outcome, StepStatus};
use mocked::Clients;
use play::{Cleanup, play};

use mocked::REGION;
const ROLE: &str = "arn:aws:iam::111122223333:role/dr-backup-role";
const PLAN_ID: &str = "plan-prod-1";

fn arn(table: &str) -> String {
    format!("arn:aws:dynamodb:{REGION}:111122223333:table/{table}")
}

/// The plan's selections (id, selection) and every mutating request.
#[derive(Default)]
struct Account {
    selections: Vec<(String, BackupSelection)>,
    calls: Vec<String>,
    next: u32,
}

type Shared = Arc<Mutex<Account>>;

fn selection(name: &str, tables: &[&str]) -> BackupSelection {
    let mut b = BackupSelection::builder()
        .selection_name(name)
        .iam_role_arn(ROLE);
    for t in tables {
        b = b.resources(arn(t));
    }
    b.build().unwrap()
}

fn rules(a: &Shared) -> Vec<Rule> {
    let list = mock!(aws_sdk_backup::Client::list_backup_plans).then_output(|| {
        ListBackupPlansOutput::builder()
            .backup_plans_list(
                BackupPlansListMember::builder()
                    .backup_plan_id(PLAN_ID)
                    .backup_plan_name("prod")
                    .build(),
            )
            .build()
    });
    let get = mock!(aws_sdk_backup::Client::get_backup_plan).then_output(|| {
        GetBackupPlanOutput::builder()
            .backup_plan_id(PLAN_ID)
            .backup_plan_arn(format!(
                "arn:aws:backup:{REGION}:111122223333:backup-plan:{PLAN_ID}"
            ))
            .version_id("v1")
            .backup_plan(
                BackupPlan::builder()
                    .backup_plan_name("prod")
                    .rules(
                        BackupRule::builder()
                            .rule_name("daily")
                            .target_backup_vault_name("dr-vault")
                            .schedule_expression("cron(0 5 ? * * *)")
                            .build()
                            .unwrap(),
                    )
                    .build()
                    .unwrap(),
            )
            .build()
    });
    let acc = a.clone();
    let list_selections = mock!(aws_sdk_backup::Client::list_backup_selections)
        .then_compute_output(move |_| {
            let a = acc.lock().unwrap();
            let mut out = ListBackupSelectionsOutput::builder();
            for (id, s) in &a.selections {
                out = out.backup_selections_list(
                    BackupSelectionsListMember::builder()
                        .selection_id(id)
                        .selection_name(s.selection_name())
                        .backup_plan_id(PLAN_ID)
                        .build(),
                );
            }
            out.build()
        });
    let acc = a.clone();
    let get_selection =
        mock!(aws_sdk_backup::Client::get_backup_selection).then_compute_output(move |r| {
            let a = acc.lock().unwrap();
            let id = r.selection_id().unwrap_or_default();
            let found = a.selections.iter().find(|(i, _)| i == id).unwrap();
            GetBackupSelectionOutput::builder()
                .selection_id(id)
                .backup_plan_id(PLAN_ID)
                .backup_selection(found.1.clone())
                .build()
        });
    let acc = a.clone();
    let create =
        mock!(aws_sdk_backup::Client::create_backup_selection).then_compute_output(move |r| {
            let mut a = acc.lock().unwrap();
            let s = r.backup_selection().unwrap().clone();
            a.calls.push(format!(
                "CreateBackupSelection plan={} name={} role={} resources={:?} not={:?}",
                r.backup_plan_id().unwrap_or_default(),
                s.selection_name(),
                s.iam_role_arn(),
                s.resources(),
                s.not_resources(),
            ));
            a.next += 1;
            let id = format!("sel-new-{}", a.next);
            a.selections.push((id.clone(), s));
            CreateBackupSelectionOutput::builder()
                .selection_id(id)
                .backup_plan_id(PLAN_ID)
                .build()
        });
    let acc = a.clone();
    let delete =
        mock!(aws_sdk_backup::Client::delete_backup_selection).then_compute_output(move |r| {
            let mut a = acc.lock().unwrap();
            let id = r.selection_id().unwrap_or_default().to_owned();
            a.calls.push(format!(
                "DeleteBackupSelection plan={} id={id}",
                r.backup_plan_id().unwrap_or_default()
            ));
            a.selections.retain(|(i, _)| *i != id);
            DeleteBackupSelectionOutput::builder().build()
        });
    vec![list, get, list_selections, get_selection, create, delete]
}

fn backend(a: &Shared) -> Arc<dyn Backend> {
    let backup = rules(a);
    Arc::new(
        Clients {
            backup: mock_client!(aws_sdk_backup, RuleMode::MatchAny, &backup),
            ..Clients::default()
        }
        .backend(),
    )
}

fn ctx() -> dynamo_dr::workflow::RunContext {
    play::context("dr-vault", ROLE)
}

#[tokio::test]
async fn a_table_is_added_to_a_plan_by_one_create_backup_selection() {
    let a: Shared = Arc::default();
    a.lock()
        .unwrap()
        .selections
        .push(("sel-1".into(), selection("prod-tables", &["orders"])));
    let op = Operation::AddToPlan {
        table: TableName::parse("sessions").unwrap(),
        plan_id: PLAN_ID.into(),
        plan_name: "prod".into(),
        selection: Box::new(Selection {
            name: "dynamo-dr-sessions".into(),
            role_arn: ROLE.into(),
            resources: vec![arn("sessions")],
            ..Selection::default()
        }),
    };
    let played = play(backend(&a), op.clone(), ctx(), Cleanup::KeepAll).await;
    assert_eq!(played.outcome, Outcome::Completed { remaining: vec![] });
    assert_eq!(
        a.lock().unwrap().calls,
        [format!(
            "CreateBackupSelection plan={PLAN_ID} name=dynamo-dr-sessions role={ROLE} resources={:?} not=[]",
            [arn("sessions")]
        )]
    );
    // Run again (a resume after AWS took it): the listing shows it, no call.
    let again = play(backend(&a), op, ctx(), Cleanup::KeepAll).await;
    assert_eq!(again.outcome, Outcome::Completed { remaining: vec![] });
    assert!(matches!(again.statuses[0], StepStatus::Skipped { .. }));
    assert_eq!(a.lock().unwrap().calls.len(), 1);
}

#[tokio::test]
async fn a_table_is_removed_by_a_copy_without_it_then_the_old_selection_deleted() {
    let a: Shared = Arc::default();
    a.lock().unwrap().selections.push((
        "sel-1".into(),
        selection("prod-tables", &["orders", "customers"]),
    ));
    let be = backend(&a);
    let plans = be.list_backup_plans().await.unwrap();
    let old = plans[0].selections[0].clone();
    assert_eq!(old.id.as_deref(), Some("sel-1"));
    let mut replacement = old.clone();
    replacement.id = None;
    replacement.name = "prod-tables-v2".into();
    replacement.resources = vec![arn("customers")];
    let op = Operation::RemoveFromPlan {
        table: TableName::parse("orders").unwrap(),
        plan_id: PLAN_ID.into(),
        plan_name: "prod".into(),
        old: Box::new(old),
        replacement: Some(Box::new(replacement)),
    };
    let played = play(be, op, ctx(), Cleanup::KeepAll).await;
    assert_eq!(played.outcome, Outcome::Completed { remaining: vec![] });
    assert_eq!(
        a.lock().unwrap().calls,
        [
            format!(
                "CreateBackupSelection plan={PLAN_ID} name=prod-tables-v2 role={ROLE} resources={:?} not=[]",
                [arn("customers")]
            ),
            format!("DeleteBackupSelection plan={PLAN_ID} id=sel-1"),
        ]
    );
    let left: Vec<String> = a
        .lock()
        .unwrap()
        .selections
        .iter()
        .map(|(_, s)| s.selection_name().to_owned())
        .collect();
    assert_eq!(left, ["prod-tables-v2"]);
}
