//! Every documented error over real HTTP: where its condition arises in the server's
//! state, through the client; where the client prevents the condition, through raw HTTP
//! and the transport-neutral parser; and every row of every operation, injected.

use zoho_crm_tests::e2e::{admin_client, client_without_retries, read_only_share as user};
use zoho_share_mock::{Fault, Grant, MockZoho, sample};
use zoho_share_records::runtime::http::{HeaderMap, StatusCode};
use zoho_share_records::runtime::{BaseUrl, Outcome, ResponseError};
use zoho_share_records::{
    ApiError, Client, ClientError, CustomModule, Endpoint, ErrorKind, GetSharedRecordDetails, Module, Operation,
    OperationType, RevokeSharedRecord, ShareItem, ShareRecord, Sharee, ShareeType, UpdateSharePermissions,
};

/// A client of `zoho` with `token` and no retries.
fn client_with(zoho: &MockZoho, token: &str) -> Client {
    client_without_retries(zoho.endpoint(), token)
}

/// Sends operation `name` with valid inputs for `module` and `record`.
async fn send(client: &Client, name: &str, module: Module, record: u64) -> Result<(), ClientError> {
    match name {
        "get_shared_record_details" => client.get_shared_record_details(module, record).send().await.map(drop),
        "share_record" => client.share_record(module, record).share(user(sample::USERS[0])).send().await.map(drop),
        "update_share_permissions" => {
            client.update_share_permissions(module, record).share(user(sample::USERS[0])).send().await.map(drop)
        }
        _ => client.revoke_shared_record(module, record).send().await.map(drop),
    }
}

const OPERATIONS: [&str; 4] =
    ["get_shared_record_details", "share_record", "update_share_permissions", "revoke_shared_record"];

fn kind_of(result: Result<(), ClientError>) -> (Option<ErrorKind>, Option<u16>) {
    match result {
        Err(ClientError::Api(error)) => (error.kind(), error.status().map(|status| status.as_u16())),
        Err(other) => panic!("expected a Zoho error, got {other:?}"),
        Ok(()) => (None, None),
    }
}

#[tokio::test]
async fn every_documented_row_of_every_operation_reaches_the_client_as_its_variant() {
    let zoho = MockZoho::start().await.expect("the server starts");
    let client = client_with(&zoho, sample::ADMIN_TOKEN);
    let tables = [
        GetSharedRecordDetails::DOCUMENTED_ERRORS,
        ShareRecord::DOCUMENTED_ERRORS,
        UpdateSharePermissions::DOCUMENTED_ERRORS,
        RevokeSharedRecord::DOCUMENTED_ERRORS,
    ];
    let mut checked = 0;
    for (name, rows) in OPERATIONS.into_iter().zip(tables) {
        for row in rows {
            zoho.inject(Fault::Documented(row.kind));
            let (kind, status) = kind_of(send(&client, name, Module::Contacts, sample::CONTACT).await);
            assert_eq!(kind, Some(row.kind), "{name}: {}", row.code);
            assert_eq!(status, Some(row.status), "{name}: {}", row.code);
            checked += 1;
        }
    }
    assert_eq!(checked, tables.iter().map(|rows| rows.len()).sum::<usize>());
    assert!(checked >= 40, "the seeds alone document 20 rows; POST and PUT add more");
}

#[tokio::test]
async fn scope_module_and_record_conditions_arise_from_the_state() {
    let zoho = MockZoho::start().await.expect("the server starts");
    zoho.issue_token("1000.contacts.read", Grant::new(sample::OWNER, ["ZohoCRM.share.contacts.READ"]));
    let narrow = client_with(&zoho, "1000.contacts.read");
    let admin = client_with(&zoho, sample::ADMIN_TOKEN);
    let linking = Module::Custom(CustomModule::new("Contacts_X_Deals").expect("a custom module"));
    zoho.add_record(&linking, 1u64, "A link", sample::OWNER);
    zoho.add_linking_module(&linking);
    let unsupported = Module::Custom(CustomModule::new("Visits").expect("a custom module"));
    zoho.add_record(&unsupported, 2u64, "A visit", sample::OWNER);
    zoho.add_unsupported_module(&unsupported);
    let unknown = Module::Custom(CustomModule::new("Nowhere").expect("a custom module"));

    for name in OPERATIONS {
        let mismatch = kind_of(send(&narrow, name, Module::Leads, sample::LEAD).await);
        assert_eq!(mismatch, (Some(ErrorKind::OauthScopeMismatch), Some(401)), "{name}: no scope for Leads");
        let link = kind_of(send(&admin, name, linking.clone(), 1).await);
        assert_eq!(link, (Some(ErrorKind::OauthScopeMismatch), Some(401)), "{name}: a linking module");
        let invalid = kind_of(send(&admin, name, unknown.clone(), 3).await);
        assert_eq!(invalid, (Some(ErrorKind::InvalidModule), Some(400)), "{name}: an unknown module");
        let no_record = kind_of(send(&admin, name, Module::Contacts, 42).await);
        assert_eq!(no_record, (Some(ErrorKind::EntityIdInvalid), Some(400)), "{name}: no such record");
        let wrong_module = kind_of(send(&admin, name, Module::Leads, sample::CONTACT).await);
        assert_eq!(wrong_module.0, Some(ErrorKind::EntityIdInvalid), "{name}: a record of another module");
    }
    // GET documents no "not supported" row: it answers INVALID_MODULE as such.
    assert_eq!(kind_of(send(&admin, OPERATIONS[0], unsupported.clone(), 2).await).0, Some(ErrorKind::InvalidModule));
    for name in &OPERATIONS[1..] {
        let not_supported = kind_of(send(&admin, name, unsupported.clone(), 2).await);
        assert_eq!(not_supported, (Some(ErrorKind::ModuleNotSupported), Some(400)), "{name}");
    }
    // The narrow token can read Contacts.
    assert!(send(&narrow, OPERATIONS[0], Module::Contacts, sample::CONTACT).await.is_ok());
}

