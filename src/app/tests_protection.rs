//! The Protection view in the reducer: opened by its key with the engine's
//! command, filled by its event, and its apply key opening the plan of the
//! deny policy, or refusing with the reason in a read-only console.

#![allow(clippy::unwrap_used, clippy::panic)]

use chrono::{Duration, TimeZone, Utc};
use crossterm::event::{KeyCode, KeyEvent};

use super::*;
use crate::checks::CheckResult;
use crate::domain::{DeletePermission, VaultInfo, VaultLock};
use crate::protection::ProtectionFacts;
use crate::workflow::Operation;

fn key(c: char) -> Event {
    Event::Key(KeyEvent::from(KeyCode::Char(c)))
}

fn writable() -> State {
    let mut s = super::tests_interrupted::state();
    let pass = CheckResult {
        name: "account",
        passed: true,
        detail: "ok".into(),
        fix: None,
    };
    update(&mut s, Event::Checks(vec![pass]));
    assert_eq!(s.header.read_only_reason(), None);
    s
}

/// A vault without a policy, locked in governance mode until three days
/// after the state's clock, and a caller IAM lets delete.
pub(crate) fn facts(now: chrono::DateTime<Utc>) -> ProtectionFacts {
    ProtectionFacts {
        vault_name: Some("dr-vault".into()),
        vault: Ok(VaultInfo {
            name: "dr-vault".into(),
            arn: "arn:aws:backup:ca-central-1:111122223333:backup-vault:dr-vault".into(),
            recovery_points: 12,
            lock: Some(VaultLock {
                min_retention_days: Some(7),
                max_retention_days: Some(365),
                lock_date: Some(now + Duration::days(3)),
            }),
        }),
        policy: Ok(None),
        caller: Some("arn:aws:sts::111122223333:assumed-role/OnCall/alice".into()),
        permission: Ok(DeletePermission::Allowed {
            principal: "arn:aws:iam::111122223333:role/OnCall".into(),
            actions: vec!["dynamodb:DeleteBackup".into()],
        }),
    }
}

fn opened(s: &mut State) {
    let cmds = update(s, key('W'));
    assert_eq!(cmds, vec![Command::LoadProtection]);
    let Some(Modal::Protection(v)) = &s.view.modal else {
        panic!("{:?}", s.view.modal)
    };
    assert!(v.facts.is_none());
    // Nothing to apply while it loads.
    update(s, key('a'));
    assert!(matches!(s.view.modal, Some(Modal::Protection(_))));
    let now = s.now;
    update(s, Event::Protection(Box::new(facts(now))));
}

fn text(s: &State) -> String {
    match &s.view.modal {
        Some(Modal::Protection(v)) => v.details.lines.join("\n"),
        other => panic!("{other:?}"),
    }
}

#[test]
fn the_key_loads_the_view_and_says_who_can_delete() {
    let mut s = writable();
    opened(&mut s);
    let t = text(&s);
    assert!(t.contains("✘ no access policy"), "{t}");
    assert!(t.contains("~ governance mode until Nov 25 2026"), "{t}");
    assert!(t.contains("retention 7–365 days"), "{t}");
    assert!(
        t.contains("✘ arn:aws:iam::111122223333:role/OnCall may delete"),
        "{t}"
    );
    assert!(t.contains("a: put a vault access policy"), "{t}");
    // Esc closes it.
    update(&mut s, Event::Key(KeyEvent::from(KeyCode::Esc)));
    assert!(s.view.modal.is_none());
}

#[test]
fn a_compliance_lock_a_denying_policy_and_an_unknown_answer() {
    let mut s = writable();
    update(&mut s, key('W'));
    let mut f = facts(s.now);
    if let Ok(v) = f.vault.as_mut() {
        v.lock.as_mut().unwrap().lock_date = Some(s.now - Duration::days(1));
    }
    f.policy = Ok(Some(crate::protection::with_deny_statement(None).unwrap()));
    f.permission = Ok(DeletePermission::Unknown(
        "the caller may not simulate IAM policies".into(),
    ));
    update(&mut s, Event::Protection(Box::new(f)));
    let t = text(&s);
    assert!(
        t.contains("✔ denies deleting recovery points to everyone"),
        "{t}"
    );
    assert!(t.contains("✔ compliance mode since Nov 21 2026"), "{t}");
    assert!(
        t.contains("? could not tell: the caller may not simulate"),
        "{t}"
    );
    assert!(!t.contains("a: put"), "{t}");
    // Nothing to apply: the view stays, and says why.
    update(&mut s, key('a'));
    assert!(matches!(s.view.modal, Some(Modal::Protection(_))));
    assert!(
        s.view
            .flash
            .as_deref()
            .unwrap()
            .contains("nothing to apply")
    );
}

#[test]
fn apply_opens_the_plan_with_the_whole_policy() {
    let mut s = writable();
    opened(&mut s);
    update(&mut s, key('a'));
    let Some(Modal::Wizard(Wizard::Plan { plan, .. })) = &s.view.modal else {
        panic!("{:?}", s.view.modal)
    };
    let Operation::ProtectVault {
        vault,
        policy,
        base,
        ..
    } = &plan.operation
    else {
        panic!("{:?}", plan.operation)
    };
    assert_eq!(vault, "dr-vault");
    assert_eq!(base, &None);
    assert!(crate::protection::contains_deny_statement(policy));
    assert_eq!(plan.steps.len(), 1);
    // The plan shows the document it puts, line by line.
    let shown = plan.warnings().join("\n");
    assert!(
        shown.contains("\"DynamoDrDenyDeleteRecoveryPoint\""),
        "{shown}"
    );
    // Enter runs it as a job, like every plan.
    let cmds = update(&mut s, Event::Key(KeyEvent::from(KeyCode::Enter)));
    assert!(
        matches!(cmds.as_slice(), [Command::StartRun { .. }]),
        "{cmds:?}"
    );
}

#[test]
fn a_read_only_console_refuses_to_apply_with_the_reason() {
    let mut s = writable();
    s.header.read_only_flag = true;
    opened(&mut s);
    update(&mut s, key('a'));
    assert!(matches!(s.view.modal, Some(Modal::Protection(_))));
    let flash = s.view.flash.clone().unwrap();
    assert!(flash.contains("--read-only"), "{flash}");
}

#[test]
fn the_engines_answer_after_closing_opens_nothing() {
    let mut s = writable();
    update(&mut s, key('W'));
    update(&mut s, Event::Key(KeyEvent::from(KeyCode::Esc)));
    let now = Utc
        .with_ymd_and_hms(2026, 11, 22, 3, 0, 0)
        .single()
        .unwrap();
    update(&mut s, Event::Protection(Box::new(facts(now))));
    assert!(s.view.modal.is_none());
}
