//! The OpenAPI document to a spec: the API's frame, operations, answers, errors, scopes.

use std::collections::BTreeSet;

use heck::{ToSnakeCase, ToUpperCamelCase};
use serde_yaml::{Mapping, Value as Yaml};

use super::refs::{Documents, Located};
use super::schema::{ErrorFound, Schemas};
use super::{Import, OasError};

/// The version segment of every operation's path: what is before it becomes the base
/// URL, what is after it the operation's path.
const VERSION_SEGMENT: &str = "/v8/";

/// Zoho's data centres: name, API domain, accounts domain.
/// Zoho's data centres: name, API domain, accounts domain, and the download host that
/// the `download_url`s of bulk write results, backups and audit log exports point at
/// (`download-accl.` and the accounts domain's own name, as Zoho's SDK samples write it
/// for `zoho.com` and `zoho.in`).
const DATA_CENTRES: &[(&str, &str, &str, &str)] = &[
    ("US", "https://www.zohoapis.com", "https://accounts.zoho.com", "https://download-accl.zoho.com"),
    ("EU", "https://www.zohoapis.eu", "https://accounts.zoho.eu", "https://download-accl.zoho.eu"),
    ("IN", "https://www.zohoapis.in", "https://accounts.zoho.in", "https://download-accl.zoho.in"),
    ("AU", "https://www.zohoapis.com.au", "https://accounts.zoho.com.au", "https://download-accl.zoho.com.au"),
    ("JP", "https://www.zohoapis.jp", "https://accounts.zoho.jp", "https://download-accl.zoho.jp"),
    ("CN", "https://www.zohoapis.com.cn", "https://accounts.zoho.com.cn", "https://download-accl.zoho.com.cn"),
    ("CA", "https://www.zohoapis.ca", "https://accounts.zohocloud.ca", "https://download-accl.zohocloud.ca"),
    ("SA", "https://www.zohoapis.sa", "https://accounts.zoho.sa", "https://download-accl.zoho.sa"),
];

/// The scope Zoho's "Select API Scopes" page (v8,
/// `https://www.zoho.com/crm/developer/docs/api/v8/select-api-scopes.html`) gives for an
/// API whose OpenAPI file names none the spec can write, by file name.
const DOCUMENTED_SCOPES: &[(&str, &str)] = &[("composite_requests.json", "ZohoCRM.composite_requests.CUSTOM")];

/// The standard CRM modules (API name, display name, scope name), listed when an
/// operation takes a module: the OpenAPI files do not list them.
const MODULES: &[(&str, &str, &str)] = &[
    ("Leads", "Leads", "leads"),
    ("Accounts", "Accounts", "accounts"),
    ("Contacts", "Contacts", "contacts"),
    ("Deals", "Deals", "deals"),
    ("Campaigns", "Campaigns", "campaigns"),
    ("Tasks", "Tasks", "tasks"),
    ("Cases", "Cases", "cases"),
    ("Events", "Events", "events"),
    ("Calls", "Calls", "calls"),
    ("Solutions", "Solutions", "solutions"),
    ("Products", "Products", "products"),
    ("Vendors", "Vendors", "vendors"),
    ("Price_Books", "Price Books", "pricebooks"),
    ("Quotes", "Quotes", "quotes"),
    ("Sales_Orders", "Sales Orders", "salesorders"),
    ("Purchase_Orders", "Purchase Orders", "purchaseorders"),
    ("Invoices", "Invoices", "invoices"),
];

/// HTTP methods an OpenAPI path item may hold.
const METHODS: &[&str] = &["get", "put", "post", "delete", "patch", "head", "options"];

/// The model of error details.
const DETAILS_MODEL: &str = "ErrorDetails";

/// A documented error row being built.
struct Row {
    kind: String,
    code: String,
    status: u16,
    /// `None` in an error group whose messages are not tied to codes: any of them.
    message: Option<String>,
}

/// An error group being built: the rows of one error object (codes and messages not
/// tied to each other) at one status, shared by the operations that answer with it.
struct GroupOut {
    name: String,
    /// Where the error object is, and the status of its rows.
    key: (String, u16),
    messages: Vec<String>,
    rows: Vec<Row>,
}

/// The error rows of an operation being built: its own and the groups it names.
#[derive(Default)]
struct OperationErrors {
    rows: Vec<Row>,
    groups: Vec<String>,
}

/// An operation being built.
struct OperationOut {
    fields: Mapping,
    errors: OperationErrors,
}

/// The state of one conversion.
struct Converter<'d> {
    docs: &'d mut Documents,
    file: String,
    schemas: Schemas,
    kinds: Vec<String>,
    scope_prefix: Option<String>,
    operation_types: Vec<String>,
    uses_modules: bool,
    /// Whether an operation's whole URL is a parameter (so the download hosts matter).
    takes_urls: bool,
    base: String,
    groups: Vec<GroupOut>,
    /// Why paths were left out as no operation (for [`OasError::NoOperations`]).
    left_out: Vec<String>,
    /// Answer models a paged list may answer with no body: their fields are optional.
    emptiable: BTreeSet<String>,
}

/// Converts the document `file` (already in `docs`).
pub fn convert(file: &str, docs: &mut Documents) -> Result<Import, OasError> {
    let root = docs.root(file).ok_or_else(|| shape(file, "", "the document is missing"))?;
    if !root.value.is_object() {
        return Err(shape(file, "", "an OpenAPI document must be a JSON object"));
    }
    let paths = root.key("paths");
    if !paths.value.is_object() {
        return Err(shape(file, "/paths", "an OpenAPI document needs a `paths` object"));
    }
    let mut converter = Converter {
        docs,
        file: file.to_owned(),
        schemas: Schemas::default(),
        kinds: Vec::new(),
        scope_prefix: None,
        operation_types: Vec::new(),
        uses_modules: false,
        takes_urls: false,
        base: most_common_base(&paths),
        groups: Vec::new(),
        left_out: Vec::new(),
        emptiable: BTreeSet::new(),
    };
    reserve_operation_names(&mut converter.schemas, &paths);
    converter.schemas.reserve(DETAILS_MODEL);
    converter.scope_prefix =
        most_common_prefix(&all_scopes(&root).iter().map(|scope| normalise_scope(scope)).collect::<Vec<_>>());
    let default_scopes = scopes_of(&root.key("security"));
    let mut operations = Vec::new();
    let mut names = BTreeSet::new();
    for (path, item) in paths.entries() {
        for method in METHODS {
            let node = item.key(method);
            if node.value.is_null() {
                continue;
            }
            if let Some(operation) = converter.operation(&path, method, &node, &default_scopes, &mut names)? {
                operations.push(operation);
            }
        }
    }
    if operations.is_empty() {
        let mut reasons = converter.left_out;
        let dropped =
            converter.schemas.warnings.iter().filter(|warning| warning.message.ends_with("operation left out"));
        reasons.extend(dropped.map(ToString::to_string));
        return Err(OasError::NoOperations { pointer: format!("{file}#/paths"), reasons });
    }
    let spec = converter.spec(&root, operations);
    let text = serde_yaml::to_string(&spec).map_err(|err| shape(file, "", &format!("cannot write the spec: {err}")))?;
    let header = format!(
        "# Imported from Zoho's OpenAPI file `{file}`: review it, add what the file does not say\n\
         # (docs, resolutions, samples, modules), and see the warnings the import printed.\n"
    );
    let mut warnings = converter.schemas.warnings;
    warnings.sort_by(|a, b| (&a.pointer, &a.message).cmp(&(&b.pointer, &b.message)));
    warnings.dedup();
    Ok(Import { spec: format!("{header}{text}"), warnings })
}

