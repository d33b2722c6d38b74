//! Every spec the generator accepts generates code that compiles without warnings, with
//! documentation that rustdoc accepts and no doctest that fails.
//!
//! Random specs (see `zoho_crm_tests::random_spec`) are generated from consecutive seeds;
//! the accepted ones are compiled in batches as modules of one scratch crate, under
//! `#![deny(warnings, missing_docs)]` (random specs leave some docs out, as imported ones
//! do, and every generated item must still be documented), then documented with warnings
//! denied and their doctests run. Operations draw an optional `module` query parameter
//! (`required: false`) as often as a required one, so `scopes_for(Option<&Module>)` stays
//! compiled, and draw multipart parts, whole-URL operations, host prefixes, error groups
//! and file size limits (the run prints how many accepted specs had each, and fails if one
//! never came up). CI runs a fixed budget; a longer soak is
//!
//! ```sh
//! ACCEPTED_SPECS=2000 ACCEPTED_SPECS_BATCH=100 cargo test --release -p zoho-crm-tests --test accepted_specs_compile -- --nocapture
//! ```
//!
//! and `ACCEPTED_SPECS_SEED=N` starts from another seed. A failure names the seeds of its
//! batch and keeps the scratch crate under `target/accepted-specs/` to look at.

use std::path::{Path, PathBuf};
use std::process::Command;

use zoho_crm_codegen::model::{Api, Location};
use zoho_crm_codegen::read::spec::Spec;
use zoho_crm_codegen::{Settings, generate, load_model};
use zoho_crm_tests::random_spec::{accepted_shapes, random_spec};
use zoho_crm_tests::{read, root};

/// The shapes counted, by name.
const SHAPES: [&str; 5] =
    ["multipart parts", "a whole-URL operation", "a host prefix", "error groups", "file size limits"];

/// Which of [`SHAPES`] an accepted spec has, read from the spec and its model.
fn shapes_of(spec: &Spec, api: &Api) -> [bool; 5] {
    let params = || api.operations.iter().flat_map(|operation| &operation.params);
    [
        params().any(|param| param.location == Location::Part),
        params().any(|param| param.location == Location::Url),
        api.operations.iter().any(|operation| operation.host_prefix.is_some()),
        spec.operations.iter().any(|operation| !operation.error_groups.is_empty()),
        params().any(|param| param.max_bytes.is_some()),
    ]
}

fn setting(name: &str, default: u64) -> u64 {
    std::env::var(name).ok().and_then(|value| value.parse().ok()).unwrap_or(default)
}

/// The scratch crate: a manifest that depends on the runtime alone, and a `lib.rs` that
/// holds every generated file of the batch as a module.
fn write_scratch_crate(directory: &Path, modules: &[(u64, String)]) {
    let _ = std::fs::remove_dir_all(directory.join("src"));
    std::fs::create_dir_all(directory.join("src")).unwrap();
    let runtime = root().join("runtime");
    let manifest = format!(
        "[package]\nname = \"accepted-specs\"\nversion = \"0.0.0\"\nedition = \"2024\"\npublish = false\n\n[dependencies]\nzoho-crm-runtime = {{ path = {:?} }}\n\n[workspace]\n",
        runtime.display().to_string()
    );
    std::fs::write(directory.join("Cargo.toml"), manifest).unwrap();
    let mut lib = String::from("//! Generated from random specs.\n#![deny(warnings, missing_docs)]\n");
    for (seed, code) in modules {
        std::fs::write(directory.join(format!("src/spec_{seed}.rs")), code).unwrap();
        lib.push_str(&format!("\n/// Generated from the random spec of seed {seed}.\npub mod spec_{seed};\n"));
    }
    std::fs::write(directory.join("src/lib.rs"), lib).unwrap();
}

