//! Bad specs: each file in `tests/bad-specs/` has a golden `.stderr` beside it with every
//! problem the generator must report, with its location and the offending key or value.

use zoho_crm_codegen::read::text_of;
use zoho_crm_codegen::{Diagnostics, Limits, Severity, validate};
use zoho_crm_tests::{assert_goldens, check_golden, read, root};

/// Every problem in a spec file, from its bytes (some bad specs are not UTF-8).
fn problems_of(name: &str) -> Diagnostics {
    let bytes = std::fs::read(root().join("tests/bad-specs").join(name)).unwrap();
    match text_of(&bytes, name, &Limits::default()) {
        Ok(text) => validate(text, name),
        Err(refused) => refused,
    }
}

#[test]
fn every_bad_spec_gets_its_expected_messages_and_locations() {
    let directory = root().join("tests/bad-specs");
    let mut specs: Vec<String> = std::fs::read_dir(&directory)
        .unwrap()
        .filter_map(|entry| entry.ok()?.file_name().into_string().ok())
        .filter(|name| name.ends_with(".yaml"))
        .collect();
    specs.sort();
    assert!(specs.len() >= 20, "at least 20 bad specs, found {}", specs.len());
    let mut failures = Vec::new();
    for name in &specs {
        let diagnostics = problems_of(name);
        if !diagnostics.has_errors() {
            failures.push(format!("{name}: accepted, but it is a bad spec"));
        }
        let unlocated: Vec<_> = diagnostics
            .items
            .iter()
            .filter(|item| item.position.is_none() && item.severity == Severity::Error)
            .collect();
        if !unlocated.is_empty() && name != "25-empty.yaml" {
            failures.push(format!("{name}: {} error(s) without a line and column", unlocated.len()));
        }
        let golden = format!("tests/bad-specs/{}", name.replace(".yaml", ".stderr"));
        if let Err(difference) = check_golden(&golden, &diagnostics.to_string()) {
            failures.push(difference);
        }
    }
    assert_goldens("bad_specs", &failures);
}

#[test]
fn the_generator_never_panics_on_mangled_specs() {
    // Every prefix of the share spec, and the spec with each line dropped in turn, is read
    // and checked: errors are expected, a panic is a bug.
    let text = read("spec/share_records.yaml");
    let lines: Vec<&str> = text.lines().collect();
    for end in (0..lines.len()).step_by(41) {
        let _ = zoho_crm_codegen::generate(&lines[..end].join("\n"), "prefix.yaml", &Default::default());
    }
    for skip in (0..lines.len()).step_by(13) {
        let mangled: Vec<&str> =
            lines.iter().enumerate().filter(|(index, _)| *index != skip).map(|(_, line)| *line).collect();
        let _ = zoho_crm_codegen::generate(&mangled.join("\n"), "mangled.yaml", &Default::default());
    }
}
