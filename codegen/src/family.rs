//! Several APIs, one client: the resolved models of several specs merged into what they
//! share (versions, environments, data centres, modules, error kinds, the error enum and
//! its details, IDs of the same name) and what each keeps to itself (its operations, its
//! scopes, its own models), for one generated file with one `Client` and one `ApiError`.
//!
//! Every rule is checked here, and every disagreement is reported, located in the spec
//! that disagrees with an earlier one, naming that earlier spec:
//!
//! - versions are the union of the specs' versions, merged in order; two specs that
//!   order the same two versions differently cannot be merged; the default version must
//!   be the same;
//! - environments and data centres must be the same in every spec (names, hosts,
//!   domains), since one `Endpoint` reaches them all;
//! - standard modules are the union by API name (a module of the same API name must have
//!   the same display and scope names); custom modules are taken if any spec takes them
//!   (with the same scope name and length limit); a module is unsupported only when every
//!   spec with modules refuses it, and each API refuses, before sending, the modules the
//!   others take but it does not;
//! - error kinds are the union by name (kinds of the same name must agree on whether a
//!   retry or a new token may help; their codes are united); the classification rules are
//!   merged per code: message rules one after another, one fallback kind per code; the
//!   error formats must be the same; the details models are merged field by field (a key
//!   in several must have the same type), with the models, enums and IDs they use;
//! - each API keeps a module of its own, named after the API, and its client methods
//!   live on the one `Client`: two APIs with a method of the same name are an error (give
//!   one operation another name).

use std::collections::{BTreeMap, BTreeSet};

use crate::diag::{Diagnostics, DocPath};
use crate::model::{
    Api, CodeRule, CustomModules, DataCentre, Enum, ErrorKind, Field, Model, Modules, Named, Presence, Ty,
};

/// One API of a family.
#[derive(Clone, Debug)]
pub(crate) struct Member {
    /// The spec's file name, as messages name it.
    pub file: String,
    /// The Rust module that holds the API's own items.
    pub module: String,
    /// The API as resolved from its spec alone.
    pub api: Api,
    /// The names of the types it uses from the shared part instead of its own.
    pub hoisted: BTreeSet<String>,
    /// The modules of the shared `Module` this API refuses: API name and reason.
    pub refused_modules: Vec<(String, String)>,
    /// Whether it takes custom modules when the shared `Module` has them.
    pub takes_custom: bool,
    /// The shared versions it lacks, by Rust name.
    pub missing_versions: Vec<String>,
}

/// Several APIs merged.
#[derive(Clone, Debug)]
pub(crate) struct Family {
    /// What they share, as an API with no operations: versions, environments, data
    /// centres, modules, errors, and the IDs, enums and models those need.
    pub shared: Api,
    /// Each API, in the order given.
    pub members: Vec<Member>,
}

/// Names a module of a family may not take: the runtime alias and the shared IDs' kinds.
const RESERVED_MODULES: &[&str] = &["rt", "id_kinds"];

/// Merges resolved APIs (each with its spec's file name). The problems found are
/// reported per spec, in the order given; a spec with none has an empty list.
pub(crate) fn merge(apis: Vec<(String, Api)>) -> Result<Family, Vec<Diagnostics>> {
    let mut problems: Vec<Diagnostics> = apis.iter().map(|(file, _)| Diagnostics::new(file.clone())).collect();
    let family = Merger { apis: &apis, problems: &mut problems }.merge();
    if problems.iter().any(Diagnostics::has_errors) { Err(problems) } else { Ok(family) }
}

struct Merger<'a> {
    apis: &'a [(String, Api)],
    problems: &'a mut Vec<Diagnostics>,
}

fn root() -> DocPath {
    DocPath::root()
}

