//! AWS Backup plans from the Tables pane: a chooser (create a plan from the
//! template, add the table to a plan, remove it from one) and the pages of
//! a new plan (name, rules, copy vault, tables). The engine reads the plans
//! and what the console is configured with (`PlanChoices`); everything here
//! is pure: the rows, the rules of each field (`PlanInput`, shown under
//! it) and the operation each choice makes. Keys: `dialogs/plan_wizard.rs`;
//! drawing: `ui/dialogs/plan_wizard.rs`.

use std::collections::BTreeMap;

use tui_input::Input;

use crate::domain::{
    BackupPlan, CopyAction, CoveredBy, Cron, LifecycleDays, PlanRule, Selection, TableName,
    TagCondition, template_rules,
};
use crate::workflow::Operation;

/// What the chooser needs, read by the engine when the key is pressed.
#[derive(Debug, Clone, PartialEq)]
pub struct PlanChoices {
    pub table: TableName,
    pub table_arn: String,
    /// The account's plans, or why they could not be listed.
    pub plans: Result<Vec<BackupPlan>, String>,
    /// The table's tags (`None`: not read, or no selection goes by tags).
    pub tags: Option<BTreeMap<String, String>>,
    /// `[aws] backup_vault`: the template's rules back up into it.
    pub vault: Option<String>,
    /// `[aws] backup_role_arn`: AWS Backup assumes it for a selection.
    pub role: Option<String>,
    /// The console's region: a copy goes to a vault in another one.
    pub region: String,
}

impl PlanChoices {
    fn plans(&self) -> &[BackupPlan] {
        self.plans.as_deref().unwrap_or_default()
    }
}

/// The dialog: what was read, and the page shown.
#[derive(Debug, Clone)]
pub struct PlanWizard {
    pub ctx: PlanChoices,
    pub page: PlanPage,
}

#[derive(Debug, Clone)]
pub enum PlanPage {
    Choose {
        cursor: usize,
        error: Option<String>,
    },
    Name {
        input: Input,
        error: Option<String>,
    },
    Rules {
        draft: Draft,
        cursor: usize,
        error: Option<String>,
    },
    EditRule(Box<RuleEditor>),
    Copy {
        draft: Draft,
        input: Input,
        error: Option<String>,
    },
    Tables {
        draft: Draft,
        input: Input,
        error: Option<String>,
    },
}

/// A new plan so far: its name, the template's rules (as edited) and which
/// are ticked, the copy vault.
#[derive(Debug, Clone, PartialEq)]
pub struct Draft {
    pub name: String,
    pub rules: Vec<PlanRule>,
    pub ticked: Vec<bool>,
    pub copy_to: Option<String>,
}

impl Draft {
    /// The ticked rules, each copied to `copy_to` when set.
    pub fn chosen_rules(&self) -> Vec<PlanRule> {
        self.rules
            .iter()
            .zip(&self.ticked)
            .filter(|(_, t)| **t)
            .map(|(r, _)| {
                let mut r = r.clone();
                r.copies = self
                    .copy_to
                    .iter()
                    .map(|arn| CopyAction {
                        destination_vault_arn: arn.clone(),
                        lifecycle: r.lifecycle,
                    })
                    .collect();
                r
            })
            .collect()
    }
}

/// One rule's three fields.
#[derive(Debug, Clone)]
pub struct RuleEditor {
    pub draft: Draft,
    pub index: usize,
    /// Schedule, cold after, delete after.
    pub fields: [Input; 3],
    pub row: usize,
    pub errors: [Option<String>; 3],
}

