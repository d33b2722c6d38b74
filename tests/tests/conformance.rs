//! Conformance tests built from the documentation's samples and error lists, as the spec
//! records them: every sample request is reproduced exactly by the builders, every sample
//! answer parses and re-encodes to the same JSON for its version, and every documented
//! error row maps to its own variant and status.
//!
//! Every expectation is read from the spec: adding a row, a kind, a sample, an enum value,
//! a field or an operation to it changes what is checked, never this file. An operation
//! this file has no typed driver for is still checked through the runtime's generic
//! answer parser (errors and sample answers); its sample requests need a driver, and the
//! test says so on stderr.

use serde_json::Value;
use zoho_crm_codegen::read::spec::{ErrorRow, Operation as SpecOperation, SampleRequest, SampleResponse, Spec};
use zoho_crm_codegen::read::template;
use zoho_crm_codegen::resolve::url_match::{MatchedUrl, match_url};
use zoho_crm_tests::share_spec;
use zoho_share_records::runtime::http::{HeaderMap, Request, StatusCode};
use zoho_share_records::runtime::{self as rt, AccessToken, BaseUrl, BuildError, ResponseError, ToWire};
use zoho_share_records::{
    ApiError, ApiVersion, COMMON_ERRORS, DocumentedError, Endpoint, ErrorKind, GetSharedRecordDetails, Module,
    Operation, RecordId, RevokeSharedRecord, ShareRecord, ShareRecordBody, UpdateShareBody, UpdateSharePermissions,
    View,
};

/// The URL template an operation's sample request URLs follow. The one place this file
/// reads it, so that a change of the spec's URL keys touches only this function.
fn url_template(spec: &Spec, operation: &SpecOperation) -> String {
    spec.url_template(operation).expect("the operation has a URL template")
}

/// Runs `$body` with `$request` bound to a minimal typed request of the operation named
/// `$name`: `Some` of the body's value, or `None` for an operation with no typed driver
/// here (one the spec gained since this file was written).
macro_rules! with_minimal_request {
    ($name:expr, |$request:ident| $body:expr) => {
        match $name {
            "get_shared_record_details" => {
                let $request =
                    GetSharedRecordDetails::builder().module(Module::Contacts).record_id(1u64).build().unwrap();
                Some($body)
            }
            "share_record" => {
                let $request = ShareRecord::builder()
                    .module(Module::Contacts)
                    .record_id(1u64)
                    .set_share(Some(sample_share_body().share))
                    .build()
                    .unwrap();
                Some($body)
            }
            "update_share_permissions" => {
                let $request = UpdateSharePermissions::builder()
                    .module(Module::Contacts)
                    .record_id(1u64)
                    .set_share(Some(sample_update_body().share))
                    .build()
                    .unwrap();
                Some($body)
            }
            "revoke_shared_record" => {
                let $request = RevokeSharedRecord::builder().module(Module::Contacts).record_id(1u64).build().unwrap();
                Some($body)
            }
            _ => None,
        }
    };
}

/// The inputs a sample request's URL carries.
struct UrlInputs {
    endpoint: Endpoint,
    version: ApiVersion,
    module: Module,
    record_id: RecordId,
    matched: MatchedUrl,
}

