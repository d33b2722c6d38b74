//! Schemas to spec types: models, enums, error objects.

use std::collections::{BTreeMap, BTreeSet};

use heck::{ToSnakeCase, ToUpperCamelCase};
use serde_json::Value;

use super::refs::{Documents, Located};
use super::{OasError, Warning};
use crate::model::reserved::RESERVED_TYPES;

/// A model being built.
#[derive(Clone, Debug)]
pub struct ModelOut {
    /// Its Rust name.
    pub rust: String,
    /// What it is.
    pub doc: String,
    /// Its fields.
    pub fields: Vec<FieldOut>,
    /// Where its schema is.
    pub at: String,
    /// Error objects found in its fields (e.g. the items of a list of outcomes).
    pub errors: Vec<ErrorFound>,
}

/// A field being built.
#[derive(Clone, Debug)]
pub struct FieldOut {
    /// Its snake-case name.
    pub name: String,
    /// Its JSON key.
    pub wire: String,
    /// Its spec type.
    pub ty: String,
    /// Whether the schema requires it.
    pub required: bool,
}

/// An enum being built.
#[derive(Clone, Debug)]
pub struct EnumOut {
    /// Its Rust name.
    pub rust: String,
    /// Its wire values.
    pub values: Vec<String>,
}

/// An error object found in a schema: its codes and messages.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ErrorFound {
    /// The codes it lists.
    pub codes: Vec<String>,
    /// The messages it lists.
    pub messages: Vec<String>,
    /// Where it is.
    pub at: String,
}

/// A spec type and the error objects found beside it (not inside a named model).
pub struct TypeOut {
    /// The spec type.
    pub ty: String,
    /// Error objects found in a `oneOf` at this node.
    pub errors: Vec<ErrorFound>,
}

/// Converts schemas, keeping every model and enum made.
#[derive(Default)]
pub struct Schemas {
    /// The models, in the order made.
    pub models: Vec<ModelOut>,
    /// The enums, in the order made.
    pub enums: Vec<EnumOut>,
    /// Fields of error details objects, by JSON key: their type.
    pub details: BTreeMap<String, String>,
    /// What was approximated.
    pub warnings: Vec<Warning>,
    by_location: BTreeMap<String, String>,
    taken: BTreeSet<String>,
    /// The models being made, outermost first, each with whether a list holds it.
    in_progress: Vec<(String, bool)>,
    /// Whether the schema being converted is the item of a list.
    list_item: bool,
    /// How deep the conversion is, to stop at schemas nested without end.
    depth: usize,
}

/// The deepest a schema may nest (arrays of arrays, `allOf` of `allOf`, …).
const MAX_DEPTH: usize = 64;

/// The primitive types a field can have in the spec.
const PRIMITIVES: &[&str] = &["string", "integer", "number", "bool", "datetime", "json"];

impl Schemas {
    /// Marks type names as used (e.g. the operations' request types).
    pub fn reserve(&mut self, name: &str) {
        self.taken.insert(name.to_owned());
    }

    /// A warning at `at`.
    pub fn warn(&mut self, at: &str, message: impl Into<String>) {
        self.warnings.push(Warning { pointer: at.to_owned(), message: message.into() });
    }

    /// A type name not yet used, from `base`.
    pub fn fresh_name(&mut self, base: &str) -> String {
        let mut base = base.to_upper_camel_case();
        if !base.starts_with(|c: char| c.is_ascii_alphabetic()) {
            base = format!("Model{base}");
        }
        let mut name = base.clone();
        let mut counter = 2;
        while self.taken.contains(&name) || RESERVED_TYPES.contains(&name.as_str()) {
            name = format!("{base}{counter}");
            counter += 1;
        }
        self.taken.insert(name.clone());
        name
    }

    /// A model with no fields that keeps every key, for a schema the format cannot
    /// describe where a model is needed.
    pub fn opaque_model(&mut self, base: &str, at: &str) -> String {
        let rust = self.fresh_name(base);
        let doc = "Kept as it comes: the OpenAPI file describes it in a way the format cannot.".to_owned();
        self.models.push(ModelOut {
            rust: rust.clone(),
            doc,
            fields: Vec::new(),
            at: at.to_owned(),
            errors: Vec::new(),
        });
        rust
    }

