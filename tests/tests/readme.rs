//! The README's code works as a reader pastes it: each Rust block is built, and its tests
//! run, in a crate of its own made by `cargo new` outside the repository, whose manifest
//! gets only the TOML the README shows in the same section, pasted at its end.
//!
//! The README's TOML names the repository's crates by path, as a clone next to the
//! reader's crate (`../zoho-share-records/…`); the scratch crates stand next to a link of
//! that name to this checkout, so the paths are used as printed. A block whose first line
//! names a file (`// build.rs`, `// tests/share.rs`, `# spec/my_api.yaml`) goes to that
//! file, and every such block of a section goes to one crate: a journey. Any other Rust
//! block is `src/main.rs` when it has a `main`, else `src/lib.rs`, in a crate of its own.
//!
//! The scratch crates reuse the workspace's `Cargo.lock` (the same versions, offline)
//! and share one target directory, `target/readme-crates/`.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::Command;

use zoho_crm_tests::{read, root};

/// The name the README gives the clone of this repository, beside the reader's crate.
const CLONE: &str = "zoho-share-records";

/// A fenced block: its info string, the README line it starts on, and its text.
#[derive(Clone, Debug)]
struct Block {
    info: String,
    line: usize,
    text: String,
}

impl Block {
    fn language(&self) -> &str {
        self.info.split(',').next().unwrap_or_default()
    }

    /// The file the block's first line names, if it names one (`// build.rs`).
    fn file(&self) -> Option<&str> {
        let first = self.text.lines().next()?.trim();
        let name = first.strip_prefix("// ").or_else(|| first.strip_prefix("# "))?.trim();
        let plain = !name.is_empty() && name.chars().all(|c| c.is_ascii_alphanumeric() || "_-./".contains(c));
        let file_like = [".rs", ".yaml", ".yml"].iter().any(|end| name.ends_with(end));
        (plain && file_like && !name.starts_with('/') && !name.contains("..")).then_some(name)
    }
}

/// A section of the README (a `##` or `###` heading) and its blocks.
#[derive(Debug)]
struct Section {
    heading: String,
    blocks: Vec<Block>,
}

/// The README's sections with their fenced blocks (indented fences, in lists, included).
fn sections(text: &str) -> Vec<Section> {
    let mut sections = vec![Section { heading: String::from("(top)"), blocks: Vec::new() }];
    let mut open: Option<Block> = None;
    for (index, line) in text.lines().enumerate() {
        let fence = line.trim_start().strip_prefix("```");
        match (open.take(), fence) {
            (None, Some(info)) => {
                open = Some(Block { info: info.trim().to_owned(), line: index + 1, text: String::new() })
            }
            (Some(block), Some(_)) => sections.last_mut().expect("a section").blocks.push(block),
            (Some(mut block), None) => {
                block.text.push_str(line);
                block.text.push('\n');
                open = Some(block);
            }
            (None, None) if line.starts_with("## ") || line.starts_with("### ") => {
                sections.push(Section { heading: line.to_owned(), blocks: Vec::new() })
            }
            (None, None) => {}
        }
    }
    sections
}

/// A scratch crate to make: where in the README it comes from, the TOML to paste, and
/// its files.
#[derive(Debug)]
struct Scratch {
    name: String,
    origin: String,
    toml: String,
    files: Vec<(String, String)>,
}

/// The scratch crates the README's Rust blocks need.
fn scratch_crates(sections: &[Section]) -> Vec<Scratch> {
    let mut crates = Vec::new();
    for section in sections {
        let rust: Vec<&Block> = section.blocks.iter().filter(|block| block.language() == "rust").collect();
        if rust.is_empty() {
            continue;
        }
        let toml: Vec<&str> =
            section.blocks.iter().filter(|block| block.language() == "toml").map(|block| block.text.as_str()).collect();
        assert!(
            !toml.is_empty(),
            "README line {}: a Rust block under `{}` has no TOML beside it, so a reader cannot tell what to depend on",
            rust[0].line,
            section.heading
        );
        let toml = toml.concat();
        let journey: Vec<&Block> = section.blocks.iter().filter(|block| block.file().is_some()).collect();
        if !journey.is_empty() {
            let files = journey.iter().map(|block| (block.file().unwrap_or_default().to_owned(), block.text.clone()));
            crates.push(Scratch {
                name: format!("readme_journey_{}", journey[0].line),
                origin: format!("the journey of README line {} ({})", journey[0].line, section.heading),
                toml: toml.clone(),
                files: files.collect(),
            });
        }
        for block in rust.into_iter().filter(|block| block.file().is_none()) {
            let file = if block.text.contains("fn main(") { "src/main.rs" } else { "src/lib.rs" };
            crates.push(Scratch {
                name: format!("readme_block_{}", block.line),
                origin: format!("the block of README line {} ({})", block.line, section.heading),
                toml: toml.clone(),
                files: vec![(file.to_owned(), block.text.clone())],
            });
        }
    }
    crates
}

