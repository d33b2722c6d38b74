//! Tokens over real HTTP: Zoho's refresh flow, one refresh for many waiting requests,
//! renewal after INVALID_TOKEN, the API domain the token answer names, the scope check
//! before sending, and secrets kept out of every printout.

use std::sync::Arc;
use std::time::Duration;

use zoho_crm_tests::e2e::quick_retries;
use zoho_share_mock::{Grant, MockZoho, OAuthApp, sample};
use zoho_share_records::runtime::client::{
    HttpClient, HttpClientBuilder, OAuthCredentials, RefreshingToken, StaticToken, TokenError, TokenSource,
};
use zoho_share_records::runtime::{BaseUrl, GrantedScopes};
use zoho_share_records::{Client, ClientError, Endpoint, Module};

fn credentials(zoho: &MockZoho) -> OAuthCredentials {
    OAuthCredentials::new(zoho.accounts_url(), sample::CLIENT_ID, sample::CLIENT_SECRET, sample::REFRESH_TOKEN)
}

fn refreshing_client(zoho: &MockZoho, tokens: Arc<RefreshingToken>) -> Client {
    let http = HttpClientBuilder::with_shared_tokens(tokens).retry(quick_retries()).build().expect("a client");
    Client::new(zoho.endpoint(), http)
}

async fn get(client: &Client) -> Result<(), ClientError> {
    client.get_shared_record_details(Module::Contacts, sample::CONTACT).send().await.map(drop)
}

#[tokio::test]
async fn fifty_concurrent_requests_wait_for_one_refresh() {
    let zoho = MockZoho::start().await.expect("the server starts");
    zoho.set_token_delay(Duration::from_millis(150));
    let tokens = Arc::new(RefreshingToken::new(credentials(&zoho)).expect("a token source"));
    let client = refreshing_client(&zoho, Arc::clone(&tokens));
    let calls: Vec<_> = (0..50)
        .map(|_| {
            let client = client.clone();
            tokio::spawn(async move { get(&client).await })
        })
        .collect();
    for call in calls {
        call.await.expect("the task ends").expect("the call succeeds");
    }
    assert_eq!(zoho.token_refreshes(), 1);
    assert_eq!(tokens.refresh_count(), 1);
    assert_eq!(zoho.request_count(), 50);
    let first = zoho.requests()[0].token.clone().expect("a token");
    assert!(zoho.requests().iter().all(|request| request.token.as_ref() == Some(&first)), "one token for all");
}

#[tokio::test]
async fn a_rejected_token_is_renewed_once_and_the_request_repeated() {
    let zoho = MockZoho::start().await.expect("the server starts");
    let tokens = Arc::new(RefreshingToken::new(credentials(&zoho)).expect("a token source"));
    let client = refreshing_client(&zoho, Arc::clone(&tokens));
    get(&client).await.expect("the first call refreshes");
    zoho.expire_issued_tokens();
    // A POST is repeated too: Zoho refused it before carrying it out.
    client
        .share_record(Module::Contacts, sample::CONTACT)
        .share(zoho_share_records::ShareItem::private(zoho_share_records::Sharee::new(
            sample::USERS[0],
            zoho_share_records::ShareeType::Users,
        )))
        .send()
        .await
        .expect("the renewed token is accepted");
    assert_eq!(zoho.token_refreshes(), 2);
    let statuses: Vec<u16> = zoho.requests().iter().map(|request| request.status).collect();
    assert_eq!(statuses, [204, 401, 200]);

    // A token that stays rejected is not renewed forever.
    let fixed = Client::new(
        zoho.endpoint(),
        HttpClient::builder(StaticToken::new("1000.never.issued")).retry(quick_retries()).build().expect("a client"),
    );
    let before = zoho.request_count();
    let error = get(&fixed).await.expect_err("an unknown token");
    assert!(error.api_error().is_some_and(|error| error.code() == "INVALID_TOKEN"), "{error}");
    assert_eq!(zoho.request_count() - before, 1, "a fixed token cannot be renewed: it is not sent again");
}

#[tokio::test]
async fn tokens_are_refreshed_before_they_expire_and_legacy_expiry_is_read_in_seconds() {
    let zoho = MockZoho::start().await.expect("the server starts");
    let short = OAuthApp::new("1000.SHORT", "short-secret", "1000.short-refresh", Grant::full_access(sample::OWNER))
        .token_lifetime(Duration::from_secs(4));
    zoho.add_oauth_app(short);
    let credentials = OAuthCredentials::new(zoho.accounts_url(), "1000.SHORT", "short-secret", "1000.short-refresh");
    // A short least lifetime, so that a 4 s token is refreshed 3 s before it expires.
    let tokens = RefreshingToken::new(credentials)
        .expect("a source")
        .refresh_margin(Duration::from_secs(3))
        .min_token_lifetime(Duration::from_secs(1));
    let tokens = Arc::new(tokens);
    let client = refreshing_client(&zoho, Arc::clone(&tokens));
    get(&client).await.expect("a call");
    get(&client).await.expect("a call within the token's life");
    assert_eq!(zoho.token_refreshes(), 1);
    tokio::time::sleep(Duration::from_millis(1100)).await;
    get(&client).await.expect("a call within the margin of expiry");
    assert_eq!(zoho.token_refreshes(), 2, "refreshed before the token expired");
    assert!(zoho.requests().iter().all(|request| request.status == 204), "no request met an expired token");

    let legacy =
        OAuthApp::new("1000.OLD", "old-secret", "1000.old-refresh", Grant::full_access(sample::OWNER)).legacy_expiry();
    zoho.add_oauth_app(legacy);
    let old =
        RefreshingToken::new(OAuthCredentials::new(zoho.accounts_url(), "1000.OLD", "old-secret", "1000.old-refresh"))
            .expect("a source");
    let token = old.token().await.expect("a token");
    let left = token.expires_at.expect("an expiry") - std::time::Instant::now();
    assert!(left <= Duration::from_secs(3600) && left > Duration::from_secs(3590), "{left:?}");
}

