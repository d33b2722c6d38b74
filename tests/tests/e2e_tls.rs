//! The client over real TLS on loopback: a CA made at test time, a TLS front before the
//! Zoho-like server. A call succeeds over `https` when the client trusts the CA (with no
//! opt-in to insecure HTTP), and fails with a typed TLS error, sent once, when it does
//! not, or when the certificate names another host; token refreshes trust the CA the
//! same way.

use std::sync::Arc;

use zoho_crm_tests::e2e::{admin_http, quick_retries, read_only_share};
use zoho_crm_tests::tls::{TestCa, TlsFront};
use zoho_share_mock::{MockZoho, sample};
use zoho_share_records::runtime::client::{
    CertificateError, HttpClientBuilder, OAuthCredentials, RefreshingToken, RootCertificate, TokenError, TokenSource,
    TransportError, TransportErrorKind, TrustError,
};
use zoho_share_records::{Client, ClientError, Endpoint, Module};

const SHARE_PATH: &str = "/crm/v8/Contacts/4150868000004381115/actions/share";

async fn get(client: &Client) -> Result<(), ClientError> {
    client.get_shared_record_details(Module::Contacts, sample::CONTACT).send().await.map(drop)
}

fn root(ca: &TestCa) -> RootCertificate {
    RootCertificate::from_pem(ca.pem().as_bytes()).expect("the CA's certificate")
}

/// The mock, and a TLS front before it with a certificate from `ca` for `names`.
async fn zoho_behind_tls(ca: &TestCa, names: &[&str]) -> (MockZoho, TlsFront) {
    let zoho = MockZoho::start().await.expect("the server starts");
    let front = TlsFront::start(zoho.address(), ca.issue(names)).await.expect("the TLS front starts");
    (zoho, front)
}

/// The TLS failure of a call, or a panic naming what came instead.
fn tls_failure(result: Result<(), ClientError>) -> TransportError {
    match result {
        Err(ClientError::Transport(transport)) if transport.kind() == TransportErrorKind::Tls => transport,
        other => panic!("expected a TLS failure, got {other:?}"),
    }
}

#[tokio::test]
async fn https_to_a_host_that_is_not_loopback_works_when_its_ca_is_trusted() {
    let ca = TestCa::new("Example Corp TLS inspection CA");
    let (zoho, front) = zoho_behind_tls(&ca, &["127.0.0.1", "0.0.0.0"]).await;
    // `0.0.0.0` reaches the front but is not a loopback address: only https may go there.
    let remote = Endpoint::with_base_url(front.base_url_at("0.0.0.0"));
    let client = Client::new(remote, admin_http().add_root_certificate(root(&ca)).build().expect("a client"));

    get(&client).await.expect("a GET over https");
    client
        .share_record(Module::Contacts, sample::CONTACT)
        .share(read_only_share(sample::USERS[0]))
        .send()
        .await
        .expect("a POST over https");
    assert_eq!(zoho.share_count(&Module::Contacts, sample::CONTACT), 1);

    let seen = zoho.requests();
    assert_eq!(seen.len(), 2);
    for request in &seen {
        assert_eq!(request.path, SHARE_PATH);
        let token = request.token.as_ref().map(|token| token.expose_secret().to_owned());
        assert_eq!(token.as_deref(), Some(sample::ADMIN_TOKEN), "the token crossed the TLS front");
    }
    assert_eq!(seen.iter().map(|request| request.method.as_str()).collect::<Vec<_>>(), ["GET", "POST"]);
    assert!(front.handshakes() >= 1, "the calls went through the front");
    assert_eq!(front.handshakes(), front.connections(), "every connection completed its handshake");

    // The same host over plain http is refused before anything is sent.
    let plain = Endpoint::with_base_url(
        zoho_share_records::runtime::BaseUrl::parse(&format!("http://0.0.0.0:{}", zoho.address().port())).unwrap(),
    );
    let error = get(&Client::new(plain, admin_http().build().expect("a client"))).await.expect_err("plain http");
    assert!(matches!(error, ClientError::Trust(TrustError::InsecureUrl { .. })), "{error}");
    assert_eq!(zoho.request_count(), 2);
}

