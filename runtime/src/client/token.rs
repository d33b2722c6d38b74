//! Access tokens: a fixed one, or Zoho's OAuth refresh flow.

use std::fmt;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

use serde_json::Value;
use tokio::sync::Mutex;

use super::BoxFuture;
use super::certificate::RootCertificate;
use super::coordinate::{self, Coordination, Refusals};
use super::error::{TokenError, TransportError};
use super::store::{MemoryStore, TokenStore};
use super::trust;
use crate::{AccessToken, BaseUrl, GrantedScopes, Secret, form_encode};

/// An access token and what is known about it.
#[derive(Clone, Debug)]
#[non_exhaustive]
pub struct Token {
    /// The token.
    pub access_token: AccessToken,
    /// The API domain the OAuth server named for the organization, if any; requests go
    /// there when the client honours it.
    pub api_domain: Option<BaseUrl>,
    /// The scopes the token was granted, if known (for the client's scope check).
    pub scopes: Option<GrantedScopes>,
    /// When the token expires, if known.
    pub expires_at: Option<Instant>,
}

impl Token {
    /// A token with nothing more known about it.
    pub fn new(access_token: AccessToken) -> Self {
        Token { access_token, api_domain: None, scopes: None, expires_at: None }
    }

    /// Whether the token is still good for at least `margin` (a margin too large to add
    /// to the time now means it is not).
    pub fn is_fresh(&self, margin: Duration) -> bool {
        self.expires_at.is_none_or(|expires_at| Instant::now().checked_add(margin).is_some_and(|end| end < expires_at))
    }
}

/// Where a client gets its access tokens.
pub trait TokenSource: fmt::Debug + Send + Sync {
    /// A token to send now.
    fn token(&self) -> BoxFuture<'_, Result<Token, TokenError>>;

    /// Zoho rejected `rejected` as invalid or expired: forget it, so that the next
    /// [`TokenSource::token`] gets a new one if it can.
    fn invalidate<'a>(&'a self, rejected: &'a AccessToken) -> BoxFuture<'a, ()> {
        let _ = rejected;
        Box::pin(async {})
    }

    /// The secrets besides the access token that a server might echo (a refresh token, a
    /// client secret): the client scrubs them, and the access token it sent, out of the
    /// errors it returns. None by default.
    fn secrets(&self) -> Vec<&str> {
        Vec::new()
    }
}

/// A fixed access token (from a self-client, say).
#[derive(Clone, Debug)]
pub struct StaticToken {
    token: Token,
}

impl StaticToken {
    /// This token.
    pub fn new(access_token: impl Into<AccessToken>) -> Self {
        StaticToken { token: Token::new(access_token.into()) }
    }

    /// The scopes the token was granted, for the client's scope check.
    pub fn with_scopes(mut self, scopes: GrantedScopes) -> Self {
        self.token.scopes = Some(scopes);
        self
    }

    /// The API domain of the token's organization.
    pub fn with_api_domain(mut self, api_domain: BaseUrl) -> Self {
        self.token.api_domain = Some(api_domain);
        self
    }
}

impl TokenSource for StaticToken {
    fn token(&self) -> BoxFuture<'_, Result<Token, TokenError>> {
        let token = self.token.clone();
        Box::pin(async move { Ok(token) })
    }
}

/// What the OAuth refresh flow needs. Secrets are redacted in `Debug`.
#[derive(Clone, Debug)]
pub struct OAuthCredentials {
    accounts_url: BaseUrl,
    client_id: String,
    client_secret: Secret,
    refresh_token: Secret,
    scopes: Option<GrantedScopes>,
    root_certificates: Vec<RootCertificate>,
}

impl OAuthCredentials {
    /// Credentials for the OAuth server at `accounts_url` (a data centre's accounts
    /// domain, e.g. `https://accounts.zoho.eu`).
    pub fn new(
        accounts_url: BaseUrl,
        client_id: impl Into<String>,
        client_secret: impl Into<Secret>,
        refresh_token: impl Into<Secret>,
    ) -> Self {
        OAuthCredentials {
            accounts_url,
            client_id: client_id.into(),
            client_secret: client_secret.into(),
            refresh_token: refresh_token.into(),
            scopes: None,
            root_certificates: Vec::new(),
        }
    }

