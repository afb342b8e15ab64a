//! Help as rows: every key (generated from the keymap in force), the
//! dialogs' keys, then the glossary, wrapped to the popup's width with
//! continuation lines indented under their text. The reducer scrolls by
//! the same rows, so scrolling stops at the last one.

use super::DialogAction::ApplyPolicy;
use super::DialogAction::{
    Cancel, Confirm, Delete, DeleteCopy, Details, Down, Filter, Leave, MenuAwsBackup, MenuRepair,
    No, Restore, Retry, Review, Switch, Tick, Up, WriteChanged, WriteCreated, WriteDeleted, Yes,
};
use super::{Action, GLOSSARY, State, wrap};
use crate::workflow::OpKind;

/// How a row is drawn.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum HelpStyle {
    Heading,
    /// `key` in the key column, then `text`.
    Key,
    Term,
    Text,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HelpRow {
    pub style: HelpStyle,
    /// The key column (padded), on the first row of a key's text only.
    pub key: String,
    pub text: String,
}

impl std::fmt::Display for HelpRow {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}{}", self.key, self.text)
    }
}

/// The key column's width, its indent included.
const KEY_COLUMN: usize = 24;

/// The help popup in a screen of `size`: its width and height, borders
/// included.
pub fn popup(size: (u16, u16)) -> (u16, u16) {
    let (w, h) = size;
    let pw = (w * 4 / 5).max(w.min(78));
    let ph = h.saturating_sub(4).max(10).min(h);
    (pw, ph)
}

/// The furthest the help scrolls in a screen of `size`: its last row at
/// the bottom.
pub fn max_scroll(state: &State) -> u16 {
    let (w, h) = popup(state.view.size);
    let rows = rows(state, w.saturating_sub(2)).len();
    u16::try_from(rows.saturating_sub(usize::from(h.saturating_sub(2)))).unwrap_or(u16::MAX)
}

