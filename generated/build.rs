//! Generates the client from the spec into `OUT_DIR` on every build where the spec (or the
//! generator) changed.

fn main() {
    let result = zoho_share_codegen::Builder::new("../spec/share_records.yaml").out_file("share_records.rs").generate();
    if let Err(err) = result {
        eprintln!("{err}");
        std::process::exit(1);
    }
}
