//! IDs, enums and models: names, field types, versions and list rules.

use std::collections::{BTreeMap, BTreeSet};

use super::Resolver;
use crate::diag::DocPath;
use crate::model::naming::{self, field_name, type_name};
use crate::model::reserved::UNKNOWN_FIELDS;
use crate::model::{self, Api, EnumValue, IdType, KeyPath, ListRules, MaxBy, Named, Presence, Ty, VersionRef};
use crate::read::spec::{Field, Model};
use crate::read::type_expr::TypeExpr;
use crate::resolve::type_lookup::{TypeKind, nearest};

impl Resolver<'_> {
    /// The typed IDs, enums and models.
    pub(super) fn types(&mut self) -> (Vec<IdType>, Vec<model::Enum>, Vec<model::Model>) {
        let root = DocPath::root();
        let mut names = BTreeMap::new();
        let mut ids = Vec::new();
        for (index, id) in self.spec.ids.iter().enumerate() {
            let path = root.key("ids").index(index);
            self.keys(id, &path);
            self.type_name(&id.name, &path, &mut names);
            ids.push(IdType { rust: type_name(&Self::text(&id.name)), doc: Self::doc(&id.doc) });
        }
        let mut enums = Vec::new();
        for (index, item) in self.spec.enums.iter().enumerate() {
            let path = root.key("enums").index(index);
            self.keys(item, &path);
            self.type_name(&item.name, &path, &mut names);
            let values = self.enum_values(item, &path);
            enums.push(model::Enum { rust: type_name(&Self::text(&item.name)), doc: Self::doc(&item.doc), values });
        }
        let mut models = Vec::new();
        for (index, model) in self.spec.models.iter().enumerate() {
            let path = root.key("models").index(index);
            self.keys(model, &path);
            self.type_name(&model.name, &path, &mut names);
            models.push(self.model(model, &path));
        }
        self.model_cycles();
        self.unused_types();
        (ids, enums, models)
    }

    /// A version a field or value names, resolved (the check reports unknown ones).
    pub(super) fn since(&mut self, name: &Option<String>, path: &DocPath) -> Option<VersionRef> {
        let name = name.as_deref()?;
        self.version_ref(name, path)?;
        Some(VersionRef { rust: type_name(name), wire: name.to_owned() })
    }

    fn type_name(&mut self, name: &Option<String>, path: &DocPath, seen: &mut BTreeMap<String, DocPath>) {
        let Some(name) = self.required_text(name, path, "name") else { return };
        let name_path = path.key("name");
        if !name.starts_with(|c: char| c.is_ascii_alphabetic())
            || !name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
        {
            return self.error(
                &name_path,
                format!("type name `{name}` must be an ASCII letter followed by letters, digits or `_`"),
            );
        }
        self.unique(seen, name, &name_path, "type name");
    }

    fn enum_values(&mut self, item: &crate::read::spec::Enum, path: &DocPath) -> Vec<EnumValue> {
        if item.values.is_empty() {
            self.error(&path.key("values"), "an enum needs at least one value");
        }
        let (mut wires, mut variants) = (BTreeMap::new(), BTreeMap::new());
        let mut values = Vec::new();
        for (index, value) in item.values.iter().enumerate() {
            let value_path = path.key("values").index(index);
            self.keys(value, &value_path);
            let since = self.since(&value.since, &value_path.key("since"));
            let Some(wire) = self.required_text(&value.wire, &value_path, "wire") else { continue };
            let rust = type_name(value.name.as_deref().unwrap_or(wire));
            values.push(EnumValue { named: Named { wire: wire.to_owned(), rust, doc: Self::doc(&value.doc) }, since });
            self.unique(&mut wires, wire, &value_path.key("wire"), "enum value");
            let (name, name_path) = match &value.name {
                Some(name) => (name.as_str(), value_path.key("name")),
                None => (wire, value_path.key("wire")),
            };
            if !self.nameable(name, &name_path, "enum value") {
                continue;
            }
            let variant = naming::type_name(name);
            if variant == "Unknown" {
                self.error(&name_path, format!("enum value `{name}` would be the variant `Unknown`, which holds unknown values; give it a `name`"));
            } else if let Some(first) = variants.get(&variant) {
                self.error(&name_path, format!("enum value `{name}` and the value at {first} both become the variant `{variant}`; give one a `name`"));
            } else {
                variants.insert(variant, value_path.clone());
            }
        }
        values
    }

    fn model(&mut self, model: &Model, path: &DocPath) -> model::Model {
        let (mut rust_names, mut wires) = (BTreeMap::new(), BTreeMap::new());
        let mut fields = Vec::new();
        if model.keep_unknown == Some(true) {
            rust_names.insert(
                UNKNOWN_FIELDS.to_owned(),
                (path.key("keep_unknown"), format!("{UNKNOWN_FIELDS} (kept unknown keys)")),
            );
        }
        for (index, field) in model.fields.iter().enumerate() {
            let field_path = path.key("fields").index(index);
            self.keys(field, &field_path);
            fields.push(self.field(model, field, &field_path, &mut rust_names, &mut wires));
        }
        model::Model {
            rust: type_name(&Self::text(&model.name)),
            doc: Self::doc(&model.doc),
            has_default: fields.iter().all(|field| field.presence != Presence::Required),
            fields,
            keep_unknown: model.keep_unknown == Some(true),
            in_request: false,
        }
    }

    fn field(
        &mut self,
        model: &Model,
        field: &Field,
        path: &DocPath,
        rust_names: &mut BTreeMap<String, (DocPath, String)>,
        wires: &mut BTreeMap<String, DocPath>,
    ) -> model::Field {
        let name = Self::text(&field.name);
        let presence = match (field.default, field.required) {
            (Some(true), _) => Presence::Defaulted,
            (_, Some(false)) => Presence::Optional,
            _ => Presence::Required,
        };
        let mut resolved = model::Field {
            rust: field_name(&name),
            wire: field.wire.clone().unwrap_or_else(|| name.clone()),
            ty: Ty::Json,
            presence,
            absent_means: field.absent_means.clone(),
            doc: Self::doc(&field.doc),
            since: self.since(&field.since, &path.key("since")),
            legacy: None,
            rules: ListRules::default(),
            one_or_list: field.one_or_list == Some(true),
            by_version: Vec::new(),
            name,
        };
        if let Some(name) = self.required_text(&field.name, path, "name") {
            if self.nameable(name, &path.key("name"), "field") {
                let rust = naming::field_name(name).trim_start_matches("r#").to_owned();
                self.unique_rust(rust_names, rust, name, &path.key("name"), "field");
            }
            let wire = field.wire.as_deref().unwrap_or(name);
            let wire_path = if field.wire.is_some() { path.key("wire") } else { path.key("name") };
            self.unique(wires, wire, &wire_path, "JSON key");
        }
        resolved.legacy = self.legacy(field, path, wires);
        if field.required == Some(true) && field.default == Some(true) {
            self.error(&path.key("default"), "a field cannot be both `required` and `default`");
        }
        if let Some(types) = &field.type_by_version {
            resolved.by_version = self.types_by_version(field, types, path);
            let model_name = Self::text(&model.name);
            resolved.ty = Ty::Model(by_version_name(&model_name, &resolved.name));
            return resolved;
        }
        let Some(text) = self.required_text(&field.r#type, path, "type") else { return resolved };
        let Some(ty) = self.type_expr(text, &path.key("type")) else { return resolved };
        resolved.ty = self.ty(&ty);
        if ty == TypeExpr::Module {
            self.error(
                &path.key("type"),
                "`module` is for path parameters; a model field names a module by its API name (`string`)",
            );
        }
        if type_has_file(&ty) {
            self.error(
                &path.key("type"),
                format!(
                    "`{ty}`: files are sent as parts of a multipart body (`location: part` parameters), not in JSON"
                ),
            );
        }
        if field.default == Some(true) {
            self.defaultable(&ty, &path.key("default"));
        }
        if let Some(value) = &field.absent_means {
            self.absent_means(field, &ty, value, &path.key("absent_means"));
        }
        resolved.rules = self.list_rules(model, field, &ty, path);
        if resolved.one_or_list && !matches!(ty, TypeExpr::List(_)) {
            self.error(&path.key("one_or_list"), format!("`one_or_list` is for `list<T>` fields; this one is `{ty}`"));
        }
        resolved
    }

    /// The types of a field by version (`type_by_version`), oldest first: every version
    /// the field has is covered from its first (the field's `since`, else the oldest
    /// version), and each type differs from the one before it.
    fn types_by_version(
        &mut self,
        field: &Field,
        types: &BTreeMap<String, String>,
        path: &DocPath,
    ) -> Vec<model::VersionedType> {
        let types_path = path.key("type_by_version");
        if field.r#type.is_some() {
            self.error(&path.key("type"), "a field has `type` or `type_by_version`, not both");
        }
        let alone = [
            ("default", field.default.is_some()),
            ("absent_means", field.absent_means.is_some()),
            ("one_or_list", field.one_or_list.is_some()),
            ("min_items", field.min_items.is_some()),
            ("max_items", field.max_items.is_some()),
            ("max_items_by", field.max_items_by.is_some()),
            ("alone_when", field.alone_when.is_some()),
        ];
        for (key, _) in alone.iter().filter(|(_, given)| *given) {
            self.error(
                &path.key(key),
                format!("`{key}` does not go with `type_by_version` (the type changes with the version)"),
            );
        }
        if types.len() < 2 {
            self.error(
                &types_path,
                "`type_by_version` needs two versions or more; a field of one type in every version has `type`",
            );
        }
        let mut entries: Vec<(usize, &str, TypeExpr)> = Vec::new();
        for (version, text) in types {
            let entry_path = types_path.key(version);
            let Some(index) = self.version_ref(version, &entry_path) else { continue };
            let Some(ty) = self.type_expr(text, &entry_path) else { continue };
            if matches!(ty, TypeExpr::Module | TypeExpr::Outcome(_)) || type_has_file(&ty) {
                self.error(&entry_path, format!("`{ty}` cannot be a versioned type of a field (`module` and `file` are for parameters, `outcome<T>` for whole answers)"));
                continue;
            }
            entries.push((index, version, ty));
        }
        entries.sort_by_key(|(index, _, _)| *index);
        let first_version = field.since.as_deref().and_then(|since| self.symbols.version_index(since)).unwrap_or(0);
        if let Some((index, version, _)) = entries.first() {
            let first = self.symbols.versions().get(first_version).copied().unwrap_or_default().to_owned();
            if *index < first_version {
                self.error(
                    &types_path.key(version),
                    format!("`{version}` comes before `{first}`, the field's `since`"),
                );
            } else if *index > first_version {
                self.error(
                    &types_path.key(version),
                    format!("`type_by_version` starts at `{version}`, but the field is in `{first}` and later: give its type in `{first}` too"),
                );
            }
        }
        for pair in entries.windows(2) {
            let ((_, before, old), (_, version, new)) = (&pair[0], &pair[1]);
            if old == new {
                self.error(
                    &types_path.key(version),
                    format!("`{version}` gives the type `{new}` again, as `{before}` does: leave it out"),
                );
            }
        }
        let version_ref = |version: &str| VersionRef { rust: type_name(version), wire: version.to_owned() };
        entries
            .iter()
            .enumerate()
            .map(|(position, (_, version, ty))| model::VersionedType {
                since: version_ref(version),
                until: entries.get(position + 1).map(|(_, next, _)| version_ref(next)),
                ty: self.ty(ty),
            })
            .collect()
    }

    /// The model's type for a checked type expression.
    pub(super) fn ty(&self, expr: &TypeExpr) -> Ty {
        match expr {
            TypeExpr::Bool => Ty::Bool,
            TypeExpr::String => Ty::String,
            TypeExpr::Integer => Ty::Integer,
            TypeExpr::Number => Ty::Number,
            TypeExpr::DateTime => Ty::DateTime,
            TypeExpr::Json => Ty::Json,
            TypeExpr::Module => Ty::Module,
            TypeExpr::File => Ty::File,
            TypeExpr::List(inner) => Ty::List(Box::new(self.ty(inner))),
            TypeExpr::Outcome(inner) => Ty::Outcome(Box::new(self.ty(inner))),
            TypeExpr::Named(name) => match self.symbols.type_kind(name) {
                Some(TypeKind::Id) => Ty::Id(type_name(name)),
                Some(TypeKind::Enum) => Ty::Enum(type_name(name)),
                Some(TypeKind::Model) => Ty::Model(type_name(name)),
                // Reported by `type_expr`; JSON stands in so that checks can go on.
                None => Ty::Json,
            },
        }
    }

    fn legacy(
        &mut self,
        field: &Field,
        path: &DocPath,
        wires: &mut BTreeMap<String, DocPath>,
    ) -> Option<model::Legacy> {
        let legacy = field.legacy.as_ref()?;
        let legacy_path = path.key("legacy");
        self.keys(legacy, &legacy_path);
        let before = self.required_text(&legacy.before, &legacy_path, "before");
        if let Some(before) = before {
            if self.version_ref(before, &legacy_path.key("before")) == Some(0) {
                self.warning(
                    &legacy_path.key("before"),
                    format!("no version comes before `{before}`, so the legacy key is never used"),
                );
            }
        }
        let wire = self.required_text(&legacy.wire, &legacy_path, "wire");
        if let Some(wire) = wire {
            self.unique(wires, wire, &legacy_path.key("wire"), "JSON key");
        }
        Some(model::Legacy {
            before: VersionRef { rust: type_name(before?), wire: before?.to_owned() },
            wire: wire?.to_owned(),
        })
    }

    /// Parses a type expression and checks that the names in it are defined and that
    /// `outcome<T>` wraps a model.
    pub(super) fn type_expr(&mut self, text: &str, path: &DocPath) -> Option<TypeExpr> {
        let ty = TypeExpr::parse(text).map_err(|problem| self.error(path, problem)).ok()?;
        if let Some(name) = ty.named() {
            if self.symbols.type_kind(name).is_none() {
                let names: Vec<&str> = self.symbols.type_names().collect();
                let hint = nearest(name, names).map_or_else(String::new, |near| format!(" (did you mean `{near}`?)"));
                self.error(path, format!("undefined type `{name}`{hint}"));
                return None;
            }
        }
        if !self.outcomes_wrap_models(&ty) {
            self.error(path, format!("in `{text}`, `outcome<T>` must wrap a model"));
            return None;
        }
        Some(ty)
    }

    fn outcomes_wrap_models(&self, ty: &TypeExpr) -> bool {
        match ty {
            TypeExpr::Outcome(inner) => {
                matches!(&**inner, TypeExpr::Named(name) if self.symbols.type_kind(name) == Some(TypeKind::Model))
            }
            TypeExpr::List(inner) => self.outcomes_wrap_models(inner),
            _ => true,
        }
    }

    /// `absent_means` names a value of the field's enum, for a field that is not optional.
    fn absent_means(&mut self, field: &Field, ty: &TypeExpr, value: &str, path: &DocPath) {
        if field.required == Some(false) || field.default == Some(true) {
            return self.error(path, "`absent_means` is for required fields; an optional field is simply absent");
        }
        let values = match ty {
            TypeExpr::Named(name) => self.symbols.enum_values(name),
            _ => None,
        };
        match values {
            None => self.error(path, format!("`absent_means` needs an enum field, and this one is `{ty}`")),
            Some(values) if !values.contains(&value) => self.error(
                path,
                format!("`{value}` is not a value of the field's enum (expected one of: {})", values.join(", ")),
            ),
            Some(_) => {}
        }
    }

    /// A `default: true` field needs a type with an obvious default.
    fn defaultable(&mut self, ty: &TypeExpr, path: &DocPath) {
        let ok = match ty {
            TypeExpr::Bool
            | TypeExpr::String
            | TypeExpr::Integer
            | TypeExpr::Number
            | TypeExpr::Json
            | TypeExpr::List(_) => true,
            TypeExpr::Named(name) => self.symbols.model(name).is_some_and(model_has_default),
            _ => false,
        };
        if !ok {
            self.error(path, format!("`{ty}` has no default value (lists, text, numbers, booleans, JSON and models without required fields do)"));
        }
    }

    fn list_rules(&mut self, model: &Model, field: &Field, ty: &TypeExpr, path: &DocPath) -> ListRules {
        let to_usize = |value: Option<u64>| value.map(|v| usize::try_from(v).unwrap_or(usize::MAX));
        let mut rules = ListRules {
            min_items: to_usize(field.min_items),
            max_items: to_usize(field.max_items),
            ..ListRules::default()
        };
        let has_rules = field.min_items.is_some()
            || field.max_items.is_some()
            || field.max_items_by.is_some()
            || field.alone_when.is_some();
        let item = match ty {
            TypeExpr::List(item) => item,
            _ if has_rules => {
                self.error(
                    path,
                    format!("list rules apply to lists, but `{}` is `{ty}`", field.name.as_deref().unwrap_or("?")),
                );
                return rules;
            }
            _ => return rules,
        };
        if let (Some(min), Some(max)) = (field.min_items, field.max_items) {
            if min > max {
                self.error(&path.key("min_items"), format!("`min_items` {min} is more than `max_items` {max}"));
            }
        }
        let item_model = match &**item {
            TypeExpr::Named(name) if self.symbols.type_kind(name) == Some(TypeKind::Model) => Some(name.as_str()),
            _ => None,
        };
        let model_name = model.name.as_deref().unwrap_or("?");
        if let Some(by) = &field.max_items_by {
            let by_path = path.key("max_items_by");
            self.keys(by, &by_path);
            let key = self.required_text(&by.key, &by_path, "key");
            if let Some((values, key)) = self.rule_key(item_model, key, &by_path.key("key"), model_name) {
                for value in by.limits.keys() {
                    self.enum_value_ref(value, &values, &by_path.key("limits").key(value));
                }
                let limits =
                    by.limits.iter().map(|(value, max)| (value.clone(), to_usize(Some(*max)).unwrap_or(usize::MAX)));
                rules.max_by = Some(MaxBy { key, limits: limits.collect() });
            }
            if by.limits.is_empty() {
                self.error(&by_path.key("limits"), "`limits` is empty");
            }
        }
        if let Some(alone) = &field.alone_when {
            let alone_path = path.key("alone_when");
            self.keys(alone, &alone_path);
            let key = self.required_text(&alone.key, &alone_path, "key");
            let values = self.rule_key(item_model, key, &alone_path.key("key"), model_name);
            if let (Some((values, key)), Some(equals)) =
                (values, self.required_text(&alone.equals, &alone_path, "equals"))
            {
                self.enum_value_ref(equals, &values, &alone_path.key("equals"));
                rules.alone_when = Some(model::AloneWhen { key, equals: equals.to_owned() });
            }
        }
        rules
    }

    /// Resolves a list rule's key path inside the list's item model, returning the wire
    /// values of the enum it ends at and the path for the model.
    fn rule_key(
        &mut self,
        item_model: Option<&str>,
        key: Option<&str>,
        path: &DocPath,
        model: &str,
    ) -> Option<(Vec<String>, KeyPath)> {
        let key = key?;
        let Some(item_model) = item_model else {
            self.error(path, format!("a rule keyed by `{key}` needs a list of models in model `{model}`"));
            return None;
        };
        match self.symbols.enum_key_path(item_model, key) {
            Ok((fields, enum_name)) => {
                let values =
                    self.symbols.enum_values(enum_name).unwrap_or_default().iter().map(|v| (*v).to_owned()).collect();
                let steps = fields
                    .iter()
                    .map(|field| {
                        let optional = field.required == Some(false) || field.default == Some(true);
                        (field_name(&Self::text(&field.name)), optional)
                    })
                    .collect();
                let key_path = KeyPath {
                    steps,
                    display: key.to_owned(),
                    item_model: type_name(item_model),
                    enum_rust: type_name(enum_name),
                };
                Some((values, key_path))
            }
            Err(problem) => {
                self.error(path, format!("bad key `{key}`: {problem}"));
                None
            }
        }
    }

    fn enum_value_ref(&mut self, value: &str, values: &[String], path: &DocPath) {
        if !values.iter().any(|known| known == value) {
            self.error(
                path,
                format!("`{value}` is not a value of the key's enum (expected one of: {})", values.join(", ")),
            );
        }
    }

    /// Models that contain themselves without a list in between would be infinitely large.
    fn model_cycles(&mut self) {
        let edges: BTreeMap<&str, BTreeSet<&str>> = self
            .spec
            .models
            .iter()
            .filter_map(|model| Some((model.name.as_deref()?, direct_models(model, &self.symbols))))
            .collect();
        for (index, model) in self.spec.models.iter().enumerate() {
            let Some(name) = model.name.as_deref() else { continue };
            if reaches(&edges, name, name, &mut BTreeSet::new()) {
                self.error(
                    &DocPath::root().key("models").index(index).key("name"),
                    format!("model `{name}` contains itself; only a list can hold a model of its own type"),
                );
            }
        }
    }

    /// Types nothing refers to are probably a mistake.
    fn unused_types(&mut self) {
        let used = used_type_names(self.spec);
        let sections: [(&str, Vec<Option<&String>>); 3] = [
            ("ids", self.spec.ids.iter().map(|t| t.name.as_ref()).collect()),
            ("enums", self.spec.enums.iter().map(|t| t.name.as_ref()).collect()),
            ("models", self.spec.models.iter().map(|t| t.name.as_ref()).collect()),
        ];
        for (section, names) in sections {
            for (index, name) in names.into_iter().enumerate() {
                if let Some(name) = name.filter(|name| !used.contains(name.as_str())) {
                    self.warning(
                        &DocPath::root().key(section).index(index).key("name"),
                        format!("`{name}` is defined but never used"),
                    );
                }
            }
        }
    }
}

