//! Where an export lives in S3: a bucket and a key prefix, typed as
//! `s3://BUCKET/PREFIX` and checked against S3's rules for bucket names
//! before any call, so a typo is refused where it was typed.

use std::fmt;

/// One object under a prefix (ListObjectsV2).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct S3Object {
    pub key: String,
    pub size: u64,
}

/// A bucket and a prefix (no leading `/`; may be empty).
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct S3Location {
    pub bucket: String,
    pub prefix: String,
}

/// Why a bucket name or an `s3://` address is refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum S3Error {
    #[error("an S3 location starts with s3:// (s3://BUCKET/PREFIX), not {0:?}")]
    NotS3(String),
    #[error("no bucket named: give s3://BUCKET/PREFIX")]
    NoBucket,
    #[error("bucket name {name:?}: {why}")]
    BadBucket { name: String, why: &'static str },
}

impl S3Location {
    /// Parses `s3://BUCKET[/PREFIX]`. The prefix keeps its inner slashes and
    /// loses a trailing one, so `s3://b/exports/` and `s3://b/exports` are
    /// the same place.
    pub fn parse(text: &str) -> Result<Self, S3Error> {
        let text = text.trim();
        let rest = text
            .strip_prefix("s3://")
            .ok_or_else(|| S3Error::NotS3(text.to_owned()))?;
        let (bucket, prefix) = rest.split_once('/').unwrap_or((rest, ""));
        if bucket.is_empty() {
            return Err(S3Error::NoBucket);
        }
        Self::new(bucket, prefix)
    }

    /// A bucket (checked) and a prefix (trimmed of slashes at both ends).
    pub fn new(bucket: &str, prefix: &str) -> Result<Self, S3Error> {
        check_bucket(bucket)?;
        Ok(Self {
            bucket: bucket.to_owned(),
            prefix: prefix.trim_matches('/').to_owned(),
        })
    }

    /// The prefix with a trailing `/` (empty stays empty): what to list so
    /// that `exports` does not also match `exports-old`.
    pub fn dir(&self) -> String {
        if self.prefix.is_empty() {
            String::new()
        } else {
            format!("{}/", self.prefix)
        }
    }
}

impl fmt::Display for S3Location {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.prefix.is_empty() {
            write!(f, "s3://{}", self.bucket)
        } else {
            write!(f, "s3://{}/{}", self.bucket, self.prefix)
        }
    }
}

/// S3's rules for a general purpose bucket's name: 3 to 63 characters of
/// lowercase letters, digits, dots and hyphens, beginning and ending with a
/// letter or digit, no two dots together, not shaped like an IP address.
pub fn check_bucket(name: &str) -> Result<(), S3Error> {
    let bad = |why| {
        Err(S3Error::BadBucket {
            name: name.to_owned(),
            why,
        })
    };
    if !(3..=63).contains(&name.len()) {
        return bad("a bucket name is 3 to 63 characters long");
    }
    if !name
        .bytes()
        .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'.' || b == b'-')
    {
        return bad("only lowercase letters, digits, dots and hyphens");
    }
    let edge = |b: Option<u8>| b.is_some_and(|b| b.is_ascii_lowercase() || b.is_ascii_digit());
    if !edge(name.bytes().next()) || !edge(name.bytes().last()) {
        return bad("it must begin and end with a letter or a digit");
    }
    if name.contains("..") {
        return bad("two dots may not follow each other");
    }
    if name.parse::<std::net::Ipv4Addr>().is_ok() {
        return bad("it may not look like an IP address");
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_bucket_and_prefix() {
        let l = S3Location::parse("s3://my-exports/prod/orders/").unwrap();
        assert_eq!(l.bucket, "my-exports");
        assert_eq!(l.prefix, "prod/orders");
        assert_eq!(l.dir(), "prod/orders/");
        assert_eq!(l.to_string(), "s3://my-exports/prod/orders");
        let bare = S3Location::parse("s3://my-exports").unwrap();
        assert_eq!(bare.prefix, "");
        assert_eq!(bare.dir(), "");
        assert_eq!(bare.to_string(), "s3://my-exports");
    }

    #[test]
    fn refuses_what_s3_refuses() {
        assert_eq!(
            S3Location::parse("my-exports/x"),
            Err(S3Error::NotS3("my-exports/x".to_owned()))
        );
        assert_eq!(S3Location::parse("s3:///x"), Err(S3Error::NoBucket));
        for name in [
            "ab",
            "My-Bucket",
            "-abc",
            "abc-",
            "a..b",
            "192.168.1.1",
            "a_b",
        ] {
            assert!(
                matches!(check_bucket(name), Err(S3Error::BadBucket { .. })),
                "{name} should be refused"
            );
        }
        assert!(check_bucket(&"a".repeat(64)).is_err());
        assert!(check_bucket("dr.exports-2026").is_ok());
    }
}
