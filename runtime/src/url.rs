//! Base URLs, request URLs with percent-encoding, and the assembled `http::Request`.

use std::borrow::Cow;
use std::fmt::{self, Write as _};

use http::header::{AUTHORIZATION, CONTENT_TYPE, HeaderName, HeaderValue};

use super::build_error::{BuildError, BuildErrorKind, FieldPath};
use super::endpoint::Endpoint;
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

/// The family of a Zoho API host: its name from the `zohoapis` label on, e.g.
/// `zohoapis.com.au` for `www.zohoapis.com.au`. The label must be followed by one or two
/// labels (a country or generic domain), so `zohoapis.com.evil.example` has no family.
pub(crate) fn zoho_api_family(host: &str) -> Option<&str> {
    let labels: Vec<&str> = host.split('.').collect();
    let position = labels.iter().position(|label| label.eq_ignore_ascii_case("zohoapis"))?;
    let suffix = &labels[position + 1..];
    let plausible = matches!(suffix.len(), 1 | 2)
        && suffix.iter().all(|label| !label.is_empty() && label.bytes().all(|b| b.is_ascii_alphabetic()));
    if !plausible {
        return None;
    }
    let start = labels[..position].iter().map(|label| label.len() + 1).sum::<usize>();
    host.get(start..)
}

/// An origin: scheme and host in lower case, and the port (the scheme's default when the
/// URL names none).
#[derive(Clone, Debug, PartialEq, Eq)]
struct Origin {
    scheme: String,
    host: String,
    port: u16,
}

impl Origin {
    /// The origin of an absolute `http` or `https` URL without credentials.
    fn of(uri: &http::Uri) -> Option<Origin> {
        let scheme = uri.scheme_str()?.to_ascii_lowercase();
        let default_port = match scheme.as_str() {
            "http" => 80,
            "https" => 443,
            _ => return None,
        };
        let authority = uri.authority()?;
        if authority.as_str().contains('@') || authority.host().is_empty() {
            return None;
        }
        let port = match authority.port() {
            Some(port) => port.as_u16(),
            None => default_port,
        };
        Some(Origin { scheme, host: authority.host().to_ascii_lowercase(), port })
    }

    fn of_base(base: &BaseUrl) -> Option<Origin> {
        Origin::of(&base.as_str().parse().ok()?)
    }
}

impl fmt::Display for Origin {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}://{}", self.scheme, self.host)?;
        match (self.scheme.as_str(), self.port) {
            ("http", 80) | ("https", 443) => Ok(()),
            (_, port) => write!(f, ":{port}"),
        }
    }
}

