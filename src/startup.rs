//! What the console asks for as it opens: who the caller is, the start-up
//! checks, the inventory, and the journals of runs that did not finish. The
//! app loop and the headless test harnesses all start from this one list,
//! so a harness opens the console the way the terminal does.

use crate::app::Command;

/// The commands sent to the engine before the first key press, in order.
pub fn commands() -> Vec<Command> {
    vec![
        Command::LoadIdentity,
        Command::RunChecks,
        Command::LoadInventory,
        Command::ScanJournals,
    ]
}
