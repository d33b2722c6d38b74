//! API versions, environments, data centres and the endpoint, modules and scopes.

use proc_macro2::TokenStream;
use quote::quote;

use super::{doc, ident, lit};
use crate::model::{Api, ScopePart};

pub(super) fn emit(api: &Api) -> Vec<TokenStream> {
    vec![api_info(api), versions(api), environments(api), data_centres(api), modules(api), scopes(api)]
}

/// A closed enum of names the API writes as text (versions, data centres, …), defined by
/// the runtime's `value_enum!`.
struct ClosedEnum<'a> {
    name: &'a str,
    doc: String,
    /// What a value is, for parse errors, e.g. "API version".
    what: &'a str,
    /// Rust name, wire name, documentation.
    variants: Vec<(&'a str, &'a str, String)>,
    /// Whether parsing ignores ASCII case.
    ignore_case: bool,
    /// The Rust name of the `Default` value, if any.
    default: Option<&'a str>,
}

fn closed_enum(spec: &ClosedEnum<'_>) -> TokenStream {
    let name = ident(spec.name);
    let type_doc = doc(&spec.doc);
    let variants = spec.variants.iter().map(|(rust, wire, text)| {
        let default = (spec.default == Some(*rust)).then(|| quote!(#[default]));
        let (text, variant, wire) = (doc(text), ident(rust), lit(wire));
        quote!(#text #default #variant = #wire)
    });
    let what = lit(spec.what);
    let marker = if spec.ignore_case {
        quote!(#[value_enum(what = #what, ignore_case)])
    } else {
        quote!(#[value_enum(what = #what)])
    };
    let derives = spec.default.is_some().then(|| quote!(#[derive(::core::default::Default)]));
    quote! {
        rt::value_enum! {
            #type_doc
            #marker
            #derives
            pub enum #name {
                #(#variants,)*
            }
        }
    }
}

/// The API's URL shape and authentication as data.
fn api_info(api: &Api) -> TokenStream {
    let name = lit(&api.name);
    let base_path = lit(&super::operations::template_text(&api.base_url));
    let (header, scheme) = (lit(&api.auth_header), lit(&api.auth_scheme));
    quote! {
        /// The API's name, the path its operations' paths extend, and how requests carry
        /// the access token.
        pub const API: rt::ApiInfo =
            rt::ApiInfo { name: #name, base_path: #base_path, auth_header: #header, auth_scheme: #scheme };
    }
}

fn versions(api: &Api) -> TokenStream {
    let variants = api.versions.iter().map(|version| {
        let (text, variant, wire) =
            (doc(&version_doc(&version.wire, &version.doc)), ident(&version.rust), lit(&version.wire));
        quote!(#text #variant = #wire)
    });
    let default = api.versions.get(api.default_version).map_or_else(|| ident("__invalid"), |v| ident(&v.rust));
    let type_doc = doc(&format!("The versions of the {} API, oldest first; they compare in that order.", api.name));
    quote! {
        rt::api_version! {
            #type_doc
            #[api_version(default = #default)]
            pub enum ApiVersion {
                #(#variants,)*
            }
        }
    }
}

fn version_doc(wire: &str, doc: &str) -> String {
    if doc.is_empty() { format!("`{wire}`.") } else { format!("`{wire}`: {doc}") }
}

fn environments(api: &Api) -> TokenStream {
    if api.environments.is_empty() {
        return TokenStream::new();
    }
    let variants = api
        .environments
        .iter()
        .map(|env| {
            (
                env.named.rust.as_str(),
                env.named.wire.as_str(),
                format!("{} (API host prefix `{}`).", env.named.doc.trim_end_matches('.'), env.host_prefix),
            )
        })
        .collect();
    let first = api.environments.first().map(|env| env.named.rust.as_str());
    let enum_tokens = closed_enum(&ClosedEnum {
        name: "Environment",
        doc: "The environments a data centre hosts; the first is the default.".into(),
        what: "environment",
        variants,
        ignore_case: true,
        default: first,
    });
    let names: Vec<_> = api.environments.iter().map(|env| ident(&env.named.rust)).collect();
    let prefixes = api.environments.iter().map(|env| lit(&env.host_prefix));
    quote! {
        #enum_tokens

        impl Environment {
            /// The first label of the environment's API host.
            pub const fn host_prefix(self) -> &'static str {
                match self {
                    #( Environment::#names => #prefixes, )*
                }
            }
        }
    }
}

fn data_centres(api: &Api) -> TokenStream {
    let variants = api.data_centres.iter().map(|dc| {
        let (variant, wire) = (ident(&dc.rust), lit(&dc.name));
        let (api_domain, accounts) = (lit(dc.api_domains.first().map_or("", String::as_str)), lit(&dc.accounts_domain));
        quote! {
            #[domains(api = #api_domain, accounts = #accounts)]
            #variant = #wire
        }
    });
    let per_environment = (!api.environments.is_empty()).then(|| {
        let names: Vec<_> = api.data_centres.iter().map(|dc| ident(&dc.rust)).collect();
        let envs: Vec<_> = api.environments.iter().map(|env| ident(&env.named.rust)).collect();
        let arms = api.data_centres.iter().zip(&names).map(|(dc, name)| {
            let domains = dc.api_domains.iter().map(|domain| lit(domain));
            quote! { DataCentre::#name => match environment { #( Environment::#envs => #domains, )* }, }
        });
        quote! {
            impl DataCentre {
                /// The API domain of an environment of the data centre.
                pub const fn api_domain_in(self, environment: Environment) -> &'static str {
                    match self {
                        #(#arms)*
                    }
                }

                /// The base URL of an environment of the data centre.
                pub const fn base_url_in(self, environment: Environment) -> rt::BaseUrl {
                    rt::BaseUrl::trusted(self.api_domain_in(environment))
                }
            }

            impl rt::Environments for DataCentre {
                type Environment = Environment;

                fn base_url_in(self, environment: Environment) -> rt::BaseUrl {
                    DataCentre::base_url_in(self, environment)
                }
            }
        }
    });
    quote! {
        rt::data_centres! {
            /// The Zoho data centres.
            #[data_centres(endpoint = Endpoint, version = ApiVersion)]
            pub enum DataCentre {
                #(#variants,)*
            }
        }

        #per_environment
    }
}

/// The module enum (the runtime's `module_enum!`), and how a module names its scope.
fn modules(api: &Api) -> TokenStream {
    let Some(modules) = &api.modules else { return TokenStream::new() };
    let standard = modules.standard.iter().map(|module| {
        let (variant, api_name) = (ident(&module.rust), lit(&module.api_name));
        let (display_name, scope_name) = (lit(&module.display_name), lit(&module.scope_name));
        quote! {
            #[module(api_name = #api_name, display_name = #display_name, scope_name = #scope_name)]
            #variant,
        }
    });
    let unsupported = modules.unsupported.iter().map(|(name, reason)| {
        let (name, reason) = (lit(name), lit(reason));
        quote!((#name, #reason))
    });
    let custom = modules.custom.as_ref().map(|custom| {
        let text = doc(&format!("A custom module. {}", custom.doc));
        let (scope_name, max_length) =
            (lit(&custom.scope_name), proc_macro2::Literal::usize_unsuffixed(custom.max_length));
        quote! {
            #text
            #[custom(scope_name = #scope_name, max_length = #max_length)]
            Custom(CustomModule),
        }
    });
    // `Module::scope` exists when the API's own template names the module.
    let module_scope = api.module_scope_template().map(|template| {
        let template = lit(&scope_template(template));
        quote! {
            impl Module {
                /// The scope for an operation type on this module.
                pub fn scope(&self, operation_type: OperationType) -> Scope {
                    rt::Scope::new(#template, self.scope_name(), operation_type)
                }
            }
        }
    });
    quote! {
        rt::module_enum! {
            /// A module of the API: a standard one, or a custom one checked by name.
            #[module_enum(unsupported = [#(#unsupported),*])]
            pub enum Module {
                #(#standard)*
                #custom
            }
        }

        #module_scope

        pub use rt::ModuleError;
    }
}

fn scopes(api: &Api) -> TokenStream {
    if api.operation_types.is_empty() {
        return TokenStream::new();
    }
    let variants = api
        .operation_types
        .iter()
        .map(|t| (t.rust.as_str(), t.wire.as_str(), format!("`{}`: {}", t.wire, t.doc)))
        .collect();
    let enum_tokens = closed_enum(&ClosedEnum {
        name: "OperationType",
        doc: "The operation types an OAuth scope can grant.".into(),
        what: "scope operation type",
        variants,
        ignore_case: false,
        default: None,
    });
    let Some(template) = api.module_scope_template() else { return enum_tokens };
    let scope_doc = format!("An OAuth scope: `{}`. Made by [`Module::scope`].", scope_template(template));
    let scope_doc_attr = doc(&scope_doc);
    quote! {
        #enum_tokens

        #scope_doc_attr
        pub type Scope = rt::Scope<OperationType>;
    }
}

/// The scope template as the spec writes it: `{module_name}` and `{operation_type}` as
/// placeholders.
fn scope_template(template: &[ScopePart]) -> String {
    template
        .iter()
        .map(|part| match part {
            ScopePart::Literal(text) => text.as_str(),
            ScopePart::ModuleName => "{module_name}",
            ScopePart::OperationType => "{operation_type}",
        })
        .collect()
}
