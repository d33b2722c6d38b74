//! Error kinds, error rows and how codes map to kinds.

use std::collections::{HashMap, HashSet};

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
    let old_kinds: HashSet<&str> = old.kinds.iter().map(|kind| kind.rust.as_str()).collect();
    let new_kinds: Vec<&str> =
        new.kinds.iter().map(|kind| kind.rust.as_str()).filter(|kind| !old_kinds.contains(kind)).collect();
    changes.keyed(
        (&old.rules, &new.rules),
        |rule: &CodeRule| rule.code.clone(),
        (Area::ErrorKind, |rule: &CodeRule| format!("error code `{}`", rule.code)),
        |rule| (Impact::Additive, format!("added: {}", describe(rule))),
        |changes, old, new| {
            if old == new {
                return;
            }
            let item = format!("error code `{}`", old.code);
            let change = format!("was {}; now {}", describe(old), describe(new));
            if only_new_kinds_appended(old, new, &new_kinds) {
                changes.additive(Area::ErrorKind, item, change);
            } else {
                changes.breaking(Area::ErrorKind, item, change);
            }
        },
    );
}

/// Whether `new` tells a code apart as `old` did, plus new kinds tried after all the old
/// ones: then only messages that fell through to the fallback (or were undocumented) can
/// change kind, and they change to a new variant of the `#[non_exhaustive]` error enum,
/// which is additive. Any other change moves messages between existing kinds.
fn only_new_kinds_appended(old: &CodeRule, new: &CodeRule, new_kinds: &[&str]) -> bool {
    let (kept, added) = new.matched.split_at(old.matched.len().min(new.matched.len()));
    let fallback_kept = old.fallback == new.fallback || (old.fallback.is_none() && new.fallback.is_some());
    kept == old.matched.as_slice()
        && added.iter().all(|(kind, _)| new_kinds.contains(&kind.as_str()))
        && fallback_kept
        && new.fallback.as_deref().is_none_or(|kind| old.fallback.as_deref() == Some(kind) || new_kinds.contains(&kind))
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

/// Compares documented error rows (common ones, or one operation's). A row is known by
/// its kind, code, status and message, and its resolution may change. A row whose message
/// alone changed (the only row of its kind, code and status to go, and the only one to
/// come) is that row corrected, not one removed and another added.
pub(super) fn rows(changes: &mut Changes, owner: &str, old: &[ErrorRow], new: &[ErrorRow]) {
    let key = |row: &ErrorRow| (row.kind.clone(), row.code.clone(), row.status, row.message.to_lowercase());
    let place = |row: &ErrorRow| (row.kind.clone(), row.code.clone(), row.status);
    let describe = |row: &ErrorRow| format!("{owner} `{}` {} {:?}", row.code, row.status, row.message);
    let with_kind = |row: &ErrorRow| format!("{} (kind `{}`)", describe(row), row.kind);
    // What may change in a row that is still there: its resolution, and, when it is
    // known to be the same row reworded, its message.
    let compare = |changes: &mut Changes, old_row: &ErrorRow, new_row: &ErrorRow| {
        let item = describe(old_row);
        changes.changed(Impact::Additive, Area::ErrorRow, &item, "message", (&old_row.message, &new_row.message));
        changes.changed(
            Impact::Additive,
            Area::ErrorRow,
            &item,
            "resolution",
            (&old_row.resolution, &new_row.resolution),
        );
    };
    let old_keys: HashSet<_> = old.iter().map(key).collect();
    let new_by_key: HashMap<_, &ErrorRow> = new.iter().map(|row| (key(row), row)).collect();
    let mut gone: Vec<&ErrorRow> = Vec::new();
    for old_row in old {
        match new_by_key.get(&key(old_row)) {
            Some(new_row) => compare(changes, old_row, new_row),
            None => gone.push(old_row),
        }
    }
    let come: Vec<&ErrorRow> = new.iter().filter(|row| !old_keys.contains(&key(row))).collect();
    let count = |rows: &[&ErrorRow]| {
        let mut counts: HashMap<_, usize> = HashMap::new();
        for row in rows {
            *counts.entry(place(row)).or_default() += 1;
        }
        counts
    };
    let (gone_counts, come_counts) = (count(&gone), count(&come));
    let reworded =
        |row: &ErrorRow| gone_counts.get(&place(row)) == Some(&1) && come_counts.get(&place(row)) == Some(&1);
    let come_by_place: HashMap<_, &ErrorRow> =
        come.iter().filter(|row| reworded(row)).map(|row| (place(row), *row)).collect();
    for old_row in gone {
        match come_by_place.get(&place(old_row)) {
            Some(new_row) => compare(changes, old_row, new_row),
            None => changes.breaking(Area::ErrorRow, with_kind(old_row), "removed"),
        }
    }
    for new_row in come.into_iter().filter(|row| !reworded(row)) {
        changes.additive(Area::ErrorRow, with_kind(new_row), "added");
    }
}
