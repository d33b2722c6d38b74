//! Hostile specs: seeded mutants of the Share Records spec and of the test specs (byte
//! flips, lines deleted, repeated or swapped, keys swapped, deep nesting, huge numbers,
//! YAML oddities), checked with `validate` and, when accepted, generated with `generate`.
//! Nothing may panic.
//!
//! `cargo test` runs a short fixed budget. A soak:
//!
//! ```text
//! FUZZ_ITERATIONS=100000 cargo test --release -p zoho-crm-tests --test fuzz_specs -- --nocapture
//! ```
//!
//! (`FUZZ_SEED` picks another seed.)

use std::panic::{AssertUnwindSafe, catch_unwind};

use zoho_crm_codegen::{Error, Settings, generate, validate};
use zoho_crm_tests::mutate::{self, Rng};

/// Mutants checked by `cargo test` (generation is slow in a debug build).
const DEFAULT_ITERATIONS: u64 = 200;

/// Fragments worth splicing into a spec.
const TOKENS: &[&str] = &[
    "\n---\n",
    "&anchor ",
    "*anchor",
    "<<: *anchor\n",
    "!!binary ",
    "!custom ",
    "? ",
    ": ",
    "- ",
    "|\n",
    ">-\n",
    "~",
    "null",
    "\"\\u0000\"",
    "\r",
    "\t",
    "'",
    "\"",
    "#",
    "{",
    "}",
    "[",
    "]",
    "99999999999999999999999999",
    "-0",
    "1e400",
    ".nan",
    "-.inf",
    "0x7fffffffffffffff",
    "Send",
    "Sync",
    "r#type",
    "self",
    "```rust\npanic!()\n```",
    "\u{feff}",
    "\u{2028}",
    // Issue 17, items 8-10: hostile paths, scopes, headers, sources, tags, characters.
    "/../",
    "/./",
    "%zz",
    "%2",
    "{id}{id}",
    "\\",
    "Authorization",
    "x-crm-org",
    "seed:../",
    "oas:../",
    "https://evil.example.com/",
    "!<tag:yaml.org,2002:str> ",
    "!!str ",
    "&a !t ",
    "\u{202e}",
    "\u{2066}",
    "\u{200f}",
    "\u{85}",
    "\u{0}",
    "\u{1b}",
    "\"\\u202e\"",
    "\"\\x00\"",
    "\r\n",
];

/// Values of the hostile shapes (issue 17, items 7-9) put in place of a line's value.
const HOSTILE_VALUES: &[&str] = &[
    "\"/{module_api_name}/../{record_id}\"",
    "\"/{record_id}/{record_id}\"",
    "\"/{a}{b}\"",
    "\"/caf\u{e9}\"",
    "\"/a\\nb\"",
    "\"/a%zz\"",
    "\"/a%20b\"",
    "'/a\"b'",
    "\"{api-domain}/../{version}\"",
    "[\"a\\\"b\", \"a\\\\b\", \"{x}\", \"\\0\", Z.ALL, Z.ALL]",
    "[\"Z.fixed!#$%&'()*+,-./:;<=>?@[]^_`|~\"]",
    "Authorization",
    "X-CRM-ORG",
    "x-crm-org",
    "seed:../../x.txt",
    "oas:/etc/x",
    "https://evil.example.com/x",
    "\"https://www.zoho.com/a'b\"",
    "!!binary aGk=",
    "!custom x",
    "\"x\\u202ey\"",
    "\"x\\u2067y\\u2069\"",
    "\"x\\u0007y\"",
    "\"x\\ty\"",
    "false",
    "query",
    "module",
];

/// Numbers a spec may hold where a small one was meant.
const HUGE_NUMBERS: &[&str] =
    &["18446744073709551616", "-9223372036854775809", "1e400", "-0", ".inf", "4294967296", "65536", "0"];

/// The specs the mutants start from: the real one and the test specs.
fn corpus() -> Vec<(String, String)> {
    let mut specs = vec![("share_records.yaml".to_owned(), zoho_crm_tests::read("spec/share_records.yaml"))];
    let directory = zoho_crm_tests::root().join("tests/specs");
    let mut entries: Vec<_> = std::fs::read_dir(&directory)
        .unwrap_or_else(|err| panic!("{}: {err}", directory.display()))
        .filter_map(Result::ok)
        .map(|entry| entry.path())
        .filter(|path| path.extension().is_some_and(|extension| extension == "yaml"))
        .collect();
    entries.sort();
    for path in entries {
        let name = path.file_name().map(|name| name.to_string_lossy().into_owned()).unwrap_or_default();
        let text = std::fs::read_to_string(&path).unwrap_or_else(|err| panic!("{}: {err}", path.display()));
        specs.push((name, text));
    }
    assert!(specs.len() >= 3, "the test specs were found");
    specs
}

