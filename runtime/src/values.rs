//! Values of open enums that the spec does not list, and strict parsing failures.

use std::fmt;

/// A value of an open enum that this client does not know, kept as Zoho sent it.
///
/// It cannot be built by users: match on the known variants and treat `Unknown(_)` as
/// "anything else", so that code keeps working when Zoho adds a value.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct UnknownValue(String);

impl UnknownValue {
    /// Keeps `value`; for generated code.
    #[doc(hidden)]
    pub fn new(value: impl Into<String>) -> Self {
        UnknownValue(value.into())
    }

    /// The value as Zoho sent it.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for UnknownValue {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// A text that is not one of the values a strict parse accepts.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ParseValueError {
    what: &'static str,
    value: String,
    expected: &'static [&'static str],
}

impl ParseValueError {
    /// `value` is not a valid `what`; `expected` lists the valid values.
    pub fn new(what: &'static str, value: impl Into<String>, expected: &'static [&'static str]) -> Self {
        ParseValueError { what, value: value.into(), expected }
    }

    /// The rejected text.
    pub fn value(&self) -> &str {
        &self.value
    }

    /// The values that would have been accepted.
    pub fn expected(&self) -> &'static [&'static str] {
        self.expected
    }
}

impl fmt::Display for ParseValueError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "unknown {} {:?} (expected one of: {})", self.what, self.value, self.expected.join(", "))
    }
}

impl std::error::Error for ParseValueError {}

/// Deserializes a string into an open enum with `from`, without an extra allocation.
pub fn deserialize_enum<'de, D, T>(deserializer: D, from: fn(&str) -> T) -> Result<T, D::Error>
where
    D: serde::Deserializer<'de>,
{
    struct EnumVisitor<T>(fn(&str) -> T);

    impl<T> serde::de::Visitor<'_> for EnumVisitor<T> {
        type Value = T;

        fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str("a string")
        }

        fn visit_str<E: serde::de::Error>(self, value: &str) -> Result<T, E> {
            Ok((self.0)(value))
        }
    }

    deserializer.deserialize_str(EnumVisitor(from))
}
