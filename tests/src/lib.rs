//! Helpers shared by the test suites: paths, the spec, and golden files.

pub mod random_spec;

use std::path::{Path, PathBuf};

use zoho_crm_codegen::read::spec::Spec;

pub mod mutate;
pub mod redis_server;
pub mod scripted;
pub mod spec_edit;
pub mod tls;

/// The environment variable that makes golden-file tests write what they got.
pub const UPDATE_VARIABLE: &str = "UPDATE_SNAPSHOTS";

/// The workspace's root directory.
pub fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).parent().map_or_else(|| PathBuf::from(".."), Path::to_path_buf)
}

/// The text of a file, by its path from the workspace root.
pub fn read(relative: &str) -> String {
    let path = root().join(relative);
    std::fs::read_to_string(&path).unwrap_or_else(|err| panic!("cannot read {}: {err}", path.display()))
}

/// The Share Records spec, read and checked.
pub fn share_spec() -> Spec {
    match zoho_crm_codegen::load(&read("spec/share_records.yaml"), "share_records.yaml") {
        Ok((spec, _)) => spec,
        Err(problems) => panic!("the spec has problems:\n{problems}"),
    }
}

/// Whether golden files should be overwritten instead of compared.
pub fn updating() -> bool {
    std::env::var(UPDATE_VARIABLE).is_ok_and(|value| value == "1")
}

/// Compares `actual` with the golden file at `relative` (from the workspace root), or
/// writes it when updating. Returns the difference as a unified diff with its counts.
pub fn check_golden(relative: &str, actual: &str) -> Result<(), String> {
    let path = root().join(relative);
    if updating() {
        zoho_crm_codegen::write::write_if_changed(&path, actual).map_err(|err| format!("{}: {err}", path.display()))?;
        return Ok(());
    }
    let current = std::fs::read_to_string(&path).ok();
    match zoho_crm_codegen::write::describe_difference(relative, current.as_deref(), actual) {
        None => Ok(()),
        Some(difference) => Err(difference),
    }
}

/// The command that accepts the new output of the golden files of test target `test`: it
/// runs that target alone, so it works while other tests fail.
pub fn accept_command(test: &str) -> String {
    format!("{UPDATE_VARIABLE}=1 cargo test -p zoho-crm-tests --test {test}")
}

/// Panics listing every golden-file difference of test target `test`, with the one
/// command that accepts the new output.
pub fn assert_goldens(test: &str, failures: &[String]) {
    assert!(
        failures.is_empty(),
        "{} golden file(s) differ:\n\n{}\nReview the diffs above; to accept the new output run:\n\n    {}\n\nthen review `git diff` and commit.",
        failures.len(),
        failures.join("\n"),
        accept_command(test),
    );
}

/// Helpers for the end-to-end tests, which run the client against the Zoho-like server.
pub mod e2e {
    use std::time::Duration;

    use zoho_share_mock::{MockZoho, sample};
    use zoho_share_records::runtime::client::{HttpClient, HttpClientBuilder, RetryPolicy, StaticToken};
    use zoho_share_records::{Client, Endpoint, Permission, ShareItem, Sharee, ShareeType};

    /// A retry policy with short waits, so that tests that retry stay fast.
    pub fn quick_retries() -> RetryPolicy {
        RetryPolicy::default().initial_backoff(Duration::from_millis(10)).max_backoff(Duration::from_millis(40))
    }

    /// An HTTP client builder with the administrator's fixed token and quick retries.
    pub fn admin_http() -> HttpClientBuilder {
        HttpClient::builder(StaticToken::new(sample::ADMIN_TOKEN)).retry(quick_retries())
    }

    /// A client of `endpoint` with `token` (its scopes unknown to the client, so nothing is
    /// checked before sending) and no retries.
    pub fn client_without_retries(endpoint: Endpoint, token: &str) -> Client {
        let http = HttpClient::builder(StaticToken::new(token)).retry(RetryPolicy::none()).build();
        Client::new(endpoint, http.expect("an HTTP client"))
    }

    /// A read-only share with one user.
    pub fn read_only_share(user: u64) -> ShareItem {
        ShareItem::private(Sharee::new(user, ShareeType::Users)).with_permission(Permission::ReadOnly)
    }

    /// A client of `zoho` with the administrator's token and quick retries.
    pub fn admin_client(zoho: &MockZoho) -> Client {
        let http = admin_http().build().expect("an HTTP client");
        Client::new(zoho.endpoint(), http)
    }
}
