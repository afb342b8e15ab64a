//! Keys of the plan dialog (`app/plan_wizard.rs`): the chooser, then a new
//! plan's name, rules (tick, edit), copy vault and tables. Each field is
//! checked when confirmed and its refusal shown under it; the last page
//! opens the operation's plan, confirmed like every plan.

use crossterm::event::KeyEvent;
use tui_input::Input;

use super::field::{list_move, means_in_field, type_into};
use crate::app::plan_wizard::{
    Chosen, PlanChoices, PlanInput, PlanPage, PlanWizard, RuleEditor, check_copy_vault,
    check_plan_name, check_tables, choice_rows, choose, draft,
};
use crate::app::state::{Modal, State};
use crate::app::{Action, Command, DialogAction, Wizard};
use crate::workflow::Operation;

/// The key on the Tables pane: ask the engine for the selected table's
/// plans.
pub(in crate::app) fn request(state: &mut State) -> Vec<Command> {
    let Some(row) = state.inventory.tables.selected() else {
        state.view.flash = Some("select a table first".to_owned());
        return Vec::new();
    };
    let Some(t) = &row.table else {
        state.view.flash = Some(format!(
            "{} is not loaded yet: its ARN is needed ({} reloads)",
            row.name,
            state.keymap.key(Action::Refresh)
        ));
        return Vec::new();
    };
    let Ok(table) = crate::domain::TableName::parse(&row.name) else {
        state.view.flash = Some(format!("{} is not a table name", row.name));
        return Vec::new();
    };
    state.view.flash = Some("reading the backup plans…".to_owned());
    vec![Command::LoadPlanChoices {
        table,
        table_arn: t.arn.clone(),
    }]
}

/// The engine read the plans: open the chooser.
pub(in crate::app) fn ready(state: &mut State, ctx: PlanChoices) -> Vec<Command> {
    if state.view.modal.is_some() {
        state.view.flash =
            Some("the backup plans are read: close this dialog and ask again".to_owned());
        return Vec::new();
    }
    state.view.flash = None;
    state.view.modal = Some(Modal::PlanWizard(PlanWizard {
        ctx,
        page: PlanPage::Choose {
            cursor: 0,
            error: None,
        },
    }));
    Vec::new()
}

/// Where a key leaves a page with one text field.
enum Field<T> {
    Valid(T),
    Stay(Input, Option<String>),
}

/// Confirm checks the value, whose refusal stays under the field; any other
/// key is typed and clears it.
fn field<T>(
    mut input: Input,
    key: KeyEvent,
    confirm: bool,
    check: impl FnOnce(&str) -> Result<T, PlanInput>,
) -> Field<T> {
    if confirm {
        return match check(input.value()) {
            Ok(v) => Field::Valid(v),
            Err(e) => Field::Stay(input, Some(e.to_string())),
        };
    }
    type_into(&mut input, key);
    Field::Stay(input, None)
}

