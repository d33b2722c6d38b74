//! The behaviour of the two kinds of enum generated code defines as plain Rust items:
//! [`ValueEnum`] (a closed set of names the API writes as text: versions, data centres,
//! environments, scope operation types) and [`OpenEnum`] (the values of a field, plus
//! `Unknown` for any value this client does not know).
//!
//! A generated enum lists its variants and their wire text, and implements one of these
//! traits with that data; its inherent methods and its `Display`, `FromStr` and serde
//! impls are one-line calls of the default methods here.

use std::fmt;

use serde::{Deserializer, Serializer};
use serde_json::Value;

use crate::build_error::{BuildError, FieldPath};
use crate::endpoint::Version;
use crate::rules::{not_in_version, unknown_value};
use crate::values::{ParseValueError, UnknownValue, deserialize_enum};
use crate::wire::{Check, ToWire};

/// A closed enum of names the API writes as text, generated as a fieldless enum whose
/// variants are in the order of [`ALL`](ValueEnum::ALL) and [`WIRE`](ValueEnum::WIRE).
///
/// ```
/// use zoho_crm_runtime::ValueEnum;
///
/// /// A data centre.
/// #[derive(Clone, Copy, Debug, PartialEq, Eq)]
/// pub enum DataCentre {
///     /// Europe.
///     Eu,
///     /// India.
///     In,
/// }
///
/// impl ValueEnum for DataCentre {
///     const WHAT: &'static str = "data centre";
///     const ALL: &'static [DataCentre] = &[DataCentre::Eu, DataCentre::In];
///     const WIRE: &'static [&'static str] = &["EU", "IN"];
///     const IGNORE_CASE: bool = true;
/// }
///
/// assert_eq!(DataCentre::parse_wire("eu"), Ok(DataCentre::Eu));
/// assert_eq!(DataCentre::In.wire(), "IN");
/// assert!(DataCentre::parse_wire("US").is_err());
/// ```
pub trait ValueEnum: Copy + Eq + 'static {
    /// What a value is, for parse errors (e.g. `API version`).
    const WHAT: &'static str;
    /// Every value, in the order the spec lists them.
    const ALL: &'static [Self];
    /// The values as the API writes them, in the order of `ALL`.
    const WIRE: &'static [&'static str];
    /// Whether parsing ignores ASCII case.
    const IGNORE_CASE: bool = false;

    /// The value as the API writes it.
    fn wire(self) -> &'static str {
        Self::ALL.iter().position(|value| *value == self).and_then(|index| Self::WIRE.get(index)).copied().unwrap_or("")
    }

    /// Parses a value as the API writes it (ignoring ASCII case if `IGNORE_CASE`).
    fn parse_wire(text: &str) -> Result<Self, ParseValueError> {
        let matches = |wire: &&str| if Self::IGNORE_CASE { wire.eq_ignore_ascii_case(text) } else { *wire == text };
        match Self::WIRE.iter().position(matches).and_then(|index| Self::ALL.get(index)) {
            Some(value) => Ok(*value),
            None => Err(ParseValueError::new(Self::WHAT, text, Self::WIRE)),
        }
    }
}

