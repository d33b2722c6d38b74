//! What the server takes from a spec: the generator's own reading of it (read, checked
//! and resolved by `zoho-crm-codegen`), cut down to what answering requests needs.

use serde_json::Value;
use zoho_crm_codegen::model::{self, Location, ScopePart, Ty, UrlPart};
use zoho_crm_codegen::read::spec as written;

/// The API a server serves.
#[derive(Debug)]
pub(crate) struct ServedApi {
    /// The API's name.
    pub name: String,
    pub auth_header: String,
    pub auth_scheme: String,
    /// The versions as URLs write them.
    pub versions: Vec<String>,
    pub format: model::ErrorFormat,
    /// Errors every operation can answer with.
    pub common_errors: Vec<model::ErrorRow>,
    /// Every model of each spec served, by Rust name, to check request bodies (an
    /// operation's models are those of its spec, `ServedOperation::spec`).
    pub models: Vec<Vec<model::Model>>,
    pub operations: Vec<ServedOperation>,
    /// The largest request body read: enough for the largest upload the specs allow.
    pub max_body_bytes: usize,
}

/// The body limit of a server whose specs allow no large upload.
const MIN_BODY_BYTES: usize = 16 << 20;

/// What a multipart body may add to its files: part headers and boundaries.
const FORM_OVERHEAD_BYTES: usize = 1 << 20;

/// The body limit whatever the specs allow: a test server holds bodies in memory.
const MAX_BODY_BYTES: usize = 1 << 30;

/// The codes Zoho's pages give a file over its size limit (the Files and Record Photo
/// APIs', then Bulk Write's); the server answers with the one the operation documents.
const FILE_SIZE_CODES: [&str; 2] = ["FILE_SIZE_MORE_THAN_ALLOWED_SIZE", "FILE_TOO_LARGE"];

/// One operation as the server serves it.
#[derive(Debug)]
pub(crate) struct ServedOperation {
    pub name: String,
    /// Which of the specs served it comes from (0 for a server of one spec).
    pub spec: usize,
    /// The modules of its spec.
    pub modules: Option<model::Modules>,
    pub method: String,
    /// The whole path template after the API domain, e.g. `/crm/{version}/settings/tags`
    /// (the operation's own base URL's when it has one); for a whole-URL operation, the
    /// path the server hands out, `/__files/{operation}/{url parameter}`, which `route`
    /// matches by its prefix.
    pub template: String,
    /// The wire name of the parameter that is the operation's whole URL, if it has one.
    pub url_param: Option<String>,
    /// The version of its spec's URLs when the URL names none (a whole-URL operation's).
    pub default_version: String,
    pub params: Vec<model::Param>,
    /// The scope templates the operation types expand through, with the types' names.
    pub scope_template: Vec<ScopePart>,
    pub operation_types: Vec<String>,
    pub extra_scopes: Vec<String>,
    /// Further sets of scopes that must be held as well (one of each).
    pub also_required_scopes: Vec<Vec<Vec<ScopePart>>>,
    /// The wire name and location of the module parameter, if any.
    pub module_param: Option<(String, Location)>,
    /// The body model, by Rust name.
    pub body: Option<String>,
    /// The statuses of success, in spec order.
    pub success_statuses: Vec<u16>,
    /// The statuses of success whose answer is bytes (`AnswerBody::Binary`).
    pub binary_statuses: Vec<u16>,
    /// The documented errors of the operation (not the common ones).
    pub errors: Vec<model::ErrorRow>,
    /// Sample answers of success: (version, status, body).
    pub samples: Vec<(Option<String>, u16, Option<String>)>,
}

/// A documented error row, or one the server makes when the spec documents none.
#[derive(Clone, Debug)]
pub(crate) struct ErrorAnswer {
    pub code: String,
    pub status: u16,
    pub message: String,
}

impl ServedApi {
    /// The API of a spec, or every problem the generator finds in it.
    pub fn read(text: &str, file_name: &str) -> Result<ServedApi, String> {
        ServedApi::read_many(&[(text, file_name)])
    }

