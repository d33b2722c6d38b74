//! A Zoho-like server on loopback for any client the generator made (the
//! `zoho-crm-mock` crate).
//!
//! [`ZohoMock::start`] reads a spec with the generator's own reader (the same model the
//! client was generated from) and serves its operations on `127.0.0.1` at a port the OS
//! picks:
//!
//! - **routes and methods**: the spec's base path (any of its versions), or the
//!   operation's own base URL when it has one, and each operation's path (an operation
//!   on another host, `host_prefix`, is served on the same address); an operation whose
//!   whole URL is a parameter (`location: url`) at the URLs [`ZohoMock::download_url`]
//!   hands out, `/__files/{operation}/{file}`; an unknown path gets Zoho's
//!   `INVALID_URL_PATTERN` (404), a known path with another method
//!   `INVALID_REQUEST_METHOD`, each as the spec documents it when it does, in the spec's
//!   error format;
//! - **tokens**: the spec's header and scheme; tokens the test registers
//!   ([`ZohoMock::token`]) or the OAuth endpoint issued; a missing one gets
//!   `AUTHENTICATION_FAILURE`, an unknown or expired one `INVALID_TOKEN` (401);
//! - **scopes**: the operation's scopes (its template filled with the module's scope name
//!   from the request's module parameter, and its fixed scopes; any one suffices) against
//!   the token's grant, else `OAUTH_SCOPE_MISMATCH`;
//! - **parameters and bodies**: required query and header parameters present, IDs,
//!   integers, numbers and booleans well-formed, modules known (unsupported ones
//!   refused), a body that is JSON, and the body model's required top-level keys present
//!   for the request's
//!   version (the generated client's own rules, read from the same spec); an operation
//!   with `part` parameters takes a well-formed `multipart/form-data` body of its parts
//!   only, the required ones present, files named and within the part's `max_bytes`
//!   (else the operation's documented `FILE_SIZE_MORE_THAN_ALLOWED_SIZE` or
//!   `FILE_TOO_LARGE` row), lists of files within their limits and text parts
//!   well-formed for their type (handlers read them with [`MockRequest::parts`]); bodies
//!   are read up to 16 MiB, or the spec's largest upload when that is more (1 GiB at
//!   most), and a longer one gets the upload's size error (else a generic 413);
//! - **answers**: a handler the test registered for the operation, raw ([`ZohoMock::on`])
//!   or typed over the generated request type ([`ZohoMock::on_operation`], its output
//!   encoded as the client's models encode it for the request's version); else the
//!   spec's sample answer of success (the request's version's first); else an empty
//!   answer with the operation's first status of success (`application/octet-stream`
//!   when the operation answers bytes);
//! - **documented errors on demand** ([`ZohoMock::fail_next`]), **faults**
//!   ([`ZohoMock::inject`]: 429 with `Retry-After`, 5xx errors and HTML pages, truncated JSON,
//!   answers cut short, slowness, dropped connections), a **request log**
//!   ([`ZohoMock::requests`]), and the **OAuth token endpoint** (`POST /oauth/v2/token`)
//!   with Zoho's limit of 10 access tokens per refresh token in 10 minutes (then HTTP 200
//!   `{"error": "Access Denied"}`).
//!
//! The `zoho-crm-mock` binary serves a spec the same way for tests in other languages:
//! `zoho-crm-mock serve spec/tags.yaml --port 0` prints its URLs and credentials.
//!
//! ```
//! use zoho_crm_mock::{MockAnswer, ZohoMock};
//!
//! # #[tokio::main(flavor = "current_thread")]
//! # async fn main() -> Result<(), Box<dyn std::error::Error>> {
//! # let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../spec/tags.yaml");
//! let mock = ZohoMock::from_file(path).await?; // e.g. "spec/tags.yaml"
//! mock.on("get_tags", |_request| MockAnswer::json(200, serde_json::json!({"tags": []})))?;
//! mock.token("1000.read-only").with_scopes(["ZohoCRM.settings.tags.READ"]);
//! mock.fail_next("create_tags", "ColorMismatch")?;
//! assert!(mock.endpoint_url().starts_with("http://127.0.0.1:"));
//! # Ok(())
//! # }
//! ```

