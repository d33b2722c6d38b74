//! Generates the Share Records and Tags APIs into one file in `OUT_DIR`: the items they
//! share once (one `Client`, one `ApiError`, …), then a module per API.

fn main() {
    // The client's items are gated behind the crate's `client` feature in the file
    // itself, so the same file serves builds with and without it.
    let result = zoho_crm_codegen::Builder::family(["../spec/share_records.yaml", "../spec/tags.yaml"])
        .out_file("crm.rs")
        .settings(zoho_crm_codegen::Settings::default().with_client_feature("client"))
        .generate();
    // For the crate's unit tests: a family that needs what Share Records and Tags do not
    // (versions and modules only one API has, custom modules only one takes).
    let edges = result.and_then(|_| {
        zoho_crm_codegen::Builder::family(["../tests/specs/minimal.yaml", "tests/specs/gadgets.yaml"])
            .out_file("edges.rs")
            .settings(zoho_crm_codegen::Settings::default().with_client_feature("client"))
            .generate()
    });
    if let Err(err) = edges {
        eprintln!("{err}");
        std::process::exit(1);
    }
}