#[tokio::test]
async fn privileges_and_the_scheduler_arise_from_the_state() {
    let zoho = MockZoho::start().await.expect("the server starts");
    let mut no_privilege = Grant::full_access(sample::OWNER);
    for operation in [OperationType::Read, OperationType::Create, OperationType::Update, OperationType::Delete] {
        no_privilege = no_privilege.without_privilege(operation);
    }
    zoho.issue_token("1000.no.privilege", no_privilege);
    zoho.issue_token("1000.no.contacts", Grant::full_access(sample::OWNER).without_module(&Module::Contacts));
    let (unprivileged, blind) = (client_with(&zoho, "1000.no.privilege"), client_with(&zoho, "1000.no.contacts"));
    let admin = client_with(&zoho, sample::ADMIN_TOKEN);
    for name in OPERATIONS {
        let failed = kind_of(send(&unprivileged, name, Module::Contacts, sample::CONTACT).await);
        assert_eq!(failed, (Some(ErrorKind::AuthorizationFailed), Some(400)), "{name}");
        let denied = kind_of(send(&blind, name, Module::Contacts, sample::CONTACT).await);
        assert_eq!(denied, (Some(ErrorKind::NoPermission), Some(403)), "{name}");
    }
    let Err(ClientError::Api(denied)) = send(&blind, OPERATIONS[0], Module::Contacts, sample::CONTACT).await else {
        panic!("expected NO_PERMISSION")
    };
    assert_eq!(denied.details().permissions.as_deref(), Some(&["Crm_Implied_View_Contacts".to_owned()][..]));

    zoho.set_scheduler_running(&Module::Contacts, sample::CONTACT, true);
    for name in OPERATIONS {
        let (kind, _) = kind_of(send(&admin, name, Module::Contacts, sample::CONTACT).await);
        assert_eq!(kind, Some(ErrorKind::SchedulerRunning), "{name}");
    }
    zoho.set_scheduler_running(&Module::Contacts, sample::CONTACT, false);
    assert!(send(&admin, OPERATIONS[0], Module::Contacts, sample::CONTACT).await.is_ok());
}