    /// The model called `rust`.
    pub fn model(&self, rust: &str) -> Option<&ModelOut> {
        self.models.iter().find(|model| model.rust == rust)
    }

    /// The spec type of a schema; `context` names a model made for an inline object.
    pub fn type_of(&mut self, docs: &mut Documents, node: &Located, context: &str) -> Result<TypeOut, OasError> {
        if self.depth >= MAX_DEPTH {
            self.warn(&node.at(), format!("nested deeper than {MAX_DEPTH} schemas: kept as JSON"));
            return Ok(TypeOut { ty: "json".to_owned(), errors: Vec::new() });
        }
        self.depth += 1;
        let out = self.type_at_depth(docs, node, context);
        self.depth -= 1;
        out
    }

    fn type_at_depth(&mut self, docs: &mut Documents, node: &Located, context: &str) -> Result<TypeOut, OasError> {
        let named = node.value.get("$ref").is_some();
        let schema = docs.resolve(node)?;
        let plain = |ty: &str| Ok(TypeOut { ty: ty.to_owned(), errors: Vec::new() });
        if let Some(branches) =
            ["oneOf", "anyOf"].iter().map(|key| schema.key(key)).find(|branches| branches.value.is_array())
        {
            return self.one_of(docs, &branches, context);
        }
        let all_of = schema.key("allOf");
        if all_of.value.is_array() {
            let parts = all_of.items();
            if let [only] = parts.as_slice() {
                return self.type_of(docs, only, context);
            }
            let Some(merged) = merge_objects(docs, &schema, &parts)? else {
                self.warn(&all_of.at(), "`allOf` of schemas that are not all objects of this file: kept as JSON");
                return plain("json");
            };
            self.warn(&all_of.at(), "`allOf` of objects: one model with the properties of all");
            let base = if named { last_segment(&schema.pointer) } else { context.to_owned() };
            return match self.object(docs, &merged, &base)? {
                Some(ty) => Ok(TypeOut { ty, errors: Vec::new() }),
                None => plain("json"),
            };
        }
        match schema.text("type") {
            Some("string") if schema.text("format") == Some("date-time") => plain("datetime"),
            Some("string") => plain("string"),
            Some("integer") => plain("integer"),
            Some("number") => plain("number"),
            Some("boolean") => plain("bool"),
            Some("array") => self.array(docs, &schema, context),
            Some("object") | None if schema.value.get("properties").is_some_and(Value::is_object) => {
                let base = if named { last_segment(&schema.pointer) } else { context.to_owned() };
                match self.object(docs, &schema, &base)? {
                    Some(ty) => Ok(TypeOut { ty, errors: Vec::new() }),
                    None => {
                        self.warn(&schema.at(), "a model that holds itself outside a list: kept as JSON there");
                        plain("json")
                    }
                }
            }
            Some("object") => {
                self.warn(&schema.at(), "an object without properties kept as JSON");
                plain("json")
            }
            other => {
                let what = other.map_or_else(|| "no type".to_owned(), |ty| format!("type `{ty}`"));
                self.warn(&schema.at(), format!("a schema with {what} kept as JSON"));
                plain("json")
            }
        }
    }

    fn one_of(&mut self, docs: &mut Documents, branches: &Located, context: &str) -> Result<TypeOut, OasError> {
        let mut errors = Vec::new();
        let mut others = Vec::new();
        for branch in branches.items() {
            let schema = docs.resolve(&branch)?;
            match self.error_object(docs, &schema)? {
                Some(found) => errors.push(found),
                None => others.push(branch),
            }
        }
        let mut out = match others.as_slice() {
            [] => TypeOut { ty: "json".to_owned(), errors: Vec::new() },
            [only] => self.type_of(docs, only, context)?,
            [first, ..] => {
                self.warn(&branches.at(), "a `oneOf` of several schemas (not errors) kept as JSON");
                self.type_of(docs, first, context)?;
                TypeOut { ty: "json".to_owned(), errors: Vec::new() }
            }
        };
        out.errors.extend(errors);
        Ok(out)
    }

