//! The standard traits generated types implement, each as a one-line call of the runtime
//! trait that does the work (the orphan rule keeps the runtime from implementing them
//! for generated types itself).
//!
//! Paths into `core` are written in full: a spec may name a type `Display` or `FromStr`.
//! The generic parameters `S` and `D` are reserved names, which no spec type may take.

use proc_macro2::{Ident, TokenStream};
use quote::quote;

/// `impl Display for #name`, writing what `text` (an expression of `self`) gives.
pub(super) fn display(name: &Ident, text: TokenStream) -> TokenStream {
    quote! {
        impl ::core::fmt::Display for #name {
            fn fmt(&self, f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
                f.write_str(#text)
            }
        }
    }
}

/// `impl FromStr for #name`, giving what `parse` (an expression of `text`) gives.
pub(super) fn from_str(name: &Ident, error: TokenStream, parse: TokenStream) -> TokenStream {
    quote! {
        impl ::core::str::FromStr for #name {
            type Err = #error;

            fn from_str(text: &str) -> Result<#name, #error> {
                #parse
            }
        }
    }
}

/// `Serialize` and `Deserialize` for an open enum, by the runtime's `OpenEnum`.
pub(super) fn open_enum_serde(name: &Ident) -> TokenStream {
    quote! {
        impl rt::serde::Serialize for #name {
            fn serialize<S: rt::serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                rt::OpenEnum::serialize_wire(self, s)
            }
        }

        impl<'de> rt::serde::Deserialize<'de> for #name {
            fn deserialize<D: rt::serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                rt::OpenEnum::deserialize_wire(d)
            }
        }
    }
}
