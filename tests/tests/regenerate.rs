//! The maintainer's loop: change the spec, regenerate, and the client changes with it.

use zoho_share_codegen::{Builder, Settings, generate};
use zoho_share_tests::read;

/// The share spec with one more error kind, and a row of it for the GET operation.
fn spec_with_a_new_error() -> String {
    let spec = read("spec/share_records.yaml");
    let spec = spec.replacen(
        "  kinds:\n",
        "  kinds:\n    - name: RecordLocked\n      match: locked\n      doc: The record is locked by an approval process.\n",
        1,
    );
    spec.replacen(
        "    errors:\n      - kind: OauthScopeMismatch\n",
        "    errors:\n      - kind: RecordLocked\n        code: INVALID_DATA\n        status: 400\n        message: the record is locked\n        resolution: Wait for the approval to end.\n      - kind: OauthScopeMismatch\n",
        1,
    )
}

#[test]
fn adding_an_error_row_adds_a_variant() {
    let before = generate(&read("spec/share_records.yaml"), "share_records.yaml", &Settings::default()).unwrap().code;
    let after = generate(&spec_with_a_new_error(), "share_records.yaml", &Settings::default()).unwrap().code;
    assert!(!before.contains("RecordLocked"));
    let (kinds, api_error) = after.split_once("rt::api_error!").unwrap();
    assert!(api_error.contains("        RecordLocked,"), "a variant of ApiError");
    assert!(kinds.contains("        RecordLocked,"), "a variant of ErrorKind");
    assert!(after.contains("rt::message_matches(message, \"locked\")"), "told apart from the other INVALID_DATA kinds");
}

#[test]
fn the_build_script_entry_point_writes_only_on_change() {
    let dir = std::env::temp_dir().join(format!("zoho-share-regenerate-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let spec = dir.join("share_records.yaml");
    std::fs::write(&spec, read("spec/share_records.yaml")).unwrap();
    let build = || Builder::new(&spec).out_dir(&dir).cargo_directives(false).generate().unwrap();
    let written = build();
    assert_eq!(written, dir.join("share_records.rs"));
    let first = std::fs::metadata(&written).unwrap().modified().unwrap();
    std::thread::sleep(std::time::Duration::from_millis(20));
    build();
    assert_eq!(
        std::fs::metadata(&written).unwrap().modified().unwrap(),
        first,
        "an unchanged spec does not touch the file"
    );
    std::fs::write(&spec, spec_with_a_new_error()).unwrap();
    build();
    assert!(std::fs::read_to_string(&written).unwrap().contains("RecordLocked,"));
    let broken = Builder::new(dir.join("missing.yaml")).out_dir(&dir).cargo_directives(false).generate();
    assert!(broken.unwrap_err().to_string().contains("missing.yaml"));
    std::fs::remove_dir_all(dir).unwrap();
}