impl Merger<'_> {
    fn error(&mut self, member: usize, path: &DocPath, message: String) {
        self.problems[member].error(path, message);
    }

    fn file(&self, member: usize) -> &str {
        &self.apis[member].0
    }

    fn merge(mut self) -> Family {
        let apis = self.apis;
        let first = &apis[0].1;
        let modules_names = self.module_names();
        let versions = self.versions();
        let default_version = self.default_version(&versions);
        let (environments, data_centres) = self.places();
        let modules = self.modules();
        let hoisted_ids = self.shared_ids();
        let (errors, details) = self.errors();
        self.client_methods();
        let mut shared = Api {
            name: family_name(apis.iter().map(|(_, api)| api.name.as_str())),
            doc: String::new(),
            base_url: first.base_url.clone(),
            auth_header: first.auth_header.clone(),
            auth_scheme: first.auth_scheme.clone(),
            versions: versions.clone(),
            default_version,
            scope_template: None,
            operation_types: Vec::new(),
            modules: modules.clone(),
            data_centres,
            environments,
            ids: hoisted_ids,
            enums: details.enums,
            models: details.models,
            errors,
            operations: Vec::new(),
        };
        // Sharing an ID that a details model uses: once.
        for id in details.ids {
            if !shared.ids.iter().any(|shared_id| shared_id.rust == id.rust) {
                shared.ids.push(id);
            }
        }
        // An ID several specs declare and a type the details use must not share a name.
        for (name, from) in &details.from {
            let is_type = shared.models.iter().any(|model| model.rust == *name)
                || shared.enums.iter().any(|item| item.rust == *name);
            if is_type && shared.ids.iter().any(|id| id.rust == *name) {
                let path = apis[*from].1.models.iter().position(|model| model.rust == *name).map_or_else(
                    || root().key("errors").key("format").key("details_model"),
                    |position| root().key("models").index(position),
                );
                let message = format!(
                    "`{name}`, which the error details use, is also an ID that several specs of the family declare: both would be `{name}` in the shared part; rename one"
                );
                self.error(*from, &path, message);
            }
        }
        let members = apis
            .iter()
            .zip(modules_names)
            .map(|((file, api), module)| {
                let hoisted = hoisted_of(api, &shared);
                let (refused_modules, takes_custom) = refusals(api, modules.as_ref());
                let missing_versions = versions
                    .iter()
                    .filter(|version| !api.versions.iter().any(|own| own.wire == version.wire))
                    .map(|version| version.rust.clone())
                    .collect();
                Member {
                    file: file.clone(),
                    module,
                    api: api.clone(),
                    hoisted,
                    refused_modules,
                    takes_custom,
                    missing_versions,
                }
            })
            .collect();
        Family { shared, members }
    }

    /// Each API's module name: its name in snake case, each once.
    fn module_names(&mut self) -> Vec<String> {
        let mut names: Vec<String> = Vec::new();
        for (index, (_, api)) in self.apis.iter().enumerate() {
            let name = crate::model::naming::field_name(&api.name);
            if RESERVED_MODULES.contains(&name.as_str()) {
                self.error(
                    index,
                    &root().key("name"),
                    format!("the API's name gives its module in a family the name `{name}`, which the generated code takes for itself: rename the API"),
                );
            } else if let Some(other) = names.iter().position(|other| *other == name) {
                let other_file = self.file(other).to_owned();
                self.error(
                    index,
                    &root().key("name"),
                    format!("the API's name gives its module in a family the name `{name}`, as the API of {other_file} does: rename one of them"),
                );
            }
            names.push(name);
        }
        names
    }

    /// The union of the versions, in an order every spec agrees with.
    fn versions(&mut self) -> Vec<Named> {
        let mut merged: Vec<Named> = self.apis[0].1.versions.clone();
        // The spec each version was first seen in.
        let mut seen_in: Vec<usize> = vec![0; merged.len()];
        for (index, (_, api)) in self.apis.iter().enumerate().skip(1) {
            let mut previous: Option<usize> = None;
            for (position, version) in api.versions.iter().enumerate() {
                let path = root().key("versions").index(position);
                match merged.iter().position(|known| known.wire == version.wire) {
                    Some(at) => {
                        if let Some(before) = previous.filter(|before| at < *before) {
                            let (earlier, other) = (merged[before].wire.clone(), self.file(seen_in[at]).to_owned());
                            self.error(
                                index,
                                &path,
                                format!(
                                    "version `{}` comes after `{earlier}` here but before it in {other}: the specs of a family must list their common versions in the same order",
                                    version.wire
                                ),
                            );
                        }
                        previous = Some(previous.map_or(at, |before| before.max(at)));
                    }
                    None => {
                        let at = previous.map_or(0, |before| before + 1);
                        merged.insert(at, version.clone());
                        seen_in.insert(at, index);
                        previous = Some(at);
                    }
                }
            }
        }
        // A version's documentation: as the specs word it, each wording named by its API
        // unless every spec with the version words it alike.
        for version in &mut merged {
            let with_it: Vec<(&str, &str)> = self
                .apis
                .iter()
                .filter_map(|(_, api)| {
                    let own = api.versions.iter().find(|own| own.wire == version.wire)?;
                    Some((api.name.as_str(), own.doc.as_str()))
                })
                .collect();
            let worded: Vec<&(&str, &str)> = with_it.iter().filter(|(_, doc)| !doc.is_empty()).collect();
            let alike = worded.len() == with_it.len() && worded.windows(2).all(|pair| pair[0].1 == pair[1].1);
            version.doc = if alike || self.apis.len() == 1 {
                worded.first().map_or_else(String::new, |(_, doc)| (*doc).to_owned())
            } else {
                worded.iter().map(|(api, doc)| format!("{api}: {doc}")).collect::<Vec<_>>().join(" ")
            };
        }
        merged
    }

    /// The position in `versions` of the default version all specs give.
    fn default_version(&mut self, versions: &[Named]) -> usize {
        let default_of = |api: &Api| api.versions.get(api.default_version).map(|version| version.wire.clone());
        let first = default_of(&self.apis[0].1);
        for (index, (_, api)) in self.apis.iter().enumerate().skip(1) {
            let own = default_of(api);
            if own != first {
                let other = self.file(0).to_owned();
                self.error(
                    index,
                    &root().key("default_version"),
                    format!(
                        "the default version is `{}` here but `{}` in {other}: one client has one default version, so the specs of a family must agree on it",
                        own.unwrap_or_default(),
                        first.clone().unwrap_or_default()
                    ),
                );
            }
        }
        first.and_then(|wire| versions.iter().position(|version| version.wire == wire)).unwrap_or(0)
    }

    /// Environments and data centres. Specs with environments must list the same ones; a
    /// spec without (production only) agrees with any. The data centres are united by
    /// name: one of the same name must have the same domains in every spec that lists it
    /// (its production domain, where one spec has no environments), and one that only a
    /// spec without environments lists gets each environment's domain as every spec's
    /// does (its production host's `www` swapped for the environment's prefix). Returns the
    /// environments and data centres of the family.
    fn places(&mut self) -> (Vec<crate::model::Environment>, Vec<DataCentre>) {
        let apis = self.apis;
        let reference = apis.iter().position(|(_, api)| !api.environments.is_empty()).unwrap_or(0);
        let (reference_file, theirs_api) = (self.file(reference).to_owned(), &apis[reference].1);
        let environments = theirs_api.environments.clone();
        let mut centres: Vec<(DataCentre, usize)> =
            theirs_api.data_centres.iter().map(|centre| (centre.clone(), reference)).collect();
        for (index, (_, api)) in apis.iter().enumerate() {
            if index == reference {
                continue;
            }
            let with_environments = !api.environments.is_empty();
            let environment_count = if with_environments { api.environments.len().max(environments.len()) } else { 0 };
            for position in 0..environment_count {
                let (own, theirs) = (api.environments.get(position), environments.get(position));
                let same = match (own, theirs) {
                    (Some(own), Some(theirs)) => {
                        own.named.wire == theirs.named.wire && own.host_prefix == theirs.host_prefix
                    }
                    _ => false,
                };
                if !same {
                    let shown = |env: Option<&crate::model::Environment>| {
                        env.map_or_else(
                            || "none".to_owned(),
                            |env| format!("`{}` (host prefix `{}`)", env.named.wire, env.host_prefix),
                        )
                    };
                    let path = if own.is_some() {
                        root().key("environments").index(position)
                    } else {
                        root().key("environments")
                    };
                    self.error(
                        index,
                        &path,
                        format!(
                            "environment {} is {} here but {} in {reference_file}: the specs of a family share one `Environment`, so they must list the same environments (or, one of them, none)",
                            position + 1,
                            shown(own),
                            shown(theirs)
                        ),
                    );
                }
            }
            for (position, own) in api.data_centres.iter().enumerate() {
                let known = centres.iter_mut().find(|(centre, _)| centre.name == own.name || centre.rust == own.rust);
                let Some((theirs, from)) = known else {
                    let mut added = own.clone();
                    if !with_environments && !environments.is_empty() {
                        let production = own.api_domains.first().cloned().unwrap_or_default();
                        let rest = production.strip_prefix("https://www.").unwrap_or(&production).to_owned();
                        added.api_domains = environments
                            .iter()
                            .map(|environment| format!("https://{}.{rest}", environment.host_prefix))
                            .collect();
                    }
                    centres.push((added, index));
                    continue;
                };
                // A download domain one spec gives and another leaves out is the family's.
                let downloads_agree = match (&own.download_domain, &theirs.download_domain) {
                    (Some(own), Some(theirs)) => own == theirs,
                    _ => true,
                };
                let same = downloads_agree
                    && own.name == theirs.name
                    && own.accounts_domain == theirs.accounts_domain
                    && if with_environments && !self.apis[*from].1.environments.is_empty() {
                        own.api_domains == theirs.api_domains
                    } else {
                        own.api_domains.first() == theirs.api_domains.first()
                    };
                if same {
                    if theirs.download_domain.is_none() {
                        theirs.download_domain.clone_from(&own.download_domain);
                    }
                    continue;
                }
                let (theirs, from) = (theirs.clone(), *from);
                let shown = |dc: &DataCentre| {
                    let download =
                        dc.download_domain.as_ref().map_or_else(String::new, |domain| format!(", download `{domain}`"));
                    format!(
                        "`{}` (API {}, accounts `{}`{download})",
                        dc.name,
                        dc.api_domains.join(", "),
                        dc.accounts_domain
                    )
                };
                let message = format!(
                    "data centre {} is {} here but {} in {}: the specs of a family share one `DataCentre` and `Endpoint`, so a data centre must have the same domains in every spec that lists it",
                    position + 1,
                    shown(own),
                    shown(&theirs),
                    self.file(from)
                );
                self.error(index, &root().key("data_centres").index(position), message);
            }
        }
        (environments, centres.into_iter().map(|(centre, _)| centre).collect())
    }

    /// The modules every spec with modules shares.
    fn modules(&mut self) -> Option<Modules> {
        let with_modules: Vec<(usize, &Modules)> = self
            .apis
            .iter()
            .enumerate()
            .filter_map(|(index, (_, api))| api.modules.as_ref().map(|modules| (index, modules)))
            .collect();
        let (&(first_index, first), rest) = with_modules.split_first()?;
        let mut merged =
            Modules { standard: first.standard.clone(), custom: first.custom.clone(), unsupported: Vec::new() };
        let mut standard_from: Vec<usize> = vec![first_index; merged.standard.len()];
        let mut custom_from = first_index;
        for &(index, modules) in rest {
            for (position, module) in modules.standard.iter().enumerate() {
                let path = root().key("modules").key("supported").index(position);
                let known = merged.standard.iter().position(|known| {
                    known.api_name.eq_ignore_ascii_case(&module.api_name) || known.rust == module.rust
                });
                match known {
                    Some(at) => {
                        let known = &merged.standard[at];
                        if known.api_name != module.api_name
                            || known.display_name != module.display_name
                            || known.scope_name != module.scope_name
                        {
                            let other = self.file(standard_from[at]).to_owned();
                            let message = format!(
                                "module `{}` (display name `{}`, scope name `{}`) is `{}` (display name `{}`, scope name `{}`) in {other}: the specs of a family share one `Module`, so a module must have the same names in each",
                                module.api_name,
                                module.display_name,
                                module.scope_name,
                                known.api_name,
                                known.display_name,
                                known.scope_name
                            );
                            self.error(index, &path, message);
                        }
                    }
                    None => {
                        merged.standard.push(module.clone());
                        standard_from.push(index);
                    }
                }
            }
            match (&merged.custom, &modules.custom) {
                (Some(known), Some(own))
                    if known.scope_name != own.scope_name || known.max_length != own.max_length =>
                {
                    let other = self.file(custom_from).to_owned();
                    let message = format!(
                        "custom modules have scope name `{}` and at most {} characters here, but scope name `{}` and at most {} characters in {other}: the specs of a family share one `CustomModule`, so they must agree",
                        own.scope_name, own.max_length, known.scope_name, known.max_length
                    );
                    self.error(index, &root().key("modules").key("custom"), message);
                }
                (None, Some(own)) => {
                    merged.custom = Some(CustomModules { ..own.clone() });
                    custom_from = index;
                }
                _ => {}
            }
        }
        // Unsupported: what every spec with modules refuses, with the first reason given.
        let refuses = |modules: &Modules, name: &str| {
            modules.unsupported.iter().any(|(refused, _)| refused.eq_ignore_ascii_case(name))
                || (modules.custom.is_none()
                    && !modules.standard.iter().any(|module| module.api_name.eq_ignore_ascii_case(name)))
        };
        let mut candidates: Vec<&(String, String)> = Vec::new();
        for (_, modules) in &with_modules {
            for entry in &modules.unsupported {
                if !candidates.iter().any(|known| known.0.eq_ignore_ascii_case(&entry.0)) {
                    candidates.push(entry);
                }
            }
        }
        merged.unsupported = candidates
            .into_iter()
            .filter(|(name, _)| with_modules.iter().all(|(_, modules)| refuses(modules, name)))
            .cloned()
            .collect();
        Some(merged)
    }

    /// IDs that several specs declare: one type for all of them.
    fn shared_ids(&mut self) -> Vec<crate::model::IdType> {
        let mut count: BTreeMap<&str, usize> = BTreeMap::new();
        for (_, api) in self.apis {
            for id in &api.ids {
                *count.entry(id.rust.as_str()).or_default() += 1;
            }
        }
        let mut shared: Vec<crate::model::IdType> = Vec::new();
        for (_, api) in self.apis {
            for id in &api.ids {
                if count[id.rust.as_str()] > 1 && !shared.iter().any(|known| known.rust == id.rust) {
                    shared.push(id.clone());
                }
            }
        }
        shared
    }

    /// One `ErrorKind`, one `ApiError`: the errors merged, and the details model with
    /// what it uses.
    fn errors(&mut self) -> (crate::model::Errors, Hoisted) {
        let apis = self.apis;
        let first = &apis[0].1;
        let mut errors = first.errors.clone();
        let mut hoisted = Hoisted::default();
        let details_name = first.errors.details_model.clone();
        let mut details = first.model(&details_name).cloned();
        if let Some(model) = &details {
            hoisted.take_uses(first, 0, model, self);
        }
        let mut rules: BTreeMap<String, (CodeRule, usize)> =
            errors.rules.iter().map(|rule| (rule.code.clone(), (rule.clone(), 0))).collect();
        let mut kind_from: Vec<usize> = vec![0; errors.kinds.len()];
        // Each kind's documentation and description per API, where the APIs word it differently.
        let mut kind_texts: Vec<Vec<(&str, &str, &str)>> = first
            .errors
            .kinds
            .iter()
            .map(|kind| vec![(first.name.as_str(), kind.doc.as_str(), kind.description.as_str())])
            .collect();
        for (index, (_, api)) in apis.iter().enumerate().skip(1) {
            let first_file = self.file(0).to_owned();
            if api.errors.format != errors.format {
                let (own, theirs) = (&api.errors.format, &errors.format);
                let message = format!(
                    "the error format (code `{}`, message `{}`, details `{}`, status `{}` = `{}`) differs from {first_file}'s (code `{}`, message `{}`, details `{}`, status `{}` = `{}`): one `ApiError` reads one format",
                    own.code,
                    own.message,
                    own.details,
                    own.status,
                    own.error_value,
                    theirs.code,
                    theirs.message,
                    theirs.details,
                    theirs.status,
                    theirs.error_value
                );
                self.error(index, &root().key("errors").key("format"), message);
            }
            // Kinds: by name.
            for (position, kind) in api.errors.kinds.iter().enumerate() {
                let path = root().key("errors").key("kinds").index(position);
                match errors.kinds.iter().position(|known| known.rust == kind.rust) {
                    Some(at) => {
                        let known: &mut ErrorKind = &mut errors.kinds[at];
                        if known.retryable != kind.retryable || known.renew_token != kind.renew_token {
                            let other = self.file(kind_from[at]).to_owned();
                            let known = &errors.kinds[at];
                            let message = format!(
                                "error kind `{}` is {} here but {} in {other}: a kind of the same name is one variant of the shared `ErrorKind`, so the specs must agree",
                                kind.rust,
                                behaviour(kind),
                                behaviour(known)
                            );
                            self.error(index, &path, message);
                            continue;
                        }
                        let codes: BTreeSet<String> = known.codes.iter().chain(&kind.codes).cloned().collect();
                        known.codes = codes.into_iter().collect();
                        if !kind_texts[at].iter().any(|(_, doc, _)| *doc == kind.doc) {
                            kind_texts[at].push((api.name.as_str(), kind.doc.as_str(), kind.description.as_str()));
                        }
                    }
                    None => {
                        errors.kinds.push(kind.clone());
                        kind_from.push(index);
                        kind_texts.push(vec![(api.name.as_str(), kind.doc.as_str(), kind.description.as_str())]);
                    }
                }
            }
            // Common rows: each once.
            for row in &api.errors.common {
                if !errors.common.contains(row) {
                    errors.common.push(row.clone());
                }
            }
            // Classification: per code.
            for rule in &api.errors.rules {
                match rules.get_mut(&rule.code) {
                    None => {
                        rules.insert(rule.code.clone(), (rule.clone(), index));
                    }
                    Some((known, from)) => {
                        for matched in &rule.matched {
                            add_message_rule(&mut known.matched, matched);
                        }
                        match (&known.fallback, &rule.fallback) {
                            (Some(theirs), Some(own)) if theirs != own => {
                                let other = self.file(*from).to_owned();
                                let position = api.errors.kinds.iter().position(|kind| kind.rust == *own);
                                let path = position.map_or_else(
                                    || root().key("errors").key("kinds"),
                                    |position| root().key("errors").key("kinds").index(position),
                                );
                                let message = format!(
                                    "error code `{}` means `{own}` here when no message matches, but `{theirs}` in {other}: the shared `ErrorKind` classifies a code one way, so give one of the two kinds a `match` text (or the same name)",
                                    rule.code
                                );
                                self.problems[index].error(&path, message);
                            }
                            (None, Some(own)) => known.fallback = Some(own.clone()),
                            _ => {}
                        }
                    }
                }
            }
            // The details model: field by field.
            let own_details = api.model(&api.errors.details_model);
            if let (Some(merged), Some(own)) = (details.as_mut(), own_details) {
                let model_position = api.models.iter().position(|model| model.rust == own.rust).unwrap_or_default();
                for (field_position, field) in own.fields.iter().enumerate() {
                    let path = root().key("models").index(model_position).key("fields").index(field_position);
                    match merged.fields.iter().find(|known| known.wire == field.wire || known.rust == field.rust) {
                        Some(known) => {
                            if known.wire != field.wire || known.ty != field.ty || known.presence != field.presence {
                                let message = format!(
                                    "the error details' field `{}` ({}) is `{}` ({}) in {first_file}: one `ApiError` has one details model, so the specs must agree on the fields they share",
                                    field.wire,
                                    field_shape(field),
                                    known.wire,
                                    field_shape(known)
                                );
                                self.error(index, &path, message);
                            } else {
                                // The same type name must be the same type in both.
                                hoisted.take_ty(api, index, &field.ty, self);
                            }
                        }
                        None => {
                            hoisted.take_ty(api, index, &field.ty, self);
                            merged.fields.push(field.clone());
                        }
                    }
                }
                merged.keep_unknown |= own.keep_unknown;
                merged.in_request |= own.in_request;
                merged.has_default = merged.fields.iter().all(|field| field.presence != Presence::Required);
            }
            // A details model that is a request body would change under its operations.
            for (position, operation) in api.operations.iter().enumerate() {
                if operation.body.as_deref() == Some(api.errors.details_model.as_str()) {
                    let message = format!(
                        "the body of `{}` is the error details model `{}`, which a family merges with the other specs' details: give the body a model of its own",
                        operation.name, api.errors.details_model
                    );
                    self.error(index, &root().key("operations").index(position).key("body"), message);
                }
            }
        }
        errors.rules = rules.into_values().map(|(rule, _)| rule).collect();
        for (kind, texts) in errors.kinds.iter_mut().zip(&kind_texts) {
            if texts.len() > 1 {
                kind.doc = texts
                    .iter()
                    .map(|(api, doc, _)| format!("In the {api} API: {doc}"))
                    .collect::<Vec<_>>()
                    .join("\n\n");
                kind.description = texts
                    .iter()
                    .map(|(api, _, description)| format!("{api}: {description}"))
                    .collect::<Vec<_>>()
                    .join(" ");
            }
        }
        // A key only some APIs send cannot be required of every API's errors.
        if let Some(merged) = details.as_mut() {
            let every_has = |wire: &str| {
                apis.iter().all(|(_, api)| {
                    api.model(&api.errors.details_model)
                        .is_some_and(|model| model.fields.iter().any(|field| field.wire == wire))
                })
            };
            for field in &mut merged.fields {
                if field.presence == Presence::Required && !every_has(&field.wire) {
                    field.presence = Presence::Optional;
                }
            }
            merged.has_default = merged.fields.iter().all(|field| field.presence != Presence::Required);
        }
        if let Some(details) = details {
            hoisted.models.insert(0, details);
        }
        (errors, hoisted)
    }

    /// Every operation's method on the one `Client`: each name once.
    fn client_methods(&mut self) {
        let mut seen: BTreeMap<&str, usize> = BTreeMap::new();
        for (index, (_, api)) in self.apis.iter().enumerate() {
            for (position, operation) in api.operations.iter().enumerate() {
                let method = operation.call_method.as_str();
                match seen.get(method) {
                    Some(&other) if other != index => {
                        let other = self.file(other).to_owned();
                        let message = format!(
                            "operation `{}` gives the shared `Client` a method `{method}`, as an operation of {other} does: rename one of them",
                            operation.name
                        );
                        self.error(index, &root().key("operations").index(position).key("name"), message);
                    }
                    _ => {
                        seen.insert(method, index);
                    }
                }
            }
        }
    }
}

