//! Share Records and Tags through one client, over real HTTP on loopback: one mock server
//! serves both specs (`ZohoMock::start_many`), one `Client` shares a record and tags it,
//! and one `ApiError` carries the documented errors of either API.

use std::time::Duration;

use zoho_crm_family::runtime::BaseUrl;
use zoho_crm_family::runtime::client::{HttpClient, RetryPolicy, StaticToken};
use zoho_crm_family::share_records::{
    Permission, RevokeSharedRecord, ShareItem, ShareRecord, ShareType, Sharee, ShareeType,
};
use zoho_crm_family::tags::{AddTagsToRecord, DeleteTag, TagRef};
use zoho_crm_family::{ApiError, Client, ClientError, Endpoint, ErrorKind, Module, Operation, RecordId};
use zoho_crm_mock::ZohoMock;

const SHARE: &str = include_str!("../../spec/share_records.yaml");
const TAGS: &str = include_str!("../../spec/tags.yaml");

const RECORD: u64 = 4_150_868_000_004_381_115;
const USER: u64 = 4_150_868_000_000_225_013;

async fn mock() -> ZohoMock {
    ZohoMock::start_many(&[SHARE, TAGS]).await.expect("both specs are served by one server")
}

fn client(mock: &ZohoMock, token: &str) -> Client {
    let endpoint = Endpoint::with_base_url(BaseUrl::parse(&mock.endpoint_url()).expect("a loopback URL"));
    let retry =
        RetryPolicy::default().initial_backoff(Duration::from_millis(10)).max_backoff(Duration::from_millis(40));
    Client::new(endpoint, HttpClient::builder(StaticToken::new(token)).retry(retry).build().expect("an HTTP client"))
}

fn read_only() -> ShareItem {
    ShareItem::new()
        .with_shared_with(Sharee::new(USER, ShareeType::Users))
        .with_permission(Permission::ReadOnly)
        .with_share_type(ShareType::Private)
}

#[tokio::test]
async fn one_client_shares_a_record_and_tags_it() {
    let mock = mock().await;
    let client = client(&mock, zoho_crm_mock::TEST_TOKEN);
    // One ID type for both APIs: both specs declare `RecordId`.
    let record = RecordId::new(RECORD);

    client.share_record(Module::Contacts, record).share(read_only()).send().await.expect("shared");
    client
        .add_tags_to_record(Module::Contacts, record)
        .tags(TagRef::new().with_name("VIP"))
        .send()
        .await
        .expect("tagged");

    let log = mock.requests();
    let operations: Vec<_> = log.iter().map(|request| request.operation.as_deref()).collect();
    assert_eq!(operations, [Some(ShareRecord::NAME), Some(AddTagsToRecord::NAME)]);
    assert!(log.iter().all(|request| (200..300).contains(&request.status)), "{log:?}");
    assert!(log[0].path.ends_with(&format!("/Contacts/{RECORD}/actions/share")), "{}", log[0].path);
    assert!(log[1].path.ends_with(&format!("/Contacts/{RECORD}/actions/add_tags")), "{}", log[1].path);
}

#[tokio::test]
async fn one_api_error_carries_the_documented_errors_of_both_apis() {
    let mock = mock().await;
    let client = client(&mock, zoho_crm_mock::TEST_TOKEN);
    mock.fail_next(RevokeSharedRecord::NAME, "NothingToRevoke").unwrap();
    mock.fail_next(DeleteTag::NAME, "TagNotFound").unwrap();

    let share_error = client.revoke_shared_record(Module::Contacts, RECORD).send().await.expect_err("documented");
    let tags_error = client.delete_tag(4_150_868_000_004_381_001u64).send().await.expect_err("documented");

    // The same type, each error classified by the merged rules of both specs.
    let errors: [&ApiError; 2] = [share_error.api_error().unwrap(), tags_error.api_error().unwrap()];
    assert!(matches!(errors[0], ApiError::NothingToRevoke(_)), "{share_error}");
    assert!(matches!(errors[1], ApiError::TagNotFound(_)), "{tags_error}");
    assert_eq!(errors.map(|error| error.kind()), [Some(ErrorKind::NothingToRevoke), Some(ErrorKind::TagNotFound)]);
    // Each error is one the operation documents, in its own module's table.
    assert!(RevokeSharedRecord::DOCUMENTED_ERRORS.iter().any(|row| row.kind == ErrorKind::NothingToRevoke));
    assert!(DeleteTag::DOCUMENTED_ERRORS.iter().any(|row| row.kind == ErrorKind::TagNotFound));
}

