//! Deserializing an answer straight into its typed shape while watching for error objects.
//!
//! Zoho marks an error object by its `status` key. Reading every answer into a
//! `serde_json::Value` first, to look for that key, doubles the cost of the common case.
//! Instead the typed deserializer runs over an adapter that forwards everything to the
//! real one and only notes the keys of the objects near the top: when a `status` key with
//! the error value goes by, or something it cannot see through (an enum) stands where an
//! error object could, the answer is flagged, and the caller reads it again slowly to find
//! the error exactly. Deeper values pass to the real deserializer untouched.
//!
//! What the watch does with a value depends on where the value stands (its [`Role`]). The
//! roles are types rather than a runtime field, so that each adapter compiles down to the
//! one check its place needs and the forwarding around it inlines away: an item of a long
//! per-item list then costs little more than the same struct read without the watch.

use std::cell::Cell;
use std::fmt;

use serde::de::{self, DeserializeSeed, Deserializer, EnumAccess, MapAccess, SeqAccess, Visitor};

use super::response::ErrorFormat;

/// A typed parse and whether the text may hold an error object where one is looked for.
pub(crate) struct Watched<T, E> {
    /// The typed value, or why the text does not have its shape.
    pub parsed: Result<T, E>,
    /// Whether an error object may stand where the watch looked.
    pub maybe_error: bool,
}

/// Deserializes a whole answer `T`, watching for an error object that is the answer itself
/// or the value of one of its keys.
pub(crate) fn deserialize_answer<'de, T, D>(deserializer: D, format: &ErrorFormat) -> Watched<T, D::Error>
where
    T: de::Deserialize<'de>,
    D: Deserializer<'de>,
{
    deserialize_as(deserializer, format, AnswerRole)
}

/// Deserializes one item `T` of a per-item list, watching for an error object that is the
/// item itself. Keys are not looked at: every value of the item is checked as a status
/// would be, which flags a little more (a message that reads "error") for less work per
/// entry.
pub(crate) fn deserialize_item<'de, T, D>(deserializer: D, format: &ErrorFormat) -> Watched<T, D::Error>
where
    T: de::Deserialize<'de>,
    D: Deserializer<'de>,
{
    deserialize_as(deserializer, format, ItemRole)
}

#[inline]
fn deserialize_as<'de, T, D, R>(deserializer: D, format: &ErrorFormat, role: R) -> Watched<T, D::Error>
where
    T: de::Deserialize<'de>,
    D: Deserializer<'de>,
    R: Role,
{
    let findings = Findings { format, maybe_error: Cell::new(false) };
    let parsed = T::deserialize(Watch { inner: deserializer, role, findings: &findings });
    Watched { parsed, maybe_error: findings.maybe_error.get() }
}

/// What the watch noted, shared by every adapter of one parse.
struct Findings<'f> {
    format: &'f ErrorFormat,
    maybe_error: Cell<bool>,
}

/// What a value is to the watch: what to note of its text, and how to watch its entries.
trait Role: Copy {
    /// Whether an error object may stand here, so that an enum (which the watch cannot see
    /// into) leaves the question open.
    const MAY_BE_ERROR_OBJECT: bool;

    /// Notes a string value (or key) in this role.
    fn note_text(self, text: &str, findings: &Findings<'_>);

    /// Hands the entries of an object in this role to `visitor`, watched as the role asks.
    fn visit_map<'de, V: Visitor<'de>, A: MapAccess<'de>>(
        self,
        visitor: V,
        map: A,
        findings: &Findings<'_>,
    ) -> Result<V::Value, A::Error>;
}

/// The whole answer: it may be an error object, and so may the value of each of its keys.
#[derive(Clone, Copy)]
struct AnswerRole;

/// A value that may be an error object (an item, or the value of a key of the answer); its
/// values are checked as statuses.
#[derive(Clone, Copy)]
struct ItemRole;

