//! The condition of one conditional write (`write_items_if`) as DynamoDB's
//! expression: every attribute name and value a placeholder (`#a0 = :v0`),
//! so any name works, reserved words (`status`, `name`) included. Shared by
//! both backends, so an image too big to be expressed is refused the same
//! way on the sandbox and over the SDK.

use crate::domain::{AttrValue, Expect, KeySchema};

/// DynamoDB refuses an expression string longer than 4 KB.
pub const MAX_EXPRESSION_BYTES: usize = 4 * 1024;

/// What this side sends at most: the limit less a margin, so a count that
/// is off by a few bytes never reaches DynamoDB's own refusal.
pub const EXPRESSION_BUDGET: usize = MAX_EXPRESSION_BYTES - 96;

/// A condition ready to send: the expression and its placeholders.
#[derive(Debug, Clone, PartialEq)]
pub struct Condition {
    /// `attribute_not_exists(#a0)` or `#a0 = :v0 AND #a1 = :v1 …`.
    pub expression: String,
    /// `#a0` → the attribute's name.
    pub names: Vec<(String, String)>,
    /// `:v0` → the value it must equal.
    pub values: Vec<(String, AttrValue)>,
}

/// The condition for `expect`, or why it cannot be sent (the reason of a
/// `WriteOutcome::NotAttempted`).
pub fn condition(expect: &Expect, schema: &KeySchema) -> Result<Condition, String> {
    match expect {
        Expect::Absent => Ok(Condition {
            expression: "attribute_not_exists(#a0)".to_owned(),
            names: vec![("#a0".to_owned(), schema.partition_key.clone())],
            values: Vec::new(),
        }),
        // Nothing to compare: the item only has to exist.
        Expect::Equals(image) if image.is_empty() => Ok(Condition {
            expression: "attribute_exists(#a0)".to_owned(),
            names: vec![("#a0".to_owned(), schema.partition_key.clone())],
            values: Vec::new(),
        }),
        Expect::Equals(image) => {
            let mut expression = String::new();
            let mut names = Vec::with_capacity(image.len());
            let mut values = Vec::with_capacity(image.len());
            for (i, (name, value)) in image.iter().enumerate() {
                if i > 0 {
                    expression.push_str(" AND ");
                }
                let (n, v) = (format!("#a{i}"), format!(":v{i}"));
                expression.push_str(&format!("{n} = {v}"));
                names.push((n, name.clone()));
                values.push((v, value.clone()));
            }
            if expression.len() > EXPRESSION_BUDGET {
                return Err(format!(
                    "the item's {} attributes need a {}-byte condition; DynamoDB allows {} \
                     (this console sends at most {})",
                    image.len(),
                    expression.len(),
                    MAX_EXPRESSION_BYTES,
                    EXPRESSION_BUDGET
                ));
            }
            Ok(Condition {
                expression,
                names,
                values,
            })
        }
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

    use super::*;
    use crate::domain::Item;

    fn schema() -> KeySchema {
        KeySchema {
            partition_key: "pk".to_owned(),
            sort_key: None,
        }
    }

    fn image(n: usize) -> Item {
        (0..n)
            .map(|i| (format!("attr{i}"), AttrValue::N(i.to_string())))
            .collect()
    }

    #[test]
    fn absent_names_the_partition_key_through_a_placeholder() {
        let c = condition(&Expect::Absent, &schema()).unwrap();
        assert_eq!(c.expression, "attribute_not_exists(#a0)");
        assert_eq!(c.names, vec![("#a0".to_owned(), "pk".to_owned())]);
        assert!(c.values.is_empty());
    }

    #[test]
    fn equals_compares_every_attribute_by_placeholder() {
        let img: Item = [
            ("name".to_owned(), AttrValue::S("x".to_owned())),
            ("status".to_owned(), AttrValue::N("1".to_owned())),
        ]
        .into();
        let c = condition(&Expect::Equals(img), &schema()).unwrap();
        assert_eq!(c.expression, "#a0 = :v0 AND #a1 = :v1");
        assert_eq!(
            c.names,
            vec![
                ("#a0".to_owned(), "name".to_owned()),
                ("#a1".to_owned(), "status".to_owned())
            ]
        );
        assert_eq!(
            c.values[1],
            (":v1".to_owned(), AttrValue::N("1".to_owned()))
        );
    }

    #[test]
    fn an_expression_over_the_budget_is_not_sent() {
        // The largest image that fits is sent, one more attribute is not.
        let fits = (1..1_000)
            .take_while(|&n| condition(&Expect::Equals(image(n)), &schema()).is_ok())
            .last()
            .unwrap();
        let sent = condition(&Expect::Equals(image(fits)), &schema()).unwrap();
        assert!(sent.expression.len() <= EXPRESSION_BUDGET);
        assert!(sent.expression.len() > EXPRESSION_BUDGET - 20);
        let why = condition(&Expect::Equals(image(fits + 1)), &schema()).unwrap_err();
        assert!(why.contains(&format!("{} attributes", fits + 1)), "{why}");
        assert!(why.contains("4096"), "{why}");
    }
}
