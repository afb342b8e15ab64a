//! The reducer.

use crossterm::event::{KeyEvent, KeyEventKind};
use tui_input::backend::crossterm::EventHandler;

use super::dialogs::means_in_field;
use super::header::ChecksState;
use super::layout;
use super::state::{Modal, State};
use super::{Command, DialogAction, Event, RunEvent};
use crate::inventory::InventoryEvent;
use crate::workflow::JobId;

pub fn update(state: &mut State, event: Event) -> Vec<Command> {
    let cmds = match event {
        Event::Key(key) if key.kind != KeyEventKind::Release => on_key(state, key),
        Event::Key(_) => Vec::new(),
        Event::Resize { width, height } => {
            state.view.size = (width, height);
            Vec::new()
        }
        Event::Tick(now) => {
            state.now = now;
            state.view.spinner = state.view.spinner.wrapping_add(1);
            let stale = &mut state.inventory.stale;
            stale
                .due(now)
                .into_iter()
                .chain(stale.jobs_due(now))
                .collect()
        }
        Event::Inventory(ev) => {
            let finished = matches!(ev, InventoryEvent::Finished);
            on_inventory(state, ev);
            // The tables' ARNs are known now: which plans cover them.
            if finished {
                let mut cmds = super::plans::load(state);
                cmds.push(Command::LoadDrills);
                cmds.push(Command::LoadRecoverySources {
                    dr_vault: state.inventory.recovery.dr_vault.clone(),
                    dr_region: state.inventory.recovery.dr_region_named.clone(),
                });
                cmds.push(Command::LoadForecast);
                cmds.extend(super::posture::load(state));
                cmds
            } else {
                Vec::new()
            }
        }
        Event::Identity(r) => {
            state.header.identity = Some(r.map_err(|e| e.to_string()));
            Vec::new()
        }
        Event::Checks(results) => {
            state.header.checks = ChecksState::Done(results);
            Vec::new()
        }
        Event::Run(ev) => on_run(state, ev),
        Event::Interrupted(mut scan) => {
            state.runs.restored = std::mem::take(&mut scan.restored);
            super::interrupted::found(state, scan);
            Vec::new()
        }
        Event::LocalState(reason) => {
            state.view.flash = Some(format!("changes stopped: {reason}"));
            state.header.local_problem = Some(reason);
            Vec::new()
        }
        Event::ReviewReady(plan) => super::reopen::ready(state, plan),
        Event::UndoReady(plan) => super::undo::ready(state, plan),
        Event::PlanChoices(choices) => super::dialogs::plan_wizard::ready(state, *choices),
        Event::Notice(text) => {
            state.view.flash = Some(text);
            Vec::new()
        }
        Event::Protection(facts) => super::protection::loaded(state, *facts),
        Event::Activity {
            table,
            start,
            result,
        } => {
            super::timeline::loaded(state, &table, start, result);
            Vec::new()
        }
        Event::PlansLoaded(read) => {
            super::plans::loaded(state, read);
            Vec::new()
        }
        Event::DrillsLoaded(history) => {
            state.inventory.drills = history;
            Vec::new()
        }
        Event::RecoverySources { dr, exports } => {
            super::sources::loaded(state, dr, exports);
            Vec::new()
        }
        Event::PostureData(data) => {
            state.inventory.posture_data = Some(*data);
            Vec::new()
        }
        Event::ForecastLoaded(history) => {
            state.inventory.forecast = history;
            Vec::new()
        }
    };
    show_next_question(state);
    fit_cursors(state);
    cmds
}

/// Any event may change a pane's rows (a reload, a run, a filter) or its
/// height (a resize, the first operation): after each, every cursor is
/// fitted to its pane's rows and the height the layout gives it.
fn fit_cursors(state: &mut State) {
    let h = layout::list_heights(state.view.size, state.has_operations());
    state.inventory.tables.fit(h.tables);
    let rows = state.inventory.recovery_rows();
    state.view.recovery_cursor.fit(rows, h.recovery);
    let rows = super::jobs::row_count(state);
    state.view.jobs_cursor.fit(rows, h.jobs);
    let rows = super::backups::row_count(state);
    let height = super::backups::list_height(state.view.size);
    if let Some(v) = state.view.backups.as_mut() {
        v.cursor.fit(rows, height);
    }
}

fn on_run(state: &mut State, ev: RunEvent) -> Vec<Command> {
    // The run we wait on after an answer spoke: the keyboard is free again.
    if matches!(state.view.modal, Some(Modal::Waiting { job }) if job == ev.job()) {
        state.view.modal = None;
    }
    match ev {
        RunEvent::Step { job, index, status } => {
            if let Some(run) = state.runs.ours.iter_mut().find(|r| r.job == job) {
                if let Some((step, _)) = run.steps.get(index) {
                    state.inventory.stale.step(step, &status);
                }
                run.set_step(index, status);
            }
            Vec::new()
        }
        RunEvent::StepAdded { job, index, step } => {
            if let Some(run) = run_mut(state, job) {
                run.add_step(index, *step);
            }
            Vec::new()
        }
        RunEvent::Ask { job, question, .. } => {
            if let Some(run) = run_mut(state, job) {
                run.asking = true;
            }
            state.runs.questions.push_back((job, question));
            Vec::new()
        }
        RunEvent::Compared { job, comparison } => {
            if let Some(run) = run_mut(state, job) {
                run.comparison = Some(*comparison);
            }
            Vec::new()
        }
        RunEvent::Finished { job, outcome } => {
            let now = state.now;
            if let Some(run) = run_mut(state, job) {
                run.finish(outcome, now);
                state.view.flash = Some(format!(
                    "job {job}: {} on {}: {}",
                    run.label,
                    run.table,
                    run.summary()
                ));
            }
            // What the run changed shows up in the panes.
            state.inventory.loading = true;
            state.inventory.stale.clear();
            vec![Command::LoadInventory]
        }
    }
}

