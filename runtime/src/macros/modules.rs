//! `module_enum!`: the modules of an API, standard ones and (if the API takes them)
//! custom ones.

/// Defines the module enum of an API: one variant per standard module, marked
/// `#[module(api_name = "…", display_name = "…", scope_name = "…")]`, and optionally a
/// last variant for custom modules, marked `#[custom(scope_name = "…", max_length = …)]`,
/// whose field type the macro defines as [`CustomModule`](crate::CustomModule) of the
/// enum. The marker `#[module_enum(unsupported = [("Name", "reason"), …])]` lists the
/// modules the API refuses.
///
/// The enum gets `STANDARD`, `UNSUPPORTED`, `api_name`, `display_name`, `scope_name`, a
/// `parse` that checks names before anything is sent, `Display`, `FromStr`, and the
/// runtime's [`Modules`](crate::Modules); with custom modules, also `custom`, `is_custom`
/// and [`CustomModules`](crate::CustomModules).
///
/// ```
/// zoho_crm_runtime::module_enum! {
///     /// A module.
///     #[module_enum(unsupported = [("Events", "activities cannot be shared")])]
///     pub enum Module {
///         #[module(api_name = "Price_Books", display_name = "Price Books", scope_name = "pricebooks")]
///         PriceBooks,
///         /// A custom module.
///         #[custom(scope_name = "custom", max_length = 50)]
///         Custom(CustomModule),
///     }
/// }
///
/// assert_eq!(Module::parse("price_books"), Ok(Module::PriceBooks));
/// assert!(Module::parse("events").is_err());
/// assert_eq!(Module::parse("Vehicles").unwrap().scope_name(), "custom");
/// ```
#[macro_export]
macro_rules! module_enum {
    (
        $(#[doc = $doc:literal])*
        #[module_enum(unsupported = [$(($unsupported:literal, $reason:literal)),* $(,)?])]
        pub enum $name:ident {
            $(
                #[module(api_name = $api_name:literal, display_name = $display_name:literal, scope_name = $scope_name:literal)]
                $variant:ident,
            )*
            $(#[doc = $custom_doc:literal])*
            #[custom(scope_name = $custom_scope_name:literal, max_length = $max_length:literal)]
            $custom:ident($custom_type:ident) $(,)?
        }
    ) => {
        $crate::module_enum! {
            @define [$(#[doc = $doc])*] $name, [$(($unsupported, $reason)),*],
            [$($variant $api_name $display_name $scope_name)*],
            variant: [$(#[doc = $custom_doc])* $custom($custom_type),],
            name: [$name::$custom(custom) => custom.api_name(),],
            scope_name: [$name::$custom(_) => $custom_scope_name,],
            otherwise: [|api_name: &str| $custom_type::new(api_name).map($name::$custom)]
        }

        /// A custom module, named by its API name (checked when made).
        pub type $custom_type = $crate::CustomModule<$name>;

        impl $crate::CustomModules for $name {
            const MAX_CUSTOM_LENGTH: usize = $max_length;
        }

        impl $name {
            /// A custom module, checked by its type's `new`.
            pub fn custom(
                api_name: impl ::core::convert::Into<::std::string::String>,
            ) -> ::core::result::Result<$name, $crate::ModuleError> {
                $custom_type::new(api_name).map($name::$custom)
            }

            /// Whether this is a custom module.
            pub fn is_custom(&self) -> bool {
                ::core::matches!(self, $name::$custom(_))
            }
        }
    };
    (
        $(#[doc = $doc:literal])*
        #[module_enum(unsupported = [$(($unsupported:literal, $reason:literal)),* $(,)?])]
        pub enum $name:ident {
            $(
                #[module(api_name = $api_name:literal, display_name = $display_name:literal, scope_name = $scope_name:literal)]
                $variant:ident
            ),* $(,)?
        }
    ) => {
        $crate::module_enum! {
            @define [$(#[doc = $doc])*] $name, [$(($unsupported, $reason)),*],
            [$($variant $api_name $display_name $scope_name)*],
            variant: [],
            name: [],
            scope_name: [],
            otherwise: [|api_name: &str| {
                ::core::result::Result::Err($crate::ModuleError::Unknown {
                    api_name: ::std::borrow::ToOwned::to_owned(api_name),
                })
            }]
        }
    };
    (
        @define [$($attr:tt)*] $name:ident, [$($unsupported:tt),*],
        [$($variant:ident $api_name:literal $display_name:literal $scope_name:literal)*],
        variant: [$($custom_variant:tt)*],
        name: [$($custom_name:tt)*],
        scope_name: [$($custom_scope_name:tt)*],
        otherwise: [$($otherwise:tt)*]
    ) => {
        $($attr)*
        #[derive(
            ::core::clone::Clone, ::core::fmt::Debug, ::core::cmp::PartialEq, ::core::cmp::Eq,
            ::core::hash::Hash,
        )]
        #[non_exhaustive]
        pub enum $name {
            $(
                #[doc = ::core::concat!($display_name, " (`", $api_name, "`, scope name `", $scope_name, "`).")]
                $variant,
            )*
            $($custom_variant)*
        }

        impl $name {
            /// The standard modules.
            pub const STANDARD: &'static [$name] = &[$($name::$variant),*];

            /// The modules the API does not support, with the reason.
            pub const UNSUPPORTED: &'static [(&'static str, &'static str)] = &[$($unsupported),*];

            /// The API name used in URLs.
            pub fn api_name(&self) -> &str {
                match self {
                    $($name::$variant => $api_name,)*
                    $($custom_name)*
                }
            }

            /// The name shown to people.
            pub fn display_name(&self) -> &str {
                match self {
                    $($name::$variant => $display_name,)*
                    $($custom_name)*
                }
            }

            /// The name used in OAuth scopes.
            pub fn scope_name(&self) -> &'static str {
                match self {
                    $($name::$variant => $scope_name,)*
                    $($custom_scope_name)*
                }
            }

            /// The module with this API name (ignoring ASCII case for standard modules);
            /// unsupported modules are rejected, before anything is sent.
            pub fn parse(api_name: &str) -> ::core::result::Result<$name, $crate::ModuleError> {
                match $crate::find_module::<$name>(api_name)? {
                    ::core::option::Option::Some(module) => ::core::result::Result::Ok(module),
                    // Not a standard module: a custom one, or an unknown name.
                    ::core::option::Option::None => ($($otherwise)*)(api_name),
                }
            }
        }

        impl ::core::fmt::Display for $name {
            fn fmt(&self, f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
                f.write_str(self.api_name())
            }
        }

        impl ::core::str::FromStr for $name {
            type Err = $crate::ModuleError;

            fn from_str(api_name: &str) -> ::core::result::Result<$name, $crate::ModuleError> {
                $name::parse(api_name)
            }
        }

        impl $crate::Modules for $name {
            const STANDARD: &'static [$name] = $name::STANDARD;
            const UNSUPPORTED: &'static [(&'static str, &'static str)] = $name::UNSUPPORTED;

            fn api_name(&self) -> &str {
                $name::api_name(self)
            }
        }
    };
}
