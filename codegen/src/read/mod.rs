//! The read stage: YAML text to the spec's types, within the input budgets.

pub mod budget;
pub mod locate;
pub mod spec;
pub mod template;
pub mod type_expr;
mod yaml;

use crate::diag::{Diagnostic, Diagnostics, DocPath, Severity};
use budget::{Limits, Refusal};
use locate::Locator;
use spec::Spec;

/// Reads a spec within the default [`Limits`].
pub fn read(text: &str, file: &str) -> Result<Spec, Diagnostics> {
    read_within(text, file, &Limits::default())
}

/// Reads a spec. Text past a limit is refused before the YAML reader sees it; YAML
/// syntax errors and values of the wrong type stop the reading; a spec whose counts are
/// past their limits is refused. Each comes back located.
pub fn read_within(text: &str, file: &str, limits: &Limits) -> Result<Spec, Diagnostics> {
    read_unquoted(text, file, limits).map_err(|mut diagnostics| {
        diagnostics.quote_lines(text);
        diagnostics
    })
}

/// [`read_within`], its problems without the lines they are on.
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
    budget::check_counts(&spec, limits).map_err(|(path, message)| {
        let position = Locator::new(text).find(&path);
        let mut diagnostics = failure(file, message, position);
        diagnostics.items[0].path = path;
        diagnostics
    })?;
    Ok(spec)
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
