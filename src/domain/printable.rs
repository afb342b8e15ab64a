//! Text from the account (table names, item keys, AWS error messages, ARNs)
//! made safe to print to a terminal. Anyone who can write to a table or
//! answer for an endpoint chooses those strings; printed raw, an escape
//! sequence in one can retitle the window, recolour the screen or hide a
//! line, and a bidi override can make a key read as another. Every control
//! character (C0, DEL, C1), the Unicode line and paragraph separators and
//! every bidi mark, embedding, override and isolate is shown visibly
//! instead, as Rust writes it: `\u{1b}`.

use std::borrow::Cow;
use std::fmt;

/// Whether `c` must never reach a terminal raw.
pub fn is_hostile(c: char) -> bool {
    c.is_control() // C0, DEL and C1
        || matches!(
            c,
            '\u{061C}' // Arabic letter mark
            | '\u{200E}' | '\u{200F}' // left-to-right and right-to-left marks
            | '\u{2028}' | '\u{2029}' // line and paragraph separators
            | '\u{202A}'..='\u{202E}' // embeddings and overrides
            | '\u{2066}'..='\u{2069}' // isolates
        )
}

/// `s` with every hostile character written as `\u{…}`; borrowed when
/// there is none.
pub fn printable(s: &str) -> Cow<'_, str> {
    if !s.chars().any(is_hostile) {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        if is_hostile(c) {
            out.push_str(&format!("\\u{{{:x}}}", u32::from(c)));
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

/// Displays any value through [`printable`], keeping width and alignment:
/// `format!("{:<40}", Printable(&name))`.
pub struct Printable<T>(pub T);

impl<T: fmt::Display> fmt::Display for Printable<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.pad(&printable(&self.0.to_string()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn controls_and_bidi_are_shown_not_sent() {
        let hostile = "key-\x1b]0;PWNED\x07\x1b[31;1mRED\u{9b}\u{202e}gpj.exe\u{2066}\n\r\t\x7f\u{200f}\u{61c}\u{2028}";
        let shown = printable(hostile);
        assert!(!shown.chars().any(is_hostile), "{shown}");
        assert!(shown.starts_with("key-\\u{1b}]0;PWNED\\u{7}"), "{shown}");
        assert!(shown.contains("\\u{202e}gpj.exe"), "{shown}");
        for c in ['\u{1b}', '\u{9b}', '\u{202a}', '\u{2069}', '\u{200e}'] {
            assert!(is_hostile(c), "{c:?}");
        }
    }

    #[test]
    fn plain_text_is_untouched_and_not_copied() {
        for s in ["orders", "pk=order-17, sk=2", "✔ pass  émoji 🦀 日本"] {
            assert!(matches!(printable(s), Cow::Borrowed(b) if b == s));
        }
    }

    #[test]
    fn width_and_alignment_apply_to_the_shown_text() {
        assert_eq!(format!("{:<6}|", Printable("a\x1b")), "a\\u{1b}|");
        assert_eq!(format!("{:<6}|", Printable("ab")), "ab    |");
        assert_eq!(format!("{:>4}", Printable(7)), "   7");
    }
}
