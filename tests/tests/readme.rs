//! The README's Rust blocks are compiled by the doctests of this crate's `ReadmeJourneys`
//! (and run, where they have a `main`); this checks that none escapes them and that each
//! compiles as GitHub shows it.

use zoho_crm_tests::read;

/// The info string and lines of every fenced block of the README.
fn fenced_blocks(text: &str) -> Vec<(String, Vec<String>)> {
    let mut blocks = Vec::new();
    let mut current: Option<(String, Vec<String>)> = None;
    for line in text.lines() {
        match (current.take(), line.strip_prefix("```")) {
            (None, Some(info)) => current = Some((info.trim().to_owned(), Vec::new())),
            (Some(block), Some(_)) => blocks.push(block),
            (Some((info, mut lines)), None) => {
                lines.push(line.to_owned());
                current = Some((info, lines));
            }
            (None, None) => {}
        }
    }
    blocks
}

#[test]
fn every_rust_block_is_compiled_as_pasted() {
    let blocks = fenced_blocks(&read("README.md"));
    let rust: Vec<_> = blocks.iter().filter(|(info, _)| info.split(',').next() == Some("rust")).collect();
    assert!(!rust.is_empty(), "the README has Rust blocks");
    for (info, lines) in rust {
        let attributes: Vec<&str> = info.split(',').skip(1).collect();
        assert!(
            attributes.iter().all(|attribute| *attribute == "no_run"),
            "a Rust block marked `{info}` would not be compiled:\n{}",
            lines.join("\n")
        );
        let hidden = lines.iter().find(|line| line.trim_start().starts_with("# ") || line.trim() == "#");
        assert_eq!(hidden, None, "a hidden doctest line shows on GitHub as it is");
    }
}

#[test]
fn every_yaml_block_is_a_spec_that_generates() {
    let blocks = fenced_blocks(&read("README.md"));
    let specs: Vec<String> =
        blocks.iter().filter(|(info, _)| info == "yaml").map(|(_, lines)| lines.join("\n")).collect();
    assert!(!specs.is_empty(), "the README shows a spec of one's own");
    for spec in specs {
        match zoho_crm_codegen::generate(&spec, "README.yaml", &zoho_crm_codegen::Settings::default()) {
            Ok(generated) => assert!(generated.warnings.items.is_empty(), "{}", generated.warnings),
            Err(err) => panic!("the README's spec does not generate:\n{err}\n{spec}"),
        }
    }
}
