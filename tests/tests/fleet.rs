//! A fleet of processes against one Zoho org, through a real Redis: one shared token,
//! one refresh per expiry, calls within Zoho's concurrency cap, a refresher that dies
//! mid-refresh, Redis going away and coming back, and Zoho's "Access Denied".
//!
//! The multi-process tests re-run this test binary as workers: `ZOHO_FLEET_ROLE=worker`
//! makes [`fleet_worker`] a worker; otherwise it returns at once. `ZOHO_FLEET_CALLS`
//! sets the calls per worker of the eight-process run (default 40); with 1000 it prints
//! the figures of a long run:
//!
//! ```text
//! ZOHO_FLEET_CALLS=1000 cargo test -p zoho-crm-tests --test fleet -- --nocapture eight_processes
//! ```

use std::process::Stdio;
use std::sync::Arc;
use std::time::{Duration, Instant};

use tokio::io::{AsyncBufReadExt, AsyncWriteExt, BufReader, Lines};
use tokio::process::{Child, ChildStdout, Command};
use zoho_crm_tests::e2e::quick_retries;
use zoho_crm_tests::redis_server::RedisServer;
use zoho_share_mock::{Fault, Grant, Limits, MockZoho, OAuthApp, sample};
use zoho_share_records::runtime::client::{
    ConcurrencyLimit, Edition, HttpClient, HttpClientBuilder, OAuthCredentials, RedisFleet, RefreshingToken,
    RetryPolicy, StaticToken, StoredToken, TokenError, TokenSource, TokenStore,
};
use zoho_share_records::runtime::{AccessToken, BaseUrl};
use zoho_share_records::{Client, ClientError, Endpoint, Module};

/// The README's "Running a fleet" code, as printed (extracted by the crate's build script).
#[allow(dead_code)]
mod readme {
    include!(concat!(env!("OUT_DIR"), "/readme_fleet.rs"));
}

const ROLE: &str = "ZOHO_FLEET_ROLE";
const MOCK: &str = "ZOHO_FLEET_MOCK";
const REDIS: &str = "ZOHO_FLEET_REDIS";
const CALLS: &str = "ZOHO_FLEET_CALLS";
const PAUSE: &str = "ZOHO_FLEET_PAUSE";
const LOCK_MS: &str = "ZOHO_FLEET_LOCK_MS";
const MARGIN_MS: &str = "ZOHO_FLEET_MARGIN_MS";

/// Calls made at once within one worker.
const TASKS_PER_WORKER: usize = 4;
/// The fleet's Zoho edition, whose cap the mock enforces.
const EDITION: Edition = Edition::Free;
/// The key prefix of the fleet in Redis.
const PREFIX: &str = "zoho:test-org";

fn credentials(accounts_url: BaseUrl) -> OAuthCredentials {
    OAuthCredentials::new(accounts_url, sample::CLIENT_ID, sample::CLIENT_SECRET, sample::REFRESH_TOKEN)
}

async fn get(client: &Client) -> Result<(), ClientError> {
    client.get_shared_record_details(Module::Contacts, sample::CONTACT).send().await.map(drop)
}

/// A client as each process of a fleet makes it: the token and the call slots in Redis.
fn fleet_client(
    base_url: &BaseUrl,
    fleet: &RedisFleet,
    lock: Duration,
    margin: Duration,
) -> (Client, Arc<RefreshingToken>) {
    let tokens = RefreshingToken::new(credentials(base_url.clone()))
        .expect("a token source")
        .refresh_margin(margin)
        // The long run's 5 s tokens are taken at their word, to be refreshed before expiry.
        .min_token_lifetime(Duration::ZERO)
        .refresh_lock(lock)
        .store(fleet.clone());
    let tokens = Arc::new(tokens);
    let http = HttpClientBuilder::with_shared_tokens(Arc::clone(&tokens) as Arc<_>)
        .concurrency_limit(ConcurrencyLimit::edition(EDITION).fleet_wide(fleet.clone()))
        .retry(quick_retries())
        .build()
        .expect("a client");
    (Client::new(Endpoint::with_base_url(base_url.clone()), http), tokens)
}

