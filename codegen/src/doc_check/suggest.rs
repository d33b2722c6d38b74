//! What `doc-check --suggest` prints: for a fact the spec lacks, the YAML item to paste
//! into the spec and where it goes.

use std::fmt;

use serde_json::Value;
use serde_yaml::{Mapping, Value as Yaml};

use super::page::{PageError, PageParam};

/// One YAML item to add to a list of the spec.
#[derive(Clone, Debug, PartialEq)]
pub struct Suggestion {
    /// Where the item goes: a dotted path whose list items are picked by name, e.g.
    /// `operations[name=revoke_shared_record].errors` or `enums[name=View].values`.
    pub at: String,
    /// The item.
    pub item: Yaml,
}

impl Suggestion {
    /// The item as YAML text, a list item (`- …`) indented by `indent` spaces.
    pub fn item_yaml(&self, indent: usize) -> String {
        let text = serde_yaml::to_string(&self.item).unwrap_or_default();
        let pad = " ".repeat(indent);
        let mut out = String::new();
        for (index, line) in text.lines().enumerate() {
            let marker = if index == 0 { "- " } else { "  " };
            out.push_str(&pad);
            out.push_str(marker);
            out.push_str(line);
            out.push('\n');
        }
        out
    }
}

impl fmt::Display for Suggestion {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(f, "# under {}:", self.at)?;
        f.write_str(&self.item_yaml(0))
    }
}

fn map(pairs: Vec<(&str, Yaml)>) -> Yaml {
    let mut mapping = Mapping::new();
    for (key, value) in pairs {
        mapping.insert(Yaml::String(key.to_owned()), value);
    }
    Yaml::Mapping(mapping)
}

fn text(value: &str) -> Yaml {
    Yaml::String(value.to_owned())
}

fn operation_list(operation: &str, list: &str) -> String {
    format!("operations[name={operation}].{list}")
}

/// A version for `versions`.
pub(super) fn version(name: &str) -> Suggestion {
    Suggestion { at: "versions".to_owned(), item: map(vec![("name", text(name))]) }
}

/// A plain item for one of an operation's lists (`scopes`, `extra_scopes`).
pub(super) fn list_item(operation: &str, list: &str, value: &str) -> Suggestion {
    Suggestion { at: operation_list(operation, list), item: text(value) }
}

/// A value for an enum.
pub(super) fn enum_value(r#enum: &str, wire: &str) -> Suggestion {
    let item = map(vec![("wire", text(wire)), ("doc", text(&format!("`{wire}`, as Zoho's page lists it.")))]);
    Suggestion { at: format!("enums[name={enum}].values"), item }
}

