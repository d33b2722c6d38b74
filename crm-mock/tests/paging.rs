//! List operations on loopback, with a client generated from `tests/specs/notes.yaml`
//! (its snapshot): every page walked by page number and by `page_token`, the guards
//! against a server that never stops, list query parameters sent comma-joined, and two
//! scopes that must be held together, checked by the client and by the mock.

use serde_json::{Value, json};
use zoho_crm_mock::{MockAnswer, MockRequest, TEST_TOKEN, ZohoMock};
use zoho_crm_runtime::client::{Error, HttpClient, StaticToken};
use zoho_crm_runtime::{BaseUrl, GrantedScopes, PagingError};

#[allow(dead_code, unused_imports)] // The whole generated client, of which the tests use a part.
#[rustfmt::skip]
#[path = "../../tests/snapshots/notes.rs"]
mod notes;

use notes::{ApiError, Client, Endpoint, Module, Note};

const NOTES: &str = include_str!("../../tests/specs/notes.yaml");

/// The notes a server holds: IDs 1 to `count`.
fn note(id: u64) -> Value {
    json!({"id": id.to_string(), "Note_Title": format!("Note {id}")})
}

/// Page `page` (from 1) of `count` notes, `per_page` a page, as Zoho writes it.
fn numbered_page(page: u64, per_page: u64, count: u64) -> MockAnswer {
    let first = (page - 1) * per_page + 1;
    let data: Vec<Value> = (first..=count.min(page * per_page)).map(note).collect();
    let info =
        json!({"per_page": per_page, "count": data.len(), "page": page, "more_records": page * per_page < count});
    MockAnswer::json(200, json!({"data": data, "info": info}))
}

fn page_param(request: &MockRequest) -> u64 {
    request.param("page").map_or(1, |page| page.parse().expect("a page number"))
}

async fn client_of(mock: &ZohoMock, tokens: StaticToken) -> Client {
    let url = BaseUrl::parse(&mock.endpoint_url()).unwrap();
    Client::new(Endpoint::with_base_url(url), HttpClient::builder(tokens).build().unwrap())
}

fn ids(notes: &[Note]) -> Vec<u64> {
    notes.iter().map(|note| note.id.get()).collect()
}

/// The queries the mock received, in order.
fn queries(mock: &ZohoMock) -> Vec<String> {
    mock.requests().into_iter().map(|request| request.query.unwrap_or_default()).collect()
}

#[tokio::test]
async fn every_page_is_walked_by_page_number() {
    let mock = ZohoMock::start(NOTES).await.unwrap();
    mock.on("get_notes", |request| {
        let per_page = request.param("per_page").map_or(200, |value| value.parse().unwrap());
        numbered_page(page_param(request), per_page, 5)
    })
    .unwrap();
    let client = client_of(&mock, StaticToken::new(TEST_TOKEN)).await;

    let notes = client.get_notes().per_page(2).items().collect_all().await.expect("every page reads");
    assert_eq!(ids(&notes), [1, 2, 3, 4, 5]);
    assert_eq!(queries(&mock), ["per_page=2", "page=2&per_page=2", "page=3&per_page=2"]);

    // The pages themselves, from a page the request names.
    let mut pages = client.get_notes().per_page(2).page(2).pages();
    let mut seen = Vec::new();
    while let Some(page) = pages.next().await {
        let page = page.expect("the page reads");
        seen.push((page.info.as_ref().and_then(|info| info.page), page.data.len()));
    }
    assert_eq!(seen, [(Some(2), 2), (Some(3), 1)]);
}

#[tokio::test]
async fn pages_and_items_are_streams() {
    use futures_util::StreamExt as _;

    let mock = ZohoMock::start(NOTES).await.unwrap();
    mock.on("get_notes", |request| numbered_page(page_param(request), 3, 7)).unwrap();
    let client = client_of(&mock, StaticToken::new(TEST_TOKEN)).await;
    let pages: Vec<_> = client.get_notes().pages().collect().await;
    assert_eq!(pages.len(), 3);
    let items: Vec<u64> = client.get_notes().items().map(|item| item.unwrap().id.get()).collect().await;
    assert_eq!(items, (1..=7).collect::<Vec<_>>());
}

