//! A table's recent activity as CloudWatch counts it, per period: what the
//! recovery timeline charts under its marks, so the operator sees where a
//! bad deployment's writes and deletes began. One series per metric, every
//! period present (a period CloudWatch has no datapoint for is zero).

use chrono::{DateTime, Duration, Utc};

/// CloudWatch keeps 1-minute datapoints for 15 days, 5-minute ones for 63
/// days, then hourly ones: a span reaching further back asks coarser.
const ONE_MINUTE_KEPT_DAYS: i64 = 15;
const FIVE_MINUTES_KEPT_DAYS: i64 = 63;
/// At most this many periods per series: one request stays well under
/// GetMetricData's 100,800 datapoints with every query, and a chart has
/// no more columns than this anyway.
pub const MAX_PERIODS: i64 = 1440;

/// Which periods of which table to read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ActivityQuery<'a> {
    pub table: &'a str,
    /// The first period starts here (a multiple of `period_secs`).
    pub start: DateTime<Utc>,
    /// The last period ends at or before here.
    pub end: DateTime<Utc>,
    pub period_secs: u32,
}

impl<'a> ActivityQuery<'a> {
    /// The query for `[start, end)`: 1 minute when the span allows, coarser
    /// when it is long (at most `MAX_PERIODS` periods) or reaches further
    /// back than CloudWatch keeps fine datapoints; the start rounded down
    /// to a period.
    pub fn covering(
        table: &'a str,
        start: DateTime<Utc>,
        end: DateTime<Utc>,
        now: DateTime<Utc>,
    ) -> Self {
        let span = (end - start).num_seconds().max(60);
        let mut period = ((span + MAX_PERIODS - 1) / MAX_PERIODS).max(60);
        let age = now - start;
        if age > Duration::days(FIVE_MINUTES_KEPT_DAYS) {
            period = period.max(3600);
        } else if age > Duration::days(ONE_MINUTE_KEPT_DAYS) {
            period = period.max(300);
        }
        // CloudWatch takes a multiple of 60 s.
        let period = (period + 59) / 60 * 60;
        let start_secs = start.timestamp() - start.timestamp().rem_euclid(period);
        Self {
            table,
            start: DateTime::from_timestamp(start_secs, 0).unwrap_or(start),
            end,
            period_secs: u32::try_from(period).unwrap_or(u32::MAX),
        }
    }

    /// How many periods the query covers.
    pub fn periods(&self) -> usize {
        let span = (self.end - self.start).num_seconds().max(0);
        usize::try_from(span / i64::from(self.period_secs.max(1))).unwrap_or(0)
    }

    /// Where period `i` starts.
    pub fn period_start(&self, i: usize) -> DateTime<Utc> {
        self.start + Duration::seconds(i64::from(self.period_secs) * i as i64)
    }
}

/// The metrics read, each a sum over its period.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Metric {
    /// ConsumedWriteCapacityUnits, Sum.
    WriteUnits,
    /// ConsumedReadCapacityUnits, Sum.
    ReadUnits,
    /// SuccessfulRequestLatency SampleCount, Operation = PutItem.
    PutItem,
    /// … Operation = UpdateItem.
    UpdateItem,
    /// … Operation = DeleteItem.
    DeleteItem,
    /// … Operation = BatchWriteItem.
    BatchWriteItem,
    /// ThrottledRequests, Sum.
    Throttled,
}

impl Metric {
    pub const ALL: [Metric; 7] = [
        Metric::WriteUnits,
        Metric::ReadUnits,
        Metric::PutItem,
        Metric::UpdateItem,
        Metric::DeleteItem,
        Metric::BatchWriteItem,
        Metric::Throttled,
    ];

    /// The query id in GetMetricData (lower case letters first, as AWS
    /// requires).
    pub fn id(self) -> &'static str {
        match self {
            Metric::WriteUnits => "wcu",
            Metric::ReadUnits => "rcu",
            Metric::PutItem => "put",
            Metric::UpdateItem => "upd",
            Metric::DeleteItem => "del",
            Metric::BatchWriteItem => "bwr",
            Metric::Throttled => "thr",
        }
    }

    pub fn from_id(id: &str) -> Option<Metric> {
        Metric::ALL.into_iter().find(|m| m.id() == id)
    }

    /// CloudWatch's metric name, statistic and `Operation` dimension.
    pub fn cloudwatch(self) -> (&'static str, &'static str, Option<&'static str>) {
        match self {
            Metric::WriteUnits => ("ConsumedWriteCapacityUnits", "Sum", None),
            Metric::ReadUnits => ("ConsumedReadCapacityUnits", "Sum", None),
            Metric::PutItem => ("SuccessfulRequestLatency", "SampleCount", Some("PutItem")),
            Metric::UpdateItem => (
                "SuccessfulRequestLatency",
                "SampleCount",
                Some("UpdateItem"),
            ),
            Metric::DeleteItem => (
                "SuccessfulRequestLatency",
                "SampleCount",
                Some("DeleteItem"),
            ),
            Metric::BatchWriteItem => (
                "SuccessfulRequestLatency",
                "SampleCount",
                Some("BatchWriteItem"),
            ),
            Metric::Throttled => ("ThrottledRequests", "Sum", None),
        }
    }
}

/// A table's activity: one value per period and metric.
#[derive(Debug, Clone, PartialEq)]
pub struct TableActivity {
    pub start: DateTime<Utc>,
    pub period_secs: u32,
    /// Indexed like `Metric::ALL`; each as long as the query's periods.
    pub series: [Vec<f64>; 7],
}

impl TableActivity {
    /// Every period zero.
    pub fn zeros(q: &ActivityQuery<'_>) -> Self {
        let n = q.periods();
        Self {
            start: q.start,
            period_secs: q.period_secs,
            series: std::array::from_fn(|_| vec![0.0; n]),
        }
    }

    pub fn len(&self) -> usize {
        self.series[0].len()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    pub fn get(&self, m: Metric) -> &[f64] {
        &self.series[m as usize]
    }

    /// Adds `value` to the period holding `at` (outside the range: nothing).
    pub fn add(&mut self, m: Metric, at: DateTime<Utc>, value: f64) {
        if let Some(i) = self.index_of(at) {
            self.series[m as usize][i] += value;
        }
    }

    /// The period holding `at`.
    pub fn index_of(&self, at: DateTime<Utc>) -> Option<usize> {
        let secs = (at - self.start).num_seconds();
        if secs < 0 {
            return None;
        }
        let i = usize::try_from(secs / i64::from(self.period_secs.max(1))).ok()?;
        (i < self.len()).then_some(i)
    }

    pub fn period_start(&self, i: usize) -> DateTime<Utc> {
        self.start + Duration::seconds(i64::from(self.period_secs) * i as i64)
    }

    /// Writes in period `i`: PutItem, UpdateItem and BatchWriteItem requests.
    pub fn writes(&self, i: usize) -> f64 {
        [Metric::PutItem, Metric::UpdateItem, Metric::BatchWriteItem]
            .iter()
            .map(|m| self.get(*m).get(i).copied().unwrap_or(0.0))
            .sum()
    }

    /// DeleteItem requests in period `i`.
    pub fn deletes(&self, i: usize) -> f64 {
        self.get(Metric::DeleteItem).get(i).copied().unwrap_or(0.0)
    }
}