/// Every row of help, wrapped to `width` columns.
pub fn rows(state: &State, width: u16) -> Vec<HelpRow> {
    let mut out = Vec::new();
    let heading = |out: &mut Vec<HelpRow>, text: &str| {
        out.push(HelpRow {
            style: HelpStyle::Heading,
            key: String::new(),
            text: text.to_owned(),
        })
    };
    let blank = |out: &mut Vec<HelpRow>| {
        out.push(HelpRow {
            style: HelpStyle::Text,
            key: String::new(),
            text: String::new(),
        })
    };
    let text_width = usize::from(width).saturating_sub(KEY_COLUMN).max(10);
    let keyed = |out: &mut Vec<HelpRow>, keys: String, what: &str| {
        let lines = wrap(what, u16::try_from(text_width).unwrap_or(u16::MAX));
        for (i, line) in lines.into_iter().enumerate() {
            let key = if i == 0 {
                format!("  {keys:<w$}", w = KEY_COLUMN - 2)
            } else {
                " ".repeat(KEY_COLUMN)
            };
            out.push(HelpRow {
                style: HelpStyle::Key,
                key,
                text: line,
            });
        }
    };

    heading(&mut out, "Keys");
    for action in Action::ALL {
        keyed(&mut out, state.keymap.hint(action), action.description());
    }
    let key = |a| state.keymap.dialog_key(a);
    for line in wrap(
        &format!(
            "(while filtering: type to narrow, {} keeps the filter, {} clears it)",
            key(Confirm),
            key(Cancel)
        ),
        width.saturating_sub(2),
    ) {
        out.push(HelpRow {
            style: HelpStyle::Text,
            key: "  ".into(),
            text: line,
        });
    }
    blank(&mut out);
    heading(&mut out, "In dialogs");
    let digits = if OpKind::ALL.len() > 11 {
        format!("1-9, 0, {}, {}", key(MenuRepair), key(MenuAwsBackup))
    } else if OpKind::ALL.len() > 10 {
        format!("1-9, 0, {}", key(MenuRepair))
    } else if OpKind::ALL.len() == 10 {
        "1-9, 0".to_owned()
    } else {
        format!("1-{}", OpKind::ALL.len())
    };
    for (keys, what) in [
        (
            format!("{digits} {}{} {}", key(Up), key(Down), key(Confirm)),
            "operations menu: choose an operation (disabled ones say why; 0 is the tenth, then the keys of the eleventh, repair in place, and the twelfth, back up with AWS Backup; the DR drill has its own key, below)",
        ),
        (
            format!(
                "{} / {}",
                state.keymap.key(Action::Operations),
                state.keymap.key(Action::Details)
            ),
            "on a comparison's run in Jobs: what differs (counts, every differing key, the file)",
        ),
        (
            format!("{}{}", key(Up), key(Down)),
            "scroll a plan taller than the screen (▲/▼ N more on its border)",
        ),
        (
            format!("{} / {}", key(Confirm), key(Cancel)),
            "next / cancel; on a plan: run it / cancel it (nothing has happened yet)",
        ),
        (
            format!("{} / {}", key(Yes), key(No)),
            "remove deletion protection? restore from cold storage?",
        ),
        (
            format!("{} / {} / {}", key(Yes), key(No), key(Switch)),
            "new table: PITR / protection on / off / switch",
        ),
        (
            format!("type + {}", key(Confirm)),
            "confirm a deletion by typing the table's (or backup's) name",
        ),
        (
            format!(
                "{} / {} / {} / {}",
                key(Details),
                key(Restore),
                key(DeleteCopy),
                key(Cancel)
            ),
            "Backups view: details / restore into a new table / delete (its name typed; yes again for a table's only copy) / back",
        ),
        (
            format!("{} / {} / {}", key(Retry), key(Review), key(Leave)),
            "a step failed: retry it / cleanup review / leave as is",
        ),
        (
            format!("{} / {} / {}", key(Tick), key(Delete), key(Cancel)),
            "cleanup review: tick / delete the ticked (not Enter) / keep everything",
        ),
        (
            format!(
                "{} {} {} / {} / {}",
                key(WriteDeleted),
                key(WriteChanged),
                key(WriteCreated),
                key(Tick),
                key(Filter)
            ),
            "a repair's choice: write back what was deleted / changed / created since, or not / the class of the key under the cursor / filter the keys",
        ),
        (
            format!("{} / {}", key(Confirm), key(Cancel)),
            "a repair's choice: write back the ticked classes (each item under a condition) / write nothing and go on to the cleanup review",
        ),
        (
            format!("{} / {} / {}", key(Tick), key(Confirm), key(Cancel)),
            "prune review: tick (never one not AVAILABLE, nor the last AVAILABLE) / the plan, which deletes on its Enter / delete nothing",
        ),
        (
            format!("{} / {}", key(ApplyPolicy), key(Cancel)),
            "who can delete backups: the plan of a vault policy that denies deleting recovery points (when it does not yet) / close",
        ),
    ] {
        keyed(&mut out, keys, what);
    }
    blank(&mut out);
    heading(&mut out, "Glossary");
    for (term, text) in GLOSSARY {
        out.push(HelpRow {
            style: HelpStyle::Term,
            key: "  ".into(),
            text: term.to_owned(),
        });
        for line in wrap(text, width.saturating_sub(4)) {
            out.push(HelpRow {
                style: HelpStyle::Text,
                key: "    ".into(),
                text: line,
            });
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn continuation_lines_are_indented_under_their_text_and_nothing_is_wider() {
        let s = crate::app::tests_interrupted::state();
        let rows = rows(&s, 60);
        for r in &rows {
            assert!(r.to_string().chars().count() <= 60, "{r}");
        }
        // A glossary text that wraps continues under its first line.
        let at = rows
            .iter()
            .position(|r| r.text == "What an in-place restore loses")
            .unwrap();
        assert!(
            rows[at + 1]
                .to_string()
                .starts_with("    Operations 1 and 2")
        );
        assert!(rows[at + 2].to_string().starts_with("    "));
        assert!(!rows[at + 2].to_string().starts_with("     "));
        // A key's description that wraps continues in its text column.
        let long = rows
            .iter()
            .position(|r| r.text.starts_with("cleanup review: tick"))
            .unwrap();
        assert_eq!(rows[long + 1].key, " ".repeat(KEY_COLUMN));
    }

    #[test]
    fn help_scrolls_to_its_last_row_and_no_further() {
        let mut s = crate::app::tests_interrupted::state();
        s.view.size = (90, 25);
        let max = max_scroll(&s);
        let (w, h) = popup(s.view.size);
        assert_eq!(usize::from(max) + usize::from(h - 2), rows(&s, w - 2).len());
        s.view.modal = Some(crate::app::Modal::Help { scroll: 0 });
        for _ in 0..(max + 20) {
            crate::app::update(
                &mut s,
                crate::app::Event::Key(crossterm::event::KeyEvent::from(
                    crossterm::event::KeyCode::Down,
                )),
            );
        }
        assert!(matches!(s.view.modal, Some(crate::app::Modal::Help { scroll }) if scroll == max));
        crate::app::update(
            &mut s,
            crate::app::Event::Key(crossterm::event::KeyEvent::from(
                crossterm::event::KeyCode::Up,
            )),
        );
        assert!(
            matches!(s.view.modal, Some(crate::app::Modal::Help { scroll }) if scroll == max - 1)
        );
    }
}
