//! Several APIs in one file: what they share at the top (versions, environments, data
//! centres, `Endpoint`, `Module`, `ErrorKind`, `ApiError`, the error details, shared IDs
//! and one `Client`), then one module per API with its own items (its `API` constant,
//! scopes, IDs, enums, models, documented errors, operations, and the `Client` methods
//! that start its calls). The items of each API's module are the ones a single-spec file
//! has, made by the same emitters; the module reaches the shared ones with `use super::*`.

use proc_macro2::TokenStream;
use quote::quote;

use super::catalog;
use super::{Context, Piece, client, doc, enums, errors, ident, ids, lit, models, operations};
use crate::Settings;
use crate::family::{Family, Member};
use crate::model::{Api, Operation, Ty};

/// Emits the whole family as `settings` say, in pieces, in file order.
pub(crate) fn emit(family: &Family, settings: &Settings) -> Result<Vec<Piece>, String> {
    let (header, context) = super::file_header(settings)?;
    let shared = &family.shared;
    let ungated = std::iter::once(header)
        .chain([
            catalog::versions_with_doc(
                shared,
                format!(
                    "The versions of the {} APIs, oldest first; they compare in that order. Each API's `VERSIONS` lists the ones it has.",
                    shared.name
                ),
            ),
            catalog::environments(shared),
            catalog::data_centres(shared),
            catalog::modules(shared),
        ])
        .chain(ids::emit(shared))
        .chain(enums::emit(shared))
        .chain(models::emit(shared, &context))
        .chain([errors::kinds(shared), errors::documented_errors(shared), errors::error_enum(shared)])
        .chain([quote!(
            pub use rt::Operation;
        )])
        .map(|tokens| Piece { tokens, feature: None });
    let mut pieces: Vec<Piece> = ungated.collect();
    let feature = settings.client_feature().map(str::to_owned);
    if settings.client() {
        let of = format!("the {} APIs", shared.name);
        pieces.push(Piece { tokens: client::client(&of, TokenStream::new()), feature: feature.clone() });
    }
    for member in &family.members {
        pieces.push(Piece { tokens: member_module(family, member, settings, &context)?, feature: None });
    }
    Ok(pieces)
}

/// `pub mod <api> { … }`: one API's own items.
fn member_module(
    family: &Family,
    member: &Member,
    settings: &Settings,
    context: &Context,
) -> Result<TokenStream, String> {
    let api = &member.api;
    let own = own_types(member);
    let hook = |operation: &Operation| extra_checks(family, member, operation);
    let ungated = [
        quote!(
            use super::*;
        ),
        catalog::api_info(api),
        member_catalog(family, member),
    ]
    .into_iter()
    .chain(ids::emit(&own))
    .chain(enums::emit(&own))
    .chain(models::emit(&own, context))
    .chain([errors::documented_errors(api)])
    .chain(operations::emit_with(api, &hook))
    .map(|tokens| Piece { tokens, feature: None });
    let mut pieces: Vec<Piece> = ungated.collect();
    if settings.client() {
        let feature = settings.client_feature().map(str::to_owned);
        let constructors = client::constructors(api);
        let methods_doc = doc(&format!("The methods that start the calls of the {} API.", api.name));
        let methods = quote! {
            #methods_doc
            impl Client {
                #constructors
            }
        };
        pieces.extend(
            std::iter::once(methods).chain(client::calls(api)).map(|tokens| Piece { tokens, feature: feature.clone() }),
        );
    }
    let mut items: Vec<syn::Item> = Vec::new();
    for piece in pieces {
        items.extend(crate::format::gated_items(piece)?);
    }
    let name = ident(&member.module);
    let module_doc = doc(&format!(
        "The {} API (from `{}`): {}\n\n\
         Its own items are here: `API`, its scopes, IDs, enums and models, its documented errors, \
         its operations and the calls the shared [`Client`] starts for them. The items every API of \
         the file shares ([`Client`], [`ApiError`], [`ErrorKind`], [`ApiVersion`], [`DataCentre`], \
         [`Endpoint`]{}) are in the parent module.",
        api.name,
        member.file,
        api.doc,
        if family.shared.modules.is_some() { ", [`Module`]" } else { "" }
    ));
    Ok(quote! {
        #module_doc
        pub mod #name {
            #(#items)*
        }
    })
}

/// The API with only the IDs, enums and models it does not take from the shared part.
fn own_types(member: &Member) -> Api {
    let mut own = member.api.clone();
    own.ids.retain(|id| !member.hoisted.contains(&id.rust));
    own.enums.retain(|item| !member.hoisted.contains(&item.rust));
    own.models.retain(|model| !member.hoisted.contains(&model.rust));
    own
}