pub(super) fn on_key(state: &mut State, w: PlanWizard, key: KeyEvent) -> Vec<Command> {
    let PlanWizard { ctx, page } = w;
    let in_field = !matches!(page, PlanPage::Choose { .. } | PlanPage::Rules { .. });
    let means = |action| {
        if in_field {
            means_in_field(state, &key, action)
        } else {
            state.keymap.means(&key, action)
        }
    };
    let confirm = means(DialogAction::Confirm);
    if means(DialogAction::Cancel) {
        // Leaving a rule's fields keeps the rule as it was.
        if let PlanPage::EditRule(e) = page {
            state.view.modal = Some(Modal::PlanWizard(PlanWizard {
                ctx,
                page: PlanPage::Rules {
                    draft: e.draft,
                    cursor: e.index,
                    error: None,
                },
            }));
        }
        return Vec::new();
    }
    let next = match page {
        PlanPage::Choose { mut cursor, error } => {
            let rows = choice_rows(&ctx);
            if !confirm {
                list_move(state, &mut cursor, rows.len(), &key);
                PlanPage::Choose { cursor, error }
            } else {
                match rows.get(cursor).map(|r| choose(&ctx, r)) {
                    Some(Chosen::Page(page)) => page,
                    Some(Chosen::Operation(op)) => return show_plan(state, op),
                    Some(Chosen::Refused(why)) => PlanPage::Choose {
                        cursor,
                        error: Some(why),
                    },
                    None => PlanPage::Choose { cursor, error },
                }
            }
        }
        PlanPage::Name { input, .. } => {
            match field(input, key, confirm, |raw| check_plan_name(&ctx, raw)) {
                Field::Valid(name) => PlanPage::Rules {
                    draft: draft(&ctx, name),
                    cursor: 0,
                    error: None,
                },
                Field::Stay(input, error) => PlanPage::Name { input, error },
            }
        }
        PlanPage::Rules {
            mut draft,
            mut cursor,
            error,
        } => {
            if confirm {
                if draft.ticked.iter().any(|t| *t) {
                    PlanPage::Copy {
                        draft,
                        input: Input::default(),
                        error: None,
                    }
                } else {
                    PlanPage::Rules {
                        draft,
                        cursor,
                        error: Some(PlanInput::NoRule.to_string()),
                    }
                }
            } else if state.keymap.means(&key, DialogAction::Tick) {
                if let Some(t) = draft.ticked.get_mut(cursor) {
                    *t = !*t;
                }
                PlanPage::Rules {
                    draft,
                    cursor,
                    error: None,
                }
            } else if state.keymap.means(&key, DialogAction::Edit) {
                PlanPage::EditRule(Box::new(RuleEditor::new(draft, cursor)))
            } else {
                list_move(state, &mut cursor, draft.rules.len(), &key);
                PlanPage::Rules {
                    draft,
                    cursor,
                    error,
                }
            }
        }
        PlanPage::EditRule(mut e) => {
            if confirm {
                match e.check() {
                    Ok((schedule, lifecycle)) => {
                        if let Some(rule) = e.draft.rules.get_mut(e.index) {
                            rule.schedule = schedule;
                            rule.lifecycle = lifecycle;
                        }
                        PlanPage::Rules {
                            draft: e.draft,
                            cursor: e.index,
                            error: None,
                        }
                    }
                    Err(errors) => {
                        e.errors = errors;
                        PlanPage::EditRule(e)
                    }
                }
            } else if means_in_field(state, &key, DialogAction::Up) {
                e.row = e.row.saturating_sub(1);
                PlanPage::EditRule(e)
            } else if means_in_field(state, &key, DialogAction::Down)
                || means_in_field(state, &key, DialogAction::Switch)
            {
                e.row = (e.row + 1) % e.fields.len();
                PlanPage::EditRule(e)
            } else {
                let row = e.row.min(e.fields.len() - 1);
                type_into(&mut e.fields[row], key);
                e.errors[row] = None;
                PlanPage::EditRule(e)
            }
        }
        PlanPage::Copy {
            mut draft, input, ..
        } => match field(input, key, confirm, |raw| check_copy_vault(&ctx, raw)) {
            Field::Valid(copy_to) => {
                draft.copy_to = copy_to;
                PlanPage::Tables {
                    draft,
                    input: Input::default(),
                    error: None,
                }
            }
            Field::Stay(input, error) => PlanPage::Copy {
                draft,
                input,
                error,
            },
        },
        PlanPage::Tables { draft, input, .. } => {
            match field(input, key, confirm, |raw| check_tables(&ctx, raw)) {
                Field::Valid(selection) => {
                    let op = Operation::CreatePlan {
                        table: ctx.table.clone(),
                        rules: draft.chosen_rules(),
                        name: draft.name,
                        selection: Some(Box::new(selection)),
                    };
                    return show_plan(state, op);
                }
                Field::Stay(input, error) => PlanPage::Tables {
                    draft,
                    input,
                    error,
                },
            }
        }
    };
    state.view.modal = Some(Modal::PlanWizard(PlanWizard { ctx, page: next }));
    Vec::new()
}

/// The operation's plan, to read and confirm (Enter asks the refusal
/// rules: read-only, a run on the table).
fn show_plan(state: &mut State, op: Operation) -> Vec<Command> {
    let plan = crate::workflow::plan(&op, state.now);
    state.view.modal = Some(Modal::Wizard(Wizard::plan(plan)));
    Vec::new()
}
