//! Conformance tests of the Tags client, built from what `spec/tags.yaml` records: every
//! sample request is rebuilt exactly by the typed builders, every sample answer parses
//! with its operation's parser (and a success re-encodes to the same JSON), every
//! documented error row maps to its own variant and status, and every request asks for
//! the scopes the spec lists for its operation.
//!
//! Every expectation is read from the spec: the tests name operations (one small driver
//! per operation maps a sample's inputs to builder calls) but never restate a URL, a
//! scope, a status or a count.
//!
//! One rule is not "byte for byte": a JSON `null` in a sample stands for "no value", and
//! the models keep no value as `None`, which they leave out when encoding, so they cannot
//! send or re-encode an explicit `null`. Zoho treats the two alike where the samples use
//! `null` (the `color_code` of a tag: the create-tag pages say a tag sent without the key
//! gets `null`; the spec's `ColorCode` doc says the same). So a sample's keys whose value
//! is `null` are compared as absent, in request bodies (the v8 add-tags sample input sends
//! `"color_code": null`) and in answers alike; every other key and value must come back
//! unchanged. Unknown keys need no such rule: the models
//! that may meet them keep them (`keep_unknown`), and a sample key that a model without
//! `keep_unknown` does not know fails the comparison, as it should.
//!
//! A second rule: a field marked `one_or_list` reads one object as a list of one, and
//! encodes a list, so an answer that sent one object (the v7 delete-tag page's) is compared
//! with that object as a list of one.

use std::fmt::Debug;
use std::str::FromStr;

use serde_json::Value;
use zoho_crm_codegen::read::spec::{ErrorRow, Operation as SpecOperation, SampleRequest, Spec};
use zoho_crm_codegen::read::template::{self, MODULE_NAME, OPERATION_TYPE, Part, VERSION};
use zoho_crm_codegen::read::type_expr::TypeExpr;
use zoho_crm_codegen::resolve::url_match::{MatchedUrl, match_url};

// Everything the tests use of the client, in one place.
use zoho_crm_tags::runtime::http::{HeaderMap, Request, StatusCode};
use zoho_crm_tags::runtime::serde::{Serialize, de::DeserializeOwned};
use zoho_crm_tags::runtime::{AccessToken, BaseUrl, BuildError, ResponseError, ToWire};
use zoho_crm_tags::{
    AddTagsBody, AddTagsToRecord, AddTagsToRecords, ApiError, ApiVersion, COMMON_ERRORS, CreateTags, CreateTagsBody,
    DeleteTag, DocumentedError, Endpoint, ErrorKind, GetRecordCount, GetTags, MergeTags, MergeTagsBody, Module,
    Operation, RemoveTagsBody, RemoveTagsFromRecord, RemoveTagsFromRecords, UpdateTag, UpdateTags, UpdateTagsBody,
};

/// The spec, read and checked by the generator's own reader.
fn tags_spec() -> Spec {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../spec/tags.yaml");
    let text = std::fs::read_to_string(path).unwrap();
    let (spec, _warnings) = zoho_crm_codegen::load(&text, "tags.yaml").unwrap_or_else(|problems| panic!("{problems}"));
    spec
}

fn operations(spec: &Spec) -> impl Iterator<Item = (&str, &SpecOperation)> {
    spec.operations.iter().map(|operation| (operation.name.as_deref().unwrap(), operation))
}

/// A sample's JSON with every object key whose value is `null` left out (see the
/// file's documentation above for why).
fn without_nulls(value: Value) -> Value {
    match value {
        Value::Object(object) => Value::Object(
            object
                .into_iter()
                .filter(|(_, value)| !value.is_null())
                .map(|(key, value)| (key, without_nulls(value)))
                .collect(),
        ),
        Value::Array(items) => Value::Array(items.into_iter().map(without_nulls).collect()),
        other => other,
    }
}

fn json(text: &str) -> Value {
    serde_json::from_str(text).unwrap_or_else(|err| panic!("{err}: {text}"))
}

