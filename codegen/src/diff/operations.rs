//! Operations: their names, URLs, scopes, parameters, bodies, answers and errors.

use super::{Area, Changes, Impact, scope_text, type_name, url_text};
use crate::model::{Answer, AnswerBody, Api, Operation, Param, ScopePart};

/// Compares the operations.
pub(super) fn compare(changes: &mut Changes, old: &Api, new: &Api) {
    changes.keyed(
        (&old.operations, &new.operations),
        |operation: &Operation| operation.name.clone(),
        (Area::Operation, |operation: &Operation| format!("operation `{}` (`{}`)", operation.name, operation.rust)),
        |_| (Impact::Additive, "added".to_owned()),
        operation,
    );
}

fn operation(changes: &mut Changes, old: &Operation, new: &Operation) {
    let item = format!("operation `{}`", old.name);
    for (what, values) in [
        ("request type", (&old.rust, &new.rust)),
        ("builder type", (&old.builder, &new.builder)),
        ("call type", (&old.call, &new.call)),
        ("client method", (&old.call_method, &new.call_method)),
        ("body model", (&body(old), &body(new))),
    ] {
        changes.changed(Impact::Breaking, Area::Operation, &item, what, values);
    }
    changes.changed(Impact::Breaking, Area::Operation, &item, "HTTP method", (&old.method, &new.method));
    changes.changed(Impact::Additive, Area::Operation, &item, "path", (url_text(&old.path), url_text(&new.path)));
    let own_base =
        |operation: &Operation| operation.base_url.as_deref().map_or_else(|| "the API's".to_owned(), url_text);
    changes.changed(Impact::Additive, Area::Operation, &item, "base URL", (own_base(old), own_base(new)));
    let host = |operation: &Operation| operation.host_prefix.clone().unwrap_or_else(|| "the API domain's".to_owned());
    changes.changed(Impact::Additive, Area::Operation, &item, "host", (host(old), host(new)));
    changes.changed(Impact::Additive, Area::Operation, &item, "idempotent", (old.idempotent, new.idempotent));
    scopes(changes, &item, old, new);
    pagination(changes, &item, old, new);
    match (&old.module_param, &new.module_param) {
        (None, Some(param)) => {
            changes.breaking(Area::Parameter, format!("{item}, parameter `{param}`"), "added: a module, required")
        }
        (Some(param), None) => {
            changes.breaking(Area::Parameter, format!("{item}, parameter `{param}`"), "module parameter removed")
        }
        _ => {}
    }
    params(changes, &item, &old.params, &new.params);
    answers(changes, &item, old, new);
    super::errors::rows(changes, &format!("{item}, error"), &old.errors, &new.errors);
}

/// The body model's name, or `none`.
fn body(operation: &Operation) -> String {
    operation.body.clone().unwrap_or_else(|| "none".to_owned())
}

fn scopes(changes: &mut Changes, item: &str, old: &Operation, new: &Operation) {
    let type_names = |operation: &Operation| operation.scopes.iter().map(|t| t.rust.clone()).collect::<Vec<_>>();
    let (old_types, new_types) = (type_names(old), type_names(new));
    let lists =
        [("scope operation type", &old_types, &new_types), ("fixed scope", &old.extra_scopes, &new.extra_scopes)];
    for (what, old_list, new_list) in lists {
        for scope in old_list.iter().filter(|scope| !new_list.contains(scope)) {
            changes.breaking(Area::Scope, format!("{item}, {what} `{scope}`"), "no longer accepted");
        }
        for scope in new_list.iter().filter(|scope| !old_list.contains(scope)) {
            changes.additive(Area::Scope, format!("{item}, {what} `{scope}`"), "now accepted");
        }
    }
    changes.changed(
        Impact::Breaking,
        Area::Scope,
        item,
        "scope template",
        (scope_text(&old.scope_template), scope_text(&new.scope_template)),
    );
    // Each set of scopes held together, as text: a new set asks more of a token.
    let sets = |operation: &Operation| -> Vec<String> {
        let set_text = |set: &Vec<Vec<ScopePart>>| set.iter().map(|scope| scope_text(scope)).collect::<Vec<_>>();
        operation.also_required_scopes.iter().map(|set| set_text(set).join(" or ")).collect()
    };
    let (old_sets, new_sets) = (sets(old), sets(new));
    for set in old_sets.iter().filter(|set| !new_sets.contains(set)) {
        changes.additive(Area::Scope, format!("{item}, scopes held together `{set}`"), "no longer needed");
    }
    for set in new_sets.iter().filter(|set| !old_sets.contains(set)) {
        changes.breaking(Area::Scope, format!("{item}, scopes held together `{set}`"), "now needed as well");
    }
}

/// The pagination of an operation: gaining it adds `pages()` and `items()`, losing or
/// changing it takes them away or changes what they give.
fn pagination(changes: &mut Changes, item: &str, old: &Operation, new: &Operation) {
    let describe = |operation: &Operation| {
        operation.pagination.as_ref().map_or_else(
            || "none".to_owned(),
            |pagination| {
                let by = [("page", &pagination.page), ("page_token", &pagination.page_token)]
                    .iter()
                    .filter_map(|(what, param)| param.as_ref().map(|param| format!("{what} `{param}`")))
                    .collect::<Vec<_>>()
                    .join(" and ");
                format!("by {by}, items `{}` of {}", pagination.items.0, type_name(&pagination.item))
            },
        )
    };
    match (&old.pagination, &new.pagination) {
        (None, Some(_)) => {
            changes.additive(Area::Operation, format!("{item}, pagination"), "added: pages() and items()")
        }
        (Some(_), None) => {
            changes.breaking(Area::Operation, format!("{item}, pagination"), "removed: no pages() or items()")
        }
        _ => changes.changed(Impact::Breaking, Area::Operation, item, "pagination", (describe(old), describe(new))),
    }
}

