//! A Zoho-like server on loopback, to test code that uses the client without Zoho
//! (the `zoho-share-mock` crate).
//!
//! [`MockZoho::start`] serves the Share Records API and the OAuth token endpoint on
//! `127.0.0.1` at a port the OS picks. It keeps an organization (users, groups, roles,
//! records and their shares), answers as the documentation says (GET's order, v2-era and
//! v3+ bodies, every documented error where its condition arises), fails on demand
//! with [`Fault`]s, and enforces Zoho's token and concurrency [`Limits`], counting what
//! they saw in [`Figures`].
//!
//! ```
//! use zoho_share_records::runtime::client::{HttpClient, StaticToken};
//! use zoho_share_mock::{MockZoho, sample};
//! use zoho_share_records::{Client, Module, Permission, ShareItem, Sharee, ShareeType};
//!
//! # #[tokio::main(flavor = "current_thread")]
//! # async fn main() -> Result<(), Box<dyn std::error::Error>> {
//! let zoho = MockZoho::start().await?;
//! let client = Client::new(zoho.endpoint(), HttpClient::builder(StaticToken::new(sample::ADMIN_TOKEN)).build()?);
//! let item = ShareItem::private(Sharee::new(sample::USERS[0], ShareeType::Users)).with_permission(Permission::ReadWrite);
//! client.share_record(Module::Contacts, sample::CONTACT).share(item).send().await?;
//! let details = client.get_shared_record_details(Module::Contacts, sample::CONTACT).send().await?;
//! assert_eq!(details.share.len(), 1);
//! # Ok(())
//! # }
//! ```

mod api;
mod limits;
mod oauth;
mod org;
mod serve;

use std::collections::{HashMap, VecDeque};
use std::fmt;
use std::io;
use std::net::SocketAddr;
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};
use std::time::{Duration, Instant};

use org::{Org, Record, User};

pub use limits::{Figures, Limits};

use zoho_share_records::runtime::http::Method;
use zoho_share_records::runtime::{AccessToken, BaseUrl, GrantedScopes};
use zoho_share_records::{Endpoint, ErrorKind, Module, OperationType, PrincipalId, RecordId, UserId};

/// The sample organization [`MockZoho::start`] sets up: people, records and credentials
/// that tests can name.
pub mod sample {
    /// The organization's administrator (Patricia Boyle), who owns every sample record
    /// and holds [`ADMIN_TOKEN`].
    pub const OWNER: u64 = 4150868000000225013;
    /// Twelve active users, more than a record can be shared with.
    pub const USERS: [u64; 12] = [
        4150868000001199001,
        4150868000001248015,
        4150868000001250001,
        4150868000001250002,
        4150868000001250003,
        4150868000001250004,
        4150868000001250005,
        4150868000001250006,
        4150868000001250007,
        4150868000001250008,
        4150868000001250009,
        4150868000001250010,
    ];
    /// A user who has not confirmed their account: records cannot be shared with them.
    pub const INACTIVE_USER: u64 = 4150868000001259999;
    /// Six groups, one more than a record can be shared with.
    pub const GROUPS: [u64; 6] = [
        5725767000002868044,
        5725767000002868086,
        5725767000002868100,
        5725767000002868101,
        5725767000002868102,
        5725767000002868103,
    ];
    /// Six roles, one more than a record can be shared with.
    pub const ROLES: [u64; 6] = [
        5725767000002350003,
        5725767000002868058,
        5725767000002868200,
        5725767000002868201,
        5725767000002868202,
        5725767000002868203,
    ];
    /// A contact ("Regina Smith").
    pub const CONTACT: u64 = 4150868000004381115;
    /// A second contact ("Mill Thomas").
    pub const OTHER_CONTACT: u64 = 4150868000001191072;
    /// A lead ("Carissa Kidman").
    pub const LEAD: u64 = 3477061000005623115;
    /// An access token of [`OWNER`] with every module's `ALL` share scope.
    pub const ADMIN_TOKEN: &str = "1000.mock.admin";
    /// The OAuth client's ID.
    pub const CLIENT_ID: &str = "1000.MOCKCLIENT";
    /// The OAuth client's secret.
    pub const CLIENT_SECRET: &str = "mock-client-secret";
    /// A refresh token of [`OWNER`] with every module's `ALL` share scope.
    pub const REFRESH_TOKEN: &str = "1000.mock-refresh-token";
}

