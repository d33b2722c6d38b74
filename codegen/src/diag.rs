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
    /// The text of that line, when known: shown under the location, with a caret at the
    /// column, as compilers do.
    pub source_line: Option<String>,
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
        self.items.push(Diagnostic { severity, path: path.clone(), position: None, source_line: None, message });
    }

    /// Whether any problem is an error.
    pub fn has_errors(&self) -> bool {
        self.items.iter().any(|item| item.severity == Severity::Error)
    }

    /// How many errors there are.
    pub fn error_count(&self) -> usize {
        self.items.iter().filter(|item| item.severity == Severity::Error).count()
    }

    /// Keeps, for every located problem, the line of `text` it is on, to show it.
    pub fn quote_lines(&mut self, text: &str) {
        let lines: Vec<&str> = text.lines().collect();
        for item in &mut self.items {
            if let Some((line, _)) = item.position {
                item.source_line =
                    line.checked_sub(1).and_then(|index| lines.get(index)).map(|line| (*line).to_owned());
            }
        }
    }

    /// Fills in line and column for every problem that lacks them.
    pub fn locate(&mut self, find: impl Fn(&DocPath) -> Option<(usize, usize)>) {
        for item in self.items.iter_mut().filter(|item| item.position.is_none()) {
            item.position = find(&item.path);
        }
    }
}

/// The widest part of a line shown; a longer line is cut around the column.
const QUOTE_WIDTH: usize = 120;

/// A source line under its location, with a caret under the column:
///
/// ```text
///    |
/// 40 |       status: 4000
///    |               ^
/// ```
fn write_quoted_line(f: &mut fmt::Formatter<'_>, line: usize, column: usize, text: &str) -> fmt::Result {
    // A tab is shown as one space, to keep the caret under its column; any other
    // character a spec may not hold (a control character, a text-direction override that
    // would reorder the terminal's line) as one replacement character.
    let shown_char = |c: char| match c {
        '\t' => ' ',
        c if c.is_control() || crate::read::text_guard::forbidden(c).is_some() => '\u{FFFD}',
        c => c,
    };
    let chars: Vec<char> = text.chars().map(shown_char).collect();
    let column = column.max(1) - 1;
    let start = column.saturating_sub(QUOTE_WIDTH / 2).min(chars.len().saturating_sub(QUOTE_WIDTH));
    let end = (start + QUOTE_WIDTH).min(chars.len());
    let mut shown: String = chars.get(start..end).unwrap_or_default().iter().collect();
    let mut caret = column.saturating_sub(start);
    if start > 0 {
        shown.insert(0, '…');
        caret += 1;
    }
    if end < chars.len() {
        shown.push('…');
    }
    let gutter = " ".repeat(line.to_string().len());
    writeln!(f, "{gutter} |")?;
    writeln!(f, "{line} | {}", shown.trim_end())?;
    writeln!(f, "{gutter} | {}^", " ".repeat(caret))
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
            if let (Some((line, column)), Some(text)) = (item.position, &item.source_line) {
                write_quoted_line(f, line, column, text)?;
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

    #[test]
    fn a_located_problem_shows_its_line_with_a_caret_under_the_column() {
        let mut diagnostics = Diagnostics::new("spec.yaml");
        diagnostics.error(&DocPath::root().key("status"), "`status` 4000 is not an HTTP status");
        diagnostics.locate(|_| Some((2, 9)));
        diagnostics.quote_lines("name: X\nstatus:\t4000\n");
        let text = diagnostics.to_string();
        assert!(text.contains("\n  |\n2 | status: 4000\n  |         ^\n"), "a tab shows as one space:\n{text}");
        diagnostics.quote_lines("name: X\ndoc: \u{202E}evil\u{1b}[2J\n");
        let text = diagnostics.to_string();
        assert!(
            text.contains("2 | doc: \u{FFFD}evil\u{FFFD}[2J\n"),
            "no override nor escape reaches a terminal:\n{text}"
        );
    }

    #[test]
    fn a_long_line_is_cut_around_the_column() {
        let line = format!("{}target{}", "a".repeat(300), "b".repeat(300));
        let mut diagnostics = Diagnostics::new("spec.yaml");
        diagnostics.error(&DocPath::root(), "here");
        diagnostics.locate(|_| Some((1, 301)));
        diagnostics.quote_lines(&line);
        let text = diagnostics.to_string();
        let quoted = text.lines().nth(3).unwrap();
        let caret = text.lines().nth(4).unwrap();
        assert!(quoted.starts_with("1 | …") && quoted.ends_with('…'), "{quoted}");
        assert!(quoted.chars().count() < 140, "{quoted}");
        let at = caret.chars().position(|c| c == '^').unwrap();
        assert_eq!(quoted.chars().skip(at).take(6).collect::<String>(), "target", "{text}");
    }
}