/// What the shared details model needs beside itself, taken from the specs.
#[derive(Default)]
struct Hoisted {
    models: Vec<Model>,
    enums: Vec<Enum>,
    ids: Vec<crate::model::IdType>,
    /// The spec each was taken from, by name.
    from: BTreeMap<String, usize>,
}

impl Hoisted {
    /// The types a model's fields use (not the model itself).
    fn take_uses(&mut self, api: &Api, index: usize, model: &Model, merger: &mut Merger<'_>) {
        self.from.insert(model.rust.clone(), index);
        for field in &model.fields {
            self.take_ty(api, index, &field.ty, merger);
        }
    }

    /// A type and what it uses, once; a name taken from another spec must be the same
    /// type there.
    fn take_ty(&mut self, api: &Api, index: usize, ty: &Ty, merger: &mut Merger<'_>) {
        match ty {
            Ty::List(inner) | Ty::Outcome(inner) => self.take_ty(api, index, inner, merger),
            Ty::Id(name) => {
                let own = api.ids.iter().find(|id| id.rust == *name);
                if let Some(id) = own.filter(|_| !self.ids.iter().any(|id| id.rust == *name)) {
                    self.ids.push(id.clone());
                }
            }
            Ty::Enum(name) => {
                let Some(own) = api.enum_type(name) else { return };
                match self.enums.iter().find(|known| known.rust == *name) {
                    Some(known) => {
                        if !same_enum(known, own) {
                            self.conflict(api, index, name, merger);
                        }
                    }
                    None => {
                        self.from.insert(name.clone(), index);
                        self.enums.push(own.clone());
                    }
                }
            }
            Ty::Model(name) => {
                let Some(own) = api.model(name) else { return };
                match self.models.iter().find(|known| known.rust == *name) {
                    Some(known) => {
                        if !same_model(known, own) {
                            self.conflict(api, index, name, merger);
                        }
                    }
                    None if self.from.contains_key(name) => {}
                    None => {
                        self.models.push(own.clone());
                        self.take_uses(api, index, own, merger);
                    }
                }
            }
            _ => {}
        }
    }