    fn array(&mut self, docs: &mut Documents, schema: &Located, context: &str) -> Result<TypeOut, OasError> {
        let items = schema.key("items");
        if items.value.is_null() {
            self.warn(&schema.at(), "an array without `items`: a list of JSON values");
            return Ok(TypeOut { ty: "list<json>".to_owned(), errors: Vec::new() });
        }
        self.list_item = true;
        let item = self.type_of(docs, &items, &format!("{context}Item"));
        self.list_item = false;
        let item = item?;
        let is_model = !PRIMITIVES.contains(&item.ty.as_str()) && !item.ty.contains('<');
        if item.errors.is_empty() || !is_model {
            return Ok(TypeOut { ty: format!("list<{}>", item.ty), errors: item.errors });
        }
        Ok(TypeOut { ty: format!("list<outcome<{}>>", item.ty), errors: item.errors })
    }

    /// The model of an object schema, made once per location; `None` when it would hold
    /// itself with no list between (the format cannot describe that).
    fn object(&mut self, docs: &mut Documents, schema: &Located, base: &str) -> Result<Option<String>, OasError> {
        let via_list = std::mem::take(&mut self.list_item);
        if let Some(name) = self.by_location.get(&schema.at()) {
            let open = self.in_progress.iter().position(|(open, _)| open == name);
            let through_list =
                via_list || open.is_some_and(|start| self.in_progress.iter().skip(start + 1).any(|(_, list)| *list));
            if open.is_some() && !through_list {
                return Ok(None);
            }
            return Ok(Some(name.clone()));
        }
        let rust = self.fresh_name(base);
        self.in_progress.push((rust.clone(), via_list));
        self.by_location.insert(schema.at(), rust.clone());
        let required: Vec<&str> = schema
            .value
            .get("required")
            .and_then(Value::as_array)
            .map(|names| names.iter().filter_map(Value::as_str).collect())
            .unwrap_or_default();
        let required: BTreeSet<String> = required.into_iter().map(str::to_owned).collect();
        let doc = schema.text("description").unwrap_or_default().to_owned();
        let position = self.models.len();
        self.models.push(ModelOut { rust: rust.clone(), doc, fields: Vec::new(), at: schema.at(), errors: Vec::new() });
        let mut fields = Vec::new();
        let mut errors = Vec::new();
        let mut names = BTreeSet::new();
        for (key, property) in schema.key("properties").entries() {
            let field = self.field(docs, &rust, &key, &property, required.contains(&key))?;
            let (mut field, found) = field;
            while !names.insert(field.name.clone()) {
                field.name.push('_');
            }
            fields.push(field);
            errors.extend(found);
        }
        if let Some(model) = self.models.get_mut(position) {
            model.fields = fields;
            model.errors = errors;
        }
        self.in_progress.pop();
        Ok(Some(rust))
    }

    fn field(
        &mut self,
        docs: &mut Documents,
        model: &str,
        key: &str,
        property: &Located,
        required: bool,
    ) -> Result<(FieldOut, Vec<ErrorFound>), OasError> {
        let mut name = key.to_snake_case();
        if !name.starts_with(|c: char| c.is_ascii_alphabetic()) {
            name = format!("field_{name}");
        }
        let resolved = docs.resolve(property)?;
        let nullable = resolved.value.get("nullable").and_then(Value::as_bool) == Some(true);
        let context = format!("{model}{}", key.to_upper_camel_case());
        self.list_item = false;
        let out = match self.enum_values(&resolved) {
            Some(values) => TypeOut { ty: self.enum_type(&resolved, key, &context, values), errors: Vec::new() },
            None => self.type_of(docs, property, &context)?,
        };
        let field = FieldOut { name, wire: key.to_owned(), ty: out.ty, required: required && !nullable };
        Ok((field, out.errors))
    }

    /// The string values of an enum schema.
    fn enum_values(&self, schema: &Located) -> Option<Vec<String>> {
        let values = schema.value.get("enum")?.as_array()?;
        Some(values.iter().filter_map(Value::as_str).map(str::to_owned).collect())
    }

    /// An enum of identifier-like values becomes an enum type; free text (or a lone
    /// constant) stays text, with a warning for free text.
    fn enum_type(&mut self, schema: &Located, key: &str, context: &str, values: Vec<String>) -> String {
        let identifier_like = values.iter().all(|value| {
            let variant = value.to_upper_camel_case();
            variant.starts_with(|c: char| c.is_ascii_alphabetic()) && !value.contains(' ')
        });
        let distinct: BTreeSet<String> = values.iter().map(|value| value.to_upper_camel_case()).collect();
        if values.len() < 2 {
            return "string".to_owned();
        }
        if !identifier_like || distinct.len() != values.len() {
            self.warn(&schema.at(), format!("the values of `{key}` are free text: kept as text"));
            return "string".to_owned();
        }
        if let Some(existing) = self.enums.iter().find(|item| item.values == values) {
            return existing.rust.clone();
        }
        let rust = self.fresh_name(context);
        self.enums.push(EnumOut { rust: rust.clone(), values });
        rust
    }

