//! An async HTTP client for generated operations, on `reqwest` with rustls: tokens,
//! timeouts, retries and the scope check, around the transport-neutral core.
//!
//! Generated code binds each operation to an endpoint as an [`Exchange`]; the
//! generated `Client` wraps an [`HttpClient`] and offers one fluent call per operation.

mod bound;
mod certificate;
mod coordinate;
mod error;
#[cfg(feature = "redis")]
mod fleet;
mod limit;
mod pages;
mod retry;
mod scrub;
mod store;
mod token;
mod trust;

use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;
use std::time::{Duration, Instant};

pub use bound::Bound;
pub use certificate::{CertificateError, RootCertificate};
pub use error::{Error, TokenError, TransportError, TransportErrorKind, TrustError};
#[cfg(feature = "redis")]
pub use fleet::RedisFleet;
pub use limit::{ConcurrencyLimit, Edition};
pub use pages::{Items, Pages};
pub use retry::RetryPolicy;
pub use store::{Fence, FileStore, MemoryStore, StoreError, StoredToken, TokenStore};
pub use token::{OAuthCredentials, RefreshingToken, StaticToken, Token, TokenSource};

use tracing::Instrument as _;

use crate::http::{HeaderMap, Method, Request, StatusCode};
use crate::{
    AccessToken, BaseUrl, BuildError, ResponseError, ScopeRequirement, ServiceError, UnexpectedReason,
    UnexpectedResponse,
};

/// A boxed future that can move between threads.
pub type BoxFuture<'a, T> = Pin<Box<dyn Future<Output = T> + Send + 'a>>;

/// One request and the reading of its answer, as the client needs them.
///
/// Generated code does not implement this trait: it implements [`Operation`](crate::Operation),
/// which knows nothing of where a request goes. [`Bound`] joins an operation to its
/// [`Endpoint`](crate::Endpoint) and is the one implementation the client sends. The two
/// are apart because the client's loop (tokens, the scope check, trust checks, retries)
/// needs a request that already knows its endpoint and can swap its base URL for a
/// token's `api_domain`, and nothing of the version or error enums' associated items that
/// [`Operation`](crate::Operation) carries; a test can also send a hand-made exchange
/// through the real client.
pub trait Exchange: Sync {
    /// The typed answer.
    type Output: Send;
    /// The spec's error enum.
    type Error: ServiceError;

    /// The operation's name, for messages.
    fn name(&self) -> &'static str;

    /// Whether sending it twice has the effect of sending it once.
    fn idempotent(&self) -> bool;

    /// The scopes that allow it.
    fn required_scopes(&self) -> ScopeRequirement;

    /// The base URL the client is configured for (an `api_domain` from a token answer
    /// must be of its family to replace it).
    fn configured_base_url(&self) -> &BaseUrl;

    /// The HTTP request with this token; `api_domain`, when given, replaces the base URL.
    fn to_http(&self, token: &AccessToken, api_domain: Option<&BaseUrl>) -> Result<Request<Vec<u8>>, BuildError>;

    /// The HTTP method and the path as the spec writes it (`{placeholders}` unfilled), for
    /// traces: they name the operation without the IDs a path carries.
    fn route(&self) -> (Method, &'static str);

    /// Reads the answer.
    fn parse_response(
        &self,
        status: StatusCode,
        headers: &HeaderMap,
        body: &[u8],
    ) -> Result<Self::Output, ResponseError<Self::Error>>;
}

/// The HTTP side of a client: connection pool, tokens, timeouts, retries. Cheap to clone.
#[derive(Clone, Debug)]
pub struct HttpClient {
    inner: Arc<Inner>,
}

#[derive(Debug)]
struct Inner {
    http: reqwest::Client,
    tokens: Arc<dyn TokenSource>,
    retry: RetryPolicy,
    check_scopes: bool,
    honour_api_domain: bool,
    limiter: Option<limit::Limiter>,
    allow_insecure_http: bool,
    max_body_bytes: usize,
}

/// The longest answer body a client reads unless told otherwise: 4 MiB.
pub const DEFAULT_MAX_BODY_BYTES: usize = 4 << 20;

/// Configures an [`HttpClient`].
#[derive(Debug)]
pub struct HttpClientBuilder {
    tokens: Arc<dyn TokenSource>,
    timeout: Duration,
    connect_timeout: Duration,
    user_agent: String,
    retry: RetryPolicy,
    check_scopes: bool,
    honour_api_domain: bool,
    limit: Option<ConcurrencyLimit>,
    allow_insecure_http: bool,
    max_body_bytes: usize,
    root_certificates: Vec<RootCertificate>,
}

impl HttpClient {
    /// A builder with `tokens` as the source of access tokens.
    pub fn builder(tokens: impl TokenSource + 'static) -> HttpClientBuilder {
        HttpClientBuilder::from_shared(Arc::new(tokens))
    }