#[tokio::test]
async fn an_empty_list_is_one_page() {
    let mock = ZohoMock::start(NOTES).await.unwrap();
    // Zoho answers a list with nothing in it with 204 and no body.
    mock.on("get_notes", |_| MockAnswer::empty(204)).unwrap();
    let client = client_of(&mock, StaticToken::new(TEST_TOKEN)).await;
    assert!(client.get_notes().items().collect_all().await.unwrap().is_empty());
    assert_eq!(mock.requests().len(), 1);
}

/// The related notes of a record: a first page by number, then pages by token.
fn token_page(request: &MockRequest) -> MockAnswer {
    let (data, next): (Vec<Value>, Option<&str>) = match request.param("page_token") {
        None => (vec![note(1), note(2)], Some("t2")),
        Some("t2") => (vec![note(3), note(4)], Some("t3")),
        Some("t3") => (vec![note(5)], None),
        Some(_) => {
            return MockAnswer::json(
                400,
                json!({"code": "INVALID_DATA", "details": {}, "message": "the value given seems to be invalid", "status": "error"}),
            );
        }
    };
    let info = json!({"per_page": 2, "count": data.len(), "more_records": next.is_some(), "next_page_token": next});
    MockAnswer::json(200, json!({"data": data, "info": info}))
}

#[tokio::test]
async fn every_page_is_walked_by_page_token() {
    let mock = ZohoMock::start(NOTES).await.unwrap();
    mock.on("get_related_notes", token_page).unwrap();
    let client = client_of(&mock, StaticToken::new(TEST_TOKEN)).await;
    let notes = client.get_related_notes(Module::Leads, 4150868000004381115u64).items().collect_all().await;
    assert_eq!(ids(&notes.expect("every page reads")), [1, 2, 3, 4, 5]);
    assert_eq!(queries(&mock), ["", "page_token=t2", "page_token=t3"]);
}

#[tokio::test]
async fn a_repeated_token_stops_the_walk() {
    let mock = ZohoMock::start(NOTES).await.unwrap();
    mock.on("get_related_notes", |_| {
        let info = json!({"more_records": true, "next_page_token": "again"});
        MockAnswer::json(200, json!({"data": [note(1)], "info": info}))
    })
    .unwrap();
    let client = client_of(&mock, StaticToken::new(TEST_TOKEN)).await;
    let mut pages = client.get_related_notes(Module::Leads, 1u64).pages();
    assert!(pages.next().await.unwrap().is_ok());
    assert!(pages.next().await.unwrap().is_ok(), "the page that repeats the token is still good");
    match pages.next().await {
        Some(Err(Error::Paging(PagingError::RepeatedToken { page: 2 }))) => {}
        other => panic!("expected a repeated token at page 2, got {other:?}"),
    }
    assert!(pages.next().await.is_none(), "the walk is over");
    assert_eq!(mock.requests().len(), 2);
}

#[tokio::test]
async fn a_server_that_never_stops_is_stopped_at_the_most_pages() {
    let mock = ZohoMock::start(NOTES).await.unwrap();
    mock.on("get_notes", |request| numbered_page(page_param(request), 1, u64::MAX)).unwrap();
    let client = client_of(&mock, StaticToken::new(TEST_TOKEN)).await;
    let result = client.get_notes().items().max_pages(4).collect_all().await;
    assert!(matches!(result, Err(Error::Paging(PagingError::TooManyPages { max_pages: 4 }))), "{result:?}");
    assert_eq!(mock.requests().len(), 4);
}

#[tokio::test]
async fn an_error_ends_the_walk_after_the_good_pages() {
    let mock = ZohoMock::start(NOTES).await.unwrap();
    mock.on("get_notes", |request| match page_param(request) {
        1 => numbered_page(1, 2, 10),
        _ => MockAnswer::json(
            400,
            json!({"code": "INVALID_DATA", "details": {}, "message": "the value given seems to be invalid", "status": "error"}),
        ),
    })
    .unwrap();
    let client = client_of(&mock, StaticToken::new(TEST_TOKEN)).await;
    let mut items = client.get_notes().items();
    assert_eq!(items.next().await.unwrap().unwrap().id.get(), 1);
    assert_eq!(items.next().await.unwrap().unwrap().id.get(), 2);
    let error = items.next().await.unwrap().unwrap_err();
    assert!(matches!(error.api_error(), Some(ApiError::InvalidData(_))), "{error:?}");
    assert!(items.next().await.is_none());
}

