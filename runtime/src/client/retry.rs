//! When and how long to wait before trying a request again.

use std::time::Duration;

use super::error::{Error, TransportErrorKind};
use crate::{ServiceError, UnexpectedReason};

/// How a client retries.
///
/// By default a request that is safe to repeat (GET, PUT, DELETE) is tried up to 3 times
/// when it is rate-limited (honouring `Retry-After`), meets a server error that may pass,
/// or loses its connection; waits grow exponentially with jitter; and no retry starts
/// once 30 seconds have passed. A request that is not safe to repeat (POST) is never
/// retried unless [`RetryPolicy::retry_non_idempotent`] says so.
///
/// A server may ask for any wait: a `Retry-After` that would end past `max_elapsed`
/// (however large, up to `18446744073709551615` seconds) ends the retries instead.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RetryPolicy {
    max_attempts: u32,
    initial_backoff: Duration,
    max_backoff: Duration,
    max_elapsed: Duration,
    retry_non_idempotent: bool,
}

impl Default for RetryPolicy {
    fn default() -> Self {
        RetryPolicy {
            max_attempts: 3,
            initial_backoff: Duration::from_millis(200),
            max_backoff: Duration::from_secs(10),
            max_elapsed: Duration::from_secs(30),
            retry_non_idempotent: false,
        }
    }
}

impl RetryPolicy {
    /// No retries at all.
    pub fn none() -> Self {
        RetryPolicy { max_attempts: 1, ..RetryPolicy::default() }
    }

    /// How many times a request is tried in all (at least 1).
    pub fn max_attempts(mut self, attempts: u32) -> Self {
        self.max_attempts = attempts.max(1);
        self
    }

    /// The wait before the first retry; later waits double, up to `max_backoff`.
    pub fn initial_backoff(mut self, wait: Duration) -> Self {
        self.initial_backoff = wait;
        self
    }

    /// The longest wait between tries (a longer `Retry-After` is still honoured, within
    /// `max_elapsed`).
    pub fn max_backoff(mut self, wait: Duration) -> Self {
        self.max_backoff = wait;
        self
    }

    /// No retry starts after this much time since the first try.
    pub fn max_elapsed(mut self, time: Duration) -> Self {
        self.max_elapsed = time;
        self
    }

    /// Retry requests that are not safe to repeat (POST) too. Off by default: a POST
    /// that timed out may have been carried out.
    pub fn retry_non_idempotent(mut self, retry: bool) -> Self {
        self.retry_non_idempotent = retry;
        self
    }

    /// The wait before trying again after `error` on try number `attempt` (from 1), when
    /// `elapsed` has passed since the first; `None` to give up.
    pub(crate) fn next_wait<E: ServiceError>(
        &self,
        error: &Error<E>,
        attempt: u32,
        elapsed: Duration,
        idempotent: bool,
        jitter: f64,
    ) -> Option<Duration> {
        if attempt >= self.max_attempts || !(idempotent || self.retry_non_idempotent) {
            return None;
        }
        let asked = match error {
            Error::Api(error) if error.is_retryable() => error.retry_after(),
            Error::Unexpected(answer) if may_pass(answer) => answer.retry_after(),
            Error::Transport(transport) if may_recover(transport.kind()) => None,
            _ => return None,
        };
        let wait = asked.unwrap_or_default().max(self.backoff(attempt, jitter));
        // A server may ask for any wait (`Retry-After: 18446744073709551615`): the sum is
        // checked, and a wait that would end past the budget means giving up.
        let ends = elapsed.checked_add(wait)?;
        (ends <= self.max_elapsed).then_some(wait)
    }

    /// Exponential backoff with "equal jitter": half the wait is fixed, half is random
    /// (`jitter` in 0..1), so that clients that failed together do not retry together.
    fn backoff(&self, attempt: u32, jitter: f64) -> Duration {
        let exponent = attempt.saturating_sub(1).min(20);
        let base = self.initial_backoff.saturating_mul(1 << exponent).min(self.max_backoff);
        let half = base / 2;
        // `mul_f64` panics on NaN; a jitter that is not a number counts as none.
        let jitter = if jitter.is_nan() { 0.0 } else { jitter.clamp(0.0, 1.0) };
        half.saturating_add(half.mul_f64(jitter))
    }
}

/// Whether a transport failure may not happen again: a connection refused, a timeout, a
/// connection or body cut off. An answer past the body limit will be as large next time,
/// and a refused certificate (`Tls`) refused again.
fn may_recover(kind: TransportErrorKind) -> bool {
    matches!(
        kind,
        TransportErrorKind::Connect
            | TransportErrorKind::Timeout
            | TransportErrorKind::Interrupted
            | TransportErrorKind::Body
    )
}

