//! Conformance tests built from the documentation's samples and error lists, as the spec
//! records them: every sample request is reproduced exactly by the builders, every sample
//! answer parses and re-encodes to the same JSON for its version, and every documented
//! error row maps to its own variant and status.

use serde_json::Value;
use zoho_share_codegen::sample::{MatchedUrl, match_url};
use zoho_share_codegen::spec::{ErrorRow, Operation as SpecOperation, SampleRequest, SampleResponse, Spec};
use zoho_share_codegen::template;
use zoho_share_records::runtime::http::{HeaderMap, Request, StatusCode};
use zoho_share_records::runtime::{AccessToken, BaseUrl, ResponseError, ToWire};
use zoho_share_records::{
    ApiError, ApiVersion, COMMON_ERRORS, Endpoint, ErrorKind, GetSharedRecordDetails, Module, Operation, RecordId,
    RevokeSharedRecord, ShareRecord, ShareRecordBody, UpdateShareBody, UpdateSharePermissions, View,
};
use zoho_share_tests::share_spec;

/// The inputs a sample request's URL carries.
struct UrlInputs {
    endpoint: Endpoint,
    version: ApiVersion,
    module: Module,
    record_id: RecordId,
    matched: MatchedUrl,
}

fn url_inputs(spec: &Spec, operation: &str, sample: &SampleRequest) -> UrlInputs {
    let operation = spec.operations.iter().find(|op| op.name.as_deref() == Some(operation)).unwrap();
    let parts = template::parse(&spec.url_template(operation).unwrap()).unwrap();
    let url = sample.url.as_deref().unwrap();
    let matched = match_url(&parts, url).unwrap_or_else(|err| panic!("{url}: {err}"));
    let version = ApiVersion::parse(&matched.placeholders["version"]).unwrap();
    UrlInputs {
        endpoint: Endpoint::with_base_url(BaseUrl::parse(&matched.base).unwrap()),
        version,
        module: Module::parse(&matched.placeholders["module_api_name"]).unwrap(),
        record_id: matched.placeholders["record_id"].parse().unwrap(),
        matched,
    }
}

/// The token a sample shows, or a stand-in.
fn sample_token(sample: &SampleRequest) -> AccessToken {
    let header = sample.headers.get("Authorization").map_or("Zoho-oauthtoken 1000.sample.token", String::as_str);
    AccessToken::new(header.strip_prefix("Zoho-oauthtoken ").expect("samples use the Zoho-oauthtoken scheme"))
}

/// Builds the typed request a sample shows and turns it into HTTP.
fn reproduce(spec: &Spec, operation: &str, sample: &SampleRequest) -> Request<Vec<u8>> {
    let inputs = url_inputs(spec, operation, sample);
    let token = sample_token(sample);
    let query = |name: &str| inputs.matched.query.iter().find(|(key, _)| key == name).map(|(_, value)| value.clone());
    let body = sample.body.as_deref().map(|body| serde_json::from_str::<Value>(body).unwrap());
    let (module, record_id, version) = (inputs.module.clone(), inputs.record_id, inputs.version);
    let built = match operation {
        "get_shared_record_details" => GetSharedRecordDetails::builder()
            .module(module)
            .record_id(record_id)
            .set_view(query("view").map(|view| View::try_parse(&view).unwrap()))
            .set_shared_to(query("sharedTo").map(|id| id.parse().unwrap()))
            .version(version)
            .build()
            .and_then(|request| request.to_http(&inputs.endpoint, &token)),
        "share_record" => {
            let body: ShareRecordBody =
                body.map_or_else(sample_share_body, |body| serde_json::from_value(body).unwrap());
            ShareRecord::builder()
                .module(module)
                .record_id(record_id)
                .set_share(Some(body.share))
                .set_notify_shared_members(body.notify_shared_members)
                .set_notify_on_completion(body.notify_on_completion)
                .version(version)
                .build()
                .and_then(|request| request.to_http(&inputs.endpoint, &token))
        }
        "update_share_permissions" => {
            let body: UpdateShareBody =
                body.map_or_else(sample_update_body, |body| serde_json::from_value(body).unwrap());
            UpdateSharePermissions::builder()
                .module(module)
                .record_id(record_id)
                .set_share(Some(body.share))
                .set_notify(body.notify)
                .version(version)
                .build()
                .and_then(|request| request.to_http(&inputs.endpoint, &token))
        }
        "revoke_shared_record" => RevokeSharedRecord::builder()
            .module(module)
            .record_id(record_id)
            .version(version)
            .build()
            .and_then(|request| request.to_http(&inputs.endpoint, &token)),
        other => panic!("no conformance driver for operation `{other}`: add one here"),
    };
    built.unwrap_or_else(|err| panic!("{}: {err}", sample.url.as_deref().unwrap_or_default()))
}