/// Runs cargo in the scratch crate; the error holds what it printed.
fn cargo(directory: &Path, target: &Path, args: &[&str]) -> Result<(), String> {
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_owned());
    let output = Command::new(cargo)
        .args(args)
        .current_dir(directory)
        .env("CARGO_TARGET_DIR", target)
        .env("RUSTDOCFLAGS", "-D warnings")
        .env_remove("RUSTFLAGS")
        .output()
        .map_err(|err| format!("cannot run cargo: {err}"))?;
    if output.status.success() { Ok(()) } else { Err(String::from_utf8_lossy(&output.stderr).into_owned()) }
}

/// Builds, documents and runs the doctests of a batch; a failure names its seeds.
fn compile(directory: &Path, target: &Path, batch: &[(u64, String)]) {
    let seeds: Vec<u64> = batch.iter().map(|(seed, _)| *seed).collect();
    write_scratch_crate(directory, batch);
    for step in [&["build", "--quiet"][..], &["doc", "--quiet", "--no-deps"], &["test", "--quiet", "--doc"]] {
        if let Err(output) = cargo(directory, target, step) {
            panic!("`cargo {}` failed for the specs of seeds {seeds:?}:\n{output}", step.join(" "));
        }
    }
}

#[test]
fn every_accepted_random_spec_compiles_clean() {
    let count = setting("ACCEPTED_SPECS", 24);
    let batch_size = setting("ACCEPTED_SPECS_BATCH", 24).max(1) as usize;
    let first_seed = setting("ACCEPTED_SPECS_SEED", 1);
    let directory: PathBuf = root().join("target/accepted-specs/crate");
    let target = root().join("target/accepted-specs/target");
    let (mut accepted, mut refused, mut batch) = (0u64, 0u64, Vec::new());
    // How many accepted specs have each of `SHAPES`.
    let mut shapes_seen = [0u64; SHAPES.len()];
    // Seed 0 is no random spec: the accepted shapes of issue 17 (an optional module, …),
    // compiled with the first batch.
    let shapes = accepted_shapes(&read("tests/specs/minimal.yaml"));
    match generate(&shapes, "accepted-shapes.yaml", &Settings::default()) {
        Ok(generated) => {
            assert!(generated.code.contains("scopes_for(module: Option<&Module>)"), "the module is optional");
            assert!(generated.code.contains("\"others.READ\""), "without a module, every module's scope");
            batch.push((0, generated.code));
        }
        Err(err) => panic!("the accepted shapes are refused:\n{err}\n{shapes}"),
    }
    let mut seed = first_seed;
    // Refused specs do not count towards the budget, within a bound of tries.
    while accepted < count && seed < first_seed + count * 50 {
        let text = random_spec(seed);
        match generate(&text, &format!("random-{seed}.yaml"), &Settings::default()) {
            Ok(generated) => {
                accepted += 1;
                let (spec, api, _) = load_model(&text, "random.yaml").expect("a spec that generates loads");
                for (seen, has) in shapes_seen.iter_mut().zip(shapes_of(&spec, &api)) {
                    *seen += u64::from(has);
                }
                batch.push((seed, generated.code));
            }
            Err(_) => refused += 1,
        }
        seed += 1;
        if batch.len() == batch_size {
            compile(&directory, &target, &batch);
            batch.clear();
        }
    }
    if !batch.is_empty() {
        compile(&directory, &target, &batch);
    }
    let [parts, urls, hosts, groups, sizes] = shapes_seen;
    println!(
        "{accepted} accepted random specs compiled clean ({parts} with multipart parts, {urls} with a whole-URL \
         operation, {hosts} with a host prefix, {groups} with error groups, {sizes} with file size limits); \
         {refused} refused (seeds {first_seed}..{seed})"
    );
    // The seeds are fixed, so this holds until the generator of specs changes.
    assert!(shapes_seen.iter().all(|seen| *seen > 0), "a shape was never drawn: {shapes_seen:?} of {SHAPES:?}");
    assert!(accepted > 0, "no random spec was accepted in {refused} tries: the generator of specs needs a look");
}