    /// The APIs of several specs served as one (as one client generated from them all
    /// calls them): their operations side by side, their versions and common errors
    /// together. The specs must share the error format and how tokens are sent, and give
    /// each operation its own name.
    pub fn read_many(specs: &[(&str, &str)]) -> Result<ServedApi, String> {
        let mut served: Option<ServedApi> = None;
        for (index, (text, file_name)) in specs.iter().enumerate() {
            let (spec, api, _warnings) =
                zoho_crm_codegen::load_model(text, file_name).map_err(|problems| problems.to_string())?;
            let operations: Vec<ServedOperation> =
                api.operations.iter().map(|operation| served_operation(&api, &spec, operation, index)).collect();
            let Some(all) = served.as_mut() else {
                served = Some(ServedApi {
                    name: api.name.clone(),
                    auth_header: api.auth_header.clone(),
                    auth_scheme: api.auth_scheme.clone(),
                    versions: api.versions.iter().map(|version| version.wire.clone()).collect(),
                    format: api.errors.format.clone(),
                    common_errors: api.errors.common.clone(),
                    models: vec![api.models.clone()],
                    max_body_bytes: body_limit(&operations, MIN_BODY_BYTES),
                    operations,
                });
                continue;
            };
            if (&api.auth_header, &api.auth_scheme) != (&all.auth_header, &all.auth_scheme)
                || api.errors.format != all.format
            {
                return Err(format!(
                    "{file_name}: the {} API sends tokens or errors otherwise than the {} API; one server serves APIs that agree on both",
                    api.name, all.name
                ));
            }
            if let Some(operation) = operations.iter().find(|operation| all.operation(&operation.name).is_some()) {
                return Err(format!(
                    "{file_name}: operation `{}` is also an operation of the {} API; one server serves each name once",
                    operation.name, all.name
                ));
            }
            all.name = format!("{} and {}", all.name, api.name);
            let mut previous: Option<usize> = None;
            for version in &api.versions {
                match all.versions.iter().position(|known| *known == version.wire) {
                    Some(at) => previous = Some(at),
                    None => {
                        let at = previous.map_or(0, |before| before + 1);
                        all.versions.insert(at, version.wire.clone());
                        previous = Some(at);
                    }
                }
            }
            for row in &api.errors.common {
                if !all.common_errors.contains(row) {
                    all.common_errors.push(row.clone());
                }
            }
            all.models.push(api.models.clone());
            all.max_body_bytes = body_limit(&operations, all.max_body_bytes);
            all.operations.extend(operations);
        }
        served.ok_or_else(|| "no spec to serve".to_owned())
    }

    /// The operation called `name`.
    pub fn operation(&self, name: &str) -> Option<&ServedOperation> {
        self.operations.iter().find(|operation| operation.name == name)
    }

    /// The model called `rust` in the spec of `operation`.
    pub fn model(&self, operation: &ServedOperation, rust: &str) -> Option<&model::Model> {
        self.models.get(operation.spec)?.iter().find(|model| model.rust == rust)
    }

    /// The error object of `answer` in the spec's error format.
    pub fn error_body(&self, answer: &ErrorAnswer, details: Value) -> Value {
        let mut object = serde_json::Map::new();
        object.insert(self.format.code.clone(), Value::from(answer.code.as_str()));
        object.insert(self.format.details.clone(), details);
        object.insert(self.format.message.clone(), Value::from(answer.message.as_str()));
        object.insert(self.format.status.clone(), Value::from(self.format.error_value.as_str()));
        Value::Object(object)
    }

    /// The documented rows `operation` (if known) and every operation can answer with.
    fn rows<'a>(&'a self, operation: Option<&'a ServedOperation>) -> impl Iterator<Item = &'a model::ErrorRow> {
        operation.into_iter().flat_map(|operation| operation.errors.iter()).chain(&self.common_errors)
    }

    /// The documented row of kind (or code) `kind`, the operation's before the common ones.
    pub fn documented(&self, operation: Option<&ServedOperation>, kind: &str) -> Option<ErrorAnswer> {
        let row = self
            .rows(operation)
            .find(|row| row.kind == kind)
            .or_else(|| self.rows(operation).find(|row| row.code == kind))?;
        Some(ErrorAnswer { code: row.code.clone(), status: row.status, message: row.message.clone() })
    }

    /// The answer to a file over its part's `max_bytes`: the row of one of Zoho's size
    /// codes that the operation (or every operation) documents, else Zoho's code for it.
    pub fn file_too_large(&self, operation: &ServedOperation) -> ErrorAnswer {
        let documented = self.rows(Some(operation)).find(|row| FILE_SIZE_CODES.contains(&row.code.as_str()));
        let code = documented.map_or(FILE_SIZE_CODES[0], |row| row.code.as_str());
        self.error_for(Some(operation), code, 400, "the file is larger than the allowed size")
    }

