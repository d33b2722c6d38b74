//! The client's trust boundaries over real HTTP: tokens go over plain http only to
//! loopback or by choice, an API domain from a token answer is followed only when it is
//! trusted, the OAuth endpoint is never redirected and API calls never leave their
//! origin, waits and bodies are bounded, IDs are read strictly, and a rejected fixed
//! token is not sent again.

use std::sync::Arc;
use std::time::Duration;

use zoho_crm_tests::e2e::{admin_http, quick_retries, read_only_share};
use zoho_crm_tests::scripted::{Answer, ScriptedServer};
use zoho_share_mock::{Fault, MockZoho, sample};
use zoho_share_records::runtime::client::{
    HttpClient, HttpClientBuilder, OAuthCredentials, RefreshingToken, RetryPolicy, StaticToken, TokenError,
    TokenSource, TrustError,
};
use zoho_share_records::runtime::{BaseUrl, UnexpectedReason};
use zoho_share_records::{Client, ClientError, DataCentre, Endpoint, Module};

async fn get(client: &Client) -> Result<(), ClientError> {
    client.get_shared_record_details(Module::Contacts, sample::CONTACT).send().await.map(drop)
}

async fn post(client: &Client) -> Result<(), ClientError> {
    client
        .share_record(Module::Contacts, sample::CONTACT)
        .share(read_only_share(sample::USERS[0]))
        .send()
        .await
        .map(drop)
}

fn url(text: &str) -> BaseUrl {
    BaseUrl::parse(text).expect("a URL")
}

/// The same server reached through `0.0.0.0`, which Linux routes to the local host but
/// which is not a loopback address: the client must treat it as a remote host.
fn not_loopback(base_url: &BaseUrl) -> BaseUrl {
    url(&base_url.as_str().replace("127.0.0.1", "0.0.0.0"))
}

fn credentials(accounts_url: BaseUrl) -> OAuthCredentials {
    OAuthCredentials::new(accounts_url, sample::CLIENT_ID, sample::CLIENT_SECRET, sample::REFRESH_TOKEN)
}

fn refreshing_client(endpoint: Endpoint, tokens: RefreshingToken) -> Client {
    let http = HttpClientBuilder::with_shared_tokens(Arc::new(tokens)).retry(quick_retries()).build();
    Client::new(endpoint, http.expect("a client"))
}

#[tokio::test]
async fn tokens_go_over_plain_http_only_to_loopback_or_by_choice() {
    let zoho = MockZoho::start().await.expect("the server starts");
    let remote = Endpoint::with_base_url(not_loopback(&zoho.base_url()));
    let refused = Client::new(remote.clone(), admin_http().build().expect("a client"));
    let error = get(&refused).await.expect_err("plain http to a remote host");
    match &error {
        ClientError::Trust(TrustError::InsecureUrl { url }) => assert!(url.starts_with("http://0.0.0.0:"), "{url}"),
        other => panic!("expected InsecureUrl, got {other:?}"),
    }
    assert_eq!(zoho.request_count(), 0, "the token never left");

    let opted_in = Client::new(remote, admin_http().allow_insecure_http(true).build().expect("a client"));
    get(&opted_in).await.expect("allowed by choice");
    get(&Client::new(zoho.endpoint(), admin_http().build().expect("a client"))).await.expect("loopback");
    assert_eq!(zoho.request_count(), 2);

    let remote_accounts = not_loopback(&zoho.accounts_url());
    let tokens = RefreshingToken::new(credentials(remote_accounts.clone())).expect("a token source");
    let error = tokens.token().await.expect_err("plain http to a remote accounts server");
    assert!(matches!(error, TokenError::Trust(TrustError::InsecureUrl { .. })), "{error}");
    assert_eq!(zoho.token_refreshes(), 0, "the client secret never left");
    let tokens = RefreshingToken::new(credentials(remote_accounts)).expect("a source").allow_insecure_http(true);
    tokens.token().await.expect("allowed by choice");
    assert_eq!(zoho.token_refreshes(), 1);
}

