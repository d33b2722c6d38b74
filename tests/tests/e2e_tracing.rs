//! The runtime's traces over loopback: a call, its retries and waits, and the token
//! refresh it needed, each recorded with what a user needs to follow it, and no secret.

use std::io::Write;
use std::sync::{Arc, Mutex, PoisonError};
use std::time::Duration;

use tracing_subscriber::fmt::MakeWriter;
use zoho_crm_tests::e2e::quick_retries;
use zoho_crm_tests::read;
use zoho_share_mock::{Fault, MockZoho, sample};
use zoho_share_records::runtime::client::{HttpClientBuilder, OAuthCredentials, RefreshingToken, TokenSource};
use zoho_share_records::{Client, Module};

/// Every line the subscriber writes, kept for the test to read.
#[derive(Clone, Default)]
struct Captured(Arc<Mutex<Vec<u8>>>);

impl Captured {
    fn text(&self) -> String {
        String::from_utf8_lossy(&self.0.lock().unwrap_or_else(PoisonError::into_inner)).into_owned()
    }
}

impl Write for Captured {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap_or_else(PoisonError::into_inner).extend_from_slice(bytes);
        Ok(bytes.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

impl<'a> MakeWriter<'a> for Captured {
    type Writer = Captured;

    fn make_writer(&'a self) -> Captured {
        self.clone()
    }
}

/// Runs a GET that Zoho rate-limits once (with a `Retry-After`), with a token refreshed for
/// it, and returns the trace at debug level and every secret the call used.
async fn traced_retried_call() -> (String, Vec<String>) {
    let captured = Captured::default();
    let subscriber = tracing_subscriber::fmt()
        .with_max_level(tracing::Level::DEBUG)
        .with_writer(captured.clone())
        .with_ansi(false)
        .finish();
    let _guard = tracing::subscriber::set_default(subscriber);

    let zoho = MockZoho::start().await.expect("the server starts");
    let credentials =
        OAuthCredentials::new(zoho.accounts_url(), sample::CLIENT_ID, sample::CLIENT_SECRET, sample::REFRESH_TOKEN);
    let tokens: Arc<dyn TokenSource> = Arc::new(RefreshingToken::new(credentials).expect("a token source"));
    let http = HttpClientBuilder::with_shared_tokens(Arc::clone(&tokens)).retry(quick_retries()).build();
    let client = Client::new(zoho.endpoint(), http.expect("an HTTP client"));
    zoho.inject(Fault::TooManyRequests { retry_after: Some(Duration::from_secs(1)) });
    client.get_shared_record_details(Module::Contacts, sample::CONTACT).send().await.expect("the retry passes");

    let access_token = tokens.token().await.expect("the token").access_token.expose_secret().to_owned();
    let secrets = vec![access_token, sample::CLIENT_SECRET.to_owned(), sample::REFRESH_TOKEN.to_owned()];
    (captured.text(), secrets)
}

#[tokio::test]
async fn a_retried_call_leaves_a_trace_of_each_step_and_no_secret() {
    let (trace, secrets) = traced_retried_call().await;
    for secret in &secrets {
        assert!(!trace.contains(secret.as_str()), "a secret is in the trace:\n{trace}");
    }
    let lines: Vec<&str> = trace.lines().collect();
    let position = |needle: &str| {
        lines.iter().position(|line| line.contains(needle)).unwrap_or_else(|| panic!("no `{needle}` in:\n{trace}"))
    };
    let refreshed = position("access token refreshed");
    let first_answer = position("answer attempt=1 status=429");
    let retrying = position("retrying attempt=1");
    let second_answer = position("answer attempt=2");
    let finished = position("call finished attempts=2 outcome=\"ok\"");
    let in_order =
        [refreshed, first_answer, retrying, second_answer, finished].windows(2).all(|pair| pair[0] < pair[1]);
    assert!(in_order, "in order:\n{trace}");
    assert!(lines[retrying].contains("wait_ms=1000"), "the wait Zoho asked for: {}", lines[retrying]);
    assert!(lines[retrying].contains("error=\"api\"") || lines[retrying].contains("error=api"), "{}", lines[retrying]);
    for line in [lines[refreshed], lines[first_answer], lines[retrying], lines[second_answer], lines[finished]] {
        assert!(line.contains("zoho_call{operation=\"get_shared_record_details\" method=GET"), "{line}");
        assert!(line.contains("path=\"/{module_api_name}/{record_id}/actions/share\""), "the template: {line}");
        assert!(!line.contains(&sample::CONTACT.to_string()), "no record ID: {line}");
    }
    assert!(
        lines[refreshed].contains("zoho_token_refresh{role=\"lock holder\" outcome=\"ok\"}"),
        "{}",
        lines[refreshed]
    );
}

/// A line of a trace with what changes from run to run (numbers) set aside.
fn shape(line: &str) -> String {
    let mut shaped = String::new();
    let mut in_number = false;
    for c in line.trim().chars() {
        if c.is_ascii_digit() {
            if !in_number {
                shaped.push('N');
            }
            in_number = true;
        } else {
            in_number = false;
            shaped.push(c);
        }
    }
    shaped
}

#[tokio::test]
async fn the_readme_shows_the_trace_a_retried_call_leaves() {
    let readme = read("README.md");
    let shown: Vec<&str> = readme
        .split("```text\n")
        .skip(1)
        .filter_map(|rest| rest.split("```").next())
        .find(|block| block.contains("zoho_call"))
        .expect("the README shows a trace")
        .lines()
        .collect();
    let (trace, _) = traced_retried_call().await;
    let traced: Vec<String> = trace.lines().map(shape).collect();
    for line in shown {
        assert!(traced.contains(&shape(line)), "the README shows a line no call leaves: {line}\nthe trace:\n{trace}");
    }
}
