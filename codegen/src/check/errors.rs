//! Checks of the error format, the error kinds and every documented error row.

use std::collections::{BTreeMap, BTreeSet};

use super::Checker;
use super::types::model_has_default;
use crate::diag::DocPath;
use crate::spec::ErrorRow;
use crate::symbols::nearest;

/// The variant that holds undocumented errors.
pub const UNDOCUMENTED: &str = "Undocumented";

impl Checker<'_> {
    pub(super) fn errors(&mut self) {
        let root = DocPath::root();
        let Some(errors) = self.required(&self.spec.errors, &root, "errors") else { return };
        let path = root.key("errors");
        self.keys(errors, &path);
        self.error_format(errors, &path);
        let mut names = BTreeMap::new();
        for (index, kind) in errors.kinds.iter().enumerate() {
            let kind_path = path.key("kinds").index(index);
            self.keys(kind, &kind_path);
            let Some(name) = self.required_text(&kind.name, &kind_path, "name") else { continue };
            if !name.starts_with(|c: char| c.is_ascii_uppercase()) || !name.chars().all(|c| c.is_ascii_alphanumeric()) {
                self.error(
                    &kind_path.key("name"),
                    format!("error kind `{name}` must be an UpperCamelCase variant name"),
                );
            } else if name == UNDOCUMENTED {
                self.error(&kind_path.key("name"), format!("`{UNDOCUMENTED}` is the variant for undocumented errors"));
            } else {
                self.unique(&mut names, name, &kind_path.key("name"), "error kind");
            }
            if kind.r#match.as_deref().is_some_and(|text| text.trim().is_empty()) {
                self.error(&kind_path.key("match"), "`match` is empty");
            }
        }
        for (index, row) in errors.common.iter().enumerate() {
            self.error_row(row, &path.key("common").index(index));
        }
        self.codes_are_told_apart();
        self.unused_kinds();
    }

    fn error_format(&mut self, errors: &crate::spec::Errors, path: &DocPath) {
        let Some(format) = self.required(&errors.format, path, "format") else { return };
        let format_path = path.key("format");
        self.keys(format, &format_path);
        for (value, key) in [
            (&format.code, "code"),
            (&format.message, "message"),
            (&format.details, "details"),
            (&format.status, "status"),
            (&format.error_value, "error_value"),
        ] {
            self.required_text(value, &format_path, key);
        }
        let Some(model_name) = self.required_text(&format.details_model, &format_path, "details_model") else { return };
        match self.symbols.model(model_name) {
            None => self.error(&format_path.key("details_model"), format!("undefined model `{model_name}`")),
            Some(model) if !model_has_default(model) => self.error(
                &format_path.key("details_model"),
                format!("model `{model_name}` must have no required fields: details are often empty or partial"),
            ),
            Some(_) => {}
        }
    }

    /// Checks one row of a "Possible Errors" list.
    pub(super) fn error_row(&mut self, row: &ErrorRow, path: &DocPath) {
        self.keys(row, path);
        if let Some(kind) = self.required_text(&row.kind, path, "kind") {
            self.known_kind(kind, &path.key("kind"));
        }
        self.source(&row.source, path);
        if let Some(code) = self.required_text(&row.code, path, "code") {
            if !code.chars().all(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || c == '_') {
                self.warning(
                    &path.key("code"),
                    format!("error code `{code}` is not UPPER_SNAKE_CASE like Zoho's codes"),
                );
            }
        }
        if let Some(status) = self.required(&row.status, path, "status") {
            self.status(*status, &path.key("status"));
        }
        self.required_text(&row.message, path, "message");
        self.required_text(&row.resolution, path, "resolution");
    }

    /// A kind a row or sample names must be declared; the message says where kinds are.
    pub(super) fn known_kind(&mut self, kind: &str, path: &DocPath) {
        if self.symbols.is_error_kind(kind) {
            return;
        }
        let kinds = self.spec.errors.iter().flat_map(|errors| &errors.kinds).filter_map(|kind| kind.name.as_deref());
        let hint = match nearest(kind, kinds) {
            Some(near) => format!(" (did you mean `{near}`?)"),
            None => format!(" (declare it under `errors.kinds` with a `name: {kind}` and a `doc`)"),
        };
        self.error(path, format!("undefined error kind `{kind}`{hint}"));
    }

    /// Rows that share a code must be told apart by their kinds' `match` texts: at most one
    /// kind per code may go without one, as the fallback.
    fn codes_are_told_apart(&mut self) {
        let matches: BTreeMap<String, Option<String>> = self
            .spec
            .errors
            .iter()
            .flat_map(|errors| &errors.kinds)
            .filter_map(|kind| Some((kind.name.clone()?, kind.r#match.clone())))
            .collect();
        let mut kinds_by_code: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
        let mut first_row: BTreeMap<String, DocPath> = BTreeMap::new();
        for (row, path) in all_rows(self.spec) {
            let (Some(code), Some(kind)) = (&row.code, &row.kind) else { continue };
            if matches.contains_key(kind) {
                kinds_by_code.entry(code.clone()).or_default().insert(kind.clone());
                first_row.entry(code.clone()).or_insert(path);
            }
        }
        for (code, kinds) in kinds_by_code.iter().filter(|(_, kinds)| kinds.len() > 1) {
            let fallbacks: Vec<&str> =
                kinds.iter().filter(|kind| matches[*kind].is_none()).map(String::as_str).collect();
            if fallbacks.len() > 1 {
                self.error(
                    &first_row[code],
                    format!("error code `{code}` has several kinds without `match` ({}): give all but one a `match` text so the client can tell them apart", fallbacks.join(", ")),
                );
            }
        }
    }

    fn unused_kinds(&mut self) {
        let used: BTreeSet<String> = all_rows(self.spec).filter_map(|(row, _)| row.kind.clone()).collect();
        let kinds = self.spec.errors.iter().flat_map(|errors| errors.kinds.iter().enumerate());
        let unused: Vec<(usize, String)> = kinds
            .filter_map(|(index, kind)| kind.name.clone().filter(|name| !used.contains(name)).map(|name| (index, name)))
            .collect();
        for (index, name) in unused {
            self.warning(
                &DocPath::root().key("errors").key("kinds").index(index).key("name"),
                format!("error kind `{name}` has no documented error row"),
            );
        }
    }
}

/// Every error row of the spec with its path: the common ones, then each operation's.
pub fn all_rows(spec: &crate::spec::Spec) -> impl Iterator<Item = (&ErrorRow, DocPath)> {
    let common = spec.errors.iter().flat_map(|errors| {
        errors
            .common
            .iter()
            .enumerate()
            .map(|(index, row)| (row, DocPath::root().key("errors").key("common").index(index)))
    });
    let operations = spec.operations.iter().enumerate().flat_map(|(op, operation)| {
        operation
            .errors
            .iter()
            .enumerate()
            .map(move |(index, row)| (row, DocPath::root().key("operations").index(op).key("errors").index(index)))
    });
    common.chain(operations)
}