/// What a sample request gives its operation's driver: the inputs its URL carries, read
/// back with the operation's URL template, and its body.
struct Inputs<'a> {
    operation: &'a SpecOperation,
    matched: MatchedUrl,
    endpoint: Endpoint,
    version: ApiVersion,
    body: Option<Value>,
    /// A module to use instead of the sample's.
    module: Option<Module>,
}

impl<'a> Inputs<'a> {
    fn new(spec: &Spec, operation: &'a SpecOperation, sample: &SampleRequest) -> Inputs<'a> {
        let parts = template::parse(&spec.url_template(operation).unwrap()).unwrap();
        let url = sample.url.as_deref().unwrap();
        let matched = match_url(&parts, url).unwrap_or_else(|err| panic!("{url}: {err}"));
        // A sample whose page does not show the body it sends borrows the body of the
        // operation's first sample that shows one.
        let body = sample
            .body
            .as_deref()
            .or_else(|| operation.sample_requests().iter().find_map(|other| other.body.as_deref()));
        Inputs {
            operation,
            endpoint: Endpoint::with_base_url(BaseUrl::parse(&matched.base).unwrap()),
            version: ApiVersion::parse(&matched.placeholders[VERSION]).unwrap(),
            body: body.map(json),
            module: None,
            matched,
        }
    }

    /// The text of a parameter (by its Rust name in the spec), from the path or the query
    /// as the spec places it.
    fn text(&self, name: &str) -> Option<String> {
        let param = self.operation.params.iter().find(|param| param.name.as_deref() == Some(name));
        let param = param.unwrap_or_else(|| panic!("the spec has no parameter `{name}`: update the driver"));
        let wire = param.wire.as_deref().or(param.name.as_deref()).unwrap();
        match param.location.as_deref() {
            Some("path") => self.matched.placeholders.get(wire).cloned(),
            Some("query") => self.matched.query.iter().find(|(key, _)| key == wire).map(|(_, value)| value.clone()),
            other => panic!("no driver support for parameters in {other:?}"),
        }
    }

    fn optional<T: FromStr<Err: Debug>>(&self, name: &str) -> Option<T> {
        self.text(name).map(|text| text.parse().unwrap_or_else(|err| panic!("`{name}` = {text:?}: {err:?}")))
    }

    fn required<T: FromStr<Err: Debug>>(&self, name: &str) -> T {
        self.optional(name).unwrap_or_else(|| panic!("the sample gives no `{name}`"))
    }

    fn module(&self) -> Module {
        self.module.clone().unwrap_or_else(|| self.required("module"))
    }

    fn body<T: DeserializeOwned>(&self) -> T {
        let body = self.body.clone().expect("a sample of this operation shows its body");
        serde_json::from_value(body).unwrap_or_else(|err| panic!("the sample body does not fit the model: {err}"))
    }
}

/// Something to do with a typed request, whatever its operation.
trait Visit {
    type Out;
    fn visit<O>(self, request: O) -> Self::Out
    where
        O: Operation<Version = ApiVersion, Error = ApiError>,
        O::Output: Serialize + ToWire<ApiVersion> + Debug;
}

fn built<T>(result: Result<T, BuildError>) -> T {
    result.unwrap_or_else(|err| panic!("the builder rejects the sample's inputs: {err}"))
}

/// The drivers: one per operation, from a sample's inputs to the typed request.
fn drive<V: Visit>(name: &str, inputs: &Inputs<'_>, visitor: V) -> V::Out {
    let version = Some(inputs.version);
    match name {
        "get_tags" => visitor.visit(built(
            GetTags::builder()
                .module(inputs.module())
                .set_my_tags(inputs.optional("my_tags"))
                .set_version(version)
                .build(),
        )),
        "create_tags" => {
            let body: CreateTagsBody = inputs.body();
            visitor.visit(built(
                CreateTags::builder().module(inputs.module()).set_tags(Some(body.tags)).set_version(version).build(),
            ))
        }
        "update_tags" => {
            let body: UpdateTagsBody = inputs.body();
            visitor.visit(built(
                UpdateTags::builder().module(inputs.module()).set_tags(Some(body.tags)).set_version(version).build(),
            ))
        }
        "update_tag" => {
            let body: UpdateTagsBody = inputs.body();
            visitor.visit(built(
                UpdateTag::builder()
                    .tag_id(inputs.required::<u64>("tag_id"))
                    .module(inputs.module())
                    .set_tags(Some(body.tags))
                    .set_version(version)
                    .build(),
            ))
        }
        "delete_tag" => visitor
            .visit(built(DeleteTag::builder().tag_id(inputs.required::<u64>("tag_id")).set_version(version).build())),
        "merge_tags" => {
            let body: MergeTagsBody = inputs.body();
            visitor.visit(built(
                MergeTags::builder()
                    .tag_id(inputs.required::<u64>("tag_id"))
                    .set_tags(Some(body.tags))
                    .set_version(version)
                    .build(),
            ))
        }
        "get_record_count" => visitor.visit(built(
            GetRecordCount::builder()
                .tag_id(inputs.required::<u64>("tag_id"))
                .module(inputs.module())
                .set_version(version)
                .build(),
        )),
        "add_tags_to_record" => {
            let body: AddTagsBody = inputs.body();
            visitor.visit(built(
                AddTagsToRecord::builder()
                    .module(inputs.module())
                    .record_id(inputs.required::<u64>("record_id"))
                    .set_tags(Some(body.tags))
                    .set_over_write(body.over_write)
                    .set_ids(body.ids)
                    .set_version(version)
                    .build(),
            ))
        }
        "add_tags_to_records" => {
            let body: AddTagsBody = inputs.body();
            visitor.visit(built(
                AddTagsToRecords::builder()
                    .module(inputs.module())
                    .set_tags(Some(body.tags))
                    .set_over_write(body.over_write)
                    .set_ids(body.ids)
                    .set_version(version)
                    .build(),
            ))
        }
        "remove_tags_from_record" => {
            let body: RemoveTagsBody = inputs.body();
            visitor.visit(built(
                RemoveTagsFromRecord::builder()
                    .module(inputs.module())
                    .record_id(inputs.required::<u64>("record_id"))
                    .set_tags(Some(body.tags))
                    .set_ids(body.ids)
                    .set_version(version)
                    .build(),
            ))
        }
        "remove_tags_from_records" => {
            let body: RemoveTagsBody = inputs.body();
            visitor.visit(built(
                RemoveTagsFromRecords::builder()
                    .module(inputs.module())
                    .set_tags(Some(body.tags))
                    .set_ids(body.ids)
                    .set_version(version)
                    .build(),
            ))
        }
        other => panic!("no conformance driver for operation `{other}`: add one here"),
    }
}

/// The request for a sample's operation, built from its first sample request: the one
/// the answer and error tests parse with.
fn first_inputs<'a>(spec: &Spec, name: &str, operation: &'a SpecOperation) -> Inputs<'a> {
    let sample =
        operation.sample_requests().first().unwrap_or_else(|| panic!("{name}: the spec shows no sample request"));
    Inputs::new(spec, operation, sample)
}

