//! Decoding answers: a status, headers and body in; a typed answer or a typed error out.
//!
//! One job in four parts:
//! - [`response`]: the entry point for an operation's answer: tells Zoho's error objects
//!   from successes (by their keys first, by the HTTP status second), reads `Retry-After`,
//!   and keeps what it could not understand ([`UnexpectedResponse`]);
//! - [`watch`]: reads a JSON answer straight into its typed shape while watching for error
//!   objects, so the common case is not read twice;
//! - [`outcome`]: one item of a per-item result list, a success or a typed error;
//! - [`answers`]: answers other than one JSON model (bytes, no body, an error status no
//!   success has).

pub(crate) mod answers;
pub(crate) mod outcome;
pub(crate) mod response;
pub(crate) mod watch;

pub use answers::{Binary, parse_binary, parse_empty, parse_error};
pub use outcome::Outcome;
pub use response::{
    ErrorBody, ErrorFormat, FromErrorBody, ResponseError, ResponsePlan, ServiceError, UnexpectedReason,
    UnexpectedResponse, parse_response, retry_after,
};
