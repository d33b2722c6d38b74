//! `import-oas`: the fixtures (in the style of Zoho's OpenAPI files) become specs that
//! validate and generate, every approximation is a warning naming its JSON pointer, refs
//! are followed offline and safely, and no input makes the importer panic.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use serde_json::Value;
use zoho_crm_codegen::oas::{self, Documents, Import, OasError, RefProblem};
use zoho_crm_codegen::{generate, validate};

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/oas-fixtures")
}

fn fixture(name: &str) -> String {
    std::fs::read_to_string(fixtures().join(name)).unwrap()
}

fn import_fixture(name: &str) -> Import {
    oas::import_file(&fixtures().join(name), None).unwrap_or_else(|err| panic!("{err}"))
}

/// The spec imported, checked by the project's own validation, then generated.
fn assert_valid(import: &Import, name: &str) -> serde_yaml::Value {
    let diagnostics = validate(&import.spec, name);
    assert!(!diagnostics.has_errors(), "{diagnostics}\n{}", import.spec);
    generate(&import.spec, name, &Default::default()).unwrap_or_else(|err| panic!("{err}"));
    serde_yaml::from_str(&import.spec).unwrap()
}

fn warned(import: &Import, pointer: &str, text: &str) {
    let found = import.warnings.iter().any(|warning| warning.pointer == pointer && warning.message.contains(text));
    let all: Vec<String> = import.warnings.iter().map(ToString::to_string).collect();
    assert!(found, "no warning at {pointer} saying {text:?} in:\n{}", all.join("\n"));
}

fn operation<'a>(spec: &'a serde_yaml::Value, name: &str) -> &'a serde_yaml::Value {
    let operations = spec["operations"].as_sequence().unwrap();
    operations.iter().find(|operation| operation["name"].as_str() == Some(name)).unwrap_or_else(|| panic!("no {name}"))
}

fn model<'a>(spec: &'a serde_yaml::Value, name: &str) -> &'a serde_yaml::Value {
    let models = spec["models"].as_sequence().unwrap();
    models.iter().find(|model| model["name"].as_str() == Some(name)).unwrap_or_else(|| panic!("no model {name}"))
}

fn field<'a>(model: &'a serde_yaml::Value, name: &str) -> &'a serde_yaml::Value {
    let fields = model["fields"].as_sequence().unwrap();
    fields.iter().find(|field| field["name"].as_str() == Some(name)).unwrap_or_else(|| panic!("no field {name}"))
}

fn row_codes(operation: &serde_yaml::Value) -> Vec<(String, u64, String)> {
    let rows = operation["errors"].as_sequence().unwrap();
    rows.iter()
        .map(|row| {
            let text = |key: &str| row[key].as_str().unwrap().to_owned();
            (text("code"), row["status"].as_u64().unwrap(), text("message"))
        })
        .collect()
}

