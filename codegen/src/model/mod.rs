//! The intermediate model: a checked spec, resolved and named for Rust.
//!
//! Everything the emitters need is here, already decided: Rust names, resolved types,
//! version positions, list rules with their key paths, and how error codes map to kinds.
//! The emitters only turn it into tokens.
//!
//! [`naming`] and [`doc_text`] are the two rules both the resolve and emit stages apply:
//! how a spec name becomes a Rust name, and how spec prose becomes rustdoc text;
//! [`doc_fallback`] documents what a spec leaves undocumented.

pub mod doc_fallback;
pub mod doc_text;
pub mod naming;
pub mod reserved;

/// The whole API.
#[derive(Clone, Debug, PartialEq)]
pub struct Api {
    /// The API's name.
    pub name: String,
    /// What it does.
    pub doc: String,
    /// The base URL template after `{api-domain}` (text and the version).
    pub base_url: Vec<UrlPart>,
    /// The header that carries the token.
    pub auth_header: String,
    /// The scheme before the token.
    pub auth_scheme: String,
    /// The versions, oldest first.
    pub versions: Vec<Named>,
    /// The position of the default version in `versions`.
    pub default_version: usize,
    /// The API's scope template, if it has one.
    pub scope_template: Option<Vec<ScopePart>>,
    /// The scope operation types.
    pub operation_types: Vec<Named>,
    /// The modules, if the API works with modules.
    pub modules: Option<Modules>,
    /// The data centres.
    pub data_centres: Vec<DataCentre>,
    /// The environments, the first being the one in `api_domain`.
    pub environments: Vec<Environment>,
    /// Typed IDs.
    pub ids: Vec<IdType>,
    /// Open enums.
    pub enums: Vec<Enum>,
    /// Object models.
    pub models: Vec<Model>,
    /// Errors.
    pub errors: Errors,
    /// Operations.
    pub operations: Vec<Operation>,
}

/// Something with a wire name, a Rust name and documentation.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Named {
    /// The name in the spec and on the wire.
    pub wire: String,
    /// The Rust name.
    pub rust: String,
    /// Its documentation.
    pub doc: String,
}

/// A reference to a version.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct VersionRef {
    /// The version's Rust name, e.g. `V2_1`.
    pub rust: String,
    /// The version as the API writes it, e.g. `v2.1`.
    pub wire: String,
}

/// A piece of a URL template after `{api-domain}`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum UrlPart {
    /// Text kept as it is.
    Literal(String),
    /// The API version.
    Version,
    /// A path parameter.
    Param {
        /// Its Rust name.
        rust: String,
        /// Its name in the template.
        wire: String,
    },
}

/// A piece of the scope template.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ScopePart {
    /// Text kept as it is.
    Literal(String),
    /// The module's scope name.
    ModuleName,
    /// The operation type.
    OperationType,
}

/// The modules of the API.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Modules {
    /// Standard modules.
    pub standard: Vec<StandardModule>,
    /// Custom modules, if supported.
    pub custom: Option<CustomModules>,
    /// Unsupported modules: API name and reason.
    pub unsupported: Vec<(String, String)>,
}

/// A standard module.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StandardModule {
    /// The API name.
    pub api_name: String,
    /// The display name.
    pub display_name: String,
    /// The scope name.
    pub scope_name: String,
    /// The Rust variant name.
    pub rust: String,
}

/// Custom modules.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CustomModules {
    /// The scope name all custom modules share.
    pub scope_name: String,
    /// The longest API name accepted.
    pub max_length: usize,
    /// Their documentation.
    pub doc: String,
}

/// A data centre.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DataCentre {
    /// Its short name.
    pub name: String,
    /// The Rust variant name.
    pub rust: String,
    /// The API domain of each environment, in the order of `Api::environments` (just the
    /// production domain when there are no environments).
    pub api_domains: Vec<String>,
    /// The OAuth server's domain.
    pub accounts_domain: String,
    /// The file download host's domain, if the spec gives one.
    pub download_domain: Option<String>,
}

/// An environment.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Environment {
    /// Its name, Rust name and documentation.
    pub named: Named,
    /// The first label of its API host.
    pub host_prefix: String,
}

