//! Base URLs, request URLs with percent-encoding, and the assembled `http::Request`.

use std::borrow::Cow;
use std::fmt::{self, Write as _};

use http::header::{AUTHORIZATION, CONTENT_TYPE, HeaderName, HeaderValue};

use super::build_error::{BuildError, BuildErrorKind, FieldPath};
use super::secret::AccessToken;

/// Where the API lives: a data centre's API domain, or an explicit URL for sandboxes,
/// proxies and tests, e.g. `http://127.0.0.1:8080`.
///
/// It is `http` or `https`, has a host, may have a path prefix, and has no query, fragment
/// or trailing slash. The async client sends tokens over plain `http` only to loopback
/// addresses ([`BaseUrl::is_loopback`]) unless it is told to allow insecure HTTP.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct BaseUrl(Cow<'static, str>);

/// Why a text is not a usable base URL.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BaseUrlError {
    input: String,
    reason: &'static str,
}

impl fmt::Display for BaseUrlError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "invalid base URL {:?}: {}", self.input, self.reason)
    }
}

impl std::error::Error for BaseUrlError {}

impl BaseUrl {
    /// Checks and keeps `url`; a trailing slash is dropped.
    pub fn parse(url: &str) -> Result<Self, BaseUrlError> {
        let fail = |reason| BaseUrlError { input: url.to_owned(), reason };
        let trimmed = url.trim_end_matches('/');
        let uri: http::Uri = trimmed.parse().map_err(|_| fail("it is not a valid absolute URL"))?;
        match uri.scheme_str() {
            Some("http" | "https") => {}
            _ => return Err(fail("the scheme must be http or https")),
        }
        let authority = uri.authority().ok_or_else(|| fail("it has no host"))?;
        if authority.host().is_empty() {
            return Err(fail("it has no host"));
        }
        if authority.as_str().contains('@') {
            return Err(fail("credentials do not belong in the URL"));
        }
        if uri.query().is_some() || trimmed.contains('#') {
            return Err(fail("it must not have a query or a fragment"));
        }
        Ok(BaseUrl(Cow::Owned(trimmed.to_owned())))
    }

    /// A base URL the generator has already checked; for generated code.
    #[doc(hidden)]
    pub const fn trusted(url: &'static str) -> Self {
        BaseUrl(Cow::Borrowed(url))
    }

    /// The URL, without a trailing slash.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// Whether the URL is `https`.
    pub fn is_https(&self) -> bool {
        self.0.get(..8).is_some_and(|scheme| scheme.eq_ignore_ascii_case("https://"))
    }

    /// Whether the host is a loopback address (`localhost`, `127.0.0.0/8` or `::1`): a
    /// test server or a local proxy, which the client may reach over plain `http`.
    pub fn is_loopback(&self) -> bool {
        self.0.parse::<http::Uri>().ok().as_ref().and_then(http::Uri::host).is_some_and(is_loopback_host)
    }
}

/// Whether `host`, as a URL writes it (IPv6 in brackets), is a loopback address:
/// `localhost`, `127.0.0.0/8`, `::1` or `::ffff:127.0.0.0/104`. Other spellings
/// (`127.1`, `0x7f.0.0.1`, `*.localhost`) are not recognised, so they count as remote.
pub(crate) fn is_loopback_host(host: &str) -> bool {
    let bare = host.strip_prefix('[').and_then(|host| host.strip_suffix(']')).unwrap_or(host);
    if bare.eq_ignore_ascii_case("localhost") {
        return true;
    }
    match bare.parse::<std::net::IpAddr>() {
        Ok(std::net::IpAddr::V4(address)) => address.is_loopback(),
        Ok(std::net::IpAddr::V6(address)) => {
            address.is_loopback() || address.to_ipv4_mapped().is_some_and(|mapped| mapped.is_loopback())
        }
        Err(_) => false,
    }
}

impl fmt::Display for BaseUrl {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::str::FromStr for BaseUrl {
    type Err = BaseUrlError;

    fn from_str(url: &str) -> Result<Self, Self::Err> {
        BaseUrl::parse(url)
    }
}

/// Builds a request URL: literal parts from the template, percent-encoded values.
#[derive(Debug)]
pub struct UrlBuilder {
    url: String,
    has_query: bool,
}

impl UrlBuilder {
    /// Starts at `base`.
    pub fn new(base: &BaseUrl) -> Self {
        let mut url = String::with_capacity(base.as_str().len() + 96);
        url.push_str(base.as_str());
        UrlBuilder { url, has_query: false }
    }

    /// Appends a literal part of the URL template as it is.
    pub fn literal(&mut self, text: &str) {
        self.url.push_str(text);
    }

