//! `zoho-crm-codegen`: generate a client from a spec, check that a generated file is
//! up to date, validate a spec, or check a spec against Zoho's documentation pages.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Args, Parser, Subcommand};
use commands::{DiffArgs, ImportOasArgs};
use zoho_crm_codegen::{Settings, doc_check, generate, validate, write};

mod commands;

/// A typed Rust client from the spec of a Zoho CRM API (the Share Records API, the Tags
/// API, or one of your own).
///
/// Exit status: 0 success, 1 invalid spec, stale file, facts missing from the spec, a
/// breaking change (`diff`) or an imported spec that does not validate (`import-oas`),
/// 2 usage or file error.
#[derive(Debug, Parser)]
#[command(name = "zoho-crm-codegen", version, about, long_about)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Generate the client; write it to FILE (only if it changed), or to stdout. Several
    /// specs make one file: the items they share once, and one module per API.
    Generate {
        /// The spec (YAML), or several specs for one client of several APIs.
        #[arg(required = true)]
        specs: Vec<PathBuf>,
        /// Where to write the client (default: stdout).
        #[arg(short, long, value_name = "FILE")]
        out: Option<PathBuf>,
        #[command(flatten)]
        options: GenerateOptions,
    },
    /// Exit 1, showing a unified diff, if FILE is not what SPEC (or the specs, as one
    /// family) generates.
    Check {
        /// The spec (YAML), or several specs generated as one file.
        #[arg(required = true, num_args = 1..)]
        specs: Vec<PathBuf>,
        /// The generated file to compare.
        #[arg(required = true)]
        file: PathBuf,
        #[command(flatten)]
        options: GenerateOptions,
    },
    /// Report every problem in each spec; exit 1 if any has errors.
    Validate {
        /// The specs (YAML).
        #[arg(required = true)]
        specs: Vec<PathBuf>,
    },
    /// Report every fact of Zoho doc pages (exported as text) that SPEC lacks or
    /// contradicts, each with its page line; exit 1 if any.
    DocCheck {
        /// The spec (YAML).
        spec: PathBuf,
        /// The doc pages, as plain text.
        #[arg(required = true)]
        pages: Vec<PathBuf>,
        /// After each finding the spec can hold, the YAML item to paste and where.
        #[arg(long)]
        suggest: bool,
        /// The findings as one JSON array (page, line, kind, message, suggestions).
        #[arg(long)]
        json: bool,
    },
    /// What changed between two specs as the generated crate's users see it, each change
    /// marked breaking or additive; exit 0 when nothing breaks, 1 when something does.
    Diff(DiffArgs),
    /// Turn one of Zoho's OpenAPI 3.0 files for CRM v8 into a spec; a warning on stderr
    /// for every construct approximated; exit 1 if the spec it makes is invalid.
    ImportOas(ImportOasArgs),
}

/// How the client is generated.
#[derive(Debug, Args)]
struct GenerateOptions {
    /// The path generated code uses to reach the runtime.
    #[arg(long, value_name = "PATH", default_value = zoho_crm_codegen::DEFAULT_RUNTIME_PATH)]
    runtime_path: String,
    /// Leave out the async client (for a runtime built without its `client` feature).
    #[arg(long, conflicts_with = "client_feature")]
    no_client: bool,
    /// Keep the async client, each item under `#[cfg(feature = "NAME")]` (for code a
    /// crate ships, whose own feature turns the client on).
    #[arg(long, value_name = "NAME")]
    client_feature: Option<String>,
}

impl GenerateOptions {
    fn settings(&self) -> Settings {
        let settings = Settings::default().with_runtime_path(self.runtime_path.clone()).with_client(!self.no_client);
        match &self.client_feature {
            Some(feature) => settings.with_client_feature(feature.clone()),
            None => settings,
        }
    }
}

/// Why a command stopped: a usage or file error (exit 2).
struct Failure(String);

/// Exit status 1: the spec is invalid, a file is stale, or a page has facts the spec lacks.
const FOUND_PROBLEMS: u8 = 1;
/// Exit status 2: a usage or file error.
const USAGE_OR_FILE_ERROR: u8 = 2;

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Generate { specs, out, options } => generate_command(&specs, out.as_deref(), &options.settings()),
        Command::Check { specs, file, options } => check_command(&specs, &file, &options.settings()),
        Command::Validate { specs } => validate_command(&specs),
        Command::DocCheck { spec, pages, suggest, json } => doc_check_command(&spec, &pages, suggest, json),
        Command::Diff(args) => commands::diff(&args).map_err(Failure),
        Command::ImportOas(args) => commands::import_oas(&args).map_err(Failure),
    };
    match result {
        Ok(code) => code,
        Err(Failure(message)) => {
            eprintln!("error: {message}");
            ExitCode::from(USAGE_OR_FILE_ERROR)
        }
    }
}