    fn conflict(&self, api: &Api, index: usize, name: &str, merger: &mut Merger<'_>) {
        let other = merger.file(self.from.get(name).copied().unwrap_or_default()).to_owned();
        let path = match api.models.iter().position(|model| model.rust == name) {
            Some(position) => root().key("models").index(position),
            None => match api.enums.iter().position(|item| item.rust == name) {
                Some(position) => root().key("enums").index(position),
                None => root().key("errors").key("format").key("details_model"),
            },
        };
        let message = format!(
            "`{name}`, which the error details use, is not the same type as `{name}` of {other}: the shared `ApiError` needs one; make them the same, or rename one"
        );
        merger.error(index, &path, message);
    }
}

/// Whether two models are the same but for their documentation.
fn same_model(a: &Model, b: &Model) -> bool {
    let strip = |model: &Model| Model {
        doc: String::new(),
        fields: model.fields.iter().map(|field| Field { doc: String::new(), ..field.clone() }).collect(),
        ..model.clone()
    };
    strip(a) == strip(b)
}

/// Whether two enums have the same values but for their documentation.
fn same_enum(a: &Enum, b: &Enum) -> bool {
    let values = |item: &Enum| -> Vec<(String, String, Option<String>)> {
        item.values
            .iter()
            .map(|value| {
                (
                    value.named.wire.clone(),
                    value.named.rust.clone(),
                    value.since.as_ref().map(|since| since.wire.clone()),
                )
            })
            .collect()
    };
    values(a) == values(b)
}

