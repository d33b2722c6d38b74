//! What the texts that reach URLs, scopes and headers may hold: pure checks, each giving
//! what is wrong in words, which the resolver reports at the key.

use crate::read::template::Part;

/// The characters a URL template's literal text may hold besides ASCII letters and digits:
/// RFC 3986's unreserved characters, sub-delimiters but the quote, `:`, `@` and `/`; `%`
/// only as an escape of two hex digits.
const URL_PUNCTUATION: &[u8] = b"-._~!$&()*+,;=:@/";

/// Checks the literal text and the placeholders of a URL template (a `base_url` or a
/// `path`): no `.` or `..` segment, only URL characters (no quotes, backslashes, spaces,
/// line breaks or non-ASCII), `%` only as a valid escape, each placeholder once, and at
/// most one placeholder in a segment.
pub fn url_template(parts: &[Part]) -> Result<(), String> {
    for part in parts {
        let Part::Literal(text) = part else { continue };
        let bytes = text.as_bytes();
        for (at, c) in text.char_indices() {
            if c == '%' {
                let escape = bytes.get(at + 1..at + 3);
                if !escape.is_some_and(|hex| hex.iter().all(u8::is_ascii_hexdigit)) {
                    let shown: String = text[at..].chars().take(3).collect();
                    return Err(format!("`{shown}` is not a `%` escape (a `%` and two hex digits)"));
                }
            } else if !(c.is_ascii_alphanumeric() || (c.is_ascii() && URL_PUNCTUATION.contains(&(c as u8)))) {
                return Err(format!("{} may not be in a URL", describe(c)));
            }
        }
    }
    let mut seen = Vec::new();
    // The template's segments, each as the placeholders it holds and its text.
    let mut segments: Vec<(usize, String)> = vec![(0, String::new())];
    for part in parts {
        match part {
            Part::Placeholder(name) => {
                if seen.contains(&name.as_str()) {
                    return Err(format!("`{{{name}}}` is in the template twice; each placeholder is once"));
                }
                seen.push(name);
                if let Some((count, text)) = segments.last_mut() {
                    *count += 1;
                    text.push_str(&format!("{{{name}}}"));
                }
            }
            Part::Literal(text) => {
                for (index, piece) in text.split('/').enumerate() {
                    if index > 0 {
                        segments.push((0, String::new()));
                    }
                    if let Some((_, segment)) = segments.last_mut() {
                        segment.push_str(piece);
                    }
                }
            }
        }
    }
    for (count, text) in &segments {
        if text == "." || text == ".." {
            return Err(format!("the segment `{text}` would move the URL; segments are not `.` or `..`"));
        }
        if *count > 1 {
            return Err(format!("the segment `{text}` holds {count} placeholders; a segment holds one at most"));
        }
    }
    Ok(())
}

/// An OAuth scope (RFC 6749 §3.3: `%x21 / %x23-5B / %x5D-7E`, so printable ASCII but the
/// space, `"` and `\`), without braces, which read as template placeholders, or a
/// backtick, which would end the code span the generated docs show each scope in.
pub fn scope_token(scope: &str) -> Result<(), String> {
    if scope.is_empty() {
        return Err("a scope is not empty".to_owned());
    }
    match scope.chars().find(|c| !matches!(*c as u32, 0x21 | 0x23..=0x5B | 0x5D..=0x7E) || matches!(c, '{' | '}' | '`'))
    {
        Some(c) => Err(format!("{} may not be in an OAuth scope (RFC 6749 §3.3; no braces or backticks)", describe(c))),
        None => Ok(()),
    }
}

/// A `source`: a page of Zoho's documentation (`https://` on a Zoho host, with URL
/// characters only and no `.` or `..` segment), `seed:FILE` (a file name),
/// `oas:PATH` (a relative path without `.` or `..` segments) or `constructed`.
pub fn source(source: &str) -> Result<(), String> {
    let path_piece = |piece: &str| {
        !piece.is_empty()
            && piece != "."
            && piece != ".."
            && piece.bytes().all(|b| b.is_ascii_alphanumeric() || b"._-".contains(&b))
    };
    if source == "constructed" {
        return Ok(());
    }
    if let Some(file) = source.strip_prefix("seed:") {
        return if path_piece(file) {
            Ok(())
        } else {
            Err(format!("`seed:` names a file of `tests/doc-pages/` (letters, digits, `.`, `_`, `-`), not `{file}`"))
        };
    }
    if let Some(path) = source.strip_prefix("oas:") {
        return if path.split('/').all(path_piece) {
            Ok(())
        } else {
            Err(format!("`oas:` names a relative path of plain segments (no `.` or `..`), not `{path}`"))
        };
    }
    let Some(rest) = source.strip_prefix("https://") else {
        return Err("expected a doc page's `https://` URL, `seed:FILE`, `oas:PATH` or `constructed`".to_owned());
    };
    let (host, path) = rest.split_once('/').unwrap_or((rest, ""));
    if !is_zoho_host(host) {
        return Err(format!("`{host}` is not a Zoho host (`zoho.com`, `www.zoho.com`, `help.zoho.eu`, …)"));
    }
    let path = path.split(['?', '#']).next().unwrap_or_default();
    url_template(&[Part::Literal(format!("/{path}"))]).map_err(|problem| format!("the URL is not plain: {problem}"))
}

