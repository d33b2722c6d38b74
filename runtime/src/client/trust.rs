//! The client's trust boundaries: where a token may be sent, which API domain a token
//! answer may move calls to, which redirects are followed, and how much of an answer is
//! read.

use std::fmt;

use reqwest::redirect::{Attempt, Policy};

use super::error::{Error, TokenError, TransportError, TrustError};
use super::{Exchange, Token};
use crate::BaseUrl;
use crate::http::{Request, Uri};
use crate::url::{is_loopback_host, zoho_api_family};

/// How many same-origin redirects an API call follows before it takes the redirect as its
/// answer.
const MAX_REDIRECTS: usize = 10;

/// The request for `exchange` with `token`, at the token's API domain when it is honoured
/// and trusted, refused if it would carry the token over plain `http` to a remote host.
pub(super) fn trusted_request<X: Exchange>(
    exchange: &X,
    token: &Token,
    honour_api_domain: bool,
    allow_insecure_http: bool,
) -> Result<Request<Vec<u8>>, Error<X::Error>> {
    let api_domain = token.api_domain.as_ref().filter(|_| honour_api_domain);
    if let Some(api_domain) = api_domain {
        check_api_domain(exchange.configured_base_url(), api_domain).map_err(Error::Trust)?;
    }
    let request = exchange.to_http(&token.access_token, api_domain).map_err(Error::Build)?;
    check_transport(request.uri(), allow_insecure_http).map_err(Error::Trust)?;
    Ok(request)
}

/// Refuses a URL that is plain `http` to a host that is not a loopback address, unless
/// insecure HTTP is allowed.
pub(super) fn check_transport(uri: &Uri, allow_insecure_http: bool) -> Result<(), TrustError> {
    let secure = uri.scheme_str().is_some_and(|scheme| scheme.eq_ignore_ascii_case("https"));
    let loopback = uri.host().is_some_and(is_loopback_host);
    if secure || loopback || allow_insecure_http {
        Ok(())
    } else {
        Err(TrustError::InsecureUrl { url: uri.to_string() })
    }
}

/// [`check_transport`] for a base URL (the accounts server's).
pub(super) fn check_base_url(url: &BaseUrl, allow_insecure_http: bool) -> Result<(), TrustError> {
    if url.is_https() || url.is_loopback() || allow_insecure_http {
        Ok(())
    } else {
        Err(TrustError::InsecureUrl { url: url.as_str().to_owned() })
    }
}

/// Whether calls configured for `configured` may go to `api_domain`: it must be `https`
/// and a Zoho API host of the configured host's family (`*.zohoapis.eu` for
/// `www.zohoapis.eu`), or, when the configured host is a loopback address (a test
/// server), another loopback address.
pub(super) fn check_api_domain(configured: &BaseUrl, api_domain: &BaseUrl) -> Result<(), TrustError> {
    let refuse = |reason| TrustError::UntrustedApiDomain { api_domain: api_domain.as_str().to_owned(), reason };
    let text = api_domain.as_str();
    let uri: Uri = text.parse().map_err(|_| refuse("it is not a URL"))?;
    let host = uri.host().ok_or_else(|| refuse("it has no host"))?;
    // An API domain names a host, nothing more: a path, a query or credentials would
    // move calls somewhere other than the host's API root.
    if uri.authority().is_some_and(|authority| authority.as_str().contains('@')) {
        return Err(refuse("it carries credentials; an API domain is a scheme and a host only"));
    }
    if !matches!(uri.path(), "" | "/") || uri.query().is_some() || text.contains('#') || text.contains('?') {
        return Err(refuse("it has a path, a query or a fragment; an API domain is a scheme and a host only"));
    }
    let configured: Option<Uri> = configured.as_str().parse().ok();
    let configured_host = configured.as_ref().and_then(Uri::host).unwrap_or_default();
    if is_loopback_host(configured_host) {
        return if is_loopback_host(host) {
            Ok(())
        } else {
            Err(refuse("the client is configured for a loopback address, and this is not one"))
        };
    }
    if !api_domain.is_https() {
        return Err(refuse("it is not https"));
    }
    // Zoho's API hosts answer on the default port: another one is not theirs to name.
    if uri.port().is_some() {
        return Err(refuse("it names a port; an API domain is a scheme and a host only"));
    }
    let family = zoho_api_family(host).ok_or_else(|| refuse("it is not a Zoho API host (`*.zohoapis.<domain>`)"))?;
    match zoho_api_family(configured_host) {
        Some(configured_family) if configured_family.eq_ignore_ascii_case(family) => Ok(()),
        Some(_) => Err(refuse("it belongs to another data centre than the configured endpoint")),
        None => Err(refuse("the configured base URL is not a Zoho API host, so no API domain is of its family")),
    }
}