// ---- requests ----

/// Turns the request into HTTP, and says which scopes it requires.
struct ToHttp<'a> {
    endpoint: &'a Endpoint,
    token: &'a AccessToken,
}

impl Visit for ToHttp<'_> {
    type Out = (Request<Vec<u8>>, Vec<String>);
    fn visit<O>(self, request: O) -> Self::Out
    where
        O: Operation<Version = ApiVersion, Error = ApiError>,
        O::Output: Serialize + ToWire<ApiVersion> + Debug,
    {
        let scopes = request.required_scopes().scopes().to_vec();
        (built(request.to_http(self.endpoint, self.token)), scopes)
    }
}

/// The token a sample's header shows (in the spec's header and scheme), or a stand-in.
fn sample_token(sample: &SampleRequest) -> AccessToken {
    let api = zoho_crm_tags::API;
    let token =
        sample.headers.get(api.auth_header).map(|value| api.token_in(value).expect("samples use the spec's scheme"));
    AccessToken::new(token.unwrap_or("1000.sample.token"))
}

fn reproduce(
    spec: &Spec,
    name: &str,
    operation: &SpecOperation,
    sample: &SampleRequest,
) -> (Request<Vec<u8>>, Vec<String>) {
    let inputs = Inputs::new(spec, operation, sample);
    let token = sample_token(sample);
    drive(name, &inputs, ToHttp { endpoint: &inputs.endpoint, token: &token })
}

