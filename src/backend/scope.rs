//! What a run acts on: the backend, the account, the region and the
//! endpoint. Every journal records it in its first line; a run is resumed
//! (or dismissed) only by a console pointed at the same scope, so a sandbox
//! rehearsal, another account or another region can never take a run over.

use std::fmt;

use serde::{Deserialize, Serialize};

use super::{Backend, BackendKind};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Scope {
    pub backend: BackendKind,
    /// From STS GetCallerIdentity (the sandbox's own account).
    pub account: String,
    pub region: String,
    /// `--endpoint-url`, or the sandbox's state file; `None`: AWS itself,
    /// or the sandbox in memory.
    pub endpoint: Option<String>,
}

impl Scope {
    /// Asks the backend who is calling, where. Fails with the reason when
    /// the account cannot be told (no credentials, no answer).
    pub async fn of(backend: &dyn Backend) -> Result<Self, String> {
        let info = backend.info();
        let caller = backend
            .caller_identity()
            .await
            .map_err(|e| format!("cannot tell which account this is: {e}"))?;
        Ok(Self {
            backend: info.kind,
            account: caller.account,
            region: info.region,
            endpoint: info.endpoint,
        })
    }
}

/// `sandbox account 111122223333 / us-east-1`, `AWS account … / eu-west-1
/// via http://127.0.0.1:5000`: how the console names a scope to the operator.
impl fmt::Display for Scope {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let kind = match self.backend {
            BackendKind::Sandbox => "sandbox",
            BackendKind::Aws => "AWS",
        };
        write!(f, "{kind} account {} / {}", self.account, self.region)?;
        if let Some(endpoint) = &self.endpoint {
            write!(f, " via {endpoint}")?;
        }
        Ok(())
    }
}
