//! An AWS region's name (`us-west-2`, `us-gov-west-1`, `cn-north-1`),
//! checked where it is typed (`[copies] region`, `--dr-region`), so a typo
//! is named there instead of surfacing as an endpoint that cannot be
//! reached.

use std::fmt;

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Region(String);

/// Lowercase words joined by `-`, at least three, the first two letters
/// and the last a number: `us-west-2`, `ap-southeast-4`, `us-gov-east-1`.
pub fn is_region(text: &str) -> bool {
    let parts: Vec<&str> = text.split('-').collect();
    let word = |p: &&str| !p.is_empty() && p.chars().all(|c| c.is_ascii_lowercase());
    parts.len() >= 3
        && parts[0].len() == 2
        && word(&parts[0])
        && parts[1..parts.len() - 1].iter().all(word)
        && parts
            .last()
            .is_some_and(|n| !n.is_empty() && n.chars().all(|c| c.is_ascii_digit()))
}

impl Region {
    pub fn parse(typed: &str) -> Result<Self, String> {
        let typed = typed.trim();
        if is_region(typed) {
            Ok(Self(typed.to_owned()))
        } else {
            Err(format!("{typed:?} is not an AWS region (e.g. us-west-2)"))
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for Region {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl TryFrom<String> for Region {
    type Error = String;
    fn try_from(s: String) -> Result<Self, String> {
        Self::parse(&s)
    }
}

impl From<Region> for String {
    fn from(r: Region) -> String {
        r.0
    }
}

impl std::str::FromStr for Region {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        Self::parse(s)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn regions_are_told_from_typos() {
        for ok in [
            "us-west-2",
            "eu-central-1",
            "ap-southeast-4",
            "us-gov-west-1",
            "cn-north-1",
        ] {
            assert!(Region::parse(ok).is_ok(), "{ok}");
        }
        for bad in [
            "",
            "us-west",
            "uswest2",
            "US-WEST-2",
            "us-west-2a",
            "usa-west-2",
            "us--2",
        ] {
            let e = Region::parse(bad).unwrap_err();
            assert!(e.contains("not an AWS region"), "{bad}: {e}");
        }
    }
}
