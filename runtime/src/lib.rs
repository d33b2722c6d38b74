//! The spec-independent support code that generated clients stand on.
//!
//! Everything here is transport-neutral: requests come out as [`http::Request`]s and
//! responses go in as a status, headers and body bytes, so any HTTP library can carry
//! them. Generated code reaches this module through one path (by default
//! `::zoho_crm_runtime`), which also re-exports the crates it needs, so a crate
//! that generates its own client from its own spec only depends on this one.
//!
//! What every generated client has in the same shape lives here once, and generated code
//! stands on it as plain items: the [`Operation`] trait its requests implement, the
//! [`Endpoint`] of its version enum, [`ModuleError`], [`CustomModule`], [`Scope`] and the
//! typed [`Id`], and traits with default methods for the items whose shape is fixed and
//! whose content comes from the spec: [`ValueEnum`] (versions, data centres, environments,
//! scope operation types), [`OpenEnum`], [`Modules`], [`ErrorKindEnum`] and [`ErrorEnum`].
//! A generated file declares each item with its data and implements these traits; its
//! methods and standard impls are one-line calls of theirs, so the file shows every
//! item's API and each call leads to the code that does the work.
//!
//! Uploads send a [`MultipartForm`] of text fields and [`FilePart`]s
//! ([`ApiInfo::multipart_request`]), and [`parse_multipart`] reads such bodies back for
//! test servers. An operation whose URL an earlier answer gave (a `download_url`) starts
//! with [`begin_request_at`], whose [`UrlBuilder::given`] refuses any URL but the
//! endpoint's own hosts' (its origin, its `zohoapis` family and its data centre's
//! download domain) before a token is attached;
//! [`begin_request_on`] sends an operation to another host of the API, such as
//! `content.zohoapis.com` for bulk uploads.
//!
//! Generated code names the [`contract`] version it was made for; a runtime with another
//! contract refuses it at compile time with one message naming both.

mod api_info;
mod build_error;
#[cfg(feature = "client")]
pub mod client;
pub mod contract;
mod decode;
mod endpoint;
mod enums;
mod errors;
mod headers;
mod ids;
mod lists;
mod module;
mod multipart;
mod operation;
mod paging;
mod rules;
mod scope;
mod secret;
mod typed_id;
mod url;
mod values;
mod wire;

pub use api_info::{ApiInfo, ListRule, match_path};
pub use build_error::{BuildError, BuildErrorKind, FieldPath};
pub use decode::{
    Binary, ErrorBody, ErrorFormat, FromErrorBody, Outcome, ResponseError, ResponsePlan, ServiceError,
    UnexpectedReason, UnexpectedResponse, parse_binary, parse_empty, parse_error, parse_response, retry_after,
};
pub use endpoint::{Endpoint, Environments, Region, Version};
pub use enums::{OpenEnum, ValueEnum};
pub use errors::{DocumentedError, ErrorEnum, ErrorInfo, ErrorKindEnum, message_matches, undocumented_is_retryable};
pub use headers::set_header;
pub use ids::{IdError, MAX_ID, check_id, deserialize_id, parse_id};
pub use lists::{one_or_list, one_or_list_option};
pub use module::{CustomModule, CustomModules, ModuleError, Modules, find_module};
pub use multipart::{FilePart, MultipartError, MultipartForm, ReceivedPart, parse_multipart};
pub use operation::{DocumentedErrors, Operation, begin_request, begin_request_at, begin_request_on, json_body};
pub use paging::{DEFAULT_MAX_PAGES, NextPage, PageInfo, PageWalk, Paged, PagingError};
pub use rules::{
    check_api_name, check_count_limit, check_file_size, check_file_sizes, check_item_count, check_not_empty,
    must_stand_alone, not_in_version, required, unknown_value,
};
pub use scope::{GrantedScopes, Scope, ScopeRequirement};
pub use secret::{AccessToken, Secret};
pub use typed_id::{Id, IdKind};
pub use url::{BaseUrl, BaseUrlError, UrlBuilder, build_request, form_decode, form_encode, form_pairs};
pub use values::{ParseValueError, UnknownValue, deserialize_enum};
pub use wire::{Check, ToWire, WireObject, check_since};

// Re-exported so that generated code needs no dependencies of its own.
pub use chrono;
pub use http;
pub use serde;
pub use serde_json;
