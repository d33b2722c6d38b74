//! The API-wide parts: name, base URL, versions, auth, scopes, modules, data centres and
//! environments; and the whole model, put together from every part.

use std::collections::BTreeMap;

use super::{Resolver, VariantNames};
use crate::diag::DocPath;
use crate::model::naming::type_name;
use crate::model::{
    Api, CustomModules, DataCentre, Environment, Modules, Named, ScopePart, StandardModule, Ty, UrlPart,
};
use crate::read::template::{self, Part};

impl Resolver<'_> {
    /// Resolves the whole spec, section by section, then runs the checks that span it.
    pub(super) fn api(&mut self) -> Api {
        let spec = self.spec;
        let root = DocPath::root();
        self.required_text(&spec.name, &root, "name");
        let base_url = self.base_url();
        let (auth_header, auth_scheme) = self.auth();
        let (versions, default_version) = self.versions();
        let (scope_template, operation_types) = self.scopes();
        let modules = self.modules();
        let environments = self.environments();
        let data_centres = self.data_centres(&environments);
        let (ids, enums, models) = self.types();
        let errors = self.errors();
        let operations = self.operations(scope_template.as_deref(), &operation_types);
        let mut api = Api {
            name: Self::text(&spec.name),
            doc: Self::doc(&spec.doc),
            base_url,
            auth_header,
            auth_scheme,
            versions,
            default_version,
            scope_template,
            operation_types,
            modules,
            data_centres,
            environments,
            ids,
            enums,
            models,
            errors,
            operations,
        };
        self.rust_names(&api);
        super::types::mark_request_models(&mut api);
        crate::model::doc_fallback::fill(&mut api);
        note_file_size_limits(&mut api);
        api
    }

    /// The base URL: `{api-domain}`, text and `{version}`; operations add their paths.
    fn base_url(&mut self) -> Vec<UrlPart> {
        let Some(url) = self.required_text(&self.spec.base_url, &DocPath::root(), "base_url") else {
            return Vec::new();
        };
        self.base_url_parts(url, &DocPath::root().key("base_url"))
    }

    /// A base URL (the API's, or an operation's own): `{api-domain}`, text and
    /// `{version}` once.
    pub(super) fn base_url_parts(&mut self, url: &str, path: &DocPath) -> Vec<UrlPart> {
        let path = path.clone();
        let Some(parts) = self.url_parts(url, &path, "base URL") else { return Vec::new() };
        if parts.first() != Some(&Part::Placeholder(template::API_DOMAIN.to_owned())) {
            self.error(&path, format!("the base URL `{url}` must start with `{{{}}}`", template::API_DOMAIN));
        }
        let versions = parts.iter().filter(|part| **part == Part::Placeholder(template::VERSION.to_owned())).count();
        if versions != 1 {
            self.error(
                &path,
                format!("the base URL `{url}` must hold `{{{}}}` once (found {versions})", template::VERSION),
            );
        }
        for name in template::placeholders(&parts) {
            if name != template::API_DOMAIN && name != template::VERSION {
                self.error(
                    &path,
                    format!("the base URL holds only `{{api-domain}}` and `{{version}}`; `{{{name}}}` belongs in an operation's `path`"),
                );
            }
        }
        parts
            .into_iter()
            .filter_map(|part| match part {
                Part::Literal(text) => Some(UrlPart::Literal(text)),
                Part::Placeholder(name) if name == template::VERSION => Some(UrlPart::Version),
                Part::Placeholder(_) => None,
            })
            .collect()
    }

    /// A URL template's pieces, if it parses and holds no query, fragment or spaces.
    pub(super) fn url_parts(&mut self, url: &str, path: &DocPath, what: &str) -> Option<Vec<Part>> {
        let parts =
            template::parse(url).map_err(|problem| self.error(path, format!("bad {what} `{url}`: {problem}"))).ok()?;
        let literal_is_bad = |part: &Part| matches!(part, Part::Literal(text) if text.contains(['?', '#', ' ']));
        if parts.iter().any(literal_is_bad) {
            self.error(path, format!("the {what} `{url}` must not hold a query, a fragment or spaces"));
            return None;
        }
        if let Err(problem) = super::text_rules::url_template(&parts) {
            self.error(path, format!("bad {what} `{}`: {problem}", url.escape_debug()));
            return None;
        }
        Some(parts)
    }

    /// The header that carries the token, and the scheme before it.
    fn auth(&mut self) -> (String, String) {
        let root = DocPath::root();
        let Some(auth) = self.required(&self.spec.auth, &root, "auth") else { return Default::default() };
        let path = root.key("auth");
        self.keys(auth, &path);
        if let Some(header) = self.required_text(&auth.header, &path, "header") {
            let is_token = header.bytes().all(|b| b.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~".contains(&b));
            if !is_token {
                self.error(&path.key("header"), format!("`{header}` is not a valid HTTP header name"));
            }
        }
        if let Some(scheme) = self.required_text(&auth.scheme, &path, "scheme") {
            if !scheme.bytes().all(|b| b.is_ascii_graphic()) {
                self.error(
                    &path.key("scheme"),
                    format!("the scheme `{scheme}` must be printable ASCII without spaces"),
                );
            }
        }
        (Self::text(&auth.header), Self::text(&auth.scheme))
    }

    /// The versions, oldest first, and the position of the default one.
    fn versions(&mut self) -> (Vec<Named>, usize) {
        let root = DocPath::root();
        if self.spec.versions.is_empty() {
            self.error(&root.key("versions"), "the spec lists no `versions`");
        }
        let mut seen = VariantNames::default();
        let mut versions = Vec::new();
        for (index, version) in self.spec.versions.iter().enumerate() {
            let path = root.key("versions").index(index);
            self.keys(version, &path);
            let Some(name) = self.required_text(&version.name, &path, "name") else { continue };
            if !name.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'.' || b == b'_' || b == b'-') {
                self.error(
                    &path.key("name"),
                    format!("version `{name}` must be letters, digits, `.`, `_` or `-` to sit in a URL"),
                );
                continue;
            }
            self.variant_name(&mut seen, name, &path.key("name"), "version");
            versions.push(Named { wire: name.to_owned(), rust: type_name(name), doc: Self::doc(&version.doc) });
        }
        let default = match self.required_text(&self.spec.default_version, &root, "default_version") {
            Some(default) => self.version_ref(default, &root.key("default_version")).unwrap_or_default(),
            None => 0,
        };
        (versions, default)
    }

    /// The API's scope template, if any, and the operation types.
    fn scopes(&mut self) -> (Option<Vec<ScopePart>>, Vec<Named>) {
        let root = DocPath::root();
        let Some(scopes) = &self.spec.scopes else { return (None, Vec::new()) };
        let path = root.key("scopes");
        self.keys(scopes, &path);
        let template = scopes.template.as_ref().and_then(|text| {
            self.scope_template(text, &path.key("template"))?;
            Some(scope_parts(text))
        });
        let mut operation_types = Vec::new();
        let mut seen = VariantNames::default();
        for (index, kind) in scopes.operation_types.iter().enumerate() {
            let item = path.key("operation_types").index(index);
            self.keys(kind, &item);
            if let Some(name) = self.required_text(&kind.name, &item, "name") {
                self.variant_name(&mut seen, name, &item.key("name"), "operation type");
                operation_types.push(Named { wire: name.to_owned(), rust: type_name(name), doc: Self::doc(&kind.doc) });
            }
        }
        (template, operation_types)
    }

    /// A scope template: `{operation_type}` once, `{module_name}` at most once. Returns
    /// whether it names the module, when it is valid.
    pub(super) fn scope_template(&mut self, text: &str, path: &DocPath) -> Option<bool> {
        let parts = match template::parse(text) {
            Ok(parts) => parts,
            Err(problem) => {
                self.error(path, format!("bad scope template `{text}`: {problem}"));
                return None;
            }
        };
        let count = |name: &str| parts.iter().filter(|part| **part == Part::Placeholder(name.to_owned())).count();
        let mut valid = true;
        if count(template::OPERATION_TYPE) != 1 {
            valid = false;
            self.error(
                path,
                format!(
                    "the scope template `{text}` must hold `{{{}}}` once (found {})",
                    template::OPERATION_TYPE,
                    count(template::OPERATION_TYPE)
                ),
            );
        }
        if count(template::MODULE_NAME) > 1 {
            valid = false;
            self.error(
                path,
                format!("the scope template `{text}` may hold `{{{}}}` once at most", template::MODULE_NAME),
            );
        }
        for part in &parts {
            if let Part::Literal(literal) = part {
                if let Err(problem) = super::text_rules::scope_token(literal) {
                    valid = false;
                    self.error(path, format!("bad scope template `{text}`: {problem}"));
                }
            }
            if let Part::Placeholder(name) = part {
                if name != template::MODULE_NAME && name != template::OPERATION_TYPE {
                    self.error(
                        path,
                        format!(
                            "unknown placeholder `{{{name}}}` in the scope template (expected `{{{}}}` or `{{{}}}`)",
                            template::MODULE_NAME,
                            template::OPERATION_TYPE
                        ),
                    );
                    valid = false;
                }
            }
        }
        valid.then(|| count(template::MODULE_NAME) == 1)
    }

    fn modules(&mut self) -> Option<Modules> {
        let root = DocPath::root();
        let modules = self.spec.modules.as_ref()?;
        let path = root.key("modules");
        self.keys(modules, &path);
        if modules.supported.is_empty() && modules.custom.is_none() {
            self.error(&path.key("supported"), "the spec supports no module");
        }
        let mut api_names = BTreeMap::new();
        let mut rust_names = BTreeMap::new();
        let mut resolved = Modules { standard: Vec::new(), custom: None, unsupported: Vec::new() };
        for (index, module) in modules.supported.iter().enumerate() {
            let item = path.key("supported").index(index);
            self.keys(module, &item);
            self.required_text(&module.display_name, &item, "display_name");
            self.required_text(&module.scope_name, &item, "scope_name");
            let Some(api_name) = self.required_text(&module.api_name, &item, "api_name") else { continue };
            if self.module_api_name(api_name, &item.key("api_name"))
                && self.module_once(&mut api_names, api_name, &item.key("api_name"))
            {
                let rust = crate::model::naming::type_name(api_name);
                if rust == "Custom" && modules.custom.is_some() {
                    self.error(
                        &item.key("api_name"),
                        format!("module `{api_name}` would be named `Custom`, which custom modules use"),
                    );
                }
                self.unique_rust(&mut rust_names, rust.clone(), api_name, &item.key("api_name"), "module");
                resolved.standard.push(StandardModule {
                    api_name: api_name.to_owned(),
                    display_name: Self::text(&module.display_name),
                    scope_name: Self::text(&module.scope_name),
                    rust,
                });
            }
        }
        if let Some(custom) = &modules.custom {
            let item = path.key("custom");
            self.keys(custom, &item);
            self.required_text(&custom.scope_name, &item, "scope_name");
            if custom.max_length == Some(0) {
                self.error(&item.key("max_length"), "`max_length` must be at least 1");
            }
            resolved.custom = Some(CustomModules {
                scope_name: Self::text(&custom.scope_name),
                max_length: custom.max_length.and_then(|max| usize::try_from(max).ok()).unwrap_or(100),
                doc: Self::doc(&custom.doc),
            });
        }
        for (index, module) in modules.unsupported.iter().enumerate() {
            let item = path.key("unsupported").index(index);
            self.keys(module, &item);
            self.required_text(&module.reason, &item, "reason");
            let Some(api_name) = self.required_text(&module.api_name, &item, "api_name") else { continue };
            self.module_once(&mut api_names, api_name, &item.key("api_name"));
            resolved.unsupported.push((api_name.to_owned(), Self::text(&module.reason)));
        }
        Some(resolved)
    }

    /// Each module is listed once, supported or not; API names ignore case.
    fn module_once(&mut self, seen: &mut BTreeMap<String, (DocPath, String)>, api_name: &str, path: &DocPath) -> bool {
        let key = api_name.to_ascii_lowercase();
        if let Some((first, other)) = seen.get(&key) {
            self.error(
                path,
                format!("module `{api_name}` is already listed as `{other}` at {first} (API names ignore case)"),
            );
            return false;
        }
        seen.insert(key, (path.clone(), api_name.to_owned()));
        true
    }

    /// Module API names appear in URLs and are checked the same way at run time.
    fn module_api_name(&mut self, name: &str, path: &DocPath) -> bool {
        let mut chars = name.chars();
        let valid = chars.next().is_some_and(|c| c.is_ascii_alphabetic())
            && chars.all(|c| c.is_ascii_alphanumeric() || c == '_');
        if !valid {
            self.error(
                path,
                format!("module API name `{name}` must be an ASCII letter followed by letters, digits or `_`"),
            );
        }
        valid
    }

    fn data_centres(&mut self, environments: &[Environment]) -> Vec<DataCentre> {
        let root = DocPath::root();
        if self.spec.data_centres.is_empty() {
            self.error(&root.key("data_centres"), "the spec lists no `data_centres`");
        }
        let mut names = VariantNames::default();
        let needs_www = !self.spec.environments.is_empty();
        let mut centres = Vec::new();
        for (index, centre) in self.spec.data_centres.iter().enumerate() {
            let item = root.key("data_centres").index(index);
            self.keys(centre, &item);
            if let Some(name) = self.required_text(&centre.name, &item, "name") {
                self.variant_name(&mut names, name, &item.key("name"), "data centre");
            }
            if let Some(domain) = self.required_text(&centre.api_domain, &item, "api_domain") {
                self.domain(domain, &item.key("api_domain"), needs_www);
            }
            if let Some(domain) = self.required_text(&centre.accounts_domain, &item, "accounts_domain") {
                self.domain(domain, &item.key("accounts_domain"), false);
            }
            if let Some(domain) = centre.download_domain.as_deref() {
                self.domain(domain.trim(), &item.key("download_domain"), false);
            }
            centres.push(data_centre(centre, environments));
        }
        centres
    }

    /// A domain is `https://host` with nothing after the host; API domains of specs with
    /// environments start with `https://www.` so that other environments can swap `www`.
    fn domain(&mut self, domain: &str, path: &DocPath, needs_www: bool) {
        let Some(host) = domain.strip_prefix("https://") else {
            return self.error(path, format!("`{domain}` must start with `https://`"));
        };
        let host_is_plain =
            !host.is_empty() && host.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'.' || b == b'-');
        if !host_is_plain {
            self.error(
                path,
                format!("`{domain}` must be `https://` and a host name, with no port, path or trailing slash"),
            );
        } else if needs_www && !host.starts_with("www.") {
            self.error(
                path,
                format!("`{domain}` must start with `https://www.` so that each environment can replace `www`"),
            );
        }
    }

    fn environments(&mut self) -> Vec<Environment> {
        let root = DocPath::root();
        let mut names = VariantNames::default();
        let mut environments = Vec::new();
        for (index, environment) in self.spec.environments.iter().enumerate() {
            let item = root.key("environments").index(index);
            self.keys(environment, &item);
            if let Some(name) = self.required_text(&environment.name, &item, "name") {
                self.variant_name(&mut names, name, &item.key("name"), "environment");
            }
            if let Some(prefix) = self.required_text(&environment.host_prefix, &item, "host_prefix") {
                let is_label =
                    prefix.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-') && !prefix.starts_with('-');
                if !is_label {
                    self.error(&item.key("host_prefix"), format!("`{prefix}` is not a host name label"));
                }
            }
            let name = Self::text(&environment.name);
            environments.push(Environment {
                named: Named { rust: type_name(&name), doc: Self::doc(&environment.doc), wire: name },
                host_prefix: Self::text(&environment.host_prefix),
            });
        }
        environments
    }
}

