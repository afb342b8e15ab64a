//! Backend failures in the operator's words. The `aws` backend maps AWS error
//! codes onto these; the sandbox raises them where AWS would.

use chrono::{DateTime, Utc};

use crate::domain::time::format_reference;

#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum BackendError {
    #[error("{what} was not found")]
    NotFound { what: String },
    #[error("{what} already exists")]
    AlreadyExists { what: String },
    #[error("table {table} has deletion protection on: turn it off before deleting")]
    DeletionProtected { table: String },
    #[error("{resource} is busy ({detail})")]
    InUse { resource: String, detail: String },
    #[error(
        "{requested} is outside the restorable window {} to {} (UTC)",
        format_reference(*earliest),
        format_reference(*latest)
    )]
    OutsidePitrWindow {
        requested: String,
        earliest: DateTime<Utc>,
        latest: DateTime<Utc>,
    },
    #[error("point-in-time recovery is not enabled on {table}")]
    PitrDisabled { table: String },
    #[error("invalid request: {0}")]
    Invalid(String),
    #[error("AWS limit reached: {0}")]
    LimitExceeded(String),
    #[error("access denied: {message} (missing permission: {permission})")]
    AccessDenied { permission: String, message: String },
    #[error("no usable AWS credentials: {0}")]
    Credentials(String),
    #[error("cannot reach AWS: {0}")]
    Unreachable(String),
    #[error("{code}: {message}{}", request_id.as_deref().map(|r| format!(" (request id {r})")).unwrap_or_default())]
    Aws {
        code: String,
        message: String,
        request_id: Option<String>,
    },
    #[error("{0}")]
    Unsupported(String),
}

impl BackendError {
    pub fn not_found(what: impl Into<String>) -> Self {
        Self::NotFound { what: what.into() }
    }

    pub fn already_exists(what: impl Into<String>) -> Self {
        Self::AlreadyExists { what: what.into() }
    }

    /// AWS answered a call without what the call is for (an id, a
    /// description): `EmptyResponse`, with `message` saying what was missing.
    pub fn empty_response(message: impl Into<String>) -> Self {
        Self::Aws {
            code: "EmptyResponse".to_owned(),
            message: message.into(),
            request_id: None,
        }
    }
}

pub type BackendResult<T> = Result<T, BackendError>;
