//! Numeric IDs: Zoho sends them as strings of up to 19 digits (int64 in its OAS).

use std::fmt;

use serde::de::{self, Deserializer, Visitor};

use super::build_error::{BuildError, FieldPath};

/// The largest ID Zoho accepts (its IDs are signed 64-bit integers).
pub const MAX_ID: u64 = i64::MAX as u64;

/// Why a text is not an ID.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct IdError {
    input: String,
    reason: &'static str,
}

impl IdError {
    /// The text that was not an ID.
    pub fn input(&self) -> &str {
        &self.input
    }
}

impl fmt::Display for IdError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "invalid ID {:?}: {}", self.input, self.reason)
    }
}

impl std::error::Error for IdError {}

/// Parses an ID strictly: 1 to 19 ASCII digits without a sign or leading zeros, between 1
/// and [`MAX_ID`].
pub fn parse_id(text: &str) -> Result<u64, IdError> {
    let fail = |reason| IdError { input: text.to_owned(), reason };
    if let Some(reason) = non_canonical(text) {
        return Err(fail(reason));
    }
    match text.parse::<u64>() {
        Ok(0) => Err(fail("it must not be zero")),
        Ok(value) if value <= MAX_ID => Ok(value),
        _ => Err(fail("it must be at most 9223372036854775807")),
    }
}

/// Why `text` is not an ID written the one way Zoho writes it (decimal digits, no sign,
/// no leading zero), if it is not. `u64::from_str` alone would take `+1` and `0001`.
fn non_canonical(text: &str) -> Option<&'static str> {
    if text.is_empty() {
        Some("it is empty")
    } else if !text.bytes().all(|b| b.is_ascii_digit()) {
        Some("it must be decimal digits only")
    } else if text.len() > 1 && text.starts_with('0') {
        Some("it must not have leading zeros")
    } else {
        None
    }
}

/// Checks that an ID about to be sent is one Zoho can accept.
pub fn check_id(path: &FieldPath<'_>, value: u64) -> Result<(), BuildError> {
    if (1..=MAX_ID).contains(&value) {
        Ok(())
    } else {
        Err(BuildError::invalid(path, format!("must be between 1 and {MAX_ID}, got {value}")))
    }
}

/// Deserializes an ID sent either as a string of digits or as a JSON number.
///
/// The form is strict (a string must be decimal digits without a sign or leading zeros,
/// as [`parse_id`] asks), the value lenient on purpose: any unsigned 64-bit value is kept,
/// so that an unusual ID in an answer never makes the whole answer unreadable.
pub fn deserialize_id<'de, D: Deserializer<'de>>(deserializer: D) -> Result<u64, D::Error> {
    deserializer.deserialize_any(IdVisitor)
}

struct IdVisitor;

impl Visitor<'_> for IdVisitor {
    type Value = u64;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("an ID as a string of digits or a non-negative integer")
    }

    fn visit_u64<E: de::Error>(self, value: u64) -> Result<u64, E> {
        Ok(value)
    }

    fn visit_i64<E: de::Error>(self, value: i64) -> Result<u64, E> {
        u64::try_from(value).map_err(|_| E::invalid_value(de::Unexpected::Signed(value), &self))
    }

    fn visit_str<E: de::Error>(self, value: &str) -> Result<u64, E> {
        canonical_value(value).ok_or_else(|| E::invalid_value(de::Unexpected::Str(value), &self))
    }
}

/// The value of `text` if it is written the one way Zoho writes IDs and fits in a `u64`.
/// One pass over the digits: IDs are read in every answer, and `u64::from_str` checks each
/// digit of a 19-digit ID for overflow, then [`non_canonical`] would scan them again.
fn canonical_value(text: &str) -> Option<u64> {
    let bytes = text.as_bytes();
    if let [b'0', _, ..] | [] = bytes {
        return None;
    }
    // Up to 19 digits stay below 10^19 < u64::MAX, so only longer texts need checked steps.
    let (short, long) = bytes.split_at(bytes.len().min(19));
    let mut value: u64 = 0;
    for &byte in short {
        value = value * 10 + u64::from(digit(byte)?);
    }
    for &byte in long {
        value = value.checked_mul(10)?.checked_add(u64::from(digit(byte)?))?;
    }
    Some(value)
}

/// The value of an ASCII decimal digit.
fn digit(byte: u8) -> Option<u8> {
    let digit = byte.wrapping_sub(b'0');
    (digit <= 9).then_some(digit)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parse_accepts_zoho_ids_and_rejects_the_rest() {
        assert_eq!(parse_id("4150868000001191072"), Ok(4_150_868_000_001_191_072));
        assert_eq!(parse_id("9223372036854775807"), Ok(MAX_ID));
        for bad in ["", "0", "-1", "+5", "+1", "0001", "00", "12a", " 1", "9223372036854775808", "99999999999999999999"]
        {
            assert!(parse_id(bad).is_err(), "{bad:?} should be rejected");
        }
    }

    #[test]
    fn deserialize_takes_strings_and_numbers() {
        let from_text: Wrapper = serde_json::from_str(r#"{"id":"4150868000001148212"}"#).unwrap();
        let from_number: Wrapper = serde_json::from_str(r#"{"id":4150868000001148212}"#).unwrap();
        assert_eq!(from_text.id, 4_150_868_000_001_148_212);
        assert_eq!(from_number.id, from_text.id);
        assert!(serde_json::from_str::<Wrapper>(r#"{"id":"12x"}"#).is_err());
        assert!(serde_json::from_str::<Wrapper>(r#"{"id":-3}"#).is_err());
        assert!(serde_json::from_str::<Wrapper>(r#"{"id":""}"#).is_err());
        for bad in ["0001", "+1", "-1", " 1", "1 "] {
            let text = format!(r#"{{"id":"{bad}"}}"#);
            assert!(serde_json::from_str::<Wrapper>(&text).is_err(), "{bad:?} should be rejected");
        }
        let zero: Wrapper = serde_json::from_str(r#"{"id":"0"}"#).unwrap();
        assert_eq!(zero.id, 0, "an unusual value is kept; only the form is strict");
    }

    #[test]
    fn deserialize_accepts_exactly_the_canonical_form() {
        let texts = [
            "1",
            "9",
            "10",
            "0",
            "00",
            "01",
            "+0",
            "+1",
            "-0",
            "-1",
            "+",
            "-",
            "",
            "1+",
            "1-",
            "0+",
            "12a",
            "a12",
            "1 ",
            " 1",
            "1_0",
            "9223372036854775807",
            "18446744073709551615",
            "18446744073709551616",
            "+18446744073709551615",
            "099999999999999999999",
            "٣",
        ];
        for text in texts {
            let expected = non_canonical(text).is_none() && text.parse::<u64>().is_ok();
            let json = serde_json::to_string(&serde_json::json!({ "id": text })).unwrap();
            assert_eq!(serde_json::from_str::<Wrapper>(&json).is_ok(), expected, "{text:?}");
        }
    }

    #[derive(serde::Deserialize)]
    struct Wrapper {
        #[serde(deserialize_with = "deserialize_id")]
        id: u64,
    }
}