fn url_inputs(spec: &Spec, operation: &SpecOperation, sample: &SampleRequest) -> UrlInputs {
    let parts = template::parse(&url_template(spec, operation)).unwrap();
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

/// The token a sample's header shows (in the spec's header and scheme), or a stand-in.
fn sample_token(sample: &SampleRequest) -> AccessToken {
    let api = zoho_share_records::API;
    let token =
        sample.headers.get(api.auth_header).map(|value| api.token_in(value).expect("samples use the spec's scheme"));
    AccessToken::new(token.unwrap_or("1000.sample.token"))
}

/// Builds the typed request a sample shows and turns it into HTTP; `None` for an
/// operation with no typed driver here.
fn reproduce(spec: &Spec, operation: &SpecOperation, sample: &SampleRequest) -> Option<Request<Vec<u8>>> {
    let inputs = url_inputs(spec, operation, sample);
    let token = sample_token(sample);
    let query = |name: &str| inputs.matched.query.iter().find(|(key, _)| key == name).map(|(_, value)| value.clone());
    let body = sample.body.as_deref().map(|body| serde_json::from_str::<Value>(body).unwrap());
    let (module, record_id, version) = (inputs.module.clone(), inputs.record_id, inputs.version);
    let send = |request: Result<_, BuildError>| {
        request.and_then(|request: Box<dyn ToHttp>| request.to_http(&inputs.endpoint, &token))
    };
    let built = match operation.name.as_deref().unwrap_or_default() {
        "get_shared_record_details" => send(
            GetSharedRecordDetails::builder()
                .module(module)
                .record_id(record_id)
                .set_view(query("view").map(|view| View::try_parse(&view).unwrap()))
                .set_shared_to(query("sharedTo").map(|id| id.parse().unwrap()))
                .version(version)
                .build()
                .map(boxed),
        ),
        "share_record" => {
            let body: ShareRecordBody =
                body.map_or_else(sample_share_body, |body| serde_json::from_value(body).unwrap());
            send(
                ShareRecord::builder()
                    .module(module)
                    .record_id(record_id)
                    .set_share(Some(body.share))
                    .set_notify_shared_members(body.notify_shared_members)
                    .set_notify_on_completion(body.notify_on_completion)
                    .version(version)
                    .build()
                    .map(boxed),
            )
        }
        "update_share_permissions" => {
            let body: UpdateShareBody =
                body.map_or_else(sample_update_body, |body| serde_json::from_value(body).unwrap());
            send(
                UpdateSharePermissions::builder()
                    .module(module)
                    .record_id(record_id)
                    .set_share(Some(body.share))
                    .set_notify(body.notify)
                    .version(version)
                    .build()
                    .map(boxed),
            )
        }
        "revoke_shared_record" => {
            send(RevokeSharedRecord::builder().module(module).record_id(record_id).version(version).build().map(boxed))
        }
        _ => return None,
    };
    Some(built.unwrap_or_else(|err| panic!("{}: {err}", sample.url.as_deref().unwrap_or_default())))
}

/// The one thing `reproduce` needs of a typed request, as a trait object so that every
/// operation's request goes through the same code.
trait ToHttp {
    fn to_http(&self, endpoint: &Endpoint, token: &AccessToken) -> Result<Request<Vec<u8>>, BuildError>;
}

impl<O: Operation<Version = ApiVersion>> ToHttp for O {
    fn to_http(&self, endpoint: &Endpoint, token: &AccessToken) -> Result<Request<Vec<u8>>, BuildError> {
        Operation::to_http(self, endpoint, token)
    }
}

fn boxed<O: Operation<Version = ApiVersion> + 'static>(request: O) -> Box<dyn ToHttp> {
    Box::new(request)
}

/// A body for samples whose page does not show the one it sends.
fn sample_share_body() -> ShareRecordBody {
    serde_json::from_value(serde_json::json!({"share": [{"user": {"id": "1"}}]})).unwrap()
}

fn sample_update_body() -> UpdateShareBody {
    serde_json::from_value(serde_json::json!({"share": [{"user": {"id": "1"}}]})).unwrap()
}

fn operations(spec: &Spec) -> impl Iterator<Item = (&str, &SpecOperation)> {
    spec.operations.iter().map(|operation| (operation.name.as_deref().unwrap(), operation))
}

/// Whether this file has a typed driver for the operation named `name`.
fn has_driver(name: &str) -> bool {
    with_minimal_request!(name, |_request| ()).is_some()
}

/// Says on stderr that an operation's typed checks were skipped, and why.
fn note_no_driver(name: &str, what: &str) {
    eprintln!("note: `{name}` has no typed driver in tests/tests/conformance.rs: its {what} are not reproduced");
}

