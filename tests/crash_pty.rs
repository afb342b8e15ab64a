//! Crash safety with the real binary in a pseudo-terminal: the journal and
//! the audit log of a whole operation, no secret from the environment in
//! any file the console wrote, and a run killed mid-way shown as
//! interrupted at the next launch.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use std::path::{Path, PathBuf};

use common::pty::Console;

const SECRET: &str = "sentinel-secret-9f3c1a";
const TOKEN: &str = "sentinel-session-token-77ab2e";
const KEY_ID: &str = "AKIASENTINEL0000KEY1";

/// A console on a saved sandbox whose state dir is `state`.
/// The sandbox at 1 % of its item counts (orders: 12.5k items, 4.2k after
/// the corruption): a restore's verification reads every item of two tables,
/// and this is a debug build.
fn console(state: &Path) -> Console {
    console_on(state, "sandbox.json")
}

/// `console`, on the saved sandbox `file` in `state` (another file is
/// another account: its runs are not this one's).
fn console_on(state: &Path, file: &str) -> Console {
    let sandbox = state.join(file);
    let config = scaled_config(state);
    let env = [
        ("DYNAMO_DR_STATE_DIR", state.to_str().unwrap()),
        ("AWS_ACCESS_KEY_ID", KEY_ID),
        ("AWS_SECRET_ACCESS_KEY", SECRET),
        ("AWS_SESSION_TOKEN", TOKEN),
    ];
    Console::start_with_extra_env(
        &[
            "--sandbox",
            "--sandbox-state",
            sandbox.to_str().unwrap(),
            "--config",
            config.to_str().unwrap(),
        ],
        150,
        45,
        tempfile::tempdir().unwrap(),
        &env,
    )
}

/// The config of every process of a test: the sandbox at 1 % (it is only
/// read when `--sandbox-state` does not exist yet, so every process that may
/// create it must say so).
fn scaled_config(state: &Path) -> PathBuf {
    let config = state.join("config.toml");
    std::fs::write(&config, "[sandbox]\nitem_scale = 0.01\n").unwrap();
    config
}

/// Types operation 1 on orders up to the confirmation of the delete.
fn pitr_restore_up_to_the_delete(c: &mut Console) {
    c.wait_for("✔ account");
    c.wait_for("4.2k");
    c.send("/orders\r");
    c.wait_for("Tables 1 of 10");
    c.send("o");
    c.wait_for("Operations · orders");
    c.send("1");
    c.wait_for("restore to when?");
    let at = (chrono::Utc::now() - chrono::Duration::hours(3)).format("%Y-%m-%dT%H:%M:%SZ");
    c.send(&format!("{at}\r"));
    c.wait_for("Read before continuing");
    c.send("\r");
    c.wait_for("Deletion protection");
    c.send("y");
    c.wait_for("Confirm DELETION of orders");
}

fn files_under(dir: &Path) -> Vec<PathBuf> {
    let mut files = Vec::new();
    let Ok(entries) = std::fs::read_dir(dir) else {
        return files;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            files.extend(files_under(&path));
        } else {
            files.push(path);
        }
    }
    files
}

/// The journals of sandbox runs: they live apart from any AWS account's.
fn journals(state: &Path) -> Vec<PathBuf> {
    files_under(&state.join("sandbox").join("journal"))
}

