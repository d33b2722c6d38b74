//! Hostile input over real HTTP on loopback, round 3: token answers whose access token
//! cannot be sent or whose expiry cannot be read, stored tokens that cannot be sent (in a
//! file and in a Redis fleet), `Retry-After` values too large for a `u64`, API domains
//! with a port or a path, errors that echo secrets, and a `User-Agent` a header cannot
//! carry.

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use zoho_crm_tests::e2e::quick_retries;
use zoho_crm_tests::redis_server::RedisServer;
use zoho_crm_tests::scripted::{Answer, ScriptedServer};
use zoho_share_mock::{Grant, MockZoho, sample};
use zoho_share_records::runtime::client::{
    ConcurrencyLimit, FileStore, HttpClient, HttpClientBuilder, OAuthCredentials, RedisFleet, RefreshingToken,
    RetryPolicy, StaticToken, StoredToken, Token, TokenError, TokenSource, TokenStore, TransportErrorKind, TrustError,
};
use zoho_share_records::runtime::{AccessToken, BaseUrl};
use zoho_share_records::{Client, ClientError, Endpoint, Module};

async fn get(client: &Client) -> Result<(), ClientError> {
    client.get_shared_record_details(Module::Contacts, sample::CONTACT).send().await.map(drop)
}

fn credentials(accounts_url: BaseUrl) -> OAuthCredentials {
    OAuthCredentials::new(accounts_url, sample::CLIENT_ID, sample::CLIENT_SECRET, sample::REFRESH_TOKEN)
}

fn client_of(endpoint: Endpoint, tokens: Arc<RefreshingToken>) -> Client {
    let http = HttpClientBuilder::with_shared_tokens(tokens).retry(quick_retries()).build().expect("a client");
    Client::new(endpoint, http)
}

/// An accounts server that answers every refresh with `body`.
async fn accounts_answering(body: String) -> ScriptedServer {
    ScriptedServer::start(move |_| Answer::json(200, body.clone())).await.expect("a server")
}

/// A token an hour from expiry, as a refresh stores it.
fn stored(secret: &str) -> StoredToken {
    let mut token = Token::new(AccessToken::new(secret));
    token.expires_at = Some(Instant::now() + Duration::from_secs(3600));
    StoredToken::from_token(&token)
}

