//! Generates the Tags client from `spec/tags.yaml` into `OUT_DIR`, as any crate with a spec
//! of its own does.

fn main() {
    let client = std::env::var_os("CARGO_FEATURE_CLIENT").is_some();
    let result = zoho_share_codegen::Builder::new("../spec/tags.yaml").out_file("tags.rs").client(client).generate();
    if let Err(err) = result {
        eprintln!("{err}");
        std::process::exit(1);
    }
}
