//! HTTP/1.1 on hyper: accepting connections, reading requests, applying faults, and
//! turning replies into responses.

use std::io;
use std::sync::{Arc, Mutex, PoisonError};

use std::pin::Pin;
use std::task::{Context, Poll};

use http_body_util::BodyExt;
use hyper::body::{Body, Bytes, Frame, Incoming, SizeHint};
use hyper::server::conn::http1;
use hyper::service::service_fn;
use hyper::{Request, Response};
use hyper_util::rt::TokioIo;
use serde_json::json;
use tokio::net::TcpListener;
use tokio::task::JoinSet;

use super::api::{self, ApiRequest};
use super::{Delivery, Fault, LoggedRequest, Reply, State, oauth};
use zoho_share_records::runtime::AccessToken;

/// Accepts connections until the task is aborted; aborting it closes every connection.
pub(super) async fn run(listener: TcpListener, state: Arc<Mutex<State>>) {
    let mut connections = JoinSet::new();
    loop {
        let Ok((stream, _)) = listener.accept().await else { continue };
        let state = Arc::clone(&state);
        connections.spawn(async move {
            let service = service_fn(move |request| answer(Arc::clone(&state), request));
            // A connection that breaks is the client's business; the server goes on.
            let _ = http1::Builder::new().serve_connection(TokioIo::new(stream), service).await;
        });
        // Reap finished connections so the set does not grow without bound.
        while connections.try_join_next().is_some() {}
    }
}

async fn answer(state: Arc<Mutex<State>>, request: Request<Incoming>) -> Result<Response<ReplyBody>, io::Error> {
    let (parts, body) = request.into_parts();
    let body = body.collect().await.map(|collected| collected.to_bytes()).unwrap_or_default();
    let lock = || state.lock().unwrap_or_else(PoisonError::into_inner);
    let (path, query) = (parts.uri.path().to_owned(), parts.uri.query().map(str::to_owned));
    if path == "/oauth/v2/token" && parts.method == hyper::Method::POST {
        let delay = {
            let mut state = lock();
            state.ledger.figures.refresh_requests += 1;
            oauth::delay(&state)
        };
        tokio::time::sleep(delay).await;
        return Ok(response(oauth::refresh(&mut lock(), query.as_deref(), &body)));
    }
    let call = CallInFlight::start(&state);
    if !call.within_cap {
        return Ok(response(api::documented_reply(
            &parts.method,
            zoho_share_records::ErrorKind::TooManyRequests,
            None,
        )));
    }
    let call_delay = lock().call_delay;
    tokio::time::sleep(call_delay).await;
    // The header and scheme the spec names for the access token.
    let authorization = parts.headers.get(zoho_share_records::API.auth_header).and_then(|value| value.to_str().ok());
    let fault = lock().faults.pop_front();
    let reply = match fault {
        Some(Fault::Slow(wait)) => {
            tokio::time::sleep(wait).await;
            None
        }
        Some(fault) => fault_reply(&fault, &parts.method),
        None => None,
    };
    let reply = reply.unwrap_or_else(|| {
        let request =
            ApiRequest { method: &parts.method, path: &path, query: query.as_deref(), authorization, body: &body };
        api::handle(&mut lock(), &request)
    });
    let token = authorization.and_then(|value| zoho_share_records::API.token_in(value)).map(AccessToken::new);
    lock().log.push(LoggedRequest { method: parts.method.clone(), path, query, token, status: reply.status });
    if reply.delivery == Delivery::Disconnect {
        return Err(io::Error::new(io::ErrorKind::ConnectionAborted, "the fault asked to drop the connection"));
    }
    Ok(response(reply))
}

/// An API call under way, counted against the concurrency cap until it is dropped
/// (answered, or its connection lost).
struct CallInFlight {
    state: Arc<Mutex<State>>,
    within_cap: bool,
}

impl CallInFlight {
    fn start(state: &Arc<Mutex<State>>) -> CallInFlight {
        let within_cap = state.lock().unwrap_or_else(PoisonError::into_inner).ledger.call_started();
        CallInFlight { state: Arc::clone(state), within_cap }
    }
}

impl Drop for CallInFlight {
    fn drop(&mut self) {
        self.state.lock().unwrap_or_else(PoisonError::into_inner).ledger.call_ended();
    }
}

/// The answer a fault gives instead of serving the request (none for a delay).
fn fault_reply(fault: &Fault, method: &hyper::Method) -> Option<Reply> {
    let reply = match fault {
        Fault::TooManyRequests { retry_after } => {
            let mut reply = api::documented_reply(method, zoho_share_records::ErrorKind::TooManyRequests, None);
            if let Some(wait) = retry_after {
                reply.headers.push(("retry-after", wait.as_secs().to_string()));
            }
            reply
        }
        Fault::Documented(kind) => api::documented_reply(method, *kind, None),
        Fault::ErrorInOk(kind) => api::documented_reply(method, *kind, Some(200)),
        Fault::HtmlPage(status) => {
            let page =
                format!("<html><head><title>{status}</title></head><body><h1>Service unavailable</h1></body></html>");
            Reply::raw(*status, "text/html", page.into_bytes())
        }
        Fault::TruncatedJson => {
            let whole = json!({"share": [{"share_related_records": false, "permission": "read_only"}]}).to_string();
            Reply::raw(200, "application/json", whole.as_bytes()[..whole.len() / 2].to_vec())
        }
        Fault::MalformedJson => Reply::raw(200, "application/json", b"{\"share\": [oops]}".to_vec()),
        Fault::CutShort => {
            Reply { delivery: Delivery::CutShort, ..Reply::raw(200, "application/json", b"{\"share\": [".to_vec()) }
        }
        // Status 0 in the log: nothing was answered.
        Fault::Disconnect => Reply { delivery: Delivery::Disconnect, ..Reply::empty(0) },
        Fault::Slow(_) => return None,
    };
    Some(reply)
}

fn response(reply: Reply) -> Response<ReplyBody> {
    let cut_short = reply.delivery == Delivery::CutShort;
    let mut builder = Response::builder().status(reply.status);
    if cut_short {
        builder = builder.header(hyper::header::CONTENT_LENGTH, reply.body.len() + 1000);
    }
    for (name, value) in &reply.headers {
        builder = builder.header(*name, value);
    }
    let body = ReplyBody { data: Some(Bytes::from(reply.body)), declared_exactly: !cut_short };
    builder.body(body).unwrap_or_else(|_| internal_error())
}

/// A body sent in one frame. Its size is declared only when it is honest, so that
/// hyper sends a `Content-Length` longer than the body as it is told to.
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

fn internal_error() -> Response<ReplyBody> {
    let body = ReplyBody { data: Some(Bytes::from_static(b"{\"code\":\"INTERNAL_ERROR\"}")), declared_exactly: true };
    let mut response = Response::new(body);
    *response.status_mut() = hyper::StatusCode::INTERNAL_SERVER_ERROR;
    response
}
