//! HTTP/1.1 on hyper: accepting connections, routing requests to the spec's operations,
//! checking them, applying faults and answering.

use std::io;
use std::net::SocketAddr;
use std::pin::Pin;
use std::sync::{Arc, Mutex, PoisonError};
use std::task::{Context, Poll};

use http_body_util::{BodyExt, Limited};
use hyper::body::{Body, Bytes, Frame, Incoming, SizeHint};
use hyper::server::conn::http1;
use hyper::service::service_fn;
use hyper::{HeaderMap, Request, Response};
use hyper_util::rt::TokioIo;
use serde_json::{Value, json};
use tokio::net::TcpListener;
use tokio::task::JoinSet;
use zoho_crm_codegen::model::{Location, Param, Presence, Ty};
use zoho_crm_runtime::match_path;

use super::spec::{ErrorAnswer, FILES_PREFIX, ServedApi, ServedOperation, param_value_ok};
use super::{Fault, Grant, LoggedRequest, MockAnswer, MockPart, MockRequest, State, oauth};
use zoho_crm_runtime::{form_decode, form_pairs};

/// Accepts connections until the task is aborted; aborting it closes every connection.
pub(super) async fn run(listener: TcpListener, api: Arc<ServedApi>, state: Arc<Mutex<State>>) {
    let mut connections = JoinSet::new();
    let Ok(address) = listener.local_addr() else { return };
    loop {
        let Ok((stream, _)) = listener.accept().await else { continue };
        let (api, state) = (Arc::clone(&api), Arc::clone(&state));
        connections.spawn(async move {
            let service = service_fn(move |request| answer(Arc::clone(&api), Arc::clone(&state), address, request));
            // A connection that breaks is the client's business; the server goes on.
            let _ = http1::Builder::new().serve_connection(TokioIo::new(stream), service).await;
        });
        // Reap finished connections so the set does not grow without bound.
        while connections.try_join_next().is_some() {}
    }
}

/// How an answer goes out.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Delivery {
    Whole,
    /// With a `Content-Length` longer than the body, then the connection closes.
    CutShort,
    /// Not at all: the connection closes.
    Disconnect,
}