mod oauth;
mod serve;
mod spec;

use std::collections::{HashMap, VecDeque};
use std::fmt;
use std::io;
use std::net::SocketAddr;
use std::path::Path;
use std::str::FromStr;
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};
use std::time::{Duration, Instant};

use serde::de::DeserializeOwned;
use serde_json::Value;
use zoho_crm_runtime::{BaseUrl, GrantedScopes, Operation, ToWire, UrlBuilder, Version};

use spec::{ServedApi, ServedOperation};

/// An access token every started server accepts, with every scope the spec names.
pub const TEST_TOKEN: &str = "1000.zoho-crm-mock.test-token";
/// The OAuth client ID the token endpoint knows unless told otherwise.
pub const CLIENT_ID: &str = "1000.ZOHOCRMMOCK";
/// The OAuth client secret the token endpoint knows unless told otherwise.
pub const CLIENT_SECRET: &str = "zoho-crm-mock-secret";
/// The refresh token the token endpoint knows unless told otherwise; the access tokens it
/// gets have every scope the spec names.
pub const REFRESH_TOKEN: &str = "1000.zoho-crm-mock.refresh-token";

/// Why a server could not start, or a test named something the spec lacks.
#[derive(Debug)]
#[non_exhaustive]
pub enum MockError {
    /// The spec has problems (every one, located, as the generator reports them).
    Spec(String),
    /// The spec file could not be read, or the socket not bound.
    Io(io::Error),
    /// The spec has no operation of this name.
    UnknownOperation(String),
    /// The operation has no parameter that is its whole URL (`location: url`), so the
    /// server has no URL to hand out for it ([`ZohoMock::download_url`]).
    NoUrlParameter(String),
    /// The operation documents no error of this kind (or code).
    UnknownError {
        /// The operation.
        operation: String,
        /// The kind (or code) asked for.
        kind: String,
    },
}

impl fmt::Display for MockError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            MockError::Spec(problems) => write!(f, "the spec cannot be served: {problems}"),
            MockError::Io(err) => write!(f, "{err}"),
            MockError::UnknownOperation(name) => write!(f, "the spec has no operation `{name}`"),
            MockError::NoUrlParameter(name) => {
                write!(
                    f,
                    "operation `{name}` takes no whole-URL (`location: url`) parameter, so it has no URL to hand out"
                )
            }
            MockError::UnknownError { operation, kind } => {
                write!(f, "`{operation}` documents no error of kind or code `{kind}` (nor do the common errors)")
            }
        }
    }
}

impl std::error::Error for MockError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            MockError::Io(err) => Some(err),
            _ => None,
        }
    }
}

impl From<io::Error> for MockError {
    fn from(err: io::Error) -> Self {
        MockError::Io(err)
    }
}

/// A failure the server answers one API request with, instead of serving it.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum Fault {
    /// HTTP 429 with the spec's `TOO_MANY_REQUESTS` row (or Zoho's), and `Retry-After` in
    /// whole seconds when given.
    TooManyRequests {
        /// The wait the server asks for.
        retry_after: Option<Duration>,
    },
    /// An error in the spec's format with this status (e.g. 500), with the spec's
    /// `INTERNAL_ERROR` row's code and message (or Zoho's when it documents none).
    ServerError(u16),
    /// An HTML error page with this status (e.g. 502 or 503 from a proxy).
    HtmlPage(u16),
    /// The answer the request would have had, with its body cut in half.
    TruncatedJson,
    /// A `Content-Length` longer than the body, then the connection closes.
    CutShort,
    /// Wait this long, then serve the request.
    Slow(Duration),
    /// Close the connection without answering.
    Disconnect,
}

/// An answer a handler gives.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MockAnswer {
    status: u16,
    headers: Vec<(String, String)>,
    body: Vec<u8>,
}

