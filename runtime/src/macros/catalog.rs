//! `api_version!` and `data_centres!`: where an API is served and in which versions.

/// Defines the version enum of an API with the runtime's [`value_enum!`](crate::value_enum):
/// values ordered oldest first, the default named by the marker
/// `#[api_version(default = V)]` (as `Default`, an inherent `DEFAULT` and the runtime's
/// [`Version`](crate::Version)).
///
/// ```
/// zoho_crm_runtime::api_version! {
///     /// The versions.
///     #[api_version(default = V8)]
///     pub enum ApiVersion {
///         /// `v2.1`.
///         V2_1 = "v2.1",
///         /// `v8`.
///         V8 = "v8",
///     }
/// }
///
/// assert!(ApiVersion::V2_1 < ApiVersion::DEFAULT);
/// assert_eq!(ApiVersion::default().as_str(), "v8");
/// ```
#[macro_export]
macro_rules! api_version {
    (
        $(#[doc = $doc:literal])*
        #[api_version(default = $default:ident)]
        pub enum $name:ident {
            $($(#[$variant_attr:meta])* $variant:ident = $wire:literal),* $(,)?
        }
    ) => {
        $crate::value_enum! {
            $(#[doc = $doc])*
            #[value_enum(what = "API version")]
            #[derive(::core::cmp::PartialOrd, ::core::cmp::Ord)]
            pub enum $name {
                $($(#[$variant_attr])* $variant = $wire,)*
            }
        }

        impl $name {
            /// The version requests use unless told otherwise.
            pub const DEFAULT: $name = $name::$default;
        }

        impl ::core::default::Default for $name {
            fn default() -> $name {
                $name::DEFAULT
            }
        }

        impl $crate::Version for $name {
            const DEFAULT: $name = $name::DEFAULT;

            fn as_str(self) -> &'static str {
                $name::as_str(self)
            }
        }
    };
}

/// Defines the data centre enum of an API with the runtime's
/// [`value_enum!`](crate::value_enum) (names parsed ignoring ASCII case): each variant
/// marked `#[domains(api = "…", accounts = "…")]` with the API domain of its production
/// environment and the domain of its OAuth server. The marker
/// `#[data_centres(endpoint = E, version = V)]` names the endpoint type to define, as the
/// runtime's [`Endpoint`](crate::Endpoint) of the version enum `V`, made from a data centre.
///
/// ```
/// # zoho_crm_runtime::api_version! {
/// #     /// The versions.
/// #     #[api_version(default = V8)]
/// #     pub enum ApiVersion {
/// #         V8 = "v8",
/// #     }
/// # }
/// zoho_crm_runtime::data_centres! {
///     /// The data centres.
///     #[data_centres(endpoint = Endpoint, version = ApiVersion)]
///     pub enum DataCentre {
///         #[domains(api = "https://www.zohoapis.eu", accounts = "https://accounts.zoho.eu")]
///         Eu = "EU",
///     }
/// }
///
/// assert_eq!(Endpoint::from(DataCentre::Eu).base_url().as_str(), "https://www.zohoapis.eu");
/// assert_eq!(DataCentre::parse("eu").unwrap().accounts_domain(), "https://accounts.zoho.eu");
/// ```
#[macro_export]
macro_rules! data_centres {
    (
        $(#[doc = $doc:literal])*
        #[data_centres(endpoint = $endpoint:ident, version = $version:ty $(,)?)]
        pub enum $name:ident {
            $(
                #[domains(api = $api:literal, accounts = $accounts:literal $(,)?)]
                $variant:ident = $wire:literal
            ),* $(,)?
        }
    ) => {
        $crate::value_enum! {
            $(#[doc = $doc])*
            #[value_enum(what = "data centre", ignore_case)]
            pub enum $name {
                $(
                    #[doc = ::core::concat!("`", $wire, "`: API `", $api, "`, accounts `", $accounts, "`.")]
                    $variant = $wire,
                )*
            }
        }

        impl $name {
            /// The API domain of the data centre's production environment.
            pub const fn api_domain(self) -> &'static str {
                match self {
                    $($name::$variant => $api,)*
                }
            }

            /// The domain of the data centre's OAuth server.
            pub const fn accounts_domain(self) -> &'static str {
                match self {
                    $($name::$variant => $accounts,)*
                }
            }

            /// The base URL of the data centre's OAuth server.
            pub const fn accounts_url(self) -> $crate::BaseUrl {
                $crate::BaseUrl::trusted(self.accounts_domain())
            }

            /// The base URL of the data centre's production environment.
            pub const fn base_url(self) -> $crate::BaseUrl {
                $crate::BaseUrl::trusted(self.api_domain())
            }
        }

        impl $crate::Region for $name {
            fn base_url(self) -> $crate::BaseUrl {
                $name::base_url(self)
            }
        }

        /// Where requests go: a base URL and the API version they use by default.
        pub type $endpoint = $crate::Endpoint<$version>;

        impl ::core::convert::From<$name> for $endpoint {
            fn from(data_centre: $name) -> $endpoint {
                $endpoint::new(data_centre)
            }
        }
    };
}
