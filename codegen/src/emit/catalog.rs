//! API versions, environments, data centres and the endpoint, modules and scopes.

use proc_macro2::{Literal, TokenStream};
use quote::quote;

use super::{doc, ident, lit, std_impls};
use crate::model::{Api, ScopePart};

pub(super) fn emit(api: &Api) -> Vec<TokenStream> {
    vec![api_info(api), versions(api), environments(api), data_centres(api), modules(api), scopes(api)]
}

/// A closed enum of names the API writes as text (versions, data centres, …): a
/// fieldless enum over the runtime's `ValueEnum`.
pub(super) struct ClosedEnum<'a> {
    pub(super) name: &'a str,
    pub(super) doc: String,
    /// What a value is, for parse errors, e.g. "API version".
    pub(super) what: &'a str,
    /// Rust name, wire name, documentation.
    pub(super) variants: Vec<(&'a str, &'a str, String)>,
    /// Whether parsing ignores ASCII case.
    pub(super) ignore_case: bool,
    /// The Rust name of the `Default` value, if any.
    pub(super) default: Option<&'a str>,
    /// Whether values compare in the order they are listed.
    pub(super) ordered: bool,
    /// More items of the inherent `impl`.
    pub(super) methods: TokenStream,
}

pub(super) fn closed_enum(spec: &ClosedEnum<'_>) -> TokenStream {
    let name = ident(spec.name);
    let type_doc = doc(&spec.doc);
    let variants: Vec<_> = spec.variants.iter().map(|(rust, _, _)| ident(rust)).collect();
    let variant_docs = spec.variants.iter().map(|(rust, _, text)| {
        let default = (spec.default == Some(*rust)).then(|| quote!(#[default]));
        let text = doc(text);
        quote!(#text #default)
    });
    let wires = spec.variants.iter().map(|(_, wire, _)| lit(wire));
    let what = lit(spec.what);
    let mut derives = vec![quote!(Clone), quote!(Copy), quote!(Debug), quote!(PartialEq), quote!(Eq), quote!(Hash)];
    if spec.ordered {
        derives.extend([quote!(PartialOrd), quote!(Ord)]);
    }
    if spec.default.is_some() {
        derives.push(quote!(Default));
    }
    let (parse_doc, ignore_case) = if spec.ignore_case {
        (
            "Parses a value as the API writes it, ignoring ASCII case.",
            Some(quote!(
                const IGNORE_CASE: bool = true;
            )),
        )
    } else {
        ("Parses a value as the API writes it.", None)
    };
    let parse_doc = doc(parse_doc);
    let methods = &spec.methods;
    let display = std_impls::display(&name, quote!(self.as_str()));
    let from_str = std_impls::from_str(&name, quote!(rt::ParseValueError), quote!(#name::parse(text)));
    quote! {
        #type_doc
        #[derive(#(#derives),*)]
        #[non_exhaustive]
        pub enum #name {
            #(#variant_docs #variants,)*
        }

        impl #name {
            /// Every value, in the order the spec lists them.
            pub const ALL: &'static [#name] = &[#(#name::#variants),*];

            /// The value as the API writes it.
            pub const fn as_str(self) -> &'static str {
                <#name as rt::ValueEnum>::WIRE[self as usize]
            }

            #parse_doc
            pub fn parse(text: &str) -> Result<#name, rt::ParseValueError> {
                rt::ValueEnum::parse_wire(text)
            }

            #methods
        }

        impl rt::ValueEnum for #name {
            const WHAT: &'static str = #what;
            const ALL: &'static [#name] = #name::ALL;
            const WIRE: &'static [&'static str] = &[#(#wires),*];
            #ignore_case
        }

        #display
        #from_str
    }
}

