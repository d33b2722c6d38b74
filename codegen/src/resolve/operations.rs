//! Operations: methods, paths, scopes, parameters, bodies, answers, error rows and
//! samples.

use std::collections::{BTreeMap, BTreeSet};

use super::Resolver;
use super::api::scope_parts;
use crate::diag::DocPath;
use crate::model::naming::{self, field_name, type_name};
use crate::model::reserved::{CLIENT_METHODS, REQUEST_METHODS};
use crate::model::{self, Answer, AnswerBody, Location, Named, ScopePart, Ty, UrlPart};
use crate::read::spec::{Operation, Param, SampleRequest, SampleResponse};
use crate::read::template::{self, Part};
use crate::read::type_expr::TypeExpr;
use crate::resolve::type_lookup::TypeKind;

/// The HTTP methods an operation may use.
const METHODS: &[&str] = &["GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS"];

impl Resolver<'_> {
    pub(super) fn operations(
        &mut self,
        api_scopes: Option<&[ScopePart]>,
        operation_types: &[Named],
    ) -> Vec<model::Operation> {
        let root = DocPath::root();
        if self.spec.operations.is_empty() {
            self.error(&root.key("operations"), "the spec has no `operations`");
        }
        let mut names = BTreeMap::new();
        let spec = self.spec;
        let mut operations = Vec::with_capacity(spec.operations.len());
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
                } else if CLIENT_METHODS.contains(&name) {
                    self.error(
                        &path.key("name"),
                        format!("operation name `{name}` is taken by the client's own method `Client::{name}`"),
                    );
                } else {
                    self.unique(&mut names, name, &path.key("name"), "operation");
                }
            }
            operations.push(self.operation(operation, &path, api_scopes, operation_types));
        }
        operations
    }

    fn operation(
        &mut self,
        operation: &Operation,
        path: &DocPath,
        api_scopes: Option<&[ScopePart]>,
        operation_types: &[Named],
    ) -> model::Operation {
        if let Some(method) = self.required_text(&operation.method, path, "method") {
            if !METHODS.contains(&method) {
                self.error(
                    &path.key("method"),
                    format!("`{method}` is not an HTTP method (expected one of: {})", METHODS.join(", ")),
                );
            }
        }
        self.required(&operation.idempotent, path, "idempotent");
        let path_parts = self.operation_path(operation, path);
        let base_url = operation.base_url.as_deref().map(|url| self.base_url_parts(url, &path.key("base_url")));
        let params = self.params(operation, path);
        self.operation_scopes(operation, path);
        let also_required_scopes = self.also_required_scopes(operation, path);
        let pagination = operation
            .pagination
            .as_ref()
            .and_then(|pagination| self.pagination(operation, pagination, &params, &path.key("pagination")));
        if let Some(body) = &operation.body {
            self.body_model(body, &path.key("body"));
        }
        self.response(operation, path);
        let mut errors = self.group_rows(operation, path);
        for (index, row) in operation.errors.iter().enumerate() {
            errors.push(self.error_row(row, &path.key("errors").index(index), false));
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
        let name = Self::text(&operation.name);
        let scope_template = match (&operation.scope_template, operation.scopes.is_empty()) {
            (_, true) => Vec::new(),
            (Some(own), false) => scope_parts(own),
            (None, false) => api_scopes.map(<[ScopePart]>::to_vec).unwrap_or_default(),
        };
        let url = path_parts
            .into_iter()
            .filter_map(|part| match part {
                Part::Literal(text) => Some(UrlPart::Literal(text)),
                Part::Placeholder(wire) => {
                    let param = params
                        .iter()
                        .find(|p| matches!(p.location, Location::Path | Location::Url) && p.wire == wire)?;
                    Some(UrlPart::Param { rust: param.rust.clone(), wire })
                }
            })
            .collect();
        let (answers, output_enum) = answers(operation, &name);
        model::Operation {
            rust: type_name(&name),
            // Converted as whole names, so that `self_` gives `SelfBuilder`, not `Self_Builder`.
            builder: type_name(&format!("{name} builder")),
            call: type_name(&format!("{name} call")),
            call_method: field_name(&name),
            doc: Self::doc(&operation.doc),
            method: Self::text(&operation.method).to_ascii_uppercase(),
            path: url,
            // An unknown operation type was reported by the check; the model holds the known.
            scopes: operation
                .scopes
                .iter()
                .filter_map(|scope| operation_types.iter().find(|known| &known.wire == scope).cloned())
                .collect(),
            scope_template,
            extra_scopes: operation.extra_scopes.clone(),
            also_required_scopes,
            pagination,
            module_param: params.iter().find(|param| param.ty == Ty::Module).map(|param| param.rust.clone()),
            idempotent: operation.idempotent == Some(true),
            base_url,
            host_prefix: operation.host_prefix.as_deref().map(str::trim).map(str::to_owned),
            params,
            body: operation.body.as_deref().map(type_name),
            answers,
            output_enum,
            empty_is_default: operation.response.as_ref().is_some_and(|r| r.no_content.as_deref() == Some("empty")),
            notes: operation.notes.iter().map(|note| crate::model::doc_text::escape(note.trim())).collect(),
            errors,
            name,
        }
    }

    /// The operation's path below the base URL.
    fn operation_path(&mut self, operation: &Operation, path: &DocPath) -> Vec<Part> {
        let Some(text) = self.required_text(&operation.path, path, "path") else { return Vec::new() };
        let key = path.key("path");
        let Some(parts) = self.url_parts(text, &key, "path") else { return Vec::new() };
        let url_param = operation.params.iter().find(|param| param.location.as_deref().map(str::trim) == Some("url"));
        if let Some(param) = url_param {
            let wire = param.wire.as_deref().or(param.name.as_deref()).unwrap_or_default();
            if text.trim() != format!("{{{wire}}}") {
                self.error(
                    &key,
                    format!("an operation with a `url` parameter goes to that URL: its path is `{{{wire}}}` alone, not `{text}`"),
                );
            }
            return parts;
        }
        if !text.starts_with('/') {
            self.error(&key, format!("the path `{text}` must start with `/`"));
        }
        for name in template::placeholders(&parts) {
            if name == template::API_DOMAIN || name == template::VERSION {
                self.error(&key, format!("`{{{name}}}` belongs in the `base_url`, not in an operation's path"));
            }
        }
        parts
    }

    /// Scopes: operation types through a template (the operation's or the API's), fixed
    /// scopes, or both; at least one.
    fn operation_scopes(&mut self, operation: &Operation, path: &DocPath) {
        if operation.scopes.is_empty() && operation.extra_scopes.is_empty() {
            self.error(
                &path.key("scopes"),
                "an operation needs a scope: operation types in `scopes`, or fixed ones in `extra_scopes`",
            );
        }
        if let Some(text) = &operation.scope_template {
            if operation.scopes.is_empty() {
                self.warning(
                    &path.key("scope_template"),
                    "the scope template is unused: `scopes` names no operation type",
                );
            }
            self.scope_template(text, &path.key("scope_template"));
        }
        if !operation.scopes.is_empty() {
            let template =
                operation.scope_template.as_ref().map(|text| (text, path.key("scope_template"))).or_else(|| {
                    self.spec
                        .scopes
                        .as_ref()?
                        .template
                        .as_ref()
                        .map(|text| (text, DocPath::root().key("scopes").key("template")))
                });
            match template {
                None => self.error(
                    &path.key("scopes"),
                    "operation types need a scope template: `scope_template` here or `scopes.template` at the top",
                ),
                Some((text, _)) => {
                    let names_module = template::parse(text).is_ok_and(|parts| {
                        parts.contains(&template::Part::Placeholder(template::MODULE_NAME.to_owned()))
                    });
                    let has_module =
                        operation.params.iter().any(|param| param.r#type.as_deref().map(str::trim) == Some("module"));
                    if names_module && !has_module {
                        self.error(
                            &path.key("scopes"),
                            format!("the scope template `{text}` names `{{module_name}}`, but the operation has no `module` parameter"),
                        );
                    }
                }
            }
        }
        for (index, scope) in operation.scopes.iter().enumerate() {
            if !self.symbols.is_operation_type(scope) {
                self.error(
                    &path.key("scopes").index(index),
                    format!("`{scope}` is not one of the scope `operation_types`"),
                );
            }
        }
        let mut seen = BTreeMap::new();
        for (index, scope) in operation.extra_scopes.iter().enumerate() {
            let item = path.key("extra_scopes").index(index);
            match super::text_rules::scope_token(scope) {
                Err(problem) => self.error(&item, format!("`{}` is not a scope: {problem}", scope.escape_debug())),
                Ok(()) => {
                    self.unique(&mut seen, scope, &item, "fixed scope");
                }
            }
        }
    }

    fn params(&mut self, operation: &Operation, path: &DocPath) -> Vec<model::Param> {
        let mut names = BTreeMap::new();
        let mut wires = BTreeMap::new();
        // Header names ignore case (RFC 9110 §5.1): each header once, and not the token's.
        let mut headers = BTreeMap::new();
        let auth_header = self.spec.auth.as_ref().and_then(|auth| auth.header.as_deref()).map(str::trim);
        let mut path_params = BTreeMap::new();
        let mut params = Vec::with_capacity(operation.params.len());
        for (index, param) in operation.params.iter().enumerate() {
            let param_path = path.key("params").index(index);
            self.keys(param, &param_path);
            let Some(name) = self.required_text(&param.name, &param_path, "name") else { continue };
            if !naming::is_snake_case(name) {
                self.error(&param_path.key("name"), format!("parameter name `{name}` must be snake_case"));
            } else if REQUEST_METHODS.contains(&name) {
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
            let Some((location, ty)) = self.param(param, &param_path) else { continue };
            if location == Location::Header {
                let key = param_path.key(if param.wire.is_some() { "wire" } else { "name" });
                if auth_header.is_some_and(|auth| auth.eq_ignore_ascii_case(wire)) {
                    self.error(
                        &key,
                        format!("header `{wire}` carries the access token (`auth.header`); a parameter cannot set it"),
                    );
                } else if let Some((first, other)) = headers.get(&wire.to_ascii_lowercase()) {
                    self.error(
                        &key,
                        format!("header `{wire}` is header `{other}` at {first} (header names ignore case)"),
                    );
                } else {
                    headers.insert(wire.to_ascii_lowercase(), (key.clone(), wire.to_owned()));
                }
            }
            if matches!(location, Location::Path | Location::Url) {
                let key = param_path.key(if param.wire.is_some() { "wire" } else { "name" });
                path_params.insert(wire.to_owned(), (key, location));
            }
            let items = self.param_items(param, &ty, &param_path);
            let max_bytes = self.param_max_bytes(param, location, &ty, &param_path);
            params.push(model::Param {
                rust: field_name(name),
                name: name.to_owned(),
                wire: wire.to_owned(),
                location,
                ty,
                required: param.required != Some(false),
                doc: Self::doc(&param.doc),
                items,
                max_bytes,
            });
        }
        self.path_params_match_template(operation, &path_params, path);
        self.url_and_parts(operation, &params, path);
        let modules =
            operation.params.iter().filter(|param| param.r#type.as_deref().map(str::trim) == Some("module")).count();
        if modules > 1 {
            self.error(
                &path.key("params"),
                format!("an operation has one `module` parameter at most (found {modules})"),
            );
        }
        if modules > 0 && self.spec.modules.is_none() {
            self.error(&path.key("params"), "a `module` parameter needs the top-level `modules`");
        }
        if let Some(body) = operation.body.as_deref().and_then(|body| self.symbols.model(body)) {
            for (index, field) in body.fields.iter().enumerate() {
                let Some(field_name) = field.name.as_deref() else { continue };
                if REQUEST_METHODS.contains(&field_name) || names.contains_key(field_name) {
                    self.error(
                        &path.key("body"),
                        format!("field `{field_name}` (#{index}) of body `{}` clashes with a parameter or a builder method of the same name", body.name.as_deref().unwrap_or("?")),
                    );
                }
            }
        }
        params
    }

    /// The item limits of a list parameter: only lists have them, and the fewest is not
    /// more than the most.
    fn param_items(&mut self, param: &Param, ty: &Ty, path: &DocPath) -> (Option<usize>, Option<usize>) {
        let mut limit = |value: Option<u64>, key: &str| -> Option<usize> {
            let value = value?;
            if !matches!(ty, Ty::List(_)) {
                self.error(&path.key(key), format!("`{key}` is for `list<T>` parameters only"));
                return None;
            }
            match usize::try_from(value) {
                Ok(value) => Some(value),
                Err(_) => {
                    self.error(&path.key(key), format!("`{key}` {value} is too large"));
                    None
                }
            }
        };
        let (min, max) = (limit(param.min_items, "min_items"), limit(param.max_items, "max_items"));
        if let (Some(min), Some(max)) = (min, max) {
            if min > max {
                self.error(&path.key("min_items"), format!("`min_items` {min} is more than `max_items` {max}"));
            }
        }
        if max == Some(0) {
            self.error(&path.key("max_items"), "`max_items` 0 allows no item: leave the parameter out instead");
        }
        (min, max)
    }

    /// The size limit of a file part: only file parts have one, and it allows some bytes.
    fn param_max_bytes(&mut self, param: &Param, location: Location, ty: &Ty, path: &DocPath) -> Option<u64> {
        let max = param.max_bytes?;
        let file = match ty {
            Ty::List(item) => **item == Ty::File,
            other => *other == Ty::File,
        };
        if location != Location::Part || !file {
            self.error(&path.key("max_bytes"), "`max_bytes` is for `file` and `list<file>` parts only");
            return None;
        }
        if max == 0 {
            self.error(&path.key("max_bytes"), "`max_bytes` 0 allows no file: give the largest size in bytes");
            return None;
        }
        Some(max)
    }

    /// A parameter's place and type.
    fn param(&mut self, param: &Param, path: &DocPath) -> Option<(Location, Ty)> {
        let location = self.required_text(&param.location, path, "location")?;
        let (in_path, in_header) = match location {
            "path" => (true, false),
            "query" => (false, false),
            "header" => (false, true),
            "url" => return self.url_param(param, path),
            "part" => return self.part_param(param, path),
            other => {
                self.error(
                    &path.key("location"),
                    format!(
                        "`{other}` is not a parameter location (expected `path`, `query`, `header`, `url` or `part`)"
                    ),
                );
                return None;
            }
        };
        if in_header {
            let wire = param.wire.as_deref().or(param.name.as_deref()).unwrap_or_default();
            let is_token =
                !wire.is_empty() && wire.bytes().all(|b| b.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~".contains(&b));
            if !is_token {
                self.error(
                    &path.key(if param.wire.is_some() { "wire" } else { "name" }),
                    format!("`{wire}` is not a valid HTTP header name"),
                );
            }
        }
        if in_path && param.required == Some(false) {
            self.error(&path.key("required"), "path parameters are always required");
        }
        let text = self.required_text(&param.r#type, path, "type")?;
        let ty = self.type_expr(text, &path.key("type"))?;
        let scalar = |symbols: &crate::resolve::type_lookup::Symbols<'_>, ty: &TypeExpr| match ty {
            TypeExpr::String | TypeExpr::Integer | TypeExpr::Number | TypeExpr::Bool => true,
            TypeExpr::Named(name) => matches!(symbols.type_kind(name), Some(TypeKind::Id | TypeKind::Enum)),
            _ => false,
        };
        let allowed = match &ty {
            TypeExpr::Module => !in_header,
            TypeExpr::DateTime => !in_path,
            // A list in the query: its items comma-joined (`ids=1,2,3`).
            TypeExpr::List(item) if !in_path && !in_header => {
                let item_ok = scalar(&self.symbols, item);
                if !item_ok {
                    self.error(
                        &path.key("type"),
                        format!("a query parameter `{ty}` cannot hold `{item}` (expected a list of IDs, enums, `string`, `integer`, `number` or `bool`)"),
                    );
                    return None;
                }
                true
            }
            other => scalar(&self.symbols, other),
        };
        if !allowed {
            let extra = match location {
                "path" => " or `module`",
                "query" => ", `datetime`, `module` or a `list<T>` of these but `datetime` and `module`",
                _ => " or `datetime`",
            };
            self.error(
                &path.key("type"),
                format!(
                    "a {location} parameter cannot be `{ty}` (expected an ID, an enum, `string`, `integer`, `number`, `bool`{extra})"
                ),
            );
        }
        let location = match (in_path, in_header) {
            (true, _) => Location::Path,
            (_, true) => Location::Header,
            _ => Location::Query,
        };
        Some((location, self.ty(&ty)))
    }

    /// The whole URL of the operation: text, always given.
    fn url_param(&mut self, param: &Param, path: &DocPath) -> Option<(Location, Ty)> {
        if param.required == Some(false) {
            self.error(&path.key("required"), "the `url` parameter is the operation's URL, so it is always required");
        }
        let text = self.required_text(&param.r#type, path, "type")?;
        let ty = self.type_expr(text, &path.key("type"))?;
        if ty != TypeExpr::String {
            self.error(&path.key("type"), format!("a `url` parameter is a URL as text (`string`), not `{ty}`"));
            return None;
        }
        Some((Location::Url, Ty::String))
    }

    /// A part of a multipart body: a file, a list of files, or a value sent as text.
    fn part_param(&mut self, param: &Param, path: &DocPath) -> Option<(Location, Ty)> {
        let text = self.required_text(&param.r#type, path, "type")?;
        let ty = self.type_expr(text, &path.key("type"))?;
        let allowed = match &ty {
            TypeExpr::File | TypeExpr::String | TypeExpr::Integer | TypeExpr::Number | TypeExpr::Bool => true,
            TypeExpr::List(item) => **item == TypeExpr::File,
            TypeExpr::Named(name) => matches!(self.symbols.type_kind(name), Some(TypeKind::Id | TypeKind::Enum)),
            _ => false,
        };
        if !allowed {
            self.error(
                &path.key("type"),
                format!("a part cannot be `{ty}` (expected `file`, `list<file>`, an ID, an enum, `string`, `integer`, `number` or `bool`)"),
            );
            return None;
        }
        Some((Location::Part, self.ty(&ty)))
    }

    /// The rules of whole-URL and multipart operations: one `url` parameter at most, and
    /// then no host of its own; parts instead of a JSON body, on a method with a body; a
    /// host prefix that is one DNS label.
    fn url_and_parts(&mut self, operation: &Operation, params: &[model::Param], path: &DocPath) {
        let urls = params.iter().filter(|param| param.location == Location::Url).count();
        if urls > 1 {
            self.error(&path.key("params"), format!("an operation has one `url` parameter at most (found {urls})"));
        }
        if urls > 0 && operation.base_url.is_some() {
            self.error(
                &path.key("base_url"),
                "an operation with a `url` parameter goes to that URL: leave `base_url` out",
            );
        }
        let parts = params.iter().any(|param| param.location == Location::Part);
        if parts && operation.body.is_some() {
            self.error(
                &path.key("body"),
                "an operation sends a JSON `body` or multipart parts (`location: part` parameters), not both",
            );
        }
        let method = operation.method.as_deref().map(str::trim).unwrap_or_default();
        if parts && !matches!(method, "POST" | "PUT" | "PATCH") {
            self.error(&path.key("method"), format!("a `{method}` request has no body, so it cannot send parts"));
        }
        if let Some(prefix) = operation.host_prefix.as_deref() {
            let key = path.key("host_prefix");
            if urls > 0 {
                self.error(
                    &key,
                    "an operation with a `url` parameter goes to that URL's host: leave `host_prefix` out",
                );
            }
            let label = prefix.trim();
            let valid = (1..=63).contains(&label.len())
                && label.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
                && !label.starts_with('-')
                && !label.ends_with('-');
            if !valid {
                self.error(
                    &key,
                    format!(
                        "`{}` is not a host label (lower-case letters, digits and inner hyphens, e.g. `content`)",
                        prefix.escape_debug()
                    ),
                );
            }
        }
    }

    fn path_params_match_template(
        &mut self,
        operation: &Operation,
        path_params: &BTreeMap<String, (DocPath, Location)>,
        path: &DocPath,
    ) {
        let Some(parts) = operation.path.as_deref().and_then(|url| template::parse(url).ok()) else { return };
        let placeholders: BTreeSet<&str> = template::placeholders(&parts)
            .filter(|name| *name != template::API_DOMAIN && *name != template::VERSION)
            .collect();
        for (param, (param_path, location)) in path_params {
            // A `url` parameter that is not the path is told so by the whole-URL rules
            // (`operation_path`, `url_and_parts`).
            if *location != Location::Url && !placeholders.contains(param.as_str()) {
                let path = operation.path.as_deref().unwrap_or_default();
                self.error(param_path, format!("path parameter `{param}` is missing from the path `{path}`"));
            }
        }
        for placeholder in placeholders {
            if !path_params.contains_key(placeholder) {
                self.error(
                    &path.key("params"),
                    format!("the path's `{{{placeholder}}}` has no path parameter in this operation"),
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
        for (field, text) in model.fields.iter().flat_map(|field| field.type_texts().map(move |text| (field, text))) {
            let Ok(ty) = TypeExpr::parse(text) else { continue };
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
        match (&operation.response, operation.responses.is_empty()) {
            (Some(_), false) => {
                return self
                    .error(&path.key("responses"), "give `response` (one kind of answer) or `responses`, not both");
            }
            (None, true) => {
                return self.error(&path.key("response"), "missing required key `response` (or `responses`)");
            }
            (None, false) => return self.responses(operation, path),
            (Some(_), true) => {}
        }
        let Some(response) = &operation.response else { return };
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

    /// Several kinds of answer: each a model, bytes or nothing, on statuses of its own.
    fn responses(&mut self, operation: &Operation, path: &DocPath) {
        let mut seen_statuses = BTreeMap::new();
        let mut seen_variants = BTreeMap::new();
        for (index, entry) in operation.responses.iter().enumerate() {
            let entry_path = path.key("responses").index(index);
            self.keys(entry, &entry_path);
            let variant = match (&entry.model, entry.binary == Some(true), entry.empty == Some(true)) {
                (Some(model), false, false) => {
                    self.model_ref(model, &entry_path.key("model"), "the answer");
                    naming::type_name(model)
                }
                (None, true, false) => "Binary".to_owned(),
                (None, false, true) => "Empty".to_owned(),
                _ => {
                    self.error(&entry_path, "an answer is one of `model: …`, `binary: true` or `empty: true`");
                    continue;
                }
            };
            self.unique(&mut seen_variants, &variant, &entry_path, "kind of answer");
            if entry.statuses.is_empty() {
                self.error(&entry_path.key("statuses"), "list the HTTP statuses of this answer, e.g. `[200]`");
            }
            for (at, status) in entry.statuses.iter().enumerate() {
                let status_path = entry_path.key("statuses").index(at);
                if self.status(*status, &status_path) {
                    self.unique(&mut seen_statuses, &status.to_string(), &status_path, "answer status");
                }
            }
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
            self.sample_url(operation, url, &path.key("url"));
        }
        self.source(&sample.source, path);
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
    fn sample_url(&mut self, operation: &Operation, url: &str, path: &DocPath) {
        if operation.is_whole_url() {
            // The URL is whatever an earlier answer gave: an absolute URL or a path.
            let plain = url.starts_with("https://") || url.starts_with("http://") || url.starts_with('/');
            if !plain || url.chars().any(|c| c.is_whitespace() || c.is_control()) {
                self.error(path, format!("sample URL `{}` is not an absolute URL or a path", url.escape_debug()));
            }
            return;
        }
        let Some(parts) = self.spec.url_template(operation).and_then(|url| template::parse(&url).ok()) else { return };
        match crate::resolve::url_match::match_url(&parts, url) {
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
        self.source(&sample.source, path);
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
            self.known_kind(kind, &path.key("error"));
        }
    }
}

impl Resolver<'_> {
    /// Where a sample or error row comes from, when it says.
    pub(super) fn source(&mut self, source: &Option<String>, path: &DocPath) {
        let Some(source) = source else { return };
        if let Err(problem) = super::text_rules::source(source) {
            self.error(&path.key("source"), format!("`{}` is not a source: {problem}", source.escape_debug()));
        }
    }

    /// A name that must be a model's; suggests the nearest model name.
    fn model_ref(&mut self, name: &str, path: &DocPath, what: &str) -> bool {
        if self.symbols.type_kind(name) == Some(TypeKind::Model) {
            return true;
        }
        let models = self.spec.models.iter().filter_map(|model| model.name.as_deref());
        let hint = crate::resolve::type_lookup::nearest(name, models)
            .map_or_else(String::new, |near| format!(" (did you mean `{near}`?)"));
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

/// The kinds of successful answer of an operation, and the name of their enum when there
/// are several.
fn answers(operation: &Operation, name: &str) -> (Vec<Answer>, Option<String>) {
    let statuses = |list: &[i64]| list.iter().filter_map(|status| u16::try_from(*status).ok()).collect::<Vec<_>>();
    if let Some(response) = &operation.response {
        let model = type_name(&Resolver::text(&response.model));
        let answer =
            Answer { variant: model.clone(), statuses: statuses(&response.statuses), body: AnswerBody::Model(model) };
        return (vec![answer], None);
    }
    let answers: Vec<Answer> = operation
        .responses
        .iter()
        .map(|entry| {
            let (variant, body) = match (&entry.model, entry.binary) {
                (Some(model), _) => (type_name(model), AnswerBody::Model(type_name(model))),
                (None, Some(true)) => ("Binary".to_owned(), AnswerBody::Binary),
                _ => ("Empty".to_owned(), AnswerBody::Empty),
            };
            Answer { variant, statuses: statuses(&entry.statuses), body }
        })
        .collect();
    let output_enum = (answers.len() > 1).then(|| type_name(&format!("{name} output")));
    (answers, output_enum)
}