#[tokio::test]
async fn list_query_parameters_are_sent_comma_joined_and_limited() {
    let mock = ZohoMock::start(NOTES).await.unwrap();
    mock.on("get_notes", |request| {
        let ids: Vec<u64> = request.param("ids").unwrap_or_default().split(',').map(|id| id.parse().unwrap()).collect();
        MockAnswer::json(200, json!({"data": ids.into_iter().map(note).collect::<Vec<_>>()}))
    })
    .unwrap();
    let client = client_of(&mock, StaticToken::new(TEST_TOKEN)).await;
    let page = client.get_notes().ids(1u64).ids(2u64).ids(3u64).fields("Note_Title").fields("id").send().await;
    assert_eq!(ids(&page.expect("the mock accepts the list").data), [1, 2, 3]);
    assert_eq!(queries(&mock), ["fields=Note_Title,id&ids=1,2,3"]);

    let too_many = (1..=101u64).fold(client.get_notes(), |call, id| call.ids(id)).send().await;
    let Err(Error::Build(error)) = too_many else { panic!("101 IDs are refused before sending: {too_many:?}") };
    assert!(error.to_string().contains("ids"), "{error}");
    let none = client.get_notes().set_fields(Some(Vec::new())).send().await;
    assert!(matches!(none, Err(Error::Build(_))), "fields needs at least one item when set: {none:?}");
    assert_eq!(mock.requests().len(), 1, "nothing more was sent");

    // The mock refuses an item of the wrong type in a list.
    let raw = reqwest::Client::new()
        .get(format!("{}/crm/v8/Notes?ids=1,x", mock.endpoint_url()))
        .header("Authorization", format!("Zoho-oauthtoken {TEST_TOKEN}"))
        .send()
        .await
        .unwrap();
    assert_eq!(raw.status(), 400);
}

#[tokio::test]
async fn scopes_held_together_are_all_needed() {
    let mock = ZohoMock::start(NOTES).await.unwrap();
    mock.on("get_related_notes", token_page).unwrap();
    let notes_only = ["ZohoCRM.modules.notes.READ"];
    let both = ["ZohoCRM.modules.notes.READ", "ZohoCRM.modules.leads.ALL"];
    let _ = mock.token("notes-only").with_scopes(notes_only);
    let _ = mock.token("both").with_scopes(both);

    // The client's check, before sending.
    let requirement = notes::GetRelatedNotes::scopes_for(&Module::Leads);
    assert!(!requirement.is_met_by(&GrantedScopes::from_iter(notes_only)));
    assert!(requirement.is_met_by(&GrantedScopes::from_iter(both)));
    let tokens = StaticToken::new("notes-only").with_scopes(GrantedScopes::from_iter(notes_only));
    let client = client_of(&mock, tokens).await;
    let refused = client.get_related_notes(Module::Leads, 1u64).send().await;
    assert!(matches!(refused, Err(Error::MissingScope { .. })), "{refused:?}");
    assert!(mock.requests().is_empty(), "refused before sending");

    // The mock's check, for a client that does not check.
    let url = BaseUrl::parse(&mock.endpoint_url()).unwrap();
    let unchecked = HttpClient::builder(StaticToken::new("notes-only")).check_scopes(false).build().unwrap();
    let client = Client::new(Endpoint::with_base_url(url), unchecked);
    let refused = client.get_related_notes(Module::Leads, 1u64).send().await;
    assert!(
        matches!(refused.as_ref().err().and_then(Error::api_error), Some(ApiError::ScopeMismatch(_))),
        "{refused:?}"
    );
    let url = BaseUrl::parse(&mock.endpoint_url()).unwrap();
    let unchecked = HttpClient::builder(StaticToken::new("both")).check_scopes(false).build().unwrap();
    let client = Client::new(Endpoint::with_base_url(url), unchecked);
    let contacts = client.get_related_notes(Module::Contacts, 1u64).send().await;
    let refused = contacts.as_ref().err().and_then(Error::api_error);
    assert!(
        matches!(refused, Some(ApiError::ScopeMismatch(_))),
        "the Leads scope does not allow Contacts: {contacts:?}"
    );

    let tokens = StaticToken::new("both").with_scopes(GrantedScopes::from_iter(both));
    let client = client_of(&mock, tokens).await;
    let notes = client.get_related_notes(Module::Leads, 1u64).items().collect_all().await;
    assert_eq!(ids(&notes.expect("both scopes allow it")), [1, 2, 3, 4, 5]);
}

