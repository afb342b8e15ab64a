//! The canonical encoding of an item: the same data gives the same bytes
//! whatever order DynamoDB returned it in. Map keys are sorted (a `BTreeMap`
//! already is), sets are sorted and deduplicated, numbers are normalised
//! (`1.50`, `+1.5` and `15E-1` are one number). Every value is a type tag and
//! a length-prefixed body, so no two different items share an encoding.
//!
//! The same layout without the normalising (`encode_item_exact`: numbers as
//! DynamoDB sent them, sets in their order) decodes back to the very item
//! (`decode_item`); verification spills keys to disk that way, so a
//! differing key is reported as the table holds it (`n=1.50`, not
//! `n=15e-1`), while the canonical bytes still decide which keys match.

use std::borrow::Cow;

use super::item::{AttrValue, Item};

/// Appends the canonical bytes of `item` to `out` (reuse `out` across items:
/// digesting a table then allocates nothing per item).
pub fn encode_item(item: &Item, out: &mut Vec<u8>) {
    encode_map(item, Form::Canonical, out);
}

/// Appends the bytes of `item` as it is, numbers and sets unnormalised:
/// `decode_item` gives `item` back, equal to the last digit.
pub fn encode_item_exact(item: &Item, out: &mut Vec<u8>) {
    encode_map(item, Form::Exact, out);
}

/// Whether numbers and sets are normalised (hashing, matching) or kept as
/// they came (bytes that must decode back to the same item).
#[derive(Clone, Copy, PartialEq, Eq)]
enum Form {
    Canonical,
    Exact,
}

fn encode_map(map: &Item, form: Form, out: &mut Vec<u8>) {
    out.push(b'M');
    put_len(out, map.len());
    for (name, value) in map {
        put_bytes(out, name.as_bytes());
        encode_value(value, form, out);
    }
}

fn encode_value(value: &AttrValue, form: Form, out: &mut Vec<u8>) {
    match value {
        AttrValue::S(s) => {
            out.push(b'S');
            put_bytes(out, s.as_bytes());
        }
        AttrValue::N(n) => encode_number(n, form, out),
        AttrValue::B(b) => {
            out.push(b'B');
            put_bytes(out, b);
        }
        AttrValue::Bool(b) => out.push(if *b { b'T' } else { b'F' }),
        AttrValue::Null => out.push(b'0'),
        AttrValue::L(list) => {
            out.push(b'L');
            put_len(out, list.len());
            list.iter().for_each(|v| encode_value(v, form, out));
        }
        AttrValue::M(map) => encode_map(map, form, out),
        AttrValue::Ss(set) => {
            encode_set(
                b's',
                set.iter().map(|s| Cow::Borrowed(s.as_bytes())),
                form,
                out,
            );
        }
        AttrValue::Ns(set) => encode_set(
            b'n',
            set.iter()
                .map(|n| Cow::Owned(number_text(n, form).into_bytes())),
            form,
            out,
        ),
        AttrValue::Bs(set) => encode_set(
            b'b',
            set.iter().map(|b| Cow::Borrowed(b.as_slice())),
            form,
            out,
        ),
    }
}

fn number_text(n: &str, form: Form) -> String {
    match form {
        Form::Canonical => normalize_number(n),
        Form::Exact => n.to_owned(),
    }
}

fn encode_number(n: &str, form: Form, out: &mut Vec<u8>) {
    out.push(b'N');
    put_bytes(out, number_text(n, form).as_bytes());
}

/// A set's members, sorted and deduplicated in the canonical form; borrowed
/// where they are already bytes (only numbers are respelled).
fn encode_set<'a>(
    tag: u8,
    members: impl Iterator<Item = Cow<'a, [u8]>>,
    form: Form,
    out: &mut Vec<u8>,
) {
    let mut members: Vec<Cow<'a, [u8]>> = members.collect();
    if form == Form::Canonical {
        members.sort_unstable();
        members.dedup();
    }
    out.push(tag);
    put_len(out, members.len());
    members.iter().for_each(|m| put_bytes(out, m));
}

