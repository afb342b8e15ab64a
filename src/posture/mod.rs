//! Whether each table is recoverable, by the `[posture]` rules: a pure
//! function of what the inventory loaded (the table, its PITR status, its
//! newest restorable copy) and the time. Each rule answers pass, fail or
//! "could not tell", with a short reason; a rule whose setting is off is
//! not listed, and a rule whose data is not read (yet, or because it
//! failed) says so when it is on, never passing in silence. The tags and
//! the DR vault's copies are read by `extras::load` when a rule needs them.
//! The console's Posture column and view and `dynamo-dr posture` all read
//! `assess`.

mod extras;

pub use extras::{DrCopies, PostureData, load as load_data, needed as needs_data};

use std::collections::BTreeMap;

use crate::coverage::Coverage;
use chrono::{DateTime, Utc};
use serde::Serialize;

use crate::config::PostureConfig;
use crate::domain::time::human_duration;
use crate::domain::{NewestCopy, PitrStatus, Table};
use crate::drill::LastDrills;

/// One rule of `[posture]`, named by its config key.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Rule {
    RequirePitr,
    MinPitrDays,
    RequireDeletionProtection,
    MaxBackupAgeHours,
    RequirePlan,
    RequireCopyRegion,
    DrillEveryDays,
    RtoTargetMinutes,
}

impl Rule {
    /// The config key that turns it on.
    pub fn key(self) -> &'static str {
        match self {
            Self::RequirePitr => "require_pitr",
            Self::MinPitrDays => "min_pitr_days",
            Self::RequireDeletionProtection => "require_deletion_protection",
            Self::MaxBackupAgeHours => "max_backup_age_hours",
            Self::RequirePlan => "require_plan",
            Self::RequireCopyRegion => "require_copy_region",
            Self::DrillEveryDays => "drill_every_days",
            Self::RtoTargetMinutes => "rto_target_minutes",
        }
    }

    /// What it asks, in the operator's words.
    pub fn label(self) -> &'static str {
        match self {
            Self::RequirePitr => "PITR on",
            Self::MinPitrDays => "PITR recovery period",
            Self::RequireDeletionProtection => "deletion protection",
            Self::MaxBackupAgeHours => "newest copy within the RPO",
            Self::RequirePlan => "a backup plan covers it",
            Self::RequireCopyRegion => "a copy in a second region",
            Self::DrillEveryDays => "a recent restore drill",
            Self::RtoTargetMinutes => "drill's restore time within the RTO",
        }
    }

    /// One word for the Tables pane's narrow column.
    pub fn short(self) -> &'static str {
        match self {
            Self::RequirePitr => "PITR",
            Self::MinPitrDays => "days",
            Self::RequireDeletionProtection => "prot",
            Self::MaxBackupAgeHours => "RPO",
            Self::RequirePlan => "plan",
            Self::RequireCopyRegion => "copy",
            Self::DrillEveryDays => "drill",
            Self::RtoTargetMinutes => "RTO",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Verdict {
    Pass,
    Fail,
    /// The rule is on but could not be decided: its data is not read by
    /// this tool yet, or did not load.
    NotChecked,
}

impl Verdict {
    /// ✔, ✘ or ?.
    pub fn mark(self) -> &'static str {
        match self {
            Self::Pass => "✔",
            Self::Fail => "✘",
            Self::NotChecked => "?",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RuleResult {
    pub rule: Rule,
    pub verdict: Verdict,
    /// Why, short: "PITR off", "newest copy 3d 04h old > 24h".
    pub why: String,
}

impl RuleResult {
    fn new(rule: Rule, verdict: Verdict, why: impl Into<String>) -> Self {
        Self {
            rule,
            verdict,
            why: why.into(),
        }
    }

    fn check(rule: Rule, ok: bool, pass: impl Into<String>, fail: impl Into<String>) -> Self {
        if ok {
            Self::new(rule, Verdict::Pass, pass)
        } else {
            Self::new(rule, Verdict::Fail, fail)
        }
    }
}

/// One table's posture: every rule that is on, or the pattern that left
/// it out.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TablePosture {
    pub table: String,
    /// The `exclude` pattern or `exclude_tags` tag that matched; then
    /// `rules` is empty.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub excluded: Option<String>,
    /// Which of the two keys: `exclude` or `exclude_tags`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub excluded_key: Option<&'static str>,
    pub rules: Vec<RuleResult>,
}

/// How a table's posture sums up.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Summary {
    Excluded,
    /// Every rule passed.
    Pass,
    /// Some rule failed: how many, and the first.
    Fail(usize, Rule),
    /// Nothing failed, but some rule could not be decided.
    Unknown,
}

impl TablePosture {
    pub fn summary(&self) -> Summary {
        if self.excluded.is_some() {
            return Summary::Excluded;
        }
        let mut failed = self.rules.iter().filter(|r| r.verdict == Verdict::Fail);
        if let Some(first) = failed.next() {
            return Summary::Fail(1 + failed.count(), first.rule);
        }
        if self.rules.iter().any(|r| r.verdict == Verdict::NotChecked) {
            Summary::Unknown
        } else {
            Summary::Pass
        }
    }

    pub fn failures(&self) -> impl Iterator<Item = &RuleResult> {
        self.rules.iter().filter(|r| r.verdict == Verdict::Fail)
    }
}

/// What the inventory knows of one table.
#[derive(Debug, Clone, Copy)]
pub struct Facts<'a> {
    pub name: &'a str,
    /// `None` while loading or when its description failed (`error`).
    pub table: Option<&'a Table>,
    pub pitr: Option<&'a PitrStatus>,
    pub error: Option<&'a str>,
    /// The newest copy a restore could start from.
    pub newest: Option<NewestCopy>,
    /// Whether the backup and recovery point listings both arrived: if not,
    /// a newer copy may exist that `newest` does not know.
    pub copies_known: bool,
    /// Which AWS Backup plans cover it: `None` until the plans are read,
    /// `Err` with why when they could not be.
    pub plans: Option<Result<&'a Coverage, &'a str>>,
    /// The table's drills from the drill history: `None` when the history
    /// was not read (or could not be).
    pub drills: Option<LastDrills<'a>>,
    /// The table's tags: `None` until read (or when they could not be):
    /// then no `exclude_tags` entry leaves it out.
    pub tags: Option<&'a BTreeMap<String, String>>,
    /// The DR vault's copies: `None` until read, `Err` with why when they
    /// could not be.
    pub copies: Option<Result<&'a DrCopies, &'a str>>,
}