/// The audit log's result records (each call also has an intent record,
/// written before it was sent), one a line.
fn audit_results(state: &Path) -> String {
    let audit = std::fs::read_to_string(state.join("sandbox").join("audit.jsonl")).unwrap();
    let intents = audit.matches(r#""phase":"intent""#).count();
    let results: Vec<&str> = audit
        .lines()
        .filter(|l| l.contains(r#""phase":"result""#))
        .collect();
    assert!(
        intents >= results.len(),
        "a call without its intent: {audit}"
    );
    results.join("\n")
}

#[test]
fn a_whole_operation_is_journaled_and_audited_and_no_secret_is_written() {
    let state = tempfile::tempdir().unwrap();
    let mut c = console(state.path());
    pitr_restore_up_to_the_delete(&mut c);
    c.send("orders\r");
    c.wait_for("Cleanup review");
    c.send("D");
    c.wait_for("PITR restore in place · orders · completed");
    c.send("q");
    assert_eq!(c.wait_exit(), 0);
    let home = c.into_home();

    let journals = journals(state.path());
    assert_eq!(journals.len(), 1, "{journals:?}");
    let journal = std::fs::read_to_string(&journals[0]).unwrap();
    assert!(
        journal
            .lines()
            .next()
            .unwrap()
            .contains(r#""record":"started""#)
    );
    assert!(
        journal
            .lines()
            .last()
            .unwrap()
            .contains(r#""record":"outcome""#)
    );
    assert!(journal.contains(r#""record":"intent""#));
    let audit = audit_results(state.path());
    // Duplicate, two backups, protection off, delete, restore, the tags, TTL
    // and stream the restore dropped, PITR, protection on, then the
    // duplicate and both backups cleaned up.
    assert_eq!(audit.lines().count(), 14, "{audit}");
    assert!(audit.contains(seed_account()));

    // What the console wrote is its owner's alone.
    use std::os::unix::fs::PermissionsExt;
    let mode = |p: &Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode(&state.path().join("sandbox")), 0o700);
    for file in files_under(&state.path().join("sandbox")) {
        assert_eq!(mode(&file), 0o600, "{}", file.display());
    }
    assert_eq!(mode(&state.path().join("sandbox.json")), 0o600);

    let mut written = files_under(state.path());
    written.extend(files_under(home.path()));
    assert!(written.len() >= 4, "{written:?}");
    for file in written {
        let bytes = std::fs::read(&file).unwrap();
        let text = String::from_utf8_lossy(&bytes);
        for secret in [SECRET, TOKEN, KEY_ID] {
            assert!(!text.contains(secret), "{} holds {secret}", file.display());
        }
    }
}

fn seed_account() -> &'static str {
    dynamo_dr::sandbox::seed::ACCOUNT
}

#[test]
fn a_run_killed_mid_way_is_shown_as_interrupted_at_the_next_launch() {
    let state = tempfile::tempdir().unwrap();
    let mut c = console(state.path());
    pitr_restore_up_to_the_delete(&mut c);
    kill_9(&mut c);

    let mut again = console(state.path());
    again.wait_for("INTERRUPTED · PITR restore in place · orders");
    again.wait_for("Data now: in orders itself (ACTIVE)");
    again.wait_for("Data now: in orders itself (ACTIVE) · fallback backup orders--orig-");
    again.wait_for("? unsure");
    // Dismissed: the journal ends, and the next launch shows nothing.
    again.send("x");
    again.wait_gone("INTERRUPTED");
    again.send("q");
    assert_eq!(again.wait_exit(), 0);
    let journal = std::fs::read_to_string(&journals(state.path())[0]).unwrap();
    assert!(
        journal
            .lines()
            .last()
            .unwrap()
            .contains(r#""record":"dismissed""#)
    );

    let mut third = console(state.path());
    third.wait_for("✔ account");
    assert!(!third.contents().contains("INTERRUPTED"));
    third.send("q");
    assert_eq!(third.wait_exit(), 0);
}

#[test]
fn a_run_killed_at_the_delete_resumes_after_a_restart_and_completes_once() {
    let state = tempfile::tempdir().unwrap();
    let mut c = console(state.path());
    pitr_restore_up_to_the_delete(&mut c);
    kill_9(&mut c);

    let mut again = console(state.path());
    again.wait_for("INTERRUPTED · PITR restore in place · orders");
    again.wait_for("✔ account");
    again.wait_for("✔ timeout");
    again.send("c");
    // c shows what resuming does first; Enter resumes.
    again.wait_for("not now");
    again.send("\r");
    // The delete had not been sent: it is confirmed again, by name.
    again.wait_for("Confirm DELETION of orders");
    again.send("orders\r");
    again.wait_for("Cleanup review");
    again.send("D");
    again.wait_for("PITR restore in place · orders · completed");
    again.wait_for("12.5k");
    again.send("q");
    assert_eq!(again.wait_exit(), 0);

    // Each call was made once: one duplicate, two backups, one delete…
    let audit = audit_results(state.path());
    let count = |op: &str| audit.matches(&format!(r#""operation":"{op}""#)).count();
    assert_eq!(count("RestoreTableToPointInTime"), 1, "{audit}");
    assert_eq!(count("CreateBackup"), 2, "{audit}");
    assert_eq!(count("DeleteTable"), 2, "{audit}"); // orders, then the duplicate
    assert_eq!(count("RestoreTableFromBackup"), 1, "{audit}");
    assert_eq!(count("DeleteBackup"), 2, "{audit}");
    assert!(!audit.contains(r#""result":"error""#), "{audit}");
    let journal = std::fs::read_to_string(&journals(state.path())[0]).unwrap();
    assert!(journal.contains(r#""record":"resumed""#));
    assert!(
        journal
            .lines()
            .last()
            .unwrap()
            .contains(r#""record":"outcome""#)
    );
}

#[test]
fn a_second_console_shows_a_live_run_as_running_and_can_neither_resume_nor_dismiss_it() {
    let state = tempfile::tempdir().unwrap();
    let mut first = console(state.path());
    pitr_restore_up_to_the_delete(&mut first);

    // The first console is alive, waiting at the confirmation.
    let mut second = console(state.path());
    second.wait_for("RUNNING IN ANOTHER CONSOLE · PITR restore in place · orders");
    second.wait_for("✔ timeout");
    assert!(!second.contents().contains("c: resume"));
    second.send("c");
    second.wait_for("c (resume) refused: it is running in another console");
    second.send("x");
    second.wait_for("x (dismiss) refused: it is running in another console");
    second.send("q");
    assert_eq!(second.wait_exit(), 0);
    let journal = std::fs::read_to_string(&journals(state.path())[0]).unwrap();
    assert!(!journal.contains(r#""record":"dismissed""#), "{journal}");
    assert!(!journal.contains(r#""record":"resumed""#), "{journal}");

    // The first console goes on and finishes its run undisturbed.
    first.send("orders\r");
    // Until the dialog is gone, the screen still asks: answered twice, the
    // second "orders" would be keys of the main view.
    first.wait_gone("Confirm DELETION of orders");
    answer_until(
        &mut first,
        "PITR restore in place · orders · completed",
        || false,
    );
    first.send("q");
    assert_eq!(first.wait_exit(), 0);
    let journal = std::fs::read_to_string(&journals(state.path())[0]).unwrap();
    assert_eq!(journal.matches(r#""record":"outcome""#).count(), 1);
}

#[test]
fn two_consoles_resuming_one_interrupted_run_send_its_calls_once() {
    let state = tempfile::tempdir().unwrap();
    let mut c = console(state.path());
    pitr_restore_up_to_the_delete(&mut c);
    kill_9(&mut c);

    let mut b = console(state.path());
    let mut d = console(state.path());
    for c in [&mut b, &mut d] {
        c.wait_for("c: resume · x: dismiss · INTERRUPTED · PITR restore in place · orders");
        c.wait_for("✔ timeout");
    }
    b.send("c");
    // c shows what resuming does first; Enter resumes.
    b.wait_for("not now");
    b.send("\r");
    // b owns the run now: it asks for the delete again.
    b.wait_for("Confirm DELETION of orders");
    d.send("c");
    // c shows what resuming does first; Enter resumes.
    d.wait_for("not now");
    d.send("\r");
    d.wait_for("another console is running it");
    b.send("orders\r");
    // Until the dialog is gone, the screen still asks: answered twice, the
    // second "orders" would be keys of the main view.
    b.wait_gone("Confirm DELETION of orders");
    answer_until(
        &mut b,
        "PITR restore in place · orders · completed",
        || false,
    );
    for c in [&mut b, &mut d] {
        c.send("q");
        assert_eq!(c.wait_exit(), 0);
    }
    let audit = audit_results(state.path());
    let count = |op: &str| audit.matches(&format!(r#""operation":"{op}""#)).count();
    assert_eq!(count("DeleteTable"), 2, "{audit}"); // orders, then the duplicate
    assert_eq!(count("RestoreTableFromBackup"), 1, "{audit}");
    let journal = std::fs::read_to_string(&journals(state.path())[0]).unwrap();
    assert_eq!(journal.matches(r#""record":"resumed""#).count(), 1);
    assert_eq!(journal.matches(r#""record":"outcome""#).count(), 1);
}

#[test]
fn a_run_of_another_sandbox_account_is_shown_elsewhere_and_never_resumed_here() {
    let state = tempfile::tempdir().unwrap();
    let mut c = console(state.path());
    pitr_restore_up_to_the_delete(&mut c);
    kill_9(&mut c);

    // Another saved sandbox is another account: same state dir, other file.
    let mut other = console_on(state.path(), "other.json");
    other.wait_for("INTERRUPTED ELSEWHERE · PITR restore in place · orders");
    other.wait_for("switch there to resume it");
    other.wait_for("✔ timeout");
    assert!(
        !other.contents().contains("Data now: in orders"),
        "checked against the wrong account"
    );
    other.send("c");
    other.wait_for("c (resume) refused: it ran elsewhere (switch there to resume it)");
    other.send("x");
    other.wait_for("x (dismiss) refused");
    other.send("q");
    assert_eq!(other.wait_exit(), 0);
    let journal = std::fs::read_to_string(&journals(state.path())[0]).unwrap();
    assert!(!journal.contains(r#""record":"resumed""#), "{journal}");
    assert!(!journal.contains(r#""record":"dismissed""#), "{journal}");
    // Nothing was sent to the other account.
    let audit = audit_results(state.path());
    assert!(!audit.contains("other.json"), "{audit}");

    // Where it ran, it is resumable.
    let mut home = console(state.path());
    home.wait_for("c: resume · x: dismiss · INTERRUPTED · PITR restore in place · orders");
    home.send("q");
    assert_eq!(home.wait_exit(), 0);
}

#[test]
fn an_unwritable_state_dir_makes_the_console_read_only_and_check_fail() {
    let root = tempfile::tempdir().unwrap();
    // A file where the state dir should be.
    let state = root.path().join("state");
    std::fs::write(&state, b"not a directory").unwrap();
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_dynamo-dr"))
        .args(["--sandbox", "check"])
        .env("DYNAMO_DR_STATE_DIR", &state)
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(1), "{text}");
    assert!(text.contains("state dir"), "{text}");
    assert!(text.contains("cannot be used"), "{text}");

    let mut c = Console::start_with_extra_env(
        &["--sandbox"],
        150,
        45,
        tempfile::tempdir().unwrap(),
        &[("DYNAMO_DR_STATE_DIR", state.to_str().unwrap())],
    );
    c.wait_for("READ-ONLY");
    c.wait_for("✘ state dir");
    c.send("q");
    assert_eq!(c.wait_exit(), 0);
}

/// Answers the run's dialogs as an operator who goes on, until the screen
/// shows `until`, or until `kill` says to stop (then returns true).
fn answer_until(c: &mut Console, until: &str, mut kill: impl FnMut() -> bool) -> bool {
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(60);
    while std::time::Instant::now() < deadline {
        if kill() {
            return true;
        }
        let screen = c.contents();
        if screen.contains(until) {
            return false;
        }
        let confirm = ["orders", "ParksAr"]
            .into_iter()
            .find(|t| screen.contains(&format!("Confirm DELETION of {t}")));
        if let Some(table) = confirm {
            c.send(&format!("{table}\r"));
            c.wait_gone(&format!("Confirm DELETION of {table}"));
        } else if screen.contains("y remove and continue") {
            c.send("y");
            c.wait_gone("y remove and continue");
        } else if screen.contains("Cleanup review") {
            c.send("D");
            c.wait_gone("Cleanup review");
        }
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    panic!("the screen never showed {until:?}:\n{}", c.contents());
}

/// Answers the run's dialogs until the journal shows the intent of `step`
/// (the step has started), then kills the console with SIGKILL.
fn kill_when_step_starts(c: &mut Console, state: &Path, step: usize) {
    let intent = format!(r#""record":"intent","step":{step},"#);
    let started = || {
        journals(state)
            .first()
            .and_then(|j| std::fs::read_to_string(j).ok())
            .is_some_and(|text| text.contains(&intent))
    };
    assert!(answer_until(c, "· completed", started), "step {step}");
    kill_9(c);
}

/// The power goes: SIGKILL, no chance for the console to write anything more.
fn kill_9(c: &mut Console) {
    let pid = c.pid().unwrap().to_string();
    let killed = std::process::Command::new("kill")
        .args(["-9", &pid])
        .status()
        .unwrap();
    assert!(killed.success());
    c.wait_exit();
}

/// Table and backup names of the saved sandbox account.
fn account_names(state: &Path) -> std::collections::BTreeSet<String> {
    let sandbox = state.join("sandbox.json");
    let config = scaled_config(state);
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_dynamo-dr"))
        .args(["--sandbox", "--sandbox-state", sandbox.to_str().unwrap()])
        .args(["--config", config.to_str().unwrap()])
        .args(["inventory", "--json"])
        .env("DYNAMO_DR_STATE_DIR", state)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let tables = v["tables"].as_array().unwrap().iter();
    let backups = v["backups"].as_array().unwrap().iter();
    tables
        .map(|t| format!("table {}", t["name"].as_str().unwrap_or_default()))
        .chain(backups.map(|b| format!("backup {}", b["name"].as_str().unwrap_or_default())))
        .collect()
}

#[test]
fn operation_1_killed_just_after_each_step_starts_resumes_to_the_same_end() {
    // 13 planned steps and the 3 the settings diff adds (tags, TTL, stream).
    for step in 0..16 {
        let state = tempfile::tempdir().unwrap();
        let before = account_names(state.path());
        let mut c = console(state.path());
        c.wait_for("✔ timeout");
        c.wait_for("4.2k");
        c.send("/orders\r");
        c.wait_for("Tables 1 of 10");
        c.send("o1");
        c.wait_for("restore to when?");
        let at = (chrono::Utc::now() - chrono::Duration::hours(3)).format("%Y-%m-%dT%H:%M:%SZ");
        c.send(&format!("{at}\r"));
        c.wait_for("Read before continuing");
        c.send("\r");
        kill_when_step_starts(&mut c, state.path(), step);

        let mut again = console(state.path());
        again.wait_for("INTERRUPTED · PITR restore in place · orders");
        again.wait_for("✔ timeout");
        again.send("c");
        // c shows what resuming does first; Enter resumes.
        again.wait_for("not now");
        again.send("\r");
        answer_until(
            &mut again,
            "PITR restore in place · orders · completed",
            || false,
        );
        again.wait_for("12.5k");
        again.send("q");
        assert_eq!(again.wait_exit(), 0);

        // Nothing left over and nothing created twice (a second backup or
        // duplicate would outlive the cleanup, which knows only one).
        assert_eq!(account_names(state.path()), before, "killed at step {step}");
        let journal = std::fs::read_to_string(&journals(state.path())[0]).unwrap();
        assert!(
            journal.lines().last().unwrap().contains("Completed"),
            "step {step}"
        );
    }
}

#[test]
fn operation_2_killed_just_after_each_step_starts_resumes_with_one_restore_job() {
    // 9 planned steps and the 3 the settings diff adds (tags, TTL, stream).
    let steps = 12;
    for step in 0..steps {
        let state = tempfile::tempdir().unwrap();
        let before = account_names(state.path());
        let mut c = console(state.path());
        c.wait_for("✔ timeout");
        c.send("/ParksAr\r");
        c.wait_for("Tables 1 of 10");
        c.send("o2");
        c.wait_for("choose the recovery point");
        c.send("\r"); // the newest point: warm
        c.wait_for("Read before continuing");
        c.send("\r");
        kill_when_step_starts(&mut c, state.path(), step);

        let mut again = console(state.path());
        again.wait_for("INTERRUPTED · AWS Backup restore in place · ParksAr");
        again.wait_for("✔ timeout");
        again.send("c");
        // c shows what resuming does first; Enter resumes.
        again.wait_for("not now");
        again.send("\r");
        answer_until(
            &mut again,
            "AWS Backup restore in place · ParksAr · completed",
            || false,
        );
        again.send("q");
        assert_eq!(again.wait_exit(), 0);

        let case = format!("killed at step {step}");
        assert_eq!(account_names(state.path()), before, "{case}");
        let audit = audit_results(state.path());
        let count = |op: &str| audit.matches(&format!(r#""operation":"{op}""#)).count();
        assert_eq!(count("StartRestoreJob"), 1, "{case}: {audit}");
        assert_eq!(count("DeleteTable"), 1, "{case}: {audit}");
        let journal = std::fs::read_to_string(&journals(state.path())[0]).unwrap();
        assert!(
            journal.lines().last().unwrap().contains("Completed"),
            "{case}"
        );
    }
}
