//! Exports to S3 (operation 13) and imports from S3 (operation 14): each
//! one call to DynamoDB with the run's client token, unless the ledger
//! holds what it started, then followed until it ends (DescribeExport,
//! DescribeImport). A resent call with the same token answers the export
//! or import it started, so a resumed run never starts a second one and
//! the probe need learn nothing.

use crate::backend::BackendError;
use crate::domain::{Compression, ExportRequest, S3Location, TableName};
use crate::exports::import_source::prepare_import_like;
use crate::workflow::action::StepAction;
use crate::workflow::runner::{Finish, Halt, StepCtx, StepResult, failed};
use crate::workflow::step_env::StepEnv;
use crate::workflow::step_error::StepError;
use crate::workflow::step_plans::{StepPlan, minutes};
use crate::workflow::wait::WaitFor;

use super::probe::Probe;

/// The run's client token: the table and the plan's stamp (at most 36
/// characters, as DynamoDB takes), the same on every retry and resume.
pub(in crate::workflow) fn s3_token(
    what: &str,
    table: &TableName,
    stamp: chrono::DateTime<chrono::Utc>,
) -> String {
    format!("dr-{what}-{}-{table}", stamp.timestamp_millis())
        .chars()
        .take(36)
        .collect()
}

pub(in crate::workflow) fn export_to_s3_plan(
    table: &TableName,
    request: ExportRequest,
) -> StepPlan {
    let at = match request.kind {
        crate::domain::ExportKind::Full { at } => {
            format!("full, as at {}", crate::domain::time::format_reference(at))
        }
        crate::domain::ExportKind::Incremental { from, to } => format!(
            "incremental, {} to {}",
            crate::domain::time::format_reference(from),
            crate::domain::time::format_reference(to)
        ),
    };
    let loc = S3Location {
        bucket: request.bucket.clone(),
        prefix: request.prefix.clone(),
    };
    StepPlan::new(
        format!("Export {table} to {loc} ({at})"),
        &["ExportTableToPointInTime", "DescribeExport"],
        minutes(15),
        StepAction::ExportToS3 {
            table: table.clone(),
            request,
        },
    )
    .creating(format!("an export of {table} under {loc}/AWSDynamoDB/"))
}

pub(in crate::workflow) fn import_from_s3_plan(
    source: &TableName,
    location: &S3Location,
    target: &TableName,
    compression: Option<Compression>,
    token: String,
) -> StepPlan {
    StepPlan::new(
        format!("Import the newest export under {location} into a new table {target}"),
        &[
            "ListObjectsV2",
            "ImportTable",
            "DescribeImport",
            "DescribeTable",
        ],
        minutes(20),
        StepAction::ImportFromS3 {
            source: source.clone(),
            location: location.clone(),
            target: target.clone(),
            compression,
            token,
        },
    )
    .creating(format!("table {target}"))
}

impl StepEnv<'_> {
    pub(super) async fn export_to_s3(
        &mut self,
        step: &StepCtx,
        table: &TableName,
        request: &ExportRequest,
    ) -> StepResult {
        let arn = match &self.ledger.export_arn {
            Some(arn) => arn.clone(),
            None => {
                let mut request = request.clone();
                if request.table_arn.is_empty() {
                    request.table_arn = self
                        .backend
                        .describe_table(table.as_str())
                        .await
                        .map_err(failed("DescribeTable"))?
                        .arn;
                }
                let export = self
                    .backend
                    .export_table(&request)
                    .await
                    .map_err(failed("ExportTableToPointInTime"))?;
                self.ledger.export_arn = Some(export.arn.clone());
                self.note_accepted("ExportTableToPointInTime", &request.table_arn);
                export.arn
            }
        };
        let detail = self.wait(step, WaitFor::Export(&arn)).await?;
        Ok(Finish::Done(detail))
    }

    pub(super) async fn import_from_s3(
        &mut self,
        step: &StepCtx,
        source: &TableName,
        location: &S3Location,
        target: &TableName,
        compression: Option<Compression>,
        token: &str,
    ) -> StepResult {
        let arn = match &self.ledger.import_arn {
            Some(arn) => arn.clone(),
            None => {
                // Without a manifest naming the exported table, the table
                // the operation was started on gives the key, its types and
                // indexes.
                let prepared = prepare_import_like(
                    self.backend,
                    location,
                    target.as_str(),
                    compression,
                    source.as_str(),
                    token.to_owned(),
                )
                .await;
                let (request, _) = prepared.map_err(|e| {
                    Halt::Failed(StepError::Aws {
                        api: "ImportTable",
                        error: BackendError::Invalid(e),
                    })
                })?;
                let import = self
                    .backend
                    .import_table(&request)
                    .await
                    .map_err(failed("ImportTable"))?;
                self.ledger.import_arn = Some(import.arn.clone());
                // The table is this run's: a drill may prove and delete it.
                if !self.ledger.restores_started.contains(target) {
                    self.ledger.restores_started.push(target.clone());
                }
                self.note_accepted("ImportTable", target.as_str());
                import.arn
            }
        };
        let detail = self.wait(step, WaitFor::Import(&arn)).await?;
        self.wait(step, WaitFor::TableActive(target.as_str()))
            .await?;
        Ok(Finish::Done(detail))
    }
}

/// Resending with the run's token answers what was started: the scan
/// shows the table.
pub(super) fn export_to_s3_probe(table: &TableName) -> Probe<'_> {
    Probe::tables([table.as_str()])
}

pub(super) fn import_from_s3_probe(target: &TableName) -> Probe<'_> {
    Probe::tables([target.as_str()]).landed(move |seen, _, ledger| {
        if seen.may_exist(target.as_str()) && !ledger.restores_started.contains(target) {
            ledger.restores_started.push(target.clone());
        }
    })
}
