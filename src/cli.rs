//! The command line.

use std::path::PathBuf;

use clap::{Parser, Subcommand};

use crate::workflow::{OpKind, estimate};

/// A terminal console for backing up and recovering Amazon DynamoDB tables.
#[derive(Debug, Parser)]
#[command(name = "dynamo-dr", version, about, after_help = operations_help())]
pub struct Cli {
    /// Use the embedded sandbox account (no AWS, no credentials).
    #[arg(long, global = true)]
    pub sandbox: bool,
    /// Save the sandbox account here after every change and load it at start
    /// (implies --sandbox).
    #[arg(long, global = true, value_name = "PATH")]
    pub sandbox_state: Option<PathBuf>,
    /// AWS named profile.
    #[arg(long, global = true, env = "AWS_PROFILE", hide_env_values = true)]
    pub profile: Option<String>,
    /// AWS region.
    #[arg(long, global = true)]
    pub region: Option<String>,
    /// The DR region: where operation 16 restores on the day this region
    /// is down (default: `[copies] region`, else the DR vault's region).
    #[arg(long, global = true, value_name = "REGION")]
    pub dr_region: Option<crate::domain::Region>,
    /// Endpoint URL for every AWS client (moto, LocalStack).
    #[arg(long, global = true, value_name = "URL")]
    pub endpoint_url: Option<String>,
    /// Config file (default: the platform config dir's dynamo-dr/config.toml).
    #[arg(long, global = true, value_name = "PATH")]
    pub config: Option<PathBuf>,
    /// Browse only: every mutating operation is refused.
    #[arg(long, global = true)]
    pub read_only: bool,
    #[command(subcommand)]
    pub command: Option<Cmd>,
}

