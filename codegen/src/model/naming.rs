//! Rust names for spec names: one place for case conversion, keywords and leading digits.
//!
//! Wire names are never changed here: the emitters keep them with `#[serde(rename)]`.

use heck::{ToSnakeCase, ToUpperCamelCase};
use proc_macro2::{Ident, Span};

/// Rust's keywords, strict and reserved (2024 edition).
const KEYWORDS: &[&str] = &[
    "abstract", "as", "async", "await", "become", "box", "break", "const", "continue", "crate", "do", "dyn", "else",
    "enum", "extern", "false", "final", "fn", "for", "gen", "if", "impl", "in", "let", "loop", "macro", "match", "mod",
    "move", "mut", "override", "priv", "pub", "ref", "return", "self", "Self", "static", "struct", "super", "trait",
    "true", "try", "type", "typeof", "unsafe", "unsized", "use", "virtual", "where", "while", "yield",
];

/// Keywords that cannot be raw identifiers; they get a trailing underscore instead.
const NOT_RAW: &[&str] = &["crate", "self", "Self", "super", "_"];

/// The name of a type or enum variant: `UpperCamelCase`.
///
/// Words split at non-alphanumeric characters and case changes; digits on both sides of
/// a split keep an underscore, so `v2.1` becomes `V2_1`, not `V21`.
pub fn type_name(name: &str) -> String {
    let mut out = String::new();
    for piece in ascii_pieces(name) {
        let piece = piece.to_upper_camel_case();
        let digits_meet =
            out.ends_with(|c: char| c.is_ascii_digit()) && piece.starts_with(|c: char| c.is_ascii_digit());
        if digits_meet {
            out.push('_');
        }
        out.push_str(&piece);
    }
    finish(out)
}

/// The name of a field, parameter or method: `snake_case`.
pub fn field_name(name: &str) -> String {
    let joined = ascii_pieces(name).collect::<Vec<_>>().join("_");
    finish(joined.to_snake_case())
}

/// A method name made of a prefix and a field's Rust name, e.g. `set_x`, `get_type` for
/// `r#type` and `with_1st` for `_1st` (the raw mark and the leading underscore go).
pub fn prefixed(prefix: &str, rust: &str) -> String {
    format!("{prefix}{}", rust.trim_start_matches("r#").trim_start_matches('_'))
}

/// Whether `name` yields a Rust name at all (it has an ASCII letter or digit).
pub fn is_nameable(name: &str) -> bool {
    name.chars().any(|c| c.is_ascii_alphanumeric())
}

/// Whether `name` is already the `snake_case` name [`field_name`] would give.
pub fn is_snake_case(name: &str) -> bool {
    !name.is_empty() && field_name(name).trim_start_matches("r#") == name
}

/// The identifier for a name made by [`type_name`] or [`field_name`].
///
/// Keywords come out as raw identifiers (`r#type`); anything that is still not an
/// identifier (which the check stage prevents) becomes `__invalid` rather than a panic.
pub fn ident(name: &str) -> Ident {
    let span = Span::call_site();
    match name.strip_prefix("r#") {
        Some(raw) if is_identifier(raw) => Ident::new_raw(raw, span),
        None if is_identifier(name) => Ident::new(name, span),
        _ => Ident::new("__invalid", span),
    }
}

/// Splits at anything that is not an ASCII letter or digit.
fn ascii_pieces(name: &str) -> impl Iterator<Item = &str> {
    name.split(|c: char| !c.is_ascii_alphanumeric()).filter(|piece| !piece.is_empty())
}

/// Makes a converted name a usable identifier: keywords and leading digits.
fn finish(name: String) -> String {
    if name.is_empty() {
        return name;
    }
    if name.starts_with(|c: char| c.is_ascii_digit()) {
        return format!("_{name}");
    }
    if NOT_RAW.contains(&name.as_str()) {
        return format!("{name}_");
    }
    if KEYWORDS.contains(&name.as_str()) {
        return format!("r#{name}");
    }
    name
}

fn is_identifier(name: &str) -> bool {
    let mut chars = name.chars();
    let starts_well = chars.next().is_some_and(|c| c.is_ascii_alphabetic() || c == '_');
    starts_well && chars.all(|c| c.is_ascii_alphanumeric() || c == '_') && name != "_" && !NOT_RAW.contains(&name)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn type_names_keep_digit_boundaries() {
        assert_eq!(type_name("v2.1"), "V2_1");
        assert_eq!(type_name("v8"), "V8");
        assert_eq!(type_name("full_access"), "FullAccess");
        assert_eq!(type_name("OAUTH_SCOPE_MISMATCH"), "OauthScopeMismatch");
        assert_eq!(type_name("US"), "Us");
        assert_eq!(type_name("Price_Books"), "PriceBooks");
        assert_eq!(type_name("1st"), "_1st");
        assert_eq!(type_name("self"), "Self_");
        assert_eq!(type_name("---"), "");
    }

    #[test]
    fn field_names_handle_keywords_and_digits() {
        assert_eq!(field_name("sharedTo"), "shared_to");
        assert_eq!(field_name("type"), "r#type");
        assert_eq!(field_name("self"), "self_");
        assert_eq!(field_name("2fa"), "_2fa");
        assert_eq!(field_name("api-domain"), "api_domain");
        assert!(is_snake_case("record_id"));
        assert!(is_snake_case("type"));
        assert!(!is_snake_case("recordId"));
    }

    #[test]
    fn idents_never_panic() {
        assert_eq!(ident("r#type").to_string(), "r#type");
        assert_eq!(ident("Share").to_string(), "Share");
        assert_eq!(ident("").to_string(), "__invalid");
        assert_eq!(ident("r#self").to_string(), "__invalid");
        assert_eq!(ident("a b").to_string(), "__invalid");
    }
}