#[tokio::test]
async fn requests_go_to_the_api_domain_the_token_answer_names() {
    let zoho = MockZoho::start().await.expect("the server starts");
    let tokens = Arc::new(RefreshingToken::new(credentials(&zoho)).expect("a token source"));
    // Nothing listens on port 9 of loopback: only the token's API domain can answer.
    let unreachable = Endpoint::with_base_url(BaseUrl::parse("http://127.0.0.1:9").expect("a URL"));
    let http = HttpClientBuilder::with_shared_tokens(tokens).retry(quick_retries()).build().expect("a client");
    let client = Client::new(unreachable.clone(), http);
    get(&client).await.expect("sent to the API domain");

    let tokens = Arc::new(RefreshingToken::new(credentials(&zoho)).expect("a token source"));
    let http = HttpClientBuilder::with_shared_tokens(tokens)
        .retry(quick_retries().max_attempts(1))
        .honour_api_domain(false)
        .build()
        .expect("a client");
    let stubborn = Client::new(unreachable, http);
    let error = get(&stubborn).await.expect_err("nothing listens there");
    assert!(matches!(error, ClientError::Transport(_)), "{error}");
}

#[tokio::test]
async fn refused_refreshes_are_token_errors_that_leak_no_secret() {
    let zoho = MockZoho::start().await.expect("the server starts");
    let wrong =
        OAuthCredentials::new(zoho.accounts_url(), sample::CLIENT_ID, "not-the-secret", "1000.super-secret-refresh");
    let tokens = Arc::new(RefreshingToken::new(wrong).expect("a token source"));
    let client = refreshing_client(&zoho, Arc::clone(&tokens));
    let error = get(&client).await.expect_err("the refresh is refused");
    assert!(
        matches!(&error, ClientError::Token(TokenError::Rejected { error, .. }) if error == "invalid_client_secret")
    );
    assert_eq!(zoho.request_count(), 0, "nothing was sent without a token");
    let printed = format!("{error} {error:?} {client:?} {tokens:?}");
    for secret in ["not-the-secret", "1000.super-secret-refresh"] {
        assert!(!printed.contains(secret), "{secret} leaked: {printed}");
    }

    let good = Arc::new(RefreshingToken::new(credentials(&zoho)).expect("a token source"));
    let client = refreshing_client(&zoho, Arc::clone(&good));
    get(&client).await.expect("a call");
    let access = zoho.requests()[0].token.clone().expect("a token");
    let printed = format!("{client:?} {good:?} {:?} {:?}", good.token().await.expect("a token"), zoho.requests());
    assert!(!printed.contains(access.expose_secret()), "the access token leaked: {printed}");
    assert!(!printed.contains(sample::CLIENT_SECRET) && !printed.contains(sample::REFRESH_TOKEN));
}

#[tokio::test]
async fn missing_scopes_fail_before_anything_is_sent() {
    let zoho = MockZoho::start().await.expect("the server starts");
    let read_only = GrantedScopes::parse("ZohoCRM.share.contacts.READ");
    zoho.issue_token("1000.reader", Grant::new(sample::OWNER, read_only.iter()));
    let checked = HttpClient::builder(StaticToken::new("1000.reader").with_scopes(read_only.clone()))
        .retry(quick_retries())
        .build()
        .expect("a client");
    let client = Client::new(zoho.endpoint(), checked);
    get(&client).await.expect("READ is granted");
    let error =
        client.revoke_shared_record(Module::Contacts, sample::CONTACT).send().await.expect_err("no DELETE scope");
    match &error {
        ClientError::MissingScope { operation, required, .. } => {
            assert_eq!(*operation, "revoke_shared_record");
            assert_eq!(required.to_string(), "ZohoCRM.share.contacts.DELETE or ZohoCRM.share.contacts.ALL");
        }
        other => panic!("expected MissingScope, got {other:?}"),
    }
    assert_eq!(zoho.request_count(), 1, "the refused request never left");

    // With the check off, Zoho's OAUTH_SCOPE_MISMATCH comes back instead.
    let unchecked = HttpClient::builder(StaticToken::new("1000.reader").with_scopes(read_only))
        .check_scopes(false)
        .build()
        .expect("a client");
    let client = Client::new(zoho.endpoint(), unchecked);
    let error = client.revoke_shared_record(Module::Contacts, sample::CONTACT).send().await.expect_err("no scope");
    assert_eq!(error.api_error().map(|error| error.code()), Some("OAUTH_SCOPE_MISMATCH"));
}
