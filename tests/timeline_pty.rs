//! The recovery timeline in the real binary, in a pseudo-terminal on the
//! sandbox: the timeline key on `orders` opens it, the activity arrives
//! from the engine (the deletes chart's peak is the bad deployment's
//! burst), the cursor moves, the confirm key offers operations 1 and 9,
//! and 9 opens its time page with the cursor's time typed in.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use common::pty::Console;

#[test]
fn the_timeline_key_opens_the_timeline_and_enter_offers_a_restore() {
    let mut c = Console::start(&["--sandbox"], 160, 45);
    c.wait_for("orders");
    c.send("/orders\r");
    c.wait_for("Recovery · orders");
    c.send("T");
    c.wait_for("recovery timeline · orders");
    c.wait_for("deletes per minute (DeleteItem)  peak");
    c.wait_for("in the PITR window");
    // Thirteen steps of ten minutes back: before the burst two hours ago.
    for _ in 0..13 {
        c.send("\x1b[D");
    }
    c.wait_for("(2h 15m ago)");
    c.send("\r");
    c.wait_for("9 into a new table (operation 9)");
    c.send("9");
    // The time page, its field holding the cursor's time.
    c.wait_for("restore to when?");
    let screen = c.contents();
    let field = screen
        .lines()
        .find(|l| l.contains("restore to:"))
        .unwrap_or_default()
        .to_owned();
    let year = chrono::Utc::now().format("%Y - ").to_string();
    assert!(field.contains(&year), "{screen}");
    c.send("\x1b");
    c.wait_gone("restore to when?");
    c.send("q");
    assert_eq!(c.wait_exit(), 0);
    assert!(c.restored(), "terminal not restored");
}
