//! The one module that knows which YAML library reads the spec.
//!
//! Swapping `serde_yaml` for a maintained fork means changing this file only: the rest of
//! the generator sees [`from_str`] and [`YamlError`].

use serde::de::DeserializeOwned;
use serde_yaml::Value;

use crate::diag::DocPath;

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

/// What reading into the spec's types does not show: a node with a YAML tag (`!!binary`,
/// `!custom`), which the typed reading drops silently, or a key or text with a character
/// no spec may hold (see [`super::text_guard`]), raw or written as an escape.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Oddity {
    /// The node at the path carries this tag.
    Tag(String),
    /// The key or text at the path holds this character, forbidden for this reason.
    Character(char, &'static str),
}

/// The first [`Oddity`] of the document, in document order, with the path of its node.
/// `None` also when the text does not read as YAML: the typed reading reports that.
pub fn first_oddity(text: &str) -> Option<(DocPath, Oddity)> {
    let value: Value = serde_yaml::from_str(text).ok()?;
    oddity_in(&value, &DocPath::root())
}

fn oddity_in(value: &Value, path: &DocPath) -> Option<(DocPath, Oddity)> {
    match value {
        Value::Tagged(tagged) => Some((path.clone(), Oddity::Tag(tagged.tag.to_string()))),
        Value::String(text) => character_in(text, path),
        Value::Sequence(items) => {
            items.iter().enumerate().find_map(|(index, item)| oddity_in(item, &path.index(index)))
        }
        Value::Mapping(entries) => entries.iter().find_map(|(key, value)| {
            let name = match key {
                Value::String(name) => name.clone(),
                other => serde_yaml::to_string(other).map(|text| text.trim().to_owned()).unwrap_or_default(),
            };
            let inner = path.key(&name);
            oddity_in(key, &inner).or_else(|| oddity_in(value, &inner))
        }),
        Value::Null | Value::Bool(_) | Value::Number(_) => None,
    }
}

fn character_in(text: &str, path: &DocPath) -> Option<(DocPath, Oddity)> {
    super::text_guard::first_forbidden(text).map(|(_, c, why)| (path.clone(), Oddity::Character(c, why)))
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
    // A number past 64 bits comes as "integer `18446744073709551616` as u128".
    let (value, too_large) = match value.split_once(" as ") {
        Some((number, _)) => (number, ", too large"),
        None => (value, ""),
    };
    let value = value.trim_matches('`');
    match kind {
        "string" => format!("the text {value}"),
        "integer" | "floating" => {
            format!("the number {}{too_large}", value.trim_start_matches("point ").trim_matches('`'))
        }
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
        #[derive(Debug, serde::Deserialize)]
        struct Size {
            #[allow(dead_code)]
            max_bytes: u64,
        }
        let err = from_str::<Size>("max_bytes: 18446744073709551616\n").unwrap_err();
        assert_eq!(err.message, "max_bytes: expected a whole number, found the number 18446744073709551616, too large");
        let err = from_str::<Doc>("- 1\n").unwrap_err();
        assert_eq!(err.message, "expected a mapping (keys and values), found a list");
    }

    #[test]
    fn tags_and_forbidden_characters_are_found_with_their_path() {
        let (path, oddity) = first_oddity("a: { b: !thing x }\n").unwrap();
        assert_eq!((path.to_string(), oddity), ("a.b".to_owned(), Oddity::Tag("!thing".to_owned())));
        let (path, oddity) = first_oddity("a: ok\nb: \"x\\u202Ey\"\n").unwrap();
        assert_eq!(path.to_string(), "b");
        assert!(matches!(oddity, Oddity::Character('\u{202E}', _)), "{oddity:?}");
        let (path, _) = first_oddity("a:\n  \"k\\0\": 1\n").unwrap();
        assert_eq!(path.to_string(), "a.k\0");
        assert_eq!(first_oddity("a: [1, x, {b: \"tab\\there\"}]\n"), None);
    }

    #[test]
    fn locations_are_dropped_wherever_they_are() {
        assert_eq!(strip_location("bad at line 4 column 7, while parsing"), "bad, while parsing");
        assert_eq!(strip_location("bad at line 4 column 7"), "bad");
        assert_eq!(strip_location("at line of sight"), "at line of sight");
    }
}
