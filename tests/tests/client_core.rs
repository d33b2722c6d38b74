//! The generated client's core, used as a user would: builders and their checks, modules,
//! scopes, data centres, HTTP requests, and every kind of answer.

use std::time::Duration;

use zoho_share_records::runtime::http::{HeaderMap, HeaderValue, StatusCode, header};
use zoho_share_records::runtime::{AccessToken, BaseUrl, BuildErrorKind, GrantedScopes, Outcome, UnexpectedReason};
use zoho_share_records::{
    ApiError, ApiVersion, DataCentre, Endpoint, Environment, ErrorKind, GetSharedRecordDetails, Module, ModuleError,
    Operation, Permission, RevokeSharedRecord, ShareItem, ShareRecord, ShareType, Sharee, ShareeType,
    UpdateSharePermissions, View,
};

fn sharee(id: u64, kind: ShareeType) -> ShareItem {
    ShareItem::private(Sharee::new(id, kind))
}

fn share_request(items: Vec<ShareItem>) -> Result<ShareRecord, zoho_share_records::runtime::BuildError> {
    ShareRecord::builder().module(Module::Leads).record_id(3_477_061_000_005_177_002u64).set_share(Some(items)).build()
}

fn endpoint() -> Endpoint {
    Endpoint::new(DataCentre::Us)
}

fn token() -> AccessToken {
    AccessToken::new("1000.secret-token.value")
}

#[test]
fn build_names_the_missing_or_invalid_input() {
    let err = GetSharedRecordDetails::builder().record_id(1u64).build().unwrap_err();
    assert_eq!((err.field(), err.kind()), ("module", BuildErrorKind::Missing));
    let err = GetSharedRecordDetails::builder().module(Module::Leads).build().unwrap_err();
    assert_eq!(err.to_string(), "invalid request: `record_id` is required");
    let err = GetSharedRecordDetails::builder().module(Module::Leads).record_id(0u64).build().unwrap_err();
    assert_eq!(err.to_string(), "invalid request: `record_id` must be between 1 and 9223372036854775807, got 0");
    let err = GetSharedRecordDetails::builder().module(Module::Leads).record_id(u64::MAX).build().unwrap_err();
    assert_eq!(err.field(), "record_id");
    let err = GetSharedRecordDetails::builder()
        .module(Module::Leads)
        .record_id(5u64)
        .view(View::from("everything"))
        .build()
        .unwrap_err();
    assert_eq!(
        err.to_string(),
        "invalid request: `view` has the unknown value \"everything\" (expected one of: summary, manage)"
    );
    let err =
        GetSharedRecordDetails::builder().module(Module::Leads).record_id(5u64).shared_to(0u64).build().unwrap_err();
    assert_eq!(err.field(), "shared_to");
}

#[test]
fn share_bodies_respect_the_documented_limits() {
    let users: Vec<ShareItem> = (1..=10).map(|id| sharee(id, ShareeType::Users)).collect();
    assert!(share_request(users.clone()).is_ok(), "10 users are allowed");
    let mut eleven = users.clone();
    eleven.push(sharee(11, ShareeType::Users));
    let err = share_request(eleven).unwrap_err();
    assert_eq!((err.field(), err.kind()), ("share", BuildErrorKind::TooMany));

    let groups: Vec<ShareItem> = (1..=6).map(|id| sharee(id, ShareeType::Groups)).collect();
    assert!(share_request(groups).unwrap_err().message().contains("`groups`; at most 5"));
    let roles: Vec<ShareItem> = (1..=6).map(|id| sharee(id, ShareeType::Roles)).collect();
    assert!(share_request(roles).unwrap_err().message().contains("`roles`; at most 5"));

    let mut mixed = users;
    mixed.extend((11..=15).map(|id| sharee(id, ShareeType::Groups)));
    mixed.extend((16..=20).map(|id| sharee(id, ShareeType::Roles)));
    assert!(share_request(mixed.clone()).is_ok(), "10 users, 5 groups and 5 roles together are allowed");

    let err = share_request(Vec::new()).unwrap_err();
    assert_eq!((err.field(), err.kind()), ("share", BuildErrorKind::TooFew));
    let err = ShareRecord::builder().module(Module::Leads).record_id(1u64).build().unwrap_err();
    assert_eq!((err.field(), err.kind()), ("share", BuildErrorKind::Missing));
}