impl MockAnswer {
    /// A JSON answer.
    pub fn json(status: u16, body: Value) -> MockAnswer {
        MockAnswer::raw(status, "application/json;charset=UTF-8", body.to_string().into_bytes())
    }

    /// An answer with no body.
    pub fn empty(status: u16) -> MockAnswer {
        MockAnswer { status, headers: Vec::new(), body: Vec::new() }
    }

    /// An answer with this content type and body.
    pub fn raw(status: u16, content_type: &str, body: impl Into<Vec<u8>>) -> MockAnswer {
        MockAnswer { status, headers: vec![("content-type".to_owned(), content_type.to_owned())], body: body.into() }
    }

    /// The answer with a header added.
    pub fn with_header(mut self, name: &str, value: &str) -> MockAnswer {
        self.headers.push((name.to_owned(), value.to_owned()));
        self
    }

    /// The HTTP status.
    pub fn status(&self) -> u16 {
        self.status
    }

    /// The body.
    pub fn body(&self) -> &[u8] {
        &self.body
    }
}

/// One part of a `multipart/form-data` request body, as a handler sees it
/// ([`MockRequest::parts`]): its name (the parameter's wire name), its file name for a
/// file part, its content type and its bytes, as the runtime's reader reads them.
pub type MockPart = zoho_crm_runtime::ReceivedPart;

/// A request as a handler sees it, once routed and checked. `Debug` leaves out its token.
#[derive(Clone)]
pub struct MockRequest {
    operation: String,
    version: String,
    method: String,
    path: String,
    path_params: Vec<(String, String)>,
    query: Vec<(String, String)>,
    body: Vec<u8>,
    parts: Vec<MockPart>,
    token: Option<String>,
    /// The headers as text, but the one that carries the token.
    headers: Vec<(String, String)>,
    api: Arc<ServedApi>,
}

impl fmt::Debug for MockRequest {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("MockRequest")
            .field("operation", &self.operation)
            .field("version", &self.version)
            .field("method", &self.method)
            .field("path", &self.path)
            .field("path_params", &self.path_params)
            .field("query", &self.query)
            .field("body", &String::from_utf8_lossy(&self.body))
            .field("parts", &self.parts)
            .finish_non_exhaustive()
    }
}

impl MockRequest {
    /// The operation's name, e.g. `get_tags`.
    pub fn operation(&self) -> &str {
        &self.operation
    }

    /// The API version the URL names, e.g. `v8` (the spec's default version for an
    /// operation whose whole URL is a parameter, as that URL names none).
    pub fn version(&self) -> &str {
        &self.version
    }

    /// The HTTP method.
    pub fn method(&self) -> &str {
        &self.method
    }

    /// The path, as it came (percent-encoded).
    pub fn path(&self) -> &str {
        &self.path
    }

    /// A path or query parameter by its name in the URL, decoded (a path parameter
    /// first); for the parameter that is an operation's whole URL (`location: url`), the
    /// URL as requested: `http://`, the `Host`, the path and the query, as they came.
    pub fn param(&self, wire: &str) -> Option<&str> {
        self.path_params.iter().chain(&self.query).find(|(name, _)| name == wire).map(|(_, value)| value.as_str())
    }

    /// The query's pairs, decoded, in order.
    pub fn query(&self) -> &[(String, String)] {
        &self.query
    }

    /// The value of a header the request carried (the name ignores case), but the one that
    /// carries the token ([`MockRequest::token`] gives that).
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.iter().find(|(known, _)| known.eq_ignore_ascii_case(name)).map(|(_, value)| value.as_str())
    }

    /// The access token the request carried (a handler that keeps state per user can
    /// tell its callers apart by it).
    pub fn token(&self) -> Option<&str> {
        self.token.as_deref()
    }

    /// The body's bytes.
    pub fn body(&self) -> &[u8] {
        &self.body
    }

    /// The parts of a `multipart/form-data` body, in order, once checked against the
    /// operation's `part` parameters (empty for any other request).
    pub fn parts(&self) -> &[MockPart] {
        &self.parts
    }

    /// The body read as `T`, e.g. the generated client's body model; the error says why
    /// it does not read.
    pub fn json<T: DeserializeOwned>(&self) -> Result<T, String> {
        serde_json::from_slice(&self.body).map_err(|err| err.to_string())
    }

    /// The operation's documented error of kind (or code) `kind`, as the server answers
    /// it, for a handler that fails on a condition of its own.
    pub fn documented_error(&self, kind: &str) -> Option<MockAnswer> {
        let answer = self.api.documented(self.api.operation(&self.operation), kind)?;
        Some(MockAnswer::json(answer.status, self.api.error_body(&answer, Value::Object(serde_json::Map::new()))))
    }
}

