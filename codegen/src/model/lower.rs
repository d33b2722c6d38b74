//! Lowering a checked spec into the intermediate model.
//!
//! The check stage has already reported every problem, so a missing piece here means the
//! two stages disagree: it is returned as an error naming the piece, never a panic.

use std::collections::{BTreeMap, BTreeSet};

use super::{
    AloneWhen, Answer, AnswerBody, Api, CodeRule, CustomModules, DataCentre, Enum, EnumValue, Environment, ErrorFormat, ErrorKind,
    ErrorRow, Errors, Field, IdType, KeyPath, Legacy, ListRules, Location, MaxBy, Model, Modules, Named, Operation, Param,
    Presence, ScopePart, StandardModule, Ty, UrlPart, VersionRef,
};
use crate::naming::{field_name, type_name};
use crate::spec::{self, Spec};
use crate::symbols::{Symbols, TypeKind};
use crate::template::{self, Part};
use crate::types::TypeExpr;

/// Builds the intermediate model of a spec that passed the check stage.
pub fn lower(spec: &Spec) -> Result<Api, String> {
    Lowering { symbols: Symbols::new(spec) }.api(spec)
}

struct Lowering<'s> {
    symbols: Symbols<'s>,
}

/// A value the check stage guarantees.
fn need<T>(value: Option<T>, what: &str) -> Result<T, String> {
    value.ok_or_else(|| format!("internal error: the checked spec lacks {what}"))
}

fn text(value: &Option<String>) -> String {
    value.as_deref().map(str::trim).unwrap_or_default().to_owned()
}

impl<'s> Lowering<'s> {
    fn api(&self, spec: &'s Spec) -> Result<Api, String> {
        let auth = need(spec.auth.as_ref(), "auth")?;
        let versions: Vec<Named> = spec.versions.iter().map(|v| named(&v.name, &v.doc)).collect();
        let default_name = need(spec.default_version.as_deref(), "default_version")?;
        let scopes = spec.scopes.clone().unwrap_or_default();
        let scope_template = scopes.template.as_deref().map(scope_parts).transpose()?;
        let mut api = Api {
            name: text(&spec.name),
            doc: text(&spec.doc),
            base_url: url_parts(need(spec.base_url.as_deref(), "base_url")?, &[])?,
            auth_header: text(&auth.header),
            auth_scheme: text(&auth.scheme),
            default_version: need(self.symbols.version_index(default_name), "the default version")?,
            versions,
            scope_template: None,
            operation_types: scopes.operation_types.iter().map(|t| named(&t.name, &t.doc)).collect(),
            modules: spec.modules.as_ref().map(modules),
            data_centres: Vec::new(),
            environments: spec.environments.iter().map(environment).collect(),
            ids: spec.ids.iter().map(|id| IdType { rust: type_name(&text(&id.name)), doc: text(&id.doc) }).collect(),
            enums: spec.enums.iter().map(|item| self.enum_type(item)).collect::<Result<_, _>>()?,
            models: spec.models.iter().map(|model| self.model(model)).collect::<Result<_, _>>()?,
            errors: self.errors(spec)?,
            operations: Vec::new(),
        };
        api.data_centres = spec.data_centres.iter().map(|dc| data_centre(dc, &api.environments)).collect();
        api.operations =
            spec.operations.iter().map(|op| self.operation(op, scope_template.as_deref())).collect::<Result<_, _>>()?;
        api.scope_template = scope_template;
        mark_request_models(&mut api);
        Ok(api)
    }

    fn version(&self, name: &Option<String>) -> Result<Option<VersionRef>, String> {
        name.as_deref()
            .map(|version| {
                let known = self
                    .symbols
                    .version_index(version)
                    .map(|_| VersionRef { rust: type_name(version), wire: version.to_owned() });
                need(known, "a known version")
            })
            .transpose()
    }

    fn enum_type(&self, item: &spec::Enum) -> Result<Enum, String> {
        let values = item
            .values
            .iter()
            .map(|value| {
                let wire = text(&value.wire);
                let rust = type_name(value.name.as_deref().unwrap_or(&wire));
                Ok(EnumValue { named: Named { wire, rust, doc: text(&value.doc) }, since: self.version(&value.since)? })
            })
            .collect::<Result<_, String>>()?;
        Ok(Enum { rust: type_name(&text(&item.name)), doc: text(&item.doc), values })
    }

    fn model(&self, model: &spec::Model) -> Result<Model, String> {
        let model_name = text(&model.name);
        let fields = model.fields.iter().map(|field| self.field(&model_name, field)).collect::<Result<Vec<_>, _>>()?;
        Ok(Model {
            rust: type_name(&model_name),
            doc: text(&model.doc),
            has_default: fields.iter().all(|field| field.presence != Presence::Required),
            fields,
            keep_unknown: model.keep_unknown == Some(true),
            in_request: false,
        })
    }

