//! The emit stage: the intermediate model in, Rust tokens out, one module per kind of
//! artifact.
//!
//! Generated code reaches the runtime through the alias `rt` (a `use` of the configured
//! runtime path at the top of the file), and uses only names the check stage reserves
//! (`Option`, `String`, `ApiError`, …), so spec names cannot shadow them.

mod catalog;
mod client;
mod enums;
mod errors;
mod ids;
mod models;
mod operations;

use proc_macro2::{Literal, TokenStream};
use quote::quote;

use crate::Settings;
use crate::model::{Api, Ty};
use crate::naming;

/// Emits the whole client for `api` as `settings` say.
pub fn emit(api: &Api, settings: &Settings) -> Result<TokenStream, String> {
    let runtime_path = settings.runtime_path();
    let path: syn::Path = syn::parse_str(runtime_path)
        .map_err(|err| format!("the runtime path `{runtime_path}` is not a Rust path: {err}"))?;
    let context = Context { serde_crate: format!("{}::serde", runtime_path.trim()) };
    let items = [
        catalog::emit(api),
        ids::emit(api),
        enums::emit(api),
        models::emit(api, &context),
        errors::emit(api),
        operations::emit(api),
        if settings.client() { gated(client::emit(api), settings.client_feature())? } else { TokenStream::new() },
    ];
    Ok(quote! {
        use #path as rt;
        #(#items)*
    })
}

/// `items` with each one under `#[cfg(feature = "<feature>")]`, when a feature is given.
fn gated(items: TokenStream, feature: Option<&str>) -> Result<TokenStream, String> {
    let Some(feature) = feature else { return Ok(items) };
    let file: syn::File = syn::parse2(items).map_err(|err| format!("the client does not parse: {err}"))?;
    let items = file.items.iter();
    Ok(quote! { #( #[cfg(feature = #feature)] #items )* })
}

/// What the emitters need besides the model.
pub(crate) struct Context {
    /// The path of the re-exported `serde`, for `#[serde(crate = "…")]`.
    pub serde_crate: String,
}

/// `#[doc]` attributes for a text, one per line.
pub(crate) fn doc(text: &str) -> TokenStream {
    let lines = text.trim().lines().map(|line| {
        let line = if line.trim().is_empty() { String::new() } else { format!(" {}", line.trim_end()) };
        quote! { #[doc = #line] }
    });
    quote! { #(#lines)* }
}

/// An identifier for a Rust name from the model.
pub(crate) fn ident(name: &str) -> proc_macro2::Ident {
    naming::ident(name)
}

/// `set_x` or `get_x` for a field `x` (also `r#type` and `_1st`, which lose their marks).
pub(crate) fn prefixed(prefix: &str, rust: &str) -> proc_macro2::Ident {
    ident(&format!("{prefix}{}", rust.trim_start_matches("r#").trim_start_matches('_')))
}

/// A string literal.
pub(crate) fn lit(text: &str) -> Literal {
    Literal::string(text)
}

/// The Rust type of a model type.
pub(crate) fn rust_type(ty: &Ty) -> TokenStream {
    match ty {
        Ty::Bool => quote!(bool),
        Ty::String => quote!(String),
        Ty::Integer => quote!(i64),
        Ty::DateTime => quote!(rt::chrono::DateTime<rt::chrono::FixedOffset>),
        Ty::Json => quote!(rt::serde_json::Value),
        Ty::Module => quote!(Module),
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
