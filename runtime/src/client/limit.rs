//! Concurrent calls within Zoho's cap: a limit per client, or for a whole fleet through
//! Redis; after a 429 every call waits out one shared cool-down.

use std::sync::{Arc, Mutex, PoisonError};
use std::time::{Duration, Instant};

use tokio::sync::{OwnedSemaphorePermit, Semaphore};

use super::HttpClient;
use super::error::Error;
#[cfg(feature = "redis")]
use super::fleet::{RedisFleet, SlotAnswer};
use crate::http::{HeaderMap, Request, StatusCode};

/// Zoho CRM editions, whose concurrent API calls per org Zoho caps.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Edition {
    /// 5 concurrent calls.
    Free,
    /// 10 concurrent calls.
    Standard,
    /// 15 concurrent calls.
    Professional,
    /// 20 concurrent calls.
    Enterprise,
    /// 25 concurrent calls.
    Ultimate,
}

impl Edition {
    /// How many calls Zoho serves at once for an org of this edition.
    pub fn concurrent_calls(self) -> usize {
        match self {
            Edition::Free => 5,
            Edition::Standard => 10,
            Edition::Professional => 15,
            Edition::Enterprise => 20,
            Edition::Ultimate => 25,
        }
    }
}

/// How many calls may be under way at once, and how long to pause after Zoho answers
/// `429 TOO_MANY_REQUESTS` without a `Retry-After`.
#[derive(Clone, Debug)]
pub struct ConcurrencyLimit {
    calls: usize,
    cool_down: Duration,
    #[cfg(feature = "redis")]
    fleet: Option<RedisFleet>,
}

impl ConcurrencyLimit {
    /// The cap of an org of `edition`.
    pub fn edition(edition: Edition) -> Self {
        ConcurrencyLimit::calls(edition.concurrent_calls())
    }

    /// At most `calls` at once (at least 1).
    pub fn calls(calls: usize) -> Self {
        ConcurrencyLimit {
            calls: calls.max(1),
            cool_down: Duration::from_secs(2),
            #[cfg(feature = "redis")]
            fleet: None,
        }
    }

    /// The pause after a 429 that names no wait (default 2 s).
    pub fn cool_down(mut self, wait: Duration) -> Self {
        self.cool_down = wait;
        self
    }

    /// Count calls across every process that shares `fleet`, not just this client's. Each
    /// call leases a slot that expires if its process dies; a 429 pauses the whole fleet.
    /// When Redis cannot be reached, each process counts its own calls up to the same cap.
    #[cfg(feature = "redis")]
    pub fn fleet_wide(mut self, fleet: RedisFleet) -> Self {
        self.fleet = Some(fleet);
        self
    }

    /// The most calls at once.
    pub fn max_calls(&self) -> usize {
        self.calls
    }
}

/// The longest pause a 429 imposes on a client's calls, whatever its `Retry-After` asks.
const MAX_COOL_DOWN: Duration = Duration::from_secs(10 * 60);

/// Enforces a [`ConcurrencyLimit`] for one client.
#[derive(Debug)]
pub(super) struct Limiter {
    limit: ConcurrencyLimit,
    /// This process's own slots: the limit itself, or the fallback when Redis is away.
    local: Arc<Semaphore>,
    cooling_until: Mutex<Option<Instant>>,
    #[cfg_attr(not(feature = "redis"), allow(dead_code))]
    lease: Duration,
}

/// A slot held for one call.
enum Permit {
    /// One of this process's slots, given back when dropped.
    Local { _slot: OwnedSemaphorePermit },
    /// A fleet lease, by its ID.
    #[cfg(feature = "redis")]
    Fleet(String),
}

impl Permit {
    /// Where the slot is held, for traces.
    fn describe(&self) -> &'static str {
        match self {
            Permit::Local { .. } => "local",
            #[cfg(feature = "redis")]
            Permit::Fleet(_) => "fleet",
        }
    }
}

impl Limiter {
    /// A limiter whose fleet leases last `lease` (longer than any call may take).
    pub(super) fn new(limit: ConcurrencyLimit, lease: Duration) -> Self {
        let local = Arc::new(Semaphore::new(limit.calls));
        Limiter { limit, local, cooling_until: Mutex::new(None), lease }
    }

    async fn acquire(&self) -> Permit {
        self.wait_out_cool_down().await;
        #[cfg(feature = "redis")]
        if let Some(fleet) = &self.limit.fleet {
            if let Some(permit) = self.acquire_in_fleet(fleet).await {
                return permit;
            }
        }
        self.acquire_locally().await
    }

    async fn acquire_locally(&self) -> Permit {
        // The semaphore is never closed, so this waits until a slot is free.
        loop {
            if let Ok(permit) = Arc::clone(&self.local).acquire_owned().await {
                return Permit::Local { _slot: permit };
            }
        }
    }