/// The API's URL shape and authentication as data.
pub(super) fn api_info(api: &Api) -> TokenStream {
    let name = lit(&api.name);
    let base_path = lit(&super::operations::template_text(&api.base_url));
    let (header, scheme) = (lit(&api.auth_header), lit(&api.auth_scheme));
    quote! {
        /// The API's name, the path its operations' paths extend, and how requests carry the access token.
        pub const API: rt::ApiInfo =
            rt::ApiInfo { name: #name, base_path: #base_path, auth_header: #header, auth_scheme: #scheme };
    }
}

pub(super) fn versions(api: &Api) -> TokenStream {
    versions_with_doc(api, format!("The versions of the {} API, oldest first; they compare in that order.", api.name))
}

/// `ApiVersion`, documented by `type_doc`.
pub(super) fn versions_with_doc(api: &Api, type_doc: String) -> TokenStream {
    let variants =
        api.versions.iter().map(|v| (v.rust.as_str(), v.wire.as_str(), version_doc(&v.wire, &v.doc))).collect();
    let default = api.versions.get(api.default_version).map_or_else(|| ident("__invalid"), |v| ident(&v.rust));
    let enum_tokens = closed_enum(&ClosedEnum {
        name: "ApiVersion",
        doc: type_doc,
        what: "API version",
        variants,
        ignore_case: false,
        default: api.versions.get(api.default_version).map(|v| v.rust.as_str()),
        ordered: true,
        methods: quote! {
            /// The version requests use unless told otherwise.
            pub const DEFAULT: ApiVersion = ApiVersion::#default;
        },
    });
    quote! {
        #enum_tokens

        impl rt::Version for ApiVersion {
            const DEFAULT: ApiVersion = ApiVersion::DEFAULT;
        }
    }
}

fn version_doc(wire: &str, doc: &str) -> String {
    if doc.is_empty() { format!("`{wire}`.") } else { format!("`{wire}`: {doc}") }
}

pub(super) fn environments(api: &Api) -> TokenStream {
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
    let names = api.environments.iter().map(|env| ident(&env.named.rust));
    let prefixes = api.environments.iter().map(|env| lit(&env.host_prefix));
    closed_enum(&ClosedEnum {
        name: "Environment",
        doc: "The environments a data centre hosts; the first is the default.".into(),
        what: "environment",
        variants,
        ignore_case: true,
        default: api.environments.first().map(|env| env.named.rust.as_str()),
        ordered: false,
        methods: quote! {
            /// The first label of the environment's API host.
            pub const fn host_prefix(self) -> &'static str {
                match self {
                    #( Environment::#names => #prefixes, )*
                }
            }
        },
    })
}

