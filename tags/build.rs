//! Generates the Tags client from `spec/tags.yaml` into `OUT_DIR`, as any crate with a spec
//! of its own does.

fn main() {
    let client = std::env::var_os("CARGO_FEATURE_CLIENT").is_some();
    let result = zoho_crm_codegen::Builder::new("../spec/tags.yaml")
        .out_file("tags.rs")
        .settings(zoho_crm_codegen::Settings::default().with_client(client))
        .generate();
    if let Err(err) = result {
        eprintln!("{err}");
        std::process::exit(1);
    }
}
