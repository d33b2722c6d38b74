//! The maintainer's loop: change the spec, regenerate, and the client changes with it.

use zoho_crm_codegen::{Builder, Settings, generate};
use zoho_crm_tests::read;
use zoho_crm_tests::spec_edit::{self, TEST_KIND};

/// The share spec (`spec`, its text) with one more error kind, of a name no real spec
/// uses (returned too), and a row of it on the code `INVALID_DATA` for the first
/// operation with rows; edited as a YAML value, whatever the spec's layout.
fn spec_with_a_new_error(spec: &str) -> (String, String) {
    (spec_edit::with_test_kind(spec, "INVALID_DATA", "zztestonlykind", false), TEST_KIND.to_owned())
}

#[test]
fn adding_an_error_row_adds_a_variant() {
    adding_an_error_row_adds_a_variant_to(&read("spec/share_records.yaml"));
}

/// The same, on the spec laid out by a YAML tool: the test does not read the layout.
#[test]
fn adding_an_error_row_adds_a_variant_to_a_relaid_spec() {
    adding_an_error_row_adds_a_variant_to(&spec_edit::relaid(&read("spec/share_records.yaml")));
}

fn adding_an_error_row_adds_a_variant_to(original: &str) {
    let before = generate(original, "share_records.yaml", &Settings::default()).unwrap().code;
    let (spec, kind) = spec_with_a_new_error(original);
    let after = match generate(&spec, "share_records.yaml", &Settings::default()) {
        Ok(generated) => generated.code,
        Err(err) => panic!("the spec with a new kind does not generate:\n{err}"),
    };
    assert!(!before.contains(&kind));
    let (kinds, api_error) = after.split_once("pub enum ApiError {").expect("the error enum");
    assert!(api_error.contains(&format!("    {kind}(Box<ErrorInfo>),")), "a variant of ApiError");
    assert!(kinds.contains(&format!("    {kind},")), "a variant of ErrorKind");
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
    let (changed, kind) = spec_with_a_new_error(&read("spec/share_records.yaml"));
    std::fs::write(&spec, changed).unwrap();
    build();
    assert!(std::fs::read_to_string(&written).unwrap().contains(&format!("{kind},")));
    let broken = Builder::new(dir.join("missing.yaml")).out_dir(&dir).cargo_directives(false).generate();
    assert!(broken.unwrap_err().to_string().contains("missing.yaml"));
    std::fs::remove_dir_all(dir).unwrap();
}

/// Issue 17, item 11: the `build.rs` entry point reads a spec with at most its budget and
/// one byte more held, so a huge file is refused, located, without being read whole.
#[test]
fn the_build_script_entry_point_refuses_a_huge_spec_at_once() {
    let dir = std::env::temp_dir().join(format!("zoho-share-regenerate-huge-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let spec = dir.join("huge.yaml");
    // Sparse: 100 MB the file system does not store.
    std::fs::File::create(&spec).unwrap().set_len(100 << 20).unwrap();
    let refused = Builder::new(&spec).out_dir(&dir).cargo_directives(false).generate().unwrap_err().to_string();
    assert!(refused.contains("the spec is more than 4194304 bytes"), "{refused}");
    assert!(refused.contains("huge.yaml:"), "located: {refused}");
    std::fs::remove_dir_all(dir).unwrap();
}