    /// A fleet slot, waiting while all are leased or the fleet cools down; `None` when
    /// Redis cannot be reached.
    #[cfg(feature = "redis")]
    async fn acquire_in_fleet(&self, fleet: &RedisFleet) -> Option<Permit> {
        let id = format!("{}-{:016x}", std::process::id(), fastrand::u64(..));
        let mut wait = Duration::from_millis(2);
        loop {
            let answer = fleet.acquire_slot(self.limit.calls, self.lease, &id).await;
            if answer.is_err() {
                tracing::info!("Redis unreachable; the call takes a slot of this process");
            }
            match answer.ok()? {
                SlotAnswer::Taken => return Some(Permit::Fleet(id)),
                SlotAnswer::CoolingDown(left) => {
                    tracing::info!(wait_ms = super::millis(left), "the fleet cools down after a 429");
                    self.hold_locally(left);
                    tokio::time::sleep(left).await;
                }
                // Jittered, growing a little, so that waiting processes do not knock together.
                SlotAnswer::Full => {
                    tokio::time::sleep(wait.mul_f64(0.5 + fastrand::f64())).await;
                    wait = (wait * 2).min(Duration::from_millis(20));
                }
            }
        }
    }

    async fn release(&self, permit: Permit) {
        match permit {
            // Dropped here, which frees the slot.
            Permit::Local { .. } => {}
            // Unreachable now, the lease expires by itself.
            #[cfg(feature = "redis")]
            Permit::Fleet(id) => {
                if let Some(fleet) = &self.limit.fleet {
                    let _ = fleet.release_slot(&id).await;
                }
            }
        }
    }

    /// Zoho answered 429: pause every call of this client (and of the fleet) for `asked`
    /// or, when Zoho named no wait, the limit's cool-down; at most [`MAX_COOL_DOWN`].
    async fn cool_down(&self, asked: Option<Duration>) {
        let wait = asked.unwrap_or(self.limit.cool_down).min(MAX_COOL_DOWN);
        tracing::info!(wait_ms = super::millis(wait), "429: calls cool down");
        self.hold_locally(wait);
        #[cfg(feature = "redis")]
        if let Some(fleet) = &self.limit.fleet {
            let _ = fleet.cool_down(wait).await;
        }
    }

    fn hold_locally(&self, wait: Duration) {
        // A server may ask for any wait (`Retry-After: 18446744073709551615`): the pause is
        // capped, so that it neither overflows nor stops the client for good.
        let until = Instant::now() + wait.min(MAX_COOL_DOWN);
        let mut cooling = self.cooling_until.lock().unwrap_or_else(PoisonError::into_inner);
        if cooling.is_none_or(|current| current < until) {
            *cooling = Some(until);
        }
    }

    async fn wait_out_cool_down(&self) {
        let until = *self.cooling_until.lock().unwrap_or_else(PoisonError::into_inner);
        if let Some(left) = until.and_then(|until| until.checked_duration_since(Instant::now())) {
            tokio::time::sleep(left).await;
        }
    }
}

impl HttpClient {
    /// Sends `request` once, within the client's concurrency limit if it has one.
    pub(super) async fn send_within_limit<E>(
        &self,
        request: Request<Vec<u8>>,
    ) -> Result<(StatusCode, HeaderMap, Vec<u8>), Error<E>> {
        let Some(limiter) = &self.inner.limiter else { return self.send_once(request).await };
        let asked = Instant::now();
        let permit = limiter.acquire().await;
        tracing::debug!(slot = permit.describe(), waited_ms = super::millis(asked.elapsed()), "call slot taken");
        let answer = self.send_once(request).await;
        limiter.release(permit).await;
        if let Ok((StatusCode::TOO_MANY_REQUESTS, headers, _)) = &answer {
            limiter.cool_down(crate::retry_after(headers)).await;
        }
        answer
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn editions_have_zohos_caps() {
        let caps: Vec<usize> =
            [Edition::Free, Edition::Standard, Edition::Professional, Edition::Enterprise, Edition::Ultimate]
                .into_iter()
                .map(|edition| ConcurrencyLimit::edition(edition).max_calls())
                .collect();
        assert_eq!(caps, [5, 10, 15, 20, 25]);
        assert_eq!(ConcurrencyLimit::calls(0).max_calls(), 1, "never zero, which would block every call");
    }

    #[tokio::test]
    async fn the_local_limit_holds_calls_beyond_it_until_a_slot_frees() {
        let limiter = Limiter::new(ConcurrencyLimit::calls(2), Duration::from_secs(5));
        let first = limiter.acquire().await;
        let _second = limiter.acquire().await;
        assert_eq!(limiter.local.available_permits(), 0);
        let third = tokio::spawn(async move {
            let permit = limiter.acquire().await;
            drop(permit);
        });
        tokio::task::yield_now().await;
        assert!(!third.is_finished(), "the third call waits");
        drop(first);
        third.await.unwrap();
    }

    #[tokio::test]
    async fn a_retry_after_too_long_to_honour_pauses_calls_for_a_bounded_time() {
        let limiter = Limiter::new(ConcurrencyLimit::calls(2), Duration::from_secs(5));
        for asked in [Duration::from_secs(u64::MAX), Duration::MAX] {
            limiter.cool_down(Some(asked)).await;
            let until = limiter.cooling_until.lock().unwrap().expect("a pause");
            let pause = until - Instant::now();
            assert!(pause > Duration::ZERO && pause <= MAX_COOL_DOWN, "{asked:?}: {pause:?}");
        }
    }
}
