//! AWS Backup plans on the sandbox: a plan created from the template with
//! a table in it, a table added to a plan and removed from one (the others
//! staying covered), and a run killed as each step starts, resumed from its
//! journal without a second plan or selection.

use std::sync::Arc;

use super::harness::{Operator, context, drive, sandbox};
use crate::app::plan_wizard::{
    ChoiceRow, Chosen, PlanChoices, check_tables, choice_rows, choose, draft,
};
use crate::backend::Backend;
use crate::domain::{BackupPlan, CoveredBy, TableName};
use crate::sandbox::{Sandbox, seed};
use crate::workflow::{Operation, Outcome, StepStatus, WorkflowEvent, journal, plan, resume, run};

fn arn(table: &str) -> String {
    format!(
        "arn:aws:dynamodb:{}:{}:table/{table}",
        seed::REGION,
        seed::ACCOUNT
    )
}

async fn choices(sb: &Sandbox, table: &str) -> PlanChoices {
    PlanChoices {
        table: TableName::parse(table).unwrap(),
        table_arn: arn(table),
        plans: Ok(sb.list_backup_plans().await.unwrap()),
        tags: Some(sb.table_tags(&arn(table)).await.unwrap()),
        vault: Some(seed::VAULT.to_owned()),
        role: Some(seed::role_arn()),
        region: seed::REGION.to_owned(),
    }
}

/// The operation the chooser's row for `plan` makes.
fn chosen_op(ctx: &PlanChoices, plan: &str, remove: bool) -> Operation {
    let plans = ctx.plans.as_ref().unwrap();
    let row = choice_rows(ctx)
        .into_iter()
        .find(|r| match r {
            ChoiceRow::Add { plan: i } if !remove => plans[*i].name == plan,
            ChoiceRow::Remove { plan: i, .. } if remove => plans[*i].name == plan,
            _ => false,
        })
        .unwrap_or_else(|| panic!("no row for {plan}: {:?}", choice_rows(ctx)));
    match choose(ctx, &row) {
        Chosen::Operation(op) => op,
        _ => panic!("no operation for {row:?}"),
    }
}

/// A new plan from the template, with `table` in it by ARN.
async fn create_op(sb: &Sandbox, name: &str, table: &str) -> Operation {
    let ctx = choices(sb, table).await;
    let d = draft(&ctx, name.to_owned());
    Operation::CreatePlan {
        table: ctx.table.clone(),
        rules: d.chosen_rules(),
        name: d.name,
        selection: Some(Box::new(check_tables(&ctx, "").unwrap())),
    }
}

async fn plans_named(sb: &Sandbox, name: &str) -> Vec<BackupPlan> {
    sb.list_backup_plans()
        .await
        .unwrap()
        .into_iter()
        .filter(|p| p.name == name)
        .collect()
}

/// Which plans cover `table` by ARN.
async fn covering(sb: &Sandbox, table: &str) -> Vec<String> {
    let none = Default::default();
    let mut names: Vec<String> = sb
        .list_backup_plans()
        .await
        .unwrap()
        .into_iter()
        .filter(|p| {
            p.selections
                .iter()
                .any(|s| s.covers(&arn(table), &none) == Some(CoveredBy::Arn))
        })
        .map(|p| p.name)
        .collect();
    names.sort();
    names
}

#[tokio::test]
async fn a_plan_from_the_template_is_created_with_its_three_rules_and_the_table() {
    let sb = sandbox();
    let op = create_op(&sb, "sessions-dr", "sessions").await;
    let report = drive(&sb, op, Operator::default()).await;
    assert_eq!(report.outcome, Outcome::Completed { remaining: vec![] });
    report.assert_all_done();

    let made = plans_named(&sb, "sessions-dr").await;
    assert_eq!(made.len(), 1);
    let rules: Vec<&str> = made[0].rules.iter().map(|r| r.name.as_str()).collect();
    assert_eq!(rules, ["daily", "weekly", "monthly"]);
    assert_eq!(
        made[0].rules[2].lifecycle.words(),
        "cold after 30 d, deleted after 365 d"
    );
    assert_eq!(made[0].selections.len(), 1);
    assert_eq!(made[0].selections[0].resources, [arn("sessions")]);
    assert_eq!(made[0].selections[0].role_arn, seed::role_arn());
    assert_eq!(covering(&sb, "sessions").await, ["sessions-dr"]);
}

#[tokio::test]
async fn sessions_is_added_to_prod_daily_monthly() {
    let sb = sandbox();
    assert!(covering(&sb, "sessions").await.is_empty());
    let op = chosen_op(&choices(&sb, "sessions").await, "prod-daily-monthly", false);
    let report = drive(&sb, op, Operator::default()).await;
    assert_eq!(report.outcome, Outcome::Completed { remaining: vec![] });
    assert_eq!(covering(&sb, "sessions").await, ["prod-daily-monthly"]);
    let plan = &plans_named(&sb, "prod-daily-monthly").await[0];
    assert!(
        plan.selections
            .iter()
            .any(|s| s.name == "dynamo-dr-sessions" && s.resources == [arn("sessions")])
    );
}