/// What an access token may do: its scopes, whose it is, and the privileges of that
/// user's profile.
#[derive(Clone, Debug)]
pub struct Grant {
    scopes: GrantedScopes,
    user: u64,
    denied: Vec<OperationType>,
    hidden_modules: Vec<String>,
}

impl Grant {
    /// A token of `user` with these scopes (e.g. `ZohoCRM.share.leads.READ`).
    pub fn new(user: impl Into<UserId>, scopes: impl IntoIterator<Item = impl AsRef<str>>) -> Grant {
        Grant {
            scopes: scopes.into_iter().collect(),
            user: user.into().into(),
            denied: Vec::new(),
            hidden_modules: Vec::new(),
        }
    }

    /// A token of `user` with the `ALL` share scope of every module, custom ones included.
    pub fn full_access(user: impl Into<UserId>) -> Grant {
        let custom = Module::parse("Custom_Module").map(|module| module.scope(OperationType::All).to_string());
        let scopes = Module::STANDARD.iter().map(|module| module.scope(OperationType::All).to_string()).chain(custom);
        Grant::new(user, scopes)
    }

    /// The user's profile lacks the privilege for `operation` (AUTHORIZATION_FAILED).
    pub fn without_privilege(mut self, operation: OperationType) -> Grant {
        self.denied.push(operation);
        self
    }

    /// The user's profile cannot see `module` (NO_PERMISSION).
    pub fn without_module(mut self, module: &Module) -> Grant {
        self.hidden_modules.push(module.api_name().to_owned());
        self
    }
}

/// An OAuth client the token endpoint knows, with one refresh token. Its secrets are
/// redacted in `Debug`.
#[derive(Clone)]
pub struct OAuthApp {
    client_id: String,
    client_secret: String,
    refresh_token: String,
    grant: Grant,
    lifetime: Duration,
    legacy_expiry: bool,
}

impl OAuthApp {
    /// A client whose refresh token gets access tokens with `grant`, valid for an hour.
    pub fn new(client_id: &str, client_secret: &str, refresh_token: &str, grant: Grant) -> OAuthApp {
        OAuthApp {
            client_id: client_id.to_owned(),
            client_secret: client_secret.to_owned(),
            refresh_token: refresh_token.to_owned(),
            grant,
            lifetime: Duration::from_secs(3600),
            legacy_expiry: false,
        }
    }

    /// How long access tokens live.
    pub fn token_lifetime(mut self, lifetime: Duration) -> OAuthApp {
        self.lifetime = lifetime;
        self
    }

    /// Answer as older accounts servers did: `expires_in` in milliseconds, and
    /// `expires_in_sec` in seconds.
    pub fn legacy_expiry(mut self) -> OAuthApp {
        self.legacy_expiry = true;
        self
    }
}

impl fmt::Debug for OAuthApp {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("OAuthApp")
            .field("client_id", &self.client_id)
            .field("client_secret", &REDACTED)
            .field("refresh_token", &REDACTED)
            .field("grant", &self.grant)
            .field("lifetime", &self.lifetime)
            .field("legacy_expiry", &self.legacy_expiry)
            .finish()
    }
}

/// What `Debug` shows in place of a secret.
const REDACTED: Redacted = Redacted;

/// Prints as `<redacted>`.
struct Redacted;

impl fmt::Debug for Redacted {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("<redacted>")
    }
}

/// A failure the server answers one API request with, instead of serving it.
#[derive(Clone, Debug, PartialEq)]
#[non_exhaustive]
pub enum Fault {
    /// HTTP 429 `TOO_MANY_REQUESTS`, with `Retry-After` in whole seconds when given.
    TooManyRequests {
        /// The wait the server asks for.
        retry_after: Option<Duration>,
    },
    /// The operation's documented error of this kind, with its documented status.
    Documented(ErrorKind),
    /// The operation's documented error of this kind inside an HTTP 200 answer.
    ErrorInOk(ErrorKind),
    /// An HTML error page with this status (e.g. 502 or 503 from a proxy).
    HtmlPage(u16),
    /// Wait this long, then serve the request.
    Slow(Duration),
    /// HTTP 200 with half of a JSON body.
    TruncatedJson,
    /// HTTP 200 with a body that is not JSON.
    MalformedJson,
    /// A `Content-Length` longer than the body, then the connection closes.
    CutShort,
    /// Close the connection without answering.
    Disconnect,
}

