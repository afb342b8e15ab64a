//! The command line.

use std::path::PathBuf;

use clap::{Parser, Subcommand};

/// A terminal console for backing up and recovering Amazon DynamoDB tables.
#[derive(Debug, Parser)]
#[command(name = "dynamo-dr", version, about)]
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
    },
    /// Run the start-up checks, one line each; exit 1 if any fails.
    Check,
}

impl Cli {
    pub fn use_sandbox(&self) -> bool {
        self.sandbox || self.sandbox_state.is_some()
    }
}
