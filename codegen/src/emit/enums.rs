//! Open enums: known values as variants, anything else kept in `Unknown`; defined by the
//! runtime's `open_enum!`.

use proc_macro2::TokenStream;
use quote::quote;

use super::{doc, ident, lit};
use crate::model::{Api, Enum};

pub(super) fn emit(api: &Api) -> impl Iterator<Item = TokenStream> {
    api.enums.iter().map(open_enum)
}

fn open_enum(item: &Enum) -> TokenStream {
    let name = ident(&item.rust);
    let type_doc = doc(&item.doc);
    let variants = item.values.iter().map(|value| {
        let since_note =
            value.since.as_ref().map_or_else(String::new, |since| format!(" Requests need `{}` or later.", since.wire));
        let value_doc = doc(&format!("`{}`: {}{since_note}", value.named.wire, value.named.doc));
        let since = value.since.as_ref().map(|since| {
            let version = ident(&since.rust);
            quote!(#[since(#version)])
        });
        let (variant, wire) = (ident(&value.named.rust), lit(&value.named.wire));
        quote! { #value_doc #since #variant = #wire }
    });
    quote! {
        rt::open_enum! {
            #type_doc
            #[open_enum(version = ApiVersion)]
            pub enum #name {
                #(#variants,)*
            }
        }
    }
}
