//! Typed IDs: each an alias of the runtime's generic `Id` for a kind the file declares in
//! its `id_kinds` module (a snake_case module, so no spec type name can clash with it).
//! Everything an ID does (`new`, `get`, `Display`, strict `FromStr`, serde as a string of
//! digits, `ToWire`, `Check`) is `rt::Id`'s, written once in the runtime.

use proc_macro2::TokenStream;
use quote::quote;

use super::{doc, ident, lit};
use crate::model::{Api, IdType};

pub(super) fn emit(api: &Api) -> impl Iterator<Item = TokenStream> {
    let kinds = (!api.ids.is_empty()).then(|| {
        let kinds = api.ids.iter().map(id_kind);
        quote! {
            /// The kinds of this API's typed IDs: types never made, that tell its `rt::Id`s apart.
            pub mod id_kinds {
                #(#kinds)*
            }
        }
    });
    kinds.into_iter().chain(api.ids.iter().map(id_type))
}

fn id_kind(id: &IdType) -> TokenStream {
    let name = ident(&id.rust);
    let kind_doc = lit(&format!(" The kind of [`{}`](super::{}).", id.rust, id.rust));
    let shown = lit(&id.rust);
    quote! {
        #[doc = #kind_doc]
        pub enum #name {}
        impl super::rt::IdKind for #name {
            const NAME: &'static str = #shown;
        }
    }
}

fn id_type(id: &IdType) -> TokenStream {
    let name = ident(&id.rust);
    let type_doc = doc(&id.doc);
    quote! {
        #type_doc
        pub type #name = rt::Id<id_kinds::#name>;
    }
}
