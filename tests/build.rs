//! Follows the README's build-script journey: generates `my_api.rs` into `OUT_DIR` with
//! the public `Builder`, so that the README's `include!` of it compiles as a doctest.

fn main() {
    let result = zoho_share_codegen::Builder::new("../spec/share_records.yaml").out_file("my_api.rs").generate();
    if let Err(err) = result {
        eprintln!("{err}");
        std::process::exit(1);
    }
}