/// A typed ID.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct IdType {
    /// The Rust type name.
    pub rust: String,
    /// Its documentation.
    pub doc: String,
}

/// An open enum.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Enum {
    /// The Rust type name.
    pub rust: String,
    /// Its documentation.
    pub doc: String,
    /// Its known values.
    pub values: Vec<EnumValue>,
}

/// A known enum value.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct EnumValue {
    /// Wire value, variant name and documentation.
    pub named: Named,
    /// The first version that accepts it in requests.
    pub since: Option<VersionRef>,
}

/// An object model.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Model {
    /// The Rust type name.
    pub rust: String,
    /// Its documentation.
    pub doc: String,
    /// Its fields.
    pub fields: Vec<Field>,
    /// Whether unlisted keys are kept.
    pub keep_unknown: bool,
    /// Whether it derives `Default` (no required field).
    pub has_default: bool,
    /// Whether it appears in a request body (and so is checked before sending).
    pub in_request: bool,
}

/// How a field may be absent.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Presence {
    /// Always present.
    Required,
    /// May be absent: an `Option`.
    Optional,
    /// May be absent: then its type's default.
    Defaulted,
}

/// A field of a model.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Field {
    /// The Rust name (possibly a raw identifier such as `r#type`).
    pub rust: String,
    /// The spec's name, used in request paths such as `share[0].shared_with`.
    pub name: String,
    /// The JSON key.
    pub wire: String,
    /// The type.
    pub ty: Ty,
    /// How it may be absent.
    pub presence: Presence,
    /// The enum wire value a missing key stands for.
    pub absent_means: Option<String>,
    /// Its documentation.
    pub doc: String,
    /// The first version that has it.
    pub since: Option<VersionRef>,
    /// Its other key in versions before a given one.
    pub legacy: Option<Legacy>,
    /// Rules on a list's items.
    pub rules: ListRules,
    /// Whether one object is read as a list of one.
    pub one_or_list: bool,
    /// When the type depends on the version (`type_by_version`): each type, oldest first.
    /// `ty` is then the generated enum of these types, as a `Ty::Model` of its name.
    pub by_version: Vec<VersionedType>,
}

/// The type of a field in a range of versions.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct VersionedType {
    /// The first version with this type (also the enum variant's name).
    pub since: VersionRef,
    /// The first version with the next type, if any.
    pub until: Option<VersionRef>,
    /// The type.
    pub ty: Ty,
}

/// A field's key in older versions.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Legacy {
    /// The first version using the current key.
    pub before: VersionRef,
    /// The older key.
    pub wire: String,
}

/// Rules on the items of a list field, checked before sending.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ListRules {
    /// The fewest items.
    pub min_items: Option<usize>,
    /// The most items.
    pub max_items: Option<usize>,
    /// The most items per value of an enum key.
    pub max_by: Option<MaxBy>,
    /// An item with this key value must be alone.
    pub alone_when: Option<AloneWhen>,
}

/// Per-value item limits.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MaxBy {
    /// The enum key inside each item.
    pub key: KeyPath,
    /// The most items per wire value.
    pub limits: Vec<(String, usize)>,
}

/// An item that must stand alone.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AloneWhen {
    /// The enum key inside each item.
    pub key: KeyPath,
    /// The wire value that must stand alone.
    pub equals: String,
}

/// A path of fields inside an item, ending at an enum field.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct KeyPath {
    /// The fields on the way: Rust name and whether it is optional.
    pub steps: Vec<(String, bool)>,
    /// The spec's dotted names, for messages.
    pub display: String,
    /// The item model's Rust name.
    pub item_model: String,
    /// The enum's Rust name.
    pub enum_rust: String,
}

/// A resolved type.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Ty {
    /// `bool`.
    Bool,
    /// `String`.
    String,
    /// `i64`.
    Integer,
    /// `f64`.
    Number,
    /// A date-time with its offset.
    DateTime,
    /// Any JSON value.
    Json,
    /// The generated `Module`.
    Module,
    /// A file to upload (`rt::FilePart`), in a part of a multipart body.
    File,
    /// A typed ID, by Rust name.
    Id(String),
    /// An enum, by Rust name.
    Enum(String),
    /// A model, by Rust name.
    Model(String),
    /// A list.
    List(Box<Ty>),
    /// A per-item result.
    Outcome(Box<Ty>),
}

