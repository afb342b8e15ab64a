//! The real binary in a pseudo-terminal on the sandbox: type keys, read the
//! screen, check the terminal is restored on every way out.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use std::process::Command;

use common::pty::Console;

#[test]
fn browse_filter_help_and_quit() {
    let mut c = Console::start(&["--sandbox"], 120, 36);
    c.wait_for("SANDBOX");
    c.wait_for("✔ account");
    c.wait_for("orders");
    c.wait_for("1 AWS job running");
    // Filter down to one table and see its recovery options.
    c.send("/orde");
    c.wait_for("Tables 1 of 10");
    c.send("\r");
    c.wait_for("Recovery · orders · 3 backups · 12 recovery points");
    c.wait_for("warm");
    // Help lists keys from the keymap and the glossary.
    c.send("?");
    c.wait_for("filter tables by name");
    // The glossary follows the keys, a page and a few lines further down.
    c.send("\x1b[6~");
    c.send("\x1b[B\x1b[B\x1b[B\x1b[B");
    c.wait_for("Glossary");
    // Esc then q in one write would read as Alt-q: wait for the help to close.
    c.send("\x1b");
    c.wait_gone("Glossary");
    c.send("q");
    assert_eq!(c.wait_exit(), 0);
    assert!(c.restored(), "terminal not restored");
}

#[test]
fn ctrl_c_quits_and_restores_the_terminal() {
    let mut c = Console::start(&["--sandbox"], 100, 30);
    c.wait_for("Tables");
    c.send("\x03");
    assert_eq!(c.wait_exit(), 0);
    assert!(c.restored());
}

#[test]
fn a_too_small_terminal_gets_a_message_not_garbage() {
    let mut c = Console::start(&["--sandbox"], 40, 10);
    c.wait_for("Terminal too small: 40×10");
    c.send("q");
    assert_eq!(c.wait_exit(), 0);
}

#[test]
fn read_only_flag_is_shown_in_the_header() {
    let mut c = Console::start(&["--sandbox", "--read-only"], 120, 30);
    c.wait_for("READ-ONLY");
    c.wait_for("started with --read-only");
    c.send("q");
    assert_eq!(c.wait_exit(), 0);
}

fn run(args: &[&str]) -> (i32, String, String) {
    let home = tempfile::tempdir().unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_dynamo-dr"))
        .args(args)
        .env("HOME", home.path())
        .env("XDG_CONFIG_HOME", home.path().join("config"))
        .env("XDG_STATE_HOME", home.path().join("state"))
        .output()
        .unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn an_invalid_config_is_refused_with_its_line_before_the_screen_opens() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("bad.toml");
    std::fs::write(&path, "[aws]\naccount_id = \"12\"\n").unwrap();
    let (code, _, err) = run(&["--sandbox", "--config", path.to_str().unwrap()]);
    assert_eq!(code, 1);
    assert!(
        err.contains("line 2") && err.contains("account_id must be 12 digits"),
        "{err}"
    );
    assert!(!err.contains("panicked"));
}

#[test]
fn a_missing_explicit_config_is_an_error() {
    let (code, _, err) = run(&["--sandbox", "--config", "/nonexistent/dr.toml"]);
    assert_eq!(code, 1);
    assert!(
        err.contains("cannot read config /nonexistent/dr.toml"),
        "{err}"
    );
}

#[test]
fn an_unwritable_sandbox_state_is_refused() {
    let (code, _, err) = run(&["--sandbox-state", "/nonexistent-dir/state.json", "check"]);
    assert_eq!(code, 1);
    assert!(err.contains("cannot write sandbox state"), "{err}");
}

#[test]
fn unknown_flags_get_usage_not_a_panic() {
    let (code, _, err) = run(&["--sandbx"]);
    assert_eq!(code, 2);
    assert!(
        err.contains("unexpected argument '--sandbx'") && err.contains("--sandbox"),
        "{err}"
    );
}

#[test]
fn check_prints_one_line_per_check_and_passes_on_the_sandbox() {
    let (code, out, _) = run(&["--sandbox", "check"]);
    assert_eq!(code, 0, "{out}");
    for name in ["account", "vault", "backup role", "timeout"] {
        assert!(
            out.lines()
                .any(|l| l.starts_with("✔ pass") && l.contains(name)),
            "{name}: {out}"
        );
    }
}

