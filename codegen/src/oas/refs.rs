//! The documents of an import and their `$ref`s, followed offline.
//!
//! A ref is `FILE#POINTER`, `#POINTER` (same file) or a URL ending in a file name (how
//! Zoho's files name their siblings). A URL's file name, or a relative path without
//! `..`, is read from the reference directory; anything else is refused.

use std::collections::BTreeMap;
use std::path::{Component, Path, PathBuf};

use serde_json::Value;

use super::{OasError, RefProblem};

/// The documents read so far, by file name.
#[derive(Debug, Default)]
pub struct Documents {
    dir: Option<PathBuf>,
    files: BTreeMap<String, Value>,
}

/// A node of a document and where it is.
#[derive(Clone, Debug)]
pub struct Located {
    /// The file.
    pub file: String,
    /// The JSON pointer inside it (empty for the root).
    pub pointer: String,
    /// The node.
    pub value: Value,
}

impl Located {
    /// `file#/pointer`, for messages.
    pub fn at(&self) -> String {
        format!("{}#{}", self.file, self.pointer)
    }

    /// A child by key (a missing key gives `null`).
    pub fn key(&self, key: &str) -> Located {
        let escaped = key.replace('~', "~0").replace('/', "~1");
        Located {
            file: self.file.clone(),
            pointer: format!("{}/{escaped}", self.pointer),
            value: self.value.get(key).cloned().unwrap_or(Value::Null),
        }
    }

    /// A child by index (a missing one gives `null`).
    pub fn index(&self, index: usize) -> Located {
        Located {
            file: self.file.clone(),
            pointer: format!("{}/{index}", self.pointer),
            value: self.value.get(index).cloned().unwrap_or(Value::Null),
        }
    }

    /// The children of an array (none when it is not one).
    pub fn items(&self) -> Vec<Located> {
        let count = self.value.as_array().map_or(0, Vec::len);
        (0..count).map(|index| self.index(index)).collect()
    }

    /// The entries of an object, in document order (none when it is not one).
    pub fn entries(&self) -> Vec<(String, Located)> {
        let keys: Vec<String> = self.value.as_object().map(|map| map.keys().cloned().collect()).unwrap_or_default();
        keys.into_iter().map(|key| (key.clone(), self.key(&key))).collect()
    }

    /// The text of a string child.
    pub fn text(&self, key: &str) -> Option<&str> {
        self.value.get(key).and_then(Value::as_str)
    }
}

impl Documents {
    /// Documents whose refs are read from `dir`.
    pub fn from_directory(dir: impl Into<PathBuf>) -> Self {
        Documents { dir: Some(dir.into()), files: BTreeMap::new() }
    }

    /// Documents that are only those added (refs to other files are missing).
    pub fn in_memory() -> Self {
        Documents::default()
    }

    /// Adds a document by file name.
    pub fn add(&mut self, file: &str, text: &str) -> Result<(), OasError> {
        let value: Value = serde_json::from_str(text)
            .map_err(|err| OasError::Json { file: file.to_owned(), message: err.to_string() })?;
        self.files.insert(file.to_owned(), value);
        Ok(())
    }

    /// The root of a document already added.
    pub fn root(&self, file: &str) -> Option<Located> {
        let value = self.files.get(file)?.clone();
        Some(Located { file: file.to_owned(), pointer: String::new(), value })
    }

    /// The node itself, or what its `$ref` (followed to the end) names.
    pub fn resolve(&mut self, node: &Located) -> Result<Located, OasError> {
        let mut current = node.clone();
        let mut seen = Vec::new();
        while let Some(reference) = current.value.get("$ref").and_then(Value::as_str).map(str::to_owned) {
            let error = |reason| OasError::Ref { pointer: current.at(), reference: reference.clone(), reason };
            let (file_part, pointer) = reference.split_once('#').unwrap_or((reference.as_str(), ""));
            let file = if file_part.is_empty() {
                current.file.clone()
            } else {
                file_name(file_part).ok_or_else(|| error(RefProblem::OutsideDirectory))?
            };
            let target = format!("{file}#{pointer}");
            if seen.contains(&target) {
                return Err(error(RefProblem::Cycle));
            }
            seen.push(target);
            self.load(&file).map_err(|problem| match problem {
                Some(err) => err,
                None => error(RefProblem::Missing),
            })?;
            let value = self.files.get(&file).and_then(|root| root.pointer(pointer)).cloned();
            let value = value.ok_or_else(|| error(RefProblem::Missing))?;
            current = Located { file, pointer: pointer.to_owned(), value };
        }
        Ok(current)
    }

    /// Reads a file from the directory unless already read: `Err(None)` when it does not
    /// exist (or there is no directory), `Err(Some(..))` when it is unreadable or not JSON.
    fn load(&mut self, file: &str) -> Result<(), Option<OasError>> {
        if self.files.contains_key(file) {
            return Ok(());
        }
        let path = self.dir.as_ref().ok_or(None)?.join(file);
        if !path.is_file() {
            return Err(None);
        }
        let text = crate::read::read_text_bounded(&path, crate::read::MAX_OTHER_FILE_BYTES)
            .map_err(|source| Some(OasError::Io { path, source }))?;
        self.add(file, &text).map_err(Some)
    }
}

/// The file a ref names, relative to the reference directory: a URL's last segment, or a
/// relative path that stays inside the directory.
fn file_name(reference: &str) -> Option<String> {
    if reference.starts_with("https://") || reference.starts_with("http://") {
        let name = reference.rsplit('/').next()?;
        return (!name.is_empty() && name != "..").then(|| name.to_owned());
    }
    let path = Path::new(reference);
    let inside = path.components().all(|component| matches!(component, Component::Normal(_) | Component::CurDir));
    (inside && !reference.is_empty()).then(|| reference.to_owned())
}