async fn answer(
    api: Arc<ServedApi>,
    state: Arc<Mutex<State>>,
    address: SocketAddr,
    request: Request<Incoming>,
) -> Result<Response<ReplyBody>, io::Error> {
    let lock = || state.lock().unwrap_or_else(PoisonError::into_inner);
    let (parts, body) = request.into_parts();
    let (path, query) = (parts.uri.path().to_owned(), parts.uri.query().map(str::to_owned));
    let method = parts.method.as_str().to_owned();
    // The URL as requested, for a whole-URL parameter: the `Host` the client named (else
    // the server's address), the path and the query.
    let host = parts.headers.get(hyper::header::HOST).and_then(|host| host.to_str().ok());
    let mut url = format!("http://{}{path}", host.map_or_else(|| address.to_string(), str::to_owned));
    if let Some(query) = &query {
        url.push('?');
        url.push_str(query);
    }
    let body = match Limited::new(body, api.max_body_bytes).collect().await {
        Ok(collected) => collected.to_bytes().to_vec(),
        Err(_) => {
            let (error, details) = body_too_large(&api, route(&api, &method, &path, &url).ok());
            return Ok(response(error_answer(&api, &error, details), Delivery::Whole));
        }
    };
    if path == "/oauth/v2/token" {
        let (status, value) = if method == "POST" {
            oauth::refresh(&mut lock(), query.as_deref(), &body)
        } else {
            (405, json!({"error": "invalid_request_method"}))
        };
        return Ok(response(MockAnswer::json(status, value), Delivery::Whole));
    }
    let routed = route(&api, &method, &path, &url);
    let operation = routed.as_ref().ok().map(|routed| routed.operation.name.clone());
    let received =
        Received { method: &method, path: &path, query: query.as_deref(), headers: &parts.headers, body: &body };
    let fault = lock().faults.pop_front();
    let (answer, delivery) = match fault {
        Some(Fault::Slow(wait)) => {
            tokio::time::sleep(wait).await;
            (serve(&api, &state, routed, &received), Delivery::Whole)
        }
        Some(Fault::TooManyRequests { retry_after }) => {
            let operation = routed.as_ref().ok().map(|routed| routed.operation);
            let error = api.error_for(operation, "TOO_MANY_REQUESTS", 429, "too many requests");
            let mut answer = error_answer(&api, &error, json!({}));
            if let Some(wait) = retry_after {
                answer = answer.with_header("retry-after", &wait.as_secs().to_string());
            }
            (answer, Delivery::Whole)
        }
        Some(Fault::ServerError(status)) => {
            let operation = routed.as_ref().ok().map(|routed| routed.operation);
            let mut error = api.error_for(operation, "INTERNAL_ERROR", status, "Internal Server Error");
            error.status = status;
            (error_answer(&api, &error, json!({})), Delivery::Whole)
        }
        Some(Fault::HtmlPage(status)) => {
            let page =
                format!("<html><head><title>{status}</title></head><body><h1>Service unavailable</h1></body></html>");
            (MockAnswer::raw(status, "text/html", page), Delivery::Whole)
        }
        Some(Fault::TruncatedJson) => {
            let mut answer = serve(&api, &state, routed, &received);
            if answer.body.is_empty() {
                answer = MockAnswer::json(200, json!({"data": [{"code": "SUCCESS"}]}));
            }
            let half = answer.body.len() / 2;
            answer.body.truncate(half);
            (answer, Delivery::Whole)
        }
        Some(Fault::CutShort) => {
            let answer = serve(&api, &state, routed, &received);
            (answer, Delivery::CutShort)
        }
        Some(Fault::Disconnect) => (MockAnswer::empty(0), Delivery::Disconnect),
        None => (serve(&api, &state, routed, &received), Delivery::Whole),
    };
    lock().log.push(LoggedRequest { method, path, query, operation, body, status: answer.status });
    if delivery == Delivery::Disconnect {
        return Err(io::Error::new(io::ErrorKind::ConnectionAborted, "the fault asked to drop the connection"));
    }
    Ok(response(answer, delivery))
}

/// A request matched to an operation.
struct Routed<'a> {
    operation: &'a ServedOperation,
    version: String,
    path_params: Vec<(String, String)>,
}

/// The operation `method` and `path` name, or the error Zoho answers when none does;
/// `url` is the whole URL as requested, the value of a whole-URL parameter.
fn route<'a>(api: &'a ServedApi, method: &str, path: &str, url: &str) -> Result<Routed<'a>, ErrorAnswer> {
    let mut by_path: Vec<(&ServedOperation, Vec<(&str, &str)>)> = api
        .operations
        .iter()
        .filter_map(|operation| match &operation.url_param {
            // A path the server handed out: `/__files/{operation}/` and anything.
            Some(wire) => {
                let rest = path.strip_prefix(FILES_PREFIX)?.strip_prefix(operation.name.as_str())?.strip_prefix('/')?;
                Some((operation, vec![(wire.as_str(), rest)]))
            }
            None => {
                let values = match_path(&operation.template, path)?;
                let known = |value: &&str| api.versions.iter().any(|version| version == value);
                values.iter().all(|(name, value)| *name != "version" || known(value)).then_some((operation, values))
            }
        })
        .collect();
    // The most literal template wins: `/tags/actions/x` before `/tags/{id}/x`.
    by_path.sort_by_key(|(_, values)| values.len());
    let Some(first) = by_path.first() else {
        return Err(api.error_for(
            None,
            "INVALID_URL_PATTERN",
            404,
            "Please check if the URL trying to access is a correct one",
        ));
    };
    let Some((operation, values)) = by_path.iter().find(|(operation, _)| operation.method.eq_ignore_ascii_case(method))
    else {
        return Err(api.error_for(
            Some(first.0),
            "INVALID_REQUEST_METHOD",
            400,
            "The http request method type is not a valid one",
        ));
    };
    if let Some(wire) = &operation.url_param {
        let path_params = vec![(wire.clone(), url.to_owned())];
        return Ok(Routed { operation, version: operation.default_version.clone(), path_params });
    }
    let version = values.iter().find(|(name, _)| *name == "version").map(|(_, value)| (*value).to_owned());
    let path_params = values
        .iter()
        .filter(|(name, _)| *name != "version")
        .map(|(name, value)| ((*name).to_owned(), form_decode(&value.replace('+', "%2B"))))
        .collect();
    Ok(Routed { operation, version: version.unwrap_or_else(|| operation.default_version.clone()), path_params })
}

