//! Generates the Share Records and Tags APIs into one file in `OUT_DIR`: the items they
//! share once (one `Client`, one `ApiError`, …), then a module per API.

fn main() {
    let client = std::env::var_os("CARGO_FEATURE_CLIENT").is_some();
    let result = zoho_crm_codegen::Builder::family(["../spec/share_records.yaml", "../spec/tags.yaml"])
        .out_file("crm.rs")
        .settings(zoho_crm_codegen::Settings::default().with_client(client))
        .generate();
    if let Err(err) = result {
        eprintln!("{err}");
        std::process::exit(1);
    }
}
