//! Keys to actions. The built-in map is embedded TOML; the user's `[keys]`
//! table replaces the keys of the actions it names.

use std::collections::{BTreeMap, HashMap};
use std::fmt;

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use serde::Deserialize;

use super::Action;

const DEFAULT_KEYMAP: &str = include_str!("keymap.toml");

/// One key, as written in the config: `q`, `G`, `ctrl-c`, `tab`, `f1`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Deserialize)]
#[serde(try_from = "String")]
pub struct KeyBinding {
    pub code: KeyCode,
    pub ctrl: bool,
}

impl KeyBinding {
    pub fn parse(raw: &str) -> Result<Self, String> {
        let (ctrl, rest) = match raw.strip_prefix("ctrl-") {
            Some(rest) if !rest.is_empty() => (true, rest),
            _ => (false, raw),
        };
        let code = match rest {
            "up" => KeyCode::Up,
            "down" => KeyCode::Down,
            "left" => KeyCode::Left,
            "right" => KeyCode::Right,
            "pgup" => KeyCode::PageUp,
            "pgdn" => KeyCode::PageDown,
            "home" => KeyCode::Home,
            "end" => KeyCode::End,
            "tab" => KeyCode::Tab,
            "backtab" => KeyCode::BackTab,
            "enter" => KeyCode::Enter,
            "esc" => KeyCode::Esc,
            "space" => KeyCode::Char(' '),
            f if f.len() >= 2
                && f.starts_with('f')
                && f[1..].parse::<u8>().is_ok_and(|n| (1..=12).contains(&n)) =>
            {
                KeyCode::F(f[1..].parse().unwrap_or(1))
            }
            c if c.chars().count() == 1 => KeyCode::Char(c.chars().next().unwrap_or(' ')),
            _ => {
                return Err(format!(
                    "'{raw}' is not a key (examples: \"q\", \"G\", \"ctrl-c\", \"tab\", \"f1\")"
                ));
            }
        };
        Ok(Self { code, ctrl })
    }

    pub fn from_event(ev: &KeyEvent) -> Self {
        Self {
            code: ev.code,
            ctrl: ev.modifiers.contains(KeyModifiers::CONTROL),
        }
    }
}

impl TryFrom<String> for KeyBinding {
    type Error = String;
    fn try_from(v: String) -> Result<Self, String> {
        Self::parse(&v)
    }
}

impl fmt::Display for KeyBinding {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.ctrl {
            f.write_str("Ctrl-")?;
        }
        match self.code {
            KeyCode::Char(' ') => f.write_str("Space"),
            KeyCode::Char(c) => write!(f, "{c}"),
            KeyCode::Up => f.write_str("↑"),
            KeyCode::Down => f.write_str("↓"),
            KeyCode::Left => f.write_str("←"),
            KeyCode::Right => f.write_str("→"),
            KeyCode::PageUp => f.write_str("PgUp"),
            KeyCode::PageDown => f.write_str("PgDn"),
            KeyCode::Home => f.write_str("Home"),
            KeyCode::End => f.write_str("End"),
            KeyCode::Tab => f.write_str("Tab"),
            KeyCode::BackTab => f.write_str("Shift-Tab"),
            KeyCode::Enter => f.write_str("Enter"),
            KeyCode::Esc => f.write_str("Esc"),
            KeyCode::F(n) => write!(f, "F{n}"),
            other => write!(f, "{other:?}"),
        }
    }
}

/// The user's `[keys]` table.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(transparent)]
pub struct KeyOverrides(pub BTreeMap<Action, Vec<KeyBinding>>);

impl KeyOverrides {
    /// One key may not name two actions.
    pub fn validate(&self) -> Result<(), String> {
        let mut seen: HashMap<KeyBinding, Action> = HashMap::new();
        for (action, keys) in &self.0 {
            for key in keys {
                if let Some(other) = seen.insert(*key, *action) {
                    return Err(format!(
                        "[keys]: '{key}' is bound to both {} and {}",
                        other.name(),
                        action.name()
                    ));
                }
            }
        }
        Ok(())
    }
}

/// The keymap in force.
#[derive(Debug, Clone)]
pub struct Keymap {
    by_action: BTreeMap<Action, Vec<KeyBinding>>,
    by_key: HashMap<KeyBinding, Action>,
}

impl Keymap {
    pub fn with_overrides(user: &KeyOverrides) -> Self {
        // The embedded keymap is tested to parse; an empty map is the fallback
        // that keeps the program alive if it ever did not.
        let mut by_action = toml::from_str::<KeyOverrides>(DEFAULT_KEYMAP)
            .map(|k| k.0)
            .unwrap_or_default();
        for (action, keys) in &user.0 {
            for list in by_action.values_mut() {
                list.retain(|k| !keys.contains(k));
            }
            by_action.insert(*action, keys.clone());
        }
        let by_key = by_action
            .iter()
            .flat_map(|(a, keys)| keys.iter().map(move |k| (*k, *a)))
            .collect();
        Self { by_action, by_key }
    }

    pub fn action_for(&self, ev: &KeyEvent) -> Option<Action> {
        // Terminals report `G` as Char('G'), with or without SHIFT: the
        // character alone decides, so SHIFT is not part of a binding.
        self.by_key.get(&KeyBinding::from_event(ev)).copied()
    }

    pub fn keys_for(&self, action: Action) -> &[KeyBinding] {
        self.by_action
            .get(&action)
            .map(Vec::as_slice)
            .unwrap_or(&[])
    }

    /// `q / Ctrl-c` for hints.
    pub fn hint(&self, action: Action) -> String {
        self.keys_for(action)
            .iter()
            .map(ToString::to_string)
            .collect::<Vec<_>>()
            .join("/")
    }
}

impl Default for Keymap {
    fn default() -> Self {
        Self::with_overrides(&KeyOverrides::default())
    }
}
