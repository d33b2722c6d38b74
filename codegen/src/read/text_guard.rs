//! Characters no text of a spec may hold, and the spec's line breaks.
//!
//! Every text of a spec can reach generated code: doc comments, string literals, error
//! messages. A control character other than a tab or a line break, or a code point that
//! changes the direction text is shown in ("trojan source": rustc's
//! `text_direction_codepoint_in_comment` and `text_direction_codepoint_in_literal` deny
//! them), would either break the generated crate or make it read differently from what it
//! does; so they are refused where the spec holds them, never escaped.

use std::borrow::Cow;

/// Why `c` may not be in a spec's text, if it may not.
pub fn forbidden(c: char) -> Option<&'static str> {
    match c {
        '\t' | '\n' | '\r' => None,
        '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' | '\u{200E}' | '\u{200F}' | '\u{061C}' => {
            Some("a text-direction control character, the \"trojan source\" kind")
        }
        '\u{2028}' | '\u{2029}' => Some("a line or paragraph separator that Rust does not read as a line break"),
        c if c.is_control() => Some("a control character"),
        _ => None,
    }
}

/// The first forbidden character of `text`: its byte offset, the character and why.
pub fn first_forbidden(text: &str) -> Option<(usize, char, &'static str)> {
    text.char_indices().find_map(|(at, c)| forbidden(c).map(|why| (at, c, why)))
}

/// How a forbidden character is named in messages: `U+202E`.
pub fn code_point(c: char) -> String {
    format!("U+{:04X}", u32::from(c))
}

/// The text with each lone carriage return (a line break in YAML, as in old Mac files)
/// made a line feed. A CR is one byte like an LF, so every line and column stays where it
/// was; CRLF pairs are kept, the reader and the locator take them as one break.
pub fn line_breaks(text: &str) -> Cow<'_, str> {
    let bytes = text.as_bytes();
    let lone = |at: usize| bytes[at] == b'\r' && bytes.get(at + 1) != Some(&b'\n');
    if !(0..bytes.len()).any(lone) {
        return Cow::Borrowed(text);
    }
    let normalized: Vec<u8> = (0..bytes.len()).map(|at| if lone(at) { b'\n' } else { bytes[at] }).collect();
    // Only ASCII bytes were swapped for ASCII bytes: still UTF-8.
    Cow::Owned(String::from_utf8(normalized).unwrap_or_else(|_| text.to_owned()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn direction_and_control_characters_are_forbidden_tabs_and_breaks_are_not() {
        for c in ['\u{202A}', '\u{202E}', '\u{2066}', '\u{2069}', '\u{200F}', '\u{0}', '\u{7}', '\u{1b}', '\u{85}'] {
            assert!(forbidden(c).is_some(), "{}", code_point(c));
        }
        for c in ['\t', '\n', '\r', 'a', 'é', '—', '\u{feff}'] {
            assert_eq!(forbidden(c), None, "{}", code_point(c));
        }
        assert_eq!(first_forbidden("ab\u{202E}c").map(|(at, c, _)| (at, c)), Some((2, '\u{202E}')));
    }

    #[test]
    fn lone_carriage_returns_become_line_feeds_in_place() {
        assert_eq!(line_breaks("a: 1\rb: 2\r"), "a: 1\nb: 2\n");
        assert_eq!(line_breaks("a: 1\r\nb: 2\r\n"), "a: 1\r\nb: 2\r\n");
        assert!(matches!(line_breaks("a: 1\n"), Cow::Borrowed(_)));
        assert_eq!(line_breaks("a\r\r\nb"), "a\n\r\nb");
    }
}
