//! Generates a typed Rust client for Zoho CRM's Share Records API (or any API described
//! in the same spec format) from a YAML spec.
//!
//! The pipeline has one module per stage:
//!
//! 1. [`read`]: YAML text to the spec's types ([`read::spec`]), within the input budgets
//!    ([`read::budget`]); the spec's small languages (type expressions, `{placeholder}`
//!    templates) are parsed here too;
//! 2. [`resolve`]: one pass from the spec to the intermediate model ([`model`]), every
//!    Rust name derived once, and every problem collected, each located by line, column
//!    and path ([`diag`]);
//! 3. `emit`: Rust tokens from the model alone, one module per kind of artifact, in
//!    pieces (one per model, operation, …);
//! 4. [`format`](mod@format): formatted source with an `@generated` header, one piece at
//!    a time, so that no stage holds the syntax tree of the whole file;
//! 5. [`write`](mod@write): files on disk, only when changed, and the `build.rs` driver
//!    [`Builder`].
//!
//! Apart from the pipeline stand three tools that reuse its stages: [`doc_check`] compares
//! a spec with Zoho's documentation pages (exported as text) and reports every fact a
//! page states that the spec lacks; [`diff`] tells what changed between two versions of a
//! spec and what it breaks; [`oas`] imports Zoho's OpenAPI files as specs.
//!
//! [`generate`] runs stages 1 to 4 with no file IO, so it is easy to test and to call from
//! anywhere; the same spec always gives the same bytes. [`generate_family`] does the same
//! for several specs at once: one file, one `Client` and one `ApiError` for all the APIs.
//!
//! ```
//! let spec = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../spec/share_records.yaml")).unwrap();
//! let generated = zoho_crm_codegen::generate(&spec, "share_records.yaml", &Default::default()).unwrap();
//! assert!(generated.code.starts_with("// @generated"));
//! assert!(generated.code.contains("pub enum ApiError"));
//! ```

pub mod diag;
pub mod diff;
pub mod doc_check;
mod emit;
mod family;
pub mod format;
pub mod model;
pub mod oas;
pub mod read;
pub mod resolve;
pub mod write;

use std::fmt;
use std::path::PathBuf;

pub use diag::{Diagnostic, Diagnostics, DocPath, Severity};
pub use read::budget::Limits;
pub use write::Builder;

/// The runtime path generated code uses unless told otherwise.
pub const DEFAULT_RUNTIME_PATH: &str = "::zoho_crm_runtime";

/// The version of the runtime contract this generator writes code for: every generated
/// file checks it against the runtime's `contract::VERSION` at compile time (a constant
/// that calls `contract::require`), so a file compiled against a runtime with another
/// contract fails with one message naming both versions.
pub const RUNTIME_CONTRACT: u32 = 2;

/// How to generate.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Settings {
    runtime_path: String,
    client: bool,
    client_feature: Option<String>,
    limits: Limits,
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            runtime_path: DEFAULT_RUNTIME_PATH.to_owned(),
            client: true,
            client_feature: None,
            limits: Limits::default(),
        }
    }
}

impl Settings {
    /// The path generated code uses to reach the runtime, e.g.
    /// `::zoho_crm_runtime` (the default) or `crate::runtime`.
    pub fn with_runtime_path(mut self, path: impl Into<String>) -> Self {
        self.runtime_path = path.into();
        self
    }

    /// The runtime path.
    pub fn runtime_path(&self) -> &str {
        &self.runtime_path
    }

    /// Whether to emit the async `Client` and its fluent calls (default on); they need
    /// the runtime crate's `client` feature.
    pub fn with_client(mut self, client: bool) -> Self {
        self.client = client;
        self
    }

    /// Whether the async client is emitted.
    pub fn client(&self) -> bool {
        self.client
    }

    /// Emits the async client with every item under `#[cfg(feature = "<feature>")]`, so
    /// that one generated file serves a crate with and without that feature (a crate that
    /// ships its generated code). Turns the client on.
    pub fn with_client_feature(mut self, feature: impl Into<String>) -> Self {
        self.client = true;
        self.client_feature = Some(feature.into());
        self
    }