    /// The source of access tokens.
    pub fn tokens(&self) -> &Arc<dyn TokenSource> {
        &self.inner.tokens
    }

    /// Sends an exchange: gets a token, checks scopes, sends, reads the answer, and retries
    /// as the policy allows.
    ///
    /// A token Zoho rejects (`INVALID_TOKEN`) is renewed once and the request sent again,
    /// unless the source gives the same token back (a [`StaticToken`]). Redirects are
    /// followed only within the request's origin; one to another origin fails with
    /// [`TrustError::Redirect`].
    pub async fn execute<X: Exchange>(&self, exchange: &X) -> Result<X::Output, Error<X::Error>> {
        let (method, path) = exchange.route();
        let span = tracing::info_span!("zoho_call", operation = exchange.name(), method = %method, path);
        let (started, mut attempts) = (Instant::now(), 0);
        let outcome = self.attempts(exchange, &mut attempts).instrument(span.clone()).await;
        let result = outcome.as_ref().map_or_else(Error::kind_name, |_| "ok");
        let elapsed_ms = millis(started.elapsed());
        span.in_scope(|| tracing::debug!(attempts, outcome = result, elapsed_ms, "call finished"));
        outcome
    }

    /// The loop of [`execute`](Self::execute), inside its span.
    /// `attempt` counts the tries made.
    async fn attempts<X: Exchange>(&self, exchange: &X, attempt: &mut u32) -> Result<X::Output, Error<X::Error>> {
        let started = Instant::now();
        let mut renewed_token = false;
        let mut rejected: Option<(AccessToken, Error<X::Error>)> = None;
        loop {
            *attempt += 1;
            let attempt = *attempt;
            let token = self.inner.tokens.token().await.map_err(Error::Token)?;
            // A source that cannot renew (a fixed token) gives the rejected token again:
            // sending it again would only be rejected again.
            if let Some((rejected_token, error)) = rejected.take() {
                if rejected_token == token.access_token {
                    tracing::debug!("the token source gave the rejected token back; not sent again");
                    return Err(error);
                }
            }
            self.check_scopes(exchange, &token)?;
            let inner = &self.inner;
            let request = trust::trusted_request(exchange, &token, inner.honour_api_domain, inner.allow_insecure_http)?;
            let sent = Instant::now();
            let error = match self.send_within_limit(request).await {
                Ok((status, headers, body)) => {
                    tracing::debug!(attempt, status = status.as_u16(), elapsed_ms = millis(sent.elapsed()), "answer");
                    match exchange.parse_response(status, &headers, &body) {
                        Ok(output) => return Ok(output),
                        Err(error) => self.scrubbed(exchange, &token, status, &headers, &body, error),
                    }
                }
                Err(Error::Trust(TrustError::Redirect { target })) => {
                    Error::Trust(TrustError::Redirect { target: scrub::scrub(&target, &self.secrets(&token)) })
                }
                Err(error) => error,
            };
            // A rejected token is renewed once: the request was refused before it was
            // carried out, so this is safe for any method.
            if let Error::Api(api) = &error {
                if api.renews_token() && !renewed_token {
                    tracing::info!(attempt, "Zoho rejected the access token; renewing it once");
                    renewed_token = true;
                    self.inner.tokens.invalidate(&token.access_token).await;
                    rejected = Some((token.access_token, error));
                    continue;
                }
            }
            let wait =
                self.inner.retry.next_wait(&error, attempt, started.elapsed(), exchange.idempotent(), fastrand::f64());
            match wait {
                Some(wait) => {
                    tracing::info!(attempt, error = error.kind_name(), wait_ms = millis(wait), "retrying");
                    tokio::time::sleep(wait).await
                }
                None => return Err(error),
            }
        }
    }

    /// The secrets a server's answer must not carry into an error: the access token sent
    /// and the source's own.
    fn secrets<'a>(&'a self, token: &'a Token) -> Vec<&'a str> {
        let mut secrets = self.inner.tokens.secrets();
        secrets.push(token.access_token.expose_secret());
        secrets
    }