#[tokio::test]
async fn an_untrusted_api_domain_is_refused_before_anything_is_sent() {
    let zoho = MockZoho::start().await.expect("the server starts");
    for hostile in ["http://evil.example.net", "https://www.zohoapis.com", "https://www.zohoapis.eu.evil.example"] {
        zoho.set_api_domain(&url(hostile));
        let tokens = RefreshingToken::new(credentials(zoho.accounts_url())).expect("a token source");
        let client = refreshing_client(zoho.endpoint(), tokens);
        let error = get(&client).await.expect_err("an untrusted API domain");
        match &error {
            ClientError::Trust(TrustError::UntrustedApiDomain { api_domain, .. }) => assert_eq!(api_domain, hostile),
            other => panic!("expected UntrustedApiDomain for {hostile}, got {other:?}"),
        }
    }
    assert_eq!(zoho.request_count(), 0, "no call was sent anywhere");

    // Without following API domains, the configured endpoint serves the calls.
    let tokens = RefreshingToken::new(credentials(zoho.accounts_url())).expect("a token source");
    let http = HttpClientBuilder::with_shared_tokens(Arc::new(tokens)).honour_api_domain(false).build();
    get(&Client::new(zoho.endpoint(), http.expect("a client"))).await.expect("the configured endpoint");
    assert_eq!(zoho.request_count(), 1);

    // A data centre's endpoint follows only API domains of its own family.
    for (answer, expected) in [
        ("https://www.zohoapis.com", "it belongs to another data centre than the configured endpoint"),
        ("http://www.zohoapis.eu", "it is not https"),
        ("http://127.0.0.1:9", "it is not https"),
    ] {
        zoho.set_api_domain(&url(answer));
        let tokens = RefreshingToken::new(credentials(zoho.accounts_url())).expect("a token source");
        let error = get(&refreshing_client(Endpoint::new(DataCentre::Eu), tokens)).await.expect_err("untrusted");
        match error {
            ClientError::Trust(TrustError::UntrustedApiDomain { reason, .. }) => assert_eq!(reason, expected),
            other => panic!("expected UntrustedApiDomain for {answer}, got {other:?}"),
        }
    }
}

