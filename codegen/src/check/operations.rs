//! Checks of operations: methods, scopes, parameters against the URL template, bodies,
//! answers, error rows and samples.

use std::collections::{BTreeMap, BTreeSet};

use super::Checker;
use crate::diag::DocPath;
use crate::naming;
use crate::spec::{Operation, Param, SampleRequest, SampleResponse};
use crate::symbols::TypeKind;
use crate::template;
use crate::types::TypeExpr;

/// The HTTP methods an operation may use.
const METHODS: &[&str] = &["GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS"];

/// Names that request builders use for their own methods.
pub const RESERVED_PARAMS: &[&str] = &["build", "builder", "version", "body", "new", "send"];

/// Names that the generated `Client` uses for its own methods.
pub const RESERVED_OPERATIONS: &[&str] = &["new", "endpoint", "http", "send"];

impl Checker<'_> {
    pub(super) fn operations(&mut self) {
        let root = DocPath::root();
        if self.spec.operations.is_empty() {
            self.error(&root.key("operations"), "the spec has no `operations`");
        }
        let mut names = BTreeMap::new();
        let spec = self.spec;
        for (index, operation) in spec.operations.iter().enumerate() {
            let path = root.key("operations").index(index);
            self.keys(operation, &path);
            if let Some(name) = self.required_text(&operation.name, &path, "name") {
                if !naming::is_snake_case(name) {
                    self.error(
                        &path.key("name"),
                        format!(
                            "operation name `{name}` must be snake_case, e.g. `{}`",
                            naming::field_name(name).trim_start_matches("r#")
                        ),
                    );
                } else if RESERVED_OPERATIONS.contains(&name) {
                    self.error(
                        &path.key("name"),
                        format!("operation name `{name}` is taken by the client's own method `Client::{name}`"),
                    );
                } else {
                    self.unique(&mut names, name, &path.key("name"), "operation");
                }
            }
            self.operation(operation, &path);
        }
    }

    fn operation(&mut self, operation: &Operation, path: &DocPath) {
        if let Some(method) = self.required_text(&operation.method, path, "method") {
            if !METHODS.contains(&method) {
                self.error(
                    &path.key("method"),
                    format!("`{method}` is not an HTTP method (expected one of: {})", METHODS.join(", ")),
                );
            }
        }
        self.required(&operation.idempotent, path, "idempotent");
        self.operation_scopes(operation, path);
        self.params(operation, path);
        if let Some(body) = &operation.body {
            self.body_model(body, &path.key("body"));
        }
        self.response(operation, path);
        for (index, row) in operation.errors.iter().enumerate() {
            self.error_row(row, &path.key("errors").index(index));
        }
        self.duplicate_rows(operation, path);
        if let Some(samples) = &operation.samples {
            let samples_path = path.key("samples");
            self.keys(samples, &samples_path);
            for (index, sample) in samples.requests.iter().enumerate() {
                self.sample_request(operation, sample, &samples_path.key("requests").index(index));
            }
            for (index, sample) in samples.responses.iter().enumerate() {
                self.sample_response(sample, &samples_path.key("responses").index(index));
            }
        }
    }

    fn operation_scopes(&mut self, operation: &Operation, path: &DocPath) {
        if operation.scopes.is_empty() {
            self.error(&path.key("scopes"), "an operation needs at least one scope operation type");
        }
        for (index, scope) in operation.scopes.iter().enumerate() {
            if !self.symbols.is_operation_type(scope) {
                self.error(
                    &path.key("scopes").index(index),
                    format!("`{scope}` is not one of the scope `operation_types`"),
                );
            }
        }
        for (index, scope) in operation.extra_scopes.iter().enumerate() {
            if scope.trim().is_empty() || scope.contains(char::is_whitespace) {
                self.error(&path.key("extra_scopes").index(index), format!("`{scope}` is not a scope"));
            }
        }
    }

    fn params(&mut self, operation: &Operation, path: &DocPath) {
        let mut names = BTreeMap::new();
        let mut wires = BTreeMap::new();
        let mut path_params = BTreeMap::new();
        for (index, param) in operation.params.iter().enumerate() {
            let param_path = path.key("params").index(index);
            self.keys(param, &param_path);
            let Some(name) = self.required_text(&param.name, &param_path, "name") else { continue };
            if !naming::is_snake_case(name) {
                self.error(&param_path.key("name"), format!("parameter name `{name}` must be snake_case"));
            } else if RESERVED_PARAMS.contains(&name) {
                self.error(&param_path.key("name"), format!("parameter name `{name}` is taken by the request builder; name it otherwise and keep `wire: {name}`"));
            } else {
                self.unique(&mut names, name, &param_path.key("name"), "parameter");
            }
            let wire = param.wire.as_deref().unwrap_or(name);
            self.unique(
                &mut wires,
                wire,
                &param_path.key(if param.wire.is_some() { "wire" } else { "name" }),
                "parameter wire name",
            );
            if self.param(param, &param_path) == Some(true) {
                path_params.insert(wire.to_owned(), param_path.key(if param.wire.is_some() { "wire" } else { "name" }));
            }
        }
        self.path_params_match_template(&path_params, path);
        let modules =
            operation.params.iter().filter(|param| param.r#type.as_deref().map(str::trim) == Some("module")).count();
        if modules != 1 {
            self.error(
                &path.key("params"),
                format!("an operation needs exactly one `module` path parameter to name its scope (found {modules})"),
            );
        }
        if let Some(body) = operation.body.as_deref().and_then(|body| self.symbols.model(body)) {
            for (index, field) in body.fields.iter().enumerate() {
                let Some(field_name) = field.name.as_deref() else { continue };
                if RESERVED_PARAMS.contains(&field_name) || names.contains_key(field_name) {
                    self.error(
                        &path.key("body"),
                        format!("field `{field_name}` (#{index}) of body `{}` clashes with a parameter or a builder method of the same name", body.name.as_deref().unwrap_or("?")),
                    );
                }
            }
        }
    }

    /// Checks a parameter; returns whether it sits in the path.
    fn param(&mut self, param: &Param, path: &DocPath) -> Option<bool> {
        let location = self.required_text(&param.location, path, "location")?;
        let in_path = match location {
            "path" => true,
            "query" => false,
            other => {
                self.error(
                    &path.key("location"),
                    format!("`{other}` is not a parameter location (expected `path` or `query`)"),
                );
                return None;
            }
        };
        if in_path && param.required == Some(false) {
            self.error(&path.key("required"), "path parameters are always required");
        }
        let text = self.required_text(&param.r#type, path, "type")?;
        let ty = self.type_expr(text, &path.key("type"))?;
        let allowed = match &ty {
            TypeExpr::Module => in_path,
            TypeExpr::String | TypeExpr::Integer | TypeExpr::Bool => true,
            TypeExpr::Named(name) => matches!(self.symbols.type_kind(name), Some(TypeKind::Id | TypeKind::Enum)),
            _ => false,
        };
        if !allowed {
            self.error(
                &path.key("type"),
                format!(
                    "a {location} parameter cannot be `{ty}` (expected an ID, an enum, `string`, `integer`, `bool`{})",
                    if in_path { " or `module`" } else { "" }
                ),
            );
        }
        Some(in_path)
    }

    fn path_params_match_template(&mut self, path_params: &BTreeMap<String, DocPath>, path: &DocPath) {
        let Some(parts) = self.spec.url.as_deref().and_then(|url| template::parse(url).ok()) else { return };
        let placeholders: BTreeSet<&str> = template::placeholders(&parts)
            .filter(|name| *name != template::API_DOMAIN && *name != template::VERSION)
            .collect();
        for (param, param_path) in path_params {
            if !placeholders.contains(param.as_str()) {
                self.error(
                    param_path,
                    format!(
                        "path parameter `{param}` is missing from the URL template `{}`",
                        self.spec.url.as_deref().unwrap_or_default()
                    ),
                );
            }
        }
        for placeholder in placeholders {
            if !path_params.contains_key(placeholder) {
                self.error(
                    &path.key("params"),
                    format!("the URL template's `{{{placeholder}}}` has no path parameter in this operation"),
                );
            }
        }
    }

    fn body_model(&mut self, body: &str, path: &DocPath) {
        if !self.model_ref(body, path, "the body") {
            return;
        }
        let mut seen = BTreeSet::new();
        self.request_model(body, path, &mut seen);
    }

    /// Request bodies are checked and encoded field by field: they cannot hold per-item
    /// results, and their field names must not clash with the builder's own methods.
    fn request_model(&mut self, name: &str, path: &DocPath, seen: &mut BTreeSet<String>) {
        if !seen.insert(name.to_owned()) {
            return;
        }
        let Some(model) = self.symbols.model(name) else { return };
        for field in &model.fields {
            let Some(ty) = field.r#type.as_deref().and_then(|text| TypeExpr::parse(text).ok()) else { continue };
            if type_has_outcome(&ty) {
                self.error(
                    path,
                    format!(
                        "request model `{name}` has `outcome<…>` field `{}`; outcomes only appear in answers",
                        field.name.as_deref().unwrap_or("?")
                    ),
                );
            }
            if let Some(inner) = ty.named().filter(|inner| self.symbols.type_kind(inner) == Some(TypeKind::Model)) {
                self.request_model(inner, path, seen);
            }
        }
    }

    fn response(&mut self, operation: &Operation, path: &DocPath) {
        let Some(response) = self.required(&operation.response, path, "response") else { return };
        let response_path = path.key("response");
        self.keys(response, &response_path);
        if let Some(model) = self.required_text(&response.model, &response_path, "model") {
            self.model_ref(model, &response_path.key("model"), "the answer");
        }
        if response.statuses.is_empty() {
            self.error(&response_path.key("statuses"), "list the HTTP statuses of success, e.g. `[200]`");
        }
        for (index, status) in response.statuses.iter().enumerate() {
            let status_path = response_path.key("statuses").index(index);
            if self.status(*status, &status_path) && !(200..300).contains(status) {
                self.warning(&status_path, format!("success status {status} is not a 2xx status"));
            }
        }
        match response.no_content.as_deref() {
            None | Some("error") => {}
            Some("empty") => {
                let model = response.model.as_deref().and_then(|name| self.symbols.model(name));
                if model.is_some_and(|model| !super::types::model_has_default(model)) {
                    self.error(
                        &response_path.key("no_content"),
                        "`no_content: empty` needs an answer model without required fields",
                    );
                }
            }
            Some(other) => self.error(
                &response_path.key("no_content"),
                format!("`{other}` is not a `no_content` choice (expected `empty` or `error`)"),
            ),
        }
    }

    fn duplicate_rows(&mut self, operation: &Operation, path: &DocPath) {
        let mut seen = BTreeMap::new();
        for (index, row) in operation.errors.iter().enumerate() {
            let (Some(kind), Some(code), Some(message)) = (&row.kind, &row.code, &row.message) else { continue };
            let key = format!("{kind} {code} {message}");
            self.unique(&mut seen, &key, &path.key("errors").index(index), "error row (kind, code and message)");
        }
    }

    fn sample_request(&mut self, operation: &Operation, sample: &SampleRequest, path: &DocPath) {
        self.keys(sample, path);
        if let (Some(method), Some(expected)) = (self.required_text(&sample.method, path, "method"), &operation.method)
        {
            if method != expected {
                self.error(
                    &path.key("method"),
                    format!("the sample uses `{method}`, but the operation is `{expected}`"),
                );
            }
        }
        if let Some(url) = self.required_text(&sample.url, path, "url") {
            self.sample_url(url, &path.key("url"));
        }
        match (&sample.body, &operation.body) {
            (Some(body), Some(_)) => {
                self.json(body, &path.key("body"));
            }
            (Some(_), None) => self.error(&path.key("body"), "the sample has a body, but the operation takes none"),
            // The documentation does not always show the body it sends.
            (None, _) => {}
        }
    }

    /// A sample URL must fit the template: a known version and one segment per placeholder.
    fn sample_url(&mut self, url: &str, path: &DocPath) {
        let Some(parts) = self.spec.url.as_deref().and_then(|url| template::parse(url).ok()) else { return };
        match crate::sample::match_url(&parts, url) {
            Err(problem) => self.error(path, format!("sample URL `{url}` does not fit the URL template: {problem}")),
            Ok(matched) => {
                if let Some(version) = matched.placeholders.get(template::VERSION) {
                    self.version_ref(version, path);
                }
            }
        }
    }

    fn sample_response(&mut self, sample: &SampleResponse, path: &DocPath) {
        self.keys(sample, path);
        if let Some(status) = self.required(&sample.status, path, "status") {
            self.status(*status, &path.key("status"));
        }
        if let Some(body) = self.required_text(&sample.body, path, "body") {
            self.json(body, &path.key("body"));
        }
        if let Some(version) = &sample.version {
            self.version_ref(version, &path.key("version"));
        }
        if let Some(kind) = &sample.error {
            let known = self.spec.errors.iter().flat_map(|errors| &errors.kinds).any(|k| k.name.as_ref() == Some(kind));
            if !known {
                self.error(&path.key("error"), format!("undefined error kind `{kind}`"));
            }
        }
    }
}

impl Checker<'_> {
    /// A name that must be a model's; suggests the nearest model name.
    fn model_ref(&mut self, name: &str, path: &DocPath, what: &str) -> bool {
        if self.symbols.type_kind(name) == Some(TypeKind::Model) {
            return true;
        }
        let models = self.spec.models.iter().filter_map(|model| model.name.as_deref());
        let hint =
            crate::symbols::nearest(name, models).map_or_else(String::new, |near| format!(" (did you mean `{near}`?)"));
        self.error(path, format!("{what} must be a model, and `{name}` is not one{hint}"));
        false
    }
}

fn type_has_outcome(ty: &TypeExpr) -> bool {
    match ty {
        TypeExpr::Outcome(_) => true,
        TypeExpr::List(inner) => type_has_outcome(inner),
        _ => false,
    }
}
