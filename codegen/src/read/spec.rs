//! The spec as written: the types the YAML file is read into.
//!
//! These types mirror the format described in `spec/README.md`, one type per kind of
//! node. Keys a node does not know are kept in its `unknown` map so that the check stage
//! can report every one of them (with the nearest valid key) instead of stopping at the
//! first. Most keys are optional here even when the format requires them: the check
//! stage reports what is missing, with its location, rather than the reader giving up.

use std::collections::BTreeMap;

use serde::Deserialize;
use serde::de::IgnoredAny;

/// The forms a `source` (the provenance of a sample or an error row) takes: a Zoho doc
/// page's URL, a seed page's file name, a file of Zoho's OpenAPI repository, or
/// `constructed` for an illustrative sample written for the project.
pub const SOURCE_FORMS: &[&str] = &["https://…", "seed:FILE", "oas:PATH", "constructed"];

/// Keys a node did not recognise, in document order of their names.
pub type UnknownKeys = BTreeMap<String, IgnoredAny>;

/// A node of the spec: it knows its valid keys and keeps the others.
pub trait Node {
    /// The keys this node accepts.
    const KEYS: &'static [&'static str];
    /// The keys found that it does not accept.
    fn unknown_keys(&self) -> &UnknownKeys;
}

/// Declares a spec node: the struct, its `Deserialize`, and its list of valid keys.
macro_rules! spec_node {
    (
        $(#[$meta:meta])*
        pub struct $name:ident {
            $( $(#[$field_meta:meta])* pub $field:ident : $ty:ty, )*
        }
    ) => {
        $(#[$meta])*
        #[derive(Clone, Debug, Default, Deserialize)]
        pub struct $name {
            $( $(#[$field_meta])* #[serde(default)] pub $field: $ty, )*
            /// Keys this node does not know; reported by the check stage.
            #[serde(flatten)]
            pub unknown: UnknownKeys,
        }

        impl Node for $name {
            const KEYS: &'static [&'static str] = &[$(stringify!($field)),*];
            fn unknown_keys(&self) -> &UnknownKeys {
                &self.unknown
            }
        }
    };
}

spec_node! {
    /// The whole spec: one API.
    pub struct Spec {
        /// The API's name, e.g. `Share Records`.
        pub name: Option<String>,
        /// What the API does; the generated crate's documentation starts with it.
        pub doc: Option<String>,
        /// The base URL every operation's path extends: `{api-domain}` followed by text and
        /// `{version}`, e.g. `{api-domain}/crm/{version}`.
        pub base_url: Option<String>,
        /// How requests authenticate.
        pub auth: Option<Auth>,
        /// The version requests use unless told otherwise.
        pub default_version: Option<String>,
        /// The API versions, oldest first.
        pub versions: Vec<Version>,
        /// The OAuth scope template and operation types.
        pub scopes: Option<Scopes>,
        /// The modules the API works with (needed when an operation has a module parameter).
        pub modules: Option<Modules>,
        /// The data centres, each with its API and accounts domains.
        pub data_centres: Vec<DataCentre>,
        /// The environments (production, sandbox, …) a data centre hosts.
        pub environments: Vec<Environment>,
        /// Typed ID types.
        pub ids: Vec<IdType>,
        /// Open enums.
        pub enums: Vec<Enum>,
        /// Object models of request and response bodies.
        pub models: Vec<Model>,
        /// The error format, error kinds and errors common to all operations.
        pub errors: Option<Errors>,
        /// The operations.
        pub operations: Vec<Operation>,
    }
}

spec_node! {
    /// How requests carry the access token.
    pub struct Auth {
        /// The header name, e.g. `Authorization`.
        pub header: Option<String>,
        /// The scheme before the token, e.g. `Zoho-oauthtoken`.
        pub scheme: Option<String>,
    }
}

spec_node! {
    /// One API version.
    pub struct Version {
        /// The version as it appears in URLs, e.g. `v2.1`.
        pub name: Option<String>,
        /// What is special about it.
        pub doc: Option<String>,
    }
}

spec_node! {
    /// OAuth scopes.
    pub struct Scopes {
        /// The scope template operations use unless they have their own: `{operation_type}`
        /// once and `{module_name}` at most once.
        pub template: Option<String>,
        /// The operation types a scope can name.
        pub operation_types: Vec<OperationType>,
    }
}

spec_node! {
    /// One operation type of a scope, e.g. `READ`.
    pub struct OperationType {
        /// The name as it appears in scopes.
        pub name: Option<String>,
        /// What it grants.
        pub doc: Option<String>,
    }
}

spec_node! {
    /// The modules the API works with.
    pub struct Modules {
        /// The standard modules.
        pub supported: Vec<StandardModule>,
        /// Custom modules, if supported.
        pub custom: Option<CustomModules>,
        /// Modules the API rejects, with the reason.
        pub unsupported: Vec<UnsupportedModule>,
    }
}

spec_node! {
    /// A standard module.
    pub struct StandardModule {
        /// The API name used in URLs, e.g. `Price_Books`.
        pub api_name: Option<String>,
        /// The name shown to people, e.g. `Price Books`.
        pub display_name: Option<String>,
        /// The name used in scopes, e.g. `pricebooks`.
        pub scope_name: Option<String>,
    }
}

spec_node! {
    /// Custom modules.
    pub struct CustomModules {
        /// The name used in scopes for every custom module.
        pub scope_name: Option<String>,
        /// The longest API name accepted.
        pub max_length: Option<u64>,
        /// What to know about them.
        pub doc: Option<String>,
    }
}

spec_node! {
    /// A module the API does not support.
    pub struct UnsupportedModule {
        /// Its API name.
        pub api_name: Option<String>,
        /// Why it is not supported.
        pub reason: Option<String>,
    }
}

spec_node! {
    /// A data centre.
    pub struct DataCentre {
        /// Its short name, e.g. `US`.
        pub name: Option<String>,
        /// The API domain of its production environment.
        pub api_domain: Option<String>,
        /// The domain of its OAuth server.
        pub accounts_domain: Option<String>,
        /// The domain of its file download host (e.g. `https://download-accl.zoho.com`),
        /// where the URLs that `url` parameters take may also point.
        pub download_domain: Option<String>,
    }
}

spec_node! {
    /// An environment of a data centre.
    pub struct Environment {
        /// Its name, e.g. `sandbox`.
        pub name: Option<String>,
        /// The first label of its API host, replacing `www`.
        pub host_prefix: Option<String>,
        /// What it is.
        pub doc: Option<String>,
    }
}

spec_node! {
    /// A typed ID.
    pub struct IdType {
        /// The Rust type name, e.g. `RecordId`.
        pub name: Option<String>,
        /// What it identifies.
        pub doc: Option<String>,
    }
}

spec_node! {
    /// An open enum: known values, and unknown ones kept as they come.
    pub struct Enum {
        /// The Rust type name.
        pub name: Option<String>,
        /// What it is.
        pub doc: Option<String>,
        /// The known values.
        pub values: Vec<EnumValue>,
    }
}

spec_node! {
    /// One known value of an enum.
    pub struct EnumValue {
        /// The value on the wire.
        pub wire: Option<String>,
        /// The Rust variant name, when the one derived from `wire` will not do.
        pub name: Option<String>,
        /// What it means.
        pub doc: Option<String>,
        /// The first version that accepts it in requests.
        pub since: Option<String>,
    }
}

spec_node! {
    /// An object model.
    pub struct Model {
        /// The Rust type name.
        pub name: Option<String>,
        /// What it is.
        pub doc: Option<String>,
        /// Keep keys the model does not list, so that nothing Zoho sends is lost.
        pub keep_unknown: Option<bool>,
        /// The fields.
        pub fields: Vec<Field>,
    }
}

spec_node! {
    /// A field of a model.
    pub struct Field {
        /// The Rust field name (snake case).
        pub name: Option<String>,
        /// The JSON key, when it differs from `name`.
        pub wire: Option<String>,
        /// The type: a primitive, an ID, enum or model name, `list<T>` or `outcome<T>`.
        pub r#type: Option<String>,
        /// Instead of `type`, when the type changes with the API version: the first
        /// version of each type and the type from it on, e.g. `{v2: string, v7: ParentRef}`.
        pub type_by_version: Option<BTreeMap<String, String>>,
        /// Whether the field is always present (default true).
        pub required: Option<bool>,
        /// Whether a missing field takes its type's default instead of being optional.
        pub default: Option<bool>,
        /// The enum value a missing key stands for (e.g. what versions before the
        /// field's `since` imply).
        pub absent_means: Option<String>,
        /// What it is.
        pub doc: Option<String>,
        /// The first version that has the field.
        pub since: Option<String>,
        /// The field's other JSON key in versions before a given one.
        pub legacy: Option<Legacy>,
        /// The fewest items a list may have in a request.
        pub min_items: Option<u64>,
        /// The most items a list may have in a request.
        pub max_items: Option<u64>,
        /// Per-value limits on the items of a list.
        pub max_items_by: Option<MaxItemsBy>,
        /// An item matching this must be the only item of the list.
        pub alone_when: Option<AloneWhen>,
        /// Whether Zoho may send one object where the list is documented (in some
        /// versions): it is read as a list of one. Only for `list<T>` fields.
        pub one_or_list: Option<bool>,
    }
}

impl Field {
    /// Every type text of the field: its `type`, or each type of `type_by_version`.
    pub fn type_texts(&self) -> impl Iterator<Item = &String> {
        self.r#type.iter().chain(self.type_by_version.iter().flat_map(BTreeMap::values))
    }
}

spec_node! {
    /// A field's JSON key in older versions.
    pub struct Legacy {
        /// The first version that uses the field's current key.
        pub before: Option<String>,
        /// The key used before it.
        pub wire: Option<String>,
    }
}

spec_node! {
    /// Limits on how many items of a list may have each value of an enum key.
    pub struct MaxItemsBy {
        /// The path of the enum field inside an item, e.g. `shared_with.sharee_type`.
        pub key: Option<String>,
        /// The most items per wire value.
        pub limits: BTreeMap<String, u64>,
    }
}

spec_node! {
    /// A rule that an item with a given key value must stand alone in its list.
    pub struct AloneWhen {
        /// The path of the enum field inside an item.
        pub key: Option<String>,
        /// The wire value that must stand alone.
        pub equals: Option<String>,
    }
}

spec_node! {
    /// The errors of the API.
    pub struct Errors {
        /// The keys of an error object.
        pub format: Option<ErrorFormat>,
        /// The meanings errors can have; each becomes a variant of the error enum.
        pub kinds: Vec<ErrorKind>,
        /// Errors every operation can answer with.
        pub common: Vec<ErrorRow>,
        /// Named lists of rows that the operations naming them in `error_groups` answer
        /// with, written once for all of them.
        pub groups: Vec<ErrorGroup>,
    }
}

spec_node! {
    /// A named list of error rows shared by several operations.
    pub struct ErrorGroup {
        /// The name operations give in `error_groups`.
        pub name: Option<String>,
        /// What the rows have in common.
        pub doc: Option<String>,
        /// Messages documented for the group's codes without saying which code each goes
        /// with; a row of the group without a `message` may come with any of them.
        pub messages: Vec<String>,
        /// The rows.
        pub rows: Vec<ErrorRow>,
    }
}

spec_node! {
    /// The keys of an error object.
    pub struct ErrorFormat {
        /// The key of the error code.
        pub code: Option<String>,
        /// The key of the message.
        pub message: Option<String>,
        /// The key of the details object.
        pub details: Option<String>,
        /// The key whose value marks an error.
        pub status: Option<String>,
        /// The value of `status` that marks an error.
        pub error_value: Option<String>,
        /// The model of the details object.
        pub details_model: Option<String>,
    }
}

spec_node! {
    /// One meaning an error can have.
    pub struct ErrorKind {
        /// The Rust variant name.
        pub name: Option<String>,
        /// What it means.
        pub doc: Option<String>,
        /// Text of the message that tells this kind apart from others sharing its code.
        pub r#match: Option<String>,
        /// Whether retrying may help.
        pub retryable: Option<bool>,
        /// Whether it means the access token is invalid or expired, so that a new token
        /// may help (a client renews its token once and tries again).
        pub renew_token: Option<bool>,
    }
}

spec_node! {
    /// One documented error: a row of a "Possible Errors" list.
    pub struct ErrorRow {
        /// The kind (meaning) of the error.
        pub kind: Option<String>,
        /// The error code.
        pub code: Option<String>,
        /// The HTTP status.
        pub status: Option<i64>,
        /// The documented message; a row of an error group with `messages` may leave it
        /// out, for a code that comes with any of the group's messages.
        pub message: Option<String>,
        /// What to do about it.
        pub resolution: Option<String>,
        /// Where the row comes from (see [`SOURCE_FORMS`]).
        pub source: Option<String>,
    }
}

spec_node! {
    /// One operation.
    pub struct Operation {
        /// The Rust method name (snake case), e.g. `get_shared_record_details`.
        pub name: Option<String>,
        /// What it does.
        pub doc: Option<String>,
        /// The HTTP method.
        pub method: Option<String>,
        /// The path below the base URL, starting with `/`, with a `{placeholder}` per path
        /// parameter; or, for an operation whose whole URL an earlier answer gives, only the
        /// placeholder of its `url` parameter (`{download_url}`).
        pub path: Option<String>,
        /// The base URL of this operation, instead of the API's (`{api-domain}`, text and
        /// `{version}`), for an operation under another path than the others.
        pub base_url: Option<String>,
        /// The first label of the host the operation goes to instead of the API domain's
        /// (`content` for `content.zohoapis.com`), when the API domain is a Zoho API host.
        pub host_prefix: Option<String>,
        /// The scope operation types that allow it; any one is enough.
        pub scopes: Vec<String>,
        /// The scope template of this operation, instead of the API's.
        pub scope_template: Option<String>,
        /// Fixed scopes that also allow it (or alone allow it).
        pub extra_scopes: Vec<String>,
        /// Further sets of scopes that must be held as well: the token needs one scope of
        /// `scopes` and `extra_scopes`, and one of each set here. A scope of a set may
        /// name `{module_name}`.
        pub also_required_scopes: Vec<Vec<String>>,
        /// Whether sending it twice has the effect of sending it once.
        pub idempotent: Option<bool>,
        /// The path, query and header parameters, the `url` parameter, and the parts of a
        /// multipart body (`location: part`).
        pub params: Vec<Param>,
        /// The model of the JSON request body, if any (not with `part` parameters).
        pub body: Option<String>,
        /// The successful answer, when there is one kind.
        pub response: Option<Response>,
        /// The successful answers by status, when there are several kinds.
        pub responses: Vec<ResponseEntry>,
        /// Notes from the documentation.
        pub notes: Vec<String>,
        /// The names of the error groups (`errors.groups`) whose rows it answers with too.
        pub error_groups: Vec<String>,
        /// The documented errors.
        pub errors: Vec<ErrorRow>,
        /// The documentation's sample requests and answers.
        pub samples: Option<Samples>,
        /// How a list operation's answers are paged, so that a client can walk every page.
        pub pagination: Option<Pagination>,
    }
}

spec_node! {
    /// How a list operation pages: the query parameters that ask for a page and the
    /// answer's fields that hold the items and Zoho's `info`.
    pub struct Pagination {
        /// The `integer` query parameter of the page number (by `name`), if it pages by number.
        pub page: Option<String>,
        /// The `integer` query parameter of the page size (by `name`), if it has one.
        pub per_page: Option<String>,
        /// The `string` query parameter of the page token (by `name`), if it pages by token.
        pub page_token: Option<String>,
        /// The answer model's `list<T>` field that holds a page's items (by `name`).
        pub items: Option<String>,
        /// The answer model's field that holds Zoho's `info` (by `name`): a model with a
        /// `bool` field of wire name `more_records` and, for `page_token`, a `string` field
        /// of wire name `next_page_token`.
        pub info: Option<String>,
    }
}

spec_node! {
    /// A parameter: of the path, the query or the headers, the whole URL, or a part of a
    /// multipart body.
    pub struct Param {
        /// The Rust name (snake case).
        pub name: Option<String>,
        /// The name in the URL template or query, when it differs from `name`.
        pub wire: Option<String>,
        /// `path`, `query`, `header`, `url` (the operation's whole URL, as an earlier answer
        /// gave it) or `part` (a part of a `multipart/form-data` body).
        pub location: Option<String>,
        /// The type: `module`, an ID, an enum, `string`, `integer`, `number`, `bool`,
        /// `datetime`, (in the query) a `list<T>` of the others but `module`, or (in a part)
        /// `file` or `list<file>`.
        pub r#type: Option<String>,
        /// Whether it must be given (default true).
        pub required: Option<bool>,
        /// What it is.
        pub doc: Option<String>,
        /// The fewest items of a `list<T>` parameter.
        pub min_items: Option<u64>,
        /// The most items of a `list<T>` parameter.
        pub max_items: Option<u64>,
        /// The largest file a `file` part (or each file of a `list<file>` part) may be, in
        /// bytes.
        pub max_bytes: Option<u64>,
    }
}

spec_node! {
    /// The successful answer of an operation.
    pub struct Response {
        /// Its model.
        pub model: Option<String>,
        /// The HTTP statuses of success.
        pub statuses: Vec<i64>,
        /// What an empty body means: `empty` (the model's default) or `error` (default).
        pub no_content: Option<String>,
    }
}

spec_node! {
    /// One kind of successful answer, when an operation has several.
    pub struct ResponseEntry {
        /// The HTTP statuses it comes with.
        pub statuses: Vec<i64>,
        /// Its model, for a JSON answer.
        pub model: Option<String>,
        /// Whether the answer is bytes (a file), kept with its content type.
        pub binary: Option<bool>,
        /// Whether the answer has no body.
        pub empty: Option<bool>,
    }
}

spec_node! {
    /// The documentation's samples for an operation.
    pub struct Samples {
        /// Sample requests.
        pub requests: Vec<SampleRequest>,
        /// Sample answers.
        pub responses: Vec<SampleResponse>,
    }
}

spec_node! {
    /// A sample request, as the documentation shows it.
    pub struct SampleRequest {
        /// Where it comes from, e.g. `curl`.
        pub title: Option<String>,
        /// The HTTP method.
        pub method: Option<String>,
        /// The full URL.
        pub url: Option<String>,
        /// The headers shown.
        pub headers: BTreeMap<String, String>,
        /// The JSON body, if any.
        pub body: Option<String>,
        /// Where the sample comes from (see [`SOURCE_FORMS`]).
        pub source: Option<String>,
    }
}

spec_node! {
    /// A sample answer.
    pub struct SampleResponse {
        /// What it shows.
        pub title: Option<String>,
        /// The HTTP status.
        pub status: Option<i64>,
        /// The API version that answered, when the sample shows one.
        pub version: Option<String>,
        /// The JSON body.
        pub body: Option<String>,
        /// The error kind it stands for, when it is an error.
        pub error: Option<String>,
        /// Where the sample comes from (see [`SOURCE_FORMS`]).
        pub source: Option<String>,
    }
}

impl Spec {
    /// The whole URL template of an operation: the base URL followed by its path (its
    /// path alone when the whole URL is a parameter).
    pub fn url_template(&self, operation: &Operation) -> Option<String> {
        if operation.is_whole_url() {
            return operation.path.as_deref().map(|path| path.trim().to_owned());
        }
        let base = operation.base_url.as_deref().or(self.base_url.as_deref())?;
        Some(format!("{}{}", base.trim(), operation.path.as_deref()?.trim()))
    }

    /// The error object a documented row stands for, in the keys of the spec's
    /// `errors.format`, with empty details; `None` if the format or the row lacks a key.
    pub fn error_object(&self, row: &ErrorRow) -> Option<serde_json::Value> {
        let format = self.errors.as_ref()?.format.as_ref()?;
        let mut object = serde_json::Map::new();
        object.insert(format.code.clone()?, row.code.clone()?.into());
        object.insert(format.details.clone()?, serde_json::Value::Object(serde_json::Map::new()));
        object.insert(format.message.clone()?, row.message.clone()?.into());
        object.insert(format.status.clone()?, format.error_value.clone()?.into());
        Some(serde_json::Value::Object(object))
    }
}

impl Operation {
    /// Whether its whole URL is a parameter (`location: url`), which an earlier answer gave.
    pub fn is_whole_url(&self) -> bool {
        self.params.iter().any(|param| param.location.as_deref().map(str::trim) == Some("url"))
    }

    /// The rows of the error groups this operation names, then its own rows. A name that
    /// names no group adds nothing (the check stage reports it).
    pub fn error_rows<'s>(&'s self, spec: &'s Spec) -> impl Iterator<Item = &'s ErrorRow> {
        let groups = spec.errors.iter().flat_map(|errors| &errors.groups);
        let named = self.error_groups.iter().flat_map(move |name| {
            groups.clone().filter(move |group| group.name.as_deref() == Some(name.as_str())).take(1)
        });
        named.flat_map(|group| &group.rows).chain(&self.errors)
    }

    /// The sample requests, if any.
    pub fn sample_requests(&self) -> &[SampleRequest] {
        self.samples.as_ref().map_or(&[], |samples| &samples.requests)
    }

    /// The sample answers, if any.
    pub fn sample_responses(&self) -> &[SampleResponse] {
        self.samples.as_ref().map_or(&[], |samples| &samples.responses)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn raw_identifiers_are_listed_by_their_wire_names() {
        assert!(Field::KEYS.contains(&"r#type"));
        assert!(ErrorKind::KEYS.contains(&"r#match"));
    }
}
