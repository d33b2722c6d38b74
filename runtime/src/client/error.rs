//! The client's error: what went wrong at which step of a call.

use std::fmt;

use crate::{BuildError, GrantedScopes, PagingError, ScopeRequirement, UnexpectedResponse};

/// Why a call failed. `E` is the spec's error enum (`ApiError`).
#[derive(Debug)]
#[non_exhaustive]
pub enum Error<E> {
    /// The request could not be built: an input is missing or invalid.
    Build(BuildError),
    /// The token's scopes do not allow the request (checked before sending, when the
    /// client knows the scopes and scope checking is on).
    MissingScope {
        /// The operation.
        operation: &'static str,
        /// The scopes that would allow it.
        required: ScopeRequirement,
        /// The scopes the token has.
        granted: GrantedScopes,
    },
    /// No access token could be had.
    Token(TokenError),
    /// The request did not get an answer: connection, TLS, timeout or a body cut off.
    Transport(TransportError),
    /// The answer could not be understood; its status and body are kept.
    Unexpected(UnexpectedResponse),
    /// Zoho answered with an error, documented or not.
    Api(E),
    /// The client refused to cross one of its trust boundaries (a plain-http URL, an
    /// untrusted API domain, a redirect to another origin, an answer past the body limit).
    Trust(TrustError),
    /// A walk over pages stopped because the server would make it loop or go on past its
    /// most pages (`Pages` and `Items`); the pages before it were good.
    Paging(PagingError),
}

impl<E> Error<E> {
    /// The Zoho error, if that is what this is.
    pub fn api_error(&self) -> Option<&E> {
        match self {
            Error::Api(error) => Some(error),
            _ => None,
        }
    }

    /// What kind of failure this is, as one word (`build`, `missing_scope`, `token`,
    /// `transport`, `unexpected`, `api`, `trust`, `paging`): what traces record, since the error's
    /// text may echo what a server was sent.
    pub fn kind_name(&self) -> &'static str {
        match self {
            Error::Build(_) => "build",
            Error::MissingScope { .. } => "missing_scope",
            Error::Token(_) => "token",
            Error::Transport(_) => "transport",
            Error::Unexpected(_) => "unexpected",
            Error::Api(_) => "api",
            Error::Trust(_) => "trust",
            Error::Paging(_) => "paging",
        }
    }

    /// Whether the failure is a timeout.
    pub fn is_timeout(&self) -> bool {
        matches!(self, Error::Transport(transport) if transport.kind() == TransportErrorKind::Timeout)
    }
}

impl<E: fmt::Display> fmt::Display for Error<E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::Build(error) => error.fmt(f),
            Error::MissingScope { operation, required, .. } => {
                write!(f, "the access token lacks the scope for `{operation}`: it needs {required}")
            }
            Error::Token(error) => write!(f, "no access token: {error}"),
            Error::Transport(error) => error.fmt(f),
            Error::Unexpected(answer) => answer.fmt(f),
            Error::Api(error) => write!(f, "Zoho answered {error}"),
            Error::Trust(error) => error.fmt(f),
            Error::Paging(error) => write!(f, "paging stopped: {error}"),
        }
    }
}

impl<E: std::error::Error + 'static> std::error::Error for Error<E> {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            Error::Transport(error) => error.source.as_ref().map(|source| source as &(dyn std::error::Error + 'static)),
            _ => None,
        }
    }
}

/// What kind of transport failure.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum TransportErrorKind {
    /// The connection could not be made (nothing was sent).
    Connect,
    /// No answer in time.
    Timeout,
    /// The connection broke after the request was sent, before an answer came.
    Interrupted,
    /// The answer's body could not be read to its end.
    Body,
    /// The TLS handshake failed: most often the server's certificate is not trusted (an
    /// unknown CA, another host's name, expired). Nothing was sent, and it is not retried:
    /// it would fail the same way. A private CA is trusted with
    /// [`super::HttpClientBuilder::add_root_certificate`].
    Tls,
    /// The client was configured with a value it cannot send (a `user_agent` with a line
    /// break, say): the client is not built. The message names the setting and why.
    Configuration,
    /// Anything else (protocol).
    Other,
}

/// A failure to exchange a request and an answer.
#[derive(Debug)]
pub struct TransportError {
    kind: TransportErrorKind,
    message: String,
    source: Option<reqwest::Error>,
}

impl TransportError {
    pub(crate) fn from_reqwest(error: reqwest::Error) -> Self {
        if let Some(tls) = tls_failure(&error) {
            // reqwest's own message names only the URL; the TLS reason is what to act on.
            let message = format!("{error}: {tls}");
            return TransportError { kind: TransportErrorKind::Tls, message, source: Some(error) };
        }
        let kind = if error.is_timeout() {
            TransportErrorKind::Timeout
        } else if error.is_connect() {
            TransportErrorKind::Connect
        } else if error.is_body() || error.is_decode() {
            TransportErrorKind::Body
        } else if error.is_request() {
            TransportErrorKind::Interrupted
        } else {
            TransportErrorKind::Other
        };
        // reqwest's message names the URL, which holds no secret (the token travels in a header).
        TransportError { kind, message: error.to_string(), source: Some(error) }
    }

    /// A setting of the client builder that cannot be used: `field` and why not.
    pub(crate) fn configuration(field: &str, why: &str) -> Self {
        let message = format!("`{field}` cannot be used: {why}");
        TransportError { kind: TransportErrorKind::Configuration, message, source: None }
    }