/// `zoho.TLD` or a host below it (`www.zoho.com`, `help.zoho.com`, `www.zoho.wiki`):
/// labels of letters, digits and `-`, the one before the top-level domain(s) `zoho`.
fn is_zoho_host(host: &str) -> bool {
    let labels: Vec<&str> = host.split('.').collect();
    let label_ok = |label: &&str| {
        !label.is_empty() && label.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-') && !label.starts_with('-')
    };
    if !labels.iter().all(label_ok) {
        return false;
    }
    // `zoho` followed by one or two top-level labels of letters (`com`, `com.au`).
    labels.iter().position(|label| label.eq_ignore_ascii_case("zoho")).is_some_and(|at| {
        let tail = &labels[at + 1..];
        (1..=2).contains(&tail.len()) && tail.iter().all(|label| label.bytes().all(|b| b.is_ascii_lowercase()))
    })
}

/// A character as messages show it: `'"'`, or its code point when it is not printable.
fn describe(c: char) -> String {
    if c.is_ascii_graphic() {
        format!("`{c}`")
    } else if c == ' ' {
        "a space".to_owned()
    } else {
        format!("U+{:04X}", u32::from(c))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::read::template::parse;

    fn url(text: &str) -> Result<(), String> {
        url_template(&parse(text).unwrap())
    }

    #[test]
    fn url_templates_hold_plain_segments_and_each_placeholder_once() {
        assert_eq!(url("/{module}/{id}/actions/share"), Ok(()));
        assert_eq!(url("{api-domain}/crm/{version}"), Ok(()));
        assert_eq!(url("/a%20b/{id}.json"), Ok(()));
        for bad in [
            "/../x", "/a/./b", "/a/..", "/{a}/{a}", "/{a}{b}", "/{a}x{b}", "/a\"b", "/a'b", "/a\\b", "/a%2", "/a%zz",
            "/é", "/a\nb", "/a b",
        ] {
            assert!(url(bad).is_err(), "{bad:?}");
        }
        assert!(url("/{a}..").is_ok(), "a segment with a placeholder is not `..`");
    }

    #[test]
    fn scopes_are_rfc_6749_tokens_without_braces() {
        assert_eq!(scope_token("ZohoCRM.settings.ALL"), Ok(()));
        for bad in ["a\"b", "a\\b", "a{b", "a}b", "a`b", "a\0b", "a b", "", "é"] {
            assert!(scope_token(bad).is_err(), "{bad:?}");
        }
    }

    #[test]
    fn sources_are_zoho_pages_seed_files_or_oas_paths() {
        for good in [
            "constructed",
            "https://www.zoho.com/crm/developer/docs/api/v8/share-records.html",
            "https://zoho.com/crm/x.html#anchor",
            "https://help.zoho.com/portal/en/kb",
            "https://www.zoho.wiki/crm/developer/docs/api/v8/add-tags.html",
            "https://www.zoho.com.au/x",
            "seed:000_157f1ac2c4614c15.txt",
            "oas:v8.0/share_records.json",
        ] {
            assert_eq!(source(good), Ok(()), "{good}");
        }
        for bad in [
            "https://evil.example.com/x",
            "https://zoho.com.evil.example/x",
            "https://www.zoho.com/../x",
            "https://www.zoho.com/a\"b",
            "https://www.zoho.com/a'b",
            "seed:../secret",
            "seed:a/b",
            "seed:\"x\"",
            "oas:../x.json",
            "oas:/etc/x",
            "oas:v8.0/./x",
            "http://www.zoho.com/x",
        ] {
            assert!(source(bad).is_err(), "{bad}");
        }
    }
}
