//! Provenance: every sample and every error row of every spec in `spec/` says where it
//! comes from, and every seed page a `source` names is one of `tests/doc-pages/`.
//!
//! The specs are read through the generator's own reader, so a spec that gains a sample,
//! a row or an operation is checked without touching this file. A row or a sample that
//! names a seed page must also be found on it: its code and message, or its request's
//! path.

use std::path::PathBuf;

use zoho_crm_codegen::read::spec::{ErrorRow, SampleRequest, SampleResponse, Spec};
use zoho_crm_tests::{read, root};

/// Where the seed pages are kept, from the workspace root.
const DOC_PAGES: &str = "tests/doc-pages";

/// Every spec in `spec/`, by file name, read and checked.
fn specs() -> Vec<(String, Spec)> {
    let dir = root().join("spec");
    let mut names: Vec<String> = std::fs::read_dir(&dir)
        .unwrap_or_else(|err| panic!("cannot list {}: {err}", dir.display()))
        .map(|entry| entry.expect("a directory entry").file_name().to_string_lossy().into_owned())
        .filter(|name| name.ends_with(".yaml") || name.ends_with(".yml"))
        .collect();
    names.sort();
    assert!(!names.is_empty(), "no spec found in {}", dir.display());
    names
        .into_iter()
        .map(|name| {
            let text = read(&format!("spec/{name}"));
            match zoho_crm_codegen::load(&text, &name) {
                Ok((spec, _)) => (name, spec),
                Err(problems) => panic!("{name} has problems:\n{problems}"),
            }
        })
        .collect()
}

/// One fact of a spec that must carry a source: where it is, its source, and what of it
/// a seed page must show.
struct Fact {
    place: String,
    source: Option<String>,
    on_page: Vec<String>,
}

fn row_fact(place: String, row: &ErrorRow) -> Fact {
    let on_page = [&row.code, &row.message].into_iter().flatten().cloned().collect();
    Fact { place, source: row.source.clone(), on_page }
}

fn request_fact(place: String, sample: &SampleRequest) -> Fact {
    // The path as the page writes it: what comes after the host, before any query.
    let path = sample.url.as_deref().and_then(|url| {
        let after_scheme = url.split_once("://").map_or(url, |(_, rest)| rest);
        let path = after_scheme.split_once('/').map(|(_, path)| path)?;
        Some(path.split(['?', '#']).next().unwrap_or(path).to_owned())
    });
    Fact { place, source: sample.source.clone(), on_page: path.into_iter().collect() }
}

fn response_fact(place: String, sample: &SampleResponse) -> Fact {
    Fact { place, source: sample.source.clone(), on_page: Vec::new() }
}

/// Every error row and sample of a spec, located.
fn facts(file: &str, spec: &Spec) -> Vec<Fact> {
    let mut facts = Vec::new();
    if let Some(errors) = &spec.errors {
        for (index, row) in errors.common.iter().enumerate() {
            facts.push(row_fact(format!("{file}: errors.common[{index}]"), row));
        }
    }
    for (op_index, operation) in spec.operations.iter().enumerate() {
        let op = operation.name.clone().unwrap_or_else(|| format!("operations[{op_index}]"));
        for (index, row) in operation.errors.iter().enumerate() {
            facts.push(row_fact(format!("{file}: {op}.errors[{index}]"), row));
        }
        for (index, sample) in operation.sample_requests().iter().enumerate() {
            let title = sample.title.as_deref().unwrap_or("");
            facts.push(request_fact(format!("{file}: {op}.samples.requests[{index}] ({title})"), sample));
        }
        for (index, sample) in operation.sample_responses().iter().enumerate() {
            let title = sample.title.as_deref().unwrap_or("");
            facts.push(response_fact(format!("{file}: {op}.samples.responses[{index}] ({title})"), sample));
        }
    }
    facts
}

/// A page's text with its whitespace runs made single spaces, so that a message the spec
/// writes on one line is found when the page wraps it.
fn flattened(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[test]
fn every_sample_and_error_row_names_its_source() {
    let mut missing = Vec::new();
    let mut counted = 0;
    for (file, spec) in specs() {
        for fact in facts(&file, &spec) {
            counted += 1;
            match fact.source.as_deref().map(str::trim) {
                None | Some("") => missing.push(fact.place),
                Some(_) => {}
            }
        }
    }
    assert!(counted > 0, "the specs have no samples and no error rows");
    assert!(missing.is_empty(), "{} facts have no `source`:\n  {}", missing.len(), missing.join("\n  "));
}

#[test]
fn every_seed_source_is_a_doc_page_that_shows_the_fact() {
    let pages: PathBuf = root().join(DOC_PAGES);
    let mut problems = Vec::new();
    let mut seen = 0;
    for (file, spec) in specs() {
        for fact in facts(&file, &spec) {
            let Some(page) = fact.source.as_deref().and_then(|source| source.strip_prefix("seed:")) else { continue };
            seen += 1;
            let path = pages.join(page);
            let is_plain_name = !page.is_empty() && !page.contains(['/', '\\']) && page != "." && page != "..";
            if !is_plain_name || !path.is_file() {
                problems.push(format!("{}: `seed:{page}` is not a file of {DOC_PAGES}/", fact.place));
                continue;
            }
            let text = flattened(&read(&format!("{DOC_PAGES}/{page}")));
            for needle in &fact.on_page {
                if !text.contains(&flattened(needle)) {
                    problems.push(format!("{}: `{needle}` is not on seed:{page}", fact.place));
                }
            }
        }
    }
    assert!(seen > 0, "no fact names a seed page: the seed pages are the primary sources");
    assert!(problems.is_empty(), "{} problems:\n  {}", problems.len(), problems.join("\n  "));
}