/// A request the server received.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct LoggedRequest {
    /// The method.
    pub method: String,
    /// The path.
    pub path: String,
    /// The query, if any, as it came.
    pub query: Option<String>,
    /// The operation the route names, if it names one.
    pub operation: Option<String>,
    /// The body.
    pub body: Vec<u8>,
    /// The HTTP status of the answer (0 when the connection was dropped).
    pub status: u16,
}

/// What a token may do.
#[derive(Clone, Debug)]
enum Grant {
    /// Every scope.
    All,
    /// These scopes.
    Scopes(GrantedScopes),
}

/// An access token the server accepts.
#[derive(Clone, Debug)]
struct Issued {
    grant: Grant,
    expires_at: Option<Instant>,
}

/// The OAuth client the token endpoint knows. Secrets are kept out of `Debug`.
#[derive(Clone)]
struct OAuthApp {
    client_id: String,
    client_secret: String,
    refresh_token: String,
    grant: Grant,
    lifetime: Duration,
}

impl fmt::Debug for OAuthApp {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("OAuthApp").field("client_id", &self.client_id).finish_non_exhaustive()
    }
}

type Handler = Arc<dyn Fn(&MockRequest) -> MockAnswer + Send + Sync>;

/// Everything the server holds, behind one lock.
struct State {
    tokens: HashMap<String, Issued>,
    app: OAuthApp,
    handlers: HashMap<String, Handler>,
    failures: HashMap<String, VecDeque<String>>,
    faults: VecDeque<Fault>,
    log: Vec<LoggedRequest>,
    refreshes: u64,
    issued: u64,
    ledger: oauth::Ledger,
    api_domain: String,
}

impl fmt::Debug for State {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("State")
            .field("tokens", &format_args!("{} access tokens", self.tokens.len()))
            .field("app", &self.app)
            .field("handlers", &self.handlers.keys().collect::<Vec<_>>())
            .field("failures", &self.failures)
            .field("faults", &self.faults)
            .field("log", &self.log.len())
            .finish_non_exhaustive()
    }
}

/// A Zoho-like server for one spec (or several, [`ZohoMock::start_many`]), on loopback.
/// It stops when dropped.
#[derive(Debug)]
pub struct ZohoMock {
    address: SocketAddr,
    api: Arc<ServedApi>,
    state: Arc<Mutex<State>>,
    server: tokio::task::JoinHandle<()>,
}

impl ZohoMock {
    /// Starts a server for the spec `text` on `127.0.0.1` at a port the OS picks (within
    /// a Tokio runtime).
    pub async fn start(text: &str) -> Result<ZohoMock, MockError> {
        ZohoMock::start_at(text, "spec.yaml", 0).await
    }

    /// Starts a server for the spec in the file at `path`.
    pub async fn from_file(path: impl AsRef<Path>) -> Result<ZohoMock, MockError> {
        let path = path.as_ref();
        let text = std::fs::read_to_string(path)
            .map_err(|err| MockError::Io(io::Error::new(err.kind(), format!("{}: {err}", path.display()))))?;
        let name =
            path.file_name().map_or_else(|| path.display().to_string(), |name| name.to_string_lossy().into_owned());
        ZohoMock::start_at(&text, &name, 0).await
    }

