//! The Jobs pane's filter of AWS Backup jobs by state: all, running,
//! failed (failed, expired or aborted) or done. Our own runs are always
//! shown; only the AWS job rows are filtered.

use crate::domain::{Job, JobStatus};

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum JobsFilter {
    #[default]
    All,
    Running,
    Failed,
    Done,
}

impl JobsFilter {
    /// The next filter the key cycles to.
    pub fn next(self) -> Self {
        match self {
            Self::All => Self::Running,
            Self::Running => Self::Failed,
            Self::Failed => Self::Done,
            Self::Done => Self::All,
        }
    }

    /// Whether an AWS job shows under this filter.
    pub fn admits(self, job: &Job) -> bool {
        match self {
            Self::All => true,
            Self::Running => !job.status.is_finished(),
            Self::Failed => job.status.is_problem(),
            Self::Done => job.status == JobStatus::Completed,
        }
    }

    /// The word in the pane's title.
    pub fn label(self) -> &'static str {
        match self {
            Self::All => "all",
            Self::Running => "running",
            Self::Failed => "failed",
            Self::Done => "done",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::JobKind;

    fn job(status: JobStatus) -> Job {
        Job {
            id: "j".to_owned(),
            kind: JobKind::Copy,
            status,
            percent_done: None,
            resource_arn: None,
            recovery_point_arn: None,
            created_resource_arn: None,
            created_at: chrono::Utc::now(),
            completed_at: None,
            status_message: None,
            copy: None,
        }
    }

    #[test]
    fn the_filter_cycles_through_the_four_and_admits_by_state() {
        let mut f = JobsFilter::All;
        let mut seen = Vec::new();
        for _ in 0..4 {
            seen.push(f.label());
            f = f.next();
        }
        assert_eq!(seen, ["all", "running", "failed", "done"]);
        assert_eq!(f, JobsFilter::All);
        let expired = job(JobStatus::Expired);
        let running = job(JobStatus::Running);
        let done = job(JobStatus::Completed);
        assert!(JobsFilter::Failed.admits(&expired));
        assert!(!JobsFilter::Failed.admits(&running) && !JobsFilter::Failed.admits(&done));
        assert!(JobsFilter::Running.admits(&running) && !JobsFilter::Running.admits(&expired));
        assert!(JobsFilter::Done.admits(&done) && !JobsFilter::Done.admits(&expired));
        assert!(JobsFilter::All.admits(&expired));
    }
}