    /// What kind of failure.
    pub fn kind(&self) -> TransportErrorKind {
        self.kind
    }
}

impl fmt::Display for TransportError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let what = match self.kind {
            TransportErrorKind::Connect => "cannot connect",
            TransportErrorKind::Timeout => "timed out",
            TransportErrorKind::Interrupted => "the connection broke before an answer came",
            TransportErrorKind::Body => "the answer was cut off",
            TransportErrorKind::Tls => "TLS failed",
            TransportErrorKind::Configuration => "invalid client setting",
            TransportErrorKind::Other => "transport failure",
        };
        write!(f, "{what}: {}", self.message)
    }
}

impl std::error::Error for TransportError {}

/// The TLS error under a reqwest failure, if any. The TLS stack reports it inside
/// `io::Error`s (one in another), whose `source()` skips the error they wrap, so an
/// `io::Error` is looked into rather than past.
fn tls_failure(error: &reqwest::Error) -> Option<&rustls::Error> {
    let mut cause: Option<&(dyn std::error::Error + 'static)> = std::error::Error::source(error);
    while let Some(current) = cause {
        if let Some(tls) = current.downcast_ref::<rustls::Error>() {
            return Some(tls);
        }
        let wrapped = current.downcast_ref::<std::io::Error>().and_then(std::io::Error::get_ref);
        cause = match wrapped {
            Some(inner) => Some(inner as &(dyn std::error::Error + 'static)),
            None => current.source(),
        };
    }
    None
}

/// Why no access token could be had.
#[derive(Debug)]
#[non_exhaustive]
pub enum TokenError {
    /// The OAuth server refused the refresh (e.g. `invalid_code`, `invalid_client`).
    Rejected {
        /// The HTTP status of its answer.
        status: u16,
        /// The error it named.
        error: String,
    },
    /// The OAuth server's answer could not be read.
    Malformed {
        /// The HTTP status of its answer.
        status: u16,
        /// What was wrong (never the answer itself, which may hold a token).
        reason: String,
    },
    /// The OAuth server answered with an access token that cannot be used: empty, or
    /// holding characters no token has (a line break, a space, a control character). It
    /// is not kept, stored nor shared; the next call asks for another.
    UnusableToken {
        /// The HTTP status of its answer.
        status: u16,
        /// What is wrong with the token (never the token itself).
        reason: &'static str,
    },
    /// The OAuth server could not be reached.
    Transport(TransportError),
    /// The OAuth server refuses refreshes for now: too many access tokens were asked for
    /// with this refresh token (Zoho allows 10 in 10 minutes, then answers HTTP 200 with
    /// "Access Denied"). No refresh is tried again until `retry_after` has passed.
    TooManyRefreshes {
        /// How long until a refresh may be tried again.
        retry_after: std::time::Duration,
    },
    /// The refresh would have crossed a trust boundary (a plain-http accounts URL, a
    /// redirect, an answer past the size limit); the credentials were not sent, or the
    /// answer was not read.
    Trust(TrustError),
}

impl fmt::Display for TokenError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            TokenError::Rejected { status, error } => {
                write!(f, "the OAuth server refused the refresh (HTTP {status}): {error}")
            }
            TokenError::Malformed { status, reason } => {
                write!(f, "unreadable answer from the OAuth server (HTTP {status}): {reason}")
            }
            TokenError::UnusableToken { status, reason } => {
                write!(f, "the OAuth server's access token cannot be used (HTTP {status}): {reason}")
            }
            TokenError::Transport(error) => write!(f, "the OAuth server: {error}"),
            TokenError::TooManyRefreshes { retry_after } => write!(
                f,
                "the OAuth server refuses refreshes for too many tokens; next try in {} s",
                retry_after.as_secs_f64().ceil()
            ),
            TokenError::Trust(error) => write!(f, "the OAuth server: {error}"),
        }
    }
}

impl std::error::Error for TokenError {}

/// A trust boundary the client would not cross. Nothing in it is secret: URLs carry no
/// token (it travels in a header).
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum TrustError {
    /// A request (or a token refresh) would have gone over plain `http` to a host that is
    /// not a loopback address, and the client does not allow insecure HTTP.
    InsecureUrl {
        /// The URL it would have gone to.
        url: String,
    },
    /// The token answer named an API domain the client does not trust; nothing was sent
    /// there, and the configured endpoint stays.
    UntrustedApiDomain {
        /// The API domain the token answer named.
        api_domain: String,
        /// Why it is not trusted.
        reason: &'static str,
    },
    /// The server answered with a redirect the client does not follow: any redirect of
    /// the OAuth endpoint, or an API redirect to another origin.
    Redirect {
        /// Where the redirect pointed.
        target: String,
    },
    /// The answer's body is longer than the client reads.
    BodyTooLarge {
        /// The limit, in bytes.
        limit: usize,
    },
}

impl fmt::Display for TrustError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            TrustError::InsecureUrl { url } => write!(
                f,
                "refused to send a secret over plain http to {url}: use https, a loopback address, or allow insecure HTTP on the client"
            ),
            TrustError::UntrustedApiDomain { api_domain, reason } => {
                write!(f, "the token answer names the API domain {api_domain:?}, which is not trusted: {reason}")
            }
            TrustError::Redirect { target } => write!(f, "refused to follow a redirect to {target}"),
            TrustError::BodyTooLarge { limit } => {
                write!(f, "the answer's body is longer than the limit of {limit} bytes")
            }
        }
    }
}

impl std::error::Error for TrustError {}