    /// The feature the async client is gated behind, if any.
    pub fn client_feature(&self) -> Option<&str> {
        self.client_feature.as_deref()
    }

    /// The input budgets a spec must stay within (see [`Limits`] for the defaults).
    pub fn with_limits(mut self, limits: Limits) -> Self {
        self.limits = limits;
        self
    }

    /// The input budgets.
    pub fn limits(&self) -> &Limits {
        &self.limits
    }
}

/// Generated source, and the warnings the spec raised.
#[derive(Clone, Debug)]
pub struct Generated {
    /// The formatted Rust source.
    pub code: String,
    /// Problems that did not stop generation.
    pub warnings: Diagnostics,
}

/// Why generation failed.
#[derive(Debug)]
pub enum Error {
    /// The spec has problems; every one is listed, located.
    Spec(Diagnostics),
    /// The generator went wrong on a spec it accepted (a bug: please report it).
    Internal(String),
    /// A file could not be read or written.
    Io {
        /// The file.
        path: PathBuf,
        /// What went wrong.
        source: std::io::Error,
    },
    /// `OUT_DIR` is not set: not running from a build script, and no directory was given.
    NoOutDir,
    /// Several specs have problems (each list names its spec), or do not agree as one
    /// family ([`generate_family`]).
    Specs(Vec<Diagnostics>),
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::Spec(diagnostics) => write!(f, "{diagnostics}"),
            Error::Internal(message) => write!(f, "internal error in the generator: {message}"),
            Error::Io { path, source } => write!(f, "{}: {source}", path.display()),
            Error::NoOutDir => f.write_str("OUT_DIR is not set: run from a build script, or give an output directory"),
            Error::Specs(problems) => problems.iter().try_for_each(|problems| write!(f, "{problems}")),
        }
    }
}

impl std::error::Error for Error {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            Error::Io { source, .. } => Some(source),
            _ => None,
        }
    }
}

/// Reads and resolves a spec within `limits`: the spec, its model and its warnings, or
/// every problem found, located.
fn read_and_resolve(
    text: &str,
    file_name: &str,
    limits: &Limits,
) -> Result<(read::spec::Spec, model::Api, Diagnostics), Diagnostics> {
    let spec = read::read_within(text, file_name, limits)?;
    let (api, mut diagnostics) = resolve::resolve(&spec, file_name);
    if !diagnostics.items.is_empty() {
        // Only what is reported is located: the locator reads the whole text.
        let locator = read::locate::Locator::new(text);
        diagnostics.locate(|path| locator.find(path));
        diagnostics.quote_lines(&read::text_guard::line_breaks(text));
    }
    match api {
        Some(api) if !diagnostics.has_errors() => Ok((spec, api, diagnostics)),
        _ => Err(diagnostics),
    }
}

/// Reads and checks a spec within the default [`Limits`]: the spec and its warnings, or
/// every problem found.
pub fn load(text: &str, file_name: &str) -> Result<(read::spec::Spec, Diagnostics), Diagnostics> {
    load_within(text, file_name, &Limits::default())
}

/// Reads and checks a spec within `limits`: the spec and its warnings, or every problem
/// found.
pub fn load_within(
    text: &str,
    file_name: &str,
    limits: &Limits,
) -> Result<(read::spec::Spec, Diagnostics), Diagnostics> {
    read_and_resolve(text, file_name, limits).map(|(spec, _, warnings)| (spec, warnings))
}

/// Reads and resolves a spec within the default [`Limits`]: the spec as written (its
/// samples and sources), the resolved model every generated client is emitted from, and
/// the warnings; or every problem found. For tools that must agree with a generated
/// client without compiling it, such as a test server serving the spec.
pub fn load_model(text: &str, file_name: &str) -> Result<(read::spec::Spec, model::Api, Diagnostics), Diagnostics> {
    read_and_resolve(text, file_name, &Limits::default())
}

/// Every problem in a spec, errors and warnings, located.
pub fn validate(text: &str, file_name: &str) -> Diagnostics {
    match read_and_resolve(text, file_name, &Limits::default()) {
        Ok((_, _, warnings)) => warnings,
        Err(problems) => problems,
    }
}