/// A key of the answer; whether it is the status key goes into the cell.
#[derive(Clone, Copy)]
struct KeyRole<'c>(&'c Cell<bool>);

/// A value that may be the status of an error object.
#[derive(Clone, Copy)]
struct StatusRole;

impl Role for AnswerRole {
    const MAY_BE_ERROR_OBJECT: bool = true;

    #[inline]
    fn note_text(self, _: &str, _: &Findings<'_>) {}

    #[inline]
    fn visit_map<'de, V: Visitor<'de>, A: MapAccess<'de>>(
        self,
        visitor: V,
        map: A,
        findings: &Findings<'_>,
    ) -> Result<V::Value, A::Error> {
        visitor.visit_map(AnswerMap { inner: map, findings, key_is_status: Cell::new(false) })
    }
}

impl Role for ItemRole {
    const MAY_BE_ERROR_OBJECT: bool = true;

    #[inline]
    fn note_text(self, _: &str, _: &Findings<'_>) {}

    #[inline]
    fn visit_map<'de, V: Visitor<'de>, A: MapAccess<'de>>(
        self,
        visitor: V,
        map: A,
        findings: &Findings<'_>,
    ) -> Result<V::Value, A::Error> {
        visitor.visit_map(ItemMap { inner: map, findings })
    }
}

impl Role for KeyRole<'_> {
    const MAY_BE_ERROR_OBJECT: bool = false;

    #[inline]
    fn note_text(self, text: &str, findings: &Findings<'_>) {
        self.0.set(text == findings.format.status);
    }

    /// A key is never an object; should a deserializer offer one, it passes unwatched.
    #[inline]
    fn visit_map<'de, V: Visitor<'de>, A: MapAccess<'de>>(
        self,
        visitor: V,
        map: A,
        _: &Findings<'_>,
    ) -> Result<V::Value, A::Error> {
        visitor.visit_map(map)
    }
}

impl Role for StatusRole {
    const MAY_BE_ERROR_OBJECT: bool = false;

    #[inline(always)]
    fn note_text(self, text: &str, findings: &Findings<'_>) {
        if text.eq_ignore_ascii_case(findings.format.error_value) {
            findings.maybe_error.set(true);
        }
    }

    /// Objects below a status are too deep to be the error object looked for.
    #[inline]
    fn visit_map<'de, V: Visitor<'de>, A: MapAccess<'de>>(
        self,
        visitor: V,
        map: A,
        _: &Findings<'_>,
    ) -> Result<V::Value, A::Error> {
        visitor.visit_map(map)
    }
}

/// A deserializer that hands the real one a watching visitor.
struct Watch<'a, D, R> {
    inner: D,
    role: R,
    findings: &'a Findings<'a>,
}

impl<'a, D, R: Role> Watch<'a, D, R> {
    #[inline]
    fn visitor<V>(&self, inner: V) -> Watching<'a, V, R> {
        Watching { inner, role: self.role, findings: self.findings }
    }
}

/// Forwards `deserialize_*` methods that take only a visitor.
macro_rules! forward_deserialize {
    ($($method:ident)*) => {$(
        #[inline]
        fn $method<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, D::Error> {
            let visitor = self.visitor(visitor);
            self.inner.$method(visitor)
        }
    )*};
}

impl<'de, D: Deserializer<'de>, R: Role> Deserializer<'de> for Watch<'_, D, R> {
    type Error = D::Error;

    forward_deserialize! {
        deserialize_any deserialize_bool deserialize_i8 deserialize_i16 deserialize_i32 deserialize_i64
        deserialize_i128 deserialize_u8 deserialize_u16 deserialize_u32 deserialize_u64 deserialize_u128
        deserialize_f32 deserialize_f64 deserialize_char deserialize_str deserialize_string deserialize_bytes
        deserialize_byte_buf deserialize_option deserialize_unit deserialize_seq deserialize_map
        deserialize_identifier
    }