#[tokio::test]
async fn orders_is_removed_from_prod_daily_monthly_and_the_other_five_stay_covered() {
    let sb = sandbox();
    let op = chosen_op(&choices(&sb, "orders").await, "prod-daily-monthly", true);
    let Operation::RemoveFromPlan { replacement, .. } = &op else {
        panic!("{op:?}")
    };
    assert_eq!(replacement.as_ref().unwrap().name, "prod-tables-v2");
    // The copy is created before the old selection is deleted.
    let planned = plan(&op, chrono::Utc::now());
    let steps: Vec<&str> = planned.steps.iter().map(|s| s.api[1].as_str()).collect();
    assert_eq!(steps, ["CreateBackupSelection", "DeleteBackupSelection"]);

    let report = drive(&sb, op, Operator::default()).await;
    assert_eq!(report.outcome, Outcome::Completed { remaining: vec![] });
    assert!(covering(&sb, "orders").await.is_empty());
    for t in seed_plans_prod().iter().filter(|t| **t != "orders") {
        assert_eq!(covering(&sb, t).await, ["prod-daily-monthly"], "{t}");
    }
    let plan = &plans_named(&sb, "prod-daily-monthly").await[0];
    let names: Vec<&str> = plan.selections.iter().map(|s| s.name.as_str()).collect();
    assert_eq!(names, ["prod-tables-v2"]);
}

fn seed_plans_prod() -> [&'static str; 6] {
    crate::sandbox::seed_plans::PROD_TABLES
}

#[tokio::test]
async fn the_only_table_of_a_selection_is_removed_by_deleting_it() {
    let sb = sandbox();
    let add = chosen_op(&choices(&sb, "sessions").await, "prod-daily-monthly", false);
    drive(&sb, add, Operator::default()).await;
    let op = chosen_op(&choices(&sb, "sessions").await, "prod-daily-monthly", true);
    let Operation::RemoveFromPlan { replacement, .. } = &op else {
        panic!("{op:?}")
    };
    assert_eq!(*replacement, None);
    let report = drive(&sb, op, Operator::default()).await;
    assert_eq!(report.outcome, Outcome::Completed { remaining: vec![] });
    assert!(covering(&sb, "sessions").await.is_empty());
    assert_eq!(covering(&sb, "orders").await, ["prod-daily-monthly"]);
}

/// Runs `op` with a journal, aborts the task when step `kill_at` starts,
/// then resumes it from the journal to its end.
async fn killed_and_resumed(sb: &Arc<Sandbox>, op: &Operation, kill_at: usize) -> Outcome {
    let dir = tempfile::tempdir().unwrap();
    let mut ctx = context();
    ctx.journal_dir = Some(dir.path().to_owned());
    let backend: Arc<dyn Backend> = sb.clone();
    let (tx, mut rx) = tokio::sync::mpsc::unbounded_channel();
    let task = tokio::spawn(run(
        backend.clone(),
        plan(op, chrono::Utc::now()),
        ctx.clone(),
        tx,
    ));
    while let Some(ev) = rx.recv().await {
        if let WorkflowEvent::Step {
            index,
            status: StepStatus::Running { .. },
            ..
        } = ev
            && index >= kill_at
        {
            task.abort();
            break;
        }
    }
    let _ = task.await;
    let file = journal::read(&journal::list(dir.path()).unwrap()[0]).unwrap();
    let (tx, mut rx) = tokio::sync::mpsc::unbounded_channel();
    ctx.job += 1;
    let task = tokio::spawn(resume(backend, file, ctx, tx));
    while rx.recv().await.is_some() {}
    task.await.unwrap()
}

#[tokio::test]
async fn a_plan_killed_as_each_step_starts_resumes_to_one_plan_and_one_selection() {
    for kill_at in 0..2 {
        let sb = sandbox();
        let op = create_op(&sb, "sessions-dr", "sessions").await;
        let outcome = killed_and_resumed(&sb, &op, kill_at).await;
        assert_eq!(
            outcome,
            Outcome::Completed { remaining: vec![] },
            "{kill_at}"
        );
        let made = plans_named(&sb, "sessions-dr").await;
        assert_eq!(made.len(), 1, "killed at {kill_at}");
        assert_eq!(made[0].selections.len(), 1, "killed at {kill_at}");
        assert_eq!(covering(&sb, "sessions").await, ["sessions-dr"]);
    }
}

#[tokio::test]
async fn a_plan_whose_call_landed_before_the_journal_said_so_is_not_created_twice() {
    let sb = sandbox();
    let op = create_op(&sb, "sessions-dr", "sessions").await;
    let Operation::CreatePlan { name, rules, .. } = &op else {
        panic!()
    };
    // AWS took the call; the run did not learn it (a crash in between).
    sb.create_backup_plan(name, rules).await.unwrap();
    let report = drive(&sb, op, Operator::default()).await;
    assert_eq!(report.outcome, Outcome::Completed { remaining: vec![] });
    assert!(matches!(report.status_of(0), StepStatus::Skipped { .. }));
    let made = plans_named(&sb, "sessions-dr").await;
    assert_eq!(made.len(), 1);
    assert_eq!(made[0].selections.len(), 1);
}

#[tokio::test]
async fn a_removal_killed_as_each_step_starts_never_leaves_the_others_uncovered() {
    for kill_at in 0..2 {
        let sb = sandbox();
        let op = chosen_op(&choices(&sb, "orders").await, "prod-daily-monthly", true);
        let outcome = killed_and_resumed(&sb, &op, kill_at).await;
        assert_eq!(
            outcome,
            Outcome::Completed { remaining: vec![] },
            "{kill_at}"
        );
        assert!(covering(&sb, "orders").await.is_empty(), "{kill_at}");
        assert_eq!(covering(&sb, "customers").await, ["prod-daily-monthly"]);
        let plan = &plans_named(&sb, "prod-daily-monthly").await[0];
        assert_eq!(plan.selections.len(), 1, "killed at {kill_at}");
    }
}