/// Generates the client for a spec: read, resolve, emit, format. No file IO.
pub fn generate(text: &str, file_name: &str, settings: &Settings) -> Result<Generated, Error> {
    let (_, api, warnings) = read_and_resolve(text, file_name, settings.limits()).map_err(Error::Spec)?;
    let pieces = emit::emit(&api, settings).map_err(Error::Internal)?;
    let code = format::format_pieces(pieces, file_name).map_err(Error::Internal)?;
    Ok(Generated { code, warnings })
}

/// Generates one file for several specs (each with its file name, for messages): the
/// items they share once at the top (`ApiVersion`, `Environment`, `DataCentre`,
/// `Endpoint`, `Module`, `ErrorKind`, `ApiError` and its details, `COMMON_ERRORS`, IDs
/// that several specs declare, and one `Client`), then one module per API, named after
/// it in snake case (`share_records`, `tags`), with its own items and the `Client`
/// methods that start its calls. What the specs must agree on, and how they are merged,
/// is in `spec/README.md` ("Several APIs, one client"); every disagreement is an error
/// located in the later spec, naming the earlier one. One spec gives a file with one
/// module. No file IO.
///
/// ```
/// let read = |name: &str| std::fs::read_to_string(format!("{}/../spec/{name}", env!("CARGO_MANIFEST_DIR"))).unwrap();
/// let (share, tags) = (read("share_records.yaml"), read("tags.yaml"));
/// let specs = [(share.as_str(), "share_records.yaml"), (tags.as_str(), "tags.yaml")];
/// let generated = zoho_crm_codegen::generate_family(&specs, &Default::default()).unwrap();
/// assert!(generated.code.contains("pub mod share_records {"));
/// assert!(generated.code.contains("pub mod tags {"));
/// assert_eq!(generated.code.matches("pub struct Client {").count(), 1);
/// ```
pub fn generate_family(specs: &[(&str, &str)], settings: &Settings) -> Result<Generated, Error> {
    if specs.is_empty() {
        let mut problems = Diagnostics::new("the family");
        problems.error(&DocPath::root(), "a family needs at least one spec");
        return Err(Error::Specs(vec![problems]));
    }
    let mut apis = Vec::with_capacity(specs.len());
    let mut failed = Vec::new();
    let mut warnings = Diagnostics::new(format!("the family of {}", family_file_name(specs)));
    for (text, file_name) in specs {
        match read_and_resolve(text, file_name, settings.limits()) {
            Ok((_, api, own_warnings)) => {
                // One list for every spec: each warning says which spec, and where in it.
                warnings.items.extend(own_warnings.items.into_iter().map(|mut item| {
                    let place =
                        item.position.take().map_or_else(String::new, |(line, column)| format!(":{line}:{column}"));
                    item.message = format!("{file_name}{place}: {}", item.message);
                    item.source_line = None;
                    item
                }));
                apis.push(((*file_name).to_owned(), api));
            }
            Err(problems) => failed.push(problems),
        }
    }
    if !failed.is_empty() {
        return Err(Error::Specs(failed));
    }
    let family = family::merge(apis).map_err(|problems| {
        let located = problems
            .into_iter()
            .zip(specs)
            .filter(|(problems, _)| !problems.items.is_empty())
            .map(|(mut problems, (text, _))| {
                let locator = read::locate::Locator::new(text);
                problems.locate(|path| locator.find(path));
                problems.quote_lines(&read::text_guard::line_breaks(text));
                problems
            })
            .collect();
        Error::Specs(located)
    })?;
    let pieces = emit::emit_family(&family, settings).map_err(Error::Internal)?;
    let code = format::format_pieces(pieces, &family_file_name(specs)).map_err(Error::Internal)?;
    Ok(Generated { code, warnings })
}

/// The specs' file names as one phrase: "a.yaml and b.yaml".
fn family_file_name(specs: &[(&str, &str)]) -> String {
    match specs.split_last() {
        Some(((_, last), [])) => (*last).to_owned(),
        Some(((_, last), rest)) => {
            format!("{} and {last}", rest.iter().map(|(_, name)| *name).collect::<Vec<_>>().join(", "))
        }
        None => String::new(),
    }
}