/// A body for samples whose page does not show the one it sends.
fn sample_share_body() -> ShareRecordBody {
    serde_json::from_value(serde_json::json!({"share": [{"user": {"id": "1"}}]})).unwrap()
}

fn sample_update_body() -> UpdateShareBody {
    serde_json::from_value(serde_json::json!({"share": [{"user": {"id": "1"}}]})).unwrap()
}

/// The sample URL as a client sends it: a trailing `&` (the PHP sample) or `?` dropped.
fn normalized_url(matched: &MatchedUrl) -> String {
    let query: Vec<String> = matched.query.iter().map(|(key, value)| format!("{key}={value}")).collect();
    if query.is_empty() {
        format!("{}{}", matched.base, matched.path)
    } else {
        format!("{}{}?{}", matched.base, matched.path, query.join("&"))
    }
}

fn operations(spec: &Spec) -> impl Iterator<Item = (&str, &SpecOperation)> {
    spec.operations.iter().map(|operation| (operation.name.as_deref().unwrap(), operation))
}

#[test]
fn every_sample_request_is_reproduced_by_the_builders() {
    let spec = share_spec();
    let mut checked = 0;
    for (name, operation) in operations(&spec) {
        for sample in operation.samples.iter().flat_map(|samples| &samples.requests) {
            let title = sample.title.as_deref().unwrap_or_default();
            let request = reproduce(&spec, name, sample);
            let matched = url_inputs(&spec, name, sample).matched;
            assert_eq!(request.method().as_str(), sample.method.as_deref().unwrap(), "{name}: {title}");
            assert_eq!(request.uri().to_string(), normalized_url(&matched), "{name}: {title}");
            if let Some(expected) = sample.headers.get("Authorization") {
                assert_eq!(request.headers()["authorization"].to_str().unwrap(), expected, "{name}: {title}");
            }
            if let Some(body) = &sample.body {
                let sent: Value = serde_json::from_slice(request.body()).unwrap();
                assert_eq!(sent, serde_json::from_str::<Value>(body).unwrap(), "{name}: {title}: the body differs");
                assert_eq!(request.headers()["content-type"], "application/json");
            } else {
                assert_eq!(request.method() == "GET" || request.method() == "DELETE", request.body().is_empty());
            }
            checked += 1;
        }
    }
    assert_eq!(checked, 23, "every sample request of the spec is checked");
}

