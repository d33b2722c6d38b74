//! Redis as the meeting point of a fleet of processes: the shared access token with its
//! refresh lock and fence, the refusal after Zoho's "Access Denied", and the leases of the
//! fleet-wide concurrency limit with its shared cool-down.

use std::fmt;
use std::sync::LazyLock;
use std::time::Duration;

use ::redis::aio::{ConnectionManager, ConnectionManagerConfig};
use ::redis::{AsyncCommands, RedisError, Script};

use super::BoxFuture;
use super::store::{Fence, StoreError, StoredToken, TokenStore};
use crate::AccessToken;

/// Takes the refresh lock if it is free, with the next fence; 0 if it is held. The fence
/// is also kept past the fence of the token kept: a Redis that restarted empty counts
/// from 1 again, and a holder from before the restart may have saved with a higher fence
/// since, which would make every new holder's token look stale.
static LOCK: LazyLock<Script> = LazyLock::new(|| {
    Script::new(
        r"
        if redis.call('EXISTS', KEYS[1]) == 1 then return 0 end
        local fence = redis.call('INCR', KEYS[2])
        local written = tonumber(redis.call('GET', KEYS[3]) or '0')
        if fence <= written then
            fence = written + 1
            redis.call('SET', KEYS[2], fence)
        end
        redis.call('SET', KEYS[1], fence, 'PX', ARGV[1])
        return fence",
    )
});

/// Gives the lock back only if this fence still holds it.
static UNLOCK: LazyLock<Script> = LazyLock::new(|| {
    Script::new(
        r"
        if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
        return 0",
    )
});

/// Keeps a token unless one from a newer fence was kept already.
static SAVE: LazyLock<Script> = LazyLock::new(|| {
    Script::new(
        r"
        local written = tonumber(redis.call('GET', KEYS[2]) or '0')
        if tonumber(ARGV[1]) <= written then return 0 end
        redis.call('SET', KEYS[2], ARGV[1])
        if tonumber(ARGV[3]) > 0 then
            redis.call('SET', KEYS[1], ARGV[2], 'PX', ARGV[3])
        else
            redis.call('SET', KEYS[1], ARGV[2])
        end
        return 1",
    )
});

/// Forgets the token only if it is the rejected one.
static DISCARD: LazyLock<Script> = LazyLock::new(|| {
    Script::new(
        r"
        local kept = redis.call('GET', KEYS[1])
        if kept and cjson.decode(kept)['access_token'] == ARGV[1] then return redis.call('DEL', KEYS[1]) end
        return 0",
    )
});

/// Takes a call slot: 1 if taken, 0 if all are leased, minus the milliseconds left if the
/// fleet is cooling down. Leases are scored by their expiry on Redis's clock, so that a
/// dead process's slots come back and machines' clocks do not matter.
static ACQUIRE: LazyLock<Script> = LazyLock::new(|| {
    Script::new(
        r"
        local cooling = redis.call('PTTL', KEYS[2])
        if cooling > 0 then return -cooling end
        local time = redis.call('TIME')
        local now = tonumber(time[1]) * 1000 + math.floor(tonumber(time[2]) / 1000)
        redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now)
        if redis.call('ZCARD', KEYS[1]) < tonumber(ARGV[1]) then
            redis.call('ZADD', KEYS[1], now + tonumber(ARGV[2]), ARGV[3])
            return 1
        end
        return 0",
    )
});

/// Sets a "hold until" key, never shortening one already set.
static HOLD: LazyLock<Script> = LazyLock::new(|| {
    Script::new(
        r"
        if redis.call('PTTL', KEYS[1]) < tonumber(ARGV[1]) then redis.call('SET', KEYS[1], 1, 'PX', ARGV[1]) end
        return 1",
    )
});

/// A Redis server that a fleet of processes shares, under a key prefix (one per Zoho
/// org and refresh token). It is a [`TokenStore`] and the meeting point of a fleet-wide
/// [`ConcurrencyLimit`](super::ConcurrencyLimit). Cheap to clone.
///
/// Every operation is bounded (one second to connect or answer by default); when Redis
/// cannot be reached, token sources refresh on their own and limits fall back to each
/// process's own count, until Redis answers again.
///
/// Redis holds the access token in clear: keep it private to the fleet. `Debug` shows the
/// prefix only, never the URL (which may hold a password).
#[derive(Clone)]
pub struct RedisFleet {
    connection: ConnectionManager,
    prefix: String,
}

impl fmt::Debug for RedisFleet {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("RedisFleet").field("prefix", &self.prefix).finish_non_exhaustive()
    }
}

/// What asking for a call slot gave.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum SlotAnswer {
    /// A slot is leased.
    Taken,
    /// Every slot is leased.
    Full,
    /// The fleet cools down for this long.
    CoolingDown(Duration),
}

impl RedisFleet {
    /// A fleet that meets at `url` (e.g. `redis://127.0.0.1:6379`) under keys that start
    /// with `prefix`. Connects on first use, so Redis need not be up yet; fails only if the
    /// URL is not a Redis URL. Call it within a Tokio runtime.
    pub async fn connect(url: &str, prefix: impl Into<String>) -> Result<Self, StoreError> {
        RedisFleet::connect_with_timeout(url, prefix, Duration::from_secs(1)).await
    }