    /// The error objects of an error answer's schema: itself, or the branches of its
    /// `oneOf`/`anyOf`.
    pub fn errors_of(&mut self, docs: &mut Documents, node: &Located) -> Result<Vec<ErrorFound>, OasError> {
        let schema = docs.resolve(node)?;
        let branches = ["oneOf", "anyOf"].iter().map(|key| schema.key(key)).find(|branches| branches.value.is_array());
        let schemas = branches.map_or_else(|| vec![schema.clone()], |branches| branches.items());
        let mut found = Vec::new();
        for branch in schemas {
            let branch = docs.resolve(&branch)?;
            found.extend(self.error_object(docs, &branch)?);
        }
        Ok(found)
    }

    /// The error object a schema describes, if it is one: `status` `error`, or a `code`
    /// and a `message` beside `status`.
    pub fn error_object(&mut self, docs: &mut Documents, schema: &Located) -> Result<Option<ErrorFound>, OasError> {
        let properties = schema.key("properties");
        let enum_of = |docs: &mut Documents, key: &str| -> Result<Vec<String>, OasError> {
            let node = docs.resolve(&properties.key(key))?;
            Ok(node
                .value
                .get("enum")
                .and_then(Value::as_array)
                .map(|values| values.iter().filter_map(Value::as_str).map(str::to_owned).collect())
                .unwrap_or_default())
        };
        let status = enum_of(docs, "status")?;
        if status != ["error"] {
            return Ok(None);
        }
        let codes = enum_of(docs, "code")?;
        let messages = enum_of(docs, "message")?;
        if codes.is_empty() {
            self.warn(&schema.at(), "an error object without codes: left out");
            return Ok(None);
        }
        self.details(docs, &properties.key("details"))?;
        Ok(Some(ErrorFound { codes, messages, at: schema.at() }))
    }

    /// Adds the keys of an error's details object (or of each of its `oneOf` branches) to
    /// the details model.
    fn details(&mut self, docs: &mut Documents, node: &Located) -> Result<(), OasError> {
        let details = docs.resolve(node)?;
        let branches = details.key("oneOf");
        let schemas = if branches.value.is_array() { branches.items() } else { vec![details] };
        for schema in schemas {
            let schema = docs.resolve(&schema)?;
            for (key, property) in schema.key("properties").entries() {
                let property = docs.resolve(&property)?;
                let ty = match property.text("type") {
                    Some("string") => "string",
                    Some("integer") => "integer",
                    Some("number") => "number",
                    Some("boolean") => "bool",
                    _ => "json",
                };
                let previous = self.details.entry(key).or_insert_with(|| ty.to_owned());
                if previous != ty {
                    *previous = "json".to_owned();
                }
            }
        }
        Ok(())
    }
}

/// One object schema, at `schema`'s place, with the properties (the first of each name)
/// and the required names of every part; `None` unless every part is an object with
/// properties in `schema`'s file (so that the parts' refs stay relative to it).
fn merge_objects(docs: &mut Documents, schema: &Located, parts: &[Located]) -> Result<Option<Located>, OasError> {
    let mut properties = serde_json::Map::new();
    let mut required = Vec::new();
    for part in parts {
        let part = docs.resolve(part)?;
        let Some(own) = part.value.get("properties").and_then(Value::as_object) else { return Ok(None) };
        if part.file != schema.file {
            return Ok(None);
        }
        for (key, property) in own {
            properties.entry(key.clone()).or_insert_with(|| property.clone());
        }
        required.extend(part.value.get("required").and_then(Value::as_array).into_iter().flatten().cloned());
    }
    let value = serde_json::json!({"type": "object", "properties": properties, "required": required});
    Ok(Some(Located { file: schema.file.clone(), pointer: schema.pointer.clone(), value }))
}

/// The last segment of a JSON pointer.
fn last_segment(pointer: &str) -> String {
    pointer.rsplit('/').next().unwrap_or_default().replace("~1", "/").replace("~0", "~")
}
