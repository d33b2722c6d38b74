//! Generates the client from the spec into `OUT_DIR` on every build where the spec (or the
//! generator) changed.

fn main() {
    // The async client is generated when this crate's `client` feature is on.
    let client = std::env::var_os("CARGO_FEATURE_CLIENT").is_some();
    let result = zoho_share_codegen::Builder::new("../spec/share_records.yaml")
        .out_file("share_records.rs")
        .client(client)
        .generate();
    if let Err(err) = result {
        eprintln!("{err}");
        std::process::exit(1);
    }
}
