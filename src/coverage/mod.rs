//! Backup coverage: which AWS Backup plans (rule by rule) back up each table,
//! read once for the plans view, the Tables pane's Plan column, the Recovery
//! pane's "made by", the posture's plan rule and `dynamo-dr jobs`' check of
//! rules that were due. `resolve` is pure; `load` reads the account.

mod due;
mod load;
#[cfg(test)]
mod tests;

use std::collections::BTreeMap;

use chrono::{DateTime, Utc};

pub use due::{DueCheck, MissedRun, TableArns, claimed_by_a_later_run, job_of_run, missed_runs};
pub use load::{load, read_tags};

use crate::domain::{BackupPlan, CoveredBy, MadeBy, PlanRule};

/// One plan's hold on a table: which selection, how, and its rules.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Cover {
    pub plan_id: String,
    pub plan_name: String,
    pub selection: String,
    pub how: CoveredBy,
    pub rules: Vec<String>,
}

/// Whether a table is in a plan.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Coverage {
    Covered(Vec<Cover>),
    /// No plan's selection names it.
    None,
    /// No plan found covering it, but some could not be judged (a plan's
    /// selections or the table's tags were not read): why.
    Unknown(String),
}

impl Coverage {
    pub fn is_covered(&self) -> bool {
        matches!(self, Self::Covered(_))
    }

    /// `prod-daily-monthly`, `a, b`, `no plan`, `plan ?`.
    pub fn short(&self) -> String {
        match self {
            Self::Covered(c) => {
                let mut names: Vec<&str> = c.iter().map(|c| c.plan_name.as_str()).collect();
                names.dedup();
                names.join(", ")
            }
            Self::None => "no plan".to_owned(),
            Self::Unknown(_) => "plan ?".to_owned(),
        }
    }
}

/// What `load` read: the plans, and each table's coverage.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PlansSnapshot {
    pub plans: Vec<BackupPlan>,
    /// By table name.
    pub coverage: BTreeMap<String, Coverage>,
    pub read_at: Option<DateTime<Utc>>,
}

impl PlansSnapshot {
    /// The plan and rule behind a recovery point, in words:
    /// `prod-daily-monthly / monthly`. `None` when the plan is not listed
    /// (deleted since, or in another region).
    pub fn made_by(&self, by: &MadeBy) -> Option<String> {
        let plan = self.plans.iter().find(|p| p.id == by.plan_id)?;
        let rule = plan
            .rules
            .iter()
            .find(|r| r.id.as_deref() == Some(by.rule_id.as_str()))
            .map_or("a rule since removed", |r| r.name.as_str());
        Some(format!("{} / {rule}", plan.name))
    }

    /// Every rule that covers a table, with its plan.
    pub fn rules_of(&self, table: &str) -> Vec<(&BackupPlan, &PlanRule)> {
        let Some(Coverage::Covered(covers)) = self.coverage.get(table) else {
            return Vec::new();
        };
        let mut out: Vec<(&BackupPlan, &PlanRule)> = Vec::new();
        for c in covers {
            if let Some(plan) = self.plans.iter().find(|p| p.id == c.plan_id) {
                for r in &plan.rules {
                    if !out.iter().any(|(p, o)| p.id == plan.id && o.name == r.name) {
                        out.push((plan, r));
                    }
                }
            }
        }
        out
    }

    /// The tables a plan covers, by name.
    pub fn tables_of(&self, plan_id: &str) -> Vec<(&str, &Cover)> {
        self.coverage
            .iter()
            .filter_map(|(t, c)| match c {
                Coverage::Covered(covers) => covers
                    .iter()
                    .find(|c| c.plan_id == plan_id)
                    .map(|c| (t.as_str(), c)),
                _ => None,
            })
            .collect()
    }
}

/// A table's coverage from the plans: `tags` is `None` when its tags were
/// not read (then a tag selection that might match makes it unknown, not
/// uncovered).
pub fn resolve(
    plans: &[BackupPlan],
    table_arn: &str,
    tags: Option<&BTreeMap<String, String>>,
) -> Coverage {
    let empty = BTreeMap::new();
    let mut covers = Vec::new();
    let mut unsure: Option<String> = None;
    for plan in plans {
        if let Some(why) = &plan.selections_unread {
            unsure.get_or_insert_with(|| format!("plan {}'s selections: {why}", plan.name));
        }
        for s in &plan.selections {
            if s.reads_tags() && tags.is_none() {
                unsure.get_or_insert_with(|| "the table's tags were not read".to_owned());
            }
            if let Some(how) = s.covers(table_arn, tags.unwrap_or(&empty)) {
                covers.push(Cover {
                    plan_id: plan.id.clone(),
                    plan_name: plan.name.clone(),
                    selection: s.name.clone(),
                    how,
                    rules: plan.rules.iter().map(|r| r.name.clone()).collect(),
                });
            }
        }
    }
    match (covers.is_empty(), unsure) {
        (false, _) => Coverage::Covered(covers),
        (true, Some(why)) => Coverage::Unknown(why),
        (true, None) => Coverage::None,
    }
}
