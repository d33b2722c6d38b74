//! The error kinds, the error enum, its classification of error objects, and the
//! documented error rows.

use proc_macro2::{Literal, TokenStream};
use quote::quote;

use super::{doc, ident, lit};
use crate::model::{Api, CodeRule, ErrorRow};
use crate::resolve::UNDOCUMENTED;

pub(super) fn emit(api: &Api) -> TokenStream {
    let parts = [kinds(api), documented_errors(api), error_enum(api), from_error_body(api)];
    quote! { #(#parts)* }
}

fn kinds(api: &Api) -> TokenStream {
    let kinds = &api.errors.kinds;
    let names: Vec<_> = kinds.iter().map(|kind| ident(&kind.rust)).collect();
    let docs = kinds.iter().map(|kind| doc(&kind_doc(kind)));
    let name_strings = kinds.iter().map(|kind| lit(&kind.rust));
    let descriptions = kinds.iter().map(|kind| lit(&kind.doc));
    let codes = kinds.iter().map(|kind| {
        let codes = kind.codes.iter().map(|code| lit(code));
        quote!(&[#(#codes),*])
    });
    let retryable: Vec<_> = kinds.iter().filter(|kind| kind.retryable).map(|kind| ident(&kind.rust)).collect();
    let retryable_body = any_of(&retryable);
    let renewing: Vec<_> = kinds.iter().filter(|kind| kind.renew_token).map(|kind| ident(&kind.rust)).collect();
    let renew_body = any_of(&renewing);
    let classify = classify(&api.errors.rules);
    quote! {
        /// What a documented error means: one kind per meaning, even where meanings share
        /// an error code (they are told apart by the message).
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
        #[non_exhaustive]
        pub enum ErrorKind {
            #( #docs #names, )*
        }

        impl ErrorKind {
            /// Every kind.
            pub const ALL: &'static [ErrorKind] = &[#(ErrorKind::#names),*];

            /// The kind's name, e.g. `EntityIdInvalid`.
            pub const fn name(self) -> &'static str {
                match self {
                    #( ErrorKind::#names => #name_strings, )*
                }
            }

            /// What the kind means.
            pub const fn description(self) -> &'static str {
                match self {
                    #( ErrorKind::#names => #descriptions, )*
                }
            }

            /// The error codes Zoho sends with this kind.
            pub const fn codes(self) -> &'static [&'static str] {
                match self {
                    #( ErrorKind::#names => #codes, )*
                }
            }

            /// Whether sending the same request again may succeed.
            pub const fn is_retryable(self) -> bool {
                #retryable_body
            }

            /// Whether the kind means the access token is invalid or expired.
            pub const fn renews_token(self) -> bool {
                #renew_body
            }

            #classify
        }

        impl ::std::fmt::Display for ErrorKind {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.write_str(self.name())
            }
        }
    }
}

/// `matches!(self, ErrorKind::A | ErrorKind::B)`, or `false` for no kinds.
fn any_of(kinds: &[proc_macro2::Ident]) -> TokenStream {
    if kinds.is_empty() { quote!(false) } else { quote!(matches!(self, #(ErrorKind::#kinds)|*)) }
}

fn kind_doc(kind: &crate::model::ErrorKind) -> String {
    let codes: Vec<String> = kind.codes.iter().map(|code| format!("`{code}`")).collect();
    let retry = if kind.retryable { " Retrying may help." } else { "" };
    format!("{}{retry}\n\nCodes: {}.", kind.doc, codes.join(", "))
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
    let names: Vec<_> = api.errors.kinds.iter().map(|kind| ident(&kind.rust)).collect();
    let docs = api.errors.kinds.iter().map(|kind| doc(&kind_doc(kind)));
    let undocumented = ident(UNDOCUMENTED);
    quote! {
        /// What every Zoho error carries: code, message, HTTP status, details, raw body.
        pub type ErrorInfo = rt::ErrorInfo<#details>;

        /// An error answer from Zoho: one variant per documented meaning, and
        /// `Undocumented` for the rest, which keeps everything Zoho sent.
        #[derive(Clone, Debug, PartialEq)]
        #[non_exhaustive]
        pub enum ApiError {
            #( #docs #names(Box<ErrorInfo>), )*
            /// An error the documentation does not list; its code, message, status,
            /// details and raw body are kept.
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

            /// The HTTP status of the answer; `None` for an error about one item of a
            /// request that acts on several.
            pub fn status(&self) -> Option<rt::http::StatusCode> {
                self.info().status
            }

            /// The details Zoho gave.
            pub fn details(&self) -> &#details {
                &self.info().details
            }

            /// The text of the answer the error came in.
            pub fn raw_body(&self) -> &str {
                &self.info().raw_body
            }

            /// How long Zoho asked to wait before retrying, if it said.
            pub fn retry_after(&self) -> Option<::std::time::Duration> {
                self.info().retry_after
            }

            /// Whether sending the same request again may succeed: documented kinds say
            /// so themselves; undocumented errors may pass when rate-limited or on a
            /// server error.
            pub fn is_retryable(&self) -> bool {
                match self.kind() {
                    Some(kind) => kind.is_retryable(),
                    None => self.status().is_some_and(|status| status.as_u16() == 429 || status.is_server_error()),
                }
            }
        }

        impl ::std::fmt::Display for ApiError {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                let info = self.info();
                f.write_str(&info.code)?;
                if let Some(status) = info.status {
                    write!(f, " (HTTP {})", status.as_u16())?;
                }
                if !info.message.is_empty() {
                    write!(f, ": {}", info.message)?;
                }
                Ok(())
            }
        }

        impl ::std::error::Error for ApiError {}
    }
}

fn from_error_body(api: &Api) -> TokenStream {
    let details = ident(&api.errors.details_model);
    let format = &api.errors.format;
    let (code, message, details_key, status, error_value) =
        (lit(&format.code), lit(&format.message), lit(&format.details), lit(&format.status), lit(&format.error_value));
    quote! {
        impl rt::FromErrorBody for ApiError {
            const FORMAT: rt::ErrorFormat = rt::ErrorFormat {
                code: #code,
                message: #message,
                details: #details_key,
                status: #status,
                error_value: #error_value,
            };

            fn from_error_body(body: rt::ErrorBody, status: Option<rt::http::StatusCode>, retry_after: Option<::std::time::Duration>) -> ApiError {
                // Details that do not fit the model still travel in the raw body.
                let details = rt::serde_json::from_value::<#details>(body.details).unwrap_or_default();
                ApiError::new(ErrorInfo::new(body.code, body.message, status, details, body.raw, retry_after))
            }

            fn to_error_json(&self) -> rt::serde_json::Value {
                let info = self.info();
                let details = rt::serde_json::to_value(&info.details).unwrap_or_default();
                <ApiError as rt::FromErrorBody>::FORMAT.to_json(&info.code, &info.message, details)
            }
        }

        impl rt::ServiceError for ApiError {
            fn is_retryable(&self) -> bool {
                ApiError::is_retryable(self)
            }

            fn retry_after(&self) -> Option<::std::time::Duration> {
                ApiError::retry_after(self)
            }

            fn renews_token(&self) -> bool {
                self.kind().is_some_and(ErrorKind::renews_token)
            }
        }
    }
}
