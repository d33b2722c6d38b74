//! Version-aware JSON encoding and pre-send checks of request values.
//!
//! Generated models implement these traits for the spec's version type `V`; the impls
//! here cover the primitive types and containers, so generated code can treat every
//! field alike.

use chrono::{DateTime, FixedOffset};
use serde_json::Value;

use super::build_error::{BuildError, FieldPath};

/// Encodes a value as the JSON that API version `V` expects (field names and which
/// fields exist can differ between versions).
pub trait ToWire<V: Copy> {
    /// The JSON for `version`.
    fn to_wire(&self, version: V) -> Value;
}

/// Checks a request value before it is sent.
pub trait Check<V: Copy> {
    /// Checks the value at `path`. `version` is `None` while a request is built and the
    /// version it will be sent with is not known yet; version rules are checked then
    /// only when it is `Some`.
    fn check(&self, path: &FieldPath<'_>, version: Option<V>) -> Result<(), BuildError>;
}

/// A JSON object being written for one API version: what a generated model's
/// [`ToWire`] fills, field by field.
#[derive(Debug)]
pub struct WireObject<V> {
    object: serde_json::Map<String, Value>,
    version: V,
}

impl<V: Copy> WireObject<V> {
    /// An empty object for `version`.
    pub fn new(version: V) -> Self {
        WireObject { object: serde_json::Map::new(), version }
    }

    /// Adds a field under `key`.
    pub fn put<T: ToWire<V>>(&mut self, key: &str, value: &T) {
        self.object.insert(key.to_owned(), value.to_wire(self.version));
    }

    /// Adds an optional field under `key`, if it is set.
    pub fn put_some<T: ToWire<V>>(&mut self, key: &str, value: &Option<T>) {
        if let Some(value) = value {
            self.put(key, value);
        }
    }

    /// Adds the keys a model kept without knowing them, where no field took the key.
    pub fn keep_unknown<'a>(&mut self, unknown: impl IntoIterator<Item = (&'a String, &'a Value)>) {
        for (key, value) in unknown {
            self.object.entry(key.clone()).or_insert_with(|| value.clone());
        }
    }

    /// The object.
    pub fn finish(self) -> Value {
        Value::Object(self.object)
    }
}

/// Checks that a field set in a request is sent with a version that has it (`since` or
/// later); `version` is `None` while the version is not known yet.
pub fn check_since<V: crate::Version>(
    path: &FieldPath<'_>,
    present: bool,
    since: V,
    version: Option<V>,
) -> Result<(), BuildError> {
    match version {
        Some(version) if present && version < since => Err(crate::not_in_version(path, "this field", since, version)),
        _ => Ok(()),
    }
}

macro_rules! plain_values {
    ($($ty:ty => $to_json:expr),* $(,)?) => {$(
        impl<V: Copy> ToWire<V> for $ty {
            fn to_wire(&self, _version: V) -> Value {
                let to_json: fn(&$ty) -> Value = $to_json;
                to_json(self)
            }
        }

        impl<V: Copy> Check<V> for $ty {
            fn check(&self, _path: &FieldPath<'_>, _version: Option<V>) -> Result<(), BuildError> {
                Ok(())
            }
        }
    )*};
}

plain_values! {
    bool => |value| Value::Bool(*value),
    i64 => |value| Value::from(*value),
    // A non-finite number has no JSON form; it goes out as `null`.
    f64 => |value| Value::from(*value),
    String => |value| Value::String(value.clone()),
    Value => |value| value.clone(),
    DateTime<FixedOffset> => |value| Value::String(value.to_rfc3339()),
}

impl<V: Copy, T: ToWire<V>> ToWire<V> for Vec<T> {
    fn to_wire(&self, version: V) -> Value {
        Value::Array(self.iter().map(|item| item.to_wire(version)).collect())
    }
}

impl<V: Copy, T: Check<V>> Check<V> for Vec<T> {
    fn check(&self, path: &FieldPath<'_>, version: Option<V>) -> Result<(), BuildError> {
        self.iter().enumerate().try_for_each(|(index, item)| item.check(&path.index(index), version))
    }
}

impl<V: Copy, T: ToWire<V>> ToWire<V> for Option<T> {
    fn to_wire(&self, version: V) -> Value {
        self.as_ref().map_or(Value::Null, |value| value.to_wire(version))
    }
}

impl<V: Copy, T: Check<V>> Check<V> for Option<T> {
    fn check(&self, path: &FieldPath<'_>, version: Option<V>) -> Result<(), BuildError> {
        self.as_ref().map_or(Ok(()), |value| value.check(path, version))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn containers_encode_their_items() {
        let values = vec![Some(true), None];
        assert_eq!(values.to_wire(()), serde_json::json!([true, null]));
        let when = DateTime::parse_from_rfc3339("2021-03-01T17:54:18+05:30").unwrap();
        assert_eq!(when.to_wire(()), serde_json::json!("2021-03-01T17:54:18+05:30"));
    }
}
