//! Answers other than one JSON model: bytes (a file), no body, and the error of a status
//! that no success of the operation has. Each still recognises Zoho's error objects, so a
//! failed download or a failed call that answers without a body is a typed error too.

use http::header::CONTENT_TYPE;
use http::{HeaderMap, StatusCode};
use serde::de::IgnoredAny;

use crate::decode::response::{
    FromErrorBody, ResponseError, ResponsePlan, UnexpectedReason, UnexpectedResponse, parse_response,
};

/// A binary answer (a file, an image): its bytes and the content type it came with.
#[derive(Clone, PartialEq, Eq)]
pub struct Binary {
    /// The `Content-Type` header, if the answer had one.
    pub content_type: Option<String>,
    /// The bytes of the answer.
    pub bytes: Vec<u8>,
}

impl std::fmt::Debug for Binary {
    // The bytes may be large: say how many rather than printing them.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Binary").field("content_type", &self.content_type).field("len", &self.bytes.len()).finish()
    }
}

/// Whether the answer says it is JSON.
fn is_json(headers: &HeaderMap) -> bool {
    headers
        .get(CONTENT_TYPE)
        .and_then(|value| value.to_str().ok())
        .is_some_and(|value| value.to_ascii_lowercase().contains("json"))
}

/// Reads a binary answer: the bytes when the status is one of `success`, unless the answer
/// is a JSON error object; otherwise the typed error.
pub fn parse_binary<E: FromErrorBody>(
    status: StatusCode,
    headers: &HeaderMap,
    body: &[u8],
    success: &'static [u16],
) -> Result<Binary, ResponseError<E>> {
    let binary = || Binary {
        content_type: headers.get(CONTENT_TYPE).and_then(|value| value.to_str().ok()).map(str::to_owned),
        bytes: body.to_vec(),
    };
    if success.contains(&status.as_u16()) && !is_json(headers) {
        return Ok(binary());
    }
    // A JSON answer is read for an error object; a JSON file that is not one is kept.
    let plan = ResponsePlan { success, empty: Some(|| IgnoredAny) };
    parse_response::<IgnoredAny, E>(status, headers, body, &plan).map(|_| binary())
}

/// Reads an answer that has no content: success when the status is one of `success` (and
/// the body, if any, is not an error object), otherwise the typed error.
pub fn parse_empty<E: FromErrorBody>(
    status: StatusCode,
    headers: &HeaderMap,
    body: &[u8],
    success: &'static [u16],
) -> Result<(), ResponseError<E>> {
    let plan = ResponsePlan { success, empty: Some(|| IgnoredAny) };
    parse_response::<IgnoredAny, E>(status, headers, body, &plan).map(|_| ())
}

/// The error an answer carries when its status is none of the operation's successes:
/// Zoho's error object, typed, or the answer kept whole.
pub fn parse_error<T, E: FromErrorBody>(
    status: StatusCode,
    headers: &HeaderMap,
    body: &[u8],
) -> Result<T, ResponseError<E>> {
    let plan = ResponsePlan { success: &[], empty: None };
    match parse_response::<IgnoredAny, E>(status, headers, body, &plan) {
        Err(error) => Err(error),
        // No status is a success here, so an answer that is not an error is unexpected.
        Ok(_) => {
            Err(ResponseError::Unexpected(UnexpectedResponse::new(status, headers, body, UnexpectedReason::Status)))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::decode::response::{ErrorBody, ErrorFormat};

    #[derive(Debug)]
    struct Failure(String);

    impl FromErrorBody for Failure {
        const FORMAT: ErrorFormat = crate::decode::response::ZOHO_FORMAT;
        fn from_error_body(body: ErrorBody, _: Option<StatusCode>, _: Option<std::time::Duration>) -> Self {
            Failure(body.code)
        }
        fn to_error_json(&self) -> serde_json::Value {
            Self::FORMAT.to_json(&self.0, "", serde_json::Value::Null)
        }
    }

    fn headers(content_type: &str) -> HeaderMap {
        let mut headers = HeaderMap::new();
        headers.insert(CONTENT_TYPE, content_type.parse().unwrap());
        headers
    }

    const ERROR: &[u8] = br#"{"code":"NO_PERMISSION","details":{},"message":"no","status":"error"}"#;

    #[test]
    fn bytes_are_kept_with_their_content_type_and_json_errors_are_typed() {
        let png = parse_binary::<Failure>(StatusCode::OK, &headers("image/png"), b"\x89PNG", &[200]).unwrap();
        assert_eq!((png.content_type.as_deref(), png.bytes.as_slice()), (Some("image/png"), &b"\x89PNG"[..]));
        let json_file = parse_binary::<Failure>(StatusCode::OK, &headers("application/json"), b"[1]", &[200]);
        assert_eq!(json_file.unwrap().bytes, b"[1]");
        let error = parse_binary::<Failure>(StatusCode::OK, &headers("application/json"), ERROR, &[200]);
        assert!(matches!(error, Err(ResponseError::Api(Failure(code))) if code == "NO_PERMISSION"));
        let page = parse_binary::<Failure>(StatusCode::BAD_GATEWAY, &headers("text/html"), b"<html>", &[200]);
        assert!(matches!(page, Err(ResponseError::Unexpected(_))));
    }

    #[test]
    fn empty_answers_succeed_only_on_their_statuses() {
        assert!(parse_empty::<Failure>(StatusCode::NO_CONTENT, &HeaderMap::new(), b"", &[204]).is_ok());
        assert!(parse_empty::<Failure>(StatusCode::OK, &HeaderMap::new(), ERROR, &[200]).is_err());
        assert!(parse_empty::<Failure>(StatusCode::NOT_FOUND, &HeaderMap::new(), b"", &[204]).is_err());
    }

    #[test]
    fn other_statuses_give_the_error_they_carry() {
        let error = parse_error::<(), Failure>(StatusCode::FORBIDDEN, &HeaderMap::new(), ERROR);
        assert!(matches!(error, Err(ResponseError::Api(Failure(code))) if code == "NO_PERMISSION"));
        let other = parse_error::<(), Failure>(StatusCode::OK, &HeaderMap::new(), b"{}");
        assert!(matches!(other, Err(ResponseError::Unexpected(_))));
    }
}