/// Parses a sample answer with its operation's parser.
fn parse_sample(name: &str, sample: &SampleResponse) -> Result<Value, ResponseError<ApiError>> {
    let status = StatusCode::from_u16(u16::try_from(sample.status.unwrap()).unwrap()).unwrap();
    let body = sample.body.as_deref().unwrap().as_bytes();
    let version = ApiVersion::parse(sample.version.as_deref().expect("samples name their version")).unwrap();
    let headers = HeaderMap::new();
    let request_module = Module::Contacts;
    match name {
        "get_shared_record_details" => {
            let request = GetSharedRecordDetails::builder().module(request_module).record_id(1u64).build().unwrap();
            request.parse_response(status, &headers, body).map(|answer| answer.to_wire(version))
        }
        "share_record" => ShareRecord::builder()
            .module(request_module)
            .record_id(1u64)
            .set_share(Some(sample_share_body().share))
            .build()
            .unwrap()
            .parse_response(status, &headers, body)
            .map(|answer| answer.to_wire(version)),
        "update_share_permissions" => UpdateSharePermissions::builder()
            .module(request_module)
            .record_id(1u64)
            .set_share(Some(sample_update_body().share))
            .build()
            .unwrap()
            .parse_response(status, &headers, body)
            .map(|answer| answer.to_wire(version)),
        "revoke_shared_record" => RevokeSharedRecord::builder()
            .module(request_module)
            .record_id(1u64)
            .build()
            .unwrap()
            .parse_response(status, &headers, body)
            .map(|answer| answer.to_wire(version)),
        other => panic!("no conformance driver for operation `{other}`"),
    }
}

#[test]
fn every_sample_answer_parses_and_re_encodes_to_the_same_json() {
    let spec = share_spec();
    let mut checked = 0;
    for (name, operation) in operations(&spec) {
        for sample in operation.samples.iter().flat_map(|samples| &samples.responses) {
            let title = sample.title.as_deref().unwrap_or_default();
            let original: Value = serde_json::from_str(sample.body.as_deref().unwrap()).unwrap();
            match (parse_sample(name, sample), &sample.error) {
                (Ok(encoded), None) => assert_eq!(encoded, original, "{name}: {title}: nothing may be lost or renamed"),
                (Err(ResponseError::Api(error)), Some(kind)) => {
                    assert_eq!(error.kind().map(ErrorKind::name), Some(kind.as_str()), "{name}: {title}");
                    assert_eq!(
                        error.status().map(|status| i64::from(status.as_u16())),
                        sample.status,
                        "{name}: {title}"
                    );
                    assert_eq!(error.raw_body(), sample.body.as_deref().unwrap());
                }
                (other, expected) => panic!("{name}: {title}: expected {expected:?}, got {other:?}"),
            }
            checked += 1;
        }
    }
    assert_eq!(checked, 12, "every sample answer of the spec is checked");
}

#[test]
fn sample_answers_carry_the_documented_values() {
    let spec = share_spec();
    let get = spec.operations.iter().find(|op| op.name.as_deref() == Some("get_shared_record_details")).unwrap();
    let full = &get.samples.as_ref().unwrap().responses[1];
    let request = GetSharedRecordDetails::builder()
        .module(Module::Contacts)
        .record_id(4_150_868_000_001_191_072u64)
        .build()
        .unwrap();
    let answer =
        request.parse_response(StatusCode::OK, &HeaderMap::new(), full.body.as_deref().unwrap().as_bytes()).unwrap();
    assert_eq!(answer.share.len(), 2);
    let first = &answer.share[0];
    let user = first.shared_with.as_ref().expect("the v2.1 `user` key is read as `shared_with`");
    assert_eq!(user.name.as_deref(), Some("Amanda Carr"));
    assert_eq!(user.id.get(), 4_150_868_000_001_199_001);
    assert_eq!(user.zuid.map(|zuid| zuid.get()), Some(705_903_469));
    assert_eq!(first.permission, zoho_share_records::Permission::ReadOnly);
    assert!(first.share_related_records);
    assert_eq!(first.shared_through.name.as_deref(), Some("Regina Smith"));
    assert_eq!(first.shared_through.module.name, "Contacts");
    let shared_time = first.shared_time.unwrap();
    assert_eq!(shared_time.to_rfc3339(), "2021-03-01T17:54:18+05:30", "the offset Zoho gave is kept");
    assert_eq!(shared_time.offset().local_minus_utc(), 5 * 3600 + 30 * 60);
    assert_eq!(first.shared_by.as_ref().unwrap().name.as_deref(), Some("Patricia Boyle"));
    assert_eq!(answer.share[1].shared_with.as_ref().unwrap().name.as_deref(), Some("Derek Smith"));
}