/// One line-level or byte-level change.
fn mutate_once(rng: &mut Rng, text: &str, other: &str) -> String {
    let mut lines: Vec<String> = text.lines().map(str::to_owned).collect();
    if lines.is_empty() {
        lines.push(String::new());
    }
    let at = rng.below(lines.len());
    match rng.below(13) {
        10 => {
            if let Some((key, _)) = lines[at].split_once(": ") {
                lines[at] = format!("{key}: {}", rng.pick(HOSTILE_VALUES));
            }
        }
        11 => return with_line_breaks(rng, text),
        12 => return with_optional_module(text),
        0 => {
            lines.remove(at);
        }
        1 => {
            let copies = 1 + if rng.one_in(4) { rng.below(200) } else { 0 };
            let line = lines[at].clone();
            lines.splice(at..at, std::iter::repeat_n(line, copies));
        }
        2 => {
            let with = rng.below(lines.len());
            lines.swap(at, with);
        }
        3 => swap_keys(rng, &mut lines),
        4 => lines[at] = nested(rng, &lines[at]),
        5 => lines[at] = with_huge_number(rng, &lines[at]),
        6 => {
            let indent = if rng.one_in(2) { "  " } else { "" };
            lines[at] =
                if indent.is_empty() { lines[at].replacen("  ", "", 1) } else { format!("{indent}{}", lines[at]) };
        }
        _ => {
            let bytes = mutate::mutate_bytes(rng, text.as_bytes(), TOKENS, other.as_bytes());
            return String::from_utf8_lossy(&bytes).into_owned();
        }
    }
    let mut joined = lines.join("\n");
    joined.push('\n');
    joined
}

/// The text with its line breaks made CRLF or lone CRs (YAML's other two), or with one
/// lone CR in place of one line break.
fn with_line_breaks(rng: &mut Rng, text: &str) -> String {
    match rng.below(3) {
        0 => text.replace('\n', "\r\n"),
        1 => text.replace('\n', "\r"),
        _ => {
            let breaks: Vec<usize> = text.match_indices('\n').map(|(at, _)| at).collect();
            match breaks.get(rng.below(breaks.len().max(1))) {
                Some(at) => format!("{}\r{}", &text[..*at], &text[at + 1..]),
                None => text.to_owned(),
            }
        }
    }
}

/// The text with its `module` path parameters made optional query parameters, and the
/// module's segment taken out of the paths (issue 17, item 7): specs that stay valid.
fn with_optional_module(text: &str) -> String {
    text.replace("location: path, type: module,", "location: query, type: module, required: false,")
        .replace("\"/{module}/", "\"/")
        .replace(
            "        location: path\n        type: module\n",
            "        location: query\n        type: module\n        required: false\n",
        )
        .replace("\"/{module_api_name}/", "\"/")
}

/// Swaps the keys of two `key: value` lines.
fn swap_keys(rng: &mut Rng, lines: &mut [String]) {
    let keyed: Vec<usize> = lines.iter().enumerate().filter(|(_, line)| line.contains(": ")).map(|(i, _)| i).collect();
    if keyed.len() < 2 {
        return;
    }
    let (a, b) = (*rng.pick(&keyed), *rng.pick(&keyed));
    let split = |line: &str| line.split_once(": ").map(|(key, value)| (key.to_owned(), value.to_owned()));
    if let (Some((key_a, value_a)), Some((key_b, value_b))) = (split(&lines[a]), split(&lines[b])) {
        let indent_a = key_a.len() - key_a.trim_start().len();
        let indent_b = key_b.len() - key_b.trim_start().len();
        lines[a] = format!("{}{}: {value_a}", &key_a[..indent_a], key_b.trim_start());
        lines[b] = format!("{}{}: {value_b}", &key_b[..indent_b], key_a.trim_start());
    }
}