#[test]
fn inventory_json_lists_every_table_with_details() {
    let (code, out, err) = run(&["--sandbox", "inventory", "--json"]);
    assert_eq!(code, 0, "{err}");
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["backend"], "sandbox");
    let tables = v["tables"].as_array().unwrap();
    assert_eq!(tables.len(), 10);
    let orders = tables.iter().find(|t| t["name"] == "orders").unwrap();
    assert_eq!(orders["status"], "ACTIVE");
    assert_eq!(orders["deletion_protection"], true);
    assert_eq!(orders["pitr"]["enabled"], true);
    assert_eq!(orders["pitr"]["recovery_period_days"], 35);
    assert!(orders["pitr"]["window"]["earliest"].is_string());
    assert!(orders["item_count"].as_u64().unwrap() > 0);
    let points = v["recovery_points"].as_array().unwrap();
    assert!(points.iter().any(|p| p["storage"] == "WARM"));
    assert!(points.iter().any(|p| p["storage"] == "COLD"));
    assert!(points[0]["lifecycle"]["move_to_cold_after_days"].is_number());
    assert!(v["backups"].as_array().unwrap().len() >= 9);
}

#[test]
fn sandbox_state_survives_a_restart() {
    let dir = tempfile::tempdir().unwrap();
    let state = dir.path().join("s.json");
    let s = state.to_str().unwrap();
    let (code, first, _) = run(&["--sandbox-state", s, "inventory", "--json"]);
    assert_eq!(code, 0);
    assert!(state.exists());
    let (_, second, _) = run(&["--sandbox-state", s, "inventory", "--json"]);
    let a: serde_json::Value = serde_json::from_str(&first).unwrap();
    let b: serde_json::Value = serde_json::from_str(&second).unwrap();
    assert_eq!(
        a["backups"], b["backups"],
        "the saved account is reloaded, not reseeded"
    );
}

#[test]
fn pitr_restore_in_place_typed_through_both_modals_and_the_cleanup_review() {
    // The demo account at 1 % of its items: the restore's verification reads
    // every item of two tables, and this is a debug build.
    let dir = tempfile::tempdir().unwrap();
    let config = dir.path().join("config.toml");
    std::fs::write(&config, "[sandbox]\nitem_scale = 0.01\n").unwrap();
    let mut c = Console::start(
        &["--sandbox", "--config", config.to_str().unwrap()],
        150,
        45,
    );
    c.wait_for("✔ account");
    c.wait_for("4.2k"); // orders, corrupted two hours ago
    c.send("/orders\r");
    c.wait_for("Tables 1 of 10");
    c.send("o");
    c.wait_for("Operations · orders");
    c.send("1");
    c.wait_for("restore to when?");
    let at = (chrono::Utc::now() - chrono::Duration::hours(3)).format("%Y-%m-%dT%H:%M:%SZ");
    c.send(&format!("{at}\r"));
    c.wait_for("Read before continuing");
    c.wait_for("DELETES orders");
    c.send("\r");
    c.wait_for("Deletion protection");
    c.send("y");
    c.wait_for("Confirm DELETION of orders");
    c.send("orders\r");
    c.wait_for("Cleanup review");
    // Enter runs plans; here it deletes nothing and names the review's key.
    c.send("\r");
    c.wait_for("D deletes the ticked items");
    assert!(c.contents().contains("Cleanup review"));
    c.send("D");
    c.wait_for("PITR restore in place · orders · completed");
    c.wait_for("12.5k"); // the items from before the corruption are back
    c.wait_for("equal:"); // …verified item by item against the duplicate
    c.send("q");
    assert_eq!(c.wait_exit(), 0);
    assert!(c.restored());
}

#[test]
fn quitting_while_an_operation_waits_asks_first() {
    let mut c = Console::start(&["--sandbox"], 150, 45);
    c.wait_for("✔ account");
    c.send("/ParksAr\r");
    c.wait_for("Tables 1 of 10");
    c.send("o6");
    c.wait_for("fallback backup");
    c.send("\r");
    c.wait_for("Read before continuing");
    c.send("\r");
    c.wait_for("Confirm DELETION of ParksAr");
    // Esc stops the run safely; the review of its fallback backup follows.
    c.send("\x1b");
    c.wait_for("Cleanup review");
    c.wait_gone("Confirm DELETION");
    c.send("\x1b");
    c.wait_for("stopped");
    c.send("q");
    assert_eq!(c.wait_exit(), 0);
}