#[test]
fn every_sample_request_is_reproduced_by_the_builders() {
    let spec = share_spec();
    let mut checked = 0;
    for (name, operation) in operations(&spec) {
        for sample in operation.sample_requests() {
            let title = sample.title.as_deref().unwrap_or_default();
            assert_eq!(sample.method, operation.method, "{name}: {title}: the sample's method is the operation's");
            if !has_driver(name) {
                note_no_driver(name, "sample requests");
                break;
            }
            let matched = url_inputs(&spec, operation, sample).matched;
            let request = reproduce(&spec, operation, sample).expect("the operation has a driver");
            assert_eq!(request.method().as_str(), sample.method.as_deref().unwrap(), "{name}: {title}");
            assert_eq!(request.uri().to_string(), matched.normalized(), "{name}: {title}");
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
    assert!(checked > 0, "the spec's sample requests were checked");
}

/// The HTTP statuses of an operation's success, as the spec lists them.
fn success_statuses(operation: &SpecOperation) -> &'static [u16] {
    let statuses: Vec<u16> = operation
        .response
        .iter()
        .flat_map(|response| &response.statuses)
        .map(|status| u16::try_from(*status).unwrap())
        .collect();
    // The runtime's plan takes a static list; a test process may keep a few bytes.
    Vec::leak(statuses)
}

/// Parses an answer with the operation's typed parser, re-encoded for `version`, or with
/// the runtime's generic parser (as JSON) for an operation with no typed driver.
fn parse_answer(
    operation: &SpecOperation,
    status: StatusCode,
    body: &str,
    version: ApiVersion,
) -> Result<Value, ResponseError<ApiError>> {
    let name = operation.name.as_deref().unwrap();
    let headers = HeaderMap::new();
    let typed = with_minimal_request!(name, |request| request
        .parse_response(status, &headers, body.as_bytes())
        .map(|answer| answer.to_wire(version)));
    typed.unwrap_or_else(|| {
        let plan = rt::ResponsePlan::<Value> { success: success_statuses(operation), empty: Some(|| Value::Null) };
        rt::parse_response(status, &headers, body.as_bytes(), &plan)
    })
}

fn status_of(sample: &SampleResponse) -> StatusCode {
    StatusCode::from_u16(u16::try_from(sample.status.unwrap()).unwrap()).unwrap()
}

#[test]
fn every_sample_answer_parses_and_re_encodes_to_the_same_json() {
    let spec = share_spec();
    let mut checked = 0;
    for (name, operation) in operations(&spec) {
        for sample in operation.sample_responses() {
            let title = sample.title.as_deref().unwrap_or_default();
            let body = sample.body.as_deref().unwrap();
            let original: Value = serde_json::from_str(body).unwrap();
            let version = ApiVersion::parse(sample.version.as_deref().expect("samples name their version")).unwrap();
            match (parse_answer(operation, status_of(sample), body, version), &sample.error) {
                (Ok(encoded), None) => assert_eq!(encoded, original, "{name}: {title}: nothing may be lost or renamed"),
                (Err(ResponseError::Api(error)), Some(kind)) => {
                    assert_eq!(error.kind().map(ErrorKind::name), Some(kind.as_str()), "{name}: {title}");
                    assert_eq!(
                        error.status().map(|status| i64::from(status.as_u16())),
                        sample.status,
                        "{name}: {title}"
                    );
                    assert_eq!(error.raw_body(), body);
                }
                (other, expected) => panic!("{name}: {title}: expected {expected:?}, got {other:?}"),
            }
            checked += 1;
        }
    }
    assert!(checked > 0, "the spec's sample answers were checked");
}

/// The value at a JSON path of `/`-separated keys and indexes.
fn at<'v>(value: &'v Value, path: &str) -> &'v Value {
    value.pointer(path).unwrap_or_else(|| panic!("the sample answer has no {path}"))
}