/// An error object for a documented row.
fn error_body(row: &ErrorRow) -> String {
    serde_json::json!({"code": row.code, "details": {}, "message": row.message, "status": "error"}).to_string()
}

fn parse_error(name: &str, status: u16, body: &str) -> ApiError {
    let status = StatusCode::from_u16(status).unwrap();
    let headers = HeaderMap::new();
    let body = body.as_bytes();
    let result = match name {
        "get_shared_record_details" => GetSharedRecordDetails::builder()
            .module(Module::Leads)
            .record_id(1u64)
            .build()
            .unwrap()
            .parse_response(status, &headers, body)
            .err(),
        "share_record" => ShareRecord::builder()
            .module(Module::Leads)
            .record_id(1u64)
            .set_share(Some(sample_share_body().share))
            .build()
            .unwrap()
            .parse_response(status, &headers, body)
            .err(),
        "update_share_permissions" => UpdateSharePermissions::builder()
            .module(Module::Leads)
            .record_id(1u64)
            .set_share(Some(sample_update_body().share))
            .build()
            .unwrap()
            .parse_response(status, &headers, body)
            .err(),
        "revoke_shared_record" => RevokeSharedRecord::builder()
            .module(Module::Leads)
            .record_id(1u64)
            .build()
            .unwrap()
            .parse_response(status, &headers, body)
            .err(),
        other => panic!("no conformance driver for operation `{other}`"),
    };
    match result {
        Some(ResponseError::Api(error)) => error,
        other => {
            panic!("{name}: expected a Zoho error for {body:?}, got {other:?}", body = String::from_utf8_lossy(body))
        }
    }
}

#[test]
fn every_documented_error_row_maps_to_its_own_variant_and_status() {
    let spec = share_spec();
    let common = &spec.errors.as_ref().unwrap().common;
    let mut checked = 0;
    for (name, operation) in operations(&spec) {
        for row in operation.errors.iter().chain(common) {
            let status = u16::try_from(row.status.unwrap()).unwrap();
            let error = parse_error(name, status, &error_body(row));
            let expected = row.kind.as_deref().unwrap();
            assert_eq!(
                error.kind().map(ErrorKind::name),
                Some(expected),
                "{name}: {} {:?}",
                row.code.as_deref().unwrap(),
                row.message
            );
            assert_eq!(error.status(), Some(StatusCode::from_u16(status).unwrap()));
            assert_eq!(error.code(), row.code.as_deref().unwrap());
            assert_eq!(error.message(), row.message.as_deref().unwrap());
            // Zoho has sent errors inside HTTP 200: they are still errors.
            let in_200 = parse_error(name, 200, &error_body(row));
            assert_eq!(in_200.kind(), error.kind(), "{name}: an error body in HTTP 200");
            checked += 1;
        }
    }
    assert_eq!(checked, 10 + 18 + 11 + 11 + 4 * 3, "every row of every operation, plus the common rows for each");
}

