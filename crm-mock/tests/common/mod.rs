//! What the tests read from `tests/specs/files.yaml` through the generator's model, so
//! that a limit or a documented row changed in the spec changes the tests with it.

use zoho_crm_codegen::model::{Api, ErrorRow, Operation};

/// The Files-like spec the upload tests serve.
pub const FILES: &str = include_str!("../../../tests/specs/files.yaml");

fn files_api() -> Api {
    let (_, api, _) = zoho_crm_codegen::load_model(FILES, "files.yaml").expect("files.yaml is valid");
    api
}

fn operation<'a>(api: &'a Api, name: &str) -> &'a Operation {
    api.operations.iter().find(|operation| operation.name == name).unwrap_or_else(|| panic!("no `{name}`"))
}

/// The `max_bytes` of `operation`'s file part, in bytes.
pub fn file_limit(operation_name: &str) -> usize {
    let api = files_api();
    let limit = operation(&api, operation_name).params.iter().find_map(|param| param.max_bytes);
    usize::try_from(limit.unwrap_or_else(|| panic!("`{operation_name}` limits no file"))).unwrap()
}

/// The error row `operation` documents with `code`.
#[allow(dead_code)] // Not every test file reads rows.
pub fn documented_row(operation_name: &str, code: &str) -> ErrorRow {
    let api = files_api();
    let row = operation(&api, operation_name).errors.iter().find(|row| row.code == code).cloned();
    row.unwrap_or_else(|| panic!("`{operation_name}` documents no `{code}`"))
}

/// `FILES` with every file part's `max_bytes` set to `limit`, edited as YAML.
#[allow(dead_code)] // Not every test file edits the spec.
pub fn files_with_limits(limit: u64) -> String {
    let mut spec: serde_yaml::Value = serde_yaml::from_str(FILES).expect("files.yaml is YAML");
    let params = spec["operations"]
        .as_sequence_mut()
        .into_iter()
        .flatten()
        .filter_map(|operation| operation.get_mut("params")?.as_sequence_mut())
        .flatten();
    let mut edited = 0;
    for param in params {
        if let Some(max) = param.get_mut("max_bytes") {
            *max = limit.into();
            edited += 1;
        }
    }
    assert!(edited > 0, "files.yaml limits no file");
    serde_yaml::to_string(&spec).expect("YAML out")
}
