//! AWS Backup plans: creating one (from the template the wizard edited),
//! adding a selection to one, deleting a selection. Each step lists the
//! plans first, so a run resumed after AWS took its call neither creates a
//! second plan or selection nor deletes one twice; the probe reads the same
//! listing for the start-up scan.

use crate::backend::BackendError;
use crate::domain::{BackupPlan, PlanRule, Selection};
use crate::workflow::Operation;
use crate::workflow::action::StepAction;
use crate::workflow::runner::{Finish, StepResult, failed};
use crate::workflow::step_env::StepEnv;
use crate::workflow::step_error::StepError;
use crate::workflow::step_plans::{SECONDS_5, StepPlan};

use super::probe::{Probe, Seen, Touches};

pub(in crate::workflow) fn create_backup_plan_plan(name: &str, rules: &[PlanRule]) -> StepPlan {
    let names: Vec<&str> = rules.iter().map(|r| r.name.as_str()).collect();
    StepPlan::new(
        format!("Create the backup plan {name} (rules {})", names.join(", ")),
        &["ListBackupPlans", "CreateBackupPlan"],
        SECONDS_5,
        StepAction::CreateBackupPlan {
            name: name.to_owned(),
            rules: rules.to_vec(),
        },
    )
    .creating(format!("backup plan {name}"))
}

/// `plan_id`: `None` for the plan the run creates before this step.
pub(in crate::workflow) fn create_selection_plan(
    plan_name: &str,
    plan_id: Option<&str>,
    selection: &Selection,
) -> StepPlan {
    StepPlan::new(
        format!(
            "Add the selection {} to {plan_name}: {}",
            selection.name,
            what_it_names(selection)
        ),
        &["ListBackupPlans", "CreateBackupSelection"],
        SECONDS_5,
        StepAction::CreateBackupSelection {
            plan_name: plan_name.to_owned(),
            plan_id: plan_id.map(str::to_owned),
            selection: Box::new(selection.clone()),
        },
    )
    .creating(format!("selection {} in {plan_name}", selection.name))
}

pub(in crate::workflow) fn delete_selection_plan(
    plan_name: &str,
    plan_id: &str,
    selection: &Selection,
) -> StepPlan {
    StepPlan::new(
        format!(
            "Delete the selection {} of {plan_name} ({})",
            selection.name,
            what_it_names(selection)
        ),
        &["ListBackupPlans", "DeleteBackupSelection"],
        SECONDS_5,
        StepAction::DeleteBackupSelection {
            plan_name: plan_name.to_owned(),
            plan_id: plan_id.to_owned(),
            selection_id: selection.id.clone().unwrap_or_default(),
            selection_name: selection.name.clone(),
        },
    )
    .deleting(format!("selection {} in {plan_name}", selection.name))
}

/// What a plan operation creates, in words, under its steps: each rule
/// (when, how long, copied where), the tables and the role; for a removal
/// that replaces a selection, why the copy comes first.
pub(in crate::workflow) fn plan_lines(op: &Operation) -> Vec<String> {
    let mut lines = Vec::new();
    let tables = |s: &Selection| {
        let role = s.role_arn.rsplit('/').next().unwrap_or(&s.role_arn);
        format!("Tables of {}: {} (role {role}).", s.name, what_it_names(s))
    };
    match op {
        Operation::CreatePlan {
            rules, selection, ..
        } => {
            for r in rules {
                let when = r.cron().map_or_else(|| r.schedule.clone(), |c| c.words());
                let mut line = format!(
                    "Rule {}: {when} into {}, {}",
                    r.name,
                    r.vault,
                    r.lifecycle.words()
                );
                for c in &r.copies {
                    let route = c.route(&r.vault);
                    line.push_str(&format!(
                        "; copied to {} ({})",
                        route.destination_vault,
                        route.destination_region.as_deref().unwrap_or("?")
                    ));
                }
                lines.push(line);
            }
            lines.extend(selection.iter().map(|s| tables(s)));
        }
        Operation::AddToPlan { selection, .. } => lines.push(tables(selection)),
        Operation::RemoveFromPlan {
            table,
            old,
            replacement,
            ..
        } => match replacement {
            Some(new) => {
                lines.push(format!(
                    "{} names other tables too, and AWS cannot edit a selection:",
                    old.name
                ));
                lines.push(format!(
                    "{} (without {table}) is created first, then {} deleted, so the others stay covered.",
                    new.name, old.name
                ));
                lines.push(tables(new));
            }
            None => lines.push(format!(
                "{} names only {table}: it is deleted, and {table} is in no selection of this plan.",
                old.name
            )),
        },
        _ => {}
    }
    lines
}

/// `orders, sessions`, `tag backup = daily`, `everything but orders`.
pub fn what_it_names(s: &Selection) -> String {
    let mut parts: Vec<String> = s.resources.iter().map(|r| short(r)).collect();
    parts.extend(s.any_tags.iter().map(|t| format!("tag {}", t.words())));
    parts.extend(
        s.all_conditions
            .iter()
            .map(|t| format!("if tag {}", t.words())),
    );
    let mut text = parts.join(", ");
    if !s.not_resources.is_empty() {
        let not: Vec<String> = s.not_resources.iter().map(|r| short(r)).collect();
        text.push_str(&format!(" but not {}", not.join(", ")));
    }
    text
}