#[derive(Debug, Subcommand)]
pub enum Cmd {
    /// Load the inventory headless and print it; exit 1 if any part failed.
    Inventory {
        /// Print JSON instead of a table.
        #[arg(long)]
        json: bool,
        /// Give up after this many seconds in all (1-86400): a hanging
        /// endpoint never means minutes of silence.
        #[arg(long, value_name = "SECS", default_value_t = 300, value_parser = clap::value_parser!(u64).range(1..=86_400))]
        deadline: u64,
    },
    /// Run the start-up checks, one line each; exit 1 if any fails.
    Check {
        /// Print JSON instead of lines: `{"passed": bool, "checks": [{"name",
        /// "passed", "detail", "fix"}]}`.
        #[arg(long)]
        json: bool,
        /// Give up after this many seconds in all (1-86400).
        #[arg(long, value_name = "SECS", default_value_t = 120, value_parser = clap::value_parser!(u64).range(1..=86_400))]
        deadline: u64,
    },
    /// Check every table against the `[posture]` rules (PITR, deletion
    /// protection, the newest copy's age...); one line per rule that fails or
    /// could not be checked, then a summary. Exit 0 when every table passes,
    /// 1 when any fails, 2 when it could not tell.
    Posture {
        /// Print JSON: an array of tables, each with its rules (`rule`,
        /// `verdict`: pass, fail or not_checked, `why`) or the pattern that
        /// excluded it.
        #[arg(long)]
        json: bool,
        /// Give up after this many seconds in all (1-86400).
        #[arg(long, value_name = "SECS", default_value_t = 300, value_parser = clap::value_parser!(u64).range(1..=86_400))]
        deadline: u64,
    },
    /// Take a scheduled DynamoDB backup of each table, named
    /// `{table}--sched-{Mon-dd-yyyy-HH-mm-ss}`, and once it is AVAILABLE delete
    /// that table's oldest scheduled backups beyond --keep; no other backup is
    /// ever deleted. Exit 1 if any table failed, 2 if nothing was tried.
    #[command(group(clap::ArgGroup::new("which").required(true).args(["tables", "all"])))]
    Backup {
        /// A table to back up (repeat for more).
        #[arg(long = "table", value_name = "TABLE")]
        tables: Vec<String>,
        /// Every table in the region.
        #[arg(long)]
        all: bool,
        /// How many scheduled backups of each table to keep, the new one
        /// counted (1-1000).
        #[arg(long, value_name = "N", value_parser = clap::value_parser!(u32).range(1..=1_000))]
        keep: u32,
        /// Print JSON: one object per table with what was created, deleted
        /// and kept, and its error.
        #[arg(long)]
        json: bool,
        /// Seconds a new backup may take to become AVAILABLE (1-86400);
        /// nothing of that table is deleted after it.
        #[arg(long, value_name = "SECS", default_value_t = 900, value_parser = clap::value_parser!(u64).range(1..=86_400))]
        wait: u64,
    },
    /// List the AWS Backup jobs (backup, copy, restore) of DynamoDB tables
    /// created in the window, with their state and AWS's reason, the failed,
    /// expired and aborted ones first; exit 0 if none failed, 1 if any
    /// failed, expired or was aborted, 2 if the jobs could not be listed.
    /// Whether each backup plan rule due in the window has a job is not
    /// checked yet: this tool does not read AWS Backup plans.
    Jobs {
        /// How far back: a whole number of minutes, hours or days (90m,
        /// 24h, 7d; at most 366d), by the jobs' creation time.
        #[arg(long, value_name = "WINDOW", default_value = "24h", value_parser = crate::domain::window::parse_window)]
        since: crate::domain::window::Window,
        /// Print JSON: `{"window", "since", "until", "problems", "counts",
        /// "plan_rules", "jobs": [{"id", "kind", "state", "problem",
        /// "resource", "started", "finished", "reason", ...}]}`.
        #[arg(long)]
        json: bool,
    },
    /// Export a table to S3 (ExportTableToPointInTime, DynamoDB JSON): the
    /// whole table at --at (default now), or the changes between --from and
    /// --to (15 minutes to 24 hours). PITR must be on. Exit 0 when started
    /// (completed with --wait), 1 when it failed, 2 when nothing was tried.
    Export {
        #[arg(long)]
        table: String,
        /// The S3 bucket the files go to (default: `[exports] bucket`).
        #[arg(long)]
        bucket: Option<String>,
        /// The key prefix under the bucket (default: `[exports] prefix`,
        /// `{table}` its name, with the configured bucket; else none).
        #[arg(long)]
        prefix: Option<String>,
        /// The bucket's account, when it is another one.
        #[arg(long, value_name = "ACCOUNT")]
        bucket_owner: Option<String>,
        /// A KMS key (ARN or id) for the files.
        #[arg(long, value_name = "KEY")]
        kms_key: Option<String>,
        /// The instant of a full export (`2026-11-30 14:05`, `-2h`).
        #[arg(long, value_name = "TIME", allow_hyphen_values = true)]
        at: Option<String>,
        /// An incremental export's start.
        #[arg(long, value_name = "TIME", allow_hyphen_values = true)]
        from: Option<String>,
        /// An incremental export's end.
        #[arg(long, value_name = "TIME", allow_hyphen_values = true)]
        to: Option<String>,
        /// Follow the export until it completes or fails.
        #[arg(long)]
        wait: bool,
        /// Print the export as JSON.
        #[arg(long)]
        json: bool,
    },
    /// Import an export from S3 into a new table (ImportTable): the newest
    /// export under s3://BUCKET/PREFIX, its key from the exported table (or
    /// --key). Exit 0 when started (completed with --wait), 1 when it
    /// failed, 2 when nothing was tried.
    Import {
        /// The bucket of the export (default: `[exports] bucket`).
        #[arg(long)]
        bucket: Option<String>,
        #[arg(long, default_value = "")]
        prefix: String,
        /// The new table (must not exist).
        #[arg(long)]
        table: String,
        /// gzip, zstd or none (default: from the files' names).
        #[arg(long)]
        compression: Option<String>,
        /// The new table's key, `NAME:TYPE[,NAME:TYPE]` (types S, N, B);
        /// default: the exported table's.
        #[arg(long, value_name = "KEY")]
        key: Option<String>,
        /// Follow the import until it ends.
        #[arg(long)]
        wait: bool,
        /// Print the import as JSON.
        #[arg(long)]
        json: bool,
    },
    /// Copy one AWS Backup recovery point of the configured vault into a
    /// vault in another region or account (StartCopyJob), for the day the
    /// main region is down. Exit 0 when started (with --wait: completed and
    /// listed in the destination vault), 1 when AWS refused or the job
    /// failed, 2 when nothing was tried (bad input, no role, read-only, a
    /// point that is not COMPLETED).
    Copy {
        /// The recovery point's ARN (in the configured aws.backup_vault).
        #[arg(long, value_name = "ARN")]
        recovery_point: String,
        /// The destination vault's ARN:
        /// arn:aws:backup:REGION:ACCOUNT:backup-vault:NAME.
        #[arg(long, value_name = "ARN")]
        to_vault: String,
        /// The IAM role AWS Backup copies as (default: aws.backup_role_arn).
        #[arg(long, value_name = "ARN")]
        role: Option<String>,
        /// Follow the job until it ends and look for the copy in the
        /// destination vault.
        #[arg(long)]
        wait: bool,
        /// With --wait: give up after this many seconds (1-86400).
        #[arg(long, value_name = "SECS", default_value_t = 7_200, value_parser = clap::value_parser!(u64).range(1..=86_400))]
        timeout: u64,
        /// Print JSON: `{"recovery_point", "destination_vault", "job_id",
        /// "state", "copy", "listed", "error"}`.
        #[arg(long)]
        json: bool,
    },
    /// Compare two tables item by item (a full parallel scan of each); exit 0
    /// if they hold the same items, 1 if they differ, 2 on error.
    Verify {
        /// The table the target should equal, or a full export of it in S3:
        /// `s3://BUCKET/PREFIX` (the prefix given to the export, or down to
        /// its `AWSDynamoDB/EXPORT-ID` folder).
        #[arg(long)]
        source: String,
        /// The table to check (a restore, a copy, an import), or an export:
        /// `s3://BUCKET/PREFIX`. One side at least is a table.
        #[arg(long)]
        target: String,
        /// Print the report as JSON.
        #[arg(long)]
        json: bool,
        /// Parallel scan segments per table.
        #[arg(long, default_value_t = 4, value_parser = clap::value_parser!(u32).range(1..=1_000))]
        segments: u32,
        /// Write every differing key here, one JSON object a line; the file
        /// must not exist yet (it is created 0600, before any table is read).
        /// Default: a new file named after the time and both tables in
        /// `<state dir>/aws/verify` (`sandbox/verify` with --sandbox), named
        /// in the report.
        #[arg(long, value_name = "PATH")]
        diff_file: Option<PathBuf>,
        /// Read at most this many items per second from each table (1 to
        /// 1000000000; default: no limit).
        #[arg(long, value_name = "ITEMS_PER_SEC", value_parser = crate::verify::parse_read_rate)]
        read_rate: Option<f64>,
        /// How many differing keys the report lists.
        #[arg(long, default_value_t = 20, value_name = "N")]
        max_keys: usize,
    },
    /// A DR drill of each table: its copy restored into a scratch table
    /// `{table}--drill-…`, the restore timed (the RTO), the scratch table
    /// proved (ACTIVE, settings, every item read, the count, a sample of
    /// keys against the source), then deleted; the result appended to
    /// drills.jsonl in the state dir, with a report in drills/. The tables
    /// drill at once, within the account's 50 concurrent restores; a table
    /// itself is only read. Exit 0 if every drill passed, 1 if a check
    /// failed, 2 if a drill could not run.
    Drill {
        /// A table to drill (repeat for more).
        #[arg(long = "table", value_name = "TABLE", required = true)]
        tables: Vec<String>,
        /// The copy to restore: latest (its PITR latest time, else its
        /// newest backup or recovery point), pitr:TIME, backup:NAME (or its
        /// ARN), recovery-point:ARN, export:s3://BUCKET/PREFIX (the newest
        /// export there, imported, then verified against item by item), or
        /// pitr-at-export:s3://BUCKET/PREFIX (the table by PITR at that
        /// export's instant, then verified against it item by item).
        #[arg(long, value_name = "COPY", default_value = "latest")]
        from: String,
        /// Print JSON: one object per table with its outcome (passed,
        /// failed, not_run), the drill's record and its report's path.
        #[arg(long)]
        json: bool,
    },
}