fn shape(file: &str, pointer: &str, message: &str) -> OasError {
    OasError::Shape { pointer: format!("{file}#{pointer}"), message: message.to_owned() }
}

/// A YAML mapping from pairs, leaving out null values.
fn map(entries: Vec<(&str, Yaml)>) -> Yaml {
    let mut mapping = Mapping::new();
    for (key, value) in entries.into_iter().filter(|(_, value)| !value.is_null()) {
        mapping.insert(Yaml::from(key), value);
    }
    Yaml::Mapping(mapping)
}

fn text(value: &str) -> Yaml {
    Yaml::from(value)
}

fn list(values: impl IntoIterator<Item = Yaml>) -> Yaml {
    Yaml::Sequence(values.into_iter().collect())
}

/// The operation name an operationId (or method and path) gives.
fn operation_name(node: &Located, method: &str, path: &str) -> String {
    let base = node.text("operationId").map_or_else(|| format!("{method} {path}"), str::to_owned).to_snake_case();
    if base.starts_with(|c: char| c.is_ascii_alphabetic()) { base } else { format!("op_{base}") }
}

/// The type names the operations' requests will take, so that models avoid them.
fn reserve_operation_names(schemas: &mut Schemas, paths: &Located) {
    for (path, item) in paths.entries() {
        for method in METHODS {
            let node = item.key(method);
            if !node.value.is_null() {
                let rust = operation_name(&node, method, &path).to_upper_camel_case();
                for suffix in ["", "Builder", "Call", "Output"] {
                    schemas.reserve(&format!("{rust}{suffix}"));
                }
            }
        }
    }
}

/// What an operation sends in its request body.
enum RequestBody {
    /// Nothing.
    None,
    /// JSON of this model.
    Json(String),
    /// `multipart/form-data`: these `part` parameters.
    Parts(Vec<Yaml>),
}

/// The placeholder of a path that is one placeholder and nothing else (`/{download_url}`):
/// the operation's whole URL is that parameter.
fn whole_url_param(path: &str) -> Option<&str> {
    let inner = path.strip_prefix('/')?.strip_prefix('{')?.strip_suffix('}')?;
    let plain = !inner.is_empty() && inner.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-');
    plain.then_some(inner)
}

/// A path split at its version segment: `/crm/bulk` and `/read/{job_id}`.
fn split_path(path: &str) -> Option<(&str, &str)> {
    let index = path.find(VERSION_SEGMENT)?;
    let (base, rest) = (path.get(..index)?, path.get(index + VERSION_SEGMENT.len() - 1..)?);
    (base.starts_with('/') && rest.len() > 1).then_some((base, rest))
}

/// The base most paths share (`/crm` when none has a version segment).
fn most_common_base(paths: &Located) -> String {
    let mut counts: Vec<(String, usize)> = Vec::new();
    for (path, _) in paths.entries() {
        if let Some((base, _)) = split_path(&path) {
            match counts.iter_mut().find(|(known, _)| known == base) {
                Some((_, count)) => *count += 1,
                None => counts.push((base.to_owned(), 1)),
            }
        }
    }
    let best = counts.iter().map(|(_, count)| *count).max().unwrap_or(0);
    counts.into_iter().find(|(_, count)| *count == best).map_or_else(|| "/crm".to_owned(), |(base, _)| base)
}

/// A scope as the spec can write it: trimmed, with any placeholder (Zoho writes the
/// module as `{module_API_name}` and the like) as `{module_name}`.
fn normalise_scope(scope: &str) -> String {
    let mut out = String::new();
    let mut rest = scope.trim();
    while let Some(start) = rest.find('{') {
        let Some(end) = rest[start..].find('}') else { break };
        out.push_str(&rest[..start]);
        out.push_str("{module_name}");
        rest = &rest[start + end + 1..];
    }
    out.push_str(rest);
    out
}

/// The scope operation type of an HTTP method: `READ`, `CREATE`, `UPDATE` or `DELETE`.
fn operation_type(method: &str) -> &'static str {
    match method {
        "post" => "CREATE",
        "put" | "patch" => "UPDATE",
        "delete" => "DELETE",
        _ => "READ",
    }
}

/// The scopes of a `security` list.
fn scopes_of(security: &Located) -> Vec<String> {
    let mut scopes = Vec::new();
    for requirement in security.items() {
        for (_, names) in requirement.entries() {
            scopes.extend(names.items().iter().filter_map(|name| name.value.as_str().map(str::to_owned)));
        }
    }
    scopes
}

/// Every scope the document names.
fn all_scopes(root: &Located) -> Vec<String> {
    let mut scopes = scopes_of(&root.key("security"));
    for (_, item) in root.key("paths").entries() {
        for method in METHODS {
            scopes.extend(scopes_of(&item.key(method).key("security")));
        }
    }
    scopes
}

/// A scope as a prefix and an operation type (`ZohoCRM.settings.tags` and `READ`), when
/// its last part is an upper-case word.
fn split_scope(scope: &str) -> Option<(&str, &str)> {
    let (prefix, kind) = scope.rsplit_once('.')?;
    let upper = !kind.is_empty() && kind.chars().all(|c| c.is_ascii_uppercase() || c == '_');
    (upper && !prefix.is_empty()).then_some((prefix, kind))
}

/// The prefix most scopes share.
fn most_common_prefix(scopes: &[String]) -> Option<String> {
    let mut counts: Vec<(String, usize)> = Vec::new();
    for (prefix, _) in scopes.iter().filter_map(|scope| split_scope(scope)) {
        match counts.iter_mut().find(|(known, _)| known == prefix) {
            Some((_, count)) => *count += 1,
            None => counts.push((prefix.to_owned(), 1)),
        }
    }
    let best = counts.iter().map(|(_, count)| *count).max()?;
    counts.into_iter().find(|(_, count)| *count == best).map(|(prefix, _)| prefix)
}

