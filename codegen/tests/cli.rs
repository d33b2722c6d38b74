//! The command line: generate, check and validate, with their exit statuses.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn cli(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_zoho-crm-codegen")).args(args).output().expect("the CLI runs")
}

fn spec() -> String {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../spec/share_records.yaml").display().to_string()
}

fn scratch(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("zoho-crm-codegen-cli-{}-{name}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

#[test]
fn generate_then_check_then_detect_a_stale_file() {
    let dir = scratch("check");
    let out = dir.join("client.rs").display().to_string();
    let generated = cli(&["generate", &spec(), "--out", &out]);
    assert!(generated.status.success(), "{}", stderr(&generated));
    assert!(stderr(&generated).starts_with("wrote "));
    assert!(std::fs::read_to_string(&out).unwrap().starts_with("// @generated"));

    let again = cli(&["generate", &spec(), "-o", &out]);
    assert!(stderr(&again).starts_with("unchanged: "), "an unchanged file is not rewritten");

    let fresh = cli(&["check", &spec(), &out]);
    assert!(fresh.status.success(), "{}", stderr(&fresh));

    let text = std::fs::read_to_string(&out).unwrap().replacen("pub enum ApiError", "pub enum HandEdited", 1);
    std::fs::write(&out, text).unwrap();
    let stale = cli(&["check", &spec(), &out]);
    assert_eq!(stale.status.code(), Some(1));
    let report = stderr(&stale);
    assert!(report.contains("is stale. "), "{report}");
    assert!(report.contains(": 1 line removed, 1 added\n"), "true counts: {report}");
    assert!(report.contains(&format!("--- {out} (on disk)\n+++ {out} (from the spec)\n")), "{report}");
    assert!(report.contains("\n-pub enum HandEdited {\n+pub enum ApiError {\n"), "a unified diff: {report}");
    assert!(report.contains(&format!("regenerate it: zoho-crm-codegen generate {} --out {out}", spec())), "{report}");

    std::fs::remove_file(&out).unwrap();
    let missing = cli(&["check", &spec(), &out]);
    assert_eq!(missing.status.code(), Some(1));
    assert!(stderr(&missing).contains(&format!("{out} does not exist")), "{}", stderr(&missing));
    std::fs::remove_dir_all(dir).unwrap();
}

#[test]
fn generate_without_out_prints_the_code() {
    let output = cli(&["generate", &spec()]);
    assert!(output.status.success());
    assert!(String::from_utf8_lossy(&output.stdout).contains("pub struct GetSharedRecordDetails"));
}

#[test]
fn validate_reports_located_problems_and_fails() {
    let dir = scratch("validate");
    let bad = dir.join("bad.yaml");
    // Edited as a YAML value, whatever the spec's layout.
    let mut value: serde_yaml::Value = serde_yaml::from_str(&std::fs::read_to_string(spec()).unwrap()).unwrap();
    value["errors"]["common"][0]["status"] = 4010.into();
    let text = serde_yaml::to_string(&value).unwrap();
    std::fs::write(&bad, text).unwrap();
    let output = cli(&["validate", &spec(), bad.to_str().unwrap()]);
    assert_eq!(output.status.code(), Some(1));
    let report = stderr(&output);
    assert!(report.contains("share_records.yaml: valid"), "{report}");
    assert!(report.contains("error: `status` 4010 is not an HTTP status (100 to 599)"), "{report}");
    assert!(report.contains(&format!("--> {}:", bad.display())), "messages name the path given: {report}");
    std::fs::remove_dir_all(dir).unwrap();
}

#[test]
fn usage_errors_exit_with_two() {
    assert_eq!(cli(&["generate"]).status.code(), Some(2));
    assert_eq!(cli(&["frobnicate", "x"]).status.code(), Some(2));
    assert_eq!(cli(&["generate", "/nonexistent/spec.yaml"]).status.code(), Some(2));
    assert_eq!(cli(&["--bogus"]).status.code(), Some(2));
    assert_eq!(cli(&[]).status.code(), Some(2), "a command is required");
    assert_eq!(cli(&["validate"]).status.code(), Some(2), "validate needs a spec");
    assert_eq!(cli(&["check", &spec()]).status.code(), Some(2), "check needs a file");
    assert_eq!(cli(&["generate", &spec(), "--runtime-path"]).status.code(), Some(2));
    let help = cli(&["--help"]);
    let text = String::from_utf8_lossy(&help.stdout);
    assert!(help.status.success(), "{text}");
    for command in ["generate", "check", "validate", "doc-check"] {
        assert!(text.contains(command), "--help lists `{command}`: {text}");
    }
    let version = cli(&["--version"]);
    assert!(version.status.success());
    assert!(String::from_utf8_lossy(&version.stdout).contains(env!("CARGO_PKG_VERSION")));
}

#[test]
fn generate_options_change_the_code() {
    let output = cli(&["generate", &spec(), "--runtime-path", "crate::runtime", "--no-client"]);
    assert!(output.status.success(), "{}", stderr(&output));
    let code = String::from_utf8_lossy(&output.stdout);
    assert!(code.contains("use crate::runtime as rt;"), "the runtime path is used");
    assert!(!code.contains("pub struct Client"), "--no-client leaves the client out");
    let with_client = cli(&["generate", &spec()]);
    assert!(String::from_utf8_lossy(&with_client.stdout).contains("pub struct Client"));
}

#[test]
fn an_invalid_spec_makes_generate_and_check_exit_with_one() {
    let dir = scratch("invalid");
    let bad = dir.join("bad.yaml");
    std::fs::write(&bad, "name: [").unwrap();
    let bad = bad.display().to_string();
    assert_eq!(cli(&["generate", &bad]).status.code(), Some(1));
    assert_eq!(cli(&["check", &bad, &bad]).status.code(), Some(1));
    std::fs::remove_dir_all(dir).unwrap();
}

/// Issue 17, item 11: a spec is read with at most its budget and one byte more held, so an
/// endless or huge file is refused, located, at once; other files are bounded too.
#[test]
fn endless_and_huge_files_are_refused_without_reading_them_whole() {
    let dir = scratch("huge");
    let huge = dir.join("huge.yaml");
    // Sparse: 100 MB the file system does not store.
    std::fs::File::create(&huge).unwrap().set_len(100 << 20).unwrap();
    let huge = huge.display().to_string();
    let mut sources = vec![huge.clone()];
    if Path::new("/dev/zero").exists() {
        sources.push("/dev/zero".to_owned());
    }
    for source in &sources {
        for command in ["generate", "validate"] {
            let output = cli(&[command, source]);
            assert_eq!(output.status.code(), Some(1), "{command} {source}: {}", stderr(&output));
            let report = stderr(&output);
            assert!(report.contains("the spec is more than 4194304 bytes"), "{report}");
            assert!(report.contains(&format!("--> {source}:")), "located: {report}");
        }
        let page = cli(&["doc-check", &spec(), source]);
        assert_eq!(page.status.code(), Some(2), "{}", stderr(&page));
        assert!(stderr(&page).contains("larger than"), "{}", stderr(&page));
    }
    std::fs::remove_dir_all(dir).unwrap();
}

/// `--out` into a folder that does not exist is a usage error naming it; nothing is made.
#[test]
fn out_into_a_missing_folder_is_an_error_naming_it() {
    let dir = scratch("missing-folder");
    let missing = dir.join("no/such/folder");
    let out = missing.join("client.rs").display().to_string();
    let output = cli(&["generate", &spec(), "--out", &out]);
    assert_eq!(output.status.code(), Some(2), "{}", stderr(&output));
    assert!(
        stderr(&output).contains(&format!("the folder {} does not exist", missing.display())),
        "{}",
        stderr(&output)
    );
    assert!(!dir.join("no").exists(), "no folder is made");
    std::fs::remove_dir_all(dir).unwrap();
}

#[test]
fn a_folder_given_for_a_file_is_named_as_a_folder() {
    let folder = scratch("a-folder");
    let folder_text = folder.display().to_string();
    for args in [vec!["validate", folder_text.as_str()], vec!["doc-check", &spec(), folder_text.as_str()]] {
        let output = cli(&args);
        assert_eq!(output.status.code(), Some(2), "{args:?}");
        let text = stderr(&output);
        assert!(text.contains("it is a folder; name the files in it"), "{args:?}: {text}");
        assert!(!text.contains("os error"), "{text}");
    }
}
