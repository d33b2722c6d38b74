//! The trait every generated request type implements.

use http::{HeaderMap, Method, Request, StatusCode};

use crate::build_error::{BuildError, FieldPath};
use crate::decode::response::ResponseError;
use crate::endpoint::{Endpoint, Version};
use crate::errors::{DocumentedError, ErrorEnum};
use crate::scope::ScopeRequirement;
use crate::secret::AccessToken;
use crate::url::{UrlBuilder, on_zoho_host};
use crate::wire::{Check, ToWire};

/// The documented error rows of an error enum `E`.
pub type DocumentedErrors<E> = &'static [DocumentedError<<E as ErrorEnum>::Kind>];

/// A request of an API, built and checked, ready to send.
///
/// It becomes an `http::Request` with [`Operation::to_http`], and the answer is read with
/// [`Operation::parse_response`], so any HTTP library can carry it.
///
/// This is the trait generated code implements: one implementation per operation of the
/// spec, knowing nothing of where the request goes. The async client sends something
/// else, `client::Exchange` (with the `client` feature): an `Operation` bound to the
/// [`Endpoint`] it is sent to (`client::Bound`), which is all the client's retry, token
/// and trust loop asks of a request. Code that carries requests over an HTTP library of
/// its own needs only this trait.
pub trait Operation {
    /// The typed answer.
    type Output;
    /// The API's version enum.
    type Version: Version;
    /// The API's error enum.
    type Error: ErrorEnum;

    /// The operation's name, e.g. `get_shared_record_details`.
    const NAME: &'static str;

    /// Whether sending the request twice has the effect of sending it once, so that it is
    /// safe to retry.
    const IDEMPOTENT: bool;

    /// The errors the documentation lists for the operation.
    const DOCUMENTED_ERRORS: DocumentedErrors<Self::Error>;

    /// The HTTP method.
    const METHOD: Method;

    /// The path after the API's base path, as the spec writes it: `{placeholders}` for
    /// the path parameters, e.g. `/{module_api_name}/{record_id}/actions/share`. Code that
    /// must recognise the operation's URLs (a test server) matches it with
    /// [`match_path`](crate::match_path).
    const PATH: &'static str;

    /// The HTTP method.
    fn method(&self) -> Method {
        Self::METHOD
    }

    /// The API version the request names, if it overrides the endpoint's.
    fn version(&self) -> Option<Self::Version>;

    /// The OAuth scopes that allow the request; any one of them is enough.
    fn required_scopes(&self) -> ScopeRequirement;

    /// The HTTP request: method, URL with percent-encoded query, the token in a header
    /// marked sensitive, and the JSON body. Inputs the request's version does not support
    /// are rejected here.
    fn to_http(&self, endpoint: &Endpoint<Self::Version>, token: &AccessToken) -> Result<Request<Vec<u8>>, BuildError>;

    /// Reads an answer: the typed output, or a typed error (the API's, or an answer that
    /// could not be understood, kept whole).
    fn parse_response(
        &self,
        status: StatusCode,
        headers: &HeaderMap,
        body: &[u8],
    ) -> Result<Self::Output, ResponseError<Self::Error>>;
}

/// The start of every `to_http`: the version the request goes out with (its own, else the
/// endpoint's), the request checked against that version, and a URL builder at the
/// endpoint's base URL.
pub fn begin_request<O>(operation: &O, endpoint: &Endpoint<O::Version>) -> Result<(O::Version, UrlBuilder), BuildError>
where
    O: Operation + Check<O::Version>,
{
    Ok((checked_version(operation, endpoint)?, UrlBuilder::new(endpoint.base_url())))
}

/// The version a request goes out with (its own, else the endpoint's), once the request
/// is checked against it.
fn checked_version<O>(operation: &O, endpoint: &Endpoint<O::Version>) -> Result<O::Version, BuildError>
where
    O: Operation + Check<O::Version>,
{
    let version = operation.version().unwrap_or(endpoint.version());
    operation.check(&FieldPath::ROOT, Some(version))?;
    Ok(version)
}

