//! Typed IDs: `u64` newtypes that travel as strings of digits.

use proc_macro2::TokenStream;
use quote::quote;

use super::{doc, ident};
use crate::model::{Api, IdType};

pub(super) fn emit(api: &Api) -> TokenStream {
    let ids = api.ids.iter().map(id_type);
    quote! { #(#ids)* }
}

fn id_type(id: &IdType) -> TokenStream {
    let name = ident(&id.rust);
    let type_doc = doc(&format!("{}\n\nZoho sends IDs as strings of up to 19 digits; this keeps the number.", id.doc));
    quote! {
        #type_doc
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub struct #name(u64);

        impl #name {
            /// The ID with this number.
            pub const fn new(id: u64) -> #name {
                #name(id)
            }

            /// The ID's number.
            pub const fn get(self) -> u64 {
                self.0
            }
        }

        impl From<u64> for #name {
            fn from(id: u64) -> #name {
                #name(id)
            }
        }

        impl From<#name> for u64 {
            fn from(id: #name) -> u64 {
                id.0
            }
        }

        impl ::std::fmt::Display for #name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                ::std::fmt::Display::fmt(&self.0, f)
            }
        }

        impl ::std::str::FromStr for #name {
            type Err = rt::IdError;

            fn from_str(text: &str) -> Result<#name, rt::IdError> {
                rt::parse_id(text).map(#name)
            }
        }

        impl rt::serde::Serialize for #name {
            fn serialize<S: rt::serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.collect_str(&self.0)
            }
        }

        impl<'de> rt::serde::Deserialize<'de> for #name {
            fn deserialize<D: rt::serde::Deserializer<'de>>(deserializer: D) -> Result<#name, D::Error> {
                rt::deserialize_id(deserializer).map(#name)
            }
        }

        impl rt::ToWire<ApiVersion> for #name {
            fn to_wire(&self, _version: ApiVersion) -> rt::serde_json::Value {
                rt::serde_json::Value::String(self.0.to_string())
            }
        }

        impl rt::Check<ApiVersion> for #name {
            fn check(&self, path: &rt::FieldPath<'_>, _version: Option<ApiVersion>) -> Result<(), rt::BuildError> {
                rt::check_id(path, self.0)
            }
        }
    }
}
