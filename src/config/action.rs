//! What the operator wants in the main view. The keymap names each action
//! (snake_case) and the app decides what it does; it lives beside the keymap
//! so configuration never depends on the app. Described once here so the
//! help screen never drifts from behaviour.

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Action {
    Quit,
    Help,
    Filter,
    Refresh,
    NextPane,
    PrevPane,
    Up,
    Down,
    PageUp,
    PageDown,
    Top,
    Bottom,
    Close,
    Operations,
    Resume,
    Dismiss,
}

impl Action {
    /// Every action, in the order help lists them.
    pub const ALL: [Action; 16] = [
        Action::Operations,
        Action::Resume,
        Action::Dismiss,
        Action::Up,
        Action::Down,
        Action::PageUp,
        Action::PageDown,
        Action::Top,
        Action::Bottom,
        Action::NextPane,
        Action::PrevPane,
        Action::Filter,
        Action::Refresh,
        Action::Help,
        Action::Close,
        Action::Quit,
    ];

    pub fn description(self) -> &'static str {
        match self {
            Action::Quit => "quit (asks first while an operation runs)",
            Action::Help => "this help: keys and glossary",
            Action::Filter => "filter tables by name",
            Action::Refresh => "reload the inventory and re-run the checks",
            Action::NextPane => "focus the next pane",
            Action::PrevPane => "focus the previous pane",
            Action::Up => "move up",
            Action::Down => "move down",
            Action::PageUp => "page up",
            Action::PageDown => "page down",
            Action::Top => "go to the first row",
            Action::Bottom => "go to the last row",
            Action::Close => "close the dialog, clear the filter",
            Action::Resume => "resume the interrupted operation under the cursor (Jobs pane)",
            Action::Dismiss => "dismiss the interrupted operation under the cursor (Jobs pane)",
            Action::Operations => {
                "operations on the selected table (restore, back up, delete, PITR, protection)"
            }
        }
    }

    /// The name the keymap uses.
    pub fn name(self) -> String {
        serde_json::to_value(self)
            .ok()
            .and_then(|v| v.as_str().map(str::to_owned))
            .unwrap_or_default()
    }
}
