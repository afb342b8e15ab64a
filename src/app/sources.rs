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
