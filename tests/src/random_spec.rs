//! Random specs for the property that every spec the generator accepts generates code that
//! compiles without warnings.
//!
//! A spec is built as JSON (which the YAML reader accepts) from a seed, so that a failure
//! is reproduced by its seed alone. The choices lean towards valid specs but mix in the
//! names and texts that have broken generated code before: keywords, std and prelude
//! names (`Send`, `Result`, `Option`), one-letter types, names that only differ once
//! converted, carriage returns, code fences and indented text in documentation, every
//! parameter location and answer kind. Many random specs are refused; the harness keeps
//! the accepted ones.

use serde_json::{Map, Value, json};

/// A seeded source of choices.
struct Choices(fastrand::Rng);

impl Choices {
    fn pick<'a>(&mut self, pool: &[&'a str]) -> &'a str {
        pool[self.0.usize(..pool.len())]
    }

    /// Up to `most` distinct names from `pool`, at least `least`.
    fn some<'a>(&mut self, pool: &[&'a str], least: usize, most: usize) -> Vec<&'a str> {
        let mut names: Vec<&str> = pool.to_vec();
        self.0.shuffle(&mut names);
        names.truncate(self.0.usize(least..=most.min(pool.len())));
        names
    }

    fn chance(&mut self, percent: u8) -> bool {
        self.0.u8(..100) < percent
    }
}

// Type names the generated code reserves (`Option`, `Result`, …) are refused by the
// resolver; these are the ones it accepts that have broken generated code before.
const TYPE_NAMES: &[&str] = &[
    "Thing",
    "Item",
    "Send",
    "Sync",
    "S",
    "D",
    "T",
    "V",
    "E",
    "O",
    "Value",
    "Error",
    "Details",
    "Body",
    "Answer",
    "Kind",
    "Sized",
    "Unpin",
    "Iterator",
    "Fn",
    "Debug",
    "Display",
    "Serialize",
    "Deserialize",
    "Hash",
];
const PARAM_NAMES: &[&str] =
    &["id_2", "get_id", "set_id", "value", "x", "name", "with_id", "into", "clone", "fn", "match", "type", "async"];
const FIELD_NAMES: &[&str] = &[
    "id", "type", "self", "async", "await", "get_id", "set_id", "new", "value", "x", "default", "build", "version",
    "fn", "match", "crate", "super", "r#type", "1st", "x_1", "name", "with_id", "into", "clone",
];
const WIRES: &[&str] = &["read", "READ", "1st", "self", "type", "v2.1", "a-b", "x y", "unknown", "Ok", "None", "Some"];
const VERSIONS: &[&str] = &["v1", "V1", "v1.0", "v1_0", "v2", "v2.1", "2023.10", "2024-01", "v8", "V8"];
const OPERATION_TYPES: &[&str] = &["READ", "read", "CREATE", "ALL", "self", "type", "Send", "DELETE"];
const MODULES: &[&str] = &["Leads", "Contacts", "Type", "Self_Service", "Send", "Option", "Result", "Match"];
const CENTRES: &[&str] = &["US", "EU", "2nd", "self", "Send", "us-east"];
const KINDS: &[&str] = &["NotFound", "Send", "Result", "Option", "Invalid", "E", "Default", "Sync"];
const OPERATIONS: &[&str] = &["get_thing", "list_things", "match", "type", "do", "delete", "send_it", "self_", "fn"];
const DOCS: &[&str] = &[
    "Plain text.",
    "A line\r\nwith a carriage return\rand another.",
    "```rust\nfn main() { panic!() }\n```",
    "Run:\n\n    let x = undefined;\n",
    "Brackets [`NotALink`] and [x] and <b>html</b>.",
    "Quotes \" and backslashes \\ and */ and /* and `ticks`.",
    "```\nunclosed fence",
    "Tabs\tand\ttabs",
];

