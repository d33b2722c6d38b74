//! Build steps for the test suites:
//!
//! - follows the README's build-script journey: generates `my_api.rs` into `OUT_DIR` from
//!   the spec of one's own the README shows, with the public `Builder`, so that the
//!   README's `include!` of it compiles as a doctest;
//! - extracts the Rust blocks of the README's "Running a fleet" section, so that the fleet
//!   tests compile and run them as they are printed.

use std::path::Path;

const SECTION: &str = "## Running a fleet";

fn main() {
    generate_my_api();
    extract_fleet_blocks();
}

/// The README's build-script journey, as a user's `build.rs` would run it, on the spec
/// of one's own that the README shows.
fn generate_my_api() {
    let readme = Path::new(env!("CARGO_MANIFEST_DIR")).join("../README.md");
    let text =
        std::fs::read_to_string(&readme).unwrap_or_else(|error| fail(&format!("cannot read the README: {error}")));
    let spec = first_yaml_block(&text).unwrap_or_else(|| fail("the README shows no spec of one's own"));
    let out_dir = std::env::var("OUT_DIR").unwrap_or_else(|_| fail("cargo sets OUT_DIR"));
    let spec_path = Path::new(&out_dir).join("my_api.yaml");
    std::fs::write(&spec_path, spec).unwrap_or_else(|error| fail(&format!("cannot write the spec: {error}")));
    let result = zoho_crm_codegen::Builder::new(&spec_path).out_file("my_api.rs").generate();
    if let Err(err) = result {
        fail(&err.to_string());
    }
}

/// The text of the README's first ```yaml block.
fn first_yaml_block(readme: &str) -> Option<String> {
    let mut lines = readme.lines().skip_while(|line| line.trim_end() != "```yaml").skip(1);
    let block: Vec<&str> = lines.by_ref().take_while(|line| line.trim_end() != "```").collect();
    (!block.is_empty()).then(|| block.join("\n"))
}

/// The fleet section's Rust blocks, for the fleet tests to compile and run.
fn extract_fleet_blocks() {
    let readme = Path::new(env!("CARGO_MANIFEST_DIR")).join("../README.md");
    println!("cargo:rerun-if-changed={}", readme.display());
    let text =
        std::fs::read_to_string(&readme).unwrap_or_else(|error| fail(&format!("cannot read the README: {error}")));
    let code = fleet_blocks(&text);
    if code.trim().is_empty() {
        fail(&format!("the README has no Rust block under `{SECTION}`"));
    }
    let out =
        Path::new(&std::env::var("OUT_DIR").unwrap_or_else(|_| fail("cargo sets OUT_DIR"))).join("readme_fleet.rs");
    std::fs::write(&out, code).unwrap_or_else(|error| fail(&format!("cannot write {}: {error}", out.display())));
}

/// The text of every ```rust block between the section's heading and the next heading of
/// its level.
fn fleet_blocks(readme: &str) -> String {
    let mut lines = readme.lines().skip_while(|line| line.trim_end() != SECTION).skip(1);
    let mut code = String::new();
    let mut in_rust = false;
    for line in lines.by_ref() {
        if !in_rust && line.starts_with("## ") {
            break;
        }
        match line.trim_end() {
            "```rust" if !in_rust => in_rust = true,
            "```" if in_rust => in_rust = false,
            _ if in_rust => {
                code.push_str(line);
                code.push('\n');
            }
            _ => {}
        }
    }
    code
}

fn fail(message: &str) -> ! {
    eprintln!("{message}");
    std::process::exit(1);
}
