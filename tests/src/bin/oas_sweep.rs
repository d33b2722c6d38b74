//! Imports every OpenAPI file of a folder (Zoho's `v8.0/` of `zoho/crm-oas`, checked out
//! locally), validates and generates each, compiles all the generated clients together as
//! modules of one scratch crate under the project's lints, and reports the figures:
//!
//! ```sh
//! cargo run --release -p zoho-crm-tests --bin oas_sweep -- <checkout>/v8.0
//! ```
//!
//! Per file: the operations the OpenAPI file has and the spec kept, whether it validates,
//! the loose `json` fields, the generated lines, and the compiler's errors and warnings
//! (`missing_docs` and clippy included) and rustdoc's in its module. The scratch crate is kept under
//! `target/oas-sweep/` to look at. Nothing of the OpenAPI files is written into the
//! repository.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode};
use std::time::Instant;

use serde_json::Value;
use zoho_crm_codegen::read::spec::Spec;
use zoho_crm_codegen::{Settings, generate, load, oas, validate};
use zoho_crm_tests::root;

/// What became of one file.
#[derive(Default)]
struct Outcome {
    /// Operations in the OpenAPI file (methods under `paths`).
    oas_operations: usize,
    /// Why it could not be imported, or did not validate.
    failure: Option<String>,
    /// Whether the file holds no operation (shared parts other files refer to).
    no_operations: bool,
    /// Operations the imported spec kept.
    kept: usize,
    /// Fields typed `json` (nothing more specific was known).
    json_fields: usize,
    /// Operations whose calls can walk every page (`pagination`).
    paged: usize,
    /// Lines of the generated client.
    lines: usize,
    /// Compiler errors and warnings in its module, by lint or error code.
    problems: BTreeMap<String, usize>,
}

const METHODS: &[&str] = &["get", "post", "put", "patch", "delete"];

fn oas_operation_count(path: &Path) -> usize {
    let text = std::fs::read_to_string(path).unwrap_or_default();
    let document: Value = serde_json::from_str(&text).unwrap_or(Value::Null);
    let Some(paths) = document.get("paths").and_then(Value::as_object) else { return 0 };
    paths
        .values()
        .filter_map(Value::as_object)
        .map(|item| METHODS.iter().filter(|m| item.contains_key(**m)).count())
        .sum()
}

