//! AWS errors in the operator's words. Every SDK call goes through
//! [`Call::map`], which knows the IAM action the call needs and what it was
//! about, so an `AccessDenied` names the missing permission and an unreachable
//! endpoint names the region and endpoint that were tried.

use std::error::Error as StdError;

use aws_sdk_dynamodb::config::http::HttpResponse;
use aws_sdk_dynamodb::error::{ProvideErrorMetadata, SdkError};

use super::attempts;
use crate::backend::BackendError;

/// One SDK call: the IAM action it needs, what it is about, and where it goes.
#[derive(Debug, Clone)]
pub(crate) struct Call<'a> {
    /// The IAM action, e.g. `dynamodb:DeleteTable`.
    pub action: &'static str,
    /// What the call is about, e.g. `table orders`.
    pub subject: String,
    /// `region eu-west-1` or `region eu-west-1 at http://127.0.0.1:5000`.
    pub target: &'a str,
    /// The `--profile` in use, named when credentials are missing.
    pub profile: Option<&'a str>,
    /// No region came from the flags, the environment or the profile.
    pub no_region: bool,
}

impl Call<'_> {
    /// Maps an SDK error onto a [`BackendError`]. Never includes credentials:
    /// only the error code, message and request id are kept.
    pub fn map<E>(&self, err: SdkError<E, HttpResponse>) -> BackendError
    where
        E: ProvideErrorMetadata + StdError + Send + Sync + 'static,
    {
        match &err {
            SdkError::ServiceError(service) => {
                let request_id = service
                    .raw()
                    .headers()
                    .get("x-amzn-requestid")
                    .or_else(|| service.raw().headers().get("x-amz-request-id"))
                    .or_else(|| service.err().meta().extra("aws_request_id"))
                    .map(str::to_owned);
                let status = service.raw().status().as_u16();
                if service.err().code().is_none() && matches!(status, 404 | 405 | 501) {
                    // No AWS error code at all: the endpoint has no such API
                    // (moto and LocalStack lack parts of AWS Backup).
                    tracing::warn!(
                        action = self.action,
                        status,
                        "the endpoint does not implement the call"
                    );
                    return self.not_implemented(status);
                }
                if service.err().code().is_none()
                    && let Some(kind) = foreign_content_type(service.raw())
                {
                    return self.not_aws(status, &kind);
                }
                let code = service.err().code().unwrap_or("Unknown").to_owned();
                let message = service
                    .err()
                    .message()
                    .map(str::to_owned)
                    .unwrap_or_else(|| service.err().to_string());
                // For the log file: the request id is what AWS support asks for.
                tracing::warn!(
                    action = self.action,
                    subject = %self.subject,
                    code = %code,
                    request_id = request_id.as_deref().unwrap_or("-"),
                    "AWS refused the call: {message}"
                );
                self.service_error(code, message, request_id)
            }
            SdkError::TimeoutError(_) => self.no_answer(&err),
            SdkError::DispatchFailure(d) if d.is_timeout() => self.no_answer(&err),
            SdkError::DispatchFailure(_) | SdkError::ConstructionFailure(_) => {
                self.local_failure(&err)
            }
            SdkError::ResponseError(r) => match foreign_content_type(r.raw()) {
                Some(kind) => self.not_aws(r.raw().status().as_u16(), &kind),
                None => self.unreadable(&err),
            },
            _ => BackendError::Unreachable(format!(
                "{} failed before AWS answered: {}",
                self.action,
                chain(&err)
            )),
        }
    }

    /// Nothing came back in time, however often the SDK tried.
    fn no_answer(&self, err: &(dyn StdError + 'static)) -> BackendError {
        match attempts::last() {
            Some(tried) => BackendError::Unreachable(format!(
                "no answer from {} to {} after {tried}",
                self.target, self.action
            )),
            None => BackendError::Unreachable(format!(
                "no answer from {} to {} ({})",
                self.target,
                self.action,
                chain(err)
            )),
        }
    }

    /// Something answered, but not in a protocol an AWS API speaks: a
    /// proxy's error page, a web server, a captive portal.
    pub fn not_aws(&self, status: u16, content_type: &str) -> BackendError {
        BackendError::Unreachable(format!(
            "{} answered {} with HTTP {status} ({content_type}), not an AWS API: check \
             --endpoint-url and any proxy",
            self.target, self.action
        ))
    }

    fn unreadable(&self, err: &(dyn StdError + 'static)) -> BackendError {
        BackendError::Unreachable(format!(
            "{} sent an answer to {} that could not be read ({})",
            self.target,
            self.action,
            chain(err)
        ))
    }

    /// The endpoint answered without an AWS error code and a status that
    /// says it has no such operation: say so instead of `Unknown`.
    pub fn not_implemented(&self, status: u16) -> BackendError {
        BackendError::Unsupported(format!(
            "{} does not implement {} (HTTP {status} without an AWS error code)",
            self.target, self.action
        ))
    }

    /// An error AWS answered with.
    pub fn service_error(
        &self,
        code: String,
        message: String,
        request_id: Option<String>,
    ) -> BackendError {
        let lower = message.to_ascii_lowercase();
        match code.as_str() {
            "ResourceNotFoundException"
            | "TableNotFoundException"
            | "BackupNotFoundException"
            | "SourceTableNotFoundException"
            | "NoSuchEntity"
            | "NoSuchEntityException"
            | "NoSuchBucket"
            | "NoSuchKey"
            | "ExportNotFoundException"
            | "ImportNotFoundException" => BackendError::NotFound {
                what: self.subject.clone(),
            },
            "TableAlreadyExistsException" | "AlreadyExistsException" | "EntityAlreadyExists" => {
                BackendError::AlreadyExists {
                    what: self.subject.clone(),
                }
            }
            "ResourceInUseException" if lower.contains("already exists") => {
                BackendError::AlreadyExists {
                    what: self.subject.clone(),
                }
            }
            "ResourceInUseException"
            | "TableInUseException"
            | "BackupInUseException"
            | "ContinuousBackupsUnavailableException"
            | "ConflictException"
            | "InvalidResourceStateException" => BackendError::InUse {
                resource: self.subject.clone(),
                detail: message,
            },
            "ValidationException" if mentions_deletion_protection(&lower) => {
                BackendError::DeletionProtected {
                    table: self.subject_name().to_owned(),
                }
            }
            "LimitExceededException" => BackendError::LimitExceeded(format!(
                "{message} (DynamoDB allows 50 concurrent restores and 500 concurrent table \
                 operations per account; wait for running ones to finish)"
            )),
            "PointInTimeRecoveryUnavailableException" => BackendError::PitrDisabled {
                table: self.subject_name().to_owned(),
            },
            "ValidationException"
            | "InvalidParameterValueException"
            | "InvalidRequestException"
            | "MissingParameterValueException"
            | "InvalidRestoreTimeException"
            | "InvalidInput" => BackendError::Invalid(message),
            c if c.starts_with("AccessDenied")
                || c == "UnauthorizedOperation"
                || c == "AuthorizationError" =>
            {
                BackendError::AccessDenied {
                    permission: self.action.to_owned(),
                    message,
                }
            }
            "UnrecognizedClientException"
            | "InvalidClientTokenId"
            | "InvalidSignatureException"
            | "SignatureDoesNotMatch"
            | "IncompleteSignature"
            | "MissingAuthenticationToken"
            | "ExpiredToken"
            | "ExpiredTokenException"
            | "RequestExpired" => {
                BackendError::Credentials(format!("{code}: {message}. {}", self.hint()))
            }
            _ => BackendError::Aws {
                code,
                message,
                request_id,
            },
        }
    }

    /// The call never reached AWS: no credentials, no region, or no network.
    fn local_failure(&self, err: &(dyn StdError + 'static)) -> BackendError {
        if let Some(why) = credentials_failure(err) {
            return BackendError::Credentials(format!(
                "{} could not be signed: {why}. {}",
                self.action,
                self.hint()
            ));
        }
        let text = chain(err);
        let lower = text.to_ascii_lowercase();
        if lower.contains("credential") {
            return BackendError::Credentials(format!(
                "{} could not be signed: {text}. {}",
                self.action,
                self.hint()
            ));
        }
        if lower.contains("region") && !lower.contains("connect") {
            return BackendError::Unreachable(if self.no_region {
                "no AWS region is configured: pass --region, set AWS_REGION or set region in \
                 the profile"
                    .to_owned()
            } else {
                format!(
                    "{} was refused for its region: {text}: check --region",
                    self.target
                )
            });
        }
        let tried = attempts::last()
            .map(|t| format!(" after {t}"))
            .unwrap_or_default();
        BackendError::Unreachable(format!(
            "{} could not be reached calling {}{tried}: {text}",
            self.target, self.action
        ))
    }

    /// How to get credentials, naming the profile when one was given.
    fn hint(&self) -> String {
        match self.profile {
            Some(p) => format!(
                "Check that profile '{p}' exists in ~/.aws/config and log in with \
                 `aws sso login --profile {p}`, or pass another --profile"
            ),
            None => CREDENTIALS_HINT.to_owned(),
        }
    }

    /// The last word of the subject (`table orders` → `orders`).
    fn subject_name(&self) -> &str {
        self.subject
            .rsplit(' ')
            .next()
            .unwrap_or(self.subject.as_str())
    }
}

const CREDENTIALS_HINT: &str = "Log in with `aws sso login --profile NAME`, pass --profile, or \
     set AWS_PROFILE / AWS_ACCESS_KEY_ID";

/// DynamoDB refuses to delete a protected table with a ValidationException;
/// only its message tells it apart from other validation errors.
fn mentions_deletion_protection(lower_message: &str) -> bool {
    lower_message.contains("deletion protection")
        || lower_message.contains("protected against deletion")
        || lower_message.contains("deletionprotection")
}

/// Why no credentials could be had, in one line, when that is why the call
/// failed. The SDK's own text lists every provider of the chain; the
/// operator needs what was tried and what to do, not that list.
fn credentials_failure(err: &(dyn StdError + 'static)) -> Option<String> {
    use aws_credential_types::provider::error::CredentialsError;
    let mut cur: Option<&(dyn StdError + 'static)> = Some(err);
    while let Some(e) = cur {
        if let Some(c) = e.downcast_ref::<CredentialsError>() {
            return Some(match c {
                CredentialsError::CredentialsNotLoaded(_) => NOT_FOUND.to_owned(),
                CredentialsError::ProviderTimedOut(_) => {
                    "the credentials provider did not answer in time (SSO or instance metadata)"
                        .to_owned()
                }
                other => match other.source() {
                    Some(cause) => format!("{other}: {}", first_line(&cause.to_string())),
                    None => other.to_string(),
                },
            });
        }
        cur = e.source();
    }
    None
}

const NOT_FOUND: &str = "no credentials found (tried AWS_ACCESS_KEY_ID and AWS_PROFILE, the \
     shared config and credentials files, SSO, web identity, container and instance metadata)";

/// The first line of a message, whitespace folded, at most 200 characters.
fn first_line(text: &str) -> String {
    let line = text.lines().next().unwrap_or_default();
    let folded = line.split_whitespace().collect::<Vec<_>>().join(" ");
    match folded.char_indices().nth(200) {
        Some((cut, _)) => format!("{}…", &folded[..cut]),
        None => folded,
    }
}

/// The content type of an answer that no AWS protocol uses (`text/html`
/// from a proxy), without parameters and control characters.
fn foreign_content_type(raw: &HttpResponse) -> Option<String> {
    let value = raw.headers().get("content-type")?;
    let kind = value
        .split(';')
        .next()
        .unwrap_or_default()
        .trim()
        .to_ascii_lowercase();
    let aws = kind.is_empty()
        || kind.starts_with("application/x-amz-")
        || kind.ends_with("json")
        || kind.ends_with("xml")
        || kind.ends_with("cbor");
    (!aws).then(|| {
        kind.chars()
            .filter(|c| c.is_ascii_graphic())
            .take(60)
            .collect()
    })
}

/// `outer: inner: innermost`, de-duplicated, on one line.
fn chain(err: &(dyn StdError + 'static)) -> String {
    let mut parts: Vec<String> = Vec::new();
    let mut cur: Option<&(dyn StdError + 'static)> = Some(err);
    while let Some(e) = cur {
        let text = e.to_string();
        if !parts.iter().any(|p| p.contains(&text)) {
            parts.push(text);
        }
        cur = e.source();
    }
    parts
        .join(": ")
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// Starting a restore or backup job hands the role to AWS Backup: an access
/// denial that names PassRole is said as the permission on that role.
pub(super) fn pass_role(role_arn: &str) -> impl Fn(BackendError) -> BackendError + '_ {
    move |e| match e {
        BackendError::AccessDenied { message, .. } if message.contains("PassRole") => {
            BackendError::AccessDenied {
                permission: format!("iam:PassRole on {role_arn}"),
                message,
            }
        }
        other => other,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn call() -> Call<'static> {
        Call {
            action: "dynamodb:DeleteTable",
            subject: "table orders".to_owned(),
            target: "region eu-west-1",
            profile: None,
            no_region: false,
        }
    }

    fn map(code: &str, message: &str) -> BackendError {
        call().service_error(code.to_owned(), message.to_owned(), Some("RID".to_owned()))
    }

    #[test]
    fn codes_become_domain_errors() {
        assert_eq!(
            map("ResourceNotFoundException", "Requested resource not found"),
            BackendError::not_found("table orders")
        );
        assert_eq!(
            map(
                "ValidationException",
                "Resource cannot be deleted as it is currently protected against deletion. \
                 Disable deletion protection first."
            ),
            BackendError::DeletionProtected {
                table: "orders".to_owned()
            }
        );
        assert_eq!(
            map("ValidationException", "1 validation error detected"),
            BackendError::Invalid("1 validation error detected".to_owned())
        );
        assert_eq!(
            map("ResourceInUseException", "Table already exists: orders"),
            BackendError::already_exists("table orders")
        );
        match map("AccessDeniedException", "not authorized") {
            BackendError::AccessDenied { permission, .. } => {
                assert_eq!(permission, "dynamodb:DeleteTable")
            }
            other => panic!("unexpected {other:?}"),
        }
        match map("LimitExceededException", "too many") {
            BackendError::LimitExceeded(m) => assert!(m.contains("50 concurrent restores")),
            other => panic!("unexpected {other:?}"),
        }
        match map("UnrecognizedClientException", "bad token") {
            BackendError::Credentials(m) => assert!(m.contains("aws sso login")),
            other => panic!("unexpected {other:?}"),
        }
        let with_profile = Call {
            profile: Some("prod-oncall"),
            ..call()
        };
        match with_profile.service_error("ExpiredTokenException".into(), "expired".into(), None) {
            BackendError::Credentials(m) => {
                assert!(m.contains("aws sso login --profile prod-oncall"), "{m}")
            }
            other => panic!("unexpected {other:?}"),
        }
        assert_eq!(
            call().not_implemented(404),
            BackendError::Unsupported(
                "region eu-west-1 does not implement dynamodb:DeleteTable \
                 (HTTP 404 without an AWS error code)"
                    .to_owned()
            )
        );
        assert_eq!(
            map("ThrottlingException", "Rate exceeded"),
            BackendError::Aws {
                code: "ThrottlingException".to_owned(),
                message: "Rate exceeded".to_owned(),
                request_id: Some("RID".to_owned()),
            }
        );
    }
}
