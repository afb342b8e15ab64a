//! A simple rate limit shared by every segment of one table's scan, so a
//! verification never takes more than its share of the table's read capacity.

use std::sync::Mutex;
use std::time::Duration;

use tokio::time::Instant;

pub struct RateLimiter {
    items_per_sec: Option<f64>,
    /// When the next page may be read.
    next: Mutex<Instant>,
}

impl RateLimiter {
    /// `None` or a non-positive rate: no limit.
    pub fn new(items_per_sec: Option<f64>) -> Self {
        Self {
            items_per_sec: items_per_sec.filter(|r| *r > 0.0),
            next: Mutex::new(Instant::now()),
        }
    }

    /// Called after reading `items`: waits until they fit in the rate.
    pub async fn pay(&self, items: usize) {
        let Some(rate) = self.items_per_sec else {
            return;
        };
        let until = {
            let mut next = self.next.lock().unwrap_or_else(|e| e.into_inner());
            *next = (*next).max(Instant::now()) + Duration::from_secs_f64(items as f64 / rate);
            *next
        };
        tokio::time::sleep_until(until).await;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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
