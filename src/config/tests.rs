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
    assert!(c.posture.require_pitr && c.posture.require_deletion_protection);
    assert_eq!(c.posture.max_backup_age_hours, None);
    assert!(c.posture.excluded_by("orders--orig-20261122").is_some());
    assert!(c.posture.excluded_by("orders").is_none());
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
    assert_eq!(km.action_for(&key('x')), Some(crate::config::Action::Quit));
    assert_eq!(km.action_for(&key('q')), Some(crate::config::Action::Help));
    assert_eq!(km.action_for(&key('?')), None);
    // Actions not named keep their keys.
    assert_eq!(km.action_for(&key('j')), Some(crate::config::Action::Down));
}

#[test]
fn the_built_in_keymap_binds_every_action() {
    let km = Keymap::default();
    for action in crate::config::Action::ALL {
        assert!(!km.keys_for(action).is_empty(), "{action:?} has no key");
    }
    for action in crate::config::DialogAction::ALL {
        assert!(!km.dialog_keys(action).is_empty(), "{action:?} has no key");
    }
}

#[test]
fn unknown_actions_name_the_line_in_both_layers() {
    for (text, line) in [
        ("[keys]\nquit = [\"q\"]\nexplode = [\"x\"]\n", "line 3"),
        ("[keys]\n[keys.dialog]\nexplode = [\"x\"]\n", "line 3"),
    ] {
        let err = Config::parse(text, Path::new("c")).unwrap_err().to_string();
        assert!(err.contains("unknown variant `explode`"), "{err}");
        assert!(err.contains(line), "{err}");
    }
}

#[test]
fn a_dialog_key_given_to_another_action_leaves_its_old_one() {
    let c = Config::parse("[keys.dialog]\nreview = [\"r\"]\n", Path::new("c")).unwrap();
    let km = c.keymap();
    let r = crossterm::event::KeyEvent::from(crossterm::event::KeyCode::Char('r'));
    assert!(km.means(&r, crate::config::DialogAction::Review));
    assert!(!km.means(&r, crate::config::DialogAction::Retry));
    // The main layer is another table: refresh keeps `r`.
    assert_eq!(km.action_for(&r), Some(crate::config::Action::Refresh));
}

#[test]
fn out_of_range_numbers_name_the_key_and_the_line() {
    for (text, key, line) in [
        ("[sandbox]\nseed = 1\nspeed = 1e-12\n", "speed", "line 3"),
        (
            "[operations]\nstep_timeout = 9223372036854775807\n",
            "step_timeout",
            "line 2",
        ),
        (
            "\n[inventory]\nconcurrency = 9.2e18\n",
            "concurrency",
            "line 3",
        ),
        (
            "[verify]\nitems_per_second = 1e-300\n",
            "items_per_second",
            "line 2",
        ),
    ] {
        let err = Config::parse(text, Path::new("c.toml"))
            .unwrap_err()
            .to_string();
        assert!(err.contains(key) && err.contains(line), "{text}: {err}");
    }
    let edges = "[operations]\nstep_timeout = 2592000\n[sandbox]\nspeed = 0.001\n\
                 [inventory]\nconcurrency = 1000\n[verify]\nitems_per_second = 1\n";
    let c = Config::parse(edges, Path::new("c.toml")).unwrap();
    assert_eq!(c.inventory.concurrency, 1000);
    assert_eq!(c.operations.step_timeout, StepTimeout::Seconds(2_592_000));
}

#[test]
fn quit_always_keeps_a_key() {
    for keys in ["quit = []", "help = [\"q\", \"ctrl-c\"]"] {
        let text = format!("[keys]\n{keys}\n");
        let err = Config::parse(&text, Path::new("c.toml"))
            .unwrap_err()
            .to_string();
        assert!(err.contains("quit has no key left"), "{keys}: {err}");
    }
    assert!(Config::parse("[keys]\nquit = [\"x\"]\n", Path::new("c")).is_ok());
}

#[test]
fn only_a_small_regular_file_is_read_as_config() {
    let err = Config::load(Some(Path::new("/dev/zero")))
        .unwrap_err()
        .to_string();
    assert!(err.contains("/dev/zero is not a regular file"), "{err}");
    let dir = tempfile::tempdir().unwrap();
    let err = Config::load(Some(dir.path())).unwrap_err().to_string();
    assert!(err.contains("not a regular file"), "{err}");
    let big = dir.path().join("big.toml");
    let mut text = "# padding\n".repeat(110_000);
    text.push_str("[sandbox]\nseed = 1\n");
    std::fs::write(&big, &text).unwrap();
    let err = Config::load(Some(&big)).unwrap_err().to_string();
    assert!(err.contains("larger than 1 MiB"), "{err}");
    let small = dir.path().join("small.toml");
    std::fs::write(&small, "[sandbox]\nseed = 1\n").unwrap();
    let (config, _) = Config::load(Some(&small)).unwrap();
    assert_eq!(config.sandbox.seed, 1);
    let missing = Config::load(Some(&dir.path().join("nope.toml")))
        .unwrap_err()
        .to_string();
    assert!(missing.contains("cannot read config"), "{missing}");
}

#[test]
fn the_dr_region_is_named_or_the_vaults_and_never_two() {
    let c = Config::parse("[copies]\nregion = \"eu-west-1\"\n", Path::new("c")).unwrap();
    assert_eq!(c.copies.dr_region().as_deref(), Some("eu-west-1"));
    let vault = "vault_arn = \"arn:aws:backup:us-west-2:111122223333:backup-vault:dr\"\n";
    let c = Config::parse(&format!("[copies]\n{vault}"), Path::new("c")).unwrap();
    assert_eq!(c.copies.dr_region().as_deref(), Some("us-west-2"));
    assert_eq!(Config::default().copies.dr_region(), None);
    let err = Config::parse("[copies]\nregion = \"uswest2\"\n", Path::new("c.toml"))
        .unwrap_err()
        .to_string();
    assert!(err.contains("not an AWS region"), "{err}");
    assert!(err.contains("line 2"), "{err}");
    let err = Config::parse(
        &format!("[copies]\nregion = \"eu-west-1\"\n{vault}"),
        Path::new("c.toml"),
    )
    .unwrap_err()
    .to_string();
    assert!(
        err.contains("region eu-west-1 is not the region of vault_arn (us-west-2)"),
        "{err}"
    );
}

#[test]
fn exports_name_a_bucket_and_a_prefix_per_table() {
    let c = Config::parse(
        "[exports]\nbucket = \"acme-dr\"\nprefix = \"ddb/{table}\"\n",
        Path::new("c"),
    )
    .unwrap();
    assert_eq!(
        c.exports.location_for("orders").as_deref(),
        Some("s3://acme-dr/ddb/orders")
    );
    let c = Config::parse(
        "[exports]\nbucket = \"acme-dr\"\nprefix = \"\"\n",
        Path::new("c"),
    )
    .unwrap();
    assert_eq!(
        c.exports.location_for("orders").as_deref(),
        Some("s3://acme-dr")
    );
    assert_eq!(Config::default().exports.location_for("orders"), None);
    assert_eq!(Config::default().exports.prefix_for("orders"), "orders");
}
