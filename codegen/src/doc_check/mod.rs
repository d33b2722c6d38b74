//! Checking a spec against Zoho's doc pages: every fact a page states that the spec lacks
//! or contradicts, each with the page line it is on and, where the spec can hold it, the
//! YAML that would put it there.
//!
//! A page (exported as plain text, see [`read_page`]) describes one operation: its
//! endpoint and request URL, supported modules, authorization header, scope template,
//! module names and operation types, sample requests and inputs, parameters and input keys
//! with their values, limits, documented errors and sample answers. The spec may say more
//! than a page (other operations, versions, samples); what the page says must be in it.
//!
//! What is not a difference is not reported: a placeholder's case (`{record_ID}`),
//! spacing, "Custom modules" for custom modules, a scope module name given as the
//! module's API name (`Price_Books`); a list with several items missing is one finding,
//! and a sample URL shown by several languages is one finding.

mod page;
mod suggest;

use std::collections::BTreeSet;
use std::fmt;

use serde_json::Value;

pub use page::{Located, Page, PageError, PageLimit, PageParam, read_page};
pub use suggest::{Suggestion, apply_suggestions};

use crate::read::spec::{ErrorRow, Field, Model, Operation, Spec};
use crate::read::template::{self, API_DOMAIN, VERSION};
use crate::resolve::url_match::{MatchedUrl, match_url};

/// The kinds of fact a page states.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum FactKind {
    /// The operation itself: its HTTP method and endpoint.
    Operation,
    /// The request URL.
    RequestUrl,
    /// The authorization header and its scheme.
    Header,
    /// The scope template, or a fixed scope.
    ScopeTemplate,
    /// A supported module.
    Module,
    /// A module name scopes use.
    ScopeName,
    /// An operation type scopes may name.
    OperationType,
    /// A parameter.
    Parameter,
    /// A possible value of a parameter or input key.
    ParameterValue,
    /// A key of the request body ("Input JSON").
    InputKey,
    /// A limit the notes state (e.g. at most 10 users).
    Limit,
    /// A sample request's URL.
    SampleRequest,
    /// A sample request body ("Sample Input").
    SampleInput,
    /// A sample answer.
    SampleAnswer,
    /// A documented error row.
    ErrorRow,
    /// A section of the page that yielded nothing the reader understands.
    Unread,
}

impl FactKind {
    /// Every kind, in the order of [`Ord`].
    pub const ALL: [FactKind; 16] = [
        FactKind::Operation,
        FactKind::RequestUrl,
        FactKind::Header,
        FactKind::ScopeTemplate,
        FactKind::Module,
        FactKind::ScopeName,
        FactKind::OperationType,
        FactKind::Parameter,
        FactKind::ParameterValue,
        FactKind::InputKey,
        FactKind::Limit,
        FactKind::SampleRequest,
        FactKind::SampleInput,
        FactKind::SampleAnswer,
        FactKind::ErrorRow,
        FactKind::Unread,
    ];

    /// The kind a name (as [`fmt::Display`] writes it) stands for.
    pub fn from_name(name: &str) -> Option<FactKind> {
        FactKind::ALL.into_iter().find(|kind| kind.to_string() == name.trim())
    }
}

impl fmt::Display for FactKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            FactKind::Operation => "operation",
            FactKind::RequestUrl => "request URL",
            FactKind::Header => "header",
            FactKind::ScopeTemplate => "scope template",
            FactKind::Module => "module",
            FactKind::ScopeName => "scope module name",
            FactKind::OperationType => "operation type",
            FactKind::Parameter => "parameter",
            FactKind::ParameterValue => "parameter value",
            FactKind::InputKey => "input key",
            FactKind::Limit => "limit",
            FactKind::SampleRequest => "sample request",
            FactKind::SampleInput => "sample input",
            FactKind::SampleAnswer => "sample answer",
            FactKind::ErrorRow => "error row",
            FactKind::Unread => "unread section",
        })
    }
}

/// A fact of a page that the spec lacks or contradicts.
#[derive(Clone, Debug, PartialEq)]
pub struct Finding {
    /// The 1-based page line the fact is on.
    pub line: usize,
    /// What kind of fact it is.
    pub kind: FactKind,
    /// What the page says and what the spec lacks or says instead.
    pub message: String,
    /// The YAML that puts the fact into the spec, where the spec can hold it (one item for
    /// each operation of the page that lacks it).
    pub suggestions: Vec<Suggestion>,
}

