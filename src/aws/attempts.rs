//! How many attempts the SDK made at the call that failed, and for how long,
//! so "no answer" can say "after 3 attempts in 30 s" instead of nothing.
//!
//! An interceptor on every client counts attempts into a task-local slot
//! that each backend method opens around its calls ([`counted`]); the error
//! mapping reads it back ([`last`]). The slot travels with the future, so
//! concurrent calls never mix their counts, and it survives the SDK's
//! operation deadline, which drops the call before any completion hook runs.

use std::future::Future;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use aws_sdk_dynamodb::config::interceptors::{
    BeforeSerializationInterceptorContextRef, BeforeTransmitInterceptorContextRef,
};
use aws_sdk_dynamodb::config::{ConfigBag, Intercept, RuntimeComponents};

/// The SDK call in progress: attempts started and when it began.
#[derive(Debug, Default)]
struct Slot {
    attempts: u32,
    began: Option<Instant>,
}

tokio::task_local! {
    static SLOT: Arc<Mutex<Slot>>;
}

/// The attempts of the last SDK call made inside [`counted`].
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Tried {
    pub attempts: u32,
    pub elapsed: Duration,
}

impl std::fmt::Display for Tried {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let noun = if self.attempts == 1 {
            "attempt"
        } else {
            "attempts"
        };
        let secs = self.elapsed.as_secs_f64();
        if secs < 10.0 {
            write!(f, "{} {noun} in {secs:.1} s", self.attempts)
        } else {
            write!(f, "{} {noun} in {secs:.0} s", self.attempts)
        }
    }
}

/// Runs `fut` with a fresh slot that the interceptor fills.
pub fn counted<F: Future>(fut: F) -> impl Future<Output = F::Output> {
    SLOT.scope(Arc::new(Mutex::new(Slot::default())), fut)
}

/// The last call's attempts, when it ran inside [`counted`] through a
/// client with [`CountAttempts`] and made at least one attempt.
pub fn last() -> Option<Tried> {
    SLOT.try_with(|slot| {
        let slot = slot.lock().unwrap_or_else(|e| e.into_inner());
        slot.began.filter(|_| slot.attempts > 0).map(|began| Tried {
            attempts: slot.attempts,
            elapsed: began.elapsed(),
        })
    })
    .ok()
    .flatten()
}

fn with_slot(f: impl FnOnce(&mut Slot)) {
    let _ = SLOT.try_with(|slot| f(&mut slot.lock().unwrap_or_else(|e| e.into_inner())));
}

/// The interceptor behind [`last`]; one instance serves every client.
#[derive(Debug, Clone, Copy, Default)]
pub struct CountAttempts;

impl Intercept for CountAttempts {
    fn name(&self) -> &'static str {
        "dynamo-dr attempt counter"
    }

    fn read_before_execution(
        &self,
        _context: &BeforeSerializationInterceptorContextRef<'_>,
        _cfg: &mut ConfigBag,
    ) -> Result<(), aws_sdk_dynamodb::error::BoxError> {
        with_slot(|s| {
            *s = Slot {
                attempts: 0,
                began: Some(Instant::now()),
            }
        });
        Ok(())
    }

    fn read_before_attempt(
        &self,
        _context: &BeforeTransmitInterceptorContextRef<'_>,
        _runtime_components: &RuntimeComponents,
        _cfg: &mut ConfigBag,
    ) -> Result<(), aws_sdk_dynamodb::error::BoxError> {
        with_slot(|s| s.attempts += 1);
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tries_read_as_a_count_and_a_time() {
        let t = |attempts, ms| Tried {
            attempts,
            elapsed: Duration::from_millis(ms),
        };
        assert_eq!(t(1, 1_500).to_string(), "1 attempt in 1.5 s");
        assert_eq!(t(3, 30_200).to_string(), "3 attempts in 30 s");
    }

    #[tokio::test]
    async fn outside_a_counted_call_nothing_is_known() {
        assert_eq!(last(), None);
        assert_eq!(counted(async { last() }).await, None);
    }
}