#[test]
fn a_public_share_must_stand_alone() {
    let public = sharee(1, ShareeType::Users).with_share_type(ShareType::Public);
    assert!(share_request(vec![public.clone()]).is_ok());
    let err = share_request(vec![sharee(2, ShareeType::Users), public]).unwrap_err();
    assert_eq!(err.kind(), BuildErrorKind::Conflict);
    assert_eq!(err.field(), "share[1].share_type");
    assert_eq!(
        err.to_string(),
        "invalid request: `share[1].share_type` has `share_type` `public`, so it must be the only item of `share`"
    );
}

#[test]
fn items_are_checked_down_to_their_ids_and_enums() {
    let err = share_request(vec![sharee(1, ShareeType::Users), sharee(0, ShareeType::Users)]).unwrap_err();
    assert_eq!(err.field(), "share[1].shared_with.id");
    let unknown = sharee(1, ShareeType::Users).with_permission(Permission::from("owner"));
    let err = share_request(vec![unknown]).unwrap_err();
    assert_eq!(err.field(), "share[0].permission");
    assert_eq!(err.kind(), BuildErrorKind::Invalid);
}

#[test]
fn version_rules_are_checked_when_the_version_is_known() {
    let groups = share_request(vec![sharee(7, ShareeType::Groups)]).unwrap();
    assert!(groups.to_http(&endpoint(), &token()).is_ok(), "groups exist in the default version");
    let v2 = endpoint().with_version(ApiVersion::V2);
    let err = groups.to_http(&v2, &token()).unwrap_err();
    assert_eq!(err.kind(), BuildErrorKind::NotInVersion);
    assert_eq!(err.field(), "share[0].shared_with.sharee_type");
    assert_eq!(err.message(), "value `groups` needs API version v3 or later, and the request uses v2");

    let public = share_request(vec![sharee(7, ShareeType::Users).with_share_type(ShareType::Private)]).unwrap();
    assert_eq!(public.to_http(&v2, &token()).unwrap_err().field(), "share[0].share_type");

    let notify = ShareRecord::builder()
        .module(Module::Leads)
        .record_id(1u64)
        .share(sharee(7, ShareeType::Users))
        .notify_on_completion(true)
        .version(ApiVersion::V2_1)
        .build()
        .unwrap();
    assert_eq!(notify.to_http(&endpoint(), &token()).unwrap_err().field(), "notify_on_completion");
}

#[test]
fn v2_bodies_use_the_user_key() {
    let request = share_request(vec![
        sharee(4_150_868_000_001_248_015, ShareeType::Users).with_permission(Permission::FullAccess),
    ])
    .unwrap();
    let v2 = request.to_http(&endpoint().with_version(ApiVersion::V2), &token()).unwrap();
    let body: serde_json::Value = serde_json::from_slice(v2.body()).unwrap();
    assert_eq!(
        body,
        serde_json::json!({"share": [{"user": {"id": "4150868000001248015"}, "permission": "full_access"}]})
    );
    let v8 = request.to_http(&endpoint(), &token()).unwrap();
    let body: serde_json::Value = serde_json::from_slice(v8.body()).unwrap();
    assert_eq!(
        body,
        serde_json::json!({"share": [{"shared_with": {"id": "4150868000001248015", "type": "users"}, "permission": "full_access"}]})
    );
}

#[test]
fn requests_become_http_with_method_url_token_and_body() {
    let request = GetSharedRecordDetails::builder()
        .module(Module::custom("Vehicles").unwrap())
        .record_id(42u64)
        .view(View::Manage)
        .shared_to(7u64)
        .version(ApiVersion::V2_1)
        .build()
        .unwrap();
    let http = request.to_http(&Endpoint::in_environment(DataCentre::Au, Environment::Sandbox), &token()).unwrap();
    assert_eq!(http.method(), "GET");
    assert_eq!(http.uri(), "https://sandbox.zohoapis.com.au/crm/v2.1/Vehicles/42/actions/share?view=manage&sharedTo=7");
    assert_eq!(http.headers()[header::AUTHORIZATION], "Zoho-oauthtoken 1000.secret-token.value");
    assert!(http.body().is_empty());

    let revoke = RevokeSharedRecord::builder().module(Module::PriceBooks).record_id(9u64).build().unwrap();
    let http =
        revoke.to_http(&Endpoint::with_base_url(BaseUrl::parse("http://127.0.0.1:8080/").unwrap()), &token()).unwrap();
    assert_eq!(
        (http.method().as_str(), http.uri().to_string().as_str()),
        ("DELETE", "http://127.0.0.1:8080/crm/v8/Price_Books/9/actions/share")
    );

    let update = UpdateSharePermissions::builder()
        .module(Module::Deals)
        .record_id(3u64)
        .share(sharee(5, ShareeType::Roles))
        .notify(true)
        .build()
        .unwrap();
    let http = update.to_http(&endpoint(), &token()).unwrap();
    assert_eq!(http.method(), "PUT");
    assert_eq!(http.headers()[header::CONTENT_TYPE], "application/json");
}

