//! Operation "Compare with a table": which table to propose, the typed
//! name's rules, and the estimate's item count, all from what the console
//! already holds (no call is made here).
//!
//! The proposal is the table the selected one was restored from, when that
//! can be known: a restore into a new table (operation 4 or 5) of this
//! session or of a finished journal names its target and, in the copy's
//! ARN, its source; else a name like `X-restored`, `X-restored-2`,
//! `X-at-1130` or `X--dupe-…` whose `X` is an existing table.

use crate::domain::{TableName, temp_origin};

use super::bad_input::BadInput;
use super::state::State;
use super::wizard::Wizard;
use tui_input::Input;

/// The table to propose for comparing `table` with, if one can be told.
pub fn proposed_other(state: &State, table: &str) -> Option<String> {
    let exists = |name: &str| name != table && state.inventory.tables.contains(name);
    let restored = state
        .runs
        .ours
        .iter()
        .filter(|r| r.table == table)
        .filter_map(|r| r.restored_from.as_deref())
        .chain(
            state
                .runs
                .restored
                .iter()
                .rev()
                .filter(|(target, _)| target == table)
                .map(|(_, source)| source.as_str()),
        )
        .find(|source| exists(source));
    restored
        .map(str::to_owned)
        .or_else(|| name_prefix(table).filter(|p| exists(p)).map(str::to_owned))
}

/// `X` of `X-restored`, `X-restored-N`, `X-at-DIGITS`, `X--dupe-…` and
/// `X--orig-…`.
fn name_prefix(name: &str) -> Option<&str> {
    if let Some((origin, _)) = temp_origin(name) {
        return Some(origin);
    }
    let digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    if let Some(x) = name.strip_suffix("-restored") {
        return Some(x);
    }
    if let Some((x, n)) = name.rsplit_once("-restored-")
        && digits(n)
    {
        return Some(x);
    }
    if let Some((x, at)) = name.rsplit_once("-at-")
        && digits(at)
    {
        return Some(x);
    }
    None
}

/// The other table as typed: DynamoDB's rules, not `table` itself, and a
/// table the inventory lists.
pub fn other_table(state: &State, table: &str, raw: &str) -> Result<TableName, BadInput> {
    let raw = raw.trim();
    if raw.is_empty() {
        return Err(BadInput::NoOtherTable);
    }
    let name = TableName::parse(raw).map_err(|e| BadInput::TableName(e.to_string()))?;
    if name == *table {
        return Err(BadInput::SameTable(name.to_string()));
    }
    if !state.inventory.tables.contains(name.as_str()) {
        return Err(BadInput::NoSuchTable(name.to_string()));
    }
    Ok(name)
}

/// Both tables' items as the inventory counted them (0 where not loaded),
/// for the plan's estimate.
pub fn items_of(state: &State, tables: [&str; 2]) -> u64 {
    tables
        .iter()
        .filter_map(|t| state.inventory.tables.row(t))
        .filter_map(|r| r.table.as_ref())
        .map(|t| t.item_count)
        .sum()
}

/// The page for comparing `table`, with the proposed table typed in.
pub fn page(state: &State, table: TableName) -> Wizard {
    let proposed = proposed_other(state, table.as_str()).unwrap_or_default();
    Wizard::EnterOther {
        kind: crate::workflow::OpKind::Compare,
        input: Input::new(proposed),
        table,
        error: None,
    }
}

#[cfg(test)]
mod tests {
    use super::name_prefix;

    #[test]
    fn restored_and_temporary_names_give_their_table() {
        assert_eq!(name_prefix("orders-restored"), Some("orders"));
        assert_eq!(name_prefix("orders-restored-2"), Some("orders"));
        assert_eq!(name_prefix("orders-at-1130"), Some("orders"));
        assert_eq!(
            name_prefix("orders--dupe-Jan-28-2025-09-39-28"),
            Some("orders")
        );
        assert_eq!(name_prefix("orders-restored-x"), None);
        assert_eq!(name_prefix("orders-at-noon"), None);
        assert_eq!(name_prefix("orders"), None);
    }
}
