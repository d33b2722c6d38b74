//! Operations: per operation a checked request type, its builder, and how it becomes
//! HTTP and reads the answer (the runtime's `Operation` trait).

use proc_macro2::{Ident, Literal, TokenStream};
use quote::{format_ident, quote};

use super::errors::rows_literal;
use super::{doc, ident, lit, prefixed_ident, rust_type, setter_type, setter_value};
use crate::model::reserved::UNKNOWN_FIELDS;
use crate::model::{Answer, AnswerBody, Api, Location, Model, Operation, Param, Presence, ScopePart, Ty, UrlPart};

/// The `Operation` trait's import, then one piece per operation: its request, checks,
/// `Operation` impl and builder.
pub(super) fn emit(api: &Api) -> impl Iterator<Item = TokenStream> + '_ {
    emit_with(api, &no_extra_checks)
}

fn no_extra_checks(_: &Operation) -> Vec<(TokenStream, bool)> {
    Vec::new()
}

/// Checks an operation makes before its own (each with whether it reads the version):
/// what an API of a family refuses that the family's shared types allow.
pub(super) type ExtraChecks<'a> = &'a dyn Fn(&Operation) -> Vec<(TokenStream, bool)>;

/// [`emit`], each request checking `extra_checks` first.
pub(super) fn emit_with<'a>(api: &'a Api, extra_checks: ExtraChecks<'a>) -> impl Iterator<Item = TokenStream> + 'a {
    let operations = api.operations.iter().map(move |operation| {
        let body = operation.body.as_deref().and_then(|name| api.model(name));
        let parts = [
            request(api, operation),
            check(operation, body, extra_checks(operation)),
            operation_impl(api, operation),
            paged_impl(operation),
            builder(operation, body),
        ];
        super::concat(parts)
    });
    std::iter::once(operation_trait()).chain(operations)
}

/// The runtime's `Operation` trait, under the name users import it by.
fn operation_trait() -> TokenStream {
    quote! {
        pub use rt::Operation;
    }
}

/// The request type: its inputs, public so that they can be read and changed (every
/// change is checked again when the request is turned into HTTP).
fn request(api: &Api, operation: &Operation) -> TokenStream {
    let name = ident(&operation.rust);
    let builder = ident(&operation.builder);
    let request_doc = doc(&request_doc(api, operation));
    let params = operation.params.iter().map(|param| {
        let (field, param_doc) = (ident(&param.rust), doc(&param.doc));
        let ty = rust_type(&param.ty);
        let ty = if param.required { ty } else { quote!(Option<#ty>) };
        quote! { #param_doc pub #field: #ty, }
    });
    let body = operation.body.as_ref().map(|body| {
        let body = ident(body);
        quote! {
            /// The request body.
            pub body: #body,
        }
    });
    let builder_doc = format!("A builder of a `{}` request.", operation.rust);
    let builder_doc_attr = doc(&builder_doc);
    quote! {
        #request_doc
        #[derive(Clone, Debug, PartialEq)]
        #[non_exhaustive]
        pub struct #name {
            #(#params)*
            #body
            /// The API version to use instead of the endpoint's.
            pub version: Option<ApiVersion>,
        }

        impl #name {
            #builder_doc_attr
            pub fn builder() -> #builder {
                <#builder as ::core::default::Default>::default()
            }
        }
    }
}

/// A URL template's text as the spec writes it, with `{placeholders}`.
pub(super) fn template_text(parts: &[UrlPart]) -> String {
    parts
        .iter()
        .map(|part| match part {
            UrlPart::Literal(text) => text.clone(),
            UrlPart::Version => "{version}".to_owned(),
            UrlPart::Param { wire, .. } => format!("{{{wire}}}"),
        })
        .collect()
}

