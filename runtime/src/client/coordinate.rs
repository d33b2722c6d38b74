//! One refresh for everyone who shares a token store: take the store's lock and refresh,
//! or wait for the holder's token; refresh alone when the store cannot be reached.

use std::future::Future;
use std::time::{Duration, Instant};

use super::error::TokenError;
use super::store::{StoredToken, TokenStore};
use super::token::Token;

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
    loop {
        match fresh_in_store(store, settings.margin).await {
            Ok(Some(token)) => return Ok(token),
            Ok(None) => {}
            Err(()) => return refresh().await,
        }
        if let Ok(Some(wait)) = store.refusal().await {
            return Err(TokenError::TooManyRefreshes { retry_after: wait });
        }
        match store.try_lock(settings.lock_ttl).await {
            Ok(Some(fence)) => return refresh_as_holder(store, settings, fence, &refresh).await,
            Ok(None) if Instant::now() < give_up_waiting => tokio::time::sleep(settings.poll).await,
            // The store cannot be used, or the holder never delivers: refresh alone, once.
            Ok(None) | Err(_) => return refresh().await,
        }
    }
}

/// The store's token if it is fresh; `Err` when the store cannot be read.
async fn fresh_in_store(store: &dyn TokenStore, margin: Duration) -> Result<Option<Token>, ()> {
    let stored = store.load().await.map_err(drop)?;
    Ok(stored.map(|stored| stored.to_token()).filter(|token| token.is_fresh(margin)))
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
    let outcome = refresh().await;
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