#[test]
fn every_sample_request_is_rebuilt_exactly_by_the_builders() {
    let spec = tags_spec();
    let mut checked = 0;
    for (name, operation) in operations(&spec) {
        assert!(!operation.sample_requests().is_empty(), "{name}: the spec shows no sample request");
        for sample in operation.sample_requests() {
            let title = sample.title.as_deref().unwrap_or_default();
            let (request, _) = reproduce(&spec, name, operation, sample);
            let matched = Inputs::new(&spec, operation, sample).matched;
            for (key, _) in &matched.query {
                let documented = operation.params.iter().any(|param| {
                    param.location.as_deref() == Some("query")
                        && param.wire.as_ref().or(param.name.as_ref()) == Some(key)
                });
                assert!(documented, "{name}: {title}: `{key}` is not a query parameter of the operation");
            }
            assert_eq!(request.method().as_str(), sample.method.as_deref().unwrap(), "{name}: {title}");
            assert_eq!(request.method().as_str(), operation.method.as_deref().unwrap(), "{name}: {title}");
            assert_eq!(request.uri().to_string(), matched.normalized(), "{name}: {title}");
            let auth = spec.auth.as_ref().unwrap();
            let header = request.headers()[auth.header.as_deref().unwrap()].to_str().unwrap();
            match sample.headers.get(auth.header.as_deref().unwrap()) {
                Some(expected) => assert_eq!(header, expected, "{name}: {title}"),
                None => {
                    assert!(header.starts_with(&format!("{} ", auth.scheme.as_deref().unwrap())), "{name}: {title}")
                }
            }
            match (&sample.body, operation.body.is_some()) {
                (Some(body), _) => {
                    let sent: Value = serde_json::from_slice(request.body()).unwrap();
                    assert_eq!(sent, without_nulls(json(body)), "{name}: {title}: the body differs");
                    assert_eq!(request.headers()["content-type"], "application/json", "{name}: {title}");
                }
                (None, has_body) => assert_eq!(!request.body().is_empty(), has_body, "{name}: {title}"),
            }
            checked += 1;
        }
    }
    println!("{checked} sample requests rebuilt");
}

/// The name of the spec's module (`scope_name`) for a module, as the spec lists it.
fn spec_scope_name(spec: &Spec, module: &Module) -> String {
    let modules = spec.modules.as_ref().unwrap();
    let standard = modules.supported.iter().find(|standard| {
        standard.api_name.as_deref().is_some_and(|api_name| api_name.eq_ignore_ascii_case(module.api_name()))
    });
    match standard {
        Some(standard) => standard.scope_name.clone().unwrap(),
        None => modules.custom.as_ref().and_then(|custom| custom.scope_name.clone()).expect("a custom module"),
    }
}

/// The scopes the spec lists for an operation on a module: its template (or the API's)
/// filled with each of its operation types, then its fixed scopes.
fn spec_scopes(spec: &Spec, operation: &SpecOperation, module: Option<&Module>) -> Vec<String> {
    let api_template = spec.scopes.as_ref().and_then(|scopes| scopes.template.as_deref());
    let parts = template::parse(operation.scope_template.as_deref().or(api_template).unwrap()).unwrap();
    let fill = |operation_type: &str| -> String {
        parts
            .iter()
            .map(|part| match part {
                Part::Literal(text) => text.clone(),
                Part::Placeholder(name) if name == OPERATION_TYPE => operation_type.to_owned(),
                Part::Placeholder(name) if name == MODULE_NAME => {
                    spec_scope_name(spec, module.expect("a scope template naming the module needs one"))
                }
                Part::Placeholder(name) => panic!("unknown scope placeholder `{name}`"),
            })
            .collect()
    };
    operation
        .scopes
        .iter()
        .map(|operation_type| fill(operation_type))
        .chain(operation.extra_scopes.iter().cloned())
        .collect()
}