/// A random spec, as JSON text, from `seed`.
pub fn random_spec(seed: u64) -> String {
    let mut c = Choices(fastrand::Rng::with_seed(seed));
    let versions = c.some(VERSIONS, 1, 3);
    let operation_types = c.some(OPERATION_TYPES, 1, 3);
    let module_names = c.some(MODULES, 1, 3);
    let ids = c.some(TYPE_NAMES, 0, 2);
    let enums: Vec<&str> = c.some(TYPE_NAMES, 0, 2).into_iter().filter(|name| !ids.contains(name)).collect();
    let taken: Vec<&str> = ids.iter().chain(&enums).copied().collect();
    let mut models: Vec<&str> = c.some(TYPE_NAMES, 1, 3).into_iter().filter(|name| !taken.contains(name)).collect();
    if models.is_empty() {
        models.push("Record");
    }
    let kinds = c.some(KINDS, 1, 3);
    let module_template = c.chance(70);
    let mut spec = Map::new();
    spec.insert("name".into(), json!(c.pick(&["Random", "Self", "Send API"])));
    spec.insert("doc".into(), json!(c.pick(DOCS)));
    spec.insert("base_url".into(), json!(c.pick(&["{api-domain}/crm/{version}", "{api-domain}/{version}"])));
    spec.insert("auth".into(), json!({"header": c.pick(&["Authorization", "X-Api-Key"]), "scheme": "Bearer"}));
    spec.insert(
        "versions".into(),
        Value::Array(versions.iter().map(|v| json!({"name": v, "doc": c.pick(DOCS)})).collect()),
    );
    spec.insert("default_version".into(), json!(c.pick(&versions)));
    let template = if module_template { "Z.{module_name}.{operation_type}" } else { "Z.settings.{operation_type}" };
    let types: Vec<Value> = operation_types.iter().map(|t| json!({"name": t, "doc": c.pick(DOCS)})).collect();
    spec.insert("scopes".into(), json!({"template": template, "operation_types": types}));
    let supported: Vec<Value> = module_names
        .iter()
        .map(|m| json!({"api_name": m, "display_name": m, "scope_name": m.to_ascii_lowercase()}))
        .collect();
    let mut modules = json!({"supported": supported});
    if c.chance(40) {
        modules["custom"] = json!({"scope_name": "custom", "doc": c.pick(DOCS)});
    }
    spec.insert("modules".into(), modules);
    let centres: Vec<Value> = c
        .some(CENTRES, 1, 2)
        .iter()
        .map(|name| json!({"name": name, "api_domain": "https://www.api.example.com", "accounts_domain": "https://accounts.example.com"}))
        .collect();
    spec.insert("data_centres".into(), Value::Array(centres));
    spec.insert("ids".into(), Value::Array(ids.iter().map(|id| json!({"name": id, "doc": c.pick(DOCS)})).collect()));
    let enum_values: Vec<Value> = enums
        .iter()
        .map(|name| {
            let values: Vec<Value> =
                c.some(WIRES, 1, 4).iter().map(|wire| json!({"wire": wire, "doc": c.pick(DOCS)})).collect();
            json!({"name": name, "doc": c.pick(DOCS), "values": values})
        })
        .collect();
    spec.insert("enums".into(), Value::Array(enum_values));
    let field_types: Vec<String> = ["string", "bool", "integer", "number", "datetime", "json"]
        .iter()
        .map(|t| (*t).to_owned())
        .chain(ids.iter().chain(&enums).map(|t| (*t).to_owned()))
        .chain(ids.iter().chain(&enums).map(|t| format!("list<{t}>")))
        .collect();
    let mut model_values: Vec<Value> = models
        .iter()
        .enumerate()
        .map(|(index, name)| {
            // Later models may hold earlier ones, so nothing contains itself.
            let mut types = field_types.clone();
            types.extend(models[..index].iter().map(|m| format!("list<{m}>")));
            let fields: Vec<Value> = c
                .some(FIELD_NAMES, 0, 4)
                .iter()
                .map(|field| {
                    let ty = types[c.0.usize(..types.len())].clone();
                    let mut field = json!({"name": field, "type": ty, "required": c.chance(50), "doc": c.pick(DOCS)});
                    if ty.starts_with("list<") && c.chance(30) {
                        field["one_or_list"] = json!(true);
                    }
                    field
                })
                .collect();
            json!({"name": name, "doc": c.pick(DOCS), "keep_unknown": c.chance(30), "fields": fields})
        })
        .collect();
    model_values.push(json!({"name": "Problem", "doc": "Error details.", "fields": []}));
    spec.insert("models".into(), Value::Array(model_values));
    let kind_values: Vec<Value> =
        kinds.iter().map(|k| json!({"name": k, "doc": c.pick(DOCS), "retryable": c.chance(30)})).collect();
    let common = json!([{"kind": kinds[0], "code": "INVALID_TOKEN", "status": 401, "message": c.pick(DOCS), "resolution": c.pick(DOCS)}]);
    spec.insert(
        "errors".into(),
        json!({"format": {"code": "code", "message": "message", "details": "details", "status": "status", "error_value": "error", "details_model": "Problem"}, "kinds": kind_values, "common": common}),
    );
    let operations: Vec<Value> = c
        .some(OPERATIONS, 1, 3)
        .iter()
        .map(|name| operation(&mut c, name, &operation_types, &ids, &enums, &models, &kinds, module_template))
        .collect();
    spec.insert("operations".into(), Value::Array(operations));
    serde_json::to_string_pretty(&Value::Object(spec)).unwrap_or_default()
}

