//! The mock serving `tests/specs/files.yaml` over raw HTTP on loopback: multipart uploads
//! checked against the operations' parts (and seen part by part by handlers), an
//! operation with its own base URL, and an operation whose whole URL the mock hands out
//! (`ZohoMock::download_url`).
//!
//! The requests are written by hand, as the generated client of this spec is not built
//! here.

use std::sync::{Arc, Mutex};

use reqwest::Method;
use serde_json::{Value, json};
use zoho_crm_mock::{MockAnswer, MockError, MockPart, TEST_TOKEN, ZohoMock};

mod common;

use common::{FILES, documented_row, file_limit, files_with_limits};

/// The boundary of the bodies the tests write.
const BOUNDARY: &str = "zoho-crm-mock-test-7e3a";

/// An answer: status, content type and body.
#[derive(Debug)]
struct Answer {
    status: u16,
    content_type: String,
    body: Vec<u8>,
}

impl Answer {
    fn json(&self) -> Value {
        serde_json::from_slice(&self.body)
            .unwrap_or_else(|err| panic!("{err}: {}", String::from_utf8_lossy(&self.body)))
    }

    /// The status and the error code, after checking that the body is an error in the
    /// spec's format (`code`, `details`, `message`, `status: error`).
    fn error(&self) -> (u16, String) {
        let body = self.json();
        assert_eq!(body["status"], json!("error"), "{body}");
        assert!(body["message"].is_string() && body["details"].is_object(), "{body}");
        (self.status, body["code"].as_str().expect("a code").to_owned())
    }
}

/// A request to `url` (a path of the mock's, or a whole URL), with the test token unless
/// `token` is `None`, and a body with its content type.
async fn send(
    mock: &ZohoMock,
    method: Method,
    url: &str,
    token: Option<&str>,
    body: Option<(&str, Vec<u8>)>,
) -> Answer {
    let url = if url.starts_with('/') { format!("{}{url}", mock.endpoint_url()) } else { url.to_owned() };
    let mut request = reqwest::Client::new().request(method, url);
    if let Some(token) = token {
        request = request.header("Authorization", format!("Zoho-oauthtoken {token}"));
    }
    if let Some((content_type, body)) = body {
        request = request.header("Content-Type", content_type).body(body);
    }
    let response = request.send().await.expect("an answer");
    let status = response.status().as_u16();
    let content_type =
        response.headers().get("content-type").and_then(|value| value.to_str().ok()).unwrap_or_default().to_owned();
    Answer { status, content_type, body: response.bytes().await.map(|bytes| bytes.to_vec()).unwrap_or_default() }
}

/// A part to write: name, file name and content.
type Part<'a> = (&'a str, Option<&'a str>, &'a [u8]);

/// An upload refused: why, the path, the parts, the status and code, and the part the
/// details name.
type Case<'a> = (&'a str, &'a str, Vec<Part<'a>>, (u16, &'a str), &'a str);

