//! Uploads and given URLs on loopback, with the client generated from
//! `tests/specs/files.yaml` (its snapshot): files sent as multipart parts and read back
//! part by part by the mock, text parts, headers and the `content` host, a bulk job's
//! `download_url` followed to its result, and the checks that keep the access token on
//! the endpoint's own hosts.

use std::sync::{Arc, Mutex};

use serde_json::json;
use zoho_crm_mock::{Fault, MockAnswer, MockPart, TEST_TOKEN, ZohoMock};
use zoho_crm_runtime::client::{Error, HttpClient, StaticToken, TrustError};
use zoho_crm_runtime::{BaseUrl, BuildErrorKind, FilePart};

#[allow(dead_code, unused_imports)] // The whole generated client, of which the tests use a part.
#[rustfmt::skip]
#[path = "../../tests/snapshots/files.rs"]
mod files;

use files::{Client, Endpoint, FileKind, Module};

mod common;

use common::{FILES, file_limit};

fn client_for(endpoint: Endpoint) -> Client {
    Client::new(endpoint, HttpClient::builder(StaticToken::new(TEST_TOKEN)).build().unwrap())
}

fn client_of(mock: &ZohoMock) -> Client {
    client_for(Endpoint::with_base_url(BaseUrl::parse(&mock.endpoint_url()).unwrap()))
}

/// The answer of an upload, one result per file, as Zoho's Files page shows it.
fn uploaded(names: &[String]) -> MockAnswer {
    let data: Vec<_> = names
        .iter()
        .enumerate()
        .map(|(index, name)| {
            json!({"code": "SUCCESS", "details": {"name": name, "id": format!("enc{index}")}, "message": "file uploaded.", "status": "success"})
        })
        .collect();
    MockAnswer::json(200, json!({"data": data}))
}

#[tokio::test]
async fn files_go_out_as_parts_with_their_names_types_and_bytes() {
    let mock = ZohoMock::start(FILES).await.unwrap();
    let received: Arc<Mutex<Vec<MockPart>>> = Arc::default();
    let seen = Arc::clone(&received);
    mock.on("upload_files", move |request| {
        *seen.lock().unwrap() = request.parts().to_vec();
        let names: Vec<String> = request.parts().iter().filter_map(|part| part.file_name.clone()).collect();
        uploaded(&names)
    })
    .unwrap();
    let client = client_of(&mock);
    let png = vec![0x89, b'P', b'N', b'G', b'\r', b'\n', 0x1a, b'\n', 0, 0xff];
    // Bytes that hold what a boundary looks like, and a name that tries to add a header.
    let tricky = b"--zoho-crm-form-0\r\n\r\n--\r\nContent-Disposition: form-data; name=\"x\"".to_vec();
    let files = vec![FilePart::new("logo.png", png.clone()), FilePart::new("notes \"final\".txt", tricky.clone())];
    let answer = client.upload_files(files).kind(FileKind::Inline).send().await.expect("the upload is answered");
    let ids: Vec<&str> = answer.data.iter().map(|file| file.details.id.as_str()).collect();
    assert_eq!(ids, ["enc0", "enc1"]);

    let request = mock.requests().pop().expect("one request");
    assert_eq!((request.path.as_str(), request.query.as_deref()), ("/crm/v8/files", Some("type=inline")));
    let parts = received.lock().unwrap().clone();
    assert_eq!(parts.len(), 2);
    assert!(parts.iter().all(|part| part.name == "file"));
    assert_eq!(parts[0].file_name.as_deref(), Some("logo.png"));
    assert_eq!(parts[0].content_type.as_deref(), Some("image/png"));
    assert_eq!(parts[0].bytes, png);
    // The quotes are escaped in the part's header, so the name comes back whole.
    assert_eq!(parts[1].file_name.as_deref(), Some("notes \"final\".txt"));
    assert_eq!(parts[1].bytes, tricky);

    // A line break in a file name could add a header: refused before anything is sent.
    let injected = FilePart::new("a.txt\r\nX-Evil: 1", "x");
    match client.upload_files(vec![injected]).send().await {
        Err(Error::Build(error)) => assert_eq!(error.kind(), BuildErrorKind::Invalid, "{error}"),
        other => panic!("expected a build error, got {other:?}"),
    }
    assert_eq!(mock.requests().len(), 1);
}