/// A file that is not a spec (a documentation page, a generated file), read with at most
/// [`MAX_OTHER_FILE_BYTES`](zoho_crm_codegen::read::MAX_OTHER_FILE_BYTES) held.
fn read_text(path: &Path) -> Result<String, Failure> {
    zoho_crm_codegen::read::read_text_bounded(path, zoho_crm_codegen::read::MAX_OTHER_FILE_BYTES)
        .map_err(|err| Failure(format!("{}: {err}", path.display())))
}

/// A spec's text; bytes that are not UTF-8, or more than the budget, are a problem of the
/// spec, printed with its location (exit 1), not a file error. At most one byte past the
/// budget is read, so `/dev/zero` or a huge file costs no more than the budget.
fn read_spec(path: &Path) -> Result<Result<String, ExitCode>, Failure> {
    let limits = zoho_crm_codegen::Limits::default();
    let bytes = zoho_crm_codegen::read::read_bounded(path, limits.max_bytes)
        .map_err(|err| Failure(format!("{}: {err}", path.display())))?;
    let name = file_name(path);
    match zoho_crm_codegen::read::text_of(&bytes, &name, &limits) {
        Ok(text) => Ok(Ok(text.to_owned())),
        Err(problems) => {
            eprint!("{}", with_path(&problems.to_string(), &name, path));
            Ok(Err(ExitCode::from(FOUND_PROBLEMS)))
        }
    }
}

/// `--out` writes into a folder that exists: a missing one is a usage error naming it,
/// rather than folders made silently where a typo points.
fn existing_folder_of(out: &Path) -> Result<(), Failure> {
    match out.parent().filter(|parent| !parent.as_os_str().is_empty()) {
        Some(folder) if !folder.is_dir() => {
            Err(Failure(format!("{}: the folder {} does not exist (create it first)", out.display(), folder.display())))
        }
        _ => Ok(()),
    }
}

/// The name messages give a spec: its file name, replaced by the path given when printed.
fn file_name(path: &Path) -> String {
    path.file_name().map_or_else(|| path.display().to_string(), |name| name.to_string_lossy().into_owned())
}

/// Messages name the spec by its file name; the command line gave a path.
fn with_path(text: &str, file_name: &str, path: &Path) -> String {
    let path = path.display();
    text.replace(&format!("--> {file_name}"), &format!("--> {path}"))
        .replace(&format!("\n{file_name}: "), &format!("\n{path}: "))
}

/// The generated code, or the exit status after printing why there is none.
fn generate_code(spec: &Path, settings: &Settings) -> Result<Result<String, ExitCode>, Failure> {
    let text = match read_spec(spec)? {
        Ok(text) => text,
        Err(exit) => return Ok(Err(exit)),
    };
    let name = file_name(spec);
    match generate(&text, &name, settings) {
        Ok(generated) => {
            eprint!("{}", with_path(&generated.warnings.to_string(), &name, spec));
            Ok(Ok(generated.code))
        }
        Err(err) => {
            eprint!("{}", with_path(&err.to_string(), &name, spec));
            Ok(Err(ExitCode::from(FOUND_PROBLEMS)))
        }
    }
}

/// The code generated from several specs as one family, or the exit status after
/// printing why there is none.
fn generate_family_code(specs: &[PathBuf], settings: &Settings) -> Result<Result<String, ExitCode>, Failure> {
    let mut texts = Vec::with_capacity(specs.len());
    for spec in specs {
        match read_spec(spec)? {
            Ok(text) => texts.push((text, file_name(spec))),
            Err(exit) => return Ok(Err(exit)),
        }
    }
    // Messages name each spec by its file name (a family's warning starts with it).
    let with_paths = |text: String| {
        specs.iter().zip(&texts).fold(text, |text, (spec, (_, name))| {
            with_path(&text, name, spec).replace(&format!("warning: {name}:"), &format!("warning: {}:", spec.display()))
        })
    };
    let inputs: Vec<(&str, &str)> = texts.iter().map(|(text, name)| (text.as_str(), name.as_str())).collect();
    match zoho_crm_codegen::generate_family(&inputs, settings) {
        Ok(generated) => {
            eprint!("{}", with_paths(generated.warnings.to_string()));
            Ok(Ok(generated.code))
        }
        Err(err) => {
            eprint!("{}", with_paths(err.to_string()));
            Ok(Err(ExitCode::from(FOUND_PROBLEMS)))
        }
    }
}