/// A `multipart/form-data` body of `parts` (file parts with an
/// `application/octet-stream` content type).
fn multipart(parts: &[Part<'_>]) -> Vec<u8> {
    let mut body = Vec::new();
    for (name, file_name, content) in parts {
        body.extend_from_slice(format!("--{BOUNDARY}\r\nContent-Disposition: form-data; name=\"{name}\"").as_bytes());
        if let Some(file_name) = file_name {
            body.extend_from_slice(
                format!("; filename=\"{file_name}\"\r\nContent-Type: application/octet-stream").as_bytes(),
            );
        }
        body.extend_from_slice(b"\r\n\r\n");
        body.extend_from_slice(content);
        body.extend_from_slice(b"\r\n");
    }
    body.extend_from_slice(format!("--{BOUNDARY}--\r\n").as_bytes());
    body
}

fn form_data() -> String {
    format!("multipart/form-data; boundary={BOUNDARY}")
}

/// An upload of `parts` to `path`, with the test token.
async fn upload(mock: &ZohoMock, path: &str, parts: &[Part<'_>]) -> Answer {
    send(mock, Method::POST, path, Some(TEST_TOKEN), Some((&form_data(), multipart(parts)))).await
}

/// A handler that keeps the parts of each request it answers, and answers `answer`.
fn keep_parts(mock: &ZohoMock, operation: &str, answer: Value) -> Arc<Mutex<Vec<Vec<MockPart>>>> {
    let seen = Arc::new(Mutex::new(Vec::new()));
    let kept = Arc::clone(&seen);
    mock.on(operation, move |request| {
        kept.lock().unwrap().push(request.parts().to_vec());
        MockAnswer::json(200, answer.clone())
    })
    .unwrap();
    seen
}

#[tokio::test]
async fn uploads_are_answered_and_handlers_see_each_part() {
    let mock = ZohoMock::start(FILES).await.unwrap();
    let uploaded =
        json!({"data": [{"code": "SUCCESS", "details": {"id": "e1"}, "message": "ok", "status": "success"}]});
    let seen = keep_parts(&mock, "upload_files", uploaded.clone());
    // Bytes of every value, and CRLFs and most of the boundary (not all of it: a client
    // picks a boundary its contents lack).
    let every_byte: Vec<u8> = (0..=255).collect();
    let near = &BOUNDARY[..BOUNDARY.len() - 1];
    let tricky = format!("line\r\n--{near}x and more\r\n").into_bytes();
    let files: [Part<'_>; 3] =
        [("file", Some("a.png"), &every_byte), ("file", Some("notes v2.txt"), &tricky), ("file", Some("empty"), b"")];
    let answer = upload(&mock, "/crm/v8/files?type=inline", &files).await;
    assert_eq!((answer.status, answer.json()), (200, uploaded));
    let seen = seen.lock().unwrap().clone();
    assert_eq!(seen.len(), 1);
    let expected: Vec<MockPart> = files
        .iter()
        .map(|(name, file_name, bytes)| MockPart {
            name: (*name).to_owned(),
            file_name: file_name.map(str::to_owned),
            content_type: Some("application/octet-stream".to_owned()),
            bytes: bytes.to_vec(),
        })
        .collect();
    assert_eq!(seen[0], expected);

    // One file and a text part, under a module's path.
    let seen = keep_parts(&mock, "upload_record_photo", json!({"code": "SUCCESS"}));
    let photo: [Part<'_>; 2] = [("file", Some("me.jpg"), b"\xff\xd8\xff"), ("restrict_from_download", None, b"true")];
    let answer = upload(&mock, "/crm/v8/Leads/5000000000001/photo", &photo).await;
    assert_eq!(answer.status, 200, "{}", String::from_utf8_lossy(&answer.body));
    let seen = seen.lock().unwrap().clone();
    let text = &seen[0][1];
    assert_eq!(
        (text.name.as_str(), text.file_name.as_deref(), text.bytes.as_slice()),
        ("restrict_from_download", None, &b"true"[..])
    );

    let logged = mock.requests();
    assert_eq!(logged.iter().filter(|request| request.operation.as_deref() == Some("upload_files")).count(), 1);
}

#[tokio::test]
async fn malformed_uploads_are_refused_in_the_spec_error_format() {
    let mock = ZohoMock::start(FILES).await.unwrap();
    let file: Part<'_> = ("file", Some("a.txt"), b"hello");
    let eleven = vec![file; 11];
    let ten = vec![file; 10];
    assert_eq!(upload(&mock, "/crm/v8/files", &ten).await.status, 200, "ten files are allowed");
    let photo = "/crm/v8/Leads/5000000000001/photo";

    let cases: Vec<Case<'_>> = vec![
        ("no file", "/crm/v8/files", vec![], (400, "REQUIRED_PARAM_MISSING"), "file"),
        ("no photo", photo, vec![("restrict_from_download", None, b"false")], (400, "REQUIRED_PARAM_MISSING"), "file"),
        ("a file without a name", "/crm/v8/files", vec![("file", None, b"hello")], (400, "INVALID_DATA"), "file"),
        ("an empty file name", photo, vec![("file", Some(""), b"x")], (400, "INVALID_DATA"), "file"),
        ("eleven files", "/crm/v8/files", eleven, (400, "INVALID_DATA"), "file"),
        ("two photos", photo, vec![file, file], (400, "INVALID_DATA"), "file"),
        (
            "a bool that is not one",
            photo,
            vec![file, ("restrict_from_download", None, b"yes")],
            (400, "INVALID_DATA"),
            "restrict_from_download",
        ),
        ("an unknown part", "/crm/v8/files", vec![file, ("folder", None, b"x")], (400, "INVALID_DATA"), "folder"),
    ];
    for (why, path, parts, expected, param) in cases {
        let answer = upload(&mock, path, &parts).await;
        let (status, code) = answer.error();
        assert_eq!((status, code.as_str()), expected, "{why}");
        assert_eq!(answer.json()["details"]["param_name"], json!(param), "{why}");
    }

    let good = multipart(&[file]);
    let raw: Vec<(&str, Option<String>, Vec<u8>)> = vec![
        ("a JSON body", Some("application/json".to_owned()), br#"{"file": "a.txt"}"#.to_vec()),
        ("no content type", None, good.clone()),
        ("no boundary", Some("multipart/form-data".to_owned()), good.clone()),
        ("another boundary", Some("multipart/form-data; boundary=other".to_owned()), good.clone()),
        ("a truncated body", Some(form_data()), good[..good.len() - 12].to_vec()),
        ("a body cut in its headers", Some(form_data()), good[..40].to_vec()),
        ("an empty body", Some(form_data()), Vec::new()),
    ];
    for (why, content_type, body) in raw {
        let mut request = reqwest::Client::new()
            .post(format!("{}/crm/v8/files", mock.endpoint_url()))
            .header("Authorization", format!("Zoho-oauthtoken {TEST_TOKEN}"))
            .body(body);
        if let Some(content_type) = content_type {
            request = request.header("Content-Type", content_type);
        }
        let response = request.send().await.unwrap();
        let status = response.status().as_u16();
        let body: Value = serde_json::from_slice(&response.bytes().await.unwrap()).unwrap();
        assert_eq!((status, body["code"].as_str()), (400, Some("INVALID_DATA")), "{why}: {body}");
    }

    // Good bodies with bytes changed, and cut anywhere: each is answered, and the server
    // goes on.
    let mut rng = fastrand::Rng::with_seed(7);
    let two = multipart(&[file, ("file", Some("b.txt"), b"world")]);
    for _ in 0..60 {
        let mut body = two.clone();
        for _ in 0..rng.usize(1..4) {
            let at = rng.usize(0..body.len());
            body[at] = b"-\r\n\";:= x"[rng.usize(0..9)];
        }
        body.truncate(rng.usize(0..=body.len()));
        let answer = send(&mock, Method::POST, "/crm/v8/files", Some(TEST_TOKEN), Some((&form_data(), body))).await;
        assert!(matches!(answer.status, 200 | 400), "{answer:?}");
    }
    assert_eq!(upload(&mock, "/crm/v8/files", &[file]).await.status, 200);

    // The token comes first: a malformed upload without one is refused for the token (a
    // body past the server's read limit is refused before anything is read).
    let answer = send(&mock, Method::POST, "/crm/v8/files", None, Some(("text/plain", b"x".to_vec()))).await;
    assert_eq!(answer.error(), (401, "AUTHENTICATION_FAILURE".to_owned()));
    // A refused upload never reaches the handler.
    let seen = keep_parts(&mock, "upload_files", json!({"data": []}));
    upload(&mock, "/crm/v8/files", &[("file", None, b"x")]).await;
    assert!(seen.lock().unwrap().is_empty());
}

#[tokio::test]
async fn handed_out_urls_serve_their_operation_and_own_base_urls_are_served() {
    let mock = ZohoMock::start(FILES).await.unwrap();
    let result_url = mock.download_url("download_bulk_result", "554023000000568002.zip").unwrap();
    assert_eq!(result_url, format!("{}/__files/download_bulk_result/554023000000568002.zip", mock.endpoint_url()));
    let job = json!({"id": "554023000000568002", "status": "COMPLETED", "result": {"download_url": result_url}});
    let answer = job.clone();
    mock.on("get_bulk_write_job", move |request| {
        assert_eq!(request.param("job_id"), Some("554023000000568002"));
        MockAnswer::json(200, answer.clone())
    })
    .unwrap();

    // The operation's own base URL, and not the API's.
    let got = send(&mock, Method::GET, "/crm/bulk/v8/write/554023000000568002", Some(TEST_TOKEN), None).await;
    assert_eq!((got.status, got.json()), (200, job));
    let elsewhere = send(&mock, Method::GET, "/crm/v8/write/1", Some(TEST_TOKEN), None).await;
    assert_eq!(elsewhere.error(), (404, "INVALID_URL_PATTERN".to_owned()));

    // The URL an answer gave serves the download: by default an empty binary answer.
    let url = got.json()["result"]["download_url"].as_str().unwrap().to_owned();
    let download = send(&mock, Method::GET, &url, Some(TEST_TOKEN), None).await;
    assert_eq!((download.status, download.content_type.as_str()), (200, "application/octet-stream"));
    assert!(download.body.is_empty());
    assert_eq!(
        mock.requests().last().and_then(|request| request.operation.clone()).as_deref(),
        Some("download_bulk_result")
    );

    // Its handler sees the whole URL as requested; a file name is one encoded segment.
    mock.on("download_bulk_result", |request| {
        let url = request.param("download_url").unwrap_or_default().to_owned();
        assert_eq!(request.version(), "v8", "the spec's default version");
        MockAnswer::raw(200, "application/zip", url)
    })
    .unwrap();
    let odd = mock.download_url("download_bulk_result", "a b/ü?.zip").unwrap();
    assert!(odd.ends_with("/__files/download_bulk_result/a%20b%2F%C3%BC%3F.zip"), "{odd}");
    for url in [url.clone(), odd, format!("{url}?part=2")] {
        let download = send(&mock, Method::GET, &url, Some(TEST_TOKEN), None).await;
        assert_eq!((download.status, download.content_type.as_str()), (200, "application/zip"));
        assert_eq!(String::from_utf8_lossy(&download.body), url);
    }

    // Tokens, scopes and methods are checked as usual.
    let no_token = send(&mock, Method::GET, &url, None, None).await;
    assert_eq!(no_token.error(), (401, "AUTHENTICATION_FAILURE".to_owned()));
    let unknown_token = send(&mock, Method::GET, &url, Some("1000.unknown"), None).await;
    assert_eq!(unknown_token.error(), (401, "INVALID_TOKEN".to_owned()));
    mock.token("1000.uploader").with_scopes(["ZohoCRM.files.CREATE"]);
    let uploader = send(&mock, Method::GET, &url, Some("1000.uploader"), None).await;
    assert_eq!(uploader.error(), (401, "OAUTH_SCOPE_MISMATCH".to_owned()));
    mock.token("1000.reader").with_scopes(["ZohoCRM.files.READ"]);
    assert_eq!(send(&mock, Method::GET, &url, Some("1000.reader"), None).await.status, 200);
    let posted = send(&mock, Method::POST, &url, Some(TEST_TOKEN), None).await;
    assert_eq!(posted.error().1, "INVALID_REQUEST_METHOD");
    let other = format!("{}/__files/no_such_operation/x.zip", mock.endpoint_url());
    assert_eq!(send(&mock, Method::GET, &other, Some(TEST_TOKEN), None).await.error().0, 404);

    // Only operations whose URL is a parameter have a URL to hand out.
    assert!(
        matches!(mock.download_url("upload_files", "x"), Err(MockError::NoUrlParameter(name)) if name == "upload_files")
    );
    assert!(matches!(mock.download_url("no_such_operation", "x"), Err(MockError::UnknownOperation(_))));
}

/// A request with headers: why, the headers, the status and the refusal (code, parameter).
type HeaderCase<'a> = (&'a str, &'a [(&'a str, &'a [u8])], (u16, Option<(&'a str, &'a str)>));

#[tokio::test]
async fn header_parameters_are_required_and_typed() {
    // The content host's bulk upload takes two headers: `feature` and an ID in `X-CRM-ORG`.
    let mock = ZohoMock::start(FILES).await.unwrap();
    let body = multipart(&[("file", Some("Leads.zip"), b"PK\x03\x04")]);
    // Why, the headers sent, and the status with the error code and the parameter named.
    let cases: [HeaderCase<'_>; 6] = [
        ("no header", &[], (400, Some(("REQUIRED_PARAM_MISSING", "feature")))),
        ("no organization", &[("feature", b"bulk-write")], (400, Some(("REQUIRED_PARAM_MISSING", "X-CRM-ORG")))),
        (
            "an organization that is no ID",
            &[("feature", b"bulk-write"), ("X-CRM-ORG", b"org-1")],
            (400, Some(("INVALID_DATA", "X-CRM-ORG"))),
        ),
        (
            "a Latin-1 byte, which HTTP carries and is no UTF-8 text",
            &[("feature", b"bulk-\xe9"), ("X-CRM-ORG", b"6735")],
            (400, Some(("INVALID_DATA", "feature"))),
        ),
        // UTF-8 text, as the client sends it.
        ("UTF-8 text", &[("feature", "bulk-\u{e9}criture".as_bytes()), ("X-CRM-ORG", b"6735")], (200, None)),
        // Header names ignore case.
        ("both", &[("Feature", b"bulk-write"), ("x-crm-org", b"6735")], (200, None)),
    ];
    for (why, headers, (status, refusal)) in cases {
        let mut request = reqwest::Client::new()
            .post(format!("{}/crm/v8/upload", mock.endpoint_url()))
            .header("Authorization", format!("Zoho-oauthtoken {TEST_TOKEN}"))
            .header("Content-Type", form_data())
            .body(body.clone());
        for (name, value) in headers {
            request = request.header(*name, reqwest::header::HeaderValue::from_bytes(value).unwrap());
        }
        let response = request.send().await.unwrap();
        let answer_status = response.status().as_u16();
        let answer = response.bytes().await.unwrap();
        assert_eq!(answer_status, status, "{why}: {}", String::from_utf8_lossy(&answer));
        // The content host's upload is served on the one address; without a handler, an
        // empty answer of the first status of success.
        if status == 200 {
            assert!(answer.is_empty(), "{why}");
        }
        if let Some((code, param)) = refusal {
            let body: Value = serde_json::from_slice(&answer).unwrap();
            assert_eq!(body["code"], json!(code), "{why}: {body}");
            assert_eq!(body["details"]["param_name"], json!(param), "{why}: {body}");
        }
    }
}

#[tokio::test]
async fn a_file_over_its_parts_size_limit_gets_the_documented_error() {
    let mock = ZohoMock::start(FILES).await.unwrap();
    let photo = |bytes: usize| vec![0x89; bytes];
    // Exactly the photo's `max_bytes` is taken; a byte more is refused, with Zoho's code
    // for it (the operation documents no size error).
    let most = file_limit("upload_record_photo");
    let path = "/crm/v8/Leads/5000000000001/photo";
    let answer = upload(&mock, path, &[("file", Some("me.png"), &photo(most))]).await;
    assert_eq!(answer.status, 200, "{}", String::from_utf8_lossy(&answer.body));
    let answer = upload(&mock, path, &[("file", Some("me.png"), &photo(most + 1))]).await;
    assert_eq!(answer.error(), (400, "FILE_SIZE_MORE_THAN_ALLOWED_SIZE".to_owned()));
    assert_eq!(
        answer.json()["details"],
        json!({"param_name": "file", "file_name": "me.png", "size": most + 1, "max_size": most})
    );
    // The second of two files is over the Files API's limit: the row it documents.
    let over = photo(file_limit("upload_files") + 1);
    let files: [Part<'_>; 2] = [("file", Some("a.txt"), b"a"), ("file", Some("b.bin"), &over)];
    let answer = upload(&mock, "/crm/v8/files", &files).await;
    let row = documented_row("upload_files", "FILE_SIZE_MORE_THAN_ALLOWED_SIZE");
    assert_eq!(answer.error(), (row.status, row.code));
    assert_eq!(answer.json()["message"], json!(row.message));
    // Bulk Write's row: a body past the usual 16 MiB the server reads (the server reads
    // enough for the largest upload its spec allows).
    let over = file_limit("upload_bulk_file") + 1;
    assert!(over > 16 << 20, "the bulk limit is past the server's least read limit");
    let answer = reqwest::Client::new()
        .post(format!("{}/crm/v8/upload", mock.endpoint_url()))
        .header("Authorization", format!("Zoho-oauthtoken {TEST_TOKEN}"))
        .header("Content-Type", form_data())
        .header("feature", "bulk-write")
        .header("X-CRM-ORG", "6735")
        .body(multipart(&[("file", Some("Leads.zip"), &photo(over))]))
        .send()
        .await
        .unwrap();
    let row = documented_row("upload_bulk_file", "FILE_TOO_LARGE");
    assert_eq!(answer.status().as_u16(), row.status);
    let body: Value = serde_json::from_slice(&answer.bytes().await.unwrap()).unwrap();
    assert_eq!((&body["code"], &body["details"]["size"]), (&json!(row.code), &json!(over)));
}

#[tokio::test]
async fn a_body_past_the_read_limit_gets_the_uploads_size_error() {
    // Limits of 1 KiB everywhere, so the server reads its least, 16 MiB.
    let mock = ZohoMock::start(&files_with_limits(1024)).await.unwrap();
    let huge = vec![0x89; 17 << 20];
    let answer = upload(&mock, "/crm/v8/Leads/5000000000001/photo", &[("file", Some("huge.png"), &huge)]).await;
    assert_eq!(answer.error(), (400, "FILE_SIZE_MORE_THAN_ALLOWED_SIZE".to_owned()));
    assert_eq!(answer.json()["details"], json!({"param_name": "file", "max_size": 1024}));
    // A request that uploads nothing gets the generic answer.
    let answer = send(&mock, Method::GET, "/crm/bulk/v8/write/42", Some(TEST_TOKEN), Some(("text/plain", huge))).await;
    assert_eq!(answer.error(), (413, "INVALID_DATA".to_owned()));
}
