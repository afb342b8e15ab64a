/// A side effect for the engine.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Command {
    LoadInventory,
    LoadIdentity,
    RunChecks,
}
