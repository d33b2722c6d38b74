//! Random specs for the property that every spec the generator accepts generates code that
//! compiles without warnings.
//!
//! A spec is built as JSON (which the YAML reader accepts) from a seed, so that a failure
//! is reproduced by its seed alone. The choices lean towards valid specs but mix in the
//! names and texts that have broken generated code before: keywords, std and prelude
//! names (`Send`, `Result`, `Option`), one-letter types, names that only differ once
//! converted, carriage returns, code fences, indented text, bare URLs and no text at all
//! in documentation, types by version, every parameter location and answer kind. Many
//! random specs are refused; the harness keeps the accepted ones.

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
    "Unusual but printable: caf\u{e9}, \u{2014}, zero\u{200b}width, \u{feff}bom, \u{1F600}.",
    "See https://www.zoho.com/crm/developer/docs/api/v8/x.html and http://example.com/(a).",
    // No documentation, as imported specs have: the generator derives it.
    "",
    "   ",
];
/// Docs the resolver refuses (text-direction and control characters): one spec in ten
/// has one, in its API doc.
const REFUSED_DOCS: &[&str] = &["Trojan \u{202e}source", "Isolate \u{2066}x\u{2069}", "Bell \u{7} and escape \u{1b}"];

// The hostile shapes of issue 17, items 7-11: a few are accepted (and must compile), the
// rest refused (and must be refused, located, without a panic).
/// Operation paths beyond the plain ones: escapes, dots inside segments, and the shapes
/// the resolver refuses (`..`, quotes, backslashes, bad escapes, non-ASCII, a
/// placeholder twice or two in one segment).
const PATHS: &[&str] = &[
    "/things",
    "/things%20all",
    "/a.b/c~d/e-f_g",
    "/x:y@z/$&()*+,;=",
    "/../things",
    "/./things",
    "/th\"ings",
    "/th'ings",
    "/th\\ings",
    "/things%zz",
    "/thïngs",
    "/things\n",
];
/// Fixed scopes: RFC 6749 tokens (every character they may hold), then ones refused.
const EXTRA_SCOPES: &[&str] = &["Z.fixed.ALL", "Z.fixed!#$%&'()*+,-./:;<=>?@[]^_|~", "Z.[NotALink]"];
const REFUSED_SCOPES: &[&str] = &["Z.`tick`[NotALink]", "Z.fixed\"quoted", "Z.back\\slash", "Z.{brace}", "Z.nul\u{0}"];
/// Header wires: plain, the auth header in another case, and ones that clash by case.
const HEADER_WIRES: &[&str] = &["X-Random", "x-random", "X-RANDOM", "authorization", "X-Api-Key", "If-Match"];
/// Sources of error rows: accepted forms, then (one row in twenty) refused ones.
const SOURCES: &[&str] = &[
    "constructed",
    "https://www.zoho.com/crm/developer/docs/api/v8/x.html",
    "https://www.zoho.wiki/crm/x.html#y",
    "seed:000_x.txt",
    "oas:v8.0/x.json",
];
const REFUSED_SOURCES: &[&str] =
    &["seed:../x.txt", "oas:../x.json", "https://evil.example.com/x", "https://www.zoho.com/a\"b"];