#[test]
fn widgets_become_a_spec_that_validates() {
    let import = import_fixture("widgets.json");
    let spec = assert_valid(&import, "widgets.yaml");
    assert_eq!(spec["base_url"].as_str(), Some("{api-domain}/crm/{version}"));
    assert_eq!(spec["scopes"]["template"].as_str(), Some("ZohoCRM.settings.widgets.{operation_type}"));

    // operationIds with spaces become snake-case names.
    let names: Vec<&str> =
        spec["operations"].as_sequence().unwrap().iter().filter_map(|op| op["name"].as_str()).collect();
    for name in [
        "get_widgets",
        "create_widgets",
        "update_widget",
        "delete_widget",
        "get_usage_count_for_widget",
        "get_record_widgets",
    ] {
        assert!(names.contains(&name), "{name} in {names:?}");
    }

    // The module, in the query or the path; headers from the sibling file.
    let get = operation(&spec, "get_widgets");
    let params = get["params"].as_sequence().unwrap();
    assert_eq!(params[0]["type"].as_str(), Some("module"));
    let header = params.iter().find(|param| param["wire"].as_str() == Some("If-Modified-Since")).unwrap();
    assert_eq!((header["location"].as_str(), header["type"].as_str()), (Some("header"), Some("datetime")));
    let record = operation(&spec, "get_record_widgets");
    assert_eq!(record["path"].as_str(), Some("/{module_api_name}/{record_id}/widgets"));
    assert_eq!(record["params"][0]["type"].as_str(), Some("module"));
    assert_eq!(record["scope_template"].as_str(), Some("ZohoCRM.modules.{operation_type}"));
    assert_eq!(operation(&spec, "update_widget")["scopes"][0].as_str(), Some("UPDATE"));
    // The list is paged, so its 204 is an empty last page (see `list_operations_in_zoho_s_shape_are_paged`).
    assert_eq!(get["response"]["no_content"].as_str(), Some("empty"), "204 has no body");

    // Errors in a oneOf inside the 200 answer (and in the items of a list) become rows.
    let rows = row_codes(operation(&spec, "update_widget"));
    assert!(rows.contains(&("INVALID_DATA".to_owned(), 200, "the widget name is too long".to_owned())), "{rows:?}");
    assert!(rows.contains(&("DUPLICATE_DATA".to_owned(), 200, "duplicate data".to_owned())), "{rows:?}");
    assert!(rows.contains(&(
        "REQUIRED_PARAM_MISSING".to_owned(),
        400,
        "One of the expected parameter is missing".to_owned()
    )));
    let kinds: Vec<&str> =
        spec["errors"]["kinds"].as_sequence().unwrap().iter().filter_map(|k| k["name"].as_str()).collect();
    for kind in ["InvalidModule", "RequiredParamMissing", "InvalidData", "DuplicateData", "MandatoryNotFound"] {
        assert!(kinds.contains(&kind), "{kind} in {kinds:?}");
    }
    assert_eq!(
        field(model(&spec, "ActionWrapper"), "widgets")["type"].as_str(),
        Some("list<outcome<SuccessResponse>>")
    );
    let details = model(&spec, "ErrorDetails");
    for key in ["api_name", "json_path", "resource_path_index", "param"] {
        assert_eq!(field(details, key)["required"].as_bool(), Some(false));
    }

    // Free-text messages stay text; a real enum becomes an enum type.
    assert_eq!(field(model(&spec, "SuccessResponse"), "message")["type"].as_str(), Some("string"));
    warned(&import, "widgets.json#/components/schemas/Success_Response/properties/message", "free text: kept as text");
    assert_eq!(field(model(&spec, "Widget"), "kind")["type"].as_str(), Some("WidgetKind"));

    // Answer-only fields required in a request schema are optional in the request model.
    let widget = model(&spec, "Widget");
    for name in ["id", "name", "created_time", "created_by"] {
        assert_eq!(field(widget, name)["required"].as_bool(), Some(false), "{name}");
    }
    warned(&import, "widgets.json#/components/schemas/Widget", "are optional in the model");
    // An answer-only model keeps its required fields.
    assert_eq!(field(model(&spec, "UsageCount"), "count")["required"].as_bool(), Some(true));

    warned(&import, "widgets.json#/components/schemas/Invalid_Data", "inside the 200 answer");
    warned(&import, "widgets.json#/paths/~1crm~1v8~1settings~1widgets/get/responses/304", "left out");
    warned(&import, "widgets.json#/paths", "standard CRM modules");
    for row in operation(&spec, "delete_widget")["errors"].as_sequence().unwrap() {
        assert_eq!(row["source"].as_str(), Some("oas:v8.0/widgets.json"));
    }
}