/// Errors of the API.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Errors {
    /// The keys of an error object: code, message, details, status, error value.
    pub format: ErrorFormat,
    /// The model of `details`, by Rust name.
    pub details_model: String,
    /// The kinds, one variant each.
    pub kinds: Vec<ErrorKind>,
    /// Rows common to all operations.
    pub common: Vec<ErrorRow>,
    /// How each code maps to kinds, in code order.
    pub rules: Vec<CodeRule>,
}

/// The keys of an error object.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ErrorFormat {
    /// The code key.
    pub code: String,
    /// The message key.
    pub message: String,
    /// The details key.
    pub details: String,
    /// The status key.
    pub status: String,
    /// The status value that marks an error.
    pub error_value: String,
}

/// One meaning an error can have.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ErrorKind {
    /// The variant name.
    pub rust: String,
    /// Its documentation.
    pub doc: String,
    /// What it means, as the spec writes it (the text `ErrorKind::description` returns).
    pub description: String,
    /// Whether retrying may help.
    pub retryable: bool,
    /// Whether a new access token may help.
    pub renew_token: bool,
    /// The codes it comes with, sorted.
    pub codes: Vec<String>,
}

/// A documented error row.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct ErrorRow {
    /// The kind's variant name.
    pub kind: String,
    /// The code.
    pub code: String,
    /// The HTTP status.
    pub status: u16,
    /// The documented message.
    pub message: String,
    /// What to do.
    pub resolution: String,
}

/// How one code maps to kinds.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CodeRule {
    /// The code.
    pub code: String,
    /// Kinds told apart by message text, in spec order: (kind, text).
    pub matched: Vec<(String, String)>,
    /// The kind when no text matches.
    pub fallback: Option<String>,
}

/// An operation.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Operation {
    /// The snake-case name.
    pub name: String,
    /// The request type's name.
    pub rust: String,
    /// The request builder's type name.
    pub builder: String,
    /// The type name of a client call being prepared.
    pub call: String,
    /// The name of the client's method that starts a call (a raw identifier for keywords).
    pub call_method: String,
    /// Its documentation.
    pub doc: String,
    /// The HTTP method, upper case.
    pub method: String,
    /// The path below the base URL.
    pub path: Vec<UrlPart>,
    /// The scope operation types that allow it, in the spec's order.
    pub scopes: Vec<Named>,
    /// The scope template the operation types expand through (empty when it has none).
    pub scope_template: Vec<ScopePart>,
    /// Fixed scopes that also allow it.
    pub extra_scopes: Vec<String>,
    /// Further sets of scopes, each a list of alternatives, that must be held as well.
    pub also_required_scopes: Vec<Vec<Vec<ScopePart>>>,
    /// How its answers are paged, if they are.
    pub pagination: Option<Pagination>,
    /// The Rust name of its module parameter, if it has one.
    pub module_param: Option<String>,
    /// Whether it may be repeated safely.
    pub idempotent: bool,
    /// Its own base URL, when it is not under the API's.
    pub base_url: Option<Vec<UrlPart>>,
    /// The first label of the host it goes to instead of the API domain's, if another.
    pub host_prefix: Option<String>,
    /// Its parameters: of the path, query and headers, the whole URL, multipart parts.
    pub params: Vec<Param>,
    /// The JSON body model, by Rust name.
    pub body: Option<String>,
    /// The kinds of successful answer, in spec order.
    pub answers: Vec<Answer>,
    /// The enum of its answers, when it has several kinds.
    pub output_enum: Option<String>,
    /// Whether an empty body means the answer model's default (one JSON answer only).
    pub empty_is_default: bool,
    /// Notes from the documentation.
    pub notes: Vec<String>,
    /// Documented errors.
    pub errors: Vec<ErrorRow>,
}

