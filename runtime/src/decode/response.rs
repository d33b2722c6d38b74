//! Turning a status, headers and body into a typed answer or a typed error.
//!
//! Zoho marks errors by the keys of the JSON object (`"status": "error"` next to a
//! `code`), and has sent them inside HTTP 200 too, so errors are recognised by their keys
//! first and by the HTTP status second.

use std::fmt;
use std::time::{Duration, SystemTime};

use http::header::{CONTENT_TYPE, RETRY_AFTER};
use http::{HeaderMap, StatusCode};
use serde::de::DeserializeOwned;
use serde_json::Value;

use super::outcome::read_items_directly;
use super::watch::deserialize_answer;

/// The keys of an error object, from the spec's `errors.format`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ErrorFormat {
    /// The key of the error code, e.g. `code`.
    pub code: &'static str,
    /// The key of the message, e.g. `message`.
    pub message: &'static str,
    /// The key of the details object, e.g. `details`.
    pub details: &'static str,
    /// The key that says whether the object is an error, e.g. `status`.
    pub status: &'static str,
    /// The value of `status` that marks an error, e.g. `error`.
    pub error_value: &'static str,
}

impl ErrorFormat {
    /// Whether `value` is an error object. `lenient` also accepts an object with a code and
    /// a message but no status key (for answers whose HTTP status already says "error").
    pub fn is_error(&self, value: &Value, lenient: bool) -> bool {
        let Some(object) = value.as_object() else {
            return false;
        };
        let has_code = object.get(self.code).is_some_and(Value::is_string);
        match object.get(self.status) {
            Some(Value::String(status)) => has_code && status.eq_ignore_ascii_case(self.error_value),
            Some(_) => false,
            None => lenient && has_code && object.get(self.message).is_some_and(Value::is_string),
        }
    }

    /// The parts of an error object; `raw` is the text it came from.
    pub fn error_body(&self, value: &Value, raw: String) -> ErrorBody {
        let text = |key: &str| value.get(key).and_then(Value::as_str).unwrap_or_default().to_owned();
        ErrorBody {
            code: text(self.code),
            message: text(self.message),
            details: value.get(self.details).cloned().unwrap_or(Value::Null),
            raw,
        }
    }

    /// An error object with these keys.
    pub fn to_json(&self, code: &str, message: &str, details: Value) -> Value {
        let mut object = serde_json::Map::with_capacity(4);
        object.insert(self.code.to_owned(), Value::from(code));
        object.insert(self.details.to_owned(), details);
        object.insert(self.message.to_owned(), Value::from(message));
        object.insert(self.status.to_owned(), Value::from(self.error_value));
        Value::Object(object)
    }
}

/// An error object as it came off the wire.
#[derive(Clone, Debug, PartialEq)]
pub struct ErrorBody {
    /// The error code, e.g. `INVALID_DATA`.
    pub code: String,
    /// The message, e.g. `ENTITY_ID_INVALID`.
    pub message: String,
    /// The details object, `Null` when absent.
    pub details: Value,
    /// The text the error came in.
    pub raw: String,
}

/// A typed error that can be made from an error object: the generated error enum.
pub trait FromErrorBody: Sized {
    /// The keys of error objects.
    const FORMAT: ErrorFormat;

    /// Classifies an error object. `status` is the HTTP status of the answer it came in,
    /// or `None` for an error inside a list of per-item results.
    fn from_error_body(body: ErrorBody, status: Option<StatusCode>, retry_after: Option<Duration>) -> Self;

    /// The error as a JSON error object again.
    fn to_error_json(&self) -> Value;
}

/// What a client needs to know of a typed error to decide what to do next.
pub trait ServiceError: FromErrorBody + std::error::Error + Send + Sync + 'static {
    /// Whether sending the same request again may succeed.
    fn is_retryable(&self) -> bool;

    /// How long the answer asked to wait before retrying.
    fn retry_after(&self) -> Option<Duration>;

    /// Whether the access token was rejected as invalid or expired, so that a new token
    /// may succeed.
    fn renews_token(&self) -> bool;
}

