//! Real `https` on loopback: a certificate authority made at test time, and a TLS front
//! that decrypts each connection and passes its bytes to a plain-http server behind it
//! (the Zoho-like mock or a scripted server), so that the client's calls cross a real
//! TLS handshake and what they carry is seen by the server behind.

use std::io;
use std::net::SocketAddr;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

use rcgen::{BasicConstraints, CertificateParams, DnType, IsCa, KeyPair, KeyUsagePurpose};
use tokio::net::{TcpListener, TcpStream};
use tokio::task::JoinSet;
use tokio_rustls::TlsAcceptor;
use tokio_rustls::rustls::ServerConfig;
use tokio_rustls::rustls::crypto::ring;
use tokio_rustls::rustls::pki_types::{CertificateDer, PrivateKeyDer, PrivatePkcs8KeyDer};
use zoho_share_records::runtime::BaseUrl;

/// A certificate authority of its own, as a company or a private test server has: its
/// certificate is in no public list, so only a client told to trust it does.
pub struct TestCa {
    certificate: rcgen::Certificate,
    key: KeyPair,
}

impl TestCa {
    /// A new CA with this common name (fresh keys each time).
    pub fn new(name: &str) -> TestCa {
        let mut params = CertificateParams::new(Vec::<String>::new()).expect("CA parameters");
        params.is_ca = IsCa::Ca(BasicConstraints::Unconstrained);
        params.distinguished_name.push(DnType::CommonName, name);
        params.key_usages = vec![KeyUsagePurpose::KeyCertSign, KeyUsagePurpose::CrlSign];
        let key = KeyPair::generate().expect("a CA key");
        let certificate = params.self_signed(&key).expect("a CA certificate");
        TestCa { certificate, key }
    }

    /// The CA's certificate in PEM, as a user would have it in a file.
    pub fn pem(&self) -> String {
        self.certificate.pem()
    }

    /// A server certificate for `names` (host names or IP addresses), signed by this CA.
    pub fn issue(&self, names: &[&str]) -> ServerIdentity {
        let names: Vec<String> = names.iter().map(|name| (*name).to_owned()).collect();
        let mut params = CertificateParams::new(names).expect("server parameters");
        params.distinguished_name.push(DnType::CommonName, "zoho-share test server");
        let key = KeyPair::generate().expect("a server key");
        let certificate = params.signed_by(&key, &self.certificate, &self.key).expect("a server certificate");
        ServerIdentity {
            chain: vec![certificate.der().clone()],
            key: PrivatePkcs8KeyDer::from(key.serialize_der()).into(),
        }
    }
}

impl std::fmt::Debug for TestCa {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("TestCa").finish_non_exhaustive()
    }
}

/// What a TLS server presents: its certificate chain and private key.
#[derive(Debug)]
pub struct ServerIdentity {
    chain: Vec<CertificateDer<'static>>,
    key: PrivateKeyDer<'static>,
}

/// A running TLS front on `127.0.0.1`; it stops when dropped.
#[derive(Debug)]
pub struct TlsFront {
    address: SocketAddr,
    counters: Arc<Counters>,
    server: tokio::task::JoinHandle<()>,
}

#[derive(Debug, Default)]
struct Counters {
    connections: AtomicUsize,
    handshakes: AtomicUsize,
}

impl TlsFront {
    /// Starts a front at a free port that presents `identity` and passes each connection,
    /// once its handshake is done, to the plain-http server at `backend`.
    pub async fn start(backend: SocketAddr, identity: ServerIdentity) -> io::Result<TlsFront> {
        // The provider is named, not taken from the process default, which depends on
        // the features other crates turn on.
        let mut config = ServerConfig::builder_with_provider(Arc::new(ring::default_provider()))
            .with_safe_default_protocol_versions()
            .map_err(io::Error::other)?
            .with_no_client_auth()
            .with_single_cert(identity.chain, identity.key)
            .map_err(io::Error::other)?;
        // The servers behind speak HTTP/1.1 only; the client offers HTTP/2 too.
        config.alpn_protocols = vec![b"http/1.1".to_vec()];
        let listener = TcpListener::bind(("127.0.0.1", 0)).await?;
        let address = listener.local_addr()?;
        let counters = Arc::new(Counters::default());
        let acceptor = TlsAcceptor::from(Arc::new(config));
        let server = tokio::spawn(run(listener, acceptor, backend, Arc::clone(&counters)));
        Ok(TlsFront { address, counters, server })
    }

    /// The front's address.
    pub fn address(&self) -> SocketAddr {
        self.address
    }

    /// The front's base URL, e.g. `https://127.0.0.1:40123`.
    pub fn base_url(&self) -> BaseUrl {
        self.base_url_at("127.0.0.1")
    }

    /// The front's base URL with another host that reaches it, e.g. `0.0.0.0`, which
    /// Linux routes to the local host but which the client does not take for loopback.
    pub fn base_url_at(&self, host: &str) -> BaseUrl {
        let text = format!("https://{host}:{}", self.address.port());
        BaseUrl::parse(&text).unwrap_or_else(|err| panic!("{text}: {err}"))
    }

    /// How many connections came (a handshake was tried on each).
    pub fn connections(&self) -> usize {
        self.counters.connections.load(Ordering::SeqCst)
    }

    /// How many handshakes succeeded.
    pub fn handshakes(&self) -> usize {
        self.counters.handshakes.load(Ordering::SeqCst)
    }
}

impl Drop for TlsFront {
    fn drop(&mut self) {
        self.server.abort();
    }
}

async fn run(listener: TcpListener, acceptor: TlsAcceptor, backend: SocketAddr, counters: Arc<Counters>) {
    let mut connections = JoinSet::new();
    loop {
        let Ok((stream, _)) = listener.accept().await else { continue };
        counters.connections.fetch_add(1, Ordering::SeqCst);
        let (acceptor, counters) = (acceptor.clone(), Arc::clone(&counters));
        connections.spawn(async move {
            // A client that refuses the certificate ends the handshake: that is what some
            // tests are about.
            let Ok(mut tls) = acceptor.accept(stream).await else { return };
            counters.handshakes.fetch_add(1, Ordering::SeqCst);
            let Ok(mut plain) = TcpStream::connect(backend).await else { return };
            let _ = tokio::io::copy_bidirectional(&mut tls, &mut plain).await;
        });
        while connections.try_join_next().is_some() {}
    }
}
