//! Deserializing an answer straight into its typed shape while watching for error objects.
//!
//! Zoho marks an error object by its `status` key. Reading every answer into a
//! `serde_json::Value` first, to look for that key, doubles the cost of the common case.
//! Instead the typed deserializer runs over an adapter that forwards everything to the
//! real one and only notes the keys of the objects near the top: when a `status` key with
//! the error value goes by, or something it cannot see through (an enum) stands where an
//! error object could, the answer is flagged, and the caller reads it again slowly to find
//! the error exactly. Deeper values pass to the real deserializer untouched.

use std::cell::Cell;
use std::fmt;

use serde::de::{self, DeserializeSeed, Deserializer, EnumAccess, MapAccess, SeqAccess, Visitor};

use super::response::ErrorFormat;

/// A typed parse and whether the text may hold an error object where one is looked for.
pub(crate) struct Watched<T, E> {
    /// The typed value, or why the text does not have its shape.
    pub parsed: Result<T, E>,
    /// Whether an error object may stand at the top or within `levels` below it.
    pub maybe_error: bool,
}

/// Deserializes `T` from `deserializer`, watching objects `levels` deep below the top for
/// a `status` key with the error value.
pub(crate) fn deserialize_watched<'de, T, D>(deserializer: D, format: &ErrorFormat, levels: u8) -> Watched<T, D::Error>
where
    T: de::Deserialize<'de>,
    D: Deserializer<'de>,
{
    let findings = Findings { format, maybe_error: Cell::new(false) };
    let watch = Watch { inner: deserializer, role: Role::Object { levels }, findings: &findings };
    let parsed = T::deserialize(watch);
    Watched { parsed, maybe_error: findings.maybe_error.get() }
}

/// What the watch noted, shared by every adapter of one parse.
struct Findings<'f> {
    format: &'f ErrorFormat,
    maybe_error: Cell<bool>,
}

/// What the value under an adapter is to the watch.
#[derive(Clone, Copy)]
enum Role<'a> {
    /// A value that may be an error object; the values of its keys are watched `levels`
    /// deeper still.
    Object { levels: u8 },
    /// A key of a watched object; whether it is the status key goes into the cell.
    Key(&'a Cell<bool>),
    /// The value of a status key.
    Status,
}

/// A deserializer that hands the real one a watching visitor.
struct Watch<'a, D> {
    inner: D,
    role: Role<'a>,
    findings: &'a Findings<'a>,
}

impl<'a, D> Watch<'a, D> {
    fn visitor<V>(&self, inner: V) -> Watching<'a, V> {
        Watching { inner, role: self.role, findings: self.findings }
    }
}

/// Forwards `deserialize_*` methods that take only a visitor.
macro_rules! forward_deserialize {
    ($($method:ident)*) => {$(
        fn $method<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, D::Error> {
            let visitor = self.visitor(visitor);
            self.inner.$method(visitor)
        }
    )*};
}

impl<'de, D: Deserializer<'de>> Deserializer<'de> for Watch<'_, D> {
    type Error = D::Error;

    forward_deserialize! {
        deserialize_any deserialize_bool deserialize_i8 deserialize_i16 deserialize_i32 deserialize_i64
        deserialize_i128 deserialize_u8 deserialize_u16 deserialize_u32 deserialize_u64 deserialize_u128
        deserialize_f32 deserialize_f64 deserialize_char deserialize_str deserialize_string deserialize_bytes
        deserialize_byte_buf deserialize_option deserialize_unit deserialize_seq deserialize_map
        deserialize_identifier
    }

    /// An ignored value is still looked into: an unknown key may carry the error object.
    fn deserialize_ignored_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, D::Error> {
        let visitor = self.visitor(visitor);
        self.inner.deserialize_any(visitor)
    }

