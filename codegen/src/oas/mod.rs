//! Imports one of Zoho's OpenAPI 3.0 files for CRM v8 as a spec in this project's format.
//!
//! Zoho's files (one per API, with shared parts in sibling files such as `common.json`)
//! describe what the spec format can only approximately: the importer writes the nearest
//! spec and a [`Warning`] for every construct it approximates or leaves out, each naming
//! the JSON pointer (`file#/pointer`) of the construct. What it does with Zoho's habits:
//!
//! - external `$ref`s by URL (`https://…/common.json#/components/…`) are read by file name
//!   from a directory, offline ([`refs`]); a ref outside that directory, a missing target
//!   or a cycle of refs is an [`OasError`];
//! - error objects inside a `oneOf` (in a success answer, in the items of an answer's list,
//!   or in an error answer) become error rows, and their codes error kinds: one row per
//!   message when the object has one code (or per code when it has one message);
//! - enums of free text (messages, and constants such as `status: [success]`) stay text;
//! - fields marked required in a schema that a request body uses are optional in the
//!   request model (Zoho marks answer-only fields such as `id` required there);
//! - operationIds with spaces become snake-case operation names;
//! - error objects whose `code` and `message` enums are listed apart (several of each, not
//!   tied to each other) become an error group (`errors.groups`) with one row per code,
//!   which every operation answering with them names, not a row for every pairing;
//! - an operation with no scope the spec can write gets one derived from the file (its
//!   scope with an `{operation_type}` placeholder filled in, the module its path names,
//!   the other operations' scopes) or the module scopes, with a warning, and is kept;
//! - a placeholder path (`/`, as in `common.json`) is no operation: left out with a
//!   warning; a file left with no operation is [`OasError::NoOperations`].
//!
//! The importer never panics: malformed JSON, missing keys and wrong types are typed
//! errors or warnings.

mod convert;
pub mod refs;
mod schema;

use std::fmt;
use std::path::{Path, PathBuf};

pub use refs::Documents;

/// A spec made from an OpenAPI file.
#[derive(Clone, Debug)]
pub struct Import {
    /// The spec, as YAML text.
    pub spec: String,
    /// Every construct approximated or left out.
    pub warnings: Vec<Warning>,
}

/// A construct the spec could only approximate, or had to leave out.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Warning {
    /// Where it is: `file#/json/pointer`.
    pub pointer: String,
    /// What was done with it.
    pub message: String,
}

impl fmt::Display for Warning {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.pointer, self.message)
    }
}

/// Why a file could not be imported.
#[derive(Debug)]
pub enum OasError {
    /// A file could not be read.
    Io {
        /// The file.
        path: PathBuf,
        /// What went wrong.
        source: std::io::Error,
    },
    /// A file is not JSON.
    Json {
        /// The file.
        file: String,
        /// What went wrong, with its line and column.
        message: String,
    },
    /// The document does not have the shape of an OpenAPI file where it must.
    Shape {
        /// Where: `file#/json/pointer`.
        pointer: String,
        /// What was expected.
        message: String,
    },
    /// The document has no operation the spec can hold: a file of parts other files refer
    /// to (Zoho's `common.json`), or one whose every operation was left out.
    NoOperations {
        /// Where: `file#/paths`.
        pointer: String,
        /// Why each path was left out, one sentence each.
        reasons: Vec<String>,
    },
    /// A `$ref` could not be followed.
    Ref {
        /// Where the ref is: `file#/json/pointer`.
        pointer: String,
        /// The ref.
        reference: String,
        /// Why it could not be followed.
        reason: RefProblem,
    },
}

/// Why a `$ref` could not be followed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum RefProblem {
    /// It names a file outside the reference directory.
    OutsideDirectory,
    /// Its target does not exist.
    Missing,
    /// Following it comes back to itself.
    Cycle,
}

impl fmt::Display for OasError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            OasError::Io { path, source } => write!(f, "{}: {source}", path.display()),
            OasError::Json { file, message } => write!(f, "{file}: not JSON: {message}"),
            OasError::Shape { pointer, message } => write!(f, "{pointer}: {message}"),
            OasError::NoOperations { pointer, reasons } if reasons.is_empty() => {
                write!(f, "{pointer}: no operation to import: the file has no paths")
            }
            OasError::NoOperations { pointer, reasons } => {
                write!(f, "{pointer}: no operation to import: {}", reasons.join("; "))
            }
            OasError::Ref { pointer, reference, reason } => {
                let reason = match reason {
                    RefProblem::OutsideDirectory => "names a file outside the reference directory",
                    RefProblem::Missing => "names nothing",
                    RefProblem::Cycle => "leads back to itself",
                };
                write!(f, "{pointer}: the $ref `{reference}` {reason}")
            }
        }
    }
}

impl std::error::Error for OasError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            OasError::Io { source, .. } => Some(source),
            _ => None,
        }
    }
}

/// Imports the OpenAPI file at `path`, reading the files its `$ref`s name from `ref_dir`
/// (default: the file's directory).
pub fn import_file(path: &Path, ref_dir: Option<&Path>) -> Result<Import, OasError> {
    let dir = match ref_dir {
        Some(dir) => dir.to_path_buf(),
        None => path.parent().filter(|dir| !dir.as_os_str().is_empty()).unwrap_or(Path::new(".")).to_path_buf(),
    };
    let text = crate::read::read_text_bounded(path, crate::read::MAX_OTHER_FILE_BYTES)
        .map_err(|source| OasError::Io { path: path.to_path_buf(), source })?;
    let name = path.file_name().map_or_else(|| path.display().to_string(), |name| name.to_string_lossy().into_owned());
    let mut documents = Documents::from_directory(dir);
    import(&text, &name, &mut documents)
}

/// Imports the OpenAPI document `text` (called `file_name`), reading referenced files
/// through `documents`.
pub fn import(text: &str, file_name: &str, documents: &mut Documents) -> Result<Import, OasError> {
    documents.add(file_name, text)?;
    convert::convert(file_name, documents)
}