/// The names of the shared types an API uses instead of its own: the shared IDs, and
/// the shared enums and models it has too, the same (or its details model).
fn hoisted_of(api: &Api, shared: &Api) -> BTreeSet<String> {
    let ids = api.ids.iter().filter(|id| shared.ids.iter().any(|shared_id| shared_id.rust == id.rust));
    let enums = api
        .enums
        .iter()
        .filter(|item| shared.enum_type(&item.rust).is_some_and(|shared_enum| same_enum(shared_enum, item)));
    let details = &shared.errors.details_model;
    let models = api.models.iter().filter(|model| {
        (model.rust == *details && model.rust == api.errors.details_model)
            || shared.model(&model.rust).is_some_and(|shared_model| same_model(shared_model, model))
    });
    ids.map(|id| id.rust.clone())
        .chain(enums.map(|item| item.rust.clone()))
        .chain(models.map(|model| model.rust.clone()))
        .collect()
}

/// The modules of the shared `Module` an API refuses (API name and reason), and whether
/// it takes custom modules.
fn refusals(api: &Api, shared: Option<&Modules>) -> (Vec<(String, String)>, bool) {
    let (Some(own), Some(shared)) = (api.modules.as_ref(), shared) else { return (Vec::new(), true) };
    let shared_refuses = |name: &str| shared.unsupported.iter().any(|(refused, _)| refused.eq_ignore_ascii_case(name));
    let mut refused: Vec<(String, String)> =
        own.unsupported.iter().filter(|(name, _)| !shared_refuses(name)).cloned().collect();
    if own.custom.is_none() {
        for module in &shared.standard {
            let known = own.standard.iter().any(|standard| standard.api_name.eq_ignore_ascii_case(&module.api_name))
                || refused.iter().any(|(name, _)| name.eq_ignore_ascii_case(&module.api_name));
            if !known {
                refused.push((module.api_name.clone(), format!("it is not a module of the {} API", api.name)));
            }
        }
    }
    (refused, own.custom.is_some())
}

