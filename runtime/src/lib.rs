//! The spec-independent support code that generated clients stand on.
//!
//! Everything here is transport-neutral: requests come out as [`http::Request`]s and
//! responses go in as a status, headers and body bytes, so any HTTP library can carry
//! them. Generated code reaches this module through one path (by default
//! `::zoho_crm_runtime`), which also re-exports the crates it needs, so a crate
//! that generates its own client from its own spec only depends on this one.

mod build_error;
#[cfg(feature = "client")]
pub mod client;
mod errors;
mod ids;
mod outcome;
mod response;
mod rules;
mod scope;
mod secret;
mod url;
mod values;
mod watch;
mod wire;

pub use build_error::{BuildError, BuildErrorKind, FieldPath};
pub use errors::{DocumentedError, ErrorInfo, message_matches};
pub use ids::{IdError, MAX_ID, check_id, deserialize_id, parse_id};
pub use outcome::Outcome;
pub use response::{
    ErrorBody, ErrorFormat, FromErrorBody, ResponseError, ResponsePlan, ServiceError, UnexpectedReason,
    UnexpectedResponse, parse_response, retry_after,
};
pub use rules::{
    check_api_name, check_count_limit, check_item_count, check_not_empty, must_stand_alone, not_in_version,
    unknown_value,
};
pub use scope::{GrantedScopes, ScopeRequirement};
pub use secret::{AccessToken, Secret};
pub use url::{BaseUrl, BaseUrlError, UrlBuilder, build_request, form_encode};
pub use values::{ParseValueError, UnknownValue, deserialize_enum};
pub use wire::{Check, ToWire};

// Re-exported so that generated code needs no dependencies of its own.
pub use chrono;
pub use http;
pub use serde;
pub use serde_json;