impl RuleEditor {
    pub const SCHEDULE: usize = 0;
    pub const COLD: usize = 1;
    pub const DELETE: usize = 2;
    pub const LABELS: [&'static str; 3] = ["schedule     ", "cold after   ", "delete after "];

    pub fn new(draft: Draft, index: usize) -> Self {
        let rule = draft.rules.get(index);
        let days = |d: Option<u32>| d.map(|d| d.to_string()).unwrap_or_default();
        let fields = [
            Input::new(rule.map(|r| r.schedule.clone()).unwrap_or_default()),
            Input::new(days(rule.and_then(|r| r.lifecycle.cold_after_days))),
            Input::new(days(rule.and_then(|r| r.lifecycle.delete_after_days))),
        ];
        Self {
            draft,
            index,
            fields,
            row: Self::SCHEDULE,
            errors: [None, None, None],
        }
    }

    /// The rule as typed, or each field's refusal, under it.
    pub fn check(&self) -> Result<(String, LifecycleDays), [Option<String>; 3]> {
        let mut errors: [Option<String>; 3] = [None, None, None];
        let schedule = self.fields[Self::SCHEDULE].value().trim().to_owned();
        if let Err(e) = Cron::parse(&schedule) {
            errors[Self::SCHEDULE] = Some(PlanInput::Schedule(e.to_string()).to_string());
        }
        let days = |i: usize, errors: &mut [Option<String>; 3]| -> Option<u32> {
            let raw = self.fields[i].value().trim();
            if raw.is_empty() {
                return None;
            }
            match raw.parse::<u32>() {
                Ok(d) => Some(d),
                Err(_) => {
                    errors[i] = Some(PlanInput::Days(raw.to_owned()).to_string());
                    None
                }
            }
        };
        let lifecycle = LifecycleDays {
            cold_after_days: days(Self::COLD, &mut errors),
            delete_after_days: days(Self::DELETE, &mut errors),
        };
        if errors.iter().all(Option::is_none)
            && let Err(e) = lifecycle.check()
        {
            let out_of_range_cold = lifecycle
                .cold_after_days
                .is_some_and(|c| !(1..=crate::domain::MAX_DAYS).contains(&c));
            let at = if out_of_range_cold {
                Self::COLD
            } else {
                Self::DELETE
            };
            errors[at] = Some(e.to_string());
        }
        if errors.iter().any(Option::is_some) {
            return Err(errors);
        }
        Ok((schedule, lifecycle))
    }
}

/// Why a field of the plan dialog is refused; shown under it.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PlanInput {
    #[error("a plan name is 1–50 letters, digits, -, _ or . (got '{0}')")]
    PlanName(String),
    #[error("a plan named {0} exists: choose another name")]
    PlanExists(String),
    #[error("{0}")]
    Schedule(String),
    #[error("days are a whole number, or empty for never (got '{0}')")]
    Days(String),
    #[error("tick at least one rule")]
    NoRule,
    #[error("not a backup vault ARN: arn:aws:backup:REGION:ACCOUNT:backup-vault:NAME")]
    VaultArn,
    #[error(
        "that vault is in {0}, this console's region: a copy for disaster recovery goes to a vault in another region"
    )]
    SameRegion(String),
    #[error("type a tag as key=value, or leave it empty for {0} by its ARN")]
    Tag(String),
    #[error(
        "no IAM role is configured for AWS Backup: set [aws] backup_role_arn (a selection needs a role AWS Backup assumes)"
    )]
    NoRole,
    #[error(
        "no backup vault is configured: set [aws] backup_vault (the template's rules back up into it)"
    )]
    NoVault,
}

/// A row of the chooser.
#[derive(Debug, Clone, PartialEq)]
pub enum ChoiceRow {
    Create,
    /// A plan that does not cover the table.
    Add {
        plan: usize,
    },
    /// A plan whose selection names the table by ARN (or an ARN pattern).
    Remove {
        plan: usize,
        selection: usize,
    },
    /// A plan that covers the table by a tag: not removable here.
    ByTag {
        plan: usize,
        words: String,
    },
    /// A plan whose selections could not be read.
    Unread {
        plan: usize,
        why: String,
    },
}

/// The chooser's rows: create first, then each plan by name.
pub fn choice_rows(ctx: &PlanChoices) -> Vec<ChoiceRow> {
    let mut rows = vec![ChoiceRow::Create];
    let empty = BTreeMap::new();
    let tags = ctx.tags.as_ref().unwrap_or(&empty);
    let mut plans: Vec<(usize, &BackupPlan)> = ctx.plans().iter().enumerate().collect();
    plans.sort_by(|a, b| a.1.name.cmp(&b.1.name));
    for (i, plan) in plans {
        if let Some(why) = &plan.selections_unread {
            rows.push(ChoiceRow::Unread {
                plan: i,
                why: why.clone(),
            });
            continue;
        }
        let mut covered = false;
        for (s, sel) in plan.selections.iter().enumerate() {
            match sel.covers(&ctx.table_arn, tags) {
                Some(CoveredBy::Arn) => {
                    covered = true;
                    rows.push(ChoiceRow::Remove {
                        plan: i,
                        selection: s,
                    });
                }
                Some(CoveredBy::Tag(words)) => {
                    covered = true;
                    rows.push(ChoiceRow::ByTag { plan: i, words });
                }
                None => {}
            }
        }
        if !covered {
            rows.push(ChoiceRow::Add { plan: i });
        }
    }
    rows
}

