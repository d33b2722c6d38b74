//! What changed between two specs, as the generated crate's users see it.
//!
//! Both specs are resolved first and their models ([`model::Api`]) compared, so that a
//! change is described by the Rust names users write (a renamed wire value whose variant
//! keeps its name is no change of the API; a variant renamed by the spec is one). Every
//! change is marked for semver:
//!
//! - [`Impact::Breaking`]: code that compiled or behaved one way may not any more: an
//!   item removed or renamed, a type changed, a field or parameter that must now be
//!   given, a code that now maps to another error kind;
//! - [`Impact::Additive`]: compatible (a minor release): a new operation, a new optional
//!   parameter, a new variant of an enum (the generated enums, request structs and models
//!   are all `#[non_exhaustive]`), a new field of an answer, a new error row.
//!
//! Documentation text is not compared.

mod catalog;
mod errors;
mod operations;
mod types;

use std::collections::HashMap;
use std::fmt;
use std::hash::Hash;

use serde::Serialize;

use crate::model;
use crate::{Diagnostics, read_and_resolve};

/// Whether a change needs a major release.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Impact {
    /// Users' code may stop compiling or behave differently: a major release.
    Breaking,
    /// Compatible for users' code: a minor release.
    Additive,
}

impl fmt::Display for Impact {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Impact::Breaking => "breaking",
            Impact::Additive => "additive",
        })
    }
}

/// What part of the API a change is about.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Area {
    /// The API's name, base URL, authentication or error format.
    Api,
    /// An API version (a variant of `Version`), or the default version.
    Version,
    /// A scope operation type, or the scopes an operation accepts.
    Scope,
    /// A module, custom modules or an unsupported module.
    Module,
    /// A data centre or an environment.
    Host,
    /// A typed ID.
    Id,
    /// An enum as a whole.
    Enum,
    /// A value (variant) of an enum.
    EnumValue,
    /// A model as a whole.
    Model,
    /// A field of a model.
    Field,
    /// An operation as a whole.
    Operation,
    /// A path, query or header parameter of an operation.
    Parameter,
    /// The successful answers of an operation.
    Answer,
    /// An error kind (a variant of `ApiErrorKind`), or how a code maps to kinds.
    ErrorKind,
    /// A documented error row.
    ErrorRow,
}

/// One change.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Change {
    /// Whether it breaks users' code.
    pub impact: Impact,
    /// What part of the API it is about.
    pub area: Area,
    /// The item, by the names users see, e.g. ``operation `get_tags`, parameter `my_tags` ``.
    pub item: String,
    /// What happened to it, e.g. `added (optional)`.
    pub change: String,
}

impl fmt::Display for Change {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}: {}", self.impact, self.item, self.change)
    }
}

/// Every change between two specs, breaking ones first.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Report {
    /// Whether any change is breaking.
    pub breaking: bool,
    /// The changes.
    pub changes: Vec<Change>,
}

impl Report {
    /// The changes of one impact.
    pub fn with_impact(&self, impact: Impact) -> impl Iterator<Item = &Change> {
        self.changes.iter().filter(move |change| change.impact == impact)
    }
}

impl fmt::Display for Report {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for change in &self.changes {
            writeln!(f, "{change}")?;
        }
        let breaking = self.with_impact(Impact::Breaking).count();
        let additive = self.with_impact(Impact::Additive).count();
        match (breaking, additive) {
            (0, 0) => writeln!(f, "no change users can see"),
            (0, _) => writeln!(f, "{additive} additive change(s): a minor release"),
            _ => writeln!(f, "{breaking} breaking and {additive} additive change(s): a major release"),
        }
    }
}

/// Why two specs could not be compared.
#[derive(Debug)]
pub enum DiffError {
    /// The old spec has errors.
    Old(Diagnostics),
    /// The new spec has errors.
    New(Diagnostics),
}

impl fmt::Display for DiffError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            DiffError::Old(problems) => write!(f, "the old spec is invalid:\n{problems}"),
            DiffError::New(problems) => write!(f, "the new spec is invalid:\n{problems}"),
        }
    }
}

impl std::error::Error for DiffError {}

/// Compares two specs given as text (each with the file name its messages use).
pub fn diff_texts(old: &str, old_name: &str, new: &str, new_name: &str) -> Result<Report, DiffError> {
    let (_, old_api, _) = read_and_resolve(old, old_name, &crate::Limits::default()).map_err(DiffError::Old)?;
    let (_, new_api, _) = read_and_resolve(new, new_name, &crate::Limits::default()).map_err(DiffError::New)?;
    Ok(diff(&old_api, &new_api))
}