    /// An ignored value is still looked into: an unknown key may carry the error object.
    #[inline]
    fn deserialize_ignored_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, D::Error> {
        let visitor = self.visitor(visitor);
        self.inner.deserialize_any(visitor)
    }

    #[inline]
    fn deserialize_unit_struct<V: Visitor<'de>>(self, name: &'static str, visitor: V) -> Result<V::Value, D::Error> {
        let visitor = self.visitor(visitor);
        self.inner.deserialize_unit_struct(name, visitor)
    }

    #[inline]
    fn deserialize_newtype_struct<V: Visitor<'de>>(self, name: &'static str, visitor: V) -> Result<V::Value, D::Error> {
        let visitor = self.visitor(visitor);
        self.inner.deserialize_newtype_struct(name, visitor)
    }

    #[inline]
    fn deserialize_tuple<V: Visitor<'de>>(self, len: usize, visitor: V) -> Result<V::Value, D::Error> {
        let visitor = self.visitor(visitor);
        self.inner.deserialize_tuple(len, visitor)
    }

    #[inline]
    fn deserialize_tuple_struct<V: Visitor<'de>>(
        self,
        name: &'static str,
        len: usize,
        visitor: V,
    ) -> Result<V::Value, D::Error> {
        let visitor = self.visitor(visitor);
        self.inner.deserialize_tuple_struct(name, len, visitor)
    }

    #[inline]
    fn deserialize_struct<V: Visitor<'de>>(
        self,
        name: &'static str,
        fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, D::Error> {
        let visitor = self.visitor(visitor);
        self.inner.deserialize_struct(name, fields, visitor)
    }

    #[inline]
    fn deserialize_enum<V: Visitor<'de>>(
        self,
        name: &'static str,
        variants: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, D::Error> {
        let visitor = self.visitor(visitor);
        self.inner.deserialize_enum(name, variants, visitor)
    }

    #[inline]
    fn is_human_readable(&self) -> bool {
        self.inner.is_human_readable()
    }
}

/// A visitor that notes what its role asks for and hands everything on.
struct Watching<'a, V, R> {
    inner: V,
    role: R,
    findings: &'a Findings<'a>,
}

/// Forwards `visit_*` methods of plain values.
macro_rules! forward_visit {
    ($($method:ident($ty:ty))*) => {$(
        #[inline]
        fn $method<E: de::Error>(self, value: $ty) -> Result<V::Value, E> {
            self.inner.$method(value)
        }
    )*};
}

impl<'de, V: Visitor<'de>, R: Role> Visitor<'de> for Watching<'_, V, R> {
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

    #[inline]
    fn visit_str<E: de::Error>(self, value: &str) -> Result<V::Value, E> {
        self.role.note_text(value, self.findings);
        self.inner.visit_str(value)
    }

    #[inline]
    fn visit_borrowed_str<E: de::Error>(self, value: &'de str) -> Result<V::Value, E> {
        self.role.note_text(value, self.findings);
        self.inner.visit_borrowed_str(value)
    }

    #[inline]
    fn visit_string<E: de::Error>(self, value: String) -> Result<V::Value, E> {
        self.role.note_text(&value, self.findings);
        self.inner.visit_string(value)
    }

    #[inline]
    fn visit_none<E: de::Error>(self) -> Result<V::Value, E> {
        self.inner.visit_none()
    }

    #[inline]
    fn visit_unit<E: de::Error>(self) -> Result<V::Value, E> {
        self.inner.visit_unit()
    }

