//! `--region` and `--endpoint-url` checked before any client is built, so a
//! typo is named with its flag at start instead of surfacing later as "no
//! region" or an unreachable host.

use crate::backend::BackendError;

/// An AWS region name such as `eu-west-1`, `us-gov-west-1` or
/// `ap-southeast-3`. With an endpoint URL (moto, LocalStack, DynamoDB
/// Local) any host label is allowed: such servers accept names like `local`.
pub fn region(name: &str, has_endpoint: bool) -> Result<(), BackendError> {
    let shaped = if has_endpoint {
        is_host_label(name)
    } else {
        is_aws_region(name)
    };
    if shaped {
        Ok(())
    } else {
        Err(BackendError::Invalid(format!(
            "--region '{}' is not an AWS region name (like eu-west-1)",
            name.escape_debug()
        )))
    }
}

/// `http://host[:port][/path]` or `https://…`, with a host that can be
/// connected to: a name, an IPv4 address or a bracketed IPv6 address.
pub fn endpoint(url: &str) -> Result<(), BackendError> {
    let bad = |why: &str| {
        Err(BackendError::Invalid(format!(
            "--endpoint-url {why} (got {})",
            url.escape_debug()
        )))
    };
    let Some(rest) = url
        .strip_prefix("http://")
        .or_else(|| url.strip_prefix("https://"))
    else {
        return bad("must start with http:// or https://");
    };
    if url.chars().any(|c| c.is_whitespace() || c.is_control()) {
        return bad("must not contain spaces or control characters");
    }
    let authority = rest.split(['/', '?', '#']).next().unwrap_or_default();
    if authority.contains('@') {
        return bad("must not contain a user name or password");
    }
    let port = if let Some(v6) = authority.strip_prefix('[') {
        let Some((host, after)) = v6.split_once(']') else {
            return bad("has an IPv6 address without its closing ']'");
        };
        if host.is_empty()
            || !host
                .chars()
                .all(|c| c.is_ascii_hexdigit() || c == ':' || c == '.')
        {
            return bad("has an IPv6 address that is not one");
        }
        match after {
            "" => None,
            p => match p.strip_prefix(':') {
                Some(port) => Some(port),
                None => return bad("has text after the IPv6 address"),
            },
        }
    } else {
        let (host, port) = match authority.rsplit_once(':') {
            Some((h, p)) => (h, Some(p)),
            None => (authority, None),
        };
        if host.is_empty() {
            return bad("has no host");
        }
        if !host.split('.').all(is_host_label) {
            return bad("has a host name that is not one");
        }
        port
    };
    match port.map(|p| p.parse::<u16>()) {
        None | Some(Ok(1..)) => Ok(()),
        Some(_) => bad("has a port that is not a number from 1 to 65535"),
    }
}

/// Letters, digits and inner hyphens, 1 to 63 characters.
fn is_host_label(s: &str) -> bool {
    (1..=63).contains(&s.len())
        && s.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
        && !s.starts_with('-')
        && !s.ends_with('-')
}

/// Two lowercase letters, one or more lowercase words, then a number:
/// `eu-west-1`, `us-gov-east-1`, `eu-isoe-west-1`.
fn is_aws_region(s: &str) -> bool {
    let parts: Vec<&str> = s.split('-').collect();
    let Some((number, words)) = parts.split_last() else {
        return false;
    };
    words.len() >= 2
        && words[0].len() == 2
        && words
            .iter()
            .all(|w| !w.is_empty() && w.chars().all(|c| c.is_ascii_lowercase()))
        && !number.is_empty()
        && number.len() <= 2
        && number.chars().all(|c| c.is_ascii_digit())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn message(r: Result<(), BackendError>) -> String {
        match r {
            Err(BackendError::Invalid(m)) => m,
            other => format!("unexpected {other:?}"),
        }
    }

    #[test]
    fn aws_region_names_pass_and_others_name_the_flag() {
        for ok in [
            "eu-west-1",
            "us-east-1",
            "ap-southeast-3",
            "us-gov-west-1",
            "cn-north-1",
            "eu-isoe-west-1",
            "il-central-1",
        ] {
            assert_eq!(region(ok, false), Ok(()), "{ok}");
        }
        for bad in [
            "",
            "eu west 1",
            "EU-WEST-1",
            "eu-west",
            "euwest1",
            "eu-west-1/",
            "eu-west-x",
            "e-west-1",
        ] {
            let m = message(region(bad, false));
            assert!(m.starts_with("--region '"), "{bad}: {m}");
            assert!(m.contains("not an AWS region name"), "{bad}: {m}");
        }
        // A local server takes any host label.
        assert_eq!(region("local", true), Ok(()));
        assert!(region("eu west 1", true).is_err());
    }

    #[test]
    fn endpoints_must_be_urls_a_client_can_connect_to() {
        for ok in [
            "http://127.0.0.1:5000",
            "http://localhost:4566/",
            "https://dynamodb.eu-west-1.amazonaws.com",
            "http://[::1]:8000",
            "http://[::1]",
            "http://moto:5000/path?x=1",
        ] {
            assert_eq!(endpoint(ok), Ok(()), "{ok}");
        }
        for (bad, why) in [
            ("ftp://x", "must start with http:// or https://"),
            ("http://[::1", "without its closing ']'"),
            ("http://[::1]x", "text after the IPv6 address"),
            ("http://", "has no host"),
            ("http://:5000", "has no host"),
            ("http://a b", "spaces"),
            ("http://host:0", "port"),
            ("http://host:99999", "port"),
            ("http://host:x", "port"),
            ("http://user:pw@host", "user name or password"),
            ("http://-host-", "host name"),
        ] {
            let m = message(endpoint(bad));
            assert!(m.starts_with("--endpoint-url "), "{bad}: {m}");
            assert!(m.contains(why), "{bad}: {m}");
        }
    }
}