/// The console's operations, for `--help`: numbered as in its menu (`o`),
/// each with what it asks for and its estimate, from `OpKind`.
pub fn operations_help() -> String {
    let mut help = String::from("Operations (in the console's menu, on the selected table):\n");
    for kind in OpKind::ALL {
        help.push_str(&format!(
            "  {}. {:<38} asks for {}; {}\n",
            kind.number(),
            kind.label(),
            kind.inputs(),
            estimate(kind)
        ));
    }
    help
}

impl Cli {
    pub fn use_sandbox(&self) -> bool {
        self.sandbox || self.sandbox_state.is_some()
    }
}

#[cfg(test)]
mod tests {
    use clap::CommandFactory;

    use super::*;

    /// `--help` lists every operation from its one description, so a new
    /// operation or a changed label or estimate shows there without an edit.
    #[test]
    fn help_lists_every_operation_with_its_inputs_and_estimate() {
        let help = Cli::command().render_help().to_string();
        for kind in OpKind::ALL {
            let line = help
                .lines()
                .find(|l| l.trim_start().starts_with(&format!("{}. ", kind.number())))
                .unwrap_or_else(|| panic!("no line for operation {}:\n{help}", kind.number()));
            assert!(line.contains(kind.label()), "{line}");
            assert!(line.contains(kind.inputs()), "{line}");
            assert!(line.ends_with(&estimate(kind)), "{line}");
        }
    }
}