/// The answer to a body past the server's limit: to an upload with a size limit, the
/// operation's size error, naming its first limited part (the body is not read, so which
/// part is too large is not known; the token is not checked either); to anything else, a
/// generic 413.
fn body_too_large(api: &ServedApi, routed: Option<Routed<'_>>) -> (ErrorAnswer, Value) {
    let limited = routed.and_then(|routed| {
        let part = routed.operation.params.iter().find(|param| param.max_bytes.is_some())?;
        let details = json!({"param_name": part.wire, "max_size": part.max_bytes});
        Some((api.file_too_large(routed.operation), details))
    });
    limited.unwrap_or_else(|| {
        let error = ErrorAnswer { code: "INVALID_DATA".into(), status: 413, message: "the body is too large".into() };
        (error, json!({}))
    })
}

/// A request as it came.
struct Received<'a> {
    method: &'a str,
    path: &'a str,
    query: Option<&'a str>,
    headers: &'a HeaderMap,
    body: &'a [u8],
}

/// The answer to a request without a fault in the way: an error if a check fails, else
/// a failure asked for, the handler's answer, the spec's sample, or an empty answer.
fn serve(
    api: &Arc<ServedApi>,
    state: &Arc<Mutex<State>>,
    routed: Result<Routed<'_>, ErrorAnswer>,
    received: &Received<'_>,
) -> MockAnswer {
    let lock = || state.lock().unwrap_or_else(PoisonError::into_inner);
    let routed = match routed {
        Ok(routed) => routed,
        Err(error) => return error_answer(api, &error, json!({})),
    };
    let operation = routed.operation;
    let mut request = MockRequest {
        operation: operation.name.clone(),
        version: routed.version,
        method: received.method.to_owned(),
        path: received.path.to_owned(),
        path_params: routed.path_params,
        query: form_pairs(received.query.unwrap_or_default()),
        body: received.body.to_vec(),
        parts: Vec::new(),
        token: token_of(api, received.headers).map(str::to_owned),
        headers: received
            .headers
            .iter()
            .filter(|(name, _)| !name.as_str().eq_ignore_ascii_case(&api.auth_header))
            .filter_map(|(name, value)| {
                Some((name.as_str().to_owned(), std::str::from_utf8(value.as_bytes()).ok()?.to_owned()))
            })
            .collect(),
        api: Arc::clone(api),
    };
    match check(api, &lock(), operation, &request, received.headers) {
        Ok(parts) => request.parts = parts,
        Err((error, details)) => return error_answer(api, &error, details),
    }
    let failure = lock().failures.get_mut(&operation.name).and_then(|queue| queue.pop_front());
    if let Some(error) = failure.and_then(|kind| api.documented(Some(operation), &kind)) {
        return error_answer(api, &error, json!({}));
    }
    let handler = lock().handlers.get(&operation.name).cloned();
    if let Some(handler) = handler {
        // A handler that panics fails its test's request, not the server.
        return std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| handler(&request))).unwrap_or_else(|panic| {
            let reason = panic
                .downcast_ref::<&str>()
                .map(|text| (*text).to_owned())
                .or_else(|| panic.downcast_ref::<String>().cloned())
                .unwrap_or_default();
            MockAnswer::raw(500, "text/plain", format!("the handler of `{}` panicked: {reason}", operation.name))
        });
    }
    sample_answer(operation, &request.version)
}

