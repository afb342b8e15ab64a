//! Who can delete backups: a vault access policy read as data. `verdict`
//! says whether a Deny statement stops everyone from
//! `backup:DeleteRecoveryPoint` (a `NotAction` or a `Condition` make it
//! "partial": it may leave someone out, so it is never called protected);
//! `with_deny_statement` is the policy the console offers to put: the
//! current one with one statement added, every existing statement kept.
//!
//! The statement denies `backup:DeleteRecoveryPoint` and
//! `backup:UpdateRecoveryPointLifecycle` (as AWS's own example does: a
//! shorter lifecycle would expire the point instead). It does not deny
//! `backup:PutBackupVaultAccessPolicy`: denied to `*`, nobody could ever
//! change or remove the policy again, the operator included. Who may change
//! the policy is left to IAM (docs/aws-setup.md shows the statement).

use serde_json::{Value, json};

mod facts;
pub use facts::{ProtectionFacts, load};

/// The Sid of the statement the console adds.
pub const DENY_SID: &str = "DynamoDrDenyDeleteRecoveryPoint";

/// The action a vault policy must deny.
pub const DELETE_ACTION: &str = "backup:DeleteRecoveryPoint";

/// The actions the added statement denies.
pub const DENIED_ACTIONS: [&str; 2] = [DELETE_ACTION, "backup:UpdateRecoveryPointLifecycle"];

/// What a vault access policy says about deleting recovery points.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PolicyVerdict {
    /// The vault has no access policy: IAM alone decides.
    NoPolicy,
    /// A Deny statement covers the action for everyone; its Sid, if any.
    Denies { sid: Option<String> },
    /// A Deny statement may cover it, but not for everyone or not always.
    Partial(String),
    /// No statement denies it: anyone IAM lets can delete.
    DoesNotDeny,
    /// The policy is not JSON the console can read.
    Unreadable(String),
}

impl PolicyVerdict {
    /// Whether the console should offer its deny statement.
    pub fn offers_deny(&self) -> bool {
        !matches!(self, Self::Denies { .. } | Self::Unreadable(_))
    }
}

/// Reads `policy` (a vault access policy document, or none).
pub fn verdict(policy: Option<&str>) -> PolicyVerdict {
    let Some(policy) = policy else {
        return PolicyVerdict::NoPolicy;
    };
    let doc: Value = match serde_json::from_str(policy) {
        Ok(v) => v,
        Err(e) => return PolicyVerdict::Unreadable(e.to_string()),
    };
    let mut partial = None;
    for st in statements(&doc) {
        if st.get("Effect").and_then(Value::as_str) != Some("Deny") {
            continue;
        }
        let sid = st.get("Sid").and_then(Value::as_str).map(str::to_owned);
        let name = sid.clone().unwrap_or_else(|| "a statement".to_owned());
        if st.get("NotAction").is_some() {
            if !strings(st.get("NotAction"))
                .iter()
                .any(|a| covers(a, DELETE_ACTION))
            {
                partial.get_or_insert(format!(
                    "{name} denies by NotAction: check it leaves out {DELETE_ACTION}"
                ));
            }
            continue;
        }
        if !strings(st.get("Action"))
            .iter()
            .any(|a| covers(a, DELETE_ACTION))
        {
            continue;
        }
        if !everyone(st) {
            partial.get_or_insert(format!(
                "{name} denies {DELETE_ACTION} only to some principals"
            ));
            continue;
        }
        if st.get("Condition").is_some() {
            partial.get_or_insert(format!(
                "{name} denies {DELETE_ACTION} only under a Condition"
            ));
            continue;
        }
        return PolicyVerdict::Denies { sid };
    }
    partial.map_or(PolicyVerdict::DoesNotDeny, PolicyVerdict::Partial)
}

/// The policy to put: `current` (if any) with the console's deny statement
/// added, or that statement alone. A current policy that already holds the
/// statement is returned as it is; one that is not JSON is refused.
pub fn with_deny_statement(current: Option<&str>) -> Result<String, String> {
    let mut doc: Value = match current {
        Some(p) => {
            serde_json::from_str(p).map_err(|e| format!("the current policy is not JSON: {e}"))?
        }
        None => json!({ "Version": "2012-10-17", "Statement": [] }),
    };
    if has_deny_statement(&doc) {
        return serde_json::to_string_pretty(&doc).map_err(|e| e.to_string());
    }
    let statement = deny_statement();
    let Some(obj) = doc.as_object_mut() else {
        return Err("the current policy is not a JSON object".to_owned());
    };
    let list = match obj.remove("Statement") {
        None => vec![statement],
        Some(Value::Array(mut v)) => {
            v.push(statement);
            v
        }
        // A single statement as an object: kept, as the first of two.
        Some(one) => vec![one, statement],
    };
    obj.insert("Statement".to_owned(), Value::Array(list));
    obj.entry("Version").or_insert_with(|| json!("2012-10-17"));
    serde_json::to_string_pretty(&doc).map_err(|e| e.to_string())
}