    /// Starts a server for the spec `text` (named `file_name` in its problems) on
    /// `127.0.0.1:port` (0: a port the OS picks).
    pub async fn start_at(text: &str, file_name: &str, port: u16) -> Result<ZohoMock, MockError> {
        let api = ServedApi::read(text, file_name).map_err(MockError::Spec)?;
        ZohoMock::serve(api, port).await
    }

    /// Starts one server for several specs (as one client generated from them all
    /// calls them, through one base URL): each request goes to the operation of whichever
    /// spec its method and path name, and is checked and answered as that spec says. The
    /// specs must send tokens and errors the same way and name each operation once.
    /// Problems name the specs `spec-1.yaml`, `spec-2.yaml`, … in the order given.
    pub async fn start_many(texts: &[&str]) -> Result<ZohoMock, MockError> {
        let names: Vec<String> = (1..=texts.len()).map(|number| format!("spec-{number}.yaml")).collect();
        let specs: Vec<(&str, &str)> = texts.iter().copied().zip(names.iter().map(String::as_str)).collect();
        ZohoMock::start_many_at(&specs, 0).await
    }

    /// Starts one server for several specs, each a text and the file name its problems
    /// give, on `127.0.0.1:port` (0: a port the OS picks); see [`ZohoMock::start_many`].
    pub async fn start_many_at(specs: &[(&str, &str)], port: u16) -> Result<ZohoMock, MockError> {
        let api = ServedApi::read_many(specs).map_err(MockError::Spec)?;
        ZohoMock::serve(api, port).await
    }

    /// Serves `api` on `127.0.0.1:port`.
    async fn serve(api: ServedApi, port: u16) -> Result<ZohoMock, MockError> {
        let api = Arc::new(api);
        let listener = tokio::net::TcpListener::bind(("127.0.0.1", port)).await?;
        let address = listener.local_addr()?;
        let mut tokens = HashMap::new();
        tokens.insert(TEST_TOKEN.to_owned(), Issued { grant: Grant::All, expires_at: None });
        let state = Arc::new(Mutex::new(State {
            tokens,
            app: OAuthApp {
                client_id: CLIENT_ID.to_owned(),
                client_secret: CLIENT_SECRET.to_owned(),
                refresh_token: REFRESH_TOKEN.to_owned(),
                grant: Grant::All,
                lifetime: Duration::from_secs(3600),
            },
            handlers: HashMap::new(),
            failures: HashMap::new(),
            faults: VecDeque::new(),
            log: Vec::new(),
            refreshes: 0,
            issued: 0,
            ledger: oauth::Ledger::default(),
            api_domain: format!("http://{address}"),
        }));
        let server = tokio::spawn(serve::run(listener, Arc::clone(&api), Arc::clone(&state)));
        Ok(ZohoMock { address, api, state, server })
    }

