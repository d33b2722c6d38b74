//! Input budgets: hostile specs are refused, located, before the YAML reader or the
//! generator spend much on them (time and memory are measured outside the tests).

use zoho_crm_codegen::{Error, Limits, Settings, generate};
use zoho_crm_tests::read;

/// The first error of a refused spec: its message and position.
fn refusal(text: &str, settings: &Settings) -> (String, Option<(usize, usize)>) {
    match generate(text, "hostile.yaml", settings) {
        Err(Error::Spec(problems)) => {
            let first = &problems.items[0];
            (first.message.clone(), first.position)
        }
        Err(other) => panic!("refused for another reason: {other}"),
        Ok(_) => panic!("accepted"),
    }
}

/// The minimal spec with one more key whose value is `value`.
fn minimal_with(value: &str) -> String {
    read("tests/specs/minimal.yaml") + "extra: " + value + "\n"
}

#[test]
fn a_100000_deep_flow_sequence_is_refused_on_one_line_or_many() {
    let minimal_lines = read("tests/specs/minimal.yaml").lines().count();
    let one_line = "[".repeat(100_000) + &"]".repeat(100_000);
    let (message, position) = refusal(&minimal_with(&one_line), &Settings::default());
    assert!(message.contains("`max_line_bytes`"), "{message}");
    assert_eq!(position, Some((minimal_lines + 1, Limits::default().max_line_bytes + 1)));
    let many_lines = "[\n".repeat(100_000) + &"]".repeat(100_000);
    let (message, position) = refusal(&minimal_with(&many_lines), &Settings::default());
    assert!(message.contains("`max_depth`"), "{message}");
    // The top-level mapping counts as one level; the first `[` is on the key's line.
    assert_eq!(position, Some((minimal_lines + Limits::default().max_depth, 1)));
}

#[test]
fn an_enum_of_200000_values_is_refused_at_the_first_item_too_many() {
    let values = "      - wire: x\n".repeat(200_000);
    let spec = read("tests/specs/minimal.yaml") + "enums:\n  - name: Huge\n    doc: Too many.\n    values:\n" + &values;
    let (message, position) = refusal(&spec, &Settings::default());
    assert!(message.contains("`max_items`"), "{message}");
    let first_value = read("tests/specs/minimal.yaml").lines().count() + 5;
    assert_eq!(position, Some((first_value + Limits::default().max_items, 7)));
}

#[test]
fn counts_past_their_limits_name_the_first_item_too_many() {
    let mut limits = Limits::default();
    limits.max_operations = 0;
    let (message, position) = refusal(&read("tests/specs/minimal.yaml"), &Settings::default().with_limits(limits));
    assert_eq!(message, "the spec has 1 operations; at most 0 are allowed (limit `max_operations`)");
    let operations = read("tests/specs/minimal.yaml").lines().position(|line| line.starts_with("  - name: get_thing"));
    assert_eq!(position, Some((operations.unwrap() + 1, 3)));
}

#[test]
fn the_byte_limit_is_settable() {
    let mut limits = Limits::default();
    limits.max_bytes = 100;
    let (message, position) = refusal(&read("tests/specs/minimal.yaml"), &Settings::default().with_limits(limits));
    assert!(message.contains("at most 100 are allowed (limit `max_bytes`)"), "{message}");
    assert!(position.is_some());
}

#[test]
fn many_sequences_each_under_the_item_limit_are_refused_by_the_node_limit() {
    let sequences: String =
        (0..11).map(|index| format!("extra{index}:\n{}", "  - a\n".repeat(Limits::default().max_items))).collect();
    let (message, _) = refusal(&(read("tests/specs/minimal.yaml") + &sequences), &Settings::default());
    assert!(message.contains("`max_nodes`"), "{message}");
}
