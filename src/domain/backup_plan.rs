//! AWS Backup plans as the console reads and writes them: the rules (when,
//! into which vault, kept how long, copied where) and the selections (which
//! tables), and which tables a selection covers.

use std::collections::BTreeMap;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use super::{CopyRoute, Cron, LifecycleDays};

/// One backup plan, its rules and its selections.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BackupPlan {
    pub id: String,
    pub arn: String,
    pub name: String,
    pub version_id: String,
    pub rules: Vec<PlanRule>,
    pub selections: Vec<Selection>,
    /// Why the selections could not be read (the plan is still shown; what
    /// it covers is then unknown, never "nothing").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub selections_unread: Option<String>,
    pub created_at: Option<DateTime<Utc>>,
}

/// One rule of a plan.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PlanRule {
    /// AWS's id (`None` in a draft not created yet).
    pub id: Option<String>,
    pub name: String,
    /// `cron(0 5 ? * * *)`.
    pub schedule: String,
    /// Minutes AWS has to start the job; AWS's default is 480 (8 hours).
    pub start_window_minutes: Option<i64>,
    /// Minutes the job has to finish; AWS's default is 10080 (7 days).
    pub completion_window_minutes: Option<i64>,
    /// The target vault's name.
    pub vault: String,
    pub lifecycle: LifecycleDays,
    pub copies: Vec<CopyAction>,
}

impl PlanRule {
    /// The schedule parsed, when AWS's expression is one this console reads.
    pub fn cron(&self) -> Option<Cron> {
        Cron::parse(&self.schedule).ok()
    }

    /// The start window AWS applies (its default when the rule sets none).
    pub fn start_window(&self) -> chrono::Duration {
        chrono::Duration::minutes(self.start_window_minutes.unwrap_or(480))
    }
}

/// A copy of each recovery point the rule makes, to another vault (often in
/// a second region or account).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CopyAction {
    pub destination_vault_arn: String,
    pub lifecycle: LifecycleDays,
}

impl CopyAction {
    /// The destination's vault name and region, from its ARN.
    pub fn route(&self, source_vault: &str) -> CopyRoute {
        CopyRoute::from_arns(source_vault, &self.destination_vault_arn)
    }
}

/// Which resources a plan backs up: `Resources` (ARN patterns with `*`),
/// minus `NotResources`, or `ListOfTags` (any may match), then narrowed by
/// `Conditions` (all must match), as AWS Backup resolves them.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Selection {
    pub id: Option<String>,
    pub name: String,
    pub role_arn: String,
    pub resources: Vec<String>,
    pub not_resources: Vec<String>,
    /// `ListOfTags`: a resource with any of these is selected.
    pub any_tags: Vec<TagCondition>,
    /// `Conditions`: a selected resource must meet all of these.
    pub all_conditions: Vec<TagCondition>,
}

/// One tag test: `StringEquals`, `StringNotEquals`, `StringLike`,
/// `StringNotLike` on `aws:ResourceTag/KEY` (or the bare key).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TagCondition {
    pub test: TagTest,
    pub key: String,
    pub value: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum TagTest {
    Equals,
    NotEquals,
    Like,
    NotLike,
}

impl TagCondition {
    pub fn equals(key: &str, value: &str) -> Self {
        Self {
            test: TagTest::Equals,
            key: key.to_owned(),
            value: value.to_owned(),
        }
    }

    /// The tag's key without the `aws:ResourceTag/` prefix.
    pub fn tag_key(&self) -> &str {
        self.key
            .strip_prefix("aws:ResourceTag/")
            .unwrap_or(&self.key)
    }

    fn holds(&self, tags: &BTreeMap<String, String>) -> bool {
        let value = tags.get(self.tag_key());
        match self.test {
            TagTest::Equals => value == Some(&self.value),
            TagTest::NotEquals => value != Some(&self.value),
            TagTest::Like => value.is_some_and(|v| glob(&self.value, v)),
            TagTest::NotLike => !value.is_some_and(|v| glob(&self.value, v)),
        }
    }

    /// `env = prod`, `env like prod*`.
    pub fn words(&self) -> String {
        let op = match self.test {
            TagTest::Equals => "=",
            TagTest::NotEquals => "≠",
            TagTest::Like => "like",
            TagTest::NotLike => "not like",
        };
        format!("{} {op} {}", self.tag_key(), self.value)
    }
}

/// How a selection reaches a table, for the plans view.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CoveredBy {
    Arn,
    Tag(String),
}

impl Selection {
    /// Whether this selection backs up the table, and how; `tags` are the
    /// table's (an empty map when unknown, so a tag selection then covers
    /// nothing: the caller says tags were not read).
    pub fn covers(&self, table_arn: &str, tags: &BTreeMap<String, String>) -> Option<CoveredBy> {
        if self.not_resources.iter().any(|p| glob(p, table_arn)) {
            return None;
        }
        let how = if self.resources.iter().any(|p| glob(p, table_arn)) {
            CoveredBy::Arn
        } else if let Some(t) = self.any_tags.iter().find(|t| t.holds(tags)) {
            CoveredBy::Tag(t.words())
        } else if self.resources.is_empty()
            && self.any_tags.is_empty()
            && !self.all_conditions.is_empty()
        {
            CoveredBy::Tag(String::new())
        } else {
            return None;
        };
        if self.all_conditions.iter().all(|c| c.holds(tags)) {
            Some(how)
        } else {
            None
        }
    }

