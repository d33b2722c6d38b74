//! Zoho's limits, as the server enforces them: access tokens per refresh token in a
//! window, active tokens per refresh token, and concurrent API calls; and the figures
//! tests read (refreshes, refusals, peak concurrency).

use std::collections::{HashMap, VecDeque};
use std::time::{Duration, Instant};

/// The limits the server enforces. [`Limits::zoho`] (the default) has Zoho's token limits
/// and no concurrency cap; tests shorten the window or set a cap.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Limits {
    tokens_per_window: usize,
    window: Duration,
    active_tokens: usize,
    concurrent_calls: Option<usize>,
}

impl Default for Limits {
    fn default() -> Self {
        Limits::zoho()
    }
}

impl Limits {
    /// Zoho's: 10 access tokens per refresh token in 10 minutes (then HTTP 200 "Access
    /// Denied"), 15 active per refresh token (the 16th invalidates the oldest), and no cap
    /// on concurrent calls (set one with [`Limits::concurrent_calls`]).
    pub fn zoho() -> Self {
        Limits { tokens_per_window: 10, window: Duration::from_secs(600), active_tokens: 15, concurrent_calls: None }
    }

    /// At most `tokens` access tokens per refresh token in each `window`.
    pub fn tokens_per_window(mut self, tokens: usize, window: Duration) -> Self {
        self.tokens_per_window = tokens;
        self.window = window;
        self
    }

    /// At most `tokens` active access tokens per refresh token; a new one invalidates the
    /// oldest.
    pub fn active_tokens(mut self, tokens: usize) -> Self {
        self.active_tokens = tokens.max(1);
        self
    }

    /// At most `calls` API calls under way at once; past it, `429 TOO_MANY_REQUESTS`
    /// (Zoho's cap by edition: 5 Free, 10 Standard, 15 Professional, 20 Enterprise, 25
    /// Ultimate).
    pub fn concurrent_calls(mut self, calls: usize) -> Self {
        self.concurrent_calls = Some(calls);
        self
    }
}

/// What the server counted against its limits.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct Figures {
    /// Refresh requests that reached the token endpoint (answered or not).
    pub refresh_requests: u64,
    /// Access tokens issued.
    pub tokens_issued: u64,
    /// Refreshes refused with "Access Denied" for too many tokens.
    pub refused_refreshes: u64,
    /// Access tokens invalidated because a newer one was past the active limit.
    pub tokens_displaced: u64,
    /// The most API calls under way at once (refused ones included).
    pub peak_concurrent_calls: usize,
    /// API calls refused for the concurrency cap.
    pub calls_over_cap: u64,
}

/// The server's bookkeeping for its limits.
#[derive(Debug, Default)]
pub(super) struct Ledger {
    pub(super) limits: Limits,
    pub(super) figures: Figures,
    issued_at: HashMap<String, VecDeque<Instant>>,
    active: HashMap<String, VecDeque<String>>,
    in_flight: usize,
}

impl Ledger {
    /// Whether `refresh_token` may have another access token now; counts a refusal.
    pub(super) fn may_issue(&mut self, refresh_token: &str) -> bool {
        let window = self.limits.window;
        let issued = self.issued_at.entry(refresh_token.to_owned()).or_default();
        while issued.front().is_some_and(|at| at.elapsed() >= window) {
            issued.pop_front();
        }
        let allowed = issued.len() < self.limits.tokens_per_window;
        if !allowed {
            self.figures.refused_refreshes += 1;
        }
        allowed
    }

    /// Notes a token issued for `refresh_token`; returns the tokens it displaces.
    pub(super) fn issued(&mut self, refresh_token: &str, access_token: &str) -> Vec<String> {
        self.figures.tokens_issued += 1;
        self.issued_at.entry(refresh_token.to_owned()).or_default().push_back(Instant::now());
        let active = self.active.entry(refresh_token.to_owned()).or_default();
        active.push_back(access_token.to_owned());
        let excess = active.len().saturating_sub(self.limits.active_tokens);
        let displaced: Vec<String> = active.drain(..excess).collect();
        self.figures.tokens_displaced += displaced.len() as u64;
        displaced
    }

    /// A call arrives: whether it is within the concurrency cap. Every arrival must be
    /// matched by [`Ledger::call_ended`].
    pub(super) fn call_started(&mut self) -> bool {
        self.in_flight += 1;
        self.figures.peak_concurrent_calls = self.figures.peak_concurrent_calls.max(self.in_flight);
        let within = self.limits.concurrent_calls.is_none_or(|cap| self.in_flight <= cap);
        if !within {
            self.figures.calls_over_cap += 1;
        }
        within
    }

    /// A call was answered (or dropped).
    pub(super) fn call_ended(&mut self) {
        self.in_flight = self.in_flight.saturating_sub(1);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_eleventh_token_in_a_window_is_refused_and_the_sixteenth_displaces_the_first() {
        let mut ledger = Ledger::default();
        for index in 0..10 {
            assert!(ledger.may_issue("refresh"));
            assert!(ledger.issued("refresh", &format!("access{index}")).is_empty());
        }
        assert!(!ledger.may_issue("refresh"));
        assert!(ledger.may_issue("another refresh token"), "the limit is per refresh token");
        assert_eq!(ledger.figures.refused_refreshes, 1);

        let mut ledger =
            Ledger { limits: Limits::zoho().tokens_per_window(100, Duration::from_secs(600)), ..Ledger::default() };
        let displaced: Vec<String> =
            (0..16).flat_map(|index| ledger.issued("refresh", &format!("access{index}"))).collect();
        assert_eq!(displaced, ["access0"]);
    }

    #[test]
    fn calls_past_the_cap_are_counted() {
        let mut ledger = Ledger { limits: Limits::zoho().concurrent_calls(2), ..Ledger::default() };
        assert!(ledger.call_started() && ledger.call_started());
        assert!(!ledger.call_started());
        ledger.call_ended();
        ledger.call_ended();
        assert!(ledger.call_started());
        assert_eq!((ledger.figures.peak_concurrent_calls, ledger.figures.calls_over_cap), (3, 1));
    }
}