#[tokio::test]
async fn a_walk_by_token_only_keeps_the_other_inputs_and_needs_a_token_to_go_on() {
    let mock = ZohoMock::start(NOTES).await.unwrap();
    mock.on("search_notes", |request| {
        assert_eq!(request.param("word"), Some("call"), "every page keeps the request's other inputs");
        let (data, more, next) = match request.param("page_token") {
            None => (vec![note(1)], true, "s2"),
            Some("s2") => (vec![note(2)], true, ""),
            Some(_) => (vec![], false, ""),
        };
        MockAnswer::json(200, json!({"data": data, "info": {"more_records": more, "next_page_token": next}}))
    })
    .unwrap();
    let client = client_of(&mock, StaticToken::new(TEST_TOKEN)).await;
    let mut items = client.search_notes("call").items();
    assert_eq!(items.next().await.unwrap().unwrap().id.get(), 1);
    assert_eq!(items.next().await.unwrap().unwrap().id.get(), 2);
    match items.next().await {
        Some(Err(Error::Paging(PagingError::NoNextPage { page: 2 }))) => {}
        other => panic!("more records but no token on page 2: {other:?}"),
    }
    assert!(items.next().await.is_none());
    assert_eq!(queries(&mock), ["word=call", "word=call&page_token=s2"]);
    let error = Error::<ApiError>::Paging(PagingError::NoNextPage { page: 2 });
    assert_eq!(error.kind_name(), "paging");
    assert_eq!(error.to_string(), "paging stopped: page 2 says more records follow but gives no next_page_token");
}

/// A page's answer as the client reads it.
fn answer(body: Value) -> notes::Notes {
    serde_json::from_value(body).expect("a page of notes")
}

#[test]
fn a_walk_works_out_each_request_without_a_transport() {
    use zoho_crm_runtime::{PageWalk, Paged};

    // Numbers, then tokens when an answer gives one, then numbers again when it gives none.
    let first = notes::GetRelatedNotes::builder().module_api_name(Module::Leads).record_id(7u64).build().unwrap();
    let mut walk = PageWalk::new(first);
    let request = walk.next_request().unwrap().expect("a first page");
    assert_eq!((request.page, request.page_token.as_deref()), (None, None));
    walk.record(&request, &answer(json!({"data": [], "info": {"more_records": true, "next_page_token": "t2"}})))
        .unwrap();
    let request = walk.next_request().unwrap().expect("a second page");
    assert_eq!((request.page, request.page_token.as_deref()), (None, Some("t2")));
    walk.record(&request, &answer(json!({"data": [], "info": {"more_records": true}}))).unwrap();
    let request = walk.next_request().unwrap().expect("a third page");
    assert_eq!((request.page, request.page_token.as_deref()), (Some(2), None));
    walk.record(&request, &answer(json!({"data": [], "info": {"more_records": false}}))).unwrap();
    assert!(walk.next_request().unwrap().is_none());
    assert_eq!(walk.pages(), 3);

    // A page number past `i64::MAX` is an error, not a wrap.
    let last = notes::GetNotes::builder().page(i64::MAX).build().unwrap();
    let mut walk = PageWalk::new(last);
    let request = walk.next_request().unwrap().unwrap();
    let more = answer(json!({"data": [], "info": {"more_records": true}}));
    assert_eq!(walk.record(&request, &more), Err(PagingError::PageNumberOverflow));
    assert!(walk.next_request().unwrap().is_none());
    assert_eq!(notes::GetNotes::into_items(answer(json!({"data": [{"id": "9"}]}))).len(), 1);
    assert_eq!(notes::GetNotes::page_info(&answer(json!({}))), zoho_crm_runtime::PageInfo::default());
}