#[tokio::test]
async fn a_text_part_and_a_required_file_are_checked_before_sending() {
    let mock = ZohoMock::start(FILES).await.unwrap();
    mock.on("upload_record_photo", |request| {
        let restricted = request.parts().iter().find(|part| part.name == "restrict_from_download");
        let text = restricted.map(|part| String::from_utf8_lossy(&part.bytes).into_owned());
        MockAnswer::json(200, json!({"code": "SUCCESS", "message": text.unwrap_or_default(), "status": "success"}))
    })
    .unwrap();
    let client = client_of(&mock);
    let photo = FilePart::new("face.JPG", vec![0xff, 0xd8, 0xff]);
    assert_eq!(photo.content_type(), "image/jpeg");
    let answer = client
        .upload_record_photo(Module::Leads, 1_234u64, photo)
        .restrict_from_download(true)
        .send()
        .await
        .expect("the photo is set");
    assert_eq!(answer.message, "true", "a bool part is sent as its text");

    // Without the file, the request is refused when it is built.
    let sent = mock.requests().len();
    let missing = files::UploadRecordPhoto::builder().module_api_name(Module::Leads).record_id(1u64).build();
    assert_eq!(missing.map(|_| ()).unwrap_err().kind(), BuildErrorKind::Missing);
    // Eleven files are one more than `max_items`, and none is not enough.
    let eleven: Vec<FilePart> = (0..11).map(|n| FilePart::new(format!("{n}.txt"), "x")).collect();
    match client.upload_files(Vec::new()).send().await {
        Err(Error::Build(error)) => assert_eq!(error.kind(), BuildErrorKind::TooFew, "{error}"),
        other => panic!("expected a build error, got {other:?}"),
    }
    match client.upload_files(eleven).send().await {
        Err(Error::Build(error)) => assert_eq!(error.kind(), BuildErrorKind::TooMany, "{error}"),
        other => panic!("expected a build error, got {other:?}"),
    }
    assert_eq!(mock.requests().len(), sent, "nothing was sent");
}

#[tokio::test]
async fn a_file_over_its_parts_size_limit_is_refused_before_sending() {
    let mock = ZohoMock::start(FILES).await.unwrap();
    let client = client_of(&mock);
    // The photo's `max_bytes`, and each of the files'.
    let (most, each) = (file_limit("upload_record_photo"), file_limit("upload_files"));
    let photo = |bytes: usize| FilePart::new("face.png", vec![0x89; bytes]);
    match client.upload_record_photo(Module::Leads, 1u64, photo(most + 1)).send().await {
        Err(Error::Build(error)) => {
            assert_eq!((error.kind(), error.field()), (BuildErrorKind::TooLarge, "file"), "{error}");
            let said = format!("{} bytes; at most {most}", most + 1);
            assert!(error.message().contains(&said), "{error}");
        }
        other => panic!("expected a build error, got {other:?}"),
    }
    let files = vec![FilePart::new("small.txt", "x"), FilePart::new("big.bin", vec![0; each + 1])];
    match client.upload_files(files).send().await {
        Err(Error::Build(error)) => {
            assert_eq!((error.kind(), error.field()), (BuildErrorKind::TooLarge, "file[1]"), "{error}");
        }
        other => panic!("expected a build error, got {other:?}"),
    }
    assert!(mock.requests().is_empty(), "nothing was sent");
    // A file of exactly the limit goes out, and the server takes it.
    mock.on("upload_record_photo", |request| {
        let size = request.parts()[0].bytes.len();
        MockAnswer::json(200, json!({"code": "SUCCESS", "message": size.to_string(), "status": "success"}))
    })
    .unwrap();
    let answer = client.upload_record_photo(Module::Leads, 1u64, photo(most)).send().await.expect("set");
    assert_eq!(answer.message, most.to_string());
}

