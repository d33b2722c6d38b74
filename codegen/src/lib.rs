//! Generates a typed Rust client for Zoho CRM's Share Records API (or any API described
//! in the same spec format) from a YAML spec.
//!
//! The pipeline has one module per stage:
//!
//! 1. [`read`]: YAML text to the spec's types ([`spec`]), within the input budgets
//!    ([`budget`]);
//! 2. [`check`]: every problem, each located by line, column and path;
//! 3. [`model`]: the intermediate model, resolved and named for Rust;
//! 4. `emit`: Rust tokens, one module per kind of artifact;
//! 5. [`format`](mod@format): formatted source with an `@generated` header;
//! 6. [`write`](mod@write): files on disk, only when changed, and the `build.rs` [`Builder`].
//!
//! [`generate`] runs stages 1 to 5 with no file IO, so it is easy to test and to call from
//! anywhere; the same spec always gives the same bytes.
//!
//! ```
//! let spec = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../spec/share_records.yaml")).unwrap();
//! let generated = zoho_share_codegen::generate(&spec, "share_records.yaml", &Default::default()).unwrap();
//! assert!(generated.code.starts_with("// @generated"));
//! assert!(generated.code.contains("pub enum ApiError"));
//! ```

pub mod budget;
pub mod check;
pub mod diag;
mod emit;
pub mod format;
pub mod locate;
pub mod model;
pub mod naming;
pub mod read;
pub mod sample;
pub mod spec;
pub mod symbols;
pub mod template;
pub mod types;
pub mod write;
mod yaml;

use std::fmt;
use std::path::PathBuf;

pub use budget::Limits;
pub use diag::{Diagnostic, Diagnostics, DocPath, Severity};
pub use write::Builder;

/// The runtime path generated code uses unless told otherwise.
pub const DEFAULT_RUNTIME_PATH: &str = "::zoho_crm_runtime";

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
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::Spec(diagnostics) => write!(f, "{diagnostics}"),
            Error::Internal(message) => write!(f, "internal error in the generator: {message}"),
            Error::Io { path, source } => write!(f, "{}: {source}", path.display()),
            Error::NoOutDir => f.write_str("OUT_DIR is not set: run from a build script, or give an output directory"),
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

/// Reads and checks a spec within the default [`Limits`]: the spec and its warnings, or
/// every problem found.
pub fn load(text: &str, file_name: &str) -> Result<(spec::Spec, Diagnostics), Diagnostics> {
    load_within(text, file_name, &Limits::default())
}

/// Reads and checks a spec within `limits`: the spec and its warnings, or every problem
/// found.
pub fn load_within(text: &str, file_name: &str, limits: &Limits) -> Result<(spec::Spec, Diagnostics), Diagnostics> {
    let spec = read::read_within(text, file_name, limits)?;
    let mut diagnostics = check::check(&spec, file_name);
    let locator = locate::Locator::new(text);
    diagnostics.locate(|path| locator.find(path));
    if diagnostics.has_errors() { Err(diagnostics) } else { Ok((spec, diagnostics)) }
}

/// Every problem in a spec, errors and warnings, located.
pub fn validate(text: &str, file_name: &str) -> Diagnostics {
    match load(text, file_name) {
        Ok((_, warnings)) => warnings,
        Err(problems) => problems,
    }
}

/// Generates the client for a spec: read, check, model, emit, format. No file IO.
pub fn generate(text: &str, file_name: &str, settings: &Settings) -> Result<Generated, Error> {
    let (spec, warnings) = load_within(text, file_name, settings.limits()).map_err(Error::Spec)?;
    let api = model::lower(&spec).map_err(Error::Internal)?;
    let tokens = emit::emit(&api, settings).map_err(Error::Internal)?;
    let code = format::format(tokens, file_name).map_err(Error::Internal)?;
    Ok(Generated { code, warnings })
}