impl Converter<'_> {
    fn warn(&mut self, at: &str, message: impl Into<String>) {
        self.schemas.warn(at, message);
    }

    fn operation(
        &mut self,
        path: &str,
        method: &str,
        node: &Located,
        default_scopes: &[String],
        names: &mut BTreeSet<String>,
    ) -> Result<Option<OperationOut>, OasError> {
        let at = node.at();
        if path.trim_matches('/').is_empty() {
            let message = format!("the path `{path}` is a placeholder, not an operation: left out");
            self.warn(&at, message.clone());
            self.left_out.push(message);
            return Ok(None);
        }
        // Where the operation goes: under the file's base, under a base of its own (with a
        // version segment too), or to a URL an earlier answer gave (`/{download_url}`).
        let whole_url = whole_url_param(path);
        let (below, own_base) = match (whole_url, split_path(path)) {
            (Some(param), _) => {
                self.takes_urls = true;
                (format!("{{{param}}}"), None)
            }
            (None, Some((base, below))) if base == self.base => (below.to_owned(), None),
            (None, Some((base, below))) => {
                let own = format!("{{api-domain}}{base}/{{version}}");
                self.warn(&at, format!("the path `{path}` is not under `{}{VERSION_SEGMENT}` like the others: its own `base_url` `{own}`", self.base));
                (below.to_owned(), Some(own))
            }
            (None, None) => {
                let base = format!("{}{VERSION_SEGMENT}", self.base);
                self.warn(&at, format!("the path `{path}` is not under `{base}` like the others: operation left out"));
                return Ok(None);
            }
        };
        let below = below.as_str();
        let host_prefix = self.host_prefix(node);
        let mut name = operation_name(node, method, path);
        if node.text("operationId").is_none() {
            self.warn(&at, format!("no operationId: named `{name}`"));
        }
        while !names.insert(name.clone()) {
            self.warn(&at, format!("the name `{name}` is taken: this one gets a `_2`"));
            name.push_str("_2");
        }
        let rust = name.to_upper_camel_case();
        let (body, parts) = match self.body(node, &rust)? {
            None => return Ok(None),
            Some(RequestBody::None) => (None, Vec::new()),
            Some(RequestBody::Json(model)) => (Some(model), Vec::new()),
            Some(RequestBody::Parts(parts)) => (None, parts),
        };
        let body_fields: Vec<String> = body
            .as_ref()
            .and_then(|body| self.schemas.model(body))
            .map(|model| model.fields.iter().map(|field| field.name.clone()).collect())
            .unwrap_or_default();
        let (mut params, placeholders, has_module) = self.params(node, below, &body_fields, whole_url)?;
        params.extend(parts);
        let scope_entries = self.operation_scopes(node, method, &placeholders, default_scopes, has_module);
        let mut errors = OperationErrors::default();
        let Some(answers) = self.answers(node, &rust, &mut errors)? else { return Ok(None) };
        let doc = node.text("summary").or_else(|| node.text("description")).map(str::to_owned);
        let method_upper = method.to_ascii_uppercase();
        let idempotent = matches!(method, "get" | "put" | "delete" | "head" | "options");
        let mut entries = vec![
            ("name", text(&name)),
            ("doc", doc.map_or(Yaml::Null, |doc| text(&doc))),
            ("method", text(&method_upper)),
            ("path", text(&placeholders)),
        ];
        if let Some(own) = own_base {
            entries.push(("base_url", text(&own)));
        }
        if let Some(prefix) = host_prefix {
            entries.push(("host_prefix", text(&prefix)));
        }
        entries.extend(scope_entries);
        entries.push(("idempotent", Yaml::Bool(idempotent)));
        let (answers, paging) = self.paged(node, &params, answers);
        entries.push(("params", list(params)));
        entries.push(("body", body.map_or(Yaml::Null, |body| text(&body))));
        entries.extend(answers);
        if let Some(paging) = paging {
            entries.push(("pagination", paging));
        }
        let notes = vec![text(&format!("Imported from `{}` ({method_upper} {path}).", self.file))];
        entries.push(("notes", list(notes)));
        let Yaml::Mapping(fields) = map(entries) else { return Ok(None) };
        Ok(Some(OperationOut { fields, errors }))
    }

    /// The `pagination` block of a list operation in Zoho's shape: optional `page` (an
    /// integer) or `page_token` (text) query parameters, and one kind of answer, a model
    /// with a list field and an `info` model that says `more_records` (and gives
    /// `next_page_token` when the operation takes a token). `None` for any other operation.
    ///
    /// A paged list answers one model; Zoho's files add empty answers (204 when there is
    /// nothing, 304 to `If-Modified-Since`), which become empty last pages
    /// (`no_content: empty`), with a warning, and the model's fields optional.
    fn paged(
        &mut self,
        node: &Located,
        params: &[Yaml],
        answers: Vec<(&'static str, Yaml)>,
    ) -> (Vec<(&'static str, Yaml)>, Option<Yaml>) {
        let Some((model, statuses, empty)) = one_model_answer(&answers) else { return (answers, None) };
        let Some(paging) = self.pagination(params, &model) else { return (answers, None) };
        if empty.is_empty() {
            return (answers, Some(paging));
        }
        let listed: Vec<String> = empty.iter().map(u16::to_string).collect();
        self.warn(
            &node.key("responses").at(),
            format!(
                "a paged list: {} with no body read as an empty last page; `{model}`'s fields are optional",
                listed.join(", ")
            ),
        );
        self.emptiable.insert(model.clone());
        let all = statuses.iter().chain(&empty).map(|status| Yaml::from(*status));
        let response = map(vec![("model", text(&model)), ("statuses", list(all)), ("no_content", text("empty"))]);
        (vec![("response", response)], Some(paging))
    }

    fn pagination(&self, params: &[Yaml], model: &str) -> Option<Yaml> {
        let param = |wire: &str, ty: &str| {
            params.iter().find_map(|param| {
                let name = param.get("name")?.as_str()?;
                let param_wire = param.get("wire").and_then(Yaml::as_str).unwrap_or(name);
                let fits = param_wire == wire
                    && param.get("location")?.as_str()? == "query"
                    && param.get("type")?.as_str()? == ty
                    && param.get("required").and_then(Yaml::as_bool) != Some(true);
                fits.then(|| name.to_owned())
            })
        };
        let (page, per_page, token) =
            (param("page", "integer"), param("per_page", "integer"), param("page_token", "string"));
        if page.is_none() && token.is_none() {
            return None;
        }
        let answer = self.schemas.model(model)?;
        let info = answer.fields.iter().find(|field| field.wire == "info")?;
        let info_model = self.schemas.model(&info.ty)?;
        let has = |wire: &str, ty: &str| info_model.fields.iter().any(|field| field.wire == wire && field.ty == ty);
        if !has("more_records", "bool") || (token.is_some() && !has("next_page_token", "string")) {
            return None;
        }
        let lists: Vec<_> = answer.fields.iter().filter(|field| field.ty.starts_with("list<")).collect();
        let items = lists.iter().find(|field| field.wire == "data").or_else(|| lists.first())?;
        let mut entries = Vec::new();
        entries.extend(page.map(|page| ("page", text(&page))));
        entries.extend(per_page.map(|per_page| ("per_page", text(&per_page))));
        entries.extend(token.map(|token| ("page_token", text(&token))));
        entries.push(("items", text(&items.name)));
        entries.push(("info", text(&info.name)));
        Some(map(entries))
    }

    /// `scopes`, `scope_template` and `extra_scopes` of an operation: its own scopes, else
    /// the file's, else scopes derived with a warning (see [`Converter::derived_scopes`]).
    fn operation_scopes(
        &mut self,
        node: &Located,
        method: &str,
        below: &str,
        default_scopes: &[String],
        has_module: bool,
    ) -> Vec<(&'static str, Yaml)> {
        let written = scopes_of(&node.key("security"));
        let own = self.writable_scopes(node, &written, has_module);
        let mut scopes = if own.is_empty() { self.writable_scopes(node, default_scopes, has_module) } else { own };
        if scopes.is_empty() {
            let raw: Vec<String> = written.iter().chain(default_scopes).cloned().collect();
            scopes = self.derived_scopes(node, method, below, &raw, has_module);
        }
        let prefix = most_common_prefix(&scopes);
        let mut kinds = Vec::new();
        let mut extra = Vec::new();
        for scope in &scopes {
            match split_scope(scope) {
                Some((scope_prefix, kind)) if Some(scope_prefix) == prefix.as_deref() => {
                    if !kinds.contains(&kind.to_owned()) {
                        kinds.push(kind.to_owned());
                    }
                    if !self.operation_types.contains(&kind.to_owned()) {
                        self.operation_types.push(kind.to_owned());
                    }
                }
                _ => extra.push(text(scope)),
            }
        }
        let template = match &prefix {
            Some(prefix) if Some(prefix) != self.scope_prefix.as_ref() => text(&format!("{prefix}.{{operation_type}}")),
            _ => Yaml::Null,
        };
        let mut entries = vec![("scopes", list(kinds.iter().map(|kind| text(kind)))), ("scope_template", template)];
        if !extra.is_empty() {
            entries.push(("extra_scopes", list(extra)));
        }
        entries
    }

    /// Scopes for an operation for which the file gives none the spec can write, never
    /// empty, with a warning saying where they come from: a scope written with an
    /// `{operation_type}` placeholder takes the method's type (and `ALL`); one naming the
    /// module by placeholder, for a path that names a standard module, takes its scope
    /// name; else the scope prefix of the file's other operations, the module's scopes
    /// (`ZohoCRM.modules.{module_name}`) for an operation with a module, or
    /// `ZohoCRM.modules`, each with the method's type and `ALL`.
    fn derived_scopes(
        &mut self,
        node: &Located,
        method: &str,
        below: &str,
        written: &[String],
        has_module: bool,
    ) -> Vec<String> {
        let kind = operation_type(method);
        let literal_module = below.split('/').find_map(|segment| {
            MODULES.iter().find(|(api, _, _)| api.eq_ignore_ascii_case(segment)).map(|(_, _, scope)| *scope)
        });
        let mut scopes = Vec::new();
        let mut from = String::new();
        for scope in written.iter().map(|scope| scope.trim()).filter(|scope| !scope.is_empty()) {
            let mut candidates = Vec::new();
            if scope.contains("{operation_type}") {
                candidates.push(scope.replace("{operation_type}", kind));
                candidates.push(scope.replace("{operation_type}", "ALL"));
                from = format!("`{scope}` with the method's operation type");
            } else {
                candidates.push(scope.to_owned());
            }
            for candidate in candidates {
                let normal = normalise_scope(&candidate);
                let filled = match (normal.contains("{module_name}"), has_module, literal_module) {
                    (false, _, _) | (true, true, _) => Some(normal),
                    (true, false, Some(module)) => {
                        from = format!("`{scope}` for the module the path names");
                        Some(normal.replace("{module_name}", module))
                    }
                    (true, false, None) => None,
                };
                if let Some(filled) = filled.filter(|filled| !scopes.contains(filled)) {
                    scopes.push(filled);
                }
            }
        }
        let file_name = self.file.rsplit('/').next().unwrap_or(&self.file);
        if let Some((_, scope)) =
            DOCUMENTED_SCOPES.iter().find(|(file, _)| *file == file_name).filter(|_| scopes.is_empty())
        {
            from = "Zoho's \"Select API Scopes\" page (v8), which also asks for each sub-request's scope".to_owned();
            scopes.push((*scope).to_owned());
        }
        if scopes.is_empty() {
            let prefix = match (&self.scope_prefix, has_module) {
                (Some(prefix), _) => {
                    from = "the scopes of the file's other operations".to_owned();
                    prefix.clone()
                }
                (None, true) => {
                    from = "the module's scopes".to_owned();
                    "ZohoCRM.modules.{module_name}".to_owned()
                }
                (None, false) => {
                    from = "the CRM's module scopes".to_owned();
                    "ZohoCRM.modules".to_owned()
                }
            };
            scopes = vec![format!("{prefix}.{kind}"), format!("{prefix}.ALL")];
        }
        let listed: Vec<String> = scopes.iter().map(|scope| format!("`{scope}`")).collect();
        self.warn(
            &node.at(),
            format!(
                "no scope the spec can write: {} from {from} (check Zoho's page for this API)",
                listed.join(" or ")
            ),
        );
        scopes
    }

    /// The scopes the spec can write (see [`normalise_scope`]); a warning for each other.
    fn writable_scopes(&mut self, node: &Located, written: &[String], has_module: bool) -> Vec<String> {
        let at = node.key("security").at();
        let mut scopes = Vec::new();
        for scope in written {
            let normal = normalise_scope(scope);
            let module_unknown = normal.contains("{module_name}") && !has_module;
            if normal.is_empty() || module_unknown || scope.contains("{operation_type}") {
                self.warn(&at, format!("the scope `{scope}` cannot be written: left out"));
            } else {
                if normal != *scope {
                    self.warn(&at, format!("the scope `{scope}` is written `{normal}`"));
                }
                scopes.push(normal);
            }
        }
        scopes
    }

    /// The request body: `Ok(None)` when the operation is left out (a body the format
    /// cannot describe).
    fn body(&mut self, node: &Located, rust: &str) -> Result<Option<RequestBody>, OasError> {
        let request = self.docs.resolve(&node.key("requestBody"))?;
        if request.value.is_null() {
            return Ok(Some(RequestBody::None));
        }
        let content = request.key("content");
        let json = content.key("application/json");
        if json.value.is_null() {
            let multipart = content.key("multipart/form-data");
            if !multipart.value.is_null() {
                return Ok(self.parts(&multipart.key("schema"))?.map(RequestBody::Parts));
            }
            let kinds: Vec<String> = content.entries().into_iter().map(|(kind, _)| kind).collect();
            self.warn(&content.at(), format!("a request body of {} (not JSON): operation left out", kinds.join(", ")));
            return Ok(None);
        }
        let schema = json.key("schema");
        let out = self.schemas.type_of(self.docs, &schema, &format!("{rust}Body"))?;
        Ok(Some(RequestBody::Json(self.as_model(out.ty, &format!("{rust}Body"), &schema.at()))))
    }

    /// The parts of a multipart body, one per property of its object schema: a file
    /// (Zoho writes `{"type": "object"}` or a binary string), a list of files (an array of
    /// them), or a value sent as text. `None` when the schema has no properties.
    fn parts(&mut self, schema: &Located) -> Result<Option<Vec<Yaml>>, OasError> {
        let schema = self.docs.resolve(schema)?;
        let required: Vec<String> =
            schema.key("required").items().iter().filter_map(|item| item.value.as_str().map(str::to_owned)).collect();
        let mut parts = Vec::new();
        for (wire, property) in schema.key("properties").entries() {
            let property = self.docs.resolve(&property)?;
            let is_file = |schema: &Located| {
                matches!(schema.text("type"), Some("object"))
                    || matches!((schema.text("type"), schema.text("format")), (Some("string"), Some("binary")))
            };
            let ty = if is_file(&property) {
                "file".to_owned()
            } else if property.text("type") == Some("array") && is_file(&self.docs.resolve(&property.key("items"))?) {
                "list<file>".to_owned()
            } else {
                match (property.text("type"), property.text("format")) {
                    (Some("integer"), _) => "integer".to_owned(),
                    (Some("number"), _) => "number".to_owned(),
                    (Some("boolean"), _) => "bool".to_owned(),
                    (Some("string"), _) => "string".to_owned(),
                    (other, _) => {
                        self.warn(&property.at(), format!("a part of {}: sent as text", other.unwrap_or("no type")));
                        "string".to_owned()
                    }
                }
            };
            let mut name = wire.to_snake_case();
            if !name.starts_with(|c: char| c.is_ascii_alphabetic()) {
                name = format!("part_{name}");
            }
            parts.push(map(vec![
                ("name", text(&name)),
                ("wire", if name == wire { Yaml::Null } else { text(&wire) }),
                ("location", text("part")),
                ("type", text(&ty)),
                ("required", Yaml::Bool(required.contains(&wire))),
                ("doc", property.text("description").map_or(Yaml::Null, text)),
            ]));
        }
        if parts.is_empty() {
            self.warn(&schema.at(), "a multipart body without parts: operation left out");
            return Ok(None);
        }
        Ok(Some(parts))
    }

    /// The first label of the host an operation's own `servers` name, when it is another
    /// Zoho API host than the file's (`content` for `https://content.zohoapis.com`).
    fn host_prefix(&mut self, node: &Located) -> Option<String> {
        let servers = node.key("servers").items();
        let url = servers.first()?.text("url")?.to_owned();
        let host = url.strip_prefix("https://")?.trim_end_matches('/');
        let (label, rest) = host.split_once('.')?;
        let zoho = rest.starts_with("zohoapis.");
        // `www` is the API domain itself.
        if zoho && label == "www" {
            return None;
        }
        if !zoho {
            self.warn(
                &node.key("servers").at(),
                format!("the server `{url}` is not a Zoho API host: the API domain is used"),
            );
            return None;
        }
        Some(label.to_owned())
    }

    /// The parameters, the path with its placeholders, and whether a parameter is the
    /// module; a parameter named like a body field gets its location as a suffix.
    fn params(
        &mut self,
        node: &Located,
        below: &str,
        body_fields: &[String],
        whole_url: Option<&str>,
    ) -> Result<(Vec<Yaml>, String, bool), OasError> {
        let mut params = Vec::new();
        let mut module_taken = false;
        let mut names = BTreeSet::new();
        let mut in_path = BTreeSet::new();
        for reference in node.key("parameters").items() {
            let param = match self.docs.resolve(&reference) {
                Err(OasError::Ref { pointer, reference, reason: super::RefProblem::Missing }) => {
                    self.warn(&pointer, format!("the $ref `{reference}` names nothing: parameter left out"));
                    continue;
                }
                other => other?,
            };
            let (Some(wire), Some(location)) = (param.text("name"), param.text("in")) else {
                self.warn(&param.at(), "a parameter without `name` or `in`: left out");
                continue;
            };
            if !matches!(location, "path" | "query" | "header") {
                self.warn(&param.at(), format!("a `{location}` parameter: left out"));
                continue;
            }
            let mut name = wire.to_snake_case();
            if !name.starts_with(|c: char| c.is_ascii_alphabetic()) {
                name = format!("param_{name}");
            }
            if body_fields.contains(&name) {
                self.warn(
                    &param.at(),
                    format!("the parameter `{name}` is named like a body field: `{name}_{location}`"),
                );
                name = format!("{name}_{location}");
            }
            while !names.insert(name.clone()) {
                name.push('_');
            }
            let is_module = matches!((location, wire), ("query", "module") | ("path", "module" | "module_api_name"));
            let ty = if is_module && !module_taken {
                module_taken = true;
                self.uses_modules = true;
                "module".to_owned()
            } else {
                self.param_type(&param, location)?
            };
            if location == "path" {
                in_path.insert(wire.to_owned());
            }
            if location == "path" && whole_url == Some(wire) {
                params.push(map(vec![
                    ("name", text(&name)),
                    ("wire", if name == wire { Yaml::Null } else { text(wire) }),
                    ("location", text("url")),
                    ("type", text("string")),
                    ("doc", param.text("description").map_or(Yaml::Null, text)),
                ]));
                continue;
            }
            let required = location == "path" || param.value.get("required").and_then(|v| v.as_bool()) == Some(true);
            params.push(map(vec![
                ("name", text(&name)),
                ("wire", if name == wire { Yaml::Null } else { text(wire) }),
                ("location", text(location)),
                ("type", text(&ty)),
                ("required", Yaml::Bool(required)),
                ("doc", param.text("description").map_or(Yaml::Null, text)),
            ]));
        }
        let parts = crate::read::template::parse(below).unwrap_or_default();
        for placeholder in crate::read::template::placeholders(&parts) {
            if !in_path.contains(placeholder) {
                let location = if whole_url == Some(placeholder) { "url" } else { "path" };
                self.warn(&node.at(), format!("the {location} parameter `{placeholder}` is not described: a string"));
                params.push(map(vec![
                    ("name", text(&placeholder.to_snake_case())),
                    ("wire", text(placeholder)),
                    ("location", text(location)),
                    ("type", text("string")),
                ]));
            }
        }
        Ok((params, below.to_owned(), module_taken))
    }

    /// A parameter's type: a primitive, or in the query a list of primitives (sent
    /// comma-joined); other arrays, objects and enums are approximated.
    fn param_type(&mut self, param: &Located, location: &str) -> Result<String, OasError> {
        let schema = self.docs.resolve(&param.key("schema"))?;
        if schema.text("type") == Some("array") && location == "query" {
            let items = self.docs.resolve(&schema.key("items"))?;
            let item = match (items.text("type"), items.text("format")) {
                (Some("string"), Some("date-time")) | (Some("object" | "array"), _) | (None, _) => None,
                (Some("string"), _) => Some("string"),
                (Some("integer"), _) => Some("integer"),
                (Some("number"), _) => Some("number"),
                (Some("boolean"), _) => Some("bool"),
                (Some(_), _) => None,
            };
            if items.value.get("enum").is_none() {
                if let Some(item) = item {
                    return Ok(format!("list<{item}>"));
                }
            } else {
                self.warn(&items.at(), "the list's values are not kept: a list of text");
                return Ok("list<string>".to_owned());
            }
        }
        if schema.value.get("enum").is_some() {
            self.warn(&schema.at(), "the parameter's values are not kept: a string");
            return Ok("string".to_owned());
        }
        Ok(match (schema.text("type"), schema.text("format")) {
            (Some("string"), Some("date-time")) => "datetime".to_owned(),
            (Some("string"), _) => "string".to_owned(),
            (Some("integer"), _) => "integer".to_owned(),
            (Some("number"), _) => "number".to_owned(),
            (Some("boolean"), _) => "bool".to_owned(),
            (other, _) => {
                let what = other.unwrap_or("no type");
                self.warn(&schema.at(), format!("a parameter of {what}: sent as a string"));
                "string".to_owned()
            }
        })
    }

    /// `response` or `responses` of an operation, collecting error rows; `None` when it
    /// has no successful answer the format can describe.
    fn answers(
        &mut self,
        node: &Located,
        rust: &str,
        rows: &mut OperationErrors,
    ) -> Result<Option<Vec<(&'static str, Yaml)>>, OasError> {
        let mut successes: Vec<(Vec<u16>, &'static str, Yaml)> = Vec::new();
        let responses = node.key("responses");
        for (status_text, reference) in responses.entries() {
            let Ok(status) = status_text.parse::<u16>() else {
                self.warn(&reference.at(), format!("the answer `{status_text}` is not a status: left out"));
                continue;
            };
            let response = self.docs.resolve(&reference)?;
            let content = response.key("content");
            let json = content.key("application/json");
            match status {
                200..=299 => {
                    let body = if json.value.is_null() && content.entries().is_empty() {
                        ("empty", Yaml::Bool(true))
                    } else if json.value.is_null() {
                        ("binary", Yaml::Bool(true))
                    } else {
                        let out = self.schemas.type_of(self.docs, &json.key("schema"), &format!("{rust}Answer"))?;
                        self.rows(&out.errors, status, rows);
                        let nested = self.nested_errors(&out.ty);
                        self.rows(&nested, status, rows);
                        ("model", text(&self.as_model(out.ty, &format!("{rust}Answer"), &json.at())))
                    };
                    match successes.iter_mut().find(|(_, key, value)| (*key, value) == (body.0, &body.1)) {
                        Some((statuses, _, _)) => statuses.push(status),
                        None => successes.push((vec![status], body.0, body.1)),
                    }
                }
                400..=599 if !json.value.is_null() => {
                    let errors = self.schemas.errors_of(self.docs, &json.key("schema"))?;
                    if errors.is_empty() {
                        self.warn(&json.at(), "an error answer that is no error object: left out");
                    }
                    self.rows(&errors, status, rows);
                }
                _ => self.warn(&reference.at(), format!("status {status} is not described by the format: left out")),
            }
        }
        let statuses = |list: &[u16]| list.iter().map(|status| Yaml::from(*status)).collect::<Vec<_>>();
        match successes.as_slice() {
            [] => {
                self.warn(&responses.at(), "no successful answer: operation left out");
                Ok(None)
            }
            [(list, "model", model)] => {
                Ok(Some(vec![("response", map(vec![("model", model.clone()), ("statuses", list_of(statuses(list)))]))]))
            }
            entries => {
                let entries = entries
                    .iter()
                    .map(|(list, key, value)| map(vec![("statuses", list_of(statuses(list))), (key, value.clone())]));
                Ok(Some(vec![("responses", list(entries))]))
            }
        }
    }

    /// The model a body or answer of type `ty` is: itself, or a model that keeps every key
    /// when it is not one.
    fn as_model(&mut self, ty: String, base: &str, at: &str) -> String {
        if self.schemas.model(&ty).is_some() {
            return ty;
        }
        let model = self.schemas.opaque_model(base, at);
        self.warn(at, format!("of type `{ty}`, not a model: `{model}`, with no fields, keeps every key"));
        model
    }

    /// Error objects found in the models a type reaches.
    fn nested_errors(&self, ty: &str) -> Vec<ErrorFound> {
        let mut found = Vec::new();
        let mut seen = BTreeSet::new();
        let mut pending: Vec<String> = model_names(ty);
        while let Some(name) = pending.pop() {
            if !seen.insert(name.clone()) {
                continue;
            }
            if let Some(model) = self.schemas.model(&name) {
                found.extend(model.errors.iter().cloned());
                for field in &model.fields {
                    pending.extend(model_names(&field.ty));
                }
            }
        }
        found
    }

    /// Rows for the error objects found: one per code and message when there is one code
    /// (every message is its) or one message; otherwise (codes and messages listed apart,
    /// not tied to each other) one row per code in an error group, which lists the
    /// messages once, rather than a row for every pairing.
    fn rows(&mut self, errors: &[ErrorFound], status: u16, out: &mut OperationErrors) {
        for error in errors {
            if (200..300).contains(&status) {
                self.warn(&error.at, format!("an error object inside the {status} answer: its rows say {status}"));
            }
            for code in &error.codes {
                let kind = kind_name(code);
                if !self.kinds.contains(&kind) {
                    self.kinds.push(kind.clone());
                }
            }
            if error.codes.len() > 1 && error.messages.len() > 1 {
                let name = self.group(error, status);
                if !out.groups.contains(&name) {
                    out.groups.push(name);
                }
                continue;
            }
            for code in &error.codes {
                let kind = kind_name(code);
                let messages = if error.messages.is_empty() {
                    self.warn(&error.at, format!("no message listed for `{code}`: the row's message is the code"));
                    vec![code.to_lowercase()]
                } else {
                    error.messages.clone()
                };
                for message in messages {
                    // The format knows a row by its kind, code and message: the first status stays.
                    let known = out.rows.iter().any(|row| row.code == *code && row.message.as_ref() == Some(&message));
                    if !known {
                        out.rows.push(Row { kind: kind.clone(), code: code.clone(), status, message: Some(message) });
                    }
                }
            }
        }
    }

    /// The name of the error group of an error object at a status, made the first time.
    fn group(&mut self, error: &ErrorFound, status: u16) -> String {
        let key = (error.at.clone(), status);
        if let Some(group) = self.groups.iter().find(|group| group.key == key) {
            return group.name.clone();
        }
        let schema = error.at.rsplit(['/', '#']).next().unwrap_or_default().to_snake_case();
        let schema: String = schema.chars().filter(|c| c.is_ascii_alphanumeric() || *c == '_').collect();
        let base = format!("{}_{status}", if schema.is_empty() { "errors" } else { schema.as_str() });
        let mut name = base.clone();
        let mut counter = 2;
        while self.groups.iter().any(|group| group.name == name) {
            name = format!("{base}_{counter}");
            counter += 1;
        }
        let (codes, messages) = (error.codes.len(), error.messages.len());
        self.warn(
            &error.at,
            format!(
                "{codes} codes and {messages} messages not tied to each other: the error group `{name}` has one row per \
                 code, with any of the messages, not {} rows of every pairing",
                codes * messages
            ),
        );
        let rows = error
            .codes
            .iter()
            .map(|code| Row { kind: kind_name(code), code: code.clone(), status, message: None })
            .collect();
        self.groups.push(GroupOut { name: name.clone(), key, messages: error.messages.clone(), rows });
        name
    }

    /// The whole spec.
    fn spec(&mut self, root: &Located, operations: Vec<OperationOut>) -> Yaml {
        let title = root.key("info").text("title").unwrap_or(&self.file).to_owned();
        let name = title.replace(['_', '-'], " ").to_upper_camel_case();
        let doc = root.key("info").text("description").map(str::to_owned);
        let source = format!("oas:v8.0/{}", self.file);
        let operations: Vec<Yaml> = operations
            .into_iter()
            .map(|operation| {
                let mut fields = operation.fields;
                if !operation.errors.groups.is_empty() {
                    fields.insert(text("error_groups"), list(operation.errors.groups.iter().map(|name| text(name))));
                }
                let rows = operation.errors.rows.iter().map(|row| self.row(row, &source));
                fields.insert(text("errors"), list(rows.collect::<Vec<_>>()));
                Yaml::Mapping(fields)
            })
            .collect();
        let request_models = self.request_models(&operations);
        let mut entries = vec![
            ("name", text(&name)),
            ("doc", doc.map_or_else(|| text(&format!("Imported from `{}`.", self.file)), |doc| text(&doc))),
            ("base_url", text(&format!("{{api-domain}}{}/{{version}}", self.base))),
            ("auth", map(vec![("header", text("Authorization")), ("scheme", text("Zoho-oauthtoken"))])),
            ("default_version", text("v8")),
            ("versions", list([map(vec![("name", text("v8"))])])),
            ("scopes", self.scopes()),
            ("modules", self.modules()),
            ("data_centres", data_centres(self.takes_urls)),
        ];
        entries.push(("enums", self.enums()));
        entries.push(("models", self.models(&request_models)));
        entries.push(("errors", self.errors(&source)));
        entries.push(("operations", list(operations)));
        map(entries)
    }

    fn row(&self, row: &Row, source: &str) -> Yaml {
        map(vec![
            ("kind", text(&row.kind)),
            ("code", text(&row.code)),
            ("status", Yaml::from(row.status)),
            ("message", row.message.as_deref().map_or(Yaml::Null, text)),
            ("resolution", text("Not given by the OpenAPI file.")),
            ("source", text(source)),
        ])
    }

    fn scopes(&self) -> Yaml {
        let template = self.scope_prefix.as_ref().map(|prefix| format!("{prefix}.{{operation_type}}"));
        map(vec![
            ("template", template.map_or(Yaml::Null, |template| text(&template))),
            ("operation_types", list(self.operation_types.iter().map(|kind| map(vec![("name", text(kind))])))),
        ])
    }

    fn modules(&mut self) -> Yaml {
        if !self.uses_modules {
            return Yaml::Null;
        }
        let at = format!("{}#/paths", self.file);
        self.warn(&at, "the file lists no modules: the standard CRM modules and custom modules are assumed");
        let supported = MODULES.iter().map(|(api, display, scope)| {
            map(vec![("api_name", text(api)), ("display_name", text(display)), ("scope_name", text(scope))])
        });
        let custom = map(vec![("scope_name", text("custom")), ("max_length", Yaml::from(100))]);
        map(vec![("supported", list(supported)), ("custom", custom)])
    }

    fn enums(&self) -> Yaml {
        list(self.schemas.enums.iter().map(|item| {
            map(vec![
                ("name", text(&item.rust)),
                ("values", list(item.values.iter().map(|value| map(vec![("wire", text(value))])))),
            ])
        }))
    }

    /// Models a request body reaches.
    fn request_models(&self, operations: &[Yaml]) -> BTreeSet<String> {
        let mut pending: Vec<String> =
            operations.iter().filter_map(|operation| operation.get("body")?.as_str().map(str::to_owned)).collect();
        let mut reached = BTreeSet::new();
        while let Some(name) = pending.pop() {
            if let (true, Some(model)) = (reached.insert(name.clone()), self.schemas.model(&name)) {
                for field in &model.fields {
                    pending.extend(model_names(&field.ty));
                }
            }
        }
        reached
    }

    fn models(&mut self, request_models: &BTreeSet<String>) -> Yaml {
        let mut models = Vec::new();
        let mut relaxed = Vec::new();
        for model in &self.schemas.models {
            let in_request = request_models.contains(&model.rust);
            let emptiable = self.emptiable.contains(&model.rust);
            let required: Vec<&str> =
                model.fields.iter().filter(|field| field.required).map(|field| field.wire.as_str()).collect();
            if in_request && !required.is_empty() {
                let message = format!(
                    "`{}` is in a request body: its required fields ({}) are optional in the model",
                    model.rust,
                    required.join(", ")
                );
                relaxed.push((model.at.clone(), message));
            }
            let fields = model.fields.iter().map(|field| {
                map(vec![
                    ("name", text(&field.name)),
                    ("wire", if field.name == field.wire { Yaml::Null } else { text(&field.wire) }),
                    ("type", text(&field.ty)),
                    ("required", Yaml::Bool(field.required && !in_request && !emptiable)),
                ])
            });
            models.push(map(vec![
                ("name", text(&model.rust)),
                ("doc", if model.doc.is_empty() { Yaml::Null } else { text(&model.doc) }),
                ("keep_unknown", Yaml::Bool(true)),
                ("fields", list(fields)),
            ]));
        }
        for (at, message) in relaxed {
            self.warn(&at, message);
        }
        let details = self.schemas.details.iter().map(|(wire, ty)| {
            let name = wire.to_snake_case();
            map(vec![
                ("name", text(&name)),
                ("wire", if &name == wire { Yaml::Null } else { text(wire) }),
                ("type", text(ty)),
                ("required", Yaml::Bool(false)),
            ])
        });
        models.push(map(vec![
            ("name", text(DETAILS_MODEL)),
            ("doc", text("The details of an error; the keys differ from error to error.")),
            ("keep_unknown", Yaml::Bool(true)),
            ("fields", list(details.collect::<Vec<_>>())),
        ]));
        list(models)
    }

    fn errors(&self, source: &str) -> Yaml {
        let format = map(vec![
            ("code", text("code")),
            ("message", text("message")),
            ("details", text("details")),
            ("status", text("status")),
            ("error_value", text("error")),
            ("details_model", text(DETAILS_MODEL)),
        ]);
        let kinds = self.kinds.iter().map(|kind| map(vec![("name", text(kind))]));
        let groups = self.groups.iter().map(|group| {
            map(vec![
                ("name", text(&group.name)),
                ("doc", text(&format!("The error object `{}`: its codes and messages are listed apart.", group.key.0))),
                ("messages", list(group.messages.iter().map(|message| text(message)))),
                ("rows", list(group.rows.iter().map(|row| self.row(row, source)))),
            ])
        });
        let groups: Vec<Yaml> = groups.collect();
        let groups = if groups.is_empty() { Yaml::Null } else { list(groups) };
        map(vec![("format", format), ("kinds", list(kinds)), ("groups", groups)])
    }
}

/// The one model an operation answers with, its statuses, and the statuses it answers
/// with no body; `None` for anything else (several models, a file, no model).
fn one_model_answer(answers: &[(&'static str, Yaml)]) -> Option<(String, Vec<u16>, Vec<u16>)> {
    let statuses_of = |entry: &Yaml| -> Option<Vec<u16>> {
        entry.get("statuses")?.as_sequence()?.iter().map(|status| status.as_u64()?.try_into().ok()).collect()
    };
    match answers {
        [("response", response)] if response.get("no_content").is_none() => {
            Some((response.get("model")?.as_str()?.to_owned(), statuses_of(response)?, Vec::new()))
        }
        [("responses", entries)] => {
            let (mut model, mut statuses, mut empty) = (None, Vec::new(), Vec::new());
            for entry in entries.as_sequence()? {
                if entry.get("empty").and_then(Yaml::as_bool) == Some(true) {
                    empty.extend(statuses_of(entry)?);
                } else if model.is_none() {
                    model = Some(entry.get("model")?.as_str()?.to_owned());
                    statuses = statuses_of(entry)?;
                } else {
                    return None;
                }
            }
            Some((model?, statuses, empty))
        }
        _ => None,
    }
}

fn list_of(values: Vec<Yaml>) -> Yaml {
    Yaml::Sequence(values)
}

/// The data centres, with their download hosts when an operation takes a URL (so that
/// other APIs' clients do not list hosts they never call).
fn data_centres(with_downloads: bool) -> Yaml {
    list(DATA_CENTRES.iter().map(|(name, api, accounts, download)| {
        let mut entries = vec![("name", text(name)), ("api_domain", text(api)), ("accounts_domain", text(accounts))];
        if with_downloads {
            entries.push(("download_domain", text(download)));
        }
        map(entries)
    }))
}

/// The error kind a code gives: `INVALID_DATA` → `InvalidData`.
fn kind_name(code: &str) -> String {
    let name = code.to_lowercase().to_upper_camel_case();
    match name.as_str() {
        "" => "Unnamed".to_owned(),
        "Undocumented" => "UndocumentedCode".to_owned(),
        _ if !name.starts_with(|c: char| c.is_ascii_alphabetic()) => format!("Code{name}"),
        _ => name,
    }
}

/// The model names a spec type mentions (`list<outcome<Widget>>` → `Widget`).
fn model_names(ty: &str) -> Vec<String> {
    ty.split(['<', '>'])
        .filter(|part| {
            !part.is_empty()
                && !["list", "outcome", "string", "integer", "number", "bool", "datetime", "json"].contains(part)
        })
        .map(str::to_owned)
        .collect()
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;

    use super::*;

    /// Counts by key, for tests of the shape of the output.
    fn count_keys(yaml: &Yaml) -> BTreeMap<String, usize> {
        let mut counts = BTreeMap::new();
        if let Yaml::Mapping(mapping) = yaml {
            for (key, value) in mapping {
                if let (Some(key), Yaml::Sequence(items)) = (key.as_str(), value) {
                    counts.insert(key.to_owned(), items.len());
                }
            }
        }
        counts
    }

    #[test]
    fn codes_become_kind_names() {
        assert_eq!(kind_name("INVALID_DATA"), "InvalidData");
        assert_eq!(kind_name("UNDOCUMENTED"), "UndocumentedCode");
        assert_eq!(kind_name("404_ERROR"), "Code404Error");
    }

    #[test]
    fn scopes_split_into_prefix_and_operation_type() {
        assert_eq!(split_scope("ZohoCRM.settings.tags.READ"), Some(("ZohoCRM.settings.tags", "READ")));
        assert_eq!(split_scope("ZohoCRM.settings.tags.read"), None);
        assert_eq!(split_scope("READ"), None);
        let scopes = ["a.b.READ", "c.ALL", "a.b.ALL"].map(str::to_owned);
        assert_eq!(most_common_prefix(&scopes).as_deref(), Some("a.b"));
    }

    #[test]
    fn model_names_are_read_from_types() {
        assert_eq!(model_names("list<outcome<Widget>>"), ["Widget"]);
        assert!(model_names("list<string>").is_empty());
        let spec = map(vec![("items", list([text("a"), text("b")])), ("empty", Yaml::Null)]);
        assert_eq!(count_keys(&spec).get("items"), Some(&2));
        assert!(spec.get("empty").is_none(), "null values are left out");
    }
}