/// How the text's lines end: LF mostly, then CRLF and lone CRs, which YAML reads the same.
fn line_endings(c: &mut Choices, text: String) -> String {
    match c.0.u8(..10) {
        0 => text.replace('\n', "\r\n"),
        1 => text.replace('\n', "\r"),
        _ => text,
    }
}

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
    let doc = if c.chance(10) { c.pick(REFUSED_DOCS) } else { c.pick(DOCS) };
    spec.insert("doc".into(), json!(doc));
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
        .map(|name| {
            let mut centre = json!({"name": name, "api_domain": "https://www.api.example.com", "accounts_domain": "https://accounts.example.com"});
            if c.chance(30) {
                centre["download_domain"] = "https://download.example.com".into();
            }
            centre
        })
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
                    } else if versions.len() > 1 && c.chance(15) {
                        // A type by version: the first version's type, then another
                        // (an earlier model held directly, boxed in the enum) from the last.
                        let mut later = types.clone();
                        later.extend(models[..index].iter().map(|m| (*m).to_owned()));
                        let newer = later[c.0.usize(..later.len())].clone();
                        let (first, last) = (versions[0], versions[versions.len() - 1]);
                        field.as_object_mut().map(|object| object.remove("type"));
                        field["type_by_version"] = json!({ first: ty, last: newer });
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
    let mut errors = json!({"format": {"code": "code", "message": "message", "details": "details", "status": "status", "error_value": "error", "details_model": "Problem"}, "kinds": kind_values, "common": common});
    // Rows shared by the operations that name the group, some with any of its messages.
    let grouped = c.chance(30);
    if grouped {
        let rows = json!([
            {"kind": c.pick(&kinds), "code": "LIMIT_REACHED", "status": 400, "message": c.pick(DOCS), "resolution": c.pick(DOCS)},
            {"kind": c.pick(&kinds), "code": "DUPLICATE_DATA", "status": 400, "resolution": c.pick(DOCS)}
        ]);
        errors["groups"] = json!([{"name": "shared_rows", "doc": c.pick(DOCS), "messages": [c.pick(DOCS), "duplicate data"], "rows": rows}]);
    }
    spec.insert("errors".into(), errors);
    let operations: Vec<Value> = c
        .some(OPERATIONS, 1, 3)
        .iter()
        .map(|name| {
            let mut op = operation(&mut c, name, &operation_types, &ids, &enums, &models, &kinds, module_template);
            if grouped && c.chance(70) {
                op["error_groups"] = json!(["shared_rows"]);
            }
            op
        })
        .collect();
    spec.insert("operations".into(), Value::Array(operations));
    let text = serde_json::to_string_pretty(&Value::Object(spec)).unwrap_or_default();
    line_endings(&mut c, text)
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
    // An operation whose whole URL is a parameter (a `download_url`) has no other path.
    let whole_url = c.chance(8);
    let module_in_path = c.chance(60) && !whole_url;
    let mut params = Vec::new();
    let mut path = String::from(if c.chance(90) { "/things" } else { c.pick(PATHS) });
    if with_module && module_in_path {
        path = String::from("/{module}");
        params.push(json!({"name": "module", "location": "path", "type": "module", "doc": c.pick(DOCS)}));
    } else if with_module {
        // An optional module (issue 17, item 7) is an `Option<Module>` the scopes read.
        params.push(
            json!({"name": "module", "location": "query", "type": "module", "required": c.chance(50), "doc": c.pick(DOCS)}),
        );
    }
    if whole_url {
        path = String::from("{link}");
        params.push(json!({"name": "link", "location": "url", "type": "string", "doc": c.pick(DOCS)}));
    } else if let Some(id) = ids.first().filter(|_| c.chance(70)) {
        path.push_str(match c.0.u8(..40) {
            0 => "/{id}/{id}",
            1 => "/x{id}{module}",
            _ => "/{id}",
        });
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
        let wire = if location == "header" {
            format!("{}-{}", c.pick(HEADER_WIRES), field.replace('_', "-"))
        } else {
            field.to_owned()
        };
        let ty = c.pick(&param_types);
        params.push(json!({"name": field, "wire": wire, "location": location, "type": ty, "required": c.chance(40), "doc": c.pick(DOCS)}));
    }
    if c.chance(5) {
        // A header whose name may clash with the auth header or another by case alone.
        let wire = c.pick(HEADER_WIRES);
        params.push(json!({"name": "raw_header", "wire": wire, "location": "header", "type": "string", "required": false, "doc": c.pick(DOCS)}));
    }
    let method = c.pick(&["GET", "POST", "PUT", "DELETE", "PATCH"]);
    let mut op = json!({
        "name": name, "doc": c.pick(DOCS), "method": method, "path": path, "idempotent": c.chance(50),
        "params": params,
        "errors": [{"kind": c.pick(kinds), "code": "NOT_FOUND", "status": 404, "message": c.pick(DOCS), "resolution": c.pick(DOCS), "source": if c.chance(5) { c.pick(REFUSED_SOURCES) } else { c.pick(SOURCES) }}],
        "notes": [c.pick(DOCS)],
    });
    if with_module || c.chance(50) {
        op["scopes"] = json!(c.some(operation_types, 1, 2));
        if c.chance(20) {
            op["extra_scopes"] = json!(c.some(EXTRA_SCOPES, 1, 2));
        }
    } else {
        let mut extra = vec![if c.chance(90) { c.pick(EXTRA_SCOPES) } else { c.pick(REFUSED_SCOPES) }];
        if c.chance(10) {
            extra.push(extra[0]);
        }
        op["extra_scopes"] = json!(extra);
    }
    if !whole_url && c.chance(10) {
        op["host_prefix"] = "content".into();
    }
    if !whole_url && c.chance(10) {
        op["base_url"] = "{api-domain}/other/{version}".into();
    }
    if method != "GET" && c.chance(30) {
        // A multipart body: a file or a list of files, and maybe a value sent as text.
        let file = if c.chance(50) { "file" } else { "list<file>" };
        let mut parts = vec![
            json!({"name": "attachment", "location": "part", "type": file, "required": c.chance(60), "doc": c.pick(DOCS)}),
        ];
        if file == "list<file>" && c.chance(50) {
            parts[0]["max_items"] = 10.into();
        }
        if c.chance(50) {
            // From one byte to more than any machine holds: the checks compare u64s.
            parts[0]["max_bytes"] = [1, 20 << 20, u64::MAX][c.0.usize(..3)].into();
        }
        if c.chance(50) {
            let text_types: Vec<&str> = param_types.iter().copied().filter(|ty| *ty != "datetime").collect();
            parts.push(json!({"name": "note", "location": "part", "type": c.pick(&text_types), "required": c.chance(40), "doc": c.pick(DOCS)}));
        }
        if let Some(list) = op["params"].as_array_mut() {
            list.extend(parts);
        }
    } else if method != "GET" && c.chance(50) {
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

/// The minimal spec (`minimal`, its text) with every accepted shape of issue 17, items
/// 7-10, at once: an optional `module` query parameter (so `scopes_for` takes an
/// `Option<Module>`, and without a module every module's scope allows the call), a second
/// operation whose scope template does not name the module, fixed scopes with every
/// character RFC 6749 allows but the backtick, a path with an escape, printable Unicode in docs, and lone
/// CR line breaks. Edited as a YAML value, so the minimal spec's layout does not matter.
pub fn accepted_shapes(minimal: &str) -> String {
    let mut spec: serde_yaml::Value = serde_yaml::from_str(minimal).unwrap_or_default();
    let first = spec["operations"][0].clone();
    let mut optional = first.clone();
    optional["path"] = "/things%20all/{id}".into();
    optional["extra_scopes"] =
        serde_yaml::to_value(["Z.fixed!#$%&'()*+,-./:;<=>?@[]^_|~", "Z.[NotALink]"]).unwrap_or_default();
    optional["doc"] = "Unusual but printable: caf\u{e9}, \u{2014}, zero\u{200b}width, \u{1F600}.".into();
    optional["params"][0]["location"] = "query".into();
    optional["params"][0]["required"] = false.into();
    let mut own_template = optional.clone();
    own_template["name"] = "list_things".into();
    own_template["scope_template"] = "Z.settings.{operation_type}".into();
    if let Some(operations) = spec["operations"].as_sequence_mut() {
        operations.clear();
        operations.push(optional);
        operations.push(own_template);
    }
    if let Some(modules) = spec["modules"]["supported"].as_sequence_mut() {
        modules.push(
            serde_yaml::to_value(json!({"api_name": "Others", "display_name": "Others", "scope_name": "others"}))
                .unwrap_or_default(),
        );
    }
    spec["modules"]["custom"] =
        serde_yaml::to_value(json!({"scope_name": "custom", "doc": "Custom modules."})).unwrap_or_default();
    serde_yaml::to_string(&spec).unwrap_or_default().replace('\n', "\r")
}
