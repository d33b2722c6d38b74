//! Hostile answers: seeded mutants of the spec's sample answers and of hand-made hostile
//! ones, read by every operation's `parse_response` (and re-encoded, printed), and over
//! loopback through the client and the token source. Nothing may panic.
//!
//! `cargo test` runs a short fixed budget. A soak:
//!
//! ```text
//! FUZZ_ITERATIONS=1000000 cargo test --release -p zoho-crm-tests --test fuzz_answers -- --nocapture
//! ```
//!
//! (`FUZZ_SEED` picks another seed; the loopback loop runs a hundredth of the count.)

use std::panic::{AssertUnwindSafe, catch_unwind};
use std::sync::{Arc, Mutex, PoisonError};
use std::time::Duration;

use serde_json::Value;
use zoho_crm_tests::mutate::{self, Rng};
use zoho_crm_tests::scripted::{Answer, ScriptedServer};
use zoho_share_mock::sample;
use zoho_share_records::runtime::client::{
    HttpClient, OAuthCredentials, RefreshingToken, RetryPolicy, StaticToken, TokenSource,
};
use zoho_share_records::runtime::http::{HeaderMap, HeaderValue, StatusCode};
use zoho_share_records::runtime::{ResponseError, ToWire};
use zoho_share_records::{
    ApiError, ApiVersion, Client, Endpoint, GetSharedRecordDetails, Module, Operation, RevokeSharedRecord, ShareItem,
    ShareRecord, Sharee, ShareeType, UpdateSharePermissions,
};

/// Mutants read in process by `cargo test`.
const DEFAULT_ITERATIONS: u64 = 5_000;

/// Hand-made answers no documentation shows: errors in odd places, wrong types, huge
/// and deep values, token answers with hostile fields.
const HOSTILE: &[&str] = &[
    r#"{"status":"error","code":"INVALID_TOKEN","message":"invalid oauth token","details":{}}"#,
    r#"{"share":{"status":"error","code":"INVALID_DATA","message":"x","details":{"api_name":"share"}}}"#,
    r#"{"share":[{"status":"error","code":"INVALID_DATA","message":"x"},{"status":"success","code":"SUCCESS"}]}"#,
    r#"{"share":[{"code":"SUCCESS","details":{"id":"0001"},"message":"ok","status":"success"}]}"#,
    r#"{"code":null,"status":"error","message":7}"#,
    r#"{"share":[{"shared_with":{"id":"-1","type":"users"},"permission":"telepathy","shared_time":"yesterday"}]}"#,
    r#"{"share":[{"shared_by":{"id":18446744073709551615,"zuid":-1},"shared_time":"2021-02-30T25:00:00+99:00"}]}"#,
    r#"{"share":[],"share":[{"permission":"read_only"}]}"#,
    r#"[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]"#,
    r#"{"access_token":"1000.a","expires_in":18446744073709551615,"api_domain":"http://evil.example.net"}"#,
    r#"{"access_token":"1000.a","expires_in_sec":-1,"expires_in":1e400,"api_domain":"not a url"}"#,
    r#"{"access_token":"1000.\r\nSet-Cookie: x","expires_in":3600}"#,
    r#"{"error":{"nested":true}}"#,
    "\u{feff}{\"share\":[]}",
    "null",
    "\"\\ud800\"",
    "<html><body>502 Bad Gateway</body></html>",
];

/// Fragments worth splicing into an answer.
const TOKENS: &[&str] = &[
    "null",
    "true",
    "-0",
    "1e999",
    "18446744073709551616",
    "-9223372036854775809",
    "\"\\ud800\"",
    "{}",
    "[]",
    "\"status\":\"error\",",
    "\"code\":\"INVALID_TOKEN\",",
    "\"0001\"",
    "\"+1\"",
    "[[[[[[[[",
    "\"\\u0000\"",
    ",",
    "\"share\":",
    "\"permission\":\"read_only\"",
    "\"type\":\"public\"",
];

/// Statuses an answer may come with.
const STATUSES: &[u16] = &[200, 201, 202, 204, 301, 400, 401, 403, 404, 405, 413, 429, 500, 501, 502, 503, 504];

/// `Retry-After` values a server may send.
const RETRY_AFTER: &[&str] = &[
    "18446744073709551615",
    "18446744073709551616",
    "-1",
    "0",
    "1",
    "Wed, 21 Oct 2015 07:28:00 GMT",
    "Fri, 31 Dec 9999 23:59:59 GMT",
    "Sun, 06 Nov 1994 08:49:37 +9999",
    "soon",
];

/// The JSON bodies of the spec's samples (requests and answers, every one that is JSON),
/// read through the spec's types, so that any layout of the spec gives the same corpus.
fn sample_answers(spec: &str) -> Vec<String> {
    let (spec, _) = zoho_crm_codegen::load(spec, "share_records.yaml").unwrap_or_else(|err| panic!("{err}"));
    let requests = spec.operations.iter().flat_map(|operation| operation.sample_requests()).map(|s| &s.body);
    let answers = spec.operations.iter().flat_map(|operation| operation.sample_responses()).map(|s| &s.body);
    requests
        .chain(answers)
        .filter_map(|body| body.as_deref())
        .filter(|body| serde_json::from_str::<Value>(body).is_ok())
        .map(str::to_owned)
        .collect()
}