impl fmt::Display for Finding {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.kind, self.message)
    }
}

/// Every fact of the page `text` that `spec` lacks or contradicts, in page order.
/// Suggestions cite the address the page's export starts with, else `constructed`.
pub fn check_page(spec: &Spec, text: &str) -> Vec<Finding> {
    check_page_from(spec, text, "constructed")
}

/// As [`check_page`], with `source` the `source` that suggestions cite when the page's
/// export does not start with its address (e.g. `seed:000_157f1ac2c4614c15.txt`).
pub fn check_page_from(spec: &Spec, text: &str, source: &str) -> Vec<Finding> {
    let page = read_page(text);
    let source = page.address.clone().unwrap_or_else(|| source.to_owned());
    let mut check = PageCheck { spec, source, findings: Vec::new() };
    for warning in &page.warnings {
        check.report(warning.line, FactKind::Unread, warning.value.clone());
    }
    check.header(&page);
    check.modules(&page);
    let operations = check.operations(&page);
    match operations.first() {
        Some(primary) => {
            check.request_url(&operations, &page);
            for operation in &operations {
                check.scopes(operation, &page);
                check.params(operation, &page);
                check.input_keys(operation, &page);
                check.limits(operation, &page);
                check.errors(operation, &page);
            }
            check.sample_urls(&operations, &page);
            check.inputs(&operations, primary, &page);
            check.answers(&operations, primary, &page);
        }
        None => check.no_operation(&page),
    }
    merged(check.findings)
}

/// The findings in page order, those of one line and kind (one fact that several of the
/// page's operations lack) made one, with the suggestions of all.
fn merged(mut findings: Vec<Finding>) -> Vec<Finding> {
    findings.sort_by_key(|finding| (finding.line, finding.kind));
    let mut out: Vec<Finding> = Vec::new();
    for finding in findings {
        match out.last_mut() {
            Some(last) if last.line == finding.line && last.kind == finding.kind => {
                for suggestion in finding.suggestions {
                    if !last.suggestions.contains(&suggestion) {
                        last.suggestions.push(suggestion);
                    }
                }
            }
            _ => out.push(finding),
        }
    }
    out
}

/// The URL template of an operation: the one place this module reads it, so that a change
/// of where the spec keeps it touches only this function.
fn url_template(spec: &Spec, operation: &Operation) -> Option<String> {
    spec.url_template(operation)
}

/// The scope template of an operation (its own, else the API's): the one place this
/// module reads it.
fn scope_template<'s>(spec: &'s Spec, operation: &'s Operation) -> Option<&'s str> {
    operation.scope_template.as_deref().or_else(|| spec.scopes.as_ref()?.template.as_deref())
}

/// A URL's text with the trailing `?` or `&` that some samples leave dropped.
fn trimmed_url(url: &str) -> &str {
    url.trim_end_matches(['?', '&'])
}

/// Text with every run of white space made one space.
fn collapsed(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Text compared as the pages' copies differ: white space collapsed, ASCII case ignored,
/// and a final full stop dropped.
fn same_text(a: &str, b: &str) -> bool {
    let norm = |text: &str| collapsed(text).trim_end_matches('.').trim().to_ascii_lowercase();
    norm(a) == norm(b)
}

/// A path or URL template with each placeholder's name in lower case
/// (`{record_ID}` → `{record_id}`).
fn placeholders_lowered(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut inside = false;
    for c in text.chars() {
        match c {
            '{' => inside = true,
            '}' => inside = false,
            _ => {}
        }
        out.push(if inside { c.to_ascii_lowercase() } else { c });
    }
    out
}

/// A module or scope name compared without case, spaces and underscores.
fn module_key(name: &str) -> String {
    name.chars().filter(|c| c.is_ascii_alphanumeric()).map(|c| c.to_ascii_lowercase()).collect()
}

/// The comparison of one page with the spec.
struct PageCheck<'s> {
    spec: &'s Spec,
    source: String,
    findings: Vec<Finding>,
}

