//! The whole console without a terminal: the real engine on the sandbox,
//! events folded by the reducer, exactly as the app loop does.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use std::time::Duration;

use dynamo_dr::app::{ChecksState, State, update};
use dynamo_dr::checks::Expectations;
use dynamo_dr::config::{AccountId, Keymap};
use dynamo_dr::engine::Engine;

async fn run_until_settled(state: &mut State, exp: Expectations) {
    let (sb, _) = common::sandbox();
    let (commands, mut events) = Engine::start(
        sb,
        exp,
        common::load_options(),
        std::time::Duration::from_millis(5),
    );
    // As the terminal opens the console. The engine has no state dir here,
    // so the journal scan finds nothing and changes nothing.
    for cmd in dynamo_dr::startup::commands() {
        commands.send(cmd).unwrap();
    }
    tokio::time::timeout(Duration::from_secs(10), async {
        while state.inventory.loading
            || matches!(state.header.checks, ChecksState::Running)
            || state.header.identity.is_none()
        {
            let ev = events.recv().await.unwrap();
            for cmd in update(state, ev) {
                commands.send(cmd).unwrap();
            }
        }
    })
    .await
    .expect("the console settles");
}

fn fresh() -> State {
    let (sb, _) = common::sandbox();
    State::new(
        dynamo_dr::backend::Backend::info(sb.as_ref()),
        false,
        Keymap::default(),
        common::fixed_now(),
    )
}

#[tokio::test]
async fn the_console_loads_the_sandbox_and_passes_its_checks() {
    let mut state = fresh();
    run_until_settled(&mut state, common::expectations()).await;
    assert!(state.inventory.tables.total() >= 8);
    assert_eq!(
        state.inventory.tables.loaded,
        state.inventory.tables.total()
    );
    assert!(state.inventory.recovery.backups_loaded && state.inventory.recovery.points_loaded);
    assert_eq!(state.inventory.recovery.points_of("orders").len(), 12);
    assert!(!state.inventory.jobs.is_empty());
    assert_eq!(
        state
            .header
            .identity
            .as_ref()
            .unwrap()
            .as_ref()
            .unwrap()
            .account,
        "111122223333"
    );
    assert_eq!(state.header.read_only_reason(), None);
}

#[tokio::test]
async fn a_wrong_account_makes_the_console_read_only_and_says_why() {
    let mut state = fresh();
    let exp = Expectations {
        account_id: Some(AccountId("999999999999".into())),
        ..common::expectations()
    };
    run_until_settled(&mut state, exp).await;
    let reason = state.header.read_only_reason().unwrap();
    assert!(
        reason.contains("999999999999") && reason.contains("111122223333"),
        "{reason}"
    );
}