/// Whether an answer that could not be understood may be different next time: a
/// rate limit, a server error page, or a body cut off.
fn may_pass(answer: &crate::UnexpectedResponse) -> bool {
    let status = answer.status().as_u16();
    status == 429 || (status >= 500 && status != 501) || matches!(answer.reason(), UnexpectedReason::Truncated(_))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::http::{HeaderMap, StatusCode};
    use crate::{ErrorBody, ErrorFormat, FromErrorBody, UnexpectedResponse};

    #[derive(Debug)]
    struct Fake {
        retryable: bool,
        after: Option<Duration>,
    }

    impl std::fmt::Display for Fake {
        fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
            f.write_str("fake")
        }
    }

    impl std::error::Error for Fake {}

    impl FromErrorBody for Fake {
        const FORMAT: ErrorFormat = crate::decode::response::ZOHO_FORMAT;
        fn from_error_body(_: ErrorBody, _: Option<StatusCode>, _: Option<Duration>) -> Self {
            Fake { retryable: false, after: None }
        }
        fn to_error_json(&self) -> serde_json::Value {
            serde_json::Value::Null
        }
    }

    impl ServiceError for Fake {
        fn is_retryable(&self) -> bool {
            self.retryable
        }
        fn retry_after(&self) -> Option<Duration> {
            self.after
        }
        fn renews_token(&self) -> bool {
            false
        }
    }

    fn api(retryable: bool, after: Option<u64>) -> Error<Fake> {
        Error::Api(Fake { retryable, after: after.map(Duration::from_secs) })
    }

    #[test]
    fn waits_grow_and_stay_within_bounds() {
        let policy = RetryPolicy::default().max_attempts(10);
        let waits: Vec<_> = (1..=6).map(|attempt| policy.backoff(attempt, 1.0)).collect();
        assert_eq!(waits[0], Duration::from_millis(200));
        assert_eq!(waits[1], Duration::from_millis(400));
        assert_eq!(waits[5], Duration::from_millis(6400));
        assert_eq!(policy.backoff(30, 1.0), Duration::from_secs(10));
        assert_eq!(policy.backoff(1, 0.0), Duration::from_millis(100), "half the wait is fixed");
    }

    #[test]
    fn only_what_may_pass_is_retried() {
        let policy = RetryPolicy::default();
        assert!(policy.next_wait(&api(true, None), 1, Duration::ZERO, true, 0.5).is_some());
        assert!(policy.next_wait(&api(false, None), 1, Duration::ZERO, true, 0.5).is_none());
        assert!(policy.next_wait(&api(true, None), 1, Duration::ZERO, false, 0.5).is_none(), "never a POST by default");
        assert!(
            policy
                .clone()
                .retry_non_idempotent(true)
                .next_wait(&api(true, None), 1, Duration::ZERO, false, 0.5)
                .is_some()
        );
        assert!(policy.next_wait(&api(true, None), 3, Duration::ZERO, true, 0.5).is_none(), "3 attempts at most");
        let html = UnexpectedResponse::new(
            StatusCode::BAD_GATEWAY,
            &HeaderMap::new(),
            b"<html>",
            UnexpectedReason::NotJson(String::new()),
        );
        assert!(policy.next_wait(&Error::<Fake>::Unexpected(html), 1, Duration::ZERO, true, 0.5).is_some());
        let shape =
            UnexpectedResponse::new(StatusCode::OK, &HeaderMap::new(), b"{}", UnexpectedReason::Shape(String::new()));
        assert!(policy.next_wait(&Error::<Fake>::Unexpected(shape), 1, Duration::ZERO, true, 0.5).is_none());
    }

    #[test]
    fn huge_waits_give_up_instead_of_overflowing() {
        let policy = RetryPolicy::default().max_attempts(10);
        let huge = api(true, Some(u64::MAX));
        for attempt in 1..=3 {
            for elapsed in [Duration::ZERO, Duration::from_millis(1), Duration::from_secs(29), Duration::MAX] {
                assert_eq!(policy.next_wait(&huge, attempt, elapsed, true, 0.5), None, "{attempt} {elapsed:?}");
            }
        }
        let unbounded = RetryPolicy::default().max_attempts(u32::MAX).max_elapsed(Duration::MAX);
        assert_eq!(unbounded.next_wait(&huge, 2, Duration::from_secs(1), true, 0.5), None, "the sum overflows");
        assert_eq!(
            unbounded.next_wait(&huge, 2, Duration::ZERO, true, 0.5),
            Some(Duration::from_secs(u64::MAX)),
            "within an unbounded budget the server's wait is kept"
        );
        let slow = RetryPolicy::default().initial_backoff(Duration::MAX).max_backoff(Duration::MAX);
        assert_eq!(slow.backoff(u32::MAX, 1.0), Duration::MAX);
        assert_eq!(slow.backoff(1, f64::NAN), Duration::MAX / 2);
    }

    #[test]
    fn retry_after_is_honoured_within_the_time_budget() {
        let policy = RetryPolicy::default();
        assert_eq!(policy.next_wait(&api(true, Some(5)), 1, Duration::ZERO, true, 0.5), Some(Duration::from_secs(5)));
        assert_eq!(
            policy.next_wait(&api(true, Some(5)), 1, Duration::from_secs(26), true, 0.5),
            None,
            "it would end past 30 s"
        );
    }
}