/// A table ARN's table name; any other pattern as it is.
fn short(arn: &str) -> String {
    match arn.rsplit_once(":table/") {
        Some((_, name)) => name.to_owned(),
        None => arn.to_owned(),
    }
}

fn plan_line(seen: &Seen, name: &str, detail: impl Fn(&BackupPlan) -> String) -> String {
    match &seen.plans {
        Some(Ok(plans)) => match plans.iter().find(|p| p.name == name) {
            Some(p) => format!("{name}: {}", detail(p)),
            None => format!("{name}: does not exist"),
        },
        Some(Err(e)) => format!("{name}: cannot tell ({e})"),
        None => format!("{name}: not checked"),
    }
}

fn has_selection(p: &BackupPlan, name: &str) -> String {
    match (
        &p.selections_unread,
        p.selections.iter().any(|s| s.name == name),
    ) {
        (_, true) => format!("selection {name} present"),
        (Some(why), false) => format!("selection {name}: cannot tell ({why})"),
        (None, false) => format!("selection {name} absent"),
    }
}

pub(super) fn create_backup_plan_probe(name: &str) -> Probe<'_> {
    Probe::touching(Touches {
        plans: vec![name],
        ..Touches::default()
    })
    .landed(move |seen, _, ledger| {
        if let Some(Ok(plans)) = &seen.plans
            && let Some(p) = plans.iter().find(|p| p.name == name)
        {
            ledger.plan_id = Some(p.id.clone());
        }
    })
    .shows(move |seen| vec![plan_line(seen, name, |p| format!("exists (id {})", p.id))])
}

pub(super) fn selection_probe<'a>(plan_name: &'a str, selection: &'a str) -> Probe<'a> {
    Probe::touching(Touches {
        plans: vec![plan_name],
        ..Touches::default()
    })
    .shows(move |seen| vec![plan_line(seen, plan_name, |p| has_selection(p, selection))])
}

impl StepEnv<'_> {
    /// The account's plans, for a step to find its own.
    async fn plans(&self) -> Result<Vec<BackupPlan>, StepError> {
        self.backend
            .list_backup_plans()
            .await
            .map_err(|error| StepError::Aws {
                api: "ListBackupPlans",
                error,
            })
    }

    pub(super) async fn create_backup_plan(
        &mut self,
        name: &str,
        rules: &[PlanRule],
    ) -> StepResult {
        if let Some(p) = self.plans().await?.into_iter().find(|p| p.name == name) {
            self.ledger.plan_id = Some(p.id.clone());
            return Ok(Finish::Skipped(format!(
                "the plan {name} exists (id {})",
                p.id
            )));
        }
        let plan = self
            .backend
            .create_backup_plan(name, rules)
            .await
            .map_err(failed("CreateBackupPlan"))?;
        self.ledger.plan_id = Some(plan.id.clone());
        self.note_accepted("CreateBackupPlan", name);
        Ok(Finish::Done(Some(format!("plan id {}", plan.id))))
    }

    pub(super) async fn create_backup_selection(
        &mut self,
        plan_name: &str,
        plan_id: Option<&str>,
        selection: &Selection,
    ) -> StepResult {
        let plans = self.plans().await?;
        let id = plan_id
            .map(str::to_owned)
            .or_else(|| self.ledger.plan_id.clone());
        let plan = plans.iter().find(|p| match &id {
            Some(id) => p.id == *id,
            None => p.name == plan_name,
        });
        let Some(plan) = plan else {
            return Err(StepError::Aws {
                api: "CreateBackupSelection",
                error: BackendError::not_found(format!("backup plan {plan_name}")),
            }
            .into());
        };
        if plan.selections.iter().any(|s| s.name == selection.name) {
            return Ok(Finish::Skipped(format!(
                "{plan_name} has the selection {}",
                selection.name
            )));
        }
        match self
            .backend
            .create_backup_selection(&plan.id, selection)
            .await
        {
            Ok(id) => {
                self.note_accepted("CreateBackupSelection", &selection.name);
                Ok(Finish::Done(Some(format!("selection id {id}"))))
            }
            // A listing that could not read the selections did not see it.
            Err(BackendError::AlreadyExists { .. }) => Ok(Finish::Skipped(format!(
                "{plan_name} has the selection {}",
                selection.name
            ))),
            Err(e) => Err(failed("CreateBackupSelection")(e)),
        }
    }

    pub(super) async fn delete_backup_selection(
        &mut self,
        plan_name: &str,
        plan_id: &str,
        selection_id: &str,
        selection_name: &str,
    ) -> StepResult {
        let plans = self.plans().await?;
        let gone = match plans.iter().find(|p| p.id == plan_id) {
            None => true,
            Some(p) => {
                p.selections_unread.is_none()
                    && !p
                        .selections
                        .iter()
                        .any(|s| s.id.as_deref() == Some(selection_id))
            }
        };
        if gone {
            return Ok(Finish::Skipped(format!(
                "the selection {selection_name} of {plan_name} is gone"
            )));
        }
        match self
            .backend
            .delete_backup_selection(plan_id, selection_id)
            .await
        {
            Ok(()) => {
                self.note_accepted("DeleteBackupSelection", selection_name);
                Ok(Finish::Done(Some("deleted".to_owned())))
            }
            Err(BackendError::NotFound { .. }) => Ok(Finish::Skipped(format!(
                "the selection {selection_name} of {plan_name} is gone"
            ))),
            Err(e) => Err(failed("DeleteBackupSelection")(e)),
        }
    }
}