    /// The documented row with `code` if there is one, else `fallback`'s status and message.
    pub fn error_for(
        &self,
        operation: Option<&ServedOperation>,
        code: &str,
        status: u16,
        message: &str,
    ) -> ErrorAnswer {
        let row = self.rows(operation).find(|row| row.code == code);
        row.map_or_else(
            || ErrorAnswer { code: code.to_owned(), status, message: message.to_owned() },
            |row| ErrorAnswer { code: row.code.clone(), status: row.status, message: row.message.clone() },
        )
    }

    /// The scope name of the module called `api_name` (standard ones by their API name in
    /// any case, any other as a custom module when the API has custom modules).
    pub fn module_scope_name<'a>(&self, operation: &'a ServedOperation, api_name: &str) -> Option<&'a str> {
        let modules = operation.modules.as_ref()?;
        let standard = modules.standard.iter().find(|module| module.api_name.eq_ignore_ascii_case(api_name));
        match standard {
            Some(module) => Some(&module.scope_name),
            None => modules.custom.as_ref().map(|custom| custom.scope_name.as_str()),
        }
    }

    /// Why the module called `api_name` cannot be used, if it cannot: an unsupported
    /// module's reason, or that the API has no such module.
    pub fn module_refusal(&self, operation: &ServedOperation, api_name: &str) -> Option<String> {
        let modules = operation.modules.as_ref()?;
        if let Some((_, reason)) = modules.unsupported.iter().find(|(name, _)| name.eq_ignore_ascii_case(api_name)) {
            return Some(reason.clone());
        }
        let known = modules.standard.iter().any(|module| module.api_name.eq_ignore_ascii_case(api_name));
        let custom = modules.custom.as_ref().is_some_and(|custom| {
            api_name.len() <= custom.max_length
                && !api_name.is_empty()
                && api_name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
        });
        (!known && !custom).then(|| format!("`{api_name}` is not a module of the API"))
    }

    /// The sets of scopes `operation` needs on the module called `module`: one scope of
    /// each set (most often one set: any one of its scopes suffices); scopes that name
    /// the module are left out when it is not known.
    pub fn required_scope_sets(&self, operation: &ServedOperation, module: Option<&str>) -> Vec<Vec<String>> {
        let module_scope = module.and_then(|module| self.module_scope_name(operation, module));
        let mut sets = vec![self.required_scopes(operation, module)];
        for set in &operation.also_required_scopes {
            let scopes: Vec<String> = set
                .iter()
                .filter(|scope| module_scope.is_some() || !scope.contains(&ScopePart::ModuleName))
                .map(|scope| {
                    scope
                        .iter()
                        .map(|part| match part {
                            ScopePart::Literal(text) => text.as_str(),
                            ScopePart::ModuleName => module_scope.unwrap_or_default(),
                            ScopePart::OperationType => "",
                        })
                        .collect()
                })
                .collect();
            sets.push(scopes);
        }
        sets.retain(|set| !set.is_empty());
        sets
    }

    /// The scopes that allow `operation` on the module called `module` (any one suffices);
    /// scopes that name the module are left out when it is not known.
    pub fn required_scopes(&self, operation: &ServedOperation, module: Option<&str>) -> Vec<String> {
        let module_scope = module.and_then(|module| self.module_scope_name(operation, module));
        let names_module = operation.scope_template.contains(&ScopePart::ModuleName);
        let mut scopes = Vec::new();
        if !operation.scope_template.is_empty() && (!names_module || module_scope.is_some()) {
            for operation_type in &operation.operation_types {
                let scope: String = operation
                    .scope_template
                    .iter()
                    .map(|part| match part {
                        ScopePart::Literal(text) => text.as_str(),
                        ScopePart::ModuleName => module_scope.unwrap_or_default(),
                        ScopePart::OperationType => operation_type.as_str(),
                    })
                    .collect();
                scopes.push(scope);
            }
        }
        scopes.extend(operation.extra_scopes.iter().cloned());
        scopes
    }
}