/// The checks of an operation that the shared types leave to each API: a version of the
/// family the API lacks, and a module it does not take.
fn extra_checks(family: &Family, member: &Member, operation: &Operation) -> Vec<(TokenStream, bool)> {
    let mut checks = Vec::new();
    if !member.missing_versions.is_empty() {
        checks.push((quote!(check_version(path, version)?;), true));
    }
    let module_param = operation
        .module_param
        .as_deref()
        .and_then(|rust| operation.params.iter().find(|param| param.rust == rust && param.ty == Ty::Module));
    if let Some(param) = module_param.filter(|_| checks_modules(family, member)) {
        let (field, name) = (ident(&param.rust), lit(&param.name));
        let check = if param.required {
            quote!(check_module(&self.#field, &path.field(#name))?;)
        } else {
            quote! {
                if let Some(module) = &self.#field {
                    check_module(module, &path.field(#name))?;
                }
            }
        };
        checks.push((check, false));
    }
    checks
}

/// Whether an API refuses some module that the shared `Module` allows.
fn checks_modules(family: &Family, member: &Member) -> bool {
    let shared_custom = family.shared.modules.as_ref().is_some_and(|modules| modules.custom.is_some());
    member.api.modules.is_some() && (!member.refused_modules.is_empty() || (shared_custom && !member.takes_custom))
}

/// The API's scope operation types, `Scope` and `scope`; its versions; what it refuses
/// of the shared versions and modules.
fn member_catalog(family: &Family, member: &Member) -> TokenStream {
    let api = &member.api;
    let scopes = (!api.operation_types.is_empty()).then(|| {
        let enum_tokens = catalog::operation_types(
            api,
            format!("The operation types an OAuth scope of the {} API can grant.", api.name),
        );
        let scope = api.module_scope_template().map(|template| {
            let template = catalog::scope_template(template);
            let scope_doc = doc(&format!("An OAuth scope of the {} API: `{template}`. Made by [`scope`].", api.name));
            let template = lit(&template);
            quote! {
                #scope_doc
                pub type Scope = rt::Scope<OperationType>;

                /// The scope for an operation type on a module.
                pub fn scope(module: &Module, operation_type: OperationType) -> Scope {
                    rt::Scope::new(#template, module.scope_name(), operation_type)
                }
            }
        });
        quote!(#enum_tokens #scope)
    });
    let versions = api.versions.iter().map(|version| super::version_variant(&version.rust));
    let versions_doc = doc(&format!("The versions of the {} API, oldest first.", api.name));
    let version_check = (!member.missing_versions.is_empty()).then(|| {
        let message = lit(&format!("is `{{version}}`, a version the {} API does not have", api.name));
        quote! {
            /// Refuses, before anything is sent, a version of the shared `ApiVersion` this API does not have.
            pub fn check_version(path: &rt::FieldPath<'_>, version: Option<ApiVersion>) -> Result<(), rt::BuildError> {
                match version {
                    Some(version) if !VERSIONS.contains(&version) => {
                        Err(rt::BuildError::new(&path.field("version"), rt::BuildErrorKind::NotInVersion, format!(#message)))
                    }
                    _ => Ok(()),
                }
            }
        }
    });
    let module_check = checks_modules(family, member).then(|| {
        let refused = member.refused_modules.iter().map(|(name, reason)| {
            let (name, reason) = (lit(name), lit(reason));
            quote!((#name, #reason))
        });
        let message = lit(&format!("is `{{name}}`, a module the {} API does not take: {{reason}}", api.name));
        let shared_custom = family.shared.modules.as_ref().is_some_and(|modules| modules.custom.is_some());
        let custom = (shared_custom && !member.takes_custom).then(|| {
            let message =
                lit(&format!("is the custom module `{{}}`; the {} API takes standard modules only", api.name));
            quote! {
                if let Module::Custom(custom) = module {
                    return Err(rt::BuildError::invalid(path, format!(#message, custom.api_name())));
                }
            }
        });
        quote! {
            /// The modules of the shared `Module` this API does not take, with the reason; its operations refuse them before anything is sent.
            pub const REFUSED_MODULES: &[(&str, &str)] = &[#(#refused),*];

            /// Refuses, before anything is sent, a module of the shared `Module` this API does not take.
            pub fn check_module(module: &Module, path: &rt::FieldPath<'_>) -> Result<(), rt::BuildError> {
                let refused = REFUSED_MODULES.iter().find(|(name, _)| name.eq_ignore_ascii_case(module.api_name()));
                if let Some((name, reason)) = refused {
                    return Err(rt::BuildError::invalid(path, format!(#message)));
                }
                #custom
                Ok(())
            }
        }
    });
    quote! {
        #scopes

        #versions_doc
        pub const VERSIONS: &[ApiVersion] = &[#(#versions),*];

        #version_check
        #module_check
    }
}