/// The sample answers that list shares with the legacy `user` key: the typed model must
/// carry every value they show, read from the sample itself.
#[test]
fn sample_answers_carry_the_documented_values() {
    let spec = share_spec();
    let get = spec.operations.iter().find(|op| op.name.as_deref() == Some(GetSharedRecordDetails::NAME)).unwrap();
    let samples = get.sample_responses().iter().filter(|sample| sample.error.is_none());
    let mut checked = 0;
    for sample in samples {
        let body = sample.body.as_deref().unwrap();
        let json: Value = serde_json::from_str(body).unwrap();
        let request = GetSharedRecordDetails::builder().module(Module::Contacts).record_id(1u64).build().unwrap();
        let answer = request.parse_response(status_of(sample), &HeaderMap::new(), body.as_bytes()).unwrap();
        for (index, share) in answer.share.iter().enumerate() {
            let item = at(&json, &format!("/share/{index}"));
            let Some(user) = item.get("user") else { continue };
            let typed = share.shared_with.as_ref().expect("the `user` key is read as `shared_with`");
            assert_eq!(typed.name.as_deref(), at(user, "/full_name").as_str());
            assert_eq!(typed.id.to_string(), at(user, "/id").as_str().unwrap());
            assert_eq!(typed.zuid.map(|zuid| zuid.to_string()).as_deref(), at(user, "/zuid").as_str());
            assert_eq!(share.permission.as_str(), at(item, "/permission").as_str().unwrap());
            assert_eq!(Some(share.share_related_records), at(item, "/share_related_records").as_bool());
            assert_eq!(share.shared_through.name.as_deref(), at(item, "/shared_through/entity_name").as_str());
            assert_eq!(share.shared_through.module.name, at(item, "/shared_through/module/name").as_str().unwrap());
            let shared_time = share.shared_time.unwrap().to_rfc3339();
            assert_eq!(shared_time, at(item, "/shared_time").as_str().unwrap(), "the offset Zoho gave is kept");
            let shared_by = share.shared_by.as_ref().unwrap();
            assert_eq!(shared_by.name.as_deref(), at(item, "/shared_by/full_name").as_str());
            checked += 1;
        }
    }
    assert!(checked > 0, "the spec has a sample answer with the `user` key");
}

/// An error object for a documented row.
fn error_body(spec: &Spec, row: &ErrorRow) -> String {
    spec.error_object(row).expect("the spec's error format and rows are complete").to_string()
}

fn parse_error(operation: &SpecOperation, status: u16, body: &str) -> ApiError {
    let name = operation.name.as_deref().unwrap();
    let status = StatusCode::from_u16(status).unwrap();
    // The version plays no part in reading an error.
    match parse_answer(operation, status, body, ApiVersion::DEFAULT) {
        Err(ResponseError::Api(error)) => error,
        other => panic!("{name}: expected a Zoho error for {body:?}, got {other:?}"),
    }
}

/// Every row each operation can answer with: its own and the common ones.
fn rows_of<'s>(spec: &'s Spec, operation: &'s SpecOperation) -> impl Iterator<Item = &'s ErrorRow> {
    operation.errors.iter().chain(spec.errors.iter().flat_map(|errors| &errors.common))
}

#[test]
fn every_documented_error_row_maps_to_its_own_variant_and_status() {
    let spec = share_spec();
    let mut checked = 0;
    for (name, operation) in operations(&spec) {
        for row in rows_of(&spec, operation) {
            let status = u16::try_from(row.status.unwrap()).unwrap();
            let error = parse_error(operation, status, &error_body(&spec, row));
            let expected = row.kind.as_deref().unwrap();
            let code = row.code.as_deref().unwrap();
            assert_eq!(error.kind().map(ErrorKind::name), Some(expected), "{name}: {code} {:?}", row.message);
            assert_eq!(error.status(), Some(StatusCode::from_u16(status).unwrap()));
            assert_eq!(error.code(), code);
            assert_eq!(error.message(), row.message.as_deref().unwrap());
            // Zoho has sent errors inside HTTP 200: they are still errors.
            let in_200 = parse_error(operation, 200, &error_body(&spec, row));
            assert_eq!(in_200.kind(), error.kind(), "{name}: an error body in HTTP 200");
            checked += 1;
        }
    }
    assert!(checked > 0, "the spec's error rows were checked");
}