#[tokio::test]
async fn token_answers_that_cannot_be_sent_are_refused_every_time_and_never_cached() {
    let zoho = MockZoho::start().await.expect("the server starts");
    for hostile in [r#""1000.a\r\nX-Injected: 1""#, r#""1000.a\n""#, r#""""#, r#""1000 a""#] {
        let accounts = accounts_answering(format!(r#"{{"access_token":{hostile},"expires_in":3600}}"#)).await;
        let tokens = Arc::new(RefreshingToken::new(credentials(accounts.base_url())).expect("a token source"));
        let client = client_of(zoho.endpoint(), Arc::clone(&tokens));
        for _ in 0..3 {
            match get(&client).await {
                Err(ClientError::Token(TokenError::UnusableToken { status: 200, .. })) => {}
                other => panic!("{hostile}: expected UnusableToken, got {other:?}"),
            }
        }
        assert_eq!(accounts.requests(), 3, "{hostile}: each call asks again, none reuses the bad token");
    }
    assert_eq!(zoho.request_count(), 0, "no call was sent with a bad token");
}

#[tokio::test]
async fn a_stored_token_that_cannot_be_sent_is_refreshed_and_replaced() {
    let zoho = MockZoho::start().await.expect("the server starts");
    let directory = std::env::temp_dir().join(format!("zoho-hostile-store-{}", std::process::id()));
    std::fs::create_dir_all(&directory).expect("a directory");
    let path = directory.join("token.json");
    for bad in ["1000.a\r\nX-Injected: 1", ""] {
        std::fs::write(&path, stored(bad).to_json()).expect("a planted token");
        let tokens = Arc::new(
            RefreshingToken::new(credentials(zoho.accounts_url())).expect("a source").store(FileStore::new(&path)),
        );
        get(&client_of(zoho.endpoint(), Arc::clone(&tokens))).await.expect("a refreshed token is used");
        assert_eq!(tokens.refresh_count(), 1, "{bad:?} counts as no token");
        let kept = FileStore::new(&path).load().await.expect("readable").expect("a token");
        assert_ne!(kept.access_token.expose_secret(), bad, "the bad token was replaced");
    }
    std::fs::remove_dir_all(&directory).expect("cleaned up");
}

#[tokio::test]
async fn a_fleet_never_shares_a_token_that_cannot_be_sent_nor_uses_one_it_finds() {
    let redis = RedisServer::start();
    let fleet = RedisFleet::connect(&redis.url(), "zoho:hostile").await.expect("a Redis URL");
    let accounts =
        accounts_answering(r#"{"access_token":"1000.a\r\nX-Injected: 1","expires_in":3600}"#.to_owned()).await;
    for _ in 0..2 {
        let tokens = RefreshingToken::new(credentials(accounts.base_url())).expect("a source").store(fleet.clone());
        let error = tokens.token().await.expect_err("an unusable token");
        assert!(matches!(error, TokenError::UnusableToken { .. }), "{error}");
        assert_eq!(fleet.load().await.expect("Redis answers"), None, "the bad token was not shared");
    }
    assert_eq!(accounts.requests(), 2);

    // A bad token already in Redis (from another program, say) is refreshed over.
    let zoho = MockZoho::start().await.expect("the server starts");
    let fence = fleet.try_lock(Duration::from_secs(5)).await.expect("Redis answers").expect("the lock is free");
    assert!(fleet.save(&stored("1000.a\r\nX-Injected: 1"), fence).await.expect("Redis answers"));
    fleet.unlock(fence).await.expect("Redis answers");
    let tokens =
        Arc::new(RefreshingToken::new(credentials(zoho.accounts_url())).expect("a source").store(fleet.clone()));
    get(&client_of(zoho.endpoint(), Arc::clone(&tokens))).await.expect("a refreshed token is used");
    assert_eq!(tokens.refresh_count(), 1);
    let shared = fleet.load().await.expect("Redis answers").expect("the new token is shared");
    assert_eq!(Some(&shared.access_token), zoho.requests()[0].token.as_ref());
}

#[tokio::test]
async fn an_expiry_of_zero_does_not_refresh_on_every_call_and_garbage_never_lives_for_ever() {
    let zoho = MockZoho::start().await.expect("the server starts");
    zoho.issue_token("1000.short", Grant::full_access(sample::OWNER));
    let accounts = accounts_answering(r#"{"access_token":"1000.short","expires_in":0}"#.to_owned()).await;
    let tokens = Arc::new(RefreshingToken::new(credentials(accounts.base_url())).expect("a source"));
    let client = client_of(zoho.endpoint(), Arc::clone(&tokens));
    for _ in 0..5 {
        get(&client).await.expect("a call");
    }
    assert_eq!(accounts.requests(), 1, "one refresh serves the calls");

    let margin = Duration::from_secs(60);
    for expires_in in ["0", "-1", "1e300", r#""3600""#, r#""abc""#, "null"] {
        let accounts =
            accounts_answering(format!(r#"{{"access_token":"1000.short","expires_in":{expires_in}}}"#)).await;
        let tokens = RefreshingToken::new(credentials(accounts.base_url())).expect("a source").refresh_margin(margin);
        let token = tokens.token().await.expect("a token");
        assert!(token.is_fresh(margin), "{expires_in}: refreshed at once");
        assert!(!token.is_fresh(Duration::from_secs(2 * 24 * 3600)), "{expires_in}: lives for ever");
        if expires_in == r#""3600""# {
            let left = token.expires_at.expect("an expiry") - Instant::now();
            assert!(left > Duration::from_secs(3590) && left <= Duration::from_secs(3600), "{left:?}");
        }
    }
}

/// A server that answers every call 429 with `retry_after`, counting the calls.
async fn rate_limited(retry_after: &'static str) -> ScriptedServer {
    let body = r#"{"code":"TOO_MANY_REQUESTS","details":{},"message":"slow down","status":"error"}"#;
    ScriptedServer::start(move |_| Answer::json(429, body).with_header("retry-after", retry_after))
        .await
        .expect("a server")
}

#[tokio::test]
async fn every_retry_after_too_long_to_honour_ends_the_retries_at_once() {
    for retry_after in ["18446744073709551615", "18446744073709551616", "99999999999999999999"] {
        for limited in [false, true] {
            let server = rate_limited(retry_after).await;
            let mut http = HttpClient::builder(StaticToken::new("1000.token")).retry(quick_retries());
            if limited {
                http = http.concurrency_limit(ConcurrencyLimit::calls(2));
            }
            let client = Client::new(Endpoint::with_base_url(server.base_url()), http.build().expect("a client"));
            let started = Instant::now();
            let error = get(&client).await.expect_err("rate-limited");
            assert!(error.api_error().is_some_and(|error| error.code() == "TOO_MANY_REQUESTS"), "{error}");
            assert_eq!(server.requests(), 1, "{retry_after} (limited: {limited}) was retried");
            assert!(started.elapsed() < Duration::from_secs(5), "{retry_after}: {:?}", started.elapsed());
        }
    }
}

#[tokio::test]
async fn an_api_domain_with_a_path_is_refused_before_anything_is_sent() {
    let zoho = MockZoho::start().await.expect("the server starts");
    for suffix in ["/evil/path", "/crm"] {
        let hostile = format!("{}{suffix}", zoho.base_url());
        zoho.set_api_domain(&BaseUrl::parse(&hostile).expect("a URL"));
        let tokens = Arc::new(RefreshingToken::new(credentials(zoho.accounts_url())).expect("a source"));
        match get(&client_of(zoho.endpoint(), tokens)).await {
            Err(ClientError::Trust(TrustError::UntrustedApiDomain { api_domain, .. })) => {
                assert_eq!(api_domain, hostile)
            }
            other => panic!("{hostile}: expected UntrustedApiDomain, got {other:?}"),
        }
    }
    assert_eq!(zoho.request_count(), 0, "no call was sent anywhere");
}

#[tokio::test]
async fn errors_that_echo_secrets_never_print_them() {
    const TOKEN: &str = "1000.echoed.secret";
    let answers = Arc::new(AtomicUsize::new(0));
    let seen = Arc::clone(&answers);
    let server = ScriptedServer::start(move |_| match seen.fetch_add(1, Ordering::SeqCst) {
        0 => Answer::json(
            400,
            format!(
                r#"{{"code":"INVALID_DATA","details":{{"token":"{TOKEN}","also":"Zoho-oauthtoken {TOKEN}"}},"message":"bad token {TOKEN}","status":"error"}}"#
            ),
        ),
        // The token written with a JSON escape, which the raw text does not show.
        1 => Answer::json(400, r#"{"code":"ECHO","details":{},"message":"\u0031000.echoed.secret","status":"error"}"#),
        _ => Answer {
            status: 502,
            headers: vec![("content-type".to_owned(), "text/html".to_owned())],
            body: zoho_crm_tests::scripted::Payload::Bytes(format!("<html>{TOKEN}</html>").into_bytes()),
        },
    })
    .await
    .expect("a server");
    let http = HttpClient::builder(StaticToken::new(TOKEN)).retry(RetryPolicy::none()).build().expect("a client");
    let client = Client::new(Endpoint::with_base_url(server.base_url()), http);
    for expected in ["documented", "undocumented", "unexpected"] {
        let error = get(&client).await.expect_err("an error");
        let printed = format!("{error} {error:?}");
        assert!(!printed.contains(TOKEN), "{expected}: the token leaked: {printed}");
        assert!(printed.contains("***"), "{expected}: {printed}");
        match (&error, expected) {
            (ClientError::Api(api), "documented" | "undocumented") => {
                assert_eq!(api.code(), if expected == "documented" { "INVALID_DATA" } else { "ECHO" });
                assert!(!api.raw_body().contains(TOKEN), "{}", api.raw_body());
            }
            (ClientError::Unexpected(answer), "unexpected") => assert_eq!(answer.body(), "<html>***</html>"),
            (other, _) => panic!("{expected}: got {other:?}"),
        }
    }

    // The OAuth server echoing the refresh token and client secret.
    let accounts = ScriptedServer::start(|_| {
        Answer::json(
            400,
            format!(r#"{{"error":"{} is not valid with {}"}}"#, sample::REFRESH_TOKEN, sample::CLIENT_SECRET),
        )
    })
    .await
    .expect("a server");
    let tokens = RefreshingToken::new(credentials(accounts.base_url())).expect("a source");
    let error = tokens.token().await.expect_err("refused");
    let printed = format!("{error} {error:?}");
    assert!(!printed.contains(sample::REFRESH_TOKEN) && !printed.contains(sample::CLIENT_SECRET), "{printed}");
    assert!(matches!(error, TokenError::Rejected { .. }), "{printed}");
}

#[tokio::test]
async fn a_user_agent_a_header_cannot_carry_is_refused_when_the_client_is_built() {
    for hostile in ["zoho\r\nX-Injected: 1", "zoho\n", "zoho\u{0}", "zoho\u{7f}"] {
        let error = HttpClient::builder(StaticToken::new("1000.token")).user_agent(hostile).build().expect_err(hostile);
        assert_eq!(error.kind(), TransportErrorKind::Configuration, "{hostile:?}");
        let printed = error.to_string();
        assert!(printed.contains("user_agent") && printed.contains("header"), "{printed}");
    }
    HttpClient::builder(StaticToken::new("1000.token"))
        .user_agent("my-app/1.0 (ops@example.com)")
        .build()
        .expect("a client");
}