/// A query parameter the page lists.
pub(super) fn param(operation: &str, param: &PageParam) -> Suggestion {
    let mut pairs = vec![("name", text(&snake(&param.name)))];
    if snake(&param.name) != param.name {
        pairs.push(("wire", text(&param.name)));
    }
    pairs.push(("location", text("query")));
    pairs.push(("type", text(spec_type(&param.r#type))));
    if param.optional {
        pairs.push(("required", Yaml::Bool(false)));
    }
    pairs.push(("doc", text(&format!("`{}`, as Zoho's page lists it.", param.name))));
    Suggestion { at: operation_list(operation, "params"), item: map(pairs) }
}

/// A field for a body model.
pub(super) fn field(model: &str, key: &PageParam) -> Suggestion {
    let mut pairs = vec![("name", text(&snake(&key.name)))];
    if snake(&key.name) != key.name {
        pairs.push(("wire", text(&key.name)));
    }
    pairs.push(("type", text(spec_type(&key.r#type))));
    if key.optional {
        pairs.push(("required", Yaml::Bool(false)));
    }
    pairs.push(("doc", text(&format!("`{}`, as Zoho's page lists it.", key.name))));
    Suggestion { at: format!("models[name={model}].fields"), item: map(pairs) }
}

/// The kind a row of `code` would have when the spec has none for it: the code in
/// UpperCamelCase (`RECORD_LOCKED` → `RecordLocked`).
pub(super) fn kind_name(code: &str) -> String {
    code.split('_')
        .filter(|word| !word.is_empty())
        .map(|word| {
            let lower = word.to_ascii_lowercase();
            let mut chars = lower.chars();
            chars.next().map_or_else(String::new, |first| first.to_ascii_uppercase().to_string() + chars.as_str())
        })
        .collect()
}

/// A kind for `errors.kinds`, for a row whose code no kind of the spec covers.
pub(super) fn error_kind(row: &PageError) -> Suggestion {
    let item =
        map(vec![("name", text(&kind_name(&row.code))), ("doc", text(&format!("{}: {}", row.code, row.message)))]);
    Suggestion { at: "errors.kinds".to_owned(), item }
}

/// An error row.
pub(super) fn error_row(operation: &str, kind: Option<&str>, row: &PageError, source: &str) -> Suggestion {
    let fallback = kind_name(&row.code);
    let item = map(vec![
        ("kind", text(kind.unwrap_or(&fallback))),
        ("source", text(source)),
        ("code", text(&row.code)),
        ("status", Yaml::Number(row.status.into())),
        ("message", text(&row.message)),
        (
            "resolution",
            text(if row.resolution.is_empty() { "(The page shows no resolution.)" } else { &row.resolution }),
        ),
    ]);
    Suggestion { at: operation_list(operation, "errors"), item }
}

/// A sample request.
pub(super) fn sample_request(
    operation: &str,
    method: &str,
    url: &str,
    body: Option<&Value>,
    source: &str,
) -> Suggestion {
    let version = url.split("/crm/").nth(1).and_then(|rest| rest.split('/').next()).unwrap_or_default();
    let what = if body.is_some() { "Sample input" } else { "Sample request" };
    let mut pairs = vec![
        ("title", text(&format!("{what} ({version}): {}", url.rsplit("/crm/").next().unwrap_or(url)))),
        ("source", text(source)),
        ("method", text(method)),
        ("url", text(url)),
    ];
    if let Some(body) = body {
        pairs.push(("body", text(&pretty(body))));
    }
    Suggestion { at: operation_list(operation, "samples.requests"), item: map(pairs) }
}

/// A sample answer.
pub(super) fn sample_response(operation: &str, body: &Value, version: Option<&str>, source: &str) -> Suggestion {
    let mut pairs = vec![
        ("title", text(&format!("Sample response ({})", version.unwrap_or("page")))),
        ("source", text(source)),
        ("status", Yaml::Number(200.into())),
    ];
    if let Some(version) = version {
        pairs.push(("version", text(version)));
    }
    pairs.push(("body", text(&pretty(body))));
    Suggestion { at: operation_list(operation, "samples.responses"), item: map(pairs) }
}

fn pretty(value: &Value) -> String {
    let mut text = serde_json::to_string_pretty(value).unwrap_or_default();
    text.push('\n');
    text
}

/// A page's type in the spec's words.
fn spec_type(page_type: &str) -> &'static str {
    match page_type.to_ascii_lowercase().as_str() {
        "boolean" => "bool",
        "integer" | "long" => "integer",
        "number" => "number",
        "json object" | "jsonobject" | "object" | "json array" | "jsonarray" | "array" | "array of objects" => "json",
        _ => "string",
    }
}

/// A wire name in snake case (`sharedTo` → `shared_to`).
fn snake(name: &str) -> String {
    let mut out = String::new();
    for (index, c) in name.chars().enumerate() {
        if c.is_ascii_uppercase() {
            if index > 0 {
                out.push('_');
            }
            out.push(c.to_ascii_lowercase());
        } else {
            out.push(c);
        }
    }
    out
}

/// One step of a suggestion's path: a key, and the `name` of the list item to enter.
fn steps(at: &str) -> Vec<(&str, Option<&str>)> {
    at.split('.')
        .map(|step| match step.split_once("[name=") {
            Some((key, rest)) => (key, Some(rest.trim_end_matches(']'))),
            None => (step, None),
        })
        .collect()
}

/// The spec `yaml` with every suggestion's item added to its list (an item already there
/// is not added twice), or why a suggestion does not fit. Comments are not kept: this is
/// for checking suggestions, not for editing a spec by hand.
pub fn apply_suggestions(yaml: &str, suggestions: &[Suggestion]) -> Result<String, String> {
    let mut root: Yaml = serde_yaml::from_str(yaml).map_err(|err| err.to_string())?;
    for suggestion in suggestions {
        let mut node = &mut root;
        for (key, name) in steps(&suggestion.at) {
            let Yaml::Mapping(mapping) = node else {
                return Err(format!("{}: `{key}` is not under a mapping", suggestion.at));
            };
            let key_value = Yaml::String(key.to_owned());
            if !mapping.contains_key(&key_value) {
                let empty = if name.is_some() { Yaml::Sequence(Vec::new()) } else { Yaml::Mapping(Mapping::new()) };
                mapping.insert(key_value.clone(), empty);
            }
            node = mapping.get_mut(&key_value).ok_or_else(|| format!("{}: no `{key}`", suggestion.at))?;
            if let Some(name) = name {
                let Yaml::Sequence(items) = node else {
                    return Err(format!("{}: `{key}` is not a list", suggestion.at));
                };
                let wanted = Yaml::String(name.to_owned());
                node = items
                    .iter_mut()
                    .find(|item| item.get("name") == Some(&wanted))
                    .ok_or_else(|| format!("{}: no `{key}` item named `{name}`", suggestion.at))?;
            }
        }
        if let Yaml::Mapping(mapping) = node {
            if mapping.is_empty() {
                *node = Yaml::Sequence(Vec::new());
            }
        }
        let Yaml::Sequence(items) = node else {
            return Err(format!("{}: not a list", suggestion.at));
        };
        if !items.contains(&suggestion.item) {
            items.push(suggestion.item.clone());
        }
    }
    serde_yaml::to_string(&root).map_err(|err| err.to_string())
}