/// The line with its value replaced by a nested flow or block structure (at most a few
/// hundred deep: deeper nesting is the budget checks' business, and costs seconds).
fn nested(rng: &mut Rng, line: &str) -> String {
    let depth = 1 + rng.below(300);
    let key = line.split_once(": ").map_or(line, |(key, _)| key);
    match rng.below(3) {
        0 => format!("{key}: {}{}", "[".repeat(depth), "]".repeat(depth)),
        1 => format!("{key}: {}x{}", "{a: ".repeat(depth), "}".repeat(depth)),
        _ => {
            let indent = key.len() - key.trim_start().len();
            let mut block = format!("{key}:");
            for level in 1..=depth.min(60) {
                block.push('\n');
                block.push_str(&" ".repeat(indent + 2 * level));
                block.push_str("- ");
            }
            block.push('x');
            block
        }
    }
}

/// The line with its first number (or its value) replaced by a huge or odd one.
fn with_huge_number(rng: &mut Rng, line: &str) -> String {
    let huge = *rng.pick(HUGE_NUMBERS);
    match line.find(|c: char| c.is_ascii_digit()) {
        Some(start) => {
            let end = line[start..].find(|c: char| !c.is_ascii_digit()).map_or(line.len(), |length| start + length);
            format!("{}{huge}{}", &line[..start], &line[end..])
        }
        None => match line.split_once(": ") {
            Some((key, _)) => format!("{key}: {huge}"),
            None => line.to_owned(),
        },
    }
}

/// What became of the mutants.
#[derive(Debug, Default)]
struct Tally {
    rejected: u64,
    accepted: u64,
    generated: u64,
    internal_errors: Vec<String>,
    panics: Vec<String>,
}

fn describe(iteration: u64, name: &str, text: &str, what: &str) -> String {
    let shown: String = text.chars().take(200).collect::<String>().escape_debug().collect();
    format!("iteration {iteration} ({name}, {} bytes): {what}: {shown}…", text.len())
}

#[test]
fn mutated_specs_never_panic_the_generator() {
    let (seed, iterations) = (mutate::seed(), mutate::iterations(DEFAULT_ITERATIONS));
    let specs = corpus();
    let settings = Settings::default();
    let mut rng = Rng::new(seed);
    let mut tally = Tally::default();
    let started = std::time::Instant::now();
    for iteration in 0..iterations {
        if iteration > 0 && iteration % 50_000 == 0 {
            // A long soak says how far it got, so a run cut short still has its count.
            println!("{iteration} spec mutants checked in {:.0?}", started.elapsed());
        }
        // The small specs are cheap to generate; the real one is large and gets a third.
        let (name, base) = if rng.one_in(3) { &specs[0] } else { &specs[1 + rng.below(specs.len() - 1)] };
        let other = &rng.pick(&specs).1;
        let mut text = base.clone();
        for _ in 0..=rng.below(3) {
            text = mutate_once(&mut rng, &text, other);
        }
        let checked = catch_unwind(AssertUnwindSafe(|| {
            let diagnostics = validate(&text, name);
            let _ = diagnostics.to_string();
            diagnostics.has_errors()
        }));
        let Ok(has_errors) = checked else {
            tally.panics.push(describe(iteration, name, &text, "validate panicked"));
            continue;
        };
        if has_errors {
            tally.rejected += 1;
            continue;
        }
        // An accepted spec is generated too (a rejected one would stop at the same check).
        tally.accepted += 1;
        match catch_unwind(AssertUnwindSafe(|| generate(&text, name, &settings))) {
            Ok(Ok(_)) => tally.generated += 1,
            Ok(Err(Error::Internal(message))) => tally.internal_errors.push(describe(iteration, name, &text, &message)),
            Ok(Err(_)) => {}
            Err(_) => tally.panics.push(describe(iteration, name, &text, "generate panicked")),
        }
    }
    println!(
        "seed {seed}: {iterations} spec mutants, {} rejected, {} accepted, {} generated, {} internal errors, {} panics",
        tally.rejected,
        tally.accepted,
        tally.generated,
        tally.internal_errors.len(),
        tally.panics.len()
    );
    for finding in tally.internal_errors.iter().take(5) {
        println!("internal error: {finding}");
    }
    assert!(tally.panics.is_empty(), "{} mutants panicked:\n{}", tally.panics.len(), tally.panics.join("\n"));
    assert!(tally.rejected > 0 && tally.generated > 0, "the mutants vary: {tally:?}");
}
