//! Keys to actions, in two layers: the main view's and the dialogs'
//! (`[keys.dialog]`). The built-in map is embedded TOML; the user's `[keys]`
//! table replaces the keys of the actions it names. Every hint, help line
//! and message that names a key asks this map.

use std::collections::{BTreeMap, HashMap};
use std::fmt;

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use serde::de::value::StrDeserializer;
use serde::de::{MapAccess, Visitor};
use serde::{Deserialize, Deserializer};

use super::{Action, DialogAction};

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

/// The user's `[keys]` table: main-view actions, and the dialog layer in
/// `[keys.dialog]`.
#[derive(Debug, Clone, Default)]
pub struct KeyOverrides {
    pub main: BTreeMap<Action, Vec<KeyBinding>>,
    pub dialog: BTreeMap<DialogAction, Vec<KeyBinding>>,
}

/// A name in `[keys]`: the dialog layer, or a main-view action.
enum Entry {
    Dialog,
    Main(Action),
}

impl<'de> Deserialize<'de> for Entry {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let name = String::deserialize(d)?;
        if name == "dialog" {
            return Ok(Entry::Dialog);
        }
        Action::deserialize(StrDeserializer::<D::Error>::new(&name)).map(Entry::Main)
    }
}

impl<'de> Deserialize<'de> for KeyOverrides {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct Tables;
        impl<'de> Visitor<'de> for Tables {
            type Value = KeyOverrides;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("action = [keys], and a [keys.dialog] table")
            }
            fn visit_map<M: MapAccess<'de>>(self, mut map: M) -> Result<KeyOverrides, M::Error> {
                let mut out = KeyOverrides::default();
                while let Some(entry) = map.next_key::<Entry>()? {
                    match entry {
                        Entry::Dialog => out.dialog = map.next_value()?,
                        Entry::Main(action) => {
                            out.main.insert(action, map.next_value()?);
                        }
                    }
                }
                Ok(out)
            }
        }
        d.deserialize_map(Tables)
    }
}

impl KeyOverrides {
    /// One key may not name two actions of one layer.
    pub fn validate(&self) -> Result<(), String> {
        distinct("[keys]", &self.main, |a| a.name())?;
        distinct("[keys.dialog]", &self.dialog, |a| a.name())
    }
}

fn distinct<A: Copy>(
    table: &str,
    layer: &BTreeMap<A, Vec<KeyBinding>>,
    name: impl Fn(A) -> String,
) -> Result<(), String> {
    let mut seen: HashMap<KeyBinding, A> = HashMap::new();
    for (action, keys) in layer {
        for key in keys {
            if let Some(other) = seen.insert(*key, *action) {
                return Err(format!(
                    "{table}: '{key}' is bound to both {} and {}",
                    name(other),
                    name(*action)
                ));
            }
        }
    }
    Ok(())
}

/// One layer of the keymap: the built-in keys with the user's on top. A key
/// the user gives to one action is taken from the others of the layer.
#[derive(Debug, Clone)]
struct Layer<A> {
    by_action: BTreeMap<A, Vec<KeyBinding>>,
}

impl<A: Copy + Ord> Layer<A> {
    fn new(
        mut by_action: BTreeMap<A, Vec<KeyBinding>>,
        user: &BTreeMap<A, Vec<KeyBinding>>,
    ) -> Self {
        for (action, keys) in user {
            for list in by_action.values_mut() {
                list.retain(|k| !keys.contains(k));
            }
            by_action.insert(*action, keys.clone());
        }
        Self { by_action }
    }

    fn keys_for(&self, action: A) -> &[KeyBinding] {
        self.by_action
            .get(&action)
            .map(Vec::as_slice)
            .unwrap_or(&[])
    }
}

/// The keymap in force: the main view's layer and the dialogs'.
#[derive(Debug, Clone)]
pub struct Keymap {
    main: Layer<Action>,
    by_key: HashMap<KeyBinding, Action>,
    dialog: Layer<DialogAction>,
}

impl Keymap {
    pub fn with_overrides(user: &KeyOverrides) -> Self {
        // The embedded keymap is tested to parse; an empty map is the fallback
        // that keeps the program alive if it ever did not.
        let built_in = toml::from_str::<KeyOverrides>(DEFAULT_KEYMAP).unwrap_or_default();
        let main = Layer::new(built_in.main, &user.main);
        let by_key = main
            .by_action
            .iter()
            .flat_map(|(a, keys)| keys.iter().map(move |k| (*k, *a)))
            .collect();
        let dialog = Layer::new(built_in.dialog, &user.dialog);
        Self {
            main,
            by_key,
            dialog,
        }
    }

    pub fn action_for(&self, ev: &KeyEvent) -> Option<Action> {
        // Terminals report `G` as Char('G'), with or without SHIFT: the
        // character alone decides, so SHIFT is not part of a binding.
        self.by_key.get(&KeyBinding::from_event(ev)).copied()
    }

    pub fn keys_for(&self, action: Action) -> &[KeyBinding] {
        self.main.keys_for(action)
    }

    /// `q / Ctrl-c` for hints.
    pub fn hint(&self, action: Action) -> String {
        join(self.keys_for(action))
    }

    /// The key a message names for `action`: its first, or the action's
    /// name when nothing is bound to it.
    pub fn key(&self, action: Action) -> String {
        self.keys_for(action)
            .first()
            .map_or_else(|| action.name(), ToString::to_string)
    }

    pub fn dialog_keys(&self, action: DialogAction) -> &[KeyBinding] {
        self.dialog.keys_for(action)
    }

    /// Whether `ev` means `action` in a dialog that understands it.
    pub fn means(&self, ev: &KeyEvent, action: DialogAction) -> bool {
        self.dialog_keys(action)
            .contains(&KeyBinding::from_event(ev))
    }

    /// The keys a dialog's hint shows for `action` (see `shown`).
    pub fn dialog_key(&self, action: DialogAction) -> String {
        shown(self.dialog_keys(action)).unwrap_or_else(|| action.name())
    }

    /// The keys a hint shows for a main-view action (see `shown`).
    pub fn shown(&self, action: Action) -> String {
        shown(self.keys_for(action)).unwrap_or_else(|| action.name())
    }

    /// Every key of a dialog action, for help.
    pub fn dialog_hint(&self, action: DialogAction) -> String {
        join(self.dialog_keys(action))
    }
}

/// What a hint shows of `keys`: the arrow keys among them if any (`↑`,
/// `←→`), otherwise the first.
fn shown(keys: &[KeyBinding]) -> Option<String> {
    let arrows: String = keys
        .iter()
        .filter(|k| {
            !k.ctrl
                && matches!(
                    k.code,
                    KeyCode::Up | KeyCode::Down | KeyCode::Left | KeyCode::Right
                )
        })
        .map(ToString::to_string)
        .collect();
    if arrows.is_empty() {
        keys.first().map(ToString::to_string)
    } else {
        Some(arrows)
    }
}

fn join(keys: &[KeyBinding]) -> String {
    keys.iter()
        .map(ToString::to_string)
        .collect::<Vec<_>>()
        .join("/")
}

impl Default for Keymap {
    fn default() -> Self {
        Self::with_overrides(&KeyOverrides::default())
    }
}
