//! The Plans view in the real binary, in a pseudo-terminal on the sandbox:
//! the Plan column says which tables no plan covers, the plans key opens
//! the view over the panes and cancel closes it.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use common::pty::Console;

#[test]
fn the_plans_key_shows_the_plans_and_the_tables_in_none() {
    let mut c = Console::start(&["--sandbox"], 160, 45);
    c.wait_for("orders");
    // The plans are read once the inventory is loaded.
    c.wait_for("no plan");
    c.send("P");
    c.wait_for("Plans · 2 plans");
    c.wait_for("prod-daily-monthly");
    c.wait_for("→ sandbox-backup-vault-dr in us-west-2");
    c.wait_for("Tables in no plan: NameCacheAr, legacy_reports, sessions");
    c.send("\x1b");
    c.wait_gone("Tables in no plan");
    c.send("q");
    assert_eq!(c.wait_exit(), 0);
    assert!(c.restored(), "terminal not restored");
}