pub(super) fn data_centres(api: &Api) -> TokenStream {
    let variants = api
        .data_centres
        .iter()
        .map(|dc| {
            let api_domain = dc.api_domains.first().map_or("", String::as_str);
            let download =
                dc.download_domain.as_ref().map_or_else(String::new, |domain| format!(", download `{domain}`"));
            let text = format!("`{}`: API `{api_domain}`, accounts `{}`{download}.", dc.name, dc.accounts_domain);
            (dc.rust.as_str(), dc.name.as_str(), text)
        })
        .collect();
    let names: Vec<_> = api.data_centres.iter().map(|dc| ident(&dc.rust)).collect();
    let accounts = api.data_centres.iter().map(|dc| lit(&dc.accounts_domain));
    let (api_domain, per_environment) = match api.environments.first() {
        // With environments, the production domain is the first environment's.
        Some(first) => {
            let first = ident(&first.named.rust);
            (quote!(self.api_domain_in(Environment::#first)), environment_domains(api))
        }
        None => {
            let domains = api.data_centres.iter().map(|dc| lit(dc.api_domains.first().map_or("", String::as_str)));
            (quote!(match self { #( DataCentre::#names => #domains, )* }), TokenStream::new())
        }
    };
    // Download hosts only where the spec gives some, so that other APIs' files stay as
    // they were.
    let (download_method, download_region) = if api.data_centres.iter().any(|dc| dc.download_domain.is_some()) {
        let domains = api.data_centres.iter().map(|dc| match &dc.download_domain {
            Some(domain) => {
                let domain = lit(domain);
                quote!(Some(#domain))
            }
            None => quote!(None),
        });
        (
            quote! {
                /// The domain of the data centre's file download host, where the URLs an
                /// operation takes as a parameter may point, if the spec gives one.
                pub const fn download_domain(self) -> Option<&'static str> {
                    match self {
                        #( DataCentre::#names => #domains, )*
                    }
                }
            },
            quote! {
                fn download_domain(self) -> Option<rt::BaseUrl> {
                    DataCentre::download_domain(self).map(rt::BaseUrl::trusted)
                }
            },
        )
    } else {
        (TokenStream::new(), TokenStream::new())
    };
    let enum_tokens = closed_enum(&ClosedEnum {
        name: "DataCentre",
        doc: "The Zoho data centres.".into(),
        what: "data centre",
        variants,
        ignore_case: true,
        default: None,
        ordered: false,
        methods: quote! {
            /// The API domain of the data centre's production environment.
            pub const fn api_domain(self) -> &'static str {
                #api_domain
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

            #download_method
        },
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

        impl rt::Region for DataCentre {
            fn base_url(self) -> rt::BaseUrl {
                DataCentre::base_url(self)
            }

            #download_region
        }

        #environments

        /// Where requests go: a base URL and the API version they use by default.
        pub type Endpoint = rt::Endpoint<ApiVersion>;

        impl From<DataCentre> for Endpoint {
            fn from(data_centre: DataCentre) -> Endpoint {
                Endpoint::new(data_centre)
            }
        }
    }
}

/// `DataCentre::api_domain_in` and `base_url_in`: the domain of every environment of
/// every data centre.
fn environment_domains(api: &Api) -> TokenStream {
    let arms = api.data_centres.iter().flat_map(|dc| {
        let name = ident(&dc.rust);
        api.environments.iter().zip(&dc.api_domains).map(move |(env, domain)| {
            let (env, domain) = (ident(&env.named.rust), lit(domain));
            quote!((DataCentre::#name, Environment::#env) => #domain,)
        })
    });
    quote! {
        /// The API domain of an environment of the data centre.
        pub const fn api_domain_in(self, environment: Environment) -> &'static str {
            match (self, environment) {
                #(#arms)*
            }
        }

        /// The base URL of an environment of the data centre.
        pub const fn base_url_in(self, environment: Environment) -> rt::BaseUrl {
            rt::BaseUrl::trusted(self.api_domain_in(environment))
        }
    }
}

/// The module enum over the runtime's `Modules`, and how a module names its scope.
pub(super) fn modules(api: &Api) -> TokenStream {
    let Some(modules) = &api.modules else { return TokenStream::new() };
    let names: Vec<_> = modules.standard.iter().map(|module| ident(&module.rust)).collect();
    let variant_docs = modules.standard.iter().map(|module| {
        doc(&format!("{} (`{}`, scope name `{}`).", module.display_name, module.api_name, module.scope_name))
    });
    let names_rows = modules.standard.iter().map(|module| {
        let (api_name, display_name, scope_name) =
            (lit(&module.api_name), lit(&module.display_name), lit(&module.scope_name));
        quote!((#api_name, #display_name, #scope_name))
    });
    let unsupported = modules.unsupported.iter().map(|(name, reason)| {
        let (name, reason) = (lit(name), lit(reason));
        quote!((#name, #reason))
    });
    let custom = modules.custom.as_ref().map(|custom| {
        let text = doc(&format!("A custom module. {}", custom.doc));
        let (scope_name, max_length) = (lit(&custom.scope_name), Literal::usize_unsuffixed(custom.max_length));
        CustomParts {
            variant: quote!(#text Custom(CustomModule),),
            name_arm: quote!(Module::Custom(custom) => custom.api_name(),),
            scope_arm: quote!(Module::Custom(_) => #scope_name,),
            methods: quote! {
                /// A custom module, checked by its type's `new`.
                pub fn custom(api_name: impl Into<String>) -> Result<Module, ModuleError> {
                    CustomModule::new(api_name).map(Module::Custom)
                }

                /// Whether this is a custom module.
                pub fn is_custom(&self) -> bool {
                    matches!(self, Module::Custom(_))
                }
            },
            items: quote! {
                /// A custom module, named by its API name (checked when made).
                pub type CustomModule = rt::CustomModule<Module>;

                impl rt::CustomModules for Module {
                    const MAX_CUSTOM_LENGTH: usize = #max_length;
                }
            },
            not_standard: quote! {
                fn not_standard(api_name: &str) -> Result<Module, ModuleError> {
                    Module::custom(api_name)
                }
            },
        }
    });
    let custom = custom.unwrap_or_default();
    let CustomParts { variant, name_arm, scope_arm, methods, items, not_standard } = custom;
    // A standard module's names are in `rt::Modules::NAMES`; a custom module knows its own.
    let names_of = |arm: &TokenStream, index: usize| {
        let index = proc_macro2::Literal::usize_unsuffixed(index);
        if arm.is_empty() {
            quote!(rt::Modules::names(self).#index)
        } else {
            quote!(match self { #arm standard => rt::Modules::names(standard).#index })
        }
    };
    let (name_0, name_1, name_2) = (names_of(&name_arm, 0), names_of(&name_arm, 1), names_of(&scope_arm, 2));
    // `Module::scope` exists when the API's own template names the module.
    let module_scope = api.module_scope_template().map(|template| {
        let template = lit(&scope_template(template));
        quote! {
            /// The scope for an operation type on this module.
            pub fn scope(&self, operation_type: OperationType) -> Scope {
                rt::Scope::new(#template, self.scope_name(), operation_type)
            }
        }
    });
    let display = std_impls::display(&ident("Module"), quote!(self.api_name()));
    let from_str = std_impls::from_str(&ident("Module"), quote!(ModuleError), quote!(Module::parse(text)));
    quote! {
        /// A module of Zoho CRM: a standard one the spec lists, or a custom one checked by name.
        #[derive(Clone, Debug, PartialEq, Eq, Hash)]
        #[non_exhaustive]
        pub enum Module {
            #(#variant_docs #names,)*
            #variant
        }

        #items

        pub use rt::ModuleError;

        impl Module {
            /// The standard modules.
            pub const STANDARD: &'static [Module] = &[#(Module::#names),*];

            /// The modules that are refused before anything is sent, with the reason.
            pub const UNSUPPORTED: &'static [(&'static str, &'static str)] = &[#(#unsupported),*];

            /// The API name used in URLs.
            pub fn api_name(&self) -> &str {
                #name_0
            }

            /// The name shown to people.
            pub fn display_name(&self) -> &str {
                #name_1
            }

            /// The name used in OAuth scopes.
            pub fn scope_name(&self) -> &'static str {
                #name_2
            }

            /// The module with this API name (ignoring ASCII case for standard modules); unsupported modules are rejected, before anything is sent.
            pub fn parse(api_name: &str) -> Result<Module, ModuleError> {
                rt::Modules::parse_api_name(api_name)
            }

            #methods
            #module_scope
        }

        impl rt::Modules for Module {
            const STANDARD: &'static [Module] = Module::STANDARD;
            const NAMES: &'static [(&'static str, &'static str, &'static str)] = &[#(#names_rows),*];
            const UNSUPPORTED: &'static [(&'static str, &'static str)] = Module::UNSUPPORTED;

            fn api_name(&self) -> &str {
                Module::api_name(self)
            }

            #not_standard
        }

        #display
        #from_str
    }
}

/// What custom modules add to the module enum.
#[derive(Default)]
struct CustomParts {
    variant: TokenStream,
    name_arm: TokenStream,
    scope_arm: TokenStream,
    methods: TokenStream,
    items: TokenStream,
    not_standard: TokenStream,
}

/// The enum of the operation types an API's scopes grant, documented by `doc`.
pub(super) fn operation_types(api: &Api, doc: String) -> TokenStream {
    let variants = api
        .operation_types
        .iter()
        .map(|t| (t.rust.as_str(), t.wire.as_str(), format!("`{}`: {}", t.wire, t.doc)))
        .collect();
    closed_enum(&ClosedEnum {
        name: "OperationType",
        doc,
        what: "scope operation type",
        variants,
        ignore_case: false,
        default: None,
        ordered: false,
        methods: TokenStream::new(),
    })
}

fn scopes(api: &Api) -> TokenStream {
    if api.operation_types.is_empty() {
        return TokenStream::new();
    }
    let enum_tokens = operation_types(api, "The operation types an OAuth scope can grant.".into());
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
pub(super) fn scope_template(template: &[ScopePart]) -> String {
    template
        .iter()
        .map(|part| match part {
            ScopePart::Literal(text) => text.as_str(),
            ScopePart::ModuleName => "{module_name}",
            ScopePart::OperationType => "{operation_type}",
        })
        .collect()
}