#[test]
fn the_corpus_is_the_same_from_a_relaid_spec() {
    let spec = zoho_crm_tests::read("spec/share_records.yaml");
    let samples = sample_answers(&spec);
    assert!(samples.len() >= 10, "the spec's sample answers were found ({})", samples.len());
    assert_eq!(sample_answers(&zoho_crm_tests::spec_edit::relaid(&spec)), samples);
}

fn corpus() -> Vec<Vec<u8>> {
    let samples = sample_answers(&zoho_crm_tests::read("spec/share_records.yaml"));
    assert!(samples.len() >= 10, "the spec's sample answers were found ({})", samples.len());
    samples.into_iter().map(String::into_bytes).chain(HOSTILE.iter().map(|text| text.as_bytes().to_vec())).collect()
}

/// A mutant: a corpus entry changed at the JSON level or the byte level (or both).
fn mutant(rng: &mut Rng, corpus: &[Vec<u8>]) -> Vec<u8> {
    let base = rng.pick(corpus);
    let mut bytes = base.clone();
    if rng.one_in(2) {
        if let Ok(mut value) = serde_json::from_slice::<Value>(base) {
            for _ in 0..=rng.below(3) {
                mutate::mutate_json(rng, &mut value);
            }
            bytes = value.to_string().into_bytes();
        }
    }
    if rng.one_in(2) || bytes == *base {
        let other = rng.pick(corpus).clone();
        bytes = mutate::mutate_bytes(rng, &bytes, TOKENS, &other);
    }
    bytes
}

fn status(rng: &mut Rng) -> u16 {
    // Half are answers of success, which reach the typed readers.
    match rng.below(8) {
        0 => 100 + rng.below(900) as u16,
        1..=4 => 200,
        _ => *rng.pick(STATUSES),
    }
}

fn headers(rng: &mut Rng) -> Vec<(String, String)> {
    let mut headers = Vec::new();
    if rng.one_in(3) {
        headers.push(("retry-after".to_owned(), (*rng.pick(RETRY_AFTER)).to_owned()));
    }
    if rng.one_in(2) {
        let content_type = *rng.pick(&["application/json", "text/html", "application/json;charset=UTF-8", ""]);
        headers.push(("content-type".to_owned(), content_type.to_owned()));
    }
    headers
}

/// What reading one mutant came to.
#[derive(Debug, Default)]
struct Tally {
    parsed: u64,
    api_errors: u64,
    unexpected: u64,
    panics: Vec<String>,
}

impl Tally {
    fn count<T>(&mut self, result: Result<T, ResponseError<ApiError>>, wire: impl Fn(&T) -> Value) {
        match result {
            Ok(answer) => {
                self.parsed += 1;
                let _ = wire(&answer);
            }
            Err(error) => {
                let _ = format!("{error:?}");
                match error {
                    ResponseError::Api(error) => {
                        self.api_errors += 1;
                        let _ = (error.to_string(), error.kind());
                    }
                    ResponseError::Unexpected(answer) => {
                        self.unexpected += 1;
                        let _ = answer.to_string();
                    }
                }
            }
        }
    }
}

/// Reads a mutant with every operation, at an old and the default version.
fn read_with_every_operation(tally: &mut Tally, status: StatusCode, headers: &HeaderMap, body: &[u8]) {
    let user = || ShareItem::private(Sharee::new(sample::USERS[0], ShareeType::Users));
    for version in [ApiVersion::V2_1, ApiVersion::DEFAULT] {
        let get = GetSharedRecordDetails::builder().module(Module::Contacts).record_id(1u64).version(version);
        let share = ShareRecord::builder().module(Module::Contacts).record_id(1u64).share(user()).version(version);
        let update =
            UpdateSharePermissions::builder().module(Module::Contacts).record_id(1u64).share(user()).version(version);
        let revoke = RevokeSharedRecord::builder().module(Module::Contacts).record_id(1u64).version(version);
        let (get, share, update, revoke) = (
            get.build().expect("a request"),
            share.build().expect("a request"),
            update.build().expect("a request"),
            revoke.build().expect("a request"),
        );
        tally.count(get.parse_response(status, headers, body), |answer| answer.to_wire(version));
        tally.count(share.parse_response(status, headers, body), |answer| answer.to_wire(version));
        tally.count(update.parse_response(status, headers, body), |answer| answer.to_wire(version));
        tally.count(revoke.parse_response(status, headers, body), |answer| answer.to_wire(version));
    }
}

fn header_map(pairs: &[(String, String)]) -> HeaderMap {
    let mut map = HeaderMap::new();
    for (name, value) in pairs {
        if let (Ok(name), Ok(value)) =
            (name.parse::<zoho_share_records::runtime::http::HeaderName>(), HeaderValue::from_str(value))
        {
            map.append(name, value);
        }
    }
    map
}

