//! The console's posture: each table's `[posture]` rules judged from what
//! the inventory holds (`crate::posture::assess`), for the Tables pane's
//! Posture column, and the view of one table's rules (the posture key),
//! shown in the details dialog.

use super::details_modal::DetailsModal;
use super::state::{Modal, State};
use super::tables::TableRow;
use crate::posture::{self, Facts, PostureData, Summary, TablePosture};

/// `row`'s posture now. The copies count as known once the backup and
/// point listings have both arrived and neither failed.
pub fn of_row(state: &State, row: &TableRow) -> TablePosture {
    let recovery = &state.inventory.recovery;
    let facts = Facts {
        name: &row.name,
        table: row.table.as_ref(),
        pitr: row.pitr.as_ref(),
        error: row.error.as_deref(),
        newest: row.newest,
        copies_known: recovery.settled() && !recovery.failed(),
        plans: plans_of(state, &row.name),
        drills: state.inventory.drills.as_ref().map(|h| h.of(&row.name)),
        tags: state
            .inventory
            .posture_data
            .as_ref()
            .and_then(|d| d.tags_of(&row.name)),
        copies: state
            .inventory
            .posture_data
            .as_ref()
            .and_then(PostureData::copies),
    };
    posture::assess(&state.posture, &facts, state.now)
}

/// The read of what the rules need beyond the inventory, when one needs
/// it (`exclude_tags`, `require_copy_region`).
pub fn load(state: &State) -> Option<super::command::Command> {
    if !posture::needs_data(&state.posture) {
        return None;
    }
    let tables = state
        .inventory
        .tables
        .rows()
        .filter_map(|r| r.table.as_ref().map(|t| (r.name.clone(), t.arn.clone())))
        .collect();
    Some(super::command::Command::LoadPostureData {
        config: Box::new(state.posture.clone()),
        dr_vault: state
            .inventory
            .recovery
            .dr_vault
            .as_deref()
            .and_then(|v| crate::domain::VaultArn::parse(v).ok()),
        tables,
    })
}

/// What the plans read says of `table`: `None` until the first read,
/// `Err` with why when it failed.
fn plans_of<'a>(
    state: &'a State,
    table: &str,
) -> Option<Result<&'a crate::coverage::Coverage, &'a str>> {
    if let Some(e) = &state.inventory.plans_error {
        return Some(Err(e.as_str()));
    }
    let snap = state.inventory.plans.as_ref()?;
    Some(
        snap.coverage
            .get(table)
            .ok_or("the table was not in the plans' reading"),
    )
}

/// Opens the selected table's rules, each with ✔, ✘ or ? and why.
pub fn open(state: &mut State) {
    let Some(row) = state.inventory.tables.selected() else {
        state.view.flash = Some("select a table first".into());
        return;
    };
    let p = of_row(state, row);
    state.view.modal = Some(Modal::Details(details(&p)));
}

/// The posture view's title and lines.
pub fn details(p: &TablePosture) -> DetailsModal {
    let verdict = match p.summary() {
        Summary::Excluded => "excluded".to_owned(),
        Summary::Pass if p.rules.is_empty() => "no rule is on".to_owned(),
        Summary::Pass => "✔ every rule passes".to_owned(),
        Summary::Fail(n, _) => format!("✘ {n} failing"),
        Summary::Unknown => "? could not tell".to_owned(),
    };
    let mut lines = Vec::new();
    if let Some(pattern) = &p.excluded {
        lines.push(match p.excluded_key {
            Some("exclude_tags") => format!(
                "No rule applies: the table is tagged \"{pattern}\", in [posture] exclude_tags."
            ),
            _ => format!("No rule applies: the name matches \"{pattern}\" in [posture] exclude."),
        });
    } else if p.rules.is_empty() {
        lines.push("Every rule is off in [posture].".to_owned());
    } else {
        let width = p
            .rules
            .iter()
            .map(|r| r.rule.label().chars().count())
            .max()
            .unwrap_or(0);
        for r in &p.rules {
            lines.push(format!(
                "{} {:<width$}  {}",
                r.verdict.mark(),
                r.rule.label(),
                r.why
            ));
        }
        lines.push(String::new());
        let keys: Vec<&str> = p.rules.iter().map(|r| r.rule.key()).collect();
        lines.push(format!("Rules set in [posture]: {}.", keys.join(", ")));
        lines.push(
            "✔ passes · ✘ fails · ? not checked (its data is not read, or did not load)".to_owned(),
        );
    }
    DetailsModal::new(format!("posture · {} · {verdict}", p.table), lines)
}
