//! The emit stage: the intermediate model in, Rust tokens out, one module per kind of
//! artifact.
//!
//! Generated code reaches the runtime through the alias `rt` (a `use` of the configured
//! runtime path at the top of the file, followed by the check of the runtime contract it
//! was generated for, [`RUNTIME_CONTRACT`](crate::RUNTIME_CONTRACT)), and uses only names the check stage reserves
//! (`Option`, `String`, `ApiError`, …), so spec names cannot shadow them.

mod catalog;
mod client;
mod enums;
mod errors;
mod family;
mod ids;
mod models;
mod operations;
mod std_impls;

use proc_macro2::{Literal, TokenStream};
use quote::quote;

use crate::Settings;
use crate::model::naming;
use crate::model::{Api, Ty};

/// A piece of generated code: one or more whole items, most often all that one thing of
/// the spec (a model, an operation) becomes. The format stage parses and prints one piece
/// at a time, so that it never holds the syntax tree of the whole file.
pub struct Piece {
    /// The items.
    pub tokens: TokenStream,
    /// The feature the items are compiled under, if any (`#[cfg(feature = "…")]` on each).
    pub feature: Option<String>,
}

/// The first items of every generated file (the runtime's alias and the check of the
/// contract the file is made for), and what the emitters need besides the model.
pub(crate) fn file_header(settings: &Settings) -> Result<(TokenStream, Context), String> {
    let runtime_path = settings.runtime_path();
    let path: syn::Path = syn::parse_str(runtime_path)
        .map_err(|err| format!("the runtime path `{runtime_path}` is not a Rust path: {err}"))?;
    let context = Context { serde_crate: format!("{}::serde", runtime_path.trim()) };
    let contract = Literal::u32_unsuffixed(crate::RUNTIME_CONTRACT);
    let header = quote! {
        use #path as rt;
        const _: () = rt::contract::require(#contract);
    };
    Ok((header, context))
}

/// Emits the whole client for `api` as `settings` say, in pieces, in file order.
pub fn emit(api: &Api, settings: &Settings) -> Result<Vec<Piece>, String> {
    let (header, context) = file_header(settings)?;
    let ungated = std::iter::once(header)
        .chain(catalog::emit(api))
        .chain(ids::emit(api))
        .chain(enums::emit(api))
        .chain(models::emit(api, &context))
        .chain(errors::emit(api))
        .chain(operations::emit(api))
        .map(|tokens| Piece { tokens, feature: None });
    let mut pieces: Vec<Piece> = ungated.collect();
    if settings.client() {
        let feature = settings.client_feature().map(str::to_owned);
        let calls = client::emit(api).chain(operations::paged_calls(api));
        pieces.extend(calls.map(|tokens| Piece { tokens, feature: feature.clone() }));
    }
    Ok(pieces)
}

/// Emits several APIs as one file (see [`crate::family`]).
pub(crate) fn emit_family(family: &crate::family::Family, settings: &Settings) -> Result<Vec<Piece>, String> {
    family::emit(family, settings)
}

/// Token streams one after another. Unlike interpolating them into `quote!`, which copies
/// every token, this moves them.
pub(crate) fn concat(streams: impl IntoIterator<Item = TokenStream>) -> TokenStream {
    let mut tokens = TokenStream::new();
    tokens.extend(streams);
    tokens
}

/// What the emitters need besides the model.
pub(crate) struct Context {
    /// The path of the re-exported `serde`, for `#[serde(crate = "…")]`.
    pub serde_crate: String,
}

/// `#[doc]` attributes for a text, one per line, made safe for rustdoc (see
/// [`doc_lines`]).
pub(crate) fn doc(text: &str) -> TokenStream {
    let mut tokens = TokenStream::new();
    let mut line_text = String::new();
    for line in doc_lines(text) {
        line_text.clear();
        if !line.is_empty() {
            line_text.push(' ');
            line_text.push_str(&line);
        }
        let line = lit(&line_text);
        tokens.extend(quote! { #[doc = #line] });
    }
    tokens
}

/// The lines of a spec's text as documentation: line endings normalised (rustdoc refuses
/// a bare carriage return), and nothing that rustdoc would run as a doctest in the crate
/// that includes the code: fenced blocks become `text` blocks, and indentation that would
/// make an indented code block is reduced.
pub(crate) fn doc_lines(text: &str) -> Vec<String> {
    let text = text.replace("\r\n", "\n").replace('\r', "\n");
    let mut in_fence = false;
    let mut lines: Vec<String> = text
        .trim()
        .lines()
        .map(|line| {
            let trimmed = line.trim();
            if trimmed.starts_with("```") || trimmed.starts_with("~~~") {
                in_fence = !in_fence;
                let fence = &trimmed[..3];
                return if in_fence { format!("{fence}text") } else { fence.to_owned() };
            }
            if in_fence {
                return line.trim_end().to_owned();
            }
            // Four spaces or a tab would start an indented code block, which rustdoc
            // compiles as Rust.
            let indent = line.len() - line.trim_start().len();
            format!("{}{}", " ".repeat(indent.min(2)), trimmed)
        })
        .collect();
    if in_fence {
        lines.push("```".to_owned());
    }
    lines
}

/// The name of a function argument that sets a field or parameter: its Rust name, except
/// that a name with a leading underscore (`_1st`, from `1st`) gets a prefix, because an
/// enum value `1st` is the variant `_1st` too, and a binding named like a variant of its
/// own type is refused (`bindings_with_variant_name`).
pub(crate) fn argument(rust: &str) -> proc_macro2::Ident {
    if rust.starts_with('_') { ident(&format!("value{rust}")) } else { ident(rust) }
}

/// An identifier for a Rust name from the model.
pub(crate) fn ident(name: &str) -> proc_macro2::Ident {
    naming::ident(name)
}

/// `set_x` or `get_x` for a field `x` (also `r#type` and `_1st`, which lose their marks).
pub(crate) fn prefixed_ident(prefix: &str, rust: &str) -> proc_macro2::Ident {
    ident(&naming::prefixed(prefix, rust))
}

/// A string literal. Text with nothing to escape (printable ASCII but `"` and `\`, as most
/// documentation is) is quoted as it is, which is several times cheaper than escaping it
/// character by character; the literal is the same either way.
pub(crate) fn lit(text: &str) -> Literal {
    let plain = text.bytes().all(|byte| matches!(byte, b' '..=b'~') && byte != b'"' && byte != b'\\');
    if plain {
        let mut quoted = String::with_capacity(text.len() + 2);
        quoted.push('"');
        quoted.push_str(text);
        quoted.push('"');
        if let Ok(literal) = quoted.parse::<Literal>() {
            return literal;
        }
    }
    Literal::string(text)
}

/// The Rust type of a model type.
pub(crate) fn rust_type(ty: &Ty) -> TokenStream {
    match ty {
        Ty::Bool => quote!(bool),
        Ty::String => quote!(String),
        Ty::Integer => quote!(i64),
        Ty::Number => quote!(f64),
        Ty::DateTime => quote!(rt::chrono::DateTime<rt::chrono::FixedOffset>),
        Ty::Json => quote!(rt::serde_json::Value),
        Ty::Module => quote!(Module),
        Ty::File => quote!(rt::FilePart),
        Ty::Id(name) | Ty::Enum(name) | Ty::Model(name) => {
            let name = ident(name);
            quote!(#name)
        }
        Ty::List(inner) => {
            let inner = rust_type(inner);
            quote!(Vec<#inner>)
        }
        Ty::Outcome(inner) => {
            let inner = rust_type(inner);
            quote!(rt::Outcome<#inner, ApiError>)
        }
    }
}

/// The type a setter takes: `impl Into<T>` where that helps (text and IDs), else `T`.
pub(crate) fn setter_type(ty: &Ty) -> TokenStream {
    let rust = rust_type(ty);
    match ty {
        Ty::String | Ty::Id(_) => quote!(impl Into<#rust>),
        _ => rust,
    }
}

/// How a setter turns its argument into the field's type.
pub(crate) fn setter_value(ty: &Ty, arg: &proc_macro2::Ident) -> TokenStream {
    match ty {
        Ty::String | Ty::Id(_) => quote!(#arg.into()),
        _ => quote!(#arg),
    }
}

/// `ApiVersion::V3` for a version's Rust name.
pub(crate) fn version_variant(rust: &str) -> TokenStream {
    let variant = ident(rust);
    quote!(ApiVersion::#variant)
}

#[cfg(test)]
mod tests {
    use super::doc_lines;

    #[test]
    fn literals_are_escaped_only_where_needed() {
        for text in
            ["plain text, 'quoted' (1 + 1)", "a \"quote\" and a \\ backslash", "tab\there", "é — ok", "nul\0", ""]
        {
            assert_eq!(super::lit(text).to_string(), proc_macro2::Literal::string(text).to_string(), "{text:?}");
        }
    }

    #[test]
    fn doc_text_is_safe_for_rustdoc() {
        assert_eq!(doc_lines("one\r\ntwo\rthree"), ["one", "two", "three"]);
        assert_eq!(doc_lines("Run:\n```rust\nfn main() {}\n```"), ["Run:", "```text", "fn main() {}", "```"]);
        assert_eq!(doc_lines("a\n\n        let x = 1;"), ["a", "", "  let x = 1;"]);
        assert_eq!(doc_lines("```\nnever closed"), ["```text", "never closed", "```"]);
    }
}