fn json_field_count(spec: &Spec) -> usize {
    spec.models.iter().flat_map(|model| &model.fields).filter(|field| field.r#type.as_deref() == Some("json")).count()
}

/// Imports, validates and generates one file; the generated code when it validates.
fn sweep_file(path: &Path, name: &str) -> (Outcome, Option<String>) {
    let mut outcome = Outcome { oas_operations: oas_operation_count(path), ..Outcome::default() };
    let imported = match oas::import_file(path, None) {
        Ok(imported) => imported,
        Err(error) => {
            outcome.no_operations = matches!(error, oas::OasError::NoOperations { .. });
            outcome.failure = Some(format!("import: {error}"));
            return (outcome, None);
        }
    };
    let file_name = format!("{name}.yaml");
    let diagnostics = validate(&imported.spec, &file_name);
    if diagnostics.has_errors() {
        let first = diagnostics.items.iter().find(|item| item.severity == zoho_crm_codegen::Severity::Error);
        outcome.failure =
            first.map(|item| format!("validate: {} ({} errors)", item.message, diagnostics.error_count()));
        return (outcome, None);
    }
    if let Ok((spec, _)) = load(&imported.spec, &file_name) {
        outcome.kept = spec.operations.len();
        outcome.json_fields = json_field_count(&spec);
        outcome.paged = spec.operations.iter().filter(|operation| operation.pagination.is_some()).count();
    }
    match generate(&imported.spec, &file_name, &Settings::default()) {
        Ok(generated) => {
            outcome.lines = generated.code.lines().count();
            (outcome, Some(generated.code))
        }
        Err(error) => {
            outcome.failure = Some(format!("generate: {error}"));
            (outcome, None)
        }
    }
}

/// A module name for a file: its stem, made a Rust identifier.
fn module_name(stem: &str) -> String {
    let name: String =
        stem.chars().map(|c| if c.is_ascii_alphanumeric() { c.to_ascii_lowercase() } else { '_' }).collect();
    format!("oas_{name}")
}

/// Writes the scratch crate: the runtime as its one dependency, each client a module.
fn write_crate(directory: &Path, modules: &[(String, String)]) -> std::io::Result<()> {
    let _ = std::fs::remove_dir_all(directory.join("src"));
    std::fs::create_dir_all(directory.join("src"))?;
    let manifest = format!(
        "[package]\nname = \"oas-sweep\"\nversion = \"0.0.0\"\nedition = \"2024\"\npublish = false\n\n\
         [dependencies]\nzoho-crm-runtime = {{ path = {:?} }}\n\n[lints.rust]\nmissing_docs = \"warn\"\n\n\
         [lints.clippy]\nall = \"warn\"\n\n[workspace]\n",
        root().join("runtime").display().to_string()
    );
    std::fs::write(directory.join("Cargo.toml"), manifest)?;
    std::fs::copy(root().join("Cargo.lock"), directory.join("Cargo.lock"))?;
    let mut lib = String::from("//! Clients generated from Zoho's OpenAPI files.\n");
    for (module, code) in modules {
        std::fs::write(directory.join(format!("src/{module}.rs")), code)?;
        lib.push_str(&format!("\n/// Generated from `{module}`.\npub mod {module};\n"));
    }
    std::fs::write(directory.join("src/lib.rs"), lib)
}

/// Runs cargo in the scratch crate: its stderr and the seconds it took.
fn cargo(directory: &Path, args: &[&str]) -> (String, f64) {
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_owned());
    let started = Instant::now();
    let output = Command::new(cargo)
        .args(args)
        .current_dir(directory)
        .env("CARGO_TARGET_DIR", directory.join("target"))
        .output();
    let seconds = started.elapsed().as_secs_f64();
    match output {
        Ok(output) => (String::from_utf8_lossy(&output.stderr).into_owned(), seconds),
        Err(error) => (format!("cannot run cargo: {error}"), seconds),
    }
}

/// The diagnostics of a `--message-format=short` run: each one's module and kind
/// (`error[E0308]`, or a warning's message up to its first quoted name).
fn diagnostics(stderr: &str) -> Vec<(String, String)> {
    stderr
        .lines()
        .filter_map(|line| {
            let (file, rest) = line.strip_prefix("src/")?.split_once(".rs:")?;
            let mut parts = rest.splitn(4, ':');
            let (_line, _column, level, message) = (parts.next()?, parts.next()?, parts.next()?, parts.next()?);
            let level = level.trim();
            let kind = if level.starts_with("error") {
                level.to_owned()
            } else {
                format!("{level}: {}", message.split('`').next().unwrap_or_default().trim())
            };
            Some((file.to_owned(), kind))
        })
        .collect()
}