#[tokio::test]
async fn the_oauth_endpoint_is_never_redirected() {
    let elsewhere =
        ScriptedServer::start(|_| Answer::json(200, r#"{"access_token":"1000.stolen"}"#)).await.expect("a server");
    for status in [301, 302, 303, 307, 308] {
        let target = format!("http://{}/oauth/v2/token", elsewhere.address());
        let accounts = ScriptedServer::start(move |_| Answer::redirect(status, &target)).await.expect("a server");
        let tokens = RefreshingToken::new(credentials(accounts.base_url())).expect("a token source");
        match tokens.token().await {
            Err(TokenError::Trust(TrustError::Redirect { target })) => {
                assert_eq!(target, format!("http://{}/oauth/v2/token", elsewhere.address()));
            }
            other => panic!("expected a refused redirect on {status}, got {other:?}"),
        }
        assert_eq!(accounts.requests(), 1);
    }
    assert_eq!(elsewhere.requests(), 0, "the credentials went nowhere else");
}

#[tokio::test]
async fn api_calls_never_follow_a_redirect_to_another_origin() {
    let zoho = MockZoho::start().await.expect("the server starts");
    let target = format!("{}/crm/v8/Contacts/{}/actions/share", zoho.base_url(), sample::CONTACT);
    let moved = target.clone();
    let redirector = ScriptedServer::start(move |_| Answer::redirect(307, &moved)).await.expect("a server");
    let client = Client::new(Endpoint::with_base_url(redirector.base_url()), admin_http().build().expect("a client"));
    for call in [get(&client).await, post(&client).await] {
        match call {
            Err(ClientError::Trust(TrustError::Redirect { target: refused })) => assert_eq!(refused, target),
            other => panic!("expected a refused redirect, got {other:?}"),
        }
    }
    assert_eq!(redirector.requests(), 2, "a refused redirect is not retried");
    assert_eq!(zoho.request_count(), 0, "nothing reached the other origin");

    // Within the origin, a redirect is followed.
    let same_origin = ScriptedServer::start(|seen| {
        if seen.target.starts_with("/moved") {
            Answer::json(200, r#"{"share":[]}"#)
        } else {
            Answer::redirect(308, &format!("/moved{}", seen.target))
        }
    })
    .await
    .expect("a server");
    let client = Client::new(Endpoint::with_base_url(same_origin.base_url()), admin_http().build().expect("a client"));
    get(&client).await.expect("the moved answer");
    assert_eq!(same_origin.requests(), 2);
}

#[tokio::test]
async fn a_huge_retry_after_gives_up_instead_of_panicking() {
    let zoho = MockZoho::start().await.expect("the server starts");
    let client = Client::new(zoho.endpoint(), admin_http().build().expect("a client"));
    zoho.inject(Fault::TooManyRequests { retry_after: None });
    zoho.inject(Fault::TooManyRequests { retry_after: Some(Duration::from_secs(u64::MAX)) });
    let error = get(&client).await.expect_err("the wait is past any budget");
    assert!(error.api_error().is_some_and(|error| error.code() == "TOO_MANY_REQUESTS"), "{error}");
    assert_eq!(zoho.request_count(), 2, "one retry, then the server's wait is refused");
}

#[tokio::test]
async fn answer_bodies_past_the_limit_are_abandoned() {
    const HUGE: u64 = 300 << 20;
    for declared in [true, false] {
        let server = ScriptedServer::start(move |_| Answer::filler(502, HUGE, declared)).await.expect("a server");
        let http = admin_http().max_body_bytes(1 << 20).build().expect("a client");
        let client = Client::new(Endpoint::with_base_url(server.base_url()), http);
        match get(&client).await {
            Err(ClientError::Trust(TrustError::BodyTooLarge { limit })) => assert_eq!(limit, 1 << 20),
            other => panic!("expected BodyTooLarge (declared: {declared}), got {other:?}"),
        }
        assert_eq!(server.requests(), 1, "an answer past the limit is not retried");
        assert!(server.body_bytes_sent() < HUGE / 10, "{} bytes were read", server.body_bytes_sent());
    }

    // The default limit is a few MiB.
    let server = ScriptedServer::start(|_| Answer::filler(200, HUGE, false)).await.expect("a server");
    let client = Client::new(Endpoint::with_base_url(server.base_url()), admin_http().build().expect("a client"));
    let error = get(&client).await.expect_err("too large");
    assert!(matches!(error, ClientError::Trust(TrustError::BodyTooLarge { .. })), "{error}");

    // A token answer is small; an endless one is not read to its end.
    let accounts = ScriptedServer::start(|_| Answer::filler(200, HUGE, false)).await.expect("a server");
    let tokens = RefreshingToken::new(credentials(accounts.base_url())).expect("a token source");
    let error = tokens.token().await.expect_err("too large");
    assert!(matches!(error, TokenError::Trust(TrustError::BodyTooLarge { .. })), "{error}");
}

/// A v8 answer of the spec's samples, with `SHARED_BY` for the ID of the user who shared.
const SHARE_ANSWER: &str = r#"{"share":[{"shared_with":{"name":"Manager","id":"2922942000000015969","type":"roles"},"share_related_records":false,"shared_through":{"module":{"name":"Leads","id":"2922942000000000125"},"id":"2922942000003922003"},"shared_time":"2025-12-31T13:36:56+05:30","permission":"full_access","shared_by":{"name":"we edited1","id":"SHARED_BY","zuid":"76602839"},"type":"private"}]}"#;

#[tokio::test]
async fn ids_in_answers_are_read_strictly() {
    for (id, readable) in
        [("4150868000001199001", true), ("0004150868000001199001", false), ("+4150868000001199001", false)]
    {
        let answer = SHARE_ANSWER.replace("SHARED_BY", id);
        let server = ScriptedServer::start(move |_| Answer::json(200, answer.clone())).await.expect("a server");
        let http = admin_http().retry(RetryPolicy::none()).build().expect("a client");
        let result = get(&Client::new(Endpoint::with_base_url(server.base_url()), http)).await;
        match result {
            Ok(()) => assert!(readable, "{id} was read"),
            Err(ClientError::Unexpected(answer)) if !readable => {
                assert!(matches!(answer.reason(), UnexpectedReason::Shape(_)), "{id}: {answer}");
            }
            Err(other) => panic!("{id}: {other:?}"),
        }
    }
}

#[tokio::test]
async fn a_rejected_fixed_token_is_not_sent_again() {
    let zoho = MockZoho::start().await.expect("the server starts");
    let http = HttpClient::builder(StaticToken::new("1000.never.issued")).retry(quick_retries()).build();
    let client = Client::new(zoho.endpoint(), http.expect("a client"));
    let error = get(&client).await.expect_err("an unknown token");
    assert!(error.api_error().is_some_and(|error| error.code() == "INVALID_TOKEN"), "{error}");
    assert_eq!(zoho.request_count(), 1, "the same token would be rejected again");
}
