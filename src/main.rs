use std::process::ExitCode;
use std::time::Duration;

use clap::Parser;
use color_eyre::eyre::Result;

use dynamo_dr::app::State;
use dynamo_dr::cli::{Cli, Cmd};
use dynamo_dr::config::Config;
use dynamo_dr::domain::VaultArn;
use dynamo_dr::engine::Engine;
use dynamo_dr::{
    headless, headless_backup, headless_drill, headless_exports, headless_jobs, headless_posture,
    headless_verify, launch, logging, tui,
};

fn main() -> ExitCode {
    let cli = Cli::parse();
    // `verify` and `jobs` keep exit 1 for what they found; their errors exit 2.
    let error_code = match cli.command {
        Some(Cmd::Verify { .. } | Cmd::Posture { .. } | Cmd::Jobs { .. } | Cmd::Drill { .. }) => {
            ExitCode::from(2)
        }
        _ => ExitCode::FAILURE,
    };
    if color_eyre::install().is_err() {
        eprintln!("dynamo-dr: cannot install the error reporter");
    }
    let runtime = match tokio::runtime::Runtime::new() {
        Ok(rt) => rt,
        Err(e) => {
            eprintln!("dynamo-dr: cannot start: {e}");
            return ExitCode::FAILURE;
        }
    };
    match runtime.block_on(run(cli)) {
        Ok(code) => code,
        Err(e) => {
            // The terminal is already restored: errors surface after the UI exits.
            eprintln!("dynamo-dr: {e}");
            error_code
        }
    }
}

