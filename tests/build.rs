//! Extracts the Rust blocks of the README's "Running a fleet" section, so that the fleet
//! tests compile and run them as they are printed (against a real Redis).

use std::path::Path;

const SECTION: &str = "## Running a fleet";

fn main() {
    extract_fleet_blocks();
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
