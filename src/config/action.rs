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
    Details,
    Backups,
    ReviewLeftovers,
    UndoRepair,
    Posture,
    JobsFilter,
    Prune,
    Protection,
    AddToPlan,
    Plans,
    Timeline,
}

impl Action {
    /// Every action, in the order help lists them.
    pub const ALL: [Action; 27] = [
        Action::Operations,
        Action::Backups,
        Action::AddToPlan,
        Action::Posture,
        Action::Protection,
        Action::Details,
        Action::Resume,
        Action::Dismiss,
        Action::ReviewLeftovers,
        Action::UndoRepair,
        Action::JobsFilter,
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
        Action::Prune,
        Action::Plans,
        Action::Timeline,
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
            Action::Details => {
                "the whole text of the Jobs or Recovery row under the cursor (a point's plan and rule); elsewhere, the checks and fixes"
            }
            Action::ReviewLeftovers => {
                "reopen the cleanup review of the finished run under the cursor (Jobs pane)"
            }
            Action::UndoRepair => {
                "undo the finished repair under the cursor from its pre-images (Jobs pane; shows its plan first)"
            }
            Action::Posture => {
                "the selected table's posture: each [posture] rule with ✔, ✘ or ? and why"
            }
            Action::JobsFilter => {
                "Jobs pane: AWS jobs shown, all / running / failed / done (cycles)"
            }
            Action::Backups => {
                "every backup and recovery point in the account, gone tables' too: restore, delete"
            }
            Action::Operations => {
                "operations on the selected table (restore, back up, delete, PITR, protection)"
            }
            Action::Prune => {
                "prune the selected table's backups: keep the N newest scheduled, review a ticked list, then a plan"
            }
            Action::Protection => {
                "who can delete backups: the vault's access policy and Vault Lock, and whether \
                 you may DeleteBackup; offers a policy that denies deletion"
            }
            Action::AddToPlan => "AWS Backup plans: create one, add the table to one, remove it",
            Action::Plans => {
                "the AWS Backup plans: rules, next runs, last jobs, the tables each covers and those in none"
            }
            Action::Timeline => {
                "the selected table's recovery timeline: PITR window, backups, recovery points and its writes and deletes per minute; pick a restore time with the cursor"
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

/// What the operator wants inside a dialog: the `[keys.dialog]` layer. Each
/// dialog screen understands only the actions it lists in its hints, so one
/// key may serve two actions of different screens (Space switches a yes/no
/// choice and ticks a cleanup item). The menu's digits are the operations'
/// numbers and text fields take characters as text; neither is rebound.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DialogAction {
    Up,
    Down,
    Confirm,
    Cancel,
    Yes,
    No,
    Switch,
    Tick,
    Retry,
    Review,
    Leave,
    Delete,
    Restore,
    DeleteCopy,
    Details,
    MenuRepair,
    Filter,
    WriteDeleted,
    WriteChanged,
    WriteCreated,
    MenuAwsBackup,
    ApplyPolicy,
    Edit,
    Earlier,
    Later,
    MuchEarlier,
    MuchLater,
    Oldest,
    Newest,
    ZoomIn,
    ZoomOut,
    MenuDrill,
    MenuCopy,
    MenuExport,
    MenuImport,
    MenuRegion,
}

impl DialogAction {
    /// Every dialog action, in the order help lists them.
    pub const ALL: [DialogAction; 36] = [
        DialogAction::Up,
        DialogAction::Down,
        DialogAction::Confirm,
        DialogAction::Cancel,
        DialogAction::Yes,
        DialogAction::No,
        DialogAction::Switch,
        DialogAction::Tick,
        DialogAction::Retry,
        DialogAction::Review,
        DialogAction::Leave,
        DialogAction::Delete,
        DialogAction::Restore,
        DialogAction::DeleteCopy,
        DialogAction::Details,
        DialogAction::MenuRepair,
        DialogAction::Filter,
        DialogAction::WriteDeleted,
        DialogAction::WriteChanged,
        DialogAction::WriteCreated,
        DialogAction::MenuAwsBackup,
        DialogAction::ApplyPolicy,
        DialogAction::Edit,
        DialogAction::Earlier,
        DialogAction::Later,
        DialogAction::MuchEarlier,
        DialogAction::MuchLater,
        DialogAction::Oldest,
        DialogAction::Newest,
        DialogAction::ZoomIn,
        DialogAction::ZoomOut,
        DialogAction::MenuDrill,
        DialogAction::MenuCopy,
        DialogAction::MenuExport,
        DialogAction::MenuImport,
        DialogAction::MenuRegion,
    ];

    pub fn description(self) -> &'static str {
        match self {
            DialogAction::Up => "move up in a list",
            DialogAction::Down => "move down in a list",
            DialogAction::Confirm => "choose, go on, run the plan",
            DialogAction::Cancel => "close the dialog; in a run's question, the safe answer",
            DialogAction::Yes => "answer yes",
            DialogAction::No => "answer no",
            DialogAction::Switch => "switch a yes/no choice",
            DialogAction::Tick => "tick or untick an item of the cleanup review",
            DialogAction::Retry => "a step failed: retry it",
            DialogAction::Review => "a step failed: review what the run created",
            DialogAction::Leave => "a step failed: leave everything as it is",
            DialogAction::Delete => {
                "the cleanup review: delete the ticked items (never Enter, which runs plans)"
            }
            DialogAction::Restore => {
                "Backups view: restore the copy under the cursor into a new table"
            }
            DialogAction::DeleteCopy => {
                "Backups view: delete the backup under the cursor (asks for its name)"
            }
            DialogAction::Details => "Backups view: the whole ARN and everything known of the copy",
            DialogAction::MenuRepair => {
                "operations menu: operation 11, repair in place (the digits pick 1-10)"
            }
            DialogAction::Filter => {
                "a repair's choice: filter the differing keys (type, then Enter)"
            }
            DialogAction::WriteDeleted => {
                "a repair's choice: write back the items deleted since, or not"
            }
            DialogAction::WriteChanged => {
                "a repair's choice: revert the items changed since, or not"
            }
            DialogAction::WriteCreated => {
                "a repair's choice: delete the items created since, or not"
            }
            DialogAction::MenuAwsBackup => "operations menu: operation 12, back up with AWS Backup",
            DialogAction::MenuExport => "operations menu: operation 13, export to S3",
            DialogAction::MenuImport => "operations menu: operation 14, import from S3",
            DialogAction::ApplyPolicy => {
                "Protection view: put a vault access policy that denies deleting recovery points (plan first)"
            }
            DialogAction::Edit => "a new backup plan's rules: edit the rule under the cursor",
            DialogAction::Earlier => "timeline: cursor one step earlier (with Shift, a large step)",
            DialogAction::Later => "timeline: cursor one step later (with Shift, a large step)",
            DialogAction::MuchEarlier => "timeline: cursor a large step earlier",
            DialogAction::MuchLater => "timeline: cursor a large step later",
            DialogAction::Oldest => "timeline: cursor to the left edge of the axis",
            DialogAction::Newest => "timeline: cursor to the right edge of the axis",
            DialogAction::ZoomIn => "timeline: zoom in (down to 1 hour)",
            DialogAction::ZoomOut => "timeline: zoom out (up to 35 days)",
            DialogAction::MenuCopy => {
                "operations menu: copy a recovery point to another region (the DR vault)"
            }
            DialogAction::MenuRegion => {
                "operations menu: restore in another region (the DR region, from PITR or a copy)"
            }
            DialogAction::MenuDrill => {
                "operations menu: the DR drill (restore into a scratch table, prove, delete)"
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