/// The kind of the error enum the spec names `name`.
fn kind_named(name: &str) -> ErrorKind {
    *ErrorKind::ALL.iter().find(|kind| kind.name() == name).unwrap_or_else(|| panic!("no ErrorKind::{name}"))
}

/// Every row of the spec, with the operation it belongs to (`common` for common rows).
fn all_rows(spec: &Spec) -> Vec<&ErrorRow> {
    let common = spec.errors.iter().flat_map(|errors| &errors.common);
    spec.operations.iter().flat_map(|operation| &operation.errors).chain(common).collect()
}

#[test]
fn rows_that_share_a_code_are_told_apart() {
    let spec = share_spec();
    let rows = all_rows(&spec);
    for row in &rows {
        let (code, message) = (row.code.as_deref().unwrap(), row.message.as_deref().unwrap());
        let expected = kind_named(row.kind.as_deref().unwrap());
        assert_eq!(ErrorKind::classify(code, message), Some(expected), "{code} {message:?}");
    }
    // A message no kind matches: a code of one kind keeps it; a code shared by several
    // falls back to the one without a `match`, if any.
    let kinds = spec.errors.as_ref().map(|errors| errors.kinds.as_slice()).unwrap_or_default();
    let has_match = |name: &str| kinds.iter().any(|kind| kind.name.as_deref() == Some(name) && kind.r#match.is_some());
    let unmatched = "a message no documented row has";
    for row in &rows {
        let code = row.code.as_deref().unwrap();
        let mut kinds_of_code: Vec<&str> = rows
            .iter()
            .filter(|other| other.code.as_deref() == Some(code))
            .filter_map(|other| other.kind.as_deref())
            .collect();
        kinds_of_code.sort_unstable();
        kinds_of_code.dedup();
        let fallback = match kinds_of_code.as_slice() {
            [only] => Some(kind_named(only)),
            several => several.iter().find(|kind| !has_match(kind)).map(|kind| kind_named(kind)),
        };
        assert_eq!(ErrorKind::classify(code, unmatched), fallback, "{code} with a new message");
    }
    let unknown_code = rows.iter().filter_map(|row| row.code.as_deref()).collect::<String>();
    assert_eq!(ErrorKind::classify(&unknown_code, unmatched), None, "a code no row has");
}

/// The documented rows of a generated operation, as (kind, code, status, message).
fn generated_rows(rows: &[DocumentedError]) -> Vec<(String, String, u16, String)> {
    rows.iter()
        .map(|row| (row.kind.name().to_owned(), row.code.to_owned(), row.status, row.message.to_owned()))
        .collect()
}

fn spec_rows<'r>(rows: impl IntoIterator<Item = &'r ErrorRow>) -> Vec<(String, String, u16, String)> {
    rows.into_iter()
        .map(|row| {
            (
                row.kind.clone().unwrap(),
                row.code.clone().unwrap(),
                u16::try_from(row.status.unwrap()).unwrap(),
                row.message.clone().unwrap(),
            )
        })
        .collect()
}

fn documented_errors<O: Operation<Error = ApiError>>(_request: &O) -> &'static [DocumentedError] {
    O::DOCUMENTED_ERRORS
}

#[test]
fn the_documented_errors_are_generated_from_the_spec() {
    let spec = share_spec();
    let common = spec.errors.iter().flat_map(|errors| &errors.common);
    assert_eq!(generated_rows(COMMON_ERRORS), spec_rows(common));
    for kind in spec.errors.iter().flat_map(|errors| &errors.kinds) {
        let generated = kind_named(kind.name.as_deref().unwrap());
        assert_eq!(generated.is_retryable(), kind.retryable.unwrap_or(false), "{generated}");
        assert_eq!(generated.renews_token(), kind.renew_token.unwrap_or(false), "{generated}");
    }
    for (name, operation) in operations(&spec) {
        match with_minimal_request!(name, |request| documented_errors(&request)) {
            Some(generated) => assert_eq!(generated_rows(generated), spec_rows(&operation.errors), "{name}"),
            None => note_no_driver(name, "documented errors"),
        }
    }
}