/// The redirect policy of API calls: same-origin redirects are followed (a few), a
/// redirect to another origin is an error that names its target, so that neither the
/// request nor its answer crosses origins.
pub(super) fn api_redirects() -> Policy {
    Policy::custom(|attempt: Attempt<'_>| {
        let leaves_origin = attempt.previous().first().is_some_and(|first| !same_origin(first, attempt.url()));
        if leaves_origin {
            let target = attempt.url().to_string();
            attempt.error(CrossOriginRedirect { target })
        } else if attempt.previous().len() > MAX_REDIRECTS {
            attempt.stop()
        } else {
            attempt.follow()
        }
    })
}

fn same_origin(first: &reqwest::Url, next: &reqwest::Url) -> bool {
    first.scheme() == next.scheme()
        && first.host_str() == next.host_str()
        && first.port_or_known_default() == next.port_or_known_default()
}

/// The reason an API redirect was refused, carried through reqwest's error.
#[derive(Debug)]
struct CrossOriginRedirect {
    target: String,
}

impl fmt::Display for CrossOriginRedirect {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "a redirect to another origin ({})", self.target)
    }
}

impl std::error::Error for CrossOriginRedirect {}

/// A reqwest failure as the client reports it: a refused redirect is a trust error,
/// anything else a transport error.
pub(super) fn from_reqwest<E>(error: reqwest::Error) -> Error<E> {
    let mut cause = std::error::Error::source(&error);
    while let Some(current) = cause {
        if let Some(refused) = current.downcast_ref::<CrossOriginRedirect>() {
            return Error::Trust(TrustError::Redirect { target: refused.target.clone() });
        }
        cause = current.source();
    }
    Error::Transport(TransportError::from_reqwest(error))
}

/// Why an answer's body was not read.
#[derive(Debug)]
pub(super) enum Unread {
    /// It is longer than the limit.
    TooLarge(usize),
    /// The connection failed while reading it.
    Transport(reqwest::Error),
}

impl<E> From<Unread> for Error<E> {
    fn from(unread: Unread) -> Self {
        match unread {
            Unread::TooLarge(limit) => Error::Trust(TrustError::BodyTooLarge { limit }),
            Unread::Transport(error) => Error::Transport(TransportError::from_reqwest(error)),
        }
    }
}

impl From<Unread> for TokenError {
    fn from(unread: Unread) -> Self {
        match unread {
            Unread::TooLarge(limit) => TokenError::Trust(TrustError::BodyTooLarge { limit }),
            Unread::Transport(error) => TokenError::Transport(TransportError::from_reqwest(error)),
        }
    }
}

/// Reads an answer's body chunk by chunk, and stops as soon as it is known to be longer
/// than `limit` bytes (at once when its `Content-Length` says so).
pub(super) async fn read_body(answer: &mut reqwest::Response, limit: usize) -> Result<Vec<u8>, Unread> {
    let declared = answer.content_length().map(|length| usize::try_from(length).unwrap_or(usize::MAX));
    if declared.is_some_and(|length| length > limit) {
        return Err(Unread::TooLarge(limit));
    }
    // The declared length is the server's word: room is made for at most 1 MiB of it.
    let mut body = Vec::with_capacity(declared.unwrap_or(0).min(1 << 20));
    while let Some(chunk) = answer.chunk().await.map_err(Unread::Transport)? {
        if chunk.len() > limit - body.len() {
            return Err(Unread::TooLarge(limit));
        }
        body.extend_from_slice(&chunk);
    }
    Ok(body)
}

