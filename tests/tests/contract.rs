//! The runtime contract: the generator writes the version the runtime has, and a file
//! generated for another contract fails to build with one message naming both versions.

use std::path::{Path, PathBuf};
use std::process::Command;

use zoho_crm_codegen::RUNTIME_CONTRACT;
use zoho_crm_runtime::contract;
use zoho_crm_tests::read;

/// The line every generated file checks its contract with.
fn check_line(version: u32) -> String {
    format!("const _: () = rt::contract::require({version});")
}

#[test]
fn the_generator_writes_the_contract_the_runtime_has() {
    assert_eq!(RUNTIME_CONTRACT, contract::VERSION);
    let shipped = read("generated/src/share_records.rs");
    assert!(shipped.contains(&format!("use ::zoho_crm_runtime as rt;\n{}\n", check_line(contract::VERSION))));
}

/// A crate outside the workspace whose one module is the minimal spec's snapshot with the
/// contract line changed to `version`, built against this runtime; its compiler output.
fn build_with_contract(version: u32) -> (bool, String) {
    let snapshot = read("tests/snapshots/minimal.rs");
    let current = check_line(contract::VERSION);
    assert!(snapshot.contains(&current), "the snapshot checks the current contract");
    build_file(&format!("contract-{version}"), &snapshot.replace(&current, &check_line(version)))
}

/// A crate outside the workspace whose one module is `generated`, built against this
/// runtime; whether it built, and the compiler's output.
fn build_file(name: &str, generated: &str) -> (bool, String) {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).parent().expect("the workspace root").to_path_buf();
    let scratch = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join(name);
    std::fs::create_dir_all(scratch.join("src")).unwrap();
    std::fs::write(scratch.join("src/generated.rs"), generated).unwrap();
    std::fs::write(scratch.join("src/lib.rs"), "//! An old generated file.\n#[rustfmt::skip]\npub mod generated;\n")
        .unwrap();
    let manifest = format!(
        "[package]\nname = \"contract-scratch\"\nversion = \"0.0.0\"\nedition = \"2024\"\npublish = false\n\n\
         [dependencies]\nzoho-crm-runtime = {{ path = {:?} }}\n\n[workspace]\n",
        root.join("runtime").display().to_string()
    );
    std::fs::write(scratch.join("Cargo.toml"), manifest).unwrap();
    // The workspace's lock file and target directory: the same dependency versions, already
    // built, so the build compiles the runtime and the file alone.
    std::fs::copy(root.join("Cargo.lock"), scratch.join("Cargo.lock")).unwrap();
    let target = Path::new(env!("CARGO_TARGET_TMPDIR")).parent().expect("the target directory").to_path_buf();
    let output = Command::new(env!("CARGO"))
        .args(["build", "--offline", "--quiet", "--color", "never"])
        .current_dir(&scratch)
        .env("CARGO_TARGET_DIR", target)
        .env_remove("RUSTFLAGS")
        .output()
        .expect("cargo runs");
    (output.status.success(), String::from_utf8_lossy(&output.stderr).into_owned())
}

#[test]
fn a_file_for_an_older_contract_fails_with_one_message_naming_both_versions() {
    let (built, stderr) = build_with_contract(0);
    assert!(!built, "the old file built:\n{stderr}");
    let errors: Vec<&str> = stderr.lines().filter(|line| line.starts_with("error")).collect();
    assert_eq!(errors.len(), 2, "one error and cargo's `could not compile`:\n{stderr}");
    assert!(errors[0].starts_with("error[E0080]"), "{stderr}");
    assert!(
        stderr.contains(
            "generated code for runtime contract 0 (made before contracts had versions) on zoho-crm-runtime with \
             contract 2"
        ),
        "{stderr}"
    );
    assert!(stderr.contains("generate the file again"), "{stderr}");
    assert!(stderr.contains(&check_line(0)), "the failing line is shown:\n{stderr}");
}

#[test]
fn a_file_for_a_newer_contract_fails_naming_the_runtime_s() {
    let (built, stderr) = build_with_contract(contract::VERSION + 1);
    assert!(!built, "the newer file built:\n{stderr}");
    assert!(stderr.contains("newer than 2, the one this zoho-crm-runtime has"), "{stderr}");
    assert!(stderr.contains(&check_line(contract::VERSION + 1)), "{stderr}");
}

/// A real file of contract 1 (the minimal spec's snapshot as the generator of that contract
/// wrote it: enums, errors and the client as calls of runtime macros that this runtime no
/// longer has) stops at its first macro with the contract's message, and nothing else: no
/// error from inside the old file's items.
#[test]
fn a_real_file_of_contract_1_fails_first_with_the_contract_message() {
    let old = read("tests/contract-fixtures/minimal-contract-1.rs");
    assert!(old.contains(&check_line(1)) && old.contains("rt::api_version! {"), "a contract 1 file");
    let (built, stderr) = build_file("contract-1-file", &old);
    assert!(!built, "the contract 1 file built:\n{stderr}");
    let errors: Vec<&str> = stderr.lines().filter(|line| line.starts_with("error")).collect();
    let message = "generated code for runtime contract 1 (items made by the runtime's macros) on zoho-crm-runtime \
                   with contract 2: generate the file again";
    assert!(errors.first().is_some_and(|first| first.contains(message)), "the first error:\n{stderr}");
    assert!(
        errors.iter().filter(|line| !line.contains("could not compile")).all(|line| line.contains(message)),
        "every error says the same:\n{stderr}"
    );
}
