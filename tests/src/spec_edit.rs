//! Specs edited as YAML values, never as text: a test that finds its place in a spec by
//! the file's layout breaks when a maintainer re-lays it with a YAML tool (same meaning,
//! same client), so tests read specs through a YAML parser or the spec's types and edit
//! copies. Names a test adds start with `ZzTestOnly` (`zz_test_only` in snake case), which
//! no real spec uses.

use serde_yaml::Value;

/// The kind of error tests add to a copy of a spec.
pub const TEST_KIND: &str = "ZzTestOnlyKind";

/// A spec's text as a YAML value (panics on text that is not YAML: a test's own input).
pub fn value(text: &str) -> Value {
    serde_yaml::from_str(text).unwrap_or_else(|err| panic!("not YAML: {err}"))
}

/// A YAML value as text.
pub fn text(value: &Value) -> String {
    serde_yaml::to_string(value).unwrap_or_else(|err| panic!("cannot write YAML: {err}"))
}

/// The same spec laid out another way: `serde_yaml`'s block style, its own quoting, no
/// comments, where the spec has flow mappings, literal blocks and comments.
pub fn relaid(spec: &str) -> String {
    text(&value(spec))
}

/// The sequence at `key` of a mapping, which must be there.
pub fn sequence<'v>(value: &'v mut Value, key: &str) -> &'v mut Vec<Value> {
    value.get_mut(key).and_then(Value::as_sequence_mut).unwrap_or_else(|| panic!("the spec has no sequence `{key}`"))
}

/// The first operation that lists error rows.
pub fn first_operation_with_errors(spec: &mut Value) -> &mut Value {
    sequence(spec, "operations")
        .iter_mut()
        .find(|operation| operation.get("errors").and_then(Value::as_sequence).is_some())
        .expect("an operation with error rows")
}

/// The item of a sequence whose `name` is `name`.
pub fn named<'v>(items: &'v mut [Value], name: &str) -> &'v mut Value {
    items
        .iter_mut()
        .find(|item| item.get("name").and_then(Value::as_str) == Some(name))
        .unwrap_or_else(|| panic!("nothing is named `{name}`"))
}

/// A YAML value written as YAML text (a test's literal).
pub fn yaml(literal: &str) -> Value {
    value(literal)
}

/// `spec` with one more error kind, [`TEST_KIND`] (told apart by `matching`), and a row of
/// it with `code` for the first operation that has error rows; `first` puts the kind
/// before the others (tried first), else after them.
pub fn with_test_kind(spec: &str, code: &str, matching: &str, first: bool) -> String {
    let mut spec = value(spec);
    let kind = yaml(&format!("{{ name: {TEST_KIND}, match: {matching}, doc: A kind added by a test. }}"));
    let kinds = sequence(spec.get_mut("errors").expect("the spec has errors"), "kinds");
    if first {
        kinds.insert(0, kind);
    } else {
        kinds.push(kind);
    }
    let row = yaml(&format!(
        "{{ kind: {TEST_KIND}, code: {code}, status: 400, message: the {matching} message, resolution: None., source: constructed }}"
    ));
    sequence(first_operation_with_errors(&mut spec), "errors").insert(0, row);
    text(&spec)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_relaid_spec_has_another_layout_and_the_same_meaning() {
        let spec = crate::read("spec/share_records.yaml");
        let relaid = relaid(&spec);
        assert_ne!(relaid, spec);
        assert_eq!(value(&relaid), value(&spec));
    }
}
