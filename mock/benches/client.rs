//! What the typed client costs over doing the same work by hand, as ratios against a
//! baseline measured in the same run (so the machine's speed cancels out).
//!
//! ```text
//! cargo bench -p zoho-share-mock --bench client
//! ```
//!
//! Each case runs its work and its baseline in alternating rounds and reports the median
//! time per iteration of each and their ratio.

use std::hint::black_box;
use std::time::{Duration, Instant};

use serde_json::{Value, json};
use zoho_share_mock::{MockZoho, sample};
use zoho_share_records::runtime::client::{HttpClient, RetryPolicy, StaticToken};
use zoho_share_records::runtime::http::{HeaderMap, StatusCode};
use zoho_share_records::runtime::{AccessToken, BaseUrl};
use zoho_share_records::{
    Client, Endpoint, GetSharedRecordDetails, Module, Operation, Permission, ShareItem, ShareRecord, Sharee, ShareeType,
};

const ROUNDS: usize = 15;

/// The median time per iteration of `work`, over `ROUNDS` rounds of `iterations`.
fn median(times: &mut [Duration]) -> Duration {
    times.sort();
    times[times.len() / 2]
}

fn compare(name: &str, iterations: u32, mut work: impl FnMut(), mut baseline: impl FnMut()) {
    let (mut ours, mut theirs) = (Vec::new(), Vec::new());
    for _ in 0..ROUNDS {
        let started = Instant::now();
        for _ in 0..iterations {
            work();
        }
        ours.push(started.elapsed() / iterations);
        let started = Instant::now();
        for _ in 0..iterations {
            baseline();
        }
        theirs.push(started.elapsed() / iterations);
    }
    report(name, median(&mut ours), median(&mut theirs));
}

fn report(name: &str, ours: Duration, baseline: Duration) {
    let ratio = ours.as_secs_f64() / baseline.as_secs_f64().max(f64::MIN_POSITIVE);
    println!("{name:<66} {:>10.2?} {:>10.2?} {ratio:>7.2}x", ours, baseline);
}

/// A GET answer with `count` shares, as v8 writes it.
fn get_answer(count: usize) -> Vec<u8> {
    let share = json!({"shared_with":{"name":"Manager","id":"2922942000000015969","type":"roles"},"share_related_records":false,"shared_through":{"module":{"name":"Leads","id":"2922942000000000125"},"id":"2922942000003922003"},"shared_time":"2025-12-31T13:36:56+05:30","permission":"full_access","shared_by":{"name":"we edited1","id":"2922942000000512001","zuid":"76602839"},"type":"private"});
    json!({ "share": vec![share; count] }).to_string().into_bytes()
}

fn parse_cases() {
    let request = GetSharedRecordDetails::builder().module(Module::Leads).record_id(2922942000003922003u64).build();
    let request = request.expect("a request");
    for count in [1, 20] {
        let body = get_answer(count);
        let headers = HeaderMap::new();
        compare(
            &format!("parse a GET answer of {count} shares (vs serde_json::Value)"),
            2_000,
            || {
                black_box(request.parse_response(StatusCode::OK, &headers, black_box(&body)).expect("parsed"));
            },
            || {
                black_box(serde_json::from_slice::<Value>(black_box(&body)).expect("parsed"));
            },
        );
    }
}

fn build_cases() {
    let endpoint = Endpoint::with_base_url(BaseUrl::trusted("https://www.zohoapis.com"));
    let token = AccessToken::new("1000.bench.token");
    let ids =
        [5725767000002350003u64, 5725767000002868044, 5725767000002868058, 5725767000002868072, 5725767000002868086];
    compare(
        "build, check and encode a 5-item share (vs json! + http::Request)",
        20_000,
        || {
            let items = ids.iter().map(|id| {
                ShareItem::private(Sharee::new(*id, ShareeType::Users)).with_permission(Permission::ReadOnly)
            });
            let request = ShareRecord::builder()
                .module(Module::Leads)
                .record_id(3652397000001970045u64)
                .set_share(Some(items.collect()))
                .build()
                .expect("a request");
            black_box(request.to_http(&endpoint, &token).expect("an HTTP request"));
        },
        || {
            let items: Vec<Value> = ids
                .iter()
                .map(|id| json!({"shared_with": {"id": id.to_string(), "type": "users"}, "permission": "read_only"}))
                .collect();
            let body = serde_json::to_vec(&json!({ "share": items })).expect("JSON");
            let request = zoho_share_records::runtime::http::Request::builder()
                .method("POST")
                .uri("https://www.zohoapis.com/crm/v8/Leads/3652397000001970045/actions/share")
                .header("Authorization", "Zoho-oauthtoken 1000.bench.token")
                .header("Content-Type", "application/json")
                .body(body)
                .expect("an HTTP request");
            black_box(request);
        },
    );
}

/// A GET through the client (token, URL, send, read, typed parse) against reqwest
/// fetching the same URL into a `serde_json::Value`, both over loopback.
fn loopback_case() {
    let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build().expect("a runtime");
    runtime.block_on(async {
        let zoho = MockZoho::start().await.expect("the server starts");
        let http = HttpClient::builder(StaticToken::new(sample::ADMIN_TOKEN)).retry(RetryPolicy::none()).build();
        let client = Client::new(zoho.endpoint(), http.expect("a client"));
        client
            .share_record(Module::Contacts, sample::CONTACT)
            .set_share(Some(
                sample::USERS[..5].iter().map(|id| ShareItem::private(Sharee::new(*id, ShareeType::Users))).collect(),
            ))
            .send()
            .await
            .expect("shared");
        let raw = reqwest::Client::new();
        let url = format!("{}/crm/v8/Contacts/{}/actions/share", zoho.base_url(), sample::CONTACT);
        let (mut ours, mut theirs) = (Vec::new(), Vec::new());
        const ITERATIONS: u32 = 200;
        for _ in 0..ROUNDS {
            let started = Instant::now();
            for _ in 0..ITERATIONS {
                black_box(
                    client.get_shared_record_details(Module::Contacts, sample::CONTACT).send().await.expect("GET"),
                );
            }
            ours.push(started.elapsed() / ITERATIONS);
            let started = Instant::now();
            for _ in 0..ITERATIONS {
                let answer = raw
                    .get(&url)
                    .header("Authorization", format!("Zoho-oauthtoken {}", sample::ADMIN_TOKEN))
                    .send()
                    .await
                    .expect("GET");
                black_box(serde_json::from_slice::<Value>(&answer.bytes().await.expect("a body")).expect("JSON"));
            }
            theirs.push(started.elapsed() / ITERATIONS);
        }
        report("GET of 5 shares over loopback (vs raw reqwest + Value)", median(&mut ours), median(&mut theirs));
    });
}

fn main() {
    // `cargo test --benches` runs this with `--bench`-less arguments; keep that quick.
    if std::env::args().any(|arg| arg == "--list" || arg == "--test") {
        return;
    }
    println!("{:<66} {:>10} {:>10} {:>8}", "case", "ours", "baseline", "ratio");
    parse_cases();
    build_cases();
    loopback_case();
}