#[test]
fn the_twenty_seed_rows_are_all_in_the_spec() {
    let spec = share_spec();
    let rows = |name: &str| -> Vec<(String, i64, String)> {
        let operation = spec.operations.iter().find(|op| op.name.as_deref() == Some(name)).unwrap();
        operation
            .errors
            .iter()
            .map(|row| (row.code.clone().unwrap(), row.status.unwrap(), row.message.clone().unwrap()))
            .collect()
    };
    let get_rows = [
        ("OAUTH_SCOPE_MISMATCH", 401, "invalid oauth scope to access this URLe"),
        ("INVALID_URL_PATTERN", 404, "Please check if the URL trying to access is a correct one"),
        ("INVALID_DATA", 400, "ENTITY_ID_INVALID"),
        ("INVALID_DATA", 400, "Scheduler is running."),
        ("INVALID_MODULE", 400, "the module name given seems to be invalid"),
        ("PATTERN_NOT_MATCHED", 400, "Please check whether the input values are correct"),
        ("NO_PERMISSION", 403, "Permission denied to read"),
        ("INTERNAL_ERROR", 500, "Internal Server Error"),
        ("INVALID_REQUEST_METHOD", 400, "The http request method type is not a valid one"),
        ("AUTHORIZATION_FAILED", 400, "User does not have sufficient privilege to read."),
    ];
    let delete_rows = [
        ("OAUTH_SCOPE_MISMATCH", 401, "invalid oauth scope to access this URL"),
        ("INVALID_URL_PATTERN", 404, "Please check if the URL trying to access is a correct one."),
        ("INVALID_DATA", 400, "ENTITY_ID_INVALID"),
        ("BAD_REQUEST", 400, "No sharing through this record is available to revoke."),
        ("NO_PERMISSION", 403, "Permission denied to delete records"),
        ("INTERNAL_ERROR", 500, "Internal Server Error"),
        ("INVALID_REQUEST_METHOD", 400, "The http request method type is not a valid one"),
        ("AUTHORIZATION_FAILED", 400, "User does not have sufficient privilege to delete records"),
        ("INVALID_MODULE", 400, "The module name given seems to be invalid"),
        ("INVALID_MODULE", 400, "The given module is not supported in API"),
    ];
    for (operation, expected) in
        [("get_shared_record_details", &get_rows[..]), ("revoke_shared_record", &delete_rows[..])]
    {
        let found = rows(operation);
        for (code, status, message) in expected {
            assert!(
                found.contains(&((*code).to_owned(), *status, (*message).to_owned())),
                "{operation}: {code} {status} {message:?} is missing"
            );
        }
    }
}

#[test]
fn rows_that_share_a_code_are_told_apart() {
    let cases = [
        ("INVALID_DATA", "ENTITY_ID_INVALID", ErrorKind::EntityIdInvalid),
        ("INVALID_DATA", "Scheduler is running.", ErrorKind::SchedulerRunning),
        ("INVALID_DATA", "invalid data", ErrorKind::InvalidData),
        ("INVALID_DATA", "invalid user Id", ErrorKind::InvalidData),
        ("INVALID_MODULE", "The module name given seems to be invalid", ErrorKind::InvalidModule),
        ("INVALID_MODULE", "The given module is not supported in API", ErrorKind::ModuleNotSupported),
        ("CANNOT_PROCESS", "Scheduler is running", ErrorKind::SchedulerRunning),
        ("CANNOT_PROCESS", "No sharing through this record is available to revoke", ErrorKind::NothingToRevoke),
        ("LIMIT_EXCEEDED", "Cannot share a record to more than 5 roles", ErrorKind::SharingLimitExceeded),
        ("SHARE_LIMIT_EXCEEDED", "Cannot share a record to more than 10 users.", ErrorKind::SharingLimitExceeded),
    ];
    for (code, message, kind) in cases {
        assert_eq!(ErrorKind::classify(code, message), Some(kind), "{code} {message:?}");
    }
    assert_eq!(ErrorKind::classify("CANNOT_PROCESS", "something new"), None, "no kind of this code is a fallback");
    assert_eq!(ErrorKind::classify("NOT_A_CODE", "x"), None);
}

#[test]
fn the_common_errors_are_generated_from_the_spec() {
    let codes: Vec<&str> = COMMON_ERRORS.iter().map(|row| row.code).collect();
    assert_eq!(codes, ["INVALID_TOKEN", "AUTHENTICATION_FAILURE", "TOO_MANY_REQUESTS"]);
    assert!(COMMON_ERRORS.iter().find(|row| row.code == "TOO_MANY_REQUESTS").unwrap().kind.is_retryable());
    assert_eq!(GetSharedRecordDetails::DOCUMENTED_ERRORS.len(), 10);
    assert_eq!(RevokeSharedRecord::DOCUMENTED_ERRORS.len(), 11);
}
