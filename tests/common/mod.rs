//! Shared test fixtures: a sandbox at a fixed instant, and a console state
//! loaded from it through the real loader and reducer.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
#![allow(dead_code)]

use std::sync::Arc;

use chrono::{DateTime, TimeZone, Utc};
use dynamo_dr::app::{Command, Event, State, update};
use dynamo_dr::backend::Backend;
use dynamo_dr::checks::{self, Expectations};
use dynamo_dr::config::{AccountId, Keymap, RoleArn, StepTimeout};
use dynamo_dr::inventory::{self, LoadOptions};
use dynamo_dr::sandbox::{ManualClock, Sandbox, SandboxOptions, seed};

pub fn fixed_now() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 22, 3, 0, 0)
        .single()
        .unwrap()
}

pub fn sandbox() -> (Arc<Sandbox>, Arc<ManualClock>) {
    let clock = Arc::new(ManualClock::new(fixed_now()));
    let sb = Sandbox::open(SandboxOptions {
        clock: clock.clone(),
        ..SandboxOptions::default()
    })
    .unwrap();
    (Arc::new(sb), clock)
}

pub fn expectations() -> Expectations {
    Expectations {
        account_id: Some(AccountId(seed::ACCOUNT.into())),
        backup_vault: Some(seed::VAULT.into()),
        backup_role_arn: Some(RoleArn(seed::role_arn())),
        step_timeout: Some(StepTimeout::Seconds(3600)),
        verify: Default::default(),
        repair: Default::default(),
        state_dir: None,
    }
}

pub fn load_options() -> LoadOptions {
    LoadOptions {
        vault: Some(seed::VAULT.into()),
        concurrency: 4,
    }
}

/// A console state with everything loaded, in the order the engine would
/// deliver it (one worker, so the order is deterministic).
pub async fn loaded_state(backend: Arc<dyn Backend>, size: (u16, u16)) -> State {
    let mut state = State::new(backend.info(), false, Keymap::default(), fixed_now());
    state.inventory.recovery.vault = load_options().vault;
    update(
        &mut state,
        Event::Resize {
            width: size.0,
            height: size.1,
        },
    );
    update(&mut state, Event::Identity(backend.caller_identity().await));
    update(
        &mut state,
        Event::Checks(checks::run(backend.as_ref(), &expectations()).await),
    );
    let (tx, mut rx) = tokio::sync::mpsc::unbounded_channel();
    let backend_ref = backend.clone();
    inventory::load(
        backend,
        LoadOptions {
            concurrency: 1,
            ..load_options()
        },
        tx,
    )
    .await;
    let mut plans = Vec::new();
    while let Ok(ev) = rx.try_recv() {
        for cmd in update(&mut state, Event::Inventory(ev)) {
            if let Command::LoadPlans { tables } = cmd {
                plans.push(tables);
            }
        }
    }
    // The plans the load asked for, read as the engine reads them.
    for tables in plans {
        let read = dynamo_dr::coverage::load(backend_ref.as_ref(), &tables, fixed_now()).await;
        update(
            &mut state,
            Event::PlansLoaded(read.map_err(|e| e.to_string())),
        );
    }
    state
}
pub mod app;
pub mod hostile;
pub mod pty;