/// The pieces of a valid scope template.
pub(super) fn scope_parts(text: &str) -> Vec<ScopePart> {
    template::parse(text)
        .unwrap_or_default()
        .into_iter()
        .map(|part| match part {
            Part::Literal(text) => ScopePart::Literal(text),
            Part::Placeholder(name) if name == template::MODULE_NAME => ScopePart::ModuleName,
            Part::Placeholder(_) => ScopePart::OperationType,
        })
        .collect()
}

/// Each environment's API domain swaps the production host's `www` for its own prefix.
fn data_centre(centre: &crate::read::spec::DataCentre, environments: &[Environment]) -> DataCentre {
    let production = Resolver::text(&centre.api_domain);
    let api_domains = if environments.is_empty() {
        vec![production]
    } else {
        let rest = production.strip_prefix("https://www.").unwrap_or(&production);
        environments.iter().map(|environment| format!("https://{}.{rest}", environment.host_prefix)).collect()
    };
    let name = Resolver::text(&centre.name);
    DataCentre {
        rust: type_name(&name),
        name,
        api_domains,
        accounts_domain: Resolver::text(&centre.accounts_domain),
        download_domain: centre.download_domain.as_deref().map(|domain| domain.trim().to_owned()),
    }
}

/// Ends the docs of each file part with a size limit with that limit, in a paragraph of its
/// own (after whatever the spec's text ends with: a sentence, a list, a code block), so
/// that the request's field, its setter and the call's method all say it.
fn note_file_size_limits(api: &mut Api) {
    for param in api.operations.iter_mut().flat_map(|operation| &mut operation.params) {
        let Some(max) = param.max_bytes else { continue };
        let each = if matches!(param.ty, Ty::List(_)) { "Each file at most" } else { "At most" };
        let sentence = format!("{each} {}.", byte_size(max));
        param.doc = if param.doc.is_empty() { sentence } else { format!("{}\n\n{sentence}", param.doc.trim_end()) };
    }
}

