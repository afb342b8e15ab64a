//! The canonical encoding of an item: the same data gives the same bytes
//! whatever order DynamoDB returned it in. Map keys are sorted (a `BTreeMap`
//! already is), sets are sorted and deduplicated, numbers are normalised
//! (`1.50`, `+1.5` and `15E-1` are one number). Every value is a type tag and
//! a length-prefixed body, so no two different items share an encoding.

use super::item::{AttrValue, Item};

/// Appends the canonical bytes of `item` to `out` (reuse `out` across items:
/// digesting a table then allocates nothing per item).
pub fn encode_item(item: &Item, out: &mut Vec<u8>) {
    encode_map(item, out);
}

fn encode_map(map: &Item, out: &mut Vec<u8>) {
    out.push(b'M');
    put_len(out, map.len());
    for (name, value) in map {
        put_bytes(out, name.as_bytes());
        encode_value(value, out);
    }
}

fn encode_value(value: &AttrValue, out: &mut Vec<u8>) {
    match value {
        AttrValue::S(s) => {
            out.push(b'S');
            put_bytes(out, s.as_bytes());
        }
        AttrValue::N(n) => encode_number(n, out),
        AttrValue::B(b) => {
            out.push(b'B');
            put_bytes(out, b);
        }
        AttrValue::Bool(b) => out.push(if *b { b'T' } else { b'F' }),
        AttrValue::Null => out.push(b'0'),
        AttrValue::L(list) => {
            out.push(b'L');
            put_len(out, list.len());
            list.iter().for_each(|v| encode_value(v, out));
        }
        AttrValue::M(map) => encode_map(map, out),
        AttrValue::Ss(set) => encode_set(b's', set.iter().map(|s| s.as_bytes().to_vec()), out),
        AttrValue::Ns(set) => encode_set(
            b'n',
            set.iter().map(|n| normalize_number(n).into_bytes()),
            out,
        ),
        AttrValue::Bs(set) => encode_set(b'b', set.iter().cloned(), out),
    }
}

fn encode_number(n: &str, out: &mut Vec<u8>) {
    out.push(b'N');
    put_bytes(out, normalize_number(n).as_bytes());
}

fn encode_set(tag: u8, members: impl Iterator<Item = Vec<u8>>, out: &mut Vec<u8>) {
    let mut members: Vec<Vec<u8>> = members.collect();
    members.sort_unstable();
    members.dedup();
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
    let digits = format!("{int}{frac}");
    let mut exp = exp - frac.len() as i64;
    let digits = digits.trim_start_matches('0');
    let trimmed = digits.trim_end_matches('0');
    exp += (digits.len() - trimmed.len()) as i64;
    if trimmed.is_empty() {
        return Some("0".to_owned());
    }
    let sign = if negative { "-" } else { "" };
    Some(format!("{sign}{trimmed}e{exp}"))
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
}