fn has_module(operation: &SpecOperation) -> bool {
    operation.params.iter().any(|param| param.r#type.as_deref() == Some("module"))
}

#[test]
fn every_sample_request_requires_the_scopes_the_spec_lists() {
    let spec = tags_spec();
    let mut checked = 0;
    for (name, operation) in operations(&spec) {
        for sample in operation.sample_requests() {
            let inputs = Inputs::new(&spec, operation, sample);
            let module = has_module(operation).then(|| inputs.module());
            let (_, scopes) = reproduce(&spec, name, operation, sample);
            assert_eq!(scopes, spec_scopes(&spec, operation, module.as_ref()), "{name}: {:?}", sample.title);
            checked += 1;
        }
    }
    println!("{checked} sample requests asked for their scopes");
}

#[test]
fn every_module_of_the_spec_gets_its_own_scopes() {
    let spec = tags_spec();
    let modules = spec.modules.as_ref().unwrap();
    let mut all: Vec<Module> =
        modules.supported.iter().map(|module| Module::parse(module.api_name.as_deref().unwrap()).unwrap()).collect();
    if modules.custom.is_some() {
        all.push(Module::custom("Custom_Things").unwrap());
    }
    let mut checked = 0;
    for (name, operation) in operations(&spec).filter(|(_, operation)| has_module(operation)) {
        let token = AccessToken::new("1000.sample.token");
        for module in &all {
            let mut inputs = first_inputs(&spec, name, operation);
            inputs.module = Some(module.clone());
            let (request, scopes) = drive(name, &inputs, ToHttp { endpoint: &inputs.endpoint, token: &token });
            assert_eq!(scopes, spec_scopes(&spec, operation, Some(module)), "{name} on {module}");
            assert!(request.uri().to_string().contains(module.api_name()), "{name}: the URL names {module}");
            checked += 1;
        }
    }
    println!("{checked} operation and module pairs asked for their scopes");
}

// ---- answers ----

/// Parses an answer with the request's parser; a success comes back encoded twice, with
/// serde and for the answer's version.
struct Parse<'a> {
    status: StatusCode,
    body: &'a [u8],
    version: ApiVersion,
}

impl Visit for Parse<'_> {
    type Out = Result<(Value, Value), ResponseError<ApiError>>;
    fn visit<O>(self, request: O) -> Self::Out
    where
        O: Operation<Version = ApiVersion, Error = ApiError>,
        O::Output: Serialize + ToWire<ApiVersion> + Debug,
    {
        let answer = request.parse_response(self.status, &HeaderMap::new(), self.body)?;
        Ok((serde_json::to_value(&answer).unwrap(), answer.to_wire(self.version)))
    }
}

fn status(code: i64) -> StatusCode {
    StatusCode::from_u16(u16::try_from(code).unwrap()).unwrap()
}

fn parse(
    spec: &Spec,
    name: &str,
    operation: &SpecOperation,
    status: StatusCode,
    body: &str,
    version: ApiVersion,
) -> Result<(Value, Value), ResponseError<ApiError>> {
    let inputs = first_inputs(spec, name, operation);
    drive(name, &inputs, Parse { status, body: body.as_bytes(), version })
}

