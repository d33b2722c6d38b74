//! The resolve stage: one pass from the spec as written to the intermediate model,
//! collecting every problem on the way, each with where it is.
//!
//! Like serde_derive's `internals`, resolving never stops at the first problem: each
//! section is resolved on its own into its part of the model (with a stand-in where the
//! spec is wrong, so that later parts can still be checked), and a problem only silences
//! the checks that depend on it. Checks that span the whole model (Rust names that
//! collide, models that contain themselves, error codes told apart) run on what was
//! built. The model is returned only when no error was found, so a spec problem is
//! always a located message, never a failure of a later stage. Positions are filled in
//! afterwards from the text.

mod api;
mod errors;
mod names;
mod operations;
mod paging;
mod text_rules;
pub mod type_lookup;
mod types;
pub mod url_match;

use std::collections::BTreeMap;

pub use errors::all_rows as all_error_rows;

use crate::diag::{Diagnostics, DocPath};
use crate::model::Api;
use crate::model::naming;
use crate::read::spec::{Node, Spec};
use crate::resolve::type_lookup::{Symbols, nearest};

/// Keys of earlier versions of the format, the key that took their place, and what to do.
const RENAMED_KEYS: &[(&str, &str, &str)] =
    &[("url", "base_url", "`url` is now `base_url` (`{api-domain}` and `{version}`) plus a `path` in each operation")];

/// Resolves `spec` into the model; the model is `None` when the spec has errors. The
/// diagnostics hold every problem found (positions not yet filled in).
pub fn resolve(spec: &Spec, file: &str) -> (Option<Api>, Diagnostics) {
    let mut resolver =
        Resolver { spec, symbols: Symbols::new(spec), diagnostics: Diagnostics::new(file), suggested: Vec::new() };
    resolver.keys(spec, &DocPath::root());
    let api = resolver.api();
    let api = (!resolver.diagnostics.has_errors()).then_some(api);
    (api, resolver.diagnostics)
}

/// Every problem in `spec` (positions not yet filled in).
pub fn check(spec: &Spec, file: &str) -> Diagnostics {
    resolve(spec, file).1
}

/// The state of one resolve pass.
struct Resolver<'s> {
    spec: &'s Spec,
    symbols: Symbols<'s>,
    diagnostics: Diagnostics,
    /// Where an unknown key was taken for a misspelt known one: that key is not also
    /// reported missing (one mistake, one message).
    suggested: Vec<DocPath>,
}

/// The names a list of enum variants has had so far: as the spec spells them, and as Rust
/// names (with the spec name each came from), each with where it was first seen.
#[derive(Default)]
struct VariantNames {
    spec: BTreeMap<String, DocPath>,
    rust: BTreeMap<String, (DocPath, String)>,
}

impl<'s> Resolver<'s> {
    fn error(&mut self, path: &DocPath, message: impl Into<String>) {
        self.diagnostics.error(path, message);
    }

    fn warning(&mut self, path: &DocPath, message: impl Into<String>) {
        self.diagnostics.warning(path, message);
    }

    /// Reports the keys of `node` that its kind does not accept.
    fn keys<N: Node>(&mut self, node: &N, path: &DocPath) {
        let valid: Vec<&str> = N::KEYS.iter().map(|key| key.trim_start_matches("r#")).collect();
        for key in node.unknown_keys().keys() {
            if let Some((_, new, message)) = RENAMED_KEYS.iter().find(|(old, _, _)| old == key) {
                self.suggested.push(path.key(new));
                self.error(&path.key(key), *message);
                continue;
            }
            let message = match nearest(key, valid.iter().copied()) {
                Some(suggestion) => {
                    self.suggested.push(path.key(suggestion));
                    format!("unknown key `{key}` (did you mean `{suggestion}`?)")
                }
                // `{ doc: Its text, with a comma. }` reads as a key `with a comma.`: say why.
                None if key.contains(' ') => format!(
                    "unknown key `{key}`: inside `{{ … }}` a comma ends a plain value, so the text after it \
                     became a key; quote the value that holds the comma (\"…, …\")"
                ),
                None => format!("unknown key `{key}` (expected one of: {})", valid.join(", ")),
            };
            self.error(&path.key(key), message);
        }
    }