#[test]
fn the_token_never_shows_in_debug_or_display() {
    let request = share_request(vec![sharee(1, ShareeType::Users)]).unwrap();
    let http = request.to_http(&endpoint(), &token()).unwrap();
    for text in [format!("{http:?}"), format!("{:?}", token()), format!("{request:?}")] {
        assert!(!text.contains("secret-token"), "{text}");
    }
    let bad = request.to_http(&endpoint(), &AccessToken::new("secret\r\ninjected")).unwrap_err();
    assert_eq!(bad.field(), "access_token");
    assert!(!format!("{bad} {bad:?}").contains("secret"));
}

#[test]
fn scopes_follow_the_template() {
    let get = GetSharedRecordDetails::builder().module(Module::Contacts).record_id(1u64).build().unwrap();
    assert_eq!(get.required_scopes().scopes(), ["ZohoCRM.share.contacts.READ", "ZohoCRM.share.contacts.ALL"]);
    let share = ShareRecord::builder()
        .module(Module::SalesOrders)
        .record_id(1u64)
        .share(sharee(1, ShareeType::Users))
        .build()
        .unwrap();
    assert_eq!(
        share.required_scopes().scopes(),
        ["ZohoCRM.share.salesorders.CREATE", "ZohoCRM.share.salesorders.ALL", "ZohoCRM.share.all"]
    );
    let revoke =
        RevokeSharedRecord::builder().module(Module::custom("Vehicles").unwrap()).record_id(1u64).build().unwrap();
    assert_eq!(revoke.required_scopes().scopes()[0], "ZohoCRM.share.custom.DELETE");
    assert!(get.required_scopes().is_met_by(&GrantedScopes::parse("ZohoCRM.modules.ALL,ZohoCRM.share.Contacts.ALL")));
    assert!(!get.required_scopes().is_met_by(&GrantedScopes::parse("ZohoCRM.share.contacts.DELETE")));
}

#[test]
fn modules_are_checked_before_anything_is_sent() {
    assert_eq!(Module::parse("contacts").unwrap(), Module::Contacts);
    assert_eq!(Module::parse("Price_Books").unwrap().display_name(), "Price Books");
    let spec = zoho_crm_tests::share_spec();
    assert_eq!(Module::STANDARD.len(), spec.modules.as_ref().map_or(0, |modules| modules.supported.len()));
    for unsupported in ["Events", "calls", "Tasks"] {
        assert!(matches!(Module::parse(unsupported), Err(ModuleError::Unsupported { .. })), "{unsupported}");
    }
    let custom = Module::parse("Vehicles").unwrap();
    assert!(custom.is_custom());
    assert_eq!((custom.api_name(), custom.scope_name()), ("Vehicles", "custom"));
    assert!(matches!(Module::custom("Contacts"), Err(ModuleError::Standard { .. })));
    assert!(matches!(Module::custom("2Fast"), Err(ModuleError::InvalidName { .. })));
    assert!(matches!(Module::custom("Has Space"), Err(ModuleError::InvalidName { .. })));
    assert!(matches!(Module::custom("x".repeat(101)), Err(ModuleError::InvalidName { .. })));
    assert_eq!(
        Module::parse("Events").unwrap_err().to_string(),
        "module `Events` is not supported: activities cannot be shared directly; share them as related lists"
    );
}

