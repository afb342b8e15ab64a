//! AWS Backup plans over the SDK: every plan with its rules and selections
//! (all pages), a plan created from rules, a selection created or deleted,
//! and a table's tags (what a tag selection matches).

use std::collections::BTreeMap;

use aws_sdk_backup::types as bk;
use aws_smithy_types::error::operation::BuildError;

use super::convert::to_utc;
use super::{AwsBackend, settings};
use crate::backend::{BackendError, BackendResult};
use crate::domain::{
    BackupPlan, CopyAction, LifecycleDays, PlanRule, Selection, TagCondition, TagTest,
};

fn build_error(what: &str, e: BuildError) -> BackendError {
    BackendError::Invalid(format!("{what}: {e}"))
}

pub(super) async fn list(b: &AwsBackend) -> BackendResult<Vec<BackupPlan>> {
    let call = b.call("backup:ListBackupPlans", "the backup plan list");
    let listed: Vec<bk::BackupPlansListMember> = b
        .backup
        .list_backup_plans()
        .into_paginator()
        .items()
        .send()
        .try_collect()
        .await
        .map_err(|e| call.map(e))?;
    let mut plans = Vec::with_capacity(listed.len());
    for member in &listed {
        let Some(id) = member.backup_plan_id() else {
            continue;
        };
        plans.push(plan(b, id).await?);
    }
    plans.sort_by(|a, b| a.name.cmp(&b.name));
    Ok(plans)
}

async fn plan(b: &AwsBackend, id: &str) -> BackendResult<BackupPlan> {
    let call = b.call("backup:GetBackupPlan", format!("backup plan {id}"));
    let out = b
        .backup
        .get_backup_plan()
        .backup_plan_id(id)
        .send()
        .await
        .map_err(|e| call.map(e))?;
    let body = out.backup_plan();
    let (selections, selections_unread) = match selections(b, id).await {
        Ok(s) => (s, None),
        Err(e) => (Vec::new(), Some(e.to_string())),
    };
    Ok(BackupPlan {
        id: id.to_owned(),
        arn: out.backup_plan_arn().unwrap_or_default().to_owned(),
        name: body
            .map(|p| p.backup_plan_name().to_owned())
            .unwrap_or_default(),
        version_id: out.version_id().unwrap_or_default().to_owned(),
        rules: body
            .map(|p| p.rules().iter().map(rule).collect())
            .unwrap_or_default(),
        selections,
        selections_unread,
        created_at: out.creation_date().and_then(to_utc),
    })
}

/// A plan's selections, each read whole. A failure here is kept with the
/// plan rather than failing the whole listing: its rules are still worth
/// seeing, and what it covers is then shown as unknown.
async fn selections(b: &AwsBackend, id: &str) -> BackendResult<Vec<Selection>> {
    let call = b.call("backup:ListBackupSelections", format!("backup plan {id}"));
    let listed: Vec<bk::BackupSelectionsListMember> = b
        .backup
        .list_backup_selections()
        .backup_plan_id(id)
        .into_paginator()
        .items()
        .send()
        .try_collect()
        .await
        .map_err(|e| call.map(e))?;
    let mut out = Vec::with_capacity(listed.len());
    for member in &listed {
        let Some(selection_id) = member.selection_id() else {
            continue;
        };
        let call = b.call(
            "backup:GetBackupSelection",
            format!("selection {selection_id} of backup plan {id}"),
        );
        let got = b
            .backup
            .get_backup_selection()
            .backup_plan_id(id)
            .selection_id(selection_id)
            .send()
            .await
            .map_err(|e| call.map(e))?;
        if let Some(s) = got.backup_selection() {
            out.push(selection(s, selection_id));
        }
    }
    Ok(out)
}

fn days(l: Option<&bk::Lifecycle>) -> LifecycleDays {
    let day = |d: Option<i64>| d.and_then(|d| u32::try_from(d).ok());
    LifecycleDays {
        cold_after_days: day(l.and_then(|l| l.move_to_cold_storage_after_days())),
        delete_after_days: day(l.and_then(|l| l.delete_after_days())),
    }
}