/// A size in bytes as people write it: `20 MiB (20,971,520 bytes)`, or `1,000 bytes`.
fn byte_size(bytes: u64) -> String {
    let grouped = bytes
        .to_string()
        .as_bytes()
        .rchunks(3)
        .rev()
        .map(|digits| std::str::from_utf8(digits).unwrap_or_default())
        .collect::<Vec<_>>()
        .join(",");
    let exact =
        [(1u64 << 30, "GiB"), (1 << 20, "MiB"), (1 << 10, "KiB")].into_iter().find(|(unit, _)| bytes % unit == 0);
    match exact {
        Some((unit, name)) => format!("{} {name} ({grouped} bytes)", bytes / unit),
        None if bytes == 1 => "1 byte".to_owned(),
        None => format!("{grouped} bytes"),
    }
}

#[cfg(test)]
mod tests {
    use super::byte_size;

    #[test]
    fn sizes_read_as_people_write_them() {
        assert_eq!(byte_size(20 << 20), "20 MiB (20,971,520 bytes)");
        assert_eq!(byte_size(1 << 30), "1 GiB (1,073,741,824 bytes)");
        assert_eq!(byte_size(2048), "2 KiB (2,048 bytes)");
        assert_eq!(byte_size(1000), "1,000 bytes");
        assert_eq!(byte_size(7), "7 bytes");
        assert_eq!(byte_size(1), "1 byte");
        assert_eq!(byte_size(u64::MAX), "18,446,744,073,709,551,615 bytes");
    }
}