fn request_doc(api: &Api, operation: &Operation) -> String {
    let url = match (operation.url_param(), &operation.host_prefix) {
        (Some(param), _) => format!(
            "`{} {{{}}}`: the URL an earlier answer gave. It is checked before the access token goes \
             there: a path, or a URL on the endpoint's own hosts (its API host, another host of its \
             Zoho API domain, its data centre's download host).",
            operation.method, param.wire
        ),
        (None, host) => {
            let base = operation.base_url.as_ref().unwrap_or(&api.base_url);
            let template = format!("{}{}", template_text(base), template_text(&operation.path));
            let on_host = host.as_ref().map_or_else(String::new, |host| {
                format!(
                    ", on the API domain's `{host}` host (`https://{host}.zohoapis.com` for \
                     `https://www.zohoapis.com`; a base URL that is not a Zoho API host is kept)."
                )
            });
            format!("`{} {{api-domain}}{template}`{on_host}", operation.method)
        }
    };
    let mut text = format!("{}\n\n{url}\n\nScopes (any one): {}.", operation.doc, scope_list(operation));
    let parts: Vec<String> = operation
        .params
        .iter()
        .filter(|param| param.location == Location::Part)
        .map(|param| format!("`{}`", param.wire))
        .collect();
    if !parts.is_empty() {
        let noun = if parts.len() == 1 { "part" } else { "parts" };
        text.push_str(&format!("\n\nThe body is `multipart/form-data`, with the {noun} {}.", parts.join(", ")));
    }
    if !operation.also_required_scopes.is_empty() {
        let sets: Vec<String> = operation
            .also_required_scopes
            .iter()
            .map(|set| {
                set.iter()
                    .map(|scope| format!("`{}`", scope_text(scope, "{module_name}")))
                    .collect::<Vec<_>>()
                    .join(" or ")
            })
            .collect();
        text.push_str(&format!("\n\nAlso needed, held together with one of those: {}.", sets.join("; and ")));
    }
    if let Some(pagination) = &operation.pagination {
        let by = match (&pagination.page, &pagination.page_token) {
            (Some(_), Some(_)) => "by page number, then by `page_token` when an answer gives a `next_page_token`",
            (None, Some(_)) => "by `page_token`",
            _ => "by page number",
        };
        text.push_str(&format!(
            "\n\nPaged {by}: the client's call walks every page with `pages()` and every item with `items()` (see `rt::Paged`)."
        ));
    }
    if !operation.notes.is_empty() {
        text.push_str("\n\nNotes:\n");
        for note in &operation.notes {
            // Continuation lines are indented so that a note stays one item of the list.
            text.push_str(&format!("\n- {}", note.replace('\n', "\n  ")));
        }
    }
    if !operation.errors.is_empty() {
        text.push_str("\n\nDocumented errors:\n\n| Code | HTTP | Variant | Message |\n| --- | --- | --- | --- |");
        for row in &operation.errors {
            let message = crate::model::doc_text::escape(&row.message).replace('|', "\\|");
            text.push_str(&format!("\n| `{}` | {} | [`ApiError::{}`] | {message} |", row.code, row.status, row.kind));
        }
    }
    text
}

fn scope_list(operation: &Operation) -> String {
    let scope = |operation_type: &str| -> String {
        let text: String = operation
            .scope_template
            .iter()
            .map(|part| match part {
                ScopePart::Literal(text) => text.as_str(),
                ScopePart::ModuleName => "{module_name}",
                ScopePart::OperationType => operation_type,
            })
            .collect();
        format!("`{text}`")
    };
    let types = operation.scopes.iter().map(|t| scope(&t.wire));
    let extra = operation.extra_scopes.iter().map(|scope| format!("`{scope}`"));
    types.chain(extra).collect::<Vec<_>>().join(", ")
}

/// A scope of an `also_required_scopes` set as text, with `module_name` for the module.
fn scope_text(scope: &[ScopePart], module_name: &str) -> String {
    scope
        .iter()
        .map(|part| match part {
            ScopePart::Literal(text) => text.as_str(),
            ScopePart::ModuleName => module_name,
            ScopePart::OperationType => "",
        })
        .collect()
}

/// The scope names of every module the spec supports, then custom modules'.
fn every_scope_name(api: &Api) -> Vec<&str> {
    let modules = api.modules.as_ref();
    modules
        .into_iter()
        .flat_map(|modules| modules.standard.iter().map(|module| module.scope_name.as_str()))
        .chain(modules.and_then(|modules| modules.custom.as_ref()).map(|custom| custom.scope_name.as_str()))
        .collect()
}

