//! A scripted HTTP server on loopback, for the parts the Zoho-like mock does not play:
//! redirects, endless or enormous bodies, and answers made up by a test (hostile ones
//! included). Each request is answered by the script, a function of the request.

use std::convert::Infallible;
use std::io;
use std::net::SocketAddr;
use std::pin::Pin;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::task::{Context, Poll};

use http_body_util::BodyExt;
use hyper::body::{Body, Bytes, Frame, Incoming, SizeHint};
use hyper::server::conn::http1;
use hyper::service::service_fn;
use hyper::{Request, Response};
use hyper_util::rt::TokioIo;
use tokio::net::TcpListener;
use tokio::task::JoinSet;
use zoho_share_records::runtime::BaseUrl;

/// What the script sees of a request.
#[derive(Clone, Debug)]
pub struct Seen {
    /// The method.
    pub method: String,
    /// The path and query.
    pub target: String,
    /// The request's body.
    pub body: Vec<u8>,
}

/// An answer the script gives.
#[derive(Clone, Debug)]
pub struct Answer {
    /// The HTTP status.
    pub status: u16,
    /// Extra headers.
    pub headers: Vec<(String, String)>,
    /// The body.
    pub body: Payload,
}

/// The body of an [`Answer`].
#[derive(Clone, Debug)]
pub enum Payload {
    /// These bytes, with their length declared.
    Bytes(Vec<u8>),
    /// This many bytes of filler, sent in 64 KiB chunks; the length is declared in
    /// `Content-Length` when `declared`, otherwise the body is chunked.
    Filler {
        /// How many bytes.
        length: u64,
        /// Whether `Content-Length` says so up front.
        declared: bool,
    },
}

impl Answer {
    /// A JSON answer.
    pub fn json(status: u16, body: impl Into<Vec<u8>>) -> Answer {
        Answer {
            status,
            headers: vec![("content-type".to_owned(), "application/json".to_owned())],
            body: Payload::Bytes(body.into()),
        }
    }

    /// A redirect with this status to `location`.
    pub fn redirect(status: u16, location: &str) -> Answer {
        Answer { status, headers: vec![("location".to_owned(), location.to_owned())], body: Payload::Bytes(Vec::new()) }
    }

    /// `length` bytes of filler.
    pub fn filler(status: u16, length: u64, declared: bool) -> Answer {
        Answer { status, headers: Vec::new(), body: Payload::Filler { length, declared } }
    }

    /// The same answer with one more header.
    pub fn with_header(mut self, name: &str, value: &str) -> Answer {
        self.headers.push((name.to_owned(), value.to_owned()));
        self
    }
}

/// The function that answers requests.
pub type Script = dyn Fn(&Seen) -> Answer + Send + Sync;

/// A running scripted server; it stops when dropped.
#[derive(Debug)]
pub struct ScriptedServer {
    address: SocketAddr,
    counters: Arc<Counters>,
    server: tokio::task::JoinHandle<()>,
}

#[derive(Debug, Default)]
struct Counters {
    requests: AtomicUsize,
    body_bytes_sent: AtomicU64,
}

impl ScriptedServer {
    /// Starts a server on `127.0.0.1` at a free port that answers with `script`.
    pub async fn start(script: impl Fn(&Seen) -> Answer + Send + Sync + 'static) -> io::Result<ScriptedServer> {
        let listener = TcpListener::bind(("127.0.0.1", 0)).await?;
        let address = listener.local_addr()?;
        let counters = Arc::new(Counters::default());
        let server = tokio::spawn(run(listener, Arc::new(script), Arc::clone(&counters)));
        Ok(ScriptedServer { address, counters, server })
    }

    /// The server's address.
    pub fn address(&self) -> SocketAddr {
        self.address
    }

    /// The server's base URL, e.g. `http://127.0.0.1:40123`.
    pub fn base_url(&self) -> BaseUrl {
        BaseUrl::parse(&format!("http://{}", self.address)).unwrap_or_else(|err| panic!("{err}"))
    }