/// A request the server received.
#[derive(Clone, Debug)]
#[non_exhaustive]
pub struct LoggedRequest {
    /// The method.
    pub method: Method,
    /// The path.
    pub path: String,
    /// The query, if any.
    pub query: Option<String>,
    /// The access token it carried (redacted in `Debug`).
    pub token: Option<AccessToken>,
    /// The HTTP status of the answer (0 when the connection was dropped).
    pub status: u16,
}

/// A token the server issued, and what it allows.
#[derive(Clone, Debug)]
struct Issued {
    grant: Grant,
    expires_at: Option<Instant>,
}

impl Issued {
    fn is_expired(&self) -> bool {
        self.expires_at.is_some_and(|expires_at| Instant::now() >= expires_at)
    }
}

/// Everything the server holds, behind one lock. `Debug` counts the access tokens
/// instead of printing them.
struct State {
    org: Org,
    tokens: HashMap<String, Issued>,
    apps: Vec<OAuthApp>,
    faults: VecDeque<Fault>,
    log: Vec<LoggedRequest>,
    refreshes: u64,
    issued: u64,
    token_delay: Duration,
    call_delay: Duration,
    api_domain: String,
    ledger: limits::Ledger,
}

impl fmt::Debug for State {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("State")
            .field("org", &self.org)
            .field("tokens", &format_args!("{} access tokens", self.tokens.len()))
            .field("apps", &self.apps)
            .field("faults", &self.faults)
            .field("log", &self.log)
            .field("refreshes", &self.refreshes)
            .field("issued", &self.issued)
            .field("token_delay", &self.token_delay)
            .field("api_domain", &self.api_domain)
            .finish()
    }
}

/// An answer, before it becomes HTTP.
#[derive(Debug)]
struct Reply {
    status: u16,
    headers: Vec<(&'static str, String)>,
    body: Vec<u8>,
    delivery: Delivery,
}

/// How an answer goes out.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Delivery {
    /// As it is.
    Whole,
    /// With a `Content-Length` longer than the body, then the connection closes.
    CutShort,
    /// Not at all: the connection closes.
    Disconnect,
}

impl Reply {
    fn json(status: u16, body: &serde_json::Value) -> Reply {
        Reply::raw(status, "application/json;charset=UTF-8", body.to_string().into_bytes())
    }

    fn raw(status: u16, content_type: &str, body: Vec<u8>) -> Reply {
        Reply { status, headers: vec![("content-type", content_type.to_owned())], body, delivery: Delivery::Whole }
    }

    fn empty(status: u16) -> Reply {
        Reply { status, headers: Vec::new(), body: Vec::new(), delivery: Delivery::Whole }
    }
}

/// A Zoho-like server on loopback. It stops when dropped.
#[derive(Debug)]
pub struct MockZoho {
    address: SocketAddr,
    base_url: BaseUrl,
    state: Arc<Mutex<State>>,
    server: tokio::task::JoinHandle<()>,
}

impl MockZoho {
    /// Starts a server with the [`sample`] organization on `127.0.0.1` at a free port.
    pub async fn start() -> io::Result<MockZoho> {
        let listener = tokio::net::TcpListener::bind(("127.0.0.1", 0)).await?;
        let address = listener.local_addr()?;
        let base_url = BaseUrl::parse(&format!("http://{address}")).map_err(|err| io::Error::other(err.to_string()))?;
        let state = Arc::new(Mutex::new(State {
            org: sample_org(),
            tokens: HashMap::new(),
            apps: Vec::new(),
            faults: VecDeque::new(),
            log: Vec::new(),
            refreshes: 0,
            issued: 0,
            token_delay: Duration::ZERO,
            call_delay: Duration::ZERO,
            api_domain: base_url.as_str().to_owned(),
            ledger: limits::Ledger::default(),
        }));
        let server = tokio::spawn(serve::run(listener, Arc::clone(&state)));
        let zoho = MockZoho { address, base_url, state, server };
        zoho.issue_token(sample::ADMIN_TOKEN, Grant::full_access(sample::OWNER));
        zoho.add_oauth_app(OAuthApp::new(
            sample::CLIENT_ID,
            sample::CLIENT_SECRET,
            sample::REFRESH_TOKEN,
            Grant::full_access(sample::OWNER),
        ));
        Ok(zoho)
    }