impl ChoiceRow {
    /// The row as the chooser shows it.
    pub fn label(&self, ctx: &PlanChoices) -> String {
        let table = &ctx.table;
        let name = |i: &usize| {
            ctx.plans()
                .get(*i)
                .map(|p| p.name.clone())
                .unwrap_or_default()
        };
        match self {
            Self::Create => "Create a plan from the template (daily, weekly, monthly)".to_owned(),
            Self::Add { plan } => format!("Add {table} to plan {}", name(plan)),
            Self::Remove { plan, selection } => {
                let sel = ctx
                    .plans()
                    .get(*plan)
                    .and_then(|p| p.selections.get(*selection))
                    .map(|s| s.name.clone())
                    .unwrap_or_default();
                format!("Remove {table} from plan {} (selection {sel})", name(plan))
            }
            Self::ByTag { plan, words } => {
                format!("{table} is in plan {} by tag {words}", name(plan))
            }
            Self::Unread { plan, .. } => {
                format!("plan {}: its selections could not be read", name(plan))
            }
        }
    }
}

/// What choosing a row does: the next page, the plan of an operation, or
/// why not (shown under the list).
pub enum Chosen {
    Page(PlanPage),
    Operation(Operation),
    Refused(String),
}

pub fn choose(ctx: &PlanChoices, row: &ChoiceRow) -> Chosen {
    let table = &ctx.table;
    match row {
        ChoiceRow::Create => match &ctx.vault {
            None => Chosen::Refused(PlanInput::NoVault.to_string()),
            Some(_) => Chosen::Page(PlanPage::Name {
                input: Input::default(),
                error: None,
            }),
        },
        ChoiceRow::Add { plan } => {
            let (Some(p), Some(role)) = (ctx.plans().get(*plan), &ctx.role) else {
                return Chosen::Refused(PlanInput::NoRole.to_string());
            };
            let selection = Selection {
                name: unique_name(p, &format!("dynamo-dr-{table}")),
                role_arn: role.clone(),
                resources: vec![ctx.table_arn.clone()],
                ..Selection::default()
            };
            Chosen::Operation(Operation::AddToPlan {
                table: table.clone(),
                plan_id: p.id.clone(),
                plan_name: p.name.clone(),
                selection: Box::new(selection),
            })
        }
        ChoiceRow::Remove { plan, selection } => {
            let Some(p) = ctx.plans().get(*plan) else {
                return Chosen::Refused("the plan is gone: reopen this dialog".to_owned());
            };
            let Some(old) = p.selections.get(*selection) else {
                return Chosen::Refused("the selection is gone: reopen this dialog".to_owned());
            };
            Chosen::Operation(Operation::RemoveFromPlan {
                table: table.clone(),
                plan_id: p.id.clone(),
                plan_name: p.name.clone(),
                old: Box::new(old.clone()),
                replacement: without(p, old, &ctx.table_arn).map(Box::new),
            })
        }
        ChoiceRow::ByTag { plan, words } => {
            let name = ctx.plans().get(*plan).map(|p| p.name.as_str());
            Chosen::Refused(format!(
                "{table} is in {} by its tag ({words}): a selection by tag cannot leave out one table here; change the table's tag",
                name.unwrap_or("the plan")
            ))
        }
        ChoiceRow::Unread { why, .. } => Chosen::Refused(format!(
            "what this plan covers is unknown ({why}): see it in the AWS console"
        )),
    }
}

/// A copy of `old` that leaves out `arn` (its exact ARN dropped, or, when a
/// pattern names it, added to NotResources), under a new name; `None` when
/// `old` names nothing else (it is deleted, not replaced).
pub fn without(plan: &BackupPlan, old: &Selection, arn: &str) -> Option<Selection> {
    let mut copy = old.clone();
    copy.id = None;
    copy.resources.retain(|r| r != arn);
    if copy.resources.is_empty() && copy.any_tags.is_empty() && copy.all_conditions.is_empty() {
        return None;
    }
    if copy.resources.iter().any(|p| crate::domain::glob(p, arn)) {
        copy.not_resources.push(arn.to_owned());
    }
    copy.name = unique_name(plan, &next_version(&old.name));
    Some(copy)
}