async fn run(cli: Cli) -> Result<ExitCode> {
    let (config, _source) = Config::load(cli.config.as_deref())?;
    // The DR vault's copies can only be restored in its own region.
    if let (Some(named), Some(vault)) = (
        &cli.dr_region,
        dr_vault(&cli, &config).and_then(|v| VaultArn::parse(&v).ok()),
    ) && named.as_str() != vault.region
    {
        return Err(color_eyre::eyre::eyre!(
            "--dr-region {named} is not the region of the DR vault {vault} ({}): the DR region \
             is where the DR vault is; name that region or change [copies] vault_arn",
            vault.region
        ));
    }
    logging::init(cli.use_sandbox());
    let launch = launch::connect(&cli, &config).await?;
    match cli.command {
        Some(Cmd::Inventory { json, deadline }) => {
            headless::inventory(launch, json, Duration::from_secs(deadline)).await
        }
        Some(Cmd::Check { json, deadline }) => {
            headless::check(launch, json, Duration::from_secs(deadline)).await
        }
        Some(Cmd::Posture { json, deadline }) => {
            let (mut out, mut err) = (std::io::stdout(), std::io::stderr());
            let dr = dr_vault(&cli, &config).and_then(|v| VaultArn::parse(&v).ok());
            let run = headless_posture::run_to(
                launch,
                &config.posture,
                dr.as_ref(),
                json,
                chrono::Utc::now(),
                &mut out,
                &mut err,
            );
            match tokio::time::timeout(Duration::from_secs(deadline), run).await {
                Ok(done) => done,
                Err(_) => {
                    eprintln!(
                        "dynamo-dr: posture: no complete answer within {deadline} s: the endpoint is slow or not answering (--deadline sets the limit)"
                    );
                    Ok(ExitCode::from(2))
                }
            }
        }
        Some(Cmd::Backup {
            tables,
            all,
            keep,
            json,
            wait,
        }) => {
            let request = headless_backup::Request {
                tables,
                all,
                keep,
                json,
                read_only: cli.read_only,
                wait: Duration::from_secs(wait),
            };
            let (mut out, mut err) = (std::io::stdout(), std::io::stderr());
            headless_backup::run_to(launch, request, &mut out, &mut err).await
        }
        Some(Cmd::Copy {
            recovery_point,
            to_vault,
            role,
            wait,
            timeout,
            json,
        }) => {
            let request = dynamo_dr::headless_copy::Request {
                recovery_point,
                to_vault,
                role,
                wait,
                timeout: Duration::from_secs(timeout),
                json,
                read_only: cli.read_only,
            };
            let (mut out, mut err) = (std::io::stdout(), std::io::stderr());
            dynamo_dr::headless_copy::run_to(launch, request, &mut out, &mut err).await
        }
        Some(Cmd::Drill { tables, from, json }) => {
            let request = headless_drill::Request {
                tables,
                from,
                json,
                read_only: cli.read_only,
            };
            let (mut out, mut err) = (std::io::stdout(), std::io::stderr());
            headless_drill::run_to(launch, request, &mut out, &mut err).await
        }
        Some(Cmd::Export {
            table,
            bucket,
            prefix,
            bucket_owner,
            kms_key,
            at,
            from,
            to,
            wait,
            json,
        }) => {
            let Some((bucket, prefix)) = export_place(bucket, prefix, &config, &table) else {
                eprintln!("dynamo-dr: export: no bucket: give --bucket or set [exports] bucket");
                return Ok(ExitCode::from(2));
            };
            let args = headless_exports::ExportRequestArgs {
                table,
                bucket,
                prefix,
                bucket_owner,
                kms_key,
                at,
                from,
                to,
                wait,
                json,
                read_only: cli.read_only,
                now: chrono::Utc::now(),
            };
            let (mut out, mut err) = (std::io::stdout(), std::io::stderr());
            headless_exports::export_to(launch, args, &mut out, &mut err).await
        }
        Some(Cmd::Import {
            bucket,
            prefix,
            table,
            compression,
            key,
            wait,
            json,
        }) => {
            let Some(bucket) = bucket.or_else(|| config.exports.bucket.clone()) else {
                eprintln!("dynamo-dr: import: no bucket: give --bucket or set [exports] bucket");
                return Ok(ExitCode::from(2));
            };
            let args = headless_exports::ImportRequestArgs {
                bucket,
                prefix,
                table,
                compression,
                key,
                wait,
                json,
                read_only: cli.read_only,
                now: chrono::Utc::now(),
            };
            let (mut out, mut err) = (std::io::stdout(), std::io::stderr());
            headless_exports::import_to(launch, args, &mut out, &mut err).await
        }
        Some(Cmd::Jobs { since, json }) => {
            let request = headless_jobs::Request {
                since,
                json,
                now: chrono::Utc::now(),
            };
            let (mut out, mut err) = (std::io::stdout(), std::io::stderr());
            headless_jobs::run_to(launch, request, &mut out, &mut err).await
        }
        Some(Cmd::Verify {
            source,
            target,
            json,
            segments,
            diff_file,
            read_rate,
            max_keys,
        }) => {
            let request = headless_verify::Request {
                source,
                target,
                json,
                segments,
                diff_file,
                read_rate,
                max_keys,
            };
            headless_verify::run(launch, request).await
        }
        None => {
            let mut state = State::new(
                launch.backend.info(),
                cli.read_only,
                config.keymap(),
                chrono::Utc::now(),
            );
            // The Backups view names the vault of each recovery point.
            state.inventory.recovery.vault = launch.load.vault.clone();
            state.inventory.recovery.dr_vault = dr_vault(&cli, &config);
            state.inventory.recovery.dr_region_named = cli
                .dr_region
                .as_ref()
                .map(ToString::to_string)
                .or_else(|| config.copies.region.as_ref().map(ToString::to_string));
            state.posture = config.posture.clone();
            state.exports = config.exports.clone();
            let pruned = launch.local.prune_finished_journals(
                chrono::Utc::now(),
                i64::from(config.state.keep_finished_journals_days.0),
            );
            if pruned > 0 {
                tracing::info!(pruned, "finished journals older than the retention removed");
            }
            let (commands, events) = Engine::start_journaled(
                launch.backend,
                launch.expectations,
                launch.load,
                launch.poll_interval,
                Some(launch.local),
            );
            tui::run(state, commands, events).await?;
            // A background task that panicked is a failure, even when the
            // operator quit normally afterwards.
            Ok(if tui::panicked() {
                ExitCode::FAILURE
            } else {
                ExitCode::SUCCESS
            })
        }
    }
}

/// Where `dynamo-dr export` writes: `--bucket` (with `--prefix`, else
/// none), else `[exports]`'s bucket (with `--prefix`, else its prefix for
/// the table); `None` when no bucket is given anywhere.
fn export_place(
    bucket: Option<String>,
    prefix: Option<String>,
    config: &Config,
    table: &str,
) -> Option<(String, String)> {
    match bucket {
        Some(b) => Some((b, prefix.unwrap_or_default())),
        None => {
            let b = config.exports.bucket.clone()?;
            Some((
                b,
                prefix.unwrap_or_else(|| config.exports.prefix_for(table)),
            ))
        }
    }
}

/// The DR vault copies go to: `[copies] vault_arn`, else on the sandbox
/// its DR vault in us-west-2 (the one its seeded plan copies to).
fn dr_vault(cli: &Cli, config: &Config) -> Option<String> {
    match &config.copies.vault_arn {
        Some(v) => Some(v.to_string()),
        None if cli.use_sandbox() => Some(format!(
            "arn:aws:backup:{}:{}:backup-vault:{}",
            dynamo_dr::sandbox::seed::DR_REGION,
            dynamo_dr::sandbox::seed::ACCOUNT,
            dynamo_dr::sandbox::seed::DR_VAULT
        )),
        None => None,
    }
}
