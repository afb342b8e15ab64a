//! AWS Backup plans and their selections, with the rules AWS applies when
//! one is created: a schedule it accepts, a vault that exists, at least 90
//! days in cold storage, a role for a selection, names it allows.

use std::collections::BTreeMap;

use super::world::World;
use super::{Sandbox, lock};
use crate::backend::{BackendError, BackendResult};
use crate::domain::{BackupPlan, Cron, PlanRule, Selection};

pub(super) fn list(sb: &Sandbox) -> BackendResult<Vec<BackupPlan>> {
    Ok(sb.settled().plans.values().cloned().collect())
}

pub(super) fn create(sb: &Sandbox, name: &str, rules: &[PlanRule]) -> BackendResult<BackupPlan> {
    let now = sb.now();
    let mut world = sb.begin()?;
    check_name("backup plan name", name)?;
    if world.plans.values().any(|p| p.name == name) {
        return Err(BackendError::already_exists(format!("backup plan {name}")));
    }
    check_rules(&world, rules)?;
    let n = world.fresh_id();
    let id = format!("{:08x}-{n:04}-plan", n * 7919);
    let mut rules = rules.to_vec();
    for r in &mut rules {
        let k = world.fresh_id();
        r.id = Some(format!("{:08x}-{k:04}-rule", k * 104_729));
    }
    let plan = BackupPlan {
        arn: format!(
            "arn:aws:backup:{}:{}:backup-plan:{id}",
            world.region, world.account
        ),
        id: id.clone(),
        name: name.to_owned(),
        version_id: format!("v{n}"),
        rules,
        selections: Vec::new(),
        selections_unread: None,
        created_at: Some(now),
    };
    world.plans.insert(id, plan.clone());
    world.commit()?;
    Ok(plan)
}

pub(super) fn create_selection(
    sb: &Sandbox,
    plan_id: &str,
    selection: &Selection,
) -> BackendResult<String> {
    let mut world = sb.begin()?;
    check_name("selection name", &selection.name)?;
    require_role(&world, &selection.role_arn)?;
    if selection.resources.is_empty()
        && selection.any_tags.is_empty()
        && selection.all_conditions.is_empty()
    {
        return Err(BackendError::Invalid(
            "a selection names resources, tags or conditions".to_owned(),
        ));
    }
    let id = format!("{:08x}-sel", world.fresh_id() * 15_485_863);
    let plan = world
        .plans
        .get_mut(plan_id)
        .ok_or_else(|| BackendError::not_found(format!("backup plan {plan_id}")))?;
    if plan.selections.iter().any(|s| s.name == selection.name) {
        return Err(BackendError::already_exists(format!(
            "selection {} in plan {}",
            selection.name, plan.name
        )));
    }
    let mut made = selection.clone();
    made.id = Some(id.clone());
    plan.selections.push(made);
    world.commit()?;
    Ok(id)
}

pub(super) fn delete_selection(
    sb: &Sandbox,
    plan_id: &str,
    selection_id: &str,
) -> BackendResult<()> {
    let mut world = sb.begin()?;
    let plan = world
        .plans
        .get_mut(plan_id)
        .ok_or_else(|| BackendError::not_found(format!("backup plan {plan_id}")))?;
    let before = plan.selections.len();
    plan.selections
        .retain(|s| s.id.as_deref() != Some(selection_id));
    if plan.selections.len() == before {
        return Err(BackendError::not_found(format!("selection {selection_id}")));
    }
    world.commit()
}

pub(super) fn tags(sb: &Sandbox, table_arn: &str) -> BackendResult<BTreeMap<String, String>> {
    let world = lock(&sb.world);
    world
        .tables
        .values()
        .find(|t| t.arn == table_arn)
        .map(|t| t.dropped.tags.clone())
        .ok_or_else(|| BackendError::not_found(format!("table {table_arn}")))
}

/// AWS Backup's names: 1–50 letters, digits, `-`, `_` and `.`.
fn check_name(what: &str, name: &str) -> BackendResult<()> {
    let ok = (1..=50).contains(&name.len())
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.'));
    if ok {
        Ok(())
    } else {
        Err(BackendError::Invalid(format!(
            "{what} `{name}`: 1–50 letters, digits, -, _ or ."
        )))
    }
}

fn check_rules(world: &World, rules: &[PlanRule]) -> BackendResult<()> {
    if rules.is_empty() {
        return Err(BackendError::Invalid(
            "a backup plan has at least one rule".to_owned(),
        ));
    }
    for (i, r) in rules.iter().enumerate() {
        check_name("rule name", &r.name)?;
        if rules[..i].iter().any(|o| o.name == r.name) {
            return Err(BackendError::Invalid(format!(
                "two rules are named {}",
                r.name
            )));
        }
        let bad = |why: String| BackendError::Invalid(format!("rule {}: {why}", r.name));
        Cron::parse(&r.schedule).map_err(|e| bad(e.to_string()))?;
        if !world.vaults.contains_key(&r.vault) {
            return Err(BackendError::not_found(format!("backup vault {}", r.vault)));
        }
        r.lifecycle.check().map_err(|e| bad(e.to_string()))?;
        let start = r.start_window_minutes.unwrap_or(480);
        if start < 60 {
            return Err(bad("the start window is at least 60 minutes".to_owned()));
        }
        if r.completion_window_minutes.is_some_and(|c| c <= start) {
            return Err(bad(
                "the completion window is longer than the start window".to_owned()
            ));
        }
        for c in &r.copies {
            if !c.destination_vault_arn.starts_with("arn:aws:backup:")
                || !c.destination_vault_arn.contains(":backup-vault:")
            {
                return Err(bad(format!(
                    "copy destination `{}` is not a backup vault ARN",
                    c.destination_vault_arn
                )));
            }
            c.lifecycle.check().map_err(|e| bad(e.to_string()))?;
        }
    }
    Ok(())
}

/// A selection's role must exist (AWS checks `iam:PassRole` on it).
fn require_role(world: &World, role_arn: &str) -> BackendResult<()> {
    let name = role_arn.rsplit('/').next().unwrap_or(role_arn);
    if role_arn.starts_with("arn:aws:iam::") && world.roles.contains_key(name) {
        Ok(())
    } else {
        Err(BackendError::not_found(format!("IAM role {role_arn}")))
    }
}
