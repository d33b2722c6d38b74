//! Checking a spec against Zoho's doc pages: every fact a page states that the spec lacks
//! or contradicts, each with the page line it is on.
//!
//! A page (exported as plain text, see [`read_page`]) describes one operation: its request
//! URL, supported modules, authorization header, scope template, module names and
//! operation types, sample requests, parameters and their values, documented errors and
//! sample answers. The spec may say more than a page (other operations, versions,
//! samples); what the page says must be in it.

mod page;

use std::fmt;

use serde_json::Value;

pub use page::{Located, Page, PageError, PageParam, read_page};

use crate::read::spec::{ErrorRow, Operation, Spec};
use crate::read::template::{self, API_DOMAIN, VERSION};
use crate::resolve::url_match::{MatchedUrl, match_url};

/// The kinds of fact a page states.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum FactKind {
    /// The operation itself: its HTTP method.
    Operation,
    /// The request URL.
    RequestUrl,
    /// The authorization header and its scheme.
    Header,
    /// The scope template.
    ScopeTemplate,
    /// A supported module.
    Module,
    /// A module name scopes use.
    ScopeName,
    /// An operation type scopes may name.
    OperationType,
    /// A parameter.
    Parameter,
    /// A possible value of a parameter.
    ParameterValue,
    /// A sample request's URL.
    SampleRequest,
    /// A sample answer.
    SampleAnswer,
    /// A documented error row.
    ErrorRow,
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
            FactKind::SampleRequest => "sample request",
            FactKind::SampleAnswer => "sample answer",
            FactKind::ErrorRow => "error row",
        })
    }
}

/// A fact of a page that the spec lacks or contradicts.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Finding {
    /// The 1-based page line the fact is on.
    pub line: usize,
    /// What kind of fact it is.
    pub kind: FactKind,
    /// What the page says and what the spec lacks or says instead.
    pub message: String,
}

impl fmt::Display for Finding {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.kind, self.message)
    }
}

/// Every fact of the page `text` that `spec` lacks or contradicts, in page order.
pub fn check_page(spec: &Spec, text: &str) -> Vec<Finding> {
    let page = read_page(text);
    let mut check = PageCheck { spec, findings: Vec::new() };
    check.header(&page);
    check.modules(&page);
    match check.operation(&page) {
        Some(operation) => {
            check.request_url(operation, &page);
            check.scopes(operation, &page);
            check.params(operation, &page);
            check.sample_urls(operation, &page);
            check.answers(operation, &page);
            check.errors(operation, &page);
        }
        None => check.no_operation(&page),
    }
    let mut findings = check.findings;
    findings.sort_by_key(|finding| finding.line);
    findings
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

/// The comparison of one page with the spec.
struct PageCheck<'s> {
    spec: &'s Spec,
    findings: Vec<Finding>,
}

impl<'s> PageCheck<'s> {
    fn report(&mut self, line: usize, kind: FactKind, message: impl Into<String>) {
        self.findings.push(Finding { line, kind, message: message.into() });
    }

