//! The error kinds, the error enum, its classification of error objects, and the
//! documented error rows: plain enums over the runtime's `ErrorKindEnum` and `ErrorEnum`.

use std::collections::HashMap;

use heck::ToShoutySnakeCase;
use proc_macro2::{Ident, Literal, TokenStream};
use quote::quote;

use super::{doc, ident, lit, std_impls};
use crate::model::reserved::UNDOCUMENTED;
use crate::model::{Api, CodeRule, ErrorRow};

pub(super) fn emit(api: &Api) -> Vec<TokenStream> {
    vec![kinds(api), documented_errors(api), error_enum(api)]
}

pub(super) fn kinds(api: &Api) -> TokenStream {
    let kinds = &api.errors.kinds;
    let names: Vec<_> = kinds.iter().map(|kind| ident(&kind.rust)).collect();
    let variant_docs = kinds.iter().map(|kind| {
        let retry_note = if kind.retryable { " Retrying may help." } else { "" };
        let codes: Vec<String> = kind.codes.iter().map(|code| format!("`{code}`")).collect();
        doc(&format!("{} Codes: {}.{retry_note}", kind.doc, codes.join(", ")))
    });
    // The description is data (`ErrorKind::description`); the documentation is the same
    // text made safe for rustdoc.
    let descriptions = kinds.iter().map(|kind| lit(&kind.description));
    let names_and_codes = kinds.iter().map(|kind| {
        let (name, codes) = (lit(&kind.rust), kind.codes.iter().map(|code| lit(code)));
        quote!((#name, &[#(#codes),*]))
    });
    let retryable = kinds_where(api, |kind| kind.retryable);
    let renews_token = kinds_where(api, |kind| kind.renew_token);
    let classify = classify(&api.errors.rules);
    let display = std_impls::display(&ident("ErrorKind"), quote!(self.name()));
    quote! {
        /// What a documented error means: one kind per meaning, even where meanings share an error code (they are told apart by the message).
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
        #[non_exhaustive]
        pub enum ErrorKind {
            #(#variant_docs #names,)*
        }

        impl ErrorKind {
            /// Every kind.
            pub const ALL: &'static [ErrorKind] = &[#(ErrorKind::#names),*];

            // What the spec says of each kind, in the order of `ALL`.
            const NAMES_AND_CODES: &'static [(&'static str, &'static [&'static str])] = &[#(#names_and_codes),*];

            const DESCRIPTIONS: &'static [&'static str] = &[#(#descriptions),*];


            /// The kind's name, e.g. `EntityIdInvalid`.
            pub const fn name(self) -> &'static str {
                ErrorKind::NAMES_AND_CODES[self as usize].0
            }

            /// What the kind means.
            pub const fn description(self) -> &'static str {
                ErrorKind::DESCRIPTIONS[self as usize]
            }

            /// The error codes the API sends with this kind.
            pub const fn codes(self) -> &'static [&'static str] {
                ErrorKind::NAMES_AND_CODES[self as usize].1
            }

            /// Whether sending the same request again may succeed.
            pub const fn is_retryable(self) -> bool {
                #retryable
            }

            /// Whether the kind means the access token is invalid or expired.
            pub const fn renews_token(self) -> bool {
                #renews_token
            }

            #classify
        }

        impl rt::ErrorKindEnum for ErrorKind {
            fn is_retryable(self) -> bool {
                ErrorKind::is_retryable(self)
            }

            fn renews_token(self) -> bool {
                ErrorKind::renews_token(self)
            }
        }

        #display
    }
}