/// The operation's sample answer of success for `version` (or one of no version, or its
/// first), else an empty answer.
fn sample_answer(operation: &ServedOperation, version: &str) -> MockAnswer {
    let samples = &operation.samples;
    let sample = samples
        .iter()
        .find(|(of, ..)| of.as_deref() == Some(version))
        .or_else(|| samples.iter().find(|(of, ..)| of.is_none()))
        .or_else(|| samples.first());
    // Bytes go out as `application/octet-stream`, even when none are given.
    let binary = |status: u16| operation.binary_statuses.contains(&status);
    match sample {
        Some((_, status, Some(body))) if binary(*status) => {
            MockAnswer::raw(*status, "application/octet-stream", body.clone())
        }
        Some((_, status, Some(body))) => MockAnswer::raw(*status, "application/json;charset=UTF-8", body.clone()),
        Some((_, status, None)) if binary(*status) => MockAnswer::raw(*status, "application/octet-stream", ""),
        Some((_, status, None)) => MockAnswer::empty(*status),
        // A 204 among the statuses of success is the empty answer's.
        None => match operation.success_statuses.first() {
            Some(&status) if !operation.success_statuses.contains(&204) && binary(status) => {
                MockAnswer::raw(status, "application/octet-stream", "")
            }
            Some(&status) if !operation.success_statuses.contains(&204) => MockAnswer::empty(status),
            _ => MockAnswer::empty(204),
        },
    }
}

type Refusal = (ErrorAnswer, Value);

/// The access token a request carries in the spec's header, after the spec's scheme.
fn token_of<'h>(api: &ServedApi, headers: &'h HeaderMap) -> Option<&'h str> {
    let value = headers.get(api.auth_header.as_str())?.to_str().ok()?;
    let token = value.strip_prefix(api.auth_scheme.as_str())?.strip_prefix(' ')?.trim();
    (!token.is_empty()).then_some(token)
}

/// Zoho's checks before an operation runs: the token, its scopes, the parameters, the
/// body; the parts of a multipart body once they pass.
fn check(
    api: &ServedApi,
    state: &State,
    operation: &ServedOperation,
    request: &MockRequest,
    headers: &HeaderMap,
) -> Result<Vec<MockPart>, Refusal> {
    let refuse =
        |code: &str, status: u16, message: &str| (api.error_for(Some(operation), code, status, message), json!({}));
    let Some(token) = request.token.as_deref() else {
        return Err(refuse("AUTHENTICATION_FAILURE", 401, "Authentication failed"));
    };
    let issued =
        state.tokens.get(token).filter(|issued| issued.expires_at.is_none_or(|at| std::time::Instant::now() < at));
    let Some(issued) = issued else {
        return Err(refuse("INVALID_TOKEN", 401, "invalid oauth token"));
    };
    let module = operation.module_param.as_ref().and_then(|(wire, _)| request.param(wire));
    if let Grant::Scopes(granted) = &issued.grant {
        let needed = api.required_scope_sets(operation, module);
        if !needed.iter().all(|set| set.iter().any(|scope| granted.contains(scope))) {
            return Err(refuse("OAUTH_SCOPE_MISMATCH", 401, "invalid oauth scope to access this URL"));
        }
    }
    for param in &operation.params {
        let value = match param.location {
            Location::Path | Location::Url => {
                request.path_params.iter().find(|(name, _)| *name == param.wire).map(|(_, value)| value.as_str())
            }
            Location::Query => {
                request.query.iter().find(|(name, _)| *name == param.wire).map(|(_, value)| value.as_str())
            }
            // UTF-8 text, as the client sends it (`rt::set_header`); other bytes are no
            // parameter's value.
            Location::Header => {
                match headers.get(param.wire.as_str()).map(|value| std::str::from_utf8(value.as_bytes())) {
                    Some(Ok(text)) => Some(text),
                    Some(Err(_)) => return Err(invalid_value(param)),
                    None => None,
                }
            }
            // Parts are checked with the body.
            Location::Part => continue,
        };
        let details = json!({"param_name": param.wire});
        let Some(value) = value else {
            if param.required {
                let error = synthesized("REQUIRED_PARAM_MISSING", "One of the expected parameter is missing");
                return Err((error, details));
            }
            continue;
        };
        if param.ty == Ty::Module {
            if let Some(reason) = api.module_refusal(operation, value) {
                let error =
                    api.error_for(Some(operation), "INVALID_MODULE", 400, "the module name given seems to be invalid");
                return Err((error, json!({"param_name": param.wire, "reason": reason})));
            }
        } else if !param_value_ok(&param.ty, value) {
            return Err(invalid_value(param));
        }
    }
    let parts: Vec<&Param> = operation.params.iter().filter(|param| param.location == Location::Part).collect();
    if parts.is_empty() {
        check_body(api, operation, request).map(|()| Vec::new())
    } else {
        check_parts(api, operation, &parts, headers, &request.body)
    }
}