/// What a successful answer to an operation looks like.
#[derive(Debug)]
pub struct ResponsePlan<T> {
    /// The HTTP statuses of success.
    pub success: &'static [u16],
    /// The answer an empty body stands for (e.g. a 204 to a query), if any.
    pub empty: Option<fn() -> T>,
}

impl<T> ResponsePlan<T> {
    /// Success on these statuses, each with a body.
    pub const fn success(statuses: &'static [u16]) -> Self {
        ResponsePlan { success: statuses, empty: None }
    }

    /// Success on these statuses, where an empty body stands for `T::default()`.
    pub const fn or_default(statuses: &'static [u16]) -> Self
    where
        T: Default,
    {
        ResponsePlan { success: statuses, empty: Some(T::default) }
    }
}

/// Parses an answer into `T`, or into the typed error `E`.
///
/// The common case (a success status, and a body of the documented shape with no error
/// object where one is looked for) is read in one pass; anything else goes to a second,
/// slower reading that finds the error or says what is wrong.
#[inline]
pub fn parse_response<T: DeserializeOwned, E: FromErrorBody>(
    status: StatusCode,
    headers: &HeaderMap,
    body: &[u8],
    plan: &ResponsePlan<T>,
) -> Result<T, ResponseError<E>> {
    if plan.success.contains(&status.as_u16()) {
        if let Some(answer) = parse_success(body, &E::FORMAT) {
            return Ok(answer);
        }
    }
    parse_otherwise(status, headers, body, plan)
}

/// Everything [`parse_response`] does not settle in one pass: empty bodies, errors,
/// unexpected statuses and shapes, and successes the one pass could not tell from errors.
#[inline(never)]
fn parse_otherwise<T: DeserializeOwned, E: FromErrorBody>(
    status: StatusCode,
    headers: &HeaderMap,
    body: &[u8],
    plan: &ResponsePlan<T>,
) -> Result<T, ResponseError<E>> {
    let success = plan.success.contains(&status.as_u16());
    let unexpected = |reason| ResponseError::Unexpected(UnexpectedResponse::new(status, headers, body, reason));
    if body.iter().all(u8::is_ascii_whitespace) {
        return match plan.empty {
            Some(empty) if success || status == StatusCode::NO_CONTENT => Ok(empty()),
            _ => Err(unexpected(UnexpectedReason::EmptyBody)),
        };
    }
    let value: Value = serde_json::from_slice(body).map_err(|err| {
        unexpected(if err.is_eof() {
            UnexpectedReason::Truncated(err.to_string())
        } else {
            UnexpectedReason::NotJson(err.to_string())
        })
    })?;
    if let Some(error) = find_error(&value, &E::FORMAT, success) {
        let raw = String::from_utf8_lossy(body).into_owned();
        let error_body = E::FORMAT.error_body(error, raw);
        return Err(ResponseError::Api(E::from_error_body(error_body, Some(status), retry_after(headers))));
    }
    if !success {
        return Err(unexpected(UnexpectedReason::Status));
    }
    T::deserialize(value).map_err(|err| unexpected(UnexpectedReason::Shape(err.to_string())))
}

/// The typed answer read straight from the bytes, if it parses and carries no error object
/// where [`find_error`] looks on success (the answer itself, or the one value of a wrapper
/// key, or an item of a per-item list). `None` sends the answer down the slow path, which
/// finds the error or the reason (an empty body does not parse, so it goes there too).
#[inline]
fn parse_success<T: DeserializeOwned>(body: &[u8], format: &ErrorFormat) -> Option<T> {
    let mut deserializer = serde_json::Deserializer::from_slice(body);
    let watched = read_items_directly(|| deserialize_answer::<T, _>(&mut deserializer, format));
    match watched.parsed {
        Ok(answer) if !watched.maybe_error && deserializer.end().is_ok() => Some(answer),
        _ => None,
    }
}

/// Finds the error an answer carries: the answer itself, an error object that is the one
/// value of a wrapper key (`{"share": {...error...}}`), or, when the HTTP status is not one
/// of success, the first error in a wrapped list of per-item results.
fn find_error<'v>(value: &'v Value, format: &ErrorFormat, success: bool) -> Option<&'v Value> {
    if format.is_error(value, !success) {
        return Some(value);
    }
    let object = value.as_object()?;
    let mut values = object.values();
    let (Some(only), None) = (values.next(), values.next()) else {
        return None;
    };
    match only {
        Value::Object(_) if format.is_error(only, !success) => Some(only),
        Value::Array(items) if !success => items.iter().find(|item| format.is_error(item, true)),
        _ => None,
    }
}

