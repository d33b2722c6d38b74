//! One refresh for everyone who shares a token store: take the store's lock and refresh,
//! or wait for the holder's token; refresh alone when the store cannot be reached.

use std::future::Future;
use std::sync::{Mutex, PoisonError};
use std::time::{Duration, Instant};

use tracing::Instrument as _;

use super::error::TokenError;
use super::millis;
use super::store::{StoredToken, TokenStore};
use super::token::{Token, is_sendable_token};

/// How a refreshing token source coordinates through its store.
#[derive(Clone, Copy, Debug)]
pub(super) struct Coordination {
    /// How long the right to refresh lasts: longer than a refresh takes, short enough
    /// that the others do not wait long for a holder that died.
    pub(super) lock_ttl: Duration,
    /// How often a process that waits for another's refresh looks for its token.
    pub(super) poll: Duration,
    /// How long the token is kept fresh before its expiry.
    pub(super) margin: Duration,
}

/// A token from the store if it is fresh, else one refresh for all who share the store.
pub(super) async fn shared_or_refreshed<F, Fut>(
    store: &dyn TokenStore,
    settings: Coordination,
    refresh: F,
) -> Result<Token, TokenError>
where
    F: Fn() -> Fut,
    Fut: Future<Output = Result<Token, TokenError>>,
{
    // Two lock lifetimes: one for a holder that works, one for a holder that died.
    let give_up_waiting = Instant::now() + settings.lock_ttl * 2;
    let mut waited = false;
    loop {
        match fresh_in_store(store, settings.margin).await {
            Ok(Some(token)) => {
                tracing::debug!(waited_for_holder = waited, "access token from the store");
                return Ok(token);
            }
            Ok(None) => {}
            Err(()) => {
                tracing::info!("token store unreachable; refreshing alone");
                return refresh_traced(&refresh, "alone").await;
            }
        }
        if let Ok(Some(wait)) = store.refusal().await {
            tracing::info!(retry_after_ms = millis(wait), "refreshes held back after Zoho's Access Denied");
            return Err(TokenError::TooManyRefreshes { retry_after: wait });
        }
        match store.try_lock(settings.lock_ttl).await {
            Ok(Some(fence)) => return refresh_as_holder(store, settings, fence, &refresh).await,
            Ok(None) if Instant::now() < give_up_waiting => {
                if !waited {
                    tracing::debug!("another process holds the refresh lock; waiting for its token");
                }
                waited = true;
                tokio::time::sleep(settings.poll).await
            }
            // The store cannot be used, or the holder never delivers: refresh alone, once.
            Ok(None) | Err(_) => {
                tracing::info!("no token from the lock holder in time; refreshing alone");
                return refresh_traced(&refresh, "alone").await;
            }
        }
    }
}

/// One refresh, in a span that records how it went (never the token).
async fn refresh_traced<F, Fut>(refresh: &F, role: &'static str) -> Result<Token, TokenError>
where
    F: Fn() -> Fut,
    Fut: Future<Output = Result<Token, TokenError>>,
{
    let span = tracing::info_span!("zoho_token_refresh", role, outcome = tracing::field::Empty);
    let outcome = refresh().instrument(span.clone()).await;
    span.record("outcome", if outcome.is_ok() { "ok" } else { "failed" });
    match &outcome {
        Ok(token) => {
            let lifetime = token.expires_at.map(|at| millis(at.saturating_duration_since(Instant::now())));
            tracing::info!(parent: &span, expires_in_ms = lifetime, "access token refreshed")
        }
        // The kind only: the OAuth server's words could echo what it was sent.
        Err(error) => tracing::info!(parent: &span, error = token_error_kind(error), "refresh failed"),
    }
    outcome
}

/// A token error's kind, as one word, for traces.
fn token_error_kind(error: &TokenError) -> &'static str {
    match error {
        TokenError::Rejected { .. } => "rejected",
        TokenError::Malformed { .. } => "malformed",
        TokenError::Transport(_) => "transport",
        TokenError::TooManyRefreshes { .. } => "too_many_refreshes",
        TokenError::Trust(_) => "trust",
        TokenError::UnusableToken { .. } => "unusable_token",
    }
}

/// The store's token if it is fresh and can be sent; `Err` when the store cannot be read.
/// A token that cannot be sent (written there by another program, or by an older
/// version) counts as absent, so that it is refreshed and replaced rather than used.
async fn fresh_in_store(store: &dyn TokenStore, margin: Duration) -> Result<Option<Token>, ()> {
    let stored = store.load().await.map_err(drop)?;
    let sendable = stored.filter(|stored| is_sendable_token(stored.access_token.expose_secret()));
    Ok(sendable.map(|stored| stored.to_token()).filter(|token| token.is_fresh(margin)))
}

async fn refresh_as_holder<F, Fut>(
    store: &dyn TokenStore,
    settings: Coordination,
    fence: super::store::Fence,
    refresh: &F,
) -> Result<Token, TokenError>
where
    F: Fn() -> Fut,
    Fut: Future<Output = Result<Token, TokenError>>,
{
    // The last holder may have saved its token between our look and our lock.
    if let Ok(Some(token)) = fresh_in_store(store, settings.margin).await {
        let _ = store.unlock(fence).await;
        return Ok(token);
    }
    tracing::debug!(fence = fence.0, "took the refresh lock");
    let outcome = refresh_traced(refresh, "lock holder").await;
    match &outcome {
        // A store that fails now is no reason to fail a token we have: the others refresh
        // on their own, as when the store is down.
        Ok(token) => drop(store.save(&StoredToken::from_token(token), fence).await),
        Err(TokenError::TooManyRefreshes { retry_after }) => drop(store.note_refusal(*retry_after).await),
        Err(_) => {}
    }
    let _ = store.unlock(fence).await;
    outcome
}

/// Zoho's refusals of refreshes for too many tokens, as one process remembers them.
#[derive(Debug)]
pub(super) struct Refusals {
    wait: Duration,
    until: Mutex<Option<Instant>>,
}

impl Refusals {
    /// After a refusal, no refresh for `wait`.
    pub(super) fn new(wait: Duration) -> Self {
        Refusals { wait, until: Mutex::new(None) }
    }

    /// Zoho's answer to too many refreshes is HTTP 200 with `"error": "Access Denied"`.
    pub(super) fn read(&self, error: TokenError) -> TokenError {
        match error {
            TokenError::Rejected { error, .. } if is_access_denied(&error) => {
                TokenError::TooManyRefreshes { retry_after: self.wait }
            }
            other => other,
        }
    }

    /// Hold refreshes back for `wait`.
    pub(super) fn hold(&self, wait: Duration) {
        *self.until.lock().unwrap_or_else(PoisonError::into_inner) = Some(Instant::now() + wait);
    }

    /// How long refreshes are still held back, if they are.
    pub(super) fn left(&self) -> Option<Duration> {
        let until = *self.until.lock().unwrap_or_else(PoisonError::into_inner);
        until.and_then(|until| until.checked_duration_since(Instant::now())).filter(|left| !left.is_zero())
    }
}

fn is_access_denied(error: &str) -> bool {
    let error = error.trim();
    error.eq_ignore_ascii_case("Access Denied") || error.eq_ignore_ascii_case("access_denied")
}
