//! The read stage: YAML text to the spec's types, within the input budgets.

pub mod budget;
pub mod locate;
pub mod spec;
pub mod template;
pub mod text_guard;
pub mod type_expr;
mod yaml;

use std::io::{self, Read};
use std::path::Path;

use crate::diag::{Diagnostic, Diagnostics, DocPath, Severity};
use budget::{Limits, Refusal};
use locate::Locator;
use spec::Spec;

/// Reads a spec within the default [`Limits`].
pub fn read(text: &str, file: &str) -> Result<Spec, Diagnostics> {
    read_within(text, file, &Limits::default())
}

/// Reads a spec. Text past a limit is refused before the YAML reader sees it; YAML
/// syntax errors and values of the wrong type stop the reading; a YAML tag, a character
/// no spec may hold ([`text_guard`]) and counts past their limits are refused. Each
/// comes back located. Lines may end in LF, CRLF or a lone CR (YAML's three line breaks).
pub fn read_within(text: &str, file: &str, limits: &Limits) -> Result<Spec, Diagnostics> {
    // Lines end in LF, CRLF or a lone CR: all three are read, located and quoted as one.
    let text = &*text_guard::line_breaks(text);
    read_unquoted(text, file, limits).map_err(|mut diagnostics| {
        diagnostics.quote_lines(text);
        diagnostics
    })
}

/// [`read_within`] on text whose lines end in LF or CRLF, its problems without the lines
/// they are on.
fn read_unquoted(text: &str, file: &str, limits: &Limits) -> Result<Spec, Diagnostics> {
    let has_content =
        text.lines().map(str::trim).any(|line| !line.is_empty() && !line.starts_with('#') && line != "---");
    if !has_content {
        return Err(failure(file, "the spec is empty".to_owned(), None));
    }
    budget::prescan(text, limits).map_err(|refusal| refused(file, refusal))?;
    let spec = yaml::from_str::<Spec>(text).map_err(|err| {
        let position = err.line.zip(err.column).map(|at| duplicate_position(text, &err.message, at).unwrap_or(at));
        failure(file, err.message, position)
    })?;
    if let Some((position, tag)) = budget::first_tag(text, limits) {
        let path = Locator::new(text).path_at(position);
        let message = oddity_message(&path, &yaml::Oddity::Tag(tag));
        let mut diagnostics = failure(file, message, Some(position));
        diagnostics.items[0].path = path;
        return Err(diagnostics);
    }
    if let Some((path, oddity)) = yaml::first_oddity(text) {
        let message = oddity_message(&path, &oddity);
        return Err(located(file, text, path, message));
    }
    if let Some((at, c, why)) = text_guard::first_forbidden(text) {
        // Not in any key or text, so in a comment: refused too, since a reader of the
        // spec would see it shown out of order.
        let position = position_of(text, at);
        let path = Locator::new(text).path_at(position);
        let mut diagnostics = failure(
            file,
            format!("a comment holds {} ({why}); a spec may not hold it anywhere", text_guard::code_point(c)),
            Some(position),
        );
        diagnostics.items[0].path = path;
        return Err(diagnostics);
    }
    budget::check_counts(&spec, limits).map_err(|(path, message)| located(file, text, path, message))?;
    Ok(spec)
}

/// One problem at `path`, located in `text`.
fn located(file: &str, text: &str, path: crate::diag::DocPath, message: String) -> Diagnostics {
    let position = Locator::new(text).find(&path);
    let mut diagnostics = failure(file, message, position);
    diagnostics.items[0].path = path;
    diagnostics
}

/// What is wrong with an [`yaml::Oddity`], naming the key that holds it.
fn oddity_message(path: &crate::diag::DocPath, oddity: &yaml::Oddity) -> String {
    let key = path.to_string();
    let key = if key.is_empty() { "the document".to_owned() } else { format!("`{key}`") };
    match oddity {
        yaml::Oddity::Tag(tag) => {
            format!("{key} has the YAML tag `{tag}`; a spec uses no tags (the reader would drop it silently)")
        }
        yaml::Oddity::Character(c, why) => format!(
            "{key} holds {} ({why}); a spec's text may hold no control character but tabs and line breaks, and no text-direction code point",
            text_guard::code_point(*c)
        ),
    }
}