fn rule(r: &bk::BackupRule) -> PlanRule {
    PlanRule {
        id: r.rule_id().map(str::to_owned),
        name: r.rule_name().to_owned(),
        schedule: r.schedule_expression().unwrap_or_default().to_owned(),
        start_window_minutes: r.start_window_minutes(),
        completion_window_minutes: r.completion_window_minutes(),
        vault: r.target_backup_vault_name().to_owned(),
        lifecycle: days(r.lifecycle()),
        copies: r
            .copy_actions()
            .iter()
            .map(|c| CopyAction {
                destination_vault_arn: c.destination_backup_vault_arn().to_owned(),
                lifecycle: days(c.lifecycle()),
            })
            .collect(),
    }
}

fn selection(s: &bk::BackupSelection, id: &str) -> Selection {
    let params = |test: TagTest, list: &[bk::ConditionParameter]| -> Vec<TagCondition> {
        list.iter()
            .map(|p| TagCondition {
                test,
                key: p.condition_key().unwrap_or_default().to_owned(),
                value: p.condition_value().unwrap_or_default().to_owned(),
            })
            .collect()
    };
    let mut all_conditions = Vec::new();
    if let Some(c) = s.conditions() {
        all_conditions.extend(params(TagTest::Equals, c.string_equals()));
        all_conditions.extend(params(TagTest::NotEquals, c.string_not_equals()));
        all_conditions.extend(params(TagTest::Like, c.string_like()));
        all_conditions.extend(params(TagTest::NotLike, c.string_not_like()));
    }
    Selection {
        id: Some(id.to_owned()),
        name: s.selection_name().to_owned(),
        role_arn: s.iam_role_arn().to_owned(),
        resources: s.resources().to_vec(),
        not_resources: s.not_resources().to_vec(),
        any_tags: s
            .list_of_tags()
            .iter()
            .map(|c| TagCondition::equals(c.condition_key(), c.condition_value()))
            .collect(),
        all_conditions,
    }
}

/// A lifecycle as AWS Backup takes it on a rule, a copy or a backup job;
/// `None` when the point is kept forever, warm (AWS's default).
pub(super) fn sdk_lifecycle(l: LifecycleDays) -> Option<bk::Lifecycle> {
    (!l.is_never()).then(|| {
        bk::Lifecycle::builder()
            .set_move_to_cold_storage_after_days(l.cold_after_days.map(i64::from))
            .set_delete_after_days(l.delete_after_days.map(i64::from))
            .build()
    })
}

fn rule_input(r: &PlanRule) -> BackendResult<bk::BackupRuleInput> {
    let what = format!("rule {}", r.name);
    let copies = r
        .copies
        .iter()
        .map(|c| {
            bk::CopyAction::builder()
                .destination_backup_vault_arn(&c.destination_vault_arn)
                .set_lifecycle(sdk_lifecycle(c.lifecycle))
                .build()
                .map_err(|e| build_error(&what, e))
        })
        .collect::<BackendResult<Vec<_>>>()?;
    bk::BackupRuleInput::builder()
        .rule_name(&r.name)
        .target_backup_vault_name(&r.vault)
        .schedule_expression(&r.schedule)
        .set_start_window_minutes(r.start_window_minutes)
        .set_completion_window_minutes(r.completion_window_minutes)
        .set_lifecycle(sdk_lifecycle(r.lifecycle))
        .set_copy_actions((!copies.is_empty()).then_some(copies))
        .build()
        .map_err(|e| build_error(&what, e))
}

