//! The sandbox's CloudWatch: a table's activity made up from the seed, the
//! clock and the table's own history, so the recovery timeline has
//! something true to show. A steady daily pattern (busier in the day,
//! quieter at night, a little noise from the seed), and for each time the
//! table's contents shrank (on `orders`, the bad deployment two hours ago)
//! a burst of deletes and writes lasting 15 minutes from that moment.
//! Nothing before the table was created; the same answer for the same
//! seed, table and clock.

use chrono::{DateTime, Duration, Timelike, Utc};

use super::Sandbox;
use super::world::SimTable;
use crate::domain::{ActivityQuery, Metric, TableActivity};

/// How long a burst lasts.
const BURST_MINUTES: i64 = 15;

pub(super) fn table_activity(sb: &Sandbox, q: &ActivityQuery<'_>) -> TableActivity {
    let world = sb.settled();
    let mut out = TableActivity::zeros(q);
    // A table that does not exist simply has no datapoints, as in CloudWatch.
    let Some(table) = world.tables.get(q.table) else {
        return out;
    };
    let seed = sb.options.seed;
    let now = sb.now();
    let bursts = bursts(table);
    let minutes = i64::from(q.period_secs / 60).max(1);
    for i in 0..out.len() {
        let start = q.period_start(i);
        for m in 0..minutes {
            let at = start + Duration::minutes(m);
            if at < table.created_at || at >= now {
                continue;
            }
            minute(&mut out, seed, table, &bursts, at);
        }
    }
    out
}

/// The moments the table's contents shrank by a tenth or more, with how
/// many items went.
fn bursts(table: &SimTable) -> Vec<(DateTime<Utc>, f64)> {
    table
        .history
        .windows(2)
        .filter_map(|w| {
            let (before, (at, after)) = (w[0].1, w[1]);
            (after.items * 10 < before.items * 9).then(|| (at, (before.items - after.items) as f64))
        })
        .collect()
}

/// Adds one minute's requests at `at`.
fn minute(
    out: &mut TableActivity,
    seed: u64,
    table: &SimTable,
    bursts: &[(DateTime<Utc>, f64)],
    at: DateTime<Utc>,
) {
    let items = table.data_at(at).items as f64;
    // A busy table writes about one item in 20,000 a minute, at least 2.
    let base = (items / 20_000.0).clamp(2.0, 400.0);
    let hour = f64::from(at.hour()) + f64::from(at.minute()) / 60.0;
    let daily = 1.0 + 0.6 * ((hour - 8.0) / 24.0 * std::f64::consts::TAU).sin();
    let noise = 0.8 + 0.4 * unit(seed, &table.name, at.timestamp() / 60);
    let mut puts = (base * daily * noise).round();
    let mut updates = (base * 0.6 * daily * noise).round();
    let mut deletes = (base * 0.05 * daily * noise).round();
    let mut batches = 0.0;
    for (from, gone) in bursts {
        let into = (at - *from).num_minutes();
        if (0..BURST_MINUTES).contains(&into) {
            // The deletes spread over the burst, and the deployment's own
            // writes with them.
            deletes += (gone / BURST_MINUTES as f64).round();
            batches += (gone / BURST_MINUTES as f64 / 25.0).round();
            updates += (gone / BURST_MINUTES as f64 / 4.0).round();
        }
    }
    puts = puts.max(0.0);
    updates = updates.max(0.0);
    deletes = deletes.max(0.0);
    let reads = (base * 3.0 * daily * noise).round();
    out.add(Metric::PutItem, at, puts);
    out.add(Metric::UpdateItem, at, updates);
    out.add(Metric::DeleteItem, at, deletes);
    out.add(Metric::BatchWriteItem, at, batches);
    out.add(
        Metric::WriteUnits,
        at,
        puts + updates + deletes + batches * 25.0,
    );
    out.add(Metric::ReadUnits, at, reads);
}

/// A number in [0, 1) from the seed, the table and the minute (SplitMix64).
fn unit(seed: u64, table: &str, minute: i64) -> f64 {
    let mut x = seed ^ (minute as u64).wrapping_mul(0x9E37_79B9_7F4A_7C15);
    for b in table.bytes() {
        x = (x ^ u64::from(b)).wrapping_mul(0x0100_0000_01B3);
    }
    x = x.wrapping_add(0x9E37_79B9_7F4A_7C15);
    x = (x ^ (x >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    x = (x ^ (x >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    x ^= x >> 31;
    (x >> 11) as f64 / (1u64 << 53) as f64
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]

    use std::sync::Arc;

    use chrono::{Duration, TimeZone, Utc};

    use super::super::{ManualClock, Sandbox, SandboxOptions};
    use crate::backend::Backend;
    use crate::domain::{ActivityQuery, Metric};

    fn sandbox() -> Sandbox {
        let start = Utc
            .with_ymd_and_hms(2026, 11, 22, 3, 0, 0)
            .single()
            .unwrap();
        Sandbox::open(SandboxOptions {
            clock: Arc::new(ManualClock::new(start)),
            ..SandboxOptions::default()
        })
        .unwrap()
    }

    #[tokio::test]
    async fn orders_shows_the_bad_deployment_two_hours_ago() {
        let sb = sandbox();
        let now = sb.now();
        let q = ActivityQuery::covering("orders", now - Duration::hours(24), now, now);
        assert_eq!(q.period_secs, 60);
        let a = sb.table_activity(&q).await.unwrap();
        assert_eq!(a.len(), 1440);
        let burst = a.index_of(now - Duration::hours(2)).unwrap();
        let before = a
            .index_of(now - Duration::hours(2) - Duration::minutes(1))
            .unwrap();
        let after = a
            .index_of(now - Duration::hours(2) + Duration::minutes(15))
            .unwrap();
        // The deletes jump at the deployment, last 15 minutes, then stop.
        assert!(
            a.deletes(burst) > 100.0 * a.deletes(before).max(1.0),
            "{a:?}"
        );
        assert!(a.deletes(burst + 14) >= a.deletes(burst) * 0.9);
        assert!(a.deletes(after) < a.deletes(burst) / 100.0);
        assert!(a.writes(burst) > a.writes(before));
        // Outside the burst, a steady pattern: some writes every minute.
        assert!((0..burst).all(|i| a.writes(i) > 0.0));
        assert!(a.get(Metric::WriteUnits)[burst] >= a.deletes(burst));
        // No burst on another table.
        let q = ActivityQuery::covering("payments", now - Duration::hours(24), now, now);
        let p = sb.table_activity(&q).await.unwrap();
        let peak = (0..p.len()).map(|i| p.deletes(i)).fold(0.0, f64::max);
        assert!(peak < a.deletes(burst) / 100.0);
    }

    #[tokio::test]
    async fn the_same_seed_and_clock_give_the_same_series() {
        let (a, b) = (sandbox(), sandbox());
        let now = a.now();
        let q = ActivityQuery::covering("orders", now - Duration::days(3), now, now);
        assert_eq!(q.period_secs, 180, "3 days in at most 1440 periods");
        assert_eq!(
            a.table_activity(&q).await.unwrap(),
            b.table_activity(&q).await.unwrap()
        );
        // An unknown table has no datapoints, so zeros.
        let q = ActivityQuery::covering("nope", now - Duration::hours(1), now, now);
        let z = a.table_activity(&q).await.unwrap();
        assert!((0..z.len()).all(|i| z.writes(i) == 0.0));
    }
}