/// The Rust name of the enum of a field's types by version: the model's name and the
/// field's, e.g. `NoteParentId` for `parent_id` of `Note`.
pub fn by_version_name(model: &str, field: &str) -> String {
    type_name(&format!("{model} {field}"))
}

/// Marks the models reachable from request bodies: they are checked before sending.
pub(super) fn mark_request_models(api: &mut Api) {
    let mut pending: Vec<String> = api.operations.iter().filter_map(|op| op.body.clone()).collect();
    let mut marked = BTreeSet::new();
    while let Some(name) = pending.pop() {
        if !marked.insert(name.clone()) {
            continue;
        }
        if let Some(model) = api.model(&name) {
            let types = model.fields.iter().flat_map(|field| {
                let versioned = field.by_version.iter().map(|versioned| &versioned.ty);
                std::iter::once(&field.ty).chain(versioned)
            });
            pending.extend(types.filter_map(model_in));
        }
    }
    for model in &mut api.models {
        model.in_request = marked.contains(&model.rust);
    }
}

fn model_in(ty: &Ty) -> Option<String> {
    match ty {
        Ty::Model(name) => Some(name.clone()),
        Ty::List(inner) | Ty::Outcome(inner) => model_in(inner),
        _ => None,
    }
}

/// Whether every field of `model` may be absent (so the model has a default).
pub fn model_has_default(model: &Model) -> bool {
    model.fields.iter().all(|field| field.required == Some(false) || field.default == Some(true))
}

