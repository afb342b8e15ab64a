//! A simple rate limit shared by every segment of one table's scan, so a
//! verification never takes more than its share of the table's read capacity.

use std::ops::RangeInclusive;
use std::sync::Mutex;
use std::time::Duration;

use tokio::time::Instant;

/// The read rates a verification accepts, in items per second per table:
/// from 1 (a 1,000-item page then waits about 17 minutes) to a billion
/// (beyond any table's capacity). `verify --read-rate` and the config's
/// `verify.items_per_second` are checked against it where they are read.
pub const READ_RATES: RangeInclusive<f64> = 1.0..=1e9;

/// Parses `verify --read-rate`: a number within [`READ_RATES`].
pub fn parse_read_rate(raw: &str) -> Result<f64, String> {
    let range = || {
        format!(
            "the read rate must be from {} to {} items per second",
            READ_RATES.start(),
            READ_RATES.end()
        )
    };
    let rate: f64 = raw
        .trim()
        .parse()
        .map_err(|_| format!("not a number; {}", range()))?;
    if READ_RATES.contains(&rate) {
        Ok(rate)
    } else {
        Err(range())
    }
}

/// The furthest a limiter ever waits for, whatever the arithmetic says.
const LONGEST_WAIT: Duration = Duration::from_secs(365 * 24 * 3600);

pub struct RateLimiter {
    items_per_sec: Option<f64>,
    /// When the next page may be read.
    next: Mutex<Instant>,
}

impl RateLimiter {
    /// `None`: no limit. Callers pass a rate within [`READ_RATES`]; any
    /// other (NaN, 0, negative) is no limit too, and none can overflow.
    pub fn new(items_per_sec: Option<f64>) -> Self {
        Self {
            items_per_sec: items_per_sec.filter(|r| *r > 0.0),
            next: Mutex::new(Instant::now()),
        }
    }

    /// Called after reading `items`: waits until they fit in the rate.
    pub async fn pay(&self, items: usize) {
        if let Some(until) = self.reserve(items) {
            tokio::time::sleep_until(until).await;
        }
    }

    /// Books `items` against the rate: when reading may go on (`None`: at
    /// once, no limit).
    fn reserve(&self, items: usize) -> Option<Instant> {
        let rate = self.items_per_sec?;
        let mut next = self.next.lock().unwrap_or_else(|e| e.into_inner());
        // Checked: a tiny rate must mean a long wait, never a panic.
        let wait = Duration::try_from_secs_f64(items as f64 / rate)
            .unwrap_or(LONGEST_WAIT)
            .min(LONGEST_WAIT);
        let now = Instant::now();
        let from = (*next).max(now);
        *next = from
            .checked_add(wait)
            .or_else(|| now.checked_add(wait))
            .unwrap_or(now);
        Some(*next)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn read_rates_outside_the_range_are_refused_with_the_range() {
        for bad in [
            "0", "-5", "nan", "inf", "-inf", "1e-300", "1e-17", "0.5", "1e10", "x", "",
        ] {
            let err = parse_read_rate(bad).unwrap_err();
            assert!(err.contains("from 1 to 1000000000"), "{bad}: {err}");
        }
        for good in ["1", "2000", "1e9", " 12.5 "] {
            let rate = parse_read_rate(good).unwrap();
            assert!(READ_RATES.contains(&rate), "{good}");
        }
    }

    #[tokio::test]
    async fn a_rate_too_small_to_wait_for_means_a_long_wait_never_a_panic() {
        for rate in [1e-17, 1e-300, f64::MIN_POSITIVE, 5e-324] {
            let limiter = RateLimiter::new(Some(rate));
            let start = Instant::now();
            let first = limiter.reserve(1_000).unwrap();
            let second = limiter.reserve(usize::MAX).unwrap();
            assert!(first >= start + LONGEST_WAIT, "{rate}");
            assert!(second >= first, "{rate}");
        }
        for rate in [f64::NAN, 0.0, -5.0] {
            assert_eq!(RateLimiter::new(Some(rate)).reserve(1_000), None, "{rate}");
        }
        let limiter = RateLimiter::new(Some(f64::INFINITY));
        let start = Instant::now();
        limiter.pay(usize::MAX).await;
        assert!(start.elapsed() < Duration::from_secs(1));
    }

    #[tokio::test]
    async fn pages_are_spread_to_the_rate() {
        let limiter = RateLimiter::new(Some(1_000.0));
        let start = Instant::now();
        for _ in 0..4 {
            limiter.pay(50).await;
        }
        let took = start.elapsed();
        assert!(took >= Duration::from_millis(195), "{took:?}");
        assert!(took < Duration::from_secs(2), "{took:?}");
        let unlimited = RateLimiter::new(None);
        let start = Instant::now();
        unlimited.pay(1_000_000).await;
        assert!(start.elapsed() < Duration::from_millis(50));
    }
}