/// `.and_any_of(…)` for each set of scopes that must be held as well, the module's scope
/// name taken from `module` (a `&Module`), or, with `module` `None`, every module's.
fn also_required(api: &Api, operation: &Operation, module: Option<&TokenStream>) -> TokenStream {
    let sets = operation.also_required_scopes.iter().map(|set| {
        let scopes: Vec<TokenStream> = match module {
            Some(module) => set
                .iter()
                .map(|scope| {
                    let pieces = scope.iter().map(|part| match part {
                        ScopePart::ModuleName => quote!(#module.scope_name()),
                        ScopePart::Literal(text) => {
                            let text = lit(text);
                            quote!(#text)
                        }
                        ScopePart::OperationType => quote!(""),
                    });
                    quote!([#(#pieces),*].concat())
                })
                .collect(),
            None => {
                let mut texts: Vec<String> = Vec::new();
                for scope in set {
                    let names = if scope.contains(&ScopePart::ModuleName) { every_scope_name(api) } else { vec![""] };
                    for name in names {
                        let text = scope_text(scope, name);
                        if !texts.contains(&text) {
                            texts.push(text);
                        }
                    }
                }
                texts
                    .iter()
                    .map(|text| {
                        let text = lit(text);
                        quote!(String::from(#text))
                    })
                    .collect()
            }
        };
        quote!(.and_any_of(vec![#(#scopes),*]))
    });
    quote!(#(#sets)*)
}

/// The scopes of an operation whose template names the module, for every module the
/// spec supports (and custom modules' scope name), then its fixed scopes: what allows
/// the call when its optional `module` is left out. Literals, in the spec's order, each once.
fn every_module_scopes(api: &Api, operation: &Operation) -> Vec<proc_macro2::Literal> {
    let mut scopes: Vec<String> = Vec::new();
    for scope_name in every_scope_name(api) {
        for operation_type in &operation.scopes {
            let scope: String = operation
                .scope_template
                .iter()
                .map(|part| match part {
                    ScopePart::Literal(text) => text.as_str(),
                    ScopePart::ModuleName => scope_name,
                    ScopePart::OperationType => operation_type.wire.as_str(),
                })
                .collect();
            if !scopes.contains(&scope) {
                scopes.push(scope);
            }
        }
    }
    for scope in &operation.extra_scopes {
        if !scopes.contains(scope) {
            scopes.push(scope.clone());
        }
    }
    scopes.iter().map(|scope| lit(scope)).collect()
}

/// `rt::Check` for the request: each input, and the body's fields at the top level.
fn check(operation: &Operation, body: Option<&Model>, extra: Vec<(TokenStream, bool)>) -> TokenStream {
    let name = ident(&operation.rust);
    // Each check, and whether it reads the version.
    let mut checks: Vec<(TokenStream, bool)> = operation
        .params
        .iter()
        .filter_map(|param| {
            let (field, path_name) = (ident(&param.rust), lit(&param.name));
            match &param.ty {
                Ty::Module | Ty::Bool | Ty::Integer | Ty::Number | Ty::DateTime => None,
                Ty::String if matches!(param.location, Location::Path | Location::Url) => {
                    Some((quote! { rt::check_not_empty(&path.field(#path_name), &self.#field)?; }, false))
                }
                Ty::String => None,
                Ty::List(_) if param.items != (None, None) => {
                    let (min, max) = (count_literal(param.items.0), count_literal(param.items.1));
                    let value = if param.required { quote!(Some(&self.#field)) } else { quote!(self.#field.as_ref()) };
                    Some((
                        quote! {
                            if let Some(value) = #value {
                                rt::check_item_count(&path.field(#path_name), value.len(), #min, #max)?;
                            }
                            rt::Check::check(&self.#field, &path.field(#path_name), version)?;
                        },
                        true,
                    ))
                }
                _ => Some((quote! { rt::Check::check(&self.#field, &path.field(#path_name), version)?; }, true)),
            }
        })
        .chain(operation.params.iter().filter_map(file_size_check).map(|check| (check, false)))
        .collect();
    checks.splice(0..0, extra);
    if body.is_some_and(|body| body.in_request) {
        checks.push((quote! { rt::Check::check(&self.body, path, version)?; }, true));
    }
    // A request with little to check still implements the trait, without unused names.
    let path = if checks.is_empty() { quote!(_path) } else { quote!(path) };
    let version = if checks.iter().any(|(_, uses_version)| *uses_version) { quote!(version) } else { quote!(_version) };
    let checks = checks.into_iter().map(|(tokens, _)| tokens);
    quote! {
        impl rt::Check<ApiVersion> for #name {
            fn check(&self, #path: &rt::FieldPath<'_>, #version: Option<ApiVersion>) -> Result<(), rt::BuildError> {
                #(#checks)*
                Ok(())
            }
        }
    }
}

/// The check of a file part's size limit (`max_bytes`): of its file, or of each of its files.
fn file_size_check(param: &Param) -> Option<TokenStream> {
    let max = grouped_literal(param.max_bytes?);
    let (field, path_name) = (ident(&param.rust), lit(&param.name));
    let check =
        if matches!(param.ty, Ty::List(_)) { quote!(rt::check_file_sizes) } else { quote!(rt::check_file_size) };
    Some(if param.required {
        quote! { #check(&path.field(#path_name), &self.#field, #max)?; }
    } else {
        quote! {
            if let Some(value) = &self.#field {
                #check(&path.field(#path_name), value, #max)?;
            }
        }
    })
}

/// An integer literal with its digits in groups of three (`20_971_520`), as people read it.
fn grouped_literal(value: u64) -> proc_macro2::Literal {
    let digits = value.to_string();
    let mut grouped = String::with_capacity(digits.len() * 4 / 3);
    for (index, digit) in digits.chars().enumerate() {
        if index > 0 && (digits.len() - index) % 3 == 0 {
            grouped.push('_');
        }
        grouped.push(digit);
    }
    // Digits and underscores always lex as one integer literal.
    grouped.parse().unwrap_or_else(|_| proc_macro2::Literal::u64_unsuffixed(value))
}

fn operation_impl(api: &Api, operation: &Operation) -> TokenStream {
    let name = ident(&operation.rust);
    let response = output_type(operation);
    let operation_name = lit(&operation.name);
    let idempotent = operation.idempotent;
    let method = format_ident!("{}", operation.method);
    let rows = rows_literal(api, &operation.errors);
    let (scopes_for, scopes) = required_scopes(api, operation);
    let to_http = to_http(api, operation);
    let parse = parse_answer(operation);
    let output_enum = output_enum(operation);
    let path_template = lit(&template_text(&operation.path));
    quote! {
        #output_enum

        #scopes_for

        impl Operation for #name {
            type Output = #response;
            type Version = ApiVersion;
            type Error = ApiError;

            const NAME: &'static str = #operation_name;
            const IDEMPOTENT: bool = #idempotent;
            const DOCUMENTED_ERRORS: &'static [DocumentedError] = #rows;
            const METHOD: rt::http::Method = rt::http::Method::#method;
            const PATH: &'static str = #path_template;

            fn version(&self) -> ::core::option::Option<ApiVersion> {
                self.version
            }

            #scopes

            #to_http

            fn parse_response(
                &self,
                status: rt::http::StatusCode,
                headers: &rt::http::HeaderMap,
                body: &[u8],
            ) -> Result<#response, rt::ResponseError<ApiError>> {
                #parse
            }
        }
    }
}

/// The scopes that allow an operation on a module, as an associated function (so that
/// code without a request, such as a test server, can ask too), and the trait method.
fn required_scopes(api: &Api, operation: &Operation) -> (TokenStream, TokenStream) {
    let name = ident(&operation.rust);
    let scopes = operation.scopes.iter().map(|operation_type| {
        let pieces = operation.scope_template.iter().map(|part| match part {
            ScopePart::Literal(text) => {
                let text = lit(text);
                quote!(#text)
            }
            ScopePart::ModuleName => quote!(module.scope_name()),
            ScopePart::OperationType => {
                let text = lit(&operation_type.wire);
                quote!(#text)
            }
        });
        quote!([#(#pieces),*].concat())
    });
    let extra = operation.extra_scopes.iter().map(|scope| {
        let scope = lit(scope);
        quote!(String::from(#scope))
    });
    let base = quote!(rt::ScopeRequirement::any_of(vec![#(#scopes,)* #(#extra,)*]));
    let module_ref = quote!(module);
    let list = {
        let also = also_required(api, operation, Some(&module_ref));
        quote!(#base #also)
    };
    // The operation types the operation needs, as data (e.g. for a test server that
    // withholds a privilege); nothing when the API has no operation types.
    let operation_types = (!api.operation_types.is_empty()).then(|| {
        let types = operation.scopes.iter().map(|operation_type| {
            let variant = ident(&operation_type.rust);
            quote!(OperationType::#variant)
        });
        quote! {
            /// The scope operation types that allow this operation, in the spec's order.
            pub const OPERATION_TYPES: &'static [OperationType] = &[#(#types),*];
        }
    });
    let names_module = operation.scope_template.contains(&ScopePart::ModuleName)
        || operation.also_required_scopes.iter().flatten().any(|scope| scope.contains(&ScopePart::ModuleName));
    // An optional `module` (a query parameter with `required: false`) is an
    // `Option<Module>`: without it the call is not about one module, and the scopes that
    // allow it are every module's (spec/README.md, "Scopes of an optional module").
    let optional_module = operation
        .module_param
        .as_deref()
        .and_then(|rust| operation.params.iter().find(|param| param.rust == rust))
        .is_some_and(|param| !param.required);
    if let (true, Some(module)) = (optional_module, operation.module_param.as_deref().map(ident)) {
        let every_module = every_module_scopes(api, operation);
        let every_also = also_required(api, operation, None);
        let body = if names_module {
            quote! {
                match module {
                    Some(module) => #list,
                    None => rt::ScopeRequirement::any_of(vec![#(String::from(#every_module),)*]) #every_also,
                }
            }
        } else {
            quote! {
                let _ = module;
                #list
            }
        };
        let associated = quote! {
            impl #name {
                #operation_types

                /// The OAuth scopes that allow this operation on `module`, or without a
                /// module (`None`) every module's; any one of them is enough.
                pub fn scopes_for(module: Option<&Module>) -> rt::ScopeRequirement {
                    #body
                }
            }
        };
        let method = quote! {
            fn required_scopes(&self) -> rt::ScopeRequirement {
                #name::scopes_for(self.#module.as_ref())
            }
        };
        return (associated, method);
    }
    match operation.module_param.as_deref().map(ident) {
        Some(module) => {
            // Without a module in the template, `module` is still taken so that every
            // operation with a module answers the same question.
            let unused = (!names_module).then(|| quote!(let _ = module;));
            let associated = quote! {
                impl #name {
                    #operation_types

                    /// The OAuth scopes that allow this operation on `module`; any one of them is enough.
                    pub fn scopes_for(module: &Module) -> rt::ScopeRequirement {
                        #unused
                        #list
                    }
                }
            };
            let method = quote! {
                fn required_scopes(&self) -> rt::ScopeRequirement {
                    #name::scopes_for(&self.#module)
                }
            };
            (associated, method)
        }
        None => {
            let associated = quote! {
                impl #name {
                    #operation_types

                    /// The OAuth scopes that allow this operation; any one of them is enough.
                    pub fn scopes() -> rt::ScopeRequirement {
                        #list
                    }
                }
            };
            let method = quote! {
                fn required_scopes(&self) -> rt::ScopeRequirement {
                    #name::scopes()
                }
            };
            (associated, method)
        }
    }
}

/// The Rust type of an operation's answer.
pub(super) fn output_type(operation: &Operation) -> TokenStream {
    if let Some(name) = &operation.output_enum {
        let name = ident(name);
        return quote!(#name);
    }
    match operation.answers.first().map(|answer| &answer.body) {
        Some(AnswerBody::Model(model)) => {
            let model = ident(model);
            quote!(#model)
        }
        Some(AnswerBody::Binary) => quote!(rt::Binary),
        Some(AnswerBody::Empty) | None => quote!(()),
    }
}

/// The enum of an operation's answers, when it has several kinds.
fn output_enum(operation: &Operation) -> TokenStream {
    let Some(name) = &operation.output_enum else { return TokenStream::new() };
    let enum_doc = doc(&format!("The answers of `{}`, one variant per kind of success.", operation.name));
    let name = ident(name);
    let variants = operation.answers.iter().map(|answer| {
        let variant = ident(&answer.variant);
        let statuses = answer.statuses.iter().map(u16::to_string).collect::<Vec<_>>().join(", ");
        let (text, fields) = match &answer.body {
            AnswerBody::Model(model) => {
                let model_ident = ident(model);
                // `struct@`: a spec's model may share its name with a derive macro (`Hash`).
                // Boxed, so that the enum stays small whatever the model holds (clippy's
                // `large_enum_variant`, beside `Empty` or `Binary`).
                (format!("A [`{model}`](struct@{model}) answer (HTTP {statuses})."), quote!((Box<#model_ident>)))
            }
            AnswerBody::Binary => (format!("Bytes and their content type (HTTP {statuses})."), quote!((rt::Binary))),
            AnswerBody::Empty => (format!("No content (HTTP {statuses})."), TokenStream::new()),
        };
        let text = doc(&text);
        quote! { #text #variant #fields, }
    });
    quote! {
        #enum_doc
        #[derive(Clone, Debug, PartialEq)]
        #[non_exhaustive]
        pub enum #name {
            #(#variants)*
        }
    }
}

/// How `parse_response` reads an answer: one kind straight, several by status.
fn parse_answer(operation: &Operation) -> TokenStream {
    let Some(name) = &operation.output_enum else {
        return match operation.answers.first() {
            Some(answer) => parse_one(answer, operation.empty_is_default),
            None => quote!(rt::parse_error(status, headers, body)),
        };
    };
    let name = ident(name);
    let arms = operation.answers.iter().map(|answer| {
        let statuses = answer.statuses.iter().map(|status| Literal::u16_unsuffixed(*status));
        let parse = parse_one(answer, false);
        let variant = ident(&answer.variant);
        let wrap = match answer.body {
            AnswerBody::Empty => quote!(.map(|()| #name::#variant)),
            AnswerBody::Model(_) => quote!(.map(|answer| #name::#variant(Box::new(answer)))),
            AnswerBody::Binary => quote!(.map(#name::#variant)),
        };
        quote! { #(#statuses)|* => #parse #wrap, }
    });
    quote! {
        match status.as_u16() {
            #(#arms)*
            _ => rt::parse_error(status, headers, body),
        }
    }
}

/// Reads one kind of answer on its statuses.
fn parse_one(answer: &Answer, empty_is_default: bool) -> TokenStream {
    let statuses = answer.statuses.iter().map(|status| Literal::u16_unsuffixed(*status));
    match &answer.body {
        AnswerBody::Model(_) => {
            let plan = if empty_is_default { quote!(or_default) } else { quote!(success) };
            quote! {
                rt::parse_response(status, headers, body, &rt::ResponsePlan::#plan(&[#(#statuses),*]))
            }
        }
        AnswerBody::Binary => quote!(rt::parse_binary(status, headers, body, &[#(#statuses),*])),
        AnswerBody::Empty => quote!(rt::parse_empty(status, headers, body, &[#(#statuses),*])),
    }
}

fn to_http(api: &Api, operation: &Operation) -> TokenStream {
    // A whole-URL operation starts at the URL it was given; others at the base URL.
    let base: &[UrlPart] = match (operation.url_param(), &operation.base_url) {
        (Some(_), _) => &[],
        (None, Some(own)) => own,
        (None, None) => &api.base_url,
    };
    let path = base.iter().chain(&operation.path).filter_map(|part| match part {
        UrlPart::Literal(text) => {
            let text = lit(text);
            Some(quote!(url.literal(#text);))
        }
        UrlPart::Version => Some(quote!(url.literal(version.as_str());)),
        UrlPart::Param { rust, .. } if operation.url_param().is_some_and(|url| &url.rust == rust) => None,
        UrlPart::Param { rust, .. } => {
            let field = ident(rust);
            let by_value = operation.params.iter().any(|param| &param.rust == rust && is_copy(&param.ty));
            Some(if by_value { quote!(url.segment(self.#field);) } else { quote!(url.segment(&self.#field);) })
        }
    });
    let query = operation.params.iter().filter(|param| param.location == Location::Query).map(|param| {
        let (field, wire) = (ident(&param.rust), lit(&param.wire));
        let text = param_text(&param.ty, quote!(value));
        let add = match &param.ty {
            Ty::List(_) => quote!(url.query_list(#wire, value);),
            _ => quote!(url.query(#wire, #text);),
        };
        if param.required {
            quote! { let value = &self.#field; #add }
        } else {
            quote! { if let Some(value) = &self.#field { #add } }
        }
    });
    let headers = operation.params.iter().filter(|param| param.location == Location::Header).map(|param| {
        let (field, wire, name) = (ident(&param.rust), lit(&param.wire), lit(&param.name));
        let text = param_text(&param.ty, quote!(value));
        let set = quote!(rt::set_header(&mut request, #wire, #text, &rt::FieldPath::ROOT.field(#name))?;);
        if param.required {
            quote! { let value = &self.#field; #set }
        } else {
            quote! { if let Some(value) = &self.#field { #set } }
        }
    });
    let (body, build) = if operation.is_multipart() {
        (multipart_form(operation), quote!(API.multipart_request(Self::METHOD, url.finish(), token, form)))
    } else {
        let body = match &operation.body {
            Some(_) => quote!(let body = ::core::option::Option::Some(rt::json_body(&self.body, version)?);),
            None => quote!(let body = None;),
        };
        (body, quote!(API.request(Self::METHOD, url.finish(), token, body)))
    };
    let headers: Vec<TokenStream> = headers.collect();
    let request = if headers.is_empty() {
        build
    } else {
        quote! {
            let mut request = #build?;
            #(#headers)*
            Ok(request)
        }
    };
    let begin = match (operation.url_param(), &operation.host_prefix) {
        (Some(param), _) => {
            let (field, name) = (ident(&param.rust), lit(&param.name));
            let version = if operation.body.is_some() { quote!(version) } else { quote!(_version) };
            let has_query = operation.params.iter().any(|param| param.location == Location::Query);
            let url = if has_query { quote!(mut url) } else { quote!(url) };
            quote! {
                let (#version, #url) = rt::begin_request_at(self, endpoint, &self.#field, &rt::FieldPath::ROOT.field(#name))?;
            }
        }
        (None, Some(prefix)) => {
            let prefix = lit(prefix);
            quote!(let (version, mut url) = rt::begin_request_on(self, endpoint, #prefix)?;)
        }
        (None, None) => quote!(let (version, mut url) = rt::begin_request(self, endpoint)?;),
    };
    quote! {
        fn to_http(&self, endpoint: &Endpoint, token: &rt::AccessToken) -> Result<rt::http::Request<Vec<u8>>, rt::BuildError> {
            #begin
            #(#path)*
            #(#query)*
            #body
            #request
        }
    }
}

/// The multipart body of an operation with parts, in the spec's order: each file as a
/// file part, each list of files as one part per file, each other value as text.
fn multipart_form(operation: &Operation) -> TokenStream {
    let parts = operation.params.iter().filter(|param| param.location == Location::Part).map(|param| {
        let (field, wire) = (ident(&param.rust), lit(&param.wire));
        let add = match &param.ty {
            Ty::File => quote!(form.file(#wire, value);),
            Ty::List(_) => quote!(form.files(#wire, value);),
            _ => quote!(form.text(#wire, value);),
        };
        if param.required {
            quote! { let value = &self.#field; #add }
        } else {
            quote! { if let Some(value) = &self.#field { #add } }
        }
    });
    quote! {
        let mut form = rt::MultipartForm::new();
        #(#parts)*
    }
}

/// A parameter's value as the text a query or header carries (date-times in RFC 3339).
fn param_text(ty: &Ty, value: TokenStream) -> TokenStream {
    match ty {
        Ty::DateTime => quote!(#value.to_rfc3339()),
        _ => value,
    }
}

/// An input of a builder: a parameter or a field of the body.
struct Input<'a> {
    rust: &'a str,
    name: &'a str,
    doc: &'a str,
    ty: &'a Ty,
    presence: Presence,
}

fn inputs<'a>(operation: &'a Operation, body: Option<&'a Model>) -> Vec<Input<'a>> {
    let params = operation.params.iter().map(|param| Input {
        rust: &param.rust,
        name: &param.name,
        doc: &param.doc,
        ty: &param.ty,
        presence: if param.required { Presence::Required } else { Presence::Optional },
    });
    let fields = body.into_iter().flat_map(|body| &body.fields).map(|field| Input {
        rust: &field.rust,
        name: &field.name,
        doc: &field.doc,
        ty: &field.ty,
        presence: field.presence,
    });
    params.chain(fields).collect()
}

fn builder(operation: &Operation, body: Option<&Model>) -> TokenStream {
    let builder = ident(&operation.builder);
    let inputs = inputs(operation, body);
    let fields = inputs.iter().map(|input| {
        let (field, ty) = (ident(input.rust), rust_type(input.ty));
        quote!(#field: Option<#ty>,)
    });
    let setters = inputs.iter().map(builder_setters);
    let build = build(operation, body, &inputs);
    let from_request = from_request(operation, body, &inputs);
    let builder_doc = format!(
        "Builds a [`{0}`](struct@{0}) request; `build` checks every input and names the one at fault.",
        operation.rust
    );
    let builder_doc_attr = doc(&builder_doc);
    quote! {
        #builder_doc_attr
        #[derive(Clone, Debug, Default, PartialEq)]
        pub struct #builder {
            #(#fields)*
            version: Option<ApiVersion>,
        }

        impl #builder {
            #(#setters)*

            /// The API version to use instead of the endpoint's.
            pub fn version(mut self, version: ApiVersion) -> Self {
                self.version = Some(version);
                self
            }

            /// Sets or clears the API version to use instead of the endpoint's.
            pub fn set_version(mut self, version: Option<ApiVersion>) -> Self {
                self.version = version;
                self
            }

            #build
        }

        #from_request
    }
}

/// `x(value)` (appending for lists), `set_x(Option<_>)` and `get_x()`.
fn builder_setters(input: &Input<'_>) -> TokenStream {
    let field = ident(input.rust);
    let (set, get) = (prefixed_ident("set_", input.rust), prefixed_ident("get_", input.rust));
    let ty = rust_type(input.ty);
    let arg = format_ident!("value");
    let (set_doc, clear_doc_attr, get_doc_attr) = (
        doc(&format!("Sets `{}`: {}", input.name, input.doc)),
        doc(&format!("Sets or clears `{}`.", input.name)),
        doc(&format!("`{}`, if set.", input.name)),
    );
    let (setter, getter) = match input.ty {
        Ty::List(item) => {
            let (item_ty, item_value) = (setter_type(item), setter_value(item, &arg));
            let add_doc = doc(&format!("Adds one item to `{}`: {}", input.name, input.doc));
            let item = rust_type(item);
            (
                quote! {
                    #add_doc
                    pub fn #field(mut self, #arg: #item_ty) -> Self {
                        self.#field.get_or_insert_with(Vec::new).push(#item_value);
                        self
                    }
                },
                quote! {
                    #get_doc_attr
                    pub fn #get(&self) -> Option<&[#item]> {
                        self.#field.as_deref()
                    }
                },
            )
        }
        _ => {
            let (arg_ty, value) = (setter_type(input.ty), setter_value(input.ty, &arg));
            (
                quote! {
                    #set_doc
                    pub fn #field(mut self, #arg: #arg_ty) -> Self {
                        self.#field = Some(#value);
                        self
                    }
                },
                quote! {
                    #get_doc_attr
                    pub fn #get(&self) -> Option<&#ty> {
                        self.#field.as_ref()
                    }
                },
            )
        }
    };
    quote! {
        #setter

        #clear_doc_attr
        pub fn #set(mut self, #arg: Option<#ty>) -> Self {
            self.#field = #arg;
            self
        }

        #getter
    }
}

/// `build`: required inputs present, then every check that needs no version.
fn build(operation: &Operation, body: Option<&Model>, inputs: &[Input<'_>]) -> TokenStream {
    let request = ident(&operation.rust);
    let value = |input: &Input<'_>| -> TokenStream {
        let (field, path_name) = (ident(input.rust), lit(input.name));
        match input.presence {
            Presence::Required => {
                quote!(rt::required(self.#field, #path_name)?)
            }
            Presence::Optional => quote!(self.#field),
            Presence::Defaulted => quote!(self.#field.unwrap_or_default()),
        }
    };
    let param_count = operation.params.len();
    let params = inputs[..param_count].iter().map(|input| {
        let (field, value) = (ident(input.rust), value(input));
        quote!(#field: #value,)
    });
    let body_value = body.map(|body| {
        let body_name = ident(&body.rust);
        let fields = inputs[param_count..].iter().map(|input| {
            let (field, value) = (ident(input.rust), value(input));
            quote!(#field: #value,)
        });
        let unknown = body.keep_unknown.then(|| {
            let unknown = ident(UNKNOWN_FIELDS);
            quote!(#unknown: ::std::collections::BTreeMap::new(),)
        });
        quote!(body: #body_name { #(#fields)* #unknown },)
    });
    quote! {
        /// Checks every input and builds the request. Rules that depend on the API
        /// version are checked again when the version is known, in `to_http`.
        pub fn build(self) -> Result<#request, rt::BuildError> {
            let request = #request {
                #(#params)*
                #body_value
                version: self.version,
            };
            rt::Check::check(&request, &rt::FieldPath::ROOT, None)?;
            Ok(request)
        }
    }
}

/// The builder of an existing request, to change it and build it again.
fn from_request(operation: &Operation, body: Option<&Model>, inputs: &[Input<'_>]) -> TokenStream {
    let (request, builder) = (ident(&operation.rust), ident(&operation.builder));
    let param_count = operation.params.len();
    let take = |input: &Input<'_>, source: TokenStream| -> TokenStream {
        let field: Ident = ident(input.rust);
        match input.presence {
            Presence::Optional => quote!(#field: #source.#field,),
            _ => quote!(#field: ::core::option::Option::Some(#source.#field),),
        }
    };
    let params = inputs[..param_count].iter().map(|input| take(input, quote!(request)));
    let fields = body
        .map(|_| inputs[param_count..].iter().map(|input| take(input, quote!(request.body))).collect::<Vec<_>>())
        .unwrap_or_default();
    quote! {
        impl ::core::convert::From<#request> for #builder {
            fn from(request: #request) -> #builder {
                #builder {
                    #(#params)*
                    #(#fields)*
                    version: request.version,
                }
            }
        }
    }
}

/// `Some(n)` or `None`, for an item limit.
fn count_literal(count: Option<usize>) -> TokenStream {
    match count {
        Some(count) => {
            let count = Literal::usize_unsuffixed(count);
            quote!(Some(#count))
        }
        None => quote!(None),
    }
}

/// `rt::Paged` for an operation whose spec says how it pages: which parameters ask for a
/// page, and where its answer keeps the items and `info`.
fn paged_impl(operation: &Operation) -> TokenStream {
    let Some(pagination) = &operation.pagination else { return TokenStream::new() };
    let name = ident(&operation.rust);
    let item = rust_type(&pagination.item);
    let output = output_type(operation);
    let (page_numbers, page_tokens) = (pagination.page.is_some(), pagination.page_token.is_some());
    let field = |(field, presence): &(String, Presence)| (ident(field), *presence == Presence::Optional);
    let more = match field(&pagination.more_records) {
        (more, true) => quote!(info.#more.unwrap_or(false)),
        (more, false) => quote!(info.#more),
    };
    let next = match pagination.next_page_token.as_ref().map(field) {
        Some((token, true)) => quote!(info.#token.clone()),
        Some((token, false)) => quote!(Some(info.#token.clone())),
        None => quote!(None),
    };
    let page_info = quote!(rt::PageInfo { more_records: #more, next_page_token: #next });
    let page_info = match field(&pagination.info) {
        (info, true) => quote!(output.#info.as_ref().map(|info| #page_info).unwrap_or_default()),
        (info, false) => quote! {
            let info = &output.#info;
            #page_info
        },
    };
    let items = {
        let field = ident(&pagination.items.0);
        match pagination.items.1 {
            Presence::Optional => quote!(output.#field.unwrap_or_default()),
            _ => quote!(output.#field),
        }
    };
    let page_number = match &pagination.page {
        Some(page) => {
            let page = ident(page);
            quote!(self.#page)
        }
        None => quote!(None),
    };
    let set = |param: &Option<String>, value: TokenStream| -> TokenStream {
        match param {
            Some(param) => {
                let param = ident(param);
                quote!(self.#param = #value;)
            }
            None => TokenStream::new(),
        }
    };
    let (number_set, number_clear) = (set(&pagination.page, quote!(Some(number))), set(&pagination.page, quote!(None)));
    let (token_set, token_clear) =
        (set(&pagination.page_token, quote!(Some(token))), set(&pagination.page_token, quote!(None)));
    let number_arm = if page_numbers {
        quote!(rt::NextPage::Number(number) => { #number_set #token_clear })
    } else {
        quote!(rt::NextPage::Number(_) => {})
    };
    let token_arm = if page_tokens {
        quote!(rt::NextPage::Token(token) => { #token_set #number_clear })
    } else {
        quote!(rt::NextPage::Token(_) => {})
    };
    quote! {
        impl rt::Paged for #name {
            type Item = #item;

            const PAGE_NUMBERS: bool = #page_numbers;
            const PAGE_TOKENS: bool = #page_tokens;

            fn page_info(output: &#output) -> rt::PageInfo {
                #page_info
            }

            fn into_items(output: #output) -> Vec<#item> {
                #items
            }

            fn page_number(&self) -> Option<i64> {
                #page_number
            }

            fn set_page(&mut self, page: rt::NextPage) {
                match page {
                    #number_arm
                    #token_arm
                }
            }
        }
    }
}

/// `pages()` and `items()` on the client's call of each paged operation (compiled with
/// the client).
pub(super) fn paged_calls(api: &Api) -> impl Iterator<Item = TokenStream> + '_ {
    api.operations.iter().filter(|operation| operation.pagination.is_some()).map(|operation| {
        let (call, request) = (ident(&operation.call), ident(&operation.rust));
        let item = operation.pagination.as_ref().map(|pagination| rust_type(&pagination.item).to_string());
        let items_doc = doc(&format!(
            "Checks every input, then walks every page: each item (`{}`) of every page in turn, as a stream.",
            item.unwrap_or_default().replace(' ', "")
        ));
        quote! {
            impl #call<'_> {
                /// Checks every input, then walks every page: each page's answer in turn,
                /// as a stream, until one says no more records follow.
                pub fn pages(self) -> rt::client::Pages<#request> {
                    match self.builder.build() {
                        Ok(request) => rt::client::Pages::new(self.client.http().clone(), self.client.endpoint().clone(), request),
                        Err(error) => rt::client::Pages::failed(rt::client::Error::Build(error)),
                    }
                }

                #items_doc
                pub fn items(self) -> rt::client::Items<#request> {
                    self.pages().items()
                }
            }
        }
    })
}

/// Whether values of the type are `Copy` (and so passed by value).
fn is_copy(ty: &Ty) -> bool {
    matches!(ty, Ty::Id(_) | Ty::Integer | Ty::Bool)
}

#[cfg(test)]
mod tests {
    use super::grouped_literal;
    use quote::ToTokens;

    #[test]
    fn integer_literals_are_grouped_by_thousands() {
        let cases = [(0, "0"), (999, "999"), (1_000, "1_000"), (20_971_520, "20_971_520")];
        for (value, text) in cases {
            assert_eq!(grouped_literal(value).to_string(), text);
        }
        let largest: syn::LitInt = syn::parse2(grouped_literal(u64::MAX).into_token_stream()).unwrap();
        assert_eq!(largest.base10_parse::<u64>().unwrap(), u64::MAX);
    }
}