    fn state(&self) -> MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// The server's address.
    pub fn address(&self) -> SocketAddr {
        self.address
    }

    /// The server's base URL, e.g. `http://127.0.0.1:40123`.
    pub fn base_url(&self) -> BaseUrl {
        self.base_url.clone()
    }

    /// An endpoint at the server, with the default API version.
    pub fn endpoint(&self) -> Endpoint {
        Endpoint::with_base_url(self.base_url())
    }

    /// The base URL of the server's OAuth endpoint (the same server).
    pub fn accounts_url(&self) -> BaseUrl {
        self.base_url()
    }

    /// Accept `token` as an access token with `grant`.
    pub fn issue_token(&self, token: &str, grant: Grant) {
        self.state().tokens.insert(token.to_owned(), Issued { grant, expires_at: None });
    }

    /// Forget `token`: requests that carry it get `INVALID_TOKEN`.
    pub fn revoke_token(&self, token: &str) {
        self.state().tokens.remove(token);
    }

    /// Forget every access token the token endpoint issued (as if they expired).
    pub fn expire_issued_tokens(&self) {
        self.state().tokens.retain(|_, issued| issued.expires_at.is_none());
    }

    /// Let the token endpoint refresh for `app` (in place of an app with its client ID).
    pub fn add_oauth_app(&self, app: OAuthApp) {
        let mut state = self.state();
        state.apps.retain(|known| known.client_id != app.client_id);
        state.apps.push(app);
    }

    /// Make every token refresh take this long.
    pub fn set_token_delay(&self, delay: Duration) {
        self.state().token_delay = delay;
    }

    /// Make every API call take at least this long (so that calls overlap, as in
    /// production).
    pub fn set_call_delay(&self, delay: Duration) {
        self.state().call_delay = delay;
    }

    /// Enforce these limits from now on (by default [`Limits::zoho`]).
    pub fn set_limits(&self, limits: Limits) {
        self.state().ledger.limits = limits;
    }

    /// What the server counted against its limits so far.
    pub fn figures(&self) -> Figures {
        self.state().ledger.figures.clone()
    }

    /// The API domain the token endpoint names (by default, this server).
    pub fn set_api_domain(&self, api_domain: &BaseUrl) {
        self.state().api_domain = api_domain.as_str().to_owned();
    }

    /// Add an active user.
    pub fn add_user(&self, id: impl Into<UserId>, name: &str, zuid: u64) {
        let user = User { name: name.to_owned(), zuid, active: true };
        self.state().org.users.insert(id.into().into(), user);
    }

    /// Add a group.
    pub fn add_group(&self, id: impl Into<PrincipalId>, name: &str) {
        self.state().org.groups.insert(id.into().into(), name.to_owned());
    }

    /// Add a role.
    pub fn add_role(&self, id: impl Into<PrincipalId>, name: &str) {
        self.state().org.roles.insert(id.into().into(), name.to_owned());
    }

    /// Add a module (a custom one, say) with its ID.
    pub fn add_module(&self, module: &Module, id: u64) {
        self.state().org.modules.insert(module.api_name().to_owned(), id);
    }

    /// Treat a custom module as a linking module: requests to it fail the scope check.
    pub fn add_linking_module(&self, module: &Module) {
        self.state().org.linking_modules.push(module.api_name().to_owned());
    }

    /// Treat a module as one the API does not support.
    pub fn add_unsupported_module(&self, module: &Module) {
        self.state().org.unsupported_modules.push(module.api_name().to_owned());
    }

    /// Add a record (its module is added if need be), shared with no one.
    pub fn add_record(&self, module: &Module, id: impl Into<RecordId>, name: &str, owner: impl Into<UserId>) {
        let mut state = self.state();
        let next_module_id = 4150868000000002000 + state.org.modules.len() as u64;
        state.org.modules.entry(module.api_name().to_owned()).or_insert(next_module_id);
        let record =
            Record { name: name.to_owned(), owner: owner.into().into(), shares: Vec::new(), scheduler_running: false };
        state.org.records.insert((module.api_name().to_owned(), id.into().into()), record);
    }

