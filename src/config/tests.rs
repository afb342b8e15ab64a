use std::path::Path;

use super::*;

#[test]
fn the_example_config_is_valid_and_read_as_written() {
    let text = include_str!("../../config.example.toml");
    let c = Config::parse(text, Path::new("config.example.toml")).unwrap();
    assert_eq!(c.aws.account_id, Some(AccountId("111122223333".into())));
    assert_eq!(
        c.aws.backup_role_arn.as_ref().map(RoleArn::name),
        Some("DynamoDrBackupRole")
    );
    assert_eq!(c.operations.step_timeout, StepTimeout::Seconds(21600));
    assert_eq!(c.sandbox.speed, Speed(60.0));
    assert_eq!(c.inventory.concurrency, 16);
}

#[test]
fn errors_name_the_key_and_the_line() {
    let text = "[aws]\nregion = \"ca-central-1\"\naccount_id = \"12\"\n";
    let err = Config::parse(text, Path::new("c.toml"))
        .unwrap_err()
        .to_string();
    assert!(err.contains("line 3"), "{err}");
    assert!(err.contains("account_id"), "{err}");
    assert!(err.contains("c.toml"), "{err}");
}

#[test]
fn user_keys_replace_the_built_in_ones() {
    let c = Config::parse("[keys]\nquit = [\"x\"]\nhelp = [\"q\"]\n", Path::new("c")).unwrap();
    let km = c.keymap();
    let key = |c| crossterm::event::KeyEvent::from(crossterm::event::KeyCode::Char(c));
    assert_eq!(km.action_for(&key('x')), Some(crate::app::Action::Quit));
    assert_eq!(km.action_for(&key('q')), Some(crate::app::Action::Help));
    assert_eq!(km.action_for(&key('?')), None);
    // Actions not named keep their keys.
    assert_eq!(km.action_for(&key('j')), Some(crate::app::Action::Down));
}

#[test]
fn the_built_in_keymap_binds_every_action() {
    let km = Keymap::default();
    for action in crate::app::Action::ALL {
        assert!(!km.keys_for(action).is_empty(), "{action:?} has no key");
    }
}
