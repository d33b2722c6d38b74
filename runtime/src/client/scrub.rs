//! Secrets scrubbed out of what a server echoes back: an API error whose message (or
//! details, or raw body) quotes the access token, an OAuth error that quotes the refresh
//! token, must not carry them into an error's `Display` or `Debug`.

use serde_json::Value;

/// What a secret is replaced with.
pub(crate) const MARKER: &str = "***";

/// `text` with every occurrence of each of `secrets` replaced by [`MARKER`] (empty
/// secrets are skipped: they would match everywhere).
pub(crate) fn scrub(text: &str, secrets: &[&str]) -> String {
    let mut text = text.to_owned();
    for secret in secrets.iter().filter(|secret| !secret.is_empty()) {
        if text.contains(secret) {
            text = text.replace(secret, MARKER);
        }
        // JSON may write `/` as `\/`: the raw text of an answer holds that form.
        let escaped = secret.replace('/', "\\/");
        if escaped != *secret && text.contains(&escaped) {
            text = text.replace(&escaped, MARKER);
        }
    }
    text
}

/// An answer's body with `secrets` scrubbed out, or `None` when it holds none. A JSON body
/// is scrubbed value by value (so that secrets written with escapes are found too) and
/// written out again; any other body is scrubbed as text.
pub(crate) fn scrub_body(body: &[u8], secrets: &[&str]) -> Option<Vec<u8>> {
    let text = String::from_utf8_lossy(body);
    let scrubbed = scrub(&text, secrets);
    // Most error answers echo nothing: without a secret in the text, nor an escape that
    // could spell one, there is nothing to parse for.
    if scrubbed == text && !text.contains("\\u") {
        return None;
    }
    if let Ok(mut value) = serde_json::from_slice::<Value>(body) {
        if scrub_value(&mut value, secrets) {
            return serde_json::to_vec(&value).ok();
        }
    }
    (scrubbed != text).then(|| scrubbed.into_bytes())
}

/// Scrubs every string (and key) of `value`; whether any held a secret.
fn scrub_value(value: &mut Value, secrets: &[&str]) -> bool {
    match value {
        Value::String(text) => replace_if_changed(text, secrets),
        Value::Array(items) => items.iter_mut().fold(false, |found, item| scrub_value(item, secrets) | found),
        Value::Object(object) => {
            let mut found = false;
            let entries = std::mem::take(object);
            for (mut key, mut item) in entries {
                found |= replace_if_changed(&mut key, secrets);
                found |= scrub_value(&mut item, secrets);
                object.insert(key, item);
            }
            found
        }
        Value::Null | Value::Bool(_) | Value::Number(_) => false,
    }
}

fn replace_if_changed(text: &mut String, secrets: &[&str]) -> bool {
    let scrubbed = scrub(text, secrets);
    let changed = scrubbed != *text;
    *text = scrubbed;
    changed
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn secrets_are_replaced_in_text_and_in_json_however_escaped() {
        assert_eq!(scrub("token 1000.a/b and 1000.a\\/b", &["1000.a/b", ""]), "token *** and ***");
        let escaped = br#"{"code":"INVALID_TOKEN","message":"bad \u0031000.abc","details":{"1000.abc":["1000.abc"]}}"#;
        let clean = String::from_utf8(scrub_body(escaped, &["1000.abc"]).unwrap()).unwrap();
        assert!(!clean.contains("1000.abc") && clean.contains(MARKER), "{clean}");
        let value: Value = serde_json::from_str(&clean).unwrap();
        assert_eq!(value["code"], "INVALID_TOKEN", "the rest is kept");
        assert_eq!(scrub_body(b"<html>1000.abc</html>", &["1000.abc"]).unwrap(), b"<html>***</html>");
        assert_eq!(scrub_body(br#"{"code":"X"}"#, &["1000.abc"]), None, "nothing to scrub");
        assert_eq!(scrub_body(b"anything", &[""]), None);
    }
}
