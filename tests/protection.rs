//! Who can delete backups, on the sandbox account: what the Protection view
//! reads (the seeded vault has no policy and a Vault Lock in governance
//! mode; its caller may delete), the deny policy run as an operation (the
//! view then says ✔), killed and resumed, and a policy changed since the
//! plan left alone; and the view's screens at 90x25 and 160x45.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use std::sync::Arc;
use std::time::Duration;

use crossterm::event::{KeyCode, KeyEvent};
use dynamo_dr::app::{Command, Event, Modal, State, update};
use dynamo_dr::backend::Backend;
use dynamo_dr::domain::{DeletePermission, LockMode, TableName};
use dynamo_dr::protection::{self, PolicyVerdict};
use dynamo_dr::sandbox::seed;
use dynamo_dr::workflow::{
    Operation, Outcome, RunContext, StepStatus, WorkflowEvent, journal, plan, resume, run,
};
use ratatui::Terminal;
use ratatui::backend::TestBackend;

fn ctx(dir: Option<&std::path::Path>) -> RunContext {
    RunContext {
        job: 1,
        backup_role_arn: seed::role_arn(),
        vault: seed::VAULT.to_owned(),
        step_timeout: Some(Duration::from_secs(30)),
        poll_interval: Duration::from_millis(1),
        journal_dir: dir.map(ToOwned::to_owned),
        verify: Default::default(),
        repair: Default::default(),
        scope: None,
    }
}

fn deny_op(base: Option<String>) -> Operation {
    Operation::ProtectVault {
        table: TableName::parse(seed::VAULT).unwrap(),
        vault: seed::VAULT.to_owned(),
        policy: protection::with_deny_statement(base.as_deref()).unwrap(),
        base,
    }
}

async fn finish(mut rx: tokio::sync::mpsc::UnboundedReceiver<WorkflowEvent>) -> Vec<StepStatus> {
    let mut statuses = Vec::new();
    while let Some(ev) = rx.recv().await {
        if let WorkflowEvent::Step { status, .. } = ev {
            statuses.push(status);
        }
    }
    statuses
}

#[tokio::test]
async fn the_seeded_vault_is_unprotected_locked_in_governance_and_the_caller_may_delete() {
    let (sb, _) = common::sandbox();
    let f = protection::load(sb.as_ref(), Some(seed::VAULT)).await;
    assert_eq!(f.policy, Ok(None));
    assert_eq!(protection::verdict(None), PolicyVerdict::NoPolicy);
    let lock = f.vault.unwrap().lock.unwrap();
    assert_eq!(
        (lock.min_retention_days, lock.max_retention_days),
        (Some(7), Some(365))
    );
    assert!(matches!(
        lock.mode(common::fixed_now()),
        LockMode::Governance { until: Some(_) }
    ));
    assert_eq!(
        f.permission,
        Ok(DeletePermission::Allowed {
            principal: format!("arn:aws:iam::{}:role/OnCallEngineer", seed::ACCOUNT),
            actions: vec![
                "dynamodb:DeleteBackup".into(),
                "backup:DeleteRecoveryPoint".into()
            ],
        })
    );
    // Another principal is not simulated; no vault configured is said.
    assert!(matches!(
        sb.may_delete_backups("arn:aws:iam::1:user/x").await,
        Ok(DeletePermission::Unknown(_))
    ));
    let none = protection::load(sb.as_ref(), None).await;
    assert!(none.vault.unwrap_err().contains("aws.backup_vault"));
    assert!(
        sb.get_vault_access_policy("no-such-vault")
            .await
            .unwrap_err()
            .to_string()
            .contains("not found")
    );
}

#[tokio::test]
async fn the_deny_policy_runs_as_an_operation_and_the_view_then_says_protected() {
    let (sb, _) = common::sandbox();
    let backend: Arc<dyn Backend> = sb.clone();
    let planned = plan(&deny_op(None), common::fixed_now());
    dynamo_dr::workflow::check(backend.as_ref(), &planned, &ctx(None))
        .await
        .unwrap();
    let (tx, rx) = tokio::sync::mpsc::unbounded_channel();
    let task = tokio::spawn(run(backend.clone(), planned, ctx(None), tx));
    finish(rx).await;
    assert_eq!(
        task.await.unwrap(),
        Outcome::Completed { remaining: vec![] }
    );
    let f = protection::load(sb.as_ref(), Some(seed::VAULT)).await;
    let put = f.policy.unwrap().unwrap();
    assert_eq!(
        protection::verdict(Some(&put)),
        PolicyVerdict::Denies {
            sid: Some(protection::DENY_SID.into())
        }
    );
}

