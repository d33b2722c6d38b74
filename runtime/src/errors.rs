//! The parts of typed Zoho errors that do not depend on the spec.

use std::time::Duration;

use http::StatusCode;

use serde::Serialize;
use serde::de::DeserializeOwned;

use crate::decode::{ErrorBody, ErrorFormat, FromErrorBody, ServiceError};

/// What every Zoho error carries: its code, message, HTTP status, details and raw body.
///
/// `D` is the spec's model of the `details` object.
#[derive(Clone, Debug, PartialEq)]
#[non_exhaustive]
pub struct ErrorInfo<D> {
    /// The error code, e.g. `INVALID_DATA`.
    pub code: String,
    /// The message, e.g. `ENTITY_ID_INVALID`.
    pub message: String,
    /// The HTTP status of the answer; `None` for an error inside a list of per-item results.
    pub status: Option<StatusCode>,
    /// The details, as far as they match the model (the raw body has all of them).
    pub details: D,
    /// The text of the answer the error came in.
    pub raw_body: String,
    /// How long the answer asked to wait before retrying (`Retry-After`).
    pub retry_after: Option<Duration>,
}

impl<D> ErrorInfo<D> {
    /// An error with these parts.
    pub fn new(
        code: String,
        message: String,
        status: Option<StatusCode>,
        details: D,
        raw_body: String,
        retry_after: Option<Duration>,
    ) -> Self {
        ErrorInfo { code, message, status, details, raw_body, retry_after }
    }
}

impl<D> std::fmt::Display for ErrorInfo<D> {
    /// The code, the HTTP status if any, and the message if any:
    /// `INVALID_DATA (HTTP 400): the id given seems to be invalid`.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.code)?;
        if let Some(status) = self.status {
            write!(f, " (HTTP {})", status.as_u16())?;
        }
        if !self.message.is_empty() {
            write!(f, ": {}", self.message)?;
        }
        Ok(())
    }
}

/// Whether an error the documentation does not list may pass when sent again: when
/// rate-limited (429) or on a server error.
pub fn undocumented_is_retryable(status: Option<StatusCode>) -> bool {
    status.is_some_and(|status| status == StatusCode::TOO_MANY_REQUESTS || status.is_server_error())
}

/// A generated error enum (`ApiError`): one variant per documented kind of error, each
/// holding the [`ErrorInfo`] of the answer, and one for undocumented errors.
///
/// Generated code implements the four required items; reading error objects
/// ([`FromErrorBody`]) and what a client needs to decide on a retry ([`ServiceError`])
/// come with the trait.
pub trait ErrorEnum: std::error::Error + Send + Sync + Sized + 'static {
    /// The enum of documented kinds (`ErrorKind`).
    type Kind: ErrorKindEnum;
    /// The spec's model of the `details` object.
    type Details: Default + Serialize + DeserializeOwned;
    /// The keys of the API's error objects.
    const FORMAT: ErrorFormat;

    /// Classifies an error by its code and message.
    fn from_info(info: ErrorInfo<Self::Details>) -> Self;

    /// The documented meaning; `None` for an undocumented error.
    fn kind(&self) -> Option<Self::Kind>;

    /// Everything the error carries.
    fn info(&self) -> &ErrorInfo<Self::Details>;

    /// Whether sending the same request again may succeed: documented kinds say so
    /// themselves; undocumented errors may pass when rate-limited or on a server error.
    fn is_retryable(&self) -> bool {
        match self.kind() {
            Some(kind) => kind.is_retryable(),
            None => undocumented_is_retryable(self.info().status),
        }
    }
}

/// A generated enum of documented error kinds (`ErrorKind`): what a client needs to know
/// of a kind.
pub trait ErrorKindEnum: Copy + std::fmt::Debug + 'static {
    /// Whether sending the same request again may succeed.
    fn is_retryable(self) -> bool;

    /// Whether the kind means the access token is invalid or expired.
    fn renews_token(self) -> bool;
}

impl<E: ErrorEnum> FromErrorBody for E {
    const FORMAT: ErrorFormat = E::FORMAT;

    fn from_error_body(body: ErrorBody, status: Option<StatusCode>, retry_after: Option<Duration>) -> E {
        // Details that do not fit the model still travel in the raw body.
        let details = serde_json::from_value::<E::Details>(body.details).unwrap_or_default();
        E::from_info(ErrorInfo::new(body.code, body.message, status, details, body.raw, retry_after))
    }

    fn to_error_json(&self) -> serde_json::Value {
        let info = self.info();
        let details = serde_json::to_value(&info.details).unwrap_or_default();
        E::FORMAT.to_json(&info.code, &info.message, details)
    }
}

impl<E: ErrorEnum> ServiceError for E {
    fn is_retryable(&self) -> bool {
        ErrorEnum::is_retryable(self)
    }

    fn retry_after(&self) -> Option<Duration> {
        self.info().retry_after
    }

    fn renews_token(&self) -> bool {
        self.kind().is_some_and(ErrorKindEnum::renews_token)
    }
}

/// One row of the documentation's "Possible Errors" list.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct DocumentedError<K: 'static> {
    /// What the error means.
    pub kind: K,
    /// The error code.
    pub code: &'static str,
    /// The HTTP status Zoho answers with.
    pub status: u16,
    /// The documented message.
    pub message: &'static str,
    /// What to do about it.
    pub resolution: &'static str,
}

/// Whether `message` contains `pattern`, ignoring ASCII case: how error rows that share a
/// code are told apart.
pub fn message_matches(message: &str, pattern: &str) -> bool {
    let pattern = pattern.as_bytes();
    pattern.is_empty() || message.as_bytes().windows(pattern.len()).any(|window| window.eq_ignore_ascii_case(pattern))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn messages_match_without_regard_to_case() {
        assert!(message_matches("Scheduler is running.", "scheduler is running"));
        assert!(message_matches("The given module is not supported in API", "NOT SUPPORTED"));
        assert!(!message_matches("invalid data", "ENTITY_ID_INVALID"));
        assert!(!message_matches("", "x"));
    }
}
