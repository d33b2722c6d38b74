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
/// One pass over the digits, eight at a time: IDs are read in every answer, and
/// `u64::from_str` checks each digit of a 19-digit ID for overflow, then [`non_canonical`]
/// would scan them again.
fn canonical_value(text: &str) -> Option<u64> {
    let bytes = text.as_bytes();
    if let [b'0', _, ..] | [] = bytes {
        return None;
    }
    // Up to 19 digits stay below 10^19 < u64::MAX, so only longer texts need checked steps.
    let (short, long) = bytes.split_at(bytes.len().min(19));
    let mut chunks = short.chunks_exact(8);
    let mut value: u64 = 0;
    for chunk in &mut chunks {
        value = value * 100_000_000 + eight_digits(chunk)?;
    }
    for &byte in chunks.remainder() {
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

/// The value of eight ASCII decimal digits, read as one word (the first digit in the lowest
/// byte) and combined in three steps: pairs, then fours, then all eight. No step carries
/// from one lane into the next, since each lane holds at most 99, 9999 or 99999999.
fn eight_digits(chunk: &[u8]) -> Option<u64> {
    const HIGH: u64 = 0xF0F0_F0F0_F0F0_F0F0;
    const ZEROS: u64 = 0x3030_3030_3030_3030;
    let word = u64::from_le_bytes(chunk.try_into().ok()?);
    // A digit is 0x30 to 0x39: its high half is 3, and adding 6 leaves it 3.
    if word & HIGH != ZEROS || word.wrapping_add(0x0606_0606_0606_0606) & HIGH != ZEROS {
        return None;
    }
    let digits = word - ZEROS;
    let pairs = (digits.wrapping_mul(10) + (digits >> 8)) & 0x00FF_00FF_00FF_00FF;
    let fours = (pairs.wrapping_mul(100) + (pairs >> 16)) & 0x0000_FFFF_0000_FFFF;
    Some((fours.wrapping_mul(10_000) + (fours >> 32)) & 0xFFFF_FFFF)
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

    #[test]
    fn the_fast_reading_agrees_with_the_standard_one() {
        let expected = |text: &str| if non_canonical(text).is_none() { text.parse::<u64>().ok() } else { None };
        let mut texts: Vec<String> = ["18446744073709551615", "18446744073709551616", "9999999999999999999"]
            .into_iter()
            .map(str::to_owned)
            .collect();
        texts.extend((1..=22).map(|len| "9".repeat(len)));
        texts.extend((1..=22).map(|len| format!("1{}", "0".repeat(len - 1))));
        // Mostly digits, now and then a byte next to them in ASCII or far from them.
        let alphabet = b"0123456789012345678901234567890123456789/:+- a\xff";
        let mut state: u64 = 0x2545_F491_4F6C_DD1D;
        let mut next = move || {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            state
        };
        for _ in 0..200_000 {
            let len = usize::try_from(next() % 23).unwrap();
            let text: Vec<u8> = (0..len).map(|_| alphabet[usize::try_from(next()).unwrap() % alphabet.len()]).collect();
            texts.push(String::from_utf8_lossy(&text).into_owned());
        }
        for text in &texts {
            assert_eq!(canonical_value(text), expected(text), "{text:?}");
        }
    }

    #[derive(serde::Deserialize)]
    struct Wrapper {
        #[serde(deserialize_with = "deserialize_id")]
        id: u64,
    }
}