    /// The scopes the refresh token was granted (Zoho's token answer does not say), for the
    /// client's scope check.
    pub fn with_scopes(mut self, scopes: GrantedScopes) -> Self {
        self.scopes = Some(scopes);
        self
    }

    /// Trust `certificate` as a certificate authority for the accounts server's `https`,
    /// besides the public roots: when it is reached through a company proxy that
    /// inspects TLS, or is a private test server. The API client trusts its own list
    /// ([`super::HttpClientBuilder::add_root_certificate`]).
    pub fn with_root_certificate(mut self, certificate: RootCertificate) -> Self {
        self.root_certificates.push(certificate);
        self
    }

    /// Trust each of `certificates` (a bundle); see
    /// [`OAuthCredentials::with_root_certificate`].
    pub fn with_root_certificates(mut self, certificates: impl IntoIterator<Item = RootCertificate>) -> Self {
        self.root_certificates.extend(certificates);
        self
    }
}

/// Zoho's OAuth refresh flow: `POST {accounts}/oauth/v2/token` with
/// `grant_type=refresh_token`.
///
/// A token is refreshed when it is missing, rejected by Zoho, or within the margin of its
/// expiry (60 seconds by default). One refresh runs at a time: requests that need a token
/// meanwhile wait for it, however many they are.
///
/// The token is kept in a [`TokenStore`]: this process's memory by default. Processes
/// that share a store (Redis, with the `redis` feature) share the token, and one of them
/// refreshes for all. When Zoho refuses refreshes for too many tokens ("Access Denied"),
/// no refresh is tried for the refusal wait (10 minutes by default, Zoho's window).
///
/// The refresh token and client secret go to the accounts URL only: over `https` (or to a
/// loopback address, unless [`RefreshingToken::allow_insecure_http`]), never following a
/// redirect, and an answer longer than 64 KiB is not read; each of these is a
/// [`TokenError::Trust`].
#[derive(Debug)]
pub struct RefreshingToken {
    credentials: OAuthCredentials,
    http: reqwest::Client,
    allow_insecure_http: bool,
    margin: Duration,
    min_lifetime: Duration,
    current: Mutex<Option<Token>>,
    refreshes: AtomicU64,
    store: Arc<dyn TokenStore>,
    lock_ttl: Duration,
    refusals: Refusals,
}

impl RefreshingToken {
    /// A source that refreshes with `credentials` (fails only if no HTTP client can be made).
    pub fn new(credentials: OAuthCredentials) -> Result<Self, TransportError> {
        let http =
            reqwest::Client::builder().timeout(Duration::from_secs(30)).redirect(reqwest::redirect::Policy::none());
        let http = super::certificate::trusting(http, &credentials.root_certificates)
            .and_then(reqwest::ClientBuilder::build)
            .map_err(TransportError::from_reqwest)?;
        Ok(RefreshingToken {
            credentials,
            http,
            allow_insecure_http: false,
            margin: Duration::from_secs(60),
            min_lifetime: DEFAULT_MIN_LIFETIME,
            current: Mutex::new(None),
            refreshes: AtomicU64::new(0),
            store: Arc::new(MemoryStore::new()),
            lock_ttl: Duration::from_secs(30),
            refusals: Refusals::new(Duration::from_secs(600)),
        })
    }

    /// Keep the token in `store` (see [`TokenStore`]) instead of this process's memory.
    pub fn store(self, store: impl TokenStore + 'static) -> Self {
        self.shared_store(Arc::new(store))
    }

    /// Keep the token in a store shared with other token sources.
    pub fn shared_store(mut self, store: Arc<dyn TokenStore>) -> Self {
        self.store = store;
        self
    }

    /// How long the store's right to refresh lasts (default 30 s): longer than a refresh
    /// takes; if its holder dies, the others wait this long before one refreshes instead.
    pub fn refresh_lock(mut self, ttl: Duration) -> Self {
        self.lock_ttl = ttl;
        self
    }

