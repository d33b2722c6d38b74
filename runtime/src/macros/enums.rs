//! `open_enum!` (known values and `Unknown`) and `value_enum!` (a closed set of names).

/// Defines an open enum: one variant per known value, and `Unknown` for any other value
/// an answer carries, kept as it came.
///
/// The marker `#[open_enum(version = V)]` names the API's version enum; a value that only
/// later versions accept is marked `#[since(V3)]` (a variant of `V`), and
/// [`Check`](crate::Check) rejects it in requests of an earlier version, as it rejects
/// unknown values.
///
/// ```
/// zoho_crm_runtime::value_enum! {
///     /// The versions.
///     #[value_enum(what = "API version")]
///     #[derive(PartialOrd, Ord)]
///     pub enum Version {
///         V1 = "v1",
///         V2 = "v2",
///     }
/// }
///
/// zoho_crm_runtime::open_enum! {
///     /// A permission.
///     #[open_enum(version = Version)]
///     pub enum Permission {
///         /// Read only.
///         ReadOnly = "read_only",
///         /// Everything.
///         #[since(V2)]
///         FullAccess = "full_access",
///     }
/// }
///
/// assert_eq!(Permission::from("full_access"), Permission::FullAccess);
/// assert!(Permission::from("no_access").is_unknown());
/// assert_eq!(Permission::FullAccess.available_since(), Some(Version::V2));
/// ```
#[macro_export]
macro_rules! open_enum {
    (
        $(#[doc = $doc:literal])*
        #[open_enum(version = $version:ident)]
        pub enum $name:ident {
            $(
                $(#[doc = $variant_doc:literal])*
                $(#[since($since:ident)])?
                $variant:ident = $wire:literal
            ),* $(,)?
        }
    ) => {
        $(#[doc = $doc])*
        #[derive(::core::clone::Clone, ::core::fmt::Debug, ::core::cmp::PartialEq, ::core::cmp::Eq, ::core::hash::Hash)]
        #[non_exhaustive]
        pub enum $name {
            $(
                $(#[doc = $variant_doc])*
                $variant,
            )*
            /// A value this client does not know, kept as Zoho sent it.
            Unknown($crate::UnknownValue),
        }

        impl $name {
            /// The known values, as they appear on the wire.
            pub const VALUES: &'static [&'static str] = &[$($wire),*];

            /// The value as it appears on the wire.
            pub fn as_str(&self) -> &str {
                match self {
                    $($name::$variant => $wire,)*
                    $name::Unknown(value) => value.as_str(),
                }
            }

            /// Parses a known value; an unknown one is an error.
            pub fn try_parse(text: &str) -> ::core::result::Result<$name, $crate::ParseValueError> {
                match text {
                    $($wire => ::core::result::Result::Ok($name::$variant),)*
                    _ => ::core::result::Result::Err($crate::ParseValueError::new(
                        ::core::stringify!($name),
                        text,
                        $name::VALUES,
                    )),
                }
            }

            /// Whether this is a value the client does not know.
            pub fn is_unknown(&self) -> bool {
                ::core::matches!(self, $name::Unknown(_))
            }

            /// The first API version that accepts this value in requests; `None` when
            /// every version does.
            pub fn available_since(&self) -> ::core::option::Option<$version> {
                match self {
                    $($name::$variant => $crate::__since!($version $(, $since)?),)*
                    $name::Unknown(_) => ::core::option::Option::None,
                }
            }
        }

        impl ::core::convert::From<&str> for $name {
            fn from(text: &str) -> $name {
                $name::try_parse(text).unwrap_or_else(|_| $name::Unknown($crate::UnknownValue::new(text)))
            }
        }

        impl ::core::str::FromStr for $name {
            type Err = ::core::convert::Infallible;

            fn from_str(text: &str) -> ::core::result::Result<$name, ::core::convert::Infallible> {
                ::core::result::Result::Ok($name::from(text))
            }
        }

        impl ::core::fmt::Display for $name {
            fn fmt(&self, f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl $crate::serde::Serialize for $name {
            fn serialize<__S: $crate::serde::Serializer>(
                &self,
                serializer: __S,
            ) -> ::core::result::Result<__S::Ok, __S::Error> {
                serializer.serialize_str(self.as_str())
            }
        }

        impl<'de> $crate::serde::Deserialize<'de> for $name {
            fn deserialize<__D: $crate::serde::Deserializer<'de>>(
                deserializer: __D,
            ) -> ::core::result::Result<$name, __D::Error> {
                $crate::deserialize_enum(deserializer, |text: &str| $name::from(text))
            }
        }

        impl<__V: ::core::marker::Copy> $crate::ToWire<__V> for $name {
            fn to_wire(&self, _version: __V) -> $crate::serde_json::Value {
                $crate::serde_json::Value::String(::std::borrow::ToOwned::to_owned(self.as_str()))
            }
        }

        impl $crate::Check<$version> for $name {
            fn check(
                &self,
                path: &$crate::FieldPath<'_>,
                version: ::core::option::Option<$version>,
            ) -> ::core::result::Result<(), $crate::BuildError> {
                if let $name::Unknown(value) = self {
                    return ::core::result::Result::Err($crate::unknown_value(path, value.as_str(), $name::VALUES));
                }
                if let (::core::option::Option::Some(version), ::core::option::Option::Some(since)) =
                    (version, self.available_since())
                {
                    if version < since {
                        let what = ::std::format!("value `{}`", self.as_str());
                        return ::core::result::Result::Err($crate::not_in_version(path, &what, since, version));
                    }
                }
                ::core::result::Result::Ok(())
            }
        }
    };
}

/// `Some(V::X)` for a value marked `#[since(X)]`, `None` for one that is not; for
/// [`open_enum!`].
#[doc(hidden)]
#[macro_export]
macro_rules! __since {
    ($version:ident) => {
        ::core::option::Option::None
    };
    ($version:ident, $since:ident) => {
        ::core::option::Option::Some($version::$since)
    };
}

/// Defines a closed enum of names the API writes as text (versions, data centres,
/// environments, scope operation types): `ALL`, a `const fn as_str`, a strict `parse`,
/// `Display` and `FromStr`.
///
/// The marker `#[value_enum(what = "…")]` says what a value is, for parse errors; with
/// `ignore_case` after it, `parse` ignores ASCII case. Attributes after the marker (extra
/// derives) and on variants (`#[default]`, docs) are kept.
///
/// ```
/// zoho_crm_runtime::value_enum! {
///     /// The data centres.
///     #[value_enum(what = "data centre", ignore_case)]
///     pub enum DataCentre {
///         /// Europe.
///         Eu = "EU",
///     }
/// }
///
/// assert_eq!(DataCentre::parse("eu"), Ok(DataCentre::Eu));
/// assert_eq!(DataCentre::Eu.to_string(), "EU");
/// ```
#[macro_export]
macro_rules! value_enum {
    (
        $(#[doc = $doc:literal])*
        #[value_enum(what = $what:literal $(, $ignore_case:ident)?)]
        $(#[$attr:meta])*
        pub enum $name:ident {
            $($(#[$variant_attr:meta])* $variant:ident = $wire:literal),* $(,)?
        }
    ) => {
        $(#[doc = $doc])*
        $(#[$attr])*
        #[derive(
            ::core::clone::Clone, ::core::marker::Copy, ::core::fmt::Debug, ::core::cmp::PartialEq,
            ::core::cmp::Eq, ::core::hash::Hash,
        )]
        #[non_exhaustive]
        pub enum $name {
            $($(#[$variant_attr])* $variant,)*
        }

        impl $name {
            /// Every value, in the order the spec lists them.
            pub const ALL: &'static [$name] = &[$($name::$variant),*];

            /// The value as the API writes it.
            pub const fn as_str(self) -> &'static str {
                match self {
                    $($name::$variant => $wire,)*
                }
            }

            #[doc = $crate::__value_parse!(doc $($ignore_case)?)]
            pub fn parse(text: &str) -> ::core::result::Result<$name, $crate::ParseValueError> {
                let matches: fn(&str, &str) -> bool = $crate::__value_parse!(matches $($ignore_case)?);
                $name::ALL
                    .iter()
                    .copied()
                    .find(|value| matches(value.as_str(), text))
                    .ok_or_else(|| $crate::ParseValueError::new($what, text, &[$($wire),*]))
            }
        }

        impl ::core::fmt::Display for $name {
            fn fmt(&self, f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl ::core::str::FromStr for $name {
            type Err = $crate::ParseValueError;

            fn from_str(text: &str) -> ::core::result::Result<$name, $crate::ParseValueError> {
                $name::parse(text)
            }
        }
    };
}

/// How a [`value_enum!`]'s `parse` compares text (`matches`) and what its documentation
/// says (`doc`): exactly, or ignoring ASCII case.
#[doc(hidden)]
#[macro_export]
macro_rules! __value_parse {
    (doc) => {
        "Parses a value as the API writes it."
    };
    (doc ignore_case) => {
        "Parses a value as the API writes it, ignoring ASCII case."
    };
    (matches) => {
        |value: &str, text: &str| value == text
    };
    (matches ignore_case) => {
        |value: &str, text: &str| value.eq_ignore_ascii_case(text)
    };
}