    /// The spec's operation the page describes: the one with the page's method whose URL
    /// template the page's request URL follows.
    fn operation(&mut self, page: &Page) -> Option<&'s Operation> {
        let method = page.method.as_ref()?;
        let spec = self.spec;
        let mut with_method = spec.operations.iter().filter(|op| op.method.as_deref() == Some(method.value.as_str()));
        let found = with_method.clone().find(|op| {
            let url = page.request_url.as_ref().map(|url| url.value.as_str());
            url.is_none_or(|url| self.match_template(op, url).is_ok())
        });
        if found.is_none() {
            let url = page.request_url.as_ref().map_or("", |url| url.value.as_str());
            let near = with_method.next().and_then(|op| op.name.as_deref());
            let hint = near.map_or_else(String::new, |name| format!(" (`{name}` has the method but not the URL)"));
            self.report(method.line, FactKind::Operation, format!("no operation is `{} {url}`{hint}", method.value));
        }
        found
    }

    fn no_operation(&mut self, page: &Page) {
        if page.method.is_none() {
            let line = page.request_url.as_ref().map_or(1, |url| url.line);
            self.report(line, FactKind::Operation, "no sample request shows the HTTP method, so no operation is known");
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

    fn request_url(&mut self, operation: &Operation, page: &Page) {
        let Some(url) = &page.request_url else { return };
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
                Some(page_name) if page_name != name => self.report(
                    url.line,
                    FactKind::RequestUrl,
                    format!("the page has `{{{page_name}}}` where the spec's URL template has `{{{name}}}`"),
                ),
                None if name == VERSION && !self.knows_version(value) => self.report(
                    url.line,
                    FactKind::RequestUrl,
                    format!("version `{value}` of `{}` is not in the spec's `versions`", url.value),
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
        for module in &page.supported_modules {
            let known = if module.value.eq_ignore_ascii_case("custom") {
                custom.is_some()
            } else {
                supported.iter().any(|known| known.display_name.as_deref() == Some(module.value.as_str()))
            };
            if !known {
                let message = format!("`{}` is not a supported module of the spec (by display name)", module.value);
                self.report(module.line, FactKind::Module, message);
            }
        }
        for name in &page.module_names {
            let custom_name = custom.and_then(|custom| custom.scope_name.as_deref());
            let known = custom_name == Some(name.value.as_str())
                || supported.iter().any(|known| known.scope_name.as_deref() == Some(name.value.as_str()));
            if !known {
                let message = format!("`{}` is no module's `scope_name` in the spec", name.value);
                self.report(name.line, FactKind::ScopeName, message);
            }
        }
    }

    fn scopes(&mut self, operation: &Operation, page: &Page) {
        if let Some(template) = &page.scope_template {
            let spec_template = scope_template(self.spec, operation).unwrap_or_default();
            if template.value != spec_template {
                let message = format!("the page has `{}`; the spec has `{spec_template}`", template.value);
                self.report(template.line, FactKind::ScopeTemplate, message);
            }
        }
        let known = self.spec.scopes.as_ref().map(|scopes| scopes.operation_types.as_slice()).unwrap_or_default();
        let name = operation.name.as_deref().unwrap_or_default();
        for operation_type in &page.operation_types {
            let value = operation_type.value.as_str();
            if !known.iter().any(|known| known.name.as_deref() == Some(value)) {
                let message = format!("`{value}` is not in the spec's `scopes.operation_types`");
                self.report(operation_type.line, FactKind::OperationType, message);
            } else if !operation.scopes.iter().any(|scope| scope == value) {
                let message = format!("`{name}` does not list `{value}` in its `scopes`");
                self.report(operation_type.line, FactKind::OperationType, message);
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
                self.report(param.line, FactKind::Parameter, message);
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
            self.param_values(known.r#type.as_deref().unwrap_or_default(), wire, &param.value.values);
        }
    }

    fn param_values(&mut self, r#type: &str, wire: &str, values: &[Located<String>]) {
        let spec_enum = self.spec.enums.iter().find(|known| known.name.as_deref() == Some(r#type));
        for value in values {
            let message = match spec_enum {
                None => {
                    format!("the page lists values of `{wire}`, but its type `{type}` is not an enum", type = r#type)
                }
                Some(known) if known.values.iter().any(|known| known.wire.as_deref() == Some(value.value.as_str())) => {
                    continue;
                }
                Some(_) => {
                    format!("`{}` is not a value of `{type}` (the type of `{wire}`)", value.value, type = r#type)
                }
            };
            self.report(value.line, FactKind::ParameterValue, message);
        }
    }

    fn sample_urls(&mut self, operation: &Operation, page: &Page) {
        let name = operation.name.as_deref().unwrap_or_default();
        let spec_urls: Vec<&str> =
            operation.sample_requests().iter().filter_map(|sample| sample.url.as_deref()).map(trimmed_url).collect();
        for url in &page.sample_urls {
            let value = trimmed_url(&url.value);
            match self.match_template(operation, value) {
                Err(err) => {
                    let message = format!("`{value}` does not follow the spec's URL template: {err}");
                    self.report(url.line, FactKind::SampleRequest, message);
                    continue;
                }
                Ok(matched) => {
                    let version = matched.placeholders.get(VERSION).map_or("", String::as_str);
                    if !self.knows_version(version) {
                        let message =
                            format!("`{value}` uses version `{version}`, which is not in the spec's `versions`");
                        self.report(url.line, FactKind::SampleRequest, message);
                    }
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
                self.report(url.line, FactKind::SampleRequest, message);
            }
        }
    }

    fn answers(&mut self, operation: &Operation, page: &Page) {
        let name = operation.name.as_deref().unwrap_or_default();
        let spec_answers: Vec<Value> = operation
            .sample_responses()
            .iter()
            .filter_map(|sample| serde_json::from_str(sample.body.as_deref()?).ok())
            .collect();
        for answer in &page.answers {
            match &answer.value {
                Err(err) => {
                    self.report(answer.line, FactKind::SampleAnswer, format!("the page's JSON does not parse: {err}"))
                }
                Ok(value) if spec_answers.contains(value) => {}
                Ok(value) => {
                    let message = format!("`{name}` has no sample answer with this body: {value}");
                    self.report(answer.line, FactKind::SampleAnswer, message);
                }
            }
        }
    }

    fn errors(&mut self, operation: &Operation, page: &Page) {
        let name = operation.name.as_deref().unwrap_or_default();
        let common = self.spec.errors.iter().flat_map(|errors| &errors.common);
        let rows: Vec<&ErrorRow> = operation.errors.iter().chain(common).collect();
        for error in &page.errors {
            let page_row = &error.value;
            let same = |row: &&&ErrorRow| {
                row.code.as_deref() == Some(page_row.code.as_str())
                    && row.message.as_deref() == Some(page_row.message.as_str())
            };
            let described = format!("{} {} {:?}", page_row.code, page_row.status, page_row.message);
            match rows.iter().find(same) {
                None => {
                    let message = format!("`{name}` has no row {described} (resolution: {})", page_row.resolution);
                    self.report(error.line, FactKind::ErrorRow, message);
                }
                Some(row) if row.status != Some(page_row.status) => {
                    let status = row.status.map_or_else(|| "none".to_owned(), |status| status.to_string());
                    let message = format!("{described}: the spec's row has status {status}");
                    self.report(error.line, FactKind::ErrorRow, message);
                }
                Some(row)
                    if collapsed(row.resolution.as_deref().unwrap_or_default()) != collapsed(&page_row.resolution) =>
                {
                    let message = format!(
                        "{described}: the page's resolution is {:?}; the spec's is {:?}",
                        collapsed(&page_row.resolution),
                        collapsed(row.resolution.as_deref().unwrap_or_default())
                    );
                    self.report(error.line, FactKind::ErrorRow, message);
                }
                Some(_) => {}
            }
        }
    }
}

fn requirement(optional: bool) -> &'static str {
    if optional { "optional" } else { "mandatory" }
}
