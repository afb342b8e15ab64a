//! AWS Backup plans on the AWS backend. Over the wire against moto (started
//! by `scripts/test.sh`) for what moto 5.2.5 serves: CreateBackupPlan,
//! GetBackupPlan, ListBackupPlans (its selection calls answer 500, which the
//! backend keeps with the plan as `selections_unread`). With
//! `aws-smithy-mocks` for selections: the exact requests and how the
//! answers are read.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
mod mocked;
mod moto;

use std::sync::{Arc, Mutex};

use aws_sdk_backup::operation::create_backup_selection::{
    CreateBackupSelectionInput, CreateBackupSelectionOutput,
};
use aws_sdk_backup::operation::delete_backup_selection::DeleteBackupSelectionOutput;
use aws_sdk_backup::operation::get_backup_plan::GetBackupPlanOutput;
use aws_sdk_backup::operation::get_backup_selection::GetBackupSelectionOutput;
use aws_sdk_backup::operation::list_backup_plans::ListBackupPlansOutput;
use aws_sdk_backup::operation::list_backup_selections::ListBackupSelectionsOutput;
use aws_sdk_backup::types as bk;
use aws_smithy_mocks::{RuleMode, mock, mock_client};
use dynamo_dr::aws::AwsBackend;
use dynamo_dr::backend::Backend;
use dynamo_dr::domain::{
    CoveredBy, LifecycleDays, Selection, TagCondition, TagTest, template_rules,
};
use mocked::Clients;
use moto::{backend, sdk, unique};

const ROLE: &str = "arn:aws:iam::111122223333:role/dr-backup-role";
const ORDERS: &str = "arn:aws:dynamodb:eu-west-1:111122223333:table/orders";
const DR_VAULT: &str = "arn:aws:backup:us-west-2:111122223333:backup-vault:dr";

#[tokio::test]
#[ignore = "needs moto: run scripts/test.sh"]
async fn a_plan_from_the_template_is_created_and_listed_with_its_rules() {
    let (b, sdk) = (backend().await, sdk().await);
    let vault = unique("plan-vault");
    aws_sdk_backup::Client::new(&sdk)
        .create_backup_vault()
        .backup_vault_name(&vault)
        .send()
        .await
        .expect("create vault");
    let name = unique("dynamo-dr-plan");
    let rules = template_rules(&vault, Some(DR_VAULT));

    let plan = b.create_backup_plan(&name, &rules).await.unwrap();

    assert_eq!(plan.name, name);
    assert!(
        !plan.id.is_empty() && plan.arn.contains(&plan.id),
        "{plan:?}"
    );
    let names: Vec<&str> = plan.rules.iter().map(|r| r.name.as_str()).collect();
    assert_eq!(names, ["daily", "weekly", "monthly"]);
    assert!(plan.rules.iter().all(|r| r.id.is_some()), "{plan:?}");
    let monthly = &plan.rules[2];
    assert_eq!(monthly.schedule, "cron(0 5 1 * ? *)");
    assert_eq!(monthly.vault, vault);
    assert_eq!(
        monthly.lifecycle,
        LifecycleDays {
            cold_after_days: Some(30),
            delete_after_days: Some(365)
        }
    );
    assert_eq!(monthly.copies.len(), 1);
    assert_eq!(monthly.copies[0].destination_vault_arn, DR_VAULT);
    assert_eq!(monthly.start_window_minutes, Some(180));

    let listed = b.list_backup_plans().await.unwrap();
    let found = listed.iter().find(|p| p.id == plan.id).expect("listed");
    assert_eq!(found.rules, plan.rules);
}

fn with_backup(backup: aws_sdk_backup::Client) -> AwsBackend {
    Clients {
        backup,
        ..Clients::default()
    }
    .backend()
}

