//! The error format, the error kinds, every documented error row, and how codes map to
//! kinds.

use std::collections::{BTreeMap, BTreeSet};

use super::Resolver;
use super::types::model_has_default;
use crate::diag::DocPath;
use crate::model::naming::type_name;
use crate::model::reserved::UNDOCUMENTED;
use crate::model::{self, CodeRule, ErrorFormat, ErrorKind, Errors};
use crate::read::spec::ErrorRow;
use crate::resolve::type_lookup::nearest;

impl Resolver<'_> {
    pub(super) fn errors(&mut self) -> Errors {
        let root = DocPath::root();
        let mut resolved = Errors {
            format: ErrorFormat {
                code: String::new(),
                message: String::new(),
                details: String::new(),
                status: String::new(),
                error_value: String::new(),
            },
            details_model: String::new(),
            kinds: Vec::new(),
            common: Vec::new(),
            rules: Vec::new(),
        };
        let Some(errors) = self.required(&self.spec.errors, &root, "errors") else { return resolved };
        let path = root.key("errors");
        self.keys(errors, &path);
        self.error_format(errors, &path);
        if let Some(format) = &errors.format {
            resolved.format = ErrorFormat {
                code: Self::text(&format.code),
                message: Self::text(&format.message),
                details: Self::text(&format.details),
                status: Self::text(&format.status),
                error_value: Self::text(&format.error_value),
            };
            resolved.details_model = type_name(&Self::text(&format.details_model));
        }
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
            resolved.common.push(self.error_row(row, &path.key("common").index(index), false));
        }
        self.error_groups(errors, &path);
        self.unused_kinds();
        let rows: Vec<(model::ErrorRow, DocPath)> =
            all_rows(self.spec).map(|(row, path)| (resolved_row(row), path)).collect();
        let mut codes_of: BTreeMap<&str, BTreeSet<&str>> = BTreeMap::new();
        for (row, _) in &rows {
            codes_of.entry(&row.kind).or_default().insert(&row.code);
        }
        resolved.kinds = errors
            .kinds
            .iter()
            .map(|kind| {
                let rust = Self::text(&kind.name);
                let codes = codes_of.get(rust.as_str()).map(|codes| codes.iter().map(|c| (*c).to_owned()).collect());
                ErrorKind {
                    doc: Self::doc(&kind.doc),
                    description: Self::text(&kind.doc),
                    retryable: kind.retryable == Some(true),
                    renew_token: kind.renew_token == Some(true),
                    codes: codes.unwrap_or_default(),
                    rust,
                }
            })
            .collect();
        let matches: BTreeMap<String, Option<String>> =
            errors.kinds.iter().map(|kind| (Self::text(&kind.name), kind.r#match.clone())).collect();
        resolved.rules = self.code_rules(&rows, &resolved.kinds, &matches);
        resolved
    }

    /// For each code: the kinds it may mean. A code with one kind needs no text to match;
    /// a code with several is decided by the kinds' `match` texts, with the one kind
    /// without a text as the fallback. Several kinds without one cannot be told apart.
    fn code_rules(
        &mut self,
        rows: &[(model::ErrorRow, DocPath)],
        kinds: &[ErrorKind],
        matches: &BTreeMap<String, Option<String>>,
    ) -> Vec<CodeRule> {
        let mut kinds_of: BTreeMap<&str, (BTreeSet<&str>, &DocPath)> = BTreeMap::new();
        for (row, path) in rows.iter().filter(|(row, _)| matches.contains_key(&row.kind)) {
            kinds_of.entry(&row.code).or_insert_with(|| (BTreeSet::new(), path)).0.insert(&row.kind);
        }
        let mut rules = Vec::with_capacity(kinds_of.len());
        for (code, (code_kinds, first_row)) in kinds_of {
            let ordered = kinds.iter().filter(|kind| code_kinds.contains(kind.rust.as_str()));
            let mut rule = CodeRule { code: code.to_owned(), matched: Vec::new(), fallback: None };
            let mut fallbacks = Vec::new();
            for kind in ordered {
                match matches.get(&kind.rust).cloned().flatten().filter(|_| code_kinds.len() > 1) {
                    Some(pattern) => rule.matched.push((kind.rust.clone(), pattern)),
                    None => fallbacks.push(kind.rust.clone()),
                }
            }
            if fallbacks.len() > 1 {
                self.error(
                    first_row,
                    format!("error code `{code}` has several kinds without `match` ({}): give all but one a `match` text so the client can tell them apart", fallbacks.join(", ")),
                );
            }
            rule.fallback = fallbacks.into_iter().next();
            rules.push(rule);
        }
        rules
    }

    fn error_format(&mut self, errors: &crate::read::spec::Errors, path: &DocPath) {
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

    /// Checks the error groups: names given once, rows, messages, and that some
    /// operation names each.
    fn error_groups(&mut self, errors: &crate::read::spec::Errors, path: &DocPath) {
        let mut names = BTreeMap::new();
        for (index, group) in errors.groups.iter().enumerate() {
            let group_path = path.key("groups").index(index);
            self.keys(group, &group_path);
            if let Some(name) = self.required_text(&group.name, &group_path, "name") {
                if !name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_') {
                    self.error(
                        &group_path.key("name"),
                        format!("error group name `{name}` may hold ASCII letters, digits and `_` only"),
                    );
                } else {
                    self.unique(&mut names, name, &group_path.key("name"), "error group");
                    let named =
                        self.spec.operations.iter().any(|operation| operation.error_groups.iter().any(|n| n == name));
                    if !named {
                        self.warning(
                            &group_path.key("name"),
                            format!("error group `{name}` is named by no operation's `error_groups`"),
                        );
                    }
                }
            }
            for (at, message) in group.messages.iter().enumerate() {
                if message.trim().is_empty() {
                    self.error(&group_path.key("messages").index(at), "the message is empty");
                }
            }
            if group.rows.is_empty() {
                self.error(&group_path.key("rows"), "an error group needs at least one row");
            }
            let any_message = !group.messages.is_empty();
            let mut seen = BTreeMap::new();
            for (at, row) in group.rows.iter().enumerate() {
                let row_path = group_path.key("rows").index(at);
                if !any_message && row.message.is_none() {
                    self.error(
                        &row_path.key("message"),
                        "missing required key `message` (a row of a group may leave it out only when the group lists its `messages`)",
                    );
                }
                let resolved = self.error_row(row, &row_path, true);
                let message = row.message.as_deref().map_or("(any of the group's messages)", str::trim);
                let key = format!("{} {} {message}", resolved.kind, resolved.code);
                self.unique(&mut seen, &key, &row_path, "error row (kind, code and message)");
            }
        }
    }

    /// The rows of the groups an operation names, checking each name: it must name a
    /// group of `errors.groups`, once.
    pub(super) fn group_rows(
        &mut self,
        operation: &crate::read::spec::Operation,
        path: &DocPath,
    ) -> Vec<model::ErrorRow> {
        let groups: Vec<&crate::read::spec::ErrorGroup> =
            self.spec.errors.iter().flat_map(|errors| &errors.groups).collect();
        let mut seen = BTreeMap::new();
        let mut rows = Vec::new();
        for (index, name) in operation.error_groups.iter().enumerate() {
            let name_path = path.key("error_groups").index(index);
            let Some(group) = groups.iter().find(|group| group.name.as_deref() == Some(name.as_str())) else {
                let hint = match nearest(name, groups.iter().filter_map(|group| group.name.as_deref())) {
                    Some(near) => format!(" (did you mean `{near}`?)"),
                    None => format!(" (declare it under `errors.groups` with a `name: {name}` and its `rows`)"),
                };
                self.error(&name_path, format!("undefined error group `{name}`{hint}"));
                continue;
            };
            if self.unique(&mut seen, name, &name_path, "error group of the operation").is_some() {
                rows.extend(group.rows.iter().map(resolved_row));
            }
        }
        rows
    }

    /// Checks one row of a "Possible Errors" list; `any_message` when the row is in an
    /// error group with `messages`, so that it may leave its own out.
    pub(super) fn error_row(&mut self, row: &ErrorRow, path: &DocPath, any_message: bool) -> model::ErrorRow {
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
        if any_message && row.message.is_none() {
            // The row comes with any of its group's messages.
        } else {
            self.required_text(&row.message, path, "message");
        }
        self.required_text(&row.resolution, path, "resolution");
        resolved_row(row)
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

/// Every error row of the spec with its path, each where it is written: the common ones,
/// the error groups', then each operation's own.
pub fn all_rows(spec: &crate::read::spec::Spec) -> impl Iterator<Item = (&ErrorRow, DocPath)> {
    let common = spec.errors.iter().flat_map(|errors| {
        errors
            .common
            .iter()
            .enumerate()
            .map(|(index, row)| (row, DocPath::root().key("errors").key("common").index(index)))
    });
    let groups = spec.errors.iter().flat_map(|errors| {
        errors.groups.iter().enumerate().flat_map(|(group, rows)| {
            rows.rows.iter().enumerate().map(move |(index, row)| {
                (row, DocPath::root().key("errors").key("groups").index(group).key("rows").index(index))
            })
        })
    });
    let operations = spec.operations.iter().enumerate().flat_map(|(op, operation)| {
        operation
            .errors
            .iter()
            .enumerate()
            .map(move |(index, row)| (row, DocPath::root().key("operations").index(op).key("errors").index(index)))
    });
    common.chain(groups).chain(operations)
}

/// A row as the model holds it (its problems are reported by `error_row`); a row that
/// comes with any of its group's messages has an empty message.
fn resolved_row(row: &ErrorRow) -> model::ErrorRow {
    model::ErrorRow {
        kind: Resolver::text(&row.kind),
        code: Resolver::text(&row.code),
        status: row.status.and_then(|status| u16::try_from(status).ok()).unwrap_or_default(),
        message: Resolver::text(&row.message),
        resolution: Resolver::text(&row.resolution),
    }
}
