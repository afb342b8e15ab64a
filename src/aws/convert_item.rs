//! DynamoDB attribute values ↔ the domain's `AttrValue`, both ways, so the
//! SDK's `AttributeValue` never leaves this module.

use std::collections::HashMap;

use aws_sdk_dynamodb::primitives::Blob;
use aws_sdk_dynamodb::types::AttributeValue as Av;

use crate::backend::BackendError;
use crate::domain::{AttrValue, Item};

pub(super) fn item_from_sdk(item: &HashMap<String, Av>) -> Result<Item, BackendError> {
    item.iter()
        .map(|(k, v)| Ok((k.clone(), value_from_sdk(v)?)))
        .collect()
}

pub(super) fn item_to_sdk(item: &Item) -> HashMap<String, Av> {
    item.iter()
        .map(|(k, v)| (k.clone(), value_to_sdk(v)))
        .collect()
}

fn value_from_sdk(v: &Av) -> Result<AttrValue, BackendError> {
    Ok(match v {
        Av::S(s) => AttrValue::S(s.clone()),
        Av::N(n) => AttrValue::N(n.clone()),
        Av::B(b) => AttrValue::B(b.as_ref().to_vec()),
        Av::Bool(b) => AttrValue::Bool(*b),
        Av::Null(_) => AttrValue::Null,
        Av::L(l) => AttrValue::L(l.iter().map(value_from_sdk).collect::<Result<_, _>>()?),
        Av::M(m) => AttrValue::M(item_from_sdk(m)?),
        Av::Ss(s) => AttrValue::Ss(s.clone()),
        Av::Ns(n) => AttrValue::Ns(n.clone()),
        Av::Bs(b) => AttrValue::Bs(b.iter().map(|b| b.as_ref().to_vec()).collect()),
        other => {
            return Err(BackendError::Aws {
                code: "UnknownAttributeType".to_owned(),
                message: format!(
                    "an item holds an attribute type this version cannot read: {other:?}"
                ),
                request_id: None,
            });
        }
    })
}

pub(super) fn value_to_sdk(v: &AttrValue) -> Av {
    match v {
        AttrValue::S(s) => Av::S(s.clone()),
        AttrValue::N(n) => Av::N(n.clone()),
        AttrValue::B(b) => Av::B(Blob::new(b.clone())),
        AttrValue::Bool(b) => Av::Bool(*b),
        AttrValue::Null => Av::Null(true),
        AttrValue::L(l) => Av::L(l.iter().map(value_to_sdk).collect()),
        AttrValue::M(m) => Av::M(item_to_sdk(m)),
        AttrValue::Ss(s) => Av::Ss(s.clone()),
        AttrValue::Ns(n) => Av::Ns(n.clone()),
        AttrValue::Bs(b) => Av::Bs(b.iter().map(|b| Blob::new(b.clone())).collect()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_type_survives_the_round_trip() {
        let item: Item = [
            ("s".to_owned(), AttrValue::S("x".to_owned())),
            ("n".to_owned(), AttrValue::N("1.50".to_owned())),
            ("b".to_owned(), AttrValue::B(vec![0, 255])),
            ("t".to_owned(), AttrValue::Bool(true)),
            ("z".to_owned(), AttrValue::Null),
            (
                "l".to_owned(),
                AttrValue::L(vec![AttrValue::Null, AttrValue::N("2".to_owned())]),
            ),
            (
                "m".to_owned(),
                AttrValue::M([("k".to_owned(), AttrValue::S("v".to_owned()))].into()),
            ),
            (
                "ss".to_owned(),
                AttrValue::Ss(vec!["a".to_owned(), "b".to_owned()]),
            ),
            ("ns".to_owned(), AttrValue::Ns(vec!["1".to_owned()])),
            ("bs".to_owned(), AttrValue::Bs(vec![vec![1], vec![2]])),
        ]
        .into();
        assert_eq!(item_from_sdk(&item_to_sdk(&item)), Ok(item));
    }
}