#[tokio::test]
async fn a_retried_upload_sends_the_same_bytes() {
    let mock = ZohoMock::start(FILES).await.unwrap();
    mock.inject(Fault::ServerError(503));
    mock.on("upload_record_photo", |_| {
        MockAnswer::json(200, json!({"code": "SUCCESS", "message": "photo updated", "status": "success"}))
    })
    .unwrap();
    let client = client_of(&mock);
    let bytes: Vec<u8> = (0..=255).cycle().take(70_000).collect();
    client
        .upload_record_photo(Module::Contacts, 7u64, FilePart::new("big.bmp", bytes))
        .send()
        .await
        .expect("the second attempt succeeds");
    let requests = mock.requests();
    assert_eq!(requests.len(), 2, "one retry of an idempotent upload");
    assert_eq!(requests[0].body, requests[1].body, "the form is built the same way each time");
}

#[tokio::test]
async fn the_bulk_upload_carries_its_headers() {
    let mock = ZohoMock::start(FILES).await.unwrap();
    let headers: Arc<Mutex<Vec<Option<String>>>> = Arc::default();
    let seen = Arc::clone(&headers);
    mock.on("upload_bulk_file", move |request| {
        *seen.lock().unwrap() = ["feature", "x-crm-org"].iter().map(|name| request.header(name).map(str::to_owned)).collect();
        MockAnswer::json(
            200,
            json!({"status": "success", "code": "FILE_UPLOAD_SUCCESS", "message": "file uploaded.", "details": {"file_id": "111", "created_time": "2026-12-04T10:00:00+05:30"}}),
        )
    })
    .unwrap();
    let client = client_of(&mock);
    let answer = client
        .upload_bulk_file("bulk-write", 6735u64, FilePart::new("Leads.zip", vec![b'P', b'K', 3, 4]))
        .send()
        .await
        .expect("the file is uploaded");
    assert_eq!(answer.details.file_id, "111");
    assert_eq!(*headers.lock().unwrap(), [Some("bulk-write".to_owned()), Some("6735".to_owned())]);
    // A loopback endpoint is no Zoho API host, so the `content` host is the same server.
    assert_eq!(mock.requests().pop().unwrap().path, "/crm/v8/upload");
    // A header value is sent as UTF-8 text, and read back as the same text.
    client.upload_bulk_file("bulk-\u{e9}criture", 6735u64, FilePart::new("a.zip", "PK")).send().await.expect("sent");
    assert_eq!(headers.lock().unwrap()[0].as_deref(), Some("bulk-\u{e9}criture"));
}

#[tokio::test]
async fn a_download_url_from_a_job_is_followed_with_the_token() {
    let mock = ZohoMock::start(FILES).await.unwrap();
    let download_url = mock.download_url("download_bulk_result", "554023000000568002.zip").unwrap();
    let given = download_url.clone();
    mock.on("get_bulk_write_job", move |_| {
        MockAnswer::json(200, json!({"id": "42", "status": "COMPLETED", "result": {"download_url": given}}))
    })
    .unwrap();
    mock.on("download_bulk_result", |_| MockAnswer::raw(200, "application/zip", b"PK\x03\x04result".to_vec())).unwrap();
    let client = client_of(&mock);
    let job = client.get_bulk_write_job("42").send().await.expect("the job is read");
    let job_request = mock.requests().pop().unwrap();
    assert_eq!(job_request.path, "/crm/bulk/v8/write/42", "under the operation's own base URL");
    let url = job.result.expect("the job has finished").download_url;
    assert_eq!(url, download_url);
    let file = client.download_bulk_result(url).send().await.expect("the result downloads");
    assert_eq!(file.content_type.as_deref(), Some("application/zip"));
    assert_eq!(file.bytes, b"PK\x03\x04result");
    // A path on the endpoint's host is a given URL too (bulk read's results are).
    let path = download_url.split_once("/__files/").map(|(_, rest)| format!("/__files/{rest}")).unwrap();
    let again = client.download_bulk_result(path).send().await.expect("a path downloads");
    assert_eq!(again.bytes, file.bytes);
}