/// Whether `self` is one of the kinds that `holds`: `matches!` over them, or `false`.
fn kinds_where(api: &Api, holds: impl Fn(&crate::model::ErrorKind) -> bool) -> TokenStream {
    let names: Vec<_> = api.errors.kinds.iter().filter(|kind| holds(kind)).map(|kind| ident(&kind.rust)).collect();
    if names.is_empty() { quote!(false) } else { quote!(matches!(self, #(ErrorKind::#names)|*)) }
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
        // `if … else if … else`: the first message that matches decides; texts of one
        // kind next to each other are one test (a family's merged rules have them).
        let mut groups: Vec<(&str, Vec<&str>)> = Vec::new();
        for (kind, pattern) in &rule.matched {
            match groups.last_mut() {
                Some((last, patterns)) if *last == kind.as_str() => patterns.push(pattern),
                _ => groups.push((kind, vec![pattern])),
            }
        }
        let tests = groups.into_iter().map(|(kind, patterns)| {
            let (kind, patterns) = (ident(kind), patterns.into_iter().map(lit));
            quote!(if #(rt::message_matches(message, #patterns))||* { Some(ErrorKind::#kind) })
        });
        let body = if rule.matched.is_empty() { fallback } else { quote!({ #(#tests)else* else { #fallback } }) };
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

/// The documented error rows of the API, each once (the common rows first, then each
/// operation's, in order), with the name of the constant that holds it: `ROW_` and the
/// kind, then a number from the kind's second distinct row on.
fn distinct_rows(api: &Api) -> Vec<(&ErrorRow, Ident)> {
    let mut seen: HashMap<&ErrorRow, ()> = HashMap::new();
    let mut per_kind: HashMap<&str, usize> = HashMap::new();
    let all = api.errors.common.iter().chain(api.operations.iter().flat_map(|operation| &operation.errors));
    let mut rows = Vec::new();
    for row in all {
        if seen.insert(row, ()).is_some() {
            continue;
        }
        let count = per_kind.entry(row.kind.as_str()).or_default();
        *count += 1;
        let kind = row.kind.to_shouty_snake_case();
        let name = if *count == 1 { format!("ROW_{kind}") } else { format!("ROW_{kind}_{count}") };
        rows.push((row, ident(&name)));
    }
    rows
}

/// A `&[DocumentedError]` of some of the API's rows, by the names of their constants.
pub(super) fn rows_literal(api: &Api, rows: &[ErrorRow]) -> TokenStream {
    let names: HashMap<&ErrorRow, Ident> = distinct_rows(api).into_iter().collect();
    let rows = rows.iter().filter_map(|row| names.get(row));
    quote!(&[#(#rows),*])
}

pub(super) fn documented_errors(api: &Api) -> TokenStream {
    let rows = distinct_rows(api).into_iter().map(|(row, name)| {
        let kind = ident(&row.kind);
        let (code, message, resolution) = (lit(&row.code), lit(&row.message), lit(&row.resolution));
        let status = Literal::u16_unsuffixed(row.status);
        quote! {
            const #name: DocumentedError = DocumentedError {
                kind: ErrorKind::#kind,
                code: #code,
                status: #status,
                message: #message,
                resolution: #resolution,
            };
        }
    });
    let common = rows_literal(api, &api.errors.common);
    quote! {
        /// A row of the documentation's "Possible Errors" list.
        pub type DocumentedError = rt::DocumentedError<ErrorKind>;

        /// Errors every operation can answer with (token and rate-limit errors).
        pub const COMMON_ERRORS: &[DocumentedError] = #common;

        #(#rows)*
    }
}

pub(super) fn error_enum(api: &Api) -> TokenStream {
    let details = ident(&api.errors.details_model);
    let names: Vec<_> = api.errors.kinds.iter().map(|kind| ident(&kind.rust)).collect();
    let variant_docs = api.errors.kinds.iter().map(|kind| doc(&kind.doc));
    let undocumented = ident(UNDOCUMENTED);
    let format = &api.errors.format;
    let (code, message, details_key, status, error_value) =
        (lit(&format.code), lit(&format.message), lit(&format.details), lit(&format.status), lit(&format.error_value));
    let name = ident("ApiError");
    quote! {
        /// What every Zoho error carries: code, message, HTTP status, details, raw body.
        pub type ErrorInfo = rt::ErrorInfo<#details>;

        /// An error answer from Zoho: one variant per documented meaning, and `Undocumented` for the rest, which keeps everything Zoho sent.
        #[derive(Clone, Debug, PartialEq)]
        #[non_exhaustive]
        pub enum ApiError {
            #(#variant_docs #names(Box<ErrorInfo>),)*
            /// An error the documentation does not list; its code, message, status, details and raw body are kept.
            #undocumented(Box<ErrorInfo>),
        }

        impl ApiError {
            /// Classifies an error by its code and message.
            pub fn new(info: ErrorInfo) -> ApiError {
                let info = Box::new(info);
                match ErrorKind::classify(&info.code, &info.message) {
                    #( Some(ErrorKind::#names) => ApiError::#names(info), )*
                    None => ApiError::#undocumented(info),
                }
            }

            /// The documented meaning; `None` for an undocumented error.
            pub fn kind(&self) -> Option<ErrorKind> {
                match self {
                    #( ApiError::#names(_) => Some(ErrorKind::#names), )*
                    ApiError::#undocumented(_) => None,
                }
            }

            /// Everything the error carries.
            pub fn info(&self) -> &ErrorInfo {
                match self {
                    #( ApiError::#names(info) )|* | ApiError::#undocumented(info) => info,
                }
            }

            /// Everything the error carries, by value.
            pub fn into_info(self) -> ErrorInfo {
                match self {
                    #( ApiError::#names(info) )|* | ApiError::#undocumented(info) => *info,
                }
            }

            /// The error code, e.g. `INVALID_DATA`.
            pub fn code(&self) -> &str {
                &self.info().code
            }

            /// The message, e.g. `ENTITY_ID_INVALID`.
            pub fn message(&self) -> &str {
                &self.info().message
            }

            /// The HTTP status of the answer; `None` for an error about one item of a request that acts on several.
            pub fn status(&self) -> Option<rt::http::StatusCode> {
                self.info().status
            }

            /// The details the API gave.
            pub fn details(&self) -> &#details {
                &self.info().details
            }

            /// The text of the answer the error came in.
            pub fn raw_body(&self) -> &str {
                &self.info().raw_body
            }

            /// How long the API asked to wait before retrying, if it said.
            pub fn retry_after(&self) -> Option<::core::time::Duration> {
                self.info().retry_after
            }

            /// Whether sending the same request again may succeed: documented kinds say so themselves; undocumented errors may pass when rate-limited or on a server error.
            pub fn is_retryable(&self) -> bool {
                rt::ErrorEnum::is_retryable(self)
            }
        }

        impl rt::ErrorEnum for ApiError {
            type Kind = ErrorKind;
            type Details = #details;
            const FORMAT: rt::ErrorFormat = rt::ErrorFormat {
                code: #code,
                message: #message,
                details: #details_key,
                status: #status,
                error_value: #error_value,
            };

            fn from_info(info: ErrorInfo) -> ApiError {
                ApiError::new(info)
            }

            fn kind(&self) -> Option<ErrorKind> {
                ApiError::kind(self)
            }

            fn info(&self) -> &ErrorInfo {
                ApiError::info(self)
            }
        }

        impl ::core::fmt::Display for #name {
            fn fmt(&self, f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
                ::core::fmt::Display::fmt(self.info(), f)
            }
        }

        impl ::std::error::Error for ApiError {}
    }
}