#[tokio::test]
async fn sharing_conditions_give_typed_per_item_and_whole_request_errors() {
    let zoho = MockZoho::start().await.expect("the server starts");
    let client = admin_client(&zoho);
    let (module, record) = (Module::Contacts, sample::CONTACT);

    // One good item, one for the owner (already visible), one inactive user, one unknown user.
    let mixed = client
        .share_record(module.clone(), record)
        .share(user(sample::USERS[0]))
        .share(user(sample::OWNER))
        .share(user(sample::INACTIVE_USER))
        .share(user(999))
        .send()
        .await
        .expect("a partial success is an answer");
    let kinds: Vec<Option<ErrorKind>> = mixed
        .share
        .iter()
        .map(|outcome| match outcome {
            Outcome::Success(_) => None,
            Outcome::Failure(error) => error.kind(),
        })
        .collect();
    assert_eq!(
        kinds,
        [None, Some(ErrorKind::AlreadyVisible), Some(ErrorKind::CannotShareToUser), Some(ErrorKind::InvalidData)]
    );
    let Outcome::Failure(unknown) = &mixed.share[3] else { panic!("the unknown user fails") };
    assert_eq!(unknown.details().json_path.as_deref(), Some("$.share[3].shared_with"));

    // Sharing again with the same user: already visible, and every item failed.
    let again = client.share_record(module.clone(), record).share(user(sample::USERS[0])).send().await;
    assert_eq!(kind_of(again.map(drop)), (Some(ErrorKind::AlreadyVisible), Some(400)));

    // Nine more users reach the limit of ten; the eleventh is refused.
    let nine = sample::USERS[1..10].iter().map(|id| user(*id)).collect();
    let filled = client.share_record(module.clone(), record).set_share(Some(nine)).send().await.expect("POST");
    assert!(filled.share.iter().all(Outcome::is_success));
    let over = client.share_record(module.clone(), record).share(user(sample::USERS[10])).send().await;
    let Err(ClientError::Api(error)) = over else { panic!("expected LIMIT_EXCEEDED") };
    assert_eq!(error.kind(), Some(ErrorKind::SharingLimitExceeded));
    assert_eq!(error.details().limit, Some(10));
    assert_eq!(error.message(), "Cannot share a record to more than 10 users");

    // Three groups, then three more: the sixth is over the limit of five (HTTP 207).
    let group = |id: &u64| ShareItem::private(Sharee::new(*id, ShareeType::Groups));
    for groups in sample::GROUPS.chunks(3) {
        let items = groups.iter().map(group).collect();
        let grouped =
            client.share_record(Module::Leads, sample::LEAD).set_share(Some(items)).send().await.expect("POST");
        let failed = grouped.share.iter().position(|outcome| !outcome.is_success());
        assert_eq!(failed, (groups[0] == sample::GROUPS[3]).then_some(2), "{grouped:?}");
        if let Some(index) = failed {
            assert!(matches!(&grouped.share[index], Outcome::Failure(ApiError::SharingLimitExceeded(_))));
        }
    }

    // Notifying sharees needs Feeds.
    zoho.set_feeds_enabled(false);
    let notify = client
        .share_record(Module::Contacts, sample::OTHER_CONTACT)
        .share(user(sample::USERS[0]))
        .notify_shared_members(true)
        .send()
        .await;
    assert_eq!(kind_of(notify.map(drop)), (Some(ErrorKind::NotAllowed), Some(403)));
    assert_eq!(zoho.share_count(&Module::Contacts, sample::OTHER_CONTACT), 0, "nothing was shared");
}

#[tokio::test]
async fn a_wrong_path_is_an_invalid_url_pattern() {
    let zoho = MockZoho::start().await.expect("the server starts");
    let base = BaseUrl::parse(&format!("{}/not-crm", zoho.base_url())).expect("a base URL");
    let client = client_without_retries(Endpoint::with_base_url(base), sample::ADMIN_TOKEN);
    for name in OPERATIONS {
        let (kind, status) = kind_of(send(&client, name, Module::Contacts, sample::CONTACT).await);
        assert_eq!((kind, status), (Some(ErrorKind::InvalidUrlPattern), Some(404)), "{name}");
    }
}

/// What the server answers a request the typed client would refuse to build.
async fn raw(zoho: &MockZoho, method: reqwest::Method, path: &str, body: Option<&str>) -> (StatusCode, Vec<u8>) {
    let mut request = reqwest::Client::new()
        .request(method, format!("{}{path}", zoho.base_url()))
        .header("Authorization", format!("Zoho-oauthtoken {}", sample::ADMIN_TOKEN));
    if let Some(body) = body {
        request = request.body(body.to_owned());
    }
    let answer = request.send().await.expect("an answer");
    let status = StatusCode::from_u16(answer.status().as_u16()).expect("a status");
    (status, answer.bytes().await.expect("a body").to_vec())
}

/// The typed error the generated parser reads from a raw answer.
fn parsed<O: Operation<Error = ApiError>>(operation: &O, (status, body): (StatusCode, Vec<u8>)) -> ApiError {
    match operation.parse_response(status, &HeaderMap::new(), &body) {
        Err(ResponseError::Api(error)) => error,
        Err(ResponseError::Unexpected(answer)) => panic!("not understood: {answer}"),
        Ok(_) => panic!("expected an error, got a success ({status})"),
    }
}

