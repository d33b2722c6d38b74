//! The Tags client over loopback against the generic mock (`zoho-crm-mock`), which serves
//! `spec/tags.yaml` with no code of its own for tags: answers from the spec's samples and
//! from handlers, a documented error on demand, a 429 retried, tokens refreshed through
//! the mock's OAuth endpoint (and Zoho's limit on them), and a scope refusal.
//!
//! What the tests expect of the spec (samples, rows, scopes) is read from the spec or
//! from the client generated from it, never restated.

use std::sync::{Arc, Mutex};
use std::time::Duration;

use zoho_crm_mock::{Fault, MockAnswer, ZohoMock};
use zoho_crm_tags::runtime::BaseUrl;
use zoho_crm_tags::runtime::client::{HttpClient, OAuthCredentials, RefreshingToken, RetryPolicy, StaticToken};
use zoho_crm_tags::runtime::http::{HeaderMap, StatusCode};
use zoho_crm_tags::{
    AddTagsToRecord, ApiVersion, Client, CreateTagsBody, DeleteTag, Endpoint, ErrorKind, GetTags, Module, NewTag,
    Operation, Tag, TagList, TagRef,
};

const SPEC: &str = include_str!("../../spec/tags.yaml");

async fn mock() -> ZohoMock {
    ZohoMock::start(SPEC).await.expect("the Tags spec is served")
}

fn endpoint(mock: &ZohoMock) -> Endpoint {
    Endpoint::with_base_url(BaseUrl::parse(&mock.endpoint_url()).expect("a loopback URL"))
}

fn quick_retries() -> RetryPolicy {
    RetryPolicy::default().initial_backoff(Duration::from_millis(10)).max_backoff(Duration::from_millis(40))
}

/// A client with a fixed token (its scopes unknown to the client, so nothing is checked
/// before sending).
fn client_with(mock: &ZohoMock, token: &str) -> Client {
    Client::new(endpoint(mock), HttpClient::builder(StaticToken::new(token)).retry(quick_retries()).build().unwrap())
}

/// The sample answer of success the spec gives `operation` for `version`, as the mock
/// picks it.
fn sample_answer(operation: &str, version: &str) -> (u16, String) {
    let (spec, _) = zoho_crm_codegen::load(SPEC, "tags.yaml").expect("the spec reads");
    let operation = spec.operations.iter().find(|op| op.name.as_deref() == Some(operation)).expect("the operation");
    let successes: Vec<_> = operation
        .sample_responses()
        .iter()
        .filter(|sample| sample.error.is_none() && sample.status.is_some_and(|status| (200..300).contains(&status)))
        .collect();
    let sample = successes
        .iter()
        .find(|sample| sample.version.as_deref() == Some(version))
        .or_else(|| successes.iter().find(|sample| sample.version.is_none()))
        .or_else(|| successes.first())
        .expect("the operation has a sample answer");
    (sample.status.unwrap() as u16, sample.body.clone().unwrap_or_default())
}

#[tokio::test]
async fn an_operation_without_a_handler_answers_with_the_spec_sample() {
    let mock = mock().await;
    let client = client_with(&mock, zoho_crm_mock::TEST_TOKEN);
    let tags = client.get_tags(Module::Leads).send().await.expect("the sample answer parses");

    let version = ApiVersion::default().as_str();
    let (status, body) = sample_answer(GetTags::NAME, version);
    let request = GetTags::builder().module(Module::Leads).build().unwrap();
    let expected = request
        .parse_response(StatusCode::from_u16(status).unwrap(), &HeaderMap::new(), body.as_bytes())
        .expect("the sample parses");
    assert_eq!(tags, expected);

    let log = mock.requests();
    assert_eq!(log.len(), 1);
    assert_eq!(log[0].operation.as_deref(), Some(GetTags::NAME));
    assert_eq!((log[0].method.as_str(), log[0].status), (GetTags::METHOD.as_str(), status));
    assert_eq!(log[0].query.as_deref(), Some("module=Leads"));
}

#[tokio::test]
async fn handlers_answer_with_typed_outputs_and_read_typed_bodies() {
    let mock = mock().await;
    let seen = Arc::new(Mutex::new(Vec::new()));
    let seen_by_handler = Arc::clone(&seen);
    mock.on_operation::<GetTags>(move |request| {
        seen_by_handler.lock().unwrap().push(request.param("module").map(str::to_owned));
        Ok(TagList::new().with_tags(vec![Tag::new(4150868000001234567u64, "Urgent")]))
    })
    .unwrap();
    let names = Arc::new(Mutex::new(Vec::new()));
    let names_by_handler = Arc::clone(&names);
    mock.on("create_tags", move |request| {
        let body: CreateTagsBody = match request.json() {
            Ok(body) => body,
            Err(err) => return MockAnswer::json(400, serde_json::json!({"not": err})),
        };
        names_by_handler.lock().unwrap().extend(body.tags.iter().map(|tag| tag.name.clone()));
        let (status, body) = sample_answer(request.operation(), request.version());
        MockAnswer::raw(status, "application/json", body)
    })
    .unwrap();

    let client = client_with(&mock, zoho_crm_mock::TEST_TOKEN);
    let tags = client.get_tags(Module::Contacts).send().await.expect("the handler's answer");
    assert_eq!(tags.tags.iter().map(|tag| tag.name.as_str()).collect::<Vec<_>>(), ["Urgent"]);
    assert_eq!(*seen.lock().unwrap(), [Some("Contacts".to_owned())]);

    client.create_tags(Module::Leads).tags(NewTag::new("Hot")).send().await.expect("created");
    assert_eq!(*names.lock().unwrap(), ["Hot"]);
}