    fn deserialize_unit_struct<V: Visitor<'de>>(self, name: &'static str, visitor: V) -> Result<V::Value, D::Error> {
        let visitor = self.visitor(visitor);
        self.inner.deserialize_unit_struct(name, visitor)
    }

    fn deserialize_newtype_struct<V: Visitor<'de>>(self, name: &'static str, visitor: V) -> Result<V::Value, D::Error> {
        let visitor = self.visitor(visitor);
        self.inner.deserialize_newtype_struct(name, visitor)
    }

    fn deserialize_tuple<V: Visitor<'de>>(self, len: usize, visitor: V) -> Result<V::Value, D::Error> {
        let visitor = self.visitor(visitor);
        self.inner.deserialize_tuple(len, visitor)
    }

    fn deserialize_tuple_struct<V: Visitor<'de>>(
        self,
        name: &'static str,
        len: usize,
        visitor: V,
    ) -> Result<V::Value, D::Error> {
        let visitor = self.visitor(visitor);
        self.inner.deserialize_tuple_struct(name, len, visitor)
    }

    fn deserialize_struct<V: Visitor<'de>>(
        self,
        name: &'static str,
        fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, D::Error> {
        let visitor = self.visitor(visitor);
        self.inner.deserialize_struct(name, fields, visitor)
    }

    fn deserialize_enum<V: Visitor<'de>>(
        self,
        name: &'static str,
        variants: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, D::Error> {
        let visitor = self.visitor(visitor);
        self.inner.deserialize_enum(name, variants, visitor)
    }

    fn is_human_readable(&self) -> bool {
        self.inner.is_human_readable()
    }
}

/// A visitor that notes what its role asks for and hands everything on.
struct Watching<'a, V> {
    inner: V,
    role: Role<'a>,
    findings: &'a Findings<'a>,
}

impl<V> Watching<'_, V> {
    fn note_text(&self, text: &str) {
        let format = self.findings.format;
        match self.role {
            Role::Key(is_status) => is_status.set(text == format.status),
            Role::Status if text.eq_ignore_ascii_case(format.error_value) => self.findings.maybe_error.set(true),
            Role::Status | Role::Object { .. } => {}
        }
    }
}

/// Forwards `visit_*` methods of plain values.
macro_rules! forward_visit {
    ($($method:ident($ty:ty))*) => {$(
        fn $method<E: de::Error>(self, value: $ty) -> Result<V::Value, E> {
            self.inner.$method(value)
        }
    )*};
}

impl<'de, V: Visitor<'de>> Visitor<'de> for Watching<'_, V> {
    type Value = V::Value;

    fn expecting(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.inner.expecting(formatter)
    }

    forward_visit! {
        visit_bool(bool) visit_i8(i8) visit_i16(i16) visit_i32(i32) visit_i64(i64) visit_i128(i128)
        visit_u8(u8) visit_u16(u16) visit_u32(u32) visit_u64(u64) visit_u128(u128) visit_f32(f32)
        visit_f64(f64) visit_char(char) visit_bytes(&[u8]) visit_borrowed_bytes(&'de [u8])
        visit_byte_buf(Vec<u8>)
    }

    fn visit_str<E: de::Error>(self, value: &str) -> Result<V::Value, E> {
        self.note_text(value);
        self.inner.visit_str(value)
    }

    fn visit_borrowed_str<E: de::Error>(self, value: &'de str) -> Result<V::Value, E> {
        self.note_text(value);
        self.inner.visit_borrowed_str(value)
    }

    fn visit_string<E: de::Error>(self, value: String) -> Result<V::Value, E> {
        self.note_text(&value);
        self.inner.visit_string(value)
    }

    fn visit_none<E: de::Error>(self) -> Result<V::Value, E> {
        self.inner.visit_none()
    }

    fn visit_unit<E: de::Error>(self) -> Result<V::Value, E> {
        self.inner.visit_unit()
    }

    fn visit_some<D: Deserializer<'de>>(self, deserializer: D) -> Result<V::Value, D::Error> {
        self.inner.visit_some(Watch { inner: deserializer, role: self.role, findings: self.findings })
    }

    fn visit_newtype_struct<D: Deserializer<'de>>(self, deserializer: D) -> Result<V::Value, D::Error> {
        self.inner.visit_newtype_struct(Watch { inner: deserializer, role: self.role, findings: self.findings })
    }

    /// Lists are not error objects; their items pass unwatched.
    fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<V::Value, A::Error> {
        self.inner.visit_seq(seq)
    }

    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<V::Value, A::Error> {
        match self.role {
            Role::Object { levels } => self.inner.visit_map(WatchMap {
                inner: map,
                levels,
                findings: self.findings,
                key_is_status: Cell::new(false),
            }),
            Role::Key(_) | Role::Status => self.inner.visit_map(map),
        }
    }

    /// The watch cannot see into an enum's data, so an enum where an error object could
    /// stand leaves the question open.
    fn visit_enum<A: EnumAccess<'de>>(self, data: A) -> Result<V::Value, A::Error> {
        if let Role::Object { .. } = self.role {
            self.findings.maybe_error.set(true);
        }
        self.inner.visit_enum(data)
    }
}