fn params(changes: &mut Changes, item: &str, old: &[Param], new: &[Param]) {
    let parameters = (old.iter().filter(|param| !is_module(param)).cloned().collect::<Vec<_>>(), new);
    let new: Vec<Param> = parameters.1.iter().filter(|param| !is_module(param)).cloned().collect();
    changes.keyed(
        (&parameters.0, &new),
        |param: &Param| param.wire.clone(),
        (Area::Parameter, |param: &Param| format!("{item}, parameter `{}`", param.rust)),
        |param| match param.required {
            true => (Impact::Breaking, "added (required)".to_owned()),
            false => (Impact::Additive, "added (optional)".to_owned()),
        },
        |changes, old, new| {
            let item = format!("{item}, parameter `{}`", old.rust);
            changes.changed(Impact::Breaking, Area::Parameter, &item, "Rust name", (&old.rust, &new.rust));
            changes.changed(Impact::Breaking, Area::Parameter, &item, "type", (type_name(&old.ty), type_name(&new.ty)));
            changes.changed(Impact::Breaking, Area::Parameter, &item, "required", (old.required, new.required));
            changes.changed(Impact::Additive, Area::Parameter, &item, "location", (old.location, new.location));
            let (old_min, old_max, new_min, new_max) = (old.items.0, old.items.1, new.items.0, new.items.1);
            let fewer_allowed = new_max.is_some_and(|new| old_max.is_none_or(|old| new < old));
            let more_needed = new_min.is_some_and(|new| old_min.is_none_or(|old| new > old));
            let impact = if fewer_allowed || more_needed { Impact::Breaking } else { Impact::Additive };
            changes.changed(impact, Area::Parameter, &item, "item limits", (limits(old.items), limits(new.items)));
            // A smaller file limit refuses files that went out before.
            let smaller = new.max_bytes.is_some_and(|new| old.max_bytes.is_none_or(|old| new < old));
            let impact = if smaller { Impact::Breaking } else { Impact::Additive };
            let size = |max: Option<u64>| max.map_or_else(|| "none".to_owned(), |max| format!("{max} bytes"));
            changes.changed(
                impact,
                Area::Parameter,
                &item,
                "file size limit",
                (size(old.max_bytes), size(new.max_bytes)),
            );
        },
    );
}

/// A list parameter's item limits as text, e.g. `1 to 100 items`.
fn limits((min, max): (Option<usize>, Option<usize>)) -> String {
    match (min, max) {
        (None, None) => "none".to_owned(),
        (Some(min), None) => format!("at least {min} items"),
        (None, Some(max)) => format!("at most {max} items"),
        (Some(min), Some(max)) => format!("{min} to {max} items"),
    }
}

/// The module parameter is compared on its own (`module_param`).
fn is_module(param: &Param) -> bool {
    param.ty == crate::model::Ty::Module
}

fn answers(changes: &mut Changes, item: &str, old: &Operation, new: &Operation) {
    if old.output_enum != new.output_enum {
        let output = |operation: &Operation| match (&operation.output_enum, operation.single_model()) {
            (Some(name), _) => format!("enum `{name}`"),
            (None, Some(model)) => format!("model `{model}`"),
            (None, None) => describe_body(operation.answers.first().map(|answer| &answer.body)),
        };
        let change = format!("the answer type changed from {} to {}", output(old), output(new));
        return changes.breaking(Area::Answer, item, change);
    }
    changes.keyed(
        (&old.answers, &new.answers),
        |answer: &Answer| answer.variant.clone(),
        (Area::Answer, |answer: &Answer| format!("{item}, answer {}", describe_answer(answer))),
        |_| (Impact::Additive, "added".to_owned()),
        |changes, old, new| {
            let item = format!("{item}, answer {}", describe_answer(old));
            let body = (describe_body(Some(&old.body)), describe_body(Some(&new.body)));
            changes.changed(Impact::Breaking, Area::Answer, &item, "body", body);
            for status in old.statuses.iter().filter(|status| !new.statuses.contains(status)) {
                changes.breaking(Area::Answer, item.clone(), format!("status {status} no longer a success"));
            }
            for status in new.statuses.iter().filter(|status| !old.statuses.contains(status)) {
                changes.additive(Area::Answer, item.clone(), format!("status {status} now a success"));
            }
        },
    );
    changes.changed(
        Impact::Additive,
        Area::Answer,
        item,
        "empty body means the default",
        (old.empty_is_default, new.empty_is_default),
    );
}

fn describe_answer(answer: &Answer) -> String {
    let statuses: Vec<String> = answer.statuses.iter().map(u16::to_string).collect();
    let variant = if answer.variant.is_empty() { String::new() } else { format!("`{}` ", answer.variant) };
    format!("{variant}({})", statuses.join(", "))
}

fn describe_body(body: Option<&AnswerBody>) -> String {
    match body {
        Some(AnswerBody::Model(model)) => format!("model `{model}`"),
        Some(AnswerBody::Binary) => "bytes".to_owned(),
        Some(AnswerBody::Empty) | None => "no body".to_owned(),
    }
}
