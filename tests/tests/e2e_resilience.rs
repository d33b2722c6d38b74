//! Retries, timeouts and broken answers over real HTTP: what is retried, how often, and
//! what the caller gets when the answer cannot be understood.

use std::time::{Duration, Instant};

use zoho_crm_tests::e2e::{admin_client, admin_http, client_without_retries, quick_retries, read_only_share as user};
use zoho_share_mock::{Fault, MockZoho, sample};
use zoho_share_records::runtime::UnexpectedReason;
use zoho_share_records::runtime::client::{RetryPolicy, TransportErrorKind};
use zoho_share_records::{ApiError, Client, ClientError, ErrorKind, Module};

async fn get(client: &Client) -> Result<(), ClientError> {
    client.get_shared_record_details(Module::Contacts, sample::CONTACT).send().await.map(drop)
}

async fn post(client: &Client) -> Result<(), ClientError> {
    client.share_record(Module::Contacts, sample::CONTACT).share(user(sample::USERS[0])).send().await.map(drop)
}

#[tokio::test]
async fn rate_limits_and_passing_server_errors_are_retried_until_they_pass() {
    let zoho = MockZoho::start().await.expect("the server starts");
    let client = admin_client(&zoho);
    zoho.inject(Fault::TooManyRequests { retry_after: None });
    zoho.inject(Fault::HtmlPage(503));
    get(&client).await.expect("the third try passes");
    let statuses: Vec<u16> = zoho.requests().iter().map(|request| request.status).collect();
    assert_eq!(statuses, [429, 503, 204]);

    zoho.inject(Fault::Documented(ErrorKind::InternalError));
    zoho.inject(Fault::Disconnect);
    client.revoke_shared_record(Module::Contacts, sample::CONTACT).send().await.expect_err("nothing to revoke");
    let statuses: Vec<u16> = zoho.requests().iter().skip(3).map(|request| request.status).collect();
    assert_eq!(statuses, [500, 0, 400], "INTERNAL_ERROR and a dropped connection are retried; BAD_REQUEST is not");
}

#[tokio::test]
async fn retry_after_is_honoured() {
    let zoho = MockZoho::start().await.expect("the server starts");
    let client = admin_client(&zoho);
    zoho.inject(Fault::TooManyRequests { retry_after: Some(Duration::from_secs(1)) });
    let started = Instant::now();
    get(&client).await.expect("the retry passes");
    assert!(started.elapsed() >= Duration::from_secs(1), "waited {:?}", started.elapsed());
    assert_eq!(zoho.request_count(), 2);
}

#[tokio::test]
async fn retries_give_up_at_their_bound_with_the_last_error() {
    let zoho = MockZoho::start().await.expect("the server starts");
    let http = admin_http().retry(quick_retries().max_attempts(4)).build().expect("a client");
    let client = Client::new(zoho.endpoint(), http);
    zoho.inject_times(Fault::TooManyRequests { retry_after: None }, 10);
    let error = get(&client).await.expect_err("every try is rate-limited");
    assert!(matches!(error.api_error(), Some(ApiError::TooManyRequests(_))), "{error}");
    assert_eq!(zoho.request_count(), 4, "max_attempts counts every try");

    // A budget of total time stops retries before the attempts run out.
    zoho.inject_times(Fault::TooManyRequests { retry_after: None }, 50);
    let budget = quick_retries()
        .max_attempts(50)
        .initial_backoff(Duration::from_millis(100))
        .max_backoff(Duration::from_millis(100))
        .max_elapsed(Duration::from_millis(250));
    let http = admin_http().retry(budget).build().expect("a client");
    let client = Client::new(zoho.endpoint(), http);
    let started = Instant::now();
    get(&client).await.expect_err("still rate-limited");
    assert!(started.elapsed() < Duration::from_secs(2));
    assert!(zoho.request_count() - 4 < 6, "{} tries within the budget", zoho.request_count() - 4);
}