/// `value`, read as the spec's `model`, with the object of every `one_or_list` field made
/// a list of one, as the client encodes it, in nested models too.
fn objects_as_lists(spec: &Spec, model: &str, value: &mut Value) {
    let Some(fields) = spec.models.iter().find(|known| known.name.as_deref() == Some(model)).map(|m| &m.fields) else {
        return;
    };
    let Value::Object(object) = value else { return };
    for field in fields {
        let key = field.wire.as_deref().or(field.name.as_deref()).unwrap();
        let Some(field_value) = object.get_mut(key) else { continue };
        if field.one_or_list == Some(true) && field_value.is_object() {
            *field_value = Value::Array(vec![field_value.take()]);
        }
        let ty = TypeExpr::parse(field.r#type.as_deref().unwrap()).unwrap();
        let Some(inner) = ty.named() else { continue };
        match field_value {
            Value::Array(items) => items.iter_mut().for_each(|item| objects_as_lists(spec, inner, item)),
            other => objects_as_lists(spec, inner, other),
        }
    }
}

#[test]
fn every_sample_answer_parses_and_re_encodes_to_the_same_json() {
    let spec = tags_spec();
    let (mut successes, mut errors) = (0, 0);
    for (name, operation) in operations(&spec) {
        assert!(!operation.sample_responses().is_empty(), "{name}: the spec shows no sample answer");
        for sample in operation.sample_responses() {
            let title = sample.title.as_deref().unwrap_or_default();
            let body = sample.body.as_deref().unwrap();
            let version = ApiVersion::parse(sample.version.as_deref().expect("samples name their version")).unwrap();
            match (parse(&spec, name, operation, status(sample.status.unwrap()), body, version), &sample.error) {
                (Ok((serde, wire)), None) => {
                    let mut original = without_nulls(json(body));
                    if let Some(model) = operation.response.as_ref().and_then(|response| response.model.as_deref()) {
                        objects_as_lists(&spec, model, &mut original);
                    }
                    assert_eq!(serde, original, "{name}: {title}: serde lost or renamed something");
                    assert_eq!(wire, original, "{name}: {title}: the {version} encoding lost or renamed something");
                    successes += 1;
                }
                (Err(ResponseError::Api(error)), Some(kind)) => {
                    assert_eq!(error.kind().map(ErrorKind::name), Some(kind.as_str()), "{name}: {title}");
                    assert_eq!(error.status(), Some(status(sample.status.unwrap())), "{name}: {title}");
                    assert_eq!(error.raw_body(), body, "{name}: {title}");
                    errors += 1;
                }
                (other, expected) => panic!("{name}: {title}: expected {expected:?}, got {other:?}"),
            }
        }
    }
    println!("{successes} success answers and {errors} error answers parsed");
}

// ---- errors ----

/// An error object for a documented row, in the spec's error format.
fn error_body(spec: &Spec, row: &ErrorRow) -> String {
    spec.error_object(row).expect("the spec's error format and rows are complete").to_string()
}

fn parse_error(spec: &Spec, name: &str, operation: &SpecOperation, status: StatusCode, body: &str) -> ApiError {
    let version = first_inputs(spec, name, operation).version;
    match parse(spec, name, operation, status, body, version) {
        Err(ResponseError::Api(error)) => error,
        other => panic!("{name}: expected a Zoho error for {body} in HTTP {status}, got {other:?}"),
    }
}

#[test]
fn every_documented_error_row_maps_to_its_own_variant_and_status() {
    let spec = tags_spec();
    let common = &spec.errors.as_ref().unwrap().common;
    let mut checked = 0;
    for (name, operation) in operations(&spec) {
        for row in operation.errors.iter().chain(common) {
            let (code, message) = (row.code.as_deref().unwrap(), row.message.as_deref().unwrap());
            let expected = row.kind.as_deref().unwrap();
            let status = status(row.status.unwrap());
            let body = error_body(&spec, row);
            let error = parse_error(&spec, name, operation, status, &body);
            assert_eq!(error.kind().map(ErrorKind::name), Some(expected), "{name}: {code} {message:?}");
            assert_eq!(error.status(), Some(status), "{name}: {code} {message:?}");
            assert_eq!((error.code(), error.message()), (code, message), "{name}");
            assert_eq!(error.raw_body(), body);
            // Zoho has sent errors inside HTTP 200: they are still errors, of the same kind.
            let in_200 = parse_error(&spec, name, operation, StatusCode::OK, &body);
            assert_eq!(in_200.kind(), error.kind(), "{name}: {code} {message:?} in HTTP 200");
            checked += 1;
        }
    }
    println!("{checked} error rows (each operation's and the common ones, for every operation) mapped");
}

/// An operation's documented errors, as the generated code lists them.
struct Documented;

impl Visit for Documented {
    type Out = &'static [DocumentedError];
    fn visit<O>(self, _request: O) -> Self::Out
    where
        O: Operation<Version = ApiVersion, Error = ApiError>,
        O::Output: Serialize + ToWire<ApiVersion> + Debug,
    {
        O::DOCUMENTED_ERRORS
    }
}

type RowText<'a> = (&'a str, &'a str, i64, &'a str, &'a str);

fn spec_rows(rows: &[ErrorRow]) -> Vec<RowText<'_>> {
    rows.iter()
        .map(|row| {
            fn text(value: &Option<String>) -> &str {
                value.as_deref().unwrap()
            }
            (text(&row.kind), text(&row.code), row.status.unwrap(), text(&row.message), text(&row.resolution))
        })
        .collect()
}

