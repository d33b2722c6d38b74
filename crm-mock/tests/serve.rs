//! The generic mock over raw HTTP on loopback, serving `spec/tags.yaml` and a small spec
//! of the tests' own: every sample request of the spec accepted, routes, tokens,
//! parameter and body checks answered in the spec's error format, faults, the OAuth
//! endpoint, malformed requests, and the standalone binary.
//!
//! What the tests expect of a spec (error keys, rows, samples) is read from that spec.

use std::io::{BufRead, BufReader, Read, Write};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use reqwest::Method;
use serde_json::{Value, json};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use zoho_crm_codegen::read::spec::Spec;
use zoho_crm_mock::{Fault, MockAnswer, TEST_TOKEN, ZohoMock};

const TAGS: &str = include_str!("../../spec/tags.yaml");

/// A spec of the tests' own: one operation with a sample, one without, no modules.
const NOTES: &str = r#"
name: Notes
base_url: "{api-domain}/crm/{version}"
auth: { header: Authorization, scheme: Zoho-oauthtoken }
versions: [{ name: v7 }, { name: v8 }]
default_version: v8
data_centres:
  - { name: US, api_domain: "https://www.zohoapis.com", accounts_domain: "https://accounts.zoho.com" }
ids: [{ name: NoteId, doc: A note's ID. }]
models:
  - name: Note
    doc: A note.
    fields:
      - { name: id, type: NoteId, doc: Its ID. }
      - { name: note_content, type: string, required: false, doc: Its text. }
  - name: NewNote
    doc: A note to create.
    fields:
      - { name: note_content, type: string, doc: Its text. }
  - { name: NoteDetails, doc: What an error says about its cause., fields: [] }
errors:
  format: { code: err_code, message: text, details: more, status: outcome, error_value: failed, details_model: NoteDetails }
  kinds:
    - { name: NotFound, doc: There is no such note. }
    - { name: InvalidToken, doc: The token is not known., renew_token: true }
  common:
    - { kind: InvalidToken, code: INVALID_TOKEN, status: 401, message: the token is not one we know, resolution: Get another., source: constructed }
operations:
  - name: get_note
    doc: Gets one note.
    method: GET
    path: "/Notes/{note_id}"
    extra_scopes: [ZohoCRM.modules.notes.READ]
    idempotent: true
    params: [{ name: note_id, location: path, type: NoteId, doc: The note. }]
    response: { model: Note, statuses: [200] }
    errors:
      - { kind: NotFound, code: INVALID_DATA, status: 400, message: the id given seems to be invalid, resolution: Check the ID., source: constructed }
    samples:
      responses:
        - { title: A note, status: 200, body: '{"id": "5000000000001", "note_content": "Call back"}', source: constructed }
  - name: create_note
    doc: Creates a note.
    method: POST
    path: "/Notes"
    extra_scopes: [ZohoCRM.modules.notes.CREATE]
    idempotent: false
    body: NewNote
    response: { model: Note, statuses: [201] }
"#;

fn spec(text: &str) -> Spec {
    zoho_crm_codegen::load(text, "spec.yaml").expect("the spec reads").0
}

/// The error format's keys of a spec: (code, message, status, error value, details).
fn error_keys(spec: &Spec) -> (String, String, String, String, String) {
    let format = spec.errors.as_ref().and_then(|errors| errors.format.as_ref()).expect("an error format");
    let key = |value: &Option<String>| value.clone().expect("the key");
    (key(&format.code), key(&format.message), key(&format.status), key(&format.error_value), key(&format.details))
}

/// An answer: status, content type and body.
struct Answer {
    status: u16,
    content_type: String,
    body: String,
}

impl Answer {
    fn json(&self) -> Value {
        serde_json::from_str(&self.body).unwrap_or_else(|err| panic!("{err}: {}", self.body))
    }

    /// The error code, after checking that the body is an error object in `spec`'s format.
    fn error_code(&self, spec: &Spec) -> String {
        let (code, message, status, error_value, details) = error_keys(spec);
        let body = self.json();
        assert_eq!(body[&status], json!(error_value), "{}", self.body);
        assert!(body[&message].is_string() && body[&details].is_object(), "{}", self.body);
        body[&code].as_str().expect("a code").to_owned()
    }
}

async fn send(mock: &ZohoMock, method: Method, path: &str, token: Option<&str>, body: Option<&str>) -> Answer {
    let url = format!("{}{path}", mock.endpoint_url());
    let mut request = reqwest::Client::new().request(method, url);
    if let Some(token) = token {
        request = request.header("Authorization", format!("Zoho-oauthtoken {token}"));
    }
    if let Some(body) = body {
        request = request.body(body.to_owned());
    }
    let response = request.send().await.expect("an answer");
    let status = response.status().as_u16();
    let content_type =
        response.headers().get("content-type").and_then(|value| value.to_str().ok()).unwrap_or_default().to_owned();
    Answer { status, content_type, body: response.text().await.unwrap_or_default() }
}

async fn get(mock: &ZohoMock, path: &str) -> Answer {
    send(mock, Method::GET, path, Some(TEST_TOKEN), None).await
}

/// The path and query of a sample URL, after its host.
fn path_of(url: &str) -> &str {
    let after_scheme = url.split_once("://").map_or(url, |(_, rest)| rest);
    after_scheme.find('/').map_or("/", |at| &after_scheme[at..])
}

#[tokio::test]
async fn every_sample_request_of_the_spec_is_accepted_and_answered_with_success() {
    let mock = ZohoMock::start(TAGS).await.unwrap();
    let spec = spec(TAGS);
    let mut sent = 0;
    for operation in &spec.operations {
        let fallback_body = operation.sample_requests().iter().find_map(|sample| sample.body.as_deref());
        for sample in operation.sample_requests() {
            let (Some(method), Some(url)) = (sample.method.as_deref(), sample.url.as_deref()) else { continue };
            let method = Method::from_bytes(method.as_bytes()).unwrap();
            let body = sample.body.as_deref().or(fallback_body);
            let answer = send(&mock, method, path_of(url), Some(TEST_TOKEN), body).await;
            assert!(
                (200..300).contains(&answer.status),
                "{url} ({:?}): {} {}",
                sample.title,
                answer.status,
                answer.body
            );
            sent += 1;
        }
    }
    assert!(sent > 0, "the spec has sample requests");
    let log = mock.requests();
    assert_eq!(log.len(), sent);
    assert!(log.iter().all(|request| request.operation.is_some()), "every sample request names its operation");
}

#[tokio::test]
async fn routes_methods_and_versions_are_the_spec_ones() {
    let mock = ZohoMock::start(TAGS).await.unwrap();
    let spec = spec(TAGS);
    let unknown = get(&mock, "/crm/v8/no/such/path").await;
    assert_eq!((unknown.status, unknown.error_code(&spec).as_str()), (404, "INVALID_URL_PATTERN"));
    let old = spec.versions.first().and_then(|version| version.name.clone()).unwrap();
    assert!((200..300).contains(&get(&mock, &format!("/crm/{old}/settings/tags?module=Leads")).await.status));
    let not_a_version = get(&mock, "/crm/v999/settings/tags?module=Leads").await;
    assert_eq!(not_a_version.status, 404);

    let delete_tag = spec.operations.iter().find(|op| op.name.as_deref() == Some("delete_tag")).unwrap();
    let wrong_method =
        send(&mock, Method::PATCH, "/crm/v8/settings/tags/4150868000001234567", Some(TEST_TOKEN), None).await;
    assert_eq!(wrong_method.error_code(&spec), "INVALID_REQUEST_METHOD");
    let row = delete_tag.errors.iter().find(|row| row.code.as_deref() == Some("INVALID_REQUEST_METHOD")).unwrap();
    assert_eq!(Some(i64::from(wrong_method.status)), row.status, "the documented row's status");
}

#[tokio::test]
async fn tokens_are_read_with_the_spec_scheme_and_checked() {
    let mock = ZohoMock::start(NOTES).await.unwrap();
    let spec = spec(NOTES);
    let missing = send(&mock, Method::GET, "/crm/v8/Notes/5000000000001", None, None).await;
    assert_eq!((missing.status, missing.error_code(&spec).as_str()), (401, "AUTHENTICATION_FAILURE"));

    let unknown = send(&mock, Method::GET, "/crm/v8/Notes/5000000000001", Some("1000.unknown"), None).await;
    let row = &spec.errors.as_ref().unwrap().common[0];
    assert_eq!(Some(i64::from(unknown.status)), row.status);
    assert_eq!(unknown.json()["text"], json!(row.message), "the spec's row, in its own error format");

    mock.token("1000.short").expires_in(Duration::ZERO);
    let expired = send(&mock, Method::GET, "/crm/v8/Notes/5000000000001", Some("1000.short"), None).await;
    assert_eq!(expired.error_code(&spec), "INVALID_TOKEN");

    mock.token("1000.readers").with_scopes(["zohocrm.modules.notes.read"]);
    let read = send(&mock, Method::GET, "/crm/v8/Notes/5000000000001", Some("1000.readers"), None).await;
    assert_eq!(read.status, 200, "scopes compare without regard to case");
    let write =
        send(&mock, Method::POST, "/crm/v8/Notes", Some("1000.readers"), Some(r#"{"note_content": "x"}"#)).await;
    assert_eq!((write.status, write.error_code(&spec).as_str()), (401, "OAUTH_SCOPE_MISMATCH"));

    mock.revoke_token(TEST_TOKEN);
    assert_eq!(get(&mock, "/crm/v8/Notes/5000000000001").await.error_code(&spec), "INVALID_TOKEN");
}

#[tokio::test]
async fn parameters_and_bodies_are_checked_with_the_client_rules() {
    let mock = ZohoMock::start(TAGS).await.unwrap();
    let spec = spec(TAGS);
    let (_, _, _, _, details) = error_keys(&spec);
    let no_module = get(&mock, "/crm/v8/settings/tags").await;
    assert_eq!((no_module.status, no_module.error_code(&spec).as_str()), (400, "REQUIRED_PARAM_MISSING"));
    assert_eq!(no_module.json()[&details]["param_name"], json!("module"));

    let unsupported = spec.modules.as_ref().unwrap().unsupported[0].api_name.clone().unwrap();
    let refused = get(&mock, &format!("/crm/v8/settings/tags?module={unsupported}")).await;
    assert_eq!(refused.error_code(&spec), "INVALID_MODULE");
    assert!(refused.body.contains(spec.modules.as_ref().unwrap().unsupported[0].reason.as_deref().unwrap()));
    let custom = get(&mock, "/crm/v8/settings/tags?module=My_Custom_Module").await;
    assert_eq!(custom.status, 200, "a custom module, as the spec allows them");

    let bad_id = send(&mock, Method::DELETE, "/crm/v8/settings/tags/not-an-id", Some(TEST_TOKEN), None).await;
    assert_eq!((bad_id.status, bad_id.error_code(&spec).as_str()), (400, "INVALID_DATA"));

    let create = "/crm/v8/settings/tags?module=Leads";
    let not_json = send(&mock, Method::POST, create, Some(TEST_TOKEN), Some("{\"tags\": [")).await;
    assert_eq!(not_json.error_code(&spec), "INVALID_DATA");
    let no_tags = send(&mock, Method::POST, create, Some(TEST_TOKEN), Some("{}")).await;
    assert_eq!(no_tags.error_code(&spec), "MANDATORY_NOT_FOUND");
    let body_model = spec.operations.iter().find(|op| op.name.as_deref() == Some("create_tags")).unwrap();
    let model = spec.models.iter().find(|model| model.name == body_model.body).unwrap();
    let key = model.fields[0].wire.clone().or(model.fields[0].name.clone()).unwrap();
    assert_eq!(no_tags.json()[&details]["api_name"], json!(key));
}

#[tokio::test]
async fn answers_come_from_handlers_else_samples_else_empty() {
    let mock = ZohoMock::start(NOTES).await.unwrap();
    let sample = get(&mock, "/crm/v8/Notes/5000000000001").await;
    let spec = spec(NOTES);
    let expected = spec.operations[0].sample_responses()[0].body.clone().unwrap();
    assert_eq!(sample.json(), serde_json::from_str::<Value>(&expected).unwrap());

    let created = send(&mock, Method::POST, "/crm/v8/Notes", Some(TEST_TOKEN), Some(r#"{"note_content": "x"}"#)).await;
    assert_eq!((created.status, created.body.as_str()), (201, ""), "no sample: the first status of success");

    mock.on("get_note", |request| {
        MockAnswer::json(200, json!({"id": request.param("note_id"), "note_content": request.version()}))
    })
    .unwrap();
    let handled = get(&mock, "/crm/v7/Notes/5000000000002").await;
    assert_eq!(handled.json(), json!({"id": "5000000000002", "note_content": "v7"}));

    mock.on("get_note", |request| request.documented_error("NotFound").unwrap_or_else(|| MockAnswer::empty(500)))
        .unwrap();
    let failed = get(&mock, "/crm/v8/Notes/5000000000002").await;
    assert_eq!((failed.status, failed.json()["err_code"].clone()), (400, json!("INVALID_DATA")));
    assert!(mock.on("no_such_operation", |_| MockAnswer::empty(204)).is_err());

    mock.on("get_note", |request| {
        let seen = request.token() == Some(TEST_TOKEN) && !format!("{request:?}").contains(TEST_TOKEN);
        MockAnswer::empty(if seen { 200 } else { 500 })
    })
    .unwrap();
    assert_eq!(get(&mock, "/crm/v8/Notes/5000000000002").await.status, 200, "the token is seen, not printed");

    mock.on("get_note", |_| panic!("a handler's own mistake")).unwrap();
    let panicked = get(&mock, "/crm/v8/Notes/5000000000002").await;
    assert_eq!(panicked.status, 500, "a handler that panics fails its request");
    assert!(panicked.body.contains("a handler's own mistake"), "{}", panicked.body);
    assert_eq!(get(&mock, "/crm/v8/Notes/5000000000002").await.status, 500, "and the server goes on");
    assert_eq!(
        mock.documented_errors("get_note").unwrap().len(),
        spec.operations[0].errors.len() + spec.errors.as_ref().unwrap().common.len()
    );
}

#[tokio::test]
async fn faults_come_once_each_in_order() {
    let mock = ZohoMock::start(NOTES).await.unwrap();
    let path = "/crm/v8/Notes/5000000000001";
    mock.inject(Fault::TooManyRequests { retry_after: Some(Duration::from_secs(7)) });
    mock.inject(Fault::ServerError(500));
    mock.inject(Fault::HtmlPage(503));
    mock.inject(Fault::TruncatedJson);
    let limited = reqwest::Client::new()
        .get(format!("{}{path}", mock.endpoint_url()))
        .header("Authorization", format!("Zoho-oauthtoken {TEST_TOKEN}"))
        .send()
        .await
        .unwrap();
    assert_eq!(limited.status().as_u16(), 429);
    assert_eq!(limited.headers()["retry-after"], "7");
    let server_error = get(&mock, path).await;
    assert_eq!((server_error.status, server_error.error_code(&spec(NOTES)).as_str()), (500, "INTERNAL_ERROR"));
    let html = get(&mock, path).await;
    assert_eq!((html.status, html.content_type.as_str()), (503, "text/html"));
    let truncated = get(&mock, path).await;
    assert!(serde_json::from_str::<Value>(&truncated.body).is_err(), "half a body: {}", truncated.body);
    assert_eq!(get(&mock, path).await.status, 200, "each fault once");

    mock.inject_times(Fault::Disconnect, 2);
    let url = format!("{}{path}", mock.endpoint_url());
    for _ in 0..2 {
        assert!(reqwest::Client::new().get(&url).send().await.is_err(), "dropped without an answer");
    }
    mock.inject(Fault::CutShort);
    let cut =
        reqwest::Client::new().get(&url).header("Authorization", format!("Zoho-oauthtoken {TEST_TOKEN}")).send().await;
    assert!(cut.expect("the head arrives").bytes().await.is_err(), "the body ends before its length");

    mock.inject(Fault::Slow(Duration::from_millis(300)));
    let started = Instant::now();
    assert_eq!(get(&mock, path).await.status, 200);
    assert!(started.elapsed() >= Duration::from_millis(300));
    let statuses: Vec<u16> = mock.requests().iter().map(|request| request.status).collect();
    assert_eq!(statuses, [429, 500, 503, 200, 200, 0, 0, 200, 200]);
}

#[tokio::test]
async fn the_token_endpoint_refreshes_with_zoho_answers_and_limit() {
    let mock = ZohoMock::start(NOTES).await.unwrap();
    let refresh = |fields: &[(&str, &str)]| {
        let url = format!("{}/oauth/v2/token", mock.accounts_url());
        let form: Vec<(String, String)> = fields.iter().map(|(k, v)| ((*k).to_owned(), (*v).to_owned())).collect();
        async move {
            let text = reqwest::Client::new().post(url).form(&form).send().await.unwrap().text().await.unwrap();
            serde_json::from_str::<Value>(&text).unwrap()
        }
    };
    let good = [
        ("grant_type", "refresh_token"),
        ("client_id", zoho_crm_mock::CLIENT_ID),
        ("client_secret", zoho_crm_mock::CLIENT_SECRET),
        ("refresh_token", zoho_crm_mock::REFRESH_TOKEN),
    ];
    let mut bad_secret = good;
    bad_secret[2].1 = "not-the-secret";
    assert_eq!(refresh(&bad_secret).await["error"], "invalid_client_secret");
    let mut bad_grant = good;
    bad_grant[0].1 = "authorization_code";
    assert_eq!(refresh(&bad_grant).await["error"], "unsupported_grant_type");

    let answer = refresh(&good).await;
    let token = answer["access_token"].as_str().expect("a token").to_owned();
    assert_eq!(answer["api_domain"], json!(mock.endpoint_url()));
    assert_eq!(send(&mock, Method::GET, "/crm/v8/Notes/5000000000001", Some(&token), None).await.status, 200);

    // Zoho's limit: ten access tokens per refresh token in ten minutes.
    for _ in 1..10 {
        assert!(refresh(&good).await["access_token"].is_string());
    }
    let refused = refresh(&good).await;
    assert_eq!(refused["error"], "Access Denied");
    assert_eq!(mock.tokens_issued(), 10);
    assert!(mock.requests().iter().all(|request| request.path != "/oauth/v2/token"), "API requests only");

    mock.oauth_client("1000.OTHER", "other-secret", "1000.other-refresh").with_scopes(["ZohoCRM.modules.notes.READ"]);
    let other = refresh(&[
        ("grant_type", "refresh_token"),
        ("client_id", "1000.OTHER"),
        ("client_secret", "other-secret"),
        ("refresh_token", "1000.other-refresh"),
    ])
    .await;
    let limited = other["access_token"].as_str().unwrap();
    let create = send(&mock, Method::POST, "/crm/v8/Notes", Some(limited), Some(r#"{"note_content": "x"}"#)).await;
    assert_eq!(create.status, 401, "the app's scopes only");
}

#[tokio::test]
async fn malformed_requests_get_answers_and_the_server_goes_on() {
    let mock = ZohoMock::start(NOTES).await.unwrap();
    for garbage in [&b"\x00\x01\x02 nonsense\r\n\r\n"[..], b"GET /%zz%% HTTP/1.1\r\nHost: x\r\n\r\n", b"GET"] {
        let mut stream = tokio::net::TcpStream::connect(mock.address()).await.unwrap();
        stream.write_all(garbage).await.unwrap();
        stream.shutdown().await.unwrap();
        let mut answer = Vec::new();
        let _ = tokio::time::timeout(Duration::from_secs(5), stream.read_to_end(&mut answer)).await;
    }
    let huge = "x".repeat(17 << 20);
    let too_large = send(&mock, Method::POST, "/crm/v8/Notes", Some(TEST_TOKEN), Some(&huge)).await;
    assert_eq!(too_large.status, 413);
    let odd = send(&mock, Method::GET, "/crm/v8/Notes/%ff%fe", Some(TEST_TOKEN), None).await;
    assert_eq!(odd.status, 400);
    assert_eq!(get(&mock, "/crm/v8/Notes/5000000000001").await.status, 200, "still serving");
}

#[tokio::test]
async fn a_spec_with_problems_is_refused_with_them() {
    let error = ZohoMock::start("name: Broken\n").await.expect_err("not a whole spec");
    assert!(matches!(error, zoho_crm_mock::MockError::Spec(_)), "{error}");
    assert!(error.to_string().contains("base_url"), "{error}");
}

/// The binary, killed when dropped.
struct Served(Child);

impl Drop for Served {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

#[test]
fn the_binary_serves_a_spec_on_a_port_until_killed() {
    let spec_path = concat!(env!("CARGO_MANIFEST_DIR"), "/../spec/tags.yaml");
    let child = Command::new(env!("CARGO_BIN_EXE_zoho-crm-mock"))
        .args(["serve", spec_path, "--port", "0"])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the binary starts");
    let mut served = Served(child);
    let stdout = served.0.stdout.take().expect("its output");
    let mut printed = std::collections::HashMap::new();
    for line in BufReader::new(stdout).lines() {
        let line = line.expect("a line");
        if line == "ready" {
            break;
        }
        let (key, value) = line.split_once(' ').expect("key value");
        printed.insert(key.to_owned(), value.to_owned());
    }
    let url = printed["endpoint_url"].strip_prefix("http://").expect("an http URL").to_owned();
    assert!(url.starts_with("127.0.0.1:"), "{url}");
    assert_eq!(printed["accounts_url"], printed["endpoint_url"]);

    // A plain HTTP/1.1 request over TCP, as a test in any language would send.
    let mut stream = std::net::TcpStream::connect(&url).expect("the port is open");
    let request = format!(
        "GET /crm/v8/settings/tags?module=Leads HTTP/1.1\r\nHost: {url}\r\nAuthorization: Zoho-oauthtoken {}\r\nConnection: close\r\n\r\n",
        printed["access_token"]
    );
    stream.write_all(request.as_bytes()).unwrap();
    let mut answer = String::new();
    stream.read_to_string(&mut answer).unwrap();
    assert!(answer.starts_with("HTTP/1.1 200"), "{answer}");
    assert!(answer.contains("\"tags\""), "the spec's sample: {answer}");

    let usage = Command::new(env!("CARGO_BIN_EXE_zoho-crm-mock")).arg("nonsense").output().unwrap();
    assert_eq!(usage.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&usage.stderr).contains("usage"));
}