/// [`begin_request`] for an operation served by another host of the API: when the
/// endpoint's host is a Zoho API host (`www.zohoapis.com`, `sandbox.zohoapis.eu`, …), the
/// URL builder starts at that host with its first label replaced by `host_label` (Zoho's
/// bulk upload goes to `content.zohoapis.com`); any other base URL (a test server, a
/// proxy) is kept as it is. `host_label` must be a DNS label (letters, digits and inner
/// `-`).
pub fn begin_request_on<O>(
    operation: &O,
    endpoint: &Endpoint<O::Version>,
    host_label: &str,
) -> Result<(O::Version, UrlBuilder), BuildError>
where
    O: Operation + Check<O::Version>,
{
    let is_label = (1..=63).contains(&host_label.len())
        && host_label.bytes().all(|byte| byte.is_ascii_alphanumeric() || byte == b'-')
        && !host_label.starts_with('-')
        && !host_label.ends_with('-');
    if !is_label {
        return Err(BuildError::invalid(
            &FieldPath::ROOT,
            format!("cannot go to host label {host_label:?}: it is not a DNS label"),
        ));
    }
    let version = checked_version(operation, endpoint)?;
    match on_zoho_host(endpoint.base_url(), host_label) {
        Some(base) => Ok((version, UrlBuilder::at(base))),
        None => Ok((version, UrlBuilder::new(endpoint.base_url()))),
    }
}

/// [`begin_request`] for an operation whose whole URL is one of its inputs (a bulk job's
/// `download_url`, named by `field`): the URL builder starts at that URL once
/// [`UrlBuilder::given`] has checked it against the endpoint's own hosts.
pub fn begin_request_at<O>(
    operation: &O,
    endpoint: &Endpoint<O::Version>,
    url: &str,
    field: &FieldPath<'_>,
) -> Result<(O::Version, UrlBuilder), BuildError>
where
    O: Operation + Check<O::Version>,
{
    Ok((checked_version(operation, endpoint)?, UrlBuilder::given(endpoint, url, field)?))
}

/// A request body as the JSON that `version` expects.
pub fn json_body<V: Copy, T: ToWire<V>>(body: &T, version: V) -> Result<Vec<u8>, BuildError> {
    serde_json::to_vec(&body.to_wire(version))
        .map_err(|err| BuildError::invalid(&FieldPath::ROOT, format!("cannot encode the body: {err}")))
}

/// Operations of a test API.
#[cfg(test)]
pub(crate) mod fixtures {
    use std::fmt;

    use super::*;
    use crate::endpoint::fixtures::Ver;
    use crate::{ErrorInfo, ErrorKindEnum};

    #[derive(Clone, Copy, Debug)]
    pub(crate) enum Kind {}

    impl ErrorKindEnum for Kind {
        fn is_retryable(self) -> bool {
            match self {}
        }

        fn renews_token(self) -> bool {
            match self {}
        }
    }

    #[derive(Debug)]
    pub(crate) struct Failure(ErrorInfo<()>);