/// Whether `policy` already holds the console's statement (by its Sid).
pub fn contains_deny_statement(policy: &str) -> bool {
    serde_json::from_str::<Value>(policy).is_ok_and(|d| has_deny_statement(&d))
}

fn has_deny_statement(doc: &Value) -> bool {
    statements(doc)
        .iter()
        .any(|s| s.get("Sid").and_then(Value::as_str) == Some(DENY_SID))
}

fn deny_statement() -> Value {
    json!({
        "Sid": DENY_SID,
        "Effect": "Deny",
        "Principal": { "AWS": "*" },
        "Action": DENIED_ACTIONS,
        "Resource": "*",
    })
}

/// A policy's statements: `Statement` may be a list or one object.
fn statements(doc: &Value) -> Vec<&Value> {
    match doc.get("Statement") {
        Some(Value::Array(v)) => v.iter().collect(),
        Some(one @ Value::Object(_)) => vec![one],
        _ => Vec::new(),
    }
}

/// A string or a list of strings.
fn strings(v: Option<&Value>) -> Vec<&str> {
    match v {
        Some(Value::String(s)) => vec![s.as_str()],
        Some(Value::Array(v)) => v.iter().filter_map(Value::as_str).collect(),
        _ => Vec::new(),
    }
}

/// Whether IAM action pattern `pattern` (`*` and `?` wildcards, case
/// insensitive as IAM reads actions) matches `action`.
fn covers(pattern: &str, action: &str) -> bool {
    fn go(p: &[u8], a: &[u8]) -> bool {
        match (p.first(), a.first()) {
            (None, None) => true,
            (Some(b'*'), _) => go(&p[1..], a) || (!a.is_empty() && go(p, &a[1..])),
            (Some(b'?'), Some(_)) => go(&p[1..], &a[1..]),
            (Some(x), Some(y)) if x.eq_ignore_ascii_case(y) => go(&p[1..], &a[1..]),
            _ => false,
        }
    }
    go(pattern.as_bytes(), action.as_bytes())
}

/// Principal `*` or `{"AWS": "*"}` (or a list holding `*`).
fn everyone(st: &Value) -> bool {
    if st.get("NotPrincipal").is_some() {
        return false;
    }
    match st.get("Principal") {
        Some(Value::String(s)) => s == "*",
        Some(Value::Object(o)) => strings(o.get("AWS")).contains(&"*"),
        _ => false,
    }
}

/// The IAM principal the policy simulator is asked about for `caller_arn`
/// (STS GetCallerIdentity's ARN): an assumed-role session is simulated as
/// its role (`arn:aws:sts::A:assumed-role/R/S` → `arn:aws:iam::A:role/R`;
/// a role with a path is not named so by STS, and IAM then does not find
/// it); a user or role as itself. Anything else cannot be simulated, and
/// why.
pub fn simulated_principal(caller_arn: &str) -> Result<String, String> {
    let parts: Vec<&str> = caller_arn.splitn(6, ':').collect();
    let [arn, partition, service, _, account, resource] = parts.as_slice() else {
        return Err(format!("{caller_arn} is not an ARN"));
    };
    if *arn != "arn" {
        return Err(format!("{caller_arn} is not an ARN"));
    }
    match (*service, resource.split_once('/')) {
        ("sts", Some(("assumed-role", rest))) => match rest.split_once('/') {
            Some((role, _session)) if !role.is_empty() => {
                Ok(format!("arn:{partition}:iam::{account}:role/{role}"))
            }
            _ => Err(format!("{caller_arn} names no role")),
        },
        ("iam", Some(("user" | "role", _))) => Ok(caller_arn.to_owned()),
        ("iam", None) if *resource == "root" => Err(
            "the caller is the account's root user, which IAM does not simulate (and which may \
             delete anything a policy does not deny)"
                .to_owned(),
        ),
        _ => Err(format!(
            "IAM cannot simulate {caller_arn} (only users and roles)"
        )),
    }
}

#[cfg(test)]
mod tests;