#[tokio::test]
async fn plans_are_read_with_their_selections_resolved() {
    let list = mock!(aws_sdk_backup::Client::list_backup_plans).then_output(|| {
        ListBackupPlansOutput::builder()
            .backup_plans_list(
                bk::BackupPlansListMember::builder()
                    .backup_plan_id("plan-1")
                    .build(),
            )
            .build()
    });
    let get = mock!(aws_sdk_backup::Client::get_backup_plan)
        .match_requests(|r| r.backup_plan_id() == Some("plan-1"))
        .then_output(|| {
            GetBackupPlanOutput::builder()
                .backup_plan_id("plan-1")
                .backup_plan_arn("arn:aws:backup:eu-west-1:111122223333:backup-plan:plan-1")
                .version_id("v7")
                .backup_plan(
                    bk::BackupPlan::builder()
                        .backup_plan_name("prod")
                        .rules(
                            bk::BackupRule::builder()
                                .rule_name("daily")
                                .rule_id("r-1")
                                .target_backup_vault_name("main")
                                .schedule_expression("cron(0 5 ? * * *)")
                                .start_window_minutes(60)
                                .lifecycle(bk::Lifecycle::builder().delete_after_days(35).build())
                                .copy_actions(
                                    bk::CopyAction::builder()
                                        .destination_backup_vault_arn(DR_VAULT)
                                        .build()
                                        .unwrap(),
                                )
                                .build()
                                .unwrap(),
                        )
                        .build()
                        .unwrap(),
                )
                .build()
        });
    let selections = mock!(aws_sdk_backup::Client::list_backup_selections).then_output(|| {
        ListBackupSelectionsOutput::builder()
            .backup_selections_list(
                bk::BackupSelectionsListMember::builder()
                    .selection_id("sel-1")
                    .build(),
            )
            .build()
    });
    let selection = mock!(aws_sdk_backup::Client::get_backup_selection)
        .match_requests(|r| {
            r.backup_plan_id() == Some("plan-1") && r.selection_id() == Some("sel-1")
        })
        .then_output(|| {
            GetBackupSelectionOutput::builder()
                .backup_selection(
                    bk::BackupSelection::builder()
                        .selection_name("by-tag")
                        .iam_role_arn(ROLE)
                        .list_of_tags(
                            bk::Condition::builder()
                                .condition_type(bk::ConditionType::Stringequals)
                                .condition_key("aws:ResourceTag/backup")
                                .condition_value("daily")
                                .build()
                                .unwrap(),
                        )
                        .conditions(
                            bk::Conditions::builder()
                                .string_not_equals(
                                    bk::ConditionParameter::builder()
                                        .condition_key("aws:ResourceTag/env")
                                        .condition_value("dev")
                                        .build(),
                                )
                                .build(),
                        )
                        .build()
                        .unwrap(),
                )
                .build()
        });
    let b = with_backup(mock_client!(
        aws_sdk_backup,
        RuleMode::MatchAny,
        [&list, &get, &selections, &selection]
    ));

    let plans = b.list_backup_plans().await.unwrap();

    assert_eq!(plans.len(), 1);
    let p = &plans[0];
    assert_eq!((p.name.as_str(), p.version_id.as_str()), ("prod", "v7"));
    assert_eq!(p.selections_unread, None);
    let r = &p.rules[0];
    assert_eq!(r.id.as_deref(), Some("r-1"));
    assert_eq!(r.lifecycle.delete_after_days, Some(35));
    assert_eq!(
        r.copies[0].route("main").destination_region.as_deref(),
        Some("us-west-2")
    );
    let s = &p.selections[0];
    assert_eq!(s.id.as_deref(), Some("sel-1"));
    assert_eq!(
        s.any_tags,
        vec![TagCondition::equals("aws:ResourceTag/backup", "daily")]
    );
    assert_eq!(s.all_conditions[0].test, TagTest::NotEquals);
    let tagged = [("backup".to_owned(), "daily".to_owned())].into();
    assert_eq!(
        s.covers(ORDERS, &tagged),
        Some(CoveredBy::Tag("backup = daily".into()))
    );
}

