//! The OAuth token endpoint: `POST /oauth/v2/token` with `grant_type=refresh_token`.

use std::time::{Duration, Instant};

use serde_json::json;

use super::{Issued, Reply, State};
use zoho_share_records::runtime::form_pairs;

/// Answers a refresh as Zoho's accounts server does: HTTP 200 with either a token or an
/// `error` key.
pub(super) fn refresh(state: &mut State, query: Option<&str>, body: &[u8]) -> Reply {
    state.refreshes += 1;
    let form = String::from_utf8_lossy(body);
    let mut fields = form_pairs(query.unwrap_or_default());
    fields.extend(form_pairs(&form));
    let field = |name: &str| fields.iter().find(|(key, _)| key == name).map(|(_, value)| value.as_str());
    if field("grant_type") != Some("refresh_token") {
        return Reply::json(200, &json!({"error": "unsupported_grant_type"}));
    }
    let Some(app) = state.apps.iter().find(|app| Some(app.client_id.as_str()) == field("client_id")) else {
        return Reply::json(200, &json!({"error": "invalid_client"}));
    };
    if Some(app.client_secret.as_str()) != field("client_secret") {
        return Reply::json(200, &json!({"error": "invalid_client_secret"}));
    }
    if Some(app.refresh_token.as_str()) != field("refresh_token") {
        return Reply::json(200, &json!({"error": "invalid_code"}));
    }
    let (grant, lifetime, legacy) = (app.grant.clone(), app.lifetime, app.legacy_expiry);
    let refresh_token = app.refresh_token.clone();
    if !state.ledger.may_issue(&refresh_token) {
        // Zoho answers too many refreshes with HTTP 200, for the rest of its window.
        return Reply::json(
            200,
            &json!({
                "error_description": "You have made too many requests continuously. Please try again after some time.",
                "error": "Access Denied",
                "status": "failure",
            }),
        );
    }
    state.issued += 1;
    let access_token = format!("1000.mock{}.{:016x}", state.issued, fastrand::u64(..));
    let expires_at = Instant::now() + lifetime;
    state.tokens.insert(access_token.clone(), Issued { grant, expires_at: Some(expires_at) });
    for displaced in state.ledger.issued(&refresh_token, &access_token) {
        state.tokens.remove(&displaced);
    }
    let seconds = lifetime.as_secs();
    let mut answer = json!({
        "access_token": access_token,
        "api_domain": state.api_domain,
        "token_type": "Bearer",
        "expires_in": seconds,
    });
    if legacy {
        // Older answers gave `expires_in` in milliseconds and the seconds apart.
        answer["expires_in"] = json!(lifetime.as_millis() as u64);
        answer["expires_in_sec"] = json!(seconds);
    }
    Reply::json(200, &answer)
}

/// How long refreshes take, so that tests can have many requests wait on one.
pub(super) fn delay(state: &State) -> Duration {
    state.token_delay
}