    #[inline]
    fn visit_some<D: Deserializer<'de>>(self, deserializer: D) -> Result<V::Value, D::Error> {
        self.inner.visit_some(Watch { inner: deserializer, role: self.role, findings: self.findings })
    }

    #[inline]
    fn visit_newtype_struct<D: Deserializer<'de>>(self, deserializer: D) -> Result<V::Value, D::Error> {
        self.inner.visit_newtype_struct(Watch { inner: deserializer, role: self.role, findings: self.findings })
    }

    /// Lists are not error objects; their items pass unwatched.
    #[inline]
    fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<V::Value, A::Error> {
        self.inner.visit_seq(seq)
    }

    #[inline]
    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<V::Value, A::Error> {
        self.role.visit_map(self.inner, map, self.findings)
    }

    /// The watch cannot see into an enum's data, so an enum where an error object could
    /// stand leaves the question open.
    #[inline]
    fn visit_enum<A: EnumAccess<'de>>(self, data: A) -> Result<V::Value, A::Error> {
        if R::MAY_BE_ERROR_OBJECT {
            self.findings.maybe_error.set(true);
        }
        self.inner.visit_enum(data)
    }
}

/// The entries of the answer: each key is noted, the status value is watched as a status,
/// and the other values as objects that may be errors.
struct AnswerMap<'a, A> {
    inner: A,
    findings: &'a Findings<'a>,
    key_is_status: Cell<bool>,
}

impl<'de, A: MapAccess<'de>> MapAccess<'de> for AnswerMap<'_, A> {
    type Error = A::Error;

    #[inline]
    fn next_key_seed<K: DeserializeSeed<'de>>(&mut self, seed: K) -> Result<Option<K::Value>, A::Error> {
        self.key_is_status.set(false);
        let role = KeyRole(&self.key_is_status);
        self.inner.next_key_seed(WatchSeed { inner: seed, role, findings: self.findings })
    }

    #[inline]
    fn next_value_seed<S: DeserializeSeed<'de>>(&mut self, seed: S) -> Result<S::Value, A::Error> {
        if self.key_is_status.get() {
            self.inner.next_value_seed(WatchSeed { inner: seed, role: StatusRole, findings: self.findings })
        } else {
            self.inner.next_value_seed(WatchSeed { inner: seed, role: ItemRole, findings: self.findings })
        }
    }

    #[inline]
    fn size_hint(&self) -> Option<usize> {
        self.inner.size_hint()
    }
}

/// The entries of an object that may be an error: keys pass untouched, values are watched
/// as statuses.
struct ItemMap<'a, A> {
    inner: A,
    findings: &'a Findings<'a>,
}

impl<'de, A: MapAccess<'de>> MapAccess<'de> for ItemMap<'_, A> {
    type Error = A::Error;

    #[inline]
    fn next_key_seed<K: DeserializeSeed<'de>>(&mut self, seed: K) -> Result<Option<K::Value>, A::Error> {
        self.inner.next_key_seed(seed)
    }

    #[inline]
    fn next_value_seed<S: DeserializeSeed<'de>>(&mut self, seed: S) -> Result<S::Value, A::Error> {
        self.inner.next_value_seed(WatchSeed { inner: seed, role: StatusRole, findings: self.findings })
    }

    #[inline]
    fn size_hint(&self) -> Option<usize> {
        self.inner.size_hint()
    }
}

/// A seed whose deserializer is watched in the given role.
struct WatchSeed<'a, S, R> {
    inner: S,
    role: R,
    findings: &'a Findings<'a>,
}

impl<'de, S: DeserializeSeed<'de>, R: Role> DeserializeSeed<'de> for WatchSeed<'_, S, R> {
    type Value = S::Value;

    #[inline]
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

    const FORMAT: ErrorFormat = crate::decode::response::ZOHO_FORMAT;

    /// Whether the watch flags `text` read as `T`: as an answer (`levels` 1) or as an item
    /// of a per-item list (`levels` 0).
    fn maybe_error<T: de::DeserializeOwned>(text: &str, levels: u8) -> bool {
        let mut deserializer = serde_json::Deserializer::from_str(text);
        let watched = match levels {
            0 => deserialize_item::<T, _>(&mut deserializer, &FORMAT),
            _ => deserialize_answer::<T, _>(&mut deserializer, &FORMAT),
        };
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