/// How long a `Retry-After` header asks to wait, by one rule for every form it takes:
///
/// - delta-seconds (digits only) of any size: one too large for a `u64` asks for as long
///   as `u64::MAX` seconds, so that every wait too long to honour ends the same way;
/// - an HTTP-date (the IMF-fixdate, or the obsolete RFC 850 and asctime forms): the time
///   until then, zero if it has passed;
/// - anything else (a sign, a fraction, garbage, a header that is not text) asks for
///   nothing, and the client's own backoff applies.
pub fn retry_after(headers: &HeaderMap) -> Option<Duration> {
    let text = headers.get(RETRY_AFTER)?.to_str().ok()?.trim();
    if !text.is_empty() && text.bytes().all(|b| b.is_ascii_digit()) {
        return Some(Duration::from_secs(text.parse::<u64>().unwrap_or(u64::MAX)));
    }
    let when =
        chrono::DateTime::parse_from_rfc2822(text).map(|when| when.with_timezone(&chrono::Utc)).ok().or_else(|| {
            ["%A, %d-%b-%y %H:%M:%S GMT", "%a %b %e %H:%M:%S %Y"]
                .iter()
                .find_map(|format| chrono::NaiveDateTime::parse_from_str(text, format).ok().map(|when| when.and_utc()))
        })?;
    Some(SystemTime::from(when).duration_since(SystemTime::now()).unwrap_or(Duration::ZERO))
}

/// Why an answer could not be used.
#[derive(Debug)]
pub enum ResponseError<E> {
    /// Zoho answered with an error, documented or not.
    Api(E),
    /// The answer is not what the API documents (not JSON, cut short, an unexpected
    /// status or shape); the status and body are kept.
    Unexpected(UnexpectedResponse),
}

impl<E> ResponseError<E> {
    /// The Zoho error, if that is what this is.
    pub fn api_error(&self) -> Option<&E> {
        match self {
            ResponseError::Api(error) => Some(error),
            ResponseError::Unexpected(_) => None,
        }
    }

    /// The unreadable answer, if that is what this is.
    pub fn unexpected(&self) -> Option<&UnexpectedResponse> {
        match self {
            ResponseError::Api(_) => None,
            ResponseError::Unexpected(unexpected) => Some(unexpected),
        }
    }
}

impl<E: fmt::Display> fmt::Display for ResponseError<E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ResponseError::Api(error) => error.fmt(f),
            ResponseError::Unexpected(unexpected) => unexpected.fmt(f),
        }
    }
}

impl<E: std::error::Error> std::error::Error for ResponseError<E> {}

/// An answer that could not be understood, with everything needed to look into it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct UnexpectedResponse {
    status: StatusCode,
    content_type: Option<String>,
    retry_after: Option<Duration>,
    body: String,
    reason: UnexpectedReason,
}

/// What was wrong with an answer.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum UnexpectedReason {
    /// The body was empty where an answer was due.
    EmptyBody,
    /// The body is not JSON (an HTML error page, say).
    NotJson(String),
    /// The body is JSON cut short.
    Truncated(String),
    /// The JSON does not have the documented shape.
    Shape(String),
    /// The HTTP status is not one of success, and the body is not an error object.
    Status,
}