/// The models a model holds directly (not through a list).
fn direct_models<'s>(model: &'s Model, symbols: &crate::resolve::type_lookup::Symbols<'s>) -> BTreeSet<&'s str> {
    model
        .fields
        .iter()
        .flat_map(Field::type_texts)
        .filter_map(|text| match TypeExpr::parse(text) {
            Ok(TypeExpr::Named(name)) => symbols.model(&name).and_then(|model| model.name.as_deref()),
            _ => None,
        })
        .collect()
}

fn reaches<'a>(
    edges: &BTreeMap<&'a str, BTreeSet<&'a str>>,
    from: &'a str,
    target: &str,
    seen: &mut BTreeSet<&'a str>,
) -> bool {
    let Some(next) = edges.get(from) else { return false };
    next.iter().any(|node| *node == target || (seen.insert(node) && reaches(edges, node, target, seen)))
}

/// Every type name the spec refers to, from fields, parameters, bodies, answers and errors.
fn used_type_names(spec: &crate::read::spec::Spec) -> BTreeSet<String> {
    let mut used = BTreeSet::new();
    let mut mention = |text: Option<&String>| {
        if let Some(name) =
            text.and_then(|text| TypeExpr::parse(text).ok()).and_then(|ty| ty.named().map(str::to_owned))
        {
            used.insert(name);
        }
    };
    for model in &spec.models {
        model.fields.iter().flat_map(Field::type_texts).for_each(|text| mention(Some(text)));
    }
    for operation in &spec.operations {
        operation.params.iter().for_each(|param| mention(param.r#type.as_ref()));
        mention(operation.body.as_ref());
        mention(operation.response.as_ref().and_then(|response| response.model.as_ref()));
        operation.responses.iter().for_each(|entry| mention(entry.model.as_ref()));
    }
    mention(
        spec.errors.as_ref().and_then(|errors| errors.format.as_ref()).and_then(|format| format.details_model.as_ref()),
    );
    used
}

/// Whether a type is or holds `file`, which only multipart parts can carry.
pub(super) fn type_has_file(ty: &TypeExpr) -> bool {
    match ty {
        TypeExpr::File => true,
        TypeExpr::List(inner) | TypeExpr::Outcome(inner) => type_has_file(inner),
        _ => false,
    }
}