    /// Mark a record as being shared or revoked right now (`Scheduler is running`).
    pub fn set_scheduler_running(&self, module: &Module, id: impl Into<RecordId>, running: bool) {
        if let Some(record) = self.state().org.records.get_mut(&(module.api_name().to_owned(), id.into().into())) {
            record.scheduler_running = running;
        }
    }

    /// Enable or disable Feeds: without it, notifying sharees is not allowed.
    pub fn set_feeds_enabled(&self, enabled: bool) {
        self.state().org.feeds_enabled = enabled;
    }

    /// How many shares a record has.
    pub fn share_count(&self, module: &Module, id: impl Into<RecordId>) -> usize {
        self.state()
            .org
            .records
            .get(&(module.api_name().to_owned(), id.into().into()))
            .map_or(0, |record| record.shares.len())
    }

    /// Answer the next API request with `fault`. Faults queue up, one per request.
    pub fn inject(&self, fault: Fault) {
        self.state().faults.push_back(fault);
    }

    /// Answer the next `count` API requests with `fault`.
    pub fn inject_times(&self, fault: Fault, count: usize) {
        let mut state = self.state();
        state.faults.extend(std::iter::repeat_n(fault, count));
    }

    /// Every API request so far (not the token endpoint's), oldest first.
    pub fn requests(&self) -> Vec<LoggedRequest> {
        self.state().log.clone()
    }

    /// How many API requests came (not the token endpoint's).
    pub fn request_count(&self) -> usize {
        self.state().log.len()
    }

    /// How many refreshes the token endpoint answered.
    pub fn token_refreshes(&self) -> u64 {
        self.state().refreshes
    }
}

impl Drop for MockZoho {
    fn drop(&mut self) {
        self.server.abort();
    }
}

/// The sample organization: see [`sample`].
fn sample_org() -> Org {
    let mut org = Org::empty();
    let person = |name: &str, zuid: u64| User { name: name.to_owned(), zuid, active: true };
    org.users.insert(sample::OWNER, person("Patricia Boyle", 694579958));
    org.users.insert(sample::USERS[0], person("Amanda Carr", 705903469));
    org.users.insert(sample::USERS[1], person("Derek Smith", 707001331));
    for (index, id) in sample::USERS.iter().enumerate().skip(2) {
        org.users.insert(*id, person(&format!("Sales Rep {index}"), 707100000 + index as u64));
    }
    org.users
        .insert(sample::INACTIVE_USER, User { name: "Pending Invitee".to_owned(), zuid: 707199999, active: false });
    for (index, id) in sample::GROUPS.iter().enumerate() {
        org.groups.insert(*id, format!("Group {}", index + 1));
    }
    for (index, id) in sample::ROLES.iter().enumerate() {
        org.roles.insert(*id, if index == 0 { "Manager".to_owned() } else { format!("Role {}", index + 1) });
    }
    for (module, id) in Module::STANDARD.iter().zip(4150868000000002100u64..) {
        org.modules.insert(module.api_name().to_owned(), id);
    }
    org.modules.insert("Contacts".to_owned(), 4150868000000002213);
    let record = |name: &str| Record {
        name: name.to_owned(),
        owner: sample::OWNER,
        shares: Vec::new(),
        scheduler_running: false,
    };
    org.records.insert(("Contacts".to_owned(), sample::CONTACT), record("Regina Smith"));
    org.records.insert(("Contacts".to_owned(), sample::OTHER_CONTACT), record("Mill Thomas"));
    org.records.insert(("Leads".to_owned(), sample::LEAD), record("Carissa Kidman"));
    org
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn debug_never_shows_a_secret() {
        let zoho = MockZoho::start().await.expect("the server starts");
        zoho.issue_token("1000.extra-access-token", Grant::full_access(sample::OWNER));
        let printed = format!("{zoho:?}");
        for secret in [sample::ADMIN_TOKEN, sample::CLIENT_SECRET, sample::REFRESH_TOKEN, "1000.extra-access-token"] {
            assert!(!printed.contains(secret), "{secret} leaked: {printed}");
        }
        assert!(printed.contains(sample::CLIENT_ID), "the client ID is not a secret: {printed}");
    }
}
