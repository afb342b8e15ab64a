//! Operation 11 (repair in place) over the AWS wire, timed:
//! `scripts/bench-verify-moto.sh` runs it after `verify` and the boto3
//! script on the same differing pair, with
//! `DYNAMO_DR_BENCH_REPAIR="ENDPOINT COPY TABLE"`: TABLE is repaired from
//! the table COPY (no scratch restore, so what is timed is the diff, the
//! choice's reads, the pre-images, the `--prerepair` backup and the writes).
//! Prints one JSON line: each step's wall time, the diff's counts, what was
//! written. Exits 1 unless the repair completed and wrote exactly the
//! differing items.
//!
//! Without that variable (as under `cargo test`) it says how to run it and
//! does nothing else: a moto server is the script's to start.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::sync::Arc;
use std::time::Instant;

use dynamo_dr::aws::{AwsOptions, StaticKeys, connect_with_static_keys};
use dynamo_dr::backend::Backend;
use dynamo_dr::domain::TableName;
use dynamo_dr::repair::RepairChoices;
use dynamo_dr::workflow::{
    Answer, Operation, Outcome, Question, RepairSource, RunContext, StepStatus, WorkflowEvent,
    plan, run,
};

fn main() {
    let Ok(spec) = std::env::var("DYNAMO_DR_BENCH_REPAIR") else {
        println!(
            "repair_moto: not run (DYNAMO_DR_BENCH_REPAIR is not set; \
             scripts/bench-verify-moto.sh sets it)"
        );
        return;
    };
    let parts: Vec<&str> = spec.split_whitespace().collect();
    let [endpoint, copy, table] = parts.as_slice() else {
        panic!("DYNAMO_DR_BENCH_REPAIR must be \"ENDPOINT COPY TABLE\", got {spec:?}");
    };
    let rt = tokio::runtime::Runtime::new().unwrap();
    let ok = rt.block_on(bench(endpoint, copy, table));
    std::process::exit(if ok { 0 } else { 1 });
}

async fn bench(endpoint: &str, copy: &str, table: &str) -> bool {
    let backend: Arc<dyn Backend> = Arc::new(
        connect_with_static_keys(
            AwsOptions {
                profile: None,
                region: Some("us-east-1".to_owned()),
                endpoint_url: Some(endpoint.to_owned()),
                ..Default::default()
            },
            StaticKeys {
                access_key_id: "testing".to_owned(),
                secret_access_key: "testing".to_owned(),
            },
        )
        .await
        .unwrap(),
    );
    let dir = tempfile::tempdir().unwrap();
    let ctx = RunContext {
        job: 1,
        backup_role_arn: String::new(),
        vault: String::new(),
        step_timeout: None,
        poll_interval: std::time::Duration::from_millis(200),
        journal_dir: Some(dir.path().to_owned()),
        verify: dynamo_dr::verify::VerifyOptions::default(),
        repair: dynamo_dr::repair::RepairOptions {
            write_units_per_second: 40_000,
            ..Default::default()
        },
        scope: Some(
            dynamo_dr::backend::Scope::of(backend.as_ref())
                .await
                .unwrap(),
        ),
    };
    let op = Operation::RepairInPlace {
        table: TableName::parse(table).unwrap(),
        source: RepairSource::Table(TableName::parse(copy).unwrap()),
    };
    let planned = plan(&op, chrono::Utc::now());
    let titles: Vec<String> = planned.steps.iter().map(|s| s.title.clone()).collect();
    let (tx, mut rx) = tokio::sync::mpsc::unbounded_channel();
    let started = Instant::now();
    let task = tokio::spawn(run(backend, planned, ctx, tx));
    let mut counts = None;
    let mut took = vec![None; titles.len()];
    let mut details = vec![None; titles.len()];
    while let Some(ev) = rx.recv().await {
        match ev {
            WorkflowEvent::Ask {
                question, reply, ..
            } => {
                let answer = match question {
                    Question::RepairChoice(q) => {
                        counts = Some(q.counts);
                        Answer::Repair(RepairChoices::default())
                    }
                    _ => Answer::Delete(Vec::new()),
                };
                let _ = reply.send(answer);
            }
            WorkflowEvent::Step {
                index,
                status: StepStatus::Done { took: t, detail },
                ..
            } if index < titles.len() => {
                took[index] = Some(t.as_secs_f64());
                details[index] = detail;
            }
            _ => {}
        }
    }
    let outcome = task.await.unwrap();
    let total = started.elapsed().as_secs_f64();
    let steps: Vec<serde_json::Value> = titles
        .iter()
        .zip(&took)
        .zip(&details)
        .map(|((title, t), d)| serde_json::json!({ "step": title, "secs": t, "detail": d }))
        .collect();
    let counts = counts.unwrap_or_default();
    println!(
        "{}",
        serde_json::json!({
            "total_secs": total,
            "diff_secs": took.first().copied().flatten(),
            "deleted": counts.deleted,
            "changed": counts.changed,
            "created": counts.created,
            "steps": steps,
            "outcome": format!("{outcome:?}"),
        })
    );
    let written = details.iter().flatten().any(|d| {
        d.starts_with(&format!(
            "wrote {0} of {0}; no conflict",
            counts.deleted + counts.changed
        ))
    });
    matches!(outcome, Outcome::Completed { .. }) && counts.total() > 0 && written
}