#[test]
fn gadgets_show_each_approximation() {
    let import = import_fixture("gadgets.json");
    let spec = assert_valid(&import, "gadgets.yaml");
    let at = |path: &str| format!("gadgets.json#/paths/{path}");
    let attach = "~1crm~1v8~1{module_api_name}~1{record_id}~1gadgets/put";
    // An array of text in the query is a list, sent comma-joined.
    let fields = operation(&spec, "attach_gadgets")["params"]
        .as_sequence()
        .and_then(|params| params.iter().find(|param| param["name"].as_str() == Some("fields")))
        .map(|param| param["type"].clone());
    assert_eq!(fields.as_ref().and_then(|ty| ty.as_str()), Some("list<string>"), "{}", import.spec);
    warned(&import, &at(&format!("{attach}/parameters/4/schema")), "values are not kept");
    warned(&import, &at(&format!("{attach}/parameters/5")), "`cookie` parameter: left out");
    warned(&import, &at(&format!("{attach}/parameters/2")), "`over_write_query`");
    warned(&import, &at(&format!("{attach}/responses/default")), "not a status");
    warned(&import, &at(&format!("{attach}/security")), "is written `ZohoCRM.modules.{module_name}.UPDATE`");
    warned(&import, &at("~1crm~1bulk~1v8~1gadgets/get"), "its own `base_url` `{api-domain}/crm/bulk/{version}`");
    warned(&import, "gadgets.json#/components/schemas/Gadget_Ref/allOf", "one model with the properties of all");
    warned(&import, "gadgets.json#/components/schemas/Gadget_Tree", "holds itself outside a list");
    warned(&import, "gadgets.json#/components/schemas/Gadget_Tree/properties/shape/oneOf", "kept as JSON");
    warned(&import, "gadgets.json#/components/schemas/No_Gadget", "no message listed");

    let attach = operation(&spec, "attach_gadgets");
    assert_eq!(attach["scope_template"].as_str(), Some("ZohoCRM.modules.{module_name}.{operation_type}"));
    assert_eq!(attach["extra_scopes"][0].as_str(), Some("ZohoCRM.modules.ALL"));
    let body = model(&spec, "AttachBody");
    assert_eq!(field(body, "gadgets")["type"].as_str(), Some("list<GadgetRef>"));
    let gadget_ref = model(&spec, "GadgetRef");
    assert_eq!(field(gadget_ref, "id")["required"].as_bool(), Some(false), "in a request");
    assert_eq!(field(gadget_ref, "note")["type"].as_str(), Some("string"));
    let tree = model(&spec, "GadgetTree");
    assert_eq!(field(tree, "children")["type"].as_str(), Some("list<GadgetTree>"), "a list may hold its own model");
    assert_eq!(field(tree, "parent")["type"].as_str(), Some("json"));
    let manual = operation(&spec, "download_gadget_manual");
    assert_eq!(manual["responses"][0]["binary"].as_bool(), Some(true));
    assert_eq!(row_codes(manual)[0], ("INVALID_URL_PATTERN".to_owned(), 404, "invalid_url_pattern".to_owned()));
    assert_eq!(operation(&spec, "get_gadget_settings")["scopes"][0].as_str(), Some("ALL"), "the file's default scope");
    assert_eq!(operation(&spec, "export_gadgets")["base_url"].as_str(), Some("{api-domain}/crm/bulk/{version}"));

    // Multipart bodies become parts: a binary string or Zoho's `{"type": "object"}` is a
    // file, an array of them a list of files, anything else text; `required` is kept.
    let part = |operation_name: &str, part_name: &str| {
        operation(&spec, operation_name)["params"]
            .as_sequence()
            .and_then(|params| params.iter().find(|param| param["name"].as_str() == Some(part_name)))
            .cloned()
            .unwrap_or_else(|| panic!("`{operation_name}` has no part `{part_name}`:\n{}", import.spec))
    };
    let photo = part("upload_gadget_photo", "file");
    assert_eq!((photo["location"].as_str(), photo["type"].as_str()), (Some("part"), Some("file")));
    assert_eq!(photo["required"].as_bool(), Some(true));
    let caption = part("upload_gadget_photo", "caption");
    assert_eq!((caption["type"].as_str(), caption["required"].as_bool()), (Some("string"), Some(false)));
    assert_eq!(part("upload_gadget_files", "file")["type"].as_str(), Some("list<file>"));
    // An operation's own Zoho server is a host prefix of the API domain.
    assert_eq!(operation(&spec, "upload_gadget_files")["host_prefix"].as_str(), Some("content"));
    // `/{download_url}` is an operation whose whole URL is that parameter, and the data
    // centres then name their download hosts.
    let download = operation(&spec, "download_gadget_export");
    assert_eq!(download["path"].as_str(), Some("{download_url}"));
    assert_eq!(part("download_gadget_export", "download_url")["location"].as_str(), Some("url"));
    assert_eq!(spec["data_centres"][0]["download_domain"].as_str(), Some("https://download-accl.zoho.com"));
}