fn generate_command(specs: &[PathBuf], out: Option<&Path>, settings: &Settings) -> Result<ExitCode, Failure> {
    let generated = match specs {
        [spec] => generate_code(spec, settings)?,
        _ => generate_family_code(specs, settings)?,
    };
    let code = match generated {
        Ok(code) => code,
        Err(exit) => return Ok(exit),
    };
    match out {
        Some(out) => {
            existing_folder_of(out)?;
            let wrote =
                write::write_if_changed(out, &code).map_err(|err| Failure(format!("{}: {err}", out.display())))?;
            let lines = code.lines().count();
            eprintln!("{} {} ({lines} lines)", if wrote { "wrote" } else { "unchanged:" }, out.display());
        }
        None => print!("{code}"),
    }
    Ok(ExitCode::SUCCESS)
}

fn check_command(specs: &[PathBuf], file: &Path, settings: &Settings) -> Result<ExitCode, Failure> {
    let generated = match specs {
        [spec] => generate_code(spec, settings)?,
        _ => generate_family_code(specs, settings)?,
    };
    let code = match generated {
        Ok(code) => code,
        Err(exit) => return Ok(exit),
    };
    // A missing file is stale; one past the bound or not UTF-8 is a file error.
    let current = match read_text(file) {
        Ok(text) => Some(text),
        Err(_) if !file.exists() => None,
        Err(failure) => return Err(failure),
    };
    let spec = specs.iter().map(|spec| spec.display().to_string()).collect::<Vec<_>>().join(" ");
    let file = file.display();
    match write::describe_difference(&file.to_string(), current.as_deref(), &code) {
        None => {
            eprintln!("{file} is up to date with {spec}");
            Ok(ExitCode::SUCCESS)
        }
        Some(difference) => {
            eprintln!("{file} is stale. {difference}regenerate it: zoho-crm-codegen generate {spec} --out {file}");
            Ok(ExitCode::from(FOUND_PROBLEMS))
        }
    }
}

fn validate_command(specs: &[PathBuf]) -> Result<ExitCode, Failure> {
    let mut failed = false;
    for spec in specs {
        let Ok(text) = read_spec(spec)? else {
            failed = true;
            continue;
        };
        let name = file_name(spec);
        let diagnostics = validate(&text, &name);
        eprint!("{}", with_path(&diagnostics.to_string(), &name, spec));
        if diagnostics.has_errors() {
            failed = true;
        } else {
            eprintln!("{}: valid", spec.display());
        }
    }
    Ok(if failed { ExitCode::from(FOUND_PROBLEMS) } else { ExitCode::SUCCESS })
}

fn doc_check_command(spec: &Path, pages: &[PathBuf], suggest: bool, json: bool) -> Result<ExitCode, Failure> {
    let text = match read_spec(spec)? {
        Ok(text) => text,
        Err(exit) => return Ok(exit),
    };
    let name = file_name(spec);
    let spec_value = match zoho_crm_codegen::load(&text, &name) {
        Ok((spec_value, _)) => spec_value,
        Err(problems) => {
            eprint!("{}", with_path(&problems.to_string(), &name, spec));
            return Ok(ExitCode::from(FOUND_PROBLEMS));
        }
    };
    let mut findings = 0;
    let mut report = Vec::new();
    for page in pages {
        let page_text = read_text(page)?;
        // A page exported without its address at the top is one of the seed pages.
        let source = format!("seed:{}", file_name(page));
        for finding in doc_check::check_page_from(&spec_value, &page_text, &source) {
            findings += 1;
            if json {
                report.push(serde_json::json!({
                    "page": page.display().to_string(),
                    "line": finding.line,
                    "kind": finding.kind.to_string(),
                    "message": finding.message,
                    "suggestions": finding.suggestions.iter().map(|suggestion| serde_json::json!({
                        "at": suggestion.at,
                        "yaml": suggestion.item_yaml(0),
                    })).collect::<Vec<_>>(),
                }));
                continue;
            }
            println!("{}:{}: {finding}", page.display(), finding.line);
            if suggest {
                for suggestion in &finding.suggestions {
                    println!("{}", indented(&suggestion.to_string()));
                }
                if finding.suggestions.is_empty() {
                    println!("    # no item to paste: the spec states this otherwise; edit it by hand\n");
                }
            }
        }
    }
    if json {
        let text = serde_json::to_string_pretty(&report).map_err(|err| Failure(err.to_string()))?;
        println!("{text}");
    }
    if findings == 0 {
        eprintln!("{}: every fact of {} page(s) is in the spec", spec.display(), pages.len());
        Ok(ExitCode::SUCCESS)
    } else {
        eprintln!("{findings} fact(s) of the page(s) missing from or contradicted by {}", spec.display());
        Ok(ExitCode::from(FOUND_PROBLEMS))
    }
}

/// Text with each line indented by four spaces.
fn indented(text: &str) -> String {
    text.lines().map(|line| format!("    {line}\n")).collect()
}