fn describe(iteration: u64, status: u16, body: &[u8]) -> String {
    let shown: String = String::from_utf8_lossy(&body[..body.len().min(300)]).escape_debug().collect();
    format!("iteration {iteration}, status {status}, body {shown}")
}

#[test]
fn mutated_answers_never_panic_any_parser() {
    let (seed, iterations) = (mutate::seed(), mutate::iterations(DEFAULT_ITERATIONS));
    let corpus = corpus();
    let mut rng = Rng::new(seed);
    let mut tally = Tally::default();
    for iteration in 0..iterations {
        let body = mutant(&mut rng, &corpus);
        let code = status(&mut rng);
        let headers = header_map(&headers(&mut rng));
        let Ok(status) = StatusCode::from_u16(code) else { continue };
        let mut inner = Tally::default();
        let outcome = catch_unwind(AssertUnwindSafe(|| read_with_every_operation(&mut inner, status, &headers, &body)));
        tally.parsed += inner.parsed;
        tally.api_errors += inner.api_errors;
        tally.unexpected += inner.unexpected;
        if outcome.is_err() {
            tally.panics.push(describe(iteration, code, &body));
        }
    }
    println!(
        "seed {seed}: {iterations} mutants, {} readings parsed, {} API errors, {} unexpected, {} panics",
        tally.parsed,
        tally.api_errors,
        tally.unexpected,
        tally.panics.len()
    );
    assert!(tally.panics.is_empty(), "{} mutants panicked:\n{}", tally.panics.len(), tally.panics.join("\n"));
    if iterations >= 1000 {
        assert!(tally.parsed > 0 && tally.api_errors > 0 && tally.unexpected > 0, "the mutants vary: {tally:?}");
    }
}

/// Serves a fresh mutant to every request, from one seeded generator.
fn mutant_server_script(seed: u64, corpus: Vec<Vec<u8>>) -> impl Fn(&zoho_crm_tests::scripted::Seen) -> Answer {
    let rng = Mutex::new(Rng::new(seed));
    move |_| {
        let mut rng = rng.lock().unwrap_or_else(PoisonError::into_inner);
        let mut answer = Answer::json(status(&mut rng), mutant(&mut rng, &corpus));
        answer.headers = headers(&mut rng);
        answer
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn mutated_answers_never_panic_the_client_over_loopback() {
    let (seed, calls) = (mutate::seed(), (mutate::iterations(DEFAULT_ITERATIONS) / 100).max(100));
    let api = ScriptedServer::start(mutant_server_script(seed, corpus())).await.expect("a server");
    let accounts = ScriptedServer::start(mutant_server_script(seed ^ 1, corpus())).await.expect("a server");
    // Short waits, so that a mutant's `Retry-After` ends the call instead of stalling it.
    let retry = RetryPolicy::default()
        .max_attempts(2)
        .initial_backoff(Duration::from_millis(1))
        .max_backoff(Duration::from_millis(2))
        .max_elapsed(Duration::from_millis(20));
    let http = HttpClient::builder(StaticToken::new(sample::ADMIN_TOKEN)).retry(retry).build().expect("a client");
    let client = Arc::new(Client::new(Endpoint::with_base_url(api.base_url()), http));
    let credentials = OAuthCredentials::new(accounts.base_url(), sample::CLIENT_ID, "secret", "1000.refresh");
    let mut panics = 0;
    let mut outcomes = [0u64; 2];
    for call in 0..calls {
        let client = Arc::clone(&client);
        let credentials = credentials.clone();
        let task = tokio::spawn(async move {
            let user = ShareItem::private(Sharee::new(sample::USERS[0], ShareeType::Users));
            match call % 5 {
                0 => client.get_shared_record_details(Module::Contacts, 1u64).send().await.is_ok(),
                1 => client.share_record(Module::Contacts, 1u64).share(user).send().await.is_ok(),
                2 => client.update_share_permissions(Module::Contacts, 1u64).share(user).send().await.is_ok(),
                3 => client.revoke_shared_record(Module::Contacts, 1u64).send().await.is_ok(),
                _ => {
                    let tokens = RefreshingToken::new(credentials).expect("a token source");
                    tokens.token().await.map(|token| format!("{token:?}")).is_ok()
                }
            }
        });
        match task.await {
            Ok(succeeded) => outcomes[usize::from(succeeded)] += 1,
            Err(error) if error.is_panic() => panics += 1,
            Err(error) => panic!("the call was cancelled: {error}"),
        }
    }
    println!(
        "seed {seed}: {calls} calls over loopback, {} succeeded, {} failed, {panics} panicked",
        outcomes[1], outcomes[0]
    );
    assert_eq!(panics, 0, "calls panicked (seed {seed}); rerun with FUZZ_SEED={seed} -- --nocapture to see them");
    assert!(outcomes[0] > 0 && api.requests() > 0 && accounts.requests() > 0, "the servers were reached");
}
