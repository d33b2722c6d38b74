//! [`Id`]: a typed ID, a `u64` that travels as a string of digits, one type per kind of ID
//! a spec names.

use std::cmp::Ordering;
use std::fmt;
use std::hash::{Hash, Hasher};
use std::marker::PhantomData;
use std::str::FromStr;

use serde::{Deserialize, Deserializer, Serialize, Serializer};
use serde_json::Value;

use crate::build_error::{BuildError, FieldPath};
use crate::ids::{IdError, check_id, deserialize_id, parse_id};
use crate::wire::{Check, ToWire};

/// What kind of ID an [`Id`] is: a type that is never made (an enum with no variants),
/// which generated code declares for each ID type of its spec.
pub trait IdKind: 'static {
    /// The ID type's name, as [`Debug`](fmt::Debug) shows it (`RecordId(42)`).
    const NAME: &'static str;
}

/// A typed ID: Zoho sends IDs as strings of up to 19 digits; this keeps the number.
///
/// IDs of different kinds are different types, so a user ID cannot be passed where a
/// record ID is wanted. It shows and parses as its digits (strictly: no sign, no leading
/// zeros), travels as a string of digits (numbers are accepted when reading), and is
/// checked to be between 1 and [`MAX_ID`](crate::MAX_ID) before it is sent.
///
/// ```
/// use zoho_crm_runtime::{Id, IdKind};
///
/// /// The kind of a record's ID.
/// pub enum Record {}
/// impl IdKind for Record {
///     const NAME: &'static str = "RecordId";
/// }
/// /// A record's ID.
/// pub type RecordId = Id<Record>;
///
/// let id: RecordId = "4150868000001191072".parse().unwrap();
/// assert_eq!(id, RecordId::new(4_150_868_000_001_191_072));
/// assert_eq!(format!("{id:?}"), "RecordId(4150868000001191072)");
/// ```
pub struct Id<K: IdKind> {
    number: u64,
    kind: PhantomData<fn() -> K>,
}

impl<K: IdKind> Id<K> {
    /// The ID with this number.
    pub const fn new(id: u64) -> Id<K> {
        Id { number: id, kind: PhantomData }
    }

    /// The ID's number.
    pub const fn get(self) -> u64 {
        self.number
    }
}

impl<K: IdKind> Clone for Id<K> {
    fn clone(&self) -> Id<K> {
        *self
    }
}

impl<K: IdKind> Copy for Id<K> {}

impl<K: IdKind> fmt::Debug for Id<K> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_tuple(K::NAME).field(&self.number).finish()
    }
}

impl<K: IdKind> PartialEq for Id<K> {
    fn eq(&self, other: &Id<K>) -> bool {
        self.number == other.number
    }
}

impl<K: IdKind> Eq for Id<K> {}

impl<K: IdKind> Hash for Id<K> {
    fn hash<H: Hasher>(&self, state: &mut H) {
        self.number.hash(state);
    }
}

impl<K: IdKind> PartialOrd for Id<K> {
    fn partial_cmp(&self, other: &Id<K>) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl<K: IdKind> Ord for Id<K> {
    fn cmp(&self, other: &Id<K>) -> Ordering {
        self.number.cmp(&other.number)
    }
}

impl<K: IdKind> From<u64> for Id<K> {
    fn from(id: u64) -> Id<K> {
        Id::new(id)
    }
}

impl<K: IdKind> From<Id<K>> for u64 {
    fn from(id: Id<K>) -> u64 {
        id.number
    }
}

impl<K: IdKind> fmt::Display for Id<K> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(&self.number, f)
    }
}

impl<K: IdKind> FromStr for Id<K> {
    type Err = IdError;

    fn from_str(text: &str) -> Result<Id<K>, IdError> {
        parse_id(text).map(Id::new)
    }
}

impl<K: IdKind> Serialize for Id<K> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(&self.number)
    }
}

impl<'de, K: IdKind> Deserialize<'de> for Id<K> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Id<K>, D::Error> {
        deserialize_id(deserializer).map(Id::new)
    }
}

impl<K: IdKind, V: Copy> ToWire<V> for Id<K> {
    fn to_wire(&self, _version: V) -> Value {
        Value::String(self.number.to_string())
    }
}

impl<K: IdKind, V: Copy> Check<V> for Id<K> {
    fn check(&self, path: &FieldPath<'_>, _version: Option<V>) -> Result<(), BuildError> {
        check_id(path, self.number)
    }
}
