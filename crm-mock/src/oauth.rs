//! The OAuth token endpoint, `POST /oauth/v2/token` with `grant_type=refresh_token`, and
//! Zoho's limit on how many access tokens a refresh token gets in a window.

use std::collections::{HashMap, VecDeque};
use std::time::{Duration, Instant};

use serde_json::{Value, json};

use super::{Issued, State};
use zoho_crm_runtime::form_pairs;

/// Access tokens issued per refresh token, within a sliding window.
#[derive(Debug)]
pub(super) struct Ledger {
    pub(super) limit: usize,
    pub(super) window: Duration,
    issued_at: HashMap<String, VecDeque<Instant>>,
}

impl Default for Ledger {
    /// Zoho's: 10 access tokens per refresh token in 10 minutes.
    fn default() -> Self {
        Ledger { limit: 10, window: Duration::from_secs(600), issued_at: HashMap::new() }
    }
}

impl Ledger {
    /// Whether `refresh_token` may have another access token now; if so, it is counted.
    fn take(&mut self, refresh_token: &str) -> bool {
        let window = self.window;
        let issued = self.issued_at.entry(refresh_token.to_owned()).or_default();
        while issued.front().is_some_and(|at| at.elapsed() >= window) {
            issued.pop_front();
        }
        let allowed = issued.len() < self.limit;
        if allowed {
            issued.push_back(Instant::now());
        }
        allowed
    }
}

/// Answers a refresh as Zoho's accounts server does: HTTP 200 with either a token or an
/// `error` key. The fields may come in the query or in a form body.
pub(super) fn refresh(state: &mut State, query: Option<&str>, body: &[u8]) -> (u16, Value) {
    state.refreshes += 1;
    let mut fields = form_pairs(query.unwrap_or_default());
    fields.extend(form_pairs(&String::from_utf8_lossy(body)));
    let field = |name: &str| fields.iter().find(|(key, _)| key == name).map(|(_, value)| value.as_str());
    if field("grant_type") != Some("refresh_token") {
        return (200, json!({"error": "unsupported_grant_type"}));
    }
    if field("client_id") != Some(state.app.client_id.as_str()) {
        return (200, json!({"error": "invalid_client"}));
    }
    if field("client_secret") != Some(state.app.client_secret.as_str()) {
        return (200, json!({"error": "invalid_client_secret"}));
    }
    if field("refresh_token") != Some(state.app.refresh_token.as_str()) {
        return (200, json!({"error": "invalid_code"}));
    }
    let refresh_token = state.app.refresh_token.clone();
    if !state.ledger.take(&refresh_token) {
        // Zoho answers too many refreshes with HTTP 200, for the rest of its window.
        return (
            200,
            json!({
                "error_description": "You have made too many requests continuously. Please try again after some time.",
                "error": "Access Denied",
                "status": "failure",
            }),
        );
    }
    state.issued += 1;
    let access_token = format!("1000.crmmock{}.{:016x}", state.issued, fastrand::u64(..));
    let lifetime = state.app.lifetime;
    let issued = Issued { grant: state.app.grant.clone(), expires_at: Some(Instant::now() + lifetime) };
    state.tokens.insert(access_token.clone(), issued);
    (
        200,
        json!({
            "access_token": access_token,
            "api_domain": state.api_domain,
            "token_type": "Bearer",
            "expires_in": lifetime.as_secs(),
        }),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_eleventh_token_in_a_window_is_refused_per_refresh_token() {
        let mut ledger = Ledger::default();
        assert!((0..10).all(|_| ledger.take("refresh")));
        assert!(!ledger.take("refresh"));
        assert!(ledger.take("another"));
        let mut quick = Ledger { window: Duration::ZERO, ..Ledger::default() };
        assert!((0..20).all(|_| quick.take("refresh")), "tokens older than the window no longer count");
    }
}