pub fn assess(config: &PostureConfig, facts: &Facts<'_>, now: DateTime<Utc>) -> TablePosture {
    let name = facts.name.to_owned();
    let excluded = config
        .excluded_by(facts.name)
        .map(|p| (p.to_string(), "exclude"))
        .or_else(|| {
            facts
                .tags
                .and_then(|t| config.excluded_by_tag(t))
                .map(|t| (t.to_string(), "exclude_tags"))
        });
    if let Some((by, key)) = excluded {
        return TablePosture {
            table: name,
            excluded: Some(by),
            excluded_key: Some(key),
            rules: Vec::new(),
        };
    }
    let unknown = match facts.error {
        Some(e) => format!("not checked: the table did not load: {e}"),
        None => "not checked: the table is still loading".to_owned(),
    };
    let mut rules = Vec::new();
    let unknown_rule = |rule| RuleResult::new(rule, Verdict::NotChecked, unknown.clone());
    if config.require_pitr {
        rules.push(match facts.pitr {
            Some(p) => RuleResult::check(
                Rule::RequirePitr,
                p.enabled,
                format!("PITR on, {}d", p.recovery_period_days.unwrap_or(35)),
                "PITR off",
            ),
            None => unknown_rule(Rule::RequirePitr),
        });
    }
    if let Some(min) = config.min_pitr_days {
        rules.push(match facts.pitr {
            Some(p) if p.enabled => {
                let days = u32::from(p.recovery_period_days.unwrap_or(35));
                RuleResult::check(
                    Rule::MinPitrDays,
                    days >= min.0,
                    format!("{days}d ≥ {}d", min.0),
                    format!("PITR keeps {days}d < {}d", min.0),
                )
            }
            Some(_) => RuleResult::new(Rule::MinPitrDays, Verdict::Fail, "PITR off"),
            None => unknown_rule(Rule::MinPitrDays),
        });
    }
    if config.require_deletion_protection {
        rules.push(match facts.table {
            Some(t) => RuleResult::check(
                Rule::RequireDeletionProtection,
                t.deletion_protection,
                "deletion protection on",
                "deletion protection off",
            ),
            None => unknown_rule(Rule::RequireDeletionProtection),
        });
    }
    if let Some(max) = config.max_backup_age_hours {
        rules.push(backup_age(max.0, facts, now, &unknown));
    }
    if config.require_plan {
        rules.push(plan_rule(facts.plans));
    }
    if let Some(region) = &config.require_copy_region {
        rules.push(copy_rule(&region.0, facts, now, &unknown));
    }
    if let Some(days) = config.drill_every_days {
        rules.push(drill_age(days.0, facts.drills, now));
    }
    if let Some(minutes) = config.rto_target_minutes {
        rules.push(drill_rto(minutes.0, facts.drills));
    }
    TablePosture {
        table: name,
        excluded: None,
        excluded_key: None,
        rules,
    }
}

/// A COMPLETED recovery point of the table in the DR vault of `region`.
fn copy_rule(region: &str, facts: &Facts<'_>, now: DateTime<Utc>, unknown: &str) -> RuleResult {
    let rule = Rule::RequireCopyRegion;
    let Some(table) = facts.table else {
        return RuleResult::new(rule, Verdict::NotChecked, unknown);
    };
    match facts.copies {
        None => RuleResult::new(
            rule,
            Verdict::NotChecked,
            format!("not checked: the copies in {region} are still loading"),
        ),
        Some(Err(why)) => RuleResult::new(rule, Verdict::NotChecked, format!("not checked: {why}")),
        Some(Ok(copies)) => match copies.newest.get(&table.arn) {
            Some(at) => RuleResult::new(
                rule,
                Verdict::Pass,
                format!(
                    "copy in {}, newest {} old",
                    copies.vault,
                    human_duration(now - *at)
                ),
            ),
            None => RuleResult::new(
                rule,
                Verdict::Fail,
                format!("no completed recovery point of it in {}", copies.vault),
            ),
        },
    }
}