    /// How many requests came.
    pub fn requests(&self) -> usize {
        self.counters.requests.load(Ordering::SeqCst)
    }

    /// How many body bytes the server handed to the connection (filler included).
    pub fn body_bytes_sent(&self) -> u64 {
        self.counters.body_bytes_sent.load(Ordering::SeqCst)
    }
}

impl Drop for ScriptedServer {
    fn drop(&mut self) {
        self.server.abort();
    }
}

async fn run(listener: TcpListener, script: Arc<Script>, counters: Arc<Counters>) {
    let mut connections = JoinSet::new();
    loop {
        let Ok((stream, _)) = listener.accept().await else { continue };
        let (script, counters) = (Arc::clone(&script), Arc::clone(&counters));
        connections.spawn(async move {
            let service = service_fn(move |request| serve(Arc::clone(&script), Arc::clone(&counters), request));
            // A client that hangs up mid-answer is what some tests are about.
            let _ = http1::Builder::new().serve_connection(TokioIo::new(stream), service).await;
        });
        while connections.try_join_next().is_some() {}
    }
}

async fn serve(
    script: Arc<Script>,
    counters: Arc<Counters>,
    request: Request<Incoming>,
) -> Result<Response<Streamed>, Infallible> {
    counters.requests.fetch_add(1, Ordering::SeqCst);
    let (parts, body) = request.into_parts();
    let body = body.collect().await.map(|collected| collected.to_bytes().to_vec()).unwrap_or_default();
    let target = parts.uri.path_and_query().map_or_else(|| parts.uri.path().to_owned(), |pq| pq.as_str().to_owned());
    let answer = script(&Seen { method: parts.method.to_string(), target, body });
    let mut response = Response::new(Streamed::new(answer.body, counters));
    *response.status_mut() = hyper::StatusCode::from_u16(answer.status).unwrap_or(hyper::StatusCode::OK);
    for (name, value) in &answer.headers {
        if let (Ok(name), Ok(value)) =
            (hyper::header::HeaderName::from_bytes(name.as_bytes()), hyper::header::HeaderValue::from_str(value))
        {
            response.headers_mut().append(name, value);
        }
    }
    Ok(response)
}

/// A body handed out chunk by chunk, counting what it hands out.
struct Streamed {
    bytes: Option<Bytes>,
    filler_left: u64,
    declared: Option<u64>,
    counters: Arc<Counters>,
}

const CHUNK: usize = 64 << 10;

impl Streamed {
    fn new(payload: Payload, counters: Arc<Counters>) -> Streamed {
        match payload {
            Payload::Bytes(bytes) => {
                let length = bytes.len() as u64;
                Streamed { bytes: Some(Bytes::from(bytes)), filler_left: 0, declared: Some(length), counters }
            }
            Payload::Filler { length, declared } => {
                Streamed { bytes: None, filler_left: length, declared: declared.then_some(length), counters }
            }
        }
    }
}

impl Body for Streamed {
    type Data = Bytes;
    type Error = Infallible;

    fn poll_frame(self: Pin<&mut Self>, _: &mut Context<'_>) -> Poll<Option<Result<Frame<Bytes>, Infallible>>> {
        let this = self.get_mut();
        let chunk = match this.bytes.take() {
            Some(bytes) => bytes,
            None if this.filler_left > 0 => {
                let length = this.filler_left.min(CHUNK as u64);
                this.filler_left -= length;
                Bytes::from(vec![b' '; length as usize])
            }
            None => return Poll::Ready(None),
        };
        this.counters.body_bytes_sent.fetch_add(chunk.len() as u64, Ordering::SeqCst);
        Poll::Ready(Some(Ok(Frame::data(chunk))))
    }

    fn is_end_stream(&self) -> bool {
        self.bytes.is_none() && self.filler_left == 0
    }

    fn size_hint(&self) -> SizeHint {
        self.declared.map_or_else(SizeHint::default, SizeHint::with_exact)
    }
}