#[tokio::test]
async fn the_token_never_goes_to_a_host_the_endpoint_does_not_own() {
    let mock = ZohoMock::start(FILES).await.unwrap();
    let elsewhere = ZohoMock::start(FILES).await.unwrap();
    let client = client_of(&mock);
    let foreign = elsewhere.download_url("download_bulk_result", "a.zip").unwrap();
    for url in [
        foreign.as_str(),
        "https://download-accl.zoho.com/v2/crm/1/bulk-write/2/2.zip",
        "https://download-accl.zoho.com.evil.example/x.zip",
        "//evil.example/x.zip",
        "file:///etc/passwd",
        "",
    ] {
        match client.download_bulk_result(url).send().await {
            Err(Error::Build(error)) => assert_eq!(error.kind(), BuildErrorKind::Invalid, "{url}: {error}"),
            other => panic!("{url:?} should be refused before sending, got {other:?}"),
        }
    }
    assert!(mock.requests().is_empty() && elsewhere.requests().is_empty(), "no request went out");

    // A download host the endpoint names is allowed, and gets the token.
    let endpoint = Endpoint::with_base_url(BaseUrl::parse(&mock.endpoint_url()).unwrap())
        .with_download_domain(BaseUrl::parse(&elsewhere.endpoint_url()).unwrap());
    elsewhere.on("download_bulk_result", |_| MockAnswer::raw(200, "application/zip", b"PK".to_vec())).unwrap();
    let file = client_for(endpoint).download_bulk_result(foreign).send().await.expect("allowed");
    assert_eq!(file.bytes, b"PK");
    assert_eq!(elsewhere.requests().len(), 1);
}

#[test]
fn zoho_data_centres_name_their_download_hosts() {
    let us = Endpoint::from(files::DataCentre::Us);
    assert_eq!(us.download_domain().map(BaseUrl::as_str), Some("https://download-accl.zoho.com"));
    assert_eq!(files::DataCentre::Ca.download_domain(), None, "the spec gives none for CA");
    let request = files::DownloadBulkResult::builder()
        .download_url("https://download-accl.zoho.com/v2/crm/6735/bulk-write/5/5.zip")
        .build()
        .unwrap();
    let token = zoho_crm_runtime::AccessToken::new("1000.x");
    use zoho_crm_runtime::Operation;
    let http = request.to_http(&us, &token).expect("the US download host is the US endpoint's");
    assert_eq!(http.uri().host(), Some("download-accl.zoho.com"));
    let eu = Endpoint::from(files::DataCentre::Eu);
    assert!(request.to_http(&eu, &token).is_err(), "not the EU endpoint's");
    // The bulk upload goes to the data centre's content host.
    let upload = files::UploadBulkFile::builder()
        .feature("bulk-write")
        .org_id(1u64)
        .file(FilePart::new("a.zip", "PK"))
        .build()
        .unwrap();
    assert_eq!(upload.to_http(&eu, &token).unwrap().uri().host(), Some("content.zohoapis.eu"));
}

#[tokio::test]
async fn a_download_is_read_up_to_the_clients_body_limit() {
    let mock = ZohoMock::start(FILES).await.unwrap();
    let zip: Vec<u8> = (0..=255).cycle().take(6 << 20).collect();
    let served = zip.clone();
    mock.on("download_bulk_result", move |_| MockAnswer::raw(200, "application/zip", served.clone())).unwrap();
    let url = mock.download_url("download_bulk_result", "big.zip").unwrap();
    // 6 MiB is past the default limit of 4 MiB: refused, not read whole.
    match client_of(&mock).download_bulk_result(url.as_str()).send().await {
        Err(Error::Trust(TrustError::BodyTooLarge { limit })) => assert_eq!(limit, 4 << 20),
        other => panic!("expected the body limit, got {other:?}"),
    }
    // A client for large results says how much it reads.
    let endpoint = Endpoint::with_base_url(BaseUrl::parse(&mock.endpoint_url()).unwrap());
    let http = HttpClient::builder(StaticToken::new(TEST_TOKEN)).max_body_bytes(64 << 20).build().unwrap();
    let file = Client::new(endpoint, http).download_bulk_result(url).send().await.expect("read whole");
    assert_eq!(file.bytes, zip);
}
