//! `id_type!`: a typed ID, a `u64` newtype that travels as a string of digits.

/// Defines a typed ID: a `u64` newtype with `new`/`get`, conversions from and to `u64`,
/// `Display`, a strict `FromStr`, serde as a string of digits (numbers accepted when
/// reading), and the runtime's [`ToWire`](crate::ToWire) and [`Check`](crate::Check).
///
/// ```
/// zoho_crm_runtime::id_type! {
///     /// A record's ID.
///     pub struct RecordId;
/// }
///
/// let id: RecordId = "4150868000001191072".parse().unwrap();
/// assert_eq!(id, RecordId::new(4_150_868_000_001_191_072));
/// ```
#[macro_export]
macro_rules! id_type {
    (
        $(#[doc = $doc:literal])*
        pub struct $name:ident;
    ) => {
        $(#[doc = $doc])*
        ///
        /// Zoho sends IDs as strings of up to 19 digits; this keeps the number.
        #[derive(
            ::core::clone::Clone, ::core::marker::Copy, ::core::fmt::Debug, ::core::cmp::PartialEq,
            ::core::cmp::Eq, ::core::hash::Hash, ::core::cmp::PartialOrd, ::core::cmp::Ord,
        )]
        pub struct $name(u64);

        impl $name {
            /// The ID with this number.
            pub const fn new(id: u64) -> $name {
                $name(id)
            }

            /// The ID's number.
            pub const fn get(self) -> u64 {
                self.0
            }
        }

        impl ::core::convert::From<u64> for $name {
            fn from(id: u64) -> $name {
                $name(id)
            }
        }

        impl ::core::convert::From<$name> for u64 {
            fn from(id: $name) -> u64 {
                id.0
            }
        }

        impl ::core::fmt::Display for $name {
            fn fmt(&self, f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
                ::core::fmt::Display::fmt(&self.0, f)
            }
        }

        impl ::core::str::FromStr for $name {
            type Err = $crate::IdError;

            fn from_str(text: &str) -> ::core::result::Result<$name, $crate::IdError> {
                $crate::parse_id(text).map($name)
            }
        }

        impl $crate::serde::Serialize for $name {
            fn serialize<__S: $crate::serde::Serializer>(
                &self,
                serializer: __S,
            ) -> ::core::result::Result<__S::Ok, __S::Error> {
                serializer.collect_str(&self.0)
            }
        }

        impl<'de> $crate::serde::Deserialize<'de> for $name {
            fn deserialize<__D: $crate::serde::Deserializer<'de>>(
                deserializer: __D,
            ) -> ::core::result::Result<$name, __D::Error> {
                $crate::deserialize_id(deserializer).map($name)
            }
        }

        impl<__V: ::core::marker::Copy> $crate::ToWire<__V> for $name {
            fn to_wire(&self, _version: __V) -> $crate::serde_json::Value {
                $crate::serde_json::Value::String(::std::string::ToString::to_string(&self.0))
            }
        }

        impl<__V: ::core::marker::Copy> $crate::Check<__V> for $name {
            fn check(
                &self,
                path: &$crate::FieldPath<'_>,
                _version: ::core::option::Option<__V>,
            ) -> ::core::result::Result<(), $crate::BuildError> {
                $crate::check_id(path, self.0)
            }
        }
    };
}