/// Runs cargo; the error holds what it printed.
fn cargo(directory: &Path, args: &[&str]) -> Result<(), String> {
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_owned());
    let output = Command::new(cargo)
        .args(args)
        .current_dir(directory)
        .env("CARGO_TARGET_DIR", root().join("target/readme-crates"))
        .env_remove("RUSTFLAGS")
        .env_remove("CARGO_ENCODED_RUSTFLAGS")
        .output()
        .map_err(|err| format!("cannot run cargo: {err}"))?;
    if output.status.success() {
        Ok(())
    } else {
        Err(format!("{}{}", String::from_utf8_lossy(&output.stdout), String::from_utf8_lossy(&output.stderr)))
    }
}

/// The directory that holds the scratch crates and the link named like the clone.
fn scratch_home() -> PathBuf {
    let home = std::env::temp_dir().join(format!("zoho-readme-crates-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&home);
    std::fs::create_dir_all(&home).expect("a scratch directory");
    link_dir(&root(), &home.join(CLONE));
    home
}

#[cfg(unix)]
fn link_dir(target: &Path, link: &Path) {
    std::os::unix::fs::symlink(target, link).expect("a link to the checkout");
}

#[cfg(not(unix))]
fn link_dir(target: &Path, link: &Path) {
    panic!("this test links {} to {}, which needs a Unix system", link.display(), target.display());
}

/// Makes the crate as a reader would: `cargo new`, the TOML pasted at the end of its
/// manifest, the blocks in their files; then builds it and runs its tests.
fn build_and_test(home: &Path, scratch: &Scratch) -> Result<(), String> {
    cargo(home, &["new", "--quiet", "--vcs", "none", "--name", &scratch.name, &scratch.name])?;
    let directory = home.join(&scratch.name);
    let manifest = directory.join("Cargo.toml");
    let mut text = std::fs::read_to_string(&manifest).map_err(|err| err.to_string())?;
    if !text.ends_with('\n') {
        text.push('\n');
    }
    text.push_str(&scratch.toml);
    std::fs::write(&manifest, text).map_err(|err| err.to_string())?;
    std::fs::copy(root().join("Cargo.lock"), directory.join("Cargo.lock")).map_err(|err| err.to_string())?;
    for (file, contents) in &scratch.files {
        let path = directory.join(file);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).map_err(|err| err.to_string())?;
        }
        std::fs::write(&path, contents).map_err(|err| err.to_string())?;
    }
    cargo(&directory, &["test", "--quiet", "--offline"])
}

#[test]
fn every_rust_block_builds_and_tests_in_a_fresh_crate_with_only_its_toml() {
    let crates = scratch_crates(&sections(&read("README.md")));
    assert!(crates.len() >= 3, "the README shows Rust code: {crates:#?}");
    let home = scratch_home();
    let mut failures = String::new();
    for scratch in &crates {
        if let Err(output) = build_and_test(&home, scratch) {
            let _ = writeln!(
                failures,
                "\n== {} (kept in {}):\n{output}",
                scratch.origin,
                home.join(&scratch.name).display()
            );
        }
    }
    assert!(failures.is_empty(), "README code that fails as pasted:{failures}");
    let _ = std::fs::remove_dir_all(&home);
}

#[test]
fn no_rust_block_hides_lines() {
    for section in sections(&read("README.md")) {
        for block in section.blocks.iter().filter(|block| block.language() == "rust") {
            let hidden = block.text.lines().find(|line| line.trim_start().starts_with("# ") || line.trim() == "#");
            assert_eq!(hidden, None, "README line {}: a hidden doctest line shows on GitHub as it is", block.line);
        }
    }
}

#[test]
fn every_toml_block_pastes_after_the_dependencies_header_cargo_new_writes() {
    for section in sections(&read("README.md")) {
        for block in section.blocks.iter().filter(|block| block.language() == "toml") {
            let headers: Vec<&str> = block.text.lines().filter(|line| line.trim_start().starts_with('[')).collect();
            assert!(
                !headers.contains(&"[dependencies]") && !headers.contains(&"[package]"),
                "README line {}: `cargo new` ends its manifest with `[dependencies]`; this block would repeat a table",
                block.line
            );
            for path in block.text.split("path = \"").skip(1) {
                assert!(
                    path.starts_with(&format!("../{CLONE}/")),
                    "README line {}: a path dependency that is not in the clone beside the reader's crate",
                    block.line
                );
            }
        }
    }
}

#[test]
fn every_yaml_block_is_a_spec_that_generates() {
    let specs: Vec<Block> = sections(&read("README.md"))
        .into_iter()
        .flat_map(|section| section.blocks)
        .filter(|block| block.language() == "yaml")
        .collect();
    assert!(!specs.is_empty(), "the README shows a spec of one's own");
    for spec in specs {
        match zoho_crm_codegen::generate(&spec.text, "README.yaml", &zoho_crm_codegen::Settings::default()) {
            Ok(generated) => assert!(generated.warnings.items.is_empty(), "{}", generated.warnings),
            Err(err) => panic!("README line {}: the spec does not generate:\n{err}", spec.line),
        }
    }
}
