//! The API as a whole: base URL, authentication, versions, scopes, modules and hosts.

use super::{Area, Changes, Impact, additive_addition, scope_text, url_text};
use crate::model::{Api, DataCentre, Environment, Named, StandardModule};

/// Compares everything outside types, errors and operations.
pub(super) fn compare(changes: &mut Changes, old: &Api, new: &Api) {
    changes.changed(
        Impact::Breaking,
        Area::Api,
        "the API",
        "base URL",
        (url_text(&old.base_url), url_text(&new.base_url)),
    );
    changes.changed(Impact::Breaking, Area::Api, "the API", "auth header", (&old.auth_header, &new.auth_header));
    changes.changed(Impact::Breaking, Area::Api, "the API", "auth scheme", (&old.auth_scheme, &new.auth_scheme));
    versions(changes, old, new);
    scopes(changes, old, new);
    modules(changes, old, new);
    hosts(changes, old, new);
}

fn versions(changes: &mut Changes, old: &Api, new: &Api) {
    changes.keyed(
        (&old.versions, &new.versions),
        |version: &Named| version.wire.clone(),
        (Area::Version, |version: &Named| format!("version `{}` (`Version::{}`)", version.wire, version.rust)),
        additive_addition,
        |changes, old, new| {
            let item = format!("version `{}`", old.wire);
            changes.changed(Impact::Breaking, Area::Version, &item, "Rust name", (&old.rust, &new.rust));
        },
    );
    let default = |api: &Api| api.versions.get(api.default_version).map(|version| version.wire.clone());
    changes.changed(Impact::Breaking, Area::Version, "the default version", "version", (default(old), default(new)));
}

fn scopes(changes: &mut Changes, old: &Api, new: &Api) {
    changes.keyed(
        (&old.operation_types, &new.operation_types),
        |kind: &Named| kind.wire.clone(),
        (Area::Scope, |kind: &Named| format!("scope operation type `{}`", kind.wire)),
        additive_addition,
        |changes, old, new| {
            let item = format!("scope operation type `{}`", old.wire);
            changes.changed(Impact::Breaking, Area::Scope, &item, "Rust name", (&old.rust, &new.rust));
        },
    );
    changes.changed(
        Impact::Breaking,
        Area::Scope,
        "the API's scope template",
        "template",
        (template(old), template(new)),
    );
}

/// The API's scope template as the spec writes it, or `none`.
fn template(api: &Api) -> String {
    api.scope_template.as_deref().map_or_else(|| "none".to_owned(), scope_text)
}

fn modules(changes: &mut Changes, old: &Api, new: &Api) {
    let (old, new) = match (&old.modules, &new.modules) {
        (None, None) => return,
        (Some(_), None) => return changes.breaking(Area::Module, "modules (`Module`)", "removed"),
        (None, Some(_)) => return changes.additive(Area::Module, "modules (`Module`)", "added"),
        (Some(old), Some(new)) => (old, new),
    };
    changes.keyed(
        (&old.standard, &new.standard),
        |module: &StandardModule| module.api_name.clone(),
        (Area::Module, |module: &StandardModule| format!("module `{}` (`Module::{}`)", module.api_name, module.rust)),
        additive_addition,
        |changes, old, new| {
            let item = format!("module `{}`", old.api_name);
            changes.changed(Impact::Breaking, Area::Module, &item, "Rust name", (&old.rust, &new.rust));
            changes.changed(Impact::Breaking, Area::Module, &item, "scope name", (&old.scope_name, &new.scope_name));
        },
    );
    match (&old.custom, &new.custom) {
        (Some(_), None) => changes.breaking(Area::Module, "custom modules", "no longer supported"),
        (None, Some(_)) => changes.additive(Area::Module, "custom modules", "now supported"),
        (Some(old), Some(new)) => {
            changes.changed(
                Impact::Breaking,
                Area::Module,
                "custom modules",
                "scope name",
                (&old.scope_name, &new.scope_name),
            );
            let impact = if new.max_length < old.max_length { Impact::Breaking } else { Impact::Additive };
            changes.changed(
                impact,
                Area::Module,
                "custom modules",
                "longest API name",
                (old.max_length, new.max_length),
            );
        }
        (None, None) => {}
    }
    let unsupported = |list: &[(String, String)]| list.iter().map(|(name, _)| name.clone()).collect::<Vec<_>>();
    let (old_unsupported, new_unsupported) = (unsupported(&old.unsupported), unsupported(&new.unsupported));
    for name in new_unsupported.iter().filter(|name| !old_unsupported.contains(name)) {
        changes.breaking(Area::Module, format!("module `{name}`"), "now refused as unsupported");
    }
    for name in old_unsupported.iter().filter(|name| !new_unsupported.contains(name)) {
        changes.additive(Area::Module, format!("module `{name}`"), "no longer refused as unsupported");
    }
}

fn hosts(changes: &mut Changes, old: &Api, new: &Api) {
    changes.keyed(
        (&old.data_centres, &new.data_centres),
        |centre: &DataCentre| centre.name.clone(),
        (Area::Host, |centre: &DataCentre| format!("data centre `{}` (`DataCentre::{}`)", centre.name, centre.rust)),
        additive_addition,
        |changes, old, new| {
            let item = format!("data centre `{}`", old.name);
            changes.changed(Impact::Breaking, Area::Host, &item, "Rust name", (&old.rust, &new.rust));
            changes.changed(Impact::Breaking, Area::Host, &item, "API domains", (&old.api_domains, &new.api_domains));
            changes.changed(
                Impact::Breaking,
                Area::Host,
                &item,
                "accounts domain",
                (&old.accounts_domain, &new.accounts_domain),
            );
        },
    );
    changes.keyed(
        (&old.environments, &new.environments),
        |environment: &Environment| environment.named.wire.clone(),
        (Area::Host, |environment: &Environment| format!("environment `{}`", environment.named.wire)),
        additive_addition,
        |changes, old, new| {
            let item = format!("environment `{}`", old.named.wire);
            changes.changed(Impact::Breaking, Area::Host, &item, "Rust name", (&old.named.rust, &new.named.rust));
            changes.changed(Impact::Breaking, Area::Host, &item, "host prefix", (&old.host_prefix, &new.host_prefix));
        },
    );
}