#[tokio::test]
async fn a_common_error_is_one_kind_whichever_api_answers() {
    let mock = mock().await;
    let client = client(&mock, "1000.unknown-token");
    let share_error = client.revoke_shared_record(Module::Leads, RECORD).send().await.expect_err("refused");
    let tags_error = client.get_tags(Module::Leads).send().await.expect_err("refused");
    for error in [&share_error, &tags_error] {
        assert!(matches!(error.api_error(), Some(ApiError::InvalidToken(_))), "{error}");
        assert!(error.api_error().unwrap().kind().is_some_and(ErrorKind::renews_token));
    }
    assert!(zoho_crm_family::COMMON_ERRORS.iter().any(|row| row.kind == ErrorKind::InvalidToken));
}

#[tokio::test]
async fn share_records_refuses_before_sending_a_module_only_tags_takes() {
    let mock = mock().await;
    let client = client(&mock, zoho_crm_mock::TEST_TOKEN);
    // Events is a standard module of the shared `Module`, because Tags takes it.
    assert!(Module::STANDARD.contains(&Module::Events));
    assert!(zoho_crm_family::share_records::REFUSED_MODULES.iter().any(|(name, _)| *name == "Events"));

    let error = client.share_record(Module::Events, RECORD).share(read_only()).send().await.expect_err("refused");
    let ClientError::Build(build) = &error else { panic!("refused before sending: {error}") };
    assert_eq!(build.field(), "module");
    assert!(build.message().contains("`Events`") && build.message().contains("Share Records"), "{build}");
    // Meetings: Share Records refuses it; Tags takes it as a custom module.
    let meetings = Module::custom("Meetings").expect("a custom module for Tags");
    let error = client.revoke_shared_record(meetings.clone(), RECORD).send().await.expect_err("refused");
    assert!(matches!(&error, ClientError::Build(build) if build.field() == "module"), "{error}");
    assert!(mock.requests().is_empty(), "nothing was sent");

    client
        .add_tags_to_record(Module::Events, RECORD)
        .tags(TagRef::new().with_name("VIP"))
        .send()
        .await
        .expect("Tags takes Events");
    client
        .add_tags_to_record(meetings, RECORD)
        .tags(TagRef::new().with_name("VIP"))
        .send()
        .await
        .expect("and custom modules");
    assert_eq!(mock.requests().len(), 2);
}

#[test]
fn what_both_apis_share_is_declared_once() {
    use zoho_crm_family::{ApiVersion, DataCentre};
    // The versions of both specs; both have them all.
    assert_eq!(zoho_crm_family::share_records::VERSIONS, ApiVersion::ALL);
    assert_eq!(zoho_crm_family::tags::VERSIONS, ApiVersion::ALL);
    assert_eq!(DataCentre::Eu.api_domain(), "https://www.zohoapis.eu");
    // Each API keeps its own scopes.
    let share_scope =
        zoho_crm_family::share_records::scope(&Module::Leads, zoho_crm_family::share_records::OperationType::Read);
    let tags_scope = AddTagsToRecord::scopes_for(&Module::Leads);
    assert_eq!(share_scope.to_string(), "ZohoCRM.share.leads.READ");
    assert!(!tags_scope.scopes().is_empty());
    assert_eq!(zoho_crm_family::share_records::API.name, "Share Records");
    assert_eq!(zoho_crm_family::tags::API.name, "Tags");
}

#[tokio::test]
async fn typed_handlers_answer_either_api_on_one_server() {
    use zoho_crm_family::tags::{GetTags, Tag, TagList};
    let mock = mock().await;
    mock.on_operation::<GetTags>(|request| {
        let module = request.param("module").unwrap_or_default().to_owned();
        Ok(TagList::new().with_tags(vec![Tag::new(4_150_868_000_000_001u64, format!("{module} VIP"))]))
    })
    .unwrap();
    let client = client(&mock, zoho_crm_mock::TEST_TOKEN);
    let list = client.get_tags(Module::Events).send().await.expect("the handler's answer");
    assert_eq!(list.tags.iter().map(|tag| tag.name.as_str()).collect::<Vec<_>>(), ["Events VIP"]);
    // The other API's operations still answer from their spec's samples.
    client.get_shared_record_details(Module::Leads, RECORD).send().await.expect("a sample answer");
}