/// A parameter: of the path, query or headers, the whole URL, or a multipart part.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Param {
    /// The Rust name.
    pub rust: String,
    /// The spec's name.
    pub name: String,
    /// The name in the template or query.
    pub wire: String,
    /// Where it goes.
    pub location: Location,
    /// The type.
    pub ty: Ty,
    /// Whether it must be given.
    pub required: bool,
    /// Its documentation.
    pub doc: String,
    /// The fewest and most items of a list parameter.
    pub items: (Option<usize>, Option<usize>),
    /// The largest file, in bytes, of a `file` or `list<file>` part.
    pub max_bytes: Option<u64>,
}

/// How a list operation's answers are paged.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Pagination {
    /// The Rust name of the (optional) page number parameter, if it pages by number.
    pub page: Option<String>,
    /// The Rust name of the (optional) page token parameter, if it pages by token.
    pub page_token: Option<String>,
    /// The answer model's field of items: Rust name and presence.
    pub items: (String, Presence),
    /// The type of one item.
    pub item: Ty,
    /// The answer model's field of Zoho's `info`: Rust name and presence.
    pub info: (String, Presence),
    /// The info model's `more_records` field: Rust name and presence.
    pub more_records: (String, Presence),
    /// The info model's `next_page_token` field, if it has one: Rust name and presence.
    pub next_page_token: Option<(String, Presence)>,
}

/// Where a parameter goes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Location {
    /// A segment of the path.
    Path,
    /// A pair of the query.
    Query,
    /// A header.
    Header,
    /// The whole URL, as an earlier answer gave it (checked against the endpoint's hosts
    /// before the token goes there).
    Url,
    /// A part of a `multipart/form-data` body.
    Part,
}

/// One kind of successful answer.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Answer {
    /// The variant of the output enum it becomes, when there are several kinds.
    pub variant: String,
    /// The HTTP statuses it comes with.
    pub statuses: Vec<u16>,
    /// What the body holds.
    pub body: AnswerBody,
}

/// What the body of a successful answer holds.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum AnswerBody {
    /// A JSON model, by Rust name.
    Model(String),
    /// Bytes, with their content type.
    Binary,
    /// Nothing.
    Empty,
}

impl Operation {
    /// All the statuses of success, in spec order.
    pub fn success_statuses(&self) -> Vec<u16> {
        self.answers.iter().flat_map(|answer| answer.statuses.iter().copied()).collect()
    }

    /// The parameter that is the whole URL, if the operation has one.
    pub fn url_param(&self) -> Option<&Param> {
        self.params.iter().find(|param| param.location == Location::Url)
    }

    /// Whether its body is `multipart/form-data` (it has `part` parameters).
    pub fn is_multipart(&self) -> bool {
        self.params.iter().any(|param| param.location == Location::Part)
    }

    /// The answer model, when the operation has exactly one kind of answer and it is JSON.
    pub fn single_model(&self) -> Option<&str> {
        match (self.output_enum.as_ref(), self.answers.as_slice()) {
            (None, [Answer { body: AnswerBody::Model(model), .. }]) => Some(model),
            _ => None,
        }
    }
}

impl Api {
    /// The API's scope template, when it names the module and the API has modules (so
    /// that `Module::scope` makes sense).
    pub fn module_scope_template(&self) -> Option<&[ScopePart]> {
        let template = self.scope_template.as_deref()?;
        (self.modules.is_some() && template.contains(&ScopePart::ModuleName)).then_some(template)
    }

    /// The model called `rust`.
    pub fn model(&self, rust: &str) -> Option<&Model> {
        self.models.iter().find(|model| model.rust == rust)
    }

    /// The enum called `rust`.
    pub fn enum_type(&self, rust: &str) -> Option<&Enum> {
        self.enums.iter().find(|item| item.rust == rust)
    }

    /// Whether some enum value or field is limited to later versions (so requests must
    /// be checked against the version they are sent with).
    pub fn enum_has_since(&self, rust: &str) -> bool {
        self.enum_type(rust).is_some_and(|item| item.values.iter().any(|value| value.since.is_some()))
    }
}
