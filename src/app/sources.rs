//! The Recovery pane's other sources as they arrive
//! (`Event::RecoverySources`): the DR vault's copies and the DR region's
//! tables, and the exports. When the exports cannot be listed (moto does
//! not serve ListExports), the pane shows the exports this console's runs
//! started and says its list is partial.

use crate::domain::{Export, ExportStatus};
use crate::workflow::{StepAction, StepStatus};

use super::recovery::DrRead;
use super::state::State;

pub fn loaded(state: &mut State, dr: Option<DrRead>, exports: Result<Vec<Export>, String>) {
    if let Some(dr) = dr {
        state.inventory.recovery.set_dr(dr);
    }
    match exports {
        Ok(all) => state.inventory.recovery.set_exports(all, None),
        Err(why) => {
            let known = started_here(state);
            state.inventory.recovery.set_exports(
                known,
                Some(format!(
                    "{why}: only the exports this console started are shown"
                )),
            );
        }
    }
}

/// The exports this session's runs started, as their steps tell.
pub fn started_here(state: &State) -> Vec<Export> {
    state
        .runs
        .ours
        .iter()
        .flat_map(|run| {
            run.steps.iter().filter_map(move |(plan, status)| {
                let StepAction::ExportToS3 { request, .. } = &plan.action else {
                    return None;
                };
                let status = match status {
                    StepStatus::Done { .. } => ExportStatus::Completed,
                    StepStatus::Failed { .. } => ExportStatus::Failed,
                    StepStatus::Pending | StepStatus::Skipped { .. } => return None,
                    StepStatus::Running { .. } => ExportStatus::InProgress,
                };
                Some(Export {
                    arn: String::new(),
                    table_arn: request.table_arn.clone(),
                    status,
                    kind: Some(request.kind),
                    bucket: request.bucket.clone(),
                    prefix: request.prefix.clone(),
                    started_at: Some(run.started),
                    ended_at: run.ended,
                    items: None,
                    bytes: None,
                    manifest: None,
                    failure: None,
                    client_token: Some(request.client_token.clone()),
                })
            })
        })
        .collect()
}

/// Where an export's files are: under its id when AWS named it, else the
/// prefix it was asked for.
pub fn export_where(x: &Export) -> String {
    if x.arn.is_empty() {
        let prefix = x.prefix.trim_matches('/');
        if prefix.is_empty() {
            format!("s3://{}", x.bucket)
        } else {
            format!("s3://{}/{prefix}", x.bucket)
        }
    } else {
        x.location()
    }
}

/// The details view of an export row: everything the pane had to cut.
pub fn export_details(state: &State, x: &Export) -> super::DetailsModal {
    let mut lines = vec![
        format!("Table ARN: {}", x.table_arn),
        format!("Status: {}", x.status.label()),
        format!("Where: {}", export_where(x)),
    ];
    if !x.arn.is_empty() {
        lines.insert(0, format!("ARN: {}", x.arn));
    }
    match x.kind {
        Some(crate::domain::ExportKind::Full { at }) => {
            lines.push(format!("Full, the table as at {} UTC", fmt(at)));
        }
        Some(crate::domain::ExportKind::Incremental { from, to }) => lines.push(format!(
            "Incremental, the changes from {} to {} UTC",
            fmt(from),
            fmt(to)
        )),
        None => lines.push("Kind: not said by ListExports".to_owned()),
    }
    if let Some(t) = x.started_at {
        lines.push(format!("Started: {} UTC", fmt(t)));
    }
    if let Some(t) = x.ended_at {
        lines.push(format!("Ended: {} UTC", fmt(t)));
    }
    if let Some(b) = x.bytes {
        lines.push(format!("Size: {}", crate::domain::time::human_bytes(b)));
    }
    if let Some(n) = x.items {
        lines.push(format!("Items: {}", crate::domain::time::full_count(n)));
    }
    if let Some(f) = &x.failure {
        lines.push(format!("Failure: {f}"));
    }
    if let Some(why) = &state.inventory.recovery.exports.partial {
        lines.push(format!("The list is partial: {why}"));
    }
    lines.push("An export is brought back by operation 14, Import from S3.".to_owned());
    super::DetailsModal::new(format!(" Export {} ", x.id()), lines)
}

/// The details view of a copy in the DR vault.
pub fn dr_copy_details(state: &State, p: &crate::domain::RecoveryPoint) -> super::DetailsModal {
    let recovery = &state.inventory.recovery;
    let mut lines = vec![
        format!("ARN: {}", p.arn),
        format!("Of: {}", p.resource_arn),
        format!(
            "Region: {} (the DR region)",
            recovery.dr_region().unwrap_or_default()
        ),
        format!("Vault: {}", recovery.dr_vault.as_deref().unwrap_or("-")),
        format!("Created: {} UTC", fmt(p.created_at)),
        format!("Status: {:?}", p.status),
        format!("Storage: {}", p.storage.label()),
    ];
    if let Some(b) = p.size_bytes {
        lines.push(format!("Size: {}", crate::domain::time::human_bytes(b)));
    }
    lines.push("Restored there by operation 16, Restore in another region.".to_owned());
    let id = p.arn.rsplit([':', '/']).next().unwrap_or(&p.arn);
    super::DetailsModal::new(format!(" Copy {id} "), lines)
}

fn fmt(t: chrono::DateTime<chrono::Utc>) -> String {
    t.format("%Y-%m-%d %H:%M:%S").to_string()
}