/// A multipart body (an operation with `part` parameters) must say so in its
/// `Content-Type`, with a boundary, and read as `multipart/form-data`; its parts must be
/// the operation's (the required ones present), a file part must name its file and be no
/// larger than its `max_bytes`, a list of files hold as many as the spec allows, and a
/// text part be well-formed for its type.
fn check_parts(
    api: &ServedApi,
    operation: &ServedOperation,
    params: &[&Param],
    headers: &HeaderMap,
    body: &[u8],
) -> Result<Vec<MockPart>, Refusal> {
    let invalid = |message: &str, details: Value| (synthesized("INVALID_DATA", message), details);
    let content_type = headers.get(hyper::header::CONTENT_TYPE).map(|value| value.to_str().unwrap_or("(not text)"));
    // The runtime's reader, which is strict and total: whatever the body, a typed refusal.
    let parts: Vec<MockPart> = zoho_crm_runtime::parse_multipart(content_type.unwrap_or_default(), body)
        .map_err(|reason| invalid(&format!("the body is not multipart/form-data as sent: {reason}"), json!({})))?;
    if let Some(unknown) = parts.iter().find(|part| !params.iter().any(|param| param.wire == part.name)) {
        let message = format!("`{}` is not a part this request takes", unknown.name);
        return Err(invalid(&message, json!({"param_name": unknown.name})));
    }
    for param in params {
        let given: Vec<&MockPart> = parts.iter().filter(|part| part.name == param.wire).collect();
        let details = || json!({"param_name": param.wire});
        if given.is_empty() {
            if param.required {
                let error = synthesized("REQUIRED_PARAM_MISSING", "One of the expected parameter is missing");
                return Err((error, details()));
            }
            continue;
        }
        let item = match &param.ty {
            Ty::List(item) => {
                let (min, max) = param.items;
                let count = given.len();
                if min.is_some_and(|min| count < min) || max.is_some_and(|max| count > max) {
                    let allowed = match (min, max) {
                        (Some(min), Some(max)) => format!("{min} to {max}"),
                        (Some(min), None) => format!("at least {min}"),
                        (None, Some(max)) => format!("at most {max}"),
                        (None, None) => "any number".to_owned(),
                    };
                    let message = format!("part `{}` is given {count} times; {allowed} are allowed", param.wire);
                    return Err(invalid(&message, details()));
                }
                item.as_ref()
            }
            single => {
                if given.len() > 1 {
                    let message = format!("part `{}` is given {} times, once is allowed", param.wire, given.len());
                    return Err(invalid(&message, details()));
                }
                single
            }
        };
        for part in given {
            if *item == Ty::File {
                if part.file_name.as_deref().is_none_or(str::is_empty) {
                    let message = format!("part `{}` is a file, and names none (`filename`)", param.wire);
                    return Err(invalid(&message, details()));
                }
                let size = u64::try_from(part.bytes.len()).unwrap_or(u64::MAX);
                if let Some(max) = param.max_bytes.filter(|max| size > *max) {
                    let details =
                        json!({"param_name": param.wire, "file_name": part.file_name, "size": size, "max_size": max});
                    return Err((api.file_too_large(operation), details));
                }
                continue;
            }
            let text = std::str::from_utf8(&part.bytes).ok();
            if !text.is_some_and(|text| param_value_ok(item, text)) {
                let message = format!("part `{}` is not a well-formed value of its type", param.wire);
                return Err(invalid(&message, details()));
            }
        }
    }
    Ok(parts)
}