    fn state(&self) -> MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(PoisonError::into_inner)
    }

    fn known(&self, operation: &str) -> Result<&ServedOperation, MockError> {
        self.api.operation(operation).ok_or_else(|| MockError::UnknownOperation(operation.to_owned()))
    }

    /// The server's address.
    pub fn address(&self) -> SocketAddr {
        self.address
    }

    /// The API's name, as the spec gives it (the names joined with "and" for a server of
    /// several specs).
    pub fn api_name(&self) -> &str {
        &self.api.name
    }

    /// The names of the operations served, in spec order.
    pub fn operations(&self) -> Vec<&str> {
        self.api.operations.iter().map(|operation| operation.name.as_str()).collect()
    }

    /// The base URL to give the client's `Endpoint::with_base_url`, e.g.
    /// `http://127.0.0.1:40123` (it stands where `{api-domain}` does in the spec).
    pub fn endpoint_url(&self) -> String {
        format!("http://{}", self.address)
    }

    /// The URL the server hands out for the operation whose whole URL is a parameter
    /// (`location: url`, e.g. a bulk job's `download_url`), naming `file`:
    /// `{endpoint_url}/__files/{operation}/{file}`, `file` percent-encoded as one path
    /// segment. Give it to the client as the parameter, usually in the answer of another
    /// operation's handler; requests to it (or to any path below
    /// `/__files/{operation}/`) go to `operation`, checked as any other request, and the
    /// handler reads the whole URL with [`MockRequest::param`].
    ///
    /// [`MockError::UnknownOperation`] if the spec has no such operation,
    /// [`MockError::NoUrlParameter`] if its URL is not a parameter.
    pub fn download_url(&self, operation: &str, file: &str) -> Result<String, MockError> {
        if self.known(operation)?.url_param.is_none() {
            return Err(MockError::NoUrlParameter(operation.to_owned()));
        }
        // The client's own encoder, so that the URL reads back as `file`.
        let base =
            BaseUrl::parse(&self.endpoint_url()).map_err(|err| MockError::Io(io::Error::other(err.to_string())))?;
        let mut url = UrlBuilder::new(&base);
        url.literal(spec::FILES_PREFIX);
        url.literal(operation);
        url.literal("/");
        url.segment(file);
        Ok(url.finish())
    }

    /// The base URL of the OAuth token endpoint (the same server), for `OAuthCredentials`.
    pub fn accounts_url(&self) -> String {
        self.endpoint_url()
    }

    /// Accept `token` as an access token, with every scope until
    /// [`TokenSetup::with_scopes`] says otherwise.
    pub fn token(&self, token: &str) -> TokenSetup<'_> {
        self.state().tokens.insert(token.to_owned(), Issued { grant: Grant::All, expires_at: None });
        TokenSetup { mock: self, token: token.to_owned() }
    }

    /// Forget `token` (issued or registered): requests that carry it get `INVALID_TOKEN`.
    pub fn revoke_token(&self, token: &str) {
        self.state().tokens.remove(token);
    }

    /// Forget every access token the token endpoint issued (as if they expired).
    pub fn expire_issued_tokens(&self) {
        self.state().tokens.retain(|_, issued| issued.expires_at.is_none());
    }

    /// The OAuth client the token endpoint knows from now on (in place of [`CLIENT_ID`],
    /// [`CLIENT_SECRET`] and [`REFRESH_TOKEN`]); the access tokens it gets have every
    /// scope until [`OAuthSetup::with_scopes`] says otherwise.
    pub fn oauth_client(&self, client_id: &str, client_secret: &str, refresh_token: &str) -> OAuthSetup<'_> {
        let mut state = self.state();
        let lifetime = state.app.lifetime;
        state.app = OAuthApp {
            client_id: client_id.to_owned(),
            client_secret: client_secret.to_owned(),
            refresh_token: refresh_token.to_owned(),
            grant: Grant::All,
            lifetime,
        };
        OAuthSetup { mock: self }
    }

    /// How long the access tokens the endpoint issues from now on live (an hour unless
    /// told otherwise).
    pub fn set_token_lifetime(&self, lifetime: Duration) {
        self.state().app.lifetime = lifetime;
    }

    /// At most `tokens` access tokens per refresh token in each `window` (Zoho's: 10 in
    /// 10 minutes), then HTTP 200 `{"error": "Access Denied"}` for the rest of the window.
    pub fn set_token_limit(&self, tokens: usize, window: Duration) {
        let mut state = self.state();
        state.ledger.limit = tokens;
        state.ledger.window = window;
    }

    /// The API domain the token endpoint's answers name (by default, this server).
    pub fn set_api_domain(&self, api_domain: &str) {
        self.state().api_domain = api_domain.to_owned();
    }

    /// Answer `operation` with `handler` (in place of the spec's sample). The request has
    /// passed every check first.
    pub fn on(
        &self,
        operation: &str,
        handler: impl Fn(&MockRequest) -> MockAnswer + Send + Sync + 'static,
    ) -> Result<(), MockError> {
        self.known(operation)?;
        self.state().handlers.insert(operation.to_owned(), Arc::new(handler));
        Ok(())
    }

    /// Answer the operation of the generated request type `O` (by its `O::NAME`) with
    /// `handler`: its typed output, encoded as the client's own models encode it for the
    /// request's version (the keys that version uses) and sent with the operation's first
    /// status of success; or an answer of its own (an error, say).
    pub fn on_operation<O>(
        &self,
        handler: impl Fn(&MockRequest) -> Result<O::Output, MockAnswer> + Send + Sync + 'static,
    ) -> Result<(), MockError>
    where
        O: Operation,
        O::Output: ToWire<O::Version>,
        O::Version: FromStr,
    {
        let status = self.known(O::NAME)?.success_statuses.first().copied().unwrap_or(200);
        self.on(O::NAME, move |request| match handler(request) {
            Ok(output) => {
                let version = request.version.parse().unwrap_or(<O::Version as Version>::DEFAULT);
                MockAnswer::json(status, output.to_wire(version))
            }
            Err(answer) => answer,
        })
    }

    /// Answer the next request to `operation` with its documented error of kind (or
    /// code) `kind`: the row's status, and an error body in the spec's format. Failures
    /// queue up per operation.
    pub fn fail_next(&self, operation: &str, kind: &str) -> Result<(), MockError> {
        let served = self.known(operation)?;
        if self.api.documented(Some(served), kind).is_none() {
            return Err(MockError::UnknownError { operation: operation.to_owned(), kind: kind.to_owned() });
        }
        self.state().failures.entry(operation.to_owned()).or_default().push_back(kind.to_owned());
        Ok(())
    }

    /// The documented error rows `operation` can answer with, the common ones included:
    /// (kind, code, status).
    pub fn documented_errors(&self, operation: &str) -> Result<Vec<(String, String, u16)>, MockError> {
        let served = self.known(operation)?;
        let rows = served.errors.iter().chain(&self.api.common_errors);
        Ok(rows.map(|row| (row.kind.clone(), row.code.clone(), row.status)).collect())
    }

    /// Answer the next API request (any operation) with `fault`. Faults queue up, one per
    /// request.
    pub fn inject(&self, fault: Fault) {
        self.state().faults.push_back(fault);
    }

    /// Answer the next `count` API requests with `fault`.
    pub fn inject_times(&self, fault: Fault, count: usize) {
        self.state().faults.extend(std::iter::repeat_n(fault, count));
    }

    /// Every API request so far (not the token endpoint's), oldest first.
    pub fn requests(&self) -> Vec<LoggedRequest> {
        self.state().log.clone()
    }

    /// How many refresh requests reached the token endpoint.
    pub fn token_refreshes(&self) -> u64 {
        self.state().refreshes
    }

    /// How many access tokens the token endpoint issued.
    pub fn tokens_issued(&self) -> u64 {
        self.state().issued
    }
}