#[tokio::test]
async fn killed_when_the_step_starts_and_resumed_it_puts_the_statement_once() {
    for landed in [false, true] {
        let (sb, _) = common::sandbox();
        let backend: Arc<dyn Backend> = sb.clone();
        let dir = tempfile::tempdir().unwrap();
        let mut context = ctx(Some(dir.path()));
        context.scope = Some(
            dynamo_dr::backend::Scope::of(backend.as_ref())
                .await
                .unwrap(),
        );
        let op = deny_op(None);
        let planned = plan(&op, common::fixed_now());
        let (tx, mut rx) = tokio::sync::mpsc::unbounded_channel();
        let task = tokio::spawn(run(backend.clone(), planned, context.clone(), tx));
        while let Some(ev) = rx.recv().await {
            if let WorkflowEvent::Step {
                status: StepStatus::Running { .. },
                ..
            } = ev
            {
                task.abort();
                break;
            }
        }
        let _ = task.await;
        let Operation::ProtectVault { policy, .. } = &op else {
            unreachable!()
        };
        if landed {
            // The crash came just after AWS took the policy.
            sb.put_vault_access_policy(seed::VAULT, policy)
                .await
                .unwrap();
        }
        let file = journal::read(&journal::list(dir.path()).unwrap()[0]).unwrap();
        let (tx, rx) = tokio::sync::mpsc::unbounded_channel();
        context.job += 1;
        let task = tokio::spawn(resume(backend.clone(), file, context, tx));
        let statuses = finish(rx).await;
        let case = format!("landed before the crash: {landed}");
        assert_eq!(
            task.await.unwrap(),
            Outcome::Completed { remaining: vec![] },
            "{case}"
        );
        assert_eq!(
            statuses
                .iter()
                .any(|s| matches!(s, StepStatus::Skipped { .. })),
            landed,
            "{case}: {statuses:?}"
        );
        let now = sb
            .get_vault_access_policy(seed::VAULT)
            .await
            .unwrap()
            .unwrap();
        let doc: serde_json::Value = serde_json::from_str(&now).unwrap();
        assert_eq!(doc["Statement"].as_array().unwrap().len(), 1, "{case}");
        assert!(protection::contains_deny_statement(&now), "{case}");
    }
}

#[tokio::test]
async fn a_policy_changed_since_the_plan_is_not_overwritten() {
    let (sb, _) = common::sandbox();
    let backend: Arc<dyn Backend> = sb.clone();
    let planned = plan(&deny_op(None), common::fixed_now());
    let theirs = r#"{"Version":"2012-10-17","Statement":[{"Sid":"Theirs","Effect":"Allow","Principal":{"AWS":"*"},"Action":"backup:List*","Resource":"*"}]}"#;
    sb.put_vault_access_policy(seed::VAULT, theirs)
        .await
        .unwrap();
    let (tx, rx) = tokio::sync::mpsc::unbounded_channel();
    let task = tokio::spawn(run(backend.clone(), planned, ctx(None), tx));
    finish(rx).await;
    let outcome = task.await.unwrap();
    assert!(
        format!("{outcome:?}").contains("changed since the plan"),
        "{outcome:?}"
    );
    assert_eq!(
        sb.get_vault_access_policy(seed::VAULT)
            .await
            .unwrap()
            .as_deref(),
        Some(theirs)
    );
}

fn render(state: &State, w: u16, h: u16) -> Terminal<TestBackend> {
    let mut t = Terminal::new(TestBackend::new(w, h)).unwrap();
    t.draw(|f| dynamo_dr::ui::draw(f, state)).unwrap();
    t
}

/// The console on the sandbox with the view opened and the engine's answer
/// read from the same sandbox.
async fn view(size: (u16, u16)) -> State {
    let (sb, _) = common::sandbox();
    let mut s = common::loaded_state(sb.clone(), size).await;
    let cmds = update(&mut s, Event::Key(KeyEvent::from(KeyCode::Char('W'))));
    assert_eq!(cmds, vec![Command::LoadProtection]);
    let facts = protection::load(sb.as_ref(), Some(seed::VAULT)).await;
    update(&mut s, Event::Protection(Box::new(facts)));
    assert!(matches!(s.view.modal, Some(Modal::Protection(_))));
    s
}

#[tokio::test]
async fn protection_view_at_90x25() {
    let s = view((90, 25)).await;
    insta::assert_snapshot!(render(&s, 90, 25).backend());
}

#[tokio::test]
async fn protection_view_at_160x45() {
    let s = view((160, 45)).await;
    insta::assert_snapshot!(render(&s, 160, 45).backend());
}
