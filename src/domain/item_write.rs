//! A write of one item that only happens if the item is still as expected:
//! the repair's write-back and its undo never overwrite what someone wrote
//! after the diff saw it. A failed condition is an outcome (a conflict, to
//! list), never an error and never forced.

use serde::{Deserialize, Serialize};

use super::Item;

/// What to do to one item.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum ItemChange {
    /// PutItem: the whole item (its key attributes included).
    Put(Item),
    /// DeleteItem of the item with this key (key attributes only).
    Delete(Item),
}

/// What the item must be for the change to happen.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum Expect {
    /// No item with the change's key exists.
    Absent,
    /// The item exists and every attribute of this image is equal to it
    /// (`#a = :v AND …`; DynamoDB cannot also say "and no other attribute",
    /// so an attribute added since with no other change is not seen).
    Equals(Item),
}

/// One conditional write.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CondWrite {
    pub change: ItemChange,
    pub expect: Expect,
}

/// How one conditional write ended.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum WriteOutcome {
    /// The condition held and the change was made.
    Written,
    /// The item was not as expected: nothing was written.
    ConditionFailed,
    /// Not sent: the condition cannot be expressed (an image with more
    /// attributes than DynamoDB's 4 KB expression holds); the reason.
    NotAttempted(String),
}