fn run_mut(state: &mut State, job: JobId) -> Option<&mut super::RunView> {
    state.runs.ours.iter_mut().find(|r| r.job == job)
}

/// A waiting question takes the screen as soon as no other dialog is open.
fn show_next_question(state: &mut State) {
    if state.view.modal.is_none()
        && state.view.filter_input.is_none()
        && let Some((job, question)) = state.runs.questions.pop_front()
    {
        state.view.modal = Some(Modal::Question(super::QuestionModal::new(job, question)));
    }
}

fn on_key(state: &mut State, key: KeyEvent) -> Vec<Command> {
    if state.view.filter_input.is_some() {
        // The filter is a one-line text field: the dialog layer's confirm
        // keeps it, cancel clears it.
        if means_in_field(state, &key, DialogAction::Confirm) {
            state.view.filter_input = None;
        } else if means_in_field(state, &key, DialogAction::Cancel) {
            state.view.filter_input = None;
            state.inventory.tables.set_filter("");
        } else if let Some(input) = state.view.filter_input.as_mut() {
            input.handle_event(&crossterm::event::Event::Key(key));
            let text = input.value().to_owned();
            state.inventory.tables.set_filter(&text);
            state.view.recovery_cursor.top();
        }
        return Vec::new();
    }
    if matches!(
        state.view.modal,
        Some(
            Modal::Wizard(_)
                | Modal::Question(_)
                | Modal::ConfirmQuit
                | Modal::ConfirmResume { .. }
                | Modal::Waiting { .. }
                | Modal::DeleteBackup(_)
                | Modal::Prune(_)
                | Modal::Protection(_)
                | Modal::PlanWizard(_)
                | Modal::Timeline(_)
        )
    ) {
        return super::dialogs::on_key(state, key);
    }
    if state.view.modal.is_none() && state.view.backups.is_some() {
        return super::dialogs::backups::on_key(state, &key);
    }
    if state.view.modal.is_none() && state.view.plans.is_some() {
        return super::dialogs::plans::on_key(state, &key);
    }
    match state.keymap.action_for(&key) {
        Some(action) => super::apply::apply(state, action),
        None => Vec::new(),
    }
}

fn on_inventory(state: &mut State, ev: InventoryEvent) {
    match ev {
        InventoryEvent::TableNames(names) => {
            state.inventory.tables.set_names(names);
            refresh_newest(state);
        }
        InventoryEvent::TableLoaded { name, table, pitr } => {
            // A table a run created since the list was loaded.
            if !state.inventory.tables.contains(&name) {
                state.inventory.tables.insert(&name);
            }
            // Only this row's newest copy can change: a 10,000-table load
            // must not recompute every row per table.
            let recovery = &state.inventory.recovery;
            if let Some(row) = state.inventory.tables.row_mut(&name) {
                row.newest = recovery.newest(&name, Some(&pitr));
                row.table = Some(table);
                row.pitr = Some(pitr);
                row.error = None;
                state.inventory.tables.loaded += 1;
            }
        }
        InventoryEvent::TableGone { name } => {
            state.inventory.tables.remove(&name);
            state.view.recovery_cursor.top();
        }
        InventoryEvent::TableFailed { name, error } => {
            if let Some(row) = state.inventory.tables.row_mut(&name) {
                row.error = Some(error.to_string());
                state.inventory.tables.loaded += 1;
            }
        }
        InventoryEvent::Backups(r) => {
            match r {
                Ok(all) => state.inventory.recovery.set_backups(all),
                Err(e) => state.inventory.recovery.backups_error = Some(e.to_string()),
            }
            refresh_newest(state);
        }
        InventoryEvent::RecoveryPoints(r) => {
            match r {
                Ok(all) => state.inventory.recovery.set_points(all),
                Err(e) => state.inventory.recovery.points_error = Some(e.to_string()),
            }
            refresh_newest(state);
        }
        InventoryEvent::Jobs(r) => match r {
            Ok(mut jobs) => {
                jobs.sort_by_key(|j| (j.status.is_finished(), std::cmp::Reverse(j.created_at)));
                state.inventory.jobs = jobs;
            }
            Err(e) => state.inventory.load_errors.push(format!("list jobs: {e}")),
        },
        InventoryEvent::ListFailed(e) => state
            .inventory
            .load_errors
            .push(format!("list tables: {e}")),
        InventoryEvent::Finished => state.inventory.loading = false,
    }
}

/// Each row's newest restorable copy, from its PITR window, its backups
/// and its recovery points: recomputed for every row when the names or a
/// listing arrive (a table's own details update its row alone).
fn refresh_newest(state: &mut State) {
    let recovery = &state.inventory.recovery;
    for row in state.inventory.tables.rows_mut() {
        row.newest = recovery.newest(&row.name, row.pitr.as_ref());
    }
}