#[test]
fn data_centres_and_versions_come_from_the_spec() {
    let spec = zoho_crm_tests::share_spec();
    let expected: Vec<_> = spec
        .data_centres
        .iter()
        .map(|dc| {
            (dc.name.as_deref().unwrap(), dc.api_domain.as_deref().unwrap(), dc.accounts_domain.as_deref().unwrap())
        })
        .collect();
    let found: Vec<_> = DataCentre::ALL.iter().map(|dc| (dc.as_str(), dc.api_domain(), dc.accounts_domain())).collect();
    assert_eq!(found, expected);
    assert_eq!(DataCentre::parse("eu").unwrap(), DataCentre::Eu);
    assert_eq!(DataCentre::Ca.api_domain_in(Environment::Developer), "https://developer.zohoapis.ca");
    let versions: Vec<&str> = ApiVersion::ALL.iter().map(|v| v.as_str()).collect();
    let spec_versions: Vec<&str> = spec.versions.iter().filter_map(|version| version.name.as_deref()).collect();
    assert_eq!(versions, spec_versions);
    assert!(ApiVersion::V2_1 < ApiVersion::V3);
    assert_eq!(ApiVersion::default(), ApiVersion::V8);
    assert!(ApiVersion::parse("v9").unwrap_err().to_string().contains("expected one of: v2, v2.1"));
}

fn get() -> GetSharedRecordDetails {
    GetSharedRecordDetails::builder().module(Module::Contacts).record_id(1u64).build().unwrap()
}

fn html_headers() -> HeaderMap {
    let mut headers = HeaderMap::new();
    headers.insert(header::CONTENT_TYPE, HeaderValue::from_static("text/html"));
    headers
}