#[tokio::test]
async fn an_untrusted_certificate_is_a_tls_error_tried_once() {
    let ca = TestCa::new("Private CA");
    let (zoho, front) = zoho_behind_tls(&ca, &["127.0.0.1"]).await;
    let endpoint = Endpoint::with_base_url(front.base_url());

    // The public roots only: the private CA is unknown. Retries are on, and unused.
    let client = Client::new(endpoint.clone(), admin_http().build().expect("a client"));
    let error = tls_failure(get(&client).await);
    assert!(error.to_string().contains("UnknownIssuer"), "the TLS reason is given: {error}");
    assert_eq!(front.connections(), 1, "a refused certificate is not retried");

    // Trusting another CA does not trust this one's certificates.
    let other = TestCa::new("Another CA");
    let client = Client::new(endpoint, admin_http().add_root_certificate(root(&other)).build().expect("a client"));
    let error = tls_failure(get(&client).await);
    assert!(error.to_string().contains("UnknownIssuer"), "{error}");

    assert_eq!(front.connections(), 2);
    assert_eq!(front.handshakes(), 0);
    assert_eq!(zoho.request_count(), 0, "nothing reached the server");
}

#[tokio::test]
async fn a_certificate_for_another_host_is_refused() {
    let ca = TestCa::new("Private CA");
    let (zoho, front) = zoho_behind_tls(&ca, &["crm-proxy.example.com"]).await;
    let http = admin_http().add_root_certificate(root(&ca)).build().expect("a client");
    let error = tls_failure(get(&Client::new(Endpoint::with_base_url(front.base_url()), http)).await);
    assert!(error.to_string().contains("not valid for name"), "{error}");
    assert_eq!(front.connections(), 1, "not retried");
    assert_eq!(zoho.request_count(), 0);
}

#[tokio::test]
async fn token_refreshes_go_over_https_to_an_accounts_server_of_a_trusted_ca() {
    let ca = TestCa::new("Private CA");
    let (zoho, front) = zoho_behind_tls(&ca, &["127.0.0.1"]).await;
    // The token answer sends calls to the front too, so every byte goes over TLS.
    zoho.set_api_domain(&front.base_url());
    let credentials = |root: Option<RootCertificate>| {
        let credentials =
            OAuthCredentials::new(front.base_url(), sample::CLIENT_ID, sample::CLIENT_SECRET, sample::REFRESH_TOKEN);
        credentials.with_root_certificates(root)
    };

    // Without the CA, the refresh fails before the credentials are sent.
    let tokens = RefreshingToken::new(credentials(None)).expect("a token source");
    match tokens.token().await {
        Err(TokenError::Transport(transport)) => assert_eq!(transport.kind(), TransportErrorKind::Tls, "{transport}"),
        other => panic!("expected a TLS failure, got {other:?}"),
    }
    assert_eq!(zoho.token_refreshes(), 0, "the client secret never reached the server");

    let tokens = RefreshingToken::new(credentials(Some(root(&ca)))).expect("a token source");
    let http = HttpClientBuilder::with_shared_tokens(Arc::new(tokens))
        .add_root_certificate(root(&ca))
        .retry(quick_retries())
        .build()
        .expect("a client");
    get(&Client::new(Endpoint::with_base_url(front.base_url()), http)).await.expect("a call with a refreshed token");
    assert_eq!(zoho.token_refreshes(), 1);
    let seen = zoho.requests();
    let call = seen.last().expect("the call");
    assert_eq!(call.path, SHARE_PATH);
    let token = call.token.as_ref().expect("a token").expose_secret();
    assert!(token.starts_with("1000.mock1."), "the refreshed token was sent: {token}");
    assert_eq!(front.handshakes(), 2, "the refresh and the call each made a TLS connection");
}

#[tokio::test]
async fn root_certificates_are_read_from_pem_bundles_and_der() {
    let (first, second) = (TestCa::new("First CA"), TestCa::new("Second CA"));
    let bundle = format!("# the company's CAs\n{}{}", first.pem(), second.pem());
    let roots = RootCertificate::from_pem_bundle(bundle.as_bytes()).expect("a bundle");
    assert_eq!(roots, [root(&first), root(&second)]);
    assert_eq!(
        RootCertificate::from_pem(bundle.as_bytes()),
        Err(CertificateError::SeveralCertificates { count: 2 }),
        "one certificate was asked for"
    );
    assert_eq!(RootCertificate::from_der(root(&first).der()), Ok(root(&first)));
    let with_key = format!("-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n{}", first.pem());
    assert_eq!(RootCertificate::from_pem(with_key.as_bytes()), Ok(root(&first)), "other sections are skipped");

    // Every certificate of the bundle is trusted: a server of the second CA is reached.
    let (zoho, front) = zoho_behind_tls(&second, &["127.0.0.1"]).await;
    let http = admin_http().add_root_certificates(roots).build().expect("a client");
    get(&Client::new(Endpoint::with_base_url(front.base_url()), http)).await.expect("a call over https");
    assert_eq!(zoho.request_count(), 1);
}