/// Compares two resolved APIs.
pub fn diff(old: &model::Api, new: &model::Api) -> Report {
    let mut changes = Changes::default();
    catalog::compare(&mut changes, old, new);
    types::compare(&mut changes, old, new);
    errors::compare(&mut changes, old, new);
    operations::compare(&mut changes, old, new);
    let mut changes = changes.0;
    changes.sort_by_key(|change| change.impact);
    Report { breaking: changes.iter().any(|change| change.impact == Impact::Breaking), changes }
}

/// The changes found so far.
#[derive(Default)]
struct Changes(Vec<Change>);

impl Changes {
    fn push(&mut self, impact: Impact, area: Area, item: impl Into<String>, change: impl Into<String>) {
        self.0.push(Change { impact, area, item: item.into(), change: change.into() });
    }

    fn breaking(&mut self, area: Area, item: impl Into<String>, change: impl Into<String>) {
        self.push(Impact::Breaking, area, item, change);
    }

    fn additive(&mut self, area: Area, item: impl Into<String>, change: impl Into<String>) {
        self.push(Impact::Additive, area, item, change);
    }

    /// Items of two lists matched by key: removed ones are breaking, added ones get
    /// `added` (the impact and description of an addition); `both` compares the pairs.
    /// Keys are looked up in a map, so that long lists (thousands of error rows) cost
    /// linear time.
    fn keyed<'a, T, K: Eq + Hash>(
        &mut self,
        lists: (&'a [T], &'a [T]),
        key: impl Fn(&T) -> K,
        (area, item): (Area, impl Fn(&T) -> String),
        added: impl Fn(&T) -> (Impact, String),
        mut both: impl FnMut(&mut Self, &'a T, &'a T),
    ) {
        let (old, new) = lists;
        let index = |items: &'a [T]| {
            let mut map = HashMap::with_capacity(items.len());
            for item in items {
                map.entry(key(item)).or_insert(item);
            }
            map
        };
        let new_by_key = index(new);
        for old_item in old {
            match new_by_key.get(&key(old_item)) {
                Some(new_item) => both(self, old_item, new_item),
                None => self.breaking(area, item(old_item), "removed"),
            }
        }
        let old_by_key = index(old);
        for new_item in new.iter().filter(|new_item| !old_by_key.contains_key(&key(new_item))) {
            let (impact, change) = added(new_item);
            self.push(impact, area, item(new_item), change);
        }
    }

    /// A value that changed: one change of the given impact, showing both.
    fn changed<V: PartialEq + fmt::Debug>(
        &mut self,
        impact: Impact,
        area: Area,
        item: &str,
        what: &str,
        values: (V, V),
    ) {
        if values.0 != values.1 {
            self.push(impact, area, item, format!("{what} changed from {:?} to {:?}", values.0, values.1));
        }
    }
}

/// An addition that is compatible.
fn additive_addition<T>(_: &T) -> (Impact, String) {
    (Impact::Additive, "added".to_owned())
}

/// A URL template as the spec writes it, e.g. `/crm/{version}/{module}`.
fn url_text(parts: &[model::UrlPart]) -> String {
    parts
        .iter()
        .map(|part| match part {
            model::UrlPart::Literal(text) => text.clone(),
            model::UrlPart::Version => "{version}".to_owned(),
            model::UrlPart::Param { wire, .. } => format!("{{{wire}}}"),
        })
        .collect()
}

/// A scope template as the spec writes it, e.g. `ZohoCRM.{module_name}.{operation_type}`.
fn scope_text(parts: &[model::ScopePart]) -> String {
    parts
        .iter()
        .map(|part| match part {
            model::ScopePart::Literal(text) => text.clone(),
            model::ScopePart::ModuleName => "{module_name}".to_owned(),
            model::ScopePart::OperationType => "{operation_type}".to_owned(),
        })
        .collect()
}

/// How users write a type, for messages.
fn type_name(ty: &model::Ty) -> String {
    use model::Ty;
    match ty {
        Ty::Bool => "bool".to_owned(),
        Ty::String => "String".to_owned(),
        Ty::Integer => "i64".to_owned(),
        Ty::Number => "f64".to_owned(),
        Ty::DateTime => "DateTime".to_owned(),
        Ty::Json => "serde_json::Value".to_owned(),
        Ty::Module => "Module".to_owned(),
        Ty::File => "FilePart".to_owned(),
        Ty::Id(name) | Ty::Enum(name) | Ty::Model(name) => name.clone(),
        Ty::List(item) => format!("Vec<{}>", type_name(item)),
        Ty::Outcome(item) => format!("Outcome<{}>", type_name(item)),
    }
}