    /// How long to stop refreshing after Zoho refused a refresh for too many tokens
    /// (default 10 minutes, Zoho's window).
    pub fn refusal_wait(mut self, wait: Duration) -> Self {
        self.refusals = Refusals::new(wait);
        self
    }

    /// Refresh this long before the token expires.
    pub fn refresh_margin(mut self, margin: Duration) -> Self {
        self.margin = margin;
        self
    }

    /// The least time a token is used before it is refreshed, whatever its answer says
    /// (default 5 minutes): a token is taken to live at least the refresh margin plus this,
    /// so that an `expires_in` of 0 (or within the margin) does not make every call refresh
    /// and spend Zoho's 10 tokens per 10 minutes. A token Zoho finds expired sooner is
    /// renewed as any rejected token is.
    pub fn min_token_lifetime(mut self, lifetime: Duration) -> Self {
        self.min_lifetime = lifetime;
        self
    }

    /// Whether to send the credentials over plain `http` to an accounts URL that is not a
    /// loopback address (default off: the refresh fails with
    /// [`super::TrustError::InsecureUrl`] before anything is sent).
    pub fn allow_insecure_http(mut self, allow: bool) -> Self {
        self.allow_insecure_http = allow;
        self
    }

    /// How many refreshes this source has made.
    pub fn refresh_count(&self) -> u64 {
        self.refreshes.load(Ordering::Relaxed)
    }

    async fn refresh(&self) -> Result<Token, TokenError> {
        self.refreshes.fetch_add(1, Ordering::Relaxed);
        let credentials = &self.credentials;
        trust::check_base_url(&credentials.accounts_url, self.allow_insecure_http).map_err(TokenError::Trust)?;
        let body = form_encode(&[
            ("refresh_token", credentials.refresh_token.expose_secret()),
            ("client_id", &credentials.client_id),
            ("client_secret", credentials.client_secret.expose_secret()),
            ("grant_type", "refresh_token"),
        ]);
        let url = format!("{}/oauth/v2/token", credentials.accounts_url);
        let transport = |error| TokenError::Transport(TransportError::from_reqwest(error));
        let mut answer = self
            .http
            .post(url)
            .header(reqwest::header::CONTENT_TYPE, "application/x-www-form-urlencoded")
            .body(body)
            .send()
            .await
            .map_err(transport)?;
        trust::refuse_redirect(&answer).map_err(TokenError::Trust)?;
        let status = answer.status().as_u16();
        let bytes = trust::read_body(&mut answer, TOKEN_ANSWER_LIMIT).await?;
        let floor = self.margin.saturating_add(self.min_lifetime);
        parse_token_answer(status, &bytes, floor, &self.credentials).map_err(|error| self.refusals.read(error))
    }
}

impl TokenSource for RefreshingToken {
    fn token(&self) -> BoxFuture<'_, Result<Token, TokenError>> {
        Box::pin(async move {
            let mut current = self.current.lock().await;
            if let Some(token) = current.as_ref().filter(|token| token.is_fresh(self.margin)) {
                return Ok(token.clone());
            }
            if let Some(wait) = self.refusals.left() {
                return Err(TokenError::TooManyRefreshes { retry_after: wait });
            }
            let settings =
                Coordination { lock_ttl: self.lock_ttl, poll: Duration::from_millis(20), margin: self.margin };
            let outcome = coordinate::shared_or_refreshed(&*self.store, settings, || self.refresh()).await;
            if let Err(TokenError::TooManyRefreshes { retry_after }) = &outcome {
                self.refusals.hold(*retry_after);
            }
            let mut token = outcome?;
            token.scopes = self.credentials.scopes.clone();
            *current = Some(token.clone());
            Ok(token)
        })
    }

    fn invalidate<'a>(&'a self, rejected: &'a AccessToken) -> BoxFuture<'a, ()> {
        Box::pin(async move {
            let mut current = self.current.lock().await;
            if current.as_ref().is_some_and(|token| token.access_token == *rejected) {
                *current = None;
            }
            // Unreachable, the store keeps the token until the others find it rejected too.
            let _ = self.store.discard(rejected).await;
        })
    }

    fn secrets(&self) -> Vec<&str> {
        vec![self.credentials.refresh_token.expose_secret(), self.credentials.client_secret.expose_secret()]
    }
}