fn put_len(out: &mut Vec<u8>, len: usize) {
    out.extend_from_slice(&(len as u64).to_le_bytes());
}

fn put_bytes(out: &mut Vec<u8>, bytes: &[u8]) {
    put_len(out, bytes.len());
    out.extend_from_slice(bytes);
}

/// One spelling per number: `[-]DIGITSeEXP` with no leading or trailing
/// zeros in DIGITS (`1.50` → `15e-1`, `100` → `1e2`, `-0.0` → `0`). A string
/// that is not a number (DynamoDB never sends one) is kept as is, marked
/// with `?` so it cannot equal a real number.
pub fn normalize_number(raw: &str) -> String {
    parse_number(raw.trim()).unwrap_or_else(|| format!("?{raw}"))
}

fn parse_number(s: &str) -> Option<String> {
    let (negative, s) = match s.as_bytes().first()? {
        b'-' => (true, &s[1..]),
        b'+' => (false, &s[1..]),
        _ => (false, s),
    };
    let (mantissa, exp) = match s.find(['e', 'E']) {
        Some(i) => (&s[..i], s[i + 1..].parse::<i64>().ok()?),
        None => (s, 0),
    };
    let (int, frac) = mantissa.split_once('.').unwrap_or((mantissa, ""));
    if int.is_empty() && frac.is_empty() {
        return None;
    }
    if !int.bytes().chain(frac.bytes()).all(|b| b.is_ascii_digit()) {
        return None;
    }
    // DIGITS: int then frac, without leading zeros; trailing zeros go to
    // the exponent. Built by hand, not with `format!`: every number of
    // every item read passes here.
    let mut out = String::with_capacity(s.len() + 8);
    if negative {
        out.push('-');
    }
    let mut zeros = 0i64;
    let mut any = false;
    for b in int.bytes().chain(frac.bytes()) {
        if b == b'0' {
            if any {
                zeros += 1;
            }
            continue;
        }
        out.extend(std::iter::repeat_n('0', zeros as usize));
        zeros = 0;
        out.push(char::from(b));
        any = true;
    }
    if !any {
        return Some("0".to_owned());
    }
    let exp = exp.saturating_sub(frac.len() as i64).saturating_add(zeros);
    out.push('e');
    push_int(&mut out, exp);
    Some(out)
}

/// `n` in decimal, as `to_string` writes it, without the formatter.
fn push_int(out: &mut String, n: i64) {
    if n < 0 {
        out.push('-');
    }
    let mut digits = [0u8; 20];
    let mut at = digits.len();
    let mut m = n.unsigned_abs();
    loop {
        at -= 1;
        digits[at] = b'0' + (m % 10) as u8;
        m /= 10;
        if m == 0 {
            break;
        }
    }
    out.extend(digits[at..].iter().map(|&d| char::from(d)));
}

/// Bytes that are not an encoded item (a spill file cut short or
/// overwritten): which byte, and what was wrong there.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("not an encoded item at byte {at}: {what}")]
pub struct DecodeError {
    pub at: usize,
    pub what: &'static str,
}

/// DynamoDB nests documents 32 levels deep at most; deeper bytes were not
/// written by this module, and are refused before they exhaust the stack.
const MAX_DEPTH: usize = 64;

/// The item that `encode_item_exact` (or `encode_item`: then with numbers
/// and sets in their canonical form) wrote into `bytes`, which must hold
/// exactly one item.
pub fn decode_item(bytes: &[u8]) -> Result<Item, DecodeError> {
    let mut r = Reader { bytes, at: 0 };
    if r.byte()? != b'M' {
        return Err(r.fail("an item starts with M"));
    }
    let item = r.map(0)?;
    if r.at != bytes.len() {
        return Err(r.fail("bytes after the item"));
    }
    Ok(item)
}

struct Reader<'a> {
    bytes: &'a [u8],
    at: usize,
}

