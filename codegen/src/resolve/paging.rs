//! What list operations add to an operation: scopes held together, and pagination.

use std::collections::BTreeMap;

use super::Resolver;
use crate::diag::DocPath;
use crate::model::naming::field_name;
use crate::model::{self, Location, Presence, ScopePart, Ty};
use crate::read::spec::{self, Operation, Pagination};
use crate::read::template::{self, Part};
use crate::read::type_expr::TypeExpr;

/// The wire names Zoho's `info` object uses.
const MORE_RECORDS: &str = "more_records";
const NEXT_PAGE_TOKEN: &str = "next_page_token";

impl Resolver<'_> {
    /// `also_required_scopes`: sets of fixed scopes (which may name `{module_name}`), each
    /// one of which must be held besides the operation's own scopes.
    pub(super) fn also_required_scopes(&mut self, operation: &Operation, path: &DocPath) -> Vec<Vec<Vec<ScopePart>>> {
        let key = path.key("also_required_scopes");
        let has_module = operation.params.iter().any(|param| param.r#type.as_deref().map(str::trim) == Some("module"));
        let mut sets = Vec::with_capacity(operation.also_required_scopes.len());
        for (index, set) in operation.also_required_scopes.iter().enumerate() {
            let set_path = key.index(index);
            if set.is_empty() {
                self.error(&set_path, "an empty set of scopes: list the scopes, any one of which is needed as well");
                continue;
            }
            let mut seen = BTreeMap::new();
            let mut scopes = Vec::with_capacity(set.len());
            for (index, scope) in set.iter().enumerate() {
                let item = set_path.index(index);
                if let Some(parts) = self.required_scope(scope, has_module, &item) {
                    if self.unique(&mut seen, scope, &item, "scope of the set").is_some() {
                        scopes.push(parts);
                    }
                }
            }
            sets.push(scopes);
        }
        sets
    }

    /// One scope of an `also_required_scopes` set: scope characters and `{module_name}`
    /// at most once (with a `module` parameter to fill it).
    fn required_scope(&mut self, scope: &str, has_module: bool, path: &DocPath) -> Option<Vec<ScopePart>> {
        let shown = scope.escape_debug();
        let parts = match template::parse(scope) {
            Ok(parts) => parts,
            Err(problem) => {
                self.error(path, format!("`{shown}` is not a scope: {problem}"));
                return None;
            }
        };
        let mut resolved = Vec::with_capacity(parts.len());
        for part in parts {
            match part {
                Part::Literal(text) => {
                    if let Err(problem) = super::text_rules::scope_token(&text) {
                        self.error(path, format!("`{shown}` is not a scope: {problem}"));
                        return None;
                    }
                    resolved.push(ScopePart::Literal(text));
                }
                Part::Placeholder(name) if name == template::MODULE_NAME => {
                    if resolved.contains(&ScopePart::ModuleName) {
                        self.error(path, format!("`{shown}` may hold `{{{name}}}` once at most"));
                        return None;
                    }
                    if !has_module {
                        self.error(
                            path,
                            format!("`{shown}` names `{{{name}}}`, but the operation has no `module` parameter"),
                        );
                        return None;
                    }
                    resolved.push(ScopePart::ModuleName);
                }
                Part::Placeholder(name) => {
                    self.error(
                        path,
                        format!(
                            "unknown placeholder `{{{name}}}` in `{shown}` (a required scope may name `{{{}}}` only)",
                            template::MODULE_NAME
                        ),
                    );
                    return None;
                }
            }
        }
        Some(resolved)
    }

    /// `pagination`: the parameters that ask for a page, and the answer's items and `info`.
    pub(super) fn pagination(
        &mut self,
        operation: &Operation,
        pagination: &Pagination,
        params: &[model::Param],
        path: &DocPath,
    ) -> Option<model::Pagination> {
        self.keys(pagination, path);
        if pagination.page.is_none() && pagination.page_token.is_none() {
            self.error(
                path,
                "pagination needs `page` or `page_token` (or both): the query parameter that asks for a page",
            );
        }
        let page = self.page_param(pagination.page.as_deref(), params, &Ty::Integer, true, &path.key("page"));
        self.page_param(pagination.per_page.as_deref(), params, &Ty::Integer, false, &path.key("per_page"));
        let page_token =
            self.page_param(pagination.page_token.as_deref(), params, &Ty::String, true, &path.key("page_token"));
        let answer = match (&operation.response, operation.responses.is_empty()) {
            (Some(response), true) => response.model.as_deref(),
            _ => None,
        };
        let Some(answer) = answer.and_then(|name| self.symbols.model(name).map(|model| (name, model))) else {
            self.error(
                path,
                "pagination needs one kind of answer (`response` with a `model`): the model that holds the items and `info`",
            );
            return None;
        };
        let (answer_name, answer) = answer;
        let items = self.required_text(&pagination.items, path, "items");
        let info = self.required_text(&pagination.info, path, "info");
        let items = items.and_then(|items| {
            let (field, ty, presence) = self.model_field(answer, answer_name, items, &path.key("items"))?;
            match ty {
                Ty::List(item) => Some(((field, presence), *item)),
                _ => {
                    self.error(
                        &path.key("items"),
                        format!("field `{items}` of `{answer_name}` is not a `list<T>`: it cannot hold a page's items"),
                    );
                    None
                }
            }
        });
        let info = info.and_then(|info| {
            let (field, ty, presence) = self.model_field(answer, answer_name, info, &path.key("info"))?;
            let info_model = match &ty {
                Ty::Model(_) => answer
                    .fields
                    .iter()
                    .find(|candidate| candidate.name.as_deref().map(str::trim) == Some(info))
                    .and_then(|candidate| candidate.r#type.as_deref())
                    .and_then(|text| self.symbols.model(text.trim()).map(|model| (text.trim(), model))),
                _ => None,
            };
            let Some((info_name, info_model)) = info_model else {
                self.error(&path.key("info"), format!("field `{info}` of `{answer_name}` is not a model: it cannot hold Zoho's `info`"));
                return None;
            };
            let more = self.info_field(info_model, info_name, MORE_RECORDS, &Ty::Bool, &path.key("info"));
            let next = self.info_field(info_model, info_name, NEXT_PAGE_TOKEN, &Ty::String, &path.key("info"));
            if pagination.page_token.is_some() && next == Ok(None) {
                self.error(
                    &path.key("info"),
                    format!("`{info_name}` has no `string` field of wire name `{NEXT_PAGE_TOKEN}`: pages asked for by `page_token` need it"),
                );
            }
            let (Ok(more), Ok(next)) = (more, next) else { return None };
            let Some(more) = more else {
                self.error(
                    &path.key("info"),
                    format!("`{info_name}` has no `bool` field of wire name `{MORE_RECORDS}`: a walk would not know when to stop"),
                );
                return None;
            };
            Some(((field, presence), more, next))
        });
        let (((items, item), (info, more_records, next_page_token)), true) =
            (items.zip(info)?, pagination.page.is_some() || pagination.page_token.is_some())
        else {
            return None;
        };
        Some(model::Pagination { page, page_token, items, item, info, more_records, next_page_token })
    }

    /// A parameter that pagination names: a query parameter of type `ty`, optional when
    /// the walk sets it. Its Rust name.
    fn page_param(
        &mut self,
        name: Option<&str>,
        params: &[model::Param],
        ty: &Ty,
        set_by_walk: bool,
        path: &DocPath,
    ) -> Option<String> {
        let name = name?.trim();
        let Some(param) = params.iter().find(|param| param.name == name) else {
            let names: Vec<&str> = params.iter().map(|param| param.name.as_str()).collect();
            let hint = super::type_lookup::nearest(name, names.iter().copied())
                .map_or_else(String::new, |near| format!(" (did you mean `{near}`?)"));
            self.error(path, format!("`{name}` is not a parameter of this operation{hint}"));
            return None;
        };
        let expected = if *ty == Ty::Integer { "an `integer`" } else { "a `string`" };
        if param.location != Location::Query || param.ty != *ty {
            self.error(path, format!("parameter `{name}` must be {expected} query parameter"));
            return None;
        }
        if set_by_walk && param.required {
            self.error(
                path,
                format!("parameter `{name}` is set by the walk over pages, so it must be `required: false`"),
            );
            return None;
        }
        Some(param.rust.clone())
    }

    /// The field called `name` of a model of the spec: Rust name, type and presence.
    fn model_field(
        &mut self,
        model: &spec::Model,
        model_name: &str,
        name: &str,
        path: &DocPath,
    ) -> Option<(String, Ty, Presence)> {
        let name = name.trim();
        let Some(field) = model.fields.iter().find(|field| field.name.as_deref().map(str::trim) == Some(name)) else {
            let names: Vec<&str> = model.fields.iter().filter_map(|field| field.name.as_deref()).collect();
            let hint = super::type_lookup::nearest(name, names.iter().copied())
                .map_or_else(String::new, |near| format!(" (did you mean `{near}`?)"));
            self.error(path, format!("`{name}` is not a field of the answer model `{model_name}`{hint}"));
            return None;
        };
        let ty = TypeExpr::parse(field.r#type.as_deref()?.trim()).ok()?;
        Some((field_name(name), self.ty(&ty), presence(field)))
    }

    /// The field of wire name `wire` of the info model: `Ok(None)` when it has none, an
    /// error (reported) when it has one of another type than `ty`.
    fn info_field(
        &mut self,
        model: &spec::Model,
        model_name: &str,
        wire: &str,
        ty: &Ty,
        path: &DocPath,
    ) -> Result<Option<(String, Presence)>, ()> {
        let field = model.fields.iter().find(|field| {
            let name = field.name.as_deref().map(str::trim);
            field.wire.as_deref().map(str::trim).or(name) == Some(wire)
        });
        let Some(field) = field else { return Ok(None) };
        let name = Resolver::text(&field.name);
        let found =
            field.r#type.as_deref().and_then(|text| TypeExpr::parse(text.trim()).ok()).map(|expr| self.ty(&expr));
        if found.as_ref() != Some(ty) {
            let expected = if *ty == Ty::Bool { "bool" } else { "string" };
            self.error(path, format!("field `{name}` (`{wire}`) of `{model_name}` must be a `{expected}`"));
            return Err(());
        }
        Ok(Some((field_name(&name), presence(field))))
    }
}

/// How a field of the spec may be absent (as the model's fields are resolved).
fn presence(field: &spec::Field) -> Presence {
    match (field.default, field.required) {
        (Some(true), _) => Presence::Defaulted,
        (_, Some(false)) => Presence::Optional,
        _ => Presence::Required,
    }
}