    impl fmt::Display for Failure {
        fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            self.0.fmt(f)
        }
    }

    impl std::error::Error for Failure {}

    impl ErrorEnum for Failure {
        type Kind = Kind;
        type Details = ();
        const FORMAT: crate::ErrorFormat = crate::decode::response::ZOHO_FORMAT;

        fn from_info(info: ErrorInfo<()>) -> Self {
            Failure(info)
        }

        fn kind(&self) -> Option<Kind> {
            None
        }

        fn info(&self) -> &ErrorInfo<()> {
            &self.0
        }
    }

    /// A call of a test API: an upload to the `content` host whose check refuses it when
    /// `refused`, or a download from a URL given as a parameter.
    pub(crate) enum Call {
        Upload { refused: bool },
        Download { url: String },
    }

    impl Check<Ver> for Call {
        fn check(&self, path: &FieldPath<'_>, _version: Option<Ver>) -> Result<(), BuildError> {
            match self {
                Call::Upload { refused: true } => Err(BuildError::missing(&path.field("file"))),
                _ => Ok(()),
            }
        }
    }

    impl Operation for Call {
        type Output = ();
        type Version = Ver;
        type Error = Failure;
        const NAME: &'static str = "call";
        const IDEMPOTENT: bool = false;
        const DOCUMENTED_ERRORS: DocumentedErrors<Failure> = &[];
        const METHOD: Method = Method::POST;
        const PATH: &'static str = "/upload";

        fn version(&self) -> Option<Ver> {
            None
        }

        fn required_scopes(&self) -> ScopeRequirement {
            ScopeRequirement::any_of(Vec::new())
        }

        fn to_http(&self, endpoint: &Endpoint<Ver>, _token: &AccessToken) -> Result<Request<Vec<u8>>, BuildError> {
            let url = match self {
                Call::Upload { .. } => {
                    let (_, mut url) = begin_request_on(self, endpoint, "content")?;
                    url.literal("/crm/v8/upload");
                    url
                }
                Call::Download { url } => {
                    begin_request_at(self, endpoint, url, &FieldPath::ROOT.field("download_url"))?.1
                }
            };
            Request::builder()
                .uri(url.finish())
                .body(Vec::new())
                .map_err(|err| BuildError::invalid(&FieldPath::ROOT, err.to_string()))
        }

        fn parse_response(
            &self,
            _status: StatusCode,
            _headers: &HeaderMap,
            _body: &[u8],
        ) -> Result<(), ResponseError<Failure>> {
            Ok(())
        }
    }
}

#[cfg(test)]
mod tests {
    use super::fixtures::Call;
    use super::*;
    use crate::BaseUrl;
    use crate::endpoint::fixtures::{Ver, us};

    fn url_on(base: &str, label: &str) -> Result<String, BuildError> {
        let endpoint = Endpoint::<Ver>::with_base_url(BaseUrl::parse(base).unwrap());
        begin_request_on(&Call::Upload { refused: false }, &endpoint, label).map(|(_, url)| url.finish())
    }

    #[test]
    fn zoho_hosts_are_relabelled_and_others_kept() {
        for (base, expected) in [
            ("https://www.zohoapis.com", "https://content.zohoapis.com"),
            ("https://sandbox.zohoapis.eu", "https://content.zohoapis.eu"),
            ("https://WWW.ZOHOAPIS.COM.AU", "https://content.ZOHOAPIS.COM.AU"),
            ("https://www.zohoapis.com/prefix", "https://content.zohoapis.com/prefix"),
            ("http://127.0.0.1:8080", "http://127.0.0.1:8080"),
            ("https://crm-proxy.example.com/zoho", "https://crm-proxy.example.com/zoho"),
            ("https://zohoapis.com", "https://zohoapis.com"),
            ("https://www.zohoapis.com.evil.example", "https://www.zohoapis.com.evil.example"),
        ] {
            assert_eq!(url_on(base, "content").unwrap(), expected, "{base}");
        }
        let request = Call::Upload { refused: false }.to_http(&us(), &AccessToken::new("t")).unwrap();
        assert_eq!(request.uri(), "https://content.zohoapis.com/crm/v8/upload");
    }

    #[test]
    fn downloads_go_to_the_given_url_on_the_endpoints_hosts() {
        let token = AccessToken::new("t");
        let download = Call::Download { url: "https://download-accl.zoho.com/v2/crm/1/bulk-write/2/2.zip".to_owned() };
        let request = download.to_http(&us(), &token).unwrap();
        assert_eq!(request.uri(), "https://download-accl.zoho.com/v2/crm/1/bulk-write/2/2.zip");
        let hostile = Call::Download { url: "https://evil.example/2.zip".to_owned() };
        assert_eq!(hostile.to_http(&us(), &token).unwrap_err().field(), "download_url");
    }

    #[test]
    fn relabelled_requests_are_still_checked() {
        let err = begin_request_on(&Call::Upload { refused: true }, &us(), "content").unwrap_err();
        assert_eq!(err.field(), "file");
        for bad in ["", "a.b", "-a", "a-", "a/b", "a b", "évil"] {
            assert!(url_on("https://www.zohoapis.com", bad).is_err(), "{bad:?}");
        }
        assert_eq!(url_on("https://www.zohoapis.com", "x-1").unwrap(), "https://x-1.zohoapis.com");
    }
}