/// An open enum: one variant per value the spec lists, and an `Unknown` variant that keeps
/// any other value as it came, so answers with values Zoho adds later still read.
///
/// Values that only later versions accept are listed in [`SINCE`](OpenEnum::SINCE);
/// [`Check`] rejects them in requests of an earlier version, as it rejects unknown
/// values. [`ToWire`] and [`Check`] come with the trait.
///
/// ```
/// use zoho_crm_runtime::{OpenEnum, UnknownValue, ValueEnum, Version};
/// # #[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
/// # pub enum ApiVersion { V1, V2 }
/// # impl ValueEnum for ApiVersion {
/// #     const WHAT: &'static str = "API version";
/// #     const ALL: &'static [ApiVersion] = &[ApiVersion::V1, ApiVersion::V2];
/// #     const WIRE: &'static [&'static str] = &["v1", "v2"];
/// # }
/// # impl std::fmt::Display for ApiVersion {
/// #     fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result { f.write_str(self.wire()) }
/// # }
/// # impl Version for ApiVersion { const DEFAULT: ApiVersion = ApiVersion::V2; }
///
/// /// A permission.
/// #[derive(Clone, Debug, PartialEq, Eq)]
/// pub enum Permission {
///     /// Read only.
///     ReadOnly,
///     /// Everything; from v2 on.
///     FullAccess,
///     /// Any other value.
///     Unknown(UnknownValue),
/// }
///
/// impl OpenEnum for Permission {
///     type Version = ApiVersion;
///     const NAME: &'static str = "Permission";
///     const KNOWN: &'static [Permission] = &[Permission::ReadOnly, Permission::FullAccess];
///     const VALUES: &'static [&'static str] = &["read_only", "full_access"];
///     const SINCE: &'static [Option<ApiVersion>] = &[None, Some(ApiVersion::V2)];
///
///     fn unknown(value: UnknownValue) -> Permission {
///         Permission::Unknown(value)
///     }
///
///     fn as_unknown(&self) -> Option<&UnknownValue> {
///         match self {
///             Permission::Unknown(value) => Some(value),
///             _ => None,
///         }
///     }
/// }
///
/// assert_eq!(Permission::from_wire("full_access"), Permission::FullAccess);
/// assert_eq!(Permission::from_wire("no_access").wire(), "no_access");
/// assert_eq!(Permission::FullAccess.since(), Some(ApiVersion::V2));
/// ```
pub trait OpenEnum: Clone + Eq + Sized + 'static {
    /// The API's version enum.
    type Version: Version;
    /// The enum's name, for parse errors.
    const NAME: &'static str;
    /// The known values, in the order of `VALUES`.
    const KNOWN: &'static [Self];
    /// The known values as they appear on the wire.
    const VALUES: &'static [&'static str];
    /// The first version that accepts each known value in requests (`None`: every
    /// version), in the order of `KNOWN`; empty when every value is accepted everywhere.
    const SINCE: &'static [Option<Self::Version>] = &[];

    /// The `Unknown` variant holding `value`.
    fn unknown(value: UnknownValue) -> Self;

    /// The value held by the `Unknown` variant; `None` for a known value.
    fn as_unknown(&self) -> Option<&UnknownValue>;

    /// Where a known value is in `KNOWN` and `VALUES`.
    fn known_index(&self) -> Option<usize> {
        Self::KNOWN.iter().position(|known| known == self)
    }

    /// The value as it appears on the wire.
    fn wire(&self) -> &str {
        match self.as_unknown() {
            Some(value) => value.as_str(),
            None => self.known_index().and_then(|index| Self::VALUES.get(index)).copied().unwrap_or(""),
        }
    }

    /// Parses a known value; an unknown one is an error.
    fn parse_known(text: &str) -> Result<Self, ParseValueError> {
        match Self::VALUES.iter().position(|value| *value == text).and_then(|index| Self::KNOWN.get(index)) {
            Some(known) => Ok(known.clone()),
            None => Err(ParseValueError::new(Self::NAME, text, Self::VALUES)),
        }
    }

    /// The value for a text: a known one, or `Unknown` keeping the text.
    fn from_wire(text: &str) -> Self {
        Self::parse_known(text).unwrap_or_else(|_| Self::unknown(UnknownValue::new(text)))
    }

    /// The first API version that accepts this value in requests; `None` when every
    /// version does (and for an unknown value).
    fn since(&self) -> Option<Self::Version> {
        self.known_index().and_then(|index| Self::SINCE.get(index)).copied().flatten()
    }

    /// Writes the wire text; for `Display`.
    fn fmt_wire(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.wire())
    }

    /// Serializes the wire text; for `Serialize`.
    fn serialize_wire<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.wire())
    }

    /// Reads a value from a string, known or not; for `Deserialize`.
    fn deserialize_wire<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserialize_enum(deserializer, Self::from_wire)
    }
}

impl<E: OpenEnum, V: Copy> ToWire<V> for E {
    fn to_wire(&self, _version: V) -> Value {
        Value::String(self.wire().to_owned())
    }
}

impl<E: OpenEnum> Check<E::Version> for E {
    fn check(&self, path: &FieldPath<'_>, version: Option<E::Version>) -> Result<(), BuildError> {
        if let Some(value) = self.as_unknown() {
            return Err(unknown_value(path, value.as_str(), E::VALUES));
        }
        if let (Some(version), Some(since)) = (version, self.since()) {
            if version < since {
                return Err(not_in_version(path, &format!("value `{}`", self.wire()), since, version));
            }
        }
        Ok(())
    }
}
