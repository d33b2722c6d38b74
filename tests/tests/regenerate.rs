//! The maintainer's loop: change the spec, regenerate, and the client changes with it.

use zoho_crm_codegen::{Builder, Settings, generate};
use zoho_crm_tests::read;

/// A name the spec does not use anywhere, so that the kind this test adds can never
/// collide with one a maintainer declares.
fn fresh_name(spec: &str, stem: &str) -> String {
    (0u32..).map(|n| format!("{stem}{n}")).find(|name| !spec.contains(name.as_str())).unwrap_or_default()
}

/// The share spec with one more error kind (of a fresh name, returned too), and a row of
/// it for the first operation.
fn spec_with_a_new_error() -> (String, String) {
    let spec = read("spec/share_records.yaml");
    let kind = fresh_name(&spec, "RegenerateProbe");
    let marker = kind.to_lowercase();
    let spec = spec.replacen(
        "  kinds:\n",
        &format!("  kinds:\n    - name: {kind}\n      match: {marker}\n      doc: A kind added by a test.\n"),
        1,
    );
    let spec = spec.replacen(
        "    errors:\n",
        &format!(
            "    errors:\n      - kind: {kind}\n        code: INVALID_DATA\n        status: 400\n        message: the {marker} message\n        resolution: None.\n"
        ),
        1,
    );
    (spec, kind)
}

#[test]
fn adding_an_error_row_adds_a_variant() {
    let before = generate(&read("spec/share_records.yaml"), "share_records.yaml", &Settings::default()).unwrap().code;
    let (spec, kind) = spec_with_a_new_error();
    let after = match generate(&spec, "share_records.yaml", &Settings::default()) {
        Ok(generated) => generated.code,
        Err(err) => panic!("the spec with a new kind does not generate:\n{err}"),
    };
    assert!(!before.contains(&kind));
    let (kinds, api_error) = after.split_once("rt::api_error!").expect("the error enum's macro");
    assert!(api_error.contains(&format!("        {kind},")), "a variant of ApiError");
    assert!(kinds.contains(&format!("        {kind},")), "a variant of ErrorKind");
    let matcher = format!("rt::message_matches(message, \"{}\")", kind.to_lowercase());
    assert!(after.contains(&matcher), "told apart from the other INVALID_DATA kinds");
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
    let (changed, kind) = spec_with_a_new_error();
    std::fs::write(&spec, changed).unwrap();
    build();
    assert!(std::fs::read_to_string(&written).unwrap().contains(&format!("{kind},")));
    let broken = Builder::new(dir.join("missing.yaml")).out_dir(&dir).cargo_directives(false).generate();
    assert!(broken.unwrap_err().to_string().contains("missing.yaml"));
    std::fs::remove_dir_all(dir).unwrap();
}