/// Refuses an answer of the OAuth endpoint that is a redirect: the refresh token and the
/// client secret go to the accounts URL and nowhere else.
pub(super) fn refuse_redirect(answer: &reqwest::Response) -> Result<(), TrustError> {
    if !answer.status().is_redirection() {
        return Ok(());
    }
    let location = answer.headers().get(reqwest::header::LOCATION);
    let target = location
        .map_or_else(|| "(no location)".to_owned(), |value| String::from_utf8_lossy(value.as_bytes()).into_owned());
    Err(TrustError::Redirect { target })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn uri(text: &str) -> Uri {
        text.parse().unwrap()
    }

    fn domain(text: &str) -> BaseUrl {
        BaseUrl::parse(text).unwrap()
    }

    #[test]
    fn api_domains_must_be_https_zoho_hosts_of_the_configured_family() {
        let eu = domain("https://www.zohoapis.eu");
        for trusted in ["https://www.zohoapis.eu", "https://sandbox.zohoapis.eu", "https://WWW.ZOHOAPIS.EU"] {
            assert_eq!(check_api_domain(&eu, &domain(trusted)), Ok(()), "{trusted}");
        }
        for untrusted in [
            "http://www.zohoapis.eu",
            "https://www.zohoapis.com",
            "https://www.zohoapis.com.au",
            "https://evil.example.net",
            "https://zohoapis.eu.evil.example",
            "https://www.evilzohoapis.eu",
            "https://127.0.0.1:8080",
        ] {
            assert!(
                matches!(check_api_domain(&eu, &domain(untrusted)), Err(TrustError::UntrustedApiDomain { .. })),
                "{untrusted}"
            );
        }
        let au = domain("https://www.zohoapis.com.au");
        assert_eq!(check_api_domain(&au, &domain("https://www.zohoapis.com.au")), Ok(()));
        assert!(check_api_domain(&au, &domain("https://www.zohoapis.com")).is_err());
        let proxy = domain("https://crm-proxy.example.com/zoho");
        assert!(check_api_domain(&proxy, &domain("https://www.zohoapis.com")).is_err());
    }

    #[test]
    fn api_domains_are_a_scheme_and_a_host_only() {
        let com = domain("https://www.zohoapis.com");
        for trusted in ["https://www.zohoapis.com", "https://www.zohoapis.com/"] {
            assert_eq!(check_api_domain(&com, &BaseUrl::trusted(trusted)), Ok(()), "{trusted}");
        }
        for hostile in [
            "https://www.zohoapis.com:8443",
            "https://www.zohoapis.com:443",
            "https://www.zohoapis.com/evil/path",
            "https://www.zohoapis.com/crm",
            "https://user@www.zohoapis.com",
            "https://user:pass@www.zohoapis.com",
            "https://www.zohoapis.com?x=1",
            "https://www.zohoapis.com/?x=1",
            "https://www.zohoapis.com#fragment",
        ] {
            // `trusted` keeps the text as it is, as a token answer's might be in a store.
            match check_api_domain(&com, &BaseUrl::trusted(hostile)) {
                Err(TrustError::UntrustedApiDomain { api_domain, .. }) => assert_eq!(api_domain, hostile),
                other => panic!("{hostile}: expected UntrustedApiDomain, got {other:?}"),
            }
        }
        let test_server = domain("http://127.0.0.1:9");
        assert_eq!(check_api_domain(&test_server, &domain("http://127.0.0.1:40000")), Ok(()), "a test server's port");
        assert!(check_api_domain(&test_server, &domain("http://127.0.0.1:40000/evil/path")).is_err());
    }

    #[test]
    fn loopback_endpoints_accept_only_loopback_api_domains() {
        let test_server = domain("http://127.0.0.1:9");
        assert_eq!(check_api_domain(&test_server, &domain("http://127.0.0.1:40000")), Ok(()));
        assert_eq!(check_api_domain(&test_server, &domain("http://localhost:40000")), Ok(()));
        assert!(check_api_domain(&test_server, &domain("http://evil.example.net")).is_err());
        assert!(check_api_domain(&test_server, &domain("https://www.zohoapis.com")).is_err());
    }

    #[test]
    fn plain_http_is_for_loopback_or_by_choice() {
        assert_eq!(check_transport(&uri("https://www.zohoapis.com/a"), false), Ok(()));
        assert_eq!(check_transport(&uri("http://127.0.0.1:1/a"), false), Ok(()));
        assert_eq!(check_transport(&uri("http://[::1]:1/a"), false), Ok(()));
        assert_eq!(
            check_transport(&uri("http://www.zohoapis.com/a"), false),
            Err(TrustError::InsecureUrl { url: "http://www.zohoapis.com/a".to_owned() })
        );
        assert_eq!(check_transport(&uri("http://www.zohoapis.com/a"), true), Ok(()));
        assert!(check_base_url(&domain("http://accounts.zoho.eu"), false).is_err());
        assert!(check_base_url(&domain("https://accounts.zoho.eu"), false).is_ok());
        assert!(check_base_url(&domain("http://localhost:8080"), false).is_ok());
    }
}
