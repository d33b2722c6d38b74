//! Typed IDs: `u64` newtypes that travel as strings of digits, defined by the runtime's
//! `id_type!`.

use proc_macro2::TokenStream;
use quote::quote;

use super::{doc, ident};
use crate::model::{Api, IdType};

pub(super) fn emit(api: &Api) -> impl Iterator<Item = TokenStream> {
    api.ids.iter().map(id_type)
}

fn id_type(id: &IdType) -> TokenStream {
    let name = ident(&id.rust);
    let type_doc = doc(&id.doc);
    quote! {
        rt::id_type! {
            #type_doc
            pub struct #name;
        }
    }
}