impl Drop for ZohoMock {
    fn drop(&mut self) {
        self.server.abort();
    }
}

/// A token being registered; see [`ZohoMock::token`].
#[derive(Debug)]
pub struct TokenSetup<'a> {
    mock: &'a ZohoMock,
    token: String,
}

impl TokenSetup<'_> {
    /// The token has these scopes only (compared without regard to case, as Zoho does).
    pub fn with_scopes(self, scopes: impl IntoIterator<Item = impl AsRef<str>>) -> Self {
        let grant = Grant::Scopes(scopes.into_iter().collect());
        if let Some(issued) = self.mock.state().tokens.get_mut(&self.token) {
            issued.grant = grant;
        }
        self
    }

    /// The token expires after `lifetime`.
    pub fn expires_in(self, lifetime: Duration) -> Self {
        if let Some(issued) = self.mock.state().tokens.get_mut(&self.token) {
            issued.expires_at = Some(Instant::now() + lifetime);
        }
        self
    }
}

/// The OAuth client being set; see [`ZohoMock::oauth_client`].
#[derive(Debug)]
pub struct OAuthSetup<'a> {
    mock: &'a ZohoMock,
}

impl OAuthSetup<'_> {
    /// The access tokens the client gets have these scopes only.
    pub fn with_scopes(self, scopes: impl IntoIterator<Item = impl AsRef<str>>) -> Self {
        self.mock.state().app.grant = Grant::Scopes(scopes.into_iter().collect());
        self
    }
}