#[test]
fn answers_that_cannot_be_understood_keep_status_and_body() {
    let page = b"<html><body>502 Bad Gateway</body></html>";
    let err = get().parse_response(StatusCode::BAD_GATEWAY, &html_headers(), page).unwrap_err();
    let unexpected = err.unexpected().expect("not a Zoho error");
    assert_eq!(unexpected.status(), StatusCode::BAD_GATEWAY);
    assert_eq!(unexpected.content_type(), Some("text/html"));
    assert_eq!(unexpected.body(), "<html><body>502 Bad Gateway</body></html>");
    assert!(matches!(unexpected.reason(), UnexpectedReason::NotJson(_)));
    assert!(err.to_string().starts_with("unexpected answer (HTTP 502, text/html): the body is not JSON"));

    let cut = get().parse_response(StatusCode::OK, &HeaderMap::new(), br#"{"share":[{"permission":"#).unwrap_err();
    assert!(matches!(cut.unexpected().unwrap().reason(), UnexpectedReason::Truncated(_)));
    let shape = get().parse_response(StatusCode::OK, &HeaderMap::new(), br#"{"share":"nope"}"#).unwrap_err();
    assert!(matches!(shape.unexpected().unwrap().reason(), UnexpectedReason::Shape(_)));
    let status =
        get().parse_response(StatusCode::SERVICE_UNAVAILABLE, &HeaderMap::new(), br#"{"share":[]}"#).unwrap_err();
    assert!(matches!(status.unexpected().unwrap().reason(), UnexpectedReason::Status));
}

#[test]
fn no_content_means_no_shares_for_get_and_is_unexpected_elsewhere() {
    let answer = get().parse_response(StatusCode::NO_CONTENT, &HeaderMap::new(), b"").unwrap();
    assert!(answer.share.is_empty() && answer.shareable_user.is_none());
    let revoke = RevokeSharedRecord::builder().module(Module::Contacts).record_id(1u64).build().unwrap();
    let err = revoke.parse_response(StatusCode::NO_CONTENT, &HeaderMap::new(), b"").unwrap_err();
    assert_eq!(err.unexpected().unwrap().reason(), &UnexpectedReason::EmptyBody);
}

#[test]
fn undocumented_errors_keep_everything() {
    let body =
        br#"{"code":"BRAND_NEW","details":{"api_name":"x","hint":{"a":1}},"message":"a new error","status":"error"}"#;
    let err = get().parse_response(StatusCode::CONFLICT, &HeaderMap::new(), body).unwrap_err();
    let Some(ApiError::Undocumented(info)) = err.api_error() else { panic!("{err:?}") };
    assert_eq!((info.code.as_str(), info.message.as_str()), ("BRAND_NEW", "a new error"));
    assert_eq!(info.status, Some(StatusCode::CONFLICT));
    assert_eq!(info.details.api_name.as_deref(), Some("x"));
    assert_eq!(info.details.unknown_fields["hint"], serde_json::json!({"a": 1}));
    assert_eq!(info.raw_body.as_bytes(), body);
    assert_eq!(err.to_string(), "BRAND_NEW (HTTP 409): a new error");
    assert!(!err.api_error().unwrap().is_retryable());
}

#[test]
fn rate_limits_are_retryable_and_say_how_long_to_wait() {
    let mut headers = HeaderMap::new();
    headers.insert(header::RETRY_AFTER, HeaderValue::from_static("30"));
    let body = br#"{"code":"TOO_MANY_REQUESTS","details":{},"message":"too many requests","status":"error"}"#;
    let err = get().parse_response(StatusCode::TOO_MANY_REQUESTS, &headers, body).unwrap_err();
    let error = err.api_error().unwrap();
    assert_eq!(error.kind(), Some(ErrorKind::TooManyRequests));
    assert!(error.is_retryable());
    assert_eq!(error.retry_after(), Some(Duration::from_secs(30)));
    let server = get().parse_response(
        StatusCode::INTERNAL_SERVER_ERROR,
        &HeaderMap::new(),
        br#"{"code":"INTERNAL_ERROR","details":{},"message":"Internal Server Error","status":"error"}"#,
    );
    assert!(server.unwrap_err().api_error().unwrap().is_retryable());
    let scope = br#"{"code":"OAUTH_SCOPE_MISMATCH","details":{},"message":"invalid oauth scope to access this URL","status":"error"}"#;
    assert!(
        !get()
            .parse_response(StatusCode::UNAUTHORIZED, &HeaderMap::new(), scope)
            .unwrap_err()
            .api_error()
            .unwrap()
            .is_retryable()
    );
}

#[test]
fn per_item_errors_are_typed_and_keep_their_details() {
    let body = br#"{"share":[{"code":"SUCCESS","details":{},"message":"record will be shared successfully","status":"success"},{"code":"INVALID_DATA","details":{"api_name":"shared_with","json_path":"$.share[1].shared_with"},"message":"invalid data","status":"error"}]}"#;
    let request = share_request(vec![sharee(1, ShareeType::Users), sharee(2, ShareeType::Users)]).unwrap();
    let answer = request.parse_response(StatusCode::MULTI_STATUS, &HeaderMap::new(), body).unwrap();
    assert!(answer.share[0].is_success());
    let Outcome::Failure(ApiError::InvalidData(info)) = &answer.share[1] else { panic!("{:?}", answer.share[1]) };
    assert_eq!(info.details.json_path.as_deref(), Some("$.share[1].shared_with"));
    assert_eq!(info.status, None, "an item has no HTTP status of its own");
    assert_eq!(answer.share[1].failure().unwrap().to_string(), "INVALID_DATA: invalid data");
    let results: Vec<Result<_, _>> = answer.share.into_iter().map(Outcome::into_result).collect();
    assert!(results[0].is_ok() && results[1].is_err());
}

#[test]
fn unknown_enum_values_are_kept_not_rejected() {
    let body = br#"{"share":[{"share_related_records":false,"shared_through":{"module":{"name":"Leads","id":"1"},"id":"2"},"permission":"no_access","type":"protected","shared_with":{"id":"3","type":"teams"}}]}"#;
    let answer = get().parse_response(StatusCode::OK, &HeaderMap::new(), body).unwrap();
    let share = &answer.share[0];
    assert!(share.permission.is_unknown());
    assert_eq!(share.permission.as_str(), "no_access");
    assert_eq!(share.share_type.as_ref().unwrap().as_str(), "protected");
    assert_eq!(share.shared_with.as_ref().unwrap().sharee_type.as_ref().unwrap().as_str(), "teams");
    assert_eq!(
        serde_json::to_value(share).unwrap()["permission"],
        "no_access",
        "an unknown value is sent back as it came"
    );
    assert!(Permission::try_parse("no_access").is_err());
}

#[test]
fn a_revoke_error_wrapped_in_the_result_object_is_an_error() {
    let body = br#"{"share":{"code":"BAD_REQUEST","details":{},"message":"No sharing through this record is available to revoke.","status":"error"}}"#;
    let revoke = RevokeSharedRecord::builder().module(Module::Contacts).record_id(1u64).build().unwrap();
    let err = revoke.parse_response(StatusCode::OK, &HeaderMap::new(), body).unwrap_err();
    assert_eq!(err.api_error().unwrap().kind(), Some(ErrorKind::NothingToRevoke));
}

#[test]
fn requests_can_be_changed_through_their_builder() {
    let request = get();
    let changed = zoho_share_records::GetSharedRecordDetailsBuilder::from(request).view(View::Summary).build().unwrap();
    assert_eq!(changed.view, Some(View::Summary));
    assert_eq!(changed.record_id.get(), 1);
}
