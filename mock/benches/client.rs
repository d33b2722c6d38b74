//! What the typed client costs over doing the same work by hand, as ratios against a
//! baseline measured in the same run (so the machine's speed cancels out).
//!
//! ```text
//! cargo bench -p zoho-share-mock --bench client
//! ```
//!
//! Each case runs its work and its baseline in alternating rounds and reports the fastest
//! round's time per iteration of each and their ratio. Reading answers is measured against
//! hand-written serde structs by the `parse` bench.

mod measure;

use std::hint::black_box;
use std::time::Instant;

use serde_json::{Value, json};
use zoho_share_mock::{MockZoho, sample};
use zoho_share_records::runtime::client::{HttpClient, RetryPolicy, StaticToken};
use zoho_share_records::runtime::{AccessToken, BaseUrl};
use zoho_share_records::{Client, Endpoint, Module, Operation, Permission, ShareItem, ShareRecord, Sharee, ShareeType};

use measure::{ROUNDS, compare, fastest, header, only_testing, report};

fn build_cases() {
    let endpoint = Endpoint::with_base_url(BaseUrl::trusted("https://www.zohoapis.com"));
    let token = AccessToken::new("1000.bench.token");
    let ids =
        [5725767000002350003u64, 5725767000002868044, 5725767000002868058, 5725767000002868072, 5725767000002868086];
    compare(
        "build, check and encode a 5-item share (vs json! + http::Request)",
        4_000,
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
        const ITERATIONS: u32 = 40;
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
        report("GET of 5 shares over loopback (vs raw reqwest + Value)", fastest(&ours), fastest(&theirs));
    });
}

fn main() {
    if only_testing() {
        return;
    }
    header();
    build_cases();
    loopback_case();
}
