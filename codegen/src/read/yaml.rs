//! The one module that knows which YAML library reads the spec.
//!
//! Swapping `serde_yaml` for a maintained fork means changing this file only: the rest of
//! the generator sees [`from_str`] and [`YamlError`].

use serde::de::DeserializeOwned;

/// A YAML syntax error, or a value of the wrong type, where the parser knows it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct YamlError {
    /// What is wrong, including the path inside the document when the parser knows it.
    pub message: String,
    /// The 1-based line, when known.
    pub line: Option<usize>,
    /// The 1-based column, when known.
    pub column: Option<usize>,
}

/// Reads a YAML document into `T`.
pub fn from_str<T: DeserializeOwned>(text: &str) -> Result<T, YamlError> {
    serde_yaml::from_str(text).map_err(|err| {
        let location = err.location();
        YamlError {
            message: in_spec_words(&strip_location(&err.to_string())),
            line: location.as_ref().map(serde_yaml::Location::line),
            column: location.as_ref().map(serde_yaml::Location::column),
        }
    })
}

/// `serde_yaml` puts " at line L column C" in its messages; the location is reported
/// separately, so it is dropped from the text.
fn strip_location(message: &str) -> String {
    let Some(at) = message.find(" at line ") else { return message.to_owned() };
    let rest = &message[at + " at line ".len()..];
    let digits = |text: &str| text.len() - text.trim_start_matches(|c: char| c.is_ascii_digit()).len();
    let line_digits = digits(rest);
    let Some(after_column) = rest[line_digits..].strip_prefix(" column ") else { return message.to_owned() };
    let column_digits = digits(after_column);
    if line_digits == 0 || column_digits == 0 {
        return message.to_owned();
    }
    format!("{}{}", &message[..at], &after_column[column_digits..])
}

/// serde's "invalid type: string \"x\", expected i64" in the spec format's words: "expected
/// a whole number, found the text \"x\"". Other messages are kept as they are.
fn in_spec_words(message: &str) -> String {
    let Some(at) = message.find("invalid type: ") else { return message.to_owned() };
    let (prefix, rest) = (&message[..at], &message[at + "invalid type: ".len()..]);
    let Some((found, expected)) = rest.split_once(", expected ") else { return message.to_owned() };
    format!("{prefix}expected {}, found {}", expected_words(expected), found_words(found))
}

/// What serde expected, as the spec format names it.
fn expected_words(expected: &str) -> String {
    let words = match expected.trim() {
        "i8" | "i16" | "i32" | "i64" | "u8" | "u16" | "u32" | "u64" | "usize" | "isize" | "an integer" => {
            "a whole number"
        }
        "f32" | "f64" | "a number" => "a number",
        "a boolean" | "bool" => "`true` or `false`",
        "a string" | "string" | "a borrowed string" => "text",
        "a sequence" => "a list",
        other if other.starts_with("struct ") || other == "a map" => "a mapping (keys and values)",
        other => other,
    };
    words.to_owned()
}

/// What serde found, as the spec format names it: `string "x"` is the text "x".
fn found_words(found: &str) -> String {
    let found = found.trim();
    let (kind, value) = found.split_once(' ').unwrap_or((found, ""));
    let value = value.trim_matches('`');
    match kind {
        "string" => format!("the text {value}"),
        "integer" | "floating" => format!("the number {}", value.trim_start_matches("point ").trim_matches('`')),
        "boolean" => format!("`{value}`"),
        "sequence" => "a list".to_owned(),
        "map" => "a mapping".to_owned(),
        "unit" => "nothing (an empty value)".to_owned(),
        _ => found.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug, serde::Deserialize)]
    struct Doc {
        #[allow(dead_code)]
        status: u16,
    }

    #[test]
    fn errors_carry_their_location_once() {
        let err = from_str::<Doc>("status: high\n").unwrap_err();
        assert_eq!(err.line, Some(1));
        assert!(err.column.is_some());
        assert!(!err.message.contains(" at line "), "{}", err.message);
        assert!(err.message.contains("status"), "{}", err.message);
    }

    #[test]
    fn types_are_named_in_the_spec_formats_words() {
        let err = from_str::<Doc>("status: four-oh-four\n").unwrap_err();
        assert_eq!(err.message, "status: expected a whole number, found the text \"four-oh-four\"");
        let err = from_str::<Doc>("status: [1]\n").unwrap_err();
        assert_eq!(err.message, "status: expected a whole number, found a list");
        let err = from_str::<Doc>("status: 1.5\n").unwrap_err();
        assert_eq!(err.message, "status: expected a whole number, found the number 1.5");
        let err = from_str::<Doc>("- 1\n").unwrap_err();
        assert_eq!(err.message, "expected a mapping (keys and values), found a list");
    }

    #[test]
    fn locations_are_dropped_wherever_they_are() {
        assert_eq!(strip_location("bad at line 4 column 7, while parsing"), "bad, while parsing");
        assert_eq!(strip_location("bad at line 4 column 7"), "bad");
        assert_eq!(strip_location("at line of sight"), "at line of sight");
    }
}
