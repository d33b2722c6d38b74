//! One item of a per-item result list: a success or a typed error.

use std::cell::Cell;

use serde::de::{Deserialize, DeserializeOwned, Deserializer, Error as _};
use serde::ser::{Serialize, Serializer};
use serde_json::Value;

use super::response::FromErrorBody;
use super::watch::deserialize_item;
use crate::wire::ToWire;

/// The result of one item of a request that acts on several (Zoho answers a share
/// request with one result per share, and some can fail while others succeed).
#[derive(Clone, Debug, PartialEq)]
pub enum Outcome<T, E> {
    /// The item succeeded.
    Success(T),
    /// The item failed with this error.
    Failure(E),
}

impl<T, E> Outcome<T, E> {
    /// Whether the item succeeded.
    pub fn is_success(&self) -> bool {
        matches!(self, Outcome::Success(_))
    }

    /// The success, if it is one.
    pub fn success(&self) -> Option<&T> {
        match self {
            Outcome::Success(value) => Some(value),
            Outcome::Failure(_) => None,
        }
    }

    /// The error, if it is one.
    pub fn failure(&self) -> Option<&E> {
        match self {
            Outcome::Success(_) => None,
            Outcome::Failure(error) => Some(error),
        }
    }

    /// As a `Result`, to use with `?`.
    pub fn into_result(self) -> Result<T, E> {
        match self {
            Outcome::Success(value) => Ok(value),
            Outcome::Failure(error) => Err(error),
        }
    }

    /// As a `Result` of references.
    pub fn as_result(&self) -> Result<&T, &E> {
        match self {
            Outcome::Success(value) => Ok(value),
            Outcome::Failure(error) => Err(error),
        }
    }
}

impl<T, E> From<Outcome<T, E>> for Result<T, E> {
    fn from(outcome: Outcome<T, E>) -> Self {
        outcome.into_result()
    }
}

/// On its own an item is read into a `Value` first, to tell an error object from a success
/// by its keys. On the fast path of [`parse_response`](crate::parse_response) it is read
/// straight into `T` instead, with an eye on its values (one that reads as the error status
/// flags it), and an item that is (or may be) an error object fails the whole parse, for
/// the caller to read the answer again the slow way.
impl<'de, T: DeserializeOwned, E: FromErrorBody> Deserialize<'de> for Outcome<T, E> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        if DIRECT.get() {
            let watched = deserialize_item::<T, _>(deserializer, &E::FORMAT);
            return match watched.parsed {
                Ok(value) if !watched.maybe_error => Ok(Outcome::Success(value)),
                Ok(_) => Err(D::Error::custom("an item may be an error object")),
                Err(err) => Err(err),
            };
        }
        let value = Value::deserialize(deserializer)?;
        if E::FORMAT.is_error(&value, false) {
            let raw = value.to_string();
            let body = E::FORMAT.error_body(&value, raw);
            return Ok(Outcome::Failure(E::from_error_body(body, None, None)));
        }
        T::deserialize(value).map(Outcome::Success).map_err(D::Error::custom)
    }
}

thread_local! {
    /// Whether items are read straight into their success type, on this thread.
    static DIRECT: Cell<bool> = const { Cell::new(false) };
}

/// Runs `parse` with [`Outcome`] items read straight into their success type, for a caller
/// that reads the whole answer again the slow way when the parse fails.
pub(crate) fn read_items_directly<R>(parse: impl FnOnce() -> R) -> R {
    /// Puts the previous mode back, also when `parse` panics.
    struct Restore(bool);
    impl Drop for Restore {
        fn drop(&mut self) {
            DIRECT.set(self.0);
        }
    }
    let _restore = Restore(DIRECT.replace(true));
    parse()
}

impl<T: Serialize, E: FromErrorBody> Serialize for Outcome<T, E> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            Outcome::Success(value) => value.serialize(serializer),
            Outcome::Failure(error) => error.to_error_json().serialize(serializer),
        }
    }
}

impl<V: Copy, T: ToWire<V>, E: FromErrorBody> ToWire<V> for Outcome<T, E> {
    fn to_wire(&self, version: V) -> Value {
        match self {
            Outcome::Success(value) => value.to_wire(version),
            Outcome::Failure(error) => error.to_error_json(),
        }
    }
}
