//! Name lookups shared by the check and model stages, so that both resolve a spec the
//! same way.

use std::collections::{BTreeMap, BTreeSet};

use crate::read::spec::{Field, Model, Spec};
use crate::read::type_expr::TypeExpr;

/// What a type name names.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TypeKind {
    /// A typed ID.
    Id,
    /// An open enum.
    Enum,
    /// An object model.
    Model,
}

/// The names a spec defines.
#[derive(Debug, Default)]
pub struct Symbols<'s> {
    types: BTreeMap<&'s str, TypeKind>,
    models: BTreeMap<&'s str, &'s Model>,
    enum_values: BTreeMap<&'s str, Vec<&'s str>>,
    versions: Vec<&'s str>,
    operation_types: Vec<&'s str>,
    error_kinds: BTreeSet<&'s str>,
}

impl<'s> Symbols<'s> {
    /// Collects the names of `spec`; the first definition of a duplicate name wins.
    pub fn new(spec: &'s Spec) -> Self {
        let mut symbols = Symbols::default();
        for id in &spec.ids {
            symbols.define(id.name.as_deref(), TypeKind::Id);
        }
        for item in &spec.enums {
            if let Some(name) = item.name.as_deref() {
                symbols.define(Some(name), TypeKind::Enum);
                let values = item.values.iter().filter_map(|value| value.wire.as_deref()).collect();
                symbols.enum_values.entry(name).or_insert(values);
            }
        }
        for model in &spec.models {
            if let Some(name) = model.name.as_deref() {
                symbols.define(Some(name), TypeKind::Model);
                symbols.models.entry(name).or_insert(model);
            }
        }
        symbols.error_kinds =
            spec.errors.iter().flat_map(|errors| &errors.kinds).filter_map(|kind| kind.name.as_deref()).collect();
        symbols.versions = spec.versions.iter().filter_map(|version| version.name.as_deref()).collect();
        if let Some(scopes) = &spec.scopes {
            symbols.operation_types = scopes.operation_types.iter().filter_map(|kind| kind.name.as_deref()).collect();
        }
        symbols
    }

    fn define(&mut self, name: Option<&'s str>, kind: TypeKind) {
        if let Some(name) = name {
            self.types.entry(name).or_insert(kind);
        }
    }

    /// What `name` names, if anything.
    pub fn type_kind(&self, name: &str) -> Option<TypeKind> {
        self.types.get(name).copied()
    }

    /// Whether `name` is a declared error kind.
    pub fn is_error_kind(&self, name: &str) -> bool {
        self.error_kinds.contains(name)
    }

    /// The model called `name`.
    pub fn model(&self, name: &str) -> Option<&'s Model> {
        self.models.get(name).copied()
    }

    /// The wire values of enum `name`.
    pub fn enum_values(&self, name: &str) -> Option<&[&'s str]> {
        self.enum_values.get(name).map(Vec::as_slice)
    }

    /// The position of version `name` (oldest first).
    pub fn version_index(&self, name: &str) -> Option<usize> {
        self.versions.iter().position(|version| *version == name)
    }

    /// The versions, oldest first.
    pub fn versions(&self) -> &[&'s str] {
        &self.versions
    }

    /// Whether `name` is a scope operation type.
    pub fn is_operation_type(&self, name: &str) -> bool {
        self.operation_types.contains(&name)
    }

    /// Follows a dotted path of fields (`shared_with.sharee_type`) from model `start` to
    /// an enum field, returning the fields on the way and the enum's name.
    pub fn enum_key_path(&self, start: &str, path: &str) -> Result<(Vec<&'s Field>, &'s str), String> {
        let mut model = self.model(start).ok_or_else(|| format!("`{start}` is not a model"))?;
        let mut fields = Vec::new();
        let steps: Vec<&str> = path.split('.').collect();
        for (position, step) in steps.iter().enumerate() {
            let field = model
                .fields
                .iter()
                .find(|field| field.name.as_deref() == Some(*step))
                .ok_or_else(|| format!("model `{}` has no field `{step}`", model.name.as_deref().unwrap_or("?")))?;
            fields.push(field);
            let ty = field.r#type.as_deref().map(TypeExpr::parse);
            let named = match ty {
                Some(Ok(TypeExpr::Named(name))) => name,
                _ => return Err(format!("`{step}` is not an enum or a model field")),
            };
            let last = position + 1 == steps.len();
            match (self.type_kind(&named), last) {
                (Some(TypeKind::Enum), true) => {
                    return Ok((fields, self.types.get_key_value(named.as_str()).map_or("", |(k, _)| *k)));
                }
                (Some(TypeKind::Model), false) => {
                    model = self.model(&named).ok_or_else(|| format!("`{named}` is not a model"))?
                }
                (_, true) => return Err(format!("`{path}` must end at an enum field, but `{step}` is `{named}`")),
                (_, false) => {
                    return Err(format!("`{step}` is `{named}`, not a model, so `{path}` cannot go through it"));
                }
            }
        }
        Err("the key path is empty".to_owned())
    }

    /// Every defined type name, sorted.
    pub fn type_names(&self) -> impl Iterator<Item = &'s str> + '_ {
        self.types.keys().copied()
    }
}

/// The nearest of `candidates` to `word`, if one is close enough to be a likely typo.
pub fn nearest<'c>(word: &str, candidates: impl IntoIterator<Item = &'c str>) -> Option<&'c str> {
    let limit = (word.chars().count() / 3).max(2);
    candidates
        .into_iter()
        .map(|candidate| (edit_distance(&word.to_ascii_lowercase(), &candidate.to_ascii_lowercase()), candidate))
        .filter(|(distance, _)| *distance <= limit)
        .min_by_key(|(distance, candidate)| (*distance, *candidate))
        .map(|(_, candidate)| candidate)
}

/// Levenshtein distance between two strings, by characters.
fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut diagonal = row[0];
        row[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let substitution = diagonal + usize::from(ca != *cb);
            diagonal = row[j + 1];
            row[j + 1] = substitution.min(row[j] + 1).min(row[j + 1] + 1);
        }
    }
    row[b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nearest_finds_typos_but_not_strangers() {
        let keys = ["status", "code", "message", "resolution"];
        assert_eq!(nearest("stauts", keys), Some("status"));
        assert_eq!(nearest("mesage", keys), Some("message"));
        assert_eq!(nearest("Code", keys), Some("code"));
        assert_eq!(nearest("banana", keys), None);
    }

    #[test]
    fn edit_distance_counts_edits() {
        assert_eq!(edit_distance("kitten", "sitting"), 3);
        assert_eq!(edit_distance("", "abc"), 3);
        assert_eq!(edit_distance("same", "same"), 0);
    }
}