impl UnexpectedResponse {
    /// Keeps the status, the content type and the body (decoded lossily as UTF-8).
    pub fn new(status: StatusCode, headers: &HeaderMap, body: &[u8], reason: UnexpectedReason) -> Self {
        let content_type = headers.get(CONTENT_TYPE).and_then(|value| value.to_str().ok()).map(str::to_owned);
        let retry_after = retry_after(headers);
        UnexpectedResponse {
            status,
            content_type,
            retry_after,
            body: String::from_utf8_lossy(body).into_owned(),
            reason,
        }
    }

    /// The HTTP status.
    pub fn status(&self) -> StatusCode {
        self.status
    }

    /// The `Content-Type` header, if any.
    pub fn content_type(&self) -> Option<&str> {
        self.content_type.as_deref()
    }

    /// How long the answer asked to wait before retrying (`Retry-After`).
    pub fn retry_after(&self) -> Option<Duration> {
        self.retry_after
    }

    /// The body as text.
    pub fn body(&self) -> &str {
        &self.body
    }

    /// What was wrong.
    pub fn reason(&self) -> &UnexpectedReason {
        &self.reason
    }
}

impl fmt::Display for UnexpectedResponse {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "unexpected answer (HTTP {}", self.status.as_u16())?;
        if let Some(content_type) = &self.content_type {
            write!(f, ", {content_type}")?;
        }
        f.write_str("): ")?;
        match &self.reason {
            UnexpectedReason::EmptyBody => f.write_str("the body is empty"),
            UnexpectedReason::NotJson(error) => write!(f, "the body is not JSON ({error})"),
            UnexpectedReason::Truncated(error) => write!(f, "the body is cut short ({error})"),
            UnexpectedReason::Shape(error) => write!(f, "the JSON has an unexpected shape ({error})"),
            UnexpectedReason::Status => f.write_str("the status is not one of success and the body is not an error"),
        }
    }
}

impl std::error::Error for UnexpectedResponse {}

/// Zoho's error format, for the runtime's own tests.
#[cfg(test)]
pub(crate) const ZOHO_FORMAT: ErrorFormat =
    ErrorFormat { code: "code", message: "message", details: "details", status: "status", error_value: "error" };

#[cfg(test)]
mod tests {
    use super::*;

    const FORMAT: ErrorFormat = ZOHO_FORMAT;

    #[test]
    fn errors_are_found_by_their_keys() {
        let top = serde_json::json!({"code": "INVALID_DATA", "details": {}, "message": "m", "status": "error"});
        assert!(find_error(&top, &FORMAT, true).is_some());
        let wrapped = serde_json::json!({"share": {"code": "BAD_REQUEST", "message": "m", "status": "error"}});
        assert!(find_error(&wrapped, &FORMAT, true).is_some());
        let listed = serde_json::json!({"share": [{"code": "SUCCESS", "status": "success"}, {"code": "X", "message": "m", "status": "error"}]});
        assert!(find_error(&listed, &FORMAT, true).is_none(), "per-item errors of a success stay per item");
        assert_eq!(find_error(&listed, &FORMAT, false).and_then(|e| e.get("code")), Some(&Value::from("X")));
        let success = serde_json::json!({"share": {"code": "SUCCESS", "status": "success"}});
        assert!(find_error(&success, &FORMAT, true).is_none());
    }

    /// A typed error that keeps only the code.
    #[derive(Debug)]
    struct Code(String);

    impl FromErrorBody for Code {
        const FORMAT: ErrorFormat = FORMAT;
        fn from_error_body(body: ErrorBody, _: Option<StatusCode>, _: Option<Duration>) -> Self {
            Code(body.code)
        }
        fn to_error_json(&self) -> Value {
            FORMAT.to_json(&self.0, "", Value::Null)
        }
    }

