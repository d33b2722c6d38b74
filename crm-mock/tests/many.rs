//! One server for several specs (`ZohoMock::start_many`), over raw HTTP on loopback: each
//! request is routed to the spec whose operation its method and path name, and checked
//! as that spec says (its modules, its scopes); specs that cannot share a server are
//! refused with the reason.

use serde_json::Value;
use zoho_crm_mock::{MockError, TEST_TOKEN, ZohoMock};

const SHARE: &str = include_str!("../../spec/share_records.yaml");
const TAGS: &str = include_str!("../../spec/tags.yaml");

/// The status and JSON body of a request with the test token.
async fn call(mock: &ZohoMock, method: reqwest::Method, path: &str) -> (u16, Value) {
    let answer = reqwest::Client::new()
        .request(method, format!("{}{path}", mock.endpoint_url()))
        .header("Authorization", format!("Zoho-oauthtoken {TEST_TOKEN}"))
        .send()
        .await
        .expect("the server answers");
    let status = answer.status().as_u16();
    let text = answer.text().await.expect("a body");
    (status, if text.is_empty() { Value::Null } else { serde_json::from_str(&text).expect("JSON") })
}

#[tokio::test]
async fn each_request_goes_to_the_spec_that_names_it() {
    let mock = ZohoMock::start_many(&[SHARE, TAGS]).await.expect("both specs are served");
    assert_eq!(mock.api_name(), "Share Records and Tags");
    let operations = mock.operations();
    assert!(operations.contains(&"share_record") && operations.contains(&"get_tags"), "{operations:?}");

    let (status, _) = call(&mock, reqwest::Method::GET, "/crm/v8/settings/tags?module=Leads").await;
    assert_eq!(status, 200);
    let (status, _) = call(&mock, reqwest::Method::GET, "/crm/v8/Leads/4150868000004381115/actions/share").await;
    assert_eq!(status, 200);
    let log = mock.requests();
    let routed: Vec<_> = log.iter().map(|request| request.operation.as_deref()).collect();
    assert_eq!(routed, [Some("get_tags"), Some("get_shared_record_details")]);
}

#[tokio::test]
async fn each_spec_keeps_its_own_modules() {
    let mock = ZohoMock::start_many(&[SHARE, TAGS]).await.unwrap();
    // Tags takes Events; Share Records refuses it.
    let (status, _) = call(&mock, reqwest::Method::GET, "/crm/v8/settings/tags?module=Events").await;
    assert_eq!(status, 200);
    let (status, body) = call(&mock, reqwest::Method::GET, "/crm/v8/Events/4150868000004381115/actions/share").await;
    assert_eq!(status, 400);
    assert_eq!(body["code"], "INVALID_MODULE", "{body}");
}

#[tokio::test]
async fn specs_that_cannot_share_a_server_are_refused() {
    let error = ZohoMock::start_many(&[TAGS, TAGS]).await.expect_err("each operation once");
    assert!(
        matches!(&error, MockError::Spec(text) if text.contains("spec-2.yaml") && text.contains("get_tags")),
        "{error}"
    );
    let error = ZohoMock::start_many(&[]).await.expect_err("nothing to serve");
    assert!(matches!(&error, MockError::Spec(_)), "{error}");
}

/// The binary, killed when dropped.
struct Served(std::process::Child);

impl Drop for Served {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

#[test]
fn the_binary_serves_several_specs_on_one_port() {
    use std::io::{BufRead, BufReader, Read, Write};
    let spec = |name: &str| format!("{}/../spec/{name}", env!("CARGO_MANIFEST_DIR"));
    let child = std::process::Command::new(env!("CARGO_BIN_EXE_zoho-crm-mock"))
        .args(["serve", &spec("share_records.yaml"), &spec("tags.yaml")])
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("the binary starts");
    let mut served = Served(child);
    let stdout = served.0.stdout.take().expect("its output");
    let mut url = String::new();
    for line in BufReader::new(stdout).lines() {
        let line = line.expect("a line");
        if line == "ready" {
            break;
        }
        if let Some(value) = line.strip_prefix("endpoint_url http://") {
            url = value.to_owned();
        }
    }
    for path in ["/crm/v8/settings/tags?module=Leads", "/crm/v8/Leads/4150868000004381115/actions/share"] {
        let mut stream = std::net::TcpStream::connect(&url).expect("the port is open");
        let request = format!(
            "GET {path} HTTP/1.1\r\nHost: {url}\r\nAuthorization: Zoho-oauthtoken {TEST_TOKEN}\r\nConnection: close\r\n\r\n"
        );
        stream.write_all(request.as_bytes()).unwrap();
        let mut answer = String::new();
        stream.read_to_string(&mut answer).unwrap();
        assert!(answer.starts_with("HTTP/1.1 200"), "{path}: {answer}");
    }
}