    /// The error of an answer that could not be used, read again from its body with the
    /// secrets scrubbed out when it echoes any (in a message, in details, anywhere in the
    /// raw body an error keeps).
    fn scrubbed<X: Exchange>(
        &self,
        exchange: &X,
        token: &Token,
        status: StatusCode,
        headers: &HeaderMap,
        body: &[u8],
        error: ResponseError<X::Error>,
    ) -> Error<X::Error> {
        let Some(clean) = scrub::scrub_body(body, &self.secrets(token)) else {
            return match error {
                ResponseError::Api(error) => Error::Api(error),
                ResponseError::Unexpected(answer) => Error::Unexpected(answer),
            };
        };
        match exchange.parse_response(status, headers, &clean) {
            Err(ResponseError::Api(error)) => Error::Api(error),
            Err(ResponseError::Unexpected(answer)) => Error::Unexpected(answer),
            // Scrubbing made an error answer readable: it is still not one to trust.
            Ok(_) => {
                let reason = UnexpectedReason::Shape("an error answer that echoed a secret".to_owned());
                Error::Unexpected(UnexpectedResponse::new(status, headers, &clean, reason))
            }
        }
    }

    fn check_scopes<X: Exchange>(&self, exchange: &X, token: &Token) -> Result<(), Error<X::Error>> {
        let Some(granted) = token.scopes.as_ref().filter(|_| self.inner.check_scopes) else { return Ok(()) };
        let required = exchange.required_scopes();
        if required.is_met_by(granted) {
            Ok(())
        } else {
            Err(Error::MissingScope { operation: exchange.name(), required, granted: granted.clone() })
        }
    }

    async fn send_once<E>(&self, request: Request<Vec<u8>>) -> Result<(StatusCode, HeaderMap, Vec<u8>), Error<E>> {
        let request = reqwest::Request::try_from(request).map_err(trust::from_reqwest)?;
        let mut answer = self.inner.http.execute(request).await.map_err(trust::from_reqwest)?;
        let (status, headers) = (answer.status(), answer.headers().clone());
        let body = trust::read_body(&mut answer, self.inner.max_body_bytes).await?;
        Ok((status, headers, body))
    }
}

impl HttpClientBuilder {
    fn from_shared(tokens: Arc<dyn TokenSource>) -> Self {
        HttpClientBuilder {
            tokens,
            timeout: Duration::from_secs(30),
            connect_timeout: Duration::from_secs(10),
            user_agent: concat!("zoho-share-records/", env!("CARGO_PKG_VERSION")).to_owned(),
            retry: RetryPolicy::default(),
            check_scopes: true,
            honour_api_domain: true,
            limit: None,
            allow_insecure_http: false,
            max_body_bytes: DEFAULT_MAX_BODY_BYTES,
            root_certificates: Vec::new(),
        }
    }

    /// At most this many calls under way at once (default: no limit), e.g.
    /// `ConcurrencyLimit::edition(Edition::Standard)`; see [`ConcurrencyLimit`].
    pub fn concurrency_limit(mut self, limit: ConcurrencyLimit) -> Self {
        self.limit = Some(limit);
        self
    }

    /// A builder sharing a token source with other clients.
    pub fn with_shared_tokens(tokens: Arc<dyn TokenSource>) -> Self {
        HttpClientBuilder::from_shared(tokens)
    }

    /// The longest a request may take, answer included (default 30 s). A client that
    /// downloads large files (bulk results, backups) needs longer: the whole body must
    /// arrive within it. It holds for every call of the client, and a fleet's
    /// concurrency slot is leased for as long, so large downloads are best made by a
    /// client of their own.
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = timeout;
        self
    }

    /// The longest connecting may take (default 10 s).
    pub fn connect_timeout(mut self, timeout: Duration) -> Self {
        self.connect_timeout = timeout;
        self
    }

    /// The `User-Agent` header (default `zoho-share-records/<version>`).
    pub fn user_agent(mut self, user_agent: impl Into<String>) -> Self {
        self.user_agent = user_agent.into();
        self
    }

    /// How to retry (see [`RetryPolicy`]).
    pub fn retry(mut self, policy: RetryPolicy) -> Self {
        self.retry = policy;
        self
    }

    /// Whether to refuse, before sending, a request whose scopes the token lacks, when
    /// the token's scopes are known (default on).
    pub fn check_scopes(mut self, check: bool) -> Self {
        self.check_scopes = check;
        self
    }