/// The longest a token is taken to live, whatever the answer says (Zoho's live an hour).
const MAX_TOKEN_LIFETIME: Duration = Duration::from_secs(24 * 60 * 60);

/// The default of [`RefreshingToken::min_token_lifetime`].
const DEFAULT_MIN_LIFETIME: Duration = Duration::from_secs(5 * 60);

/// The longest token answer read: a real one is a few hundred bytes.
const TOKEN_ANSWER_LIMIT: usize = 64 << 10;

/// Whether `token` can be sent as `Authorization: Zoho-oauthtoken {token}`: not empty,
/// and only the characters of an OAuth bearer token (RFC 6750's `b64token`: letters,
/// digits, `-._~+/=`). Anything else (a line break, a space, a control character) would
/// fail every call that sends it, or split its header.
pub(crate) fn is_sendable_token(token: &str) -> bool {
    !token.is_empty() && token.bytes().all(|b| b.is_ascii_alphanumeric() || b"-._~+/=".contains(&b))
}

/// Reads the OAuth server's answer. `expires_in` is in seconds, except in older answers
/// that also carry `expires_in_sec`, where `expires_in` is in milliseconds. Errors the
/// server names have the credentials' secrets scrubbed out of them.
fn parse_token_answer(
    status: u16,
    body: &[u8],
    floor: Duration,
    credentials: &OAuthCredentials,
) -> Result<Token, TokenError> {
    let malformed = |reason: &str| TokenError::Malformed { status, reason: reason.to_owned() };
    let answer: Value = serde_json::from_slice(body).map_err(|_| malformed("it is not JSON"))?;
    if let Some(error) = answer.get("error") {
        let error = error.as_str().map_or_else(|| error.to_string(), str::to_owned);
        let secrets = [credentials.refresh_token.expose_secret(), credentials.client_secret.expose_secret()];
        return Err(TokenError::Rejected { status, error: crate::client::scrub::scrub(&error, &secrets) });
    }
    if !(200..300).contains(&status) {
        return Err(malformed("an error status without an `error` key"));
    }
    let access_token =
        answer.get("access_token").and_then(Value::as_str).ok_or_else(|| malformed("no `access_token`"))?;
    // Refused here, a bad token is never cached, stored nor shared with a fleet.
    if !is_sendable_token(access_token) {
        let reason = if access_token.is_empty() {
            "the `access_token` is empty"
        } else {
            "the `access_token` holds characters a token cannot have (a line break, a space, a control character)"
        };
        return Err(TokenError::UnusableToken { status, reason });
    }
    let api_domain = match answer.get("api_domain").and_then(Value::as_str) {
        Some(domain) => Some(BaseUrl::parse(domain).map_err(|_| malformed("`api_domain` is not a URL"))?),
        None => None,
    };
    let expires_in = answer.get("expires_in_sec").or_else(|| answer.get("expires_in"));
    let mut token = Token::new(AccessToken::new(access_token));
    token.api_domain = api_domain;
    token.expires_at = Instant::now().checked_add(lifetime(expires_in, floor));
    Ok(token)
}