pub(super) async fn create(
    b: &AwsBackend,
    name: &str,
    rules: &[PlanRule],
) -> BackendResult<BackupPlan> {
    let inputs = rules
        .iter()
        .map(rule_input)
        .collect::<BackendResult<Vec<_>>>()?;
    let input = bk::BackupPlanInput::builder()
        .backup_plan_name(name)
        .set_rules(Some(inputs))
        .build()
        .map_err(|e| build_error("backup plan", e))?;
    let call = b.call("backup:CreateBackupPlan", format!("backup plan {name}"));
    let out = b
        .backup
        .create_backup_plan()
        .backup_plan(input)
        .send()
        .await
        .map_err(|e| call.map(e))?;
    let id = out.backup_plan_id().ok_or_else(|| {
        BackendError::empty_response("CreateBackupPlan answered without a plan id")
    })?;
    // The rules' ids are AWS's: read the plan back.
    plan(b, id).await
}

fn sdk_selection(s: &Selection) -> BackendResult<bk::BackupSelection> {
    let what = format!("selection {}", s.name);
    let list_of_tags = s
        .any_tags
        .iter()
        .map(|t| {
            if t.test != TagTest::Equals {
                return Err(BackendError::Invalid(format!(
                    "{what}: a tag in ListOfTags can only be tested for equality ({})",
                    t.words()
                )));
            }
            bk::Condition::builder()
                .condition_type(bk::ConditionType::Stringequals)
                .condition_key(&t.key)
                .condition_value(&t.value)
                .build()
                .map_err(|e| build_error(&what, e))
        })
        .collect::<BackendResult<Vec<_>>>()?;
    let param = |t: &TagCondition| {
        bk::ConditionParameter::builder()
            .condition_key(&t.key)
            .condition_value(&t.value)
            .build()
    };
    let of = |test: TagTest| -> Option<Vec<bk::ConditionParameter>> {
        let v: Vec<_> = s
            .all_conditions
            .iter()
            .filter(|c| c.test == test)
            .map(param)
            .collect();
        (!v.is_empty()).then_some(v)
    };
    let conditions = (!s.all_conditions.is_empty()).then(|| {
        bk::Conditions::builder()
            .set_string_equals(of(TagTest::Equals))
            .set_string_not_equals(of(TagTest::NotEquals))
            .set_string_like(of(TagTest::Like))
            .set_string_not_like(of(TagTest::NotLike))
            .build()
    });
    let some = |v: &Vec<String>| (!v.is_empty()).then(|| v.clone());
    bk::BackupSelection::builder()
        .selection_name(&s.name)
        .iam_role_arn(&s.role_arn)
        .set_resources(some(&s.resources))
        .set_not_resources(some(&s.not_resources))
        .set_list_of_tags((!list_of_tags.is_empty()).then_some(list_of_tags))
        .set_conditions(conditions)
        .build()
        .map_err(|e| build_error(&what, e))
}

pub(super) async fn create_selection(
    b: &AwsBackend,
    plan_id: &str,
    selection: &Selection,
) -> BackendResult<String> {
    let input = sdk_selection(selection)?;
    let call = b.call(
        "backup:CreateBackupSelection",
        format!("selection {} of backup plan {plan_id}", selection.name),
    );
    let out = b
        .backup
        .create_backup_selection()
        .backup_plan_id(plan_id)
        .backup_selection(input)
        .send()
        .await
        .map_err(|e| call.map(e))?;
    out.selection_id().map(str::to_owned).ok_or_else(|| {
        BackendError::empty_response("CreateBackupSelection answered without a selection id")
    })
}

pub(super) async fn delete_selection(
    b: &AwsBackend,
    plan_id: &str,
    selection_id: &str,
) -> BackendResult<()> {
    let call = b.call(
        "backup:DeleteBackupSelection",
        format!("selection {selection_id} of backup plan {plan_id}"),
    );
    b.backup
        .delete_backup_selection()
        .backup_plan_id(plan_id)
        .selection_id(selection_id)
        .send()
        .await
        .map_err(|e| call.map(e))?;
    Ok(())
}

pub(super) async fn tags(
    b: &AwsBackend,
    table_arn: &str,
) -> BackendResult<BTreeMap<String, String>> {
    settings::tags(b, table_arn).await
}
