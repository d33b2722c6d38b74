//! Lists that Zoho sometimes sends as one object.
//!
//! Some answers are documented with a list (`{"tags": [{…}]}`) in one version and a single
//! object (`{"tags": {…}}`) in another. A field marked `one_or_list` in the spec reads
//! either: a list as it is, an object as a list of one. Both are read straight from the
//! input, without a buffer in between.

use std::fmt;
use std::marker::PhantomData;

use serde::de::value::MapAccessDeserializer;
use serde::de::{Deserialize, Deserializer, MapAccess, SeqAccess, Visitor};

/// Reads a list, or one object as a list of one; for `#[serde(deserialize_with)]` on
/// generated fields.
pub fn one_or_list<'de, D, T>(deserializer: D) -> Result<Vec<T>, D::Error>
where
    D: Deserializer<'de>,
    T: Deserialize<'de>,
{
    deserializer.deserialize_any(OneOrList(PhantomData))
}

/// [`one_or_list`] for an optional field: `null` is `None`.
pub fn one_or_list_option<'de, D, T>(deserializer: D) -> Result<Option<Vec<T>>, D::Error>
where
    D: Deserializer<'de>,
    T: Deserialize<'de>,
{
    deserializer.deserialize_option(OptionalOneOrList(PhantomData))
}

struct OneOrList<T>(PhantomData<T>);

impl<'de, T: Deserialize<'de>> Visitor<'de> for OneOrList<T> {
    type Value = Vec<T>;

    fn expecting(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        formatter.write_str("a list, or one object")
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Vec<T>, A::Error> {
        // The hint comes from the input: cap it, so that a hostile length allocates nothing.
        let mut items = Vec::with_capacity(seq.size_hint().unwrap_or(0).min(1024));
        while let Some(item) = seq.next_element()? {
            items.push(item);
        }
        Ok(items)
    }

    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Vec<T>, A::Error> {
        T::deserialize(MapAccessDeserializer::new(map)).map(|item| vec![item])
    }
}

struct OptionalOneOrList<T>(PhantomData<T>);

impl<'de, T: Deserialize<'de>> Visitor<'de> for OptionalOneOrList<T> {
    type Value = Option<Vec<T>>;

    fn expecting(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        formatter.write_str("null, a list, or one object")
    }

    fn visit_none<E: serde::de::Error>(self) -> Result<Self::Value, E> {
        Ok(None)
    }

    fn visit_unit<E: serde::de::Error>(self) -> Result<Self::Value, E> {
        Ok(None)
    }

    fn visit_some<D: Deserializer<'de>>(self, deserializer: D) -> Result<Self::Value, D::Error> {
        one_or_list(deserializer).map(Some)
    }
}

#[cfg(test)]
mod tests {
    use serde::Deserialize;

    #[derive(Debug, Deserialize, PartialEq)]
    struct Item {
        id: u32,
    }

    #[derive(Debug, Deserialize, PartialEq)]
    struct Answer {
        #[serde(deserialize_with = "super::one_or_list")]
        items: Vec<Item>,
        #[serde(default, deserialize_with = "super::one_or_list_option")]
        more: Option<Vec<Item>>,
    }

    fn read(text: &str) -> Result<Answer, serde_json::Error> {
        serde_json::from_str(text)
    }

    #[test]
    fn a_list_or_one_object_reads_as_a_list() {
        let answer = read(r#"{"items": [{"id": 1}, {"id": 2}], "more": {"id": 3}}"#).unwrap();
        assert_eq!(answer.items, [Item { id: 1 }, Item { id: 2 }]);
        assert_eq!(answer.more, Some(vec![Item { id: 3 }]));
        assert_eq!(read(r#"{"items": {"id": 1}}"#).unwrap().items, [Item { id: 1 }]);
        assert_eq!(read(r#"{"items": [], "more": null}"#).unwrap().more, None);
        assert_eq!(read(r#"{"items": []}"#).unwrap().more, None);
    }

    #[test]
    fn anything_else_is_refused() {
        for text in [r#"{"items": 1}"#, r#"{"items": "x"}"#, r#"{"items": null}"#, r#"{"items": {"id": "x"}}"#] {
            let error = read(text).unwrap_err();
            assert!(error.is_data(), "{text}: {error}");
        }
    }
}