/// `base` with the first label of its host replaced by `label`, when its host is a Zoho
/// API host with a label before `zohoapis` (`https://www.zohoapis.com` becomes
/// `https://content.zohoapis.com`); `None` for any other base URL.
pub(crate) fn on_zoho_host(base: &BaseUrl, label: &str) -> Option<String> {
    let text = base.as_str();
    let uri: http::Uri = text.parse().ok()?;
    let authority = uri.authority()?;
    // `BaseUrl::parse` refuses credentials, but `BaseUrl::trusted` takes any text, and the
    // host is cut out of the text below.
    if authority.as_str().contains('@') {
        return None;
    }
    let host = authority.host();
    let family = zoho_api_family(host)?;
    let (_, after_first) = host.split_once('.')?;
    if after_first.len() < family.len() {
        // The host is the family itself (`zohoapis.com`): it has no label to replace.
        return None;
    }
    let host_at = text.find("://")? + 3;
    let rest = text.get(host_at + host.len()..)?;
    Some(format!("{}{label}.{after_first}{rest}", text.get(..host_at)?))
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

    /// Starts at `url`, a URL given as a parameter (a `download_url` an earlier answer
    /// gave), after checking that the access token may go there; `field` names the
    /// parameter in errors.
    ///
    /// Accepted, with path and query kept as given (already encoded):
    /// - a path starting with `/` (not `//`), resolved against the origin (scheme, host
    ///   and port, not the path) of the endpoint's base URL;
    /// - an absolute URL with the origin of the endpoint's base URL (hosts compared
    ///   ignoring case, a scheme's default port the same as none);
    /// - when the endpoint's host is a Zoho API host, an `https` URL without a port to a
    ///   host of its `zohoapis` family (`content.zohoapis.com` for `www.zohoapis.com`);
    /// - an absolute URL with the origin of the endpoint's download domain, if that is
    ///   `https` or a loopback address (a test server).
    ///
    /// Anything else is refused as [`Invalid`](BuildErrorKind::Invalid) at `field`: other
    /// hosts, credentials in the URL, a fragment, a scheme other than `http` and `https`,
    /// plain `http` except to the endpoint's own origin or a loopback download domain,
    /// characters a URI cannot hold, and an empty string.
    pub fn given<V>(endpoint: &Endpoint<V>, url: &str, field: &FieldPath<'_>) -> Result<UrlBuilder, BuildError> {
        let own = Origin::of_base(endpoint.base_url());
        let family = own.as_ref().and_then(|origin| zoho_api_family(&origin.host)).map(str::to_owned);
        let download = endpoint.download_domain().and_then(Origin::of_base);
        let refuse = |why: &str| {
            let mut allowed: Vec<String> = own.iter().map(ToString::to_string).collect();
            allowed.extend(family.iter().map(|family| format!("https://*.{family}")));
            allowed.extend(download.iter().map(ToString::to_string));
            let allowed = if allowed.is_empty() { "none".to_owned() } else { allowed.join(", ") };
            BuildError::invalid(
                field,
                format!(
                    "is not a URL the request may go to: {why}. The access token is only sent to the endpoint's \
                     hosts: {allowed}"
                ),
            )
        };
        if url.is_empty() {
            return Err(refuse("it is empty"));
        }
        if url.contains('#') {
            return Err(refuse("it has a fragment"));
        }
        if url.contains('\\') {
            return Err(refuse("it has a backslash"));
        }
        // RFC 3986's characters only: `http` lets some others (non-ASCII bytes) through.
        let is_uri_byte = |byte: u8| byte.is_ascii_alphanumeric() || b"-._~:/?[]@!$&'()*+,;=%".contains(&byte);
        if !url.bytes().all(is_uri_byte) {
            return Err(refuse("it has characters a URL cannot hold"));
        }
        let has_query = url.contains('?');
        if url.starts_with('/') {
            if url.starts_with("//") {
                return Err(refuse("it starts with `//`, which names another host"));
            }
            url.parse::<http::uri::PathAndQuery>().map_err(|_| refuse("it has characters a URL cannot hold"))?;
            let own = own.as_ref().ok_or_else(|| refuse("the endpoint's base URL has no origin"))?;
            return Ok(UrlBuilder { url: format!("{own}{url}"), has_query });
        }
        let uri: http::Uri = url.parse().map_err(|_| refuse("it is not a valid absolute URL"))?;
        if !matches!(uri.scheme_str().map(str::to_ascii_lowercase).as_deref(), Some("http" | "https")) {
            return Err(refuse("its scheme is not http or https"));
        }
        if uri.authority().is_some_and(|authority| authority.as_str().contains('@')) {
            return Err(refuse("it carries credentials"));
        }
        let origin = Origin::of(&uri).ok_or_else(|| refuse("it has no host"))?;
        let kept = UrlBuilder { url: url.to_owned(), has_query };
        let secure_download = origin.scheme == "https" || is_loopback_host(&origin.host);
        if own.as_ref() == Some(&origin) || (download.as_ref() == Some(&origin) && secure_download) {
            return Ok(kept);
        }
        if origin.scheme != "https" {
            return Err(refuse("it is plain http to a host other than the endpoint's"));
        }
        if let Some(family) = &family {
            if zoho_api_family(&origin.host).is_some_and(|other| other.eq_ignore_ascii_case(family)) {
                return if uri.port().is_none() { Ok(kept) } else { Err(refuse("it names a port")) };
            }
        }
        Err(refuse("it points to another host"))
    }

    /// Starts at a URL `on_zoho_host` made from a base URL.
    pub(crate) fn at(url: String) -> Self {
        let has_query = url.contains('?');
        UrlBuilder { url, has_query }
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
    let body = json_body.map(|body| (HeaderValue::from_static("application/json"), body));
    request_with_body(method, url, auth_header, auth_scheme, token, body)
}

/// [`build_request`] with any body: its `Content-Type` and bytes, if it has one.
pub(crate) fn request_with_body(
    method: http::Method,
    url: String,
    auth_header: &'static str,
    auth_scheme: &'static str,
    token: &AccessToken,
    body: Option<(HeaderValue, Vec<u8>)>,
) -> Result<http::Request<Vec<u8>>, BuildError> {
    let token_field = FieldPath::ROOT.field("access_token");
    let header_name = header_name(auth_header)
        .ok_or_else(|| BuildError::invalid(&FieldPath::ROOT.field("auth_header"), "is not a valid header name"))?;
    let mut auth_value = HeaderValue::try_from(format!("{auth_scheme} {}", token.expose_secret()))
        .map_err(|_| BuildError::invalid(&token_field, "contains characters that cannot appear in an HTTP header"))?;
    auth_value.set_sensitive(true);
    let mut builder = http::Request::builder().method(method).uri(url).header(header_name, auth_value);
    let body = match body {
        Some((content_type, body)) => {
            builder = builder.header(CONTENT_TYPE, content_type);
            body
        }
        None => Vec::new(),
    };
    builder.body(body).map_err(|err| {
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

    use crate::endpoint::fixtures::{Ver, us};

    fn given(endpoint: &Endpoint<Ver>, url: &str) -> Result<String, BuildError> {
        UrlBuilder::given(endpoint, url, &FieldPath::ROOT.field("download_url")).map(UrlBuilder::finish)
    }

    #[test]
    fn given_urls_may_go_to_the_endpoints_hosts() {
        let endpoint = us();
        for (url, expected) in [
            ("/crm/bulk/v8/read/1/result", "https://www.zohoapis.com/crm/bulk/v8/read/1/result"),
            ("/x?a=1&b=%20", "https://www.zohoapis.com/x?a=1&b=%20"),
            ("https://www.zohoapis.com/x", "https://www.zohoapis.com/x"),
            ("https://WWW.ZOHOAPIS.COM/x", "https://WWW.ZOHOAPIS.COM/x"),
            ("https://www.zohoapis.com:443/x", "https://www.zohoapis.com:443/x"),
            ("https://content.zohoapis.com/crm/v8/upload", "https://content.zohoapis.com/crm/v8/upload"),
            (
                "https://download-accl.zoho.com/v2/crm/123/bulk-write/456/456.zip",
                "https://download-accl.zoho.com/v2/crm/123/bulk-write/456/456.zip",
            ),
            ("https://Download-Accl.Zoho.com:443/a", "https://Download-Accl.Zoho.com:443/a"),
            ("HTTPS://www.zohoapis.com/x", "HTTPS://www.zohoapis.com/x"),
        ] {
            assert_eq!(given(&endpoint, url).as_deref(), Ok(expected), "{url}");
        }
    }

    #[test]
    fn given_urls_elsewhere_are_refused() {
        let endpoint = us();
        for url in [
            "",
            "https://download-accl.zoho.com.evil.example/x",
            "https://www.zohoapis.com@evil.example/",
            "https://user:pass@www.zohoapis.com/x",
            "https://evil.example/?https://www.zohoapis.com",
            "//evil.example/x",
            "/\\evil.example/x",
            "https://www.zohoapis.eu/x",
            "https://www.zohoapis.com.evil.example/x",
            "http://download-accl.zoho.com/x",
            "http://www.zohoapis.com/x",
            "http://content.zohoapis.com/x",
            "https://download-accl.zoho.com:8443/x",
            "https://content.zohoapis.com:8443/x",
            "https://content.zohoapis.com:443/x",
            "https://www.zohoapis.com/x#fragment",
            "ftp://www.zohoapis.com/x",
            "javascript:alert(1)",
            "www.zohoapis.com/x",
            "x",
            "/x y",
            "/é",
            "https://www.zohoapis.com/x\r\nHost: evil",
            "https://download.zoho.com/x",
        ] {
            let err = given(&endpoint, url).unwrap_err();
            assert_eq!((err.kind(), err.field()), (BuildErrorKind::Invalid, "download_url"), "{url}");
            assert!(err.message().contains("only sent to the endpoint's hosts"), "{url}: {err}");
        }
        let err = given(&endpoint, "https://evil.example/x").unwrap_err();
        assert!(
            err.message().ends_with("https://www.zohoapis.com, https://*.zohoapis.com, https://download-accl.zoho.com"),
            "{err}"
        );
    }

    #[test]
    fn test_servers_take_given_urls_on_their_own_origin() {
        let server = Endpoint::<Ver>::with_base_url(BaseUrl::parse("http://127.0.0.1:8080/proxy").unwrap());
        assert_eq!(given(&server, "/crm/x").unwrap(), "http://127.0.0.1:8080/crm/x");
        assert_eq!(given(&server, "http://127.0.0.1:8080/y").unwrap(), "http://127.0.0.1:8080/y");
        assert!(given(&server, "http://127.0.0.1:8081/y").is_err());
        assert!(given(&server, "https://127.0.0.1:8080/y").is_err());
        assert!(given(&server, "https://content.zohoapis.com/y").is_err());
        assert!(given(&server, "http://127.0.0.1:9000/file").is_err());
        let server = server.with_download_domain(BaseUrl::parse("http://127.0.0.1:9000").unwrap());
        assert_eq!(given(&server, "http://127.0.0.1:9000/file").unwrap(), "http://127.0.0.1:9000/file");
        let remote_plain = Endpoint::<Ver>::with_base_url(BaseUrl::parse("https://proxy.example").unwrap())
            .with_download_domain(BaseUrl::parse("http://files.example").unwrap());
        assert!(given(&remote_plain, "http://files.example/a").is_err());
        let err = given(
            &Endpoint::<Ver>::with_base_url(BaseUrl::parse("https://proxy.example").unwrap()),
            "https://x.example/",
        )
        .unwrap_err();
        assert!(err.message().ends_with("hosts: https://proxy.example"), "{err}");
    }

    #[test]
    fn queries_continue_a_given_url() {
        let mut url = UrlBuilder::given(&us(), "/crm/bulk/v8/read/1/result?page=2", &FieldPath::ROOT).unwrap();
        url.query("x", "1");
        assert_eq!(url.finish(), "https://www.zohoapis.com/crm/bulk/v8/read/1/result?page=2&x=1");
        let mut url = UrlBuilder::given(&us(), "https://download-accl.zoho.com/a.zip", &FieldPath::ROOT).unwrap();
        url.query("x", "1");
        assert_eq!(url.finish(), "https://download-accl.zoho.com/a.zip?x=1");
    }

    #[test]
    fn zoho_api_families_are_recognised() {
        assert_eq!(zoho_api_family("www.zohoapis.com.au"), Some("zohoapis.com.au"));
        assert_eq!(zoho_api_family("content.ZohoApis.eu"), Some("ZohoApis.eu"));
        for other in
            ["zohoapis.com.evil.example", "www.evilzohoapis.eu", "www.zohoapis", "www.zohoapis.c0m", "127.0.0.1"]
        {
            assert_eq!(zoho_api_family(other), None, "{other}");
        }
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