#[allow(clippy::too_many_arguments)] // One operation draws on every part of the spec.
fn operation(
    c: &mut Choices,
    name: &str,
    operation_types: &[&str],
    ids: &[&str],
    enums: &[&str],
    models: &[&str],
    kinds: &[&str],
    module_template: bool,
) -> Value {
    let with_module = module_template || c.chance(50);
    let module_in_path = c.chance(60);
    let mut params = Vec::new();
    let mut path = String::from("/things");
    if with_module && module_in_path {
        path = String::from("/{module}");
        params.push(json!({"name": "module", "location": "path", "type": "module", "doc": c.pick(DOCS)}));
    } else if with_module {
        params.push(json!({"name": "module", "location": "query", "type": "module", "doc": c.pick(DOCS)}));
    }
    if let Some(id) = ids.first().filter(|_| c.chance(70)) {
        path.push_str("/{id}");
        params.push(json!({"name": "id", "location": "path", "type": id, "doc": c.pick(DOCS)}));
    }
    let param_types: Vec<&str> = ["string", "bool", "integer", "number", "datetime"]
        .iter()
        .copied()
        .chain(ids.iter().copied())
        .chain(enums.iter().copied())
        .collect();
    for field in c.some(PARAM_NAMES, 0, 3) {
        let location = c.pick(&["query", "header"]);
        let wire =
            if location == "header" { format!("X-Random-{}", field.replace('_', "-")) } else { field.to_owned() };
        let ty = c.pick(&param_types);
        params.push(json!({"name": field, "wire": wire, "location": location, "type": ty, "required": c.chance(40), "doc": c.pick(DOCS)}));
    }
    let method = c.pick(&["GET", "POST", "PUT", "DELETE", "PATCH"]);
    let mut op = json!({
        "name": name, "doc": c.pick(DOCS), "method": method, "path": path, "idempotent": c.chance(50),
        "params": params,
        "errors": [{"kind": c.pick(kinds), "code": "NOT_FOUND", "status": 404, "message": c.pick(DOCS), "resolution": c.pick(DOCS)}],
        "notes": [c.pick(DOCS)],
    });
    if with_module || c.chance(50) {
        op["scopes"] = json!(c.some(operation_types, 1, 2));
    } else {
        op["extra_scopes"] = json!(["Z.fixed.ALL"]);
    }
    if method != "GET" && c.chance(50) {
        op["body"] = json!(c.pick(models));
    }
    if c.chance(50) {
        op["response"] = json!({"model": c.pick(models), "statuses": [200]});
    } else {
        let mut answers = vec![json!({"statuses": [200], "model": c.pick(models)})];
        if c.chance(50) {
            answers.push(json!({"statuses": [204], "empty": true}));
        }
        if c.chance(50) {
            answers.push(json!({"statuses": [206], "binary": true}));
        }
        op["responses"] = Value::Array(answers);
    }
    op
}