#[tokio::test]
async fn conditions_the_client_prevents_are_served_to_raw_requests() {
    use reqwest::Method;
    let zoho = MockZoho::start().await.expect("the server starts");
    let path = format!("/crm/v8/Contacts/{}/actions/share", sample::CONTACT);
    let get =
        GetSharedRecordDetails::builder().module(Module::Contacts).record_id(sample::CONTACT).build().expect("GET");
    let post = ShareRecord::builder()
        .module(Module::Contacts)
        .record_id(sample::CONTACT)
        .share(user(sample::USERS[0]))
        .build()
        .expect("POST");
    let put = UpdateSharePermissions::builder()
        .module(Module::Contacts)
        .record_id(sample::CONTACT)
        .share(user(sample::USERS[0]))
        .build()
        .expect("PUT");

    let view = parsed(&get, raw(&zoho, Method::GET, &format!("{path}?view=everything"), None).await);
    assert_eq!(view.kind(), Some(ErrorKind::PatternNotMatched));
    assert_eq!(view.details().api_name.as_deref(), Some("view"));
    let method = parsed(&get, raw(&zoho, Method::PATCH, &path, None).await);
    assert_eq!(method.kind(), Some(ErrorKind::InvalidRequestMethod));
    let events = parsed(&get, raw(&zoho, Method::GET, "/crm/v8/Events/1/actions/share", None).await);
    assert_eq!(events.kind(), Some(ErrorKind::OauthScopeMismatch));
    let documents = parsed(&post, raw(&zoho, Method::POST, "/crm/v8/Documents/1/actions/share", Some("{}")).await);
    assert_eq!(documents.kind(), Some(ErrorKind::ModuleNotSupported));
    let bad_id = parsed(&get, raw(&zoho, Method::GET, "/crm/v8/Contacts/not-an-id/actions/share", None).await);
    assert_eq!((bad_id.kind(), bad_id.details().resource_path_index), (Some(ErrorKind::EntityIdInvalid), Some(1)));

    let public_and_user = r#"{"share":[{"type":"public","permission":"read_only"},{"shared_with":{"id":"4150868000001199001","type":"users"}}]}"#;
    let ambiguous = parsed(&post, raw(&zoho, Method::POST, &path, Some(public_and_user)).await);
    assert_eq!(ambiguous.kind(), Some(ErrorKind::AmbiguityDuringProcessing));
    let missing = parsed(&post, raw(&zoho, Method::POST, &path, Some(r#"{"notify_on_completion":true}"#)).await);
    assert_eq!(missing.kind(), Some(ErrorKind::MandatoryNotFound));
    let bad_permission =
        r#"{"share":[{"shared_with":{"id":"4150868000001199001","type":"users"},"permission":"owner"}]}"#;
    let invalid = parsed(&post, raw(&zoho, Method::POST, &path, Some(bad_permission)).await);
    assert_eq!(invalid.kind(), Some(ErrorKind::InvalidPermissionOrType));
    assert_eq!(invalid.details().json_path.as_deref(), Some("$.share[0].permission"));
    let legacy = format!("/crm/v2/Contacts/{}/actions/share", sample::CONTACT);
    let legacy_permission = r#"{"share":[{"user":{"id":"4150868000001199001"},"permission":"owner"}]}"#;
    let invalid_v2 = parsed(&post, raw(&zoho, Method::POST, &legacy, Some(legacy_permission)).await);
    assert_eq!(invalid_v2.kind(), Some(ErrorKind::InvalidData));
    let put_permission = parsed(&put, raw(&zoho, Method::PUT, &path, Some(bad_permission)).await);
    assert_eq!(put_permission.kind(), Some(ErrorKind::PermissionInvalid));
    let eleven: Vec<String> = sample::USERS[..11]
        .iter()
        .map(|id| format!(r#"{{"shared_with":{{"id":"{id}","type":"users"}},"permission":"read_only"}}"#))
        .collect();
    let too_many = format!(r#"{{"share":[{}]}}"#, eleven.join(","));
    let limit = parsed(&put, raw(&zoho, Method::PUT, &path, Some(&too_many)).await);
    assert_eq!((limit.kind(), limit.code()), (Some(ErrorKind::SharingLimitExceeded), "SHARE_LIMIT_EXCEEDED"));
}

#[tokio::test]
async fn unknown_missing_and_revoked_tokens_are_refused() {
    let zoho = MockZoho::start().await.expect("the server starts");
    let no_header = reqwest::get(format!("{}/crm/v8/Contacts/{}/actions/share", zoho.base_url(), sample::CONTACT))
        .await
        .expect("an answer");
    assert_eq!(no_header.status().as_u16(), 401);
    assert!(no_header.text().await.expect("a body").contains("AUTHENTICATION_FAILURE"));

    zoho.issue_token("1000.short.lived", Grant::full_access(sample::OWNER));
    let client = client_with(&zoho, "1000.short.lived");
    assert!(send(&client, OPERATIONS[0], Module::Contacts, sample::CONTACT).await.is_ok());
    zoho.revoke_token("1000.short.lived");
    let refused = kind_of(send(&client, OPERATIONS[0], Module::Contacts, sample::CONTACT).await);
    assert_eq!(refused, (Some(ErrorKind::InvalidToken), Some(401)));
}