    /// As [`RedisFleet::connect`], with the longest wait for Redis to connect or answer.
    pub async fn connect_with_timeout(
        url: &str,
        prefix: impl Into<String>,
        timeout: Duration,
    ) -> Result<Self, StoreError> {
        let client = ::redis::Client::open(url).map_err(|error| StoreError::new(error.to_string()))?;
        let config = ConnectionManagerConfig::new()
            .set_connection_timeout(Some(timeout))
            .set_response_timeout(Some(timeout))
            .set_number_of_retries(1)
            .set_min_delay(Duration::from_millis(20))
            .set_max_delay(Duration::from_millis(200));
        let connection = ConnectionManager::new_lazy_with_config(client, config).map_err(failure)?;
        Ok(RedisFleet { connection, prefix: prefix.into() })
    }

    fn key(&self, name: &str) -> String {
        format!("{}:{name}", self.prefix)
    }

    /// Leases a call slot for `lease`, if fewer than `cap` are leased.
    pub(super) async fn acquire_slot(&self, cap: usize, lease: Duration, id: &str) -> Result<SlotAnswer, StoreError> {
        let answer: i64 = ACQUIRE
            .key(self.key("slots"))
            .key(self.key("cool"))
            .arg(cap)
            .arg(millis(lease))
            .arg(id)
            .invoke_async(&mut self.connection.clone())
            .await
            .map_err(failure)?;
        Ok(match answer {
            1 => SlotAnswer::Taken,
            cooling if cooling < 0 => SlotAnswer::CoolingDown(Duration::from_millis(cooling.unsigned_abs())),
            _ => SlotAnswer::Full,
        })
    }

    /// Gives a call slot back.
    pub(super) async fn release_slot(&self, id: &str) -> Result<(), StoreError> {
        let _: i64 = self.connection.clone().zrem(self.key("slots"), id).await.map_err(failure)?;
        Ok(())
    }

    /// Makes every process wait `wait` before its next call.
    pub(super) async fn cool_down(&self, wait: Duration) -> Result<(), StoreError> {
        self.hold("cool", wait).await
    }

    /// How long the fleet still cools down after a 429, if it does.
    pub async fn cool_down_left(&self) -> Result<Option<Duration>, StoreError> {
        self.time_left("cool").await
    }

    async fn time_left(&self, name: &str) -> Result<Option<Duration>, StoreError> {
        let left: i64 = self.connection.clone().pttl(self.key(name)).await.map_err(failure)?;
        Ok(u64::try_from(left).ok().filter(|left| *left > 0).map(Duration::from_millis))
    }

    async fn hold(&self, name: &str, wait: Duration) -> Result<(), StoreError> {
        let _: i64 = HOLD
            .key(self.key(name))
            .arg(millis(wait).max(1))
            .invoke_async(&mut self.connection.clone())
            .await
            .map_err(failure)?;
        Ok(())
    }
}

fn millis(duration: Duration) -> u64 {
    u64::try_from(duration.as_millis()).unwrap_or(u64::MAX)
}

/// Redis's errors name the failure, never a value sent (so never a token).
fn failure(error: RedisError) -> StoreError {
    StoreError::new(format!("redis: {error}"))
}

impl TokenStore for RedisFleet {
    fn load(&self) -> BoxFuture<'_, Result<Option<StoredToken>, StoreError>> {
        Box::pin(async move {
            let kept: Option<String> = self.connection.clone().get(self.key("token")).await.map_err(failure)?;
            kept.map(|text| StoredToken::from_json(&text)).transpose()
        })
    }

    fn try_lock(&self, ttl: Duration) -> BoxFuture<'_, Result<Option<Fence>, StoreError>> {
        Box::pin(async move {
            let fence: u64 = LOCK
                .key(self.key("lock"))
                .key(self.key("fence"))
                .key(self.key("token_fence"))
                .arg(millis(ttl).max(1))
                .invoke_async(&mut self.connection.clone())
                .await
                .map_err(failure)?;
            Ok((fence > 0).then_some(Fence(fence)))
        })
    }

    fn save<'a>(&'a self, token: &'a StoredToken, fence: Fence) -> BoxFuture<'a, Result<bool, StoreError>> {
        Box::pin(async move {
            let now = std::time::SystemTime::now();
            // Redis forgets the token when it expires; 0 means it has no known expiry.
            let lifetime = token.expires_at.map_or(0, |at| millis(at.duration_since(now).unwrap_or_default()).max(1));
            let saved: i64 = SAVE
                .key(self.key("token"))
                .key(self.key("token_fence"))
                .arg(fence.0)
                .arg(token.to_json())
                .arg(lifetime)
                .invoke_async(&mut self.connection.clone())
                .await
                .map_err(failure)?;
            Ok(saved == 1)
        })
    }

    fn unlock(&self, fence: Fence) -> BoxFuture<'_, Result<(), StoreError>> {
        Box::pin(async move {
            let _: i64 = UNLOCK
                .key(self.key("lock"))
                .arg(fence.0)
                .invoke_async(&mut self.connection.clone())
                .await
                .map_err(failure)?;
            Ok(())
        })
    }

    fn discard<'a>(&'a self, rejected: &'a AccessToken) -> BoxFuture<'a, Result<(), StoreError>> {
        Box::pin(async move {
            let _: i64 = DISCARD
                .key(self.key("token"))
                .arg(rejected.expose_secret())
                .invoke_async(&mut self.connection.clone())
                .await
                .map_err(failure)?;
            Ok(())
        })
    }

    fn refusal(&self) -> BoxFuture<'_, Result<Option<Duration>, StoreError>> {
        Box::pin(async move { self.time_left("refused").await })
    }

    fn note_refusal(&self, wait: Duration) -> BoxFuture<'_, Result<(), StoreError>> {
        Box::pin(async move { self.hold("refused", wait).await })
    }
}