    /// Appends a value as one percent-encoded path segment.
    pub fn segment(&mut self, value: impl fmt::Display) {
        // Writing to a String cannot fail.
        let _ = write!(PercentEncoder(&mut self.url), "{value}");
    }

    /// Appends `name=value` to the query, percent-encoded.
    pub fn query(&mut self, name: &str, value: impl fmt::Display) {
        self.url.push(if self.has_query { '&' } else { '?' });
        self.has_query = true;
        let _ = PercentEncoder(&mut self.url).write_str(name);
        self.url.push('=');
        let _ = write!(PercentEncoder(&mut self.url), "{value}");
    }

    /// Appends `name=a,b,c` to the query: each item percent-encoded (so a comma inside an
    /// item is `%2C`) and the items joined by plain commas, as Zoho's pages write lists
    /// (`ids=1,2,3`). An empty list appends nothing.
    pub fn query_list<T: fmt::Display>(&mut self, name: &str, items: &[T]) {
        let Some((first, rest)) = items.split_first() else { return };
        self.query(name, first);
        for item in rest {
            self.url.push(',');
            let _ = write!(PercentEncoder(&mut self.url), "{item}");
        }
    }

    /// The finished URL.
    pub fn finish(self) -> String {
        self.url
    }
}

/// Encodes pairs as an `application/x-www-form-urlencoded` body.
pub fn form_encode(pairs: &[(&str, &str)]) -> String {
    let mut body = String::new();
    for (index, (name, value)) in pairs.iter().enumerate() {
        if index > 0 {
            body.push('&');
        }
        // Writing to a String cannot fail.
        let _ = PercentEncoder(&mut body).write_str(name);
        body.push('=');
        let _ = PercentEncoder(&mut body).write_str(value);
    }
    body
}

/// Decodes `%XX` escapes, and `+` as a space, as queries and form bodies carry them (an
/// escape that is not two hex digits stays as it is); the inverse of [`form_encode`].
pub fn form_decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut index = 0;
    while let Some(&byte) = bytes.get(index) {
        let hex = |at: usize| bytes.get(at).and_then(|byte| (*byte as char).to_digit(16));
        match (byte, hex(index + 1), hex(index + 2)) {
            (b'%', Some(high), Some(low)) => {
                // Two hex digits make at most 255.
                out.push(u8::try_from(high * 16 + low).unwrap_or(u8::MAX));
                index += 3;
            }
            (b'+', ..) => {
                out.push(b' ');
                index += 1;
            }
            (byte, ..) => {
                out.push(byte);
                index += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// The decoded `name=value` pairs of a query or form body, in order.
pub fn form_pairs(text: &str) -> Vec<(String, String)> {
    text.split('&')
        .filter(|pair| !pair.is_empty())
        .map(|pair| {
            let (name, value) = pair.split_once('=').unwrap_or((pair, ""));
            (form_decode(name), form_decode(value))
        })
        .collect()
}

/// Percent-encodes everything but RFC 3986's unreserved characters.
struct PercentEncoder<'a>(&'a mut String);

impl fmt::Write for PercentEncoder<'_> {
    fn write_str(&mut self, text: &str) -> fmt::Result {
        const HEX: &[u8; 16] = b"0123456789ABCDEF";
        for byte in text.bytes() {
            if byte.is_ascii_alphanumeric() || matches!(byte, b'-' | b'.' | b'_' | b'~') {
                self.0.push(char::from(byte));
            } else {
                self.0.push('%');
                self.0.push(char::from(HEX[usize::from(byte >> 4)]));
                self.0.push(char::from(HEX[usize::from(byte & 0x0f)]));
            }
        }
        Ok(())
    }
}

/// Assembles the request: method, URL, the authorization header (marked sensitive, so
/// that `http`'s `Debug` hides it) and, when there is one, a JSON body.
pub fn build_request(
    method: http::Method,
    url: String,
    auth_header: &'static str,
    auth_scheme: &'static str,
    token: &AccessToken,
    json_body: Option<Vec<u8>>,
) -> Result<http::Request<Vec<u8>>, BuildError> {
    let token_field = FieldPath::ROOT.field("access_token");
    let header_name = header_name(auth_header)
        .ok_or_else(|| BuildError::invalid(&FieldPath::ROOT.field("auth_header"), "is not a valid header name"))?;
    let mut auth_value = HeaderValue::try_from(format!("{auth_scheme} {}", token.expose_secret()))
        .map_err(|_| BuildError::invalid(&token_field, "contains characters that cannot appear in an HTTP header"))?;
    auth_value.set_sensitive(true);
    let mut builder = http::Request::builder().method(method).uri(url).header(header_name, auth_value);
    if json_body.is_some() {
        builder = builder.header(CONTENT_TYPE, HeaderValue::from_static("application/json"));
    }
    builder.body(json_body.unwrap_or_default()).map_err(|err| {
        BuildError::new(&FieldPath::ROOT, BuildErrorKind::Invalid, format!("cannot form an HTTP request: {err}"))
    })
}

/// The header that carries the token; usually `Authorization`.
fn header_name(name: &str) -> Option<HeaderName> {
    if name.eq_ignore_ascii_case("authorization") {
        Some(AUTHORIZATION)
    } else {
        HeaderName::from_bytes(name.as_bytes()).ok()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn forms_and_queries_are_decoded() {
        assert_eq!(form_decode("a%20b+c%2"), "a b c%2");
        assert_eq!(
            form_pairs("view=summary&sharedTo=1&&x"),
            [("view".into(), "summary".into()), ("sharedTo".into(), "1".into()), ("x".into(), String::new())]
        );
    }

    #[test]
    fn base_urls_are_checked() {
        assert_eq!(BaseUrl::parse("https://www.zohoapis.com/").unwrap().as_str(), "https://www.zohoapis.com");
        assert_eq!(BaseUrl::parse("http://127.0.0.1:8080/proxy").unwrap().as_str(), "http://127.0.0.1:8080/proxy");
        for bad in [
            "",
            "www.zohoapis.com",
            "ftp://x",
            "https://",
            "https://a.com?x=1",
            "https://u:p@a.com",
            "https://a.com/#f",
        ] {
            assert!(BaseUrl::parse(bad).is_err(), "{bad:?} should be rejected");
        }
    }

    #[test]
    fn loopback_hosts_are_recognised() {
        for loopback in [
            "http://127.0.0.1:8080",
            "http://127.255.0.9",
            "http://localhost:1",
            "http://LOCALHOST",
            "http://[::1]:80",
            "http://[::ffff:127.0.0.1]",
        ] {
            assert!(BaseUrl::parse(loopback).unwrap().is_loopback(), "{loopback}");
        }
        for remote in [
            "http://0.0.0.0",
            "http://128.0.0.1",
            "http://127.1",
            "http://localhost.example.com",
            "http://evil.localhost",
            "http://[::2]",
            "https://www.zohoapis.eu",
        ] {
            assert!(!BaseUrl::parse(remote).unwrap().is_loopback(), "{remote}");
        }
        assert!(BaseUrl::parse("HTTPS://www.zohoapis.eu").unwrap().is_https());
        assert!(!BaseUrl::parse("http://www.zohoapis.eu").unwrap().is_https());
    }

    #[test]
    fn lists_are_joined_by_plain_commas() {
        let mut url = UrlBuilder::new(&BaseUrl::trusted("https://x.test"));
        url.query_list("ids", &[1, 2, 3]);
        url.query_list("empty", &[] as &[u8]);
        url.query_list("fields", &["Note_Title", "a,b"]);
        assert_eq!(url.finish(), "https://x.test?ids=1,2,3&fields=Note_Title,a%2Cb");
    }

    #[test]
    fn values_are_percent_encoded() {
        let mut url = UrlBuilder::new(&BaseUrl::trusted("https://x.test"));
        url.literal("/crm/v8/");
        url.segment("Odd Name/é");
        url.query("view", "summary");
        url.query("q", "a&b=c");
        assert_eq!(url.finish(), "https://x.test/crm/v8/Odd%20Name%2F%C3%A9?view=summary&q=a%26b%3Dc");
    }

    #[test]
    fn forms_are_encoded() {
        assert_eq!(form_encode(&[("a", "1 2"), ("b", "x&y=z")]), "a=1%202&b=x%26y%3Dz");
    }

    #[test]
    fn the_token_is_a_sensitive_header() {
        let token = AccessToken::new("1000.abc.def");
        let request = build_request(
            http::Method::GET,
            "https://x.test/a".into(),
            "Authorization",
            "Zoho-oauthtoken",
            &token,
            None,
        )
        .unwrap();
        let value = &request.headers()[AUTHORIZATION];
        assert_eq!(value.to_str().unwrap(), "Zoho-oauthtoken 1000.abc.def");
        assert!(value.is_sensitive());
        assert!(!format!("{request:?}").contains("1000.abc.def"));
        let bad = build_request(
            http::Method::GET,
            "https://x.test/a".into(),
            "Authorization",
            "Zoho-oauthtoken",
            &AccessToken::new("a\nb"),
            None,
        );
        let err = bad.unwrap_err();
        assert_eq!(err.field(), "access_token");
        assert!(!err.to_string().contains("a\nb"));
    }
}