/// `nightly` → `nightly-v2`, `nightly-v2` → `nightly-v3`.
fn next_version(name: &str) -> String {
    if let Some((base, n)) = name.rsplit_once("-v")
        && let Ok(n) = n.parse::<u32>()
    {
        return format!("{base}-v{}", n + 1);
    }
    format!("{name}-v2")
}

/// `wanted` as an AWS Backup name (1–50 of letters, digits, `-_.`), made
/// unique among the plan's selections.
fn unique_name(plan: &BackupPlan, wanted: &str) -> String {
    let clean: String = wanted
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.') {
                c
            } else {
                '-'
            }
        })
        .collect();
    let cut = |s: &str, n: usize| s.chars().take(n).collect::<String>();
    let mut name = cut(&clean, 50);
    let mut n = 2;
    while plan.selections.iter().any(|s| s.name == name) {
        let suffix = format!("-{n}");
        name = format!("{}{suffix}", cut(&clean, 50 - suffix.len()));
        n += 1;
    }
    name
}

/// AWS Backup's plan names, and not one that exists.
pub fn check_plan_name(ctx: &PlanChoices, raw: &str) -> Result<String, PlanInput> {
    let name = raw.trim();
    let ok = (1..=50).contains(&name.len())
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.'));
    if !ok {
        return Err(PlanInput::PlanName(name.to_owned()));
    }
    if ctx.plans().iter().any(|p| p.name == name) {
        return Err(PlanInput::PlanExists(name.to_owned()));
    }
    Ok(name.to_owned())
}

/// The template's rules, all ticked, for a plan named `name`.
pub fn draft(ctx: &PlanChoices, name: String) -> Draft {
    let rules = template_rules(ctx.vault.as_deref().unwrap_or_default(), None);
    Draft {
        name,
        ticked: vec![true; rules.len()],
        rules,
        copy_to: None,
    }
}

/// Empty: no copy. Otherwise a backup vault's ARN in another region.
pub fn check_copy_vault(ctx: &PlanChoices, raw: &str) -> Result<Option<String>, PlanInput> {
    let arn = raw.trim();
    if arn.is_empty() {
        return Ok(None);
    }
    let parts: Vec<&str> = arn.splitn(7, ':').collect();
    let [arn_word, partition, service, region, account, kind, name] = parts[..] else {
        return Err(PlanInput::VaultArn);
    };
    let valid = arn_word == "arn"
        && partition.starts_with("aws")
        && service == "backup"
        && !region.is_empty()
        && account.len() == 12
        && account.chars().all(|c| c.is_ascii_digit())
        && kind == "backup-vault"
        && !name.is_empty();
    if !valid {
        return Err(PlanInput::VaultArn);
    }
    if region == ctx.region {
        return Err(PlanInput::SameRegion(region.to_owned()));
    }
    Ok(Some(arn.to_owned()))
}

/// The selection of a new plan: empty is the table by its ARN, `key=value`
/// the tables with that tag. A selection needs the configured role.
pub fn check_tables(ctx: &PlanChoices, raw: &str) -> Result<Selection, PlanInput> {
    let Some(role) = &ctx.role else {
        return Err(PlanInput::NoRole);
    };
    let typed = raw.trim();
    if typed.is_empty() {
        return Ok(Selection {
            name: unique_name(&no_plan(), &format!("dynamo-dr-{}", ctx.table)),
            role_arn: role.clone(),
            resources: vec![ctx.table_arn.clone()],
            ..Selection::default()
        });
    }
    match typed.split_once('=') {
        Some((key, value)) if !key.trim().is_empty() && !value.trim().is_empty() => {
            let (key, value) = (key.trim(), value.trim());
            Ok(Selection {
                name: unique_name(&no_plan(), &format!("dynamo-dr-tag-{key}-{value}")),
                role_arn: role.clone(),
                any_tags: vec![TagCondition::equals(
                    &format!("aws:ResourceTag/{key}"),
                    value,
                )],
                ..Selection::default()
            })
        }
        _ => Err(PlanInput::Tag(ctx.table.to_string())),
    }
}

/// A plan with no selections (a new plan's names need only be valid).
fn no_plan() -> BackupPlan {
    BackupPlan {
        id: String::new(),
        arn: String::new(),
        name: String::new(),
        version_id: String::new(),
        rules: Vec::new(),
        selections: Vec::new(),
        selections_unread: None,
        created_at: None,
    }
}