    /// Whether to send requests to the API domain the token answer names, instead of the
    /// endpoint's base URL (default on, as Zoho asks).
    ///
    /// An API domain is followed only when it is `https` and a Zoho API host of the
    /// configured base URL's family (`https://*.zohoapis.eu` for an EU endpoint), or, for
    /// a loopback base URL (a test server), another loopback address. Any other makes the
    /// call fail with [`TrustError::UntrustedApiDomain`] before anything is sent; turn
    /// this off to keep calls at the configured base URL (behind a proxy, say).
    pub fn honour_api_domain(mut self, honour: bool) -> Self {
        self.honour_api_domain = honour;
        self
    }

    /// Whether to send requests over plain `http` to hosts that are not loopback
    /// addresses (default off: such a call fails with [`TrustError::InsecureUrl`] before
    /// anything is sent, since the token would travel in clear). `http` to `localhost`,
    /// `127.0.0.0/8` or `::1` is always allowed.
    pub fn allow_insecure_http(mut self, allow: bool) -> Self {
        self.allow_insecure_http = allow;
        self
    }

    /// Trust `certificate` as a certificate authority for `https`, besides the public
    /// roots, which stay trusted: for a company proxy that inspects TLS with its own CA,
    /// or a private test server. Certificates are still checked against the host name.
    ///
    /// This covers API calls only: a [`RefreshingToken`] makes its own connections, and
    /// takes the same certificate with [`OAuthCredentials::with_root_certificate`].
    ///
    /// ```
    /// # use zoho_crm_runtime::client::{HttpClient, RootCertificate, StaticToken};
    /// # fn build(pem: &[u8]) -> Result<HttpClient, Box<dyn std::error::Error>> {
    /// let proxy_ca = RootCertificate::from_pem(pem)?;
    /// let http = HttpClient::builder(StaticToken::new("1000.token")).add_root_certificate(proxy_ca).build()?;
    /// # Ok(http)
    /// # }
    /// ```
    pub fn add_root_certificate(mut self, certificate: RootCertificate) -> Self {
        self.root_certificates.push(certificate);
        self
    }

    /// Trust each of `certificates` (a bundle, from [`RootCertificate::from_pem_bundle`]);
    /// see [`HttpClientBuilder::add_root_certificate`].
    pub fn add_root_certificates(mut self, certificates: impl IntoIterator<Item = RootCertificate>) -> Self {
        self.root_certificates.extend(certificates);
        self
    }

    /// The longest answer body to read, in bytes (default [`DEFAULT_MAX_BODY_BYTES`]).
    /// A longer answer is abandoned as soon as that is known, with
    /// [`TrustError::BodyTooLarge`], and not retried.
    pub fn max_body_bytes(mut self, limit: usize) -> Self {
        self.max_body_bytes = limit;
        self
    }

    /// The client. A setting that cannot be sent (a `user_agent` with a line break or
    /// another character a header cannot carry) fails here, with a
    /// [`TransportErrorKind::Configuration`] error that names it.
    pub fn build(self) -> Result<HttpClient, TransportError> {
        if reqwest::header::HeaderValue::from_str(&self.user_agent).is_err() {
            return Err(TransportError::configuration(
                "user_agent",
                "it holds a character a header value cannot carry (a line break or another control character, or one that is not ASCII)",
            ));
        }
        let http = reqwest::Client::builder()
            .timeout(self.timeout)
            .connect_timeout(self.connect_timeout)
            .user_agent(self.user_agent)
            .redirect(trust::api_redirects());
        let http = certificate::trusting(http, &self.root_certificates)
            .and_then(reqwest::ClientBuilder::build)
            .map_err(TransportError::from_reqwest)?;
        // A fleet lease outlives any call, so that only a dead process's slots expire.
        let lease = self.timeout + Duration::from_secs(5);
        let inner = Inner {
            http,
            tokens: self.tokens,
            retry: self.retry,
            check_scopes: self.check_scopes,
            honour_api_domain: self.honour_api_domain,
            limiter: self.limit.map(|limit| limit::Limiter::new(limit, lease)),
            allow_insecure_http: self.allow_insecure_http,
            max_body_bytes: self.max_body_bytes,
        };
        Ok(HttpClient { inner: Arc::new(inner) })
    }
}

/// A duration in whole milliseconds, for traces.
pub(super) fn millis(duration: Duration) -> u64 {
    u64::try_from(duration.as_millis()).unwrap_or(u64::MAX)
}
