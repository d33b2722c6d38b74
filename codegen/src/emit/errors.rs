//! The error kinds, the error enum, its classification of error objects, and the
//! documented error rows. The runtime's `error_kinds!` and `api_error!` define the enums
//! from what the spec says of each kind.

use proc_macro2::{Literal, TokenStream};
use quote::quote;

use super::{doc, ident, lit};
use crate::model::reserved::UNDOCUMENTED;
use crate::model::{Api, CodeRule, ErrorRow};

pub(super) fn emit(api: &Api) -> Vec<TokenStream> {
    vec![kinds(api), documented_errors(api), error_enum(api)]
}

fn kinds(api: &Api) -> TokenStream {
    let kinds = api.errors.kinds.iter().map(|kind| {
        let (name, description) = (ident(&kind.rust), lit(&kind.description));
        let codes = kind.codes.iter().map(|code| lit(code));
        let (retryable, renews_token) = (kind.retryable, kind.renew_token);
        // The description is data (`ErrorKind::description`); the documentation is the
        // same text made safe for rustdoc.
        let kind_doc = doc(&kind.doc);
        quote! {
            #kind_doc
            #[kind(description = #description, codes = [#(#codes),*], retryable = #retryable, renews_token = #renews_token)]
            #name
        }
    });
    let classify = classify(&api.errors.rules);
    quote! {
        rt::error_kinds! {
            /// What a documented error means: one kind per meaning, even where meanings share
            /// an error code (they are told apart by the message).
            pub enum ErrorKind {
                #(#kinds,)*
            }
        }

        impl ErrorKind {
            #classify
        }
    }
}

/// `ErrorKind::classify`: a `match` on the code, then on the message where a code has
/// several kinds.
fn classify(rules: &[CodeRule]) -> TokenStream {
    let uses_message = rules.iter().any(|rule| !rule.matched.is_empty());
    let arms = rules.iter().map(|rule| {
        let code = lit(&rule.code);
        let fallback = match &rule.fallback {
            Some(kind) => {
                let kind = ident(kind);
                quote!(Some(ErrorKind::#kind))
            }
            None => quote!(None),
        };
        let body = rule.matched.iter().rev().fold(fallback, |otherwise, (kind, pattern)| {
            let (kind, pattern) = (ident(kind), lit(pattern));
            quote!(if rt::message_matches(message, #pattern) { Some(ErrorKind::#kind) } else { #otherwise })
        });
        quote!(#code => #body,)
    });
    let unused = (!uses_message).then(|| quote!(let _ = message;));
    quote! {
        /// The kind an error code and message stand for; `None` if undocumented.
        pub fn classify(code: &str, message: &str) -> Option<ErrorKind> {
            #unused
            match code {
                #(#arms)*
                _ => None,
            }
        }
    }
}

/// A `&[DocumentedError]` literal for some rows.
pub(super) fn rows_literal(rows: &[ErrorRow]) -> TokenStream {
    let rows = rows.iter().map(|row| {
        let kind = ident(&row.kind);
        let (code, message, resolution) = (lit(&row.code), lit(&row.message), lit(&row.resolution));
        let status = Literal::u16_unsuffixed(row.status);
        quote! {
            DocumentedError { kind: ErrorKind::#kind, code: #code, status: #status, message: #message, resolution: #resolution }
        }
    });
    quote!(&[#(#rows),*])
}

fn documented_errors(api: &Api) -> TokenStream {
    let common = rows_literal(&api.errors.common);
    quote! {
        /// A row of the documentation's "Possible Errors" list.
        pub type DocumentedError = rt::DocumentedError<ErrorKind>;

        /// Errors every operation can answer with (token and rate-limit errors).
        pub const COMMON_ERRORS: &[DocumentedError] = #common;
    }
}

fn error_enum(api: &Api) -> TokenStream {
    let details = ident(&api.errors.details_model);
    let variants = api.errors.kinds.iter().map(|kind| {
        let (name, kind_doc) = (ident(&kind.rust), doc(&kind.doc));
        quote!(#kind_doc #name,)
    });
    let undocumented = ident(UNDOCUMENTED);
    let format = &api.errors.format;
    let (code, message, details_key, status, error_value) =
        (lit(&format.code), lit(&format.message), lit(&format.details), lit(&format.status), lit(&format.error_value));
    quote! {
        /// What every Zoho error carries: code, message, HTTP status, details, raw body.
        pub type ErrorInfo = rt::ErrorInfo<#details>;

        /// The keys of the API's error objects.
        const ERROR_FORMAT: rt::ErrorFormat = rt::ErrorFormat {
            code: #code,
            message: #message,
            details: #details_key,
            status: #status,
            error_value: #error_value,
        };

        rt::api_error! {
            /// An error answer from Zoho: one variant per documented meaning, and
            /// `Undocumented` for the rest, which keeps everything Zoho sent.
            #[api_error(kind = ErrorKind, details = #details, format = ERROR_FORMAT)]
            pub enum ApiError {
                #(#variants)*
                #[undocumented]
                #undocumented
            }
        }
    }
}
