//! The `build.rs` driver: read a spec, generate, write into `OUT_DIR` when changed.

use std::path::PathBuf;

use super::{cargo_warning_lines, write_if_changed};
use crate::read::text_of;
use crate::{Error, Settings, generate, generate_family};

/// Generates a client from `build.rs`, into `OUT_DIR`.
///
/// In `build.rs`:
///
/// ```no_run
/// let result = zoho_crm_codegen::Builder::new("spec/share_records.yaml").out_file("share_records.rs").generate();
/// if let Err(err) = result {
///     eprintln!("{err}");
///     std::process::exit(1);
/// }
/// ```
///
/// Then, in the crate: `include!(concat!(env!("OUT_DIR"), "/share_records.rs"));`.
///
/// Several specs make one file with one client of them all ([`Builder::family`]).
#[derive(Clone, Debug)]
pub struct Builder {
    spec: PathBuf,
    /// The specs after the first, for a family.
    more_specs: Vec<PathBuf>,
    /// Whether the specs make a family (even a family of one).
    family: bool,
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
        Builder {
            spec,
            more_specs: Vec::new(),
            family: false,
            out_file,
            out_dir: None,
            settings: Settings::default(),
            cargo_directives: true,
        }
    }

    /// A builder for several specs generated into one file, as
    /// [`generate_family`](crate::generate_family) does: the items they share once at the
    /// top (one `Client`, one `ApiError`, …), then one module per API. The file is named
    /// `family.rs` unless [`out_file`](Builder::out_file) says otherwise.
    ///
    /// ```no_run
    /// let specs = ["spec/share_records.yaml", "spec/tags.yaml"];
    /// let result = zoho_crm_codegen::Builder::family(specs).out_file("crm.rs").generate();
    /// if let Err(err) = result {
    ///     eprintln!("{err}");
    ///     std::process::exit(1);
    /// }
    /// ```
    pub fn family(specs: impl IntoIterator<Item = impl Into<PathBuf>>) -> Self {
        let mut specs = specs.into_iter().map(Into::into);
        let first = specs.next().unwrap_or_default();
        let mut builder = Builder::new(first);
        builder.more_specs = specs.collect();
        builder.family = true;
        builder.out_file = PathBuf::from("family.rs");
        builder
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

    /// How to generate (runtime path, client and its feature, input budgets); default
    /// [`Settings::default`]. In `build.rs`,
    /// `Settings::default().with_client(std::env::var_os("CARGO_FEATURE_CLIENT").is_some())`
    /// follows a feature of the crate being built.
    pub fn settings(mut self, settings: Settings) -> Self {
        self.settings = settings;
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
        let all: Vec<&PathBuf> = std::iter::once(&self.spec).chain(&self.more_specs).collect();
        if self.cargo_directives {
            // Naming any file replaces Cargo's default of re-running on every change in
            // the package; the generator itself is a dependency, so Cargo tracks it.
            for spec in &all {
                println!("cargo:rerun-if-changed={}", spec.display());
            }
        }
        let mut texts = Vec::with_capacity(all.len());
        for spec in &all {
            let bytes = crate::read::read_bounded(spec, self.settings.limits().max_bytes)
                .map_err(|source| Error::Io { path: (*spec).clone(), source })?;
            let file_name =
                spec.file_name().map_or_else(|| spec.display().to_string(), |name| name.to_string_lossy().into_owned());
            let text = text_of(&bytes, &file_name, self.settings.limits()).map_err(Error::Spec)?.to_owned();
            texts.push((text, file_name));
        }
        let generated = match texts.as_slice() {
            [(text, file_name)] if !self.family => generate(text, file_name, &self.settings)?,
            _ => {
                let inputs: Vec<(&str, &str)> =
                    texts.iter().map(|(text, name)| (text.as_str(), name.as_str())).collect();
                generate_family(&inputs, &self.settings)?
            }
        };
        if self.cargo_directives {
            let lines = if self.family {
                family_warning_lines(&generated.warnings, &texts, &all)
            } else {
                cargo_warning_lines(&generated.warnings, &self.spec)
            };
            for warning in lines {
                println!("cargo:warning={warning}");
            }
        }
        let out_dir = match self.out_dir {
            Some(dir) => dir,
            None => std::env::var_os("OUT_DIR").map(PathBuf::from).ok_or(Error::NoOutDir)?,
        };
        let path = out_dir.join(&self.out_file);
        // Unlike the command line's `--out`, folders below the output directory are
        // created: `out_file` may name a subfolder of `OUT_DIR`, which Cargo makes fresh.
        write_if_changed(&path, &generated.code).map_err(|source| Error::Io { path: path.clone(), source })?;
        Ok(path)
    }
}

/// A family's warnings as `cargo:warning` lines: each message starts with its spec's file
/// name (and line and column), which becomes the spec's path as the build script names it.
fn family_warning_lines(warnings: &crate::Diagnostics, texts: &[(String, String)], specs: &[&PathBuf]) -> Vec<String> {
    warnings
        .items
        .iter()
        .map(|item| {
            let message = item.message.replace('\n', " ");
            let path = if item.path.segments().is_empty() { String::new() } else { format!(" ({})", item.path) };
            let named = texts.iter().zip(specs).find_map(|((_, file_name), spec)| {
                message.strip_prefix(file_name.as_str()).map(|rest| format!("{}{rest}", spec.display()))
            });
            format!("{}{path}", named.unwrap_or(message))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use std::path::PathBuf;

    use crate::{Diagnostics, DocPath};

    #[test]
    fn family_warnings_name_the_path_of_their_spec() {
        let mut warnings = Diagnostics::new("a.yaml and b.yaml");
        warnings.warning(&DocPath::root().key("errors"), "b.yaml:3:4: a kind with no row");
        let texts = [(String::new(), "a.yaml".to_owned()), (String::new(), "b.yaml".to_owned())];
        let (a, b) = (PathBuf::from("../spec/a.yaml"), PathBuf::from("../spec/b.yaml"));
        let lines = super::family_warning_lines(&warnings, &texts, &[&a, &b]);
        assert_eq!(lines, ["../spec/b.yaml:3:4: a kind with no row (errors)"]);
    }
}
