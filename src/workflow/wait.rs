//! Waiting for AWS: poll until a table, backup or restore job is where the
//! step needs it, reporting what AWS says as progress, failing at the step's
//! timeout.

use std::time::Instant;

use super::runner::{Halt, StepCtx};
use super::step_env::StepEnv;
use super::step_error::StepError;
use crate::backend::BackendError;
use crate::domain::time::full_count;
use crate::domain::{BackupStatus, ExportStatus, ImportStatus, JobStatus, TableStatus};

pub(super) enum WaitFor<'a> {
    TableActive(&'a str),
    TableGone(&'a str),
    BackupsAvailable(Vec<(&'a str, &'a str)>),
    RestoreJob(&'a str),
    BackupJob(&'a str),
    CopyJob(&'a str),
    Export(&'a str),
    Import(&'a str),
}

impl WaitFor<'_> {
    fn describe(&self) -> String {
        match self {
            Self::TableActive(t) => format!("table {t} to become ACTIVE"),
            Self::TableGone(t) => format!("table {t} to be deleted"),
            Self::BackupsAvailable(b) => {
                let names: Vec<&str> = b.iter().map(|(_, name)| *name).collect();
                format!("backup {} to become AVAILABLE", names.join(", "))
            }
            Self::RestoreJob(id) => format!("restore job {id} to complete"),
            Self::BackupJob(id) => format!("backup job {id} to complete"),
            Self::CopyJob(id) => format!("copy job {id} to complete"),
            Self::Export(arn) => format!("export {arn} to complete"),
            Self::Import(arn) => format!("import {arn} to complete"),
        }
    }
}

enum Probe {
    Ready(Option<String>),
    Waiting {
        progress: Option<f64>,
        detail: String,
    },
}

impl StepEnv<'_> {
    /// Polls until ready; the detail of the final probe is returned.
    pub(super) async fn wait(
        &self,
        step: &StepCtx,
        what: WaitFor<'_>,
    ) -> Result<Option<String>, Halt> {
        // A timeout past the end of the clock is no timeout: checked, never
        // an overflow panic in a running step.
        let deadline = self
            .ctx
            .step_timeout
            .and_then(|t| Instant::now().checked_add(t));
        let mut last: Option<(Option<f64>, String)> = None;
        loop {
            match self.probe(&what).await? {
                Probe::Ready(detail) => return Ok(detail),
                Probe::Waiting { progress, detail } => {
                    let seen = Some((progress, detail.clone()));
                    if last != seen {
                        self.progress(step, progress, Some(detail));
                        last = seen;
                    }
                }
            }
            if let (Some(deadline), Some(timeout)) = (deadline, self.ctx.step_timeout)
                && Instant::now() >= deadline
            {
                return Err(Halt::Failed(StepError::TimedOut {
                    after: timeout,
                    waiting_for: what.describe(),
                    last_seen: last.map(|(_, d)| d).unwrap_or_default(),
                }));
            }
            tokio::time::sleep(self.ctx.poll_interval).await;
        }
    }

    async fn probe(&self, what: &WaitFor<'_>) -> Result<Probe, Halt> {
        let fail = |error: BackendError| {
            Halt::Failed(StepError::WhileWaiting {
                waiting_for: what.describe(),
                error,
            })
        };
        match what {
            WaitFor::TableActive(table) => {
                let t = self.backend.describe_table(table).await.map_err(fail)?;
                Ok(match t.status {
                    TableStatus::Active => {
                        Probe::Ready(Some(format!("{} items", full_count(t.item_count))))
                    }
                    other => Probe::Waiting {
                        progress: None,
                        detail: other.label().to_owned(),
                    },
                })
            }
            WaitFor::TableGone(table) => match self.backend.describe_table(table).await {
                Err(BackendError::NotFound { .. }) => {
                    Ok(Probe::Ready(Some(format!("{table} is gone"))))
                }
                Err(e) => Err(fail(e)),
                Ok(t) => Ok(Probe::Waiting {
                    progress: None,
                    detail: t.status.label().to_owned(),
                }),
            },
            WaitFor::BackupsAvailable(backups) => {
                let mut waiting = Vec::new();
                for (arn, name) in backups {
                    let b = self.backend.describe_backup(arn).await.map_err(fail)?;
                    match b.status {
                        BackupStatus::Available => {}
                        BackupStatus::Creating => waiting.push(format!("{name} CREATING")),
                        BackupStatus::Deleted => {
                            let name = (*name).to_owned();
                            return Err(Halt::Failed(StepError::BackupDeleted { name }));
                        }
                    }
                }
                Ok(if waiting.is_empty() {
                    Probe::Ready(Some("AVAILABLE".to_owned()))
                } else {
                    Probe::Waiting {
                        progress: None,
                        detail: waiting.join(", "),
                    }
                })
            }
            WaitFor::RestoreJob(id) => {
                let job = self.backend.describe_restore_job(id).await.map_err(fail)?;
                match job.status {
                    JobStatus::Completed => Ok(Probe::Ready(Some(format!("job {id} COMPLETED")))),
                    JobStatus::Failed | JobStatus::Aborted | JobStatus::Expired => {
                        Err(Halt::Failed(StepError::JobEnded {
                            id: (*id).to_owned(),
                            status: job.status,
                            message: job.status_message.unwrap_or_default(),
                        }))
                    }
                    status => Ok(Probe::Waiting {
                        progress: job.percent_done,
                        detail: format!("job {status:?}"),
                    }),
                }
            }
            WaitFor::BackupJob(id) => {
                let job = self.backend.describe_backup_job(id).await.map_err(fail)?;
                match job.status {
                    // The detail is the recovery point it made.
                    JobStatus::Completed => Ok(Probe::Ready(job.recovery_point_arn)),
                    JobStatus::Failed | JobStatus::Aborted | JobStatus::Expired => {
                        Err(Halt::Failed(StepError::BackupJobEnded {
                            id: (*id).to_owned(),
                            status: job.status,
                            message: job.status_message.unwrap_or_default(),
                        }))
                    }
                    status => Ok(Probe::Waiting {
                        progress: job.percent_done,
                        detail: format!("backup job {}", status.word()),
                    }),
                }
            }
            WaitFor::CopyJob(id) => {
                let job = self.backend.describe_copy_job(id).await.map_err(fail)?;
                match job.status {
                    // The detail is the copy's recovery point.
                    JobStatus::Completed => Ok(Probe::Ready(job.created_resource_arn)),
                    JobStatus::Failed | JobStatus::Aborted | JobStatus::Expired => {
                        Err(Halt::Failed(StepError::CopyJobEnded {
                            id: (*id).to_owned(),
                            status: job.status,
                            message: job.status_message.unwrap_or_default(),
                        }))
                    }
                    status => Ok(Probe::Waiting {
                        progress: job.percent_done,
                        detail: format!("copy job {}", status.word()),
                    }),
                }
            }
            WaitFor::Export(arn) => {
                let e = self.backend.describe_export(arn).await.map_err(fail)?;
                match e.status {
                    ExportStatus::Completed => Ok(Probe::Ready(Some(format!(
                        "export COMPLETED: {} items under {}",
                        e.items.map(full_count).unwrap_or_else(|| "?".to_owned()),
                        e.location()
                    )))),
                    ExportStatus::Failed => Err(Halt::Failed(StepError::S3JobEnded {
                        what: format!("export {arn}"),
                        status: e.status.label(),
                        message: e.failure.unwrap_or_default(),
                    })),
                    ExportStatus::InProgress => Ok(Probe::Waiting {
                        progress: None,
                        detail: "export IN_PROGRESS".to_owned(),
                    }),
                }
            }
            WaitFor::Import(arn) => {
                let i = self.backend.describe_import(arn).await.map_err(fail)?;
                match i.status {
                    ImportStatus::Completed => Ok(Probe::Ready(Some(format!(
                        "import COMPLETED: {} items imported, {} errors",
                        full_count(i.imported_items),
                        i.error_count
                    )))),
                    ImportStatus::Failed | ImportStatus::Cancelled => {
                        Err(Halt::Failed(StepError::S3JobEnded {
                            what: format!("import {arn}"),
                            status: i.status.label(),
                            message: i.failure.unwrap_or_default(),
                        }))
                    }
                    status => Ok(Probe::Waiting {
                        progress: None,
                        detail: format!(
                            "import {}: {} items processed",
                            status.label(),
                            full_count(i.processed_items)
                        ),
                    }),
                }
            }
        }
    }
}
