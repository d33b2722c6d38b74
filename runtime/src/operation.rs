//! The trait every generated request type implements.

use http::{HeaderMap, Method, Request, StatusCode};

use crate::build_error::{BuildError, FieldPath};
use crate::decode::response::ResponseError;
use crate::endpoint::{Endpoint, Version};
use crate::errors::{DocumentedError, ErrorEnum};
use crate::scope::ScopeRequirement;
use crate::secret::AccessToken;
use crate::url::UrlBuilder;
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
    let version = operation.version().unwrap_or(endpoint.version());
    operation.check(&FieldPath::ROOT, Some(version))?;
    Ok((version, UrlBuilder::new(endpoint.base_url())))
}

/// A request body as the JSON that `version` expects.
pub fn json_body<V: Copy, T: ToWire<V>>(body: &T, version: V) -> Result<Vec<u8>, BuildError> {
    serde_json::to_vec(&body.to_wire(version))
        .map_err(|err| BuildError::invalid(&FieldPath::ROOT, format!("cannot encode the body: {err}")))
}