fn main() -> ExitCode {
    let Some(folder) = std::env::args_os().nth(1).map(PathBuf::from) else {
        eprintln!("usage: oas_sweep <folder of OpenAPI files, e.g. a checkout's v8.0>");
        return ExitCode::from(2);
    };
    let mut files: Vec<PathBuf> = match std::fs::read_dir(&folder) {
        Ok(entries) => entries.filter_map(Result::ok).map(|entry| entry.path()).collect(),
        Err(error) => {
            eprintln!("{}: {error}", folder.display());
            return ExitCode::from(2);
        }
    };
    files.retain(|path| path.extension().is_some_and(|ext| ext == "json"));
    files.sort();

    let mut outcomes = BTreeMap::new();
    let mut modules = Vec::new();
    for path in &files {
        let stem = path.file_stem().map(|stem| stem.to_string_lossy().into_owned()).unwrap_or_default();
        let module = module_name(&stem);
        let (outcome, code) = sweep_file(path, &stem);
        if let Some(code) = code {
            modules.push((module.clone(), code));
        }
        outcomes.insert(module, outcome);
    }

    // Errors stop the compiler before its lints, so the modules with errors are compiled
    // first, and the others again on their own for their warnings.
    let directory = root().join("target/oas-sweep");
    let check = ["clippy", "--offline", "--message-format=short"];
    if let Err(error) = write_crate(&directory, &modules) {
        eprintln!("cannot write the scratch crate: {error}");
        return ExitCode::from(2);
    }
    let (stderr, _) = cargo(&directory, &check);
    let mut failed = Vec::new();
    for (module, kind) in diagnostics(&stderr).into_iter().filter(|(_, kind)| kind.starts_with("error")) {
        if let Some(outcome) = outcomes.get_mut(&module) {
            *outcome.problems.entry(kind).or_default() += 1;
            failed.push(module);
        }
    }
    modules.retain(|(module, _)| !failed.contains(module));
    if let Err(error) = write_crate(&directory, &modules) {
        eprintln!("cannot write the scratch crate: {error}");
        return ExitCode::from(2);
    }
    let (stderr, _) = cargo(&directory, &check);
    for (module, kind) in diagnostics(&stderr) {
        if let Some(outcome) = outcomes.get_mut(&module) {
            *outcome.problems.entry(kind).or_default() += 1;
        }
    }
    // rustdoc's lints (broken intra-doc links, bare URLs, HTML in docs) on the same modules.
    let (stderr, _) = cargo(&directory, &["doc", "--offline", "--no-deps", "--message-format=short"]);
    for (module, kind) in diagnostics(&stderr) {
        if let Some(outcome) = outcomes.get_mut(&module) {
            *outcome.problems.entry(format!("rustdoc {kind}")).or_default() += 1;
        }
    }
    // The clients that compile, built together from clean (the runtime stays built).
    cargo(&directory, &["clean", "--offline", "-p", "oas-sweep"]);
    let (_, seconds) = cargo(&directory, &["build", "--offline"]);
    report(&outcomes, seconds);
    ExitCode::SUCCESS
}

fn report(outcomes: &BTreeMap<String, Outcome>, seconds: f64) {
    println!("| file | operations (OAS → kept) | json fields | lines | result |");
    println!("| --- | --- | --- | --- | --- |");
    for (module, outcome) in outcomes {
        let result = match (&outcome.failure, outcome.problems.is_empty()) {
            (Some(failure), _) => failure.clone(),
            (None, true) => "clean".to_owned(),
            (None, false) => {
                outcome.problems.iter().map(|(kind, count)| format!("{count}× {kind}")).collect::<Vec<_>>().join(", ")
            }
        };
        let name = module.trim_start_matches("oas_");
        println!(
            "| {name} | {} → {} | {} | {} | {result} |",
            outcome.oas_operations, outcome.kept, outcome.json_fields, outcome.lines
        );
    }
    let total = outcomes.len();
    let validated = outcomes.values().filter(|outcome| outcome.failure.is_none()).count();
    let clean = outcomes.values().filter(|outcome| outcome.failure.is_none() && outcome.problems.is_empty()).count();
    let with_errors =
        outcomes.values().filter(|outcome| outcome.problems.keys().any(|kind| kind.starts_with("error"))).count();
    let oas_operations: usize = outcomes.values().map(|outcome| outcome.oas_operations).sum();
    let kept: usize = outcomes.values().map(|outcome| outcome.kept).sum();
    let json_fields: usize = outcomes.values().map(|outcome| outcome.json_fields).sum();
    let lines: usize = outcomes.values().map(|outcome| outcome.lines).sum();
    println!();
    let no_operations = outcomes.values().filter(|outcome| outcome.no_operations).count();
    println!("files: {total}; import and validate: {validated}; compile without errors: {}", validated - with_errors);
    println!("files with no operation to import (shared parts, not an API): {no_operations}");
    println!("compile clean under missing_docs, clippy and rustdoc (no warning): {clean}");
    let paged: usize = outcomes.values().map(|outcome| outcome.paged).sum();
    println!("operations kept: {kept} of {oas_operations}; paged: {paged}; loose json fields: {json_fields}");
    if kept > 0 {
        println!("generated lines: {lines} ({:.0} per operation kept)", lines as f64 / kept as f64);
    }
    println!("build of the clients that compile, together in one crate (runtime already built): {seconds:.1} s");
}