impl Reader<'_> {
    fn fail(&self, what: &'static str) -> DecodeError {
        DecodeError { at: self.at, what }
    }

    fn byte(&mut self) -> Result<u8, DecodeError> {
        let b = *self.bytes.get(self.at).ok_or(self.fail("cut short"))?;
        self.at += 1;
        Ok(b)
    }

    fn take(&mut self, n: usize) -> Result<&[u8], DecodeError> {
        let end = self
            .at
            .checked_add(n)
            .ok_or(self.fail("length overflows"))?;
        let out = self.bytes.get(self.at..end).ok_or(self.fail("cut short"))?;
        self.at = end;
        Ok(out)
    }

    /// A count of things that each take at least one byte: never more than
    /// the bytes left, so a corrupt length cannot make a huge allocation.
    fn len(&mut self) -> Result<usize, DecodeError> {
        let raw = self.take(8)?;
        let mut le = [0u8; 8];
        le.copy_from_slice(raw);
        let len = usize::try_from(u64::from_le_bytes(le)).map_err(|_| self.fail("length"))?;
        if len > self.bytes.len() - self.at {
            return Err(self.fail("length past the end"));
        }
        Ok(len)
    }

    fn blob(&mut self) -> Result<Vec<u8>, DecodeError> {
        let n = self.len()?;
        Ok(self.take(n)?.to_vec())
    }

    fn text(&mut self) -> Result<String, DecodeError> {
        let at = self.at;
        String::from_utf8(self.blob()?).map_err(|_| DecodeError {
            at,
            what: "text that is not UTF-8",
        })
    }

    fn map(&mut self, depth: usize) -> Result<Item, DecodeError> {
        let n = self.len()?;
        let mut map = Item::new();
        for _ in 0..n {
            let name = self.text()?;
            let value = self.value(depth + 1)?;
            map.insert(name, value);
        }
        Ok(map)
    }

    fn value(&mut self, depth: usize) -> Result<AttrValue, DecodeError> {
        if depth > MAX_DEPTH {
            return Err(self.fail("nested too deep"));
        }
        Ok(match self.byte()? {
            b'S' => AttrValue::S(self.text()?),
            b'N' => AttrValue::N(self.text()?),
            b'B' => AttrValue::B(self.blob()?),
            b'T' => AttrValue::Bool(true),
            b'F' => AttrValue::Bool(false),
            b'0' => AttrValue::Null,
            b'L' => {
                let n = self.len()?;
                let list = (0..n)
                    .map(|_| self.value(depth + 1))
                    .collect::<Result<_, _>>()?;
                AttrValue::L(list)
            }
            b'M' => AttrValue::M(self.map(depth)?),
            b's' => AttrValue::Ss(self.members(|r| r.text())?),
            b'n' => AttrValue::Ns(self.members(|r| r.text())?),
            b'b' => AttrValue::Bs(self.members(|r| r.blob())?),
            _ => {
                self.at -= 1;
                return Err(self.fail("unknown type tag"));
            }
        })
    }

    fn members<T>(
        &mut self,
        mut one: impl FnMut(&mut Self) -> Result<T, DecodeError>,
    ) -> Result<Vec<T>, DecodeError> {
        let n = self.len()?;
        (0..n).map(|_| one(self)).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn bytes(item: &Item) -> Vec<u8> {
        let mut out = Vec::new();
        encode_item(item, &mut out);
        out
    }

    fn s(v: &str) -> AttrValue {
        AttrValue::S(v.to_owned())
    }

    #[test]
    fn numbers_have_one_spelling() {
        for same in [
            ["1.5", "1.50"],
            ["1.5", "+1.5"],
            ["1.5", "15E-1"],
            ["100", "1e2"],
        ] {
            assert_eq!(
                normalize_number(same[0]),
                normalize_number(same[1]),
                "{same:?}"
            );
        }
        assert_eq!(normalize_number("0"), normalize_number("-0.000"));
        assert_eq!(normalize_number("007"), "7e0");
        assert_eq!(normalize_number("-0.0120"), "-12e-3");
        // Each spelling exactly: zeros inside the digits stay, the ends go
        // to the exponent, whatever its sign and size.
        for (raw, canonical) in [
            ("1.50", "15e-1"),
            ("100", "1e2"),
            ("-0.0", "0"),
            ("1002.030", "100203e-2"),
            ("-12.340E5", "-1234e3"),
            ("0.000", "0"),
            ("9e-130", "9e-130"),
            (
                "12345678901234567890123456789012345678",
                "12345678901234567890123456789012345678e0",
            ),
            ("1e9223372036854775807", "1e9223372036854775807"),
        ] {
            assert_eq!(normalize_number(raw), canonical, "{raw}");
        }
        assert_ne!(normalize_number("1.5"), normalize_number("-1.5"));
        assert_ne!(normalize_number("15"), normalize_number("1.5"));
        assert_eq!(normalize_number("abc"), "?abc");
        assert_eq!(normalize_number("."), "?.");
    }

    #[test]
    fn map_order_does_not_matter() {
        let mut a = Item::new();
        a.insert("b".to_owned(), s("2"));
        a.insert("a".to_owned(), s("1"));
        let mut inner = Item::new();
        inner.insert("y".to_owned(), AttrValue::N("1.0".to_owned()));
        inner.insert("x".to_owned(), AttrValue::Null);
        a.insert("m".to_owned(), AttrValue::M(inner));
        let b: Item = [
            (
                "m".to_owned(),
                AttrValue::M(
                    [
                        ("x".to_owned(), AttrValue::Null),
                        ("y".to_owned(), AttrValue::N("1".to_owned())),
                    ]
                    .into(),
                ),
            ),
            ("a".to_owned(), s("1")),
            ("b".to_owned(), s("2")),
        ]
        .into();
        assert_eq!(bytes(&a), bytes(&b));
    }

    #[test]
    fn set_order_does_not_matter_but_list_order_does() {
        let set = |v: &[&str]| -> Item {
            [
                (
                    "ss".to_owned(),
                    AttrValue::Ss(v.iter().map(|x| (*x).to_owned()).collect()),
                ),
                (
                    "ns".to_owned(),
                    AttrValue::Ns(vec!["2.0".to_owned(), "1".to_owned()]),
                ),
                ("bs".to_owned(), AttrValue::Bs(vec![vec![2], vec![1]])),
            ]
            .into()
        };
        let reversed: Item = [
            (
                "ss".to_owned(),
                AttrValue::Ss(vec!["b".to_owned(), "a".to_owned()]),
            ),
            (
                "ns".to_owned(),
                AttrValue::Ns(vec!["1".to_owned(), "2".to_owned()]),
            ),
            ("bs".to_owned(), AttrValue::Bs(vec![vec![1], vec![2]])),
        ]
        .into();
        assert_eq!(bytes(&set(&["a", "b"])), bytes(&reversed));
        let list = |v: [&str; 2]| -> Item {
            [(
                "l".to_owned(),
                AttrValue::L(v.iter().map(|x| s(x)).collect()),
            )]
            .into()
        };
        assert_ne!(bytes(&list(["a", "b"])), bytes(&list(["b", "a"])));
    }

    #[test]
    fn types_and_boundaries_are_kept_apart() {
        let one = |v: AttrValue| -> Item { [("a".to_owned(), v)].into() };
        assert_ne!(
            bytes(&one(s("1"))),
            bytes(&one(AttrValue::N("1".to_owned())))
        );
        assert_ne!(
            bytes(&one(s("1"))),
            bytes(&one(AttrValue::B(b"1".to_vec())))
        );
        assert_ne!(
            bytes(&one(AttrValue::Ss(vec!["1".to_owned()]))),
            bytes(&one(AttrValue::L(vec![s("1")])))
        );
        let two: Item = [("a".to_owned(), s("bc")), ("d".to_owned(), s(""))].into();
        let other: Item = [("a".to_owned(), s("b")), ("cd".to_owned(), s(""))].into();
        assert_ne!(bytes(&two), bytes(&other));
    }

    /// One value of every kind, nested in a map and a list, with numbers
    /// and sets spelled the way DynamoDB might send them.
    fn every_kind() -> Item {
        let mut inner = Item::new();
        inner.insert(
            "deep".to_owned(),
            AttrValue::L(vec![s("x"), AttrValue::Null]),
        );
        inner.insert("n".to_owned(), AttrValue::N("-0.0120".to_owned()));
        [
            ("s".to_owned(), s("h\u{e9}llo")),
            ("empty".to_owned(), s("")),
            ("n".to_owned(), AttrValue::N("1.50".to_owned())),
            ("big".to_owned(), AttrValue::N("1E+125".to_owned())),
            ("b".to_owned(), AttrValue::B(vec![0, 255, 7])),
            ("t".to_owned(), AttrValue::Bool(true)),
            ("f".to_owned(), AttrValue::Bool(false)),
            ("null".to_owned(), AttrValue::Null),
            (
                "l".to_owned(),
                AttrValue::L(vec![
                    s("a"),
                    AttrValue::N("2".to_owned()),
                    AttrValue::M(inner.clone()),
                    AttrValue::L(vec![]),
                ]),
            ),
            ("m".to_owned(), AttrValue::M(inner)),
            (
                "ss".to_owned(),
                AttrValue::Ss(vec!["b".to_owned(), "a".to_owned()]),
            ),
            (
                "ns".to_owned(),
                AttrValue::Ns(vec!["2.0".to_owned(), "1".to_owned()]),
            ),
            ("bs".to_owned(), AttrValue::Bs(vec![vec![2], vec![1, 1]])),
        ]
        .into()
    }

    #[test]
    fn the_exact_encoding_decodes_to_the_very_item() {
        let item = every_kind();
        let mut exact = Vec::new();
        encode_item_exact(&item, &mut exact);
        assert_eq!(decode_item(&exact), Ok(item.clone()));
        let key: Item = [("pk".to_owned(), AttrValue::N("17.0".to_owned()))].into();
        let mut out = Vec::new();
        encode_item_exact(&key, &mut out);
        assert_eq!(decode_item(&out), Ok(key));
        assert_eq!(decode_item(&bytes(&Item::new())), Ok(Item::new()));
    }

    #[test]
    fn the_canonical_encoding_decodes_to_the_same_canonical_item() {
        let item = every_kind();
        let canonical = bytes(&item);
        let decoded = decode_item(&canonical).unwrap();
        assert_eq!(bytes(&decoded), canonical);
        assert_eq!(decoded["n"], AttrValue::N("15e-1".to_owned()));
        assert_eq!(
            decoded["ss"],
            AttrValue::Ss(vec!["a".to_owned(), "b".to_owned()])
        );
    }

    #[test]
    fn bytes_that_are_not_an_item_are_refused_not_panicked_on() {
        let mut good = Vec::new();
        encode_item_exact(&every_kind(), &mut good);
        for cut in [0, 1, 8, 9, good.len() / 2, good.len() - 1] {
            assert!(decode_item(&good[..cut]).is_err(), "cut at {cut}");
        }
        let mut longer = good.clone();
        longer.push(b'S');
        assert_eq!(
            decode_item(&longer).unwrap_err().what,
            "bytes after the item"
        );
        let mut huge = vec![b'M'];
        huge.extend_from_slice(&u64::MAX.to_le_bytes());
        assert!(decode_item(&huge).is_err());
        let mut bad_tag = vec![b'M'];
        bad_tag.extend_from_slice(&1u64.to_le_bytes());
        bad_tag.extend_from_slice(&1u64.to_le_bytes());
        bad_tag.extend_from_slice(b"a?");
        assert_eq!(decode_item(&bad_tag).unwrap_err().what, "unknown type tag");
        let mut deep = AttrValue::Null;
        for _ in 0..100 {
            deep = AttrValue::L(vec![deep]);
        }
        let mut out = Vec::new();
        encode_item_exact(&[("d".to_owned(), deep)].into(), &mut out);
        assert_eq!(decode_item(&out).unwrap_err().what, "nested too deep");
    }
}
