//! Matching the documentation's sample URLs against the URL template.
//!
//! The check stage uses it to validate samples; conformance tests use it to read a sample
//! request's inputs (version, module, record ID, query) back out of its URL.

use std::collections::BTreeMap;

use crate::read::template::{API_DOMAIN, Part};

/// What a URL filled into the template.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct MatchedUrl {
    /// The URL's scheme and host (what `{api-domain}` stood for).
    pub base: String,
    /// The value of each placeholder, percent-decoded.
    pub placeholders: BTreeMap<String, String>,
    /// The path, from the first `/` after the host to the query.
    pub path: String,
    /// The query pairs in order, percent-decoded; empty pairs (a trailing `&`) dropped.
    pub query: Vec<(String, String)>,
}

impl MatchedUrl {
    /// The URL as a client sends it: the base, the path and the query pairs, with the
    /// empty pair of a trailing `&` (or a lone `?`) that some samples show dropped.
    pub fn normalized(&self) -> String {
        let query: Vec<String> = self.query.iter().map(|(key, value)| format!("{key}={value}")).collect();
        if query.is_empty() {
            format!("{}{}", self.base, self.path)
        } else {
            format!("{}{}?{}", self.base, self.path, query.join("&"))
        }
    }
}

/// Matches `url` against a parsed URL template that starts with `{api-domain}`.
pub fn match_url(parts: &[Part], url: &str) -> Result<MatchedUrl, String> {
    let (path_part, query) = url.split_once('?').unwrap_or((url, ""));
    let after_scheme = path_part.find("://").map(|at| at + 3).ok_or("it has no scheme")?;
    let path_start = path_part[after_scheme..].find('/').map_or(path_part.len(), |at| after_scheme + at);
    let mut matched = MatchedUrl {
        base: path_part[..path_start].to_owned(),
        path: path_part[path_start..].to_owned(),
        ..MatchedUrl::default()
    };
    let mut rest = matched.path.as_str();
    let mut parts = parts.iter().peekable();
    if parts.peek() == Some(&&Part::Placeholder(API_DOMAIN.to_owned())) {
        parts.next();
    }
    while let Some(part) = parts.next() {
        match part {
            Part::Literal(text) => {
                rest = rest.strip_prefix(text.as_str()).ok_or_else(|| format!("expected `{text}` at `{rest}`"))?
            }
            Part::Placeholder(name) => {
                let end = match parts.peek() {
                    Some(Part::Literal(next)) => {
                        rest.find(next.as_str()).ok_or_else(|| format!("expected `{next}` after `{{{name}}}`"))?
                    }
                    _ => rest.len(),
                };
                let value = &rest[..end];
                if value.is_empty() || value.contains('/') {
                    return Err(format!("`{{{name}}}` must be one non-empty path segment, found `{value}`"));
                }
                matched.placeholders.insert(name.clone(), percent_decode(value));
                rest = &rest[end..];
            }
        }
    }
    if !rest.is_empty() {
        return Err(format!("`{rest}` is left over after the template"));
    }
    matched.query = query
        .split('&')
        .filter(|pair| !pair.is_empty())
        .map(|pair| {
            let (name, value) = pair.split_once('=').unwrap_or((pair, ""));
            (percent_decode(name), percent_decode(value))
        })
        .collect();
    Ok(matched)
}

/// Decodes `%XX` escapes (and nothing else); malformed escapes are kept as they are.
fn percent_decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut at = 0;
    while at < bytes.len() {
        let escaped = (bytes[at] == b'%')
            .then(|| text.get(at + 1..at + 3))
            .flatten()
            .and_then(|hex| u8::from_str_radix(hex, 16).ok());
        match escaped {
            Some(byte) => {
                out.push(byte);
                at += 3;
            }
            None => {
                out.push(bytes[at]);
                at += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::read::template::parse;

    #[test]
    fn reads_inputs_back_out_of_a_sample_url() {
        let parts = parse("{api-domain}/crm/{version}/{module_api_name}/{record_id}/actions/share").unwrap();
        let matched = match_url(&parts, "https://www.zohoapis.com/crm/v2.1/Leads/3477061000005623115/actions/share?view=summary&sharedTo=3477061000000173021&").unwrap();
        assert_eq!(matched.base, "https://www.zohoapis.com");
        assert_eq!(matched.placeholders["version"], "v2.1");
        assert_eq!(matched.placeholders["module_api_name"], "Leads");
        assert_eq!(matched.placeholders["record_id"], "3477061000005623115");
        assert_eq!(matched.path, "/crm/v2.1/Leads/3477061000005623115/actions/share");
        assert_eq!(
            matched.query,
            [("view".to_owned(), "summary".to_owned()), ("sharedTo".to_owned(), "3477061000000173021".to_owned())]
        );
    }

    #[test]
    fn rejects_urls_that_do_not_fit() {
        let parts = parse("{api-domain}/crm/{version}/{record_id}/actions/share").unwrap();
        assert!(match_url(&parts, "https://x.com/crm/v2/1/actions/shares").is_err());
        assert!(match_url(&parts, "https://x.com/crm/v2//actions/share").is_err());
        assert!(match_url(&parts, "x.com/crm/v2/1/actions/share").is_err());
        assert_eq!(percent_decode("a%20b%zz"), "a b%zz");
    }
}