/// The entries of a watched object: each key is noted, the status value is watched, and
/// the other values are watched one level less deep. At the last level keys are not looked
/// at: every value is watched as a status would be, which flags a little more (a message
/// that reads "error") for less work per entry.
struct WatchMap<'a, A> {
    inner: A,
    levels: u8,
    findings: &'a Findings<'a>,
    key_is_status: Cell<bool>,
}

impl<'de, A: MapAccess<'de>> MapAccess<'de> for WatchMap<'_, A> {
    type Error = A::Error;

    fn next_key_seed<K: DeserializeSeed<'de>>(&mut self, seed: K) -> Result<Option<K::Value>, A::Error> {
        if self.levels == 0 {
            return self.inner.next_key_seed(seed);
        }
        self.key_is_status.set(false);
        let role = Role::Key(&self.key_is_status);
        self.inner.next_key_seed(WatchSeed { inner: seed, role, findings: self.findings })
    }

    fn next_value_seed<S: DeserializeSeed<'de>>(&mut self, seed: S) -> Result<S::Value, A::Error> {
        let role = if self.levels == 0 || self.key_is_status.get() {
            Role::Status
        } else if let Some(levels) = self.levels.checked_sub(1) {
            Role::Object { levels }
        } else {
            return self.inner.next_value_seed(seed);
        };
        self.inner.next_value_seed(WatchSeed { inner: seed, role, findings: self.findings })
    }

    fn size_hint(&self) -> Option<usize> {
        self.inner.size_hint()
    }
}

/// A seed whose deserializer is watched in the given role.
struct WatchSeed<'a, S> {
    inner: S,
    role: Role<'a>,
    findings: &'a Findings<'a>,
}

impl<'de, S: DeserializeSeed<'de>> DeserializeSeed<'de> for WatchSeed<'_, S> {
    type Value = S::Value;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<S::Value, D::Error> {
        self.inner.deserialize(Watch { inner: deserializer, role: self.role, findings: self.findings })
    }
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;

    use serde::Deserialize;
    use serde_json::Value;

    use super::*;

    const FORMAT: ErrorFormat =
        ErrorFormat { code: "code", message: "message", details: "details", status: "status", error_value: "error" };

    fn maybe_error<T: de::DeserializeOwned>(text: &str, levels: u8) -> bool {
        let mut deserializer = serde_json::Deserializer::from_str(text);
        let watched = deserialize_watched::<T, _>(&mut deserializer, &FORMAT, levels);
        assert!(watched.parsed.is_ok(), "{text}");
        watched.maybe_error
    }

    #[derive(Deserialize)]
    #[allow(dead_code, reason = "only deserialized")]
    struct Wrapper {
        #[serde(default)]
        share: Vec<BTreeMap<String, Value>>,
    }

    #[derive(Deserialize)]
    #[allow(dead_code, reason = "only deserialized")]
    struct Single {
        share: Item,
    }

    #[derive(Deserialize)]
    #[allow(dead_code, reason = "only deserialized")]
    struct Item {
        code: String,
    }

    #[test]
    fn an_error_at_the_top_or_one_down_is_flagged_even_when_ignored() {
        assert!(maybe_error::<Wrapper>(r#"{"code":"X","status":"ERROR"}"#, 1));
        assert!(maybe_error::<Wrapper>(r#"{"other":{"code":"X","status":"error"}}"#, 1));
        assert!(maybe_error::<Single>(r#"{"share":{"code":"X","status":"error"}}"#, 1));
        assert!(maybe_error::<Option<Single>>(r#"{"share":{"code":"X","status":"error"}}"#, 1));
        assert!(maybe_error::<Item>(r#"{"code":"X","status":"error"}"#, 0));
    }

    #[test]
    fn errors_deeper_down_or_in_lists_and_other_statuses_are_not_flagged() {
        assert!(!maybe_error::<Wrapper>(r#"{"share":[{"code":"X","status":"error"}]}"#, 1));
        assert!(!maybe_error::<Single>(r#"{"share":{"code":"SUCCESS","status":"success"}}"#, 1));
        assert!(!maybe_error::<Value>(r#"{"a":{"b":{"code":"X","status":"error"}}}"#, 1));
        assert!(!maybe_error::<Item>(r#"{"code":"X","details":{"status":"error"}}"#, 0));
        assert!(!maybe_error::<Wrapper>(r#"{"code":"X","message":"error"}"#, 1));
        assert!(maybe_error::<Item>(r#"{"code":"X","message":"error"}"#, 0), "at the last level, any value");
    }
}
