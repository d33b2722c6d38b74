//! API versions, environments, data centres, the endpoint, modules and scopes.

use proc_macro2::TokenStream;
use quote::quote;

use super::{doc, ident, lit};
use crate::model::{Api, ScopePart};

pub(super) fn emit(api: &Api) -> TokenStream {
    let parts = [versions(api), environments(api), data_centres(api), endpoint(), modules(api), scopes(api)];
    quote! { #(#parts)* }
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
    /// Whether values are ordered as listed (versions are).
    ordered: bool,
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
    let marker = if spec.ignore_case { quote!(#[value_enum(what = #what, ignore_case)]) } else { quote!(#[value_enum(what = #what)]) };
    let mut derives = Vec::new();
    if spec.ordered {
        derives.extend([quote!(::core::cmp::PartialOrd), quote!(::core::cmp::Ord)]);
    }
    if spec.default.is_some() {
        derives.push(quote!(::core::default::Default));
    }
    let derives = (!derives.is_empty()).then(|| quote!(#[derive(#(#derives),*)]));
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

fn versions(api: &Api) -> TokenStream {
    let variants =
        api.versions.iter().map(|v| (v.rust.as_str(), v.wire.as_str(), version_doc(&v.wire, &v.doc))).collect();
    let default = api.versions.get(api.default_version).map_or_else(|| ident("__invalid"), |v| ident(&v.rust));
    let default_wire = api.versions.get(api.default_version).map_or("", |v| v.wire.as_str());
    let default_doc = format!("The version requests use unless told otherwise: `{default_wire}`.");
    let default_doc_attr = doc(&default_doc);
    let enum_tokens = closed_enum(&ClosedEnum {
        name: "ApiVersion",
        doc: format!("The versions of the {} API, oldest first; they compare in that order.", api.name),
        what: "API version",
        variants,
        ordered: true,
        ignore_case: false,
        default: api.versions.get(api.default_version).map(|v| v.rust.as_str()),
    });
    quote! {
        #enum_tokens

        impl ApiVersion {
            #default_doc_attr
            pub const DEFAULT: ApiVersion = ApiVersion::#default;
        }

        impl rt::Version for ApiVersion {
            const DEFAULT: ApiVersion = ApiVersion::DEFAULT;

            fn as_str(self) -> &'static str {
                ApiVersion::as_str(self)
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
        ordered: false,
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
    let variants = api
        .data_centres
        .iter()
        .map(|dc| {
            (
                dc.rust.as_str(),
                dc.name.as_str(),
                format!(
                    "`{}`: API `{}`, accounts `{}`.",
                    dc.name,
                    dc.api_domains.first().map_or("", String::as_str),
                    dc.accounts_domain
                ),
            )
        })
        .collect();
    let enum_tokens = closed_enum(&ClosedEnum {
        name: "DataCentre",
        doc: "The Zoho data centres.".into(),
        what: "data centre",
        variants,
        ordered: false,
        ignore_case: true,
        default: None,
    });
    let names: Vec<_> = api.data_centres.iter().map(|dc| ident(&dc.rust)).collect();
    let production = api.data_centres.iter().map(|dc| lit(dc.api_domains.first().map_or("", String::as_str)));
    let accounts = api.data_centres.iter().map(|dc| lit(&dc.accounts_domain));
    let per_environment = (!api.environments.is_empty()).then(|| {
        let envs: Vec<_> = api.environments.iter().map(|env| ident(&env.named.rust)).collect();
        let arms = api.data_centres.iter().map(|dc| {
            let name = ident(&dc.rust);
            let domains = dc.api_domains.iter().map(|domain| lit(domain));
            quote! { DataCentre::#name => match environment { #( Environment::#envs => #domains, )* }, }
        });
        quote! {
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
    });
    let environments = (!api.environments.is_empty()).then(|| {
        quote! {
            impl rt::Environments for DataCentre {
                type Environment = Environment;

                fn base_url_in(self, environment: Environment) -> rt::BaseUrl {
                    DataCentre::base_url_in(self, environment)
                }
            }
        }
    });
    quote! {
        #enum_tokens

        impl DataCentre {
            /// The API domain of the data centre's production environment.
            pub const fn api_domain(self) -> &'static str {
                match self {
                    #( DataCentre::#names => #production, )*
                }
            }

            /// The domain of the data centre's OAuth server.
            pub const fn accounts_domain(self) -> &'static str {
                match self {
                    #( DataCentre::#names => #accounts, )*
                }
            }

            /// The base URL of the data centre's OAuth server.
            pub const fn accounts_url(self) -> rt::BaseUrl {
                rt::BaseUrl::trusted(self.accounts_domain())
            }

            /// The base URL of the data centre's production environment.
            pub const fn base_url(self) -> rt::BaseUrl {
                rt::BaseUrl::trusted(self.api_domain())
            }

            #per_environment
        }

        impl rt::Region for DataCentre {
            fn base_url(self) -> rt::BaseUrl {
                DataCentre::base_url(self)
            }
        }

        #environments
    }
}

fn endpoint() -> TokenStream {
    quote! {
        /// Where requests go: a base URL and the API version they use by default.
        pub type Endpoint = rt::Endpoint<ApiVersion>;

        impl ::core::convert::From<DataCentre> for Endpoint {
            fn from(data_centre: DataCentre) -> Endpoint {
                Endpoint::new(data_centre)
            }
        }
    }
}

fn modules(api: &Api) -> TokenStream {
    let standard = &api.modules.standard;
    let names: Vec<_> = standard.iter().map(|m| ident(&m.rust)).collect();
    let docs =
        standard.iter().map(|m| doc(&format!("{} (`{}`, scope name `{}`).", m.display_name, m.api_name, m.scope_name)));
    let api_names: Vec<_> = standard.iter().map(|m| lit(&m.api_name)).collect();
    let display_names = standard.iter().map(|m| lit(&m.display_name));
    let scope_names = standard.iter().map(|m| lit(&m.scope_name));
    let unsupported = api.modules.unsupported.iter().map(|(name, reason)| {
        let (name, reason) = (lit(name), lit(reason));
        quote!((#name, #reason))
    });
    let custom = api.modules.custom.as_ref();
    let custom_variant = custom.map(|custom| {
        let text = doc(&format!("A custom module. {}", custom.doc));
        quote! { #text Custom(CustomModule), }
    });
    let custom_arm = |body: TokenStream| custom.map(|_| quote!(Module::Custom(custom) => #body,));
    let api_name_custom = custom_arm(quote!(custom.api_name()));
    let display_custom = api_name_custom.clone();
    let scope_custom = custom.map(|custom| {
        let scope = lit(&custom.scope_name);
        quote!(Module::Custom(_) => #scope,)
    });
    let parse_other = match custom {
        Some(_) => quote!(CustomModule::new(api_name).map(Module::Custom)),
        None => quote!(::core::result::Result::Err(ModuleError::Unknown { api_name: ::std::borrow::ToOwned::to_owned(api_name) })),
    };
    let custom_items = custom.map(custom_module);
    quote! {
        /// A module of the API: a standard one, or a custom one checked by name.
        #[derive(Clone, Debug, PartialEq, Eq, Hash)]
        #[non_exhaustive]
        pub enum Module {
            #( #docs #names, )*
            #custom_variant
        }

        impl Module {
            /// The standard modules.
            pub const STANDARD: &'static [Module] = &[#(Module::#names),*];

            /// The modules the API does not support, with the reason.
            pub const UNSUPPORTED: &'static [(&'static str, &'static str)] = &[#(#unsupported),*];

            /// The API name used in URLs.
            pub fn api_name(&self) -> &str {
                match self {
                    #( Module::#names => #api_names, )*
                    #api_name_custom
                }
            }

            /// The name shown to people.
            pub fn display_name(&self) -> &str {
                match self {
                    #( Module::#names => #display_names, )*
                    #display_custom
                }
            }

            /// The name used in OAuth scopes.
            pub fn scope_name(&self) -> &'static str {
                match self {
                    #( Module::#names => #scope_names, )*
                    #scope_custom
                }
            }

            /// The scope for an operation type on this module.
            pub fn scope(&self, operation_type: OperationType) -> Scope {
                Scope { module_name: self.scope_name(), operation_type }
            }

            /// The module with this API name (ignoring ASCII case for standard modules);
            /// unsupported modules are rejected, before anything is sent.
            pub fn parse(api_name: &str) -> ::core::result::Result<Module, ModuleError> {
                match rt::find_module::<Module>(api_name)? {
                    ::core::option::Option::Some(module) => ::core::result::Result::Ok(module),
                    ::core::option::Option::None => #parse_other,
                }
            }
        }

        impl rt::Modules for Module {
            const STANDARD: &'static [Module] = Module::STANDARD;
            const UNSUPPORTED: &'static [(&'static str, &'static str)] = Module::UNSUPPORTED;

            fn api_name(&self) -> &str {
                Module::api_name(self)
            }
        }

        impl ::std::fmt::Display for Module {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.write_str(self.api_name())
            }
        }

        impl ::std::str::FromStr for Module {
            type Err = ModuleError;

            fn from_str(api_name: &str) -> Result<Module, ModuleError> {
                Module::parse(api_name)
            }
        }

        #custom_items

        pub use rt::ModuleError;
    }
}

fn custom_module(custom: &crate::model::CustomModules) -> TokenStream {
    let max_length = proc_macro2::Literal::usize_unsuffixed(custom.max_length);
    quote! {
        /// A custom module, named by its API name (checked when made).
        pub type CustomModule = rt::CustomModule<Module>;

        impl rt::CustomModules for Module {
            const MAX_CUSTOM_LENGTH: usize = #max_length;
        }

        impl Module {
            /// A custom module, checked by [`CustomModule::new`].
            pub fn custom(api_name: impl ::core::convert::Into<::std::string::String>) -> ::core::result::Result<Module, ModuleError> {
                CustomModule::new(api_name).map(Module::Custom)
            }

            /// Whether this is a custom module.
            pub fn is_custom(&self) -> bool {
                ::core::matches!(self, Module::Custom(_))
            }
        }
    }
}

fn scopes(api: &Api) -> TokenStream {
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
        ordered: false,
        ignore_case: false,
        default: None,
    });
    let template: String = api
        .scope_template
        .iter()
        .map(|part| match part {
            ScopePart::Literal(text) => text.as_str(),
            ScopePart::ModuleName => "{module_name}",
            ScopePart::OperationType => "{operation_type}",
        })
        .collect();
    let writes = api.scope_template.iter().map(|part| match part {
        ScopePart::Literal(text) => {
            let text = lit(text);
            quote!(f.write_str(#text)?;)
        }
        ScopePart::ModuleName => quote!(f.write_str(self.module_name)?;),
        ScopePart::OperationType => quote!(f.write_str(self.operation_type.as_str())?;),
    });
    let scope_doc = format!("An OAuth scope: `{template}`. Made by [`Module::scope`].");
    let scope_doc_attr = doc(&scope_doc);
    quote! {
        #enum_tokens

        #scope_doc_attr
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
        pub struct Scope {
            module_name: &'static str,
            operation_type: OperationType,
        }

        impl Scope {
            /// The module's scope name.
            pub fn module_name(&self) -> &'static str {
                self.module_name
            }

            /// The operation type.
            pub fn operation_type(&self) -> OperationType {
                self.operation_type
            }
        }

        impl ::std::fmt::Display for Scope {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                #(#writes)*
                Ok(())
            }
        }
    }
}