/// How long a token is taken to live, from its answer's `expires_in` (or `expires_in_sec`):
/// one rule for every form it comes in.
///
/// - A number of seconds, integer or not, or a string holding one (`3600`, `3600.5`,
///   `"3600"`), is read as such.
/// - Anything else (missing, negative, not a number, `"abc"`, `null`) cannot be trusted,
///   and the token is used for the shortest lifetime below rather than refused or kept
///   for ever.
/// - The result is kept between `floor` (the refresh margin plus the least useful
///   lifetime, so that a token is never refreshed on every call) and a day (so that no
///   answer makes a token live for ever).
fn lifetime(expires_in: Option<&Value>, floor: Duration) -> Duration {
    let floor = floor.min(MAX_TOKEN_LIFETIME);
    let seconds = match expires_in {
        Some(Value::Number(number)) => number.as_f64(),
        Some(Value::String(text)) => text.trim().parse::<f64>().ok(),
        _ => None,
    };
    match seconds.filter(|seconds| seconds.is_finite() && *seconds >= 0.0) {
        // Clamped before it becomes a `Duration`, so that no value can overflow one.
        Some(seconds) => Duration::from_secs_f64(seconds.min(MAX_TOKEN_LIFETIME.as_secs_f64())).max(floor),
        None => floor,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample_credentials() -> OAuthCredentials {
        OAuthCredentials::new(BaseUrl::trusted("https://accounts.zoho.com"), "1000.CLIENT", "secret", "1000.refresh")
    }

    /// The floor of a source with the default margin and least lifetime.
    fn default_floor() -> Duration {
        Duration::from_secs(60) + DEFAULT_MIN_LIFETIME
    }

    fn parse(status: u16, body: &[u8]) -> Result<Token, TokenError> {
        parse_token_answer(status, body, default_floor(), &sample_credentials())
    }

    /// How long a token of this answer is taken to live, to within a second.
    fn lifetime_of(body: &str) -> Duration {
        let token = parse(200, body.as_bytes()).unwrap();
        let left = token.expires_at.expect("every token expires") - Instant::now();
        Duration::from_secs(left.as_secs_f64().round() as u64)
    }

    #[test]
    fn access_tokens_that_cannot_be_sent_are_refused() {
        // As JSON writes them: a line break, a space, a NUL, a non-ASCII letter, quotes.
        for hostile in ["", r"1000.a\r\nX-Evil: 1", r"1000.a\n", "1000 a", r"1000.\u0000", "1000.é", r#"\"quoted\""#] {
            let body = format!(r#"{{"access_token":"{hostile}","expires_in":3600}}"#);
            match parse(200, body.as_bytes()) {
                Err(error @ TokenError::UnusableToken { status: 200, .. }) => {
                    assert!(!error.to_string().contains("X-Evil"), "{error}");
                }
                other => panic!("{hostile:?}: expected UnusableToken, got {other:?}"),
            }
        }
        for usable in ["1000.0123abcdef.fedcba", "ya29.a0-_~+/=="] {
            let body = format!(r#"{{"access_token":"{usable}","expires_in":3600}}"#);
            assert_eq!(parse(200, body.as_bytes()).unwrap().access_token.expose_secret(), usable);
        }
    }

    #[test]
    fn every_form_of_expires_in_meets_one_rule() {
        let floor = default_floor();
        let day = MAX_TOKEN_LIFETIME;
        let hour = Duration::from_secs(3600);
        for (expires_in, expected) in [
            ("3600", hour),
            ("3600.4", hour),
            (r#""3600""#, hour),
            (r#"" 3600 ""#, hour),
            ("1e300", day),
            (r#""1e300""#, day),
            ("18446744073709551615", day),
            ("0", floor),
            ("1", floor),
            ("-1", floor),
            ("-1e300", floor),
            (r#""abc""#, floor),
            (r#""NaN""#, floor),
            (r#""inf""#, floor),
            ("null", floor),
            ("true", floor),
            ("[3600]", floor),
        ] {
            let current = format!(r#"{{"access_token":"1000.a","expires_in":{expires_in}}}"#);
            assert_eq!(lifetime_of(&current), expected, "expires_in: {expires_in}");
            let older = format!(r#"{{"access_token":"1000.a","expires_in":3600000,"expires_in_sec":{expires_in}}}"#);
            assert_eq!(lifetime_of(&older), expected, "expires_in_sec: {expires_in}");
        }
        assert_eq!(lifetime_of(r#"{"access_token":"1000.a"}"#), floor, "no expiry is not for ever");
        let token = parse(200, br#"{"access_token":"1000.a","expires_in":0}"#).unwrap();
        assert!(token.is_fresh(Duration::from_secs(60)), "a token of no lifetime is not refreshed on every call");
        let tiny = parse_token_answer(
            200,
            br#"{"access_token":"1000.a","expires_in":0}"#,
            Duration::MAX,
            &sample_credentials(),
        );
        assert!(tiny.unwrap().expires_at.is_some(), "a huge floor is capped too");
    }

    #[test]
    fn oauth_errors_that_echo_the_credentials_are_scrubbed() {
        let body = br#"{"error":"invalid refresh token 1000.refresh for client secret secret"}"#;
        match parse(400, body) {
            Err(TokenError::Rejected { error, .. }) => {
                assert_eq!(error, "invalid refresh token *** for client *** ***");
            }
            other => panic!("expected Rejected, got {other:?}"),
        }
    }

    #[test]
    fn token_answers_are_read_in_both_formats() {
        let current = parse(200, br#"{"access_token":"1000.a","expires_in":3600,"api_domain":"https://www.zohoapis.eu","token_type":"Bearer"}"#).unwrap();
        assert_eq!(current.access_token.expose_secret(), "1000.a");
        assert_eq!(current.api_domain.unwrap().as_str(), "https://www.zohoapis.eu");
        let left = current.expires_at.unwrap() - Instant::now();
        assert!(left > Duration::from_secs(3590) && left <= Duration::from_secs(3600));
        let older = parse(200, br#"{"access_token":"1000.b","expires_in":3600000,"expires_in_sec":3600}"#).unwrap();
        assert!(
            older.expires_at.unwrap() - Instant::now() <= Duration::from_secs(3600),
            "milliseconds are not read as seconds"
        );
    }

    #[test]
    fn huge_lifetimes_and_margins_do_not_overflow() {
        let answer = parse(200, br#"{"access_token":"1000.a","expires_in":18446744073709551615}"#).unwrap();
        let left = answer.expires_at.unwrap() - Instant::now();
        assert!(left <= MAX_TOKEN_LIFETIME, "capped at a day: {left:?}");
        assert!(answer.is_fresh(Duration::from_secs(60)));
        assert!(!answer.is_fresh(Duration::MAX), "no token is fresh for ever");
    }

    #[test]
    fn refusals_and_garbage_are_errors_that_leak_nothing() {
        let refused = parse(400, br#"{"error":"invalid_code"}"#).unwrap_err();
        assert_eq!(refused.to_string(), "the OAuth server refused the refresh (HTTP 400): invalid_code");
        let garbage = parse(200, br#"{"access_token_typo":"1000.secret"}"#).unwrap_err();
        assert!(!garbage.to_string().contains("1000.secret"));
        assert!(parse(502, b"<html>").is_err());
    }

    #[test]
    fn access_denied_is_the_refresh_limit() {
        let source = RefreshingToken::new(OAuthCredentials::new(
            BaseUrl::trusted("https://accounts.zoho.com"),
            "1000.CLIENT",
            "secret",
            "1000.refresh",
        ))
        .unwrap()
        .refusal_wait(Duration::from_secs(90));
        let body = br#"{"error_description":"You have made too many requests continuously. Please try again after some time.","error":"Access Denied","status":"failure"}"#;
        let refused = source.refusals.read(parse(200, body).unwrap_err());
        assert!(
            matches!(refused, TokenError::TooManyRefreshes { retry_after } if retry_after == Duration::from_secs(90))
        );
        let other = source.refusals.read(parse(200, br#"{"error":"invalid_code"}"#).unwrap_err());
        assert!(matches!(other, TokenError::Rejected { .. }));
    }

    #[test]
    fn credentials_never_print_their_secrets() {
        let credentials = OAuthCredentials::new(
            BaseUrl::trusted("https://accounts.zoho.com"),
            "1000.CLIENT",
            "client-secret-value",
            "1000.refresh-value",
        );
        let printed = format!("{credentials:?} {:?}", RefreshingToken::new(credentials.clone()).unwrap());
        assert!(!printed.contains("client-secret-value") && !printed.contains("refresh-value"), "{printed}");
        assert!(printed.contains("1000.CLIENT"), "the client ID is not a secret");
    }
}
