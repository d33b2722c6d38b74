//! The write stage: files on disk, and the `build.rs` entry point.

use std::fs;
use std::io;
use std::path::{Path, PathBuf};

use crate::read::text_of;
use crate::{Error, Limits, Settings, generate};

/// Writes `contents` to `path` unless it already holds exactly that, so that an unchanged
/// spec does not make Cargo rebuild. Returns whether it wrote.
pub fn write_if_changed(path: &Path, contents: &str) -> io::Result<bool> {
    if fs::read(path).is_ok_and(|current| current == contents.as_bytes()) {
        return Ok(false);
    }
    if let Some(parent) = path.parent().filter(|parent| !parent.as_os_str().is_empty()) {
        fs::create_dir_all(parent)?;
    }
    fs::write(path, contents)?;
    Ok(true)
}

/// Describes how `current` (a file's text, if it exists) differs from `expected`; `None`
/// when they are the same.
pub fn describe_difference(current: Option<&str>, expected: &str) -> Option<String> {
    let Some(current) = current else {
        return Some("the file does not exist".to_owned());
    };
    if current == expected {
        return None;
    }
    let (current_lines, expected_lines): (Vec<&str>, Vec<&str>) =
        (current.lines().collect(), expected.lines().collect());
    let first = current_lines
        .iter()
        .zip(&expected_lines)
        .position(|(a, b)| a != b)
        .unwrap_or(current_lines.len().min(expected_lines.len()));
    let differing = current_lines.iter().zip(&expected_lines).filter(|(a, b)| a != b).count()
        + current_lines.len().abs_diff(expected_lines.len());
    let show = |lines: &[&str]| lines.get(first).map_or_else(|| "(end of file)".to_owned(), |line| format!("{line:?}"));
    Some(format!(
        "first difference at line {}: the file has {}, the spec gives {} ({differing} line{} differ; the file has {} lines, the spec gives {})",
        first + 1,
        show(&current_lines),
        show(&expected_lines),
        if differing == 1 { "" } else { "s" },
        current_lines.len(),
        expected_lines.len(),
    ))
}

/// Generates a client from `build.rs`, into `OUT_DIR`.
///
/// In `build.rs`:
///
/// ```no_run
/// let result = zoho_share_codegen::Builder::new("spec/share_records.yaml").out_file("share_records.rs").generate();
/// if let Err(err) = result {
///     eprintln!("{err}");
///     std::process::exit(1);
/// }
/// ```
///
/// Then, in the crate: `include!(concat!(env!("OUT_DIR"), "/share_records.rs"));`.
#[derive(Clone, Debug)]
pub struct Builder {
    spec: PathBuf,
    out_file: PathBuf,
    out_dir: Option<PathBuf>,
    settings: Settings,
    cargo_directives: bool,
}

impl Builder {
    /// A builder for the spec at `spec` (relative to the crate, as `build.rs` runs there).
    pub fn new(spec: impl Into<PathBuf>) -> Self {
        let spec = spec.into();
        let out_file = spec
            .file_stem()
            .map_or_else(|| PathBuf::from("generated.rs"), |stem| PathBuf::from(stem).with_extension("rs"));
        Builder { spec, out_file, out_dir: None, settings: Settings::default(), cargo_directives: true }
    }

    /// The file to write, relative to the output directory (default: the spec's name
    /// with `.rs`).
    pub fn out_file(mut self, file: impl Into<PathBuf>) -> Self {
        self.out_file = file.into();
        self
    }

    /// The output directory (default: `OUT_DIR`).
    pub fn out_dir(mut self, dir: impl Into<PathBuf>) -> Self {
        self.out_dir = Some(dir.into());
        self
    }

    /// The path generated code uses to reach the runtime (default:
    /// `::zoho_crm_runtime`).
    pub fn runtime_path(mut self, path: impl Into<String>) -> Self {
        self.settings = self.settings.with_runtime_path(path);
        self
    }

    /// Whether to emit the async client (default on; it needs the runtime's `client`
    /// feature). In `build.rs`, `std::env::var_os("CARGO_FEATURE_CLIENT").is_some()` follows
    /// a feature of the crate being built.
    pub fn client(mut self, client: bool) -> Self {
        self.settings = self.settings.with_client(client);
        self
    }

    /// Emits the async client under `#[cfg(feature = "<feature>")]` (see
    /// [`Settings::with_client_feature`]).
    pub fn client_feature(mut self, feature: impl Into<String>) -> Self {
        self.settings = self.settings.with_client_feature(feature);
        self
    }

    /// The input budgets the spec must stay within (default [`Limits::default`]); a spec
    /// past them is refused with a located message before it costs much.
    pub fn limits(mut self, limits: Limits) -> Self {
        self.settings = self.settings.with_limits(limits);
        self
    }

    /// Whether to print `cargo:` directives (`rerun-if-changed` for the spec, and
    /// warnings); on by default.
    pub fn cargo_directives(mut self, print: bool) -> Self {
        self.cargo_directives = print;
        self
    }

    /// Reads the spec, generates the client and writes it if it changed; returns the
    /// path written.
    pub fn generate(self) -> Result<PathBuf, Error> {
        if self.cargo_directives {
            // Naming any file replaces Cargo's default of re-running on every change in
            // the package; the generator itself is a dependency, so Cargo tracks it.
            println!("cargo:rerun-if-changed={}", self.spec.display());
        }
        let bytes = fs::read(&self.spec).map_err(|source| Error::Io { path: self.spec.clone(), source })?;
        let file_name = self
            .spec
            .file_name()
            .map_or_else(|| self.spec.display().to_string(), |name| name.to_string_lossy().into_owned());
        let text = text_of(&bytes, &file_name, self.settings.limits()).map_err(Error::Spec)?;
        let generated = generate(text, &file_name, &self.settings)?;
        if self.cargo_directives {
            for warning in generated.warnings.to_string().lines().filter(|line| !line.is_empty()) {
                println!("cargo:warning={warning}");
            }
        }
        let out_dir = match self.out_dir {
            Some(dir) => dir,
            None => std::env::var_os("OUT_DIR").map(PathBuf::from).ok_or(Error::NoOutDir)?,
        };
        let path = out_dir.join(&self.out_file);
        write_if_changed(&path, &generated.code).map_err(|source| Error::Io { path: path.clone(), source })?;
        Ok(path)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn differences_name_the_first_differing_line() {
        assert_eq!(describe_difference(Some("a\nb\n"), "a\nb\n"), None);
        let text = describe_difference(Some("a\nb\nc\n"), "a\nB\nc\nd\n").unwrap();
        assert!(text.starts_with("first difference at line 2: the file has \"b\", the spec gives \"B\""), "{text}");
        assert!(text.contains("2 lines differ"), "{text}");
        assert_eq!(describe_difference(None, "x").unwrap(), "the file does not exist");
    }

    #[test]
    fn unchanged_files_are_not_rewritten() {
        let dir = std::env::temp_dir().join(format!("zoho-share-codegen-write-{}", std::process::id()));
        let path = dir.join("nested").join("out.rs");
        assert!(write_if_changed(&path, "fn a() {}\n").unwrap());
        assert!(!write_if_changed(&path, "fn a() {}\n").unwrap());
        assert!(write_if_changed(&path, "fn b() {}\n").unwrap());
        fs::remove_dir_all(&dir).unwrap();
    }
}