#[tokio::test]
async fn a_selection_that_cannot_be_read_is_kept_with_the_plan() {
    let list = mock!(aws_sdk_backup::Client::list_backup_plans).then_output(|| {
        ListBackupPlansOutput::builder()
            .backup_plans_list(
                bk::BackupPlansListMember::builder()
                    .backup_plan_id("p")
                    .build(),
            )
            .build()
    });
    let get = mock!(aws_sdk_backup::Client::get_backup_plan).then_output(|| {
        GetBackupPlanOutput::builder()
            .backup_plan_id("p")
            .backup_plan(
                bk::BackupPlan::builder()
                    .backup_plan_name("p")
                    .set_rules(Some(Vec::new()))
                    .build()
                    .unwrap(),
            )
            .build()
    });
    let selections = mock!(aws_sdk_backup::Client::list_backup_selections).then_error(|| {
        aws_sdk_backup::operation::list_backup_selections::ListBackupSelectionsError::generic(
            aws_smithy_types::error::ErrorMetadata::builder()
                .code("AccessDeniedException")
                .message("not allowed to list selections")
                .build(),
        )
    });
    let b = with_backup(mock_client!(
        aws_sdk_backup,
        RuleMode::MatchAny,
        [&list, &get, &selections]
    ));

    let plans = b.list_backup_plans().await.unwrap();

    let why = plans[0]
        .selections_unread
        .clone()
        .expect("kept, not dropped");
    assert!(why.contains("backup:ListBackupSelections"), "{why}");
    let c = dynamo_dr::coverage::resolve(&plans, ORDERS, None);
    assert!(
        matches!(c, dynamo_dr::coverage::Coverage::Unknown(_)),
        "{c:?}"
    );
}

#[tokio::test]
async fn a_selection_is_created_and_deleted_with_the_exact_requests() {
    let seen: Arc<Mutex<Option<CreateBackupSelectionInput>>> = Arc::default();
    let sink = seen.clone();
    let create =
        mock!(aws_sdk_backup::Client::create_backup_selection).then_compute_output(move |req| {
            *sink.lock().unwrap() = Some(req.clone());
            CreateBackupSelectionOutput::builder()
                .selection_id("sel-9")
                .build()
        });
    let delete = mock!(aws_sdk_backup::Client::delete_backup_selection)
        .match_requests(|r| {
            r.backup_plan_id() == Some("plan-1") && r.selection_id() == Some("sel-9")
        })
        .then_output(|| DeleteBackupSelectionOutput::builder().build());
    let b = with_backup(mock_client!(
        aws_sdk_backup,
        RuleMode::MatchAny,
        [&create, &delete]
    ));
    let selection = Selection {
        id: None,
        name: "dynamo-dr-orders".into(),
        role_arn: ROLE.into(),
        resources: vec![ORDERS.into()],
        not_resources: Vec::new(),
        any_tags: Vec::new(),
        all_conditions: vec![TagCondition {
            test: TagTest::Like,
            key: "aws:ResourceTag/env".into(),
            value: "prod*".into(),
        }],
    };

    let id = b
        .create_backup_selection("plan-1", &selection)
        .await
        .unwrap();
    b.delete_backup_selection("plan-1", &id).await.unwrap();

    assert_eq!(id, "sel-9");
    assert_eq!(delete.num_calls(), 1);
    let req = seen.lock().unwrap().clone().unwrap();
    assert_eq!(req.backup_plan_id(), Some("plan-1"));
    let s = req.backup_selection().unwrap();
    assert_eq!(s.selection_name(), "dynamo-dr-orders");
    assert_eq!(s.iam_role_arn(), ROLE);
    assert_eq!(s.resources(), [ORDERS]);
    assert!(s.list_of_tags().is_empty());
    let like = s.conditions().unwrap().string_like();
    assert_eq!(like.len(), 1);
    assert_eq!(like[0].condition_key(), Some("aws:ResourceTag/env"));
    assert_eq!(like[0].condition_value(), Some("prod*"));

    // ListOfTags only tests equality: anything else is refused before sending.
    let like_tag = Selection {
        any_tags: vec![TagCondition {
            test: TagTest::Like,
            key: "env".into(),
            value: "p*".into(),
        }],
        ..selection
    };
    let e = b
        .create_backup_selection("plan-1", &like_tag)
        .await
        .unwrap_err();
    assert!(e.to_string().contains("equality"), "{e}");
}