#[tokio::test]
async fn a_documented_error_comes_on_demand_with_its_row() {
    let mock = mock().await;
    let row = GetTags::DOCUMENTED_ERRORS.iter().find(|row| row.kind == ErrorKind::InvalidModule).expect("a row");
    mock.fail_next(GetTags::NAME, "InvalidModule").unwrap();
    let client = client_with(&mock, zoho_crm_mock::TEST_TOKEN);

    let error = client.get_tags(Module::Leads).send().await.expect_err("the error asked for");
    let api_error = error.api_error().expect("an API error");
    assert_eq!(api_error.kind(), Some(ErrorKind::InvalidModule));
    assert_eq!((api_error.code(), api_error.message()), (row.code, row.message));
    assert_eq!(api_error.status().map(|status| status.as_u16()), Some(row.status));
    client.get_tags(Module::Leads).send().await.expect("only the next request fails");

    assert!(mock.fail_next(GetTags::NAME, "NoSuchKind").is_err());
    assert!(mock.fail_next("no_such_operation", "InvalidModule").is_err());
}

#[tokio::test]
async fn a_429_is_retried_after_its_wait() {
    let mock = mock().await;
    mock.inject(Fault::TooManyRequests { retry_after: Some(Duration::ZERO) });
    let client = client_with(&mock, zoho_crm_mock::TEST_TOKEN);
    client.get_tags(Module::Leads).send().await.expect("the retry succeeds");
    let statuses: Vec<u16> = mock.requests().iter().map(|request| request.status).collect();
    assert_eq!(statuses.first(), Some(&429));
    assert_eq!(statuses.len(), 2);
    assert!((200..300).contains(&statuses[1]));
}

#[tokio::test]
async fn tokens_are_refreshed_through_the_mock_oauth_endpoint_within_zoho_limit() {
    let mock = mock().await;
    let accounts = BaseUrl::parse(&mock.accounts_url()).unwrap();
    let credentials = OAuthCredentials::new(
        accounts,
        zoho_crm_mock::CLIENT_ID,
        zoho_crm_mock::CLIENT_SECRET,
        zoho_crm_mock::REFRESH_TOKEN,
    );
    let tokens = RefreshingToken::new(credentials).unwrap().refusal_wait(Duration::from_millis(10));
    let client = Client::new(endpoint(&mock), HttpClient::builder(tokens).retry(quick_retries()).build().unwrap());
    client.get_tags(Module::Leads).send().await.expect("a refreshed token is accepted");
    assert_eq!(mock.tokens_issued(), 1);

    // A token the server forgets is renewed once and the call repeated.
    mock.expire_issued_tokens();
    client.get_tags(Module::Leads).send().await.expect("the renewed token is accepted");
    assert_eq!(mock.tokens_issued(), 2);
    let statuses: Vec<u16> = mock.requests().iter().map(|request| request.status).collect();
    assert_eq!(statuses[1], 401);

    // Past the limit the accounts server answers "Access Denied" and issues nothing.
    mock.set_token_limit(2, Duration::from_secs(600));
    mock.expire_issued_tokens();
    let error = client.get_tags(Module::Leads).send().await.expect_err("no token past the limit");
    assert_eq!(error.kind_name(), "token", "{error}");
    assert_eq!(mock.tokens_issued(), 2);
}

#[tokio::test]
async fn a_token_without_the_operation_scope_is_refused() {
    let mock = mock().await;
    let read_scope = GetTags::scopes_for(&Module::Leads).scopes()[0].clone();
    mock.token("1000.read-only").with_scopes([read_scope.as_str()]);
    let client = client_with(&mock, "1000.read-only");
    client.get_tags(Module::Leads).send().await.expect("the token has the scope to read");

    let needed = DeleteTag::builder().tag_id(4150868000001234567u64).build().unwrap().required_scopes();
    assert!(!needed.scopes().contains(&read_scope), "the test needs an operation the read scope does not allow");
    let error = client.delete_tag(4150868000001234567u64).send().await.expect_err("refused");
    let api_error = error.api_error().expect("an API error");
    assert_eq!(api_error.kind(), Some(ErrorKind::OauthScopeMismatch), "{error}");
    let row = DeleteTag::DOCUMENTED_ERRORS.iter().find(|row| row.kind == ErrorKind::OauthScopeMismatch).unwrap();
    assert_eq!(api_error.status().map(|status| status.as_u16()), Some(row.status));
}

#[tokio::test]
async fn module_scopes_are_filled_with_the_module_of_the_request() {
    let mock = mock().await;
    let contacts_scope = AddTagsToRecord::scopes_for(&Module::Contacts).scopes()[0].clone();
    assert!(
        !AddTagsToRecord::scopes_for(&Module::Leads).scopes().contains(&contacts_scope),
        "the test needs a scope that names the module"
    );
    mock.token("1000.contacts-only").with_scopes([contacts_scope.as_str()]);
    let client = client_with(&mock, "1000.contacts-only");
    let record = 4150868000004381115u64;
    client
        .add_tags_to_record(Module::Contacts, record)
        .tags(TagRef::new().with_name("Hot"))
        .send()
        .await
        .expect("the token has the contacts scope");
    let error = client
        .add_tags_to_record(Module::Leads, record)
        .tags(TagRef::new().with_name("Hot"))
        .send()
        .await
        .expect_err("not the leads scope");
    assert_eq!(error.api_error().map(|error| error.code()), Some("OAUTH_SCOPE_MISMATCH"), "{error}");
}