    /// Whether tags decide what it covers (the caller must read them).
    pub fn reads_tags(&self) -> bool {
        !self.any_tags.is_empty() || !self.all_conditions.is_empty()
    }
}

/// A `*` glob (AWS's `StringLike` and resource patterns): `*` any run of
/// characters, everything else literal.
pub fn glob(pattern: &str, text: &str) -> bool {
    let parts: Vec<&str> = pattern.split('*').collect();
    let [first, middle @ .., last] = &parts[..] else {
        return pattern == text;
    };
    if parts.len() == 1 {
        return pattern == text;
    }
    let Some(mut rest) = text.strip_prefix(first) else {
        return false;
    };
    for m in middle {
        match rest.find(m) {
            Some(i) => rest = &rest[i + m.len()..],
            None => return false,
        }
    }
    rest.len() >= last.len() && rest.ends_with(last)
}

/// The plan the reference recommends (`004_…`): daily kept 7 days, weekly
/// kept 5 weeks, monthly moved to cold after 30 days and kept 365, each
/// optionally copied to a vault in a second region. The operator edits it
/// before it is created.
pub fn template_rules(vault: &str, copy_to: Option<&str>) -> Vec<PlanRule> {
    let copies = |lifecycle: LifecycleDays| -> Vec<CopyAction> {
        copy_to
            .map(|arn| CopyAction {
                destination_vault_arn: arn.to_owned(),
                lifecycle,
            })
            .into_iter()
            .collect()
    };
    let rule =
        |name: &str, schedule: &str, start: i64, done: i64, lifecycle: LifecycleDays| PlanRule {
            id: None,
            name: name.to_owned(),
            schedule: schedule.to_owned(),
            start_window_minutes: Some(start),
            completion_window_minutes: Some(done),
            vault: vault.to_owned(),
            lifecycle,
            copies: copies(lifecycle),
        };
    let days = |cold, delete| LifecycleDays {
        cold_after_days: cold,
        delete_after_days: Some(delete),
    };
    vec![
        rule("daily", "cron(0 5 ? * * *)", 60, 120, days(None, 7)),
        rule("weekly", "cron(0 5 ? * SUN *)", 120, 240, days(None, 35)),
        rule(
            "monthly",
            "cron(0 5 1 * ? *)",
            180,
            360,
            days(Some(30), 365),
        ),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tags(pairs: &[(&str, &str)]) -> BTreeMap<String, String> {
        pairs
            .iter()
            .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
            .collect()
    }

    const ORDERS: &str = "arn:aws:dynamodb:us-east-1:123456789012:table/orders";

    #[test]
    fn a_selection_covers_by_arn_pattern_minus_exclusions() {
        let s = Selection {
            resources: vec!["arn:aws:dynamodb:*:*:table/*".into()],
            not_resources: vec!["arn:aws:dynamodb:*:*:table/scratch-*".into()],
            ..Selection::default()
        };
        assert_eq!(s.covers(ORDERS, &tags(&[])), Some(CoveredBy::Arn));
        assert_eq!(
            s.covers("arn:aws:dynamodb:us-east-1:1:table/scratch-1", &tags(&[])),
            None
        );
    }

    #[test]
    fn a_selection_covers_by_any_tag_then_all_conditions() {
        let s = Selection {
            any_tags: vec![TagCondition::equals("aws:ResourceTag/backup", "daily")],
            all_conditions: vec![TagCondition {
                test: TagTest::NotEquals,
                key: "aws:ResourceTag/env".into(),
                value: "dev".into(),
            }],
            ..Selection::default()
        };
        assert_eq!(
            s.covers(ORDERS, &tags(&[("backup", "daily")])),
            Some(CoveredBy::Tag("backup = daily".into()))
        );
        assert_eq!(
            s.covers(ORDERS, &tags(&[("backup", "daily"), ("env", "dev")])),
            None
        );
        assert_eq!(s.covers(ORDERS, &tags(&[("backup", "weekly")])), None);
        assert!(s.reads_tags());
    }

    #[test]
    fn globs_match_like_aws_patterns() {
        assert!(glob("*", "anything"));
        assert!(glob("prod-*", "prod-eu"));
        assert!(!glob("prod-*", "dev-prod-eu"));
        assert!(glob("a*b*c", "aXXbYYc"));
        assert!(!glob("a*b*c", "aXXbYY"));
        assert!(glob("exact", "exact"));
        assert!(!glob("exact", "exactly"));
    }

    #[test]
    fn the_template_is_valid_for_aws() {
        let rules = template_rules(
            "dr-vault",
            Some("arn:aws:backup:us-west-2:1:backup-vault:dr"),
        );
        assert_eq!(rules.len(), 3);
        for r in &rules {
            assert!(r.cron().is_some(), "{}", r.schedule);
            assert_eq!(r.lifecycle.check(), Ok(()));
            assert_eq!(r.copies.len(), 1);
        }
        assert_eq!(
            rules[2].lifecycle.words(),
            "cold after 30 d, deleted after 365 d"
        );
    }
}
