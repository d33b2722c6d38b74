//! Typed IDs, enums and models.

use super::{Area, Changes, Impact, additive_addition, type_name};
use crate::model::{Api, Enum, EnumValue, Field, IdType, ListRules, Model, Presence, VersionRef};

/// Compares the types.
pub(super) fn compare(changes: &mut Changes, old: &Api, new: &Api) {
    changes.keyed(
        (&old.ids, &new.ids),
        |id: &IdType| id.rust.clone(),
        (Area::Id, |id: &IdType| format!("ID type `{}`", id.rust)),
        additive_addition,
        |_, _, _| {},
    );
    changes.keyed(
        (&old.enums, &new.enums),
        |item: &Enum| item.rust.clone(),
        (Area::Enum, |item: &Enum| format!("enum `{}`", item.rust)),
        additive_addition,
        |changes, old_enum, new_enum| enum_values(changes, new, old_enum, new_enum),
    );
    changes.keyed(
        (&old.models, &new.models),
        |model: &Model| model.rust.clone(),
        (Area::Model, |model: &Model| format!("model `{}`", model.rust)),
        additive_addition,
        |changes, old_model, new_model| model(changes, new, old_model, new_model),
    );
}

fn enum_values(changes: &mut Changes, api: &Api, old: &Enum, new: &Enum) {
    let name = &new.rust;
    changes.keyed(
        (&old.values, &new.values),
        |value: &EnumValue| value.named.wire.clone(),
        (Area::EnumValue, |value: &EnumValue| {
            format!("enum `{name}`, value `{}` (`{name}::{}`)", value.named.wire, value.named.rust)
        }),
        additive_addition,
        |changes, old, new| {
            let item = format!("enum `{name}`, value `{}`", old.named.wire);
            changes.changed(Impact::Breaking, Area::EnumValue, &item, "variant", (&old.named.rust, &new.named.rust));
            since(changes, api, Area::EnumValue, &item, (&old.since, &new.since));
        },
    );
}

/// A change of the first version that has something: breaking when it is later (or
/// newly set), additive when earlier (or dropped).
fn since(
    changes: &mut Changes,
    api: &Api,
    area: Area,
    item: &str,
    (old, new): (&Option<VersionRef>, &Option<VersionRef>),
) {
    let wire = |since: &Option<VersionRef>| since.as_ref().map(|version| version.wire.clone());
    let position = |since: &Option<VersionRef>| {
        since
            .as_ref()
            .map_or(0, |version| api.versions.iter().position(|known| known.wire == version.wire).unwrap_or(0))
    };
    let impact = if position(new) > position(old) { Impact::Breaking } else { Impact::Additive };
    changes.changed(impact, area, item, "first version", (wire(old), wire(new)));
}

fn model(changes: &mut Changes, api: &Api, old: &Model, new: &Model) {
    let name = &new.rust;
    let item = format!("model `{name}`");
    flag(changes, Area::Model, &item, "keeps unlisted keys", (old.keep_unknown, new.keep_unknown));
    flag(changes, Area::Model, &item, "implements `Default`", (old.has_default, new.has_default));
    let in_request = new.in_request;
    changes.keyed(
        (&old.fields, &new.fields),
        |field: &Field| field.wire.clone(),
        (Area::Field, |field: &Field| format!("model `{name}`, field `{}`", field.rust)),
        |field| new_field(field, in_request),
        |changes, old, new| self::field(changes, api, name, in_request, old, new),
    );
}

/// A property that is lost (breaking) or gained (additive).
fn flag(changes: &mut Changes, area: Area, item: &str, what: &str, (old, new): (bool, bool)) {
    match (old, new) {
        (true, false) => changes.breaking(area, item, format!("no longer {what}")),
        (false, true) => changes.additive(area, item, format!("now {what}")),
        _ => {}
    }
}

fn new_field(field: &Field, in_request: bool) -> (Impact, String) {
    match (field.presence, in_request) {
        (Presence::Required, true) => (Impact::Breaking, "added, required in a request model".to_owned()),
        (Presence::Required, false) => (Impact::Additive, "added (required)".to_owned()),
        (Presence::Optional | Presence::Defaulted, _) => (Impact::Additive, "added (optional)".to_owned()),
    }
}

fn field(changes: &mut Changes, api: &Api, model: &str, in_request: bool, old: &Field, new: &Field) {
    let item = format!("model `{model}`, field `{}`", old.rust);
    changes.changed(Impact::Breaking, Area::Field, &item, "Rust name", (&old.rust, &new.rust));
    changes.changed(Impact::Breaking, Area::Field, &item, "type", (type_name(&old.ty), type_name(&new.ty)));
    let presence_impact = match (old.presence, new.presence) {
        (Presence::Required, Presence::Defaulted) => Impact::Additive,
        (Presence::Defaulted, Presence::Required) if !in_request => Impact::Additive,
        _ => Impact::Breaking,
    };
    changes.changed(presence_impact, Area::Field, &item, "presence", (old.presence, new.presence));
    changes.changed(Impact::Breaking, Area::Field, &item, "value when absent", (&old.absent_means, &new.absent_means));
    since(changes, api, Area::Field, &item, (&old.since, &new.since));
    let legacy = |field: &Field| field.legacy.as_ref().map(|legacy| (legacy.wire.clone(), legacy.before.wire.clone()));
    changes.changed(Impact::Additive, Area::Field, &item, "older key", (legacy(old), legacy(new)));
    flag(changes, Area::Field, &item, "reads one object as a list of one", (old.one_or_list, new.one_or_list));
    rules(changes, &item, &old.rules, &new.rules);
}

fn rules(changes: &mut Changes, item: &str, old: &ListRules, new: &ListRules) {
    let tighter_min = new.min_items.unwrap_or(0) > old.min_items.unwrap_or(0);
    let impact = if tighter_min { Impact::Breaking } else { Impact::Additive };
    changes.changed(impact, Area::Field, item, "fewest items", (old.min_items, new.min_items));
    let tighter_max = new.max_items.unwrap_or(usize::MAX) < old.max_items.unwrap_or(usize::MAX);
    let impact = if tighter_max { Impact::Breaking } else { Impact::Additive };
    changes.changed(impact, Area::Field, item, "most items", (old.max_items, new.max_items));
    let impact = if new.max_by.is_some() { Impact::Breaking } else { Impact::Additive };
    let max_by = |rules: &ListRules| rules.max_by.as_ref().map(|rule| (rule.key.display.clone(), rule.limits.clone()));
    changes.changed(impact, Area::Field, item, "per-value limits", (max_by(old), max_by(new)));
    let impact = if new.alone_when.is_some() { Impact::Breaking } else { Impact::Additive };
    let alone =
        |rules: &ListRules| rules.alone_when.as_ref().map(|rule| (rule.key.display.clone(), rule.equals.clone()));
    changes.changed(impact, Area::Field, item, "alone-when rule", (alone(old), alone(new)));
}