#[tokio::test]
async fn a_post_is_never_repeated_behind_the_callers_back() {
    let zoho = MockZoho::start().await.expect("the server starts");
    let client = admin_client(&zoho);
    for fault in
        [Fault::TooManyRequests { retry_after: None }, Fault::HtmlPage(503), Fault::Disconnect, Fault::CutShort]
    {
        zoho.inject(fault.clone());
        let before = zoho.request_count();
        post(&client).await.expect_err("the fault is returned");
        assert_eq!(zoho.request_count() - before, 1, "{fault:?} was not retried");
    }
    assert_eq!(zoho.share_count(&Module::Contacts, sample::CONTACT), 0);

    // Opting in retries a POST too.
    let http = admin_http().retry(quick_retries().retry_non_idempotent(true)).build().expect("a client");
    let opted = Client::new(zoho.endpoint(), http);
    zoho.inject(Fault::TooManyRequests { retry_after: None });
    post(&opted).await.expect("the retry passes");
    assert_eq!(zoho.share_count(&Module::Contacts, sample::CONTACT), 1);
}

#[tokio::test]
async fn a_slow_answer_times_out_and_is_retried_only_when_safe() {
    let zoho = MockZoho::start().await.expect("the server starts");
    let http = admin_http().timeout(Duration::from_millis(200)).retry(RetryPolicy::none()).build().expect("a client");
    let impatient = Client::new(zoho.endpoint(), http);
    zoho.inject(Fault::Slow(Duration::from_secs(2)));
    let error = get(&impatient).await.expect_err("too slow");
    assert!(error.is_timeout(), "{error:?}");
    assert!(matches!(&error, ClientError::Transport(transport) if transport.kind() == TransportErrorKind::Timeout));

    let http = admin_http().timeout(Duration::from_millis(200)).build().expect("a client");
    let patient = Client::new(zoho.endpoint(), http);
    zoho.inject(Fault::Slow(Duration::from_secs(2)));
    get(&patient).await.expect("the retry is fast");
}

#[tokio::test]
async fn answers_that_cannot_be_understood_keep_their_status_and_body() {
    let zoho = MockZoho::start().await.expect("the server starts");
    let client = client_without_retries(zoho.endpoint(), sample::ADMIN_TOKEN);

    zoho.inject(Fault::HtmlPage(502));
    let Err(ClientError::Unexpected(page)) = get(&client).await else { panic!("an HTML page is not understood") };
    assert_eq!(page.status().as_u16(), 502);
    assert!(page.body().contains("<html>"));

    zoho.inject(Fault::MalformedJson);
    let Err(ClientError::Unexpected(malformed)) = get(&client).await else { panic!("malformed JSON") };
    assert_eq!(malformed.status().as_u16(), 200);
    assert!(matches!(malformed.reason(), UnexpectedReason::NotJson(_)), "{malformed}");

    zoho.inject(Fault::TruncatedJson);
    let Err(ClientError::Unexpected(truncated)) = get(&client).await else { panic!("truncated JSON") };
    assert!(matches!(truncated.reason(), UnexpectedReason::Truncated(_)), "{truncated}");

    zoho.inject(Fault::CutShort);
    let Err(ClientError::Transport(cut)) = get(&client).await else { panic!("a body cut short") };
    assert_eq!(cut.kind(), TransportErrorKind::Body, "{cut}");

    zoho.inject(Fault::ErrorInOk(ErrorKind::SchedulerRunning));
    let Err(ClientError::Api(in_ok)) = get(&client).await else { panic!("an error inside HTTP 200") };
    assert_eq!(in_ok.kind(), Some(ErrorKind::SchedulerRunning));
    assert!(in_ok.is_retryable());
}

#[tokio::test]
async fn concurrent_calls_share_one_client() {
    let zoho = MockZoho::start().await.expect("the server starts");
    let client = admin_client(&zoho);
    let calls = (0..32).map(|_| {
        let client = client.clone();
        tokio::spawn(async move { get(&client).await })
    });
    for call in calls {
        call.await.expect("the task ends").expect("the call succeeds");
    }
    assert_eq!(zoho.request_count(), 32);
}
