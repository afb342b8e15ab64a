//! The ARNs a run carries: a DynamoDB backup's and an AWS Backup recovery
//! point's. Both come from AWS listings (the console offers them, the
//! operator never types one), so neither is validated; the types keep a
//! backup ARN from being passed where a recovery point's or a table name
//! goes. Serialized as the plain string, as journals always held them.

use std::fmt;

use serde::{Deserialize, Serialize};

/// The ARN of a DynamoDB on-demand backup (`…:table/NAME/backup/…`).
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(transparent)]
pub struct BackupArn(String);

/// The ARN of an AWS Backup recovery point.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(transparent)]
pub struct RecoveryPointArn(String);

macro_rules! arn_type {
    ($name:ident) => {
        impl $name {
            pub fn as_str(&self) -> &str {
                &self.0
            }
        }

        impl From<String> for $name {
            fn from(value: String) -> Self {
                Self(value)
            }
        }

        impl From<&str> for $name {
            fn from(value: &str) -> Self {
                Self(value.to_owned())
            }
        }

        impl From<$name> for String {
            fn from(value: $name) -> Self {
                value.0
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(&self.0)
            }
        }

        impl PartialEq<str> for $name {
            fn eq(&self, other: &str) -> bool {
                self.0 == other
            }
        }

        impl PartialEq<&str> for $name {
            fn eq(&self, other: &&str) -> bool {
                self.0 == *other
            }
        }
    };
}

arn_type!(BackupArn);
arn_type!(RecoveryPointArn);

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    #[test]
    fn an_arn_is_written_and_read_as_the_plain_string() {
        let arn = BackupArn::from("arn:aws:dynamodb:r:a:table/t/backup/1");
        let json = serde_json::to_string(&arn).unwrap();
        assert_eq!(json, "\"arn:aws:dynamodb:r:a:table/t/backup/1\"");
        assert_eq!(serde_json::from_str::<BackupArn>(&json).unwrap(), arn);
        let point: RecoveryPointArn = serde_json::from_str("\"arn:p\"").unwrap();
        assert_eq!(point.as_str(), "arn:p");
    }
}
