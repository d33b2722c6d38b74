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
            message: strip_location(&err.to_string()),
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
    fn locations_are_dropped_wherever_they_are() {
        assert_eq!(strip_location("bad at line 4 column 7, while parsing"), "bad, while parsing");
        assert_eq!(strip_location("bad at line 4 column 7"), "bad");
        assert_eq!(strip_location("at line of sight"), "at line of sight");
    }
}
