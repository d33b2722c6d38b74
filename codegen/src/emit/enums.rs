//! Open enums: known values as variants, anything else kept in `Unknown`.

use proc_macro2::TokenStream;
use quote::quote;

use super::{doc, ident, lit, version_variant};
use crate::model::{Api, Enum};

pub(super) fn emit(api: &Api) -> TokenStream {
    let enums = api.enums.iter().map(open_enum);
    quote! { #(#enums)* }
}

fn open_enum(item: &Enum) -> TokenStream {
    let name = ident(&item.rust);
    let type_doc = doc(&item.doc);
    let variants: Vec<_> = item.values.iter().map(|value| ident(&value.named.rust)).collect();
    let wires: Vec<_> = item.values.iter().map(|value| lit(&value.named.wire)).collect();
    let docs = item.values.iter().map(|value| {
        let since =
            value.since.as_ref().map_or_else(String::new, |since| format!(" Requests need `{}` or later.", since.wire));
        doc(&format!("`{}`: {}{since}", value.named.wire, value.named.doc))
    });
    let what = lit(&item.rust);
    let since = since_methods(item);
    quote! {
        #type_doc
        #[derive(Clone, Debug, PartialEq, Eq, Hash)]
        #[non_exhaustive]
        pub enum #name {
            #( #docs #variants, )*
            /// A value this client does not know, kept as Zoho sent it.
            Unknown(rt::UnknownValue),
        }

        impl #name {
            /// The known values, as they appear on the wire.
            pub const VALUES: &'static [&'static str] = &[#(#wires),*];

            /// The value as it appears on the wire.
            pub fn as_str(&self) -> &str {
                match self {
                    #( #name::#variants => #wires, )*
                    #name::Unknown(value) => value.as_str(),
                }
            }

            /// Parses a known value; an unknown one is an error.
            pub fn try_parse(text: &str) -> Result<#name, rt::ParseValueError> {
                match text {
                    #( #wires => Ok(#name::#variants), )*
                    _ => Err(rt::ParseValueError::new(#what, text, #name::VALUES)),
                }
            }

            /// Whether this is a value the client does not know.
            pub fn is_unknown(&self) -> bool {
                matches!(self, #name::Unknown(_))
            }

            #since
        }

        impl From<&str> for #name {
            fn from(text: &str) -> #name {
                #name::try_parse(text).unwrap_or_else(|_| #name::Unknown(rt::UnknownValue::new(text)))
            }
        }

        impl ::std::str::FromStr for #name {
            type Err = ::std::convert::Infallible;

            fn from_str(text: &str) -> Result<#name, ::std::convert::Infallible> {
                Ok(#name::from(text))
            }
        }

        impl ::std::fmt::Display for #name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl rt::serde::Serialize for #name {
            fn serialize<S: rt::serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.serialize_str(self.as_str())
            }
        }

        impl<'de> rt::serde::Deserialize<'de> for #name {
            fn deserialize<D: rt::serde::Deserializer<'de>>(deserializer: D) -> Result<#name, D::Error> {
                rt::deserialize_enum(deserializer, |text: &str| #name::from(text))
            }
        }

        impl rt::ToWire<ApiVersion> for #name {
            fn to_wire(&self, _version: ApiVersion) -> rt::serde_json::Value {
                rt::serde_json::Value::String(self.as_str().to_owned())
            }
        }

        impl rt::Check<ApiVersion> for #name {
            fn check(&self, path: &rt::FieldPath<'_>, version: Option<ApiVersion>) -> Result<(), rt::BuildError> {
                if let #name::Unknown(value) = self {
                    return Err(rt::unknown_value(path, value.as_str(), #name::VALUES));
                }
                if let (Some(version), Some(since)) = (version, self.available_since()) {
                    if version < since {
                        return Err(rt::not_in_version(path, &format!("value `{}`", self.as_str()), since, version));
                    }
                }
                Ok(())
            }
        }
    }
}

/// `available_since`: which values need a later version.
fn since_methods(item: &Enum) -> TokenStream {
    let name = ident(&item.rust);
    let arms: Vec<_> = item
        .values
        .iter()
        .filter_map(|value| {
            let since = value.since.as_ref()?;
            let variant = ident(&value.named.rust);
            let version = version_variant(&since.rust);
            Some(quote!(#name::#variant => Some(#version),))
        })
        .collect();
    let body = if arms.is_empty() {
        quote!(None)
    } else {
        quote! {
            match self {
                #(#arms)*
                _ => None,
            }
        }
    };
    quote! {
        /// The first API version that accepts this value in requests; `None` when every
        /// version does.
        pub fn available_since(&self) -> Option<ApiVersion> {
            #body
        }
    }
}