    fn field(&self, model: &str, field: &spec::Field) -> Result<Field, String> {
        let name = text(&field.name);
        let ty_text = need(field.r#type.as_deref(), "a field type")?;
        let ty = self.ty(ty_text)?;
        let presence = match (field.default, field.required) {
            (Some(true), _) => Presence::Defaulted,
            (_, Some(false)) => Presence::Optional,
            _ => Presence::Required,
        };
        let legacy = match &field.legacy {
            Some(legacy) => Some(Legacy {
                before: need(self.version(&legacy.before)?, "a legacy version")?,
                wire: text(&legacy.wire),
            }),
            None => None,
        };
        let item_model = match &ty {
            Ty::List(item) => match &**item {
                Ty::Model(_) => TypeExpr::parse(ty_text).ok().and_then(|ty| ty.named().map(str::to_owned)),
                _ => None,
            },
            _ => None,
        };
        Ok(Field {
            rust: field_name(&name),
            wire: field.wire.clone().unwrap_or_else(|| name.clone()),
            ty,
            presence,
            absent_means: field.absent_means.clone(),
            doc: text(&field.doc),
            since: self.version(&field.since)?,
            legacy,
            rules: self.list_rules(model, field, item_model.as_deref())?,
            name,
        })
    }

    fn ty(&self, text: &str) -> Result<Ty, String> {
        let expr = TypeExpr::parse(text)?;
        self.resolve(&expr)
    }

    fn resolve(&self, expr: &TypeExpr) -> Result<Ty, String> {
        Ok(match expr {
            TypeExpr::Bool => Ty::Bool,
            TypeExpr::String => Ty::String,
            TypeExpr::Integer => Ty::Integer,
            TypeExpr::Number => Ty::Number,
            TypeExpr::DateTime => Ty::DateTime,
            TypeExpr::Json => Ty::Json,
            TypeExpr::Module => Ty::Module,
            TypeExpr::List(inner) => Ty::List(Box::new(self.resolve(inner)?)),
            TypeExpr::Outcome(inner) => Ty::Outcome(Box::new(self.resolve(inner)?)),
            TypeExpr::Named(name) => match need(self.symbols.type_kind(name), "a defined type")? {
                TypeKind::Id => Ty::Id(type_name(name)),
                TypeKind::Enum => Ty::Enum(type_name(name)),
                TypeKind::Model => Ty::Model(type_name(name)),
            },
        })
    }

    fn list_rules(&self, model: &str, field: &spec::Field, item_model: Option<&str>) -> Result<ListRules, String> {
        let to_usize = |value: Option<u64>| value.map(|v| usize::try_from(v).unwrap_or(usize::MAX));
        let key_path = |key: &Option<String>| -> Result<KeyPath, String> {
            let key = need(key.as_deref(), "a rule key")?;
            let item = need(item_model, "a list of models for a keyed rule")?;
            self.key_path(item, key).map_err(|problem| format!("internal error in model `{model}`: {problem}"))
        };
        let max_by = match &field.max_items_by {
            Some(by) => Some(MaxBy {
                key: key_path(&by.key)?,
                limits: by
                    .limits
                    .iter()
                    .map(|(value, max)| (value.clone(), to_usize(Some(*max)).unwrap_or(usize::MAX)))
                    .collect(),
            }),
            None => None,
        };
        let alone_when = match &field.alone_when {
            Some(alone) => Some(AloneWhen { key: key_path(&alone.key)?, equals: text(&alone.equals) }),
            None => None,
        };
        Ok(ListRules { min_items: to_usize(field.min_items), max_items: to_usize(field.max_items), max_by, alone_when })
    }

    fn key_path(&self, item_model: &str, key: &str) -> Result<KeyPath, String> {
        let (fields, enum_name) = self.symbols.enum_key_path(item_model, key)?;
        let steps = fields
            .iter()
            .map(|field| (field_name(&text(&field.name)), field.required == Some(false) || field.default == Some(true)))
            .collect();
        Ok(KeyPath {
            steps,
            display: key.to_owned(),
            item_model: type_name(item_model),
            enum_rust: type_name(enum_name),
        })
    }

    fn errors(&self, spec: &Spec) -> Result<Errors, String> {
        let errors = need(spec.errors.as_ref(), "errors")?;
        let format = need(errors.format.as_ref(), "an error format")?;
        let rows: Vec<ErrorRow> =
            crate::check::all_error_rows(spec).map(|(row, _)| error_row(row)).collect::<Result<_, _>>()?;
        let mut codes_of: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
        for row in &rows {
            codes_of.entry(row.kind.clone()).or_default().insert(row.code.clone());
        }
        let kinds: Vec<ErrorKind> = errors
            .kinds
            .iter()
            .map(|kind| {
                let rust = text(&kind.name);
                let codes = codes_of.get(&rust).map(|codes| codes.iter().cloned().collect()).unwrap_or_default();
                ErrorKind {
                    doc: text(&kind.doc),
                    retryable: kind.retryable == Some(true),
                    renew_token: kind.renew_token == Some(true),
                    codes,
                    rust,
                }
            })
            .collect();
        let matches: BTreeMap<String, Option<String>> =
            errors.kinds.iter().map(|kind| (text(&kind.name), kind.r#match.clone())).collect();
        Ok(Errors {
            format: ErrorFormat {
                code: text(&format.code),
                message: text(&format.message),
                details: text(&format.details),
                status: text(&format.status),
                error_value: text(&format.error_value),
            },
            details_model: type_name(&text(&format.details_model)),
            rules: code_rules(&rows, &kinds, &matches),
            common: errors.common.iter().map(error_row).collect::<Result<_, _>>()?,
            kinds,
        })
    }

    fn operation(&self, operation: &spec::Operation, api_scopes: Option<&[ScopePart]>) -> Result<Operation, String> {
        let name = text(&operation.name);
        let params: Vec<Param> = operation.params.iter().map(|param| self.param(param)).collect::<Result<_, _>>()?;
        let path = url_parts(need(operation.path.as_deref(), "a path")?, &params)?;
        let scope_template = match (&operation.scope_template, operation.scopes.is_empty()) {
            (_, true) => Vec::new(),
            (Some(own), false) => scope_parts(own)?,
            (None, false) => need(api_scopes, "a scope template")?.to_vec(),
        };
        let module_param = params.iter().find(|param| param.ty == Ty::Module).map(|param| param.rust.clone());
        let (answers, output_enum) = answers(operation, &name)?;
        Ok(Operation {
            rust: type_name(&name),
            call_method: field_name(&name),
            doc: text(&operation.doc),
            method: text(&operation.method).to_ascii_uppercase(),
            path,
            scopes: operation.scopes.iter().map(|scope| type_name(scope)).collect(),
            scope_template,
            extra_scopes: operation.extra_scopes.clone(),
            module_param,
            idempotent: operation.idempotent == Some(true),
            params,
            body: operation.body.as_deref().map(type_name),
            answers,
            output_enum,
            empty_is_default: operation.response.as_ref().is_some_and(|r| r.no_content.as_deref() == Some("empty")),
            notes: operation.notes.iter().map(|note| note.trim().to_owned()).collect(),
            errors: operation.errors.iter().map(error_row).collect::<Result<_, _>>()?,
            name,
        })
    }

    fn param(&self, param: &spec::Param) -> Result<Param, String> {
        let name = text(&param.name);
        Ok(Param {
            rust: field_name(&name),
            wire: param.wire.clone().unwrap_or_else(|| name.clone()),
            location: match param.location.as_deref() {
                Some("path") => Location::Path,
                Some("header") => Location::Header,
                _ => Location::Query,
            },
            ty: self.ty(need(param.r#type.as_deref(), "a parameter type")?)?,
            required: param.required != Some(false),
            doc: text(&param.doc),
            name,
        })
    }
}

fn named(name: &Option<String>, doc: &Option<String>) -> Named {
    let wire = text(name);
    Named { rust: type_name(&wire), doc: text(doc), wire }
}

/// The pieces of a URL template (the base URL, or an operation's path with its
/// parameters), without the leading `{api-domain}`.
fn url_parts(url: &str, params: &[Param]) -> Result<Vec<UrlPart>, String> {
    template::parse(url)?
        .into_iter()
        .filter(|part| *part != Part::Placeholder(template::API_DOMAIN.to_owned()))
        .map(|part| match part {
            Part::Literal(text) => Ok(UrlPart::Literal(text)),
            Part::Placeholder(name) if name == template::VERSION => Ok(UrlPart::Version),
            Part::Placeholder(name) => {
                let param = params.iter().find(|param| param.location == Location::Path && param.wire == name);
                let rust = need(param, "a path parameter for each placeholder")?.rust.clone();
                Ok(UrlPart::Param { rust, wire: name })
            }
        })
        .collect()
}

/// The kinds of successful answer of an operation, and the name of their enum when there
/// are several.
fn answers(operation: &spec::Operation, name: &str) -> Result<(Vec<Answer>, Option<String>), String> {
    let statuses = |list: &[i64]| list.iter().filter_map(|status| u16::try_from(*status).ok()).collect::<Vec<_>>();
    if let Some(response) = &operation.response {
        let model = type_name(need(response.model.as_deref(), "a response model")?);
        let answer = Answer { variant: model.clone(), statuses: statuses(&response.statuses), body: AnswerBody::Model(model) };
        return Ok((vec![answer], None));
    }
    let answers: Vec<Answer> = operation
        .responses
        .iter()
        .map(|entry| {
            let (variant, body) = match (&entry.model, entry.binary, entry.empty) {
                (Some(model), _, _) => (type_name(model), AnswerBody::Model(type_name(model))),
                (None, Some(true), _) => ("Binary".to_owned(), AnswerBody::Binary),
                _ => ("Empty".to_owned(), AnswerBody::Empty),
            };
            Answer { variant, statuses: statuses(&entry.statuses), body }
        })
        .collect();
    let output_enum = (answers.len() > 1).then(|| format!("{}Output", type_name(name)));
    need((!answers.is_empty()).then_some(()), "an answer")?;
    Ok((answers, output_enum))
}

fn scope_parts(text: &str) -> Result<Vec<ScopePart>, String> {
    Ok(template::parse(text)?
        .into_iter()
        .map(|part| match part {
            Part::Literal(text) => ScopePart::Literal(text),
            Part::Placeholder(name) if name == template::MODULE_NAME => ScopePart::ModuleName,
            Part::Placeholder(_) => ScopePart::OperationType,
        })
        .collect())
}

fn modules(modules: &spec::Modules) -> Modules {
    Modules {
        standard: modules
            .supported
            .iter()
            .map(|module| StandardModule {
                api_name: text(&module.api_name),
                display_name: text(&module.display_name),
                scope_name: text(&module.scope_name),
                rust: type_name(&text(&module.api_name)),
            })
            .collect(),
        custom: modules.custom.as_ref().map(|custom| CustomModules {
            scope_name: text(&custom.scope_name),
            max_length: custom.max_length.and_then(|max| usize::try_from(max).ok()).unwrap_or(100),
            doc: text(&custom.doc),
        }),
        unsupported: modules.unsupported.iter().map(|module| (text(&module.api_name), text(&module.reason))).collect(),
    }
}

fn environment(environment: &spec::Environment) -> Environment {
    Environment { named: named(&environment.name, &environment.doc), host_prefix: text(&environment.host_prefix) }
}

/// Each environment's API domain swaps the production host's `www` for its own prefix.
fn data_centre(centre: &spec::DataCentre, environments: &[Environment]) -> DataCentre {
    let production = text(&centre.api_domain);
    let api_domains = if environments.is_empty() {
        vec![production]
    } else {
        let rest = production.strip_prefix("https://www.").unwrap_or(&production);
        environments.iter().map(|environment| format!("https://{}.{rest}", environment.host_prefix)).collect()
    };
    let name = text(&centre.name);
    DataCentre { rust: type_name(&name), name, api_domains, accounts_domain: text(&centre.accounts_domain) }
}

fn error_row(row: &spec::ErrorRow) -> Result<ErrorRow, String> {
    Ok(ErrorRow {
        kind: text(&row.kind),
        code: text(&row.code),
        status: need(row.status.and_then(|status| u16::try_from(status).ok()), "an error status")?,
        message: text(&row.message),
        resolution: text(&row.resolution),
    })
}

/// For each code: the kinds it may mean. A code with one kind needs no text to match; a
/// code with several is decided by the kinds' `match` texts, with the one kind without a
/// text as the fallback.
fn code_rules(rows: &[ErrorRow], kinds: &[ErrorKind], matches: &BTreeMap<String, Option<String>>) -> Vec<CodeRule> {
    let mut kinds_of: BTreeMap<&str, BTreeSet<&str>> = BTreeMap::new();
    for row in rows {
        kinds_of.entry(&row.code).or_default().insert(&row.kind);
    }
    kinds_of
        .into_iter()
        .map(|(code, code_kinds)| {
            let ordered = kinds.iter().filter(|kind| code_kinds.contains(kind.rust.as_str()));
            if code_kinds.len() == 1 {
                return CodeRule {
                    code: code.to_owned(),
                    matched: Vec::new(),
                    fallback: ordered.map(|kind| kind.rust.clone()).next(),
                };
            }
            let mut rule = CodeRule { code: code.to_owned(), matched: Vec::new(), fallback: None };
            for kind in ordered {
                match matches.get(&kind.rust).cloned().flatten() {
                    Some(pattern) => rule.matched.push((kind.rust.clone(), pattern)),
                    None => rule.fallback = Some(kind.rust.clone()),
                }
            }
            rule
        })
        .collect()
}

/// Marks the models reachable from request bodies.
fn mark_request_models(api: &mut Api) {
    let mut pending: Vec<String> = api.operations.iter().filter_map(|op| op.body.clone()).collect();
    let mut marked = BTreeSet::new();
    while let Some(name) = pending.pop() {
        if !marked.insert(name.clone()) {
            continue;
        }
        if let Some(model) = api.model(&name) {
            pending.extend(model.fields.iter().filter_map(|field| model_in(&field.ty)));
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