fn scratch(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("zoho-crm-codegen-oas-{}-{name}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

#[test]
fn refs_are_read_from_the_ref_dir() {
    let dir = scratch("refdir");
    let alone = dir.join("widgets.json");
    std::fs::write(&alone, fixture("widgets.json")).unwrap();
    match oas::import_file(&alone, None) {
        Err(OasError::Ref { reason: RefProblem::Missing, reference, .. }) => {
            assert!(reference.contains("common.json#/"))
        }
        other => panic!("a sibling file missing from the directory: {other:?}"),
    }
    let import = oas::import_file(&alone, Some(&fixtures())).unwrap();
    assert_valid(&import, "widgets.yaml");
    std::fs::remove_dir_all(dir).unwrap();
}

fn import_text(text: &str) -> Result<Import, OasError> {
    import_with_common(text, &fixture("common.json"))
}

fn import_with_common(text: &str, common: &str) -> Result<Import, OasError> {
    let mut documents = Documents::in_memory();
    documents.add("common.json", common)?;
    oas::import(text, "api.json", &mut documents)
}

/// A small document whose answer schema is `schema`.
fn with_schema(schema: Value, schemas: Value) -> String {
    serde_json::json!({
        "openapi": "3.0.0",
        "paths": {"/crm/v8/things": {"get": {
            "operationId": "Get Things",
            "responses": {"200": {"description": "", "content": {"application/json": {"schema": schema}}}},
            "security": [{"oauth": ["ZohoCRM.things.READ"]}]
        }}},
        "components": {"schemas": schemas}
    })
    .to_string()
}

#[test]
fn refs_outside_the_directory_and_cycles_are_refused() {
    let outside =
        with_schema(serde_json::json!({"$ref": "../secrets/common.json#/components/schemas/Info"}), Value::Null);
    match import_text(&outside) {
        Err(err @ OasError::Ref { reason: RefProblem::OutsideDirectory, .. }) => {
            assert!(err.to_string().contains("outside the reference directory"), "{err}");
        }
        other => panic!("{other:?}"),
    }
    let cycle = with_schema(
        serde_json::json!({"$ref": "#/components/schemas/A"}),
        serde_json::json!({"A": {"$ref": "#/components/schemas/B"}, "B": {"$ref": "#/components/schemas/A"}}),
    );
    match import_text(&cycle) {
        Err(OasError::Ref { reason: RefProblem::Cycle, .. }) => {}
        other => panic!("{other:?}"),
    }
    let url = with_schema(
        serde_json::json!({"$ref": "https://example.com/x/common.json#/components/schemas/Info"}),
        Value::Null,
    );
    let import = import_text(&url).unwrap();
    assert_valid(&import, "api.yaml");
}

#[test]
fn schemas_nested_without_end_stop() {
    let schemas = serde_json::json!({
        "A": {"type": "array", "items": {"$ref": "#/components/schemas/A"}},
        "B": {"allOf": [{"$ref": "#/components/schemas/B"}]},
        "C": {"type": "object", "properties": {"a": {"$ref": "#/components/schemas/A"}, "b": {"$ref": "#/components/schemas/B"}}}
    });
    let import = import_text(&with_schema(serde_json::json!({"$ref": "#/components/schemas/C"}), schemas)).unwrap();
    assert!(
        import.warnings.iter().any(|warning| warning.message.contains("nested deeper than")),
        "{:?}",
        import.warnings
    );
    assert_valid(&import, "api.yaml");
}

#[test]
fn malformed_documents_are_typed_errors() {
    assert!(matches!(import_text("{ not json"), Err(OasError::Json { .. })));
    assert!(matches!(import_text("[1, 2]"), Err(OasError::Shape { .. })));
    let error = import_text("{\"openapi\": \"3.0.0\"}").unwrap_err();
    assert_eq!(error.to_string(), "api.json#/paths: an OpenAPI document needs a `paths` object");
}

/// Every node of the widgets and parcels fixtures replaced, in turn, by `null` and by a
/// value of another JSON type: the importer answers (a spec or a typed error), and never
/// panics.
#[test]
fn no_input_makes_the_importer_panic() {
    let common = fixture("common.json");
    for (name, at_least) in [("widgets.json", 1000), ("parcels.json", 400)] {
        let original: Value = serde_json::from_str(&fixture(name)).unwrap();
        let mut pointers = Vec::new();
        collect_pointers(&original, String::new(), &mut pointers);
        let mut answers = 0;
        for pointer in &pointers {
            let Some(node) = original.pointer(pointer) else { continue };
            for replacement in [Value::Null, other_type(node)] {
                let mut document = original.clone();
                if let Some(node) = document.pointer_mut(pointer) {
                    *node = replacement;
                }
                if let Ok(import) = import_with_common(&document.to_string(), &common) {
                    serde_yaml::from_str::<serde_yaml::Value>(&import.spec).expect("the spec is YAML");
                }
                answers += 1;
            }
        }
        assert!(answers > at_least, "{name}: {answers} documents tried");
    }
}

/// A value of another JSON type than `value`.
fn other_type(value: &Value) -> Value {
    match value {
        Value::String(_) => serde_json::json!(7),
        Value::Array(_) => serde_json::json!({}),
        Value::Object(_) => serde_json::json!([]),
        Value::Null | Value::Bool(_) | Value::Number(_) => serde_json::json!("x y"),
    }
}

fn collect_pointers(value: &Value, pointer: String, out: &mut Vec<String>) {
    match value {
        Value::Object(map) => {
            for (key, child) in map {
                collect_pointers(child, format!("{pointer}/{}", key.replace('~', "~0").replace('/', "~1")), out);
            }
        }
        Value::Array(items) => {
            for (index, child) in items.iter().enumerate() {
                collect_pointers(child, format!("{pointer}/{index}"), out);
            }
        }
        _ => {}
    }
    out.push(pointer);
}

fn cli(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_zoho-crm-codegen")).args(args).output().expect("the CLI runs")
}

#[test]
fn the_command_writes_a_spec_that_validates() {
    let dir = scratch("cli");
    let out = dir.join("widgets.yaml");
    let widgets = fixtures().join("widgets.json");
    let output = cli(&["import-oas", widgets.to_str().unwrap(), "--out", out.to_str().unwrap()]);
    assert_eq!(output.status.code(), Some(0), "{output:?}");
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("warning: widgets.json#/components/schemas/Widget: "), "{stderr}");
    let validated = cli(&["validate", out.to_str().unwrap()]);
    assert_eq!(validated.status.code(), Some(0), "{validated:?}");

    let stdout = cli(&["import-oas", widgets.to_str().unwrap(), "--ref-dir", fixtures().to_str().unwrap()]);
    assert_eq!(stdout.status.code(), Some(0));
    assert!(String::from_utf8_lossy(&stdout.stdout).contains("name: get_widgets"));

    let missing = cli(&["import-oas", dir.join("nothing.json").to_str().unwrap()]);
    assert_eq!(missing.status.code(), Some(2), "{missing:?}");
    std::fs::remove_dir_all(dir).unwrap();
}

fn names(list: &serde_yaml::Value) -> Vec<&str> {
    list.as_sequence().map_or_else(Vec::new, |items| items.iter().filter_map(|item| item.as_str()).collect())
}

/// Codes and messages listed apart in one error object (as in Zoho's Records file) make
/// one error group with a row per code, which every operation answering with it names:
/// the rows are in proportion to the codes, not to codes times messages.
#[test]
fn error_lists_shared_by_operations_become_groups_not_products() {
    let import = import_fixture("parcels.json");
    let spec = assert_valid(&import, "parcels.yaml");
    warned(&import, "parcels.json#/components/schemas/API_Exception", "7 codes and 9 messages not tied");
    warned(&import, "parcels.json#/components/schemas/API_Exception", "not 63 rows");

    let groups = spec["errors"]["groups"].as_sequence().unwrap();
    let group_names: Vec<&str> = groups.iter().filter_map(|group| group["name"].as_str()).collect();
    assert_eq!(group_names, ["api_exception_200", "api_exception_400", "api_exception_201"]);
    for group in groups {
        assert_eq!(group["messages"].as_sequence().unwrap().len(), 9, "the messages, listed once");
        let rows = group["rows"].as_sequence().unwrap();
        assert_eq!(rows.len(), 7, "one row per code");
        assert!(rows.iter().all(|row| row.get("message").is_none()), "any of the group's messages");
    }
    assert_eq!(names(&operation(&spec, "get_parcels")["error_groups"]), ["api_exception_200", "api_exception_400"]);
    assert_eq!(names(&operation(&spec, "create_parcels")["error_groups"]), ["api_exception_201", "api_exception_400"]);
    assert_eq!(names(&operation(&spec, "get_parcel_count")["error_groups"]), ["api_exception_400"]);
    assert!(row_codes(operation(&spec, "get_parcels")).is_empty(), "no row of its own");
    // One code with several messages: every message is that code's, a row each.
    let ship = operation(&spec, "ship_lead_parcels");
    assert_eq!(names(&ship["error_groups"]), ["api_exception_200"]);
    assert_eq!(
        row_codes(ship),
        [
            ("NOT_ALLOWED".to_owned(), 400, "the lead is converted".to_owned()),
            ("NOT_ALLOWED".to_owned(), 400, "the parcel is already shipped".to_owned())
        ]
    );

    // The operations answer with their groups' rows and their own: 72 in all, where the
    // pairings would have made 9 times as many group rows. The generated client writes
    // each distinct row (7 per group, 2 of its own) at most once per operation.
    let per_operation: usize = spec["operations"]
        .as_sequence()
        .unwrap()
        .iter()
        .map(|op| 7 * names(&op["error_groups"]).len() + op["errors"].as_sequence().map_or(0, Vec::len))
        .sum();
    assert_eq!(per_operation, 72);
    let generated = generate(&import.spec, "parcels.yaml", &Default::default()).unwrap();
    let written = generated.code.matches("code: \"").count() - generated.code.matches("code: \"code\"").count();
    assert!((7 * 3 + 2..=per_operation).contains(&written), "{written} rows written");
    assert!(generated.code.contains("code: \"LIMIT_EXCEEDED\""));
}

/// Operations whose OpenAPI file gives no scope the spec can write are kept, each with a
/// scope derived from the file, and a warning at the operation.
#[test]
fn operations_without_a_scope_are_kept_with_a_derived_one() {
    let import = import_fixture("parcels.json");
    let spec = assert_valid(&import, "parcels.yaml");
    assert_eq!(spec["operations"].as_sequence().unwrap().len(), 6, "no operation left out");
    assert_eq!(spec["scopes"]["template"].as_str(), Some("ZohoCRM.parcels.{operation_type}"));
    let at = |path: &str| format!("parcels.json#/paths/{path}");
    for (path, name, scopes, from) in [
        ("~1crm~1v8~1parcels~1{parcel_id}/put", "update_parcel", ["UPDATE", "ALL"], "the file's other operations"),
        ("~1crm~1v8~1parcels~1{parcel_id}/delete", "delete_parcel", ["DELETE", "ALL"], "the method's operation type"),
        ("~1crm~1v8~1parcels~1actions~1count/get", "get_parcel_count", ["READ", "ALL"], "the file's other operations"),
    ] {
        warned(&import, &at(path), "no scope the spec can write");
        warned(&import, &at(path), from);
        let operation = operation(&spec, name);
        assert_eq!(names(&operation["scopes"]), scopes, "{name}");
        assert!(operation.get("scope_template").is_none(), "{name}: the API's template");
    }
    // A scope naming the module by placeholder, for a path that names the module.
    warned(&import, &at("~1crm~1v8~1Leads~1actions~1ship_parcels/post"), "`ZohoCRM.parcels.leads.CREATE`");
    let ship = operation(&spec, "ship_lead_parcels");
    assert_eq!(ship["scope_template"].as_str(), Some("ZohoCRM.parcels.leads.{operation_type}"));
    assert_eq!(names(&ship["scopes"]), ["CREATE"]);

    // With no scope anywhere in the file: the module's scopes, else the CRM's.
    let document = serde_json::json!({
        "openapi": "3.0.0",
        "paths": {
            "/crm/v8/{module_api_name}/things": {"get": {
                "operationId": "Get Things",
                "parameters": [{"name": "module_api_name", "in": "path", "required": true, "schema": {"type": "string"}}],
                "responses": {"204": {"description": ""}}
            }},
            "/crm/v8/things/actions/tidy": {"post": {
                "operationId": "Tidy Things",
                "responses": {"204": {"description": ""}},
                "security": [{"oauth": [""]}]
            }}
        }
    });
    let import = import_text(&document.to_string()).unwrap();
    let spec = assert_valid(&import, "api.yaml");
    let things = operation(&spec, "get_things");
    assert_eq!(things["scope_template"].as_str(), Some("ZohoCRM.modules.{module_name}.{operation_type}"));
    assert_eq!(names(&things["scopes"]), ["READ", "ALL"]);
    warned(&import, "api.json#/paths/~1crm~1v8~1{module_api_name}~1things/get", "from the module's scopes");
    let tidy = operation(&spec, "tidy_things");
    assert_eq!(tidy["scope_template"].as_str(), Some("ZohoCRM.modules.{operation_type}"));
    assert_eq!(names(&tidy["scopes"]), ["CREATE", "ALL"]);
    warned(&import, "api.json#/paths/~1crm~1v8~1things~1actions~1tidy/post", "from the CRM's module scopes");

    // The composite API's file names no scope; Zoho's scope page gives one.
    let composite = serde_json::json!({
        "openapi": "3.0.0",
        "paths": {"/crm/v8/__composite_requests": {"post": {
            "operationId": "Composite Requests",
            "responses": {"204": {"description": ""}},
            "security": [{"oauth": [""]}]
        }}}
    });
    let mut documents = Documents::in_memory();
    documents.add("common.json", &fixture("common.json")).unwrap();
    let import = oas::import(&composite.to_string(), "composite_requests.json", &mut documents).unwrap();
    let spec = assert_valid(&import, "composite_requests.yaml");
    let composite = operation(&spec, "composite_requests");
    assert_eq!(composite["scope_template"].as_str(), Some("ZohoCRM.composite_requests.{operation_type}"));
    assert_eq!(names(&composite["scopes"]), ["CUSTOM"]);
    warned(&import, "composite_requests.json#/paths/~1crm~1v8~1__composite_requests/post", "Select API Scopes");
}

/// A file of shared parts (its one path a placeholder `/`) has no operation: a typed
/// error that says why, not a spec that cannot validate.
#[test]
fn a_file_of_shared_parts_has_no_operation_to_import() {
    match oas::import_file(&fixtures().join("common.json"), None) {
        Err(error @ OasError::NoOperations { .. }) => {
            assert_eq!(
                error.to_string(),
                "common.json#/paths: no operation to import: the path `/` is a placeholder, not an operation: left out"
            );
        }
        other => panic!("{other:?}"),
    }
    let output = cli(&["import-oas", fixtures().join("common.json").to_str().unwrap()]);
    assert_eq!(output.status.code(), Some(2), "{output:?}");
    assert!(String::from_utf8_lossy(&output.stderr).contains("no operation to import"), "{output:?}");
}

/// A list operation in Zoho's paging shape (optional `page` and `per_page`, an answer with a
/// list and `info.more_records`) gets a `pagination` block, so its client call can walk
/// every page; the 204 it also answers is read as an empty last page.
#[test]
fn list_operations_in_zoho_s_shape_are_paged() {
    let import = import_fixture("widgets.json");
    let spec = assert_valid(&import, "widgets.yaml");
    let get = operation(&spec, "get_widgets");
    let paging = &get["pagination"];
    assert_eq!(paging["page"].as_str(), Some("page"), "{}", import.spec);
    assert_eq!(paging["per_page"].as_str(), Some("per_page"));
    assert_eq!(paging["items"].as_str(), Some("widgets"));
    assert_eq!(paging["info"].as_str(), Some("info"));
    assert_eq!(get["response"]["no_content"].as_str(), Some("empty"));
    let statuses: Vec<u64> =
        get["response"]["statuses"].as_sequence().unwrap().iter().filter_map(serde_yaml::Value::as_u64).collect();
    assert_eq!(statuses, [200, 204]);
    warned(&import, "widgets.json#/paths/~1crm~1v8~1settings~1widgets/get/responses", "empty last page");
    // An operation without paging parameters is not paged.
    assert!(operation(&spec, "get_record_widgets")["pagination"].is_null());
}