    /// A required value: reports it when missing.
    fn required<'v, T>(&mut self, value: &'v Option<T>, path: &DocPath, key: &str) -> Option<&'v T> {
        let key_path = path.key(key);
        if value.is_none() && !self.suggested.contains(&key_path) {
            self.error(&key_path, format!("missing required key `{key}`"));
        }
        value.as_ref()
    }

    /// A required, non-blank text.
    fn required_text<'v>(&mut self, value: &'v Option<String>, path: &DocPath, key: &str) -> Option<&'v str> {
        let text = self.required(value, path, key)?;
        if text.trim().is_empty() {
            self.error(&path.key(key), format!("`{key}` is empty"));
            return None;
        }
        Some(text)
    }

    /// A name that must be unique among `seen`; reports the second use.
    fn unique<'n>(
        &mut self,
        seen: &mut BTreeMap<String, DocPath>,
        name: &'n str,
        path: &DocPath,
        what: &str,
    ) -> Option<&'n str> {
        if let Some(first) = seen.get(name) {
            self.error(path, format!("duplicate {what} `{name}` (first defined at {first})"));
            return None;
        }
        seen.insert(name.to_owned(), path.clone());
        Some(name)
    }

    /// A Rust name that must be unique among `seen` (Rust name to where and what it came
    /// from); reports the second spec name that converts to it.
    fn unique_rust(
        &mut self,
        seen: &mut BTreeMap<String, (DocPath, String)>,
        rust: String,
        name: &str,
        path: &DocPath,
        what: &str,
    ) -> bool {
        if let Some((first, other)) = seen.get(&rust) {
            if other != name {
                self.error(path, format!("{what} `{name}` becomes `{rust}` in Rust, like `{other}` at {first}"));
            }
            return false;
        }
        seen.insert(rust, (path.clone(), name.to_owned()));
        true
    }

    /// A name that must give a Rust name.
    /// A spec name that becomes an enum variant (a version, a data centre, …): nameable,
    /// unique among its list, and unique in Rust once converted (`READ` and `read`, or
    /// `v1.0` and `v1_0`, would be one variant).
    fn variant_name(&mut self, seen: &mut VariantNames, name: &str, path: &DocPath, what: &str) {
        if self.nameable(name, path, what) && self.unique(&mut seen.spec, name, path, what).is_some() {
            self.unique_rust(&mut seen.rust, naming::type_name(name), name, path, what);
        }
    }

    fn nameable(&mut self, name: &str, path: &DocPath, what: &str) -> bool {
        if !name.is_ascii() {
            self.error(path, format!("{what} `{name}` must be ASCII to give a Rust name"));
            return false;
        }
        if !naming::is_nameable(name) {
            self.error(path, format!("{what} `{name}` gives no Rust name (it has no letter or digit)"));
            return false;
        }
        true
    }

    /// Text of an optional value, trimmed; empty when absent.
    fn text(value: &Option<String>) -> String {
        value.as_deref().map(str::trim).unwrap_or_default().to_owned()
    }

    /// Documentation text of an optional value: trimmed, and escaped so that rustdoc
    /// reads it as prose (see [`crate::model::doc_text`]).
    fn doc(value: &Option<String>) -> String {
        crate::model::doc_text::escape(&Self::text(value))
    }

    /// A version name that must be one of the spec's versions.
    fn version_ref(&mut self, name: &str, path: &DocPath) -> Option<usize> {
        let index = self.symbols.version_index(name);
        if index.is_none() {
            let versions = self.symbols.versions().to_vec();
            let hint =
                nearest(name, versions.iter().copied()).map_or_else(String::new, |v| format!(" (did you mean `{v}`?)"));
            self.error(path, format!("unknown version `{name}`{hint}; versions are: {}", versions.join(", ")));
        }
        index
    }

    /// An HTTP status, which must be within 100 to 599.
    fn status(&mut self, status: i64, path: &DocPath) -> bool {
        let valid = (100..=599).contains(&status);
        if !valid {
            self.error(path, format!("`status` {status} is not an HTTP status (100 to 599)"));
        }
        valid
    }

    /// Text that must be valid JSON.
    fn json(&mut self, text: &str, path: &DocPath) -> Option<serde_json::Value> {
        serde_json::from_str(text).map_err(|err| self.error(path, format!("the body is not valid JSON: {err}"))).ok()
    }
}
