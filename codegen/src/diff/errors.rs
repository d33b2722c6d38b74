//! Error kinds, error rows and how codes map to kinds.

use super::{Area, Changes, Impact, additive_addition};
use crate::model::{Api, CodeRule, ErrorKind, ErrorRow};

/// Compares the API's errors: format, kinds, common rows and code rules.
pub(super) fn compare(changes: &mut Changes, old: &Api, new: &Api) {
    let (old, new) = (&old.errors, &new.errors);
    changes.changed(Impact::Breaking, Area::Api, "the error format", "keys", (&old.format, &new.format));
    changes.changed(
        Impact::Breaking,
        Area::Api,
        "the error details",
        "model",
        (&old.details_model, &new.details_model),
    );
    changes.keyed(
        (&old.kinds, &new.kinds),
        |kind: &ErrorKind| kind.rust.clone(),
        (Area::ErrorKind, |kind: &ErrorKind| format!("error kind `{}` (`ErrorKind::{0}`, `ApiError::{0}`)", kind.rust)),
        additive_addition,
        |changes, old, new| {
            let item = format!("error kind `{}`", old.rust);
            changes.changed(Impact::Breaking, Area::ErrorKind, &item, "retryable", (old.retryable, new.retryable));
            changes.changed(
                Impact::Breaking,
                Area::ErrorKind,
                &item,
                "renews the token",
                (old.renew_token, new.renew_token),
            );
        },
    );
    rows(changes, "common error", &old.common, &new.common);
    changes.keyed(
        (&old.rules, &new.rules),
        |rule: &CodeRule| rule.code.clone(),
        (Area::ErrorKind, |rule: &CodeRule| format!("error code `{}`", rule.code)),
        |rule| (Impact::Additive, format!("added: {}", describe(rule))),
        |changes, old, new| {
            if old != new {
                let item = format!("error code `{}`", old.code);
                changes.breaking(Area::ErrorKind, item, format!("was {}; now {}", describe(old), describe(new)));
            }
        },
    );
}

/// How a code maps to kinds, in words.
fn describe(rule: &CodeRule) -> String {
    let mut parts: Vec<String> =
        rule.matched.iter().map(|(kind, text)| format!("`{kind}` when the message has {text:?}")).collect();
    match &rule.fallback {
        Some(kind) => parts.push(format!("`{kind}` otherwise")),
        None => parts.push("undocumented otherwise".to_owned()),
    }
    parts.join(", ")
}

/// Compares documented error rows (common ones, or one operation's): a row is known by
/// its kind, code, status and message; its resolution may change.
pub(super) fn rows(changes: &mut Changes, owner: &str, old: &[ErrorRow], new: &[ErrorRow]) {
    let key = |row: &ErrorRow| (row.kind.clone(), row.code.clone(), row.status, row.message.to_lowercase());
    changes.keyed(
        (old, new),
        key,
        (Area::ErrorRow, |row: &ErrorRow| {
            format!("{owner} `{}` {} {:?} (kind `{}`)", row.code, row.status, row.message, row.kind)
        }),
        additive_addition,
        |changes, old, new| {
            let item = format!("{owner} `{}` {} {:?}", old.code, old.status, old.message);
            changes.changed(Impact::Additive, Area::ErrorRow, &item, "resolution", (&old.resolution, &new.resolution));
        },
    );
}
