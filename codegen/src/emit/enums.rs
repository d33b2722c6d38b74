//! Open enums: known values as variants, anything else kept in `Unknown`; plain items
//! over the runtime's `OpenEnum`.

use proc_macro2::TokenStream;
use quote::quote;

use super::{doc, ident, lit, std_impls, version_variant};
use crate::model::{Api, Enum};

pub(super) fn emit(api: &Api) -> impl Iterator<Item = TokenStream> {
    api.enums.iter().map(open_enum)
}

fn open_enum(item: &Enum) -> TokenStream {
    let name = ident(&item.rust);
    let type_doc = doc(&item.doc);
    let variants: Vec<_> = item.values.iter().map(|value| ident(&value.named.rust)).collect();
    let variant_docs = item.values.iter().map(|value| {
        let since_note =
            value.since.as_ref().map_or_else(String::new, |since| format!(" Requests need `{}` or later.", since.wire));
        doc(&format!("`{}`: {}{since_note}", value.named.wire, value.named.doc))
    });
    let wires = item.values.iter().map(|value| lit(&value.named.wire));
    // Only an enum with a value that some versions refuse lists when each is accepted.
    let since = item.values.iter().any(|value| value.since.is_some()).then(|| {
        let firsts = item.values.iter().map(|value| match &value.since {
            Some(since) => {
                let version = version_variant(&since.rust);
                quote!(Some(#version))
            }
            None => quote!(None),
        });
        quote!(const SINCE: &'static [Option<ApiVersion>] = &[#(#firsts),*];)
    });
    let type_name = lit(&item.rust);
    let display = std_impls::display(&name, quote!(self.as_str()));
    let from_str = std_impls::from_str(&name, quote!(::core::convert::Infallible), quote!(Ok(#name::from(text))));
    let serde = std_impls::open_enum_serde(&name);
    quote! {
        #type_doc
        #[derive(Clone, Debug, PartialEq, Eq, Hash)]
        #[non_exhaustive]
        pub enum #name {
            #(#variant_docs #variants,)*
            /// A value this client does not know, kept as Zoho sent it.
            Unknown(rt::UnknownValue),
        }

        impl #name {
            /// The known values, as they appear on the wire.
            pub const VALUES: &'static [&'static str] = &[#(#wires),*];

            /// The value as it appears on the wire.
            pub fn as_str(&self) -> &str {
                rt::OpenEnum::wire(self)
            }

            /// Parses a known value; an unknown one is an error.
            pub fn try_parse(text: &str) -> Result<#name, rt::ParseValueError> {
                rt::OpenEnum::parse_known(text)
            }

            /// Whether this is a value the client does not know.
            pub fn is_unknown(&self) -> bool {
                matches!(self, #name::Unknown(_))
            }

            /// The first API version that accepts this value in requests; `None` when every version does.
            pub fn available_since(&self) -> Option<ApiVersion> {
                rt::OpenEnum::since(self)
            }
        }

        impl rt::OpenEnum for #name {
            type Version = ApiVersion;
            const NAME: &'static str = #type_name;
            const KNOWN: &'static [#name] = &[#(#name::#variants),*];
            const VALUES: &'static [&'static str] = #name::VALUES;
            #since

            fn unknown(value: rt::UnknownValue) -> #name {
                #name::Unknown(value)
            }

            fn as_unknown(&self) -> Option<&rt::UnknownValue> {
                match self {
                    #name::Unknown(value) => Some(value),
                    _ => None,
                }
            }
        }

        impl From<&str> for #name {
            fn from(text: &str) -> #name {
                rt::OpenEnum::from_wire(text)
            }
        }

        #from_str
        #display
        #serde
    }
}
