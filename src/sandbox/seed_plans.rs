//! The demo account's AWS Backup plans: what covers each table, so the plans
//! view, the Tables pane's coverage, the Recovery pane's "made by" and the
//! job validation all have something true to show.
//!
//! - `prod-daily-monthly`: a daily rule at the hour last night's jobs ran
//!   (copied to the DR vault in another region) and the monthly rule that
//!   made the year of recovery points; it selects the production tables by
//!   ARN.
//! - `parks-weekly`: a weekly rule selecting by tag (`team = parks`).
//! - `sessions`, `NameCacheAr` and `legacy_reports` are in no plan.

use chrono::{DateTime, Duration, Timelike, Utc};

use super::world::World;
use crate::domain::{
    BackupPlan, CopyAction, LifecycleDays, MadeBy, PlanRule, Selection, TagCondition,
};

/// The production tables `prod-daily-monthly` selects by ARN.
pub const PROD_TABLES: [&str; 6] = [
    "orders",
    "customers",
    "payments",
    "inventory",
    "audit-log",
    "feature-flags",
];

pub const DAILY_PLAN_ID: &str = "7c1f3e2a-prod-daily-monthly";
pub const DAILY_RULE_ID: &str = "rule-daily-5e21";
pub const MONTHLY_RULE_ID: &str = "rule-monthly-9b04";

fn days(cold: Option<u32>, delete: u32) -> LifecycleDays {
    LifecycleDays {
        cold_after_days: cold,
        delete_after_days: Some(delete),
    }
}

/// Where the seeded plans put their points: the account's vault, the
/// vault in another region the daily rule copies to, and the role its
/// selections run as.
pub(super) struct Vaults<'a> {
    pub vault: &'a str,
    pub copy_to: &'a str,
    pub role_arn: &'a str,
}

pub(super) fn seed_plans(world: &mut World, now: DateTime<Utc>, at: &Vaults<'_>) {
    let (region, account) = (world.region.clone(), world.account.clone());
    let arn = |id: &str| format!("arn:aws:backup:{region}:{account}:backup-plan:{id}");
    let (vault, role_arn) = (at.vault.to_owned(), || at.role_arn.to_owned());
    let nightly = now - Duration::hours(20);
    let daily = PlanRule {
        id: Some(DAILY_RULE_ID.to_owned()),
        name: "daily".to_owned(),
        schedule: format!("cron({} {} * * ? *)", nightly.minute(), nightly.hour()),
        start_window_minutes: Some(60),
        completion_window_minutes: Some(180),
        vault: vault.clone(),
        lifecycle: days(None, 35),
        copies: vec![CopyAction {
            destination_vault_arn: at.copy_to.to_owned(),
            lifecycle: days(None, 35),
        }],
    };
    let monthly = PlanRule {
        id: Some(MONTHLY_RULE_ID.to_owned()),
        name: "monthly".to_owned(),
        schedule: "cron(0 5 1 * ? *)".to_owned(),
        start_window_minutes: Some(180),
        completion_window_minutes: Some(360),
        vault: vault.clone(),
        lifecycle: days(Some(8), 365),
        copies: Vec::new(),
    };
    let prod = BackupPlan {
        id: DAILY_PLAN_ID.to_owned(),
        arn: arn(DAILY_PLAN_ID),
        name: "prod-daily-monthly".to_owned(),
        version_id: "v1".to_owned(),
        rules: vec![daily, monthly],
        selections: vec![Selection {
            id: Some("sel-prod-by-arn".to_owned()),
            name: "prod-tables".to_owned(),
            role_arn: role_arn(),
            resources: PROD_TABLES.iter().map(|t| world.table_arn(t)).collect(),
            ..Selection::default()
        }],
        selections_unread: None,
        created_at: Some(now - Duration::days(400)),
    };
    let weekly_id = "0d93b6f1-parks-weekly";
    let parks = BackupPlan {
        id: weekly_id.to_owned(),
        arn: arn(weekly_id),
        name: "parks-weekly".to_owned(),
        version_id: "v3".to_owned(),
        rules: vec![PlanRule {
            id: Some("rule-weekly-77aa".to_owned()),
            name: "weekly".to_owned(),
            schedule: "cron(0 6 ? * SUN *)".to_owned(),
            start_window_minutes: Some(120),
            completion_window_minutes: Some(240),
            vault: vault.clone(),
            lifecycle: days(None, 35),
            copies: Vec::new(),
        }],
        selections: vec![Selection {
            id: Some("sel-parks-by-tag".to_owned()),
            name: "team-parks".to_owned(),
            role_arn: role_arn(),
            any_tags: vec![TagCondition::equals("aws:ResourceTag/team", "parks")],
            ..Selection::default()
        }],
        selections_unread: None,
        created_at: Some(now - Duration::days(200)),
    };
    world.plans.insert(prod.id.clone(), prod);
    world.plans.insert(parks.id.clone(), parks);

    // The year of monthly points was made by the monthly rule.
    let prod_arns: Vec<String> = PROD_TABLES.iter().map(|t| world.table_arn(t)).collect();
    for p in world.recovery_points.values_mut() {
        if prod_arns.contains(&p.point.resource_arn) {
            p.point.made_by = Some(MadeBy {
                plan_id: DAILY_PLAN_ID.to_owned(),
                rule_id: MONTHLY_RULE_ID.to_owned(),
            });
        }
    }
}