impl<'s> PageCheck<'s> {
    fn report(&mut self, line: usize, kind: FactKind, message: impl Into<String>) {
        self.findings.push(Finding { line, kind, message: message.into(), suggestions: Vec::new() });
    }

    /// An error row finding: the kind to declare first, if any, then the row.
    fn report_row(&mut self, line: usize, message: String, kind: Option<Suggestion>, row: Suggestion) {
        let suggestions = kind.into_iter().chain(std::iter::once(row)).collect();
        self.findings.push(Finding { line, kind: FactKind::ErrorRow, message, suggestions });
    }

    fn report_with(&mut self, line: usize, kind: FactKind, message: impl Into<String>, suggestion: Suggestion) {
        self.findings.push(Finding { line, kind, message: message.into(), suggestions: vec![suggestion] });
    }

    /// The spec's operations the page describes: for each "Endpoints" line, the one with
    /// its method and path; without one, the one with the page's method whose URL template
    /// the page's request URL follows.
    fn operations(&mut self, page: &Page) -> Vec<&'s Operation> {
        let spec = self.spec;
        fn with_method<'a>(spec: &'a Spec, method: &str) -> impl Iterator<Item = &'a Operation> + Clone {
            let method = method.to_owned();
            spec.operations.iter().filter(move |op| op.method.as_deref() == Some(method.as_str()))
        }
        let mut found = Vec::new();
        for endpoint in &page.endpoints {
            let (method, path) = &endpoint.value;
            let wanted = placeholders_lowered(path);
            match with_method(spec, method)
                .find(|op| op.path.as_deref().map(placeholders_lowered) == Some(wanted.clone()))
            {
                Some(op) => found.push(op),
                None => {
                    let near = with_method(spec, method).next().and_then(|op| op.name.as_deref());
                    let hint = near.map_or_else(String::new, |name| format!(" (`{name}` has the method)"));
                    self.report(endpoint.line, FactKind::Operation, format!("no operation is `{method} {path}`{hint}"));
                }
            }
        }
        if !page.endpoints.is_empty() {
            return found;
        }
        let Some(method) = page.method.as_ref() else { return found };
        let url = page.request_url.as_ref().map(|url| url.value.as_str());
        match with_method(spec, &method.value).find(|op| url.is_none_or(|url| self.match_template(op, url).is_ok())) {
            Some(op) => found.push(op),
            None => {
                let near = with_method(spec, &method.value).next().and_then(|op| op.name.as_deref());
                let hint = near.map_or_else(String::new, |name| format!(" (`{name}` has the method but not the URL)"));
                let url = url.unwrap_or_default();
                self.report(
                    method.line,
                    FactKind::Operation,
                    format!("no operation is `{} {url}`{hint}", method.value),
                );
            }
        }
        found
    }

    /// The one of `operations` whose URL template `url` follows, if any.
    fn operation_of<'o>(&self, operations: &[&'o Operation], url: &str) -> Option<&'o Operation> {
        operations.iter().copied().find(|op| self.match_template(op, url).is_ok())
    }

    fn no_operation(&mut self, page: &Page) {
        if page.method.is_none() {
            let line = page.request_url.as_ref().map_or(1, |url| url.line);
            let message =
                "neither an Endpoints line nor a sample request shows the HTTP method, so no operation is known";
            self.report(line, FactKind::Operation, message);
        }
    }

    /// Matches a URL, whose `{api-domain}` may be left as a placeholder, against an
    /// operation's URL template.
    fn match_template(&self, operation: &Operation, url: &str) -> Result<MatchedUrl, String> {
        let template = url_template(self.spec, operation).ok_or("the spec has no URL template")?;
        let parts = template::parse(&template)?;
        let placeholder = format!("{{{API_DOMAIN}}}");
        let url = url
            .strip_prefix(&placeholder)
            .map_or_else(|| url.to_owned(), |rest| format!("https://{placeholder}{rest}"));
        match_url(&parts, &url)
    }

    fn knows_version(&self, version: &str) -> bool {
        self.spec.versions.iter().any(|known| known.name.as_deref() == Some(version))
    }

    fn request_url(&mut self, operations: &[&Operation], page: &Page) {
        let Some(url) = &page.request_url else { return };
        let Some(operation) = self.operation_of(operations, &url.value).or(operations.first().copied()) else { return };
        let matched = match self.match_template(operation, &url.value) {
            Ok(matched) => matched,
            Err(err) => {
                let template = url_template(self.spec, operation).unwrap_or_default();
                let message = format!("`{}` does not follow the spec's `{template}`: {err}", url.value);
                return self.report(url.line, FactKind::RequestUrl, message);
            }
        };
        for (name, value) in &matched.placeholders {
            match value.strip_prefix('{').and_then(|value| value.strip_suffix('}')) {
                Some(page_name) if !page_name.eq_ignore_ascii_case(name) => self.report(
                    url.line,
                    FactKind::RequestUrl,
                    format!("the page has `{{{page_name}}}` where the spec's URL template has `{{{name}}}`"),
                ),
                None if name == VERSION && !self.knows_version(value) => self.report_with(
                    url.line,
                    FactKind::RequestUrl,
                    format!("version `{value}` of `{}` is not in the spec's `versions`", url.value),
                    suggest::version(value),
                ),
                _ => {}
            }
        }
    }

    fn header(&mut self, page: &Page) {
        let Some(header) = &page.header else { return };
        let auth = self.spec.auth.as_ref();
        let (name, value) = header.value.split_once(':').unwrap_or((&header.value, ""));
        let scheme = value.split_whitespace().next().unwrap_or_default();
        let (spec_name, spec_scheme) = (
            auth.and_then(|auth| auth.header.as_deref()).unwrap_or_default(),
            auth.and_then(|auth| auth.scheme.as_deref()).unwrap_or_default(),
        );
        if !name.trim().eq_ignore_ascii_case(spec_name) || scheme != spec_scheme {
            let message = format!(
                "the page sends `{}: {scheme} …`; the spec's `auth` has `{spec_name}: {spec_scheme} …`",
                name.trim()
            );
            self.report(header.line, FactKind::Header, message);
        }
    }

    fn modules(&mut self, page: &Page) {
        let modules = self.spec.modules.as_ref();
        let supported = modules.map(|modules| modules.supported.as_slice()).unwrap_or_default();
        let custom = modules.and_then(|modules| modules.custom.as_ref());
        let missing: Vec<&Located<String>> = page
            .supported_modules
            .iter()
            .filter(|module| {
                if module.value.eq_ignore_ascii_case("custom") {
                    return custom.is_none();
                }
                // "Activities" names Tasks, Events and Calls together.
                if module.value.eq_ignore_ascii_case("activities") {
                    return !["Tasks", "Events", "Calls"]
                        .iter()
                        .all(|activity| supported.iter().any(|known| known.api_name.as_deref() == Some(*activity)));
                }
                let key = module_key(&module.value);
                !supported.iter().any(|known| {
                    known.display_name.as_deref().map(module_key) == Some(key.clone())
                        || known.api_name.as_deref().map(module_key) == Some(key.clone())
                })
            })
            .collect();
        self.report_list(&missing, FactKind::Module, "not among the spec's supported modules (by display name)");
        let custom_name = custom.and_then(|custom| custom.scope_name.as_deref());
        let missing: Vec<&Located<String>> = page
            .module_names
            .iter()
            .filter(|name| {
                let key = module_key(&name.value);
                custom_name.map(module_key) != Some(key.clone())
                    && !supported.iter().any(|known| {
                        known.scope_name.as_deref().map(module_key) == Some(key.clone())
                            || known.api_name.as_deref().map(module_key) == Some(key.clone())
                    })
            })
            .collect();
        self.report_list(&missing, FactKind::ScopeName, "not among the spec's `scope_name`s or API names");
    }

    /// One finding per page line for the items of a list the spec lacks.
    fn report_list(&mut self, missing: &[&Located<String>], kind: FactKind, what: &str) {
        let lines: BTreeSet<usize> = missing.iter().map(|item| item.line).collect();
        for line in lines {
            let items: Vec<String> =
                missing.iter().filter(|item| item.line == line).map(|item| format!("`{}`", item.value)).collect();
            let verb = if items.len() == 1 { "is" } else { "are" };
            self.report(line, kind, format!("{} {verb} {what}", items.join(", ")));
        }
    }

    fn scopes(&mut self, operation: &Operation, page: &Page) {
        let name = operation.name.as_deref().unwrap_or_default();
        if let Some(template) = &page.scope_template {
            let spec_template = scope_template(self.spec, operation).unwrap_or_default();
            if collapsed(&template.value) != collapsed(spec_template) {
                let message = format!("the page has `{}`; the spec has `{spec_template}`", template.value);
                self.report(template.line, FactKind::ScopeTemplate, message);
            }
        }
        for scope in &page.extra_scopes {
            if !operation.extra_scopes.iter().any(|known| known.eq_ignore_ascii_case(&scope.value)) {
                let message = format!("`{name}` does not list `{}` in its `extra_scopes`", scope.value);
                let suggestion = suggest::list_item(name, "extra_scopes", &scope.value);
                self.report_with(scope.line, FactKind::ScopeTemplate, message, suggestion);
            }
        }
        let known = self.spec.scopes.as_ref().map(|scopes| scopes.operation_types.as_slice()).unwrap_or_default();
        for operation_type in &page.operation_types {
            let value = operation_type.value.as_str();
            if !known.iter().any(|known| known.name.as_deref() == Some(value)) {
                let message = format!("`{value}` is not in the spec's `scopes.operation_types`");
                self.report(operation_type.line, FactKind::OperationType, message);
            } else if !operation.scopes.iter().any(|scope| scope == value) {
                let message = format!("`{name}` does not list `{value}` in its `scopes`");
                let suggestion = suggest::list_item(name, "scopes", value);
                self.report_with(operation_type.line, FactKind::OperationType, message, suggestion);
            }
        }
    }

    fn params(&mut self, operation: &Operation, page: &Page) {
        let name = operation.name.as_deref().unwrap_or_default();
        for param in &page.params {
            let wire = param.value.name.as_str();
            let found = operation
                .params
                .iter()
                .find(|known| known.wire.as_ref().or(known.name.as_ref()).map(String::as_str) == Some(wire));
            let Some(known) = found else {
                let message = format!(
                    "`{name}` has no parameter `{wire}` ({}, {})",
                    param.value.r#type,
                    requirement(param.value.optional)
                );
                let suggestion = suggest::param(name, &param.value);
                self.report_with(param.line, FactKind::Parameter, message, suggestion);
                continue;
            };
            let spec_optional = known.required == Some(false);
            if spec_optional != param.value.optional {
                let message = format!(
                    "the page says `{wire}` is {}; the spec says it is {}",
                    requirement(param.value.optional),
                    requirement(spec_optional)
                );
                self.report(param.line, FactKind::Parameter, message);
            }
            self.values(&[known.r#type.as_deref().unwrap_or_default()], wire, &param.value.values);
        }
    }

    /// Reports each of `values` that no enum among `types` has.
    fn values(&mut self, types: &[&str], wire: &str, values: &[Located<String>]) {
        let mut enums: Vec<_> =
            self.spec.enums.iter().filter(|known| types.contains(&known.name.as_deref().unwrap_or_default())).collect();
        // Of several keys of one name, the page means the one whose enum has most of its values.
        let shared = |known: &&crate::read::spec::Enum| {
            values
                .iter()
                .filter(|value| known.values.iter().any(|v| v.wire.as_deref() == Some(value.value.as_str())))
                .count()
        };
        enums.sort_by_key(|known| std::cmp::Reverse(shared(known)));
        // `true` and `false` are a boolean's values, not an enum's.
        let values = values.iter().filter(|value| value.value != "true" && value.value != "false");
        for value in values {
            let Some(first) = enums.first() else {
                let message =
                    format!("the page lists values of `{wire}`, but its type `{}` is not an enum", types.join("`, `"));
                self.report(value.line, FactKind::ParameterValue, message);
                continue;
            };
            let known = enums
                .iter()
                .any(|known| known.values.iter().any(|known| known.wire.as_deref() == Some(value.value.as_str())));
            if !known {
                let r#type = first.name.as_deref().unwrap_or_default();
                let message = format!("`{}` is not a value of `{type}` (the type of `{wire}`)", value.value);
                let suggestion = suggest::enum_value(r#type, &value.value);
                self.report_with(value.line, FactKind::ParameterValue, message, suggestion);
            }
        }
    }

    /// The models a body reaches, the body's own first.
    fn body_models(&self, operation: &Operation) -> Vec<&'s Model> {
        let mut found: Vec<&'s Model> = Vec::new();
        let mut queue: Vec<String> = operation.body.iter().cloned().collect();
        while let Some(name) = queue.pop() {
            let Some(model) = self.spec.models.iter().find(|model| model.name.as_deref() == Some(name.as_str())) else {
                continue;
            };
            if found.iter().any(|known| std::ptr::eq(*known, model)) {
                continue;
            }
            found.push(model);
            for field in &model.fields {
                queue.push(inner_type(field.r#type.as_deref().unwrap_or_default()).to_owned());
            }
        }
        found
    }

    fn input_keys(&mut self, operation: &Operation, page: &Page) {
        if page.input_keys.is_empty() {
            return;
        }
        let name = operation.name.as_deref().unwrap_or_default();
        let models = self.body_models(operation);
        for key in &page.input_keys {
            let wire = key.value.name.as_str();
            let fields: Vec<&Field> = models
                .iter()
                .flat_map(|model| &model.fields)
                .filter(|field| {
                    field.wire.as_ref().or(field.name.as_ref()).map(String::as_str) == Some(wire)
                        || field.legacy.as_ref().and_then(|legacy| legacy.wire.as_deref()) == Some(wire)
                })
                .collect();
            if fields.is_empty() {
                let body = operation.body.as_deref().unwrap_or("(none)");
                let message = format!(
                    "the body of `{name}` (`{body}` and the models it holds) has no key `{wire}` ({}, {})",
                    key.value.r#type,
                    requirement(key.value.optional)
                );
                let model = models.first().and_then(|model| model.name.as_deref()).unwrap_or_default();
                self.report_with(key.line, FactKind::InputKey, message, suggest::field(model, &key.value));
                continue;
            }
            let types: Vec<&str> =
                fields.iter().map(|field| inner_type(field.r#type.as_deref().unwrap_or_default())).collect();
            self.values(&types, wire, &key.value.values);
        }
    }

    fn limits(&mut self, operation: &Operation, page: &Page) {
        if page.limits.is_empty() || operation.body.is_none() {
            return;
        }
        let models = self.body_models(operation);
        let spec_limits: Vec<_> = models
            .iter()
            .flat_map(|model| &model.fields)
            .filter_map(|field| field.max_items_by.as_ref())
            .map(|by| &by.limits)
            .collect();
        for limit in &page.limits {
            let what = limit.value.what.as_str();
            let agrees = spec_limits.iter().any(|limits| limits.get(what) == Some(&limit.value.count));
            if !agrees {
                let spec =
                    spec_limits.first().and_then(|limits| limits.get(what)).map_or("none".to_owned(), u64::to_string);
                let message = format!(
                    "the page allows at most {} {what}; the spec's `max_items_by` limit is {spec}",
                    limit.value.count
                );
                self.report(limit.line, FactKind::Limit, message);
            }
        }
    }

    fn sample_urls(&mut self, operations: &[&Operation], page: &Page) {
        let mut seen = BTreeSet::new();
        for url in &page.sample_urls {
            let value = trimmed_url(&url.value);
            if !seen.insert(value.to_owned()) {
                continue;
            }
            let Some(operation) = self.operation_of(operations, value) else {
                let templates: Vec<String> =
                    operations.iter().filter_map(|op| url_template(self.spec, op)).map(|t| format!("`{t}`")).collect();
                let message = format!(
                    "`{value}` follows none of the page's URL templates in the spec ({})",
                    templates.join(", ")
                );
                self.report(url.line, FactKind::SampleRequest, message);
                continue;
            };
            let name = operation.name.as_deref().unwrap_or_default();
            let spec_urls: Vec<&str> = operation
                .sample_requests()
                .iter()
                .filter_map(|sample| sample.url.as_deref())
                .map(trimmed_url)
                .collect();
            if let Ok(matched) = self.match_template(operation, value) {
                let version = matched.placeholders.get(VERSION).map_or("", String::as_str);
                if !self.knows_version(version) {
                    let message = format!("`{value}` uses version `{version}`, which is not in the spec's `versions`");
                    self.report_with(url.line, FactKind::SampleRequest, message, suggest::version(version));
                    continue;
                }
            }
            // A URL shown without its query (the code adds the parameters) matches a
            // sample of the same path.
            let present = if value.contains('?') {
                spec_urls.contains(&value)
            } else {
                spec_urls.iter().any(|known| known.split('?').next() == Some(value))
            };
            if !present {
                let message = format!("`{value}` is not among the samples of `{name}`");
                let method = operation.method.as_deref().unwrap_or_default();
                let suggestion = suggest::sample_request(name, method, value, None, &self.source);
                self.report_with(url.line, FactKind::SampleRequest, message, suggestion);
            }
        }
    }

    /// The operation a sample on `line` belongs to: that of the last sample URL before it
    /// that one of `operations` follows, else `primary`.
    fn operation_at<'o>(
        &self,
        operations: &[&'o Operation],
        primary: &'o Operation,
        page: &Page,
        line: usize,
    ) -> (&'o Operation, Option<String>) {
        let before = page.sample_urls.iter().filter(|url| url.line <= line).rev();
        for url in before {
            if let Some(op) = self.operation_of(operations, trimmed_url(&url.value)) {
                return (op, Some(trimmed_url(&url.value).to_owned()));
            }
        }
        (primary, None)
    }

    fn inputs(&mut self, operations: &[&Operation], primary: &Operation, page: &Page) {
        let spec_bodies: Vec<Value> = operations
            .iter()
            .flat_map(|op| op.sample_requests())
            .filter_map(|sample| serde_json::from_str(sample.body.as_deref()?).ok())
            .collect();
        for input in &page.inputs {
            match &input.value {
                Err(err) => {
                    self.report(input.line, FactKind::SampleInput, format!("the page's JSON does not parse: {err}"))
                }
                Ok(value) if spec_bodies.contains(value) => {}
                Ok(value) => {
                    let (operation, url) = self.operation_at(operations, primary, page, input.line);
                    let name = operation.name.as_deref().unwrap_or_default();
                    let message = format!("`{name}` has no sample request with this body: {value}");
                    let method = operation.method.as_deref().unwrap_or_default();
                    let url = url.unwrap_or_default();
                    let suggestion = suggest::sample_request(name, method, &url, Some(value), &self.source);
                    self.report_with(input.line, FactKind::SampleInput, message, suggestion);
                }
            }
        }
    }

    fn answers(&mut self, operations: &[&Operation], primary: &Operation, page: &Page) {
        let spec_answers: Vec<Value> = operations
            .iter()
            .flat_map(|op| op.sample_responses())
            .filter_map(|sample| serde_json::from_str(sample.body.as_deref()?).ok())
            .collect();
        let version = page_version(page);
        for answer in &page.answers {
            match &answer.value {
                Err(err) => {
                    self.report(answer.line, FactKind::SampleAnswer, format!("the page's JSON does not parse: {err}"))
                }
                Ok(value) if spec_answers.contains(value) => {}
                Ok(value) => {
                    let (operation, _) = self.operation_at(operations, primary, page, answer.line);
                    let name = operation.name.as_deref().unwrap_or_default();
                    let message = format!("`{name}` has no sample answer with this body: {value}");
                    let suggestion = suggest::sample_response(name, value, version.as_deref(), &self.source);
                    self.report_with(answer.line, FactKind::SampleAnswer, message, suggestion);
                }
            }
        }
    }

    /// The kind a new row of `code` and `message` would have: the kind of a row with the
    /// same code and message, else the kind whose `match` the message holds, else the kind
    /// of the code's rows that has no `match`.
    fn kind_for(&self, rows: &[&ErrorRow], code: &str, message: &str) -> Option<String> {
        let kinds = self.spec.errors.as_ref().map(|errors| errors.kinds.as_slice()).unwrap_or_default();
        let of_code: Vec<&&ErrorRow> = rows.iter().filter(|row| row.code.as_deref() == Some(code)).collect();
        let lower = message.to_ascii_lowercase();
        let matching = kinds.iter().find(|kind| {
            kind.r#match.as_deref().is_some_and(|text| lower.contains(&text.to_ascii_lowercase()))
                && of_code.iter().any(|row| row.kind == kind.name)
        });
        if let Some(kind) = matching {
            return kind.name.clone();
        }
        of_code
            .iter()
            .filter_map(|row| row.kind.as_deref())
            .find(|name| kinds.iter().any(|kind| kind.name.as_deref() == Some(*name) && kind.r#match.is_none()))
            .map(str::to_owned)
    }

    fn errors(&mut self, operation: &Operation, page: &Page) {
        let name = operation.name.as_deref().unwrap_or_default();
        let common = self.spec.errors.iter().flat_map(|errors| &errors.common);
        let rows: Vec<&ErrorRow> = operation.error_rows(self.spec).chain(common).collect();
        let all_rows: Vec<&ErrorRow> = self.spec.operations.iter().flat_map(|op| op.error_rows(self.spec)).collect();
        for error in &page.errors {
            let page_row = &error.value;
            // A row of an error group without a message comes with any message.
            let same = |row: &&&ErrorRow| {
                row.code.as_deref() == Some(page_row.code.as_str())
                    && row.message.as_deref().is_none_or(|message| same_text(message, &page_row.message))
            };
            let described = format!("{} {} {:?}", page_row.code, page_row.status, page_row.message);
            // A row of the same code, message, status and resolution (when the page shows
            // one): versions that word a row differently each have their row.
            let agrees = |row: &&&ErrorRow| {
                same(row)
                    && row.status == Some(page_row.status)
                    && (page_row.resolution.is_empty()
                        || same_text(row.resolution.as_deref().unwrap_or_default(), &page_row.resolution))
            };
            if rows.iter().any(|row| agrees(&row)) {
                continue;
            }
            let kind = self.kind_for(&all_rows, &page_row.code, &page_row.message);
            let suggestion = suggest::error_row(name, kind.as_deref(), page_row, &self.source);
            // A code no kind covers needs its kind declared first (unless one of its name
            // exists already).
            let declared = self.spec.errors.iter().flat_map(|errors| &errors.kinds);
            let named = suggest::kind_name(&page_row.code);
            let new_kind = (kind.is_none()
                && !declared.clone().any(|known| known.name.as_deref() == Some(named.as_str())))
            .then(|| suggest::error_kind(page_row));
            match rows.iter().find(same) {
                None => {
                    let resolution = if page_row.resolution.is_empty() { "none shown" } else { &page_row.resolution };
                    let message = format!("`{name}` has no row {described} (resolution: {resolution})");
                    self.report_row(error.line, message, new_kind.clone(), suggestion);
                }
                Some(row) if row.status != Some(page_row.status) => {
                    let status = row.status.map_or_else(|| "none".to_owned(), |status| status.to_string());
                    let message = format!("{described}: the spec's row has status {status}");
                    self.report_row(error.line, message, new_kind.clone(), suggestion);
                }
                Some(row) => {
                    let message = format!(
                        "{described}: the page's resolution is {:?}; the spec's is {:?}",
                        collapsed(&page_row.resolution),
                        collapsed(row.resolution.as_deref().unwrap_or_default())
                    );
                    self.report_row(error.line, message, new_kind.clone(), suggestion);
                }
            }
        }
    }
}

/// The element type of `list<T>` (and of `outcome<T>`), else the type itself.
fn inner_type(r#type: &str) -> &str {
    let r#type = r#type.trim();
    for wrapper in ["list<", "outcome<"] {
        if let Some(inner) = r#type.strip_prefix(wrapper).and_then(|rest| rest.strip_suffix('>')) {
            return inner_type(inner);
        }
    }
    r#type
}

/// The version a page's sample URLs use (`v8` in `…/crm/v8/…`).
fn page_version(page: &Page) -> Option<String> {
    let url = &page.sample_urls.first()?.value;
    let after = url.split("/crm/").nth(1)?;
    let version = after.split('/').next()?;
    version.starts_with('v').then(|| version.to_owned())
}

fn requirement(optional: bool) -> &'static str {
    if optional { "optional" } else { "mandatory" }
}
