//! A backup vault's ARN, as a copy's destination is named
//! (`arn:aws:backup:us-west-2:123456789012:backup-vault:dr`): checked where
//! it is typed (the config, `dynamo-dr copy --to-vault`), so a malformed one
//! never reaches StartCopyJob.

use std::fmt;

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct VaultArn {
    pub partition: String,
    pub region: String,
    pub account: String,
    pub name: String,
}

/// Why a typed vault ARN is refused; the `Display` is the sentence.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum VaultArnError {
    #[error(
        "{0:?} is not a backup vault ARN: expected arn:aws:backup:REGION:ACCOUNT:backup-vault:NAME"
    )]
    Malformed(String),
    #[error("{0:?} is not a region (expected e.g. us-west-2)")]
    Region(String),
    #[error("{0:?} is not an account id (12 digits)")]
    Account(String),
    #[error(
        "the copy would go to the vault it is in ({0}): name a vault in another region or account"
    )]
    SameVault(String),
}

impl VaultArn {
    pub fn parse(typed: &str) -> Result<Self, VaultArnError> {
        let typed = typed.trim();
        let malformed = || VaultArnError::Malformed(typed.to_owned());
        let parts: Vec<&str> = typed.splitn(7, ':').collect();
        let [arn, partition, service, region, account, kind, name] = parts[..] else {
            return Err(malformed());
        };
        if arn != "arn" || !partition.starts_with("aws") || service != "backup" {
            return Err(malformed());
        }
        if kind != "backup-vault" || !valid_vault_name(name) {
            return Err(malformed());
        }
        if !super::is_region(region) {
            return Err(VaultArnError::Region(region.to_owned()));
        }
        if account.len() != 12 || !account.chars().all(|c| c.is_ascii_digit()) {
            return Err(VaultArnError::Account(account.to_owned()));
        }
        Ok(Self {
            partition: partition.to_owned(),
            region: region.to_owned(),
            account: account.to_owned(),
            name: name.to_owned(),
        })
    }

    /// Refused when it is the vault `source_vault` (a name) in
    /// `source_region` of `source_account` (`None`: not known, not
    /// compared).
    pub fn elsewhere_than(
        &self,
        source_vault: &str,
        source_region: &str,
        source_account: Option<&str>,
    ) -> Result<(), VaultArnError> {
        let same_account = source_account.is_none_or(|a| a == self.account);
        if self.name == source_vault && self.region == source_region && same_account {
            return Err(VaultArnError::SameVault(self.to_string()));
        }
        Ok(())
    }
}

/// AWS Backup's vault names: 2–50 letters, digits and hyphens
/// (underscores too).
fn valid_vault_name(name: &str) -> bool {
    (2..=50).contains(&name.len())
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
}

impl fmt::Display for VaultArn {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "arn:{}:backup:{}:{}:backup-vault:{}",
            self.partition, self.region, self.account, self.name
        )
    }
}

impl TryFrom<String> for VaultArn {
    type Error = VaultArnError;
    fn try_from(s: String) -> Result<Self, Self::Error> {
        Self::parse(&s)
    }
}

impl From<VaultArn> for String {
    fn from(v: VaultArn) -> Self {
        v.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_vault_arn_names_its_region_account_and_vault_and_prints_back() {
        let typed = "arn:aws:backup:us-west-2:123456789012:backup-vault:prod-vault-dr";
        let v = VaultArn::parse(typed).unwrap();
        assert_eq!(
            (v.region.as_str(), v.account.as_str(), v.name.as_str()),
            ("us-west-2", "123456789012", "prod-vault-dr")
        );
        assert_eq!(v.to_string(), typed);
    }

    #[test]
    fn malformed_vault_arns_say_what_was_expected() {
        for bad in [
            "prod-vault-dr",
            "arn:aws:s3:us-west-2:123456789012:backup-vault:dr",
            "arn:aws:backup:us-west-2:123456789012:recovery-point:x",
            "arn:aws:backup:us-west-2:123456789012:backup-vault:",
        ] {
            let e = VaultArn::parse(bad).unwrap_err();
            assert!(matches!(e, VaultArnError::Malformed(_)), "{bad}: {e}");
            assert!(e.to_string().contains("arn:aws:backup:REGION"), "{e}");
        }
        let e = VaultArn::parse("arn:aws:backup:uswest:123456789012:backup-vault:dr").unwrap_err();
        assert_eq!(e, VaultArnError::Region("uswest".to_owned()));
        let e = VaultArn::parse("arn:aws:backup:us-west-2:1234:backup-vault:dr").unwrap_err();
        assert_eq!(e, VaultArnError::Account("1234".to_owned()));
    }

    #[test]
    fn the_source_vault_itself_is_refused_as_a_destination() {
        let v = VaultArn::parse("arn:aws:backup:eu-west-1:123456789012:backup-vault:main").unwrap();
        let e = v.elsewhere_than("main", "eu-west-1", Some("123456789012"));
        assert!(e.unwrap_err().to_string().contains("the vault it is in"));
        assert!(v.elsewhere_than("main", "us-west-2", None).is_ok());
        assert!(
            v.elsewhere_than("main", "eu-west-1", Some("999999999999"))
                .is_ok()
        );
    }
}