/// The 1-based line and column (in bytes) of byte `offset` of `text`, whose lines end in
/// LF or CRLF.
fn position_of(text: &str, offset: usize) -> (usize, usize) {
    let before = &text.as_bytes()[..offset.min(text.len())];
    let line_start = before.iter().rposition(|byte| *byte == b'\n').map_or(0, |newline| newline + 1);
    (before.iter().filter(|byte| **byte == b'\n').count() + 1, offset - line_start + 1)
}

/// The most bytes the generator reads of a file that is not a spec (a documentation page,
/// an OpenAPI file, a generated file to compare): 64 MiB, far above any real one.
pub const MAX_OTHER_FILE_BYTES: usize = 64 << 20;

/// Reads at most `limit + 1` bytes of the file at `path`, through [`Read::take`]: enough to
/// tell that a file is past `limit` without holding more of it (`/dev/zero` or a 100 MB
/// file cost `limit + 1` bytes). Callers refuse a result longer than `limit`.
pub fn read_bounded(path: &Path, limit: usize) -> io::Result<Vec<u8>> {
    let file = std::fs::File::open(path)?;
    // Opening a folder succeeds on Unix and reading it fails with a bare "Is a directory".
    if file.metadata()?.is_dir() {
        let message = format!("it is a folder; name the files in it (e.g. {}/*.txt)", path.display());
        return Err(io::Error::new(io::ErrorKind::InvalidInput, message));
    }
    let mut bytes = Vec::new();
    file.take(u64::try_from(limit).unwrap_or(u64::MAX).saturating_add(1)).read_to_end(&mut bytes)?;
    Ok(bytes)
}

/// The text of a file of at most `limit` bytes (read with [`read_bounded`]); a longer file,
/// or one that is not UTF-8, is an [`io::ErrorKind::InvalidData`] error saying so.
pub fn read_text_bounded(path: &Path, limit: usize) -> io::Result<String> {
    let bytes = read_bounded(path, limit)?;
    if bytes.len() > limit {
        return Err(io::Error::new(io::ErrorKind::InvalidData, format!("larger than {limit} bytes")));
    }
    String::from_utf8(bytes).map_err(|err| {
        io::Error::new(io::ErrorKind::InvalidData, format!("not UTF-8 (at byte {})", err.utf8_error().valid_up_to()))
    })
}

/// The text of a spec file: refused, located, when it is past the byte limit or not UTF-8.
pub fn text_of<'a>(bytes: &'a [u8], file: &str, limits: &Limits) -> Result<&'a str, Diagnostics> {
    budget::check_bytes(bytes, limits).map_err(|refusal| refused(file, refusal))
}

fn refused(file: &str, refusal: Refusal) -> Diagnostics {
    failure(file, refusal.message, Some(refusal.position))
}

fn failure(file: &str, message: String, position: Option<(usize, usize)>) -> Diagnostics {
    let mut diagnostics = Diagnostics::new(file);
    diagnostics.items.push(Diagnostic {
        severity: Severity::Error,
        path: DocPath::root(),
        position,
        source_line: None,
        message,
    });
    diagnostics
}

/// The YAML reader places a duplicate key at the mapping that holds it; this finds the
/// duplicate itself: the second block key of that name at the mapping's column.
fn duplicate_position(text: &str, message: &str, (line, column): (usize, usize)) -> Option<(usize, usize)> {
    let key = message.split("duplicate field `").nth(1)?.split('`').next()?;
    let (first_line, key_column) = (line.checked_sub(1)?, column.checked_sub(1)?);
    let mut seen = false;
    for (index, content) in text.lines().enumerate().skip(first_line) {
        let Some(entry) = content.get(key_column..) else { continue };
        let indent = content.len() - content.trim_start().len();
        if index != first_line && !content.trim().is_empty() && !content.trim_start().starts_with('#') {
            if indent < key_column {
                return None;
            }
            if indent > key_column {
                continue;
            }
        }
        let names_key = entry.strip_prefix(key).is_some_and(|rest| rest.trim_start_matches(' ').starts_with(':'));
        if names_key && seen {
            return Some((index + 1, column));
        }
        seen |= names_key;
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn duplicates_are_placed_at_the_second_key() {
        let text = "a:\n  - name: x\n    method: GET\n    doc: d\n    method: POST\n";
        let message = "operations[0]: duplicate field `method`";
        assert_eq!(duplicate_position(text, message, (2, 5)), Some((5, 5)));
        assert_eq!(duplicate_position(text, "something else", (2, 5)), None);
    }
}