/// Adds a rule (kind, text) to a code's message rules: nothing when a rule of the same
/// kind already matches every message it would (its text is in this one), the broader
/// text in place of a narrower one of the same kind, and otherwise next to the rules of
/// the same kind (so that the classifier tests them together), or last.
fn add_message_rule(rules: &mut Vec<(String, String)>, (kind, text): &(String, String)) {
    let lower = text.to_ascii_lowercase();
    let same_kind = |rule: &&(String, String)| rule.0 == *kind;
    if rules.iter().filter(same_kind).any(|(_, known)| lower.contains(&known.to_ascii_lowercase())) {
        return;
    }
    if let Some(narrower) =
        rules.iter_mut().find(|rule| rule.0 == *kind && rule.1.to_ascii_lowercase().contains(&lower))
    {
        narrower.1 = text.clone();
        return;
    }
    let at = rules.iter().rposition(|rule| rule.0 == *kind).map_or(rules.len(), |last| last + 1);
    rules.insert(at, (kind.clone(), text.clone()));
}

/// What a kind says of retries and tokens, for messages.
fn behaviour(kind: &ErrorKind) -> String {
    format!("retryable: {}, renew_token: {}", kind.retryable, kind.renew_token)
}

/// A field's type and presence, for messages.
fn field_shape(field: &Field) -> String {
    let presence = match field.presence {
        Presence::Required => "required",
        Presence::Optional => "optional",
        Presence::Defaulted => "defaulted",
    };
    format!("{}, {presence}", ty_text(&field.ty))
}

fn ty_text(ty: &Ty) -> String {
    match ty {
        Ty::Bool => "bool".into(),
        Ty::String => "string".into(),
        Ty::Integer => "integer".into(),
        Ty::Number => "number".into(),
        Ty::DateTime => "datetime".into(),
        Ty::Json => "json".into(),
        Ty::Module => "module".into(),
        Ty::File => "file".into(),
        Ty::Id(name) | Ty::Enum(name) | Ty::Model(name) => name.clone(),
        Ty::List(inner) => format!("list<{}>", ty_text(inner)),
        Ty::Outcome(inner) => format!("outcome<{}>", ty_text(inner)),
    }
}

/// "A", "A and B", "A, B and C".
fn family_name<'a>(names: impl Iterator<Item = &'a str>) -> String {
    let names: Vec<&str> = names.collect();
    match names.split_last() {
        Some((last, [])) => (*last).to_owned(),
        Some((last, rest)) => format!("{} and {last}", rest.join(", ")),
        None => String::new(),
    }
}