fn generated_rows(rows: &[DocumentedError]) -> Vec<RowText<'_>> {
    rows.iter().map(|row| (row.kind.name(), row.code, i64::from(row.status), row.message, row.resolution)).collect()
}

#[test]
fn the_generated_error_lists_are_the_spec_rows() {
    let spec = tags_spec();
    assert_eq!(generated_rows(COMMON_ERRORS), spec_rows(&spec.errors.as_ref().unwrap().common));
    for (name, operation) in operations(&spec) {
        let documented = drive(name, &first_inputs(&spec, name, operation), Documented);
        assert_eq!(generated_rows(documented), spec_rows(&operation.errors), "{name}");
    }
}

/// `delete_tag`'s `tags` reads one object or a list (`one_or_list`); error objects are still
/// found in either shape: as the one value of the wrapper (the whole answer is an error)
/// or as an item of the list (that item failed).
#[test]
fn one_object_or_a_list_still_tells_errors_apart() {
    let spec = tags_spec();
    let (name, operation) = operations(&spec).find(|(name, _)| *name == "delete_tag").expect("delete_tag");
    let samples = operation.sample_responses();
    let error_sample = samples.iter().find(|sample| sample.error.is_some()).expect("an error sample");
    let error = error_sample.body.as_deref().unwrap().trim();
    let kind = error_sample.error.as_deref().unwrap();
    // A success item as a sample answer has it, in either shape.
    let success_sample = samples.iter().find(|sample| sample.error.is_none()).expect("a success sample");
    let success = match json(success_sample.body.as_deref().unwrap())["tags"].take() {
        Value::Array(mut items) => items.swap_remove(0),
        one => one,
    };
    // Any tag ID: only the answer is read.
    let request = DeleteTag::builder().tag_id(1u64).build().unwrap();
    let parse = |body: String| request.parse_response(StatusCode::OK, &HeaderMap::new(), body.as_bytes());

    match parse(format!(r#"{{"tags": {error}}}"#)) {
        Err(ResponseError::Api(error)) => assert_eq!(error.kind().map(ErrorKind::name), Some(kind), "{name}"),
        other => panic!("{name}: one error object in HTTP 200: expected the API error, got {other:?}"),
    }
    let answer = parse(format!(r#"{{"tags": [{success}, {error}]}}"#)).expect("a per-item answer");
    assert!(answer.tags[0].is_success(), "{name}: {answer:?}");
    let failure = answer.tags[1].failure().expect("the second item failed");
    assert_eq!(failure.kind().map(ErrorKind::name), Some(kind), "{name}");
    let answer = parse(format!(r#"{{"tags": {success}}}"#)).expect("one success object");
    assert_eq!(answer.tags.len(), 1, "{name}");
    assert!(answer.tags[0].is_success(), "{name}");
}
