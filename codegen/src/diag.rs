//! Problems found in a spec, each with where it is.

use std::fmt;

/// A step of a path inside the document.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Segment {
    /// A key of a mapping.
    Key(String),
    /// An item of a sequence.
    Index(usize),
}

/// A path inside the document, e.g. `operations[2].errors[4].status`.
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct DocPath(Vec<Segment>);

impl DocPath {
    /// The document itself.
    pub fn root() -> Self {
        DocPath(Vec::new())
    }

    /// The path of `key` below this one.
    pub fn key(&self, key: &str) -> Self {
        self.with(Segment::Key(key.to_owned()))
    }

    /// The path of item `index` below this one.
    pub fn index(&self, index: usize) -> Self {
        self.with(Segment::Index(index))
    }

    /// The steps of the path.
    pub fn segments(&self) -> &[Segment] {
        &self.0
    }

    /// The path one step up, if any.
    pub fn parent(&self) -> Option<DocPath> {
        let (_, rest) = self.0.split_last()?;
        Some(DocPath(rest.to_vec()))
    }

    fn with(&self, segment: Segment) -> Self {
        let mut segments = Vec::with_capacity(self.0.len() + 1);
        segments.extend_from_slice(&self.0);
        segments.push(segment);
        DocPath(segments)
    }
}

impl fmt::Display for DocPath {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (position, segment) in self.0.iter().enumerate() {
            match segment {
                Segment::Key(key) if position == 0 => f.write_str(key)?,
                Segment::Key(key) => write!(f, ".{key}")?,
                Segment::Index(index) => write!(f, "[{index}]")?,
            }
        }
        Ok(())
    }
}

/// How bad a problem is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Severity {
    /// The spec cannot be used.
    Error,
    /// The spec can be used, but something looks wrong.
    Warning,
}

/// One problem, with where it is.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Diagnostic {
    /// How bad it is.
    pub severity: Severity,
    /// Where it is inside the document (empty for the whole document).
    pub path: DocPath,
    /// The 1-based line and column, when known.
    pub position: Option<(usize, usize)>,
    /// What is wrong, naming the offending key or value.
    pub message: String,
}

/// Every problem found in one spec file.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Diagnostics {
    /// The file, as it is named in messages.
    pub file: String,
    /// The problems, in the order they were found.
    pub items: Vec<Diagnostic>,
}

impl Diagnostics {
    /// No problems yet, in `file`.
    pub fn new(file: impl Into<String>) -> Self {
        Diagnostics { file: file.into(), items: Vec::new() }
    }

    /// Records an error at `path`.
    pub fn error(&mut self, path: &DocPath, message: impl Into<String>) {
        self.push(Severity::Error, path, message.into());
    }

    /// Records a warning at `path`.
    pub fn warning(&mut self, path: &DocPath, message: impl Into<String>) {
        self.push(Severity::Warning, path, message.into());
    }

    fn push(&mut self, severity: Severity, path: &DocPath, message: String) {
        self.items.push(Diagnostic { severity, path: path.clone(), position: None, message });
    }

    /// Whether any problem is an error.
    pub fn has_errors(&self) -> bool {
        self.items.iter().any(|item| item.severity == Severity::Error)
    }

    /// How many errors there are.
    pub fn error_count(&self) -> usize {
        self.items.iter().filter(|item| item.severity == Severity::Error).count()
    }

    /// Fills in line and column for every problem that lacks them.
    pub fn locate(&mut self, find: impl Fn(&DocPath) -> Option<(usize, usize)>) {
        for item in self.items.iter_mut().filter(|item| item.position.is_none()) {
            item.position = find(&item.path);
        }
    }
}

impl fmt::Display for Diagnostics {
    /// Renders like a compiler: the message, then where it is.
    ///
    /// ```text
    /// error: `status` 4000 is not an HTTP status (100 to 599)
    ///   --> spec/share_records.yaml:40:17 (operations[2].errors[4].status)
    /// ```
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for item in &self.items {
            let severity = match item.severity {
                Severity::Error => "error",
                Severity::Warning => "warning",
            };
            writeln!(f, "{severity}: {}", item.message)?;
            write!(f, "  --> {}", self.file)?;
            if let Some((line, column)) = item.position {
                write!(f, ":{line}:{column}")?;
            }
            if item.path.segments().is_empty() {
                writeln!(f)?;
            } else {
                writeln!(f, " ({})", item.path)?;
            }
        }
        let errors = self.error_count();
        if errors > 0 {
            writeln!(f, "{}: {errors} error{}", self.file, if errors == 1 { "" } else { "s" })?;
        }
        Ok(())
    }
}

impl std::error::Error for Diagnostics {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_render_like_jsonpath_without_the_dollar() {
        let path = DocPath::root().key("operations").index(2).key("errors").index(4).key("status");
        assert_eq!(path.to_string(), "operations[2].errors[4].status");
        assert_eq!(path.parent().unwrap().to_string(), "operations[2].errors[4]");
    }

    #[test]
    fn rendering_names_file_line_column_and_path() {
        let mut diagnostics = Diagnostics::new("spec.yaml");
        diagnostics.error(&DocPath::root().key("url"), "`url` is missing");
        diagnostics.locate(|_| Some((3, 1)));
        assert_eq!(diagnostics.to_string(), "error: `url` is missing\n  --> spec.yaml:3:1 (url)\nspec.yaml: 1 error\n");
    }
}