fn served_operation(
    api: &model::Api,
    spec: &written::Spec,
    operation: &model::Operation,
    index: usize,
) -> ServedOperation {
    let written = spec.operations.iter().find(|written| written.name.as_deref() == Some(operation.name.as_str()));
    let samples = written
        .map(|written| {
            written
                .sample_responses()
                .iter()
                .filter(|sample| sample.error.is_none())
                .filter_map(|sample| {
                    let status = u16::try_from(sample.status?).ok().filter(|status| (200..300).contains(status))?;
                    Some((sample.version.clone(), status, sample.body.clone()))
                })
                .collect()
        })
        .unwrap_or_default();
    let module_param = operation.module_param.as_ref().and_then(|rust| {
        let param = operation.params.iter().find(|param| &param.rust == rust)?;
        Some((param.wire.clone(), param.location))
    });
    let url_param = operation.url_param().map(|param| param.wire.clone());
    let template = match &url_param {
        Some(wire) => format!("{FILES_PREFIX}{}/{{{wire}}}", operation.name),
        None => {
            let base = operation.base_url.as_deref().unwrap_or(&api.base_url);
            format!("{}{}", template_text(base), template_text(&operation.path))
        }
    };
    let binary_statuses = operation
        .answers
        .iter()
        .filter(|answer| answer.body == model::AnswerBody::Binary)
        .flat_map(|answer| answer.statuses.iter().copied())
        .collect();
    ServedOperation {
        name: operation.name.clone(),
        spec: index,
        modules: api.modules.clone(),
        method: operation.method.clone(),
        template,
        url_param,
        default_version: api.versions.get(api.default_version).map(|version| version.wire.clone()).unwrap_or_default(),
        params: operation.params.clone(),
        scope_template: operation.scope_template.clone(),
        operation_types: operation.scopes.iter().map(|named| named.wire.clone()).collect(),
        extra_scopes: operation.extra_scopes.clone(),
        also_required_scopes: operation.also_required_scopes.clone(),
        module_param,
        body: operation.body.clone(),
        success_statuses: operation.success_statuses(),
        binary_statuses,
        errors: operation.errors.clone(),
        samples,
    }
}

/// The start of the paths the server hands out for whole-URL operations
/// (`ZohoMock::download_url`): the operation's name and one segment follow.
pub(crate) const FILES_PREFIX: &str = "/__files/";

/// A URL template as `match_path` reads it: `{version}` and `{param}` placeholders.
fn template_text(parts: &[UrlPart]) -> String {
    parts
        .iter()
        .map(|part| match part {
            UrlPart::Literal(text) => text.clone(),
            UrlPart::Version => "{version}".to_owned(),
            UrlPart::Param { wire, .. } => format!("{{{wire}}}"),
        })
        .collect()
}

/// Whether `value` is acceptable text for a parameter of type `ty` (types the server
/// cannot judge are accepted).
pub(crate) fn param_value_ok(ty: &Ty, value: &str) -> bool {
    match ty {
        // A list in the query: its items joined by commas (`ids=1,2,3`).
        Ty::List(item) => value.split(',').all(|part| param_value_ok(item, part)),
        Ty::Id(_) => !value.is_empty() && value.len() <= 19 && value.bytes().all(|byte| byte.is_ascii_digit()),
        Ty::Integer => value.parse::<i64>().is_ok(),
        Ty::Number => value.parse::<f64>().is_ok_and(f64::is_finite),
        Ty::Bool => matches!(value, "true" | "false"),
        _ => true,
    }
}

/// The body limit for `operations` served beside others read up to `limit`: the larger,
/// within [`MAX_BODY_BYTES`].
fn body_limit(operations: &[ServedOperation], limit: usize) -> usize {
    limit.max(largest_upload(operations)).min(MAX_BODY_BYTES)
}

/// The largest multipart body the operations allow (each file part's `max_bytes` times the
/// files it may hold, with room for the form around them), 0 when none has a limit.
fn largest_upload(operations: &[ServedOperation]) -> usize {
    let upload = |operation: &ServedOperation| {
        let files = operation.params.iter().filter_map(|param| {
            let max = usize::try_from(param.max_bytes?).unwrap_or(usize::MAX);
            // A list without `max_items` may hold any number of files.
            let count = if matches!(param.ty, Ty::List(_)) { param.items.1.unwrap_or(usize::MAX) } else { 1 };
            Some(max.saturating_mul(count))
        });
        files.fold(FORM_OVERHEAD_BYTES, usize::saturating_add)
    };
    operations
        .iter()
        .filter(|operation| operation.params.iter().any(|param| param.max_bytes.is_some()))
        .map(upload)
        .max()
        .unwrap_or(0)
}