/// A token stored as a refresh saves it, an hour from expiry.
fn stored_token(secret: &str) -> StoredToken {
    let mut token = zoho_share_records::runtime::client::Token::new(AccessToken::new(secret));
    token.expires_at = Some(Instant::now() + Duration::from_secs(3600));
    StoredToken::from_token(&token)
}

/// Waits until a restarted Redis answers again (the connection comes back on use).
async fn wait_until_redis_answers(fleet: &RedisFleet) {
    for _ in 0..200 {
        if fleet.load().await.is_ok() {
            return;
        }
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
    panic!("the fleet did not reconnect to the restarted Redis within 2 s");
}

fn env_number(name: &str, default: u64) -> u64 {
    std::env::var(name).ok().and_then(|value| value.parse().ok()).unwrap_or(default)
}

/// A worker process: `ZOHO_FLEET_CALLS` calls in `TASKS_PER_WORKER` concurrent tasks;
/// with `ZOHO_FLEET_PAUSE`, it stops halfway until told to go on. It reports on stdout.
#[test]
fn fleet_worker() {
    if std::env::var(ROLE).as_deref() != Ok("worker") {
        return;
    }
    let runtime =
        tokio::runtime::Builder::new_multi_thread().worker_threads(2).enable_all().build().expect("a runtime");
    let base_url = BaseUrl::parse(&std::env::var(MOCK).expect("the mock's URL")).expect("a URL");
    let redis = std::env::var(REDIS).expect("Redis's URL");
    let lock = Duration::from_millis(env_number(LOCK_MS, 30_000));
    let margin = Duration::from_millis(env_number(MARGIN_MS, 60_000));
    let calls = env_number(CALLS, 40) as usize;
    let (client, tokens) = runtime.block_on(async {
        let fleet = RedisFleet::connect(&redis, PREFIX).await.expect("a Redis URL");
        fleet_client(&base_url, &fleet, lock, margin)
    });
    let halves = if std::env::var(PAUSE).is_ok() { [calls / 2, calls - calls / 2] } else { [calls, 0] };
    let mut failures = 0;
    for (index, half) in halves.into_iter().enumerate() {
        failures += runtime.block_on(call_in_tasks(&client, half));
        if index == 0 && std::env::var(PAUSE).is_ok() {
            println!("halfway");
            let mut line = String::new();
            std::io::stdin().read_line(&mut line).expect("the parent says go on");
        }
    }
    println!("done refreshes={} failures={failures}", tokens.refresh_count());
}

/// Makes `calls` calls in concurrent tasks; returns how many failed.
async fn call_in_tasks(client: &Client, calls: usize) -> usize {
    let tasks: Vec<_> = (0..TASKS_PER_WORKER)
        .map(|task| {
            let client = client.clone();
            let share = calls / TASKS_PER_WORKER + usize::from(task < calls % TASKS_PER_WORKER);
            tokio::spawn(async move {
                let mut failures = 0;
                for _ in 0..share {
                    if let Err(error) = get(&client).await {
                        eprintln!("worker call failed: {error}");
                        failures += 1;
                    }
                }
                failures
            })
        })
        .collect();
    let mut failures = 0;
    for task in tasks {
        failures += task.await.expect("the task ends");
    }
    failures
}

/// A worker process and the lines it prints.
struct Worker {
    child: Child,
    lines: Lines<BufReader<ChildStdout>>,
}

impl Worker {
    fn spawn(zoho: &MockZoho, redis: &RedisServer, settings: &[(&str, String)]) -> Worker {
        let mut command = Command::new(std::env::current_exe().expect("this test binary"));
        command
            .args(["--exact", "fleet_worker", "--nocapture", "--test-threads=1", "--quiet"])
            .env(ROLE, "worker")
            .env(MOCK, zoho.base_url().as_str())
            .env(REDIS, redis.url())
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .kill_on_drop(true);
        for (name, value) in settings {
            command.env(name, value);
        }
        let mut child = command.spawn().expect("a worker starts");
        let stdout = child.stdout.take().expect("its stdout");
        Worker { child, lines: BufReader::new(stdout).lines() }
    }

    /// The next line that starts with `prefix` (the test harness prints others).
    async fn line_starting(&mut self, prefix: &str) -> String {
        while let Some(line) = self.lines.next_line().await.expect("the worker's output") {
            if line.starts_with(prefix) {
                return line;
            }
        }
        panic!("the worker ended without printing `{prefix}`");
    }

    async fn go_on(&mut self) {
        let stdin = self.child.stdin.as_mut().expect("its stdin");
        stdin.write_all(b"go\n").await.expect("the worker reads");
    }

    /// Waits for the end; returns the worker's refreshes and failed calls.
    async fn finish(mut self) -> (u64, u64) {
        let report = self.line_starting("done").await;
        let status = self.child.wait().await.expect("the worker ends");
        assert!(status.success(), "the worker failed: {status}");
        let figure = |name: &str| {
            report
                .split_whitespace()
                .find_map(|pair| pair.strip_prefix(name)?.strip_prefix('='))
                .and_then(|value| value.parse().ok())
                .unwrap_or_else(|| panic!("no {name} in `{report}`"))
        };
        (figure("refreshes"), figure("failures"))
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn eight_processes_share_one_token_per_expiry_within_the_cap() {
    let redis = RedisServer::start();
    let zoho = MockZoho::start().await.expect("the server starts");
    zoho.set_limits(Limits::zoho().concurrent_calls(EDITION.concurrent_calls()));
    zoho.set_call_delay(Duration::from_millis(2));
    let calls = env_number(CALLS, 40);
    let long_run = calls >= 1000;
    // A long run also lets tokens expire: 5 s tokens, refreshed 1 s before their end.
    let margin = if long_run { Duration::from_secs(1) } else { Duration::from_secs(60) };
    if long_run {
        let short = OAuthApp::new(
            sample::CLIENT_ID,
            sample::CLIENT_SECRET,
            sample::REFRESH_TOKEN,
            Grant::full_access(sample::OWNER),
        )
        .token_lifetime(Duration::from_secs(5));
        zoho.add_oauth_app(short);
    }
    let started = Instant::now();
    let settings = [(CALLS, calls.to_string()), (PAUSE, "1".to_owned()), (MARGIN_MS, margin.as_millis().to_string())];
    let mut workers: Vec<Worker> = (0..8).map(|_| Worker::spawn(&zoho, &redis, &settings)).collect();
    for worker in &mut workers {
        worker.line_starting("halfway").await;
    }
    // Every worker is paused holding the first token: make it expire for all of them.
    let before_expiry = zoho.figures().tokens_issued;
    zoho.expire_issued_tokens();
    for worker in &mut workers {
        worker.go_on().await;
    }
    let (mut refreshes, mut failures) = (0, 0);
    for worker in workers {
        let (worker_refreshes, worker_failures) = worker.finish().await;
        refreshes += worker_refreshes;
        failures += worker_failures;
    }
    let elapsed = started.elapsed();
    let figures = zoho.figures();
    // Tokens fall due at the start, at the forced expiry, and (in a long run) once per
    // refresh interval, the lifetime less the margin: at most this many.
    let expiries = if long_run {
        let interval = Duration::from_secs(5) - margin;
        2 + elapsed.as_millis().div_ceil(interval.as_millis()) as u64
    } else {
        2
    };
    println!(
        "fleet: 8 processes x {calls} calls in {elapsed:.2?}: {} tokens issued for {}{expiries} expiries ({before_expiry} before the forced expiry), {} refresh requests, {} refused, peak {} concurrent calls against a cap of {}, {} over the cap, {} calls served",
        figures.tokens_issued,
        if long_run { "at most " } else { "" },
        figures.refresh_requests,
        figures.refused_refreshes,
        figures.peak_concurrent_calls,
        EDITION.concurrent_calls(),
        figures.calls_over_cap,
        zoho.request_count(),
    );
    assert_eq!(failures, 0);
    assert_eq!(figures.refused_refreshes, 0);
    assert_eq!(figures.calls_over_cap, 0);
    assert!(figures.peak_concurrent_calls <= EDITION.concurrent_calls());
    assert_eq!(refreshes, figures.refresh_requests, "every refresh the workers made reached Zoho, and no other");
    // One refresh per expiry for the whole fleet: a process refreshing on its own breaks this.
    if long_run {
        assert!(figures.tokens_issued <= expiries, "{} tokens for {expiries} expiries", figures.tokens_issued);
    } else {
        assert_eq!(before_expiry, 1);
        assert_eq!(figures.tokens_issued, expiries);
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn when_the_refresher_dies_mid_refresh_another_process_refreshes() {
    let redis = RedisServer::start();
    let zoho = MockZoho::start().await.expect("the server starts");
    // The first refresh hangs, so that its process dies holding the lock.
    zoho.set_token_delay(Duration::from_secs(600));
    // The lock outlives the checks below on a loaded machine, and lapses soon after.
    let settings = [(CALLS, "4".to_owned()), (LOCK_MS, "2500".to_owned())];
    let mut first = Worker::spawn(&zoho, &redis, &settings);
    while zoho.figures().refresh_requests == 0 {
        tokio::time::sleep(Duration::from_millis(5)).await;
    }
    first.child.kill().await.expect("the refresher is killed");
    let fleet = RedisFleet::connect(&redis.url(), PREFIX).await.expect("a Redis URL");
    let held = fleet.try_lock(Duration::from_secs(5)).await.expect("Redis answers");
    assert_eq!(held, None, "the dead refresher's lock is still there");
    zoho.set_token_delay(Duration::ZERO);

    let second = Worker::spawn(&zoho, &redis, &settings);
    let (refreshes, failures) = second.finish().await;
    assert_eq!((refreshes, failures), (1, 0), "the second process refreshed once the lock lapsed");
    let kept = fleet.load().await.expect("Redis answers").expect("a token is kept");
    let used = zoho.requests().last().and_then(|request| request.token.clone()).expect("a call was made");
    assert_eq!(kept.access_token, used, "the fleet keeps the second process's token");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn clients_fall_back_to_their_own_refresh_while_redis_is_away_and_share_again_after() {
    let mut redis = RedisServer::start();
    let zoho = MockZoho::start().await.expect("the server starts");
    let fleet = RedisFleet::connect(&redis.url(), PREFIX).await.expect("a Redis URL");
    let (client, tokens) = fleet_client(&zoho.base_url(), &fleet, Duration::from_secs(5), Duration::from_secs(60));
    let calls_in_parallel = |count: usize| {
        let client = client.clone();
        async move {
            let calls: Vec<_> = (0..count)
                .map(|_| {
                    tokio::spawn({
                        let client = client.clone();
                        async move { get(&client).await }
                    })
                })
                .collect();
            for call in calls {
                call.await.expect("the task ends").expect("the call succeeds");
            }
        }
    };
    calls_in_parallel(10).await;
    assert_eq!(tokens.refresh_count(), 1);

    redis.stop();
    zoho.expire_issued_tokens();
    calls_in_parallel(10).await;
    assert_eq!(tokens.refresh_count(), 2, "one refresh of its own, not one per call");

    redis.resume();
    wait_until_redis_answers(&fleet).await;
    zoho.expire_issued_tokens();
    calls_in_parallel(10).await;
    assert_eq!(tokens.refresh_count(), 3);
    let kept = fleet.load().await.expect("Redis answers").expect("the new token is shared again");
    let used = zoho.requests().last().and_then(|request| request.token.clone()).expect("a call was made");
    assert_eq!(kept.access_token, used);
}

#[tokio::test]
async fn a_stale_lock_holder_cannot_overwrite_a_newer_token() {
    let redis = RedisServer::start();
    let fleet = RedisFleet::connect(&redis.url(), PREFIX).await.expect("a Redis URL");
    let stale = fleet.try_lock(Duration::from_millis(400)).await.expect("Redis answers").expect("the lock is free");
    assert_eq!(fleet.try_lock(Duration::from_millis(400)).await.expect("Redis answers"), None, "the lock is held");
    // The stale holder stalls past its lock's life; someone else refreshes.
    let newer = loop {
        if let Some(fence) = fleet.try_lock(Duration::from_secs(5)).await.expect("Redis answers") {
            break fence;
        }
        tokio::time::sleep(Duration::from_millis(10)).await;
    };
    assert!(newer > stale);
    assert!(fleet.save(&stored_token("1000.newer"), newer).await.expect("Redis answers"));
    assert!(
        !fleet.save(&stored_token("1000.stale"), stale).await.expect("Redis answers"),
        "the stale write is refused"
    );
    fleet.unlock(stale).await.expect("Redis answers");
    assert_eq!(
        fleet.try_lock(Duration::from_secs(5)).await.expect("Redis answers"),
        None,
        "a stale unlock frees nothing"
    );
    let kept = fleet.load().await.expect("Redis answers").expect("a token");
    assert_eq!(kept.access_token.expose_secret(), "1000.newer");
}

#[tokio::test]
async fn after_redis_restarts_empty_new_lock_holders_still_outrank_a_holder_from_before() {
    let mut redis = RedisServer::start();
    let fleet = RedisFleet::connect(&redis.url(), PREFIX).await.expect("a Redis URL");
    // Some refreshes before the restart; the last holder is still refreshing.
    for _ in 0..4 {
        let fence = fleet.try_lock(Duration::from_secs(5)).await.expect("Redis answers").expect("the lock is free");
        fleet.unlock(fence).await.expect("Redis answers");
    }
    let from_before = fleet.try_lock(Duration::from_secs(5)).await.expect("Redis answers").expect("the lock is free");

    redis.stop();
    redis.resume();
    wait_until_redis_answers(&fleet).await;

    // The holder from before saves into the empty Redis: nothing newer is kept, so it is.
    assert!(fleet.save(&stored_token("1000.from_before"), from_before).await.expect("Redis answers"));
    fleet.unlock(from_before).await.expect("Redis answers");
    // The next refresh after the restart must be able to replace it.
    let after = fleet.try_lock(Duration::from_secs(5)).await.expect("Redis answers").expect("the lock is free");
    assert!(after > from_before, "a fence from after the restart ranks above one from before");
    assert!(fleet.save(&stored_token("1000.after"), after).await.expect("Redis answers"), "the newer token is kept");
    let kept = fleet.load().await.expect("Redis answers").expect("a token");
    assert_eq!(kept.access_token.expose_secret(), "1000.after");
}

#[tokio::test]
async fn access_denied_holds_every_process_back_instead_of_looping_on_the_endpoint() {
    let redis = RedisServer::start();
    let zoho = MockZoho::start().await.expect("the server starts");
    zoho.set_limits(Limits::zoho().tokens_per_window(1, Duration::from_secs(600)));
    let fleet = RedisFleet::connect(&redis.url(), PREFIX).await.expect("a Redis URL");
    let (first, _) = fleet_client(&zoho.base_url(), &fleet, Duration::from_secs(5), Duration::from_secs(60));
    get(&first).await.expect("the first token is issued");
    zoho.expire_issued_tokens();
    let error = get(&first).await.expect_err("the second refresh is refused");
    assert!(matches!(error, ClientError::Token(TokenError::TooManyRefreshes { .. })), "{error}");
    assert_eq!(zoho.figures().refused_refreshes, 1);

    // Neither this process again nor another one asks Zoho while the refusal lasts.
    let (second, _) = fleet_client(&zoho.base_url(), &fleet, Duration::from_secs(5), Duration::from_secs(60));
    for client in [&first, &second, &first] {
        let error = get(client).await.expect_err("refreshes are held back");
        assert!(
            matches!(error, ClientError::Token(TokenError::TooManyRefreshes { retry_after }) if retry_after > Duration::ZERO)
        );
    }
    assert_eq!(zoho.figures().refresh_requests, 2, "no refresh was tried during the refusal");
}

#[tokio::test]
async fn the_readmes_fleet_client_shares_its_token_through_redis() {
    let redis = RedisServer::start();
    let zoho = MockZoho::start().await.expect("the server starts");
    let client =
        readme::fleet_client(credentials(zoho.accounts_url()), &redis.url(), zoho.endpoint()).await.expect("a client");
    get(&client).await.expect("a call");
    let fleet = RedisFleet::connect(&redis.url(), "zoho:my-org").await.expect("a Redis URL");
    assert!(fleet.load().await.expect("Redis answers").is_some(), "the token is kept in Redis");
    assert!(readme::restartable_tokens(credentials(zoho.accounts_url())).is_ok());
}

#[tokio::test]
async fn a_429_makes_the_whole_fleet_cool_down() {
    let redis = RedisServer::start();
    let zoho = MockZoho::start().await.expect("the server starts");
    let fleet = RedisFleet::connect(&redis.url(), PREFIX).await.expect("a Redis URL");
    let process = |fleet: &RedisFleet| {
        let limit = ConcurrencyLimit::edition(EDITION).fleet_wide(fleet.clone());
        let http = HttpClient::builder(StaticToken::new(sample::ADMIN_TOKEN))
            .concurrency_limit(limit)
            .retry(RetryPolicy::none())
            .build()
            .expect("a client");
        Client::new(zoho.endpoint(), http)
    };
    let (first, second) = (process(&fleet), process(&fleet));
    zoho.inject(Fault::TooManyRequests { retry_after: Some(Duration::from_secs(30)) });
    let error = get(&first).await.expect_err("Zoho says too many");
    assert!(error.api_error().is_some_and(|error| error.code() == "TOO_MANY_REQUESTS"), "{error}");
    let left = fleet.cool_down_left().await.expect("Redis answers").expect("the fleet cools down");
    assert!(left > Duration::from_secs(20) && left <= Duration::from_secs(30), "{left:?}");

    // The other process holds its call back instead of adding to the load.
    let calls_before = zoho.request_count();
    let held = tokio::time::timeout(Duration::from_millis(300), get(&second)).await;
    assert!(held.is_err(), "the call waits out the cool-down");
    assert_eq!(zoho.request_count(), calls_before, "nothing reached Zoho meanwhile");
}

#[tokio::test]
async fn without_a_shared_store_processes_trip_zohos_token_limits() {
    let zoho = MockZoho::start().await.expect("the server starts");
    // Eleven processes that each keep their own token ask for eleven tokens in a window.
    let mut outcomes = Vec::new();
    for _ in 0..11 {
        let tokens = RefreshingToken::new(credentials(zoho.accounts_url())).expect("a token source");
        outcomes.push(tokens.token().await.map(drop));
    }
    assert!(outcomes[..10].iter().all(Result::is_ok));
    assert!(matches!(outcomes[10], Err(TokenError::TooManyRefreshes { .. })), "{:?}", outcomes[10]);
    assert_eq!(zoho.figures().refused_refreshes, 1);

    // Sixteen tokens for one refresh token: the first is no longer accepted.
    zoho.set_limits(Limits::zoho().tokens_per_window(100, Duration::from_secs(600)));
    let first = RefreshingToken::new(credentials(zoho.accounts_url())).expect("a token source");
    let first = first.token().await.expect("a token").access_token;
    for _ in 0..15 {
        let tokens = RefreshingToken::new(credentials(zoho.accounts_url())).expect("a token source");
        tokens.token().await.expect("a token");
    }
    let client = zoho_crm_tests::e2e::client_without_retries(zoho.endpoint(), first.expose_secret());
    let error = get(&client).await.expect_err("the oldest token was displaced");
    assert!(error.api_error().is_some_and(|error| error.code() == "INVALID_TOKEN"), "{error}");
    assert!(zoho.figures().tokens_displaced >= 1);
}

#[tokio::test]
async fn the_fleet_prints_neither_tokens_nor_its_password() {
    let mut redis = RedisServer::with_password("hunter2-password");
    let fleet = RedisFleet::connect(&redis.url(), PREFIX).await.expect("a Redis URL");
    let mut token = zoho_share_records::runtime::client::Token::new(AccessToken::new("1000.kept-secret"));
    token.expires_at = Some(Instant::now() + Duration::from_secs(3600));
    let kept = StoredToken::from_token(&token);
    let fence = fleet.try_lock(Duration::from_secs(5)).await.expect("Redis answers").expect("the lock is free");
    fleet.save(&kept, fence).await.expect("Redis answers");
    let loaded = fleet.load().await.expect("Redis answers").expect("a token");
    redis.stop();
    let error = fleet.load().await.expect_err("Redis is away");
    let printed = format!("{fleet:?} {loaded:?} {error} {error:?}");
    assert!(!printed.contains("kept-secret") && !printed.contains("hunter2"), "{printed}");
}
