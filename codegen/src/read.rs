//! The read stage: YAML text to the spec's types.

use crate::diag::{Diagnostic, Diagnostics, DocPath, Severity};
use crate::spec::Spec;
use crate::yaml;

/// Reads a spec. YAML syntax errors and values of the wrong type stop the reading, and
/// come back located at the line and column the YAML reader gives.
pub fn read(text: &str, file: &str) -> Result<Spec, Diagnostics> {
    let fail = |message: String, position: Option<(usize, usize)>| {
        let mut diagnostics = Diagnostics::new(file);
        diagnostics.items.push(Diagnostic { severity: Severity::Error, path: DocPath::root(), position, message });
        diagnostics
    };
    let has_content =
        text.lines().map(str::trim).any(|line| !line.is_empty() && !line.starts_with('#') && line != "---");
    if !has_content {
        return Err(fail("the spec is empty".to_owned(), None));
    }
    yaml::from_str::<Spec>(text).map_err(|err| fail(err.message, err.line.zip(err.column)))
}