/// The last passing drill is at most `days` old.
fn drill_age(days: u32, drills: Option<LastDrills<'_>>, now: DateTime<Utc>) -> RuleResult {
    let rule = Rule::DrillEveryDays;
    let Some(drills) = drills else {
        return RuleResult::new(
            rule,
            Verdict::NotChecked,
            "not checked: the drill history was not read",
        );
    };
    match drills.last_passing {
        Some(d) => {
            let age = now - d.finished_at;
            let ok = age <= chrono::Duration::days(i64::from(days));
            let sign = if ok { "≤" } else { ">" };
            RuleResult::check(
                rule,
                ok,
                format!("passed a drill {} ago {sign} {days}d", human_duration(age)),
                format!(
                    "last passing drill {} ago {sign} {days}d",
                    human_duration(age)
                ),
            )
        }
        None if drills.last.is_some() => {
            RuleResult::new(rule, Verdict::Fail, "no drill of it has passed")
        }
        None => RuleResult::new(rule, Verdict::Fail, "never drilled"),
    }
}

/// The last drill's measured RTO is within `minutes`.
fn drill_rto(minutes: u32, drills: Option<LastDrills<'_>>) -> RuleResult {
    let rule = Rule::RtoTargetMinutes;
    let Some(drills) = drills else {
        return RuleResult::new(
            rule,
            Verdict::NotChecked,
            "not checked: the drill history was not read",
        );
    };
    let Some(last) = drills.last else {
        return RuleResult::new(rule, Verdict::Fail, "never drilled: no RTO measured");
    };
    match last.rto_secs {
        Some(secs) => {
            let ok = secs <= u64::from(minutes) * 60;
            let sign = if ok { "≤" } else { ">" };
            let why = format!(
                "last drill restored in {} {sign} {minutes}m",
                last.rto_text()
            );
            RuleResult::check(rule, ok, why.clone(), why)
        }
        None => RuleResult::new(
            rule,
            Verdict::Fail,
            "the last drill's restore never finished: no RTO measured",
        ),
    }
}

/// A backup plan covers the table: pass naming the plans, fail when none
/// does, not checked while the plans are unread or could not be judged.
fn plan_rule(plans: Option<Result<&Coverage, &str>>) -> RuleResult {
    match plans {
        Some(Ok(Coverage::Covered(c))) => {
            let mut names: Vec<&str> = c.iter().map(|c| c.plan_name.as_str()).collect();
            names.dedup();
            RuleResult::new(
                Rule::RequirePlan,
                Verdict::Pass,
                format!("in plan {}", names.join(", ")),
            )
        }
        Some(Ok(Coverage::None)) => RuleResult::new(
            Rule::RequirePlan,
            Verdict::Fail,
            "no AWS Backup plan selects it".to_owned(),
        ),
        Some(Ok(Coverage::Unknown(why))) => RuleResult::new(
            Rule::RequirePlan,
            Verdict::NotChecked,
            format!("not checked: {why}"),
        ),
        Some(Err(why)) => RuleResult::new(
            Rule::RequirePlan,
            Verdict::NotChecked,
            format!("not checked: the plans could not be read: {why}"),
        ),
        None => RuleResult::new(
            Rule::RequirePlan,
            Verdict::NotChecked,
            "not checked: the plans are still loading".to_owned(),
        ),
    }
}

/// The newest copy's age against the RPO target. Copies not yet listed
/// (or whose listing failed) may hold a newer one: a failure is then only
/// "could not tell"; a pass stands, since a newer copy only helps.
fn backup_age(max_hours: u32, facts: &Facts<'_>, now: DateTime<Utc>, unknown: &str) -> RuleResult {
    let rule = Rule::MaxBackupAgeHours;
    if facts.pitr.is_none() {
        return RuleResult::new(rule, Verdict::NotChecked, unknown);
    }
    let max = chrono::Duration::hours(i64::from(max_hours));
    let (ok, why) = match facts.newest {
        Some(c) => {
            let age = now - c.at;
            let ok = age <= max;
            let sign = if ok { "≤" } else { ">" };
            (
                ok,
                format!(
                    "newest copy ({}) {} old {sign} {max_hours}h",
                    c.kind.label(),
                    human_duration(age)
                ),
            )
        }
        None => (false, "no restorable copy".to_owned()),
    };
    match (ok, facts.copies_known) {
        (true, _) => RuleResult::new(rule, Verdict::Pass, why),
        (false, true) => RuleResult::new(rule, Verdict::Fail, why),
        (false, false) => RuleResult::new(
            rule,
            Verdict::NotChecked,
            format!("not checked: {why}, but the backup listings did not all load"),
        ),
    }
}

#[cfg(test)]
mod tests;
#[cfg(test)]
mod tests_drills;