/// A present body must be JSON, and hold the body model's required top-level keys (those
/// the request's version has, under the key that version uses).
fn check_body(api: &ServedApi, operation: &ServedOperation, request: &MockRequest) -> Result<(), Refusal> {
    if request.body.iter().all(u8::is_ascii_whitespace) {
        return Ok(());
    }
    let Ok(value) = serde_json::from_slice::<Value>(&request.body) else {
        return Err((synthesized("INVALID_DATA", "the body is not valid JSON"), json!({})));
    };
    let Some(model) = operation.body.as_deref().and_then(|rust| api.model(operation, rust)) else {
        return Ok(());
    };
    let Some(object) = value.as_object() else {
        return Err((synthesized("INVALID_DATA", "the body is not a JSON object"), json!({})));
    };
    let position = |wire: &str| api.versions.iter().position(|known| known == wire);
    let now = position(&request.version);
    for field in model.fields.iter().filter(|field| field.presence == Presence::Required) {
        let since = field.since.as_ref().and_then(|since| position(&since.wire));
        if since.is_some_and(|since| now.is_some_and(|now| now < since)) {
            continue;
        }
        let wire = match &field.legacy {
            Some(legacy) if position(&legacy.before.wire).is_some_and(|before| now.is_some_and(|now| now < before)) => {
                &legacy.wire
            }
            _ => &field.wire,
        };
        if !object.contains_key(wire) {
            let error = synthesized("MANDATORY_NOT_FOUND", "required field not found");
            return Err((error, json!({"api_name": wire})));
        }
    }
    Ok(())
}

/// Zoho's refusal of a parameter whose value is not one of its type.
fn invalid_value(param: &Param) -> Refusal {
    (synthesized("INVALID_DATA", "the value given seems to be invalid"), json!({"param_name": param.wire}))
}

/// An error the spec need not document, with Zoho's generic wording and status 400.
fn synthesized(code: &str, message: &str) -> ErrorAnswer {
    ErrorAnswer { code: code.to_owned(), status: 400, message: message.to_owned() }
}

fn error_answer(api: &ServedApi, error: &ErrorAnswer, details: Value) -> MockAnswer {
    MockAnswer::json(error.status, api.error_body(error, details))
}

fn response(answer: MockAnswer, delivery: Delivery) -> Response<ReplyBody> {
    let cut_short = delivery == Delivery::CutShort;
    let mut builder = Response::builder().status(answer.status);
    if cut_short {
        builder = builder.header(hyper::header::CONTENT_LENGTH, answer.body.len() + 1000);
    }
    for (name, value) in &answer.headers {
        builder = builder.header(name.as_str(), value.as_str());
    }
    let body = ReplyBody { data: Some(Bytes::from(answer.body)), declared_exactly: !cut_short };
    // A handler's status or header that HTTP cannot carry is the handler's mistake.
    builder.body(body).unwrap_or_else(|err| {
        let message = format!("the mock's answer cannot be sent: {err}");
        let mut response = Response::new(ReplyBody { data: Some(Bytes::from(message)), declared_exactly: true });
        *response.status_mut() = hyper::StatusCode::INTERNAL_SERVER_ERROR;
        response
    })
}

/// A body sent in one frame. Its size is declared only when it is honest, so that hyper
/// sends a `Content-Length` longer than the body when told to.
#[derive(Debug)]
pub(super) struct ReplyBody {
    data: Option<Bytes>,
    declared_exactly: bool,
}

impl Body for ReplyBody {
    type Data = Bytes;
    type Error = io::Error;

    fn poll_frame(self: Pin<&mut Self>, _: &mut Context<'_>) -> Poll<Option<Result<Frame<Bytes>, io::Error>>> {
        Poll::Ready(self.get_mut().data.take().map(|data| Ok(Frame::data(data))))
    }

    fn is_end_stream(&self) -> bool {
        self.data.is_none()
    }

    fn size_hint(&self) -> SizeHint {
        match (&self.data, self.declared_exactly) {
            (Some(data), true) => SizeHint::with_exact(data.len() as u64),
            (None, true) => SizeHint::with_exact(0),
            _ => SizeHint::default(),
        }
    }
}