    /// An answer shape that an error object also fits (every key may be absent).
    #[derive(Debug, serde::Deserialize)]
    struct Lenient {
        #[serde(default)]
        share: Vec<crate::Outcome<Value, Code>>,
    }

    fn parse(status: StatusCode, body: &str) -> Result<Lenient, ResponseError<Code>> {
        let plan = ResponsePlan { success: &[200, 207], empty: None };
        parse_response(status, &HeaderMap::new(), body.as_bytes(), &plan)
    }

    #[test]
    fn error_objects_are_found_on_the_one_pass_path_too() {
        let top = parse(StatusCode::OK, r#"{"code":"INVALID_DATA","message":"m","status":"error"}"#);
        assert!(matches!(top, Err(ResponseError::Api(Code(code))) if code == "INVALID_DATA"));
        let wrapped = parse(StatusCode::OK, r#"{"other":{"code":"LIMIT","message":"m","status":"error"}}"#);
        assert!(matches!(wrapped, Err(ResponseError::Api(Code(code))) if code == "LIMIT"));
        let items = r#"{"share":[{"code":"SUCCESS","status":"success"},{"code":"X","message":"m","status":"error"}]}"#;
        let answer = parse(StatusCode::MULTI_STATUS, items).expect("per-item errors stay per item");
        assert!(answer.share[0].is_success());
        assert!(matches!(answer.share[1].failure(), Some(Code(code)) if code == "X"));
        let ok = parse(StatusCode::OK, r#"{"share":[{"code":"SUCCESS","status":"success"}]}"#).expect("a success");
        assert!(ok.share.iter().all(crate::Outcome::is_success));
    }

    #[test]
    fn retry_after_reads_seconds_and_dates() {
        let mut headers = HeaderMap::new();
        headers.insert(RETRY_AFTER, "7".parse().unwrap());
        assert_eq!(retry_after(&headers), Some(Duration::from_secs(7)));
        headers.insert(RETRY_AFTER, "Wed, 21 Oct 2015 07:28:00 GMT".parse().unwrap());
        assert_eq!(retry_after(&headers), Some(Duration::ZERO));
        headers.insert(RETRY_AFTER, "soon".parse().unwrap());
        assert_eq!(retry_after(&headers), None);
    }

    #[test]
    fn every_form_of_retry_after_meets_one_rule() {
        let read = |value: &str| {
            let mut headers = HeaderMap::new();
            headers.insert(RETRY_AFTER, value.parse().unwrap());
            retry_after(&headers)
        };
        let too_long = read(&u64::MAX.to_string());
        assert_eq!(too_long, Some(Duration::from_secs(u64::MAX)));
        for longer in ["18446744073709551616", "99999999999999999999", &"9".repeat(400)] {
            assert_eq!(read(longer), too_long, "{longer} is as long as the longest");
        }
        assert_eq!(read(" 7 "), Some(Duration::from_secs(7)));
        assert_eq!(read("0"), Some(Duration::ZERO));
        for garbage in ["+7", "-7", "7.5", "7s", "0x10", "", "Wed, 99 Oct 2015 07:28:00 GMT"] {
            assert_eq!(read(garbage), None, "{garbage:?}");
        }
        for past in ["Wed, 21 Oct 2015 07:28:00 GMT", "Wednesday, 21-Oct-15 07:28:00 GMT", "Wed Oct 21 07:28:00 2015"] {
            assert_eq!(read(past), Some(Duration::ZERO), "{past}");
        }
        let future = read("Fri, 31 Dec 9999 23:59:59 GMT").expect("a date");
        assert!(future > Duration::from_secs(365 * 24 * 3600 * 7000), "{future:?}");
        let asctime = read("Fri Dec 31 23:59:59 9999").expect("an asctime date");
        assert!(asctime.abs_diff(future) < Duration::from_secs(5), "{asctime:?} {future:?}");
    }
}
